#pragma once

// An idempotent stream consumer on a Redis consumer group.
//
// Each poll first reclaims entries that have been pending longer than
// `reclaim_idle` on any consumer of the group (XAUTOCLAIM: a consumer that
// died between reading and acknowledging, or an earlier failed attempt of
// this one), then reads new entries (XREADGROUP … >). The new entries of a
// read are handled in ONE PostgreSQL transaction: their event ids are
// inserted into the inbox and, for each event that was not there (its first
// copy in the read), the handler applies its effect; after COMMIT the
// entries are XACKed in one command (a BatchHandler's Finish runs once
// before that COMMIT, for work its events share). When anything in that
// transaction
// fails (a handler, or the transaction itself) the read's entries are
// handled one by one instead, in a transaction each, as reclaimed entries
// always are; a handler that failed in the batch is counted without running
// again. A crash between
// COMMIT and XACK therefore leads to a redelivery that finds the inbox row
// and only acknowledges: no double effect. Concurrent deliveries of one
// event serialise on the inbox key.
//
// A handler error is a failed delivery: counted in consumer_failures and
// left pending for a retry after `reclaim_idle`; at `max_deliveries` failures
// the entry is copied to dead_letters and acknowledged. A redelivery is
// counted before the handler runs, so an event whose handling kills the
// process is dead-lettered too (after max_deliveries redeliveries, without
// running it again). A redelivered copy of an event the inbox already holds
// (a stale copy: a relay's duplicate, a lost XACK) is never counted: it is
// acknowledged, and any count left for the event is cleared. Entries whose
// envelope cannot be read are dead-lettered at once. Unavailable (database
// down) is not counted: the entry waits for the database to come back. A lost
// group (Redis flushed or restarted without persistence; NOGROUP) is re-created
// from the start of the stream; the inbox absorbs the repeats.
//
// Metrics (labels consumer, stream): jstedu_consumer_processed_total,
// jstedu_consumer_failures_total, jstedu_dead_letters_total,
// jstedu_consumer_pending, jstedu_consumer_lag.
//
// Stop() lets the entries already read finish and be acknowledged.
// PollOnce is for one thread at a time.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/events/outbox.h"
#include "common/metrics/metrics.h"
#include "common/pg/pool.h"
#include "common/redis/client.h"
#include "common/runtime/background_loop.h"

namespace jstedu::events {

struct ConsumerOptions {
  std::string name;      // consumer group and inbox key, e.g. "training"
  std::string stream;    // the producer's stream
  std::string instance;  // unique per process, e.g. "<host>-<pid>"
  int batch_size = 256;
  std::chrono::milliseconds block{500};
  std::chrono::milliseconds reclaim_idle{10000};
  int max_deliveries = 5;
  std::chrono::milliseconds error_wait{1000};
  // How often PollOnce looks for dead letters of this stream an operator
  // asked to replay (dead_letters.h).
  std::chrono::milliseconds replay_check{1000};
};

// Applies one event inside the inbox transaction. Returns OK to commit; any
// other status rolls back and counts as a failed delivery. Throwing a pqxx
// exception is allowed (mapped like the transaction helper does).
using Handler =
    std::function<absl::Status(pqxx::transaction_base&, const EventEnvelope&)>;

// A handler whose events share work done once at the end of their
// transaction: Apply runs for each event the transaction applies, as a
// Handler does, then Finish once before COMMIT, for what the events left to
// it (reporting recounts each application its events touched once per batch,
// not once per event: a backlog of one application's events is applied in
// time linear in its size, not quadratic). Begin runs as each transaction
// (or a retry of it) starts, so what a failed one left is dropped. A
// consumer calls its handler from one thread at a time.
class BatchHandler {
 public:
  virtual ~BatchHandler() = default;
  virtual void Begin() = 0;
  virtual absl::Status Apply(pqxx::transaction_base& tx,
                             const EventEnvelope& envelope) = 0;
  // After the transaction's last Apply succeeded. Returns OK to commit; any
  // other status (or a pqxx exception) fails the transaction as a failed
  // Apply would, and its events are retried one transaction each.
  virtual absl::Status Finish(pqxx::transaction_base& tx) = 0;
};

// A Handler as a BatchHandler with nothing to finish.
std::unique_ptr<BatchHandler> PerEvent(Handler handler);

// One event as the whole of `tx`'s work: Begin, Apply, then Finish if the
// event applied.
absl::Status ApplyAlone(BatchHandler& handler, pqxx::transaction_base& tx,
                        const EventEnvelope& envelope);

class Consumer {
 public:
  Consumer(pg::Pool& pool, redis::ClientOptions redis, ConsumerOptions options,
           Handler handler,
           metrics::Registry& registry = metrics::Registry::Default());
  Consumer(pg::Pool& pool, redis::ClientOptions redis, ConsumerOptions options,
           std::unique_ptr<BatchHandler> handler,
           metrics::Registry& registry = metrics::Registry::Default());
  ~Consumer();

  // Replays the dead letters asked for (at most every replay_check), then
  // reclaims, reads and handles one batch; returns how many entries were
  // acknowledged (applied, duplicate or dead-lettered).
  absl::StatusOr<int> PollOnce();
  absl::Status UpdateLagMetrics();

  void Start();
  void Stop();

  // Test hook: runs for each entry after its transaction committed and
  // before its XACK (a test makes the process die here).
  std::function<void(const EventEnvelope&)> after_commit_hook;

 private:
  struct Entry {
    std::string id;
    std::string event_id;
    std::string event_type;
    std::string envelope;
    bool reclaimed = false;  // delivered before (XAUTOCLAIM)
  };
  // Runs a group command; nullopt when the group was missing and has just
  // been re-created (NOGROUP).
  absl::StatusOr<std::optional<redis::Reply>> GroupCommand(
      const std::vector<std::string>& argv);
  static void AppendEntries(const redis::Reply& list,
                            std::vector<Entry>* entries);
  absl::StatusOr<std::vector<Entry>> Reclaim();
  absl::StatusOr<std::vector<Entry>> ReadNew();
  absl::Status EnsureGroup();
  // A readable entry and its envelope, in a batch.
  struct Delivery {
    const Entry* entry;
    EventEnvelope envelope;
  };
  static bool Readable(const Entry& entry, EventEnvelope* envelope);
  // Handles one entry; true when it was acknowledged.
  absl::StatusOr<bool> Handle(const Entry& entry);
  // Handles entries read for the first time, the readable ones in one
  // transaction; returns how many were acknowledged.
  absl::StatusOr<int> HandleFresh(const std::vector<Entry>& entries);
  // Inbox rows and effects of `batch` in one transaction. When a handler
  // fails, sets *failed_at to its index and returns its status; otherwise
  // *failed_at is batch.size().
  absl::Status ApplyBatch(const std::vector<Delivery>& batch,
                          size_t* failed_at);
  // Counts a failed delivery (dead-letters it at max_deliveries); true when
  // the entry was acknowledged.
  absl::StatusOr<bool> DeliveryFailed(const Entry& entry,
                                      const std::string& event_id,
                                      const absl::Status& cause);
  // Inbox row and effect in one transaction.
  absl::Status Apply(const EventEnvelope& envelope);
  // The dead letters of this consumer and stream an operator asked to
  // replay, each applied through the inbox and marked replayed in one
  // transaction, or opened again with the new error.
  absl::Status ReplayRequested();
  absl::Status ReplayOne(int64_t id);
  // Counts a delivery of `key` (or, with increment false, records the error
  // of one already counted); at `limit` attempts moves the entry to
  // dead_letters and sets *dead.
  absl::Status CountDelivery(const Entry& entry, const std::string& key,
                             const std::string& error, bool increment,
                             int limit, bool* dead);
  // Counts a redelivery of `event_id` before it runs (limit max_deliveries
  // + 1), unless the inbox already has the event: a stale copy of an applied
  // event is never a failure, and clears any count left for it.
  absl::Status CountRedelivery(const Entry& entry, const std::string& event_id,
                               bool* dead);
  // CountDelivery's work inside `tx`; true when the entry was dead-lettered.
  bool CountIn(pqxx::transaction_base& tx, const Entry& entry,
               const std::string& key, const std::string& error, bool increment,
               int limit);
  // Logs, counts and acknowledges a dead-lettered entry.
  absl::StatusOr<bool> DeadLettered(const Entry& entry,
                                    const std::string& event_id,
                                    const absl::Status& cause);
  absl::Status Ack(const std::vector<std::string>& ids);
  std::chrono::milliseconds Step();

  pg::Pool& pool_;
  redis::Client redis_;
  const ConsumerOptions options_;
  const std::unique_ptr<BatchHandler> handler_;
  std::string reclaim_cursor_ = "0-0";
  bool last_step_failed_ = false;
  std::chrono::steady_clock::time_point next_lag_update_{};
  std::chrono::steady_clock::time_point next_replay_check_{};
  metrics::CounterFamily& processed_;
  metrics::CounterFamily& failures_;
  metrics::CounterFamily& dead_letters_;
  metrics::GaugeFamily& pending_;
  metrics::GaugeFamily& lag_;
  std::unique_ptr<runtime::BackgroundLoop> loop_;
};

}  // namespace jstedu::events
