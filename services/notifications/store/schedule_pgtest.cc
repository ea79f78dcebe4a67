// The schedule planned from the other services' events against a real
// PostgreSQL: each event applied through the consumer's handler in its own
// transaction (as the consumer does), then the table `notification` read
// back. Exactly once per person, reason, subject and occurrence; moves
// re-plan; withdrawals, declarations, sign-ups and submissions cancel; late
// news is not planned; what was sent is never touched.

#include "services/notifications/store/content.h"
#include "services/notifications/store/facts_store.h"
#include "services/notifications/store/notifications_pgtest.h"

namespace jstedu::notifications::pgtest {
namespace {

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

  // Moved back: announced again for the first dates (whoever was told of
  // the second ones must hear of the return), as new occurrences of
  // revision 3; nothing is scheduled twice.
  ev::ModuleMoved back;
  *back.mutable_module() = ModuleAt("2027-03-10T11:00", "2027-02-26T15:00", 3);
  Deliver(back);
  EXPECT_EQ(Rows(kModuleRef).size(), 15u);
  EXPECT_EQ(Count(absl::StrCat("subject_ref = '", kModuleRef,
                               "' AND state = 'scheduled' AND occurrence "
                               "LIKE '%#r3'")),
            15);
  EXPECT_EQ(Count(absl::StrCat("subject_ref = '", kModuleRef, "'")),
            17 + 15 + 15);
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

// The backfill's snapshots (backfill.h), applied as it applies a page: one
// transaction through FactsStore, re-planned at its end.
class BackfillSnapshotTest : public ScheduleTest {
 protected:
  void Snapshot(const std::function<void(pqxx::transaction_base&,
                                         const FactsStore&, Replans&)>& apply) {
    const absl::Status applied =
        pg::RunInTransaction(db_.pool(), [&](pqxx::transaction_base& tx) {
          const FactsStore facts(planner_);
          Replans replans;
          apply(tx, facts, replans);
          planner_.Replan(tx, replans);
          return absl::OkStatus();
        });
    ASSERT_TRUE(applied.ok()) << applied;
  }
  void Decided(const std::string& application, const std::string& teryt,
               recruitment::v1::ApplicationStatus status) {
    recruitment::v1::ApplicationDecision d;
    d.set_application_id(application);
    d.set_edition(kEdition);
    d.set_teryt(teryt);
    d.set_voivodeship(teryt.substr(0, 2));
    d.set_status(status);
    *d.mutable_qualified_time() = Ts(now_);
    *d.mutable_status_time() = Ts(now_);
    Snapshot([&](auto& tx, auto& facts, auto& replans) {
      facts.Decided(tx, d, replans);
    });
  }
  // a1's facts as the backfill read them at `as_of`: no declaration.
  void A1WithoutDeclarationAsOf(absl::Time as_of) {
    ev::ParticipantFacts p;
    p.set_participant_id(kA1);
    p.set_edition(kEdition);
    p.set_application_id(kA);
    p.set_status(recruitment::v1::PARTICIPANT_ACTIVE);
    p.set_declaration_recorded(false);
    Snapshot([&](auto& tx, auto& facts, auto& replans) {
      facts.Participant(tx, p, Ts(as_of), replans);
    });
  }
};

TEST_F(BackfillSnapshotTest, ADecisionPlansTheJstsRemindersButNoNotice) {
  Decided(kA, "2476011", recruitment::v1::QUALIFIED);
  Decided(kB, "1465011", recruitment::v1::WAITLISTED);
  Enrol(kA1, kA, true);
  Enrol(kA2, kA, false);
  Enrol(kB1, kB, false);
  ev::ModuleScheduled scheduled;
  *scheduled.mutable_module() =
      ModuleAt("2027-03-10T11:00", "2027-02-26T15:00", 1);
  Deliver(scheduled);
  // No decision notice: it is news only when it is made.
  EXPECT_EQ(Count("reason IN ('jst_qualified', 'jst_waitlisted')"), 0);
  // A's people are planned for the module; B, only waiting, gets nothing.
  EXPECT_GT(Count(absl::StrCat("application_id = '", kA,
                               "' AND state = 'scheduled'")),
            0);
  EXPECT_EQ(Count(absl::StrCat("application_id = '", kB, "'")), 0);
  // Read again: nothing changes.
  const std::string before =
      db_.Query("SELECT count(*) || max(updated_at)::text FROM notification");
  Decided(kA, "2476011", recruitment::v1::QUALIFIED);
  EXPECT_EQ(db_.Query("SELECT count(*) || max(updated_at)::text FROM "
                      "notification"),
            before);
  // Withdrawn since: everything of A's is cancelled, no notice either.
  Decided(kA, "2476011", recruitment::v1::WITHDRAWN);
  EXPECT_EQ(Count(absl::StrCat("application_id = '", kA,
                               "' AND state = 'scheduled'")),
            0);
  EXPECT_EQ(Count("required AND state = 'scheduled'"), 0);
}

// A JST waiting when the backfill ran, its people read with it, qualified
// later by an event that does not name them again: they are planned.
TEST_F(BackfillSnapshotTest, AWaitingJstsPeopleArePlannedWhenItQualifies) {
  Decided(kB, "1465011", recruitment::v1::WAITLISTED);
  ev::ParticipantFacts p;
  p.set_participant_id(kB1);
  p.set_edition(kEdition);
  p.set_application_id(kB);
  p.set_status(recruitment::v1::PARTICIPANT_ACTIVE);
  p.set_declaration_recorded(true);
  Snapshot([&](auto& tx, auto& facts, auto& replans) {
    facts.Participant(tx, p, Ts(now_), replans);
  });
  ev::ModuleScheduled scheduled;
  *scheduled.mutable_module() =
      ModuleAt("2027-03-10T11:00", "2027-02-26T15:00", 1);
  Deliver(scheduled);
  EXPECT_EQ(Count(absl::StrCat("person_ref = 'participant:", kB1, "'")), 0);
  Qualify(kB, "1465011");
  EXPECT_THAT(Rows(kModuleRef),
              ElementsAre("participant:000000b1 module_programme scheduled "
                          "2027-03-03T07:00Z",
                          "participant:000000b1 signup_deadline_48h scheduled "
                          "2027-02-24T14:00Z",
                          "participant:000000b1 signup_deadline_4h scheduled "
                          "2027-02-26T10:00Z"));
}

TEST_F(BackfillSnapshotTest, AParticipantsSnapshotLosesToANewerEvent) {
  PlanTwoJstsAndAModule();
  const std::string a1_missing =
      absl::StrCat("person_ref = 'participant:", kA1,
                   "' AND reason LIKE 'declarations_missing%' AND state = "
                   "'scheduled'");
  // Read before a1's enrolment event was published: the event stands.
  A1WithoutDeclarationAsOf(now_ - absl::Hours(1));
  EXPECT_EQ(Count(a1_missing), 0);
  // Read after it: the snapshot is newer, a1 is reminded.
  A1WithoutDeclarationAsOf(now_ + absl::Hours(1));
  EXPECT_EQ(Count(a1_missing), 2);
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
  Withdraw(kA, "2476011");
  EXPECT_EQ(Count(absl::StrCat("application_id = '", kA,
                               "' AND state = 'scheduled'")),
            0);
  // Later news plans nothing for A: a move, a task.
  ev::ModuleMoved moved;
  *moved.mutable_module() = ModuleAt("2027-04-07T11:00", "2027-03-26T15:00", 2);
  Deliver(moved);
  ev::TaskAssigned task;
  *task.mutable_task() = TaskOfA(training::v1::TASK_OPEN, 1);
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

  ev::TaskAssigned assigned;
  *assigned.mutable_task() = TaskOfA(training::v1::TASK_OPEN, 1);
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
  *submitted.mutable_task() = TaskOfA(training::v1::TASK_SUBMITTED, 2);
  Deliver(submitted);
  EXPECT_THAT(Rows(subject), IsEmpty());
  // Returned: the same reminders again, not new ones.
  ev::TaskStatusChanged returned;
  *returned.mutable_task() = TaskOfA(training::v1::TASK_RETURNED, 3);
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
  // A move cancels what is scheduled, never what was sent.
  ev::ModuleMoved moved;
  *moved.mutable_module() = ModuleAt("2027-04-07T11:00", "2027-03-26T15:00", 2);
  Deliver(moved);
  EXPECT_EQ(Count(absl::StrCat("person_ref = 'participant:", kA1,
                               "' AND state = 'sent'")),
            1);
}

TEST_F(ScheduleTest, EventsOfAnotherStreamMayComeFirst) {
  // Training's task reaches notifications before recruitment's
  // qualification and participants: nothing can be planned yet...
  ev::TaskAssigned task;
  *task.mutable_task() = TaskOfA(training::v1::TASK_OPEN, 1);
  Deliver(task);
  const std::string subject = absl::StrCat("task:", kTask);
  EXPECT_THAT(Rows(subject), IsEmpty());
  // ...and is planned when they arrive.
  Qualify(kA, "2476011");
  Enrol(kA1, kA, true);
  EXPECT_EQ(Rows(subject).size(), 2u);
  // An older snapshot of the participant is ignored.
  ev::ParticipantUpdated older;
  ev::ParticipantFacts* p = older.mutable_participant();
  p->set_participant_id(kA1);
  p->set_edition(kEdition);
  p->set_application_id(kA);
  p->set_status(recruitment::v1::PARTICIPANT_WITHDRAWN);
  now_ -= absl::Hours(1);  // its event time is before the enrolment's
  Deliver(older);
  now_ += absl::Hours(1);
  EXPECT_EQ(Rows(subject).size(), 2u);
}

TEST_F(ScheduleTest, APromotionCancelsTheWaitingListNoticeNotSentYet) {
  ev::JstWaitlisted waitlisted;
  waitlisted.set_edition(kEdition);
  waitlisted.set_application_id(kA);
  waitlisted.set_teryt("2476011");
  waitlisted.set_voivodeship("24");
  *waitlisted.mutable_waitlisted_at() = Ts(now_);
  Deliver(waitlisted);
  Qualify(kA, "2476011");
  EXPECT_THAT(Rows(absl::StrCat("application:", kA)),
              ElementsAre("jst-contact:0000000a jst_qualified scheduled "
                          "2026-11-23T11:00Z"));
}

TEST_F(ScheduleTest, APersonWhoMovesToAnotherJstGoesWithIt) {
  PlanTwoJstsAndAModule();
  // a1 moves from A to B (the same reminders, now B's), then B withdraws:
  // a1 gets nothing more; A's people keep theirs.
  ev::ParticipantUpdated moved;
  ev::ParticipantFacts* p = moved.mutable_participant();
  p->set_participant_id(kA1);
  p->set_edition(kEdition);
  p->set_application_id(kB);
  p->set_status(recruitment::v1::PARTICIPANT_ACTIVE);
  p->set_declaration_recorded(true);
  Deliver(moved);
  EXPECT_EQ(Count(absl::StrCat("person_ref = 'participant:", kA1,
                               "' AND state = 'scheduled' AND application_id "
                               "= '",
                               kB, "'")),
            3);
  Withdraw(kB, "1465011");
  EXPECT_EQ(Count(absl::StrCat("person_ref = 'participant:", kA1,
                               "' AND state = 'scheduled'")),
            0);
  EXPECT_EQ(Count(absl::StrCat("person_ref = 'participant:", kA2,
                               "' AND state = 'scheduled'")),
            5);
}

// A coordinator (recruitment's account directory: its role and
// voivodeship) gets one digest a week, Monday 07:00, for its voivodeship;
// a move re-plans it, a stale announcement changes nothing, another role
// ends it; the weekly plan adds next week's once Monday is over.
TEST_F(ScheduleTest, EachCoordinatorHasOneDigestAWeekForItsVoivodeship) {
  // Wednesday 7 April 2027 (summer time): Monday 12 April 07:00 = 05:00Z.
  now_ = Local("2027-04-07T10:00");
  const absl::Time t1 = now_;
  AccountChanged("koord", auth::v1::COORDINATOR, "24", t1);
  AccountChanged("trener-1", auth::v1::TRAINER, "", t1);
  EXPECT_THAT(Rows("voivodeship:24"),
              ElementsAre("coordinator:koord weekly_digest scheduled "
                          "2027-04-12T05:00Z"));
  EXPECT_EQ(Count("reason = 'weekly_digest'"), 1);
  EXPECT_EQ(db_.Query("SELECT occurrence FROM notification WHERE reason = "
                      "'weekly_digest'"),
            "2027-W15");

  // Moved to another voivodeship; then an older announcement arrives late.
  AccountChanged("koord", auth::v1::COORDINATOR, "14", t1 + absl::Minutes(1));
  AccountChanged("koord", auth::v1::COORDINATOR, "24", t1);
  EXPECT_THAT(Rows("voivodeship:24", "cancelled"), ::testing::SizeIs(1));
  EXPECT_THAT(Rows("voivodeship:24"), IsEmpty());
  EXPECT_THAT(Rows("voivodeship:14"), ::testing::SizeIs(1));

  // No longer a coordinator: nothing scheduled; a coordinator again: back.
  AccountChanged("koord", auth::v1::EXPERT, "", t1 + absl::Minutes(2));
  EXPECT_EQ(Count("reason = 'weekly_digest' AND state = 'scheduled'"), 0);
  AccountChanged("koord", auth::v1::COORDINATOR, "14", t1 + absl::Minutes(3));
  EXPECT_THAT(Rows("voivodeship:14"), ::testing::SizeIs(1));

  // The periodic plan: nothing new during the week; on Tuesday next
  // week's (19 April), once.
  auto plan = [this] {
    return pg::RunInTransactionFor<int>(
        db_.pool(), [this](pqxx::transaction_base& tx) {
          return absl::StatusOr<int>(planner_.PlanDigests(tx));
        });
  };
  EXPECT_EQ(plan().value_or(-1), 0);
  now_ = Local("2027-04-13T00:05");
  EXPECT_EQ(plan().value_or(-1), 1);
  EXPECT_EQ(plan().value_or(-1), 0);
  EXPECT_THAT(Rows("voivodeship:14"),
              ElementsAre("coordinator:koord weekly_digest scheduled "
                          "2027-04-12T05:00Z",
                          "coordinator:koord weekly_digest scheduled "
                          "2027-04-19T05:00Z"));
}

// The digest is counted when it is written, from the facts then: stages
// and tasks past due, JSTs below their edition's minimum, records missing
// monitoring data; per voivodeship, JST by JST; a withdrawn JST is gone.
TEST_F(ScheduleTest, TheDigestCountsItsVoivodeshipWhenItIsWritten) {
  PlanTwoJstsAndAModule();  // A (24: a1, a2, a3), B (14: b1)
  EditionMinimum(3);
  ev::CaseOpened opened;
  opened.mutable_case_()->set_case_id(kCase);
  opened.mutable_case_()->set_edition(kEdition);
  opened.mutable_case_()->set_application_id(kA);
  opened.mutable_case_()->set_version(1);
  opened.set_stage_due_on("2027-04-09");
  Deliver(opened);
  ev::TaskAssigned task;
  *task.mutable_task() = TaskOfA(training::v1::TASK_OPEN, 1);  // 1 April
  Deliver(task);
  // b1's record is complete; the others' (as enrolled) lack monitoring data.
  ev::ParticipantUpdated complete;
  complete.mutable_participant()->set_participant_id(kB1);
  complete.mutable_participant()->set_edition(kEdition);
  complete.mutable_participant()->set_application_id(kB);
  complete.mutable_participant()->set_status(
      recruitment::v1::PARTICIPANT_ACTIVE);
  complete.mutable_participant()->set_declaration_recorded(true);
  complete.mutable_participant()->set_monitoring_data_complete(true);
  Deliver(complete);

  auto digest = [this](const std::string& voivodeship, absl::Time at) {
    return pg::RunInTransactionFor<Content>(
               db_.pool(),
               [&](pqxx::transaction_base& tx) {
                 return ReadContent(
                     tx,
                     {Reason::kWeeklyDigest, CoordinatorRef("k"),
                      VoivodeshipRef(voivodeship), "", "2027-W15"},
                     at);
               })
        .value_or(Content{})
        .digest;
  };
  auto lines = [](const std::vector<DigestLine>& section) {
    std::vector<std::string> out;
    for (const DigestLine& l : section) {
      out.push_back(absl::StrCat(
          l.teryt, " ", l.count, l.edition.empty() ? "" : " ", l.edition,
          l.minimum ? absl::StrCat("/", l.minimum) : ""));
    }
    return out;
  };
  // Friday 9 April, 23:30 Warsaw time: the stage is due today (not
  // overdue), the task is.
  Digest d = digest("24", Local("2027-04-09T23:30"));
  EXPECT_EQ(d.voivodeship, "24");
  EXPECT_EQ(d.week_start, absl::CivilDay(2027, 4, 12));
  EXPECT_THAT(lines(d.overdue_stages), IsEmpty());
  EXPECT_THAT(lines(d.overdue_tasks), ElementsAre("2476011 1"));
  EXPECT_THAT(lines(d.below_minimum), IsEmpty());  // 3 of 3
  EXPECT_THAT(lines(d.records_to_fix), ElementsAre("2476011 3"));
  // Saturday 10 April 00:30 Warsaw time (still the 9th in UTC): overdue.
  d = digest("24", Local("2027-04-10T00:30"));
  EXPECT_THAT(lines(d.overdue_stages), ElementsAre("2476011 1"));
  EXPECT_THAT(lines(d.unknown_minimum), IsEmpty());
  // B: one active representative of the 3 needed, its record complete.
  d = digest("14", Local("2027-04-12T07:00"));
  EXPECT_THAT(lines(d.below_minimum), ElementsAre("1465011 1 E2027/3"));
  EXPECT_THAT(lines(d.records_to_fix), IsEmpty());
  EXPECT_THAT(lines(d.overdue_tasks), IsEmpty());
  // A submitted task and a closed case are not overdue.
  ev::TaskStatusChanged submitted;
  *submitted.mutable_task() = TaskOfA(training::v1::TASK_SUBMITTED, 2);
  Deliver(submitted);
  ev::CaseWithdrawn closed;
  *closed.mutable_case_() = opened.case_();
  closed.mutable_case_()->set_version(2);
  Deliver(closed);
  d = digest("24", Local("2027-04-12T07:00"));
  EXPECT_THAT(lines(d.overdue_stages), IsEmpty());
  EXPECT_THAT(lines(d.overdue_tasks), IsEmpty());
  EXPECT_THAT(lines(d.records_to_fix), ElementsAre("2476011 3"));
  // A JST of an edition whose minimum is not known is said to be unchecked.
  ev::JstQualified other;
  other.set_edition("E-UNKNOWN");
  other.set_application_id("0000000c-0000-4000-8000-000000000000");
  other.set_teryt("2402011");
  other.set_voivodeship("24");
  *other.mutable_qualified_at() = Ts(now_);
  Deliver(other);
  d = digest("24", Local("2027-04-12T07:00"));
  EXPECT_THAT(lines(d.unknown_minimum), ElementsAre(" 1 E-UNKNOWN"));
  EXPECT_THAT(lines(d.below_minimum), IsEmpty());
  // A withdrawn JST is counted no more.
  Withdraw(kA, "2476011");
  d = digest("24", Local("2027-04-12T07:00"));
  EXPECT_THAT(lines(d.overdue_stages), IsEmpty());
  EXPECT_THAT(lines(d.overdue_tasks), IsEmpty());
  EXPECT_THAT(lines(d.records_to_fix), IsEmpty());
}

}  // namespace
}  // namespace jstedu::notifications::pgtest
