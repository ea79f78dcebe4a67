#pragma once

// One connection to Redis: a TCP socket, TLS on it when the options ask for
// it (OpenSSL), and hiredis's protocol reader. Internal to Client.
//
// hiredis 0.14 (Debian 12's) can only read and write a plain socket, so the
// bytes go through here and hiredis formats the commands and parses the
// replies (redisFormatCommandArgv, redisReader): the same code serves a
// plain and a TLS connection.
//
// Every failure is Unavailable and leaves the connection unusable; the
// caller drops it and connects again.

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/redis/client.h"

struct redisReader;
struct ssl_st;

namespace jstedu::redis {

class Connection {
 public:
  // Connects within options.connect_timeout (each address the host resolves
  // to in turn, IPv4 first) and, with options.tls, completes the TLS
  // handshake (each of its reads and writes within connect_timeout too),
  // verifying the server's certificate chain and name.
  static absl::StatusOr<std::unique_ptr<Connection>> Open(
      const ClientOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends every byte of `bytes` (blocking, within options.io_timeout per
  // write).
  absl::Status Send(std::string_view bytes);
  // Reads until one whole reply has arrived (within options.io_timeout per
  // read).
  absl::StatusOr<Reply> Receive();

 private:
  Connection(int fd, ssl_st* ssl, std::string peer);
  absl::Status Failed(std::string_view what, std::string_view why);

  int fd_;
  ssl_st* ssl_;
  // Connected (and the handshake done); false after any failure, when a
  // TLS close_notify must not be attempted.
  bool usable_ = false;
  redisReader* reader_;
  std::string peer_;  // "host:port", for errors
};

}  // namespace jstedu::redis
