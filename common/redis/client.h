#pragma once

// A Redis connection over hiredis 0.14 that reconnects on demand.
//
// Command() sends one command (argv form: binary-safe, never formatted) and
// returns the reply. Pipeline() sends several before reading any reply: one
// round trip for the lot. A transport failure drops the connection and returns
// Unavailable; the next Command() reconnects. Error replies ("-ERR …",
// "-NOGROUP …") come back as a Reply with is_error() true, not as a status,
// so callers can act on specific errors.
//
// NOT thread-safe: one Client per thread (hiredis contexts are not shared).

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

struct redisContext;
struct redisReply;

namespace jstedu::redis {

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
  void Disconnect();
  // Unavailable with the context's error, after dropping the connection.
  absl::Status Failed(const char* what);
  // Appends one command to the output buffer (nothing is sent yet).
  absl::Status Append(const std::vector<std::string>& argv);
  // Sends what was appended if needed and reads one reply.
  absl::StatusOr<Reply> ReadReply();

  const ClientOptions options_;
  redisContext* context_ = nullptr;
};

// Parses "host:port" into options (InvalidArgument when malformed).
absl::StatusOr<ClientOptions> OptionsFromAddress(const std::string& address);

// The variables naming the credentials, read by the services and the
// gateway alike: JSTEDU_REDIS_USERNAME (an ACL user; empty: the default
// user) and JSTEDU_REDIS_PASSWORD_FILE (a file holding the password; empty:
// no AUTH). hiredis 0.14, Debian 12's, has no TLS: Redis stays on a private
// network (docs/operations.md).
inline constexpr char kRedisUsernameVariable[] = "JSTEDU_REDIS_USERNAME";
inline constexpr char kRedisPasswordFileVariable[] =
    "JSTEDU_REDIS_PASSWORD_FILE";

// `options` with the password read from `password_file` (one trailing
// newline dropped, as `echo` leaves one) and `username`; InvalidArgument
// naming JSTEDU_REDIS_PASSWORD_FILE when the file cannot be read or is
// empty, or when a username comes without a password.
absl::StatusOr<ClientOptions> WithCredentials(ClientOptions options,
                                              const std::string& username,
                                              const std::string& password_file);

}  // namespace jstedu::redis
