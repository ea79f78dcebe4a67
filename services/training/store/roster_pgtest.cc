// Training's rosters from recruitment's real events: recruitment's store
// writes them (outbox), the relay publishes them to Redis, training's
// consumer applies them; redelivery and late snapshots change nothing.
#include <google/protobuf/util/time_util.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/events/consumer.h"
#include "common/events/migrations.h"
#include "common/events/relay.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/recruitment/domain/pesel.h"
#include "services/recruitment/migrations.h"
#include "services/recruitment/registry_loader.h"
#include "services/recruitment/store/application_store.h"
#include "services/recruitment/store/edition_store.h"
#include "services/recruitment/store/participant_store.h"
#include "services/recruitment/store/registry_store.h"
#include "services/training/migrations.h"
#include "services/training/roster_projection.h"

namespace jstedu::training {
namespace {

// The tests' "now": the recruitment stores' clock and the instants the
// events carry (no test reads the wall clock).
const absl::Time kNow = absl::FromCivil(
    absl::CivilSecond(2026, 11, 23, 12, 0, 0), absl::UTCTimeZone());

using ::jstedu::testing::TestKeyspace;
using ::jstedu::testing::TestSchema;
namespace rec = ::jstedu::recruitment;
namespace rv1 = ::jstedu::recruitment::v1;

rec::ParticipantData Person(int n) {
  const std::string first_ten = absl::StrCat("850312", 100 + n, n % 10);
  rec::ParticipantInput input;
  input.first_name = "Jan";
  input.last_name = "Nowak";
  input.pesel = absl::StrCat(first_ten, rec::PeselCheckDigit(first_ten));
  input.target_group = "OPERATIONAL_STAFF";
  input.declaration_signed_on = "2026-01-15";
  input.information_clause_handed_over = true;
  rec::ParticipantData data;
  EXPECT_TRUE(
      rec::ValidateParticipant(input, absl::CivilDay(2026, 11, 23), &data)
          .empty());
  return data;
}

class RosterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(recruitment_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(pg::ApplyMigrations(recruitment_.pool(), "recruitment",
                                    rec::Migrations())
                    .ok());
    ASSERT_TRUE(pg::ApplyMigrations(training_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(
        pg::ApplyMigrations(training_.pool(), "training", Migrations()).ok());
    rec::RegistryStore registry(recruitment_.pool());
    ASSERT_TRUE(rec::LoadRegisterFile(
                    registry, std::string(std::getenv("JSTEDU_SOURCE_DIR")) +
                                  "/data/TERC_Urzedowy_2024-01-01.csv")
                    .ok());
    rv1::Edition edition;
    edition.set_code("PILOT");
    edition.set_name("Pilotaż");
    edition.set_kind(rv1::PILOT);
    edition.set_capacity(30);
    edition.set_min_representatives(3);
    edition.set_starts_on("2026-01-01");
    edition.set_ends_on("2027-12-31");
    edition.mutable_recruitment_opens_at()->set_seconds(
        absl::ToUnixSeconds(kNow) - 60);
    edition.mutable_recruitment_closes_at()->set_seconds(
        absl::ToUnixSeconds(kNow) + 3600);
    ASSERT_TRUE(editions_.CreateEdition(edition, actor_).ok());
  }

  // Publishes recruitment's outbox and lets training's consumer apply it.
  void Deliver() {
    for (int i = 0; i < 100; ++i) {
      auto published = relay_.PublishBatch();
      ASSERT_TRUE(published.ok()) << published.status();
      if (*published == 0) break;
    }
    for (int i = 0; i < 100; ++i) {
      auto handled = consumer_.PollOnce();
      ASSERT_TRUE(handled.ok()) << handled.status();
      if (*handled == 0) break;
    }
  }

  int Count(const std::string& sql) { return std::stoi(training_.Query(sql)); }

  static events::RelayOptions RelayFor(const TestKeyspace& keyspace) {
    events::RelayOptions options;
    options.producer = "recruitment";
    options.stream = events::StreamName(keyspace.prefix(), "recruitment");
    return options;
  }
  static events::ConsumerOptions ConsumerFor(const TestKeyspace& keyspace) {
    events::ConsumerOptions options;
    options.name = "training";
    options.stream = events::StreamName(keyspace.prefix(), "recruitment");
    options.instance = "training-1";
    options.block = std::chrono::milliseconds(50);
    return options;
  }

  rec::Actor actor_{"test", "ADMIN", "", absl::CivilDay(2026, 11, 23)};
  TestSchema recruitment_;
  TestSchema training_;
  TestKeyspace keyspace_;
  rec::EditionStore editions_{recruitment_.pool(), [] { return kNow; }};
  rec::ApplicationStore applications_{recruitment_.pool(), [] { return kNow; }};
  rec::ParticipantStore participants_{recruitment_.pool()};
  events::Relay relay_{recruitment_.pool(), keyspace_.options(),
                       RelayFor(keyspace_)};
  events::Consumer consumer_{training_.pool(), keyspace_.options(),
                             ConsumerFor(keyspace_), ApplyRecruitmentEvent};
};

TEST_F(RosterTest, QualifiedTeamsJoinTheirGroupAndLeaveWithTheirJst) {
  auto app = applications_.SubmitApplication(
      "PILOT", "2476011", {Person(1), Person(2), Person(3)}, actor_);
  ASSERT_TRUE(app.ok()) << app.status();
  Deliver();
  EXPECT_EQ(Count("SELECT count(*) FROM roster"), 0);  // not qualified yet
  EXPECT_EQ(Count("SELECT count(*) FROM roster_participant"), 3);

  ASSERT_TRUE(
      applications_.QualifyApplication(app->id(), false, "", actor_).ok());
  auto fourth = participants_.CreateParticipant(app->id(), Person(4), actor_);
  ASSERT_TRUE(fourth.ok()) << fourth.status();
  ASSERT_TRUE(participants_
                  .WithdrawParticipant(app->representatives(0).participant(),
                                       "zmiana pracy", std::nullopt, actor_)
                  .ok());
  Deliver();
  // Świętochłowice is an urban commune: workshop group 2.
  EXPECT_EQ(Count("SELECT count(*) FROM roster WHERE workshop_group = 2"), 3);
  EXPECT_EQ(
      Count(absl::StrCat("SELECT count(*) FROM roster WHERE participant_id = '",
                         app->representatives(0).participant(), "'")),
      0);

  // Every entry delivered again: nothing changes.
  auto redis = keyspace_.Client();
  const std::string stream =
      events::StreamName(keyspace_.prefix(), "recruitment");
  auto entries = redis->Command({"XRANGE", stream, "-", "+"});
  ASSERT_TRUE(entries.ok());
  for (const auto& entry : entries->elements) {
    std::vector<std::string> argv = {"XADD", stream, "*"};
    for (const auto& field : entry.elements[1].elements)
      argv.push_back(field.str);
    ASSERT_TRUE(redis->Command(argv).ok());
  }
  Deliver();
  EXPECT_EQ(Count("SELECT count(*) FROM roster"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM roster_participant"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM roster_jst"), 1);

  // The JST withdraws: its team leaves the roster; the participants stay known.
  ASSERT_TRUE(
      applications_.WithdrawApplication(app->id(), "rezygnacja", actor_).ok());
  Deliver();
  EXPECT_EQ(Count("SELECT count(*) FROM roster"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM roster_participant"), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM roster_participant WHERE active"), 0);
}

TEST_F(RosterTest, AnOlderSnapshotNeverReplacesANewerOne) {
  auto app =
      applications_.SubmitApplication("PILOT", "2476011", {Person(5)}, actor_);
  ASSERT_TRUE(app.ok()) << app.status();
  const std::string id = app->representatives(0).participant();
  ASSERT_TRUE(
      participants_.WithdrawParticipant(id, "rezygnacja", std::nullopt, actor_)
          .ok());
  Deliver();
  ASSERT_EQ(Count("SELECT count(*) FROM roster_participant WHERE NOT active"),
            1);

  // A reclaimed, older ParticipantEnrolled (active) arrives last.
  events::v1::ParticipantEnrolled enrolled;
  auto* facts = enrolled.mutable_participant();
  facts->set_participant_id(id);
  facts->set_application_id(app->id());
  facts->set_edition("PILOT");
  facts->set_teryt("2476011");
  facts->set_voivodeship("24");
  facts->set_sex(rv1::MALE);
  facts->set_target_group(rv1::OPERATIONAL_STAFF);
  facts->set_status(rv1::PARTICIPANT_ACTIVE);
  facts->set_participation_start("2026-11-23");
  events::EventEnvelope envelope;
  envelope.set_event_type("jstedu.events.v1.ParticipantEnrolled");
  *envelope.mutable_occurred_at() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(
          absl::ToUnixSeconds(kNow) - 3600);
  envelope.mutable_payload()->PackFrom(enrolled);
  ASSERT_TRUE(
      pg::RunInTransaction(training_.pool(), [&](pqxx::transaction_base& tx) {
        return ApplyRecruitmentEvent(tx, envelope);
      }).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM roster_participant WHERE NOT active"),
            1);

  // A payload that is not its type is refused (a failed delivery).
  envelope.set_event_type("jstedu.events.v1.JstQualified");
  EXPECT_EQ(pg::RunInTransaction(training_.pool(),
                                 [&](pqxx::transaction_base& tx) {
                                   return ApplyRecruitmentEvent(tx, envelope);
                                 })
                .code(),
            absl::StatusCode::kInvalidArgument);
}

// Issue 16: modules are checked against the edition's period, which
// training learns from EditionChanged (SetUp's CreateEdition published
// one); a late, older change never replaces a newer one.
TEST_F(RosterTest, EditionChangesGiveTrainingTheEditionsPeriod) {
  Deliver();
  EXPECT_EQ(Count("SELECT count(*) FROM inbox WHERE event_type = "
                  "'jstedu.events.v1.EditionChanged'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM consumer_failures"), 0);
  EXPECT_EQ(training_.Query("SELECT starts_on || ' ' || ends_on FROM "
                            "edition_period WHERE edition = 'PILOT'"),
            "2026-01-01 2027-12-31");

  auto apply = [&](const std::string& ends_on, int64_t update_seconds) {
    events::v1::EditionChanged changed;
    changed.set_code("PILOT");
    changed.set_starts_on("2026-01-01");
    changed.set_ends_on(ends_on);
    changed.mutable_update_time()->set_seconds(update_seconds);
    events::EventEnvelope envelope;
    envelope.set_event_type("jstedu.events.v1.EditionChanged");
    envelope.mutable_payload()->PackFrom(changed);
    ASSERT_TRUE(
        pg::RunInTransaction(training_.pool(), [&](pqxx::transaction_base& tx) {
          return ApplyRecruitmentEvent(tx, envelope);
        }).ok());
  };
  // The edition's own update time, which its EditionChanged carried.
  const int64_t now = std::stoll(recruitment_.Query(
      "SELECT extract(epoch FROM updated_at)::bigint FROM edition "
      "WHERE code = 'PILOT'"));
  apply("2028-06-30", now + 60);    // a newer change
  apply("2026-03-31", now - 3600);  // an older one, delivered late
  EXPECT_EQ(training_.Query("SELECT ends_on FROM edition_period"),
            "2028-06-30");
}

}  // namespace
}  // namespace jstedu::training
