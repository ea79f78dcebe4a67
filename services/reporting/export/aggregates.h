#pragma once

// Indicator values for the ministry: a CSV table and an ADX message.
//
// ADX is IHE QRPH "Aggregate Data Exchange" (namespace
// urn:ihe:qrph:adx:2015): an <adx exported="..."> root holding <group>s,
// one per organisation unit and period, each holding <dataValue>s with the
// indicator code, the value and the disaggregation as attributes.
//
// Thread-safety: pure functions.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace jstedu::reporting::exportfmt {

// AggregateRow::dimension values.
inline constexpr char kDimensionTotal[] = "TOTAL";
inline constexpr char kDimensionVoivodeship[] = "VOIVODESHIP";
inline constexpr char kDimensionJstKind[] = "JST_KIND";
inline constexpr char kDimensionSex[] = "SEX";
inline constexpr char kDimensionTargetGroup[] = "TARGET_GROUP";

// One indicator value, for one breakdown and one period.
struct AggregateRow {
  std::string code;     // indicator code, e.g. "JSTEDU_OFFICIALS_TRAINED"
  std::string name_pl;  // indicator name in Polish
  std::string name_en;  // and in English
  std::string unit;     // e.g. "osoby", "%"
  // TOTAL, VOIVODESHIP, JST_KIND, SEX or TARGET_GROUP.
  std::string dimension;
  // "" for TOTAL; the TERYT voivodeship code ("02" ... "32", even) for
  // VOIVODESHIP; the category otherwise (e.g. "gmina wiejska", "K").
  std::string dimension_value;
  // ISO 8601 interval of dates: start and duration ("2017-04-01/P1M") or
  // start and end, both days included ("2017-04-01/2018-05-31", the whole
  // edition). The durations ADX accepts: years, months and days, no weeks
  // and no time part.
  std::string period;
  // The exact value as a decimal: -?[0-9]+(\.[0-9]+)? ("30", "0.9", "90.0").
  std::string value;
  int64_t numerator = 0;
  std::optional<int64_t> denominator;  // for ratios
  std::optional<std::string> target;   // the target, same form as value
};

// The header row "code,name_pl,name_en,unit,dimension,dimension_value,
// period,value,numerator,denominator,target" and one row per AggregateRow in
// the order given; an absent denominator or target is an empty field.
// CSV as in csv.h (RFC 4180, UTF-8 without BOM, CRLF, formula guard). Values
// are written as given, not validated.
std::string AggregatesCsv(const std::vector<AggregateRow>& rows);

struct AdxHeader {
  std::string edition;  // the edition's id; dataSet="JSTEDU-<edition>"
  // When the message is made, RFC 3339 in UTC: "2018-06-01T10:00:00Z",
  // fractions of a second allowed ("...:00.250Z").
  std::string exported_at;
  // The edition's whole period, in the same forms as AggregateRow::period;
  // the period of rows whose period is empty. May be empty when every row
  // has a period.
  std::string whole_period;
};

// The rows as an ADX message (UTF-8, LF line ends, two-space indent, no
// comments; the same input always gives the same bytes):
//
//   <?xml version="1.0" encoding="UTF-8"?>
//   <adx xmlns="urn:ihe:qrph:adx:2015" exported="2018-06-01T10:00:00Z">
//     <group orgUnit="PL" period="2017-04-01/P1M" dataSet="JSTEDU-pilot">
//       <dataValue dataElement="JSTEDU_OFFICIALS_TRAINED" value="90"/>
//       <dataValue dataElement="JSTEDU_OFFICIALS_TRAINED" value="41"
//                  SEX="K"/>   (on one line in the output)
//     </group>
//     <group orgUnit="14" period="2017-04-01/P1M" dataSet="JSTEDU-pilot">
//       ...
//
// orgUnit is "PL", or for a VOIVODESHIP row its voivodeship code. A
// JST_KIND, SEX or TARGET_GROUP row carries its category as the attribute
// of that name; TOTAL and VOIVODESHIP rows carry none. period is the row's
// period (or the header's whole_period when empty) with a start-end
// interval turned into start and duration, the only interval form ADX
// (SDMX TimeRangeType) accepts: "2017-04-01/2018-05-31" becomes
// "2017-04-01/P1Y2M" (end day included; months added as XML Schema adds
// them, then days). Groups come in the order their (orgUnit, period) first
// occurs in `rows`; data values in the order of `rows`. Every attribute
// value is escaped (& < > " ' and TAB, LF, CR as character references). The
// names, unit, numerator, denominator and target are not part of ADX and
// are left out.
//
// Errors (InvalidArgument, naming the row by its 0-based index): no rows
// (ADX needs at least one group); an empty edition; exported_at not RFC 3339
// UTC; an empty or whitespace-holding code; an unknown dimension; a TOTAL
// row with a dimension_value, another row without one, or a VOIVODESHIP
// value that is no voivodeship code; a period (or whole_period) in neither
// form, with an impossible date, or ending before it starts; a value that
// is not a decimal as above; two rows with the same code, orgUnit, period
// and category; text that is not UTF-8 or holds a character XML 1.0
// forbids (control characters other than TAB, LF, CR; U+FFFE, U+FFFF).
absl::StatusOr<std::string> AggregatesAdx(
    const AdxHeader& header, const std::vector<AggregateRow>& rows);

// The period as ADX writes it (see AggregatesAdx), or InvalidArgument.
absl::StatusOr<std::string> AdxPeriod(std::string_view period);

// "code|dimension|dimension_value|period" → value, for comparing two
// exports: DiffRecords (record_diff.h) takes each as key → {"value": value}.
// '\' and '|' inside a part are written
// "\\" and "\|", so different rows never share a key. When two rows share a
// key the later one's value is kept (AggregatesAdx rejects such rows).
std::map<std::string, std::string> AggregateKeyedValues(
    const std::vector<AggregateRow>& rows);

}  // namespace jstedu::reporting::exportfmt
