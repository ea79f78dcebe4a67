#include "services/advisory/store/case_read_store.h"

#include <pqxx/pqxx>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/time.h"
#include "common/pg/transaction.h"
#include "services/advisory/store/case_read_queries.h"
#include "services/advisory/store/rows/case_changes.h"
#include "services/advisory/store/rows/case_row.h"
#include "services/advisory/store/rows/expert_candidates.h"

namespace jstedu::advisory {
namespace {

using pqxx::transaction_base;

v1::HistoryEntry ReadHistoryEntry(const pqxx::row& r) {
  v1::HistoryEntry h;
  if (auto time = pg::OptionalTime(r["at_micros"])) {
    *h.mutable_time() = *time;
  }
  h.set_actor(r["actor"].as<std::string>());
  h.set_actor_role(r["actor_role"].as<std::string>());
  h.set_command(r["command"].as<std::string>());
  h.set_from_stage(
      rows::ToProto(rows::StageOf(r["from_stage"].as<std::string>())));
  h.set_to_stage(rows::ToProto(rows::StageOf(r["to_stage"].as<std::string>())));
  h.set_reason(r["reason"].as<std::string>());
  h.set_version(r["version"].as<int64_t>());
  return h;
}

}  // namespace

absl::StatusOr<std::vector<v1::Case>> CaseReadStore::List(const CaseQuery& q,
                                                          bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Case>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Case>> {
        CaseFilter filter = q;
        if (q.limit) filter.limit = *q.limit + 1;  // one more: another page?
        std::vector<v1::Case> out;
        for (rows::CaseRow& row : rows::ReadCases(tx, filter, q.today)) {
          // Lists carry no personal data (see Get): who agreed is left out.
          if (row.proto.has_agreement())
            row.proto.mutable_agreement()->clear_agreed_by();
          out.push_back(std::move(row.proto));
        }
        *more = q.limit && static_cast<int64_t>(out.size()) > *q.limit;
        if (*more) out.pop_back();
        return out;
      });
}

absl::StatusOr<v1::Case> CaseReadStore::Get(const std::string& case_id,
                                            const CaseScope& scope,
                                            absl::CivilDay today,
                                            const Actor& actor) {
  return pg::RunInTransactionFor<v1::Case>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Case> {
        std::optional<rows::CaseRow> row =
            rows::FindCase(tx, case_id, scope, today);
        if (!row) return rows::CaseNotFound(case_id);
        if (!row->proto.agreement().agreed_by().empty()) {
          rows::Audit(tx, actor, "case.agreement", {case_id});
        }
        return row->proto;
      });
}

absl::StatusOr<std::vector<v1::HistoryEntry>> CaseReadStore::History(
    const std::string& case_id, const CaseScope& scope) {
  return pg::RunInTransactionFor<std::vector<v1::HistoryEntry>>(
      pool_,
      [&](transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::HistoryEntry>> {
        if (!rows::FindCaseHead(tx, case_id, scope)) {
          return rows::CaseNotFound(case_id);
        }
        std::vector<v1::HistoryEntry> out;
        for (const auto& r : pg::Exec(tx, queries::kCaseHistory, case_id)) {
          out.push_back(ReadHistoryEntry(r));
        }
        return out;
      });
}

absl::StatusOr<v1::ExpertProposal> CaseReadStore::ProposeExperts(
    const std::string& case_id, const CaseScope& scope) {
  return pg::RunInTransactionFor<v1::ExpertProposal>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::ExpertProposal> {
        std::optional<rows::CaseHead> head =
            rows::FindCaseHead(tx, case_id, scope);
        if (!head) return rows::CaseNotFound(case_id);
        const std::string& voivodeship = head->voivodeship;
        v1::ExpertProposal proposal;
        proposal.set_education_expert(rows::LeastLoaded(
            tx, v1::EDUCATION_DEVELOPMENT, voivodeship, "", case_id));
        proposal.set_personnel_expert(rows::LeastLoaded(
            tx, v1::PERSONNEL_DEVELOPMENT, voivodeship, "", case_id));
        return proposal;
      });
}

absl::StatusOr<std::vector<v1::CaseFacts>> CaseReadStore::ListFacts(
    const std::string& edition, const std::string& after_id, int limit,
    bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::CaseFacts>>(
      pool_, [&](transaction_base& tx) {
        std::vector<v1::CaseFacts> cases = pg::ReadAll<v1::CaseFacts>(pg::Exec(
            tx, queries::kCaseFactsPage, edition, after_id, limit + 1));
        *more = static_cast<int>(cases.size()) > limit;
        if (*more) cases.resize(limit);
        return cases;
      });
}

}  // namespace jstedu::advisory
