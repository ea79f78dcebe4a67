// Recruitment's events through the relay and Redis: each has exactly one
// effect, also when delivered again.
// Against a real PostgreSQL (and Redis), through the gRPC service running
// in-process (recruitment_pgtest_fixture.h).
#include "services/recruitment/store/recruitment_pgtest_fixture.h"

namespace jstedu::recruitment {
namespace {

// Events reach a consumer through the relay and Redis; delivering them all
// again (as a relay re-publishing after a Redis loss would) changes nothing.
TEST_F(RecruitmentTest, EachEventHasExactlyOneEffectAlsoWhenRedelivered) {
  ::jstedu::testing::TestSchema consumer_schema;
  ASSERT_TRUE(pg::ApplyMigrations(consumer_schema.pool(), "platform",
                                  events::PlatformMigrations())
                  .ok());
  consumer_schema.Query(
      "CREATE TABLE effects (event_id uuid NOT NULL, type text NOT NULL)");
  ::jstedu::testing::TestKeyspace keyspace;
  const std::string stream =
      events::StreamName(keyspace.prefix(), "recruitment");

  const std::string edition = CreateEdition(1);
  v1::Application first = Submit(edition, Jsts("28", 2)[0], 3, People(3));
  v1::Application second = Submit(edition, Jsts("28", 2)[1], 3, People(3));
  v1::Application out;
  ASSERT_TRUE(Qualify(first.id(), &out).ok());
  ASSERT_TRUE(Qualify(second.id(), &out).ok());  // waitlisted
  v1::WithdrawApplicationRequest withdraw;
  withdraw.set_application(first.id());
  withdraw.set_reason("rezygnacja");
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawApplication, withdraw, &out)
          .ok());
  const std::string ours = absl::StrCat(
      " FROM outbox WHERE aggregate_id IN (SELECT id::text FROM application "
      "WHERE edition = '",
      edition, "' UNION SELECT id::text FROM participant WHERE edition = '",
      edition, "')");
  const int produced = Count("SELECT count(*)" + ours);
  // 6 enrolled, JstQualified ×2, JstWaitlisted, JstWithdrawn, 3 withdrawn.
  EXPECT_EQ(produced, 6 + 2 + 1 + 1 + 3);

  events::RelayOptions relay_options;
  relay_options.producer = "recruitment";
  relay_options.stream = stream;
  events::Relay relay(schema_->pool(), keyspace.options(), relay_options);
  events::ConsumerOptions consumer_options;
  consumer_options.name = "probe";
  consumer_options.stream = stream;
  consumer_options.instance = "probe-1";
  consumer_options.block = std::chrono::milliseconds(50);
  consumer_options.reclaim_idle = std::chrono::milliseconds(100);
  events::Consumer consumer(
      consumer_schema.pool(), keyspace.options(), consumer_options,
      [](pqxx::transaction_base& tx, const events::EventEnvelope& envelope) {
        tx.exec_params("INSERT INTO effects VALUES ($1::uuid, $2)",
                       envelope.event_id(), envelope.event_type());
        return absl::OkStatus();
      });
  // Other tests' events share the schema's outbox: publish all, then count
  // ours.
  for (int i = 0; i < 200; ++i) {
    auto published = relay.PublishBatch();
    ASSERT_TRUE(published.ok()) << published.status();
    if (*published == 0) break;
  }
  auto drain = [&] {
    for (int i = 0; i < 500; ++i) {
      auto handled = consumer.PollOnce();
      ASSERT_TRUE(handled.ok()) << handled.status();
      if (*handled == 0) break;
    }
  };
  drain();
  // The consumer's schema cannot see the outbox: compare through the ids.
  const std::string ids = schema_->Query(
      "SELECT string_agg(quote_literal(event_id::text), ',')" + ours);
  const std::string ours_effects = absl::StrCat(
      "SELECT count(*) FROM effects WHERE event_id::text IN (", ids, ")");
  EXPECT_EQ(std::stoi(consumer_schema.Query(ours_effects)), produced);

  // Every entry of the stream delivered again.
  auto redis = keyspace.Client();
  auto entries = redis->Command({"XRANGE", stream, "-", "+"});
  ASSERT_TRUE(entries.ok()) << entries.status();
  for (const auto& entry : entries->elements) {
    std::vector<std::string> argv = {"XADD", stream, "*"};
    const auto& fields = entry.elements[1].elements;
    for (const auto& field : fields) argv.push_back(field.str);
    ASSERT_TRUE(redis->Command(argv).ok());
  }
  drain();
  EXPECT_EQ(std::stoi(consumer_schema.Query(ours_effects)), produced);
  EXPECT_EQ(
      std::stoi(consumer_schema.Query("SELECT count(*) FROM (SELECT event_id "
                                      "FROM effects GROUP BY event_id "
                                      "HAVING count(*) > 1) d")),
      0);
}

// Review findings, each failed before its fix.

}  // namespace
}  // namespace jstedu::recruitment
