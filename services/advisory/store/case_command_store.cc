#include "services/advisory/store/case_command_store.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/arrays.h"
#include "common/pg/prepared.h"
#include "common/pg/request_key.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "common/time/civil_time.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "services/advisory/domain/case_rules.h"
#include "services/advisory/domain/schools.h"
#include "services/advisory/domain/workflow.h"
#include "services/advisory/store/case_command_queries.h"
#include "services/advisory/store/rows/case_changes.h"
#include "services/advisory/store/rows/case_row.h"
#include "services/advisory/store/rows/expert_candidates.h"
#include "services/advisory/store/rows/values.h"
#include "services/advisory/store/school_queries.h"

namespace jstedu::advisory {
namespace {

using pqxx::transaction_base;
using rows::ActionRow;
using rows::CaseRow;
namespace ev = ::jstedu::events::v1;

// Which events a command publishes besides CaseStageChanged.
struct Effects {
  bool experts_assigned = false;
  bool schedule_approved = false;
  bool plan_adopted = false;
  bool schools_changed = false;  // CaseSchoolsChanged
  std::string history_reason;    // overrides the input's reason when set
};

// The case's own columns a command writes, with its next version
// (kAdvanceCase); nullopt leaves a column as it is.
struct CaseEdits {
  std::optional<std::string> education_expert;
  std::optional<std::string> personnel_expert;
  std::optional<std::string> guardian;
  std::optional<std::string> support_area;
  std::optional<std::string> agreed_on;
  std::optional<std::string> agreed_by;
  std::optional<std::string> diagnosis_summary;
  std::optional<std::string> schedule_approved_at;
  std::optional<std::string> schedule_approved_by;
  std::optional<std::string> plan_document;
  std::optional<std::string> plan_adopted_on;
};

// What a command works on: the case as locked (before), its action
// schedule as the command leaves it, the facts its guard reads, the
// columns it writes and the events it publishes.
struct Change {
  Change(const rows::LockedCase& locked, std::vector<ActionRow> actions)
      : locked(locked), actions(std::move(actions)) {}

  const rows::LockedCase& locked;
  std::vector<ActionRow> actions;
  CaseFacts facts;
  CaseEdits edits;
  Effects effects;

  const v1::Case& before() const { return locked.row.proto; }
};

using Apply = std::function<absl::Status(transaction_base&, Change&)>;

CaseFacts FactsOf(const v1::Case& c, const std::vector<ActionRow>& actions) {
  CaseFacts facts;
  facts.stage = rows::StageOf(c);
  facts.experts_assigned = !c.guardian().empty();
  facts.area_chosen = !c.support_area().empty();
  facts.agreement_recorded = c.has_agreement();
  facts.diagnosis_summary = !c.diagnosis_summary().empty();
  facts.plan_adopted = c.has_plan();
  for (const ActionRow& action : actions) {
    ++facts.actions;
    if (action.proto.title().empty() || action.proto.owner().empty()) {
      ++facts.incomplete_actions;
    }
    if (action.proto.status() == v1::PLANNED) ++facts.open_actions;
  }
  return facts;
}

// Writes the command's columns, the next version and stage (due date
// counted from `today` in business days) and the history row in one
// statement; the case as it leaves it, with `actions` as its schedule.
CaseRow Advance(transaction_base& tx, const CommandInput& in,
                const rows::LockedCase& locked, Stage to, const char* command,
                const std::string& reason, const CaseEdits& e,
                const std::vector<ActionRow>& actions) {
  const v1::Case& c = locked.row.proto;
  const Stage from = rows::StageOf(c);
  const rows::StageDates dates =
      rows::DatesOf(to, locked.days.Of(to), in.today, in.now);
  CaseRow after = rows::ReadCaseRow(pg::Exec1(
      tx, queries::kAdvanceCase, c.id(), c.version() + 1,
      std::string(StageName(to)), rows::Sql(in.today), dates.due_on,
      dates.closed_at, e.education_expert, e.personnel_expert, e.guardian,
      e.support_area, e.agreed_on, e.agreed_by, e.diagnosis_summary,
      e.schedule_approved_at, e.schedule_approved_by, e.plan_document,
      e.plan_adopted_on, rows::Sql(in.now), in.actor.subject, in.actor.role,
      std::string(command), std::string(StageName(from)), reason));
  rows::SetActions(actions, &after.proto);
  return after;
}

bool NamesSchools(const std::vector<ActionRow>& actions) {
  return std::any_of(actions.begin(), actions.end(), [](const ActionRow& a) {
    return a.proto.schools_size() > 0;
  });
}

// The schools the case's approved schedule works with, action by action.
void PublishSchools(transaction_base& tx, const CommandInput& in,
                    const CaseRow& after) {
  ev::CaseSchoolsChanged event;
  *event.mutable_case_() = rows::RefOf(after);
  event.set_schedule_approved_on(absl::FormatCivilTime(ProgrammeDay(
      absl::FromUnixSeconds(after.proto.schedule_approved_time().seconds()))));
  for (const v1::Action& a : after.proto.actions()) {
    if (a.schools().empty()) continue;
    auto* action = event.add_actions();
    action->set_action_id(a.id());
    *action->mutable_rspo() = a.schools();
    action->set_dropped(a.status() == v1::DROPPED);
  }
  rows::SetTime(in.now, event.mutable_changed_at());
  events::AppendEvent(tx, event, in.case_id, in.actor.traceparent);
}

// Writes the schools the schedule's actions name (each checked against
// the register: domain/schools.h) beside the actions just inserted.
absl::Status WriteActionSchools(transaction_base& tx,
                                const std::string& case_teryt,
                                const std::vector<v1::Action>& requested,
                                std::vector<ActionRow>& inserted) {
  std::vector<std::vector<std::string>> schools;
  std::vector<std::string> named;
  for (const v1::Action& a : requested) {
    schools.emplace_back(a.schools().begin(), a.schools().end());
    named.insert(named.end(), a.schools().begin(), a.schools().end());
  }
  if (named.empty()) return absl::OkStatus();
  std::map<std::string, RegisteredSchool> register_rows;
  for (const pqxx::row& r :
       pg::Exec(tx, queries::kSchoolsByRspo, pg::TextArrayLiteral(named))) {
    RegisteredSchool& school = register_rows[r["rspo"].as<std::string>()];
    school.running_teryt = r["running_teryt"].as<std::string>();
    if (!r["closed_on"].is_null()) {
      school.closed_on = r["closed_on"].as<std::string>();
    }
  }
  const auto problems = CheckActionSchools(schools, register_rows, case_teryt);
  if (!problems.empty()) return errors::InvalidFields(problems);
  std::vector<std::string> action_ids, rspo;
  for (size_t i = 0; i < inserted.size() && i < schools.size(); ++i) {
    std::vector<std::string> sorted = schools[i];
    std::sort(sorted.begin(), sorted.end());
    for (const std::string& r : sorted) {
      action_ids.push_back(inserted[i].proto.id());
      rspo.push_back(r);
      inserted[i].proto.add_schools(r);
    }
  }
  pg::Exec0(tx, queries::kInsertActionSchools, pg::TextArrayLiteral(action_ids),
            pg::TextArrayLiteral(rspo));
  return absl::OkStatus();
}

// The events of a command that went through, about the case `after` it.
void Publish(transaction_base& tx, const CommandInput& in,
             const CaseRow& before, const CaseRow& after, Stage from, Stage to,
             const Effects& effects) {
  if (to != from) {
    ev::CaseStageChanged event;
    *event.mutable_case_() = rows::RefOf(after);
    event.set_from_stage(rows::ToProto(from));
    event.set_to_stage(rows::ToProto(to));
    rows::SetTime(in.now, event.mutable_changed_at());
    event.set_stage_due_on(after.proto.stage_due_on());
    events::AppendEvent(tx, event, in.case_id, in.actor.traceparent);
  }
  if (effects.experts_assigned) {
    rows::RecordAssignment(tx, before, after, "ASSIGNMENT", in.actor, in.now,
                           in.reason);
    rows::PublishExpertsAssigned(tx, after, false, in.now,
                                 in.actor.traceparent);
  }
  if (effects.schedule_approved) {
    ev::ActionScheduleApproved event;
    *event.mutable_case_() = rows::RefOf(after);
    event.set_action_count(after.proto.actions_size());
    rows::SetTime(in.now, event.mutable_approved_at());
    events::AppendEvent(tx, event, in.case_id, in.actor.traceparent);
  }
  if (effects.schools_changed) PublishSchools(tx, in, after);
  if (effects.plan_adopted) {
    ev::PlanAdopted event;
    *event.mutable_case_() = rows::RefOf(after);
    event.set_document_reference(after.proto.plan().document_reference());
    event.set_adopted_on(after.proto.plan().adopted_on());
    rows::SetTime(in.now, event.mutable_recorded_at());
    events::AppendEvent(tx, event, in.case_id, in.actor.traceparent);
  }
}

// The one path of every command: the request's key, the case locked and
// read (one statement), version, stage, its action schedule, the command's
// own change, the transition's guard, then the command's columns, version,
// stage and history in one statement whose row is the answer, and the
// events. The key comes first: a retry of a command whose answer was lost
// is told REQUEST_ALREADY_APPLIED, not that its own write made the version
// stale (the key is kept only if the command commits).
absl::StatusOr<v1::Case> RunCommand(pg::Pool& pool, const CommandInput& in,
                                    Command command, const Apply& apply) {
  return pg::RunInTransactionFor<v1::Case>(
      pool, [&](transaction_base& tx) -> absl::StatusOr<v1::Case> {
        const absl::Status key = pg::RecordRequestKey(tx);
        if (!key.ok()) return key;
        auto locked = rows::LockCase(tx, in.case_id, in.scope);
        if (!locked.ok()) return locked.status();
        const CaseRow& before = locked->row;
        const absl::Status current =
            CheckExpectedVersion(absl::StrCat("case ", in.case_id),
                                 before.proto.version(), in.expected_version);
        if (!current.ok()) return current;
        const Stage stage = rows::StageOf(before.proto);
        if (!IsLegal(stage, command)) {
          return errors::RulesNotMet({WrongStage(stage, command, in.case_id)});
        }
        Change change(*locked,
                      rows::ReadActions(tx, before.proto.id(), in.today));
        change.facts = FactsOf(before.proto, change.actions);
        absl::Status applied = apply(tx, change);
        if (!applied.ok()) return applied;
        std::vector<errors::Rule> missing =
            GuardViolations(change.facts, command, in.case_id);
        if (!missing.empty()) return errors::RulesNotMet(missing);

        const Stage next = NextStage(stage, command);
        const std::string& reason = change.effects.history_reason.empty()
                                        ? in.reason
                                        : change.effects.history_reason;
        CaseRow after = Advance(tx, in, *locked, next, CommandName(command),
                                reason, change.edits, change.actions);
        Publish(tx, in, before, after, stage, next, change.effects);
        return after.proto;
      });
}

// The schedule's action `action_id` (its id in any letter case, as the
// UUID it is), if the case has it.
ActionRow* FindAction(std::vector<ActionRow>& actions,
                      const std::string& action_id) {
  for (ActionRow& action : actions) {
    if (absl::EqualsIgnoreCase(action.proto.id(), action_id)) return &action;
  }
  return nullptr;
}

// Closes the schedule's PLANNED action `action_id` with `update`
// (kCompleteAction, kDropAction: $1 action, $2 case, $3 its value, $4
// today), and replaces it in `change` by the row written; NOT_FOUND /
// ACTION_CLOSED otherwise. The schedule was read under the case's lock,
// which every write of a case's actions takes.
absl::Status CloseAction(transaction_base& tx, const CommandInput& in,
                         Change& change, const std::string& action_id,
                         const char* update, const std::string& value) {
  ActionRow* action = FindAction(change.actions, action_id);
  std::optional<std::string> status;
  if (action != nullptr) status = v1::ActionStatus_Name(action->proto.status());
  const absl::Status open = CheckActionOpen(action_id, status);
  if (!open.ok()) return open;
  *action = rows::ReadActionRow(pg::Exec1(
      tx, update, action_id, change.before().id(), value, rows::Sql(in.today)));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Case> CaseCommandStore::AssignExperts(
    const CommandInput& in, const std::string& education,
    const std::string& personnel, v1::Speciality guardian) {
  return RunCommand(
      pool_, in, Command::kAssignExperts,
      [&](transaction_base& tx, Change& change) {
        const v1::Case& c = change.before();
        // Lock in id order so two assignments never deadlock.
        std::vector<std::pair<std::string, v1::Speciality>> pair = {
            {education, v1::EDUCATION_DEVELOPMENT},
            {personnel, v1::PERSONNEL_DEVELOPMENT}};
        if (pair[1].first < pair[0].first) std::swap(pair[0], pair[1]);
        std::vector<errors::Rule> problems;
        for (const auto& [id, speciality] : pair) {
          auto rules =
              rows::CheckExpert(tx, id, speciality, c.voivodeship(), c.id());
          problems.insert(problems.end(), rules.begin(), rules.end());
        }
        if (!problems.empty()) return errors::RulesNotMet(problems);
        change.edits.education_expert = education;
        change.edits.personnel_expert = personnel;
        change.edits.guardian =
            guardian == v1::EDUCATION_DEVELOPMENT ? education : personnel;
        change.facts.experts_assigned = true;
        change.effects.experts_assigned = true;
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> CaseCommandStore::ChooseArea(
    const CommandInput& in, const std::string& area_id,
    const v1::Agreement& agreement) {
  return RunCommand(pool_, in, Command::kChooseArea,
                    [&](transaction_base& tx, Change& change) {
                      change.facts.area_chosen =
                          !pg::Exec(tx, queries::kSupportAreaOfEdition, area_id,
                                    change.before().edition())
                               .empty();
                      if (change.facts.area_chosen) {
                        change.edits.support_area = area_id;
                        change.edits.agreed_on = agreement.agreed_on();
                        change.edits.agreed_by = agreement.agreed_by();
                        change.facts.agreement_recorded = true;
                      }
                      return absl::OkStatus();
                    });
}

absl::StatusOr<v1::Case> CaseCommandStore::CompleteDiagnosis(
    const CommandInput& in, const std::string& summary,
    const std::vector<v1::Action>& actions) {
  return RunCommand(
      pool_, in, Command::kCompleteDiagnosis,
      [&](transaction_base& tx, Change& change) {
        const std::string& id = change.before().id();
        std::vector<std::string> titles, owners, starts, dues;
        for (const v1::Action& a : actions) {
          titles.push_back(a.title());
          owners.push_back(a.owner());
          starts.push_back(a.starts_on());
          dues.push_back(a.due_on());
        }
        pg::Exec(tx, queries::kDeleteActions, id);
        change.actions.clear();
        for (const auto& r : pg::Exec(
                 tx, queries::kInsertActions, id, pg::TextArrayLiteral(titles),
                 pg::TextArrayLiteral(owners), pg::TextArrayLiteral(starts),
                 pg::TextArrayLiteral(dues), rows::Sql(in.today))) {
          change.actions.push_back(rows::ReadActionRow(r));
        }
        const absl::Status schools = WriteActionSchools(
            tx, change.before().teryt(), actions, change.actions);
        if (!schools.ok()) return schools;
        change.edits.diagnosis_summary = summary;
        change.facts.diagnosis_summary = true;
        change.facts.actions = static_cast<int>(actions.size());
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> CaseCommandStore::ApproveSchedule(
    const CommandInput& in, const std::string& guardian_subject) {
  return RunCommand(pool_, in, Command::kApproveSchedule,
                    [&](transaction_base&, Change& change) {
                      const absl::Status guardian = CheckGuardianApproves(
                          change.locked.guardian_subject, guardian_subject);
                      if (!guardian.ok()) return guardian;
                      // The guard (checked by RunCommand) decides; the approval
                      // is written with the next version only if it passes.
                      change.edits.schedule_approved_at = rows::Sql(in.now);
                      change.edits.schedule_approved_by = in.actor.subject;
                      change.effects.schedule_approved = true;
                      change.effects.schools_changed =
                          NamesSchools(change.actions);
                      return absl::OkStatus();
                    });
}

absl::StatusOr<v1::Case> CaseCommandStore::AdoptPlan(
    const CommandInput& in, const v1::QualityPlan& plan) {
  return RunCommand(
      pool_, in, Command::kAdoptPlan, [&](transaction_base&, Change& change) {
        const v1::Case& c = change.before();
        std::optional<AdoptedPlan> adopted;
        if (change.facts.plan_adopted) {
          adopted =
              AdoptedPlan{c.plan().adopted_on(), c.plan().document_reference()};
        }
        const absl::Status once = CheckPlanNotAdopted(c.id(), adopted);
        if (!once.ok()) return once;
        change.edits.plan_document = plan.document_reference();
        change.edits.plan_adopted_on = plan.adopted_on();
        change.facts.plan_adopted = true;
        change.effects.plan_adopted = true;
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> CaseCommandStore::CompleteRollout(
    const CommandInput& in) {
  return RunCommand(
      pool_, in, Command::kCompleteRollout,
      [](transaction_base&, Change&) { return absl::OkStatus(); });
}

absl::StatusOr<v1::Case> CaseCommandStore::CompleteAction(
    const CommandInput& in, const std::string& action_id,
    absl::CivilDay done_on) {
  return RunCommand(
      pool_, in, Command::kCompleteAction,
      [&](transaction_base& tx, Change& change) {
        absl::Status closed =
            CloseAction(tx, in, change, action_id, queries::kCompleteAction,
                        rows::Sql(done_on));
        if (!closed.ok()) return closed;
        change.effects.history_reason =
            absl::StrCat("action ", action_id, " done on ", rows::Sql(done_on));
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> CaseCommandStore::DropAction(
    const CommandInput& in, const std::string& action_id,
    const std::string& reason) {
  return RunCommand(
      pool_, in, Command::kDropAction,
      [&](transaction_base& tx, Change& change) {
        absl::Status closed = CloseAction(tx, in, change, action_id,
                                          queries::kDropAction, reason);
        if (!closed.ok()) return closed;
        change.effects.history_reason =
            absl::StrCat("action ", action_id, " dropped: ", reason);
        const ActionRow* dropped = FindAction(change.actions, action_id);
        change.effects.schools_changed =
            dropped != nullptr && dropped->proto.schools_size() > 0;
        return absl::OkStatus();
      });
}

}  // namespace jstedu::advisory
