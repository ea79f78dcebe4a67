#include "gateway/dispatcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/metrics/metrics.h"
#include "gateway/access_policy.h"
#include "gateway/config.h"
#include "gateway/http_server.h"
#include "gateway/test_protos.h"
#include "gateway/test_tokens.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "jstedu/api/v1/http_body.pb.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kTraceparent[] =
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

const std::chrono::system_clock::time_point kNow =
    std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));

// The test key pair, made once per binary.
const testing::KeyPair& Keys() {
  static const auto* keys = new testing::KeyPair(testing::GenerateRsaKeyPair());
  return *keys;
}

// An Authorization header for `subject` with `role`.
std::pair<std::string, std::string> Bearer(std::string_view role = "ADMIN",
                                           std::string_view subject = "u-1") {
  nlohmann::json claims = testing::DevClaims(subject, role, kNow);
  if (role == "COORDINATOR") claims["region"] = "24";
  if (role == "JST") claims["jst"] = "2476011";
  return {"authorization",
          "Bearer " + testing::SignedToken(Keys().private_pem, claims)};
}

// The test service's access rule: reads for everyone but MINISTRY, writes
// for ADMIN; the methods not named here have no rule.
bool ItemRule(std::string_view method, auth::v1::Role role) {
  if (method == "gwtest.ItemService.GetItem") {
    return role != auth::v1::MINISTRY;
  }
  if (method == "gwtest.ItemService.CreateItem" ||
      method == "gwtest.ItemService.UpdateSub") {
    return role == auth::v1::ADMIN;
  }
  return false;
}

// Runs the test service's routes against upstreams that do not serve it, so
// every request the gateway forwards ends UNAVAILABLE; everything before the
// upstream call is observable.
class DispatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::BuildItemRoutes(&routes_);
    if (HasFatalFailure()) return;
    table_ = routes_.table.get();
    upstreams_ = std::make_unique<Upstreams>(std::vector<UpstreamTarget>{},
                                             std::chrono::seconds(1));
    JwtOptions jwt;
    jwt.now = [] { return kNow; };
    auto verifier = JwtVerifier::Create(Keys().public_pem, jwt);
    ASSERT_TRUE(verifier.ok()) << verifier.status();
    verifier_ = std::make_unique<JwtVerifier>(*std::move(verifier));
  }

  void TearDown() override { upstreams_->Shutdown(); }

  Dispatcher& MakeDispatcher(std::vector<Middleware> middlewares = {},
                             DispatcherOptions options = ItemOptions()) {
    options.verifier = verifier_.get();
    options.middlewares = std::move(middlewares);
    options.registry = &registry_;
    options.now = [] { return std::chrono::steady_clock::time_point(); };
    options.random = [] { return uint64_t{0x1111111111111111}; };
    dispatcher_ =
        std::make_unique<Dispatcher>(*table_, *upstreams_, std::move(options));
    return *dispatcher_;
  }

  static DispatcherOptions ItemOptions() {
    DispatcherOptions options;
    options.allowed = ItemRule;
    return options;
  }

  // Sends `request` with an ADMIN token added.
  HttpResponse SendAsAdmin(HttpRequest request) {
    request.headers.push_back(Bearer());
    return Send(std::move(request));
  }

  HttpResponse Send(HttpRequest request) {
    if (dispatcher_ == nullptr) MakeDispatcher();
    std::promise<HttpResponse> promise;
    auto future = promise.get_future();
    dispatcher_->Handle(std::move(request), [&promise](HttpResponse response) {
      promise.set_value(std::move(response));
    });
    EXPECT_EQ(future.wait_for(std::chrono::seconds(10)),
              std::future_status::ready);
    return future.get();
  }

  double Count(const std::string& method, const std::string& route,
               const std::string& status) {
    return registry_
        .Counter("jstedu_http_requests_total", "",
                 {"method", "route", "status"})
        .Value({method, route, status});
  }

  static std::string HeaderOf(const HttpResponse& response,
                              const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "<absent>";
  }

  // Serves the real routes of the five services with the real role table
  // (still no upstream: a request that gets through ends 503).
  void UseRealRoutes(DispatcherOptions options = DispatcherOptions()) {
    auto table = RouteTable::FromGeneratedPool(BackendServices());
    ASSERT_TRUE(table.ok()) << table.status();
    real_routes_ = std::make_unique<RouteTable>(*std::move(table));
    table_ = real_routes_.get();
    MakeDispatcher({}, std::move(options));
  }

  testing::ItemRoutes routes_;
  std::unique_ptr<RouteTable> real_routes_;
  RouteTable* table_ = nullptr;
  std::unique_ptr<Upstreams> upstreams_;
  std::unique_ptr<JwtVerifier> verifier_;
  metrics::Registry registry_;
  std::unique_ptr<Dispatcher> dispatcher_;
};

TEST_F(DispatcherTest, Healthz) {
  HttpResponse response = Send({"GET", "/healthz", {}, ""});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"status":"ok"})");
  EXPECT_EQ(Count("GET", "/healthz", "200"), 1);
}

TEST_F(DispatcherTest, ReadyzWithoutUpstreamsIsReady) {
  HttpResponse response = Send({"GET", "/readyz", {}, ""});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"status":"ready","services":[]})");
}

TEST_F(DispatcherTest, UnknownRouteIs404WithJsonBodyAndUnmatchedLabel) {
  HttpResponse response =
      SendAsAdmin({"GET", "/v1/nothing/2476011?x=1", {}, ""});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 5);
  EXPECT_EQ(Count("GET", "unmatched", "404"), 1);
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
  HttpResponse response = SendAsAdmin({"DELETE", "/v1/items/7", {}, ""});
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(HeaderOf(response, "allow"), "GET, PATCH");
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 12);
}

TEST_F(DispatcherTest, NonJsonBodyIs415) {
  HttpResponse response = SendAsAdmin(
      {"POST", "/v1/items", {{"content-type", "text/plain"}}, R"({"id":"1"})"});
  EXPECT_EQ(response.status, 415);
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 3);
  EXPECT_EQ(Count("POST", "/v1/items", "415"), 1);
}

TEST_F(DispatcherTest, BadQueryIs400NamingTheParameter) {
  HttpResponse response =
      SendAsAdmin({"GET", "/v1/items/7?pageSize=abc", {}, ""});
  EXPECT_EQ(response.status, 400);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["code"], 3);
  EXPECT_THAT(body["message"].get<std::string>(), HasSubstr("pageSize"));
  EXPECT_EQ(Count("GET", "/v1/items/{id}", "400"), 1);
}

TEST_F(DispatcherTest, UnservedServiceIs503) {
  HttpResponse response = SendAsAdmin({"GET", "/v1/items/7", {}, ""});
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body,
            R"({"code":14,"message":"the upstream service is unavailable",)"
            R"("details":[]})");
}

TEST_F(DispatcherTest, MiddlewareCanRefuseBeforeTranscoding) {
  std::vector<std::string> seen;
  MakeDispatcher({[&seen](const Route& route, const HttpRequest& request,
                          RequestContext& context) {
    seen.push_back(route.path.text + " " + context.request_id + " " +
                   context.principal->subject());
    if (request.Header("x-region").empty()) {
      return absl::FailedPreconditionError("no region");
    }
    return absl::OkStatus();
  }});
  HttpResponse response = SendAsAdmin(
      {"GET", "/v1/items/7?pageSize=abc", {{"x-request-id", "r-1"}}, ""});
  EXPECT_EQ(response.status, 409);  // FAILED_PRECONDITION
  EXPECT_EQ(response.body, R"({"code":9,"message":"no region","details":[]})");
  EXPECT_THAT(seen, ::testing::ElementsAre("/v1/items/{id} r-1 u-1"));
}

TEST_F(DispatcherTest, NoTokenIs401WithChallengeBeforeRouting) {
  // Known route, unknown path, wrong method: all the same to a stranger.
  for (const HttpRequest& request :
       {HttpRequest{"GET", "/v1/items/7", {}, ""},
        HttpRequest{"GET", "/v1/nothing", {}, ""},
        HttpRequest{"DELETE", "/v1/items/7", {}, ""},
        HttpRequest{"GET", "/elsewhere", {}, ""},
        HttpRequest{"POST", "/v1/openapi.json", {}, ""}}) {
    HttpResponse response = Send(request);
    EXPECT_EQ(response.status, 401) << request.method << " " << request.target;
    EXPECT_EQ(HeaderOf(response, "www-authenticate"), "Bearer");
    const auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["code"], 16);
    EXPECT_EQ(body["details"], nlohmann::json::array());
  }
  EXPECT_EQ(Count("GET", "unmatched", "401"), 3);
}

TEST_F(DispatcherTest, InvalidTokenIs401InvalidToken) {
  const testing::KeyPair other = testing::GenerateRsaKeyPair();
  const std::string forged = testing::SignedToken(
      other.private_pem, testing::DevClaims("u-1", "ADMIN", kNow));
  for (const std::string& value :
       {"Bearer " + forged, std::string("Bearer not.a.token"),
        std::string("Bearer ")}) {
    HttpResponse response =
        Send({"GET", "/v1/items/7", {{"authorization", value}}, ""});
    EXPECT_EQ(response.status, 401) << value;
    EXPECT_EQ(HeaderOf(response, "www-authenticate"),
              "Bearer error=\"invalid_token\"");
    EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 16);
  }
}

TEST_F(DispatcherTest, WithoutAVerifierEveryNonPublicRequestIs401) {
  DispatcherOptions options = ItemOptions();
  dispatcher_ =
      std::make_unique<Dispatcher>(*table_, *upstreams_, std::move(options));
  EXPECT_EQ(SendAsAdmin({"GET", "/v1/items/7", {}, ""}).status, 401);
  EXPECT_EQ(Send({"GET", "/healthz", {}, ""}).status, 200);
}

TEST_F(DispatcherTest, PublicPathsNeedNoToken) {
  EXPECT_TRUE(IsPublicRequest("GET", "/healthz"));
  EXPECT_TRUE(IsPublicRequest("GET", "/readyz"));
  EXPECT_TRUE(IsPublicRequest("GET", "/v1/openapi.json"));
  EXPECT_FALSE(IsPublicRequest("POST", "/v1/openapi.json"));
  EXPECT_FALSE(IsPublicRequest("GET", "/v1/openapi.json/x"));
  EXPECT_FALSE(IsPublicRequest("GET", "/v1/openapi.jso"));
  EXPECT_FALSE(IsPublicRequest("GET", "/v1/items/7"));
  EXPECT_EQ(Send({"GET", "/readyz", {}, ""}).status, 200);
}

TEST_F(DispatcherTest, ServesTheApiReferenceWithoutATokenUnderAStrictCsp) {
  const DocsSite site{"<!doctype html><redoc></redoc>", "/* redoc */"};
  DispatcherOptions options = ItemOptions();
  options.docs = &site;
  MakeDispatcher({}, std::move(options));
  for (const char* path : {"/docs", "/docs/"}) {
    HttpResponse page = Send({"GET", path, {}, ""});
    ASSERT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.body, site.index_html);
    EXPECT_EQ(HeaderOf(page, "content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(HeaderOf(page, "content-security-policy"),
              kDocsContentSecurityPolicy);
    EXPECT_EQ(HeaderOf(page, "cache-control"), "<absent>");
  }
  HttpResponse script = Send({"GET", "/docs/redoc.standalone.js", {}, ""});
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.body, site.script);
  EXPECT_EQ(HeaderOf(script, "content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(Send({"GET", "/docs/other.js", {}, ""}).status, 404);
  // Only GET is public.
  EXPECT_EQ(Send({"POST", "/docs", {}, ""}).status, 401);
}

TEST_F(DispatcherTest, ServesTheConsoleWithoutATokenUnderItsPolicy) {
  ConsoleSite site;
  site.files = {{"index.html", "<jst-app></jst-app>"},
                {"assets/index-1.js", "/* console */"}};
  site.config_json = R"({"issuer":""})";
  site.content_security_policy = ConsoleContentSecurityPolicy("https://id.pl");
  DispatcherOptions options = ItemOptions();
  options.console = &site;
  MakeDispatcher({}, std::move(options));
  for (const char* path : {"/console/", "/console/jsts", "/console/callback"}) {
    HttpResponse page = Send({"GET", path, {}, ""});
    ASSERT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.body, "<jst-app></jst-app>");
    EXPECT_EQ(HeaderOf(page, "content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(HeaderOf(page, "content-security-policy"),
              site.content_security_policy);
    EXPECT_EQ(HeaderOf(page, "cache-control"), "no-store");
  }
  HttpResponse script = Send({"GET", "/console/assets/index-1.js", {}, ""});
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(HeaderOf(script, "content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(script, "cache-control"), "<absent>");
  HttpResponse config = Send({"GET", "/console/config.json", {}, ""});
  ASSERT_EQ(config.status, 200);
  EXPECT_EQ(config.body, site.config_json);
  EXPECT_EQ(HeaderOf(config, "cache-control"), "no-store");
  EXPECT_EQ(Send({"GET", "/console/assets/missing.js", {}, ""}).status, 404);
  // Only GET is public.
  EXPECT_EQ(Send({"POST", "/console/jsts", {}, ""}).status, 401);
}

TEST_F(DispatcherTest, ConsoleIs404WhenNotInstalled) {
  EXPECT_EQ(Send({"GET", "/console/", {}, ""}).status, 404);
}

TEST_F(DispatcherTest, ApiReferenceIs404WhenNotInstalled) {
  HttpResponse page = Send({"GET", "/docs", {}, ""});
  EXPECT_EQ(page.status, 404);
  EXPECT_EQ(HeaderOf(page, "cache-control"), "no-store");
}

TEST_F(DispatcherTest, ServesTheOpenApiDocumentOfItsRoutesWithoutAToken) {
  HttpResponse response = Send({"GET", "/v1/openapi.json", {}, ""});
  ASSERT_EQ(response.status, 200);
  auto document = nlohmann::json::parse(response.body, nullptr, false);
  ASSERT_TRUE(document.is_object());
  EXPECT_EQ(document["openapi"], "3.0.3");
  EXPECT_TRUE(document["paths"].contains("/v1/items/{id}"));
  EXPECT_EQ(Send({"POST", "/v1/openapi.json", {}, ""}).status, 401);
}

TEST_F(DispatcherTest, EveryAnswerIsNosniffAndAllButTheOpenApiNoStore) {
  for (const HttpRequest& request :
       {HttpRequest{"GET", "/healthz", {}, ""},
        HttpRequest{"GET", "/readyz", {}, ""},
        HttpRequest{"POST", "/healthz", {}, ""},
        HttpRequest{"GET", "/v1/items/7", {}, ""},                    // 401
        HttpRequest{"GET", "/v1/items/7", {Bearer("MINISTRY")}, ""},  // 403
        HttpRequest{"GET", "/v1/nothing", {Bearer()}, ""},            // 404
        HttpRequest{"DELETE", "/v1/items/7", {Bearer()}, ""},         // 405
        HttpRequest{"GET", "/v1/items/7", {Bearer()}, ""}}) {         // 503
    HttpResponse response = Send(request);
    EXPECT_EQ(HeaderOf(response, "x-content-type-options"), "nosniff")
        << request.method << " " << request.target << " " << response.status;
    EXPECT_EQ(HeaderOf(response, "cache-control"), "no-store")
        << request.method << " " << request.target << " " << response.status;
  }
  // The same for everyone, no personal data: caches may keep it.
  HttpResponse openapi = Send({"GET", "/v1/openapi.json", {}, ""});
  EXPECT_EQ(HeaderOf(openapi, "x-content-type-options"), "nosniff");
  EXPECT_EQ(HeaderOf(openapi, "cache-control"), "<absent>");
  // The server's own refusals too.
  HttpResponse refused =
      dispatcher_->Reject({"POST", "/v1/items", {}, ""}, 413,
                          grpc::StatusCode::RESOURCE_EXHAUSTED, "too large");
  EXPECT_EQ(HeaderOf(refused, "x-content-type-options"), "nosniff");
  EXPECT_EQ(HeaderOf(refused, "cache-control"), "no-store");
}

constexpr char kConsole[] = "https://console.example";

DispatcherOptions CorsOptions() {
  DispatcherOptions options;
  options.allowed = ItemRule;
  options.cors = CorsPolicy({kConsole});
  return options;
}

// A preflight of `method` on `target` from `origin`.
HttpRequest Preflight(const std::string& target, const std::string& method,
                      const std::string& origin = kConsole) {
  return {"OPTIONS",
          target,
          {{"origin", origin},
           {"access-control-request-method", method},
           {"access-control-request-headers", "authorization,content-type"}},
          ""};
}

TEST_F(DispatcherTest, PreflightOfAnAllowedOriginIsAnsweredWithoutAToken) {
  MakeDispatcher({}, CorsOptions());
  HttpResponse response = Send(Preflight("/v1/items/7", "PATCH"));
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.body, "");
  EXPECT_EQ(HeaderOf(response, "access-control-allow-origin"), kConsole);
  EXPECT_EQ(HeaderOf(response, "access-control-allow-methods"), "PATCH");
  EXPECT_EQ(HeaderOf(response, "access-control-allow-headers"),
            kAllowedRequestHeaders);
  EXPECT_EQ(HeaderOf(response, "access-control-max-age"), "600");
  EXPECT_EQ(HeaderOf(response, "vary"), "Origin");
  EXPECT_EQ(HeaderOf(response, "www-authenticate"), "<absent>");
  EXPECT_EQ(Count("OPTIONS", "/v1/items/{id}", "204"), 1);
}

TEST_F(DispatcherTest, PreflightOfAnotherOriginOrNoRouteIs403) {
  MakeDispatcher({}, CorsOptions());
  for (const HttpRequest& request :
       {Preflight("/v1/items/7", "GET", "https://evil.example"),
        Preflight("/v1/items/7", "GET", "https://console.example:8443"),
        Preflight("/v1/items/7", "DELETE"),  // the path has no DELETE
        Preflight("/v1/nothing", "GET")}) {
    HttpResponse response = Send(request);
    EXPECT_EQ(response.status, 403) << request.target;
    EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 7);
    EXPECT_EQ(HeaderOf(response, "access-control-allow-methods"), "<absent>");
  }
  HttpResponse evil =
      Send(Preflight("/v1/items/7", "GET", "https://evil.example"));
  EXPECT_EQ(HeaderOf(evil, "access-control-allow-origin"), "<absent>");
  // Without an allow-list (the default) no preflight succeeds, and no
  // answer has a CORS header.
  MakeDispatcher();
  HttpResponse closed = Send(Preflight("/v1/items/7", "GET"));
  EXPECT_EQ(closed.status, 403);
  EXPECT_EQ(HeaderOf(closed, "access-control-allow-origin"), "<absent>");
  EXPECT_EQ(HeaderOf(closed, "vary"), "<absent>");
}

TEST_F(DispatcherTest, AnswersToAnAllowedOriginCarryCorsHeaders) {
  MakeDispatcher({}, CorsOptions());
  const std::pair<std::string, std::string> console{"origin", kConsole};
  // A refusal too: the page must be able to read its 401.
  for (const HttpRequest& request :
       {HttpRequest{"GET", "/v1/items/7", {console}, ""},
        HttpRequest{"GET", "/v1/items/7", {console, Bearer()}, ""},
        HttpRequest{"GET", "/healthz", {console}, ""}}) {
    HttpResponse response = Send(request);
    EXPECT_EQ(HeaderOf(response, "access-control-allow-origin"), kConsole)
        << response.status;
    EXPECT_EQ(HeaderOf(response, "access-control-expose-headers"),
              kExposedHeaders);
    EXPECT_EQ(HeaderOf(response, "vary"), "Origin");
  }
  // Another origin is served, but not told it may read the answer.
  HttpResponse other = Send({"GET",
                             "/v1/items/7",
                             {{"origin", "https://evil.example"}, Bearer()},
                             ""});
  EXPECT_EQ(other.status, 503);
  EXPECT_EQ(HeaderOf(other, "access-control-allow-origin"), "<absent>");
  EXPECT_EQ(HeaderOf(other, "vary"), "Origin");
  // No allow-list, no CORS headers.
  MakeDispatcher();
  HttpResponse closed = Send({"GET", "/v1/items/7", {console, Bearer()}, ""});
  EXPECT_EQ(HeaderOf(closed, "access-control-allow-origin"), "<absent>");
  EXPECT_EQ(HeaderOf(closed, "vary"), "<absent>");
}

TEST_F(DispatcherTest, RoleNotAllowedIs403BeforeBodyChecks) {
  HttpRequest request{"POST",
                      "/v1/items",
                      {{"content-type", "text/plain"}, Bearer("MINISTRY")},
                      "not json"};
  HttpResponse response = Send(request);
  EXPECT_EQ(response.status, 403);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["code"], 7);
  EXPECT_EQ(body["message"], "MINISTRY may not call POST /v1/items");
  EXPECT_EQ(Count("POST", "/v1/items", "403"), 1);
  // A role the rule allows gets further.
  EXPECT_EQ(
      SendAsAdmin(
          {"POST", "/v1/items", {{"content-type", "text/plain"}}, "not json"})
          .status,
      415);
}

TEST_F(DispatcherTest, EveryRoleOfTheRuleGetsThrough) {
  for (const char* role :
       {"ADMIN", "COORDINATOR", "EXPERT", "TRAINER", "JST"}) {
    EXPECT_EQ(Send({"GET", "/v1/items/7", {Bearer(role)}, ""}).status, 503)
        << role;
  }
  EXPECT_EQ(Send({"GET", "/v1/items/7", {Bearer("MINISTRY")}, ""}).status, 403);
}

TEST_F(DispatcherTest, RouteWithoutRuleIsRefusedEvenToAdmin) {
  // GetSpecial has no rule in ItemRule; the real AccessTable has none of
  // the test service's methods.
  EXPECT_EQ(SendAsAdmin({"GET", "/v1/items/special", {}, ""}).status, 403);
  MakeDispatcher({}, DispatcherOptions());
  EXPECT_EQ(SendAsAdmin({"GET", "/v1/items/7", {}, ""}).status, 403);
}

TEST_F(DispatcherTest, RateLimitIs429WithRetryAfterPerSubject) {
  RateLimitOptions limits;
  limits.rate = 0.5;
  limits.burst = 2;
  limits.now = [] { return std::chrono::steady_clock::time_point(); };
  RateLimiter limiter(limits);
  DispatcherOptions options = ItemOptions();
  options.rate_limiter = &limiter;
  MakeDispatcher({}, std::move(options));
  const auto alice = Bearer("ADMIN", "alice");
  EXPECT_EQ(Send({"GET", "/v1/items/7", {alice}, ""}).status, 503);
  EXPECT_EQ(Send({"GET", "/v1/items/7", {alice}, ""}).status, 503);
  HttpResponse limited = Send({"GET", "/v1/items/7", {alice}, ""});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(HeaderOf(limited, "retry-after"), "2");
  const auto body = nlohmann::json::parse(limited.body);
  EXPECT_EQ(body["code"], 8);
  EXPECT_THAT(body["message"].get<std::string>(), HasSubstr("rate limit"));
  // Another caller is served; probes are never limited.
  EXPECT_EQ(Send({"GET", "/v1/items/7", {Bearer("ADMIN", "bob")}, ""}).status,
            503);
  EXPECT_EQ(Send({"GET", "/healthz", {alice}, ""}).status, 200);
  EXPECT_EQ(Count("GET", "/v1/items/{id}", "429"), 1);
}

// Issue 17: a route without a token (a calendar feed's address) is
// forwarded with no Authorization header, without a principal, and limited
// per address; every other route still answers 401 first, so nothing of
// the routes leaks.
TEST_F(DispatcherTest, ARouteWithoutTokenIsServedWithoutAuthorization) {
  RateLimitOptions limits;
  limits.rate = 0.5;
  limits.burst = 2;
  limits.now = [] { return std::chrono::steady_clock::time_point(); };
  RateLimiter limiter(limits);
  DispatcherOptions options = ItemOptions();
  options.address_rate_limiter = &limiter;
  options.without_token = [](std::string_view method) {
    return method == "gwtest.ItemService.GetItemCalendar";
  };
  MakeDispatcher({}, std::move(options));
  // Forwarded (no upstream here: 503), with or without a token.
  EXPECT_EQ(Send({"GET", "/v1/items/secret-a.ics", {}, ""}).status, 503);
  EXPECT_EQ(SendAsAdmin({"GET", "/v1/items/secret-a.ics", {}, ""}).status, 503);
  // Limited per address: a third request to the same one is refused,
  // another address has its own bucket.
  EXPECT_EQ(Send({"GET", "/v1/items/secret-a.ics", {}, ""}).status, 429);
  // Another spelling of the same address is the same bucket (issue 17
  // review: the raw path was the key, so %61 for 'a' got a fresh one).
  EXPECT_EQ(Send({"GET", "/v1/items/secret-%61.ics", {}, ""}).status, 429);
  EXPECT_EQ(Send({"GET", "/v1/items/secret-b.ics", {}, ""}).status, 503);
  // Every other route, known or not, still asks for a token.
  EXPECT_EQ(Send({"GET", "/v1/items/7", {}, ""}).status, 401);
  EXPECT_EQ(Send({"GET", "/v1/nowhere", {}, ""}).status, 401);
  EXPECT_EQ(Send({"POST", "/v1/items/secret-a.ics", {}, "{}"}).status, 401);
}

// Issue 17 review: addresses have a limiter of their own, bounded in
// memory, so a flood of made-up addresses neither grows the limiter of
// callers with a token nor evicts (and so refills) a caller's bucket.
TEST_F(DispatcherTest, AFloodOfAddressesLeavesTokenCallersLimited) {
  RateLimitOptions limits;
  limits.rate = 0.5;
  limits.burst = 1;
  limits.max_keys = 64;
  limits.now = [] { return std::chrono::steady_clock::time_point(); };
  RateLimiter callers(limits);
  RateLimiter addresses(limits);
  DispatcherOptions options = ItemOptions();
  options.rate_limiter = &callers;
  options.address_rate_limiter = &addresses;
  options.without_token = [](std::string_view method) {
    return method == "gwtest.ItemService.GetItemCalendar";
  };
  MakeDispatcher({}, std::move(options));
  const auto alice = Bearer("ADMIN", "alice");
  EXPECT_EQ(Send({"GET", "/v1/items/7", {alice}, ""}).status, 503);
  EXPECT_EQ(Send({"GET", "/v1/items/7", {alice}, ""}).status, 429);
  for (int i = 0; i < 1000; ++i) {
    const std::string address = absl::StrCat("/v1/items/made-up-", i, ".ics");
    EXPECT_EQ(Send({"GET", address, {}, ""}).status, 503) << address;
  }
  EXPECT_EQ(callers.size(), 1);
  EXPECT_LE(addresses.size(), 64);
  // Alice's empty bucket is still there: she is still limited.
  EXPECT_EQ(Send({"GET", "/v1/items/7", {alice}, ""}).status, 429);
}

// The real table: only training's ReadCalendarFeed is without a token.
TEST_F(DispatcherTest, OnlyTheCalendarFeedAddressIsWithoutToken) {
  UseRealRoutes();
  for (const Route& route : table_->routes()) {
    EXPECT_EQ(WithoutToken(route.method->full_name()),
              route.method->full_name() ==
                  "jstedu.training.v1.TrainingService.ReadCalendarFeed")
        << route.method->full_name();
  }
  EXPECT_EQ(Send({"GET",
                  "/v1/calendar-feeds/" + std::string(43, 'a') + ".ics",
                  {},
                  ""})
                .status,
            503);
  EXPECT_EQ(Send({"GET", "/v1/calendar-feeds", {}, ""}).status, 401);
  EXPECT_EQ(Send({"DELETE", "/v1/calendar-feeds/x", {}, ""}).status, 401);
  EXPECT_EQ(Send({"GET", "/v1/calendars/trainers/t.ics", {}, ""}).status, 401);
}

TEST_F(DispatcherTest, JsonLimitsComeBeforeTranscoding) {
  const auto post = [this](std::string body) {
    return SendAsAdmin({"POST",
                        "/v1/items",
                        {{"content-type", "application/json"}},
                        std::move(body)});
  };
  HttpResponse deep = post(std::string(40, '[') + std::string(40, ']'));
  EXPECT_EQ(deep.status, 400);
  EXPECT_THAT(nlohmann::json::parse(deep.body)["message"].get<std::string>(),
              HasSubstr("nesting deeper than 32"));
  std::string wide = R"({"tags":[)";
  for (int i = 0; i < 10001; ++i) wide += i == 0 ? "\"a\"" : ",\"a\"";
  HttpResponse array = post(wide + "]}");
  EXPECT_EQ(array.status, 400);
  EXPECT_THAT(nlohmann::json::parse(array.body)["message"].get<std::string>(),
              HasSubstr("more than 10000 elements"));
  HttpResponse broken = post(R"({"id":)");
  EXPECT_EQ(broken.status, 400);
  EXPECT_THAT(nlohmann::json::parse(broken.body)["message"].get<std::string>(),
              HasSubstr("not valid JSON"));
  HttpResponse utf8 = post("{\"id\":\"\xff\"}");
  EXPECT_EQ(utf8.status, 400);
  // Within the limits the body reaches the upstream call.
  EXPECT_EQ(post(R"({"id":"1","tags":["a","b"]})").status, 503);
}

TEST_F(DispatcherTest, TakesLargeBodyOnlyForListedMethods) {
  EXPECT_FALSE(MakeDispatcher().TakesLargeBody("POST", "/v1/items"));
  DispatcherOptions options = ItemOptions();
  options.large_body_methods = {"gwtest.ItemService.CreateItem"};
  Dispatcher& dispatcher = MakeDispatcher({}, std::move(options));
  EXPECT_TRUE(dispatcher.TakesLargeBody("POST", "/v1/items?x=1"));
  EXPECT_FALSE(dispatcher.TakesLargeBody("GET", "/v1/items/7"));
  EXPECT_FALSE(dispatcher.TakesLargeBody("POST", "/v1/elsewhere"));
}

constexpr char kImportTarget[] = "/v1/applications/a-1/participants:import";

// What no JSON scan would pass: a BOM, CRLF, bytes that are not UTF-8, a
// NUL, and brackets deeper than the JSON depth limit.
std::string AwkwardCsv() {
  std::string csv =
      "\xEF\xBB\xBF"
      "first_name;last_name\r\n"
      "Zo\xC5\xBC";
  csv += "a;\xFF\xFE";
  csv += '\0';
  csv += "\r\n" + std::string(40, '[') + ";x\r\n";
  return csv;
}

TEST_F(DispatcherTest, CsvImportTakesTextCsvWithoutJsonChecks) {
  UseRealRoutes();
  ASSERT_FALSE(HasFatalFailure());
  for (const char* type : {"text/csv", "text/csv; charset=utf-8",
                           "Text/CSV;Charset=\"UTF-8\"; header=present"}) {
    HttpResponse response = SendAsAdmin(
        {"POST", kImportTarget, {{"content-type", type}}, AwkwardCsv()});
    // Past every check, to the (missing) upstream.
    EXPECT_EQ(response.status, 503) << type << ": " << response.body;
  }
}

TEST_F(DispatcherTest, UnknownCharsetOnCsvIs415NamingIt) {
  UseRealRoutes();
  ASSERT_FALSE(HasFatalFailure());
  HttpResponse response =
      SendAsAdmin({"POST",
                   kImportTarget,
                   {{"content-type", "text/csv; charset=windows-1250"}},
                   "a;b\r\n"});
  EXPECT_EQ(response.status, 415);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["code"], 3);
  EXPECT_EQ(body["message"],
            "charset \"windows-1250\" is not supported: a text/csv body must "
            "be UTF-8 (charset=utf-8 or none)");
  EXPECT_EQ(body["details"], nlohmann::json::array());
  EXPECT_EQ(Count("POST", "/v1/applications/{application}/participants:import",
                  "415"),
            1);
}

TEST_F(DispatcherTest, CsvImportRefusesOtherMediaTypesWith415) {
  UseRealRoutes();
  ASSERT_FALSE(HasFatalFailure());
  for (const char* type : {"application/json", "text/plain", ""}) {
    HttpResponse response = SendAsAdmin(
        {"POST", kImportTarget, {{"content-type", type}}, R"("YTtiDQo=")"});
    EXPECT_EQ(response.status, 415) << type;
    EXPECT_THAT(
        nlohmann::json::parse(response.body)["message"].get<std::string>(),
        HasSubstr("must be text/csv"));
  }
  EXPECT_EQ(SendAsAdmin({"POST", kImportTarget, {}, "a;b\r\n"}).status, 415)
      << "no Content-Type";
}

TEST_F(DispatcherTest, TextCsvOnJsonRouteIs415) {
  UseRealRoutes();
  ASSERT_FALSE(HasFatalFailure());
  for (const char* target :
       {"/v1/editions", "/v1/applications/a-1/participants",
        "/v1/applications/a-1:qualify"}) {
    HttpResponse response = SendAsAdmin(
        {"POST", target, {{"content-type", "text/csv"}}, "code;name\r\n"});
    EXPECT_EQ(response.status, 415) << target;
    EXPECT_EQ(nlohmann::json::parse(response.body)["message"],
              "the request body must be application/json");
  }
  HttpResponse patch =
      SendAsAdmin({"PATCH",
                   "/v1/participants/p-1?updateMask=email",
                   {{"content-type", "text/csv; charset=utf-8"}},
                   "email\r\n"});
  EXPECT_EQ(patch.status, 415);
}

TEST_F(DispatcherTest, CsvImportTakesTheLargeBodyLimit) {
  // The default large-body methods: LargeBodyRoutes(), up to 20 MiB.
  UseRealRoutes();
  ASSERT_FALSE(HasFatalFailure());
  EXPECT_TRUE(dispatcher_->TakesLargeBody("POST", kImportTarget));
  EXPECT_TRUE(
      dispatcher_->TakesLargeBody("POST", std::string(kImportTarget) + "?x=1"));
  EXPECT_FALSE(
      dispatcher_->TakesLargeBody("POST", "/v1/applications/a-1/participants"));
  EXPECT_FALSE(dispatcher_->TakesLargeBody("POST", "/v1/editions"));
  EXPECT_FALSE(dispatcher_->TakesLargeBody("GET", kImportTarget));
  EXPECT_EQ(HttpServerOptions().large_body_limit, 20u << 20);
  EXPECT_EQ(HttpServerOptions().body_limit, 1u << 20);
}

TEST(CsvIdempotencyTest, FingerprintHashesTheRawCsvBytes) {
  // The Idempotency-Key fingerprint is of the body as received: a CSV that
  // differs only in its line ends, BOM or a non-UTF-8 byte is another
  // request.
  const IdempotencyStore store({}, "x:", std::string(48, 'k'));
  const std::string csv = AwkwardCsv();
  const std::string fingerprint = store.Fingerprint("POST", kImportTarget, csv);
  EXPECT_EQ(fingerprint, store.Fingerprint("POST", kImportTarget, csv));
  std::string lf = csv;
  lf.erase(std::remove(lf.begin(), lf.end(), '\r'), lf.end());
  EXPECT_NE(fingerprint, store.Fingerprint("POST", kImportTarget, lf));
  EXPECT_NE(fingerprint,
            store.Fingerprint("POST", kImportTarget, csv.substr(3)));
  std::string other_byte = csv;
  other_byte[other_byte.find('\xFF')] = '\xFE';
  EXPECT_NE(fingerprint, store.Fingerprint("POST", kImportTarget, other_byte));
}

TEST_F(DispatcherTest, RecruitmentRoutesFollowTheRoleTable) {
  UseRealRoutes();
  ASSERT_FALSE(HasFatalFailure());
  const auto status = [this](const char* role, std::string method,
                             std::string target, std::string body = "") {
    Headers headers = {Bearer(role)};
    if (!body.empty()) {
      headers.emplace_back("content-type", target == kImportTarget
                                               ? "text/csv"
                                               : "application/json");
    }
    return Send({std::move(method), std::move(target), std::move(headers),
                 std::move(body)})
        .status;
  };
  // 503: allowed, and forwarded; 403: refused by the role table.
  for (const char* role : {"ADMIN", "COORDINATOR", "JST"}) {
    EXPECT_EQ(status(role, "POST", kImportTarget, "a;b\r\n"), 503) << role;
    EXPECT_EQ(status(role, "GET", "/v1/participants/p-1"), 503) << role;
    EXPECT_EQ(status(role, "POST", "/v1/editions/E-1/applications", "{}"), 503)
        << role;
  }
  for (const char* role : {"EXPERT", "TRAINER", "MINISTRY"}) {
    EXPECT_EQ(status(role, "POST", kImportTarget, "a;b\r\n"), 403) << role;
    EXPECT_EQ(status(role, "GET", "/v1/participants/p-1"), 403) << role;
    EXPECT_EQ(status(role, "GET", "/v1/editions/E-1"), 503) << role;
  }
  EXPECT_EQ(status("MINISTRY", "GET", "/v1/applications/a-1"), 503);
  EXPECT_EQ(status("EXPERT", "GET", "/v1/applications/a-1"), 403);
  EXPECT_EQ(status("ADMIN", "POST", "/v1/editions", "{}"), 503);
  EXPECT_EQ(status("COORDINATOR", "POST", "/v1/editions", "{}"), 403);
  EXPECT_EQ(status("COORDINATOR", "POST", "/v1/applications/a-1:qualify", "{}"),
            403);
  EXPECT_EQ(status("JST", "POST", "/v1/applications/a-1:withdraw", "{}"), 503);
  EXPECT_EQ(status("JST", "PATCH", "/v1/editions/E-1", "{}"), 403);
}

TEST_F(DispatcherTest, EchoesValidRequestIdAndReplacesInvalidOnes) {
  HttpResponse response =
      Send({"GET", "/healthz", {{"x-request-id", "abc-123"}}, ""});
  EXPECT_EQ(HeaderOf(response, "x-request-id"), "abc-123");
  response = Send({"GET", "/healthz", {{"x-request-id", "bad id\"<>"}}, ""});
  EXPECT_EQ(HeaderOf(response, "x-request-id"),
            "11111111-1111-4111-9111-111111111111");
  response = Send({"GET", "/healthz", {}, ""});
  EXPECT_THAT(
      HeaderOf(response, "x-request-id"),
      MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                   "[0-9a-f]{12}"));
}

TEST_F(DispatcherTest, RejectRecordsWithTheRouteTemplate) {
  HttpResponse response =
      MakeDispatcher().Reject({"POST", "/v1/items", {}, ""}, 413,
                              grpc::StatusCode::RESOURCE_EXHAUSTED, "too big");
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.body, R"({"code":8,"message":"too big","details":[]})");
  EXPECT_EQ(Count("POST", "/v1/items", "413"), 1);
  dispatcher_->Reject({}, 431, grpc::StatusCode::RESOURCE_EXHAUSTED, "big");
  EXPECT_EQ(Count("OTHER", "unmatched", "431"), 1);
}

// ---- Raw responses (jstedu.api.v1.HttpBody) ----

// A gRPC upstream for gwtest.ItemService, which exists only as descriptors
// built at run time: every call, whatever its method, gets the message last
// given to AnswerWith, or fails with the status given to FailWith.
class FakeItemUpstream final : public grpc::CallbackGenericService {
 public:
  void AnswerWith(const google::protobuf::Message& answer) {
    std::lock_guard<std::mutex> lock(mutex_);
    answer_ = answer.SerializeAsString();
    status_ = grpc::Status::OK;
  }

  void FailWith(grpc::Status status) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = std::move(status);
  }

  // The next `calls` calls fail with `status`, as a replica that died under
  // them would (UNAVAILABLE); then the answer set before.
  void FailNext(int calls, grpc::Status status) {
    std::lock_guard<std::mutex> lock(mutex_);
    failing_ = calls;
    failure_ = std::move(status);
  }

  // Calls received so far, by method path.
  std::map<std::string, int> Calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

  grpc::ServerGenericBidiReactor* CreateReactor(
      grpc::GenericCallbackServerContext* context) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ++calls_[context->method()];
    if (failing_ > 0) {
      --failing_;
      return new Call(answer_, failure_);
    }
    return new Call(answer_, status_);
  }

 private:
  // One unary call: reads the request, then answers.
  class Call final : public grpc::ServerGenericBidiReactor {
   public:
    Call(std::string answer, grpc::Status status)
        : answer_(std::move(answer)), status_(std::move(status)) {
      StartRead(&request_);
    }

    void OnReadDone(bool ok) override {
      if (!ok || !status_.ok()) {
        Finish(ok ? status_
                  : grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "none"));
        return;
      }
      grpc::Slice slice(answer_);
      response_ = grpc::ByteBuffer(&slice, 1);
      StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
    }

    void OnDone() override { delete this; }

   private:
    const std::string answer_;
    const grpc::Status status_;
    grpc::ByteBuffer request_;
    grpc::ByteBuffer response_;
  };

  std::mutex mutex_;
  std::string answer_;
  grpc::Status status_;
  int failing_ = 0;
  grpc::Status failure_;
  std::map<std::string, int> calls_;
};

// An iCalendar feed with what no text or JSON handling would leave alone:
// CRLF, UTF-8, a NUL, bytes that are not UTF-8, a quote and a brace.
std::string IcsBytes() {
  std::string ics =
      "BEGIN:VCALENDAR\r\nSUMMARY:Zaj\xC4\x99"
      "cia\r\n";
  ics += '\0';
  ics += "\xFF\xFE\"}\r\nEND:VCALENDAR\r\n";
  return ics;
}

api::v1::HttpBody Calendar(std::string content_type) {
  api::v1::HttpBody body;
  body.set_content_type(std::move(content_type));
  body.set_data(IcsBytes());
  return body;
}

// The test service's routes with a real gRPC upstream (FakeItemUpstream)
// and every route allowed.
class RawResponseTest : public DispatcherTest {
 protected:
  void SetUp() override {
    DispatcherTest::SetUp();
    if (HasFatalFailure()) return;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port_);
    builder.RegisterCallbackGenericService(&fake_);
    server_ = testing::StartLiveServer(builder);
    ASSERT_NE(server_, nullptr);
    upstreams_->Shutdown();
    upstreams_ = std::make_unique<Upstreams>(
        std::vector<UpstreamTarget>{
            {"gwtest.ItemService", "127.0.0.1:" + std::to_string(port_)}},
        std::chrono::seconds(10));
    DispatcherOptions options;
    options.allowed = [](std::string_view, auth::v1::Role) { return true; };
    MakeDispatcher({}, std::move(options));
  }

  void TearDown() override {
    DispatcherTest::TearDown();
    if (server_) server_->Shutdown();
  }

  FakeItemUpstream fake_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(RawResponseTest, AnswersTheHttpBodyBytesUnderItsContentType) {
  fake_.AnswerWith(Calendar("text/calendar; charset=utf-8"));
  HttpResponse response = SendAsAdmin({"GET", "/v1/items/p-1.ics", {}, ""});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, IcsBytes());
  EXPECT_EQ(HeaderOf(response, "content-type"), "text/calendar; charset=utf-8");
  EXPECT_EQ(Count("GET", "/v1/items/{id}.ics", "200"), 1);
}

// WithReadsRetried: a GET whose server failed UNAVAILABLE before answering
// (a replica killed under the call) is answered by the next attempt; a
// write is not repeated, its client gets the 503.
TEST_F(RawResponseTest, ReadsAreRetriedOnUnavailableAndWritesAreNot) {
  upstreams_->Shutdown();
  upstreams_ = std::make_unique<Upstreams>(
      WithReadsRetried(
          {{"gwtest.ItemService", "127.0.0.1:" + std::to_string(port_)}},
          *table_),
      std::chrono::seconds(10));
  DispatcherOptions options;
  options.allowed = [](std::string_view, auth::v1::Role) { return true; };
  MakeDispatcher({}, std::move(options));

  // Bytes a gwtest.Sub reads as {id: "p-1"} (field 1, a string).
  api::v1::HttpBody answer;
  answer.set_content_type("p-1");
  fake_.AnswerWith(answer);
  const grpc::Status killed(grpc::StatusCode::UNAVAILABLE,
                            "Socket closed (the replica was killed)");
  fake_.FailNext(2, killed);
  HttpResponse read = SendAsAdmin({"GET", "/v1/items/p-1", {}, ""});
  EXPECT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(fake_.Calls()["/gwtest.ItemService/GetItem"], 3)
      << "two failed attempts and the one that answered";

  fake_.FailNext(1, killed);
  HttpResponse write = SendAsAdmin({"POST",
                                    "/v1/items",
                                    {{"content-type", "application/json"}},
                                    R"({"id": "p-2"})"});
  EXPECT_EQ(write.status, 503) << write.body;
  EXPECT_EQ(fake_.Calls()["/gwtest.ItemService/CreateItem"], 1) << write.body;
}

TEST_F(DispatcherTest, ReadsRetriedAreTheMethodsOfGetRoutes) {
  const std::vector<UpstreamTarget> targets = WithReadsRetried(
      {{"gwtest.ItemService", "127.0.0.1:1"}, {"other.Service", "x:1"}},
      *table_);
  std::set<std::string> reads;
  for (const grpcutil::ReadMethod& read : targets[0].reads) {
    EXPECT_EQ(read.service, "gwtest.ItemService");
    reads.insert(read.method);
  }
  EXPECT_TRUE(reads.count("GetItem"));
  EXPECT_FALSE(reads.count("CreateItem"));
  EXPECT_FALSE(reads.count("GetFile")) << "a DELETE route, whatever its name";
  EXPECT_TRUE(targets[1].reads.empty());
}

TEST_F(RawResponseTest, DownloadsAreAttachmentsNamedAfterTheirPath) {
  fake_.AnswerWith(Calendar("text/calendar; charset=utf-8"));
  const std::pair<std::string, std::string> cases[] = {
      {"/v1/items/p-1.ics", R"(attachment; filename="items-p-1.ics")"},
      {"/v1/items/7/pages/2.ics",
       R"(attachment; filename="items-7-pages-2.ics")"},
      // Quotes, slashes, spaces and controls never reach the name; other
      // characters go in filename* (RFC 6266, RFC 8187).
      {"/v1/items/a%22b%2F..%5Cc%0D%0Ad.ics",
       R"(attachment; filename="items-a_b_.._c__d.ics")"},
      {"/v1/items/%C5%BC%C3%B3%C5%82w%20x.ics",
       R"(attachment; filename="items-___w_x.ics"; )"
       R"(filename*=UTF-8''items-%C5%BC%C3%B3%C5%82w_x.ics)"},
  };
  for (const auto& [target, disposition] : cases) {
    HttpResponse response = SendAsAdmin({"GET", target, {}, ""});
    EXPECT_EQ(response.status, 200) << target;
    EXPECT_EQ(HeaderOf(response, "content-disposition"), disposition) << target;
  }
  // Errors are no downloads.
  fake_.FailWith(grpc::Status(grpc::StatusCode::NOT_FOUND, "no calendar"));
  HttpResponse missing = SendAsAdmin({"GET", "/v1/items/p-9.ics", {}, ""});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(HeaderOf(missing, "content-disposition"), "<absent>");
}

TEST_F(RawResponseTest, NoContentTypeIsOctetStream) {
  fake_.AnswerWith(Calendar(""));
  HttpResponse response =
      SendAsAdmin({"GET", "/v1/items/7/pages/2.ics", {}, ""});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, IcsBytes());
  EXPECT_EQ(HeaderOf(response, "content-type"), "application/octet-stream");
}

TEST_F(RawResponseTest, UnsafeContentTypeIs502AndNeverAHeader) {
  fake_.AnswerWith(Calendar("text/calendar\r\nSet-Cookie: session=stolen"));
  HttpResponse response = SendAsAdmin({"GET", "/v1/items/p-1.ics", {}, ""});
  EXPECT_EQ(response.status, 502);
  EXPECT_EQ(HeaderOf(response, "content-type"), "<absent>");
  EXPECT_EQ(HeaderOf(response, "set-cookie"), "<absent>");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["code"], 13);
  EXPECT_THAT(body["message"].get<std::string>(),
              ::testing::AllOf(HasSubstr("invalid content type"),
                               ::testing::Not(HasSubstr("Set-Cookie"))));
  EXPECT_EQ(body["details"], nlohmann::json::array());
  EXPECT_EQ(Count("GET", "/v1/items/{id}.ics", "502"), 1);
}

TEST_F(RawResponseTest, ErrorsKeepTheJsonErrorBody) {
  fake_.FailWith(grpc::Status(grpc::StatusCode::NOT_FOUND, "no calendar"));
  HttpResponse response = SendAsAdmin({"GET", "/v1/items/p-9.ics", {}, ""});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body,
            R"({"code":5,"message":"no calendar","details":[]})");
  EXPECT_EQ(HeaderOf(response, "content-type"), "<absent>");
  // And before the upstream: a path value the request type refuses.
  HttpResponse bad = SendAsAdmin({"GET", "/v1/items/7/pages/two.ics", {}, ""});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(HeaderOf(bad, "content-type"), "<absent>");
}

// A service's UNAVAILABLE with a google.rpc detail is the application's
// own answer: its message reaches the client (here the one a write whose
// COMMIT lost its connection answers, common/pg/status.h); gRPC's own
// UNAVAILABLE (no details) names internal addresses and is replaced.
TEST_F(RawResponseTest, UnavailableWithDetailsKeepsItsMessage) {
  const std::string message =
      "the database connection was lost while saving; the outcome is "
      "unknown: retry with the same Idempotency-Key";
  google::rpc::ErrorInfo info;
  info.set_reason("COMMIT_OUTCOME_UNKNOWN");
  info.set_domain("jstedu");
  google::rpc::Status details;
  details.set_code(grpc::StatusCode::UNAVAILABLE);
  details.set_message(message);
  details.add_details()->PackFrom(info);
  fake_.FailWith(grpc::Status(grpc::StatusCode::UNAVAILABLE, message,
                              details.SerializeAsString()));
  HttpResponse response = SendAsAdmin({"GET", "/v1/items/7", {}, ""});
  EXPECT_EQ(response.status, 503);
  nlohmann::json body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body.value("message", ""), message) << response.body;
  EXPECT_EQ(body["details"][0].value("reason", ""), "COMMIT_OUTCOME_UNKNOWN")
      << response.body;

  fake_.FailWith(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                              "failed to connect to all addresses; "
                              "last error: 10.0.0.7:50051"));
  response = SendAsAdmin({"GET", "/v1/items/7", {}, ""});
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(nlohmann::json::parse(response.body).value("message", ""),
            "the upstream service is unavailable");
}

// A service refusing the principal the gateway signed (the deployment's
// principal keys disagree) is the gateway's fault, not the caller's: 500
// with nothing of the service's message, never 401 (which would send the
// console back to sign in).
TEST_F(RawResponseTest, AServiceRefusingTheSignedPrincipalIsAServerError) {
  fake_.FailWith(grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                              "the call's principal is not signed by this "
                              "deployment: its signature does not match"));
  HttpResponse response = SendAsAdmin({"GET", "/v1/items/7", {}, ""});
  EXPECT_EQ(response.status, 500) << response.body;
  EXPECT_EQ(response.body.find("signature"), std::string::npos)
      << response.body;
}

TEST_F(RawResponseTest, JsonRoutesStayJson) {
  const RouteMatch match = table_->Match("GET", "/v1/items/7");
  ASSERT_EQ(match.outcome, RouteMatch::Outcome::kMatched);
  std::unique_ptr<google::protobuf::Message> sub(
      match.route->response_prototype->New());
  sub->GetReflection()->SetString(
      sub.get(), sub->GetDescriptor()->FindFieldByName("id"), "7");
  fake_.AnswerWith(*sub);
  HttpResponse response = SendAsAdmin({"GET", "/v1/items/7", {}, ""});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"({"id":"7","note":""})");
  EXPECT_EQ(HeaderOf(response, "content-type"), "<absent>");
}

// Sends `request` to 127.0.0.1:`port` and returns every byte the server
// writes until it closes the connection (send "Connection: close").
std::string RoundTrip(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  std::string received;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) ==
          0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char chunk[4096];
    for (ssize_t n; (n = recv(fd, chunk, sizeof(chunk), 0)) > 0;) {
      received.append(chunk, static_cast<size_t>(n));
    }
  }
  close(fd);
  return received;
}

// The header lines of a response (status line excluded) named `name`, any
// case, as "value".
std::vector<std::string> HeaderLines(const std::string& head,
                                     std::string_view name) {
  std::vector<std::string> values;
  for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
    const size_t colon = line.find(':');
    if (colon == absl::string_view::npos ||
        !absl::EqualsIgnoreCase(line.substr(0, colon),
                                absl::string_view(name.data(), name.size()))) {
      continue;
    }
    values.emplace_back(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  return values;
}

TEST_F(RawResponseTest, OverHttpOneContentTypeAndHeadWithoutBody) {
  HttpServerOptions options;
  options.listen = "127.0.0.1:0";
  HttpServer http(options, *dispatcher_);
  auto port = http.Start();
  ASSERT_TRUE(port.ok()) << port.status();
  fake_.AnswerWith(Calendar("text/calendar; charset=utf-8"));
  const std::string request_head =
      " /v1/items/p-1.ics HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
      "Authorization: " +
      Bearer().second + "\r\n\r\n";

  const std::string get = RoundTrip(*port, "GET" + request_head);
  const size_t get_end = get.find("\r\n\r\n");
  ASSERT_NE(get_end, std::string::npos) << get;
  const std::string head = get.substr(0, get_end);
  EXPECT_TRUE(absl::StartsWith(head, "HTTP/1.1 200 ")) << head;
  EXPECT_THAT(HeaderLines(head, "content-type"),
              ElementsAre("text/calendar; charset=utf-8"));
  EXPECT_THAT(HeaderLines(head, "content-length"),
              ElementsAre(std::to_string(IcsBytes().size())));
  EXPECT_EQ(get.substr(get_end + 4), IcsBytes());

  // HEAD is routed like any other method: no route has it, so 405 with the
  // headers of the refusal and no body at all.
  const std::string head_only = RoundTrip(*port, "HEAD" + request_head);
  const size_t head_end = head_only.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << head_only;
  EXPECT_TRUE(absl::StartsWith(head_only, "HTTP/1.1 405 ")) << head_only;
  EXPECT_THAT(HeaderLines(head_only.substr(0, head_end), "allow"),
              ElementsAre("GET, PATCH"));
  EXPECT_EQ(head_only.substr(head_end + 4), "");
  http.Shutdown(std::chrono::seconds(5));
}

TEST_F(DispatcherTest, PreflightOverHttpOneHasNoContent) {
  MakeDispatcher({}, CorsOptions());
  HttpServerOptions options;
  options.listen = "127.0.0.1:0";
  HttpServer http(options, *dispatcher_);
  auto port = http.Start();
  ASSERT_TRUE(port.ok()) << port.status();
  const std::string answer = RoundTrip(
      *port,
      "OPTIONS /v1/items/7 HTTP/1.1\r\nHost: test\r\nConnection: close\r\n"
      "Origin: https://console.example\r\n"
      "Access-Control-Request-Method: PATCH\r\n\r\n");
  const size_t end = answer.find("\r\n\r\n");
  ASSERT_NE(end, std::string::npos) << answer;
  const std::string head = answer.substr(0, end);
  EXPECT_TRUE(absl::StartsWith(head, "HTTP/1.1 204 ")) << head;
  EXPECT_THAT(HeaderLines(head, "access-control-allow-origin"),
              ElementsAre(kConsole));
  EXPECT_THAT(HeaderLines(head, "content-length"), ::testing::IsEmpty());
  EXPECT_THAT(HeaderLines(head, "content-type"), ::testing::IsEmpty());
  EXPECT_EQ(answer.substr(end + 4), "");
  http.Shutdown(std::chrono::seconds(5));
}

// The gateway's /readyz answer with these upstreams (their addresses
// unreachable).
HttpResponse ReadyzWith(const std::vector<UpstreamTarget>& targets) {
  auto table = RouteTable::FromServices({});
  EXPECT_TRUE(table.ok());
  Upstreams upstreams(targets, std::chrono::seconds(1));
  metrics::Registry registry;
  DispatcherOptions options;
  options.registry = &registry;
  Dispatcher dispatcher(*table, upstreams, std::move(options));
  std::promise<HttpResponse> promise;
  dispatcher.Handle({"GET", "/readyz", {}, ""}, [&promise](HttpResponse r) {
    promise.set_value(std::move(r));
  });
  HttpResponse response = promise.get_future().get();
  upstreams.Shutdown();
  return response;
}

TEST(ReadinessTest, UnreachableUpstreamIs503ListingItsState) {
  // Port 1 on loopback: nothing listens, the connection is refused.
  const HttpResponse response =
      ReadyzWith({{"jstedu.recruitment.v1.RecruitmentService", "127.0.0.1:1"}});
  EXPECT_EQ(response.status, 503);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], "not_ready");
  ASSERT_EQ(body["services"].size(), 1u);
  EXPECT_EQ(body["services"][0]["service"],
            "jstedu.recruitment.v1.RecruitmentService");
  EXPECT_NE(body["services"][0]["state"], "SERVING");
}

// A service that does not gate readiness (notifications) is listed with
// its state, and its outage leaves the gateway ready.
TEST(ReadinessTest, AnUpstreamThatDoesNotGateReadinessIsListedOnly) {
  const HttpResponse response =
      ReadyzWith({{"jstedu.notifications.v1.NotificationsService",
                   "127.0.0.1:1",
                   {},
                   /*gates_readiness=*/false}});
  EXPECT_EQ(response.status, 200);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], "ready");
  ASSERT_EQ(body["services"].size(), 1u);
  EXPECT_NE(body["services"][0]["state"], "SERVING");
}

TEST(UpstreamTest, NoReadyServerWithinTheDeadlineIsUnavailable) {
  auto table = RouteTable::FromGeneratedPool(BackendServices());
  ASSERT_TRUE(table.ok()) << table.status();
  const RouteMatch match = table->Match("GET", "/v1/jsts/2476011");
  ASSERT_NE(match.route, nullptr);
  // Nothing listens on port 1: the call waits for a server (wait_for_ready)
  // until its deadline, and never reached the service: 503, not 504.
  Upstreams upstreams(
      {{"jstedu.recruitment.v1.RecruitmentService", "127.0.0.1:1"}},
      std::chrono::milliseconds(300));
  std::unique_ptr<google::protobuf::Message> request(
      match.route->request_prototype->New());
  std::promise<grpc::Status> promise;
  upstreams.Call(*match.route, *request, {},
                 [&promise](const grpc::Status& status,
                            std::unique_ptr<google::protobuf::Message>) {
                   promise.set_value(status);
                 });
  const grpc::Status status = promise.get_future().get();
  upstreams.Shutdown();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << status.error_message();
  EXPECT_EQ(status.error_message(),
            "no server of jstedu.recruitment.v1.RecruitmentService was ready "
            "within the deadline");
}

TEST(TraceparentTest, Validity) {
  EXPECT_TRUE(IsValidTraceparent(kTraceparent));
  EXPECT_TRUE(IsValidTraceparent(
      "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra"));
  EXPECT_FALSE(IsValidTraceparent(""));
  EXPECT_FALSE(IsValidTraceparent(
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra"));
  EXPECT_FALSE(IsValidTraceparent(
      "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
  EXPECT_FALSE(IsValidTraceparent(
      "00-00000000000000000000000000000000-b7ad6b7169203331-01"));
  EXPECT_FALSE(IsValidTraceparent(
      "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01"));
  EXPECT_FALSE(IsValidTraceparent(
      "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01"));
}

}  // namespace
}  // namespace jstedu::gateway
