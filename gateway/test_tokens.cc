#include "gateway/test_tokens.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <memory>
#include <stdexcept>

namespace jstedu::gateway::testing {
namespace {

using Pkey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

[[noreturn]] void Fail(const char* what) {
  throw std::runtime_error(std::string("OpenSSL failed: ") + what);
}

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace

KeyPair GenerateRsaKeyPair(int bits) {
  Pkey key(EVP_RSA_gen(static_cast<unsigned>(bits)), &EVP_PKEY_free);
  if (key == nullptr) Fail("EVP_RSA_gen");
  Bio private_bio(BIO_new(BIO_s_mem()), &BIO_free);
  Bio public_bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (private_bio == nullptr || public_bio == nullptr ||
      PEM_write_bio_PrivateKey(private_bio.get(), key.get(), nullptr, nullptr,
                               0, nullptr, nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_bio.get(), key.get()) != 1) {
    Fail("PEM_write_bio");
  }
  return {BioText(private_bio.get()), BioText(public_bio.get())};
}

std::string Base64Url(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t pending = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    pending = (pending << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(pending >> bits) & 0x3F]);
    }
    pending &= (1u << bits) - 1;
  }
  if (bits > 0) out.push_back(kAlphabet[(pending << (6 - bits)) & 0x3F]);
  return out;
}

std::string SignRs256(const std::string& private_pem, std::string_view input) {
  Bio bio(
      BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size())),
      &BIO_free);
  Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
           &EVP_PKEY_free);
  if (key == nullptr) Fail("PEM_read_bio_PrivateKey");
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  size_t size = 0;
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  if (context == nullptr ||
      EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr,
                         key.get()) != 1 ||
      EVP_DigestSign(context.get(), nullptr, &size, data, input.size()) != 1) {
    Fail("EVP_DigestSign");
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(context.get(),
                     reinterpret_cast<unsigned char*>(signature.data()), &size,
                     data, input.size()) != 1) {
    Fail("EVP_DigestSign");
  }
  signature.resize(size);
  return signature;
}

std::string HmacSha256(std::string_view secret, std::string_view input) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(),
           mac, &size) == nullptr) {
    Fail("HMAC");
  }
  return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string SigningInput(const nlohmann::json& header,
                         const nlohmann::json& payload) {
  return Base64Url(header.dump()) + "." + Base64Url(payload.dump());
}

std::string SignedToken(const std::string& private_pem,
                        const nlohmann::json& claims) {
  const std::string input =
      SigningInput({{"alg", "RS256"}, {"typ", "JWT"}}, claims);
  return input + "." + Base64Url(SignRs256(private_pem, input));
}

nlohmann::json DevClaims(std::string_view subject, std::string_view role,
                         std::chrono::system_clock::time_point now) {
  const int64_t seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch())
          .count();
  return {{"iss", "jstedu-dev"},  {"aud", "jstedu-gateway"}, {"sub", subject},
          {"role", role},         {"iat", seconds},          {"nbf", seconds},
          {"exp", seconds + 3600}};
}

}  // namespace jstedu::gateway::testing
