#include "services/reporting/export/aggregates.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/csv/csv_writer.h"

namespace jstedu::reporting::exportfmt {
namespace {

constexpr char kAdxNamespace[] = "urn:ihe:qrph:adx:2015";
constexpr char kCountryOrgUnit[] = "PL";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

int ToInt(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// "YYYY-MM-DD", a day that exists.
std::optional<absl::CivilDay> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !AllDigits(text.substr(0, 4)) || !AllDigits(text.substr(5, 2)) ||
      !AllDigits(text.substr(8, 2))) {
    return std::nullopt;
  }
  int year = ToInt(text.substr(0, 4));
  int month = ToInt(text.substr(5, 2));
  int day = ToInt(text.substr(8, 2));
  absl::CivilDay date(year, month, day);
  // CivilDay normalises 2017-02-30 to 2017-03-02: compare to reject it.
  if (date.year() != year || date.month() != month || date.day() != day) {
    return std::nullopt;
  }
  return date;
}

// (\d+Y)?(\d+M)?(\d+D)?, at least one part.
bool IsDateDuration(std::string_view text) {
  static constexpr char kDesignators[] = "YMD";
  size_t pos = 0;
  int next = 0;  // index into kDesignators of the next allowed part
  while (pos < text.size()) {
    size_t start = pos;
    while (pos < text.size() && IsDigit(text[pos])) ++pos;
    if (pos == start || pos == text.size()) return false;
    bool found = false;
    for (; next < 3 && !found; ++next) found = text[pos] == kDesignators[next];
    if (!found) return false;
    ++pos;
  }
  return !text.empty();
}

// Adds months as XML Schema does (appendix E): a day past the end of the
// target month becomes its last day.
absl::CivilDay AddMonths(absl::CivilDay start, int months) {
  absl::CivilMonth month = absl::CivilMonth(start) + months;
  int last_day =
      static_cast<int>(absl::CivilDay(month + 1) - absl::CivilDay(month));
  return absl::CivilDay(month.year(), month.month(),
                        std::min(start.day(), last_day));
}

// The duration from `start` to `end_exclusive` (later than start) in whole
// months, then days.
std::string Duration(absl::CivilDay start, absl::CivilDay end_exclusive) {
  int months = static_cast<int>(absl::CivilMonth(end_exclusive) -
                                absl::CivilMonth(start));
  if (AddMonths(start, months) > end_exclusive) --months;
  int64_t days = end_exclusive - AddMonths(start, months);
  std::string duration = "P";
  if (months / 12 > 0) absl::StrAppend(&duration, months / 12, "Y");
  if (months % 12 > 0) absl::StrAppend(&duration, months % 12, "M");
  if (days > 0) absl::StrAppend(&duration, days, "D");
  return duration;
}

// RFC 3339 in UTC: YYYY-MM-DDTHH:MM:SS(.d+)?Z, a real date and time.
bool IsUtcTimestamp(std::string_view text) {
  if (text.size() < 20 || text.back() != 'Z' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || !ParseDate(text.substr(0, 10)) ||
      !AllDigits(text.substr(11, 2)) || !AllDigits(text.substr(14, 2)) ||
      !AllDigits(text.substr(17, 2))) {
    return false;
  }
  if (ToInt(text.substr(11, 2)) > 23 || ToInt(text.substr(14, 2)) > 59 ||
      ToInt(text.substr(17, 2)) > 59) {
    return false;
  }
  std::string_view fraction = text.substr(19, text.size() - 20);
  return fraction.empty() ||
         (fraction[0] == '.' && AllDigits(fraction.substr(1)));
}

// -?[0-9]+(\.[0-9]+)?
bool IsDecimal(std::string_view text) {
  if (!text.empty() && text[0] == '-') text.remove_prefix(1);
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return AllDigits(text);
  return AllDigits(text.substr(0, dot)) && AllDigits(text.substr(dot + 1));
}

// TERYT WOJ: two digits, even, 02 ... 32.
bool IsVoivodeshipCode(std::string_view text) {
  if (text.size() != 2 || !AllDigits(text)) return false;
  int code = ToInt(text);
  return code >= 2 && code <= 32 && code % 2 == 0;
}

// Non-empty, no whitespace (an xs:token without spaces).
bool IsCode(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return false;
  }
  return true;
}

// The disaggregation attribute of a dimension; "" for none; nullopt for an
// unknown dimension. The names are fixed, so always valid XML names.
std::optional<std::string_view> AttributeOf(std::string_view dimension) {
  if (dimension == kDimensionTotal || dimension == kDimensionVoivodeship) {
    return std::string_view();
  }
  if (dimension == kDimensionJstKind || dimension == kDimensionSex ||
      dimension == kDimensionTargetGroup) {
    return dimension;
  }
  return std::nullopt;
}

// Whether `text` is UTF-8 (no overlong forms, no surrogates) made only of
// characters XML 1.0 allows: no control characters but TAB, LF and CR, no
// U+FFFE or U+FFFF.
bool IsXmlText(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    unsigned char lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
      if (lead < 0x20 && lead != '\t' && lead != '\n' && lead != '\r') {
        return false;
      }
      ++pos;
      continue;
    }
    size_t length = 0;
    uint32_t code_point = 0;
    uint32_t min = 0;
    if ((lead & 0xe0) == 0xc0) {
      length = 2, code_point = lead & 0x1f, min = 0x80;
    } else if ((lead & 0xf0) == 0xe0) {
      length = 3, code_point = lead & 0x0f, min = 0x800;
    } else if ((lead & 0xf8) == 0xf0) {
      length = 4, code_point = lead & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (pos + length > text.size()) return false;
    for (size_t i = 1; i < length; ++i) {
      unsigned char next = static_cast<unsigned char>(text[pos + i]);
      if ((next & 0xc0) != 0x80) return false;
      code_point = (code_point << 6) | (next & 0x3f);
    }
    if (code_point < min || code_point > 0x10ffff ||
        (code_point >= 0xd800 && code_point <= 0xdfff) ||
        code_point == 0xfffe || code_point == 0xffff) {
      return false;
    }
    pos += length;
  }
  return true;
}

// Appends ` name="value"`, `value` (IsXmlText) escaped. Bytes of multi-byte
// UTF-8 sequences are all >= 0x80 and never match the ASCII cases.
void AppendAttribute(std::string_view name, std::string_view value,
                     std::string& out) {
  out.append(" ").append(name).append("=\"");
  for (char c : value) {
    switch (c) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&apos;");
        break;
      // As references: a parser would turn them into spaces otherwise
      // (attribute-value normalisation, XML 1.0 section 3.3.3).
      case '\t':
        out.append("&#9;");
        break;
      case '\n':
        out.append("&#10;");
        break;
      case '\r':
        out.append("&#13;");
        break;
      default:
        out.push_back(c);
    }
  }
  out.push_back('"');
}

absl::Status InvalidRow(size_t index, const std::string& reason) {
  return absl::InvalidArgumentError(
      absl::StrCat("aggregate row ", index, ": ", reason));
}

// One dataValue, ready to be written.
struct AdxValue {
  std::string org_unit;
  std::string period;
  const AggregateRow* row;
  std::string_view attribute;  // "" for none
};

struct AdxGroup {
  std::string org_unit;
  std::string period;
  std::vector<AdxValue> values;
};

absl::StatusOr<AdxValue> ToAdxValue(size_t index, const AggregateRow& row,
                                    std::string_view whole_period) {
  if (!IsCode(row.code) || !IsXmlText(row.code)) {
    return InvalidRow(index,
                      "code is empty, holds whitespace or is not UTF-8 text "
                      "XML allows");
  }
  if (!IsXmlText(row.dimension_value)) {
    return InvalidRow(index, "dimension_value is not UTF-8 text XML allows");
  }
  std::optional<std::string_view> attribute = AttributeOf(row.dimension);
  if (!attribute.has_value()) {
    return InvalidRow(
        index, absl::StrCat("unknown dimension \"", row.dimension, "\""));
  }
  AdxValue value{kCountryOrgUnit, "", &row, *attribute};
  if (row.dimension == kDimensionTotal) {
    if (!row.dimension_value.empty()) {
      return InvalidRow(index, "a TOTAL row has no dimension_value");
    }
  } else if (row.dimension_value.empty()) {
    return InvalidRow(index, absl::StrCat("a ", row.dimension,
                                          " row needs a dimension_value"));
  }
  if (row.dimension == kDimensionVoivodeship) {
    if (!IsVoivodeshipCode(row.dimension_value)) {
      return InvalidRow(index,
                        "a VOIVODESHIP row's dimension_value must be a TERYT "
                        "voivodeship code (02, 04, ... 32)");
    }
    value.org_unit = row.dimension_value;
  }
  std::string_view period = row.period.empty() ? whole_period : row.period;
  absl::StatusOr<std::string> adx_period = AdxPeriod(period);
  if (!adx_period.ok()) {
    return InvalidRow(index, std::string(adx_period.status().message()));
  }
  value.period = *std::move(adx_period);
  if (!IsDecimal(row.value)) {
    return InvalidRow(index, "value is not a decimal (-?[0-9]+(.[0-9]+)?)");
  }
  return value;
}

}  // namespace

std::string AggregatesCsv(const std::vector<AggregateRow>& rows) {
  std::string file = csv::CsvRow(
      {"code", "name_pl", "name_en", "unit", "dimension", "dimension_value",
       "period", "value", "numerator", "denominator", "target"});
  for (const AggregateRow& row : rows) {
    file.append(csv::CsvRow(
        {row.code, row.name_pl, row.name_en, row.unit, row.dimension,
         row.dimension_value, row.period, row.value,
         absl::StrCat(row.numerator),
         row.denominator.has_value() ? absl::StrCat(*row.denominator) : "",
         row.target.value_or("")}));
  }
  return file;
}

absl::StatusOr<std::string> AdxPeriod(std::string_view period) {
  size_t slash = period.find('/');
  std::optional<absl::CivilDay> start;
  if (slash != std::string_view::npos) {
    start = ParseDate(period.substr(0, slash));
  }
  if (!start.has_value()) {
    return absl::InvalidArgumentError(
        "period must be YYYY-MM-DD/<duration> or YYYY-MM-DD/YYYY-MM-DD");
  }
  std::string_view rest = period.substr(slash + 1);
  if (!rest.empty() && rest[0] == 'P') {
    if (!IsDateDuration(rest.substr(1))) {
      return absl::InvalidArgumentError(
          "period's duration must be P[nY][nM][nD] (no weeks, no time)");
    }
    return std::string(period);
  }
  std::optional<absl::CivilDay> end = ParseDate(rest);
  if (!end.has_value()) {
    return absl::InvalidArgumentError(
        "period must be YYYY-MM-DD/<duration> or YYYY-MM-DD/YYYY-MM-DD");
  }
  if (*end < *start) {
    return absl::InvalidArgumentError("period ends before it starts");
  }
  return absl::StrCat(std::string(period.substr(0, slash)), "/",
                      Duration(*start, *end + 1));
}

absl::StatusOr<std::string> AggregatesAdx(
    const AdxHeader& header, const std::vector<AggregateRow>& rows) {
  if (rows.empty()) {
    return absl::InvalidArgumentError("ADX needs at least one aggregate row");
  }
  if (header.edition.empty() || !IsXmlText(header.edition)) {
    return absl::InvalidArgumentError(
        "the ADX header needs an edition, UTF-8 text XML allows");
  }
  if (!IsUtcTimestamp(header.exported_at)) {
    return absl::InvalidArgumentError(
        "exported_at must be RFC 3339 in UTC, e.g. 2018-06-01T10:00:00Z");
  }
  if (!header.whole_period.empty()) {
    absl::StatusOr<std::string> whole = AdxPeriod(header.whole_period);
    if (!whole.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("whole_period: ", whole.status().message()));
    }
  }
  std::vector<AdxGroup> groups;  // in first-seen order
  std::map<std::pair<std::string, std::string>, size_t> group_index;
  std::set<std::tuple<std::string, std::string, std::string, std::string,
                      std::string>>
      seen;
  for (size_t i = 0; i < rows.size(); ++i) {
    absl::StatusOr<AdxValue> value =
        ToAdxValue(i, rows[i], header.whole_period);
    if (!value.ok()) return value.status();
    const AggregateRow& row = rows[i];
    if (!seen.emplace(value->org_unit, value->period, row.code, row.dimension,
                      row.dimension_value)
             .second) {
      return InvalidRow(i,
                        "the same code, orgUnit, period and category as an "
                        "earlier row");
    }
    auto [it, inserted] = group_index.emplace(
        std::make_pair(value->org_unit, value->period), groups.size());
    if (inserted)
      groups.push_back(AdxGroup{value->org_unit, value->period, {}});
    groups[it->second].values.push_back(*std::move(value));
  }

  const std::string data_set = absl::StrCat("JSTEDU-", header.edition);
  std::string adx = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<adx";
  AppendAttribute("xmlns", kAdxNamespace, adx);
  AppendAttribute("exported", header.exported_at, adx);
  adx.append(">\n");
  for (const AdxGroup& group : groups) {
    adx.append("  <group");
    AppendAttribute("orgUnit", group.org_unit, adx);
    AppendAttribute("period", group.period, adx);
    AppendAttribute("dataSet", data_set, adx);
    adx.append(">\n");
    for (const AdxValue& value : group.values) {
      adx.append("    <dataValue");
      AppendAttribute("dataElement", value.row->code, adx);
      AppendAttribute("value", value.row->value, adx);
      if (!value.attribute.empty()) {
        AppendAttribute(value.attribute, value.row->dimension_value, adx);
      }
      adx.append("/>\n");
    }
    adx.append("  </group>\n");
  }
  adx.append("</adx>\n");
  return adx;
}

std::map<std::string, std::string> AggregateKeyedValues(
    const std::vector<AggregateRow>& rows) {
  auto part = [](std::string_view text) {
    std::string escaped;
    for (char c : text) {
      if (c == '\\' || c == '|') escaped.push_back('\\');
      escaped.push_back(c);
    }
    return escaped;
  };
  std::map<std::string, std::string> values;
  for (const AggregateRow& row : rows) {
    values[absl::StrCat(part(row.code), "|", part(row.dimension), "|",
                        part(row.dimension_value), "|", part(row.period))] =
        row.value;
  }
  return values;
}

}  // namespace jstedu::reporting::exportfmt
