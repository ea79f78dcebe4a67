#pragma once

// TLS to Redis (a managed Redis, issue 22): the settings' variables and the
// OpenSSL context a connection is made with.

#include <memory>

#include "absl/status/statusor.h"
#include "common/redis/client.h"

struct ssl_ctx_st;

namespace jstedu::redis {

struct SslContextFree {
  void operator()(ssl_ctx_st* context) const;
};
using SslContext = std::unique_ptr<ssl_ctx_st, SslContextFree>;

// A client context for `tls`: TLS 1.2 or later, the server's chain verified
// against tls.ca_file only (not the system's authorities), and tls.cert_file
// with tls.key_file presented when set. InvalidArgument naming the variable
// when a file cannot be read or the key does not match the certificate.
absl::StatusOr<SslContext> MakeTlsContext(const TlsOptions& tls);

}  // namespace jstedu::redis
