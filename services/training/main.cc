// jstedu-training: the training service (see README.md).
#include <iostream>

#include "absl/time/clock.h"
#include "common/grpc/service_host.h"
#include "common/runtime/signals.h"
#include "services/training/advisory_projection.h"
#include "services/training/migrations.h"
#include "services/training/roster_projection.h"
#include "services/training/store/training_store.h"
#include "services/training/training_service.h"

int main(int argc, char** argv) {
  if (jstedu::config::AskedForEnvNames(argc, argv)) {
    return jstedu::config::PrintEnvNames(
        [](jstedu::config::Env& env) {
          jstedu::grpcutil::ReadServiceConfig(env, "training", 50052, 9102);
        },
        std::cout);
  }
  jstedu::runtime::BlockTerminationSignals();
  auto config =
      jstedu::grpcutil::LoadServiceConfigOrExit("training", 50052, 9102);
  jstedu::grpcutil::ServiceHost host(config, jstedu::training::Migrations());
  jstedu::training::TrainingStore store(host.pool());
  jstedu::training::CalendarFeedStore feeds(host.pool());
  jstedu::training::TrainingServiceImpl service(store, feeds,
                                                [] { return absl::Now(); });
  host.AddService(&service);
  // Rosters follow recruitment (qualified JSTs and their representatives).
  host.AddConsumer("recruitment", jstedu::training::ApplyRecruitmentEvent);
  // Task reviewers follow advisory (each case's guardian). Same consumer
  // group "training" on another stream; inbox rows are keyed by event id.
  host.AddConsumer("advisory", jstedu::training::ApplyAdvisoryEvent);
  return jstedu::grpcutil::RunUntilTerminated(host);
}
