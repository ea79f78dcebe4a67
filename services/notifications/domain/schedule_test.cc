// The schedule's rules: who gets what, when (Europe/Warsaw, across changes
// of clocks), on which business day (the Polish calendar), and until when.

#include "services/notifications/domain/schedule.h"

#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::notifications {
namespace {

absl::Time Local(const std::string& text) {
  auto t = ParseLocalInstant(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status();
  return t.value_or(absl::InfinitePast());
}

std::string Utc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// "person reason: due → expires" per planned notification, sorted.
std::vector<std::string> Lines(const std::vector<Planned>& planned) {
  std::vector<std::string> out;
  for (const Planned& p : planned) {
    out.push_back(absl::StrCat(p.person_ref, " ",
                               std::string(ReasonName(p.reason)), ": ",
                               Utc(p.due_at), " -> ", Utc(p.expires_at)));
  }
  std::sort(out.begin(), out.end());
  return out;
}

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Schedule, ReasonsHaveStableNamesAndRequiredOnesAreTheProgrammes) {
  for (Reason r :
       {Reason::kJstQualified, Reason::kJstWaitlisted,
        Reason::kDeclarationsMissing10d, Reason::kDeclarationsMissing3d,
        Reason::kModuleProgramme, Reason::kSignupDeadline48h,
        Reason::kSignupDeadline4h, Reason::kTaskDueSoon, Reason::kTaskOverdue,
        Reason::kStageDueSoon, Reason::kStageOverdue, Reason::kHandover,
        Reason::kWeeklyDigest}) {
    EXPECT_EQ(ReasonNamed(ReasonName(r)), r) << ReasonName(r);
  }
  EXPECT_EQ(ReasonNamed("spam"), std::nullopt);
  EXPECT_TRUE(IsRequired(Reason::kModuleProgramme));
  EXPECT_TRUE(IsRequired(Reason::kDeclarationsMissing3d));
  EXPECT_TRUE(IsRequired(Reason::kJstQualified));
  EXPECT_TRUE(IsRequired(Reason::kHandover));
  EXPECT_FALSE(IsRequired(Reason::kSignupDeadline48h));
  EXPECT_FALSE(IsRequired(Reason::kTaskOverdue));
  EXPECT_FALSE(IsRequired(Reason::kStageDueSoon));
  EXPECT_FALSE(IsRequired(Reason::kWeeklyDigest));
}

// Monday 07:00 Warsaw time, winter or summer; today's while it is Monday,
// next week's from Tuesday; one per ISO week.
TEST(Schedule, TheDigestIsMondaySevenOClockOncePerIsoWeek) {
  // Wednesday 3 March 2027 (winter time): Monday 8 March, week 10.
  Planned p = PlanDigest("koordynator-14", "14", Local("2027-03-03T12:00"));
  EXPECT_EQ(p.person_ref, "coordinator:koordynator-14");
  EXPECT_EQ(p.reason, Reason::kWeeklyDigest);
  EXPECT_EQ(p.subject_ref, "voivodeship:14");
  EXPECT_EQ(p.occurrence, "2027-W10");
  EXPECT_EQ(Utc(p.due_at), "2027-03-08T06:00:00Z");
  EXPECT_EQ(Utc(p.expires_at), "2027-03-08T23:00:00Z");
  EXPECT_EQ(p.application_id, "");
  // Monday 29 March 2027, 10:00 (summer time since the 28th): today's,
  // due already (sent at once), until midnight.
  p = PlanDigest("k", "02", Local("2027-03-29T10:00"));
  EXPECT_EQ(p.occurrence, "2027-W13");
  EXPECT_EQ(Utc(p.due_at), "2027-03-29T05:00:00Z");
  EXPECT_EQ(Utc(p.expires_at), "2027-03-29T22:00:00Z");
  // Sunday 28 March 2027, 23:30: the next day's.
  EXPECT_EQ(PlanDigest("k", "02", Local("2027-03-28T23:30")).occurrence,
            "2027-W13");
  // Tuesday 30 March, 00:00: next week's.
  EXPECT_EQ(PlanDigest("k", "02", Local("2027-03-30T00:00")).occurrence,
            "2027-W14");
  // Around New Year: 1 January 2027 is a Friday of 2026's week 53; the
  // Monday after is 4 January, week 1 of 2027.
  EXPECT_EQ(IsoWeek(absl::CivilDay(2027, 1, 1)), "2026-W53");
  EXPECT_EQ(PlanDigest("k", "02", Local("2027-01-01T09:00")).occurrence,
            "2027-W01");
  EXPECT_EQ(IsoWeek(absl::CivilDay(2024, 12, 30)), "2025-W01");
  // Back from the week to its Monday.
  EXPECT_EQ(IsoWeekMonday("2027-W10"), absl::CivilDay(2027, 3, 8));
  EXPECT_EQ(IsoWeekMonday("2026-W53"), absl::CivilDay(2026, 12, 28));
  EXPECT_EQ(IsoWeekMonday("2025-W01"), absl::CivilDay(2024, 12, 30));
  EXPECT_EQ(IsoWeekMonday("2027-W53"), std::nullopt);  // 2027 has 52
  EXPECT_EQ(IsoWeekMonday("2027-10"), std::nullopt);
}

TEST(Schedule, AModulesRemindersAcrossTheSpringChangeOfClocks) {
  // Module 1 of the pilot: 5 April 2017 11:00 (summer time; clocks went
  // forward on 26 March), sign-up deadline 24 March 15:00 (winter time).
  const ModuleFacts module{"m1", Local("2017-04-05T11:00"),
                           Local("2017-03-24T15:00"), 3};
  const std::vector<Member> members{
      {"p1", "a1", /*declaration_recorded=*/true, /*signed_up=*/true},
      {"p2", "a1", /*declaration_recorded=*/false, /*signed_up=*/false},
  };
  const auto planned = PlanModule(module, members, {"trener-1", "trener-1"});
  EXPECT_THAT(
      Lines(planned),
      ElementsAre(
          // 10 and 3 days before, 08:00 Warsaw: the first on the very day
          // the clocks changed (08:00 CEST = 06:00 UTC).
          "jst-contact:a1 declarations_missing_10d: 2017-03-26T06:00:00Z -> "
          "2017-04-02T06:00:00Z",
          "jst-contact:a1 declarations_missing_3d: 2017-04-02T06:00:00Z -> "
          "2017-04-05T09:00:00Z",
          // 7 days before.
          "participant:p1 module_programme: 2017-03-29T06:00:00Z -> "
          "2017-04-05T09:00:00Z",
          "participant:p2 declarations_missing_10d: 2017-03-26T06:00:00Z -> "
          "2017-04-02T06:00:00Z",
          "participant:p2 declarations_missing_3d: 2017-04-02T06:00:00Z -> "
          "2017-04-05T09:00:00Z",
          "participant:p2 module_programme: 2017-03-29T06:00:00Z -> "
          "2017-04-05T09:00:00Z",
          // 48 h and 4 h before 15:00 CET: 22 March 15:00 and 24 March
          // 11:00, each until the next.
          "participant:p2 signup_deadline_48h: 2017-03-22T14:00:00Z -> "
          "2017-03-24T10:00:00Z",
          "participant:p2 signup_deadline_4h: 2017-03-24T10:00:00Z -> "
          "2017-03-24T14:00:00Z",
          "trainer:trener-1 module_programme: 2017-03-29T06:00:00Z -> "
          "2017-04-05T09:00:00Z"));
  for (const Planned& p : planned) {
    EXPECT_EQ(p.subject_ref, "module:m1");
    EXPECT_EQ(p.application_id, p.person_ref == "trainer:trener-1" ? "" : "a1");
    const bool signup = p.reason == Reason::kSignupDeadline48h ||
                        p.reason == Reason::kSignupDeadline4h;
    // Each occurrence is what its time counts from, at the module's
    // revision.
    EXPECT_EQ(p.occurrence,
              signup ? "2017-03-24T14:00:00Z#r3" : "2017-04-05T09:00:00Z#r3");
  }
}

TEST(Schedule, FortyEightHoursBeforeKeepTheWallClockAcrossAChange) {
  // A deadline of 27 March 2017 15:00 (summer time): 48 h before is
  // 25 March 15:00 winter time, 47 hours earlier in absolute time.
  const ModuleFacts module{"m", Local("2017-04-05T11:00"),
                           Local("2017-03-27T15:00")};
  const auto planned =
      PlanModule(module, {{"p", "a", true, false}}, /*trainers=*/{});
  std::map<Reason, absl::Time> due;
  for (const Planned& p : planned) due[p.reason] = p.due_at;
  EXPECT_EQ(Utc(due[Reason::kSignupDeadline48h]), "2017-03-25T14:00:00Z");
  EXPECT_EQ(Utc(due[Reason::kSignupDeadline4h]), "2017-03-27T09:00:00Z");
}

TEST(Schedule, NoDeadlineNoSignupReminders) {
  const ModuleFacts module{"m", Local("2017-04-05T11:00"), std::nullopt};
  for (const Planned& p : PlanModule(module, {{"p", "a", true, false}}, {})) {
    EXPECT_EQ(p.reason, Reason::kModuleProgramme);
  }
}

TEST(Schedule, TaskRemindersSkipEaster) {
  // Due Tuesday 7 April 2026 10:00, after Easter Monday: 3 business days
  // before is Wednesday 1 April; overdue from Wednesday 8 April.
  const TaskFacts task{"t", "a", Local("2026-04-07T10:00"), true};
  EXPECT_THAT(
      Lines(PlanTask(task, {"p1"}, {"e1", ""})),
      ElementsAre("expert:e1 task_overdue: 2026-04-08T06:00:00Z -> "
                  "2026-04-15T06:00:00Z",
                  "participant:p1 task_due_soon: 2026-04-01T06:00:00Z -> "
                  "2026-04-07T08:00:00Z",
                  "participant:p1 task_overdue: 2026-04-08T06:00:00Z -> "
                  "2026-04-15T06:00:00Z"));
  // Submitted or accepted: nothing more.
  EXPECT_THAT(PlanTask({"t", "a", task.due, false}, {"p1"}, {"e1"}), IsEmpty());
}

TEST(Schedule, StageRemindersSkipCorpusChristiAndCrossTheAutumnChange) {
  // Due Monday 8 June 2026; Corpus Christi is Thursday 4 June: 5 business
  // days before is Friday 29 May.
  CaseFacts kase{"c",
                 "a",
                 "NEEDS_DIAGNOSIS",
                 absl::CivilDay(2026, 6, 8),
                 true,
                 {"e1", "e2", "e1", ""}};
  EXPECT_THAT(Lines(PlanCase(kase)),
              ElementsAre("expert:e1 stage_due_soon: 2026-05-29T06:00:00Z -> "
                          "2026-06-08T22:00:00Z",
                          "expert:e1 stage_overdue: 2026-06-09T06:00:00Z -> "
                          "2026-06-16T06:00:00Z",
                          "expert:e2 stage_due_soon: 2026-05-29T06:00:00Z -> "
                          "2026-06-08T22:00:00Z",
                          "expert:e2 stage_overdue: 2026-06-09T06:00:00Z -> "
                          "2026-06-16T06:00:00Z"));
  EXPECT_EQ(PlanCase(kase)[0].occurrence, "NEEDS_DIAGNOSIS@2026-06-08");
  // Due Monday 26 October 2026, the day after clocks went back: the
  // reminder at 08:00 summer time, the overdue notice at 08:00 winter time.
  kase.stage_due_on = absl::CivilDay(2026, 10, 26);
  kase.experts = {"e1"};
  EXPECT_THAT(Lines(PlanCase(kase)),
              ElementsAre("expert:e1 stage_due_soon: 2026-10-19T06:00:00Z -> "
                          "2026-10-26T23:00:00Z",
                          "expert:e1 stage_overdue: 2026-10-27T07:00:00Z -> "
                          "2026-11-03T07:00:00Z"));
  // A closed case, or a stage without a due day: nothing.
  kase.open = false;
  EXPECT_THAT(PlanCase(kase), IsEmpty());
  kase.open = true;
  kase.stage_due_on.reset();
  EXPECT_THAT(PlanCase(kase), IsEmpty());
}

TEST(Schedule, RetriesBackOffAndStopAfterTheSixthAttempt) {
  EXPECT_EQ(RetryDelay(1), absl::Minutes(1));
  EXPECT_EQ(RetryDelay(2), absl::Minutes(5));
  EXPECT_EQ(RetryDelay(3), absl::Minutes(30));
  EXPECT_EQ(RetryDelay(4), absl::Hours(2));
  EXPECT_EQ(RetryDelay(5), absl::Hours(6));
  EXPECT_EQ(RetryDelay(6), std::nullopt);
  EXPECT_EQ(RetryDelay(0), std::nullopt);
}

TEST(Schedule, DecisionsAndHandoversGoAtOnce) {
  const absl::Time at = Local("2026-11-23T16:45");
  const Planned d = Decision(Reason::kJstQualified, "a1", "event-1", at);
  EXPECT_EQ(d.person_ref, "jst-contact:a1");
  EXPECT_EQ(d.subject_ref, "application:a1");
  EXPECT_EQ(d.occurrence, "event-1");
  EXPECT_EQ(d.due_at, at);
  EXPECT_EQ(d.expires_at, at + absl::Hours(24 * 30));
  EXPECT_EQ(d.application_id, "a1");
  const auto handover = Handover("c", "a1", {"e1"}, {"e3", "e1"}, 4, at);
  ASSERT_EQ(handover.size(), 2u);
  EXPECT_EQ(handover[0].person_ref, "expert:e1");
  EXPECT_EQ(handover[1].person_ref, "expert:e3");
  EXPECT_EQ(handover[0].occurrence, "v4");
  EXPECT_EQ(handover[0].subject_ref, "case:c");
}

}  // namespace
}  // namespace jstedu::notifications

namespace jstedu::notifications {
namespace {

TEST(PersonRefTest, EachReferenceNamesItsRegistryAndId) {
  const auto participant = ParsePersonRef(ParticipantRef("p-1"));
  ASSERT_TRUE(participant.has_value());
  EXPECT_EQ(participant->kind, PersonId::Kind::kParticipant);
  EXPECT_EQ(participant->id, "p-1");
  EXPECT_EQ(ParsePersonRef(ContactRef("a-1"))->kind, PersonId::Kind::kContact);
  EXPECT_EQ(ParsePersonRef(ContactRef("a-1"))->id, "a-1");
  EXPECT_EQ(ParsePersonRef(ExpertRef("e-1"))->kind, PersonId::Kind::kExpert);
  // An account subject may itself hold a colon.
  EXPECT_EQ(ParsePersonRef(TrainerRef("idp:42"))->kind,
            PersonId::Kind::kTrainer);
  EXPECT_EQ(ParsePersonRef(TrainerRef("idp:42"))->id, "idp:42");
  EXPECT_EQ(ParsePersonRef(CoordinatorRef("k-14"))->kind,
            PersonId::Kind::kCoordinator);
  EXPECT_EQ(PersonRefProblem("coordinator:k-14"), "");
  // A subject is kept as it is (not lower-cased like a UUID).
  EXPECT_EQ(CanonicalPersonRef("coordinator:K-14"), "coordinator:K-14");
}

TEST(PersonRefTest, AnythingElseIsNoReference) {
  EXPECT_FALSE(ParsePersonRef("").has_value());
  EXPECT_FALSE(ParsePersonRef("participant:").has_value());
  EXPECT_FALSE(ParsePersonRef("someone:1").has_value());
  EXPECT_FALSE(ParsePersonRef("jan@example.org").has_value());
}

}  // namespace
}  // namespace jstedu::notifications
