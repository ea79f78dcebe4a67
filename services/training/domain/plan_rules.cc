#include "services/training/domain/plan_rules.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/errors.h"

namespace jstedu::training {
namespace {

absl::Status AllMet(const std::vector<errors::Rule>& rules) {
  return rules.empty() ? absl::OkStatus() : errors::RulesNotMet(rules);
}

errors::Rule RuleOf(const PlanConflict& conflict) {
  std::vector<std::string> subjects;
  for (const std::string& id : conflict.session_ids) {
    subjects.push_back(absl::StrCat("sessions/", id));
  }
  return {std::string(ConflictKindName(conflict.kind)),
          absl::StrJoin(subjects, ","), conflict.description};
}

}  // namespace

absl::StatusOr<EditionPeriod> EditionDatesKnown(
    const std::string& edition, const std::optional<EditionPeriod>& period) {
  if (period) return *period;
  return errors::RulesNotMet(
      {{"EDITION_DATES_UNKNOWN", absl::StrCat("editions/", edition),
        absl::StrCat("the dates of edition ", edition,
                     " have not reached training yet (recruitment publishes "
                     "them when the edition is created or changed): check "
                     "the edition code, or retry in a moment")}});
}

absl::Status NewSessionRules(const NewSessionFacts& facts) {
  const PlannedSession& s = facts.session;
  std::vector<errors::Rule> rules;
  if (s.start < facts.module_start || s.end > facts.module_end) {
    rules.push_back({"OUTSIDE_MODULE", absl::StrCat("sessions/", s.id),
                     absl::StrCat("the session must lie within the module (",
                                  facts.module_starts_local, " to ",
                                  facts.module_ends_local, ")")});
  }
  std::vector<PlannedSession> plan = facts.module_sessions;
  plan.push_back(s);
  for (const PlanConflict& c :
       FindPlanConflicts(plan, facts.rooms, facts.group_sizes)) {
    if (std::find(c.session_ids.begin(), c.session_ids.end(), s.id) !=
        c.session_ids.end()) {
      rules.push_back(RuleOf(c));
    }
  }
  for (const SessionElsewhere& other : facts.trainer_elsewhere) {
    rules.push_back(
        {"TRAINER_DOUBLE_BOOKED",
         absl::StrCat("sessions/", s.id, ",sessions/", other.id),
         absl::StrCat("trainer ", s.trainer_id, " already teaches session ",
                      other.id, " (module ", other.module_id, ") from ",
                      other.starts_local, " to ", other.ends_local)});
  }
  for (const SessionElsewhere& slot : facts.trainer_table_slots) {
    rules.push_back(
        {"TRAINER_DOUBLE_BOOKED",
         absl::StrCat("sessions/", s.id, ",table-slots/", slot.id),
         absl::StrCat("trainer ", s.trainer_id, " holds expert-table slot ",
                      slot.id, " (module ", slot.module_id, ") from ",
                      slot.starts_local, " to ", slot.ends_local)});
  }
  return AllMet(rules);
}

absl::Status ModuleOrder(int number, absl::Time start, absl::Time end,
                         const std::vector<PlacedModule>& others) {
  std::vector<errors::Rule> rules;
  for (const PlacedModule& other : others) {
    const bool before = other.number < number && other.end > start;
    const bool after = other.number > number && other.start < end;
    if (!before && !after) continue;
    rules.push_back(
        {"MODULE_ORDER", absl::StrCat("modules/", other.id),
         absl::StrCat("module ", number, " must ",
                      before ? "start after" : "end before", " module ",
                      other.number, " (modules are numbered in date order)")});
  }
  return AllMet(rules);
}

absl::Status MarkedSessionsKeepLength(
    const std::vector<ResizedSession>& resized) {
  std::vector<errors::Rule> rules;
  for (const ResizedSession& session : resized) {
    if (!session.marked) continue;
    rules.push_back({"MARKED_SESSION_LENGTH",
                     absl::StrCat("sessions/", session.id),
                     "the session has attendance marks, and the move would "
                     "change its length (a change of clocks)"});
  }
  return AllMet(rules);
}

absl::Status TrainersFreeAfterMove(const std::vector<TrainerClash>& clashes) {
  std::vector<errors::Rule> rules;
  for (const TrainerClash& c : clashes) {
    rules.push_back(
        {"TRAINER_DOUBLE_BOOKED",
         absl::StrCat("sessions/", c.moved_session, ",sessions/",
                      c.other_session),
         absl::StrCat("after the move, trainer ", c.trainer,
                      " would teach sessions ", c.moved_session, " and ",
                      c.other_session, " at the same time")});
  }
  return AllMet(rules);
}

absl::Status SettingsChange(const std::string& edition,
                            const FrozenSettings& current,
                            const FrozenSettings& wanted,
                            bool attendance_exists) {
  if (!attendance_exists ||
      (current.didactic_hour_minutes == wanted.didactic_hour_minutes &&
       current.completion_percent == wanted.completion_percent &&
       current.module_count == wanted.module_count)) {
    return absl::OkStatus();
  }
  return errors::RulesNotMet(
      {{"SETTINGS_FROZEN",
        absl::StrCat("editions/", edition, "/training-settings"),
        "the didactic-hour length, completion percent and module count "
        "cannot change once attendance has been recorded"}});
}

absl::Status EvaluationRules(const EvaluationFacts& facts, absl::Time now) {
  std::vector<errors::Rule> rules;
  if (facts.participant_edition != facts.module_edition ||
      facts.participant_group == 0) {
    rules.push_back({"NOT_ROSTERED",
                     absl::StrCat("participants/", facts.participant_id),
                     "the participant is not in the module's edition"});
  }
  if (now < facts.module_start) {
    rules.push_back({"MODULE_NOT_STARTED",
                     absl::StrCat("modules/", facts.module_id),
                     "a module can be evaluated once it has started"});
  }
  return AllMet(rules);
}

absl::Status NextModuleToCountFrom(const std::string& module_id,
                                   bool counts_from_next,
                                   bool next_module_exists) {
  if (!counts_from_next || next_module_exists) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"NO_NEXT_MODULE", absl::StrCat("modules/", module_id),
        "the module has no next module to count the due date from: give "
        "due_local"}});
}

}  // namespace jstedu::training
