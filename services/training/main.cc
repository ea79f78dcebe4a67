// jstedu-training: the training service (see README.md).
#include <iostream>

#include "common/config/env.h"
#include "common/grpc/service_host.h"
#include "common/metrics/build_revision.h"
#include "common/runtime/signals.h"
#include "common/time/clock.h"
#include "services/training/advisory_projection.h"
#include "services/training/migrations.h"
#include "services/training/roster_projection.h"
#include "services/training/store/stores.h"
#include "services/training/training_service.h"

namespace {

// How often reads of calendar feeds past their retention are deleted.
constexpr std::chrono::hours kFeedReadCleanupInterval{1};

// JSTEDU_FEED_READ_RETENTION_DAYS: how long a read of a calendar feed is
// kept in the audit (calendar_feed_read), 30..3650 days, default 400.
absl::Duration ReadFeedReadRetention(jstedu::config::Env& env) {
  return absl::Hours(24) *
         env.Int("JSTEDU_FEED_READ_RETENTION_DAYS", 400, 30, 3650);
}

// The retention from the process environment; exits with code 2 when bad.
absl::Duration LoadFeedReadRetentionOrExit() {
  jstedu::config::Env env;
  const absl::Duration retention = ReadFeedReadRetention(env);
  jstedu::config::ExitIfInvalid(env.Check());
  return retention;
}

}  // namespace

int main(int argc, char** argv) {
  // The operators' commands (docs/operations.md).
  if (auto status =
          jstedu::grpcutil::RunOperatorCommand(argc, argv, "training")) {
    return *status;
  }
  if (jstedu::config::AskedForEnvNames(argc, argv)) {
    return jstedu::config::PrintEnvNames(
        [](jstedu::config::Env& env) {
          jstedu::grpcutil::ReadServiceConfig(env, "training", 50052, 9102);
          ReadFeedReadRetention(env);
        },
        std::cout);
  }
  jstedu::runtime::BlockTerminationSignals();
  auto config =
      jstedu::grpcutil::LoadServiceConfigOrExit("training", 50052, 9102);
  config.revision = jstedu::metrics::BuildRevision();
  const absl::Duration feed_read_retention = LoadFeedReadRetentionOrExit();
  jstedu::grpcutil::ServiceHost host(config, jstedu::training::Migrations());
  jstedu::training::TrainingStores stores(host.pool());
  const jstedu::Clock clock = jstedu::SystemClock();
  jstedu::training::TrainingServiceImpl service(stores, clock);
  host.AddService(&service);
  host.AddCleanupTask(
      "calendar_feed_reads", kFeedReadCleanupInterval,
      [&stores, &clock, feed_read_retention] {
        return stores.feeds.DeleteReadsBefore(clock() - feed_read_retention);
      });
  // Rosters follow recruitment (qualified JSTs and their representatives).
  host.AddConsumer("recruitment", jstedu::training::ApplyRecruitmentEvent);
  // Task reviewers follow advisory (each case's guardian). Same consumer
  // group "training" on another stream; inbox rows are keyed by event id.
  host.AddConsumer("advisory", jstedu::training::ApplyAdvisoryEvent);
  return jstedu::grpcutil::RunUntilTerminated(host);
}
