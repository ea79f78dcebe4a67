#pragma once

// The rules of the ministry's exports. Pure functions.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "jstedu/reporting/v1/reporting.pb.h"

namespace jstedu::reporting {

// An export's file name: "jstedu-<edition>-<number>-<kind>.<csv|xml>",
// kind "participants", "participants-pseudonymised", "aggregates" or
// "aggregates-adx" (the only .xml).
std::string ExportFilename(const v1::Export& meta);

// No export of an edition whose dates have not reached reporting:
// FAILED_PRECONDITION EDITION_DATES_UNKNOWN.
absl::Status CheckEditionDatesKnown(const std::string& edition, bool known);

// No ministry export while the programme office has identity conflicts of
// the edition to decide (`open` of them): FAILED_PRECONDITION
// IDENTITY_CONFLICTS_OPEN with the number in the message.
absl::Status CheckIdentityConflictsDecided(const std::string& edition,
                                           int64_t open);

// A diff compares snapshots of one series: the same edition, kind and
// variant (pseudonymised or not); INVALID_ARGUMENT naming `against`
// otherwise.
absl::Status CheckSameSeries(const v1::Export& snapshot,
                             const v1::Export& against);

}  // namespace jstedu::reporting
