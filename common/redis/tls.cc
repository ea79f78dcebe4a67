#include "common/redis/tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <string>

#include "absl/strings/str_cat.h"

namespace jstedu::redis {
namespace {

// OpenSSL's reason for the last failure; the error queue is emptied.
std::string Reason() {
  const unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "unknown error";
}

absl::Status Bad(const char* variable, const std::string& file,
                 const std::string& why) {
  return absl::InvalidArgumentError(
      absl::StrCat(variable, ": ", file, ": ", why));
}

}  // namespace

void SslContextFree::operator()(ssl_ctx_st* context) const {
  SSL_CTX_free(context);
}

absl::StatusOr<SslContext> MakeTlsContext(const TlsOptions& tls) {
  if (tls.ca_file.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kRedisTlsCaFileVariable, ": is needed for TLS"));
  }
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kRedisTlsCertFileVariable, " and ",
                     kRedisTlsKeyFileVariable, ": set both or neither"));
  }
  SslContext context(SSL_CTX_new(TLS_client_method()));
  if (context == nullptr) {
    return absl::InternalError(absl::StrCat("OpenSSL: ", Reason()));
  }
  SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
  SSL_CTX_set_verify(context.get(), SSL_VERIFY_PEER, nullptr);
  // A record's header and body in one read from the socket.
  SSL_CTX_set_read_ahead(context.get(), 1);
  if (SSL_CTX_load_verify_locations(context.get(), tls.ca_file.c_str(),
                                    nullptr) != 1) {
    return Bad(kRedisTlsCaFileVariable, tls.ca_file,
               absl::StrCat("not a readable PEM file of certificates (",
                            Reason(), ")"));
  }
  if (!tls.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(context.get(),
                                           tls.cert_file.c_str()) != 1) {
      return Bad(
          kRedisTlsCertFileVariable, tls.cert_file,
          absl::StrCat("not a readable PEM certificate (", Reason(), ")"));
    }
    if (SSL_CTX_use_PrivateKey_file(context.get(), tls.key_file.c_str(),
                                    SSL_FILETYPE_PEM) != 1) {
      if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
        ERR_clear_error();
        return Bad(
            kRedisTlsKeyFileVariable, tls.key_file,
            absl::StrCat("is not the key of ", kRedisTlsCertFileVariable));
      }
      return Bad(
          kRedisTlsKeyFileVariable, tls.key_file,
          absl::StrCat("not a readable PEM private key (", Reason(), ")"));
    }
    if (SSL_CTX_check_private_key(context.get()) != 1) {
      ERR_clear_error();
      return Bad(kRedisTlsKeyFileVariable, tls.key_file,
                 absl::StrCat("is not the key of ", kRedisTlsCertFileVariable));
    }
  }
  return context;
}

}  // namespace jstedu::redis
