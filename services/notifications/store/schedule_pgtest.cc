// The schedule planned from the other services' events against a real
// PostgreSQL: each event applied through the consumer's handler in its own
// transaction (as the consumer does), then the table `notification` read
// back. Exactly once per person, reason, subject and occurrence; moves
// re-plan; withdrawals, declarations, sign-ups and submissions cancel; late
// news is not planned; what was sent is never touched.

#include <google/protobuf/util/time_util.h>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/events/migrations.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "common/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/notifications/migrations.h"
#include "services/notifications/schedule_handler.h"

namespace jstedu::notifications {
namespace {

namespace ev = ::jstedu::events::v1;
using google::protobuf::util::TimeUtil;
using ::jstedu::testing::TestSchema;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kEdition[] = "E2027";
constexpr char kA[] = "0000000a-0000-4000-8000-000000000000";
constexpr char kB[] = "0000000b-0000-4000-8000-000000000000";
constexpr char kA1[] = "000000a1-0000-4000-8000-000000000000";
constexpr char kA2[] = "000000a2-0000-4000-8000-000000000000";
constexpr char kA3[] = "000000a3-0000-4000-8000-000000000000";
constexpr char kB1[] = "000000b1-0000-4000-8000-000000000000";
constexpr char kModule[] = "00000001-0000-4000-8000-00000000000d";
constexpr char kTask[] = "00000002-0000-4000-8000-00000000000a";
constexpr char kCase[] = "00000003-0000-4000-8000-00000000000c";

absl::Time Local(const std::string& text) {
  auto t = ParseLocalInstant(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.value_or(absl::InfinitePast());
}

google::protobuf::Timestamp Ts(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

class ScheduleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(db_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(
        pg::ApplyMigrations(db_.pool(), "notifications", Migrations()).ok());
  }

  // Applies `event` as the consumer does: one transaction, the handler's
  // Begin, Apply and Finish. `event_id` names a redelivery.
  void Deliver(const google::protobuf::Message& event,
               std::string event_id = "") {
    events::EventEnvelope envelope;
    envelope.set_event_id(event_id.empty() ? absl::StrCat("event-", ++events_)
                                           : std::move(event_id));
    envelope.set_event_type(event.GetDescriptor()->full_name());
    *envelope.mutable_occurred_at() = Ts(now_ + absl::Seconds(++events_));
    envelope.mutable_payload()->PackFrom(event);
    auto handler = ScheduleHandler(planner_);
    const absl::Status applied =
        pg::RunInTransaction(db_.pool(), [&](pqxx::transaction_base& tx) {
          return events::ApplyAlone(*handler, tx, envelope);
        });
    ASSERT_TRUE(applied.ok()) << applied;
  }

  void Qualify(const std::string& application, const std::string& teryt,
               std::string event_id = "") {
    ev::JstQualified e;
    e.set_edition(kEdition);
    e.set_application_id(application);
    e.set_teryt(teryt);
    e.set_voivodeship(teryt.substr(0, 2));
    *e.mutable_qualified_at() = Ts(now_);
    Deliver(e, std::move(event_id));
  }

  void Enrol(const std::string& participant, const std::string& application,
             bool declaration) {
    ev::ParticipantEnrolled e;
    ev::ParticipantFacts* p = e.mutable_participant();
    p->set_participant_id(participant);
    p->set_edition(kEdition);
    p->set_application_id(application);
    p->set_status(recruitment::v1::PARTICIPANT_ACTIVE);
    p->set_declaration_recorded(declaration);
    Deliver(e);
  }

  ev::ModuleFacts ModuleAt(const std::string& start,
                           const std::string& deadline, int revision) {
    ev::ModuleFacts m;
    m.set_module_id(kModule);
    m.set_edition(kEdition);
    m.set_number(1);
    m.set_title("Moduł 1");
    m.set_venue("Hotel, Warszawa");
    *m.mutable_start_time() = Ts(Local(start));
    *m.mutable_end_time() = Ts(Local(start) + absl::Hours(51));
    *m.mutable_signup_deadline() = Ts(Local(deadline));
    m.set_revision(revision);
    return m;
  }

  // Two JSTs: A with a1, a2 (no declaration) and a3, B with b1; module 1 on
  // 10 March 2027 11:00 (winter time), sign-ups until 26 February 15:00.
  void PlanTwoJstsAndAModule() {
    Qualify(kA, "2476011");
    Qualify(kB, "1465011");
    Enrol(kA1, kA, true);
    Enrol(kA2, kA, false);
    Enrol(kA3, kA, true);
    Enrol(kB1, kB, true);
    ev::ModuleScheduled scheduled;
    *scheduled.mutable_module() =
        ModuleAt("2027-03-10T11:00", "2027-02-26T15:00", 1);
    Deliver(scheduled);
  }

  // "person reason state due" of the subject's notifications in `state`
  // ("" for any), sorted; people shortened to their last characters.
  std::vector<std::string> Rows(const std::string& subject,
                                const std::string& state = "scheduled") {
    const std::string text = db_.Query(absl::StrCat(
        "SELECT coalesce(string_agg(split_part(person_ref, ':', 1) || ':' || "
        "left(split_part(person_ref, ':', 2), 8) || ' ' || reason || ' ' || "
        "state || ' ' || to_char(due_at AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI\"Z\"'), '|' ORDER BY 1), '') FROM ("
        "SELECT * FROM notification WHERE subject_ref = '",
        subject, "' AND ('", state, "' = '' OR state = '", state,
        "') ORDER BY person_ref, reason, due_at) n"));
    std::vector<std::string> rows =
        absl::StrSplit(text, '|', absl::SkipEmpty());
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  int Count(const std::string& where) {
    return std::stoi(db_.Query(
        absl::StrCat("SELECT count(*) FROM notification WHERE ", where)));
  }

  TestSchema db_;
  absl::Time now_ = Local("2026-11-23T12:00");
  Planner planner_{[this] { return now_; }};
  int events_ = 0;
};

const std::string kModuleRef = absl::StrCat("module:", kModule);

TEST_F(ScheduleTest, AModuleIsPlannedForEveryoneAndAMoveMovesIt) {
  PlanTwoJstsAndAModule();
  // Every member gets the programme (3 March, 08:00 CET) and the sign-up
  // reminders; a2 and A's contact the declarations (28 February and
  // 7 March).
  EXPECT_THAT(
      Rows(kModuleRef),
      ElementsAre(
          "jst-contact:0000000a declarations_missing_10d scheduled "
          "2027-02-28T07:00Z",
          "jst-contact:0000000a declarations_missing_3d scheduled "
          "2027-03-07T07:00Z",
          "participant:000000a1 module_programme scheduled 2027-03-03T07:00Z",
          "participant:000000a1 signup_deadline_48h scheduled "
          "2027-02-24T14:00Z",
          "participant:000000a1 signup_deadline_4h scheduled "
          "2027-02-26T10:00Z",
          "participant:000000a2 declarations_missing_10d scheduled "
          "2027-02-28T07:00Z",
          "participant:000000a2 declarations_missing_3d scheduled "
          "2027-03-07T07:00Z",
          "participant:000000a2 module_programme scheduled 2027-03-03T07:00Z",
          "participant:000000a2 signup_deadline_48h scheduled "
          "2027-02-24T14:00Z",
          "participant:000000a2 signup_deadline_4h scheduled "
          "2027-02-26T10:00Z",
          "participant:000000a3 module_programme scheduled 2027-03-03T07:00Z",
          "participant:000000a3 signup_deadline_48h scheduled "
          "2027-02-24T14:00Z",
          "participant:000000a3 signup_deadline_4h scheduled "
          "2027-02-26T10:00Z",
          "participant:000000b1 module_programme scheduled 2027-03-03T07:00Z",
          "participant:000000b1 signup_deadline_48h scheduled "
          "2027-02-24T14:00Z",
          "participant:000000b1 signup_deadline_4h scheduled "
          "2027-02-26T10:00Z"));

  // A trainer's session adds the trainer; a sign-up cancels that
  // participant's reminders only.
  ev::SessionScheduled session;
  session.set_module_id(kModule);
  session.set_edition(kEdition);
  session.set_trainer("trener-1");
  Deliver(session);
  Deliver(session);  // a second session of the same trainer adds nothing
  ev::ModuleSignupMade signup;
  signup.set_module_id(kModule);
  signup.set_edition(kEdition);
  signup.set_participant_id(kA1);
  Deliver(signup);
  EXPECT_EQ(Count(absl::StrCat("subject_ref = '", kModuleRef,
                               "' AND state = 'scheduled'")),
            16 - 2 + 1);
  EXPECT_THAT(Rows(kModuleRef, "cancelled"),
              ElementsAre("participant:000000a1 signup_deadline_48h "
                          "cancelled 2027-02-24T14:00Z",
                          "participant:000000a1 signup_deadline_4h "
                          "cancelled 2027-02-26T10:00Z"));
  EXPECT_EQ(Count("person_ref = 'trainer:trener-1' AND reason = "
                  "'module_programme' AND state = 'scheduled'"),
            1);

  // The module moves four weeks later (summer time from 28 March): every
  // reminder planned for the old dates is cancelled, new ones planned.
  ev::ModuleMoved moved;
  *moved.mutable_module() = ModuleAt("2027-04-07T11:00", "2027-03-26T15:00", 2);
  Deliver(moved);
  const auto after_move = Rows(kModuleRef);
  EXPECT_EQ(after_move.size(), 15u);
  EXPECT_THAT(after_move,
              ::testing::Contains("participant:000000a2 module_programme "
                                  "scheduled 2027-03-31T06:00Z"));
  EXPECT_THAT(after_move,
              ::testing::Contains("participant:000000b1 signup_deadline_48h "
                                  "scheduled 2027-03-24T14:00Z"));
  EXPECT_THAT(after_move,
              ::testing::Contains("trainer:trener-1 module_programme "
                                  "scheduled 2027-03-31T06:00Z"));
  EXPECT_EQ(Count(absl::StrCat("subject_ref = '", kModuleRef,
                               "' AND state = 'cancelled'")),
            2 + 15);

  // A late copy of the first announcement (a lower revision) changes
  // nothing.
  ev::ModuleScheduled late;
  *late.mutable_module() = ModuleAt("2027-03-10T11:00", "2027-02-26T15:00", 1);
  Deliver(late);
  EXPECT_EQ(Rows(kModuleRef), after_move);

  // Moved back: the first dates' notifications are scheduled again, not
  // duplicated.
  ev::ModuleMoved back;
  *back.mutable_module() = ModuleAt("2027-03-10T11:00", "2027-02-26T15:00", 3);
  Deliver(back);
  EXPECT_EQ(Rows(kModuleRef).size(), 15u);
  EXPECT_EQ(Count(absl::StrCat("subject_ref = '", kModuleRef, "'")),
            2 + 15 + 15);
}

TEST_F(ScheduleTest, DecisionsGoToTheContactOncePerDecision) {
  Qualify(kA, "2476011", "qualified-once");
  Qualify(kA, "2476011", "qualified-once");  // a redelivered copy
  ev::JstWaitlisted waitlisted;
  waitlisted.set_edition(kEdition);
  waitlisted.set_application_id(kB);
  waitlisted.set_teryt("1465011");
  waitlisted.set_voivodeship("14");
  *waitlisted.mutable_waitlisted_at() = Ts(now_);
  Deliver(waitlisted);
  EXPECT_THAT(Rows(absl::StrCat("application:", kA)),
              ElementsAre("jst-contact:0000000a jst_qualified scheduled "
                          "2026-11-23T11:00Z"));
  EXPECT_THAT(Rows(absl::StrCat("application:", kB)),
              ElementsAre("jst-contact:0000000b jst_waitlisted scheduled "
                          "2026-11-23T11:00Z"));
  EXPECT_EQ(Count("required"), 2);
}

TEST_F(ScheduleTest, ARecordedDeclarationCancelsItsReminders) {
  PlanTwoJstsAndAModule();
  ev::ParticipantUpdated declared;
  ev::ParticipantFacts* p = declared.mutable_participant();
  p->set_participant_id(kA2);
  p->set_edition(kEdition);
  p->set_application_id(kA);
  p->set_status(recruitment::v1::PARTICIPANT_ACTIVE);
  p->set_declaration_recorded(true);
  Deliver(declared);
  // a2's and A's contact's: no one of A lacks one now.
  EXPECT_EQ(Count("reason LIKE 'declarations_missing%' AND state = "
                  "'scheduled'"),
            0);
  EXPECT_EQ(Count("reason LIKE 'declarations_missing%' AND state = "
                  "'cancelled'"),
            4);
  // The rest of A's stays.
  EXPECT_EQ(Count(absl::StrCat("person_ref = 'participant:", kA2,
                               "' AND state = 'scheduled'")),
            3);
}

TEST_F(ScheduleTest, AWithdrawnJstGetsNothingMore) {
  PlanTwoJstsAndAModule();
  ev::JstWithdrawn withdrawn;
  withdrawn.set_edition(kEdition);
  withdrawn.set_application_id(kA);
  withdrawn.set_teryt("2476011");
  withdrawn.set_voivodeship("24");
  *withdrawn.mutable_withdrawn_at() = Ts(now_);
  Deliver(withdrawn);
  EXPECT_EQ(Count(absl::StrCat("application_id = '", kA,
                               "' AND state = 'scheduled'")),
            0);
  // Later news plans nothing for A: a move, a task.
  ev::ModuleMoved moved;
  *moved.mutable_module() = ModuleAt("2027-04-07T11:00", "2027-03-26T15:00", 2);
  Deliver(moved);
  ev::TaskAssigned task;
  ev::TaskFacts* t = task.mutable_task();
  t->set_task_id(kTask);
  t->set_module_id(kModule);
  t->set_title("Diagnoza");
  t->set_application_id(kA);
  t->set_edition(kEdition);
  *t->mutable_due_time() = Ts(Local("2027-04-01T12:00"));
  t->set_status(training::v1::TASK_OPEN);
  t->set_revision(1);
  Deliver(task);
  EXPECT_EQ(Count(absl::StrCat("application_id = '", kA,
                               "' AND state = 'scheduled'")),
            0);
  // B's people are planned for the new dates.
  EXPECT_EQ(Count(absl::StrCat("application_id = '", kB,
                               "' AND state = 'scheduled' AND subject_ref = '",
                               kModuleRef, "'")),
            3);
}

TEST_F(ScheduleTest, ATaskRemindsItsTeamAndGuardianUntilSubmitted) {
  PlanTwoJstsAndAModule();
  ev::CaseExpertsAssigned experts;
  experts.mutable_case_()->set_case_id(kCase);
  experts.mutable_case_()->set_edition(kEdition);
  experts.mutable_case_()->set_application_id(kA);
  experts.mutable_case_()->set_version(2);
  experts.set_guardian("g1");
  experts.set_education_expert("g1");
  experts.set_personnel_expert("e2");
  *experts.mutable_assigned_at() = Ts(now_);
  Deliver(experts);

  auto task = [&](training::v1::TaskStatus status, int revision) {
    ev::TaskFacts t;
    t.set_task_id(kTask);
    t.set_module_id(kModule);
    t.set_title("Diagnoza");
    t.set_application_id(kA);
    t.set_edition(kEdition);
    // Due Thursday 1 April 2027 12:00; Easter Monday is 29 March.
    *t.mutable_due_time() = Ts(Local("2027-04-01T12:00"));
    t.set_status(status);
    t.set_revision(revision);
    return t;
  };
  ev::TaskAssigned assigned;
  *assigned.mutable_task() = task(training::v1::TASK_OPEN, 1);
  Deliver(assigned);
  const std::string subject = absl::StrCat("task:", kTask);
  // 3 business days before (Friday 26 March, across Easter Monday); overdue
  // on Friday 2 April, also to the guardian.
  EXPECT_THAT(
      Rows(subject),
      ElementsAre(
          "expert:g1 task_overdue scheduled 2027-04-02T06:00Z",
          "participant:000000a1 task_due_soon scheduled 2027-03-26T07:00Z",
          "participant:000000a1 task_overdue scheduled 2027-04-02T06:00Z",
          "participant:000000a2 task_due_soon scheduled 2027-03-26T07:00Z",
          "participant:000000a2 task_overdue scheduled 2027-04-02T06:00Z",
          "participant:000000a3 task_due_soon scheduled 2027-03-26T07:00Z",
          "participant:000000a3 task_overdue scheduled 2027-04-02T06:00Z"));

  ev::TaskStatusChanged submitted;
  *submitted.mutable_task() = task(training::v1::TASK_SUBMITTED, 2);
  Deliver(submitted);
  EXPECT_THAT(Rows(subject), IsEmpty());
  // Returned: the same reminders again, not new ones.
  ev::TaskStatusChanged returned;
  *returned.mutable_task() = task(training::v1::TASK_RETURNED, 3);
  Deliver(returned);
  EXPECT_EQ(Rows(subject).size(), 7u);
  EXPECT_EQ(Count(absl::StrCat("subject_ref = '", subject, "'")), 7);
  // A late copy of the submission changes nothing.
  Deliver(submitted);
  EXPECT_EQ(Rows(subject).size(), 7u);
}

TEST_F(ScheduleTest, CaseStagesRemindTheExpertsAndAHandoverIsNoticed) {
  PlanTwoJstsAndAModule();
  ev::CaseRef ref;
  ref.set_case_id(kCase);
  ref.set_edition(kEdition);
  ref.set_application_id(kA);
  const std::string subject = absl::StrCat("case:", kCase);

  ev::CaseOpened opened;
  *opened.mutable_case_() = ref;
  opened.mutable_case_()->set_version(1);
  opened.set_stage_due_on("2027-01-15");
  Deliver(opened);
  EXPECT_THAT(Rows(subject), IsEmpty());  // no experts yet

  ev::CaseExpertsAssigned experts;
  *experts.mutable_case_() = ref;
  experts.mutable_case_()->set_version(2);
  experts.set_guardian("g1");
  experts.set_education_expert("g1");
  experts.set_personnel_expert("e2");
  *experts.mutable_assigned_at() = Ts(now_);
  Deliver(experts);
  // 5 business days before Friday 15 January 2027: Friday 8 January;
  // overdue Monday 18 January.
  EXPECT_THAT(
      Rows(subject),
      ElementsAre("expert:e2 stage_due_soon scheduled 2027-01-08T07:00Z",
                  "expert:e2 stage_overdue scheduled 2027-01-18T07:00Z",
                  "expert:g1 stage_due_soon scheduled 2027-01-08T07:00Z",
                  "expert:g1 stage_overdue scheduled "
                  "2027-01-18T07:00Z"));

  ev::CaseStageChanged stage;
  *stage.mutable_case_() = ref;
  stage.mutable_case_()->set_version(3);
  stage.set_to_stage(advisory::v1::NEEDS_DIAGNOSIS);
  stage.set_stage_due_on("2027-03-01");
  Deliver(stage);
  EXPECT_EQ(Rows(subject, "cancelled").size(), 4u);
  EXPECT_EQ(Rows(subject).size(), 4u);

  // Handover: g1 and e2 leave, g3 and e4 join; each gets a notice now.
  experts.mutable_case_()->set_version(4);
  experts.set_guardian("g3");
  experts.set_education_expert("g3");
  experts.set_personnel_expert("e4");
  experts.set_handover(true);
  Deliver(experts);
  EXPECT_EQ(Count(absl::StrCat("subject_ref = '", subject,
                               "' AND reason = 'handover'")),
            4);
  EXPECT_THAT(
      Rows(subject),
      ElementsAre("expert:e2 handover scheduled 2026-11-23T11:00Z",
                  "expert:e4 handover scheduled 2026-11-23T11:00Z",
                  "expert:e4 stage_due_soon scheduled 2027-02-22T07:00Z",
                  "expert:e4 stage_overdue scheduled 2027-03-02T07:00Z",
                  "expert:g1 handover scheduled 2026-11-23T11:00Z",
                  "expert:g3 handover scheduled 2026-11-23T11:00Z",
                  "expert:g3 stage_due_soon scheduled 2027-02-22T07:00Z",
                  "expert:g3 stage_overdue scheduled "
                  "2027-03-02T07:00Z"));

  ev::CaseWithdrawn withdrawn;
  *withdrawn.mutable_case_() = ref;
  withdrawn.mutable_case_()->set_version(5);
  Deliver(withdrawn);
  EXPECT_EQ(Count(absl::StrCat("subject_ref = '", subject,
                               "' AND state = 'scheduled' AND reason LIKE "
                               "'stage%'")),
            0);
  // The handover notices are not the stage's to cancel.
  EXPECT_EQ(Count(absl::StrCat("subject_ref = '", subject,
                               "' AND state = 'scheduled' AND reason = "
                               "'handover'")),
            4);
}

TEST_F(ScheduleTest, LateNewsIsNotPlannedAndWhatWasSentIsNotTouched) {
  // Five days before the module: the programme (due 3 March) goes at once,
  // the 10-day declaration reminder too (the 3-day one is not due yet);
  // the sign-up deadline has passed, so no sign-up reminder at all.
  now_ = Local("2027-03-05T09:00");
  PlanTwoJstsAndAModule();
  EXPECT_THAT(Rows(kModuleRef),
              ElementsAre("jst-contact:0000000a declarations_missing_10d "
                          "scheduled 2027-02-28T07:00Z",
                          "jst-contact:0000000a declarations_missing_3d "
                          "scheduled 2027-03-07T07:00Z",
                          "participant:000000a1 module_programme scheduled "
                          "2027-03-03T07:00Z",
                          "participant:000000a2 declarations_missing_10d "
                          "scheduled 2027-02-28T07:00Z",
                          "participant:000000a2 declarations_missing_3d "
                          "scheduled 2027-03-07T07:00Z",
                          "participant:000000a2 module_programme scheduled "
                          "2027-03-03T07:00Z",
                          "participant:000000a3 module_programme scheduled "
                          "2027-03-03T07:00Z",
                          "participant:000000b1 module_programme scheduled "
                          "2027-03-03T07:00Z"));
  // a1's programme was sent; a newer snapshot of a1 re-plans A's people and
  // leaves it as it is.
  db_.Query(
      absl::StrCat("UPDATE notification SET state = 'sent' WHERE "
                   "person_ref = 'participant:",
                   kA1, "' RETURNING 1"));
  now_ += absl::Hours(1);
  Enrol(kA1, kA, true);
  EXPECT_EQ(Count(absl::StrCat("person_ref = 'participant:", kA1, "'")), 1);
  EXPECT_EQ(Count(absl::StrCat("person_ref = 'participant:", kA1,
                               "' AND state = 'sent'")),
            1);
}

}  // namespace
}  // namespace jstedu::notifications
