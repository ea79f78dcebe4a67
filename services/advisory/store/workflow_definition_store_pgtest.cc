// Workflow versions against real PostgreSQL: due dates in business days,
// each case following the version it opened with.
#include "services/advisory/store/advisory_pgtest_fixture.h"

namespace jstedu::advisory {
namespace {

TEST_F(AdvisoryStoreTest,
       DueDatesCountBusinessDaysAndFollowTheCasesWorkflowVersion) {
  const std::string running = Open();
  // Opened Monday 2 March 2026: 20 business days later (no holidays).
  EXPECT_EQ(
      db_.Query(absl::StrCat(
          "SELECT stage_due_on FROM advisory_case WHERE id = '", running, "'")),
      absl::FormatCivilTime(AddBusinessDays(absl::CivilDay(2026, 3, 2), 20)));
  v1::WorkflowDefinition v2;
  v2.set_area_choice_days(5);
  v2.set_needs_diagnosis_days(10);
  v2.set_rollout_days(30);
  v2.set_note("Skrócone terminy");
  auto published = workflows_.Publish(v2, {"office", "ADMIN", ""});
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->version(), 2);

  const std::string fresh = Open("2466011", "24");
  EXPECT_EQ(db_.Query(absl::StrCat(
                "SELECT workflow_version FROM advisory_case WHERE id = '",
                fresh, "'")),
            "2");
  EXPECT_EQ(
      db_.Query(absl::StrCat(
          "SELECT stage_due_on FROM advisory_case WHERE id = '", fresh, "'")),
      "2026-03-09");
  // The running case keeps version 1: 40 business days for the diagnosis.
  Must(commands_.AssignExperts(In(running), education_, personnel_,
                               v1::EDUCATION_DEVELOPMENT));
  auto moved = commands_.ChooseArea(In(running), Area(), Agreement());
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->workflow_version(), 1);
  EXPECT_EQ(moved->stage_due_on(), absl::FormatCivilTime(AddBusinessDays(
                                       absl::CivilDay(2026, 3, 2), 40)));
}

}  // namespace
}  // namespace jstedu::advisory
