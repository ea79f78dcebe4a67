#include "gateway/attachment.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gateway/url.h"
#include "jstedu/api/v1/personal_data.pb.h"

namespace jstedu::gateway {
namespace {

struct Extension {
  const char* media_type;
  const char* extension;
};

constexpr Extension kExtensions[] = {
    {"text/csv", ".csv"},          {"text/calendar", ".ics"},
    {"application/json", ".json"}, {"application/xml", ".xml"},
    {"text/xml", ".xml"},          {"text/plain", ".txt"},
    {"application/pdf", ".pdf"},   {"application/zip", ".zip"},
};

// The file extension for a media type ("text/csv; charset=utf-8" → ".csv"),
// "" when none is known.
const char* ExtensionOf(std::string_view content_type) {
  const std::string_view media_type =
      content_type.substr(0, content_type.find(';'));
  const std::string type = absl::AsciiStrToLower(absl::StripAsciiWhitespace(
      absl::string_view(media_type.data(), media_type.size())));
  for (const Extension& known : kExtensions) {
    if (type == known.media_type) return known.extension;
  }
  if (absl::EndsWith(type, "+xml")) return ".xml";
  if (absl::EndsWith(type, "+json")) return ".json";
  return "";
}

// "v1", "v2"...: the API version, not part of a file's name.
bool IsVersionSegment(std::string_view segment) {
  return segment.size() >= 2 && segment[0] == 'v' &&
         std::all_of(segment.begin() + 1, segment.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

// Which of the route's path segments a variable bound to a secret field
// (`(jstedu.api.v1.secret)`, a calendar feed's token) covers.
std::vector<bool> SecretSegments(const Route& route) {
  std::vector<bool> secret(route.path.segments.size(), false);
  for (size_t i = 0; i < route.path.variables.size(); ++i) {
    const auto& fields = route.variable_fields[i];
    if (fields.empty() ||
        !fields.back()->options().GetExtension(api::v1::secret)) {
      continue;
    }
    const PathTemplate::Variable& variable = route.path.variables[i];
    for (size_t s = variable.first; s < variable.end && s < secret.size();
         ++s) {
      secret[s] = true;
    }
  }
  return secret;
}

// The path's segments after the version, percent-decoded, joined with '-';
// the segments marked in `secret` left out.
std::string NameFromPath(std::string_view path,
                         const std::vector<bool>& secret) {
  std::vector<std::string> parts;
  size_t index = 0;
  for (absl::string_view segment :
       absl::StrSplit(absl::string_view(path.data(), path.size()), '/',
                      absl::SkipEmpty())) {
    const std::string_view raw(segment.data(), segment.size());
    if (index < secret.size() && secret[index++]) continue;
    if (parts.empty() && IsVersionSegment(raw)) continue;
    auto decoded = PercentDecode(raw, /*plus_as_space=*/false);
    parts.push_back(decoded.ok() ? *std::move(decoded) : std::string(raw));
  }
  return absl::StrJoin(parts, "-");
}

bool IsNameCharacter(unsigned char c) {
  return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-';
}

// A letter of the Latin-1 Supplement or Latin Extended-A/B (Polish
// letters among them), the only non-ASCII characters kept in a file name:
// no control, format (bidirectional override, zero width) or look-alike
// character can reach a saved name.
bool IsLatinLetter(char32_t c) {
  return c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7;
}

// The UTF-8 character at the start of `text`: its code point and length,
// or length 0 when the bytes are not a two-byte sequence (every kept
// letter is one).
std::pair<char32_t, size_t> TwoByteCharacter(std::string_view text) {
  if (text.size() < 2) return {0, 0};
  const auto lead = static_cast<unsigned char>(text[0]);
  const auto next = static_cast<unsigned char>(text[1]);
  if ((lead & 0xE0) != 0xC0 || (next & 0xC0) != 0x80) return {0, 0};
  return {static_cast<char32_t>(((lead & 0x1F) << 6) | (next & 0x3F)), 2};
}

// Letters, digits, '.', '_' and '-' kept, and Latin letters (IsLatinLetter);
// every other character (each byte of one that is not a kept letter) as
// '_', a leading '.' too (no hidden file).
std::string SafeName(std::string_view name) {
  std::string safe;
  safe.reserve(name.size());
  for (size_t i = 0; i < name.size();) {
    const auto byte = static_cast<unsigned char>(name[i]);
    if (byte < 0x80) {
      safe.push_back(IsNameCharacter(byte) ? name[i] : '_');
      ++i;
      continue;
    }
    const auto [code_point, length] = TwoByteCharacter(name.substr(i));
    if (length > 0 && IsLatinLetter(code_point)) {
      safe.append(name.substr(i, length));
      i += length;
    } else {
      safe.push_back('_');
      ++i;
    }
  }
  if (!safe.empty() && safe.front() == '.') safe.front() = '_';
  return safe;
}

// `safe` with each non-ASCII character (a UTF-8 lead byte and its
// continuation bytes) as one '_'.
std::string AsciiName(std::string_view safe) {
  std::string ascii;
  for (char c : safe) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      ascii.push_back(c);
    } else if (byte >= 0xC0) {
      ascii.push_back('_');
    }
  }
  return ascii;
}

// RFC 8187 value-chars: the name characters as they are, other bytes %XX.
std::string PercentEncode(std::string_view safe) {
  std::string encoded;
  for (char c : safe) {
    const auto byte = static_cast<unsigned char>(c);
    if (IsNameCharacter(byte)) {
      encoded.push_back(c);
    } else {
      absl::StrAppendFormat(&encoded, "%%%02X", byte);
    }
  }
  return encoded;
}

}  // namespace

std::string AttachmentDisposition(const Route& route, std::string_view path,
                                  std::string_view content_type) {
  const std::vector<bool> secret = SecretSegments(route);
  std::string name = NameFromPath(path, secret);
  // A suffix is kept with its segment; a secret last segment takes its
  // extension from the media type.
  const bool has_suffix = !route.path.segments.empty() &&
                          !route.path.segments.back().suffix.empty() &&
                          !secret.back();
  if (!has_suffix) absl::StrAppend(&name, ExtensionOf(content_type));
  const std::string safe = SafeName(name);
  const std::string ascii = AsciiName(safe);
  std::string disposition =
      absl::StrCat("attachment; filename=\"", ascii, "\"");
  if (ascii != safe) {
    absl::StrAppend(&disposition, "; filename*=UTF-8''", PercentEncode(safe));
  }
  return disposition;
}

}  // namespace jstedu::gateway
