#include "common/events/consumer.h"

#include <pqxx/pqxx>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/events/dead_letters.h"
#include "common/log/log.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "common/pg/status.h"
#include "common/pg/transaction.h"

namespace jstedu::events {
namespace {

constexpr char kInsertInbox[] =
    "INSERT INTO inbox (consumer, event_id, event_type) "
    "VALUES ($1, $2::uuid, $3) ON CONFLICT DO NOTHING";
// A batch's inbox rows; answers the events not there before.
constexpr char kInsertInboxBatch[] = R"sql(
INSERT INTO inbox (consumer, event_id, event_type)
SELECT $1, u.event_id::uuid, u.event_type
  FROM unnest($2::text[], $3::text[]) AS u(event_id, event_type)
ON CONFLICT DO NOTHING
RETURNING event_id::text)sql";
constexpr char kClearBatchFailures[] =
    "DELETE FROM consumer_failures WHERE consumer = $1 AND delivery_key = "
    "ANY($2::text[])";
constexpr char kApplied[] =
    "SELECT count(*) FROM inbox WHERE consumer = $1 AND event_id = $2::uuid";
constexpr char kClearFailures[] =
    "DELETE FROM consumer_failures WHERE consumer = $1 AND delivery_key = $2";
// $4 is 1 to count a delivery, 0 to only record the error of one already
// counted.
constexpr char kCountFailure[] = R"sql(
INSERT INTO consumer_failures AS f (consumer, delivery_key, attempts, last_error)
VALUES ($1, $2, 1, $3)
ON CONFLICT (consumer, delivery_key) DO UPDATE
   SET attempts = f.attempts + $4, last_error = EXCLUDED.last_error,
       last_failed_at = now()
RETURNING attempts)sql";
constexpr char kUnfinished[] = "delivery started but did not finish";
// A dead letter still open keeps its first failure; one replayed or
// discarded before is opened again (dead_letters.h), and says so.
constexpr char kDeadLetter[] = R"sql(
WITH letter AS (
  INSERT INTO dead_letters AS d (consumer, stream, entry_id, delivery_key,
                                 event_type, envelope, attempts, last_error)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (consumer, delivery_key) DO UPDATE
     SET stream = EXCLUDED.stream, entry_id = EXCLUDED.entry_id,
         event_type = EXCLUDED.event_type, envelope = EXCLUDED.envelope,
         attempts = EXCLUDED.attempts, last_error = EXCLUDED.last_error,
         dead_at = now(), state = 'open', state_at = now()
   WHERE d.state IN ('replayed', 'discarded')
  RETURNING id, xmax <> 0 AS reopened)
INSERT INTO dead_letter_actions (dead_letter_id, action, actor, reason)
SELECT id, 'reopened', $9, 'dead-lettered again: ' || $8 FROM letter
 WHERE reopened)sql";
constexpr char kReplayRequested[] = R"sql(
SELECT id FROM dead_letters
 WHERE consumer = $1 AND stream = $2 AND state = 'replay_requested'
 ORDER BY id LIMIT 32)sql";
// Skipped when another replica of the consumer is replaying it.
constexpr char kLockReplay[] = R"sql(
SELECT envelope FROM dead_letters
 WHERE id = $1 AND state = 'replay_requested' FOR UPDATE SKIP LOCKED)sql";
constexpr char kReplayed[] =
    "UPDATE dead_letters SET state = 'replayed', state_at = now() WHERE id = "
    "$1";
constexpr char kReplayFailed[] = R"sql(
UPDATE dead_letters
   SET state = 'open', state_at = now(), attempts = attempts + 1,
       last_error = $2
 WHERE id = $1 AND state = 'replay_requested')sql";

bool IsUuid(const std::string& text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

// Reads one stream entry [id, [field, value, …]].
bool ParseEntry(const redis::Reply& raw, std::string* id,
                std::map<std::string, std::string>* fields) {
  if (raw.type != redis::Reply::Type::kArray || raw.elements.size() != 2) {
    return false;
  }
  *id = raw.elements[0].str;
  const auto& values = raw.elements[1].elements;
  for (size_t i = 0; i + 1 < values.size(); i += 2) {
    (*fields)[values[i].str] = values[i + 1].str;
  }
  return true;
}

class PerEventHandler final : public BatchHandler {
 public:
  explicit PerEventHandler(Handler handler) : handler_(std::move(handler)) {}
  void Begin() override {}
  absl::Status Apply(pqxx::transaction_base& tx,
                     const EventEnvelope& envelope) override {
    return handler_(tx, envelope);
  }
  absl::Status Finish(pqxx::transaction_base&) override {
    return absl::OkStatus();
  }

 private:
  const Handler handler_;
};

}  // namespace

std::unique_ptr<BatchHandler> PerEvent(Handler handler) {
  return std::make_unique<PerEventHandler>(std::move(handler));
}

absl::Status ApplyAlone(BatchHandler& handler, pqxx::transaction_base& tx,
                        const EventEnvelope& envelope) {
  handler.Begin();
  absl::Status applied = handler.Apply(tx, envelope);
  if (!applied.ok()) return applied;
  return handler.Finish(tx);
}

Consumer::Consumer(pg::Pool& pool, redis::ClientOptions redis,
                   ConsumerOptions options, Handler handler,
                   metrics::Registry& registry)
    : Consumer(pool, std::move(redis), std::move(options),
               PerEvent(std::move(handler)), registry) {}

Consumer::Consumer(pg::Pool& pool, redis::ClientOptions redis,
                   ConsumerOptions options,
                   std::unique_ptr<BatchHandler> handler,
                   metrics::Registry& registry)
    : pool_(pool),
      redis_(std::move(redis)),
      options_(std::move(options)),
      handler_(std::move(handler)),
      processed_(registry.Counter("jstedu_consumer_processed_total",
                                  "Stream entries applied or found duplicate.",
                                  {"consumer", "stream"})),
      failures_(registry.Counter("jstedu_consumer_failures_total",
                                 "Failed deliveries (handler errors).",
                                 {"consumer", "stream"})),
      dead_letters_(registry.Counter("jstedu_dead_letters_total",
                                     "Entries moved to the dead-letter table.",
                                     {"consumer", "stream"})),
      pending_(registry.Gauge("jstedu_consumer_pending",
                              "Entries delivered to the group, not yet acked.",
                              {"consumer", "stream"})),
      lag_(registry.Gauge("jstedu_consumer_lag",
                          "Entries in the stream not yet delivered to the "
                          "group.",
                          {"consumer", "stream"})) {
  // Every counter exists from the start at 0: an alert on increase() sees
  // the first failure or dead letter (a series born at 1 has no increase).
  for (metrics::CounterFamily* counter :
       {&processed_, &failures_, &dead_letters_}) {
    counter->Inc({options_.name, options_.stream}, 0);
  }
}

Consumer::~Consumer() { Stop(); }

absl::Status Consumer::EnsureGroup() {
  auto reply = redis_.Command(
      {"XGROUP", "CREATE", options_.stream, options_.name, "0", "MKSTREAM"});
  if (!reply.ok()) return reply.status();
  if (reply->is_error() && !absl::StartsWith(reply->str, "BUSYGROUP")) {
    return absl::UnavailableError(reply->str);
  }
  if (!reply->is_error()) {
    log::Info("consumer_group_created",
              {{"consumer", options_.name}, {"stream", options_.stream}});
  }
  return absl::OkStatus();
}

namespace {

std::vector<redis::Reply> EntriesOf(const redis::Reply& list) {
  return list.type == redis::Reply::Type::kArray ? list.elements
                                                 : std::vector<redis::Reply>{};
}

}  // namespace

absl::StatusOr<std::optional<redis::Reply>> Consumer::GroupCommand(
    const std::vector<std::string>& argv) {
  auto reply = redis_.Command(argv);
  if (!reply.ok()) return reply.status();
  if (!reply->is_error()) return std::optional<redis::Reply>(std::move(*reply));
  if (!absl::StartsWith(reply->str, "NOGROUP")) {
    return absl::UnavailableError(reply->str);
  }
  if (auto status = EnsureGroup(); !status.ok()) return status;
  return std::optional<redis::Reply>();
}

void Consumer::AppendEntries(const redis::Reply& list,
                             std::vector<Entry>* entries) {
  for (const redis::Reply& raw : EntriesOf(list)) {
    Entry entry;
    std::map<std::string, std::string> fields;
    if (!ParseEntry(raw, &entry.id, &fields)) continue;
    entry.event_id = fields["event_id"];
    entry.event_type = fields["event_type"];
    entry.envelope = fields["envelope"];
    entries->push_back(std::move(entry));
  }
}

absl::StatusOr<std::vector<Consumer::Entry>> Consumer::Reclaim() {
  auto reply = GroupCommand(
      {"XAUTOCLAIM", options_.stream, options_.name, options_.instance,
       std::to_string(options_.reclaim_idle.count()), reclaim_cursor_, "COUNT",
       std::to_string(options_.batch_size)});
  if (!reply.ok()) return reply.status();
  std::vector<Entry> entries;
  if (!reply->has_value() || (*reply)->elements.size() < 2) return entries;
  // [next cursor, entries, deleted ids]
  reclaim_cursor_ = (*reply)->elements[0].str;
  AppendEntries((*reply)->elements[1], &entries);
  for (Entry& entry : entries) entry.reclaimed = true;
  return entries;
}

absl::StatusOr<std::vector<Consumer::Entry>> Consumer::ReadNew() {
  auto reply =
      GroupCommand({"XREADGROUP", "GROUP", options_.name, options_.instance,
                    "COUNT", std::to_string(options_.batch_size), "BLOCK",
                    std::to_string(options_.block.count()), "STREAMS",
                    options_.stream, ">"});
  if (!reply.ok()) return reply.status();
  std::vector<Entry> entries;
  if (!reply->has_value()) return entries;
  // [[stream, entries]] or nil when BLOCK timed out.
  for (const redis::Reply& stream : EntriesOf(**reply)) {
    if (stream.elements.size() == 2)
      AppendEntries(stream.elements[1], &entries);
  }
  return entries;
}

absl::Status Consumer::Ack(const std::vector<std::string>& ids) {
  std::vector<std::string> argv = {"XACK", options_.stream, options_.name};
  argv.insert(argv.end(), ids.begin(), ids.end());
  auto reply = redis_.Command(argv);
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) return absl::UnavailableError(reply->str);
  return absl::OkStatus();
}

bool Consumer::CountIn(pqxx::transaction_base& tx, const Entry& entry,
                       const std::string& key, const std::string& error,
                       bool increment, int limit) {
  int attempts = pg::Exec1(tx, kCountFailure, options_.name, key, error,
                           increment ? 1 : 0)[0]
                     .as<int>();
  if (attempts < limit) return false;
  pg::Exec(tx, kDeadLetter, options_.name, options_.stream, entry.id, key,
           entry.event_type, pqxx::binarystring(entry.envelope), attempts,
           error, absl::StrCat("consumer ", options_.instance));
  pg::Exec(tx, kClearFailures, options_.name, key);
  return true;
}

absl::Status Consumer::CountDelivery(const Entry& entry, const std::string& key,
                                     const std::string& error, bool increment,
                                     int limit, bool* dead) {
  *dead = false;
  return pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
    *dead = CountIn(tx, entry, key, error, increment, limit);
    return absl::OkStatus();
  });
}

absl::Status Consumer::CountRedelivery(const Entry& entry,
                                       const std::string& event_id,
                                       bool* dead) {
  *dead = false;
  return pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
    // A stale copy of an applied event (a relay's duplicate, or an entry
    // whose XACK was lost) is no failure: it only gets acknowledged.
    if (pg::Exec1(tx, kApplied, options_.name, event_id)[0].as<int>() > 0) {
      pg::Exec(tx, kClearFailures, options_.name, event_id);
      return absl::OkStatus();
    }
    *dead = CountIn(tx, entry, event_id, kUnfinished, /*increment=*/true,
                    options_.max_deliveries + 1);
    return absl::OkStatus();
  });
}

absl::Status Consumer::Apply(const EventEnvelope& envelope) {
  return pg::RunInTransaction(
      pool_, [&](pqxx::transaction_base& tx) -> absl::Status {
        auto inserted = pg::Exec(tx, kInsertInbox, options_.name,
                                 envelope.event_id(), envelope.event_type());
        // Applied or not, a count raised for this event ends here: a redelivery
        // counted while another consumer applied it is no failure.
        pg::Exec(tx, kClearFailures, options_.name, envelope.event_id());
        if (inserted.affected_rows() == 0)
          return absl::OkStatus();  // applied before
        return ApplyAlone(*handler_, tx, envelope);
      });
}

absl::StatusOr<bool> Consumer::DeadLettered(const Entry& entry,
                                            const std::string& event_id,
                                            const absl::Status& cause) {
  log::Warn("consumer_dead_letter",
            {{"consumer", options_.name},
             {"event_id", event_id},
             {"entry_id", entry.id},
             {"event_type", entry.event_type},
             {"code", absl::StatusCodeToString(cause.code())}});
  dead_letters_.Inc({options_.name, options_.stream});
  if (auto ack = Ack({entry.id}); !ack.ok()) return ack;
  return true;
}

bool Consumer::Readable(const Entry& entry, EventEnvelope* envelope) {
  return envelope->ParseFromString(entry.envelope) &&
         IsUuid(envelope->event_id()) && envelope->event_id() == entry.event_id;
}

absl::StatusOr<bool> Consumer::Handle(const Entry& entry) {
  EventEnvelope envelope;
  bool dead = false;
  if (!Readable(entry, &envelope)) {
    // No retry can make an unreadable entry readable.
    absl::Status unreadable =
        absl::InvalidArgumentError("unreadable stream entry");
    // Keyed by stream and entry id: one consumer group name reads several
    // streams (reporting reads three), whose entry ids may coincide.
    absl::Status recorded = CountDelivery(
        entry, absl::StrCat("entry:", options_.stream, ":", entry.id),
        std::string(unreadable.message()),
        /*increment=*/true, /*limit=*/1, &dead);
    if (!recorded.ok()) return recorded;
    return DeadLettered(entry, "", unreadable);
  }
  const std::string& key = envelope.event_id();
  if (entry.reclaimed) {
    // A redelivery is counted before it runs, so an event that crashes the
    // process is counted too; one past the limit is not run again. A copy
    // of an event already applied is not counted.
    absl::Status counted = CountRedelivery(entry, key, &dead);
    if (!counted.ok()) return counted;
    if (dead) return DeadLettered(entry, key, absl::AbortedError(kUnfinished));
  }
  absl::Status status = Apply(envelope);
  if (status.ok()) {
    if (after_commit_hook) after_commit_hook(envelope);
    if (auto ack = Ack({entry.id}); !ack.ok()) return ack;
    processed_.Inc({options_.name, options_.stream});
    return true;
  }
  if (absl::IsUnavailable(status)) return status;  // not the event's fault
  return DeliveryFailed(entry, key, status);
}

absl::StatusOr<bool> Consumer::DeliveryFailed(const Entry& entry,
                                              const std::string& event_id,
                                              const absl::Status& cause) {
  failures_.Inc({options_.name, options_.stream});
  bool dead = false;
  absl::Status recorded = CountDelivery(entry, event_id, pg::LogText(cause),
                                        /*increment=*/!entry.reclaimed,
                                        options_.max_deliveries, &dead);
  if (!recorded.ok()) return recorded;
  if (dead) return DeadLettered(entry, event_id, cause);
  log::Warn("consumer_delivery_failed",
            {{"consumer", options_.name},
             {"event_id", event_id},
             {"entry_id", entry.id},
             {"event_type", entry.event_type},
             {"code", absl::StatusCodeToString(cause.code())}});
  return false;
}

absl::Status Consumer::ApplyBatch(const std::vector<Delivery>& batch,
                                  size_t* failed_at) {
  std::vector<std::string> event_ids;
  std::vector<std::string> event_types;
  for (const Delivery& delivery : batch) {
    event_ids.push_back(delivery.envelope.event_id());
    event_types.push_back(delivery.envelope.event_type());
  }
  const std::string ids = pg::TextArrayLiteral(event_ids);
  return pg::RunInTransaction(
      pool_, [&](pqxx::transaction_base& tx) -> absl::Status {
        *failed_at = batch.size();
        handler_->Begin();
        std::set<std::string> fresh;  // not applied before this transaction
        for (const pqxx::row& row :
             pg::Exec(tx, kInsertInboxBatch, options_.name, ids,
                      pg::TextArrayLiteral(event_types))) {
          fresh.insert(row[0].as<std::string>());
        }
        // As in Apply: a count raised for any of these events ends here.
        pg::Exec(tx, kClearBatchFailures, options_.name, ids);
        for (size_t i = 0; i < batch.size(); ++i) {
          // The first copy of an event takes effect; later ones are stale.
          if (fresh.erase(absl::AsciiStrToLower(event_ids[i])) == 0) continue;
          absl::Status applied;
          try {
            applied = handler_->Apply(tx, batch[i].envelope);
          } catch (const std::exception& error) {
            applied = pg::StatusFromException(error);
            // A lost connection or a serialization failure is not the
            // event's fault: the whole batch fails or is retried.
            if (absl::IsUnavailable(applied) || absl::IsAborted(applied)) throw;
          }
          if (!applied.ok()) {
            *failed_at = i;
            return applied;
          }
        }
        // A failure here is no one event's: failed_at stays batch.size(),
        // and each event is retried in a transaction of its own.
        return handler_->Finish(tx);
      });
}

absl::StatusOr<int> Consumer::HandleFresh(const std::vector<Entry>& entries) {
  int acked = 0;
  std::vector<Delivery> batch;
  for (const Entry& entry : entries) {
    Delivery delivery{&entry, {}};
    if (!Readable(entry, &delivery.envelope)) {
      auto handled = Handle(entry);  // dead-lettered at once
      if (!handled.ok()) return handled.status();
      if (*handled) ++acked;
      continue;
    }
    batch.push_back(std::move(delivery));
  }
  if (batch.empty()) return acked;
  size_t failed_at = batch.size();
  absl::Status status = ApplyBatch(batch, &failed_at);
  if (status.ok()) {
    std::vector<std::string> entry_ids;
    for (const Delivery& delivery : batch) {
      if (after_commit_hook) after_commit_hook(delivery.envelope);
      entry_ids.push_back(delivery.entry->id);
    }
    if (auto ack = Ack(entry_ids); !ack.ok()) return ack;
    processed_.Inc({options_.name, options_.stream},
                   static_cast<double>(batch.size()));
    return acked + static_cast<int>(batch.size());
  }
  // Not the events' fault: retried after reclaim_idle.
  if (absl::IsUnavailable(status)) return status;
  // Something in the batch failed: its entries go one by one, each in a
  // transaction of its own, as before batching. The entry whose handler
  // failed is counted without running it again.
  for (size_t i = 0; i < batch.size(); ++i) {
    auto handled = i == failed_at
                       ? DeliveryFailed(*batch[i].entry,
                                        batch[i].envelope.event_id(), status)
                       : Handle(*batch[i].entry);
    if (!handled.ok()) return handled.status();
    if (*handled) ++acked;
  }
  return acked;
}

absl::Status Consumer::ReplayOne(int64_t id) {
  const std::string actor = absl::StrCat("consumer ", options_.instance);
  std::string event_id;
  absl::Status applied = pg::RunInTransaction(
      pool_, [&](pqxx::transaction_base& tx) -> absl::Status {
        pqxx::result rows = pg::Exec(tx, kLockReplay, id);
        if (rows.empty()) return absl::OkStatus();
        EventEnvelope envelope;
        if (!envelope.ParseFromString(
                pqxx::binarystring(rows[0]["envelope"]).str())) {
          return absl::InvalidArgumentError(
              "the stored envelope cannot be read");
        }
        event_id = envelope.event_id();
        auto inserted = pg::Exec(tx, kInsertInbox, options_.name,
                                 envelope.event_id(), envelope.event_type());
        pg::Exec(tx, kClearFailures, options_.name, envelope.event_id());
        // Applied meanwhile (the producer published it again): the inbox
        // row says so, and nothing is applied twice.
        const bool fresh = inserted.affected_rows() > 0;
        if (fresh) {
          absl::Status status = ApplyAlone(*handler_, tx, envelope);
          if (!status.ok()) return status;
        }
        pg::Exec(tx, kReplayed, id);
        RecordDeadLetterAction(tx, id, "replayed", actor,
                               fresh ? "" : "applied before: nothing done");
        pg::MarkWritten(tx);
        return absl::OkStatus();
      });
  if (applied.ok()) {
    if (!event_id.empty()) {
      log::Info("dead_letter_replayed", {{"consumer", options_.name},
                                         {"dead_letter", std::to_string(id)},
                                         {"event_id", event_id}});
    }
    return absl::OkStatus();
  }
  if (absl::IsUnavailable(applied)) return applied;  // tried again later
  const std::string error = pg::LogText(applied);
  log::Warn("dead_letter_replay_failed",
            {{"consumer", options_.name},
             {"dead_letter", std::to_string(id)},
             {"event_id", event_id},
             {"code", absl::StatusCodeToString(applied.code())}});
  return pg::RunInTransaction(pool_, [&](pqxx::transaction_base& tx) {
    if (pg::Exec(tx, kReplayFailed, id, error).affected_rows() > 0) {
      RecordDeadLetterAction(tx, id, "replay_failed", actor, error);
    }
    pg::MarkWritten(tx);
    return absl::OkStatus();
  });
}

absl::Status Consumer::ReplayRequested() {
  auto ids = pg::RunInTransactionFor<std::vector<int64_t>>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<std::vector<int64_t>> {
        std::vector<int64_t> found;
        for (const pqxx::row& row :
             pg::Exec(tx, kReplayRequested, options_.name, options_.stream)) {
          found.push_back(row[0].as<int64_t>());
        }
        return found;
      },
      {pg::Isolation::kSingleStatementRead});
  if (!ids.ok()) return ids.status();
  for (int64_t id : *ids) {
    if (auto status = ReplayOne(id); !status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> Consumer::PollOnce() {
  if (std::chrono::steady_clock::now() >= next_replay_check_) {
    if (auto replayed = ReplayRequested(); !replayed.ok()) return replayed;
    next_replay_check_ =
        std::chrono::steady_clock::now() + options_.replay_check;
  }
  auto reclaimed = Reclaim();
  if (!reclaimed.ok()) return reclaimed.status();
  std::vector<Entry> entries = std::move(*reclaimed);
  if (entries.empty()) {
    auto fresh = ReadNew();
    if (!fresh.ok()) return fresh.status();
    return HandleFresh(*fresh);
  }
  // Redeliveries one by one: each is counted before it runs.
  int acked = 0;
  for (const Entry& entry : entries) {
    auto handled = Handle(entry);
    if (!handled.ok()) return handled.status();  // retried after reclaim_idle
    if (*handled) ++acked;
  }
  return acked;
}

absl::Status Consumer::UpdateLagMetrics() {
  auto reply = redis_.Command({"XINFO", "GROUPS", options_.stream});
  if (!reply.ok()) return reply.status();
  if (reply->is_error()) return absl::OkStatus();  // stream not there yet
  for (const redis::Reply& group : EntriesOf(*reply)) {
    std::map<std::string, const redis::Reply*> fields;
    for (size_t i = 0; i + 1 < group.elements.size(); i += 2) {
      fields[group.elements[i].str] = &group.elements[i + 1];
    }
    if (fields.count("name") == 0 || fields["name"]->str != options_.name) {
      continue;
    }
    if (fields.count("pending")) {
      pending_.Set({options_.name, options_.stream},
                   static_cast<double>(fields["pending"]->integer));
    }
    if (fields.count("lag") &&
        fields["lag"]->type == redis::Reply::Type::kInteger) {
      lag_.Set({options_.name, options_.stream},
               static_cast<double>(fields["lag"]->integer));
    }
  }
  return absl::OkStatus();
}

std::chrono::milliseconds Consumer::Step() {
  auto acked = PollOnce();
  if (acked.ok() && std::chrono::steady_clock::now() >= next_lag_update_) {
    (void)UpdateLagMetrics();
    next_lag_update_ =
        std::chrono::steady_clock::now() + std::chrono::seconds(5);
  }
  if (!acked.ok()) {
    if (!last_step_failed_) {
      log::Warn("consumer_failing", {{"consumer", options_.name},
                                     {"error", pg::LogText(acked.status())}});
    }
    last_step_failed_ = true;
    return options_.error_wait;
  }
  if (last_step_failed_)
    log::Info("consumer_recovered", {{"consumer", options_.name}});
  last_step_failed_ = false;
  return std::chrono::milliseconds(0);  // XREADGROUP BLOCK paces the loop
}

void Consumer::Start() {
  (void)EnsureGroup();
  loop_ = std::make_unique<runtime::BackgroundLoop>("consumer-" + options_.name,
                                                    [this] { return Step(); });
  loop_->Start();
}

void Consumer::Stop() {
  if (loop_) loop_->Stop();
}

}  // namespace jstedu::events
