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
