#include "services/advisory/domain/workflow.h"

#include "absl/strings/str_cat.h"

namespace jstedu::advisory {
namespace {

std::string Subject(const std::string& case_id) {
  return absl::StrCat("cases/", case_id);
}

}  // namespace

const char* StageName(Stage stage) {
  switch (stage) {
    case Stage::kAreaChoice:
      return "AREA_CHOICE";
    case Stage::kNeedsDiagnosis:
      return "NEEDS_DIAGNOSIS";
    case Stage::kRollout:
      return "ROLLOUT";
    case Stage::kCompleted:
      return "COMPLETED";
    case Stage::kWithdrawn:
      return "WITHDRAWN";
  }
  return "";
}

std::optional<Stage> StageFromName(std::string_view name) {
  for (Stage stage : kAllStages) {
    if (name == StageName(stage)) return stage;
  }
  return std::nullopt;
}

const char* CommandName(Command command) {
  switch (command) {
    case Command::kAssignExperts:
      return "assignExperts";
    case Command::kChooseArea:
      return "chooseArea";
    case Command::kCompleteDiagnosis:
      return "completeDiagnosis";
    case Command::kApproveSchedule:
      return "approveSchedule";
    case Command::kAdoptPlan:
      return "adoptPlan";
    case Command::kCompleteRollout:
      return "completeRollout";
    case Command::kCompleteAction:
      return "completeAction";
    case Command::kDropAction:
      return "dropAction";
  }
  return "";
}

bool IsClosed(Stage stage) {
  return stage == Stage::kCompleted || stage == Stage::kWithdrawn;
}

bool IsLegal(Stage stage, Command command) {
  switch (command) {
    case Command::kAssignExperts:
      return !IsClosed(stage);
    case Command::kChooseArea:
      return stage == Stage::kAreaChoice;
    case Command::kCompleteDiagnosis:
    case Command::kApproveSchedule:
      return stage == Stage::kNeedsDiagnosis;
    case Command::kAdoptPlan:
    case Command::kCompleteRollout:
    case Command::kCompleteAction:
    case Command::kDropAction:
      return stage == Stage::kRollout;
  }
  return false;
}

Stage NextStage(Stage stage, Command command) {
  switch (command) {
    case Command::kChooseArea:
      return Stage::kNeedsDiagnosis;
    case Command::kApproveSchedule:
      return Stage::kRollout;
    case Command::kCompleteRollout:
      return Stage::kCompleted;
    default:
      return stage;
  }
}

std::vector<errors::Rule> GuardViolations(const CaseFacts& facts,
                                          Command command,
                                          const std::string& case_id) {
  std::vector<errors::Rule> missing;
  auto need = [&](bool met, const char* type, const char* description) {
    if (!met) missing.push_back({type, Subject(case_id), description});
  };
  switch (command) {
    case Command::kChooseArea:
      need(facts.experts_assigned, "EXPERTS_NOT_ASSIGNED",
           "two experts (education development and personnel development), one "
           "of them the "
           "guardian, must be assigned first");
      need(
          facts.area_chosen, "AREA_NOT_CHOSEN",
          "exactly one support area of the edition's catalogue must be chosen");
      need(facts.agreement_recorded, "AGREEMENT_NOT_RECORDED",
           "the JST's agreement (date and who agreed) must be recorded");
      break;
    case Command::kApproveSchedule:
      need(facts.diagnosis_summary, "DIAGNOSIS_SUMMARY_MISSING",
           "the needs diagnosis summary must be recorded (completeDiagnosis)");
      need(facts.actions > 0, "ACTION_SCHEDULE_EMPTY",
           "the action schedule must hold at least one action");
      need(facts.incomplete_actions == 0, "ACTION_INCOMPLETE",
           "every action needs a title, an owner, a start and a due date");
      break;
    case Command::kCompleteRollout:
      need(facts.open_actions == 0, "ACTIONS_OPEN",
           "every action must be done or dropped with a reason");
      need(facts.plan_adopted, "PLAN_NOT_ADOPTED",
           "the local quality plan must be adopted (document reference and "
           "adoption date)");
      break;
    default:
      break;
  }
  return missing;
}

errors::Rule WrongStage(Stage stage, Command command,
                        const std::string& case_id) {
  return {"WRONG_STAGE", Subject(case_id),
          absl::StrCat(CommandName(command), " is not possible in stage ",
                       StageName(stage))};
}

}  // namespace jstedu::advisory
