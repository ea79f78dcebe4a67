#pragma once

// The rows of an aggregates export (exports.cc): every indicator by total,
// voivodeship, JST kind, sex and target group (where they apply) over
// `whole`, and the total by month; a ratio over nothing gives no row, and a
// month equal to `whole` is not repeated (ADX refuses duplicates).

#include <vector>

#include "services/reporting/export/aggregates.h"
#include "services/reporting/query.h"

namespace jstedu::reporting {

std::vector<exportfmt::AggregateRow> AggregateRows(const Counted& counted,
                                                   const Period& whole);

}  // namespace jstedu::reporting
