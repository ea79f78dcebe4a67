// The operator's signed principal (`<service> sign-principal`,
// RunSignPrincipalCommand): what it prints verifies as the deployment's and
// holds the principal asked for; bad arguments and a missing key exit 2.
#include "common/grpc/principal.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/grpc/context.h"
#include "common/grpc/principal_signature.h"
#include "common/grpc/service_host.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::grpcutil {
namespace {

struct Outcome {
  std::optional<int> status;
  std::string out, err;
};

Outcome SignPrincipal(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  std::ostringstream out, err;
  Outcome run;
  run.status = RunSignPrincipalCommand(static_cast<int>(argv.size()),
                                       argv.data(), out, err);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::string KeyFile(const std::string& bytes) {
  const std::string path = ::testing::TempDir() + "/sign-principal.key";
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(SignPrincipalCommandTest, OtherCommandsAreNotIt) {
  EXPECT_FALSE(SignPrincipal({"jstedu-training"}).status.has_value());
  EXPECT_FALSE(
      SignPrincipal({"jstedu-training", "--env-vars"}).status.has_value());
}

TEST(SignPrincipalCommandTest, PrintsAPrincipalTheDeploymentAccepts) {
  setenv(kPrincipalKeyFileVariable, KeyFile(std::string(40, 'k')).c_str(), 1);
  const Outcome run = SignPrincipal({"jstedu-training", "sign-principal",
                                     "--subject", "ops-jan", "--role",
                                     "COORDINATOR", "--voivodeship", "24"});
  ASSERT_EQ(run.status, 0) << run.err;
  const std::vector<std::string> lines =
      absl::StrSplit(run.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2u) << run.out;
  const std::string bin_prefix = absl::StrCat(kPrincipalKey, ": ");
  const std::string sig_prefix = absl::StrCat(kPrincipalSignatureKey, ": ");
  ASSERT_TRUE(absl::StartsWith(lines[0], bin_prefix)) << lines[0];
  ASSERT_TRUE(absl::StartsWith(lines[1], sig_prefix)) << lines[1];
  std::string bytes;
  ASSERT_TRUE(absl::Base64Unescape(lines[0].substr(bin_prefix.size()), &bytes));
  auth::v1::Principal principal;
  ASSERT_TRUE(principal.ParseFromString(bytes));
  EXPECT_EQ(principal.subject(), "ops-jan");
  EXPECT_EQ(principal.role(), auth::v1::COORDINATOR);
  EXPECT_EQ(principal.voivodeship(), "24");
  // The same key verifies it, as a service started with it would.
  UsePrincipalKeys({std::string(40, 'k'), ""});
  const std::string signature = lines[1].substr(sig_prefix.size());
  EXPECT_TRUE(VerifyPrincipal(bytes, signature, absl::Now()).ok());
  UsePrincipalKeys({std::string(40, 'z'), ""});
  EXPECT_FALSE(VerifyPrincipal(bytes, signature, absl::Now()).ok());
}

TEST(SignPrincipalCommandTest, BadArgumentsAndAMissingKeyExitTwo) {
  setenv(kPrincipalKeyFileVariable, KeyFile(std::string(40, 'k')).c_str(), 1);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"x", "sign-principal"},
           {"x", "sign-principal", "--role", "ADMIN"},
           {"x", "sign-principal", "--subject", "ops", "--role", "KING"},
           {"x", "sign-principal", "--subject", "ops", "--role",
            "ROLE_UNSPECIFIED"},
           {"x", "sign-principal", "--subject", "ops", "--role", "ADMIN",
            "--as", "root"},
           {"x", "sign-principal", "--subject"},
           // The scopes the gateway requires of a token.
           {"x", "sign-principal", "--subject", "ops", "--role", "COORDINATOR"},
           {"x", "sign-principal", "--subject", "ops", "--role", "COORDINATOR",
            "--voivodeship", "13"},
           {"x", "sign-principal", "--subject", "ops", "--role", "ADMIN",
            "--voivodeship", "24"},
           {"x", "sign-principal", "--subject", "ops", "--role", "JST"},
           {"x", "sign-principal", "--subject", "ops", "--role", "JST", "--jst",
            "24760"},
           {"x", "sign-principal", "--subject", "ops", "--role", "MINISTRY",
            "--jst", "2476011"}}) {
    const Outcome run = SignPrincipal(args);
    EXPECT_EQ(run.status, 2) << absl::StrJoin(args, " ");
    EXPECT_THAT(run.err, ::testing::HasSubstr("usage: sign-principal"));
    EXPECT_EQ(run.out, "");
  }
  unsetenv(kPrincipalKeyFileVariable);
  const Outcome run = SignPrincipal(
      {"x", "sign-principal", "--subject", "ops", "--role", "ADMIN"});
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.err, ::testing::HasSubstr("JSTEDU_PRINCIPAL_KEY_FILE"));
  EXPECT_EQ(run.out, "");
}

// A service refuses to start without a usable principal key (exit 2).
TEST(SignPrincipalCommandTest, AServiceWithoutAUsableKeyDoesNotStart) {
  for (const std::string& file :
       {std::string(""), ::testing::TempDir() + "/no-such.key",
        KeyFile(std::string(8, 'k'))}) {
    EXPECT_EXIT(
        {
          setenv("JSTEDU_PG_DSN", "host=db", 1);
          setenv("JSTEDU_REDIS_ADDR", "redis:6379", 1);
          setenv(kPrincipalKeyFileVariable, file.c_str(), 1);
          LoadServiceConfigOrExit("training", 50052, 9102);
          std::exit(0);
        },
        ::testing::ExitedWithCode(2), "")
        << file;
  }
  // A one-off command that serves no call needs none.
  EXPECT_EXIT(
      {
        setenv("JSTEDU_PG_DSN", "host=db", 1);
        setenv("JSTEDU_REDIS_ADDR", "redis:6379", 1);
        unsetenv(kPrincipalKeyFileVariable);
        LoadServiceConfigOrExit("recruitment", 50051, 9101,
                                /*serves_calls=*/false);
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace jstedu::grpcutil
