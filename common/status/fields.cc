#include "common/status/fields.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/ids.h"

namespace jstedu::errors {
namespace {

// Characters, not bytes (UTF-8).
size_t Length(absl::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

bool AllDigits(const std::string& text, size_t from, size_t count) {
  for (size_t i = from; i < from + count; ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

// The code point of the UTF-8 sequence at text[*i], advancing *i past it;
// -1 when there is no valid sequence there (truncated, overlong, a
// surrogate or above U+10FFFF).
int32_t NextCodePoint(std::string_view text, size_t* i) {
  const auto byte = [&](size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char lead = byte(*i);
  if (lead < 0x80) return text[(*i)++];
  size_t length = 0;
  int32_t point = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    point = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    point = lead & 0x07;
  } else {
    return -1;
  }
  if (*i + length > text.size()) return -1;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(*i + k) & 0xC0) != 0x80) return -1;
    point = (point << 6) | (byte(*i + k) & 0x3F);
  }
  constexpr int32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (point < kShortest[length] || point > 0x10FFFF ||
      (point >= 0xD800 && point <= 0xDFFF)) {
    return -1;
  }
  *i += length;
  return point;
}

bool IsControl(int32_t point) {
  return point < 0x20 || (point >= 0x7F && point <= 0x9F);
}

}  // namespace

std::string TextProblem(std::string_view text, Lines lines) {
  for (size_t i = 0; i < text.size();) {
    const int32_t point = NextCodePoint(text, &i);
    if (point < 0) return "must be valid UTF-8 text";
    if (!IsControl(point)) continue;
    if (lines == Lines::kMany) {
      if (point == '\t' || point == '\n') continue;
      if (point == '\r') {
        if (i < text.size() && text[i] == '\n') continue;
        return "must not contain a carriage return (U+000D) outside a CRLF "
               "line break";
      }
      return absl::StrFormat(
          "must not contain control characters other than tab and line "
          "breaks (found U+%04X)",
          point);
    }
    return absl::StrFormat(
        "must not contain control characters or line breaks (found U+%04X)",
        point);
  }
  return "";
}

void CheckText(std::vector<FieldProblem>& problems, const std::string& field,
               const std::string& text, size_t min, size_t max) {
  const size_t n = Length(absl::StripAsciiWhitespace(text));
  if (n < min || Length(text) > max) {
    problems.push_back(
        {field, absl::StrCat("must be ", min, "..", max, " characters")});
  }
}

void CheckRange(std::vector<FieldProblem>& problems, const std::string& field,
                int64_t value, int64_t min, int64_t max) {
  if (value < min || value > max) {
    problems.push_back({field, absl::StrCat("must be ", min, "..", max)});
  }
}

namespace {
constexpr char kNotAnEdition[] =
    "must be an edition code: 2..32 of A-Z, 0-9 and '-'";
}  // namespace

absl::Status CheckEdition(const std::string& code, const std::string& field) {
  if (ids::IsEditionCode(code)) return absl::OkStatus();
  return InvalidField(field, kNotAnEdition);
}

void CheckEdition(std::vector<FieldProblem>& problems, const std::string& field,
                  const std::string& code) {
  if (!ids::IsEditionCode(code)) problems.push_back({field, kNotAnEdition});
}

std::optional<absl::CivilDay> ParseDate(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      !AllDigits(text, 0, 4) || !AllDigits(text, 5, 2) ||
      !AllDigits(text, 8, 2)) {
    return std::nullopt;
  }
  const int year = std::stoi(text.substr(0, 4));
  const int month = std::stoi(text.substr(5, 2));
  const int day = std::stoi(text.substr(8, 2));
  absl::CivilDay parsed(year, month, day);
  // CivilDay normalises (2026-02-30 → 2026-03-02): a real day survives.
  if (parsed.year() != year || parsed.month() != month || parsed.day() != day) {
    return std::nullopt;
  }
  return parsed;
}

std::optional<absl::CivilDay> CheckDate(std::vector<FieldProblem>& problems,
                                        const std::string& field,
                                        const std::string& text) {
  auto day = ParseDate(text);
  if (!day) problems.push_back({field, "must be a date YYYY-MM-DD"});
  return day;
}

std::string JsonFieldPath(std::string_view proto_path) {
  std::string out;
  bool upper = false;
  for (char c : proto_path) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? absl::ascii_toupper(static_cast<unsigned char>(c))
                        : c);
    upper = false;
  }
  return out;
}

bool IsVoivodeshipCode(const std::string& code) {
  if (code.size() != 2 || !AllDigits(code, 0, 2)) return false;
  const int n = (code[0] - '0') * 10 + (code[1] - '0');
  return n >= 2 && n <= 32 && n % 2 == 0;
}

bool IsSubject(std::string_view subject) {
  if (subject.empty() || subject.size() > kMaxSubjectBytes) return false;
  for (char c : subject) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

bool IsJstTerytCode(const std::string& code) {
  return (code.size() == 4 || code.size() == 7) &&
         AllDigits(code, 0, code.size()) &&
         IsVoivodeshipCode(code.substr(0, 2));
}

std::string FirstCodePoints(const std::string& text, size_t count) {
  size_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool lead = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (lead && points++ == count) return text.substr(0, i);
  }
  return text;
}

}  // namespace jstedu::errors
