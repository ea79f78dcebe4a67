#pragma once

// Limits on what a request may carry, checked before any of it is used.
//
// Body size: every route takes at most kBodyLimit bytes of body, except the
// routes of LargeBodyRoutes() (CSV imports), which take kLargeBodyLimit. The
// HTTP server applies the route's limit as soon as it has the request head
// (413 without reading the body).
//
// JSON shape: a JSON request body is first scanned with nlohmann::json's SAX
// parser (no document is built) and refused when it is not valid JSON (also
// invalid UTF-8) or exceeds a JsonLimits bound; only then is it transcoded.
// A raw body (text/csv, Route::raw_body_media_type) is not JSON and is not
// scanned: it goes to the service as it is.
//
// Thread-safety: pure functions and immutable data.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace jstedu::gateway {

inline constexpr uint64_t kBodyLimit = 1 << 20;        // 1 MiB
inline constexpr uint64_t kLargeBodyLimit = 20 << 20;  // 20 MiB

// The gRPC methods (full names, "jstedu.recruitment.v1.RecruitmentService.
// ImportParticipants") whose routes take bodies up to kLargeBodyLimit: the
// text/csv imports. A new import RPC adds its full name here
// (json_limits.cc); nothing else changes.
const std::set<std::string, std::less<>>& LargeBodyRoutes();

struct JsonLimits {
  // Objects and arrays nested deeper than this (the top-level value is
  // depth 1).
  int max_depth = 32;
  // Elements of any one array.
  uint64_t max_array_elements = 10000;
  // All strings together, object keys included, in bytes (decoded).
  uint64_t max_string_bytes = 1 << 20;
};

// OK, or InvalidArgument naming the limit exceeded ("JSON nesting deeper
// than 32 levels", "a JSON array with more than 10000 elements", "JSON
// strings longer than 1048576 bytes in total") or saying the body is not
// valid JSON (with the byte offset).
absl::Status CheckJsonLimits(std::string_view json, const JsonLimits& limits);

}  // namespace jstedu::gateway
