#pragma once

// A Redis connection that reconnects on demand: plain or TLS
// (connection.h), hiredis 0.14 formatting the commands and parsing the
// replies.
//
// Command() sends one command (argv form: binary-safe, never formatted) and
// returns the reply. Pipeline() sends several before reading any reply: one
// round trip for the lot. A transport failure drops the connection and returns
// Unavailable; the next Command() reconnects. Error replies ("-ERR …",
// "-NOGROUP …") come back as a Reply with is_error() true, not as a status,
// so callers can act on specific errors.
//
// NOT thread-safe: one Client per thread.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/env.h"

namespace jstedu::redis {

class Connection;

// An owned copy of a hiredis reply tree.
struct Reply {
  enum class Type { kString, kArray, kInteger, kNil, kStatus, kError };
  Type type = Type::kNil;
  std::string str;              // kString, kStatus, kError
  long long integer = 0;        // kInteger
  std::vector<Reply> elements;  // kArray

  bool is_error() const { return type == Type::kError; }
  bool is_nil() const { return type == Type::kNil; }
};

// TLS to Redis: on when ca_file is set. The server's certificate must chain
// to ca_file and name server_name (empty: the address's host, checked
// against the certificate's DNS names, or its IP addresses for an IP). A
// client certificate is presented when cert_file and key_file are set (a
// Redis with tls-auth-clients yes). There is no TLS without verification.
struct TlsOptions {
  std::string ca_file;
  std::string server_name;
  std::string cert_file;
  std::string key_file;

  bool enabled() const { return !ca_file.empty(); }
};

struct ClientOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::chrono::milliseconds connect_timeout{2000};
  // Socket read/write timeout; must exceed any BLOCK time used.
  std::chrono::milliseconds io_timeout{5000};
  // With a password, every connection starts with AUTH: as `username` (a
  // Redis 6+ ACL user) or, when it is empty, as the default user
  // (requirepass). Never logged.
  std::string username;
  std::string password;
  TlsOptions tls;
  // A connection unused for longer is checked with a PING before the next
  // command and opened again if the server has closed it (Redis's
  // `timeout`, a managed Redis or a proxy dropping idle connections), so
  // that command is not the one to fail.
  std::chrono::milliseconds idle_check_after{30000};
};

class Client {
 public:
  explicit Client(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  absl::StatusOr<Reply> Command(const std::vector<std::string>& argv);
  // The replies of `commands`, in order. A transport failure drops the
  // connection and returns Unavailable; the commands sent before it may have
  // been applied.
  absl::StatusOr<std::vector<Reply>> Pipeline(
      const std::vector<std::vector<std::string>>& commands);

 private:
  absl::Status EnsureConnected();
  // Drops the connection and returns `status`.
  absl::Status Dropped(absl::Status status);
  // Appends one command to the output buffer (nothing is sent yet).
  void Append(const std::vector<std::string>& argv);
  // Sends what was appended if needed and reads one reply.
  absl::StatusOr<Reply> ReadReply();

  const ClientOptions options_;
  std::unique_ptr<Connection> connection_;
  std::chrono::steady_clock::time_point last_used_;
  std::string output_;  // commands appended, not yet sent
};

// Parses "host:port" into options (InvalidArgument when malformed).
absl::StatusOr<ClientOptions> OptionsFromAddress(const std::string& address);

// The variables every service and the gateway read to reach Redis:
// JSTEDU_REDIS_ADDR ("host:port"); JSTEDU_REDIS_USERNAME (an ACL user; empty:
// the default user) and JSTEDU_REDIS_PASSWORD_FILE (a file holding the
// password; empty: no AUTH); JSTEDU_REDIS_TLS_CA_FILE (set: TLS, verified
// against it), JSTEDU_REDIS_TLS_SERVER_NAME, JSTEDU_REDIS_TLS_CERT_FILE and
// JSTEDU_REDIS_TLS_KEY_FILE (TlsOptions).
inline constexpr char kRedisAddrVariable[] = "JSTEDU_REDIS_ADDR";
inline constexpr char kRedisUsernameVariable[] = "JSTEDU_REDIS_USERNAME";
inline constexpr char kRedisPasswordFileVariable[] =
    "JSTEDU_REDIS_PASSWORD_FILE";
inline constexpr char kRedisTlsCaFileVariable[] = "JSTEDU_REDIS_TLS_CA_FILE";
inline constexpr char kRedisTlsServerNameVariable[] =
    "JSTEDU_REDIS_TLS_SERVER_NAME";
inline constexpr char kRedisTlsCertFileVariable[] =
    "JSTEDU_REDIS_TLS_CERT_FILE";
inline constexpr char kRedisTlsKeyFileVariable[] = "JSTEDU_REDIS_TLS_KEY_FILE";

// What those variables say, as read.
struct Settings {
  std::string addr;
  std::string username;
  std::string password_file;
  TlsOptions tls;
};

// Reads the variables above through `env` (JSTEDU_REDIS_ADDR required).
Settings ReadSettings(config::Env& env);

// Options from `settings`: the address parsed, the password read, the TLS
// files loaded once to check them (they are read again at every
// connection, so renewed certificates are picked up). InvalidArgument
// naming every variable at fault; an empty address is left to config::Env,
// which reports the required variable missing.
absl::StatusOr<ClientOptions> OptionsFromSettings(const Settings& settings);

// `options` with the password read from `password_file` (one trailing
// newline dropped, as `echo` leaves one) and `username`; InvalidArgument
// naming JSTEDU_REDIS_PASSWORD_FILE when the file cannot be read or is
// empty, or when a username comes without a password.
absl::StatusOr<ClientOptions> WithCredentials(ClientOptions options,
                                              const std::string& username,
                                              const std::string& password_file);

}  // namespace jstedu::redis
