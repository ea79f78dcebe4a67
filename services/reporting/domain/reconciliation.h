#pragma once

// Reconciliation: the measures computed from the projected facts against
// those computed from the source services' records, record by record.
// Pure functions.

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "jstedu/reporting/v1/reporting.pb.h"
#include "services/reporting/domain/counts.h"
#include "services/reporting/domain/measures.h"

namespace jstedu::reporting {

// The most differences an answer lists (difference_count counts them all).
inline constexpr size_t kMaxListedDifferences = 1000;

// Attended minutes per participant.
using AttendedMinutes = std::map<std::string, int64_t>;

struct Reconciliation {
  // Each measure (Measures(), in order) with its record counts.
  std::vector<v1::MeasureReconciliation> measures;
  // The edition's differing fields (measure "EDITION"), then each
  // measure's records EXTRA_IN_PROJECTION, MISSING_IN_PROJECTION or
  // FIELD_DIFFERS (field by its JSON name), by record id, then the
  // participants whose attended minutes differ (measure
  // "ATTENDED_MINUTES"; an absent participant has 0).
  std::vector<v1::RecordDifference> differences;
  // The measures of the projected facts (ReconcileCounts' recount).
  MeasureRecords projected;
};

Reconciliation ReconcileFacts(const Facts& projected,
                              const AttendedMinutes& projected_minutes,
                              const Facts& source,
                              const AttendedMinutes& source_minutes);

// The maintained counts (domain/counts.h) against a recount of the
// projected facts (ComputeMeasures): each maintained record
// EXTRA_IN_COUNTS, MISSING_IN_COUNTS or COUNTED_FIELD_DIFFERS (field by its
// JSON name), by measure and id, then each cell whose count differs,
// COUNT_DIFFERS (record id "<voivodeship>/<YYYY-MM>", field "count",
// projected = maintained, source = recounted). None when the counts are
// what the facts give.
std::vector<v1::RecordDifference> ReconcileCounts(
    const MeasureRecords& recount, const MeasureRecords& maintained_records,
    const CellCounts& maintained_cells);

}  // namespace jstedu::reporting
