#include "gateway/dispatcher.h"

#include <future>
#include <string>

#include "common/metrics/metrics.h"
#include "gateway/test_protos.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kTraceparent[] =
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

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
  }

  void TearDown() override { upstreams_->Shutdown(); }

  Dispatcher& MakeDispatcher(std::vector<Middleware> middlewares = {}) {
    DispatcherOptions options;
    options.middlewares = std::move(middlewares);
    options.registry = &registry_;
    options.now = [] { return std::chrono::steady_clock::time_point(); };
    options.random = [] { return uint64_t{0x1111111111111111}; };
    dispatcher_ =
        std::make_unique<Dispatcher>(*table_, *upstreams_, std::move(options));
    return *dispatcher_;
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

  testing::ItemRoutes routes_;
  RouteTable* table_ = nullptr;
  std::unique_ptr<Upstreams> upstreams_;
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
  HttpResponse response = Send({"GET", "/v1/nothing/2476011?x=1", {}, ""});
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 5);
  EXPECT_EQ(Count("GET", "unmatched", "404"), 1);
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllow) {
  HttpResponse response = Send({"DELETE", "/v1/items/7", {}, ""});
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(HeaderOf(response, "allow"), "GET, PATCH");
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 12);
}

TEST_F(DispatcherTest, NonJsonBodyIs415) {
  HttpResponse response = Send(
      {"POST", "/v1/items", {{"content-type", "text/plain"}}, R"({"id":"1"})"});
  EXPECT_EQ(response.status, 415);
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], 3);
  EXPECT_EQ(Count("POST", "/v1/items", "415"), 1);
}

TEST_F(DispatcherTest, BadQueryIs400NamingTheParameter) {
  HttpResponse response = Send({"GET", "/v1/items/7?pageSize=abc", {}, ""});
  EXPECT_EQ(response.status, 400);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["code"], 3);
  EXPECT_THAT(body["message"].get<std::string>(), HasSubstr("pageSize"));
  EXPECT_EQ(Count("GET", "/v1/items/{id}", "400"), 1);
}

TEST_F(DispatcherTest, UnservedServiceIs503) {
  HttpResponse response = Send({"GET", "/v1/items/7", {}, ""});
  EXPECT_EQ(response.status, 503);
  EXPECT_EQ(response.body,
            R"({"code":14,"message":"the upstream service is unavailable",)"
            R"("details":[]})");
}

TEST_F(DispatcherTest, MiddlewareCanRefuseBeforeTranscoding) {
  std::vector<std::string> seen;
  MakeDispatcher({[&seen](const Route& route, const HttpRequest& request,
                          RequestContext& context) {
    seen.push_back(route.path.text + " " + context.request_id);
    if (request.Header("authorization").empty()) {
      return absl::UnauthenticatedError("missing bearer token");
    }
    return absl::OkStatus();
  }});
  HttpResponse response =
      Send({"GET", "/v1/items/7?pageSize=abc", {{"x-request-id", "r-1"}}, ""});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.body,
            R"({"code":16,"message":"missing bearer token","details":[]})");
  EXPECT_THAT(seen, ::testing::ElementsAre("/v1/items/{id} r-1"));
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

TEST(ReadinessTest, UnreachableUpstreamIs503ListingItsState) {
  auto table = RouteTable::FromServices({});
  ASSERT_TRUE(table.ok());
  // Port 1 on loopback: nothing listens, the connection is refused.
  Upstreams upstreams(
      {{"jstedu.recruitment.v1.RecruitmentService", "127.0.0.1:1"}},
      std::chrono::seconds(1));
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
  EXPECT_EQ(response.status, 503);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], "not_ready");
  ASSERT_EQ(body["services"].size(), 1u);
  EXPECT_EQ(body["services"][0]["service"],
            "jstedu.recruitment.v1.RecruitmentService");
  EXPECT_NE(body["services"][0]["state"], "SERVING");
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
