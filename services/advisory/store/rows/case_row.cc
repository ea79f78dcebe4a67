#include "services/advisory/store/rows/case_row.h"

#include <pqxx/pqxx>
#include <stdexcept>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/status/errors.h"
#include "services/advisory/store/rows/case_queries.h"
#include "services/advisory/store/rows/values.h"

namespace jstedu::advisory::rows {
namespace {

using pqxx::transaction_base;
namespace rv1 = ::jstedu::recruitment::v1;

std::string Text(const pqxx::row& r, const char* column) {
  return r[column].as<std::string>();
}

CaseFilter OneCase(const std::string& id, const CaseScope& scope) {
  CaseFilter filter;
  filter.id = id;
  filter.scope = scope;
  return filter;
}

}  // namespace

int StageAllowance::Of(Stage stage) const {
  switch (stage) {
    case Stage::kAreaChoice:
      return area_choice;
    case Stage::kNeedsDiagnosis:
      return needs_diagnosis;
    case Stage::kRollout:
      return rollout;
    default:
      return 0;
  }
}

CaseRow ReadCaseRow(const pqxx::row& r) {
  CaseRow row;
  v1::Case& c = row.proto;
  pg::ReadColumns(r, &c);
  row.jst_kind = Text(r, "jst_kind");
  if (!Text(r, "agreed_on").empty()) {
    c.mutable_agreement()->set_agreed_on(Text(r, "agreed_on"));
    c.mutable_agreement()->set_agreed_by(Text(r, "agreed_by"));
  }
  if (!Text(r, "plan_adopted_on").empty()) {
    c.mutable_plan()->set_document_reference(Text(r, "plan_document"));
    c.mutable_plan()->set_adopted_on(Text(r, "plan_adopted_on"));
  }
  return row;
}

ActionRow ReadActionRow(const pqxx::row& r) {
  ActionRow action;
  pg::ReadColumns(r, &action.proto);
  action.past_due = r["past_due"].as<bool>();
  return action;
}

std::vector<ActionRow> ReadActions(transaction_base& tx,
                                   const std::string& case_id,
                                   absl::CivilDay today) {
  std::vector<ActionRow> out;
  for (const auto& r : pg::Exec(tx, queries::kActions, case_id, Sql(today))) {
    out.push_back(ReadActionRow(r));
  }
  return out;
}

void SetActions(const std::vector<ActionRow>& actions, v1::Case* c) {
  const bool open = !IsClosed(StageOf(*c));
  c->clear_actions();
  for (const ActionRow& action : actions) {
    v1::Action* a = c->add_actions();
    *a = action.proto;
    a->set_overdue(open && a->status() == v1::PLANNED && action.past_due);
  }
}

std::vector<CaseRow> ReadCases(transaction_base& tx, const CaseFilter& f,
                               absl::CivilDay today) {
  const std::string after_teryt = f.after ? f.after->first : "";
  const std::string after_id = f.after ? f.after->second : "";
  std::vector<CaseRow> out;
  for (const auto& r :
       pg::Exec(tx, queries::kCases, Sql(today), f.id, f.scope.voivodeship,
                f.scope.teryt, f.scope.expert_subject, f.edition, f.voivodeship,
                f.teryt, f.stage, f.expert_id, f.overdue_only, after_teryt,
                after_id, f.limit)) {
    out.push_back(ReadCaseRow(r));
  }
  return out;
}

std::optional<CaseRow> FindCase(transaction_base& tx, const std::string& id,
                                const CaseScope& scope, absl::CivilDay today) {
  std::vector<CaseRow> found = ReadCases(tx, OneCase(id, scope), today);
  if (found.empty()) return std::nullopt;
  SetActions(ReadActions(tx, id, today), &found[0].proto);
  return std::move(found[0]);
}

CaseRow LoadCase(transaction_base& tx, const std::string& id,
                 absl::CivilDay today) {
  std::optional<CaseRow> row = FindCase(tx, id, {}, today);
  if (!row) throw std::logic_error("LoadCase: no case " + id);
  return *std::move(row);
}

absl::StatusOr<LockedCase> LockCase(transaction_base& tx, const std::string& id,
                                    const CaseScope& scope) {
  auto found = pg::Exec(tx, queries::kLockCaseForCommand, id, scope.voivodeship,
                        scope.teryt, scope.expert_subject);
  if (found.empty()) return CaseNotFound(id);
  const pqxx::row& r = found[0];
  LockedCase locked;
  locked.row = ReadCaseRow(r);
  locked.days = {r["area_choice_days"].as<int>(),
                 r["needs_diagnosis_days"].as<int>(),
                 r["rollout_days"].as<int>()};
  locked.guardian_subject = Text(r, "guardian_subject");
  return locked;
}

std::optional<CaseHead> FindCaseHead(transaction_base& tx,
                                     const std::string& id,
                                     const CaseScope& scope, bool lock) {
  if (lock && pg::Exec(tx, queries::kLockCase, id, scope.voivodeship,
                       scope.teryt, scope.expert_subject)
                  .empty()) {
    return std::nullopt;
  }
  auto rows = pg::Exec(tx, queries::kCaseInScope, id, scope.voivodeship,
                       scope.teryt, scope.expert_subject);
  if (rows.empty()) return std::nullopt;
  return CaseHead{StageOf(rows[0]["stage"].as<std::string>()),
                  rows[0]["voivodeship"].as<std::string>()};
}

absl::Status CaseNotFound(const std::string& id) {
  return errors::NotFoundInScope("case", id);
}

v1::Stage ToProto(Stage stage) {
  v1::Stage out = v1::STAGE_UNSPECIFIED;
  v1::Stage_Parse(std::string(StageName(stage)), &out);
  return out;
}

Stage StageOf(const std::string& name) {
  auto stage = StageFromName(name);
  return stage ? *stage : Stage::kAreaChoice;
}

Stage StageOf(const v1::Case& c) { return StageOf(v1::Stage_Name(c.stage())); }

events::v1::CaseRef RefOf(const CaseRow& row) {
  events::v1::CaseRef ref;
  ref.set_case_id(row.proto.id());
  ref.set_edition(row.proto.edition());
  ref.set_application_id(row.proto.application_id());
  ref.set_teryt(row.proto.teryt());
  ref.set_voivodeship(row.proto.voivodeship());
  rv1::JstKind kind = rv1::JST_KIND_UNSPECIFIED;
  rv1::JstKind_Parse(row.jst_kind, &kind);
  ref.set_jst_kind(kind);
  ref.set_version(row.proto.version());
  return ref;
}

}  // namespace jstedu::advisory::rows
