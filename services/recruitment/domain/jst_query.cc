#include "services/recruitment/domain/jst_query.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/errors.h"
#include "common/status/fields.h"

namespace jstedu::recruitment {
namespace {

constexpr char kTokenVersion[] = "j1";

// FNV-1a, 64 bit: stable across builds and processes.
uint64_t Fingerprint(const JstQuery& query) {
  std::string key = absl::StrCat(query.voivodeship, "\x1f",
                                 query.kind ? JstKindName(*query.kind) : "",
                                 "\x1f", query.name_prefix, "\x1f", query.teryt);
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : key) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

absl::Status BadToken() {
  return errors::InvalidField(
      "page_token", "is not a token returned for this query's filters");
}

}  // namespace

std::string NextPageToken(const JstQuery& query, const std::string& last_teryt) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(kTokenVersion, ":", Fingerprint(query), ":", last_teryt));
}

absl::StatusOr<JstQuery> ValidateJstQuery(const JstQueryInput& input) {
  JstQuery query;
  if (!input.voivodeship.empty() && !IsVoivodeshipCode(input.voivodeship)) {
    return errors::InvalidField(
        "voivodeship", "must be a two-digit even code from 02 to 32");
  }
  query.voivodeship = input.voivodeship;
  if (!input.kind.empty()) {
    JstKind kind;
    if (!ParseJstKind(input.kind, &kind)) {
      return errors::InvalidField(
          "kind",
          "must be URBAN_COMMUNE, RURAL_COMMUNE, URBAN_RURAL_COMMUNE or COUNTY");
    }
    query.kind = kind;
  }
  if (input.name_prefix.size() > kMaxNamePrefixBytes) {
    return errors::InvalidField("name_prefix", "is longer than 100 bytes");
  }
  // A NUL would end the string at libpq and silently drop the filter: the
  // shared text rule (the RPC's Serve applies it too; this query is also
  // built outside a request in tests and tools).
  if (std::string problem =
          errors::TextProblem(input.name_prefix, errors::Lines::kOne);
      !problem.empty()) {
    return errors::InvalidField("name_prefix", problem);
  }
  query.name_prefix = input.name_prefix;
  query.teryt = input.teryt;
  if (input.page_size < 0 || input.page_size > kMaxPageSize) {
    return errors::InvalidField("page_size", "must be between 0 and 500");
  }
  query.page_size = input.page_size == 0 ? kDefaultPageSize : input.page_size;
  if (!input.page_token.empty()) {
    std::string decoded;
    if (!absl::WebSafeBase64Unescape(input.page_token, &decoded)) return BadToken();
    std::vector<std::string> parts = absl::StrSplit(decoded, ':');
    if (parts.size() != 3 || parts[0] != kTokenVersion ||
        parts[1] != absl::StrCat(Fingerprint(query)) ||
        ShapeOfTeryt(parts[2]) == TerytShape::kMalformed) {
      return BadToken();
    }
    query.after_teryt = parts[2];
  }
  return query;
}

}  // namespace jstedu::recruitment
