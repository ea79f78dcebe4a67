#include "services/advisory/store/activity_store.h"

#include <optional>
#include <pqxx/pqxx>

#include "common/pg/arrays.h"
#include "common/pg/time.h"
#include "common/pg/transaction.h"
#include "services/advisory/domain/case_rules.h"
#include "services/advisory/store/activity_queries.h"
#include "services/advisory/store/rows/case_changes.h"
#include "services/advisory/store/rows/case_row.h"
#include "services/advisory/store/rows/values.h"

namespace jstedu::advisory {
namespace {

using pqxx::transaction_base;

v1::Activity ReadActivity(const pqxx::row& r) {
  v1::Activity a;
  a.set_id(r["id"].as<std::string>());
  a.set_case_(r["case_id"].as<std::string>());
  v1::ActivityKind kind = v1::ACTIVITY_KIND_UNSPECIFIED;
  v1::ActivityKind_Parse(r["kind"].as<std::string>(), &kind);
  a.set_kind(kind);
  a.set_occurred_on(r["occurred_on"].as<std::string>());
  v1::ActivityForm form = v1::ACTIVITY_FORM_UNSPECIFIED;
  v1::ActivityForm_Parse(r["form"].as<std::string>(), &form);
  a.set_form(form);
  rows::ReadArray(r["participants"], a.mutable_participants());
  rows::ReadArray(r["guests"], a.mutable_guests());
  a.set_notes(r["notes"].as<std::string>());
  rows::ReadArray(r["documents"], a.mutable_documents());
  a.set_recorded_by(r["recorded_by"].as<std::string>());
  if (auto time = pg::OptionalTime(r["recorded_micros"])) {
    *a.mutable_recorded_time() = *time;
  }
  return a;
}

}  // namespace

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
            !tx.exec_params(queries::kOfficeVisitRecorded, case_id).empty();
        const absl::Status allowed =
            CheckActivityAllowed(case_id, head->stage, second_office_visit);
        if (!allowed.ok()) return allowed;
        return ReadActivity(tx.exec_params1(
            queries::kInsertActivity, case_id,
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
        std::vector<v1::Activity> out;
        for (const auto& r :
             tx.exec_params(queries::kActivities, case_id,
                            rows::OffsetOf(window), rows::LimitOf(window))) {
          out.push_back(ReadActivity(r));
        }
        const bool next = rows::DropRowPastWindow(out, window);
        if (more != nullptr) *more = next;
        std::vector<std::string> ids;
        for (const v1::Activity& a : out) ids.push_back(a.id());
        rows::Audit(tx, actor, "activities", ids);
        return out;
      });
}

}  // namespace jstedu::advisory
