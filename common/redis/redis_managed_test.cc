// A managed Redis (issue 22): a password and TLS, against real servers.
//
// Password: a redis-server started here with `requirepass` and an ACL
// user; the client authenticates every connection it makes, a wrong
// password is refused in Redis's words without the password in them, and
// without credentials nothing is read.
//
// TLS: a redis-server started here on a TLS port only, with the test CA's
// certificate (tools/dev test makes them: JSTEDU_TEST_TLS_DIR) and an ACL
// user; and the throwaway test Redis's TLS port, which requires a client
// certificate. The client verifies the chain and the name, refuses another
// authority, another name and a plain port, and a client certificate
// opens the server that requires one.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/redis/client.h"
#include "common/redis/tls.h"
#include "common/testing/fixtures.h"
#include "common/testing/process.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::redis {
namespace {

using ::testing::AnyOf;
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

// PING until the server answers (it is starting), with `options`.
absl::StatusOr<Reply> Ping(const ClientOptions& options) {
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

// The test CA's files (tools/dev test).
std::string TlsFile(const std::string& name) {
  return testing::RequireEnv("JSTEDU_TEST_TLS_DIR") + "/" + name;
}

class RedisTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    port_ = testing::FreePort();
    dir_ = ::testing::TempDir() + "/redis-tls-" + std::to_string(getpid());
    std::filesystem::create_directories(dir_);
    // TLS only (port 0: no plain port); a client certificate optional.
    server_ = new testing::ChildProcess({RedisServer(),
                                         "--port",
                                         "0",
                                         "--tls-port",
                                         std::to_string(port_),
                                         "--bind",
                                         "127.0.0.1",
                                         "--save",
                                         "",
                                         "--appendonly",
                                         "no",
                                         "--dir",
                                         dir_,
                                         "--tls-cert-file",
                                         TlsFile("redis.crt"),
                                         "--tls-key-file",
                                         TlsFile("redis.key"),
                                         "--tls-ca-cert-file",
                                         TlsFile("ca.crt"),
                                         "--tls-auth-clients",
                                         "optional",
                                         "--user",
                                         "jstedu",
                                         "on",
                                         absl::StrCat(">", kUserPassword),
                                         "~jstedu:*",
                                         "+@all"},
                                        {}, dir_ + "/redis.log");
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // The server above by `host`, TLS verified against the test CA, short
  // timeouts (a refusal comes quickly).
  static ClientOptions Tls(const std::string& host = "127.0.0.1") {
    ClientOptions options;
    options.host = host;
    options.port = port_;
    options.io_timeout = std::chrono::milliseconds(1000);
    options.tls.ca_file = TlsFile("ca.crt");
    return options;
  }

  static inline int port_ = 0;
  static inline std::string dir_;
  static inline testing::ChildProcess* server_ = nullptr;
};

TEST_F(RedisTlsTest, TheServerNamedInItsCertificateServesAnAclUser) {
  ClientOptions options = Tls();
  options.tls.server_name = "localhost";
  options.username = "jstedu";
  options.password = kUserPassword;
  auto pong = Ping(options);
  ASSERT_TRUE(pong.ok()) << pong.status();
  EXPECT_EQ(pong->str, "PONG");
  Client client(options);
  // Large values cross several TLS records both ways.
  const std::string big(300 * 1024, 'x');
  auto replies = client.Pipeline({{"SET", "jstedu:tls-test", big},
                                  {"APPEND", "jstedu:tls-test", "y"},
                                  {"GET", "jstedu:tls-test"}});
  ASSERT_TRUE(replies.ok()) << replies.status();
  EXPECT_EQ((*replies)[1].integer, static_cast<long long>(big.size() + 1));
  EXPECT_EQ((*replies)[2].str, big + "y");
  auto who = client.Command({"ACL", "WHOAMI"});
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->str, "jstedu");
}

TEST_F(RedisTlsTest, AnIpAddressIsCheckedAgainstTheCertificatesAddresses) {
  auto pong = Ping(Tls("127.0.0.1"));
  ASSERT_TRUE(pong.ok()) << pong.status();
  EXPECT_EQ(pong->str, "PONG");
}

TEST_F(RedisTlsTest, AHostNameResolvesAndIsChecked) {
  auto pong = Ping(Tls("localhost"));  // ::1 refused, then 127.0.0.1
  ASSERT_TRUE(pong.ok()) << pong.status();
  EXPECT_EQ(pong->str, "PONG");
}

TEST_F(RedisTlsTest, AnotherAuthorityIsRefused) {
  ClientOptions options = Tls();
  options.tls.ca_file = TlsFile("other-ca.crt");
  auto refused = Ping(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("TLS handshake failed: the server's certificate was "
                        "refused: "));
}

TEST_F(RedisTlsTest, AnotherNameIsRefused) {
  ClientOptions options = Tls();
  options.tls.server_name = "redis.example.org";
  auto refused = Ping(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("the server's certificate was refused: hostname "
                        "mismatch"));
  options.tls.server_name = "127.0.0.2";  // not in the certificate
  auto by_ip = Ping(options);
  ASSERT_FALSE(by_ip.ok());
  EXPECT_THAT(std::string(by_ip.status().message()),
              HasSubstr("the server's certificate was refused: IP address "
                        "mismatch"));
}

TEST_F(RedisTlsTest, PlainTextIsNotSpokenToTheTlsPort) {
  ClientOptions plain = Tls();
  plain.tls = {};
  auto refused = Ping(plain);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  // Redis drops a connection that does not begin a handshake.
  EXPECT_THAT(std::string(refused.status().message()),
              AnyOf(HasSubstr("read failed: connection closed"),
                    HasSubstr("read failed: Connection reset by peer")));
}

// A timed-out read drops the connection (what was half read cannot be
// trusted) with the reason, and the next command connects again: the paths
// a relay or a consumer takes when Redis stalls or restarts.
TEST_F(RedisTlsTest, ATimeoutOrADroppedConnectionIsFollowedByANewOne) {
  ClientOptions options = Tls();
  options.username = "jstedu";
  options.password = kUserPassword;
  ASSERT_TRUE(Ping(options).ok());
  Client client(options);
  // BLPOP blocks 2 s, beyond the 1 s io_timeout.
  auto stalled = client.Command({"BLPOP", "jstedu:tls-nothing", "2"});
  ASSERT_FALSE(stalled.ok());
  EXPECT_THAT(std::string(stalled.status().message()),
              HasSubstr("read failed: timed out"));
  auto id = client.Command({"CLIENT", "ID"});
  ASSERT_TRUE(id.ok()) << id.status();
  // Another connection kills this one, as a Redis restart or failover would.
  Client other(options);
  auto killed =
      other.Command({"CLIENT", "KILL", "ID", absl::StrCat(id->integer)});
  ASSERT_TRUE(killed.ok() && killed->integer == 1) << killed.status();
  auto lost = client.Command({"PING"});
  ASSERT_FALSE(lost.ok());
  EXPECT_THAT(std::string(lost.status().message()), HasSubstr("read failed"));
  auto again = client.Command({"PING"});
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->str, "PONG");
}

// A server that closes idle connections (Redis's `timeout`, as managed
// Redis services and proxies do): the command after a quiet spell still
// succeeds, the client having found the connection gone with a PING.
TEST_F(RedisTlsTest, AConnectionClosedWhileIdleIsOpenedAgainUnnoticed) {
  ClientOptions options = Tls();
  options.username = "jstedu";
  options.password = kUserPassword;
  options.idle_check_after = std::chrono::milliseconds(500);
  ASSERT_TRUE(Ping(options).ok());
  Client admin(options);
  ASSERT_TRUE(admin.Command({"CONFIG", "SET", "timeout", "1"}).ok());
  Client client(options);
  auto first = client.Command({"CLIENT", "ID"});
  ASSERT_TRUE(first.ok()) << first.status();
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  auto after = client.Command({"CLIENT", "ID"});
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_NE(after->integer, first->integer);  // a new connection
  ASSERT_TRUE(admin.Command({"CONFIG", "SET", "timeout", "0"}).ok());
}

TEST(RedisTlsPortsTest, TlsIsNotSpokenToAPlainPort) {
  auto options =
      OptionsFromAddress(testing::RequireEnv("JSTEDU_TEST_REDIS_ADDR"));
  ASSERT_TRUE(options.ok());
  options->connect_timeout = std::chrono::milliseconds(500);
  options->tls.ca_file = TlsFile("ca.crt");
  Client client(*options);
  auto refused = client.Command({"PING"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  // Redis reads the handshake as an unfinished inline command and waits.
  EXPECT_THAT(std::string(refused.status().message()),
              HasSubstr("TLS handshake failed: timed out (is it Redis's TLS "
                        "port?)"));
}

// The throwaway test Redis's TLS port has tls-auth-clients yes.
TEST(RedisTlsPortsTest, AServerRequiringAClientCertificateOpensToOne) {
  auto options =
      OptionsFromAddress(testing::RequireEnv("JSTEDU_TEST_REDIS_TLS_ADDR"));
  ASSERT_TRUE(options.ok());
  options->io_timeout = std::chrono::milliseconds(1000);
  options->tls.ca_file = TlsFile("ca.crt");
  auto refused = Client(*options).Command({"PING"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable);
  options->tls.cert_file = TlsFile("client.crt");
  options->tls.key_file = TlsFile("client.key");
  Client client(*options);
  auto pong = client.Command({"PING"});
  ASSERT_TRUE(pong.ok()) << pong.status();
  EXPECT_EQ(pong->str, "PONG");
  // The connection stays usable for many round trips.
  for (int i = 0; i < 100; ++i) {
    auto echo = client.Command({"ECHO", absl::StrCat(i)});
    ASSERT_TRUE(echo.ok()) << echo.status();
    ASSERT_EQ(echo->str, absl::StrCat(i));
  }
}

TEST(RedisTlsSettingsTest, BadSettingsNameTheVariable) {
  const auto problem = [](const Settings& settings) {
    auto options = OptionsFromSettings(settings);
    EXPECT_EQ(options.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(options.status().message());
  };
  Settings settings;
  settings.addr = "redis.internal:6380";
  EXPECT_TRUE(OptionsFromSettings(settings).ok());
  settings.tls.server_name = "redis.internal";
  EXPECT_THAT(problem(settings),
              HasSubstr("JSTEDU_REDIS_TLS_SERVER_NAME: needs "
                        "JSTEDU_REDIS_TLS_CA_FILE too"));
  settings.tls.ca_file = ::testing::TempDir() + "/no-such-ca.crt";
  EXPECT_THAT(problem(settings),
              HasSubstr("JSTEDU_REDIS_TLS_CA_FILE: " + settings.tls.ca_file +
                        ": not a readable PEM file of certificates"));
  settings.tls.ca_file = TlsFile("ca.crt");
  auto good = OptionsFromSettings(settings);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->host, "redis.internal");
  EXPECT_EQ(good->tls.server_name, "redis.internal");
  settings.tls.cert_file = TlsFile("client.crt");
  EXPECT_THAT(problem(settings),
              HasSubstr("JSTEDU_REDIS_TLS_CERT_FILE and "
                        "JSTEDU_REDIS_TLS_KEY_FILE: set both or neither"));
  settings.tls.key_file = TlsFile("redis.key");  // another certificate's
  EXPECT_THAT(problem(settings),
              HasSubstr("JSTEDU_REDIS_TLS_KEY_FILE: " + settings.tls.key_file +
                        ": is not the key of JSTEDU_REDIS_TLS_CERT_FILE"));
  settings.tls.key_file = TlsFile("ca.crt");  // not a key at all
  EXPECT_THAT(problem(settings),
              HasSubstr("JSTEDU_REDIS_TLS_KEY_FILE: " + settings.tls.key_file +
                        ": not a readable PEM private key"));
  settings.tls.key_file = TlsFile("client.key");
  EXPECT_TRUE(OptionsFromSettings(settings).ok());
  settings.addr = "no-port";
  EXPECT_THAT(problem(settings), HasSubstr("JSTEDU_REDIS_ADDR: "));
}

TEST(RedisTlsSettingsTest, TheVariablesAreReadByName) {
  config::Env env = config::Env::FromMap(
      {{"JSTEDU_REDIS_ADDR", "redis.internal:6380"},
       {"JSTEDU_REDIS_USERNAME", "jstedu"},
       {"JSTEDU_REDIS_PASSWORD_FILE", "/etc/jstedu/redis/password"},
       {"JSTEDU_REDIS_TLS_CA_FILE", "/etc/jstedu/redis-tls/ca.crt"},
       {"JSTEDU_REDIS_TLS_SERVER_NAME", "redis.example.org"},
       {"JSTEDU_REDIS_TLS_CERT_FILE", "/etc/jstedu/redis-tls/tls.crt"},
       {"JSTEDU_REDIS_TLS_KEY_FILE", "/etc/jstedu/redis-tls/tls.key"}});
  const Settings settings = ReadSettings(env);
  ASSERT_TRUE(env.Check().ok()) << env.Check();
  EXPECT_EQ(settings.addr, "redis.internal:6380");
  EXPECT_EQ(settings.username, "jstedu");
  EXPECT_EQ(settings.password_file, "/etc/jstedu/redis/password");
  EXPECT_EQ(settings.tls.ca_file, "/etc/jstedu/redis-tls/ca.crt");
  EXPECT_EQ(settings.tls.server_name, "redis.example.org");
  EXPECT_EQ(settings.tls.cert_file, "/etc/jstedu/redis-tls/tls.crt");
  EXPECT_EQ(settings.tls.key_file, "/etc/jstedu/redis-tls/tls.key");
}

}  // namespace
}  // namespace jstedu::redis
