#pragma once

// Pieces of an HTTP request target (RFC 3986) the gateway needs: splitting
// path from query, percent-decoding, query parameters, UTF-8 validation.
//
// Pure functions; thread-safe.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace jstedu::gateway {

// An origin-form target split at the first '?'. A '#' fragment (which
// clients should not send) is dropped. Views into the argument.
struct Target {
  std::string_view path;
  std::string_view query;
};
Target SplitTarget(std::string_view target);

// Decodes %XX escapes. With `plus_as_space` (query strings, as browsers and
// HTML forms write them) '+' becomes ' '. Returns InvalidArgument for a
// truncated or non-hexadecimal escape.
absl::StatusOr<std::string> PercentDecode(std::string_view text,
                                          bool plus_as_space);

// One decoded query parameter.
struct QueryParameter {
  std::string name;
  std::string value;
};

// Parses "a=1&b=x%20y&a=2" into parameters in order, names and values
// decoded. Empty pieces ("a=1&&b=2") are skipped; "a" alone has the value "".
// Returns InvalidArgument for a bad escape, naming the piece.
absl::StatusOr<std::vector<QueryParameter>> ParseQuery(std::string_view query);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code
// points above U+10FFFF). Protobuf string fields must hold such text.
bool IsValidUtf8(std::string_view text);

}  // namespace jstedu::gateway
