#include "common/redis/connection.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <new>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/redis/tls.h"

namespace jstedu::redis {
namespace {

// OpenSSL writes to the socket with write(2): a peer that went away would
// raise SIGPIPE and end the process. As every server does, ignore it; the
// write then fails with EPIPE and the connection is dropped.
void IgnoreSigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { std::signal(SIGPIPE, SIG_IGN); });
}

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv;
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

Reply Copy(const redisReply* raw) {
  Reply reply;
  switch (raw->type) {
    case REDIS_REPLY_STRING:
      reply.type = Reply::Type::kString;
      reply.str.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_STATUS:
      reply.type = Reply::Type::kStatus;
      reply.str.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_ERROR:
      reply.type = Reply::Type::kError;
      reply.str.assign(raw->str, raw->len);
      break;
    case REDIS_REPLY_INTEGER:
      reply.type = Reply::Type::kInteger;
      reply.integer = raw->integer;
      break;
    case REDIS_REPLY_ARRAY:
      reply.type = Reply::Type::kArray;
      reply.elements.reserve(raw->elements);
      for (size_t i = 0; i < raw->elements; ++i) {
        reply.elements.push_back(Copy(raw->element[i]));
      }
      break;
    default:
      reply.type = Reply::Type::kNil;
  }
  return reply;
}

std::string Errno(int error) { return std::strerror(error); }

// The oldest error on OpenSSL's queue, in its words; the queue is emptied.
std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "connection closed";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

// Waits until `fd` is ready for `events` or `timeout` passes.
bool Wait(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd entry{fd, events, 0};
  int ready;
  do {
    ready = poll(&entry, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

// The socket's read and write timeouts.
void SetTimeouts(int fd, std::chrono::milliseconds timeout) {
  const timeval tv = ToTimeval(timeout);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

// The addresses `host` resolves to, IPv4 first (as hiredis tried them: a
// dual-stack name whose IPv6 route is filtered must not cost a connect
// timeout at every connection), each family in the resolver's order.
std::vector<const addrinfo*> Ipv4First(const addrinfo* addresses) {
  std::vector<const addrinfo*> ordered;
  for (int pass = 0; pass < 2; ++pass) {
    for (const addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
      if ((a->ai_family == AF_INET) == (pass == 0)) ordered.push_back(a);
    }
  }
  return ordered;
}

// A connected, blocking socket (timeouts: options.connect_timeout), or the
// reason there is none.
absl::StatusOr<int> ConnectSocket(const ClientOptions& options) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const std::string port = absl::StrCat(options.port);
  if (const int error =
          getaddrinfo(options.host.c_str(), port.c_str(), &hints, &addresses);
      error != 0) {
    return absl::UnavailableError(gai_strerror(error));
  }
  std::string why = "no address";
  int connected = -1;
  for (const addrinfo* a : Ipv4First(addresses)) {
    if (connected >= 0) break;
    const int fd =
        socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      why = Errno(errno);
      continue;
    }
    const int flags = fcntl(fd, F_GETFL);
    fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    int error = 0;
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      error = errno;
      if (error == EINPROGRESS) {
        if (Wait(fd, POLLOUT, options.connect_timeout)) {
          socklen_t length = sizeof(error);
          getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        } else {
          error = ETIMEDOUT;
        }
      }
    }
    if (error != 0) {
      why = Errno(error);
      close(fd);
      continue;
    }
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
    SetTimeouts(fd, options.connect_timeout);  // the TLS handshake's
    connected = fd;
  }
  freeaddrinfo(addresses);
  if (connected < 0) return absl::UnavailableError(why);
  return connected;
}

// What the server's certificate must name: the configured server name, or
// the address's host (an IP address is checked against the certificate's
// IP addresses). False when OpenSSL could not take it (the connection must
// then not be made).
bool ExpectName(SSL* ssl, const ClientOptions& options) {
  const std::string& name =
      options.tls.server_name.empty() ? options.host : options.tls.server_name;
  in6_addr ip;
  const bool is_ip = inet_pton(AF_INET, name.c_str(), &ip) == 1 ||
                     inet_pton(AF_INET6, name.c_str(), &ip) == 1;
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  // The name is looked for in the certificate's subject alternative names
  // only, never in its common name.
  X509_VERIFY_PARAM_set_hostflags(param,
                                  X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS |
                                      X509_CHECK_FLAG_NEVER_CHECK_SUBJECT);
  if (is_ip) return X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) == 1;
  return X509_VERIFY_PARAM_set1_host(param, name.c_str(), name.size()) == 1 &&
         SSL_set_tlsext_host_name(ssl, name.c_str()) == 1;
}

// Why an SSL_* call on a blocking socket with timeouts returned `result`:
// empty when it was interrupted by a signal and may be repeated.
std::string SslError(SSL* ssl, int result) {
  const int saved_errno = errno;
  switch (SSL_get_error(ssl, result)) {
    case SSL_ERROR_ZERO_RETURN:
      return "connection closed";
    case SSL_ERROR_WANT_READ:  // the socket's timeout (or a signal)
    case SSL_ERROR_WANT_WRITE:
      ERR_clear_error();
      return saved_errno == EINTR ? "" : "timed out";
    case SSL_ERROR_SYSCALL:
      if (ERR_peek_error() == 0) {
        return saved_errno != 0 ? Errno(saved_errno) : "connection closed";
      }
      return OpenSslError();
    default:
      return OpenSslError();
  }
}

// Why the handshake failed, in words an operator can act on.
std::string HandshakeError(SSL* ssl, int result) {
  const long verify = SSL_get_verify_result(ssl);
  if (verify != X509_V_OK) {
    ERR_clear_error();
    return absl::StrCat("the server's certificate was refused: ",
                        X509_verify_cert_error_string(verify));
  }
  const std::string error = SslError(ssl, result);
  if (error == "timed out" || error == "connection closed" ||
      error == Errno(ECONNRESET)) {
    return absl::StrCat(error, " (is it Redis's TLS port?)");
  }
  return error;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Connection>> Connection::Open(
    const ClientOptions& options) {
  IgnoreSigpipe();
  const std::string peer = absl::StrCat(options.host, ":", options.port);
  auto fd = ConnectSocket(options);
  if (!fd.ok()) {
    return absl::UnavailableError(
        absl::StrCat("Redis ", peer, " unreachable: ", fd.status().message()));
  }
  if (!options.tls.enabled()) {
    SetTimeouts(*fd, options.io_timeout);
    std::unique_ptr<Connection> connection(new Connection(*fd, nullptr, peer));
    connection->usable_ = true;
    return connection;
  }
  // The files are read at every connection: a certificate renewed in its
  // Secret is used from the next reconnection on.
  auto context = MakeTlsContext(options.tls);
  if (!context.ok()) {
    close(*fd);
    return absl::UnavailableError(absl::StrCat(
        "Redis ", peer, " TLS not set up: ", context.status().message()));
  }
  SSL* ssl = SSL_new(context->get());
  if (ssl == nullptr) {
    close(*fd);
    return absl::UnavailableError(
        absl::StrCat("Redis ", peer, " TLS not set up: ", OpenSslError()));
  }
  // The connection owns ssl and fd from here (its destructor frees them).
  std::unique_ptr<Connection> connection(new Connection(*fd, ssl, peer));
  if (SSL_set_fd(ssl, *fd) != 1 || !ExpectName(ssl, options)) {
    return absl::UnavailableError(
        absl::StrCat("Redis ", peer, " TLS not set up: ", OpenSslError(),
                     " (the name to check: ",
                     options.tls.server_name.empty() ? options.host
                                                     : options.tls.server_name,
                     ")"));
  }
  while (true) {
    ERR_clear_error();
    errno = 0;
    const int result = SSL_connect(ssl);
    if (result == 1) break;
    const std::string error = HandshakeError(ssl, result);
    if (error.empty()) continue;  // a signal
    return absl::UnavailableError(
        absl::StrCat("Redis ", peer, " TLS handshake failed: ", error));
  }
  connection->usable_ = true;
  SetTimeouts(*fd, options.io_timeout);
  return connection;
}

Connection::Connection(int fd, SSL* ssl, std::string peer)
    : fd_(fd), ssl_(ssl), reader_(redisReaderCreate()), peer_(std::move(peer)) {
  if (reader_ == nullptr) throw std::bad_alloc();
}

Connection::~Connection() {
  if (ssl_ != nullptr) {
    if (usable_) {
      // close_notify, without waiting for the server's, and without
      // blocking if the socket cannot take it now.
      fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) | O_NONBLOCK);
      SSL_shutdown(ssl_);
    }
    ERR_clear_error();  // nothing left for the thread's next TLS call
    SSL_free(ssl_);
  }
  close(fd_);
  redisReaderFree(reader_);
}

absl::Status Connection::Failed(std::string_view what, std::string_view why) {
  usable_ = false;
  return absl::UnavailableError(absl::StrCat(
      "Redis ", peer_, " ", absl::string_view(what.data(), what.size()), ": ",
      absl::string_view(why.data(), why.size())));
}

absl::Status Connection::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t sent;
    if (ssl_ != nullptr) {
      ERR_clear_error();
      errno = 0;
      const int result =
          SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
      if (result <= 0) {
        const std::string error = SslError(ssl_, result);
        if (error.empty()) continue;
        return Failed("write failed", error);
      }
      sent = result;
    } else {
      sent = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent < 0 && errno == EINTR) continue;
      if (sent < 0) return Failed("write failed", Errno(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(sent));
  }
  return absl::OkStatus();
}

absl::StatusOr<Reply> Connection::Receive() {
  char buffer[16 * 1024];
  while (true) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader_, &raw) != REDIS_OK) {
      return Failed("answered garbage", redisReaderGetError(reader_));
    }
    if (raw != nullptr) {
      Reply reply = Copy(static_cast<redisReply*>(raw));
      freeReplyObject(raw);
      return reply;
    }
    ssize_t received;
    if (ssl_ != nullptr) {
      ERR_clear_error();
      errno = 0;
      const int result = SSL_read(ssl_, buffer, sizeof(buffer));
      if (result <= 0) {
        const std::string error = SslError(ssl_, result);
        if (error.empty()) continue;
        return Failed("read failed", error);
      }
      received = result;
    } else {
      received = recv(fd_, buffer, sizeof(buffer), 0);
      if (received < 0 && errno == EINTR) continue;
      if (received == 0) return Failed("read failed", "connection closed");
      if (received < 0) {
        return Failed("read failed", errno == EAGAIN || errno == EWOULDBLOCK
                                         ? "timed out"
                                         : Errno(errno));
      }
    }
    redisReaderFeed(reader_, buffer, static_cast<size_t>(received));
  }
}

}  // namespace jstedu::redis
