#include "services/reporting/domain/figures.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/numeric/int128.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"

namespace jstedu::reporting {
namespace {

absl::Status BadPeriod(const std::string& text, const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat("period \"", text, "\": ", why,
                   " (expected an ISO 8601 interval such as 2017-04-01/P1M, "
                   "2017-01-01/P1Y or 2017-04-01/2017-06-30)"));
}

// `day` plus `months`, the day clamped to the target month's length (as XML
// Schema adds durations: 2017-01-31 + P1M = 2017-02-28).
absl::CivilDay AddMonthsClamped(absl::CivilDay day, int months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  const int length =
      static_cast<int>(absl::CivilDay(target + 1) - absl::CivilDay(target));
  return absl::CivilDay(target.year(), target.month(),
                        std::min(day.day(), length));
}

// Adds an ISO duration "PnY", "PnM", "PnW" or "PnD" to `start`; the result
// is the last day inside it.
std::optional<absl::CivilDay> EndOfDuration(absl::CivilDay start,
                                            const std::string& duration) {
  if (duration.size() < 3 || duration[0] != 'P') return std::nullopt;
  const char unit = duration.back();
  int n = 0;
  if (!absl::SimpleAtoi(duration.substr(1, duration.size() - 2), &n) || n < 1 ||
      n > 1000 || !isdigit(static_cast<unsigned char>(duration[1]))) {
    return std::nullopt;
  }
  switch (unit) {
    case 'Y':
      return AddMonthsClamped(start, 12 * n) - 1;
    case 'M':
      return AddMonthsClamped(start, n) - 1;
    case 'W':
      return start + 7 * n - 1;
    case 'D':
      return start + n - 1;
    default:
      return std::nullopt;
  }
}

std::string PeriodOf(absl::CivilDay day, Dimension dimension) {
  switch (dimension) {
    case Dimension::kMonth:
      return absl::StrFormat("%04d-%02d-01/P1M", day.year(), day.month());
    case Dimension::kQuarter:
      return absl::StrFormat("%04d-%02d-01/P3M", day.year(),
                             (day.month() - 1) / 3 * 3 + 1);
    case Dimension::kYear:
      return absl::StrFormat("%04d-01-01/P1Y", day.year());
    default:
      return "";
  }
}

absl::CivilDay NextPeriodStart(absl::CivilDay day, Dimension dimension) {
  switch (dimension) {
    case Dimension::kMonth:
      return absl::CivilDay(absl::CivilMonth(day) + 1);
    case Dimension::kQuarter:
      return absl::CivilDay(day.year(), (day.month() - 1) / 3 * 3 + 4, 1);
    default:
      return absl::CivilDay(absl::CivilYear(day) + 1);
  }
}

// Parses a decimal "100" or "1.5" as numerator / 10^scale.
bool ParseDecimal(const std::string& text, int64_t& units, int64_t& scale) {
  std::vector<std::string> parts = absl::StrSplit(text, '.');
  if (parts.empty() || parts.size() > 2 || parts[0].empty()) return false;
  std::string digits = parts[0] + (parts.size() == 2 ? parts[1] : "");
  if (digits.size() > 12 ||
      !std::all_of(digits.begin(), digits.end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  units = std::stoll(digits);
  scale = 1;
  for (size_t i = 0; parts.size() == 2 && i < parts[1].size(); ++i) {
    scale *= 10;
  }
  return true;
}

// a ÷ b rounded half up to 2 places, for a, b ≥ 0, b > 0.
std::string Hundredths(absl::int128 a, absl::int128 b) {
  const absl::int128 hundredths = (a * 100 * 2 + b) / (2 * b);
  return absl::StrFormat("%d.%02d", static_cast<int64_t>(hundredths / 100),
                         static_cast<int64_t>(hundredths % 100));
}

}  // namespace

absl::StatusOr<Period> ParsePeriod(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, '/');
  if (parts.size() != 2)
    return BadPeriod(text, "not START/DURATION or START/END");
  auto start = errors::ParseDate(parts[0]);
  if (!start) return BadPeriod(text, "the start is not a date YYYY-MM-DD");
  std::optional<absl::CivilDay> last;
  if (!parts[1].empty() && parts[1][0] == 'P') {
    last = EndOfDuration(*start, parts[1]);
    if (!last) {
      return BadPeriod(text,
                       "the duration is not PnY, PnM, PnW or PnD (n 1..1000)");
    }
  } else {
    last = errors::ParseDate(parts[1]);
    if (!last) return BadPeriod(text, "the end is not a date YYYY-MM-DD");
    if (*last < *start) return BadPeriod(text, "the end is before the start");
  }
  return Period{*start, *last};
}

std::string FormatPeriod(const Period& period) {
  return absl::StrCat(absl::FormatCivilTime(period.first), "/",
                      absl::FormatCivilTime(period.last));
}

bool IsPeriodDimension(Dimension dimension) {
  return dimension == Dimension::kMonth || dimension == Dimension::kQuarter ||
         dimension == Dimension::kYear;
}

bool AppliesTo(Dimension dimension, Subject subject) {
  if (IsPeriodDimension(dimension)) return true;
  if (subject == Subject::kMeeting) return false;  // of several JSTs
  if (dimension == Dimension::kSex || dimension == Dimension::kTargetGroup) {
    return subject == Subject::kParticipant;
  }
  return true;
}

std::vector<std::string> PeriodsIn(Dimension dimension, const Period& range) {
  std::vector<std::string> periods;
  for (absl::CivilDay day = range.first; day <= range.last;
       day = NextPeriodStart(day, dimension)) {
    periods.push_back(PeriodOf(day, dimension));
  }
  return periods;
}

int64_t CountPeriodsIn(Dimension dimension, const Period& range) {
  const int64_t months = (range.last.year() - range.first.year()) * 12 +
                         range.last.month() - range.first.month();
  switch (dimension) {
    case Dimension::kMonth:
      return months + 1;
    case Dimension::kQuarter:
      return (range.last.year() - range.first.year()) * 4 +
             (range.last.month() - 1) / 3 - (range.first.month() - 1) / 3 + 1;
    case Dimension::kYear:
      return range.last.year() - range.first.year() + 1;
    default:
      return 1;
  }
}

std::string DimensionValue(const Record& record, Dimension dimension) {
  switch (dimension) {
    case Dimension::kVoivodeship:
      return record.voivodeship;
    case Dimension::kJstKind:
      return recruitment::v1::JstKind_Name(record.jst_kind);
    case Dimension::kSex:
      return recruitment::v1::Sex_Name(record.sex);
    case Dimension::kTargetGroup:
      return recruitment::v1::TargetGroup_Name(record.target_group);
    default:
      return PeriodOf(record.date, dimension);
  }
}

bool Matches(const Record& record, const Filter& filter) {
  return (filter.voivodeship.empty() ||
          record.voivodeship == filter.voivodeship) &&
         (filter.teryt.empty() || record.teryt == filter.teryt) &&
         (filter.jst_kind == 0 || record.jst_kind == filter.jst_kind) &&
         (filter.sex == 0 || record.sex == filter.sex) &&
         (filter.target_group == 0 ||
          record.target_group == filter.target_group) &&
         record.date >= filter.period.first &&
         record.date <= filter.period.last;
}

absl::StatusOr<Value> Evaluate(const Formula& formula, int64_t numerator,
                               int64_t denominator) {
  Value value;
  value.numerator = numerator;
  if (formula.denominator.empty()) {
    value.text = absl::StrCat(numerator);
    return value;
  }
  value.denominator = denominator;
  int64_t units = 0;
  int64_t scale = 1;
  if (!ParseDecimal(formula.factor, units, scale)) {
    return absl::InvalidArgumentError(
        absl::StrCat("factor \"", formula.factor, "\" is not a decimal"));
  }
  if (denominator > 0) {
    value.text = Hundredths(static_cast<absl::int128>(numerator) * units,
                            static_cast<absl::int128>(denominator) * scale);
  }
  return value;
}

std::string Percent(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return "";
  return Hundredths(static_cast<absl::int128>(numerator) * 100, denominator);
}

std::string Decimal(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return "";
  return Hundredths(numerator, denominator);
}

int64_t CountMatching(const std::vector<Record>& records,
                      const Filter& filter) {
  int64_t count = 0;
  for (const Record& r : records) {
    if (Matches(r, filter)) count += r.weight;
  }
  return count;
}

std::vector<BreakdownCell> Breakdown(const std::vector<Record>& numerator,
                                     const std::vector<Record>* denominator,
                                     const Filter& filter,
                                     const std::vector<Dimension>& dimensions) {
  std::map<std::vector<std::string>, BreakdownCell> cells;
  auto cell_of = [&](const Record& record) -> BreakdownCell& {
    std::vector<std::string> values;
    for (Dimension dimension : dimensions) {
      values.push_back(DimensionValue(record, dimension));
    }
    BreakdownCell& cell = cells[values];
    cell.values = values;
    return cell;
  };
  if (dimensions.size() == 1 && IsPeriodDimension(dimensions[0])) {
    for (const std::string& period : PeriodsIn(dimensions[0], filter.period)) {
      cells[{period}].values = {period};
    }
  }
  for (const Record& record : numerator) {
    if (Matches(record, filter)) cell_of(record).numerator += record.weight;
  }
  for (size_t i = 0; denominator != nullptr && i < denominator->size(); ++i) {
    const Record& record = (*denominator)[i];
    if (Matches(record, filter)) cell_of(record).denominator += record.weight;
  }
  std::vector<BreakdownCell> rows;
  for (auto& [values, cell] : cells) rows.push_back(std::move(cell));
  return rows;
}

absl::Status CheckPeriodBreakdown(const std::vector<Dimension>& dimensions,
                                  const Period& range) {
  for (Dimension dimension : dimensions) {
    if (IsPeriodDimension(dimension) &&
        CountPeriodsIn(dimension, range) > kMaxPeriods) {
      return errors::InvalidFields(
          {{"period",
            absl::StrCat("a breakdown by period lists at most ", kMaxPeriods,
                         " periods: choose a shorter period or a "
                         "longer unit")}});
    }
  }
  return absl::OkStatus();
}

absl::Status CheckTrajectory(const Period& months) {
  if (months.first <= months.last &&
      CountPeriodsIn(Dimension::kMonth, months) > kMaxPeriods) {
    return errors::InvalidFields(
        {{"asOf", absl::StrCat("the trajectory lists at most ", kMaxPeriods,
                               " months from the edition's start")}});
  }
  return absl::OkStatus();
}

}  // namespace jstedu::reporting
