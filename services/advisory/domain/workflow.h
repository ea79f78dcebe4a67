#pragma once

// The advisory workflow as pure rules: which command is legal in which
// stage, where it leads, and what a transition's guard requires. The store
// applies them under the case's row lock; the table-driven test walks every
// (stage, command) pair through them and through the database.
//
//   AREA_CHOICE ──chooseArea──► NEEDS_DIAGNOSIS ──approveSchedule──► ROLLOUT
//        ──completeRollout──► COMPLETED          (WITHDRAWN: by JstWithdrawn)
//
// Commands that do not move the case (assignExperts, completeDiagnosis,
// adoptPlan, completeAction, dropAction) are legal only in the stages named
// in kLegality; COMPLETED and WITHDRAWN accept nothing.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/errors.h"

namespace jstedu::advisory {

enum class Stage {
  kAreaChoice,
  kNeedsDiagnosis,
  kRollout,
  kCompleted,
  kWithdrawn
};

enum class Command {
  kAssignExperts,
  kChooseArea,
  kCompleteDiagnosis,
  kApproveSchedule,
  kAdoptPlan,
  kCompleteRollout,
  kCompleteAction,
  kDropAction,
};

inline constexpr Command kAllCommands[] = {
    Command::kAssignExperts,     Command::kChooseArea,
    Command::kCompleteDiagnosis, Command::kApproveSchedule,
    Command::kAdoptPlan,         Command::kCompleteRollout,
    Command::kCompleteAction,    Command::kDropAction};
inline constexpr Stage kAllStages[] = {Stage::kAreaChoice,
                                       Stage::kNeedsDiagnosis, Stage::kRollout,
                                       Stage::kCompleted, Stage::kWithdrawn};

// "AREA_CHOICE" … (the proto enum's names, also stored in the database).
const char* StageName(Stage stage);
std::optional<Stage> StageFromName(std::string_view name);
// The API verb: "assignExperts", "chooseArea", … (history rows use it).
const char* CommandName(Command command);

bool IsClosed(Stage stage);

// Whether `command` may run in `stage` at all.
bool IsLegal(Stage stage, Command command);

// The stage after a successful `command` in `stage` (the same stage for
// commands that do not move the case). Precondition: IsLegal.
Stage NextStage(Stage stage, Command command);

// What a case holds, as far as the guards care.
struct CaseFacts {
  Stage stage = Stage::kAreaChoice;
  bool experts_assigned = false;  // both experts and a guardian
  bool area_chosen = false;
  bool agreement_recorded = false;
  bool diagnosis_summary = false;
  int actions = 0;
  int incomplete_actions = 0;  // missing a title, owner or dates
  int open_actions = 0;        // PLANNED
  bool plan_adopted = false;
};

// The unmet conditions of the transition `command` makes from `facts`,
// each a Rule for the PreconditionFailure (subject "cases/<case_id>").
// Empty for commands that do not move the case or when all are met. The
// caller has already applied the command's own input (e.g. the area and
// agreement of chooseArea) to `facts`.
std::vector<errors::Rule> GuardViolations(const CaseFacts& facts,
                                          Command command,
                                          const std::string& case_id);

// The WRONG_STAGE rule for an illegal (stage, command).
errors::Rule WrongStage(Stage stage, Command command,
                        const std::string& case_id);

}  // namespace jstedu::advisory
