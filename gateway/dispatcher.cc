#include "gateway/dispatcher.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/grpc/context.h"
#include "common/grpc/idempotency.h"
#include "common/grpc/principal_signature.h"
#include "common/log/log.h"
#include "common/status/errors.h"
#include "gateway/access_policy.h"
#include "gateway/attachment.h"
#include "gateway/openapi.h"
#include "gateway/url.h"
#include "google/rpc/error_details.pb.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

constexpr std::string_view kUnmatched = "unmatched";

// The requests that need no token. Keep in step with README.md.
struct PublicPath {
  std::string_view path;
  std::string_view method;  // "" for any
};
constexpr std::string_view kOpenApiPath = "/v1/openapi.json";
constexpr PublicPath kPublicPaths[] = {
    {"/healthz", ""},
    {"/readyz", ""},
    {kOpenApiPath, "GET"},
};

uint64_t ThreadLocalRandom() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return engine();
}

bool IsLowerHex(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
}

bool IsAllZero(std::string_view text) {
  return text.find_first_not_of('0') == std::string_view::npos;
}

// A CORS preflight: OPTIONS with Origin and Access-Control-Request-Method.
bool IsPreflight(const HttpRequest& request) {
  return request.method == "OPTIONS" && !request.Header("origin").empty() &&
         !request.Header("access-control-request-method").empty();
}

bool IsValidRequestId(std::string_view id) {
  static constexpr std::string_view kPunctuation = "._:/+=-";
  return !id.empty() && id.size() <= 128 &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
                  kPunctuation.find(c) != std::string_view::npos;
         });
}

// A bounded label: the standard methods as sent, anything else "OTHER".
std::string MethodLabel(std::string_view method) {
  static constexpr std::string_view kKnown[] = {
      "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
  for (std::string_view known : kKnown) {
    if (method == known) return std::string(method);
  }
  return "OTHER";
}

std::string ReadinessBody(const std::vector<ServiceHealth>& services,
                          bool ready) {
  nlohmann::ordered_json body;
  body["status"] = ready ? "ready" : "not_ready";
  body["services"] = nlohmann::ordered_json::array();
  for (const ServiceHealth& service : services) {
    body["services"].push_back(
        {{"service", service.service}, {"state", service.state}});
  }
  return body.dump();
}

}  // namespace

struct Dispatcher::Exchange {
  HttpRequest request;
  Done done;
  std::chrono::steady_clock::time_point started;
  RequestContext context;
  std::string route_label{kUnmatched};
  // Set when the request holds an Idempotency-Key claim to complete: the
  // scoped key, the request's fingerprint, and whether the service keeps
  // the answer (Route::personal_answer).
  std::string idempotency_key;
  std::string idempotency_fingerprint;
  bool answer_kept_by_service = false;
  // Set when the service is asked again for the answer it kept.
  bool replayed_by_service = false;
  // How the body is read, decided by its Content-Type in Admit.
  BodyFormat body_format = BodyFormat::kJson;
  // True for the one answer caches may keep, the OpenAPI document; every
  // other gets Cache-Control: no-store (AddSecurityHeaders).
  bool cacheable = false;
};

// The API reference's paths (docs_site.h).
bool IsDocsPath(std::string_view path) {
  return path == "/docs" || path.substr(0, 6) == "/docs/";
}

namespace {

// The rate limiter's key for a request without a token: its address's
// secret as the route read it (percent-decoded, so another spelling of one
// address is the same key), hashed so the secret is not kept.
std::string AddressKey(const std::vector<std::string>& path_values) {
  const std::string secret = absl::StrJoin(path_values, "/");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
         digest);
  return absl::StrCat(
      "address:", absl::BytesToHexString(absl::string_view(
                      reinterpret_cast<const char*>(digest), sizeof digest)));
}

}  // namespace

bool IsPublicRequest(std::string_view method, std::string_view path) {
  for (const PublicPath& entry : kPublicPaths) {
    if (path == entry.path &&
        (entry.method.empty() || method == entry.method)) {
      return true;
    }
  }
  return false;
}

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

bool IsValidTraceparent(std::string_view value) {
  // version "-" trace-id "-" parent-id "-" flags
  if (value.size() < 55 || value[2] != '-' || value[35] != '-' ||
      value[52] != '-') {
    return false;
  }
  const std::string_view version = value.substr(0, 2);
  const std::string_view trace_id = value.substr(3, 32);
  const std::string_view parent_id = value.substr(36, 16);
  const std::string_view flags = value.substr(53, 2);
  if (!IsLowerHex(version) || version == "ff" || !IsLowerHex(trace_id) ||
      IsAllZero(trace_id) || !IsLowerHex(parent_id) || IsAllZero(parent_id) ||
      !IsLowerHex(flags)) {
    return false;
  }
  // Later versions may append fields after another '-'.
  if (version == "00") return value.size() == 55;
  return value.size() == 55 || value[55] == '-';
}

Dispatcher::Dispatcher(const RouteTable& routes, Upstreams& upstreams,
                       DispatcherOptions options)
    : routes_(routes),
      upstreams_(upstreams),
      verifier_(options.verifier),
      allowed_(options.allowed ? std::move(options.allowed) : Allowed),
      without_token_(options.without_token ? std::move(options.without_token)
                                           : WithoutToken),
      rate_limiter_(options.rate_limiter),
      address_rate_limiter_(options.address_rate_limiter),
      json_limits_(options.json_limits),
      large_body_methods_(std::move(options.large_body_methods)),
      middlewares_(std::move(options.middlewares)),
      readiness_timeout_(options.readiness_timeout),
      now_(options.now ? std::move(options.now)
                       : [] { return std::chrono::steady_clock::now(); }),
      random_(options.random ? std::move(options.random) : ThreadLocalRandom),
      idempotency_(options.idempotency),
      cors_(std::move(options.cors)),
      docs_(options.docs),
      console_(options.console),
      openapi_(OpenApiDocument(routes, OpenApiInfo{})),
      requests_(
          (options.registry ? *options.registry : metrics::Registry::Default())
              .Counter("jstedu_http_requests_total",
                       "HTTP requests answered by the gateway.",
                       {"method", "route", "status"})),
      durations_(
          (options.registry ? *options.registry : metrics::Registry::Default())
              .Histogram("jstedu_http_request_duration_seconds",
                         "Time from a complete HTTP request to its "
                         "response, in seconds.",
                         {"method", "route", "status"})) {}

std::string Dispatcher::NewRequestId() {
  // A version 4 UUID.
  const uint64_t high = (random_() & ~0xF000ULL) | 0x4000ULL;
  const uint64_t low = (random_() & ~(0x3ULL << 62)) | (0x2ULL << 62);
  return absl::StrFormat("%08x-%04x-%04x-%04x-%012x", high >> 32,
                         (high >> 16) & 0xFFFF, high & 0xFFFF, low >> 48,
                         low & 0xFFFFFFFFFFFFULL);
}

std::string Dispatcher::NewTraceparent() {
  const uint64_t trace_high = random_();
  const uint64_t trace_low = random_() | 1;  // never all zero
  const uint64_t parent = random_() | 1;
  return absl::StrFormat("00-%016x%016x-%016x-00", trace_high, trace_low,
                         parent);
}

RequestContext Dispatcher::NewContext(const HttpRequest& request) {
  RequestContext context;
  const std::string_view id = request.Header("x-request-id");
  context.request_id = IsValidRequestId(id) ? std::string(id) : NewRequestId();
  const std::string_view traceparent = request.Header("traceparent");
  context.traceparent = IsValidTraceparent(traceparent)
                            ? std::string(traceparent)
                            : NewTraceparent();
  return context;
}

grpc::Status Dispatcher::PublicStatus(const Route& route,
                                      const Exchange& exchange,
                                      const grpc::Status& status) {
  const grpc::StatusCode code = status.error_code();
  if (code == grpc::StatusCode::UNAUTHENTICATED && exchange.context.principal) {
    // The gateway authenticated the caller and signed the principal: a
    // service refusing it means the deployment's principal keys disagree
    // (docs/operations.md, "Rotating the principal key"), the gateway's
    // fault, not the caller's, whose token is fine.
    log::Error("upstream_refused_principal",
               {{"rpc", route.grpc_path},
                {"error", status.error_message()},
                {"request_id", exchange.context.request_id}});
    return grpc::Status(grpc::StatusCode::INTERNAL, "internal error");
  }
  if ((code != grpc::StatusCode::UNAVAILABLE &&
       code != grpc::StatusCode::DEADLINE_EXCEEDED) ||
      !status.error_details().empty()) {
    return status;
  }
  log::Warn("upstream_failed", {{"rpc", route.grpc_path},
                                {"code", StatusCodeName(code)},
                                {"error", status.error_message()},
                                {"request_id", exchange.context.request_id}});
  return grpc::Status(code,
                      code == grpc::StatusCode::UNAVAILABLE
                          ? "the upstream service is unavailable"
                          : "the upstream service did not answer in time");
}

Dispatcher::ExchangePtr Dispatcher::Begin(HttpRequest request, Done done) {
  auto exchange = std::make_shared<Exchange>();
  exchange->started = now_();
  exchange->context = NewContext(request);
  exchange->request = std::move(request);
  exchange->done = std::move(done);
  return exchange;
}

void Dispatcher::Handle(HttpRequest request, Done done) {
  ExchangePtr exchange = Begin(std::move(request), std::move(done));
  const Target target = SplitTarget(exchange->request.target);
  if (target.path == "/healthz" || target.path == "/readyz") {
    ServeProbe(exchange, target.path);
    return;
  }
  if (exchange->request.method == "GET" && IsDocsPath(target.path)) {
    ServeDocs(*exchange, target.path);
    return;
  }
  if (exchange->request.method == "GET" && IsConsolePath(target.path)) {
    ServeConsole(*exchange, target.path);
    return;
  }
  if (target.path == kOpenApiPath && exchange->request.method == "GET") {
    exchange->route_label = std::string(kOpenApiPath);
    exchange->cacheable = true;  // the same for everyone, no personal data
    Finish(*exchange, {200, openapi_});
    return;
  }
  if (IsPreflight(exchange->request)) {
    AnswerPreflight(*exchange, target.path);
    return;
  }
  const RouteMatch match = routes_.Match(exchange->request.method, target.path);
  // A route without a token (a calendar feed's address) is the only one
  // matched before authentication: anything else unauthenticated learns
  // nothing of the routes.
  const bool without_token = match.outcome == RouteMatch::Outcome::kMatched &&
                             without_token_(match.route->method->full_name());
  if (!without_token &&
      !IsPublicRequest(exchange->request.method, target.path) &&
      !Authenticate(*exchange)) {
    return;
  }
  switch (match.outcome) {
    case RouteMatch::Outcome::kNotFound:
      Finish(*exchange, ErrorReply(404, grpc::StatusCode::NOT_FOUND,
                                   "no route matches this path"));
      return;
    case RouteMatch::Outcome::kBadPath:
      Finish(*exchange, ErrorReply(400, grpc::StatusCode::INVALID_ARGUMENT,
                                   "malformed percent-encoding in the path"));
      return;
    case RouteMatch::Outcome::kMethodNotAllowed: {
      const std::string allowed = absl::StrJoin(match.allowed_methods, ", ");
      Finish(*exchange,
             ErrorReply(
                 405, grpc::StatusCode::UNIMPLEMENTED,
                 absl::StrCat("method not allowed here; allowed: ", allowed)),
             {{"allow", allowed}});
      return;
    }
    case RouteMatch::Outcome::kMatched:
      exchange->route_label = match.route->path.text;
      Forward(exchange, match, target.query);
      return;
  }
}

void Dispatcher::AnswerPreflight(Exchange& exchange, std::string_view path) {
  const HttpRequest& request = exchange.request;
  if (!cors_.Allows(request.Header("origin"))) {
    Finish(exchange, ErrorReply(403, grpc::StatusCode::PERMISSION_DENIED,
                                "cross-origin requests from this origin are "
                                "not allowed"));
    return;
  }
  const std::string method(request.Header("access-control-request-method"));
  const RouteMatch match = routes_.Match(method, path);
  if (match.outcome != RouteMatch::Outcome::kMatched) {
    Finish(exchange,
           ErrorReply(403, grpc::StatusCode::PERMISSION_DENIED,
                      absl::StrCat("no route for ", method,
                                   " at this path (CORS preflight)")));
    return;
  }
  exchange.route_label = match.route->path.text;
  Headers headers;
  CorsPolicy::AddPreflightHeaders(method, headers);
  Finish(exchange, {204, ""}, std::move(headers));
}

bool Dispatcher::Authenticate(Exchange& exchange) {
  std::vector<std::string_view> authorization;
  for (const auto& [name, value] : exchange.request.headers) {
    if (name == "authorization") authorization.push_back(value);
  }
  Authentication result =
      verifier_ != nullptr
          ? AuthenticateBearer(*verifier_, authorization)
          : Authentication{
                absl::UnauthenticatedError("no token can be verified (no key)"),
                "Bearer"};
  if (!result.principal.ok()) {
    log::Debug("auth_refused",
               {{"reason", std::string(result.principal.status().message())},
                {"request_id", exchange.context.request_id}});
    Finish(exchange, ErrorReply(ToGrpcStatus(result.principal.status())),
           {{"www-authenticate", std::move(result.challenge)}});
    return false;
  }
  exchange.context.principal = *std::move(result.principal);
  return true;
}

bool Dispatcher::Admit(Exchange& exchange, const RouteMatch& match) {
  const Route& route = *match.route;
  const auto& principal = exchange.context.principal;
  const bool without_token = without_token_(route.method->full_name());
  if (!without_token &&
      (!principal || !allowed_(route.method->full_name(), principal->role()))) {
    const std::string role =
        principal ? RoleName(principal->role()) : "an anonymous caller";
    Finish(exchange,
           ErrorReply(403, grpc::StatusCode::PERMISSION_DENIED,
                      absl::StrCat(role, " may not call ", route.http_method,
                                   " ", route.path.text)));
    return false;
  }
  RateLimiter* const limiter =
      without_token ? address_rate_limiter_ : rate_limiter_;
  if (limiter != nullptr) {
    const RateLimiter::Decision decision = limiter->Acquire(
        without_token ? AddressKey(match.values) : principal->subject());
    if (!decision.allowed) {
      Finish(exchange,
             ErrorReply(429, grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrFormat("rate limit exceeded (%g requests per "
                                        "second, bursts of %g); retry in %d s",
                                        limiter->rate(), limiter->burst(),
                                        decision.retry_after_seconds)),
             {{"retry-after", std::to_string(decision.retry_after_seconds)}});
      return false;
    }
  }
  const HttpRequest& request = exchange.request;
  if (request.body.empty() || route.body.empty()) return true;
  const auto format = RequestBodyFormat(route, request.Header("content-type"));
  if (!format.ok()) {
    Finish(exchange, ErrorReply(415, grpc::StatusCode::INVALID_ARGUMENT,
                                std::string(format.status().message())));
    return false;
  }
  exchange.body_format = *format;
  // A raw body (text/csv) is the service's to read: no JSON limits.
  if (*format == BodyFormat::kRaw) return true;
  const absl::Status limits = CheckJsonLimits(request.body, json_limits_);
  if (!limits.ok()) {
    Finish(exchange, ErrorReply(ToGrpcStatus(limits)));
    return false;
  }
  return true;
}

bool Dispatcher::TakesLargeBody(std::string_view method,
                                std::string_view target) const {
  if (large_body_methods_.empty()) return false;
  const RouteMatch match = routes_.Match(method, SplitTarget(target).path);
  return match.outcome == RouteMatch::Outcome::kMatched &&
         large_body_methods_.count(match.route->method->full_name()) > 0;
}

void Dispatcher::ServeDocs(Exchange& exchange, std::string_view path) {
  exchange.route_label = "/docs";
  const std::optional<DocsFile> file =
      docs_ == nullptr ? std::nullopt : FindDocsFile(*docs_, path);
  if (!file) {
    Finish(exchange, ErrorReply(404, grpc::StatusCode::NOT_FOUND,
                                "the API reference is not installed here"));
    return;
  }
  exchange.cacheable = true;  // the same for everyone, no personal data
  Finish(exchange, {200, *file->body},
         {{"content-type", file->content_type},
          {"content-security-policy", kDocsContentSecurityPolicy}});
}

void Dispatcher::ServeConsole(Exchange& exchange, std::string_view path) {
  exchange.route_label = "/console";
  const std::optional<ConsoleFile> file =
      console_ == nullptr ? std::nullopt : FindConsoleFile(*console_, path);
  if (!file) {
    Finish(exchange,
           ErrorReply(404, grpc::StatusCode::NOT_FOUND,
                      console_ == nullptr ? "the console is not installed here"
                                          : "the console has no such file"));
    return;
  }
  exchange.cacheable = file->cacheable;
  Finish(exchange, {200, *file->body},
         {{"content-type", file->content_type},
          {"content-security-policy", console_->content_security_policy}});
}

void Dispatcher::ServeProbe(const ExchangePtr& exchange,
                            std::string_view path) {
  exchange->route_label = std::string(path);
  if (exchange->request.method != "GET") {
    Finish(*exchange,
           ErrorReply(405, grpc::StatusCode::UNIMPLEMENTED,
                      "method not allowed here; allowed: GET"),
           {{"allow", "GET"}});
    return;
  }
  if (path == "/healthz") {
    Finish(*exchange, {200, R"({"status":"ok"})"});
    return;
  }
  upstreams_.CheckHealth(
      readiness_timeout_,
      [this, exchange](std::vector<ServiceHealth> services) {
        const bool ready = std::all_of(services.begin(), services.end(),
                                       [](const ServiceHealth& s) {
                                         return s.serving || !s.gates_readiness;
                                       });
        Finish(*exchange, {ready ? 200 : 503, ReadinessBody(services, ready)});
      });
}

void Dispatcher::Forward(const ExchangePtr& exchange, const RouteMatch& match,
                         std::string_view query) {
  const Route& route = *match.route;
  HttpRequest& request = exchange->request;
  if (!Admit(*exchange, match)) return;
  for (const Middleware& middleware : middlewares_) {
    const absl::Status status = middleware(route, request, exchange->context);
    if (!status.ok()) {
      Finish(*exchange, ErrorReply(ToGrpcStatus(status)));
      return;
    }
  }
  if (!ClaimIdempotencyKey(*exchange, route)) return;
  auto message = BuildRequest(route, match.values, query, request.body,
                              exchange->body_format);
  if (!message.ok()) {
    Finish(*exchange, ErrorReply(ToGrpcStatus(message.status())));
    return;
  }
  std::string().swap(request.body);  // not needed while waiting upstream
  Metadata metadata = {{"traceparent", exchange->context.traceparent},
                       {"x-request-id", exchange->context.request_id}};
  if (exchange->context.principal) {
    std::string principal = exchange->context.principal->SerializeAsString();
    metadata.emplace_back(grpcutil::kPrincipalSignatureKey,
                          grpcutil::SignPrincipal(principal, absl::Now()));
    metadata.emplace_back(grpcutil::kPrincipalKey, std::move(principal));
  }
  for (const auto& entry : exchange->context.upstream_metadata) {
    metadata.push_back(entry);
  }
  upstreams_.Call(
      route, **message, metadata,
      [this, exchange, &route](
          const grpc::Status& status,
          std::unique_ptr<google::protobuf::Message> response) {
        if (!status.ok()) {
          Finish(*exchange, ErrorReply(PublicStatus(route, *exchange, status)));
          return;
        }
        Answer(*exchange, route, *response);
      });
}

void Dispatcher::Answer(Exchange& exchange, const Route& route,
                        const google::protobuf::Message& response) {
  if (!route.raw_response) {
    auto json = MessageToJson(response);
    if (!json.ok()) {
      Finish(exchange, ErrorReply(ToGrpcStatus(json.status())));
      return;
    }
    Finish(exchange, {200, *std::move(json)});
    return;
  }
  auto raw = HttpBodyResponse(response);
  if (!raw.ok()) {
    // The service's answer is unusable, not the client's request: 502.
    log::Warn("upstream_bad_response",
              {{"rpc", route.grpc_path},
               {"error", std::string(raw.status().message())},
               {"request_id", exchange.context.request_id}});
    Finish(exchange, ErrorReply(502, grpc::StatusCode::INTERNAL,
                                std::string(raw.status().message())));
    return;
  }
  // The server takes this content-type instead of its JSON one.
  std::string disposition = AttachmentDisposition(
      route, SplitTarget(exchange.request.target).path, raw->content_type);
  Finish(exchange, {200, std::move(raw->body)},
         {{"content-type", std::move(raw->content_type)},
          {"content-disposition", std::move(disposition)}});
}

namespace {

// The service applies the request at most once under the scoped key, and
// keeps a personal answer under it (common/grpc/idempotency.h).
void PassKeyToService(RequestContext& context, const std::string& scoped_key,
                      const std::string& fingerprint) {
  context.upstream_metadata.emplace_back(grpcutil::kIdempotencyKeyKey,
                                         scoped_key);
  context.upstream_metadata.emplace_back(grpcutil::kRequestFingerprintKey,
                                         fingerprint);
}

// The answer to a repeat while the key's first request still runs: 409
// ABORTED with the reason kIdempotencyKeyInFlight (retry with the key).
absl::Status InFlightStatus() {
  absl::Status status = absl::AbortedError(
      "a request with this Idempotency-Key is still in progress; retry "
      "with the same key");
  google::rpc::ErrorInfo info;
  info.set_reason(kIdempotencyKeyInFlight);
  info.set_domain("jstedu");
  errors::AddDetail(status, info);
  return status;
}

}  // namespace

bool Dispatcher::ClaimIdempotencyKey(Exchange& exchange, const Route& route) {
  const HttpRequest& request = exchange.request;
  const std::string key(request.Header("idempotency-key"));
  if (!HonoursIdempotencyKey(request.method) || key.empty()) return true;
  if (!IsValidIdempotencyKey(key)) {
    Finish(exchange,
           ErrorReply(
               400, grpc::StatusCode::INVALID_ARGUMENT,
               "Idempotency-Key must be 1 to 255 visible ASCII characters"));
    return false;
  }
  if (idempotency_ == nullptr) return true;  // not configured (tests)
  const auth::v1::Principal& principal = *exchange.context.principal;
  const IdempotencyScope scope{
      principal.subject(), RoleName(principal.role()), principal.voivodeship(),
      principal.jst(), absl::StrCat(route.http_method, " ", route.path.text)};
  const std::string scoped_key = idempotency_->ScopedKey(scope, key);
  const std::string fingerprint =
      idempotency_->Fingerprint(request.method, request.target, request.body);
  auto decision = idempotency_->Begin(scoped_key, fingerprint);
  using Outcome = IdempotencyStore::Outcome;
  switch (decision.outcome) {
    case Outcome::kProceed:
      exchange.idempotency_key = scoped_key;
      exchange.idempotency_fingerprint = fingerprint;
      exchange.answer_kept_by_service = route.personal_answer;
      PassKeyToService(exchange.context, scoped_key, fingerprint);
      return true;
    case Outcome::kReplayByService:
      PassKeyToService(exchange.context, scoped_key, fingerprint);
      exchange.replayed_by_service = true;
      return true;
    case Outcome::kReplay: {
      Headers headers = std::move(decision.response.headers);
      headers.emplace_back("idempotent-replayed", "true");
      Finish(exchange,
             {decision.response.status, std::move(decision.response.body)},
             std::move(headers));
      return false;
    }
    case Outcome::kInFlight:
      Finish(exchange, ErrorReply(ToGrpcStatus(InFlightStatus())));
      return false;
    case Outcome::kMismatch:
      Finish(
          exchange,
          ErrorReply(422, grpc::StatusCode::INVALID_ARGUMENT,
                     "this Idempotency-Key was used with a different request"));
      return false;
    case Outcome::kUnavailable:
      Finish(exchange,
             ErrorReply(503, grpc::StatusCode::UNAVAILABLE,
                        "idempotency keys cannot be checked right now; retry"));
      return false;
  }
  return true;
}

void Dispatcher::Finish(Exchange& exchange, JsonReply reply, Headers headers) {
  if (!exchange.idempotency_key.empty()) {
    // Recorded before answering, so a retry after this response replays it;
    // a successful personal answer is the service's to keep.
    StoredResponse recorded{reply.http_status, reply.body, headers, false};
    if (exchange.answer_kept_by_service && reply.http_status < 400) {
      recorded = {reply.http_status, "", {}, true};
    }
    idempotency_->Complete(exchange.idempotency_key,
                           exchange.idempotency_fingerprint, recorded);
  }
  if (exchange.replayed_by_service && reply.http_status < 300) {
    headers.emplace_back("idempotent-replayed", "true");
  }
  const double seconds =
      std::chrono::duration<double>(now_() - exchange.started).count();
  const double latency_ms = std::round(seconds * 1e6) / 1e3;
  const std::string method = MethodLabel(exchange.request.method);
  const metrics::Labels labels = {method, exchange.route_label,
                                  std::to_string(reply.http_status)};
  requests_.Inc(labels);
  durations_.Observe(labels, seconds);
  nlohmann::json fields = {
      {"method", method},
      {"route", exchange.route_label},
      {"status", reply.http_status},
      {"latency_ms", latency_ms},
      {"request_id", exchange.context.request_id},
      {"trace_id", exchange.context.traceparent.substr(3, 32)}};
  if (const auto& principal = exchange.context.principal) {
    fields["principal"] = principal->subject();
    fields["role"] = RoleName(principal->role());
  }
  log::Info("http_request", fields);
  HttpResponse response;
  response.status = reply.http_status;
  response.body = std::move(reply.body);
  response.headers = std::move(headers);
  response.headers.emplace_back("x-request-id", exchange.context.request_id);
  AddSecurityHeaders(exchange, response.headers);
  exchange.done(std::move(response));
}

void Dispatcher::AddSecurityHeaders(const Exchange& exchange,
                                    Headers& headers) const {
  headers.emplace_back("x-content-type-options", "nosniff");
  if (!exchange.cacheable) headers.emplace_back("cache-control", "no-store");
  cors_.AddResponseHeaders(exchange.request.Header("origin"), headers);
}

HttpResponse Dispatcher::Reject(const HttpRequest& request, int http_status,
                                grpc::StatusCode code,
                                std::string_view message) {
  HttpResponse response;
  ExchangePtr exchange =
      Begin(request, [&response](HttpResponse r) { response = std::move(r); });
  const RouteMatch match = routes_.Match(
      exchange->request.method, SplitTarget(exchange->request.target).path);
  if (match.outcome == RouteMatch::Outcome::kMatched) {
    exchange->route_label = match.route->path.text;
  }
  Finish(*exchange, ErrorReply(http_status, code, message));
  return response;
}

}  // namespace jstedu::gateway
