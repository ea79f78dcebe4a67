// jstedu-notifications: the notifications service (see README.md).
#include <iostream>

#include "common/grpc/service_host.h"
#include "common/metrics/build_revision.h"
#include "common/runtime/signals.h"
#include "common/time/clock.h"
#include "services/notifications/migrations.h"
#include "services/notifications/schedule_handler.h"

int main(int argc, char** argv) {
  // The operators' commands (docs/operations.md).
  if (auto status =
          jstedu::grpcutil::RunOperatorCommand(argc, argv, "notifications")) {
    return *status;
  }
  if (jstedu::config::AskedForEnvNames(argc, argv)) {
    return jstedu::config::PrintEnvNames(
        [](jstedu::config::Env& env) {
          jstedu::grpcutil::ReadServiceConfig(env, "notifications", 50055,
                                              9105);
        },
        std::cout);
  }
  jstedu::runtime::BlockTerminationSignals();
  auto config =
      jstedu::grpcutil::LoadServiceConfigOrExit("notifications", 50055, 9105);
  config.revision = jstedu::metrics::BuildRevision();
  jstedu::grpcutil::ServiceHost host(config,
                                     jstedu::notifications::Migrations());
  const jstedu::notifications::Planner planner(jstedu::SystemClock());
  // Sending (store/sender.h) waits for the addresses (issue 23, slice 5):
  // until then the service plans and keeps its schedule only.
  // The schedule follows the three producers' events; one consumer group
  // "notifications" per stream, inbox rows keyed by event id.
  for (const char* producer : {"recruitment", "training", "advisory"}) {
    host.AddConsumer(producer, [&planner] {
      return jstedu::notifications::ScheduleHandler(planner);
    });
  }
  return jstedu::grpcutil::RunUntilTerminated(host);
}
