// The workflow's pure rules: the legality table, where each command leads,
// and what each guard lists when it is not met.
#include "services/advisory/domain/workflow.h"

#include <map>

#include "gtest/gtest.h"

namespace jstedu::advisory {
namespace {

std::vector<std::string> Types(const std::vector<errors::Rule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules) out.push_back(r.type);
  return out;
}

TEST(Workflow, LegalityTableCoversEveryPair) {
  using S = Stage;
  using C = Command;
  const std::map<C, std::vector<S>> legal = {
      {C::kAssignExperts, {S::kAreaChoice, S::kNeedsDiagnosis, S::kRollout}},
      {C::kChooseArea, {S::kAreaChoice}},
      {C::kCompleteDiagnosis, {S::kNeedsDiagnosis}},
      {C::kApproveSchedule, {S::kNeedsDiagnosis}},
      {C::kAdoptPlan, {S::kRollout}},
      {C::kCompleteRollout, {S::kRollout}},
      {C::kCompleteAction, {S::kRollout}},
      {C::kDropAction, {S::kRollout}},
  };
  for (Stage stage : kAllStages) {
    for (Command command : kAllCommands) {
      const auto& stages = legal.at(command);
      const bool expected =
          std::find(stages.begin(), stages.end(), stage) != stages.end();
      EXPECT_EQ(IsLegal(stage, command), expected)
          << StageName(stage) << " × " << CommandName(command);
    }
  }
}

TEST(Workflow, TransitionsLeadForwardAndOthersStay) {
  EXPECT_EQ(NextStage(Stage::kAreaChoice, Command::kChooseArea),
            Stage::kNeedsDiagnosis);
  EXPECT_EQ(NextStage(Stage::kNeedsDiagnosis, Command::kApproveSchedule),
            Stage::kRollout);
  EXPECT_EQ(NextStage(Stage::kRollout, Command::kCompleteRollout),
            Stage::kCompleted);
  EXPECT_EQ(NextStage(Stage::kNeedsDiagnosis, Command::kCompleteDiagnosis),
            Stage::kNeedsDiagnosis);
  EXPECT_EQ(NextStage(Stage::kRollout, Command::kAdoptPlan), Stage::kRollout);
  EXPECT_EQ(NextStage(Stage::kAreaChoice, Command::kAssignExperts),
            Stage::kAreaChoice);
}

TEST(Workflow, ClosedStagesAcceptNothing) {
  for (Command command : kAllCommands) {
    EXPECT_FALSE(IsLegal(Stage::kCompleted, command)) << CommandName(command);
    EXPECT_FALSE(IsLegal(Stage::kWithdrawn, command)) << CommandName(command);
  }
}

TEST(Workflow, AreaChoiceGuardListsEveryMissingCondition) {
  CaseFacts facts;
  EXPECT_EQ(Types(GuardViolations(facts, Command::kChooseArea, "c1")),
            (std::vector<std::string>{"EXPERTS_NOT_ASSIGNED", "AREA_NOT_CHOSEN",
                                      "AGREEMENT_NOT_RECORDED"}));
  facts.experts_assigned = facts.area_chosen = facts.agreement_recorded = true;
  EXPECT_TRUE(GuardViolations(facts, Command::kChooseArea, "c1").empty());
  facts.experts_assigned = false;
  auto rules = GuardViolations(facts, Command::kChooseArea, "c1");
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].subject, "cases/c1");
}

TEST(Workflow, ScheduleGuardNeedsSummaryAndCompleteActions) {
  CaseFacts facts;
  facts.stage = Stage::kNeedsDiagnosis;
  EXPECT_EQ(Types(GuardViolations(facts, Command::kApproveSchedule, "c")),
            (std::vector<std::string>{"DIAGNOSIS_SUMMARY_MISSING",
                                      "ACTION_SCHEDULE_EMPTY"}));
  facts.diagnosis_summary = true;
  facts.actions = 2;
  facts.incomplete_actions = 1;
  EXPECT_EQ(Types(GuardViolations(facts, Command::kApproveSchedule, "c")),
            (std::vector<std::string>{"ACTION_INCOMPLETE"}));
  facts.incomplete_actions = 0;
  EXPECT_TRUE(GuardViolations(facts, Command::kApproveSchedule, "c").empty());
}

TEST(Workflow, CompletionNeedsClosedActionsAndAdoptedPlan) {
  CaseFacts facts;
  facts.stage = Stage::kRollout;
  facts.actions = 3;
  facts.open_actions = 1;
  EXPECT_EQ(Types(GuardViolations(facts, Command::kCompleteRollout, "c")),
            (std::vector<std::string>{"ACTIONS_OPEN", "PLAN_NOT_ADOPTED"}));
  facts.open_actions = 0;
  facts.plan_adopted = true;
  EXPECT_TRUE(GuardViolations(facts, Command::kCompleteRollout, "c").empty());
}

TEST(Workflow, NamesRoundTrip) {
  for (Stage stage : kAllStages)
    EXPECT_EQ(StageFromName(StageName(stage)), stage);
  EXPECT_EQ(StageFromName("DONE"), std::nullopt);
  EXPECT_EQ(WrongStage(Stage::kCompleted, Command::kChooseArea, "x").type,
            "WRONG_STAGE");
}

}  // namespace
}  // namespace jstedu::advisory
