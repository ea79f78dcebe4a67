#include "common/events/relay.h"

#include <pqxx/pqxx>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/events/outbox.h"
#include "common/log/log.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "common/pg/status.h"
#include "common/pg/transaction.h"

namespace jstedu::events {
namespace {

constexpr char kStreamLock[] = "SELECT pg_advisory_xact_lock(hashtext($1))";
constexpr char kStreamLockShared[] =
    "SELECT pg_advisory_xact_lock_shared(hashtext($1))";
constexpr char kLockBatch[] = R"sql(
SELECT id, event_id::text, event_type, aggregate_id, payload, traceparent,
       (extract(epoch FROM created_at) * 1000000)::bigint
  FROM outbox
 WHERE published_at IS NULL
 ORDER BY id
 LIMIT $1
   FOR UPDATE SKIP LOCKED)sql";
// The ANY lets PostgreSQL find the rows by the key; without it the join
// with unnest (estimated at a few rows) is planned as a hash join over a
// scan of the whole outbox, published rows of 7 days included.
constexpr char kMarkPublished[] = R"sql(
UPDATE outbox o SET published_at = now(), stream_id = u.stream_id
  FROM unnest($1::bigint[], $2::text[]) AS u(id, stream_id)
 WHERE o.id = u.id AND o.id = ANY($1::bigint[]))sql";
constexpr char kVerifiedRunId[] =
    "SELECT redis_run_id FROM relay_state WHERE stream = $1";
constexpr char kPublishedRows[] =
    "SELECT id, coalesce(stream_id, '') FROM outbox WHERE published_at IS NOT "
    "NULL";
constexpr char kMarkUnpublished[] =
    "UPDATE outbox SET published_at = NULL, stream_id = NULL "
    "WHERE id = ANY($1::bigint[])";
constexpr char kRecordVerified[] = R"sql(
INSERT INTO relay_state (stream, redis_run_id) VALUES ($1, $2)
ON CONFLICT (stream) DO UPDATE
   SET redis_run_id = EXCLUDED.redis_run_id, verified_at = now())sql";
constexpr char kBacklog[] = R"sql(
SELECT count(*),
       coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
  FROM outbox WHERE published_at IS NULL)sql";
constexpr char kCleanup[] =
    "DELETE FROM outbox WHERE published_at < now() - make_interval(hours => "
    "$1)";
constexpr char kRetentionHorizonMs[] =
    "SELECT (extract(epoch FROM now() - make_interval(hours => $1)) * "
    "1000)::bigint";
constexpr int kScanPage = 1000;

// A stream entry id "<ms>-<seq>" as a comparable pair; {0, 0} if malformed.
std::pair<uint64_t, uint64_t> ParseStreamId(const std::string& id) {
  std::pair<uint64_t, uint64_t> parsed{0, 0};
  auto dash = id.find('-');
  if (dash == std::string::npos ||
      !absl::SimpleAtoi(id.substr(0, dash), &parsed.first) ||
      !absl::SimpleAtoi(id.substr(dash + 1), &parsed.second)) {
    return {0, 0};
  }
  return parsed;
}

EventEnvelope EnvelopeFromRow(const pqxx::row& row,
                              const std::string& producer) {
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
      marker_(absl::StrCat(options_.stream, ":epoch")),
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
          {"producer"})) {
  // Every series exists from the start at 0: an alert on increase() sees
  // the first publish or replay (a series born at 1 has no increase).
  published_.Inc({options_.producer}, 0);
  replays_.Inc({options_.producer}, 0);
}

Relay::~Relay() { Stop(); }

absl::StatusOr<Relay::RedisIdentity> Relay::ReadRedisIdentity() {
  auto replies = redis_.Pipeline({{"INFO", "server"}, {"EXISTS", marker_}});
  if (!replies.ok()) return replies.status();
  for (const redis::Reply& reply : *replies) {
    if (reply.is_error()) return absl::UnavailableError(reply.str);
  }
  RedisIdentity identity;
  identity.marker = (*replies)[1].integer == 1;
  for (absl::string_view line : absl::StrSplit((*replies)[0].str, "\r\n")) {
    if (absl::ConsumePrefix(&line, "run_id:")) {
      identity.run_id = std::string(line);
      return identity;
    }
  }
  return absl::UnavailableError("Redis INFO server has no run_id");
}

absl::Status Relay::Verify(pqxx::transaction_base& tx,
                           const std::string& run_id, long long* replayed) {
  std::vector<std::pair<std::string, std::string>> rows;  // id, stream id
  std::string first;  // the oldest entry id any row was published as
  for (const pqxx::row& row : pg::Exec(tx, kPublishedRows)) {
    rows.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
    const std::string& id = rows.back().second;
    if (!id.empty() &&
        (first.empty() || ParseStreamId(id) < ParseStreamId(first))) {
      first = id;
    }
  }
  std::set<std::string> present;
  for (std::string start = first; !start.empty();) {
    auto page = redis_.Command({"XRANGE", options_.stream, start, "+", "COUNT",
                                std::to_string(kScanPage)});
    if (!page.ok()) return page.status();
    if (page->is_error()) return absl::UnavailableError(page->str);
    for (const redis::Reply& entry : page->elements) {
      if (!entry.elements.empty()) present.insert(entry.elements[0].str);
    }
    if (page->elements.size() < kScanPage) break;
    start = "(" + page->elements.back().elements[0].str;
  }
  std::vector<std::string> missing;
  for (const auto& [id, stream_id] : rows) {
    if (present.count(stream_id) == 0) missing.push_back(id);
  }
  if (!missing.empty())
    pg::Exec(tx, kMarkUnpublished, pg::TextArrayLiteral(missing));
  pg::Exec(tx, kRecordVerified, options_.stream, run_id);
  *replayed = static_cast<long long>(missing.size());
  return absl::OkStatus();
}

absl::Status Relay::VerifyIfRedisChanged() {
  auto identity = ReadRedisIdentity();
  if (!identity.ok()) return identity.status();
  if (identity->marker && identity->run_id == verified_run_id_) {
    return absl::OkStatus();
  }

  long long replayed = 0;
  std::string verified;
  pg::TxOptions once;
  once.max_attempts = 1;
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::Status {
        replayed = 0;
        // Exclusive: no batch is between its first XADD and its commit.
        pg::Exec(tx, kStreamLock, options_.stream);
        // Re-read under the lock: another relay may have verified already.
        auto current = ReadRedisIdentity();
        if (!current.ok()) return current.status();
        pqxx::result state = pg::Exec(tx, kVerifiedRunId, options_.stream);
        verified = current->run_id;
        if (current->marker && !state.empty() &&
            state[0][0].as<std::string>() == current->run_id) {
          return absl::OkStatus();
        }
        return Verify(tx, current->run_id, &replayed);
      },
      once);
  if (!status.ok()) return status;
  // Only after the replay committed: a marker without it would hide a loss.
  auto set = redis_.Command({"SET", marker_, "1"});
  if (!set.ok()) return set.status();
  verified_run_id_ = verified;
  if (replayed > 0) {
    replays_.Inc({options_.producer}, static_cast<double>(replayed));
    log::Warn("outbox_replay", {{"producer", options_.producer},
                                {"stream", options_.stream},
                                {"rows", replayed}});
  }
  return absl::OkStatus();
}

absl::StatusOr<int> Relay::PublishBatch() {
  if (auto status = VerifyIfRedisChanged(); !status.ok()) return status;
  int published = 0;
  pg::TxOptions once;
  once.max_attempts = 1;  // XADDs are outside the transaction
  absl::Status status = pg::RunInTransaction(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::Status {
        published = 0;
        pg::Exec(tx, kStreamLockShared, options_.stream);
        pqxx::result rows = pg::Exec(tx, kLockBatch, options_.batch_size);
        if (rows.empty()) return absl::OkStatus();
        std::vector<std::vector<std::string>> xadds;
        std::vector<std::string> ids;
        xadds.reserve(rows.size());
        ids.reserve(rows.size());
        for (const pqxx::row& row : rows) {
          EventEnvelope envelope = EnvelopeFromRow(row, options_.producer);
          xadds.push_back({"XADD", options_.stream, "*", "event_id",
                           envelope.event_id(), "event_type",
                           envelope.event_type(), "envelope",
                           envelope.SerializeAsString()});
          ids.push_back(row[0].as<std::string>());
        }
        // One round trip for the batch.
        auto replies = redis_.Pipeline(xadds);
        if (!replies.ok()) return replies.status();
        std::vector<std::string> stream_ids;
        stream_ids.reserve(replies->size());
        for (const redis::Reply& reply : *replies) {
          if (reply.is_error()) return absl::UnavailableError(reply.str);
          stream_ids.push_back(reply.str);
          ++published;
          if (after_xadd_hook) after_xadd_hook(published);
        }
        pg::Exec(tx, kMarkPublished, pg::TextArrayLiteral(ids),
                 pg::TextArrayLiteral(stream_ids));
        // It wrote: RunInTransaction need not ask before COMMIT.
        pg::MarkWritten(tx);
        return absl::OkStatus();
      },
      once);
  if (!status.ok()) return status;
  if (published > 0) published_.Inc({options_.producer}, published);
  return published;
}

absl::Status Relay::ApplyRetention(pqxx::transaction_base& tx) {
  int hours = static_cast<int>(options_.retention.count());
  pg::Exec(tx, kCleanup, hours);
  auto horizon = pg::Exec1(tx, kRetentionHorizonMs, hours)[0].as<long long>();
  auto reply = redis_.Command({"XTRIM", options_.stream, "MINID", "~",
                               absl::StrCat(std::max(horizon, 0LL), "-0")});
  if (!reply.ok()) return reply.status();
  return reply->is_error() ? absl::UnavailableError(reply->str)
                           : absl::OkStatus();
}

absl::Status Relay::UpdateBacklogMetrics() {
  return pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
    pqxx::row row = pg::Exec1(tx, kBacklog);
    backlog_.Set({options_.producer}, row[0].as<double>());
    oldest_age_.Set({options_.producer}, row[1].as<double>());
    if (std::chrono::steady_clock::now() < next_cleanup_)
      return absl::OkStatus();
    next_cleanup_ = std::chrono::steady_clock::now() + std::chrono::minutes(10);
    return ApplyRetention(tx);
  });
}

std::chrono::milliseconds Relay::Step() {
  OutboxSignal& signal = OutboxSignal::Instance();
  const uint64_t seen = signal.Generation();  // before the batch's read
  auto published = PublishBatch();
  absl::Status status = published.status();
  const auto now = std::chrono::steady_clock::now();
  if (status.ok() && now >= next_metrics_) {
    status = UpdateBacklogMetrics();
    next_metrics_ = now + std::chrono::seconds(1);
  }
  if (!status.ok()) {
    if (!last_step_failed_) {
      log::Warn("relay_failing", {{"producer", options_.producer},
                                  {"error", pg::LogText(status)}});
    }
    last_step_failed_ = true;
    return options_.error_wait;
  }
  if (last_step_failed_) {
    log::Info("relay_recovered", {{"producer", options_.producer}});
  }
  last_step_failed_ = false;
  if (*published >= options_.batch_size) return std::chrono::milliseconds(0);
  // Until a commit of this process appends events, at most idle_wait.
  signal.WaitForChange(seen, options_.idle_wait);
  return std::chrono::milliseconds(0);
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
