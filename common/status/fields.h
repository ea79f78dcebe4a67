#pragma once

// Shape checks of request fields shared by the services. Each check adds a
// FieldProblem (lowerCamelCase field path) to the caller's list, so one
// answer names every problem (errors::InvalidFields).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "common/status/errors.h"

namespace jstedu::errors {

// `text` has min..max characters (UTF-8 code points; surrounding ASCII
// whitespace does not count toward the minimum).
void CheckText(std::vector<FieldProblem>& problems, const std::string& field,
               const std::string& text, size_t min, size_t max);

// Whether a text field may span lines.
enum class Lines {
  kOne,   // names, titles, codes, ids, purposes
  kMany,  // free text typed in several lines: also tab, LF and CRLF
};

// The problem of `text` as stored text, in the user's words, or "" when it
// has none. Text is valid UTF-8 without control characters (Unicode Cc:
// U+0000..U+001F, U+007F DEL and the C1 controls U+0080..U+009F, which
// only mis-decoded text holds); Lines::kMany also allows tab (U+0009),
// line feed (U+000A) and a carriage return directly before a line feed.
// The problem names the first offending character ("U+0000"), never the
// text. Other characters (format characters such as U+200D, non-Latin
// scripts, emoji) are text.
std::string TextProblem(std::string_view text, Lines lines);

void CheckRange(std::vector<FieldProblem>& problems, const std::string& field,
                int64_t value, int64_t min, int64_t max);

// InvalidArgument unless `code` is an edition code (ids::IsEditionCode).
absl::Status CheckEdition(const std::string& code, const std::string& field);
// The same as a problem listed with the request's others.
void CheckEdition(std::vector<FieldProblem>& problems, const std::string& field,
                  const std::string& code);

// Exactly "YYYY-MM-DD" naming a real calendar day.
std::optional<absl::CivilDay> ParseDate(const std::string& text);

// A date field that is required: the day, or a problem listed.
std::optional<absl::CivilDay> CheckDate(std::vector<FieldProblem>& problems,
                                        const std::string& field,
                                        const std::string& text);

// At most `count` UTF-8 code points of `text`, never cutting a character
// in two (for passing a bounded text on to a field with a limit).
std::string FirstCodePoints(const std::string& text, size_t count);

// A field path in proto field names as the API names it: each name in its
// JSON (lowerCamelCase) form, as protobuf's JSON mapping spells it
// ("institution.building_number" → "institution.buildingNumber"). A path
// already in JSON names comes back unchanged. Every field path in an
// answer is the JSON name (docs/api.md); events and stored data keep the
// proto names, and each service converts when answering.
std::string JsonFieldPath(std::string_view proto_path);

// A two-digit TERYT voivodeship code: an even number 02..32.
bool IsVoivodeshipCode(const std::string& code);

// A JST's TERYT code as principals carry it: 4 digits (a county) or 7 (a
// commune), starting with a voivodeship code.
bool IsJstTerytCode(const std::string& code);

// An account's sign-in subject (a token's `sub`) as the system accepts it:
// 1 to kMaxSubjectBytes visible ASCII characters.
inline constexpr size_t kMaxSubjectBytes = 128;
bool IsSubject(std::string_view subject);

}  // namespace jstedu::errors
