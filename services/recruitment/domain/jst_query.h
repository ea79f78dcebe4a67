#pragma once

// Validated registry queries and their opaque page tokens.
//
// Paging follows the one rule of common/status/paging.h: a page token
// carries the query's filters (as a fingerprint) and the last TERYT code
// returned, so paging is keyset-based (stable while rows are added) and a
// token cannot be replayed against other filters.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/status/paging.h"
#include "services/recruitment/domain/jst.h"

namespace jstedu::recruitment {

inline constexpr size_t kMaxNamePrefixBytes = 100;

struct JstQuery {
  std::string voivodeship;      // "" = any
  std::optional<JstKind> kind;  // nullopt = any
  std::string name_prefix;      // "" = any; case-insensitive
  std::string teryt;            // "" = any; one JST (a JST caller's scope)
  int page_size = paging::kDefaultPageSize;
  std::string after_teryt;  // "" = from the start
};

// Raw request values, as received. `kind` is "" for any.
struct JstQueryInput {
  std::string voivodeship;
  std::string kind;
  std::string name_prefix;
  int page_size = 0;
  std::string page_token;
  std::string teryt;  // set by the caller's scope, not by the request
};

// InvalidArgument (with the offending field named) for a bad voivodeship,
// kind, prefix, page size or token.
absl::StatusOr<JstQuery> ValidateJstQuery(const JstQueryInput& input);

// The token that continues `query` after `last_teryt`.
std::string NextPageToken(const JstQuery& query, const std::string& last_teryt);

}  // namespace jstedu::recruitment
