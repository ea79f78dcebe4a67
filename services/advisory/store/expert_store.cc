#include "services/advisory/store/expert_store.h"

#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/pg/arrays.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "common/time/civil_time.h"
#include "services/advisory/domain/experts.h"
#include "services/advisory/store/expert_queries.h"
#include "services/advisory/store/rows/case_changes.h"
#include "services/advisory/store/rows/case_row.h"
#include "services/advisory/store/rows/expert_candidates.h"
#include "services/advisory/store/rows/values.h"

namespace jstedu::advisory {
namespace {

using pqxx::transaction_base;
using rows::CaseRow;

std::vector<v1::Expert> ReadExperts(transaction_base& tx, const ExpertQuery& q,
                                    const std::string& id) {
  return pg::ReadAll<v1::Expert>(pg::Exec(
      tx, queries::kExperts, q.voivodeship, q.speciality, q.active_only,
      q.subject, id, rows::OffsetOf(q.window), rows::LimitOf(q.window)));
}

v1::Expert LoadExpert(transaction_base& tx, const std::string& id) {
  return ReadExperts(tx, {}, id).at(0);
}

}  // namespace

absl::StatusOr<std::vector<v1::Expert>> ExpertStore::List(const ExpertQuery& q,
                                                          const Actor& actor,
                                                          bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Expert>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Expert>> {
        std::vector<v1::Expert> out = ReadExperts(tx, q, "");
        const bool next = rows::DropRowPastWindow(out, q.window);
        if (more != nullptr) *more = next;
        std::vector<std::string> ids;
        for (const v1::Expert& e : out) ids.push_back(e.id());
        rows::Audit(tx, actor, "experts", ids);
        return out;
      });
}

absl::StatusOr<std::string> ExpertStore::SubjectOf(
    const std::string& expert_id) {
  return pg::RunInTransactionFor<std::string>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::string> {
        const pqxx::result rows =
            pg::Exec(tx, queries::kExpertSubject, expert_id);
        if (rows.empty()) return errors::NoSuch("expert", expert_id);
        return rows[0]["subject"].as<std::string>();
      },
      {pg::Isolation::kSingleStatementRead, 3});
}

absl::StatusOr<v1::Expert> ExpertStore::Create(const v1::Expert& expert) {
  return pg::RunInTransactionFor<v1::Expert>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Expert> {
        auto inserted = pg::Exec(
            tx, queries::kInsertExpert, expert.subject(), expert.display_name(),
            v1::Speciality_Name(expert.speciality()),
            pg::TextArrayLiteral(expert.voivodeships()), expert.max_caseload());
        if (inserted.empty()) {
          return absl::AlreadyExistsError(absl::StrCat(
              "an expert with subject ", expert.subject(), " is registered"));
        }
        return LoadExpert(tx, inserted[0]["id"].as<std::string>());
      });
}

absl::StatusOr<v1::DeactivateExpertResponse> ExpertStore::Deactivate(
    const std::string& expert_id, const std::string& note,
    const std::vector<v1::Handover>& handovers, bool validate_only,
    bool exact_plan, const Actor& actor, absl::Time now) {
  return pg::RunInTransactionFor<v1::DeactivateExpertResponse>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<v1::DeactivateExpertResponse> {
        // A preview runs the very same statements (each handover changes
        // the loads the next one is chosen by) and then undoes them.
        if (validate_only) tx.exec0(queries::kSavepointPreview);
        auto leaving = pg::Exec(tx, queries::kLockLeavingExpert, expert_id);
        std::optional<bool> active;
        if (!leaving.empty()) active = leaving[0]["active"].as<bool>();
        const absl::Status may_leave = CheckLeavingExpert(expert_id, active);
        if (!may_leave.ok()) return may_leave;
        v1::Speciality speciality = v1::SPECIALITY_UNSPECIFIED;
        v1::Speciality_Parse(leaving[0]["speciality"].as<std::string>(),
                             &speciality);
        pg::Exec(tx, queries::kDeactivateExpert, expert_id, rows::Sql(now));

        const absl::CivilDay today = ProgrammeDay(now);
        std::vector<CaseRow> cases;
        std::set<std::string> open_ids;
        for (const auto& r :
             pg::Exec(tx, queries::kLockOpenCasesOfExpert, expert_id)) {
          CaseFilter one;
          one.id = r["id"].as<std::string>();
          cases.push_back(rows::ReadCases(tx, one, today).at(0));
          open_ids.insert(one.id);
        }
        std::map<std::string, const v1::Handover*> chosen;
        std::vector<std::string> requested;
        for (const v1::Handover& handover : handovers) {
          chosen.emplace(handover.case_(), &handover);
          requested.push_back(handover.case_());
        }
        HandoverRequestCheck request =
            CheckHandoverRequest(requested, open_ids, exact_plan);
        if (!request.invalid.empty()) {
          return errors::InvalidFields(request.invalid);
        }
        // Exact plan: every difference from the plan sent.
        std::vector<errors::Rule> changed = std::move(request.changed);

        v1::DeactivateExpertResponse response;
        std::vector<errors::Rule> problems;
        for (const CaseRow& row : cases) {
          const v1::Case& c = row.proto;
          std::string replacement;
          auto it = chosen.find(c.id());
          if (it != chosen.end()) {
            replacement = it->second->expert();
            if (replacement == expert_id) {
              problems.push_back(HandoverToLeaver(c.id()));
              continue;
            }
            std::vector<errors::Rule> rules = rows::CheckExpert(
                tx, replacement, speciality, c.voivodeship(), c.id());
            problems.insert(problems.end(), rules.begin(), rules.end());
            if (!rules.empty()) continue;
          } else {
            if (exact_plan) {
              changed.push_back(CaseMissingFromPlan(c.id()));
            }
            replacement = rows::LeastLoaded(tx, speciality, c.voivodeship(),
                                            expert_id, c.id());
            if (replacement.empty() ||
                !rows::CheckExpert(tx, replacement, speciality, c.voivodeship(),
                                   c.id())
                     .empty()) {
              problems.push_back(NoReplacement(
                  c.id(), v1::Speciality_Name(speciality), c.voivodeship()));
              continue;
            }
          }
          const bool was_guardian = c.guardian() == expert_id;
          pg::Exec(tx,
                   speciality == v1::EDUCATION_DEVELOPMENT
                       ? queries::kHandOverEducation
                       : queries::kHandOverPersonnel,
                   c.id(), replacement, was_guardian);
          rows::Advance(tx, row, rows::StageOf(c), today, now, actor,
                        "handover", note);
          CaseRow after = rows::LoadCase(tx, c.id(), today);
          rows::RecordAssignment(tx, row, after, "HANDOVER", actor, now, note);
          rows::PublishExpertsAssigned(tx, after, true, now, actor.traceparent);
          v1::Handover* done = response.add_handovers();
          done->set_case_(c.id());
          done->set_expert(replacement);
          done->set_guardian(after.proto.guardian());
          if (exact_plan && it != chosen.end()) {
            if (auto differs = GuardianChanged(c.id(), done->guardian(),
                                               it->second->guardian())) {
              changed.push_back(*std::move(differs));
            }
          }
        }
        // Returning an error rolls the whole transaction back.
        if (!changed.empty()) return errors::RulesNotMet(changed);
        if (!problems.empty()) return errors::RulesNotMet(problems);
        *response.mutable_expert() = LoadExpert(tx, expert_id);
        if (validate_only) tx.exec0(queries::kRollbackPreview);
        // A preview reads the expert to show a plan, not to hand over.
        rows::Audit(tx, actor,
                    validate_only ? "experts.deactivation-preview" : "experts",
                    {expert_id});
        return response;
      });
}

}  // namespace jstedu::advisory
