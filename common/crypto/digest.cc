#include "common/crypto/digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

namespace jstedu::crypto {
namespace {

[[noreturn]] void OpenSslFailed(const char* call) {
  std::fprintf(stderr, "jstedu: OpenSSL %s failed\n", call);
  std::abort();
}

std::string Hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * size);
  for (size_t i = 0; i < size; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0x0f]);
  }
  return hex;
}

const unsigned char* Bytes(std::string_view text) {
  // An empty string_view may hold a null pointer, which OpenSSL's HMAC
  // reads as "keep the previous key" rather than "empty key".
  static const unsigned char kEmpty[1] = {0};
  return text.empty() ? kEmpty
                      : reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(Bytes(bytes), bytes.size(), digest, &size, EVP_sha256(),
                 nullptr) != 1) {
    OpenSslFailed("EVP_Digest(SHA-256)");
  }
  return Hex(digest, size);
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  size_t size = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, Bytes(key),
                key.size(), Bytes(data), data.size(), mac, sizeof mac,
                &size) == nullptr) {
    OpenSslFailed("EVP_Q_mac(HMAC-SHA256)");
  }
  return Hex(mac, size);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string RandomBytes(size_t size) {
  std::string bytes(size, '\0');
  if (size > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()),
                             static_cast<int>(size)) != 1) {
    OpenSslFailed("RAND_bytes");
  }
  return bytes;
}

}  // namespace jstedu::crypto
