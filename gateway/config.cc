#include "gateway/config.h"

#include "absl/strings/str_cat.h"

namespace jstedu::gateway {
namespace {

struct ServiceSetting {
  const char* service;
  const char* variable;
  const char* fallback;
};

constexpr ServiceSetting kServices[] = {
    {"jstedu.recruitment.v1.RecruitmentService", "JSTEDU_RECRUITMENT_ADDR",
     "127.0.0.1:50051"},
    {"jstedu.training.v1.TrainingService", "JSTEDU_TRAINING_ADDR",
     "127.0.0.1:50052"},
    {"jstedu.advisory.v1.AdvisoryService", "JSTEDU_ADVISORY_ADDR",
     "127.0.0.1:50053"},
    {"jstedu.reporting.v1.ReportingService", "JSTEDU_REPORTING_ADDR",
     "127.0.0.1:50054"},
};

}  // namespace

absl::StatusOr<GatewayConfig> LoadConfig(config::Env& env) {
  using std::chrono::seconds;
  GatewayConfig config;
  config.http.listen = env.HostPort("JSTEDU_HTTP_LISTEN", "127.0.0.1:8080");
  config.http.threads =
      static_cast<int>(env.Int("JSTEDU_HTTP_THREADS", 2, 1, 64));
  config.admin_listen = env.HostPort("JSTEDU_ADMIN_LISTEN", "127.0.0.1:9100");
  for (const ServiceSetting& setting : kServices) {
    config.upstreams.push_back(
        {setting.service, env.HostPort(setting.variable, setting.fallback)});
  }
  config.upstream_deadline =
      env.Duration("JSTEDU_UPSTREAM_DEADLINE", seconds(5));
  config.shutdown_grace = env.Duration("JSTEDU_SHUTDOWN_GRACE", seconds(10));
  config.log_level = log::ParseLevel(env.OneOf(
      "JSTEDU_LOG_LEVEL", "info", {"debug", "info", "warn", "error"}));
  absl::Status status = env.Check();
  if (config.upstream_deadline.count() <= 0) {
    status = absl::InvalidArgumentError(
        absl::StrCat(status.ok() ? "bad configuration: "
                                 : absl::StrCat(status.message(), "; "),
                     "JSTEDU_UPSTREAM_DEADLINE: must be above 0"));
  }
  if (!status.ok()) return status;
  return config;
}

std::vector<std::string> ServiceNames(const GatewayConfig& config) {
  std::vector<std::string> names;
  for (const auto& upstream : config.upstreams)
    names.push_back(upstream.service);
  return names;
}

}  // namespace jstedu::gateway
