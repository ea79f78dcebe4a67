// Browser tests (issue 18): tests/browser/*.test.mjs, playwright-core
// driving Debian's Chromium, run with `node --test` against this suite's
// stack, whose gateway trusts the development issuer and serves the
// console. Screenshots go to JSTEDU_SCREENSHOT_DIR in the build tree
// (tests/e2e/screenshots), for a person to look at.
#include <filesystem>

#include "tests/e2e/recruitment_e2e.h"

namespace jstedu::testing {
namespace {

// The stack's gateway trusts the development issuer, as `tools/dev up`'s
// does, so the console's sign-in is the real one.
class BrowserTest : public RecruitmentE2eTest {
 protected:
  static void SetUpTestSuite() {
    with_issuer_ = true;
    RecruitmentE2eTest::SetUpTestSuite();
  }
  static void TearDownTestSuite() {
    RecruitmentE2eTest::TearDownTestSuite();
    with_issuer_ = false;
  }
};

TEST_F(BrowserTest, EveryBrowserTestPasses) {
  const std::string dir = RequireEnv("JSTEDU_SOURCE_DIR") + "/tests/browser";
  std::vector<std::string> args = {"--test", "--test-reporter=spec"};
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 9 && name.substr(name.size() - 9) == ".test.mjs") {
      args.push_back(entry.path().string());
    }
  }
  ASSERT_GT(args.size(), 2u) << "no browser test in " << dir;
  const NodeRun run =
      RunNode(args,
              {{"JSTEDU_BASE_URL", GatewayUrl()},
               {"JSTEDU_ISSUER_URL", stack_->issuer_url},
               {"JSTEDU_SCREENSHOT_DIR", RequireEnv("JSTEDU_SCREENSHOT_DIR")}},
              "browser");
  EXPECT_EQ(run.status, 0) << run.output;
}

}  // namespace
}  // namespace jstedu::testing
