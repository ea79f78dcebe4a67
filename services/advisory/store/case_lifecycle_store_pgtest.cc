// Cases opened and closed by recruitment's events against real PostgreSQL
// and Redis: withdrawals, late qualifications, redeliveries.
#include "services/advisory/store/advisory_pgtest_fixture.h"

namespace jstedu::advisory {
namespace {

TEST_F(AdvisoryStoreTest,
       WithdrawalClosesTheCaseAndALateQualificationOpensNothing) {
  ev::JstQualified qualified = Qualified("2476011", "24");
  ev::JstWithdrawn withdrawn;
  withdrawn.set_edition("PILOT");
  withdrawn.set_application_id(qualified.application_id());
  withdrawn.set_teryt("2476011");
  withdrawn.set_voivodeship("24");
  // Delivered out of order (a reclaimed entry): the withdrawal first.
  Apply(withdrawn);
  Apply(qualified);
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case"), 0);

  ev::JstQualified other = Qualified("2466011", "24");
  Apply(other);
  withdrawn.set_application_id(other.application_id());
  Apply(withdrawn);
  Apply(withdrawn);
  EXPECT_EQ(
      Count("SELECT count(*) FROM advisory_case WHERE stage = 'WITHDRAWN'"), 1);
  EXPECT_EQ(
      Count("SELECT count(*) FROM case_history WHERE command = 'withdraw'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.CaseWithdrawn'"),
            1);
  // After completion a withdrawal is only recorded: the plan stands.
  db_.Query("UPDATE expert SET max_caseload = 200");
  const std::string done = CaseAt(Stage::kCompleted);
  const int history = History(done);
  withdrawn.set_application_id(db_.Query(absl::StrCat(
      "SELECT application_id FROM advisory_case WHERE id = '", done, "'")));
  Apply(withdrawn);
  Apply(withdrawn);
  EXPECT_EQ(Stage(done), "COMPLETED");
  EXPECT_EQ(History(done), history + 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.CaseWithdrawn'"),
            1);
  // The catalogue was seeded once, with the standard 12 areas.
  EXPECT_EQ(Count("SELECT count(*) FROM support_area WHERE edition = 'PILOT'"),
            12);
}

// The whole pipeline: a producer's outbox, its relay to Redis, advisory's
// consumer with its inbox. The same JstQualified delivered again (the same
// entry re-added, and a second publication under a new event id) opens one
// case and publishes one CaseOpened.
TEST_F(AdvisoryStoreTest, ARedeliveredJstQualifiedOpensOneCase) {
  TestSchema producer;
  TestKeyspace keyspace;
  ASSERT_TRUE(pg::ApplyMigrations(producer.pool(), "platform",
                                  events::PlatformMigrations())
                  .ok());
  const ev::JstQualified event = Qualified("2476011", "24");
  auto publish = [&] {
    ASSERT_TRUE(
        pg::RunInTransaction(producer.pool(), [&](pqxx::transaction_base& tx) {
          events::AppendEvent(tx, event, event.application_id());
          return absl::OkStatus();
        }).ok());
  };
  events::RelayOptions relay_options;
  relay_options.producer = "recruitment";
  relay_options.stream = events::StreamName(keyspace.prefix(), "recruitment");
  events::Relay relay(producer.pool(), keyspace.options(), relay_options);
  events::ConsumerOptions consumer_options;
  consumer_options.name = "advisory";
  consumer_options.stream = relay_options.stream;
  consumer_options.instance = "advisory-1";
  consumer_options.block = std::chrono::milliseconds(50);
  events::Consumer consumer(db_.pool(), keyspace.options(), consumer_options,
                            ApplyRecruitmentEvent);
  auto deliver = [&] {
    for (int i = 0; i < 20; ++i) {
      auto published = relay.PublishBatch();
      ASSERT_TRUE(published.ok()) << published.status();
      if (*published == 0) break;
    }
    for (int i = 0; i < 20; ++i) {
      auto handled = consumer.PollOnce();
      ASSERT_TRUE(handled.ok()) << handled.status();
      if (*handled == 0) break;
    }
  };
  publish();
  deliver();
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case"), 1);

  // The same stream entry once more (a redelivery).
  auto redis = keyspace.Client();
  auto entries = redis->Command({"XRANGE", relay_options.stream, "-", "+"});
  ASSERT_TRUE(entries.ok());
  for (const auto& entry : entries->elements) {
    std::vector<std::string> argv = {"XADD", relay_options.stream, "*"};
    for (const auto& field : entry.elements[1].elements)
      argv.push_back(field.str);
    ASSERT_TRUE(redis->Command(argv).ok());
  }
  // And the same fact published again under a new event id.
  publish();
  deliver();
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM case_history"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.CaseOpened'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM inbox"), 2);
}

}  // namespace
}  // namespace jstedu::advisory
