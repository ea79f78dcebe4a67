#pragma once

// The outbox relay: moves committed outbox rows to the producer's Redis
// stream.
//
// One pass (PublishBatch) locks up to `batch_size` unpublished rows with
// FOR UPDATE SKIP LOCKED (several relays share the work without waiting on
// each other), XADDs each as an entry {event_id, event_type, envelope} and
// marks them published in the same transaction. If the relay dies or Redis
// fails mid-batch the transaction rolls back and the rows are published
// again later: entries may be duplicated, never lost. Consumers deduplicate
// by event id. Entries of one producer are in outbox order for a single
// relay; with several relays only per-batch order holds.
//
// Redis losing its data (restart without persistence, flush) is detected by
// a marker key "<stream>:epoch" that the relay keeps: when the marker is
// missing, every retained outbox row is marked unpublished and published
// again, so PostgreSQL replays what Redis lost. Published rows are deleted
// after `retention`.
//
// Metrics: jstedu_outbox_backlog, jstedu_outbox_oldest_unpublished_age_seconds,
// jstedu_outbox_published_total, jstedu_outbox_replays_total (label producer).
//
// Thread-safe to Start/Stop; PublishBatch is for one thread at a time.

#include <chrono>
#include <functional>
#include <memory>
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
  int batch_size = 100;
  std::chrono::milliseconds idle_wait{200};
  std::chrono::milliseconds error_wait{1000};
  std::chrono::hours retention{24 * 7};
  // XADD MAXLEN ~ bound, so an unconsumed stream cannot eat Redis' memory.
  long long max_stream_length = 1000000;
};

class Relay {
 public:
  Relay(pg::Pool& pool, redis::ClientOptions redis, RelayOptions options,
        metrics::Registry& registry = metrics::Registry::Default());
  ~Relay();

  // Publishes one batch; returns how many rows it published.
  absl::StatusOr<int> PublishBatch();
  // Refreshes the backlog gauges from the outbox.
  absl::Status UpdateBacklogMetrics();

  void Start();
  void Stop();

  // Test hook: runs after each successful XADD with the count so far in the
  // batch (a test makes the process die here to prove nothing is lost).
  std::function<void(int)> after_xadd_hook;

 private:
  absl::Status ReplayIfRedisLostData();
  std::chrono::milliseconds Step();

  pg::Pool& pool_;
  redis::Client redis_;
  const RelayOptions options_;
  metrics::GaugeFamily& backlog_;
  metrics::GaugeFamily& oldest_age_;
  metrics::CounterFamily& published_;
  metrics::CounterFamily& replays_;
  std::chrono::steady_clock::time_point next_cleanup_{};
  bool last_step_failed_ = false;
  std::unique_ptr<runtime::BackgroundLoop> loop_;
};

}  // namespace jstedu::events
