// The event mechanism end to end against real PostgreSQL and Redis:
// outbox → relay → stream → consumer → inbox, and its failure modes.
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <sstream>
#include <thread>

#include "absl/strings/str_join.h"
#include "common/events/dead_letters.h"
#include "common/testing/event_pipeline.h"
#include "gmock/gmock.h"

namespace jstedu::events {
namespace {

using EventsTest = ::jstedu::testing::EventPipelineTest;

TEST_F(EventsTest, EveryCommittedEventTakesEffectOnce) {
  std::vector<std::string> ids = Produce(50);
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  EXPECT_EQ(StreamLength(), 50);
  EXPECT_EQ(
      schema_.Query("SELECT count(*) FROM outbox WHERE published_at IS NULL"),
      "0");

  auto consumer = MakeConsumer(schema_.pool(), "c1");
  ConsumeUntil(*consumer, 50);
  EXPECT_EQ(EffectCount(), 50);
  EXPECT_EQ(DoubleEffects(), 0);
  EXPECT_EQ(
      schema_.Query("SELECT count(*) FROM inbox WHERE consumer = 'reader'"),
      "50");
  EXPECT_EQ(registry_
                .Counter("jstedu_consumer_processed_total", "",
                         {"consumer", "stream"})
                .Value({"reader", stream_}),
            50);
}

// The alerts take increase() of these counters: each series must exist at
// 0 before its first event, or the first failure, dead letter or replay
// would show no increase (a series born at 1).
TEST_F(EventsTest, CountersStartAtZero) {
  auto relay = MakeRelay(schema_.pool());
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  const std::string text = registry_.Render();
  for (const char* name :
       {"jstedu_outbox_published_total", "jstedu_outbox_replays_total"}) {
    const std::string series =
        std::string(name) + "{producer=\"producer\"} 0\n";
    EXPECT_NE(text.find(series), std::string::npos) << series << "\n" << text;
  }
  for (const char* name :
       {"jstedu_consumer_processed_total", "jstedu_consumer_failures_total",
        "jstedu_dead_letters_total"}) {
    const std::string series = std::string(name) +
                               "{consumer=\"reader\",stream=\"" + stream_ +
                               "\"} 0\n";
    EXPECT_NE(text.find(series), std::string::npos) << series << "\n" << text;
  }
}

TEST_F(EventsTest, EnvelopeCarriesTheOutboxRow) {
  std::vector<std::string> ids = Produce(1, "hello");
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  auto reply = keyspace_.Client()->Command({"XRANGE", stream_, "-", "+"});
  ASSERT_TRUE(reply.ok());
  ASSERT_EQ(reply->elements.size(), 1u);
  std::map<std::string, std::string> fields;
  const auto& values = reply->elements[0].elements[1].elements;
  for (size_t i = 0; i + 1 < values.size(); i += 2)
    fields[values[i].str] = values[i + 1].str;
  EXPECT_EQ(fields["event_id"], ids[0]);
  EventEnvelope envelope;
  ASSERT_TRUE(envelope.ParseFromString(fields["envelope"]));
  EXPECT_EQ(envelope.event_id(), ids[0]);
  EXPECT_EQ(envelope.event_type(), "google.protobuf.StringValue");
  EXPECT_EQ(envelope.producer(), "producer");
  EXPECT_EQ(envelope.aggregate_id(), "agg-0");
  EXPECT_GT(envelope.occurred_at().seconds(), 0);
  google::protobuf::StringValue payload;
  ASSERT_TRUE(envelope.payload().UnpackTo(&payload));
  EXPECT_EQ(payload.value(), "hello-0");
}

TEST_F(EventsTest, RolledBackChangeLeavesNoEvent) {
  absl::Status status =
      pg::RunInTransaction(schema_.pool(), [&](pqxx::transaction_base& tx) {
        google::protobuf::StringValue payload;
        AppendEvent(tx, payload, "agg");
        return absl::FailedPreconditionError("business says no");
      });
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM outbox"), "0");
}

TEST_F(EventsTest, ConsumerKilledBetweenCommitAndAckCausesNoDoubleEffect) {
  Produce(10);
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);

  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // A consumer process that dies right after its first commit: the
    // batch of all ten events, applied in one transaction.
    auto pool = pg::Pool::Create({schema_.dsn(), schema_.name(), 1});
    if (!pool.ok()) _exit(3);
    auto consumer = MakeConsumer(**pool, "doomed");
    consumer->after_commit_hook = [](const EventEnvelope&) { _exit(0); };
    (void)consumer->PollOnce();
    _exit(4);  // never reached when an event was committed
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(EffectCount(), 10);
  EXPECT_EQ(PendingCount(), 10);  // read but never acknowledged

  // A surviving consumer reclaims the dead one's entries.
  auto survivor = MakeConsumer(schema_.pool(), "survivor");
  ConsumeUntil(*survivor, 10);
  EXPECT_EQ(EffectCount(), 10);
  EXPECT_EQ(DoubleEffects(), 0);
  EXPECT_EQ(PendingCount(), 0);
}

TEST_F(EventsTest, RelayDyingMidBatchLosesNothingAndDuplicatesAreAbsorbed) {
  Produce(10);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto pool = pg::Pool::Create({schema_.dsn(), schema_.name(), 1});
    if (!pool.ok()) _exit(3);
    auto relay = MakeRelay(**pool);
    relay->after_xadd_hook = [](int published) {
      if (published == 5) _exit(0);
    };
    (void)relay->PublishBatch();
    _exit(4);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_EQ(WEXITSTATUS(status), 0);
  // The batch's XADDs were pipelined: all ten reached the stream before the
  // relay read the fifth reply and died.
  EXPECT_EQ(StreamLength(), 10);
  // The dead relay's transaction rolled back: nothing is marked published.
  EXPECT_TRUE(jstedu::testing::WaitUntil(
      [&] {
        return schema_.Query(
                   "SELECT count(*) FROM outbox WHERE published_at IS NULL") ==
               "10";
      },
      std::chrono::seconds(10)));

  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  EXPECT_EQ(StreamLength(), 20);  // 10 duplicates in the stream
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  ConsumeUntil(*consumer, 10);
  EXPECT_EQ(EffectCount(), 10);
  EXPECT_EQ(DoubleEffects(), 0);
}

TEST_F(EventsTest, FifthFailedDeliveryMovesEntryToDeadLetters) {
  Produce(1, "poison");
  Produce(3, "fine");
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  ConsumeUntil(*consumer, 3);
  EXPECT_TRUE(jstedu::testing::WaitUntil(
      [&] {
        (void)consumer->PollOnce();
        return schema_.Query("SELECT count(*) FROM dead_letters") == "1";
      },
      std::chrono::seconds(20)));
  EXPECT_EQ(poison_calls_, 5);
  EXPECT_EQ(schema_.Query("SELECT attempts FROM dead_letters"), "5");
  EXPECT_EQ(schema_.Query("SELECT last_error FROM dead_letters"), "poison");
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM consumer_failures"), "0");
  EXPECT_EQ(PendingCount(), 0);  // acknowledged: no sixth delivery
  EXPECT_EQ(EffectCount(), 3);
  EXPECT_EQ(
      registry_.Counter("jstedu_dead_letters_total", "", {"consumer", "stream"})
          .Value({"reader", stream_}),
      1);
  (void)consumer->PollOnce();
  EXPECT_EQ(poison_calls_, 5);
}

TEST_F(EventsTest, EventThatKillsTheConsumerIsDeadLetteredWithoutRunningAgain) {
  Produce(1, "poison");
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  // Every delivery kills the consumer process inside its handler: the first
  // (uncounted) and five redeliveries (each counted before it runs).
  for (int delivery = 1; delivery <= 6; ++delivery) {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(150));  // > reclaim_idle
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto pool = pg::Pool::Create({schema_.dsn(), schema_.name(), 1});
      if (!pool.ok()) _exit(3);
      Consumer consumer(**pool, keyspace_.options(),
                        MakeConsumerOptions("crasher"),
                        [](pqxx::transaction_base&,
                           const EventEnvelope&) -> absl::Status { _exit(0); });
      (void)consumer.PollOnce();
      _exit(4);  // nothing was delivered
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_EQ(WEXITSTATUS(status), 0) << "delivery " << delivery;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  auto survivor = MakeConsumer(schema_.pool(), "survivor");
  ASSERT_TRUE(survivor->PollOnce().ok());
  EXPECT_EQ(poison_calls_, 0);  // the seventh delivery did not run it
  EXPECT_EQ(schema_.Query("SELECT attempts FROM dead_letters"), "6");
  EXPECT_EQ(PendingCount(), 0);
}

TEST_F(EventsTest, StaleCopiesOfAnAppliedEventAreNeverFailures) {
  Produce(1);
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  ConsumeUntil(*consumer, 1);

  // Seven stale copies of the applied event (as a relay's replay adds),
  // read by a consumer that dies before acknowledging any of them, so each
  // is reclaimed: more redeliveries of one event than max_deliveries.
  auto client = keyspace_.Client();
  auto original = client->Command({"XRANGE", stream_, "-", "+"});
  ASSERT_TRUE(original.ok());
  ASSERT_EQ(original->elements.size(), 1u);
  std::vector<std::string> copy = {"XADD", stream_, "*"};
  for (const redis::Reply& field : original->elements[0].elements[1].elements) {
    copy.push_back(field.str);
  }
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(client->Command(copy).ok());
  auto read = client->Command({"XREADGROUP", "GROUP", "reader", "gone", "COUNT",
                               "100", "STREAMS", stream_, ">"});
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(PendingCount(), 7);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(150));  // > reclaim_idle

  auto survivor = MakeConsumer(schema_.pool(), "survivor");
  EXPECT_TRUE(jstedu::testing::WaitUntil(
      [&] {
        EXPECT_TRUE(survivor->PollOnce().ok());
        return PendingCount() == 0;
      },
      std::chrono::seconds(10)));
  EXPECT_EQ(EffectCount(), 1);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM dead_letters"), "0");
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM consumer_failures"), "0");
  EXPECT_EQ(
      registry_.Counter("jstedu_dead_letters_total", "", {"consumer", "stream"})
          .Value({"reader", stream_}),
      0);
}

TEST_F(EventsTest, UnreadableEntryIsDeadLetteredAtOnce) {
  auto client = keyspace_.Client();
  auto added = client->Command(
      {"XADD", stream_, "*", "event_id", "nonsense", "envelope", "\x01\x02"});
  ASSERT_TRUE(added.ok());
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  EXPECT_TRUE(jstedu::testing::WaitUntil(
      [&] {
        (void)consumer->PollOnce();
        return schema_.Query("SELECT count(*) FROM dead_letters") == "1";
      },
      std::chrono::seconds(10)));
  EXPECT_EQ(schema_.Query("SELECT delivery_key FROM dead_letters"),
            "entry:" + stream_ + ":" + added->str);
  EXPECT_EQ(PendingCount(), 0);
}

// One consumer name reading two streams (as reporting reads three): the
// same unreadable entry id on both is two dead letters, not one.
TEST_F(EventsTest, UnreadableEntriesOfTwoStreamsWithOneIdAreTwoDeadLetters) {
  auto client = keyspace_.Client();
  const std::string other = stream_ + "-other";
  for (const std::string& stream : {stream_, other}) {
    ASSERT_TRUE(client
                    ->Command({"XADD", stream, "7-1", "event_id", "nonsense",
                               "envelope", "x"})
                    .ok());
  }
  ConsumerOptions options = MakeConsumerOptions("c1");
  options.stream = other;
  Consumer second(schema_.pool(), keyspace_.options(), options,
                  RecordingHandler(), registry_);
  auto first = MakeConsumer(schema_.pool(), "c1");
  EXPECT_TRUE(jstedu::testing::WaitUntil(
      [&] {
        (void)first->PollOnce();
        (void)second.PollOnce();
        return schema_.Query("SELECT count(*) FROM dead_letters") == "2";
      },
      std::chrono::seconds(10)));
  EXPECT_EQ(
      schema_.Query("SELECT count(DISTINCT delivery_key) FROM dead_letters"),
      "2");
}

TEST_F(EventsTest, LostStreamIsReplayedFromTheOutboxAndGroupRecreated) {
  Produce(5, "before");
  auto relay = MakeRelay(schema_.pool());
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  PublishAll(*relay);
  ConsumeUntil(*consumer, 5);

  // Redis loses everything of ours: the stream, its group and the marker.
  auto client = keyspace_.Client();
  ASSERT_TRUE(client->Command({"DEL", stream_, stream_ + ":epoch"}).ok());
  Produce(3, "after");
  PublishAll(*relay);
  EXPECT_EQ(StreamLength(), 8);  // all retained rows again, plus the new ones
  ConsumeUntil(*consumer, 8);
  EXPECT_EQ(EffectCount(), 8);
  EXPECT_EQ(DoubleEffects(), 0);
  EXPECT_EQ(registry_.Counter("jstedu_outbox_replays_total", "", {"producer"})
                .Value({"producer"}),
            5);
}

TEST_F(EventsTest,
       RedisComingBackWithoutItsLatestEntriesIsDetectedAndReplayed) {
  Produce(5);
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  // Redis "restarts" having lost the last three entries (an AOF fsync
  // window): they vanish while the marker survives, and the run_id the rows
  // were verified against is no longer the current one.
  auto client = keyspace_.Client();
  for (const std::string& id :
       {schema_.Query("SELECT stream_id FROM outbox WHERE id = 3"),
        schema_.Query("SELECT stream_id FROM outbox WHERE id = 4"),
        schema_.Query("SELECT stream_id FROM outbox WHERE id = 5")}) {
    ASSERT_FALSE(id.empty());
    ASSERT_EQ(client->Command({"XDEL", stream_, id})->integer, 1);
  }
  // (A real restart changes INFO's run_id; here the recorded one changes,
  // and a fresh relay has no cached run_id either.)
  schema_.Query("UPDATE relay_state SET redis_run_id = 'the-instance-before'");
  EXPECT_EQ(StreamLength(), 2);

  relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  EXPECT_EQ(StreamLength(), 5);
  EXPECT_EQ(registry_.Counter("jstedu_outbox_replays_total", "", {"producer"})
                .Value({"producer"}),
            3);
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  ConsumeUntil(*consumer, 5);
  EXPECT_EQ(EffectCount(), 5);
  EXPECT_EQ(DoubleEffects(), 0);
}

TEST_F(EventsTest, UnchangedRedisIsNotRescanned) {
  Produce(3);
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  std::string verified_at =
      schema_.Query("SELECT verified_at::text FROM relay_state");
  Produce(2);
  PublishAll(*relay);
  EXPECT_EQ(schema_.Query("SELECT verified_at::text FROM relay_state"),
            verified_at);
  EXPECT_EQ(
      schema_.Query("SELECT count(*) FROM outbox WHERE stream_id IS NULL"),
      "0");
  EXPECT_EQ(StreamLength(), 5);
}

TEST_F(EventsTest, ConcurrentRelaysPublishEachRowOnce) {
  Produce(200);
  auto first = MakeRelay(schema_.pool());
  auto second = MakeRelay(schema_.pool());
  std::thread other([&] { PublishAll(*second); });
  PublishAll(*first);
  other.join();
  EXPECT_EQ(StreamLength(), 200);
}

TEST_F(EventsTest, BacklogMetricsReflectTheOutbox) {
  Produce(3);
  auto relay = MakeRelay(schema_.pool());
  ASSERT_TRUE(relay->UpdateBacklogMetrics().ok());
  auto& backlog = registry_.Gauge("jstedu_outbox_backlog", "", {"producer"});
  EXPECT_EQ(backlog.Value({"producer"}), 3);
  PublishAll(*relay);
  ASSERT_TRUE(relay->UpdateBacklogMetrics().ok());
  EXPECT_EQ(backlog.Value({"producer"}), 0);
  EXPECT_EQ(registry_
                .Gauge("jstedu_outbox_oldest_unpublished_age_seconds", "",
                       {"producer"})
                .Value({"producer"}),
            0);
}

TEST_F(EventsTest, AFailingEventInABatchFailsAloneAndTheRestTakesEffectOnce) {
  Produce(3, "before");
  Produce(1, "poison");
  Produce(3, "after");
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  // A stale copy of an event in the same read as the event itself.
  auto client = keyspace_.Client();
  auto original = client->Command({"XRANGE", stream_, "-", "+"});
  ASSERT_TRUE(original.ok());
  std::vector<std::string> copy = {"XADD", stream_, "*"};
  for (const redis::Reply& field :
       original->elements.back().elements[1].elements) {
    copy.push_back(field.str);
  }
  ASSERT_TRUE(client->Command(copy).ok());

  auto consumer = MakeConsumer(schema_.pool(), "c1");
  auto acked = consumer->PollOnce();  // one read of all eight entries
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(*acked, 7);  // all but the failed delivery
  EXPECT_EQ(EffectCount(), 6);
  EXPECT_EQ(DoubleEffects(), 0);
  EXPECT_EQ(poison_calls_, 1);
  EXPECT_EQ(PendingCount(), 1);  // the failed one, for a retry
  EXPECT_EQ(schema_.Query("SELECT attempts FROM consumer_failures"), "1");
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM inbox"), "6");
  EXPECT_EQ(registry_
                .Counter("jstedu_consumer_processed_total", "",
                         {"consumer", "stream"})
                .Value({"reader", stream_}),
            7);
  EXPECT_EQ(
      registry_
          .Counter("jstedu_consumer_failures_total", "", {"consumer", "stream"})
          .Value({"reader", stream_}),
      1);
}

TEST_F(EventsTest, AHandlerThatThrowsInABatchIsCountedLikeOneThatFails) {
  Produce(2, "before");
  Produce(1, "broken");
  Produce(2, "after");
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  auto acked = consumer->PollOnce();
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(*acked, 4);
  EXPECT_EQ(EffectCount(), 4);
  EXPECT_EQ(poison_calls_, 1);  // counted without running again
  EXPECT_EQ(PendingCount(), 1);
  EXPECT_EQ(schema_.Query("SELECT attempts FROM consumer_failures"), "1");
}

TEST_F(EventsTest, PipelinedCommandsAnswerInOrder) {
  auto client = keyspace_.Client();
  std::string key = keyspace_.prefix() + "pipelined";
  auto replies = client->Pipeline({{"RPUSH", key, "a"},
                                   {"RPUSH", key, "b"},
                                   {"NOSUCHCOMMAND"},
                                   {"LLEN", key}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  ASSERT_EQ(replies->size(), 4u);
  EXPECT_EQ((*replies)[0].integer, 1);
  EXPECT_EQ((*replies)[1].integer, 2);
  EXPECT_TRUE((*replies)[2].is_error());
  EXPECT_EQ((*replies)[3].integer, 2);
}

TEST_F(EventsTest, ACommitWakesTheWaitingRelay) {
  RelayOptions options = MakeRelayOptions();
  options.idle_wait = std::chrono::seconds(5);  // its polling, far away
  Relay relay(schema_.pool(), keyspace_.options(), options, registry_);
  relay.Start();
  // Long enough to be in its wait for a notification.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Produce(1);
  // Published on the commit's notification, not at the next poll (5 s
  // after the relay started).
  EXPECT_TRUE(jstedu::testing::WaitUntil([&] { return StreamLength() == 1; },
                                         std::chrono::seconds(3)));
  relay.Stop();
}

// A BatchHandler around the fixture's recording handler: Finish writes how
// many events its transaction applied (table batches), or fails while
// fail_finish is set.
class FinishingHandler final : public BatchHandler {
 public:
  explicit FinishingHandler(Handler apply) : apply_(std::move(apply)) {}
  void Begin() override { applied_ = 0; }
  absl::Status Apply(pqxx::transaction_base& tx,
                     const EventEnvelope& envelope) override {
    if (applied_ == 2 && serialization_failures > 0) {
      --serialization_failures;  // the whole transaction is tried again
      throw pqxx::serialization_failure("could not serialize access");
    }
    absl::Status status = apply_(tx, envelope);
    if (status.ok()) ++applied_;
    return status;
  }
  absl::Status Finish(pqxx::transaction_base& tx) override {
    if (fail_finish) return absl::InternalError("finish failed");
    tx.exec_params0("INSERT INTO batches (events) VALUES ($1)", applied_);
    return absl::OkStatus();
  }
  bool fail_finish = false;
  int serialization_failures = 0;

 private:
  const Handler apply_;
  int applied_ = 0;
};

TEST_F(EventsTest, ABatchHandlerFinishesEachTransactionOnceBeforeCommit) {
  schema_.Query("CREATE TABLE batches (n serial PRIMARY KEY, events int)");
  auto owned = std::make_unique<FinishingHandler>(RecordingHandler());
  FinishingHandler* handler = owned.get();
  Consumer consumer(schema_.pool(), keyspace_.options(),
                    MakeConsumerOptions("c1"), std::move(owned), registry_);
  auto relay = MakeRelay(schema_.pool());
  auto batches = [&] {
    return schema_.Query(
        "SELECT string_agg(events::text, ',' ORDER BY n) FROM batches");
  };

  // One read, one transaction, one Finish.
  Produce(5, "a");
  PublishAll(*relay);
  auto acked = consumer.PollOnce();
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(*acked, 5);
  EXPECT_EQ(batches(), "5");

  // A transaction tried again (a serialization failure after two events)
  // begins afresh: Finish counts the retry's events only.
  handler->serialization_failures = 1;
  Produce(3, "r");
  PublishAll(*relay);
  acked = consumer.PollOnce();
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(*acked, 3);
  EXPECT_EQ(handler->serialization_failures, 0);
  EXPECT_EQ(batches(), "5,3");
  EXPECT_EQ(EffectCount(), 8);

  // A failing Finish fails its transaction: nothing of it stays, its events
  // are failed deliveries, each applied once when Finish works again.
  handler->fail_finish = true;
  Produce(2, "b");
  PublishAll(*relay);
  acked = consumer.PollOnce();
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(*acked, 0);
  EXPECT_EQ(EffectCount(), 8);
  EXPECT_EQ(schema_.Query("SELECT sum(attempts) FROM consumer_failures"), "2");
  handler->fail_finish = false;
  ConsumeUntil(consumer, 10);  // redeliveries: one transaction each
  EXPECT_EQ(batches(), "5,3,1,1");

  // A failing event rolls its batch back, Finish's work with it; the others
  // go one transaction each, each finished.
  Produce(2, "c");
  Produce(1, "poison");
  Produce(1, "d");
  PublishAll(*relay);
  acked = consumer.PollOnce();
  ASSERT_TRUE(acked.ok()) << acked.status();
  EXPECT_EQ(*acked, 3);
  EXPECT_EQ(batches(), "5,3,1,1,1,1,1");
  EXPECT_EQ(EffectCount(), 13);
  EXPECT_EQ(DoubleEffects(), 0);
}

// Polls until the schema holds `count` dead letters (bounded).
void ConsumeUntilDeadLetters(Consumer& consumer, int count,
                             ::jstedu::testing::TestSchema& schema) {
  ASSERT_TRUE(jstedu::testing::WaitUntil(
      [&] {
        (void)consumer.PollOnce();
        return schema.Query("SELECT count(*) FROM dead_letters") ==
               std::to_string(count);
      },
      std::chrono::seconds(20)));
}

// Issue 22: dead letters an operator can fix (dead_letters.h). A poison
// event is dead-lettered; a replay asked before the fix fails and leaves it
// open with the new error; after the fix a replay applies it once, through
// the inbox; asking again is refused; every step is an action on record.
TEST_F(EventsTest, ADeadLetterReplayedAfterTheFixTakesEffectOnce) {
  const std::vector<std::string> poison = Produce(1, "poison");
  Produce(2, "fine");
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  ConsumeUntilDeadLetters(*consumer, 1, schema_);
  auto listed = ListDeadLetters(schema_.pool(), false);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  const DeadLetter letter = listed->front();
  EXPECT_EQ(letter.state, "open");
  EXPECT_EQ(letter.delivery_key, poison[0]);
  EXPECT_EQ(letter.last_error, "poison");
  EXPECT_EQ(letter.attempts, 5);
  const int calls_when_dead = poison_calls_;

  // Replayed before the cause is fixed: it fails again and stays open.
  ASSERT_TRUE(RequestReplay(schema_.pool(), letter.id, "ops-anna").ok());
  EXPECT_EQ(schema_.Query("SELECT state FROM dead_letters"),
            "replay_requested");
  ASSERT_TRUE(consumer->PollOnce().ok());
  EXPECT_EQ(poison_calls_, calls_when_dead + 1);
  EXPECT_EQ(schema_.Query("SELECT state || ' ' || attempts FROM dead_letters"),
            "open 6");
  EXPECT_EQ(EffectCount(), 2);

  // Fixed, replayed: applied once, through the inbox.
  poison_fixed_ = true;
  ASSERT_TRUE(RequestReplay(schema_.pool(), letter.id, "ops-anna").ok());
  ASSERT_TRUE(consumer->PollOnce().ok());
  EXPECT_EQ(EffectCount(), 3);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM effects WHERE body = "
                          "'poison-0'"),
            "1");
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM inbox WHERE event_id = '" +
                          poison[0] + "'"),
            "1");
  EXPECT_EQ(schema_.Query("SELECT state FROM dead_letters"), "replayed");
  // Asked again: refused, and nothing more happens.
  auto again = RequestReplay(schema_.pool(), letter.id, "ops-anna");
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(again.status().message()),
              ::testing::HasSubstr("is replayed, not open"));
  ASSERT_TRUE(consumer->PollOnce().ok());
  EXPECT_EQ(EffectCount(), 3);
  EXPECT_EQ(DoubleEffects(), 0);

  auto shown = ShowDeadLetter(schema_.pool(), letter.id);
  ASSERT_TRUE(shown.ok()) << shown.status();
  std::vector<std::string> actions;
  for (const DeadLetterAction& action : shown->second) {
    actions.push_back(action.action + " by " + action.actor);
  }
  EXPECT_THAT(actions, ::testing::ElementsAre("replay_requested by ops-anna",
                                              "replay_failed by consumer c1",
                                              "replay_requested by ops-anna",
                                              "replayed by consumer c1"));
  EXPECT_EQ(shown->second[1].reason, "poison");
  // Closed letters leave the default list.
  auto open = ListDeadLetters(schema_.pool(), false);
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->empty());
}

// A replay of an event the inbox already has (the producer published it
// again and it took effect) applies nothing and says so.
TEST_F(EventsTest, AReplayOfAnEventAppliedMeanwhileDoesNothing) {
  const std::vector<std::string> poison = Produce(1, "poison");
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  ConsumeUntilDeadLetters(*consumer, 1, schema_);
  poison_fixed_ = true;
  // The producer's outbox row published again (docs/operations.md).
  schema_.Query(
      "UPDATE outbox SET published_at = NULL, stream_id = NULL WHERE "
      "event_id = '" +
      poison[0] + "'");
  PublishAll(*relay);
  ConsumeUntil(*consumer, 1);
  const std::string id = schema_.Query("SELECT id FROM dead_letters");
  ASSERT_TRUE(RequestReplay(schema_.pool(), std::stoll(id), "ops-anna").ok());
  ASSERT_TRUE(consumer->PollOnce().ok());
  EXPECT_EQ(EffectCount(), 1);
  EXPECT_EQ(schema_.Query("SELECT state FROM dead_letters"), "replayed");
  EXPECT_EQ(schema_.Query("SELECT reason FROM dead_letter_actions WHERE "
                          "action = 'replayed'"),
            "applied before: nothing done");
}

// Discarded with a reason: closed, never applied, and not replayable; an
// unreadable entry can only be discarded; a discarded event dead-lettered
// again opens its row again.
TEST_F(EventsTest, ADeadLetterIsDiscardedWithAReasonAndNotReplayed) {
  Produce(1, "poison");
  auto client = keyspace_.Client();
  ASSERT_TRUE(client
                  ->Command({"XADD", stream_, "*", "event_id", "nonsense",
                             "envelope", "\x01\x02"})
                  .ok());
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  ConsumeUntilDeadLetters(*consumer, 2, schema_);
  const int64_t poison = std::stoll(schema_.Query(
      "SELECT id FROM dead_letters WHERE delivery_key NOT LIKE 'entry:%'"));
  const int64_t unreadable = std::stoll(schema_.Query(
      "SELECT id FROM dead_letters WHERE delivery_key LIKE 'entry:%'"));

  auto refused = RequestReplay(schema_.pool(), unreadable, "ops-anna");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()),
              ::testing::HasSubstr("holds no event to replay"));
  EXPECT_EQ(DiscardDeadLetter(schema_.pool(), poison, "ops-anna", "").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DiscardDeadLetter(schema_.pool(), poison, "", "x").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DiscardDeadLetter(schema_.pool(), 999999, "ops-anna", "x").code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(DiscardDeadLetter(schema_.pool(), poison, "ops-anna",
                                "the JST withdrew; no effect wanted")
                  .ok());
  ASSERT_TRUE(DiscardDeadLetter(schema_.pool(), unreadable, "ops-anna",
                                "producer bug 123; republished")
                  .ok());
  // "--all" finds nothing open to replay.
  auto all = RequestReplay(schema_.pool(), std::nullopt, "ops-anna");
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
  ASSERT_TRUE(consumer->PollOnce().ok());
  EXPECT_EQ(EffectCount(), 0);
  EXPECT_EQ(schema_.Query("SELECT string_agg(state, ',' ORDER BY id) FROM "
                          "dead_letters"),
            "discarded,discarded");
  EXPECT_EQ(schema_.Query("SELECT reason FROM dead_letter_actions WHERE "
                          "dead_letter_id = " +
                          std::to_string(poison)),
            "the JST withdrew; no effect wanted");

  // The same event dead-lettered again (republished, still poison): open.
  schema_.Query("UPDATE outbox SET published_at = NULL, stream_id = NULL");
  PublishAll(*relay);
  ASSERT_TRUE(jstedu::testing::WaitUntil(
      [&] {
        (void)consumer->PollOnce();
        return schema_.Query("SELECT state FROM dead_letters WHERE id = " +
                             std::to_string(poison)) == "open";
      },
      std::chrono::seconds(20)));
  EXPECT_EQ(schema_.Query("SELECT action FROM dead_letter_actions WHERE "
                          "dead_letter_id = " +
                          std::to_string(poison) + " ORDER BY id DESC LIMIT 1"),
            "reopened");
}

// The command each service binary runs (`<binary> dead-letters …`).
TEST_F(EventsTest, TheDeadLettersCommandListsShowsReplaysAndDiscards) {
  Produce(1, "poison");
  auto relay = MakeRelay(schema_.pool());
  PublishAll(*relay);
  auto consumer = MakeConsumer(schema_.pool(), "c1");
  ConsumeUntilDeadLetters(*consumer, 1, schema_);
  const std::string id = schema_.Query("SELECT id FROM dead_letters");
  auto run = [&](std::vector<std::string> args, std::string* out,
                 std::string* err) {
    std::ostringstream o, e;
    const int status = RunDeadLettersCommand(schema_.pool(), args, o, e);
    *out = o.str();
    *err = e.str();
    return status;
  };
  std::string out, err;
  EXPECT_EQ(run({"list"}, &out, &err), 0) << err;
  EXPECT_THAT(out, ::testing::HasSubstr(id + "\topen\treader\t"));
  EXPECT_THAT(out, ::testing::HasSubstr("\tpoison\n"));
  EXPECT_EQ(run({"show", id}, &out, &err), 0) << err;
  EXPECT_THAT(out, ::testing::HasSubstr("state: open since "));
  EXPECT_THAT(out, ::testing::HasSubstr("last error: poison"));
  // Europe/Warsaw, as every time a person reads.
  EXPECT_THAT(out,
              ::testing::ContainsRegex("dead at: 20[0-9-]+ [0-9:]+ CES?T"));
  for (const std::vector<std::string>& bad :
       std::vector<std::vector<std::string>>{{},
                                             {"list", "--everything"},
                                             {"show"},
                                             {"show", "x"},
                                             {"replay", id},
                                             {"replay", id, "--actor"},
                                             {"discard", id, "--actor", "a"},
                                             {"purge", id}}) {
    EXPECT_EQ(run(bad, &out, &err), 2) << absl::StrJoin(bad, " ");
    EXPECT_THAT(err, ::testing::AnyOf(::testing::HasSubstr("usage:"),
                                      ::testing::HasSubstr("is required")))
        << absl::StrJoin(bad, " ");
  }
  EXPECT_EQ(run({"show", "424242"}, &out, &err), 2);
  EXPECT_THAT(err, ::testing::HasSubstr("no dead letter 424242"));
  poison_fixed_ = true;
  EXPECT_EQ(run({"replay", "--all", "--actor", "ops-anna"}, &out, &err), 0)
      << err;
  EXPECT_THAT(out, ::testing::HasSubstr("replay requested for 1 dead letter"));
  ASSERT_TRUE(consumer->PollOnce().ok());
  EXPECT_EQ(EffectCount(), 1);
  EXPECT_EQ(run({"discard", id, "--actor", "ops-anna", "--reason", "late"},
                &out, &err),
            2);
  EXPECT_THAT(err, ::testing::HasSubstr("is replayed, not open"));
  EXPECT_EQ(run({"list", "--all"}, &out, &err), 0);
  EXPECT_THAT(out, ::testing::HasSubstr(id + "\treplayed\t"));
}

}  // namespace
}  // namespace jstedu::events
