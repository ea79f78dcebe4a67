#pragma once

// The gateway's HTTP/1.1 server (Boost.Beast): accepts connections, reads
// requests within limits, hands complete requests to a Dispatcher and writes
// its responses, with keep-alive.
//
// Limits, each answered with the usual JSON error body and the connection
// then closed:
//   - header section above `header_limit`: 431;
//   - body above the route's limit: 413, answered as soon as the
//     Content-Length (or the chunked body read so far) exceeds it, without
//     reading the rest. The limit is `large_body_limit` for requests the
//     Dispatcher says take a large body (Dispatcher::TakesLargeBody, asked
//     once the head is read), `body_limit` for all others;
//   - malformed HTTP: 400; also, before any body is read, a request whose
//     body length is in doubt (RFC 9112 §6.1, §6.3: Transfer-Encoding other
//     than exactly `chunked`, as in `identity`, `xchunked`, `chunked,
//     identity` or `gzip, chunked`; Transfer-Encoding with Content-Length;
//     Transfer-Encoding in HTTP/1.0) and one without a proper Host (RFC 9112
//     §3.2: none in HTTP/1.1, more than one, or not host[:port]). The
//     connection is closed after the refusal, so no byte after the head is
//     ever read as another request.
// The trailer fields of a chunked body are read and discarded (RFC 9110
// §6.5.1): only the head's fields are headers, so no token, Host or
// Idempotency-Key can arrive after the checks above.
// Connections idle (or stalled mid-request, or not reading a response) for
// `idle_timeout` are closed. `Expect: 100-continue` is honoured.
//
// Threading: `threads` I/O threads run all sockets; each connection is
// served on a strand. The Dispatcher's completion may come from any thread;
// the response is posted back to the connection's strand.
//
// Shutdown(grace): stops accepting, closes idle connections, lets requests
// in flight finish (their connections close after the response), and after
// `grace` drops whatever is left. Start/Shutdown: from one thread.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "gateway/dispatcher.h"
#include "gateway/json_limits.h"

namespace jstedu::gateway {

struct HttpServerOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  int threads = 2;
  std::chrono::milliseconds idle_timeout{30000};
  // After refusing a request whose body was not read, how long to discard
  // what the client still sends before closing, so it can read the refusal
  // instead of a connection reset.
  std::chrono::milliseconds linger{2000};
  uint64_t body_limit = kBodyLimit;             // bytes
  uint64_t large_body_limit = kLargeBodyLimit;  // bytes
  uint32_t header_limit = 16 << 10;             // bytes
};

class HttpServer {
 public:
  // `dispatcher` must outlive the server.
  HttpServer(HttpServerOptions options, Dispatcher& dispatcher);
  // Shutdown(0) when still running.
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving. Returns the bound port, InvalidArgument for a
  // bad address or Unavailable when it cannot listen. Call once.
  absl::StatusOr<int> Start();

  // Blocks until every connection is closed or `grace` has passed, then
  // stops the I/O threads. Idempotent.
  void Shutdown(std::chrono::milliseconds grace);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jstedu::gateway
