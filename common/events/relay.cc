#include "common/events/relay.h"

#include <pqxx/pqxx>

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/events/outbox.h"
#include "common/log/log.h"
#include "common/pg/transaction.h"
#include "common/events/outbox.h"

namespace jstedu::events {
namespace {

constexpr char kLockBatch[] = R"sql(
SELECT id, event_id::text, event_type, aggregate_id, payload, traceparent,
       (extract(epoch FROM created_at) * 1000000)::bigint
  FROM outbox
 WHERE published_at IS NULL
 ORDER BY id
 LIMIT $1
   FOR UPDATE SKIP LOCKED)sql";
constexpr char kMarkPublished[] =
    "UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])";
constexpr char kMarkAllUnpublished[] =
    "UPDATE outbox SET published_at = NULL WHERE published_at IS NOT NULL";
constexpr char kBacklog[] = R"sql(
SELECT count(*),
       coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
  FROM outbox WHERE published_at IS NULL)sql";
constexpr char kCleanup[] =
    "DELETE FROM outbox WHERE published_at < now() - make_interval(hours => $1)";

EventEnvelope EnvelopeFromRow(const pqxx::row& row, const std::string& producer) {
  EventEnvelope envelope;
  envelope.set_event_id(row[1].as<std::string>());
  envelope.set_event_type(row[2].as<std::string>());
  envelope.set_producer(producer);
  envelope.set_aggregate_id(row[3].as<std::string>());
  envelope.set_traceparent(row[5].as<std::string>());
  auto micros = row[6].as<long long>();
  envelope.mutable_occurred_at()->set_seconds(micros / 1000000);
  envelope.mutable_occurred_at()->set_nanos(
      static_cast<int>((micros % 1000000) * 1000));
  envelope.mutable_payload()->set_type_url(
      absl::StrCat(kTypeUrlPrefix, envelope.event_type()));
  envelope.mutable_payload()->set_value(pqxx::binarystring(row[4]).str());
  return envelope;
}

}  // namespace

Relay::Relay(pg::Pool& pool, redis::ClientOptions redis, RelayOptions options,
             metrics::Registry& registry)
    : pool_(pool),
      redis_(std::move(redis)),
      options_(std::move(options)),
      backlog_(registry.Gauge("jstedu_outbox_backlog",
                              "Outbox rows not yet published.", {"producer"})),
      oldest_age_(registry.Gauge(
          "jstedu_outbox_oldest_unpublished_age_seconds",
          "Age of the oldest unpublished outbox row (0 when none).",
          {"producer"})),
      published_(registry.Counter("jstedu_outbox_published_total",
                                  "Outbox rows published to the stream.",
                                  {"producer"})),
      replays_(registry.Counter(
          "jstedu_outbox_replays_total",
          "Times Redis was found to have lost the stream and the retained "
          "outbox was replayed.",
          {"producer"})) {}

Relay::~Relay() { Stop(); }

absl::Status Relay::ReplayIfRedisLostData() {
  std::string marker = absl::StrCat(options_.stream, ":epoch");
  auto reply = redis_.Command({"SET", marker, "1", "NX"});
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) return absl::UnavailableError(reply->str);
  if (reply->is_nil()) return absl::OkStatus();  // marker present: no loss
  // The marker was missing: first start, or Redis lost its data. Replaying
  // is harmless on first start (nothing published yet) and restores the
  // stream otherwise.
  long long replayed = 0;
  absl::Status status = pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
    replayed = static_cast<long long>(tx.exec0(kMarkAllUnpublished).affected_rows());
    return absl::OkStatus();
  });
  if (!status.ok()) {
    // Try again next pass: drop the marker so the check repeats.
    (void)redis_.Command({"DEL", marker});
    return status;
  }
  if (replayed > 0) {
    replays_.Inc({options_.producer});
    log::Warn("outbox_replay", {{"producer", options_.producer},
                                {"stream", options_.stream},
                                {"rows", replayed}});
  }
  return absl::OkStatus();
}

absl::StatusOr<int> Relay::PublishBatch() {
  if (auto status = ReplayIfRedisLostData(); !status.ok()) return status;
  int published = 0;
  pg::TxOptions once;
  once.max_attempts = 1;  // XADDs are outside the transaction
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::Status {
        published = 0;
        pqxx::result rows = tx.exec_params(kLockBatch, options_.batch_size);
        std::vector<std::string> ids;
        for (const pqxx::row& row : rows) {
          EventEnvelope envelope = EnvelopeFromRow(row, options_.producer);
          auto reply = redis_.Command(
              {"XADD", options_.stream, "MAXLEN", "~",
               std::to_string(options_.max_stream_length), "*", "event_id",
               envelope.event_id(), "event_type", envelope.event_type(),
               "envelope", envelope.SerializeAsString()});
          if (!reply.ok()) return reply.status();
          if (reply->is_error()) return absl::UnavailableError(reply->str);
          ids.push_back(row[0].as<std::string>());
          ++published;
          if (after_xadd_hook) after_xadd_hook(published);
        }
        if (ids.empty()) return absl::OkStatus();
        tx.exec_params(kMarkPublished,
                       absl::StrCat("{", absl::StrJoin(ids, ","), "}"));
        return absl::OkStatus();
      },
      once);
  if (!status.ok()) return status;
  if (published > 0) published_.Inc({options_.producer}, published);
  return published;
}

absl::Status Relay::UpdateBacklogMetrics() {
  return pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
    pqxx::row row = tx.exec1(kBacklog);
    backlog_.Set({options_.producer}, row[0].as<double>());
    oldest_age_.Set({options_.producer}, row[1].as<double>());
    if (std::chrono::steady_clock::now() >= next_cleanup_) {
      tx.exec_params(kCleanup, static_cast<int>(options_.retention.count()));
      next_cleanup_ = std::chrono::steady_clock::now() + std::chrono::minutes(10);
    }
    return absl::OkStatus();
  });
}

std::chrono::milliseconds Relay::Step() {
  auto published = PublishBatch();
  absl::Status status = published.status();
  if (status.ok()) status = UpdateBacklogMetrics();
  if (!status.ok()) {
    if (!last_step_failed_) {
      log::Warn("relay_failing", {{"producer", options_.producer},
                                  {"error", std::string(status.message())}});
    }
    last_step_failed_ = true;
    return options_.error_wait;
  }
  if (last_step_failed_) {
    log::Info("relay_recovered", {{"producer", options_.producer}});
  }
  last_step_failed_ = false;
  return *published >= options_.batch_size ? std::chrono::milliseconds(0)
                                            : options_.idle_wait;
}

void Relay::Start() {
  loop_ = std::make_unique<runtime::BackgroundLoop>(
      "relay-" + options_.producer, [this] { return Step(); });
  loop_->Start();
}

void Relay::Stop() {
  if (loop_) loop_->Stop();
}

}  // namespace jstedu::events
