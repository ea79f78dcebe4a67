#pragma once

// A case as several advisory stores read it: the case read (rows/
// case_queries.h kCases) into the API's v1::Case, the lock a command or
// a handover takes, and the case reference events carry.
//
// Every function runs in the caller's transaction; pqxx exceptions pass
// through to the store's transaction helper.

#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "services/advisory/domain/workflow.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory::rows {

// A case and the one column the API does not show (the JST's kind, which
// events carry).
struct CaseRow {
  v1::Case proto;
  std::string jst_kind;
};

// An action of a case's schedule as read, and whether it was due before
// the day it was read for (`overdue` is set from it by SetActions).
struct ActionRow {
  v1::Action proto;
  bool past_due = false;
};

// The business days a workflow version gives each open stage.
struct StageAllowance {
  int area_choice = 0;
  int needs_diagnosis = 0;
  int rollout = 0;
  // Those of `stage` (0 for a closed one).
  int Of(Stage stage) const;
};

// A case locked for a command: its row, without its actions and without
// `overdue`, what its workflow version gives each stage and its guardian's
// subject ("" without one).
struct LockedCase {
  CaseRow row;
  StageAllowance days;
  std::string guardian_subject;
};

// The cases matching `filter`, by TERYT code and id, without their
// actions; `today` decides `overdue`.
std::vector<CaseRow> ReadCases(pqxx::transaction_base& tx,
                               const CaseFilter& filter, absl::CivilDay today);

// One case in `scope` with its actions; nullopt when there is none there.
std::optional<CaseRow> FindCase(pqxx::transaction_base& tx,
                                const std::string& id, const CaseScope& scope,
                                absl::CivilDay today);

// The case as the API shows it (with its actions). Precondition: it exists.
CaseRow LoadCase(pqxx::transaction_base& tx, const std::string& id,
                 absl::CivilDay today);

// Locks the case's row (FOR UPDATE) and reads it in the same statement
// (rows/case_queries.h kLockCaseForCommand); NOT_FOUND
// (errors::NotFoundInScope), and no lock, when missing or out of `scope`.
absl::StatusOr<LockedCase> LockCase(pqxx::transaction_base& tx,
                                    const std::string& id,
                                    const CaseScope& scope);

// The case's action schedule in order; `today` decides `past_due`.
std::vector<ActionRow> ReadActions(pqxx::transaction_base& tx,
                                   const std::string& case_id,
                                   absl::CivilDay today);

// A row of the case read's columns (kCases, kLockCaseForCommand) as the
// API shows the case, without its actions.
CaseRow ReadCaseRow(const pqxx::row& r);
// A row of kActions' columns.
ActionRow ReadActionRow(const pqxx::row& r);

// Sets `c`'s actions to `actions`, each overdue when it is PLANNED and
// past due and the case (its stage as `c` holds it) is open.
void SetActions(const std::vector<ActionRow>& actions, v1::Case* c);

// What a read of a case's parts needs of the case itself.
struct CaseHead {
  Stage stage = Stage::kAreaChoice;
  std::string voivodeship;
};

// The case's stage and voivodeship when it is in `scope`; nullopt when it
// is missing or out of scope. With `lock`, the case's row is locked first.
std::optional<CaseHead> FindCaseHead(pqxx::transaction_base& tx,
                                     const std::string& id,
                                     const CaseScope& scope, bool lock = false);

// NOT_FOUND exactly like an unknown id, for a case out of scope.
absl::Status CaseNotFound(const std::string& id);

v1::Stage ToProto(Stage stage);
Stage StageOf(const std::string& name);
Stage StageOf(const v1::Case& c);

events::v1::CaseRef RefOf(const CaseRow& row);

}  // namespace jstedu::advisory::rows
