// jstedu-advisory: the advisory service (see README.md).
#include <iostream>

#include "common/grpc/service_host.h"
#include "common/metrics/build_revision.h"
#include "common/runtime/signals.h"
#include "services/advisory/advisory_service.h"
#include "services/advisory/migrations.h"
#include "services/advisory/recruitment_events.h"

int main(int argc, char** argv) {
  // The operators' commands (docs/operations.md).
  if (auto status =
          jstedu::grpcutil::RunOperatorCommand(argc, argv, "advisory")) {
    return *status;
  }
  if (jstedu::config::AskedForEnvNames(argc, argv)) {
    return jstedu::config::PrintEnvNames(
        [](jstedu::config::Env& env) {
          jstedu::grpcutil::ReadServiceConfig(env, "advisory", 50053, 9103);
        },
        std::cout);
  }
  jstedu::runtime::BlockTerminationSignals();
  auto config =
      jstedu::grpcutil::LoadServiceConfigOrExit("advisory", 50053, 9103);
  config.revision = jstedu::metrics::BuildRevision();
  jstedu::grpcutil::ServiceHost host(config, jstedu::advisory::Migrations());
  jstedu::advisory::AdvisoryServiceImpl service(host.pool(),
                                                jstedu::SystemClock());
  host.AddService(&service);
  // Cases open and close with recruitment's qualifications and withdrawals.
  host.AddConsumer("recruitment", jstedu::advisory::ApplyRecruitmentEvent);
  return jstedu::grpcutil::RunUntilTerminated(host);
}
