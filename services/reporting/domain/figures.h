#pragma once

// Figures from measure records: periods (ISO 8601 intervals), filters,
// breakdowns, exact values. Pure functions; the service feeds them the
// records of services/reporting/domain/measures.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/reporting/domain/measures.h"

namespace jstedu::reporting {

// A closed range of days.
struct Period {
  absl::CivilDay first;
  absl::CivilDay last;
};

// "YYYY-MM-DD/PnY|PnM|PnW|PnD" (the duration runs from the start: P1M from
// 2017-04-01 ends 2017-04-30) or "YYYY-MM-DD/YYYY-MM-DD" (inclusive).
// InvalidArgument naming what is wrong.
absl::StatusOr<Period> ParsePeriod(const std::string& text);
// "YYYY-MM-DD/YYYY-MM-DD".
std::string FormatPeriod(const Period& period);

enum class Dimension {
  kVoivodeship,
  kJstKind,
  kSex,
  kTargetGroup,
  kMonth,
  kQuarter,
  kYear
};

bool IsPeriodDimension(Dimension dimension);
// Sex and target group exist only for participant records; a meeting (of
// several JSTs) has periods only.
bool AppliesTo(Dimension dimension, Subject subject);

// The calendar periods of `dimension` that overlap `range`, as ISO
// intervals ("2017-04-01/P1M", "2017-04-01/P3M", "2017-01-01/P1Y").
std::vector<std::string> PeriodsIn(Dimension dimension, const Period& range);

// How many periods PeriodsIn would list (without listing them).
int64_t CountPeriodsIn(Dimension dimension, const Period& range);
// The most periods a breakdown may list (50 years of months).
inline constexpr int64_t kMaxPeriods = 600;
// A breakdown by a period dimension lists at most kMaxPeriods periods of
// `range`: INVALID_ARGUMENT naming `period` otherwise.
absl::Status CheckPeriodBreakdown(const std::vector<Dimension>& dimensions,
                                  const Period& range);
// Progress's monthly trajectory lists at most kMaxPeriods months (`months`
// with its first day after its last lists none): INVALID_ARGUMENT naming
// `asOf` otherwise.
absl::Status CheckTrajectory(const Period& months);

// The record's value of a dimension: the voivodeship code, the enum name,
// or the ISO interval of its date's period.
std::string DimensionValue(const Record& record, Dimension dimension);

struct Filter {
  std::string voivodeship;  // "" = any
  std::string teryt;        // "" = any
  int jst_kind = 0;         // 0 = any
  int sex = 0;
  int target_group = 0;
  Period period;
};

bool Matches(const Record& record, const Filter& filter);

// An indicator's value rule.
struct Formula {
  std::string numerator;    // measure
  std::string denominator;  // measure, "" for a count
  std::string factor;       // exact decimal, with a denominator
};

struct Value {
  std::string text;  // "12", "93.33"; "" for a ratio over nothing
  int64_t numerator = 0;
  int64_t denominator = 0;
};

// numerator (a count) or numerator × factor ÷ denominator rounded half up
// to 2 places. InvalidArgument for a factor that is not a decimal.
absl::StatusOr<Value> Evaluate(const Formula& formula, int64_t numerator,
                               int64_t denominator);

// `numerator × 100 ÷ denominator` with 2 places ("" when denominator is 0).
std::string Percent(int64_t numerator, int64_t denominator);
// `numerator ÷ denominator` with 2 places ("" when denominator is 0).
std::string Decimal(int64_t numerator, int64_t denominator);

struct BreakdownCell {
  std::vector<std::string> values;  // one per dimension
  int64_t numerator = 0;
  int64_t denominator = 0;
};

// Counts matching records (their weights) per combination of dimension
// values. Rows are
// ordered by values; a single period dimension lists every period of the
// filter's range, empty ones included.
std::vector<BreakdownCell> Breakdown(const std::vector<Record>& numerator,
                                     const std::vector<Record>* denominator,
                                     const Filter& filter,
                                     const std::vector<Dimension>& dimensions);

// How many records match (the sum of their weights).
int64_t CountMatching(const std::vector<Record>& records, const Filter& filter);

}  // namespace jstedu::reporting
