// jstedu-reporting: the reporting service (see README.md).
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/config/env.h"
#include "common/grpc/service_host.h"
#include "common/runtime/signals.h"
#include "services/reporting/export/sl2014.h"
#include "services/reporting/migrations.h"
#include "services/reporting/projection.h"
#include "services/reporting/reporting_service.h"

namespace {

struct ReportingConfig {
  jstedu::reporting::SourceAddresses sources;
  std::string hmac_key;
};

// The source services' addresses and the export key; exits with code 2
// naming every bad variable.
ReportingConfig LoadReportingConfigOrExit() {
  jstedu::config::Env env;
  ReportingConfig config;
  config.sources.recruitment = env.HostPort("JSTEDU_RECRUITMENT_ADDR");
  config.sources.training = env.HostPort("JSTEDU_TRAINING_ADDR");
  config.sources.advisory = env.HostPort("JSTEDU_ADVISORY_ADDR");
  const std::string key_file = env.String("JSTEDU_EXPORT_HMAC_KEY_FILE");
  absl::Status status = env.Check();
  std::string problem = status.ok() ? "" : std::string(status.message());
  if (status.ok()) {
    std::ifstream in(key_file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    config.hmac_key = bytes.str();
    if (!in || config.hmac_key.size() <
                   jstedu::reporting::exportfmt::kMinPseudonymKeyBytes) {
      problem =
          "JSTEDU_EXPORT_HMAC_KEY_FILE: must name a readable file of "
          "at least 32 bytes (the export pseudonymisation key)";
    }
  }
  if (!problem.empty()) {
    std::cerr << "jstedu-reporting: bad configuration: " << problem << "\n";
    std::exit(2);
  }
  return config;
}

}  // namespace

int main() {
  jstedu::runtime::BlockTerminationSignals();
  auto config =
      jstedu::grpcutil::LoadServiceConfigOrExit("reporting", 50054, 9104);
  const ReportingConfig reporting = LoadReportingConfigOrExit();
  jstedu::grpcutil::ServiceHost host(config, jstedu::reporting::Migrations());
  jstedu::reporting::Sources sources(reporting.sources);
  jstedu::reporting::ReportingServiceImpl service(
      host.pool(), sources, reporting.hmac_key, [] { return absl::Now(); });
  host.AddService(&service);
  host.AddConsumer("recruitment", jstedu::reporting::ApplyRecruitmentEvent);
  host.AddConsumer("training", jstedu::reporting::ApplyTrainingEvent);
  host.AddConsumer("advisory", jstedu::reporting::ApplyAdvisoryEvent);
  return jstedu::grpcutil::RunUntilTerminated(host);
}
