#include "services/advisory/store/case_command_store.h"

#include <functional>
#include <optional>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/request_key.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "services/advisory/domain/case_rules.h"
#include "services/advisory/domain/workflow.h"
#include "services/advisory/store/case_command_queries.h"
#include "services/advisory/store/rows/case_changes.h"
#include "services/advisory/store/rows/case_row.h"
#include "services/advisory/store/rows/expert_candidates.h"
#include "services/advisory/store/rows/values.h"

namespace jstedu::advisory {
namespace {

using pqxx::transaction_base;
using rows::CaseRow;
namespace ev = ::jstedu::events::v1;

// Which events a command publishes besides CaseStageChanged.
struct Effects {
  bool experts_assigned = false;
  bool schedule_approved = false;
  bool plan_adopted = false;
  std::string history_reason;  // overrides the input's reason when set
};

using Apply = std::function<absl::Status(transaction_base&, const CaseRow&,
                                         CaseFacts&, Effects&)>;

CaseFacts FactsOf(transaction_base& tx, const CaseRow& row) {
  const v1::Case& c = row.proto;
  CaseFacts facts;
  facts.stage = rows::StageOf(c);
  facts.experts_assigned = !c.guardian().empty();
  facts.area_chosen = !c.support_area().empty();
  facts.agreement_recorded = c.has_agreement();
  facts.diagnosis_summary = !c.diagnosis_summary().empty();
  facts.plan_adopted = c.has_plan();
  auto counts = tx.exec_params1(queries::kActionCounts, c.id());
  facts.actions = counts["actions"].as<int>();
  facts.incomplete_actions = counts["incomplete"].as<int>();
  facts.open_actions = counts["open"].as<int>();
  return facts;
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
  if (effects.plan_adopted) {
    ev::PlanAdopted event;
    *event.mutable_case_() = rows::RefOf(after);
    event.set_document_reference(after.proto.plan().document_reference());
    event.set_adopted_on(after.proto.plan().adopted_on());
    rows::SetTime(in.now, event.mutable_recorded_at());
    events::AppendEvent(tx, event, in.case_id, in.actor.traceparent);
  }
}

// The one path of every command: the request's key, lock, version, stage,
// the command's own change, the transition's guard, version/stage/history,
// events. The key comes first: a retry of a command whose answer was lost
// is told REQUEST_ALREADY_APPLIED, not that its own write made the version
// stale (the key is kept only if the command commits).
absl::StatusOr<v1::Case> RunCommand(pg::Pool& pool, const CommandInput& in,
                                    Command command, const Apply& apply) {
  return pg::RunInTransactionFor<v1::Case>(
      pool, [&](transaction_base& tx) -> absl::StatusOr<v1::Case> {
        const absl::Status key = pg::RecordRequestKey(tx);
        if (!key.ok()) return key;
        auto row = rows::LockCase(tx, in.case_id, in.scope, in.today);
        if (!row.ok()) return row.status();
        const absl::Status current = CheckExpectedVersion(
            in.case_id, row->proto.version(), in.expected_version);
        if (!current.ok()) return current;
        const Stage stage = rows::StageOf(row->proto);
        if (!IsLegal(stage, command)) {
          return errors::RulesNotMet({WrongStage(stage, command, in.case_id)});
        }
        CaseFacts facts = FactsOf(tx, *row);
        Effects effects;
        absl::Status applied = apply(tx, *row, facts, effects);
        if (!applied.ok()) return applied;
        std::vector<errors::Rule> missing =
            GuardViolations(facts, command, in.case_id);
        if (!missing.empty()) return errors::RulesNotMet(missing);

        const Stage next = NextStage(stage, command);
        rows::Advance(tx, *row, next, in.today, in.now, in.actor,
                      CommandName(command),
                      effects.history_reason.empty() ? in.reason
                                                     : effects.history_reason);
        CaseRow after = rows::LoadCase(tx, in.case_id, in.today);
        Publish(tx, in, *row, after, stage, next, effects);
        return after.proto;
      });
}

// A PLANNED action of the case, locked; NOT_FOUND / ACTION_CLOSED otherwise.
absl::Status LockOpenAction(transaction_base& tx, const std::string& case_id,
                            const std::string& action_id) {
  auto action = tx.exec_params(queries::kLockAction, action_id, case_id);
  std::optional<std::string> status;
  if (!action.empty()) status = action[0]["status"].as<std::string>();
  return CheckActionOpen(action_id, status);
}

}  // namespace

absl::StatusOr<v1::Case> CaseCommandStore::AssignExperts(
    const CommandInput& in, const std::string& education,
    const std::string& personnel, v1::Speciality guardian) {
  return RunCommand(
      pool_, in, Command::kAssignExperts,
      [&](transaction_base& tx, const CaseRow& row, CaseFacts& facts,
          Effects& effects) {
        const std::string& voivodeship = row.proto.voivodeship();
        // Lock in id order so two assignments never deadlock.
        std::vector<std::pair<std::string, v1::Speciality>> pair = {
            {education, v1::EDUCATION_DEVELOPMENT},
            {personnel, v1::PERSONNEL_DEVELOPMENT}};
        if (pair[1].first < pair[0].first) std::swap(pair[0], pair[1]);
        std::vector<errors::Rule> problems;
        for (const auto& [id, speciality] : pair) {
          auto rules = rows::CheckExpert(tx, id, speciality, voivodeship,
                                         row.proto.id());
          problems.insert(problems.end(), rules.begin(), rules.end());
        }
        if (!problems.empty()) return errors::RulesNotMet(problems);
        tx.exec_params(
            queries::kAssignExperts, row.proto.id(), education, personnel,
            guardian == v1::EDUCATION_DEVELOPMENT ? education : personnel);
        facts.experts_assigned = true;
        effects.experts_assigned = true;
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> CaseCommandStore::ChooseArea(
    const CommandInput& in, const std::string& area_id,
    const v1::Agreement& agreement) {
  return RunCommand(
      pool_, in, Command::kChooseArea,
      [&](transaction_base& tx, const CaseRow& row, CaseFacts& facts,
          Effects&) {
        facts.area_chosen = !tx.exec_params(queries::kSupportAreaOfEdition,
                                            area_id, row.proto.edition())
                                 .empty();
        if (facts.area_chosen) {
          tx.exec_params(queries::kChooseArea, row.proto.id(), area_id,
                         agreement.agreed_on(), agreement.agreed_by());
          facts.agreement_recorded = true;
        }
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> CaseCommandStore::CompleteDiagnosis(
    const CommandInput& in, const std::string& summary,
    const std::vector<v1::Action>& actions) {
  return RunCommand(pool_, in, Command::kCompleteDiagnosis,
                    [&](transaction_base& tx, const CaseRow& row,
                        CaseFacts& facts, Effects&) {
                      tx.exec_params(queries::kDeleteActions, row.proto.id());
                      for (size_t i = 0; i < actions.size(); ++i) {
                        const v1::Action& a = actions[i];
                        tx.exec_params(queries::kInsertAction, row.proto.id(),
                                       static_cast<int>(i + 1), a.title(),
                                       a.owner(), a.starts_on(), a.due_on());
                      }
                      tx.exec_params(queries::kSetDiagnosisSummary,
                                     row.proto.id(), summary);
                      facts.diagnosis_summary = true;
                      facts.actions = static_cast<int>(actions.size());
                      return absl::OkStatus();
                    });
}

absl::StatusOr<v1::Case> CaseCommandStore::ApproveSchedule(
    const CommandInput& in, const std::string& guardian_subject) {
  return RunCommand(pool_, in, Command::kApproveSchedule,
                    [&](transaction_base& tx, const CaseRow& row, CaseFacts&,
                        Effects& effects) {
                      const absl::Status guardian = CheckGuardianApproves(
                          rows::SubjectOf(tx, row.proto.guardian()),
                          guardian_subject);
                      if (!guardian.ok()) return guardian;
                      // The guard (checked by RunCommand) decides; the approval
                      // is written only if it passes, since a refusal rolls
                      // back.
                      tx.exec_params(queries::kApproveSchedule, row.proto.id(),
                                     rows::Sql(in.now), in.actor.subject);
                      effects.schedule_approved = true;
                      return absl::OkStatus();
                    });
}

absl::StatusOr<v1::Case> CaseCommandStore::AdoptPlan(
    const CommandInput& in, const v1::QualityPlan& plan) {
  return RunCommand(
      pool_, in, Command::kAdoptPlan,
      [&](transaction_base& tx, const CaseRow& row, CaseFacts& facts,
          Effects& effects) {
        std::optional<AdoptedPlan> adopted;
        if (facts.plan_adopted) {
          adopted = AdoptedPlan{row.proto.plan().adopted_on(),
                                row.proto.plan().document_reference()};
        }
        const absl::Status once = CheckPlanNotAdopted(row.proto.id(), adopted);
        if (!once.ok()) return once;
        tx.exec_params(queries::kAdoptPlan, row.proto.id(),
                       plan.document_reference(), plan.adopted_on());
        facts.plan_adopted = true;
        effects.plan_adopted = true;
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> CaseCommandStore::CompleteRollout(
    const CommandInput& in) {
  return RunCommand(pool_, in, Command::kCompleteRollout,
                    [](transaction_base&, const CaseRow&, CaseFacts&,
                       Effects&) { return absl::OkStatus(); });
}

absl::StatusOr<v1::Case> CaseCommandStore::CompleteAction(
    const CommandInput& in, const std::string& action_id,
    absl::CivilDay done_on) {
  return RunCommand(
      pool_, in, Command::kCompleteAction,
      [&](transaction_base& tx, const CaseRow& row, CaseFacts&,
          Effects& effects) {
        absl::Status open = LockOpenAction(tx, row.proto.id(), action_id);
        if (!open.ok()) return open;
        tx.exec_params(queries::kCompleteAction, action_id, rows::Sql(done_on));
        effects.history_reason =
            absl::StrCat("action ", action_id, " done on ", rows::Sql(done_on));
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Case> CaseCommandStore::DropAction(
    const CommandInput& in, const std::string& action_id,
    const std::string& reason) {
  return RunCommand(pool_, in, Command::kDropAction,
                    [&](transaction_base& tx, const CaseRow& row, CaseFacts&,
                        Effects& effects) {
                      absl::Status open =
                          LockOpenAction(tx, row.proto.id(), action_id);
                      if (!open.ok()) return open;
                      tx.exec_params(queries::kDropAction, action_id, reason);
                      effects.history_reason = absl::StrCat(
                          "action ", action_id, " dropped: ", reason);
                      return absl::OkStatus();
                    });
}

}  // namespace jstedu::advisory
