// Redis with a password (issue 22, managed Redis): a real redis-server
// started here with `requirepass` and an ACL user; the client
// authenticates every connection it makes, a wrong password is refused in
// Redis's words without the password in them, and without credentials
// nothing is read.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/redis/client.h"
#include "common/testing/fixtures.h"
#include "common/testing/process.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::redis {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kDefaultPassword[] = "default-secret-4f1c";
constexpr char kUserPassword[] = "jstedu-secret-9a7e";

// redis-server on the PATH (tools/dev installs Debian's).
std::string RedisServer() {
  const char* path = std::getenv("PATH");
  for (const absl::string_view dir :
       absl::StrSplit(path != nullptr ? path : "/usr/bin", ':')) {
    const std::string candidate = absl::StrCat(dir, "/redis-server");
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "/usr/bin/redis-server";
}

class RedisAuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = testing::FreePort();
    dir_ = ::testing::TempDir() + "/redis-auth-" + std::to_string(getpid());
    std::filesystem::create_directories(dir_);
    server_ = new testing::ChildProcess(
        {RedisServer(), "--port", std::to_string(port_), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no", "--dir", dir_, "--requirepass",
         kDefaultPassword, "--user", "jstedu", "on",
         absl::StrCat(">", kUserPassword), "~jstedu:*", "+@all"},
        {}, dir_ + "/redis.log");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static ClientOptions Options() {
    ClientOptions options;
    options.port = port_;
    return options;
  }

  static std::string PasswordFile(const std::string& password) {
    const std::string path = dir_ + "/password";
    std::ofstream(path) << password << "\n";
    return path;
  }

  // PING until the server answers (it is starting), with `options`.
  static absl::StatusOr<Reply> Ping(const ClientOptions& options) {
    absl::StatusOr<Reply> reply = absl::UnavailableError("not asked");
    testing::WaitUntil(
        [&] {
          Client client(options);
          reply = client.Command({"PING"});
          return reply.ok() || reply.status().message().find("unreachable") ==
                                   std::string::npos;
        },
        std::chrono::seconds(10));
    return reply;
  }

  static inline int port_ = 0;
  static inline std::string dir_;
  static inline testing::ChildProcess* server_ = nullptr;
};

TEST_F(RedisAuthTest, AnAclUserWithItsPasswordIsServed) {
  auto options =
      WithCredentials(Options(), "jstedu", PasswordFile(kUserPassword));
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->password, kUserPassword);  // the newline dropped
  auto pong = Ping(*options);
  ASSERT_TRUE(pong.ok()) << pong.status();
  EXPECT_EQ(pong->str, "PONG");
  // Within the user's keys, a write and a read; a pipeline too.
  Client client(*options);
  auto set = client.Command({"SET", "jstedu:auth-test", "1"});
  ASSERT_TRUE(set.ok() && !set->is_error()) << (set.ok() ? set->str : "");
  auto replies = client.Pipeline(
      {{"INCR", "jstedu:auth-test"}, {"GET", "jstedu:auth-test"}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  EXPECT_EQ((*replies)[1].str, "2");
  // Outside them, Redis's ACL answers an error.
  auto other = client.Command({"GET", "other:key"});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->is_error());
}

TEST_F(RedisAuthTest, TheDefaultUserAuthenticatesWithThePasswordAlone) {
  auto options = WithCredentials(Options(), "", PasswordFile(kDefaultPassword));
  ASSERT_TRUE(options.ok()) << options.status();
  auto pong = Ping(*options);
  ASSERT_TRUE(pong.ok()) << pong.status();
  EXPECT_EQ(pong->str, "PONG");
}

TEST_F(RedisAuthTest, AWrongPasswordIsRefusedWithoutShowingIt) {
  auto options =
      WithCredentials(Options(), "jstedu", PasswordFile("not-the-password"));
  ASSERT_TRUE(options.ok());
  auto refused = Ping(*options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("refused the credentials of user jstedu"));
  EXPECT_THAT(std::string(refused.status().message()),
              Not(HasSubstr("not-the-password")));
}

TEST_F(RedisAuthTest, WithoutCredentialsNothingIsRead) {
  auto reply = Ping(Options());
  ASSERT_TRUE(reply.ok()) << reply.status();
  EXPECT_TRUE(reply->is_error());
  EXPECT_THAT(reply->str, HasSubstr("NOAUTH"));
}

TEST(RedisCredentialsTest, BadSettingsNameTheVariable) {
  const ClientOptions plain;
  auto none = WithCredentials(plain, "", "");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->password, "");
  auto user_only = WithCredentials(plain, "jstedu", "");
  EXPECT_THAT(std::string(user_only.status().message()),
              HasSubstr("JSTEDU_REDIS_USERNAME: needs "
                        "JSTEDU_REDIS_PASSWORD_FILE"));
  for (const std::string& file :
       {::testing::TempDir() + "/no-such-password", ::testing::TempDir()}) {
    auto unreadable = WithCredentials(plain, "", file);
    EXPECT_EQ(unreadable.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(unreadable.status().message()),
                HasSubstr("JSTEDU_REDIS_PASSWORD_FILE: must name a readable "
                          "file"));
  }
}

}  // namespace
}  // namespace jstedu::redis
