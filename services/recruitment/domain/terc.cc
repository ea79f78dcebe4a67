#include "services/recruitment/domain/terc.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"

namespace jstedu::recruitment {
namespace {

constexpr char kHeader[] = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA";
constexpr char kBom[] = "\xEF\xBB\xBF";

struct Row {
  std::string woj, pow, gmi, rodz, name, name_extra, date;
};

bool IsDigits(const std::string& text, size_t length) {
  if (text.size() != length) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool IsValidDate(const std::string& text) {
  absl::CivilDay day;
  return text.size() == 10 && absl::ParseCivilTime(text, &day) &&
         absl::FormatCivilTime(day) == text;
}

absl::Status LineError(int line, const std::string& problem) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", problem));
}

absl::StatusOr<Row> SplitRow(const std::string& line, int number) {
  std::vector<std::string> fields = absl::StrSplit(line, ';');
  if (fields.size() != 7) {
    return LineError(number,
                     absl::StrCat("expected 7 fields separated by ';', got ",
                                  fields.size()));
  }
  Row row{fields[0], fields[1], fields[2], fields[3],
          fields[4], fields[5], fields[6]};
  if (!IsVoivodeshipCode(row.woj)) {
    return LineError(number, absl::StrCat("WOJ \"", row.woj,
                                          "\" is not an even code 02..32"));
  }
  if (!row.pow.empty() && !IsDigits(row.pow, 2)) {
    return LineError(number,
                     absl::StrCat("POW \"", row.pow, "\" is not 2 digits"));
  }
  if (!row.gmi.empty() && !IsDigits(row.gmi, 2)) {
    return LineError(number,
                     absl::StrCat("GMI \"", row.gmi, "\" is not 2 digits"));
  }
  if (!row.gmi.empty() && row.pow.empty()) {
    return LineError(number, "GMI is set but POW is empty");
  }
  if (row.gmi.empty() != row.rodz.empty()) {
    return LineError(number, "RODZ must be set exactly when GMI is set");
  }
  if (!row.rodz.empty() &&
      (row.rodz.size() != 1 ||
       std::string("1234589").find(row.rodz[0]) == std::string::npos)) {
    return LineError(number, absl::StrCat("RODZ \"", row.rodz,
                                          "\" is not one of 1,2,3,4,5,8,9"));
  }
  if (absl::StripAsciiWhitespace(row.name).empty()) {
    return LineError(number, "NAZWA is empty");
  }
  if (!IsValidDate(row.date)) {
    return LineError(number, absl::StrCat("STAN_NA \"", row.date,
                                          "\" is not a date YYYY-MM-DD"));
  }
  return row;
}

// The JST a valid row describes, or false when the row is not a JST.
bool JstFromRow(const Row& row, Jst* jst) {
  if (row.pow.empty()) return false;  // voivodeship
  int county_code = std::stoi(row.pow);
  jst->name = row.name;
  jst->voivodeship = row.woj;
  jst->county = row.woj + row.pow;
  jst->register_date = row.date;
  jst->city_with_county_rights = false;
  if (row.gmi.empty()) {
    if (county_code >= kFirstCityCountyCode) return false;  // see its commune
    jst->teryt = jst->county;
    jst->kind = JstKind::kCounty;
  } else {
    switch (row.rodz[0]) {
      case '1':
        jst->kind = JstKind::kUrbanCommune;
        jst->city_with_county_rights = county_code >= kFirstCityCountyCode;
        break;
      case '2':
        jst->kind = JstKind::kRuralCommune;
        break;
      case '3':
        jst->kind = JstKind::kUrbanRuralCommune;
        break;
      default:
        return false;  // RODZ 4, 5, 8, 9
    }
    jst->teryt = row.woj + row.pow + row.gmi + row.rodz;
  }
  jst->workshop_group = WorkshopGroupFor(jst->kind);
  return true;
}

}  // namespace

absl::StatusOr<TercRegister> ParseTerc(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  TercRegister result;
  std::set<std::string> seen;
  bool header_seen = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    int number = static_cast<int>(i) + 1;
    std::string line = lines[i];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (i == 0 && line.rfind(kBom, 0) == 0) line.erase(0, 3);
    if (line.empty()) {
      if (i + 1 == lines.size()) continue;  // final newline
      return LineError(number, "empty line");
    }
    if (!header_seen) {
      if (line != kHeader) {
        return LineError(number,
                         absl::StrCat("expected the header \"", kHeader, "\""));
      }
      header_seen = true;
      continue;
    }
    auto row = SplitRow(line, number);
    if (!row.ok()) return row.status();
    std::string code = row->woj + row->pow + row->gmi + row->rodz;
    if (!seen.insert(code).second) {
      return LineError(number, absl::StrCat("duplicate TERYT code ", code));
    }
    Jst jst;
    if (!JstFromRow(*row, &jst)) {
      ++result.skipped_rows;
      continue;
    }
    ++(jst.kind == JstKind::kCounty ? result.counties : result.communes);
    result.jsts.push_back(std::move(jst));
  }
  if (!header_seen)
    return absl::InvalidArgumentError("line 1: the file is empty");
  return result;
}

}  // namespace jstedu::recruitment
