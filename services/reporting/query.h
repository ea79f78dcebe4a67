#pragma once

// What every figure query shares: reading and checking the filters,
// narrowing them to the caller's region scope, and counting the measures of
// an edition from the projections in one snapshot.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/grpc/caller.h"
#include "common/status/errors.h"
#include "services/reporting/domain/figures.h"
#include "services/reporting/domain/measures.h"
#include "services/reporting/store/figures_store.h"

namespace jstedu::reporting {

struct QueryInput {
  std::string edition;
  Filter filter;  // period: all days unless `period_given`
  bool period_given = false;
};

// Checks each filter, adding a problem (lowerCamelCase field) per bad one.
QueryInput ReadQueryInput(std::vector<errors::FieldProblem>& problems,
                          const std::string& edition,
                          const std::string& voivodeship,
                          const std::string& teryt, int kind, int sex,
                          int target_group, const std::string& period);

// COORDINATOR: its voivodeship (another is PERMISSION_DENIED); JST: its own
// TERYT code (another is PERMISSION_DENIED); ADMIN, MINISTRY: as asked.
absl::Status ApplyScope(const grpcutil::Caller& caller, QueryInput& input);

struct Counted {
  Facts facts;  // only `edition` when from_counts
  MeasureRecords measures;
  std::vector<Definition> definitions;
  // Summed from the maintained counts: `measures` are cells
  // (domain/counts.h, CellRecords), not records, and `span` holds the first
  // and last record's day.
  bool from_counts = false;
  std::optional<Period> span;
};

// The common path of every figure query: INVALID_ARGUMENT listing
// `problems` if any, else the input narrowed to the caller's scope
// (ApplyScope) and counted from the facts FiguresStore reads in one
// snapshot. NotFound "no edition <code>" (errors::NoSuch) when no event of
// the edition has reached reporting.
absl::StatusOr<Counted> ScopedCount(
    FiguresStore& store, const grpcutil::Caller& caller, QueryInput& input,
    const std::vector<errors::FieldProblem>& problems);

// Whether the maintained counts (per measure, voivodeship and month) give
// exactly the figures the input and dimensions ask for: no TERYT, JST kind,
// sex or target group in the filter, no dimension but voivodeship and
// periods, and no period or one of whole months.
bool CountsAnswer(const QueryInput& input,
                  const std::vector<Dimension>& dimensions);

// ScopedCount for indicator figures: summed from the maintained counts
// (FiguresStore::ReadCounts) when they answer exactly (CountsAnswer, after
// the scope), else counted from the facts as ScopedCount does.
absl::StatusOr<Counted> ScopedFigures(
    FiguresStore& store, const grpcutil::Caller& caller, QueryInput& input,
    const std::vector<errors::FieldProblem>& problems,
    const std::vector<Dimension>& dimensions);

// The filter records are matched with: `filter`, except that, summed from
// the counts without a period asked for, its days widen to whole months
// (a cell is dated the first of its month; no record lies outside the
// display range, so none is added).
Filter MatchingFilter(const Counted& counted, const QueryInput& input,
                      Filter filter);

// The days figures span when no period is asked for: the edition's dates,
// widened to every record's date (participants enrol before it starts);
// `today` (the programme's day, ProgrammeDay of the service's clock) when
// there are neither.
Period DisplayRange(const Counted& counted, const QueryInput& input,
                    absl::CivilDay today);

// Indicator figures from counted measures.
Subject SubjectOf(const v1::IndicatorDefinition& definition);
Formula FormulaOf(const v1::IndicatorDefinition& definition);
void SetFigure(const Value& value, v1::Figure* figure);
const std::vector<Record>& RecordsOf(const MeasureRecords& measures,
                                     const std::string& measure);
// Why the filter or dimensions do not apply to the indicator, and the
// request field that asks it (both "" if they do): sex and target group
// describe participants only; a meeting has no voivodeship, JST or kind of
// JST, and breaks down by period only.
struct Inapplicable {
  std::string field;
  std::string reason;
};
Inapplicable NotApplicable(const v1::IndicatorDefinition& definition,
                           const Filter& filter,
                           const std::vector<Dimension>& dimensions);
// The filter a figure of the indicator counts with: as given for a count;
// for a ratio, everything up to the period's end (a ratio is a state: plans
// adopted by then ÷ JSTs supported by then).
Filter FigureFilter(const v1::IndicatorDefinition& definition,
                    const Filter& filter);
// The indicator's total and breakdown rows for the filter (a ratio's
// period cells are cumulative at each period's end).
absl::StatusOr<v1::Indicator> BuildIndicator(
    const Definition& definition, const MeasureRecords& measures,
    const Filter& filter, const std::vector<Dimension>& dimensions);

}  // namespace jstedu::reporting
