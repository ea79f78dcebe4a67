// jstedu-notifications: the notifications service (see README.md).
//
//   jstedu-notifications backfill [--page-size N]
//       the owners' facts as they stand now, then the schedule planned
//       from them (backfill.h; docs/operations.md); N rows a page (1..500,
//       default 500)
#include <iostream>

#include "absl/strings/numbers.h"
#include "common/config/env.h"
#include "common/events/migrations.h"
#include "common/grpc/channel.h"
#include "common/grpc/service_host.h"
#include "common/metrics/build_revision.h"
#include "common/pg/transaction.h"
#include "common/runtime/signals.h"
#include "common/time/clock.h"
#include "services/notifications/address_book.h"
#include "services/notifications/backfill.h"
#include "services/notifications/migrations.h"
#include "services/notifications/notifications_service.h"
#include "services/notifications/schedule_handler.h"
#include "services/notifications/smtp_client.h"
#include "services/notifications/store/sender.h"

namespace {

// How often the sender looks for what is due. A round handles up to a
// batch; full rounds follow each other at once, up to kMaxRounds a tick.
constexpr std::chrono::seconds kSendInterval(10);
constexpr int kMaxRounds = 20;
// Each coordinator's next weekly digest is planned this often (the week's
// row once the previous Monday is over; store/planner.h, PlanDigests).
constexpr std::chrono::minutes kDigestPlanInterval(15);
// How long one address read may take.
constexpr std::chrono::seconds kRegistryTimeout(5);
// How long one page of the backfill's reads may take.
constexpr std::chrono::seconds kBackfillPageTimeout(60);

struct NotificationsConfig {
  // The address registries: recruitment (people, the account directory)
  // and advisory (the experts' accounts); with training, the owners the
  // backfill reads.
  std::string recruitment;
  std::string advisory;
  std::string training;
  jstedu::notifications::SmtpSettings smtp;
  // The console's address, for the messages' "see more" line ("" for
  // none).
  std::string console_url;
};

// The service's own variables (beside the shared service ones).
NotificationsConfig ReadNotificationsConfig(jstedu::config::Env& env) {
  NotificationsConfig config;
  config.recruitment = env.GrpcTarget("JSTEDU_RECRUITMENT_ADDR");
  config.advisory = env.GrpcTarget("JSTEDU_ADVISORY_ADDR");
  // Only the backfill reads training: the service starts without it.
  config.training = env.GrpcTarget("JSTEDU_TRAINING_ADDR", "");
  config.smtp = jstedu::notifications::ReadSmtpSettings(env);
  config.console_url = env.String("JSTEDU_CONSOLE_URL", "");
  return config;
}

// Exits with code 2 naming every bad variable.
NotificationsConfig LoadNotificationsConfigOrExit() {
  jstedu::config::Env env;
  NotificationsConfig config = ReadNotificationsConfig(env);
  jstedu::config::ExitIfInvalid(env.Check());
  auto smtp = jstedu::notifications::LoadSmtpSettings(config.smtp);
  jstedu::config::ExitIfInvalid(smtp.status());
  config.smtp = *std::move(smtp);
  return config;
}

// `jstedu-notifications backfill`: prints what it read as one JSON line;
// exit 1 naming the first failure (running it again finishes the work),
// 2 for a bad argument or setting.
int RunBackfill(int argc, char** argv) {
  int page_size = jstedu::notifications::Backfill::kMaxPageSize;
  if (argc == 4 && std::string(argv[2]) == "--page-size") {
    if (!absl::SimpleAtoi(absl::string_view(argv[3]), &page_size) ||
        page_size < 1 ||
        page_size > jstedu::notifications::Backfill::kMaxPageSize) {
      std::cerr << "--page-size: must be 1..500\n";
      return 2;
    }
  } else if (argc != 2) {
    std::cerr << "usage: jstedu-notifications backfill [--page-size N]\n";
    return 2;
  }
  const jstedu::grpcutil::ServiceConfig config =
      jstedu::grpcutil::LoadServiceConfigOrExit("notifications", 50055, 9105);
  const NotificationsConfig own = LoadNotificationsConfigOrExit();
  if (own.training.empty()) {
    std::cerr << "JSTEDU_TRAINING_ADDR: required by the backfill (training's "
                 "modules and tasks)\n";
    return 2;
  }
  jstedu::pg::PoolOptions options;
  options.dsn = config.pg_dsn;
  options.schema = config.pg_schema;
  options.size = 2;
  auto pool = jstedu::pg::Pool::Create(options);
  jstedu::config::ExitIfInvalid(pool.status());
  // A deployment may run it before the service's first start.
  for (auto [name, migrations] :
       {std::pair{"platform", &jstedu::events::PlatformMigrations()},
        std::pair{"notifications", &jstedu::notifications::Migrations()}}) {
    if (absl::Status s = jstedu::pg::ApplyMigrations(**pool, name, *migrations);
        !s.ok()) {
      std::cerr << "migrations: " << s.message() << "\n";
      return 1;
    }
  }
  const jstedu::notifications::Planner planner(jstedu::SystemClock());
  jstedu::notifications::Backfill backfill(
      **pool, planner, jstedu::grpcutil::ServiceChannel(own.recruitment),
      jstedu::grpcutil::ServiceChannel(own.training),
      jstedu::grpcutil::ServiceChannel(own.advisory), kBackfillPageTimeout,
      jstedu::SystemClock(), page_size);
  auto counts = backfill.Run();
  if (!counts.ok()) {
    std::cerr << "backfill: " << counts.status().message() << "\n";
    return 1;
  }
  std::cout << "{\"accounts\":" << counts->accounts
            << ",\"editions\":" << counts->editions
            << ",\"decisions\":" << counts->decisions
            << ",\"participants\":" << counts->participants
            << ",\"modules\":" << counts->modules
            << ",\"tasks\":" << counts->tasks << ",\"cases\":" << counts->cases
            << ",\"digests\":" << counts->digests << "}\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // The operators' commands (docs/operations.md).
  if (auto status =
          jstedu::grpcutil::RunOperatorCommand(argc, argv, "notifications")) {
    return *status;
  }
  if (argc >= 2 && std::string(argv[1]) == "backfill") {
    return RunBackfill(argc, argv);
  }
  if (jstedu::config::AskedForEnvNames(argc, argv)) {
    return jstedu::config::PrintEnvNames(
        [](jstedu::config::Env& env) {
          jstedu::grpcutil::ReadServiceConfig(env, "notifications", 50055,
                                              9105);
          ReadNotificationsConfig(env);
        },
        std::cout);
  }
  jstedu::runtime::BlockTerminationSignals();
  auto config =
      jstedu::grpcutil::LoadServiceConfigOrExit("notifications", 50055, 9105);
  config.revision = jstedu::metrics::BuildRevision();
  const NotificationsConfig own = LoadNotificationsConfigOrExit();
  jstedu::grpcutil::ServiceHost host(config,
                                     jstedu::notifications::Migrations());
  jstedu::notifications::NotificationsServiceImpl service(host.pool());
  host.AddService(&service);
  const jstedu::notifications::Planner planner(jstedu::SystemClock());
  // The schedule follows the three producers' events; one consumer group
  // "notifications" per stream, inbox rows keyed by event id.
  for (const char* producer : {"recruitment", "training", "advisory"}) {
    host.AddConsumer(producer, [&planner] {
      return jstedu::notifications::ScheduleHandler(planner);
    });
  }
  host.AddPeriodicTask(
      "digest_plan", kDigestPlanInterval,
      [&planner, &host]() -> absl::StatusOr<int64_t> {
        return jstedu::pg::RunInTransactionFor<int64_t>(
            host.pool(), [&planner](pqxx::transaction_base& tx) {
              return absl::StatusOr<int64_t>(planner.PlanDigests(tx));
            });
      });
  // The sender: what is due, to the relay, exactly once (store/sender.h).
  jstedu::notifications::RegistryAddressBook addresses(
      jstedu::grpcutil::ServiceChannel(own.recruitment),
      jstedu::grpcutil::ServiceChannel(own.advisory), kRegistryTimeout);
  const jstedu::notifications::SmtpClient smtp(own.smtp);
  jstedu::notifications::SenderOptions options;
  options.console_url = own.console_url;
  // A shutdown ends the round at the next message (the rest handed back).
  options.stopping = [&host] { return host.draining(); };
  jstedu::notifications::Sender sender(host.pool(), addresses, smtp,
                                       jstedu::SystemClock(), options);
  host.AddPeriodicTask(
      "notifications_send", kSendInterval,
      [&sender, &host, batch = options.batch]() -> absl::StatusOr<int64_t> {
        int64_t handled = 0;
        for (int round = 0; round < kMaxRounds && !host.draining(); ++round) {
          auto once = sender.RunOnce();
          if (!once.ok()) return once.status();
          handled += *once;
          if (*once < batch) break;
        }
        return handled;
      });
  return jstedu::grpcutil::RunUntilTerminated(host);
}
