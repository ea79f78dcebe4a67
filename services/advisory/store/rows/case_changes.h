#pragma once

// The writes several advisory stores share: a case's next version (and
// stage, with its due date) with its history row, the expert-assignment
// audit row and event, and the read audit of personal data. Each runs in
// the caller's transaction.

#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/advisory/domain/workflow.h"
#include "services/advisory/store/rows/case_row.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory::rows {

// Business days a stage is given by a workflow version (0 for closed).
int StageDays(pqxx::transaction_base& tx, int workflow_version, Stage stage);

// The dates of a case that moves to stage `to` on `today` (at `now`),
// given `days` business days for it: its due date (none once closed) and
// its closing instant (none while open), as statement parameters.
struct StageDates {
  std::optional<std::string> due_on;
  std::optional<std::string> closed_at;
};
StageDates DatesOf(Stage to, int days, absl::CivilDay today, absl::Time now);

void WriteHistory(pqxx::transaction_base& tx, const std::string& case_id,
                  absl::Time at, const Actor& actor, const char* command,
                  Stage from, Stage to, const std::string& reason,
                  int64_t version);

// Moves the case one version on (and to `to`, with its new due date
// counted from `today`), writing the history row. Returns the new version.
int64_t Advance(pqxx::transaction_base& tx, const CaseRow& row, Stage to,
                absl::CivilDay today, absl::Time now, const Actor& actor,
                const char* command, const std::string& reason);

// The expert_assignment row of a change of the pair or guardian (`kind`:
// ASSIGNMENT or HANDOVER) and its CaseExpertsAssigned event.
void RecordAssignment(pqxx::transaction_base& tx, const CaseRow& before,
                      const CaseRow& after, const char* kind,
                      const Actor& actor, absl::Time now,
                      const std::string& note);
void PublishExpertsAssigned(pqxx::transaction_base& tx, const CaseRow& after,
                            bool handover, absl::Time now,
                            const std::string& traceparent);

// The expert's subject ("" for none or an unknown id).
std::string SubjectOf(pqxx::transaction_base& tx, const std::string& expert_id);

// One read_audit row naming the records of personal data read (none: no
// row).
void Audit(pqxx::transaction_base& tx, const Actor& actor, const char* what,
           const std::vector<std::string>& ids);

}  // namespace jstedu::advisory::rows
