#include "services/advisory/store/rows/case_changes.h"

#include <optional>
#include <pqxx/pqxx>

#include "common/events/outbox.h"
#include "common/pg/prepared.h"
#include "common/time/business_days.h"
#include "services/advisory/store/rows/case_queries.h"
#include "services/advisory/store/rows/values.h"

namespace jstedu::advisory::rows {
namespace {

using pqxx::transaction_base;

std::optional<std::string> OrNull(const std::string& id) {
  if (id.empty()) return std::nullopt;
  return id;
}

}  // namespace

int StageDays(transaction_base& tx, int workflow_version, Stage stage) {
  const char* column = nullptr;
  switch (stage) {
    case Stage::kAreaChoice:
      column = "area_choice_days";
      break;
    case Stage::kNeedsDiagnosis:
      column = "needs_diagnosis_days";
      break;
    case Stage::kRollout:
      column = "rollout_days";
      break;
    default:
      return 0;
  }
  return pg::Exec1(tx, queries::kStageDays, workflow_version)[column].as<int>();
}

StageDates DatesOf(Stage to, int days, absl::CivilDay today, absl::Time now) {
  StageDates dates;
  if (IsClosed(to)) {
    dates.closed_at = Sql(now);
  } else {
    dates.due_on = Sql(AddBusinessDays(today, days));
  }
  return dates;
}

void WriteHistory(transaction_base& tx, const std::string& case_id,
                  absl::Time at, const Actor& actor, const char* command,
                  Stage from, Stage to, const std::string& reason,
                  int64_t version) {
  pg::Exec(tx, queries::kInsertHistory, case_id, Sql(at), actor.subject,
           actor.role, std::string(command), std::string(StageName(from)),
           std::string(StageName(to)), reason, version);
}

int64_t Advance(transaction_base& tx, const CaseRow& row, Stage to,
                absl::CivilDay today, absl::Time now, const Actor& actor,
                const char* command, const std::string& reason) {
  const Stage from = StageOf(row.proto);
  const int64_t version = row.proto.version() + 1;
  if (to == from) {
    pg::Exec(tx, queries::kBumpVersion, row.proto.id(), version);
  } else {
    const StageDates dates = DatesOf(
        to, StageDays(tx, row.proto.workflow_version(), to), today, now);
    pg::Exec(tx, queries::kMoveStage, row.proto.id(), version,
             std::string(StageName(to)), Sql(today), dates.due_on,
             dates.closed_at);
  }
  WriteHistory(tx, row.proto.id(), now, actor, command, from, to, reason,
               version);
  return version;
}

void RecordAssignment(transaction_base& tx, const CaseRow& before,
                      const CaseRow& after, const char* kind,
                      const Actor& actor, absl::Time now,
                      const std::string& note) {
  pg::Exec(tx, queries::kInsertAssignment, before.proto.id(), Sql(now),
           actor.subject, kind, OrNull(before.proto.education_expert()),
           OrNull(before.proto.personnel_expert()),
           OrNull(before.proto.guardian()), after.proto.education_expert(),
           after.proto.personnel_expert(), after.proto.guardian(), note);
}

void PublishExpertsAssigned(transaction_base& tx, const CaseRow& after,
                            bool handover, absl::Time now,
                            const std::string& traceparent) {
  events::v1::CaseExpertsAssigned event;
  *event.mutable_case_() = RefOf(after);
  event.set_education_expert(after.proto.education_expert());
  event.set_personnel_expert(after.proto.personnel_expert());
  event.set_guardian(after.proto.guardian());
  event.set_guardian_subject(SubjectOf(tx, after.proto.guardian()));
  event.set_education_expert_subject(
      SubjectOf(tx, after.proto.education_expert()));
  event.set_personnel_expert_subject(
      SubjectOf(tx, after.proto.personnel_expert()));
  event.set_handover(handover);
  SetTime(now, event.mutable_assigned_at());
  events::AppendEvent(tx, event, after.proto.id(), traceparent);
}

std::string SubjectOf(transaction_base& tx, const std::string& expert_id) {
  if (expert_id.empty()) return "";
  auto rows = pg::Exec(tx, queries::kExpertSubject, expert_id);
  return rows.empty() ? "" : rows[0]["subject"].as<std::string>();
}

void Audit(transaction_base& tx, const Actor& actor, const char* what,
           const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  pg::Exec(tx, queries::kInsertReadAudit, actor.subject, actor.role, what,
           pg::TextArrayLiteral(ids));
}

}  // namespace jstedu::advisory::rows
