#include "services/advisory/store/case_lifecycle_store.h"

#include <pqxx/pqxx>

#include "common/events/outbox.h"
#include "common/pg/prepared.h"
#include "common/time/business_days.h"
#include "common/time/civil_time.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "services/advisory/domain/case_rules.h"
#include "services/advisory/domain/workflow.h"
#include "services/advisory/store/case_lifecycle_queries.h"
#include "services/advisory/store/rows/case_changes.h"
#include "services/advisory/store/rows/case_queries.h"
#include "services/advisory/store/rows/case_row.h"
#include "services/advisory/store/rows/values.h"

namespace jstedu::advisory {
namespace {

namespace ev = ::jstedu::events::v1;
namespace rv1 = ::jstedu::recruitment::v1;
using rows::Sql;

const Actor kRecruitmentEvents{"events.recruitment", "SYSTEM", ""};

// The edition's standard catalogue, unless the office set one up.
void SeedStandardCatalogue(pqxx::transaction_base& tx,
                           const std::string& edition) {
  if (!pg::Exec(tx, queries::kClaimStandardCatalogue, edition).empty()) {
    pg::Exec(tx, queries::kSeedStandardCatalogue, edition);
  }
}

}  // namespace

void CaseLifecycleStore::Open(pqxx::transaction_base& tx,
                              const ev::JstQualified& e, absl::Time at) const {
  if (!pg::Exec(tx, queries::kApplicationWithdrawn, e.application_id())
           .empty()) {
    return;
  }
  const int workflow =
      tx.exec1(queries::kNewestWorkflowVersion)["version"].as<int>();
  const absl::CivilDay day = ProgrammeDay(at);
  const absl::CivilDay due =
      AddBusinessDays(day, rows::StageDays(tx, workflow, Stage::kAreaChoice));
  auto opened =
      pg::Exec(tx, queries::kOpenCase, e.edition(), e.application_id(),
               e.teryt(), e.voivodeship(), rv1::JstKind_Name(e.jst_kind()),
               workflow, Sql(at), Sql(day), Sql(due));
  // None: this application's case exists (or the JST has one open).
  if (opened.empty()) return;
  const std::string case_id = opened[0]["id"].as<std::string>();
  rows::WriteHistory(tx, case_id, at, kRecruitmentEvents, "open",
                     Stage::kAreaChoice, Stage::kAreaChoice, "JstQualified", 1);
  SeedStandardCatalogue(tx, e.edition());
  rows::CaseRow row = rows::LoadCase(tx, case_id, day);
  ev::CaseOpened event;
  *event.mutable_case_() = rows::RefOf(row);
  event.set_workflow_version(workflow);
  rows::SetTime(at, event.mutable_opened_at());
  event.set_stage_due_on(Sql(due));
  events::AppendEvent(tx, event, case_id);
}

void CaseLifecycleStore::Withdraw(pqxx::transaction_base& tx,
                                  const ev::JstWithdrawn& e,
                                  absl::Time at) const {
  // Once per application, whatever the event's id.
  if (pg::Exec(tx, queries::kRememberWithdrawal, e.application_id(), Sql(at))
          .empty()) {
    return;
  }
  auto locked =
      pg::Exec(tx, queries::kLockCaseOfApplication, e.application_id());
  if (locked.empty()) return;
  const absl::CivilDay today = ProgrammeDay(at);
  const rows::CaseRow row =
      rows::LoadCase(tx, locked[0]["id"].as<std::string>(), today);
  const Stage from = rows::StageOf(row.proto);
  switch (OnWithdrawal(from)) {
    case WithdrawalEffect::kNothing:
      return;
    case WithdrawalEffect::kRecordOnly:
      // The adopted plan stands and counts; the history still tells.
      rows::Advance(tx, row, from, today, at, kRecruitmentEvents, "withdraw",
                    "JstWithdrawn after completion: the adopted plan stands");
      return;
    case WithdrawalEffect::kClose:
      break;
  }
  rows::Advance(tx, row, Stage::kWithdrawn, today, at, kRecruitmentEvents,
                "withdraw", "JstWithdrawn");
  rows::CaseRow after = rows::LoadCase(tx, row.proto.id(), today);
  ev::CaseWithdrawn event;
  *event.mutable_case_() = rows::RefOf(after);
  event.set_from_stage(rows::ToProto(from));
  rows::SetTime(at, event.mutable_withdrawn_at());
  events::AppendEvent(tx, event, row.proto.id());
}

}  // namespace jstedu::advisory
