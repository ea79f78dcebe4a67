#pragma once

// The gateway's request logic, apart from the HTTP transport: probes,
// routing, middleware steps, transcoding, the upstream call, the reply, the
// access log line and the request metrics. The HTTP server (http_server.h)
// turns bytes into an HttpRequest, calls Handle and writes the HttpResponse;
// tests can call Handle directly.
//
// For every request, in order (the first refusal answers):
//   1. request id (the client's `x-request-id` when it is 1..128 characters
//      of [A-Za-z0-9._:/+=-], else a new UUID) and W3C `traceparent` (the
//      client's when valid, else a new one);
//   2. GET /healthz → 200 {"status":"ok"}; GET /readyz → 200 when every
//      upstream's health check says SERVING within the readiness timeout,
//      else 503; both bodies list each service's state; GET
//      /v1/openapi.json → the OpenAPI document;
//   2b. a CORS preflight (OPTIONS with Origin and
//      Access-Control-Request-Method; cors.h), before authentication (a
//      browser sends it without the token): 204 with the preflight headers
//      when DispatcherOptions::cors allows the origin and the requested
//      method routes for the path, else 403 (PERMISSION_DENIED);
//   3. authentication (auth.h) of every request except the public ones
//      (IsPublicRequest: the probes and GET /v1/openapi.json) and those
//      that route to a method without a token (DispatcherOptions::
//      without_token: a calendar feed's secret address, where no
//      Authorization header is asked for or read): 401 (UNAUTHENTICATED)
//      with `WWW-Authenticate`. Its refusal comes before any routing
//      answer, so that a caller without a valid token learns nothing of
//      which routes exist;
//   4. routing: unknown path 404 (NOT_FOUND), wrong method 405 with Allow
//      (UNIMPLEMENTED), malformed escape 400;
//   5. the access policy (access_policy.h): the principal's role may call
//      the route's method, else 403 (PERMISSION_DENIED); a public request
//      has no principal and is refused here if it ever matches a route; a
//      route without a token is not checked (the service checks its
//      secret);
//   6. the rate limit (rate_limiter.h), keyed by the principal's subject
//      (DispatcherOptions::rate_limiter), or for a route without a token by
//      its address (the SHA-256 of the decoded path values, which hold the
//      secret) in a limiter of its own (address_rate_limiter), so that a
//      flood of made-up addresses can neither fill nor evict the buckets
//      of callers with a token: 429 (RESOURCE_EXHAUSTED) with
//      `Retry-After`;
//   7. a body on a route with a body rule must be application/json, or, on
//      a route with a raw body (Route::raw_body_media_type), text/csv with
//      no charset or charset=utf-8: else 415 (RequestBodyFormat);
//   8. a JSON body within the JSON limits (json_limits.h), else 400; a raw
//      body is not checked;
//   9. the middleware steps, in order (see Middleware);
//  10. transcoding (transcoder.h): 400 on bad input;
//  11. the upstream call with metadata traceparent, x-request-id,
//      x-jstedu-principal-bin (the serialized auth.v1.Principal) and
//      whatever the middleware added; its status mapped by the usual table
//      (UNAVAILABLE and DEADLINE_EXCEEDED without details get a plain
//      message: gRPC's own name internal addresses; the original is logged).
//      A success is 200 with the response as JSON, or, on a raw-response
//      route (Route::raw_response), the HttpBody's bytes under its own
//      Content-Type, as a download (`Content-Disposition: attachment` named
//      after the path, attachment.h); a content type that could not go into
//      a header is 502 (INTERNAL), the service's fault.
// The HTTP server refuses before all of this what it cannot read: 413 for a
// body above the route's limit (TakesLargeBody), 431, malformed HTTP 400
// (Transfer-Encoding other than chunked, a missing or repeated Host
// included).
// Every response (the server's refusals through Reject included) carries
// `x-request-id`, `X-Content-Type-Options: nosniff`, `Cache-Control:
// no-store` (except the OpenAPI document, the same for everyone) and, when
// CORS is configured, `Vary: Origin` and for an allowed Origin
// `Access-Control-Allow-Origin` and `-Expose-Headers` (cors.h); it counts in
// jstedu_http_requests_total{method,route,status} and
// jstedu_http_request_duration_seconds{method,route,status} (route = the
// route's template, "/healthz", "/readyz" or "unmatched"; method = the HTTP
// method, "OTHER" for non-standard ones) and is logged as one
// "http_request" line (method, route, status, latency_ms, request_id,
// trace_id, and principal (the subject) and role once authenticated; never
// the token, other claims, the path's values, the query or the body).
//
// Thread-safety: Handle, Reject and TakesLargeBody may be called from any
// number of threads at once. The routes, the upstreams, the registry, the
// verifier and the rate limiter must outlive the Dispatcher, and the Dispatcher
// must outlive every call in flight (call Upstreams::Shutdown() before
// destroying it).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/metrics/metrics.h"
#include "gateway/auth.h"
#include "gateway/console_site.h"
#include "gateway/cors.h"
#include "gateway/docs_site.h"
#include "gateway/idempotency.h"
#include "gateway/json_limits.h"
#include "gateway/rate_limiter.h"
#include "gateway/route_table.h"
#include "gateway/transcoder.h"
#include "gateway/upstream.h"

namespace jstedu::gateway {

using Headers = std::vector<std::pair<std::string, std::string>>;

// A complete HTTP request.
struct HttpRequest {
  std::string method;  // as sent: "GET"
  std::string target;  // origin form: "/v1/jsts?pageSize=5"
  Headers headers;     // names lowercase, in order received
  std::string body;

  // The first value of header `name` (lowercase), or "" when absent.
  std::string_view Header(std::string_view name) const;
};

// A response. The body is JSON (Content-Type application/json; charset=utf-8
// is the server's to add) unless `headers` has a "content-type", which then
// replaces it (raw responses, Route::raw_response).
struct HttpResponse {
  int status = 200;
  Headers headers;  // names lowercase
  std::string body;
};

// What the middleware steps know of a request beyond its bytes, and what
// they pass upstream.
struct RequestContext {
  std::string request_id;
  std::string traceparent;
  // The verified caller; set for every request past authentication.
  std::optional<auth::v1::Principal> principal;
  // Extra gRPC metadata for the upstream call (lowercase ASCII keys;
  // printable ASCII values, any bytes for keys ending in "-bin").
  Metadata upstream_metadata;
};

// A step run for every routed request after the access checks, the
// Content-Type check and the JSON limits, before transcoding and the
// upstream call (e.g. region checks, idempotency). Returns OK to go on, or the
// status the client gets (HTTP status by the usual table: UNAUTHENTICATED 401,
// PERMISSION_DENIED 403, RESOURCE_EXHAUSTED 429...). Runs on an I/O thread,
// concurrently with itself: it must be thread-safe and must not block.
using Middleware = std::function<absl::Status(
    const Route& route, const HttpRequest& request, RequestContext& context)>;

struct DispatcherOptions {
  // Verifies the bearer token of every non-public request. Required in
  // production; without one every non-public request is refused 401.
  const JwtVerifier* verifier = nullptr;
  // Whether `role` may call `method` (a full gRPC method name); the
  // AccessTable (access_policy.h's Allowed) when empty.
  std::function<bool(std::string_view method, auth::v1::Role role)> allowed;
  // Whether `method`'s routes are called without a token (a calendar
  // feed's address); access_policy.h's WithoutToken when empty.
  std::function<bool(std::string_view method)> without_token;
  // The per-subject rate limit; none when null.
  RateLimiter* rate_limiter = nullptr;
  // The per-address limit of routes without a token (a calendar feed's
  // address), apart from `rate_limiter`; none when null.
  RateLimiter* address_rate_limiter = nullptr;
  JsonLimits json_limits;
  // Methods whose routes take bodies up to the server's large limit
  // (TakesLargeBody); LargeBodyRoutes() by default.
  std::set<std::string, std::less<>> large_body_methods = LargeBodyRoutes();
  std::vector<Middleware> middlewares;
  // How long /readyz waits for the health checks.
  std::chrono::milliseconds readiness_timeout{1000};
  // Clock for latencies; steady_clock::now when empty.
  std::function<std::chrono::steady_clock::time_point()> now;
  // Source of random bits for request and trace ids; must be thread-safe.
  // A per-thread std::mt19937_64 seeded from std::random_device when empty.
  std::function<uint64_t()> random;
  // Where the request metrics go; metrics::Registry::Default() when null.
  metrics::Registry* registry = nullptr;
  // Idempotency keys of POST requests (idempotency.h); without a store the
  // header is validated but not enforced (tests only).
  IdempotencyStore* idempotency = nullptr;
  // The origins browsers may call from (cors.h); none by default.
  CorsPolicy cors;
  // The API reference served at /docs (docs_site.h); 404 there when null.
  const DocsSite* docs = nullptr;
  // The console served at /console/ (console_site.h); 404 there when null.
  const ConsoleSite* console = nullptr;
};

class Dispatcher {
 public:
  using Done = std::function<void(HttpResponse)>;

  Dispatcher(const RouteTable& routes, Upstreams& upstreams,
             DispatcherOptions options = {});
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Answers `request`. `done` runs exactly once, either before Handle
  // returns or later on a gRPC thread; it must not block.
  void Handle(HttpRequest request, Done done);

  // The response for a request the HTTP layer refuses before it is complete
  // (413 body too large, 431 header too large, 400 malformed), recorded and
  // logged like any other. `request` holds what was read (maybe nothing).
  HttpResponse Reject(const HttpRequest& request, int http_status,
                      grpc::StatusCode code, std::string_view message);

  // True when `target` with `method` routes to a method of
  // DispatcherOptions::large_body_methods, whose body may exceed the usual
  // limit. The HTTP server asks this once it has the request head.
  bool TakesLargeBody(std::string_view method, std::string_view target) const;

 private:
  struct Exchange;
  using ExchangePtr = std::shared_ptr<Exchange>;

  ExchangePtr Begin(HttpRequest request, Done done);
  // Sets the exchange's principal, or answers 401 and returns false.
  bool Authenticate(Exchange& exchange);
  // A CORS preflight for `path`: 204 with the preflight headers, or 403.
  void AnswerPreflight(Exchange& exchange, std::string_view path);
  // The access policy, the rate limit, the Content-Type and the JSON
  // limits; answers the refusal and returns false.
  bool Admit(Exchange& exchange, const RouteMatch& match);
  void ServeProbe(const ExchangePtr& exchange, std::string_view path);
  // GET /docs and its script (docs_site.h), or 404 when none is installed.
  void ServeDocs(Exchange& exchange, std::string_view path);
  // GET /console/… (console_site.h), or 404 when none is installed or the
  // path names no file of it.
  void ServeConsole(Exchange& exchange, std::string_view path);
  void Forward(const ExchangePtr& exchange, const RouteMatch& match,
               std::string_view query);
  // Idempotency-Key of a POST, scoped to the principal and `route`: 400 for
  // a malformed key; a recorded answer replayed; 409 while in flight; 422
  // for another request under the same key; 503 when the store is
  // unreachable. Returns true to go on: a first use, or a repeat whose
  // answer the service keeps; either way the key and the fingerprint go
  // upstream (the service applies a keyed request at most once).
  bool ClaimIdempotencyKey(Exchange& exchange, const Route& route);
  // Answers a successful upstream call with `response`: as JSON, or raw on
  // a raw-response route (502 when its content type is unusable).
  void Answer(Exchange& exchange, const Route& route,
              const google::protobuf::Message& response);
  void Finish(Exchange& exchange, JsonReply reply, Headers headers = {});
  // What every response carries: nosniff, no-store (unless cacheable), and
  // the CORS headers for the request's Origin. Added after an answer is kept
  // for an Idempotency-Key, so a replay gets those of its own request.
  void AddSecurityHeaders(const Exchange& exchange, Headers& headers) const;
  // The status the client sees for a failed upstream call. gRPC's own
  // UNAVAILABLE and DEADLINE_EXCEEDED messages name internal addresses: they
  // are logged and replaced by a plain message (the code stays).
  grpc::Status PublicStatus(const Route& route, const Exchange& exchange,
                            const grpc::Status& status);
  RequestContext NewContext(const HttpRequest& request);
  std::string NewRequestId();
  std::string NewTraceparent();

  const RouteTable& routes_;
  Upstreams& upstreams_;
  const JwtVerifier* const verifier_;
  const std::function<bool(std::string_view, auth::v1::Role)> allowed_;
  const std::function<bool(std::string_view)> without_token_;
  RateLimiter* const rate_limiter_;
  RateLimiter* const address_rate_limiter_;
  const JsonLimits json_limits_;
  const std::set<std::string, std::less<>> large_body_methods_;
  const std::vector<Middleware> middlewares_;
  const std::chrono::milliseconds readiness_timeout_;
  const std::function<std::chrono::steady_clock::time_point()> now_;
  const std::function<uint64_t()> random_;
  IdempotencyStore* const idempotency_;
  const CorsPolicy cors_;
  const DocsSite* const docs_;
  const ConsoleSite* const console_;
  const std::string openapi_;  // the OpenAPI document, built once
  metrics::CounterFamily& requests_;
  metrics::HistogramFamily& durations_;
};

// True for the requests anyone may make without a token: GET /healthz,
// GET /readyz and GET /v1/openapi.json (exact paths, query aside; the probes
// also for other methods, which answer 405). The one list of public paths.
bool IsPublicRequest(std::string_view method, std::string_view path);

// True for a W3C trace-context `traceparent` header value this gateway can
// forward: version (not ff), 32-hex trace id and 16-hex parent id (neither
// all zero), 2-hex flags, all lowercase; version 00 has nothing after.
bool IsValidTraceparent(std::string_view value);

}  // namespace jstedu::gateway
