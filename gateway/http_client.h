#pragma once

// A small synchronous HTTP/1.1 GET client (Boost.Beast) for the documents
// the gateway fetches itself: an OpenID Connect issuer's discovery document
// and JWK Set (oidc_keys.h). Not for upstream calls (those are gRPC).
//
//   - https: TLS with the peer's certificate verified against the system CA
//     store (and `ca_file` when set), its name checked against the URL's
//     host (RFC 2818), SNI sent;
//   - http: only to a loopback host (localhost, 127.0.0.0/8, [::1]), for a
//     development issuer on the same machine;
//   - one request per connection; redirects are not followed (a 3xx is an
//     error like any status other than 200);
//   - the whole exchange (resolve, connect, handshake, write, read) within
//     `timeout`; a response head above 16 KiB or a body above `max_body`
//     bytes is refused without reading the rest.
//
// Thread-safety: HttpGet may be called from any number of threads at once;
// each call has its own connection and I/O context.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace jstedu::gateway {

// An absolute URL the client may fetch.
struct FetchUrl {
  bool tls = true;
  std::string host;    // without brackets for an IPv6 literal
  std::string port;    // "443"/"80" when the URL has none
  std::string target;  // path and query, "/" when empty
};

// `url` as a FetchUrl: "https://host[:port][/path][?query]", or "http://..."
// with a loopback host. InvalidArgument saying why not (another scheme, user
// info, a fragment, plain http to another host, a space or control
// character anywhere...).
absl::StatusOr<FetchUrl> ParseFetchUrl(std::string_view url);

struct HttpClientOptions {
  std::chrono::milliseconds timeout{5000};
  size_t max_body = 512 << 10;
  // A PEM file of extra trusted CA certificates (JSTEDU_OIDC_CA_FILE); the
  // system store is trusted as well.
  std::string ca_file;
};

// The body of a 200 answer to GET `url`. InvalidArgument for a URL
// ParseFetchUrl refuses; Unavailable (saying why) when the host cannot be
// reached in time, TLS fails (an untrusted certificate, another host name),
// the answer is not 200, too large or not HTTP.
absl::StatusOr<std::string> HttpGet(std::string_view url,
                                    const HttpClientOptions& options);

}  // namespace jstedu::gateway
