#include "gateway/cors.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(ParseAllowedOriginsTest, ExactOriginsCommaSeparated) {
  auto origins = ParseAllowedOrigins(
      " https://console.jstedu.gov.pl, http://localhost:5173,,"
      "https://[::1]:8443 ,http://10.0.0.7");
  ASSERT_TRUE(origins.ok()) << origins.status();
  EXPECT_THAT(*origins, ElementsAre("https://console.jstedu.gov.pl",
                                    "http://localhost:5173",
                                    "https://[::1]:8443", "http://10.0.0.7"));
  auto none = ParseAllowedOrigins("");
  ASSERT_TRUE(none.ok());
  EXPECT_THAT(*none, IsEmpty());
}

TEST(ParseAllowedOriginsTest, AnythingButAnOriginIsRefusedNamingIt) {
  const std::pair<const char*, const char*> bad[] = {
      {"*", "no wildcard"},
      {"null", "no wildcard"},
      {"https://*.example.com", "host"},
      {"console.example.com", "scheme"},
      {"ftp://example.com", "scheme"},
      {"HTTPS://example.com", "scheme"},
      {"https://Example.com", "host"},
      {"https://example.com/", "host"},
      {"https://example.com/app", "host"},
      {"https://user@example.com", "host"},
      {"https://", "host"},
      {"https://example.com:443", "default port 443"},
      {"http://example.com:80", "default port 80"},
      {"https://example.com:0", "port"},
      {"https://example.com:65536", "port"},
      {"https://example.com:08443", "port"},
      {"https://example.com:", "port"},
      {"https://[::1", "IPv6"},
      {"https://[::1]x", "IPv6"},
      {"https://[::1]:443", "default port 443"},
  };
  for (const auto& [origin, why] : bad) {
    auto parsed =
        ParseAllowedOrigins(std::string("https://ok.example, ") + origin);
    ASSERT_FALSE(parsed.ok()) << origin;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    const std::string message(parsed.status().message());
    EXPECT_THAT(message, HasSubstr(std::string("\"") + origin + "\""));
    EXPECT_THAT(message, HasSubstr(why)) << origin;
  }
}

TEST(CorsPolicyTest, NoOriginsNoHeaders) {
  CorsPolicy policy;
  EXPECT_FALSE(policy.Allows("https://console.example"));
  EXPECT_FALSE(policy.Allows(""));
  CorsPolicy::HeaderList headers;
  policy.AddResponseHeaders("https://console.example", headers);
  EXPECT_THAT(headers, IsEmpty());
}

TEST(CorsPolicyTest, AnAllowedOriginIsEchoedExactly) {
  const CorsPolicy policy({"https://console.example"});
  EXPECT_TRUE(policy.Allows("https://console.example"));
  for (const char* other :
       {"https://console.example.evil", "http://console.example",
        "https://CONSOLE.example", "https://console.example/", ""}) {
    EXPECT_FALSE(policy.Allows(other)) << other;
    CorsPolicy::HeaderList headers;
    policy.AddResponseHeaders(other, headers);
    EXPECT_THAT(headers, ElementsAre(Pair("vary", "Origin"))) << other;
  }
  CorsPolicy::HeaderList headers;
  policy.AddResponseHeaders("https://console.example", headers);
  EXPECT_THAT(
      headers,
      ElementsAre(
          Pair("vary", "Origin"),
          Pair("access-control-allow-origin", "https://console.example"),
          Pair("access-control-expose-headers",
               "x-request-id, retry-after, content-disposition, "
               "idempotent-replayed")));
}

TEST(CorsPolicyTest, PreflightHeaders) {
  CorsPolicy::HeaderList headers;
  CorsPolicy::AddPreflightHeaders("PATCH", headers);
  EXPECT_THAT(headers,
              ElementsAre(Pair("access-control-allow-methods", "PATCH"),
                          Pair("access-control-allow-headers",
                               "authorization, content-type, idempotency-key, "
                               "x-request-id, traceparent"),
                          Pair("access-control-max-age", "600")));
}

}  // namespace
}  // namespace jstedu::gateway
