#pragma once

// Cross-origin requests from browsers (CORS, in the WHATWG Fetch standard):
// which web origins may call the API, and the headers that tell a browser.
//
// The allow-list holds exact origins from configuration
// (JSTEDU_CORS_ALLOWED_ORIGINS, comma-separated) and is empty by default:
// then no response carries a CORS header, and browsers let no other origin
// read an answer. An origin is written as browsers send it in `Origin`:
// `scheme://host[:port]` with scheme `http` or `https`, host a lowercase DNS
// name or IPv4 address or a bracketed IPv6 address, port 1..65535 and not
// the scheme's default (443, 80: browsers leave it out), nothing after (no
// path, not even "/"). No wildcard, no "null".
//
// With a non-empty list:
//   - every response has `Vary: Origin` (whether it has CORS headers
//     depends on that request header);
//   - a response to a request whose `Origin` is on the list has
//     `Access-Control-Allow-Origin: <that origin>` and
//     `Access-Control-Expose-Headers` (kExposedHeaders); a request from
//     another origin is served as any other, without them, so the browser
//     keeps the answer from the page;
//   - a preflight is the Dispatcher's to answer, before authentication
//     (dispatcher.h): 204 with the preflight headers below when the origin
//     is on the list and the requested method routes for the path, else 403
//     (without the preflight headers; a 403 to a listed origin carries that
//     origin's Allow-Origin like any answer to it, and the browser fails the
//     preflight on the status).
// No `Access-Control-Allow-Credentials`: the API takes bearer tokens in
// `Authorization`, never cookies.
//
// Thread-safety: a built CorsPolicy is immutable.

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace jstedu::gateway {

// The response headers a page of an allowed origin may read.
inline constexpr char kExposedHeaders[] =
    "x-request-id, retry-after, content-disposition, idempotent-replayed";
// The request headers a page may send (preflight).
inline constexpr char kAllowedRequestHeaders[] =
    "authorization, content-type, idempotency-key, x-request-id, traceparent";
// How long a browser may keep a preflight's answer, in seconds.
inline constexpr int kPreflightMaxAgeSeconds = 600;

// The origins of a JSTEDU_CORS_ALLOWED_ORIGINS value: comma-separated,
// spaces around each ignored, "" for none. InvalidArgument naming the first
// one that is not an origin as above, and why.
absl::StatusOr<std::vector<std::string>> ParseAllowedOrigins(
    std::string_view list);

class CorsPolicy {
 public:
  using HeaderList = std::vector<std::pair<std::string, std::string>>;

  // No origin allowed: no CORS headers at all.
  CorsPolicy() = default;
  // `origins` as ParseAllowedOrigins returns them.
  explicit CorsPolicy(const std::vector<std::string>& origins);

  // True when `origin` (an `Origin` header's value) is on the list.
  bool Allows(std::string_view origin) const;

  // Appends the CORS headers of a response to a request whose `Origin` is
  // `origin` ("" when it has none): nothing when the list is empty, else
  // `vary`, and for an allowed origin `access-control-allow-origin` and
  // `access-control-expose-headers`.
  void AddResponseHeaders(std::string_view origin, HeaderList& headers) const;

  // Appends what a successful preflight for `method` adds to those:
  // `access-control-allow-methods` (`method`),
  // `access-control-allow-headers` (kAllowedRequestHeaders) and
  // `access-control-max-age` (kPreflightMaxAgeSeconds).
  static void AddPreflightHeaders(std::string_view method, HeaderList& headers);

 private:
  std::set<std::string, std::less<>> origins_;
};

}  // namespace jstedu::gateway
