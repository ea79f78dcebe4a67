#pragma once

// The outbox relay: moves committed outbox rows to the producer's Redis
// stream.
//
// Publishing. A batch locks up to `batch_size` unpublished rows with
// FOR UPDATE SKIP LOCKED (several relays share the work without waiting on
// each other), XADDs each as an entry {event_id, event_type, envelope} (the
// batch's XADDs pipelined: one round trip), and in the same transaction
// marks them published with the entry id Redis gave them. If the relay dies or
// Redis fails mid-batch the transaction rolls back and the rows are published
// again later: entries may be duplicated, never lost. Consumers deduplicate by
// event id. Order holds within a batch of one relay, not across relays.
//
// Verification. Redis may come back from a restart without its latest
// writes (AOF fsync window, an older snapshot, a lagging replica) or lose
// keys without restarting (FLUSHALL). Before each batch the relay compares
// Redis's INFO run_id with the one recorded in relay_state and checks a
// marker key "<stream>:epoch". When either differs, it takes an EXCLUSIVE
// advisory lock on the stream (batches hold it SHARED from before their
// first XADD to their commit, so none is in flight), reads the stream's
// entry ids and marks every retained published row whose entry is gone as
// unpublished, then records the run_id and sets the marker. PostgreSQL thus
// replays exactly what Redis lost (jstedu_outbox_replays_total counts rows).
//
// Waking. After a batch smaller than `batch_size` the relay waits until a
// transaction of this process that appended events commits (OutboxSignal in
// outbox.h), so an event is published milliseconds after its commit;
// `idle_wait` bounds the wait, so the relay still polls for rows committed
// by other processes (replicas, tools) or without RunInTransaction. No
// NOTIFY: PostgreSQL serialises the commits of notifying transactions.
//
// Retention. Published rows are deleted after `retention`; the stream is
// trimmed (XTRIM MINID) to the same horizon, so every entry a lagging
// consumer can still read is also replayable.
//
// Metrics (refreshed at most once a second): jstedu_outbox_backlog,
// jstedu_outbox_oldest_unpublished_age_seconds, jstedu_outbox_published_total,
// jstedu_outbox_replays_total (label producer).
//
// Thread-safe to Start/Stop; PublishBatch is for one thread at a time.

#include <chrono>
#include <functional>
#include <memory>
#include <pqxx/transaction_base>
#include <string>

#include "absl/status/statusor.h"
#include "common/metrics/metrics.h"
#include "common/pg/pool.h"
#include "common/redis/client.h"
#include "common/runtime/background_loop.h"

namespace jstedu::events {

struct RelayOptions {
  std::string producer;  // e.g. "recruitment"
  std::string stream;    // StreamName(prefix, producer)
  int batch_size = 500;
  std::chrono::milliseconds idle_wait{200};
  std::chrono::milliseconds error_wait{1000};
  std::chrono::hours retention{24 * 7};
};

class Relay {
 public:
  Relay(pg::Pool& pool, redis::ClientOptions redis, RelayOptions options,
        metrics::Registry& registry = metrics::Registry::Default());
  ~Relay();

  // Verifies the stream if Redis changed, then publishes one batch; returns
  // how many rows it published.
  absl::StatusOr<int> PublishBatch();
  // Refreshes the backlog gauges; every 10 minutes also applies retention.
  absl::Status UpdateBacklogMetrics();

  void Start();
  void Stop();

  // Test hook: runs after each successful XADD reply with the count so far
  // in the batch; the batch's XADDs were all sent before the first reply
  // (a test makes the process die here to prove nothing is lost).
  std::function<void(int)> after_xadd_hook;

 private:
  struct RedisIdentity {
    std::string run_id;   // INFO server's run_id
    bool marker = false;  // "<stream>:epoch" exists
  };
  // Both in one round trip.
  absl::StatusOr<RedisIdentity> ReadRedisIdentity();
  // Verifies published rows against the stream when Redis is not the
  // instance they were last verified against, or lost the marker.
  absl::Status VerifyIfRedisChanged();
  absl::Status Verify(pqxx::transaction_base& tx, const std::string& run_id,
                      long long* replayed);
  absl::Status ApplyRetention(pqxx::transaction_base& tx);
  std::chrono::milliseconds Step();

  pg::Pool& pool_;
  redis::Client redis_;
  const RelayOptions options_;
  const std::string marker_;
  std::string verified_run_id_;  // cache of relay_state for this process
  metrics::GaugeFamily& backlog_;
  metrics::GaugeFamily& oldest_age_;
  metrics::CounterFamily& published_;
  metrics::CounterFamily& replays_;
  std::chrono::steady_clock::time_point next_cleanup_{};
  std::chrono::steady_clock::time_point next_metrics_{};
  bool last_step_failed_ = false;
  std::unique_ptr<runtime::BackgroundLoop> loop_;
};

}  // namespace jstedu::events
