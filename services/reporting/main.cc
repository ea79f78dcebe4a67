// jstedu-reporting: the reporting service (see README.md).
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/config/env.h"
#include "common/grpc/service_host.h"
#include "common/metrics/build_revision.h"
#include "common/runtime/signals.h"
#include "common/time/clock.h"
#include "services/reporting/export/sl2014.h"
#include "services/reporting/migrations.h"
#include "services/reporting/projection.h"
#include "services/reporting/reporting_service.h"
#include "services/reporting/store/counts_store.h"

namespace {

struct ReportingConfig {
  jstedu::reporting::SourceAddresses sources;
  std::string hmac_key_file;
  std::string hmac_key;
};

// Reporting's own variables (beside the shared service ones).
ReportingConfig ReadReportingConfig(jstedu::config::Env& env) {
  ReportingConfig config;
  config.sources.recruitment = env.GrpcTarget("JSTEDU_RECRUITMENT_ADDR");
  config.sources.training = env.GrpcTarget("JSTEDU_TRAINING_ADDR");
  config.sources.advisory = env.GrpcTarget("JSTEDU_ADVISORY_ADDR");
  config.hmac_key_file = env.String("JSTEDU_EXPORT_HMAC_KEY_FILE");
  return config;
}

// The source services' addresses and the export key; exits with code 2
// naming every bad variable.
ReportingConfig LoadReportingConfigOrExit() {
  jstedu::config::Env env;
  ReportingConfig config = ReadReportingConfig(env);
  jstedu::config::ExitIfInvalid(env.Check());
  std::ifstream in(config.hmac_key_file, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  config.hmac_key = bytes.str();
  if (!in || config.hmac_key.size() <
                 jstedu::reporting::exportfmt::kMinPseudonymKeyBytes) {
    jstedu::config::ExitIfInvalid(absl::InvalidArgumentError(
        "JSTEDU_EXPORT_HMAC_KEY_FILE: must name a readable file of at least "
        "32 bytes (the export pseudonymisation key)"));
  }
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  // The operators' commands (docs/operations.md).
  if (auto status =
          jstedu::grpcutil::RunOperatorCommand(argc, argv, "reporting")) {
    return *status;
  }
  if (jstedu::config::AskedForEnvNames(argc, argv)) {
    return jstedu::config::PrintEnvNames(
        [](jstedu::config::Env& env) {
          jstedu::grpcutil::ReadServiceConfig(env, "reporting", 50054, 9104);
          ReadReportingConfig(env);
        },
        std::cout);
  }
  jstedu::runtime::BlockTerminationSignals();
  auto config =
      jstedu::grpcutil::LoadServiceConfigOrExit("reporting", 50054, 9104);
  config.revision = jstedu::metrics::BuildRevision();
  const ReportingConfig reporting = LoadReportingConfigOrExit();
  jstedu::grpcutil::ServiceHost host(config, jstedu::reporting::Migrations());
  // Facts projected before the maintained counts existed (migration 0003)
  // are counted before the service first reports SERVING.
  host.AddStartupTask("reporting_counts", [&host] {
    return jstedu::reporting::RebuildCounts(host.pool());
  });
  jstedu::reporting::Sources sources(reporting.sources);
  jstedu::reporting::ReportingServiceImpl service(
      host.pool(), sources, reporting.hmac_key, jstedu::SystemClock());
  host.AddService(&service);
  using jstedu::reporting::ProjectionHandler;
  host.AddConsumer("recruitment", [] {
    return ProjectionHandler(jstedu::reporting::ApplyRecruitmentEvent);
  });
  host.AddConsumer("training", [] {
    return ProjectionHandler(jstedu::reporting::ApplyTrainingEvent);
  });
  host.AddConsumer("advisory", [] {
    return ProjectionHandler(jstedu::reporting::ApplyAdvisoryEvent);
  });
  return jstedu::grpcutil::RunUntilTerminated(host);
}
