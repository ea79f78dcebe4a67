#pragma once

// Test fixture for the event pipeline (outbox → relay → stream → consumer),
// shared by the event tests and the server-restart tests.

#include <google/protobuf/wrappers.pb.h>

#include <memory>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/events/consumer.h"
#include "common/events/migrations.h"
#include "common/events/outbox.h"
#include "common/events/relay.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "gtest/gtest.h"

namespace jstedu::testing {

using ::jstedu::events::Consumer;
using ::jstedu::events::ConsumerOptions;
using ::jstedu::events::EventEnvelope;
using ::jstedu::events::Handler;
using ::jstedu::events::Relay;
using ::jstedu::events::RelayOptions;

// A producer's outbox, its relay and a consumer that records each event's
// effect in table `effects` (no unique key, so a double effect shows), all
// in a fresh schema and Redis key space.
class EventPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(schema_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    // No unique key on purpose: a double effect would show as two rows.
    schema_.Query(
        "CREATE TABLE effects (event_id uuid NOT NULL, body text NOT NULL)");
    stream_ = events::StreamName(keyspace_.prefix(), "producer");
  }

  // Commits `count` events, one transaction each, bodies "<tag>-<i>".
  std::vector<std::string> Produce(int count, const std::string& tag = "e") {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      absl::Status status =
          pg::RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
            google::protobuf::StringValue payload;
            payload.set_value(absl::StrCat(tag, "-", i));
            ids.push_back(
                events::AppendEvent(tx, payload, absl::StrCat("agg-", i)));
            return absl::OkStatus();
          });
      EXPECT_TRUE(status.ok()) << status;
    }
    return ids;
  }

  RelayOptions MakeRelayOptions() {
    RelayOptions options;
    options.producer = "producer";
    options.stream = stream_;
    options.batch_size = 100;
    options.idle_wait = std::chrono::milliseconds(20);
    options.error_wait = std::chrono::milliseconds(100);
    return options;
  }

  ConsumerOptions MakeConsumerOptions(const std::string& instance) {
    ConsumerOptions options;
    options.name = "reader";
    options.stream = stream_;
    options.instance = instance;
    options.block = std::chrono::milliseconds(50);
    options.reclaim_idle = std::chrono::milliseconds(100);
    options.error_wait = std::chrono::milliseconds(100);
    options.replay_check = std::chrono::milliseconds(0);
    return options;
  }

  // Records the event; fails for bodies starting with "poison" (an error
  // status, until poison_fixed_: the cause fixed) or "broken" (a statement
  // PostgreSQL refuses: an exception).
  Handler RecordingHandler() {
    return [this](pqxx::transaction_base& tx, const EventEnvelope& envelope) {
      google::protobuf::StringValue payload;
      envelope.payload().UnpackTo(&payload);
      if (payload.value().rfind("poison", 0) == 0 && !poison_fixed_) {
        ++poison_calls_;
        return absl::InternalError("poison");
      }
      if (payload.value().rfind("broken", 0) == 0) {
        ++poison_calls_;
        tx.exec0("SELECT 1/0");
      }
      tx.exec_params("INSERT INTO effects VALUES ($1::uuid, $2)",
                     envelope.event_id(), payload.value());
      return absl::OkStatus();
    };
  }

  std::unique_ptr<Relay> MakeRelay(pg::Pool& pool) {
    return std::make_unique<Relay>(pool, keyspace_.options(),
                                   MakeRelayOptions(), registry_);
  }
  std::unique_ptr<Consumer> MakeConsumer(pg::Pool& pool,
                                         const std::string& instance) {
    return std::make_unique<Consumer>(pool, keyspace_.options(),
                                      MakeConsumerOptions(instance),
                                      RecordingHandler(), registry_);
  }

  void PublishAll(Relay& relay) {
    for (int i = 0; i < 100; ++i) {
      auto published = relay.PublishBatch();
      ASSERT_TRUE(published.ok()) << published.status();
      if (*published == 0) return;
    }
  }

  // Polls until `effects` holds `expected` rows (bounded).
  void ConsumeUntil(Consumer& consumer, int expected) {
    bool done = WaitUntil(
        [&] {
          auto polled = consumer.PollOnce();
          EXPECT_TRUE(polled.ok()) << polled.status();
          return EffectCount() >= expected && PendingCount() == 0;
        },
        std::chrono::seconds(20));
    EXPECT_TRUE(done) << "effects " << EffectCount() << " of " << expected
                      << ", pending " << PendingCount();
  }

  int EffectCount() {
    return std::stoi(schema_.Query("SELECT count(*) FROM effects"));
  }
  // Event ids with more than one effect.
  int DoubleEffects() {
    return std::stoi(
        schema_.Query("SELECT count(*) FROM (SELECT event_id FROM effects "
                      "GROUP BY 1 HAVING count(*) > 1) d"));
  }
  long long PendingCount() {
    auto reply = keyspace_.Client()->Command({"XPENDING", stream_, "reader"});
    if (!reply.ok() || reply->is_error() || reply->elements.empty()) return 0;
    return reply->elements[0].integer;
  }
  long long StreamLength() {
    auto reply = keyspace_.Client()->Command({"XLEN", stream_});
    return reply.ok() ? reply->integer : -1;
  }

  TestSchema schema_;
  TestKeyspace keyspace_;
  std::string stream_;
  metrics::Registry registry_;
  int poison_calls_ = 0;
  bool poison_fixed_ = false;
};

}  // namespace jstedu::testing
