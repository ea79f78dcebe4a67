// The typed TypeScript client against the real stack (issue 17): the
// program tests/openapi/client/client.ts, its types generated from the
// gateway's OpenAPI document and compiled with `tsc --strict` by the CTest
// fixture api_client_build (tests/openapi/client.sh), is run with node
// against this suite's stack, as a client developer would use the API. It
// opens an edition, applies as a JST with a participant and reads it all
// back (details in client.ts); this test then checks, with its own
// requests, that what the client says it made is there.
#include "tests/e2e/recruitment_e2e.h"

namespace jstedu::testing {
namespace {

class ApiClientTest : public RecruitmentE2eTest {};

TEST_F(ApiClientTest, TheGeneratedClientWorksAgainstTheStack) {
  const std::string client =
      RequireEnv("JSTEDU_API_CLIENT_DIR") + "/dist/client.js";
  ASSERT_TRUE(std::filesystem::exists(client)) << client << " was not built";
  const NodeRun run = RunNode(
      {client},
      {{"JSTEDU_API_URL", GatewayUrl()},
       {"JSTEDU_TOKEN_ADMIN", AdminToken()},
       {"JSTEDU_TOKEN_JST",
        stack_->Token("JST", "client-jst-staff", {{"jst", "2476011"}})},
       {"JSTEDU_TOKEN_OTHER_JST",
        stack_->Token("JST", "client-other-jst-staff", {{"jst", "0201011"}})}},
      "api-client");
  ASSERT_EQ(run.status, 0) << run.output;
  // Its last line: what it made.
  const nlohmann::json& made = run.last_line;
  ASSERT_TRUE(made.is_object()) << run.output;

  HttpResponse edition = Get("/v1/editions/" + made.value("edition", ""));
  ASSERT_EQ(edition.status, 200) << edition.body;
  EXPECT_EQ(Body(edition)["submittedCount"], 1);
  HttpResponse application =
      Get("/v1/applications/" + made.value("application", ""));
  ASSERT_EQ(application.status, 200) << application.body;
  EXPECT_EQ(Body(application)["teryt"], "2476011");
  EXPECT_EQ(Body(application)["activeRepresentatives"], 1);
  HttpResponse participant =
      Get("/v1/participants/" + made.value("participant", ""));
  ASSERT_EQ(participant.status, 200) << participant.body;
  EXPECT_EQ(Body(participant)["lastName"], "Klientowa");
  EXPECT_EQ(Body(participant)["application"], made.value("application", ""));
}

}  // namespace
}  // namespace jstedu::testing
