#include "services/advisory/store/activity_store.h"

#include <optional>
#include <pqxx/pqxx>

#include "common/pg/arrays.h"
#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/advisory/domain/case_rules.h"
#include "services/advisory/store/activity_queries.h"
#include "services/advisory/store/rows/case_changes.h"
#include "services/advisory/store/rows/case_row.h"
#include "services/advisory/store/rows/values.h"

namespace jstedu::advisory {

using pqxx::transaction_base;

absl::StatusOr<v1::Activity> ActivityStore::Create(const std::string& case_id,
                                                   const CaseScope& scope,
                                                   const v1::Activity& activity,
                                                   const Actor& actor,
                                                   absl::Time now) {
  return pg::RunInTransactionFor<v1::Activity>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::Activity> {
        std::optional<rows::CaseHead> head =
            rows::FindCaseHead(tx, case_id, scope, /*lock=*/true);
        if (!head) return rows::CaseNotFound(case_id);
        const bool second_office_visit =
            activity.kind() == v1::OFFICE_VISIT &&
            !pg::Exec(tx, queries::kOfficeVisitRecorded, case_id).empty();
        const absl::Status allowed =
            CheckActivityAllowed(case_id, head->stage, second_office_visit);
        if (!allowed.ok()) return allowed;
        return pg::ReadOne<v1::Activity>(pg::Exec1(
            tx, queries::kInsertActivity, case_id,
            v1::ActivityKind_Name(activity.kind()), activity.occurred_on(),
            v1::ActivityForm_Name(activity.form()),
            pg::TextArrayLiteral(activity.participants()),
            pg::TextArrayLiteral(activity.guests()), activity.notes(),
            pg::TextArrayLiteral(activity.documents()), actor.subject,
            rows::Sql(now)));
      });
}

absl::StatusOr<std::vector<v1::Activity>> ActivityStore::List(
    const std::string& case_id, const CaseScope& scope, const Actor& actor,
    const PageWindow& window, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Activity>>(
      pool_,
      [&](transaction_base& tx) -> absl::StatusOr<std::vector<v1::Activity>> {
        if (!rows::FindCaseHead(tx, case_id, scope)) {
          return rows::CaseNotFound(case_id);
        }
        std::vector<v1::Activity> out = pg::ReadAll<v1::Activity>(
            pg::Exec(tx, queries::kActivities, case_id, rows::OffsetOf(window),
                     rows::LimitOf(window)));
        const bool next = rows::DropRowPastWindow(out, window);
        if (more != nullptr) *more = next;
        std::vector<std::string> ids;
        for (const v1::Activity& a : out) ids.push_back(a.id());
        rows::Audit(tx, actor, "activities", ids);
        return out;
      });
}

}  // namespace jstedu::advisory
