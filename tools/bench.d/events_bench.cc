// jstedu-events-bench: the event pipeline's throughput and lag
// (tools/bench events; issue 21).
//
// The real pieces of common/events in one process, on a scratch schema and
// Redis key space of their own: producers commit events to the outbox
// (AppendEvent, as the services do), a Relay publishes them to the stream,
// a Consumer applies each in its inbox transaction to a projection table.
//   1. Throughput: --events events committed first (100 to a transaction),
//      then the time for relay and consumer to bring every one into the
//      projection: events per second through the whole pipeline.
//   2. Lag: --rate events a second for --seconds, one event to a
//      transaction (a service's write), with relay and consumer running; the
//      lag of an event is its projection time minus its outbox time.
// Then the checks: every event in the projection exactly once (the table's
// key would refuse a second), no dead letter. Timings are printed, never
// judged; a failed check exits 1.
//
// usage: jstedu-events-bench [--dsn DSN] [--redis HOST:PORT] [--events N]
//            [--rate R] [--seconds S] [--json]
// DSN defaults to $JSTEDU_TEST_PG_DSN, Redis to $JSTEDU_TEST_REDIS_ADDR.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/events/consumer.h"
#include "common/events/migrations.h"
#include "common/events/outbox.h"
#include "common/events/relay.h"
#include "common/log/log.h"
#include "common/pg/migrations.h"
#include "common/pg/pool.h"
#include "common/pg/transaction.h"
#include "common/redis/client.h"
#include "google/protobuf/util/time_util.h"
#include "google/protobuf/wrappers.pb.h"
#include "nlohmann/json.hpp"
#include "tools/bench.d/scratch_schema.h"

namespace {

namespace events = ::jstedu::events;
namespace pg = ::jstedu::pg;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string dsn;
  std::string redis;
  jstedu::redis::ClientOptions redis_options;  // of `redis`
  int events = 100000;
  int rate = 1000;
  int seconds = 10;
  bool json = false;
};

[[noreturn]] void Usage(const std::string& problem) {
  std::cerr << "jstedu-events-bench: " << problem << "\n"
            << "usage: jstedu-events-bench [--dsn DSN] [--redis HOST:PORT] "
               "[--events N] [--rate R] [--seconds S] [--json]\n";
  std::exit(64);
}

int PositiveInt(const std::string& name, const std::string& text) {
  int value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < 1) {
    Usage(absl::StrCat(name, " must be a positive whole number"));
  }
  return value;
}

Options ParseOptions(int argc, char** argv) {
  Options options;
  if (const char* dsn = std::getenv("JSTEDU_TEST_PG_DSN")) options.dsn = dsn;
  if (const char* redis = std::getenv("JSTEDU_TEST_REDIS_ADDR")) {
    options.redis = redis;
  }
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      options.json = true;
      continue;
    }
    if (i + 1 >= argc) Usage(arg + " needs a value");
    const std::string value = argv[++i];
    if (arg == "--dsn") {
      options.dsn = value;
    } else if (arg == "--redis") {
      options.redis = value;
    } else if (arg == "--events") {
      options.events = PositiveInt(arg, value);
    } else if (arg == "--rate") {
      options.rate = PositiveInt(arg, value);
    } else if (arg == "--seconds") {
      options.seconds = PositiveInt(arg, value);
    } else {
      Usage("unknown argument " + arg);
    }
  }
  if (static_cast<int64_t>(options.rate) * options.seconds > 100000000) {
    Usage("--rate x --seconds must be at most 100000000 events");
  }
  if (options.dsn.empty()) Usage("no --dsn and JSTEDU_TEST_PG_DSN is not set");
  if (options.redis.empty()) {
    Usage("no --redis and JSTEDU_TEST_REDIS_ADDR is not set");
  }
  auto redis = jstedu::redis::OptionsFromAddress(options.redis);
  if (!redis.ok()) Usage(absl::StrCat("--redis: ", redis.status().message()));
  options.redis_options = *redis;
  return options;
}

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

// The value at `fraction` of the sorted `values` (nearest rank).
double Percentile(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(
      std::max(0.0, fraction * static_cast<double>(values.size()) - 1e-9));
  return values[std::min(rank, values.size() - 1)];
}

// Every event's projection row; lags in ms (outbox row to the commit of
// its projection row) of the events applied since the last Take.
class Projection {
 public:
  static events::Handler Handler() {
    return
        [](pqxx::transaction_base& tx, const events::EventEnvelope& envelope) {
          tx.exec_params(
              "INSERT INTO bench_projection (event_id, aggregate_id) "
              "VALUES ($1::uuid, $2)",
              envelope.event_id(), envelope.aggregate_id());
          return absl::OkStatus();
        };
  }
  // The consumer's after-commit hook: the event's projection row committed.
  void Committed(const events::EventEnvelope& envelope) {
    const absl::Time written = absl::FromUnixMicros(
        google::protobuf::util::TimeUtil::TimestampToMicroseconds(
            envelope.occurred_at()));
    const double lag_ms = absl::ToDoubleMilliseconds(absl::Now() - written);
    std::lock_guard<std::mutex> lock(mutex_);
    lags_.push_back(lag_ms);
    ++committed_;
  }
  // Projection rows committed so far (counted in the process: polling the
  // table would load the server being measured).
  int64_t committed() {
    std::lock_guard<std::mutex> lock(mutex_);
    return committed_;
  }
  std::vector<double> Take() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<double> out;
    out.swap(lags_);
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<double> lags_;
  int64_t committed_ = 0;
};

int64_t Count(pg::Pool& pool, const char* sql) {
  int64_t count = -1;
  absl::Status status =
      pg::RunInTransaction(pool,
                           [&](pqxx::transaction_base& tx) {
                             count = tx.exec1(sql)[0].as<int64_t>();
                             return absl::OkStatus();
                           },
                           {pg::Isolation::kSingleStatementRead});
  if (!status.ok()) std::cerr << "count: " << status << "\n";
  return count;
}

// Commits `count` events, `per_transaction` to a transaction.
absl::Status Produce(pg::Pool& pool, int count, int per_transaction,
                     const std::string& tag) {
  for (int done = 0; done < count;) {
    const int batch = std::min(per_transaction, count - done);
    absl::Status status =
        pg::RunInTransaction(pool, [&](pqxx::transaction_base& tx) {
          for (int i = 0; i < batch; ++i) {
            google::protobuf::StringValue payload;
            payload.set_value(absl::StrCat(tag, "-", done + i));
            events::AppendEvent(tx, payload, absl::StrCat(tag, "-", done + i));
          }
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    done += batch;
  }
  return absl::OkStatus();
}

// Waits until `expected` projection rows have committed; false after
// `limit`. The checks afterwards count the table itself.
bool WaitForProjection(Projection& projection, int64_t expected,
                       std::chrono::seconds limit) {
  const Clock::time_point until = Clock::now() + limit;
  while (Clock::now() < until) {
    if (projection.committed() >= expected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

int Run(const Options& options, const std::string& schema,
        const std::string& prefix) {
  try {
    jstedu::bench::CreateSchema(options.dsn, schema);
  } catch (const pqxx::broken_connection& error) {
    std::cerr << "no PostgreSQL: " << error.what() << "\n";
    return 2;
  }
  pg::PoolOptions pool_options;
  pool_options.dsn = options.dsn;
  pool_options.schema = schema;
  pool_options.size = 8;
  // JSTEDU_PG_PREPARED=off: statements run unnamed (exec_params), as before
  // pg::Exec prepared them.
  pool_options.prepared_statements =
      std::getenv("JSTEDU_PG_PREPARED") == nullptr ||
      std::string(std::getenv("JSTEDU_PG_PREPARED")) != "off";
  auto pool = pg::Pool::Create(pool_options);
  if (!pool.ok()) {
    std::cerr << "pool: " << pool.status() << "\n";
    return 2;
  }
  absl::Status migrated =
      pg::ApplyMigrations(**pool, "platform", events::PlatformMigrations());
  if (migrated.ok()) {
    migrated = pg::RunInTransaction(**pool, [](pqxx::transaction_base& tx) {
      tx.exec0(
          "CREATE TABLE bench_projection (event_id uuid PRIMARY KEY, "
          "aggregate_id text NOT NULL)");
      return absl::OkStatus();
    });
  }
  if (!migrated.ok()) {
    std::cerr << "schema: " << migrated << "\n";
    return 1;
  }

  const jstedu::redis::ClientOptions& redis = options.redis_options;
  {
    jstedu::redis::Client ping(redis);
    auto pong = ping.Command({"PING"});
    if (!pong.ok() || pong->is_error()) {
      std::cerr << "no Redis at " << options.redis << "\n";
      return 2;
    }
  }
  events::RelayOptions relay_options;
  relay_options.producer = "bench";
  relay_options.stream = events::StreamName(prefix, "bench");
  events::ConsumerOptions consumer_options;
  consumer_options.name = "bench-reader";
  consumer_options.stream = relay_options.stream;
  consumer_options.instance = absl::StrCat("bench-", getpid());
  Projection projection;
  events::Relay relay(**pool, redis, relay_options);
  events::Consumer consumer(**pool, redis, consumer_options,
                            Projection::Handler());
  consumer.after_commit_hook = [&projection](const events::EventEnvelope& e) {
    projection.Committed(e);
  };

  // 1. Throughput: a backlog of --events, then the pipeline drains it.
  Clock::time_point start = Clock::now();
  absl::Status produced = Produce(**pool, options.events, 100, "t");
  if (!produced.ok()) {
    std::cerr << "produce: " << produced << "\n";
    return 1;
  }
  const double produce_ms = MsSince(start);
  start = Clock::now();
  relay.Start();
  consumer.Start();
  // Far more than the pipeline needs at a few hundred events a second.
  const auto drain_limit =
      std::chrono::seconds(std::max<int64_t>(30, options.events / 200));
  const bool drained =
      WaitForProjection(projection, options.events, drain_limit);
  const double drain_ms = MsSince(start);
  const std::vector<double> backlog_lags = projection.Take();

  // 2. Lag: --rate events a second, one to a transaction, for --seconds.
  const int64_t total = static_cast<int64_t>(options.rate) * options.seconds;
  start = Clock::now();
  int64_t sent = 0;
  for (; sent < total; ++sent) {
    const Clock::time_point due =
        start + std::chrono::microseconds(static_cast<int64_t>(sent) * 1000000 /
                                          options.rate);
    std::this_thread::sleep_until(due);
    absl::Status one =
        Produce(**pool, 1, 1, absl::StrCat("r", sent / 1000000, "-", sent));
    if (!one.ok()) {
      std::cerr << "produce: " << one << "\n";
      break;
    }
  }
  const double paced_ms = MsSince(start);
  const bool caught_up =
      WaitForProjection(projection, static_cast<int64_t>(options.events) + sent,
                        std::chrono::seconds(60));
  consumer.Stop();
  relay.Stop();
  const std::vector<double> lags = projection.Take();

  // 3. Checks.
  std::vector<std::string> problems;
  const int64_t expected = static_cast<int64_t>(options.events) + sent;
  const int64_t projected =
      Count(**pool, "SELECT count(*) FROM bench_projection");
  const int64_t outbox = Count(**pool, "SELECT count(*) FROM outbox");
  const int64_t dead = Count(**pool, "SELECT count(*) FROM dead_letters");
  const int64_t inbox = Count(**pool, "SELECT count(*) FROM inbox");
  const int64_t failures =
      Count(**pool, "SELECT count(*) FROM consumer_failures");
  if (!drained) {
    problems.push_back(absl::StrCat("the backlog was not drained within ",
                                    drain_limit.count(), " s"));
  }
  if (!caught_up)
    problems.push_back("the paced events did not arrive within 60 s");
  if (sent != total) problems.push_back("not every paced event was produced");
  if (projected != expected || outbox != expected) {
    problems.push_back(absl::StrCat("projection ", projected, ", outbox ",
                                    outbox, ", expected ", expected));
  }
  if (inbox != expected) {
    problems.push_back(absl::StrCat("inbox ", inbox, ", expected ", expected));
  }
  if (dead != 0) problems.push_back(absl::StrCat(dead, " dead letters"));
  if (failures != 0) {
    problems.push_back(absl::StrCat(failures, " failed deliveries pending"));
  }

  const double throughput = options.events / (drain_ms / 1000.0);
  const double produce_rate = options.events / (produce_ms / 1000.0);
  const double achieved_rate = sent / (paced_ms / 1000.0);
  if (options.json) {
    nlohmann::json out = {
        {"tool", "jstedu-events-bench"},
        {"cpus", std::thread::hardware_concurrency()},
        {"throughput",
         {{"events", options.events},
          {"produce_events_per_s", produce_rate},
          {"pipeline_events_per_s", throughput},
          {"drain_ms", drain_ms},
          {"backlog_wait_p50_ms", Percentile(backlog_lags, 0.5)},
          {"backlog_wait_p99_ms", Percentile(backlog_lags, 0.99)}}},
        {"lag",
         {{"rate_per_s", options.rate},
          {"achieved_rate_per_s", achieved_rate},
          {"events", sent},
          {"p50_ms", Percentile(lags, 0.5)},
          {"p99_ms", Percentile(lags, 0.99)},
          {"max_ms", Percentile(lags, 1.0)}}},
        {"valid", problems.empty()},
        {"problems", problems}};
    std::printf("%s\n", out.dump(1).c_str());
  } else {
    std::printf(
        "throughput: %d events committed (100 to a transaction) in %.0f ms "
        "(%.0f events/s); relay and consumer brought them into the "
        "projection in %.0f ms: %.0f events/s through the pipeline\n",
        options.events, produce_ms, produce_rate, drain_ms, throughput);
    std::printf(
        "lag at %d events/s (one to a transaction, %d s; achieved %.0f/s, "
        "%lld events): p50 %.1f ms, p99 %.1f ms, max %.1f ms (outbox row -> "
        "its projection row committed)\n",
        options.rate, options.seconds, achieved_rate,
        static_cast<long long>(sent), Percentile(lags, 0.5),
        Percentile(lags, 0.99), Percentile(lags, 1.0));
    std::printf(
        "checks: projection %lld, inbox %lld, outbox %lld, dead letters "
        "%lld, failed deliveries %lld: %s\n",
        static_cast<long long>(projected), static_cast<long long>(inbox),
        static_cast<long long>(outbox), static_cast<long long>(dead),
        static_cast<long long>(failures),
        problems.empty() ? "every event once" : "WRONG");
  }
  for (const std::string& problem : problems) {
    std::cerr << "problem: " << problem << "\n";
  }
  return problems.empty() ? 0 : 1;
}

void Cleanup(const Options& options, const std::string& schema,
             const std::string& prefix) {
  jstedu::bench::DropSchema(options.dsn, schema);
  jstedu::redis::Client redis(options.redis_options);
  const std::string stream = events::StreamName(prefix, "bench");
  auto deleted = redis.Command({"DEL", stream, stream + ":epoch"});
  if (!deleted.ok()) std::cerr << "cannot delete " << stream << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  // The pipeline's own info lines (migrations, consumer group) would mix
  // with the figures on stdout.
  jstedu::log::Init("events-bench", options.json ? jstedu::log::Level::kError
                                                 : jstedu::log::Level::kWarn);
  const std::string tag =
      absl::StrCat(absl::ToUnixMicros(absl::Now()) % 1000000000, "_",
                   static_cast<long>(getpid()));
  const std::string schema = absl::StrCat("eb_", tag);
  const std::string prefix = absl::StrCat("jstedu-bench-", tag, ":");
  if (!options.json) {
    std::printf(
        "jstedu-events-bench: %d events, then %d/s for %d s; %u CPUs (nproc) "
        "shared by PostgreSQL, Redis and this process\n",
        options.events, options.rate, options.seconds,
        std::thread::hardware_concurrency());
  }
  int code = 1;
  try {
    code = Run(options, schema, prefix);
  } catch (const std::exception& error) {
    std::cerr << "error: " << error.what() << "\n";
    code = 1;
  }
  Cleanup(options, schema, prefix);
  return code;
}
