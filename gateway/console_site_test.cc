#include "gateway/console_site.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The console the build installs (console/build.sh) where the gateway looks
// by default: the test binary sits beside jstedu-gateway.
TEST(ConsoleSiteTest, TheBuildInstallsTheConsole) {
  auto site = LoadConsoleSite(DefaultConsoleDir(), ConsoleSettings{});
  ASSERT_TRUE(site.ok()) << site.status();
  const std::string& page = site->files.at("index.html");
  EXPECT_THAT(page, HasSubstr("<jst-app></jst-app>"));
  EXPECT_THAT(page, HasSubstr(R"(src="/console/assets/)"));
  bool has_script = false;
  for (const auto& [name, body] : site->files) {
    if (name.rfind("assets/", 0) == 0 && name.size() > 3 &&
        name.substr(name.size() - 3) == ".js") {
      has_script = true;
    }
  }
  EXPECT_TRUE(has_script);
}

// Nothing the page loads comes from elsewhere, and nothing is inline: the
// policy has neither 'unsafe-inline' nor another origin for scripts or
// styles.
TEST(ConsoleSiteTest, ThePageLoadsNothingInlineOrFromElsewhere) {
  auto site = LoadConsoleSite(DefaultConsoleDir(), ConsoleSettings{});
  ASSERT_TRUE(site.ok()) << site.status();
  const std::string& page = site->files.at("index.html");
  EXPECT_THAT(page, Not(HasSubstr("http:")));
  EXPECT_THAT(page, Not(HasSubstr("https:")));
  EXPECT_THAT(page, Not(HasSubstr("<script>")));
  EXPECT_THAT(page, Not(HasSubstr("<style")));
  EXPECT_THAT(page, Not(HasSubstr(" style=")));
  // Without an icon of its own the browser asks for /favicon.ico.
  EXPECT_THAT(page, HasSubstr(R"(<link rel="icon" href="data:,">)"));
}

TEST(ConsoleSiteTest, ThePolicyAllowsTheIssuerOnlyWhereSignInNeedsIt) {
  EXPECT_EQ(ConsoleContentSecurityPolicy("https://id.example.gov.pl"),
            "default-src 'none'; script-src 'self'; style-src 'self'; "
            "connect-src 'self' https://id.example.gov.pl; img-src 'self' "
            "data:; frame-ancestors 'none'; base-uri 'none'; form-action "
            "'self' https://id.example.gov.pl");
  EXPECT_EQ(ConsoleContentSecurityPolicy(""),
            "default-src 'none'; script-src 'self'; style-src 'self'; "
            "connect-src 'self'; img-src 'self' data:; frame-ancestors "
            "'none'; base-uri 'none'; form-action 'self'");
}

TEST(ConsoleSiteTest, TheIssuersOriginIsItsSchemeHostAndPort) {
  EXPECT_EQ(*IssuerOrigin("https://id.example.gov.pl/realms/jstedu"),
            "https://id.example.gov.pl");
  EXPECT_EQ(*IssuerOrigin("http://127.0.0.1:8090"), "http://127.0.0.1:8090");
  EXPECT_EQ(*IssuerOrigin("http://127.0.0.1:8090/oidc/"),
            "http://127.0.0.1:8090");
  EXPECT_EQ(*IssuerOrigin(""), "");
  for (const char* bad :
       {"id.example.gov.pl", "ftp://id.example.gov.pl", "https://",
        "https://id.example.gov.pl:0", "https://ID.example.gov.pl",
        "https://id.example.gov.pl/a b", "https://id.example.gov.pl/a;b",
        "https://id.example.gov.pl/?x", "https://a.pl,https://b.pl",
        "https://id.example.gov.pl/\"x"}) {
    auto origin = IssuerOrigin(bad);
    EXPECT_FALSE(origin.ok()) << bad;
    if (!origin.ok()) {
      EXPECT_EQ(origin.status().code(), absl::StatusCode::kInvalidArgument);
    }
  }
}

TEST(ConsoleSiteTest, TheSettingsAreServedAsJson) {
  ConsoleSettings settings;
  settings.issuer = "https://id.example.gov.pl/jstedu";
  auto json = nlohmann::json::parse(ConsoleConfigJson(settings));
  EXPECT_EQ(json,
            (nlohmann::json{{"issuer", "https://id.example.gov.pl/jstedu"},
                            {"clientId", "jstedu-console"},
                            {"scope", "openid profile"},
                            {"roleClaim", "role"}}));
}

ConsoleSite SmallSite() {
  ConsoleSite site;
  site.files = {{"index.html", "page"},
                {"assets/index-1.js", "script"},
                {"assets/index-1.css", "style"},
                {"robots.txt", "none"}};
  site.config_json = "{}";
  site.content_security_policy = "policy";
  return site;
}

TEST(ConsoleSiteTest, EveryScreenIsThePageAndEveryFileItself) {
  const ConsoleSite site = SmallSite();
  for (const char* screen : {"/console", "/console/", "/console/jsts",
                             "/console/callback", "/console/jsts/2476011/"}) {
    auto file = FindConsoleFile(site, screen);
    ASSERT_TRUE(file.has_value()) << screen;
    EXPECT_EQ(*file->body, "page") << screen;
    EXPECT_STREQ(file->content_type, "text/html; charset=utf-8");
    EXPECT_FALSE(file->cacheable);
  }
  auto script = FindConsoleFile(site, "/console/assets/index-1.js");
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(*script->body, "script");
  EXPECT_STREQ(script->content_type, "text/javascript; charset=utf-8");
  EXPECT_TRUE(script->cacheable);
  EXPECT_STREQ(
      FindConsoleFile(site, "/console/assets/index-1.css")->content_type,
      "text/css; charset=utf-8");
  EXPECT_FALSE(FindConsoleFile(site, "/console/robots.txt")->cacheable);
  auto config = FindConsoleFile(site, "/console/config.json");
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(*config->body, "{}");
  EXPECT_STREQ(config->content_type, "application/json");
  EXPECT_FALSE(config->cacheable);
}

// A missing file is not answered with the page (a script that is HTML),
// and nothing outside /console/ is the console's.
TEST(ConsoleSiteTest, AMissingFileIsNotThePage) {
  const ConsoleSite site = SmallSite();
  for (const char* path :
       {"/console/assets/index-2.js", "/console/index.html.bak", "/console/..",
        "/console/../v1/openapi.json", "/consolex", "/consoles/jsts", "/docs",
        "/"}) {
    EXPECT_FALSE(FindConsoleFile(site, path).has_value()) << path;
  }
  EXPECT_FALSE(IsConsolePath("/consolex"));
  EXPECT_TRUE(IsConsolePath("/console"));
  EXPECT_TRUE(IsConsolePath("/console/x"));
}

TEST(ConsoleSiteTest, ADirectoryWithoutThePageIsNotFound) {
  auto site = LoadConsoleSite("/nonexistent/jstedu-console", ConsoleSettings{});
  ASSERT_FALSE(site.ok());
  EXPECT_EQ(site.status().code(), absl::StatusCode::kNotFound);
}

TEST(ConsoleSiteTest, ABadIssuerIsRefusedAtLoad) {
  ConsoleSettings settings;
  settings.issuer = "not a url";
  auto site = LoadConsoleSite(DefaultConsoleDir(), settings);
  ASSERT_FALSE(site.ok());
  EXPECT_EQ(site.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace jstedu::gateway
