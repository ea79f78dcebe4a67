#pragma once

// The rows of an aggregates export (exports.cc): every indicator by total,
// voivodeship, JST kind, sex and target group (where they apply) over
// `whole`, and the total by month; a ratio over nothing gives no row, and a
// month equal to `whole` is not repeated (ADX refuses duplicates).

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/reporting/export/aggregates.h"
#include "services/reporting/query.h"
#include "services/reporting/store/export_store.h"

namespace jstedu::reporting {

std::vector<exportfmt::AggregateRow> AggregateRows(const Counted& counted,
                                                   const Period& whole);

// An identified participant file written again from its snapshot's stored
// records (personal columns as keyed digests: bound to participant and
// column, "hmac2:", or unbound, "hmac:", in snapshots made before issue 16)
// and recruitment's personal data now (`people`, by participant id): the
// same bytes as when it was made, or FAILED_PRECONDITION
// PERSONAL_DATA_CHANGED when a personal field no longer matches its digest.
absl::StatusOr<std::string> RewriteIdentified(
    const SnapshotRecords& stored,
    const std::map<std::string, recruitment::v1::Participant>& people,
    const std::string& key);

}  // namespace jstedu::reporting
