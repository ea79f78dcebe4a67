// Training's task reviewers from advisory's events, through the real
// pipeline: the events are written to an outbox (advisory's, standing in for
// the advisory service), the relay publishes them to events.advisory and
// training's consumer applies them in its inbox transaction. Assignment,
// handover, late and repeated deliveries, withdrawal; the store's Reviews
// and ListTasks read the result.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/events/consumer.h"
#include "common/events/migrations.h"
#include "common/events/relay.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "common/time/civil_time.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "services/training/advisory_projection.h"
#include "services/training/api_input.h"
#include "services/training/migrations.h"
#include "services/training/store/stores.h"

namespace jstedu::training {
namespace {

using ::jstedu::testing::TestKeyspace;
using ::jstedu::testing::TestSchema;
namespace ev = ::jstedu::events::v1;

constexpr char kCase[] = "6f1c2a4e-8b3d-4e5f-9a6b-7c8d9e0f1a2b";
constexpr char kOtherCase[] = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
constexpr char kTeryt[] = "2476011";       // Świętochłowice
constexpr char kOtherTeryt[] = "1465011";  // Warszawa
constexpr char kAnna[] = "kc|expert-anna";
constexpr char kBartosz[] = "kc|expert-bartosz";

ev::CaseRef Ref(const std::string& case_id, const std::string& teryt,
                int64_t version) {
  ev::CaseRef ref;
  ref.set_case_id(case_id);
  ref.set_edition("PILOT");
  ref.set_application_id(case_id == kCase
                             ? "11111111-2222-4333-8444-555555555555"
                             : "66666666-7777-4888-9999-000000000000");
  ref.set_teryt(teryt);
  ref.set_voivodeship(teryt.substr(0, 2));
  ref.set_version(version);
  return ref;
}

ev::CaseExpertsAssigned Assigned(const std::string& case_id,
                                 const std::string& teryt, int64_t version,
                                 const std::string& guardian_subject,
                                 bool handover = false) {
  ev::CaseExpertsAssigned e;
  *e.mutable_case_() = Ref(case_id, teryt, version);
  e.set_education_expert("e-edu");
  e.set_personnel_expert("e-per");
  e.set_guardian("e-guardian");
  e.set_guardian_subject(guardian_subject);
  e.set_handover(handover);
  return e;
}

ev::CaseWithdrawn Withdrawn(const std::string& case_id,
                            const std::string& teryt, int64_t version) {
  ev::CaseWithdrawn e;
  *e.mutable_case_() = Ref(case_id, teryt, version);
  e.set_from_stage(advisory::v1::NEEDS_DIAGNOSIS);
  return e;
}

class AdvisoryProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(advisory_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(pg::ApplyMigrations(training_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(
        pg::ApplyMigrations(training_.pool(), "training", Migrations()).ok());
  }

  // Writes the event to advisory's outbox, as the advisory service would.
  std::string Publish(const google::protobuf::Message& event) {
    std::string id;
    EXPECT_TRUE(
        pg::RunInTransaction(advisory_.pool(), [&](pqxx::transaction_base& tx) {
          id = events::AppendEvent(tx, event, kCase);
          return absl::OkStatus();
        }).ok());
    return id;
  }

  // Publishes advisory's outbox and lets training's consumer apply it.
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

  // Appends every entry of the stream again (a redelivery of each event).
  void RepeatStream() {
    auto redis = keyspace_.Client();
    auto entries = redis->Command({"XRANGE", Stream(), "-", "+"});
    ASSERT_TRUE(entries.ok());
    for (const auto& entry : entries->elements) {
      std::vector<std::string> argv = {"XADD", Stream(), "*"};
      for (const auto& field : entry.elements[1].elements) {
        argv.push_back(field.str);
      }
      ASSERT_TRUE(redis->Command(argv).ok());
    }
  }

  bool Reviews(const std::string& subject, const std::string& teryt = kTeryt) {
    auto reviews =
        stores_.tasks.Reviews(subject, JstPlace{"PILOT", teryt, "24"});
    EXPECT_TRUE(reviews.ok()) << reviews.status();
    return reviews.ok() && *reviews;
  }

  int Count(const std::string& sql) { return std::stoi(training_.Query(sql)); }

  absl::Status ApplyDirectly(const events::EventEnvelope& envelope) {
    return pg::RunInTransaction(training_.pool(),
                                [&](pqxx::transaction_base& tx) {
                                  return ApplyAdvisoryEvent(tx, envelope);
                                });
  }

  std::string Stream() const {
    return events::StreamName(keyspace_.prefix(), "advisory");
  }
  static events::RelayOptions RelayFor(const TestKeyspace& keyspace) {
    events::RelayOptions options;
    options.producer = "advisory";
    options.stream = events::StreamName(keyspace.prefix(), "advisory");
    return options;
  }
  // As ServiceHost::AddConsumer("advisory", …) sets it up in training.
  static events::ConsumerOptions ConsumerFor(const TestKeyspace& keyspace) {
    events::ConsumerOptions options;
    options.name = "training";
    options.stream = events::StreamName(keyspace.prefix(), "advisory");
    options.instance = "training-1";
    options.block = std::chrono::milliseconds(50);
    return options;
  }

  TestSchema advisory_;
  TestSchema training_;
  TestKeyspace keyspace_;
  TrainingStores stores_{training_.pool()};
  events::Relay relay_{advisory_.pool(), keyspace_.options(),
                       RelayFor(keyspace_)};
  events::Consumer consumer_{training_.pool(), keyspace_.options(),
                             ConsumerFor(keyspace_), ApplyAdvisoryEvent};
};

TEST_F(AdvisoryProjectionTest, TheGuardianReviewsUntilHandedOver) {
  EXPECT_FALSE(Reviews(kAnna));  // no case yet: only the office reviews

  // (1) Assignment: the guardian reviews this JST, nobody else does.
  Publish(Assigned(kCase, kTeryt, 2, kAnna));
  Deliver();
  EXPECT_TRUE(Reviews(kAnna));
  EXPECT_FALSE(Reviews(kBartosz));
  EXPECT_FALSE(Reviews(kAnna, kOtherTeryt));
  EXPECT_FALSE(Reviews("e-guardian"));  // the expert id is not a subject

  // (2) Handover: the newcomer replaces the leaver.
  Publish(Assigned(kCase, kTeryt, 5, kBartosz, /*handover=*/true));
  Deliver();
  EXPECT_TRUE(Reviews(kBartosz));
  EXPECT_FALSE(Reviews(kAnna));

  // (3) An older assignment delivered late changes nothing.
  Publish(Assigned(kCase, kTeryt, 3, kAnna));
  Deliver();
  EXPECT_TRUE(Reviews(kBartosz));
  EXPECT_FALSE(Reviews(kAnna));
  EXPECT_EQ(training_.Query("SELECT case_version FROM case_guardian"), "5");
  EXPECT_EQ(Count("SELECT count(*) FROM inbox WHERE consumer = 'training'"), 3);
}

TEST_F(AdvisoryProjectionTest, AnEventDeliveredTwiceHasOneEffect) {
  const std::string first = Publish(Assigned(kCase, kTeryt, 2, kAnna));
  const std::string second =
      Publish(Assigned(kCase, kTeryt, 4, kBartosz, /*handover=*/true));
  Deliver();
  ASSERT_TRUE(Reviews(kBartosz));

  // (4) Every entry appended to the stream again, in the original order: the
  // inbox finds each event applied and only acknowledges it, so the earlier
  // assignment does not come back and nothing is applied twice.
  RepeatStream();
  Deliver();
  EXPECT_TRUE(Reviews(kBartosz));
  EXPECT_FALSE(Reviews(kAnna));
  EXPECT_EQ(Count("SELECT count(*) FROM inbox WHERE consumer = 'training'"), 2);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM inbox WHERE event_id IN "
                               "('",
                               first, "', '", second, "')")),
            2);
  EXPECT_EQ(Count("SELECT count(*) FROM case_guardian"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM consumer_failures"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM dead_letters"), 0);
  auto pending =
      keyspace_.Client()->Command({"XPENDING", Stream(), "training"});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->elements[0].integer, 0);  // all acknowledged
}

TEST_F(AdvisoryProjectionTest, AWithdrawnCaseHasNoReviewerForGood) {
  Publish(Assigned(kCase, kTeryt, 2, kAnna));
  Publish(Assigned(kOtherCase, kOtherTeryt, 2, kBartosz));
  Deliver();
  ASSERT_TRUE(Reviews(kAnna));

  // (5) Withdrawal removes the reviewer of that case only.
  Publish(Withdrawn(kCase, kTeryt, 6));
  Deliver();
  EXPECT_FALSE(Reviews(kAnna));
  EXPECT_TRUE(Reviews(kBartosz, kOtherTeryt));

  // A stale assignment arriving after it does not resurrect it.
  Publish(Assigned(kCase, kTeryt, 4, kBartosz, /*handover=*/true));
  Deliver();
  EXPECT_FALSE(Reviews(kAnna));
  EXPECT_FALSE(Reviews(kBartosz));
  EXPECT_EQ(Count("SELECT count(*) FROM task_reviewer"), 1);

  // A withdrawal overtaking the case's first assignment leaves it closed too.
  const std::string third = "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e";
  Publish(Withdrawn(third, "1261011", 3));
  Publish(Assigned(third, "1261011", 2, kAnna));
  Deliver();
  EXPECT_FALSE(Reviews(kAnna, "1261011"));
  EXPECT_EQ(Count("SELECT count(*) FROM case_guardian WHERE closed"), 2);
}

TEST_F(AdvisoryProjectionTest, OtherEventsAreIgnoredAndBadPayloadsRefused) {
  ev::CaseOpened opened;
  *opened.mutable_case_() = Ref(kCase, kTeryt, 1);
  events::EventEnvelope envelope;
  envelope.set_event_type("jstedu.events.v1.CaseOpened");
  envelope.mutable_payload()->PackFrom(opened);
  EXPECT_TRUE(ApplyDirectly(envelope).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM case_guardian"), 0);

  // A payload that is not its type.
  envelope.set_event_type("jstedu.events.v1.CaseExpertsAssigned");
  EXPECT_EQ(ApplyDirectly(envelope).code(), absl::StatusCode::kInvalidArgument);
  // A case without a UUID id.
  ev::CaseWithdrawn withdrawn = Withdrawn("not-a-uuid", kTeryt, 3);
  envelope.set_event_type("jstedu.events.v1.CaseWithdrawn");
  envelope.mutable_payload()->PackFrom(withdrawn);
  EXPECT_EQ(ApplyDirectly(envelope).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Count("SELECT count(*) FROM case_guardian"), 0);
}

// (6) The store's task list for an EXPERT: its guardian's JST's tasks only.
TEST_F(AdvisoryProjectionTest, AnExpertListsTheTasksOfTheJstsItGuards) {
  v1::TrainingSettings settings;
  settings.set_edition("PILOT");
  settings.set_didactic_hour_minutes(45);
  settings.set_session_minutes(90);
  settings.set_completion_percent(80);
  settings.set_third_week_reading(v1::THIRD_MONDAY_WEEK);
  settings.set_task_due_days_before(7);
  settings.set_module_count(5);
  ASSERT_TRUE(stores_.settings.PutSettings(settings, "").ok());
  std::vector<std::string> modules;
  for (int number : {1, 2}) {
    v1::Module m;
    m.set_number(number);
    m.set_title(absl::StrCat("Moduł ", number));
    m.set_venue("Hotel, Warszawa");
    m.set_starts_local(number == 1 ? "2017-04-05T11:00" : "2017-06-21T11:00");
    m.set_ends_local(number == 1 ? "2017-04-07T14:30" : "2017-06-23T14:30");
    m.set_didactic_hours(21);
    m.set_signup_deadline_local("2017-03-24T15:00");
    auto* room = m.add_rooms();
    room->set_id("A");
    room->set_name("Sala A");
    room->set_capacity(500);
    auto input = ModuleFromRequest(
        m, *stores_.settings.GetSettings("PILOT"),
        {absl::CivilDay(2017, 1, 1), absl::CivilDay(2018, 12, 31)});
    ASSERT_TRUE(input.ok()) << input.status();
    auto created = stores_.plan.CreateModule("PILOT", *input, "");
    ASSERT_TRUE(created.ok()) << created.status();
    modules.push_back(created->id());
  }
  // Two qualified JSTs, as recruitment's events leave them.
  for (const std::string teryt : {kTeryt, kOtherTeryt}) {
    training_.Query(absl::StrCat(
        "INSERT INTO roster_jst (application_id, edition, teryt, voivodeship, "
        "workshop_group, qualified_at, event_at) VALUES (gen_random_uuid(), "
        "'PILOT', '",
        teryt, "', '", teryt.substr(0, 2), "', 2, now(), now()) RETURNING 1"));
  }
  const absl::Time now = *ParseLocalInstant("2017-04-10T12:00");
  ASSERT_TRUE(stores_.tasks
                  .CreateTask(modules[0], "Diagnoza", "", 7, std::nullopt, now,
                              Actor{"office", "ADMIN", ""})
                  .ok());
  Publish(Assigned(kCase, kTeryt, 2, kAnna));
  Deliver();

  TaskQuery query;
  query.reviewer = kAnna;
  query.now = now;
  bool more = false;
  auto tasks = stores_.tasks.ListTasks(query, &more);
  ASSERT_TRUE(tasks.ok()) << tasks.status();
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_EQ((*tasks)[0].teryt(), kTeryt);
  query.reviewer = kBartosz;
  EXPECT_TRUE(stores_.tasks.ListTasks(query, &more)->empty());

  // After a handover the list follows the new guardian.
  Publish(Assigned(kCase, kTeryt, 3, kBartosz, /*handover=*/true));
  Deliver();
  EXPECT_EQ(stores_.tasks.ListTasks(query, &more)->size(), 1u);
  query.reviewer = kAnna;
  EXPECT_TRUE(stores_.tasks.ListTasks(query, &more)->empty());
}

}  // namespace
}  // namespace jstedu::training
