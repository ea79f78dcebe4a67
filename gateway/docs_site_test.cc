#include "gateway/docs_site.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The files the build installs (gateway/docs_ui/vendor.sh) where the
// gateway looks by default: the test binary sits beside jstedu-gateway.
TEST(DocsSiteTest, TheBuildInstallsASameOriginReference) {
  auto site = LoadDocsSite(DefaultDocsDir());
  ASSERT_TRUE(site.ok()) << site.status();
  EXPECT_THAT(site->index_html,
              HasSubstr(R"(<redoc spec-url="/v1/openapi.json">)"));
  EXPECT_THAT(site->index_html,
              HasSubstr(R"(<script src="/docs/redoc.standalone.js">)"));
  // Nothing from another origin, no inline script (script-src 'self').
  EXPECT_THAT(site->index_html, Not(HasSubstr("http:")));
  EXPECT_THAT(site->index_html, Not(HasSubstr("https:")));
  EXPECT_THAT(site->index_html, Not(HasSubstr("<script>")));
  EXPECT_THAT(site->script, HasSubstr("Redoc"));
}

// Every address the page would load is its own: no request the CSP blocks
// (an error in the console of every visit), none the browser makes by
// itself either.
TEST(DocsSiteTest, ThePageAsksForNothingTheGatewayRefuses) {
  auto site = LoadDocsSite(DefaultDocsDir());
  ASSERT_TRUE(site.ok()) << site.status();
  // Redoc's menu footer loads Redocly's logo from its CDN (vendor.sh).
  // (find, not HasSubstr: a failure would print the whole megabyte.)
  EXPECT_EQ(site->script.find("cdn.redoc.ly"), std::string::npos);
  // Without an icon of its own the browser asks for /favicon.ico (401).
  EXPECT_THAT(site->index_html,
              HasSubstr(R"(<link rel="icon" href="data:,">)"));
}

// Redoc's search runs in a worker made from a Blob of its own code: the
// policy allows that and no worker script from any address.
TEST(DocsSiteTest, WorkersComeFromBlobsOnly) {
  EXPECT_THAT(kDocsContentSecurityPolicy, HasSubstr(" worker-src blob:;"));
}

TEST(DocsSiteTest, FindsItsTwoFiles) {
  const DocsSite site{"page", "script"};
  EXPECT_EQ(*FindDocsFile(site, "/docs")->body, "page");
  EXPECT_EQ(*FindDocsFile(site, "/docs/")->body, "page");
  EXPECT_EQ(*FindDocsFile(site, "/docs/redoc.standalone.js")->body, "script");
  EXPECT_FALSE(FindDocsFile(site, "/docs/index.html").has_value());
  EXPECT_FALSE(FindDocsFile(site, "/docs/../v1/openapi.json").has_value());
}

TEST(DocsSiteTest, AMissingDirectoryIsNotFound) {
  auto site = LoadDocsSite("/nonexistent/jstedu-docs");
  ASSERT_FALSE(site.ok());
  EXPECT_EQ(site.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace jstedu::gateway
