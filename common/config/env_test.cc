// Env: typed configuration read from a map, all problems reported at once.
#include "common/config/env.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::config {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

// Check() after reading TIMEOUT=`value` as a duration.
absl::Status DurationStatus(const std::string& value) {
  Env env = Env::FromMap({{"TIMEOUT", value}});
  env.Duration("TIMEOUT", milliseconds(7));
  return env.Check();
}

// Check() after reading ADDR=`value` as an optional host:port.
absl::Status HostPortStatus(const std::string& value) {
  Env env = Env::FromMap({{"ADDR", value}});
  env.HostPort("ADDR", "fallback:1");
  return env.Check();
}

TEST(Env, NothingReadIsOk) {
  Env env = Env::FromMap({});
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, RequiredStringIsReturnedWhenSet) {
  Env env = Env::FromMap({{"DSN", "postgres://db"}});
  EXPECT_EQ(env.String("DSN"), "postgres://db");
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, MissingRequiredStringIsNamedByCheck) {
  Env env = Env::FromMap({});
  env.String("JSTEDU_PG_DSN");
  absl::Status status = env.Check();
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("JSTEDU_PG_DSN"));
}

TEST(Env, EveryBadVariableIsNamedInOneMessage) {
  Env env = Env::FromMap({{"PORT_COUNT", "many"},
                          {"TIMEOUT", "5h"},
                          {"ADDR", "no-port"},
                          {"LEVEL", "loud"}});
  env.String("DSN");
  env.Int("PORT_COUNT", 1, 1, 10);
  env.Duration("TIMEOUT", milliseconds(1));
  env.HostPort("ADDR", "localhost:1");
  env.OneOf("LEVEL", "info", {"debug", "info"});
  absl::Status status = env.Check();
  ASSERT_TRUE(absl::IsInvalidArgument(status)) << status;
  std::string message(status.message());
  for (const char* name : {"DSN", "PORT_COUNT", "TIMEOUT", "ADDR", "LEVEL"}) {
    EXPECT_THAT(message, HasSubstr(name));
  }
}

TEST(Env, GoodVariablesAreNotNamedInTheMessage) {
  Env env = Env::FromMap({{"GOOD_INT", "3"}});
  env.Int("GOOD_INT", 1, 1, 10);
  env.String("MISSING");
  absl::Status status = env.Check();
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("GOOD_INT")));
}

TEST(Env, OptionalStringFallsBackWhenUnset) {
  Env env = Env::FromMap({});
  EXPECT_EQ(env.String("LOG_LEVEL", "info"), "info");
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, EmptyValueIsTreatedAsUnset) {
  Env env = Env::FromMap({{"REQUIRED", ""}, {"OPTIONAL", ""}, {"COUNT", ""}});
  EXPECT_EQ(env.String("OPTIONAL", "fallback"), "fallback");
  EXPECT_EQ(env.Int("COUNT", 4, 1, 10), 4);
  env.String("REQUIRED");
  absl::Status status = env.Check();
  ASSERT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("REQUIRED"));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("OPTIONAL")));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("COUNT")));
}

TEST(Env, EmptyRequiredHostPortIsTreatedAsUnset) {
  Env env = Env::FromMap({{"LISTEN", ""}});
  env.HostPort("LISTEN");
  absl::Status status = env.Check();
  ASSERT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("LISTEN"));
}

TEST(Env, IntWithinRangeIsReturned) {
  Env env = Env::FromMap({{"LOW", "1"}, {"HIGH", "10"}, {"NEGATIVE", "-5"}});
  EXPECT_EQ(env.Int("LOW", 0, 1, 10), 1);
  EXPECT_EQ(env.Int("HIGH", 0, 1, 10), 10);
  EXPECT_EQ(env.Int("NEGATIVE", 0, -10, 10), -5);
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, IntFallsBackWhenUnset) {
  Env env = Env::FromMap({});
  EXPECT_EQ(env.Int("POOL_SIZE", 8, 1, 64), 8);
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, IntBelowMinimumIsRejected) {
  Env env = Env::FromMap({{"POOL_SIZE", "0"}});
  EXPECT_EQ(env.Int("POOL_SIZE", 8, 1, 64), 8);
  absl::Status status = env.Check();
  ASSERT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("POOL_SIZE"));
}

TEST(Env, IntAboveMaximumIsRejected) {
  Env env = Env::FromMap({{"POOL_SIZE", "65"}});
  EXPECT_EQ(env.Int("POOL_SIZE", 8, 1, 64), 8);
  absl::Status status = env.Check();
  ASSERT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("POOL_SIZE"));
}

TEST(Env, NonIntegerIsRejected) {
  Env env = Env::FromMap({{"POOL_SIZE", "8x"}});
  env.Int("POOL_SIZE", 8, 1, 64);
  absl::Status status = env.Check();
  ASSERT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("POOL_SIZE"));
}

TEST(Env, DurationInMilliseconds) {
  Env env = Env::FromMap({{"TIMEOUT", "250ms"}});
  EXPECT_EQ(env.Duration("TIMEOUT", milliseconds(1)), milliseconds(250));
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, DurationInSeconds) {
  Env env = Env::FromMap({{"TIMEOUT", "5s"}});
  EXPECT_EQ(env.Duration("TIMEOUT", milliseconds(1)), milliseconds(5000));
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, DurationInMinutes) {
  Env env = Env::FromMap({{"TIMEOUT", "2m"}});
  EXPECT_EQ(env.Duration("TIMEOUT", milliseconds(1)), milliseconds(120000));
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, DurationFallsBackWhenUnset) {
  Env env = Env::FromMap({});
  EXPECT_EQ(env.Duration("TIMEOUT", milliseconds(1500)), milliseconds(1500));
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, DurationInHoursIsRejected) {
  absl::Status status = DurationStatus("5h");
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("TIMEOUT"));
}

TEST(Env, DurationWithoutNumberIsRejected) {
  absl::Status status = DurationStatus("abc");
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("TIMEOUT"));
}

TEST(Env, NegativeDurationIsRejected) {
  absl::Status status = DurationStatus("-1s");
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("TIMEOUT"));
}

TEST(Env, DurationBeyondTheRangeOfMillisecondsIsRejected) {
  // 2^63 / 60000 is about 1.5e14 minutes: more would overflow.
  EXPECT_TRUE(absl::IsInvalidArgument(DurationStatus("200000000000000m")));
  EXPECT_TRUE(absl::IsInvalidArgument(DurationStatus("9223372036854776s")));
  EXPECT_TRUE(DurationStatus("153722867280912m").ok());
}

TEST(Env, DurationWithoutUnitIsRejected) {
  EXPECT_TRUE(absl::IsInvalidArgument(DurationStatus("250")));
}

TEST(Env, BadDurationReturnsTheFallback) {
  Env env = Env::FromMap({{"TIMEOUT", "5h"}});
  EXPECT_EQ(env.Duration("TIMEOUT", milliseconds(7)), milliseconds(7));
}

TEST(Env, HostPortIsReturnedWhenWellFormed) {
  Env env = Env::FromMap({{"A", "127.0.0.1:9101"},
                          {"B", "localhost:0"},
                          {"C", "db.internal:65535"}});
  EXPECT_EQ(env.HostPort("A", "x:1"), "127.0.0.1:9101");
  EXPECT_EQ(env.HostPort("B", "x:1"), "localhost:0");
  EXPECT_EQ(env.HostPort("C", "x:1"), "db.internal:65535");
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, GrpcTargetIsOneAddressOrAListOfReplicas) {
  Env env = Env::FromMap({{"ONE", "jstedu-recruitment:50051"},
                          {"TWO", "ipv4:127.0.0.1:50051,127.0.0.1:50151"},
                          {"SIX", "ipv6:[::1]:50051,[::1]:50151"}});
  EXPECT_EQ(env.GrpcTarget("ONE", "x:1"), "jstedu-recruitment:50051");
  EXPECT_EQ(env.GrpcTarget("TWO"), "ipv4:127.0.0.1:50051,127.0.0.1:50151");
  EXPECT_EQ(env.GrpcTarget("SIX"), "ipv6:[::1]:50051,[::1]:50151");
  EXPECT_EQ(env.GrpcTarget("UNSET", "x:1"), "x:1");
  EXPECT_TRUE(env.Check().ok()) << env.Check();
}

TEST(Env, GrpcTargetRefusesAListWithoutScheme) {
  for (const char* bad :
       {"127.0.0.1:50051,127.0.0.1:50151", "ipv4:", "ipv4:127.0.0.1",
        "ipv4:127.0.0.1:50051,", "ipv4:127.0.0.1:50051,:7", "recruitment",
        // gRPC's ipv4:/ipv6: schemes take numeric addresses only, v6 ones
        // in brackets, and no spaces.
        "ipv4:localhost:50051", "ipv4:127.0.0.1:50051, 127.0.0.1:50151",
        "ipv6:::1:50051", "ipv4:[::1]:50051", "ipv6:127.0.0.1:50051"}) {
    Env env = Env::FromMap({{"ADDR", bad}});
    EXPECT_EQ(env.GrpcTarget("ADDR", "fallback:1"), "fallback:1") << bad;
    const absl::Status status = env.Check();
    EXPECT_TRUE(absl::IsInvalidArgument(status)) << bad;
    EXPECT_THAT(std::string(status.message()),
                HasSubstr("ADDR: \"" + std::string(bad) +
                          "\" is neither host:port nor a list of replicas"));
  }
  Env env = Env::FromMap({});
  env.GrpcTarget("REQUIRED");
  EXPECT_THAT(std::string(env.Check().message()),
              HasSubstr("REQUIRED: is required but not set"));
}

TEST(Env, HostPortFallsBackWhenUnset) {
  Env env = Env::FromMap({});
  EXPECT_EQ(env.HostPort("ADDR", "0.0.0.0:8080"), "0.0.0.0:8080");
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, HostPortWithoutPortIsRejected) {
  absl::Status status = HostPortStatus("localhost");
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("ADDR"));
}

TEST(Env, HostPortWithoutHostIsRejected) {
  EXPECT_TRUE(absl::IsInvalidArgument(HostPortStatus(":8080")));
}

TEST(Env, HostPortWithEmptyPortIsRejected) {
  EXPECT_TRUE(absl::IsInvalidArgument(HostPortStatus("localhost:")));
}

TEST(Env, HostPortWithPortAbove65535IsRejected) {
  EXPECT_TRUE(absl::IsInvalidArgument(HostPortStatus("localhost:65536")));
}

TEST(Env, HostPortWithNegativePortIsRejected) {
  EXPECT_TRUE(absl::IsInvalidArgument(HostPortStatus("localhost:-1")));
}

TEST(Env, HostPortWithNonNumericPortIsRejected) {
  EXPECT_TRUE(absl::IsInvalidArgument(HostPortStatus("localhost:http")));
}

TEST(Env, MissingRequiredHostPortIsNamed) {
  Env env = Env::FromMap({});
  env.HostPort("JSTEDU_REDIS_ADDR");
  absl::Status status = env.Check();
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("JSTEDU_REDIS_ADDR"));
}

TEST(Env, BadRequiredHostPortIsNamed) {
  Env env = Env::FromMap({{"JSTEDU_REDIS_ADDR", "redis"}});
  env.HostPort("JSTEDU_REDIS_ADDR");
  absl::Status status = env.Check();
  EXPECT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("JSTEDU_REDIS_ADDR"));
}

TEST(Env, OneOfAcceptsAnAllowedValue) {
  Env env = Env::FromMap({{"LEVEL", "debug"}});
  EXPECT_EQ(env.OneOf("LEVEL", "info", {"debug", "info", "error"}), "debug");
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, OneOfFallsBackWhenUnset) {
  Env env = Env::FromMap({});
  EXPECT_EQ(env.OneOf("LEVEL", "info", {"debug", "info"}), "info");
  EXPECT_TRUE(env.Check().ok());
}

TEST(Env, OneOfRejectsOtherValues) {
  Env env = Env::FromMap({{"LEVEL", "DEBUG"}});
  EXPECT_EQ(env.OneOf("LEVEL", "info", {"debug", "info"}), "info");
  absl::Status status = env.Check();
  ASSERT_TRUE(absl::IsInvalidArgument(status)) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("LEVEL"));
}

TEST(Env, NamesListsEveryVariableRead) {
  Env env = Env::FromMap({{"SET", "x"}, {"PORT", "80"}});
  env.String("SET");
  env.String("UNSET_REQUIRED");
  env.String("UNSET_OPTIONAL", "d");
  env.Int("PORT", 1, 1, 100);
  env.Duration("TIMEOUT", milliseconds(1));
  env.HostPort("ADDR", "a:1");
  env.HostPort("REQUIRED_ADDR");
  env.OneOf("LEVEL", "info", {"info"});
  EXPECT_EQ(env.Names(), (std::set<std::string>{
                             "SET", "UNSET_REQUIRED", "UNSET_OPTIONAL", "PORT",
                             "TIMEOUT", "ADDR", "REQUIRED_ADDR", "LEVEL"}));
}

TEST(Env, NamesDoesNotListVariablesNotRead) {
  Env env = Env::FromMap({{"READ", "x"}, {"NOT_READ", "y"}});
  env.String("READ");
  EXPECT_EQ(env.Names(), (std::set<std::string>{"READ"}));
}

}  // namespace
}  // namespace jstedu::config

namespace jstedu::config {
namespace {

TEST(PrintEnvNames, ListsEveryNameReadSortedWithoutReadingTheEnvironment) {
  setenv("JSTEDU_ENV_TEST_SET", "x", 1);
  std::ostringstream out;
  EXPECT_EQ(PrintEnvNames(
                [](Env& env) {
                  env.String("JSTEDU_B");
                  env.Int("JSTEDU_A", 1, 0, 2);
                  env.String("JSTEDU_ENV_TEST_SET", "default");
                },
                out),
            0);
  EXPECT_EQ(out.str(), "JSTEDU_A\nJSTEDU_B\nJSTEDU_ENV_TEST_SET\n");
  char name[] = "jstedu-x";
  char flag[] = "--env-vars";
  char other[] = "--help";
  char* with_flag[] = {name, flag};
  char* with_other[] = {name, other};
  EXPECT_TRUE(AskedForEnvNames(2, with_flag));
  EXPECT_FALSE(AskedForEnvNames(2, with_other));
  EXPECT_FALSE(AskedForEnvNames(1, with_flag));
}

}  // namespace
}  // namespace jstedu::config

namespace jstedu::config {
namespace {

std::string TempFile(const std::string& name, const std::string& text) {
  const std::string path =
      (std::filesystem::temp_directory_path() /
       ("jstedu-env-test-" + std::to_string(::getpid()) + "-" + name))
          .string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(ReadSecretFile, DropsOneTrailingNewline) {
  const std::string path = TempFile("secret", "s3cret\n");
  EXPECT_EQ(ReadSecretFile(path), "s3cret");
  std::ofstream(path, std::ios::binary) << "two\n\n";
  EXPECT_EQ(ReadSecretFile(path), "two\n");
  std::remove(path.c_str());
}

TEST(ReadSecretFile, NothingFromAnEmptyMissingOrDirectoryPath) {
  const std::string empty = TempFile("empty", "");
  EXPECT_EQ(ReadSecretFile(empty), std::nullopt);
  const std::string newline = TempFile("newline", "\n");
  EXPECT_EQ(ReadSecretFile(newline), std::nullopt);
  std::remove(empty.c_str());
  std::remove(newline.c_str());
  EXPECT_EQ(ReadSecretFile("/nonexistent/jstedu/secret"), std::nullopt);
  // libstdc++ throws reading a directory: no answer, no exception.
  EXPECT_EQ(ReadSecretFile(std::filesystem::temp_directory_path().string()),
            std::nullopt);
  EXPECT_EQ(ReadFileText(std::filesystem::temp_directory_path().string()),
            std::nullopt);
}

TEST(ReadFileText, TheWholeFileAsItIs) {
  const std::string path = TempFile("text", "a\r\nb\n");
  EXPECT_EQ(ReadFileText(path), "a\r\nb\n");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace jstedu::config
