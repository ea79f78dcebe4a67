#include "gateway/test_tokens.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <algorithm>
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

Pkey ReadPrivateKey(const std::string& private_pem) {
  Bio bio(
      BIO_new_mem_buf(private_pem.data(), static_cast<int>(private_pem.size())),
      &BIO_free);
  Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
           &EVP_PKEY_free);
  if (key == nullptr) Fail("PEM_read_bio_PrivateKey");
  return key;
}

KeyPair Pems(EVP_PKEY* key) {
  Bio private_bio(BIO_new(BIO_s_mem()), &BIO_free);
  Bio public_bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (private_bio == nullptr || public_bio == nullptr ||
      PEM_write_bio_PrivateKey(private_bio.get(), key, nullptr, nullptr, 0,
                               nullptr, nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_bio.get(), key) != 1) {
    Fail("PEM_write_bio");
  }
  return {BioText(private_bio.get()), BioText(public_bio.get())};
}

// A big-endian BIGNUM parameter of `key`, left-padded to `width` bytes.
std::string BignumParam(EVP_PKEY* key, const char* name, int width = 0) {
  BIGNUM* value = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &value) != 1) Fail(name);
  const int size = std::max(width, BN_num_bytes(value));
  std::string bytes(static_cast<size_t>(size), '\0');
  BN_bn2binpad(value, reinterpret_cast<unsigned char*>(bytes.data()), size);
  BN_free(value);
  return bytes;
}

// The DER ECDSA-Sig-Value OpenSSL writes as r || s of 32 bytes each.
std::string RawEcdsa(const std::string& der) {
  const auto* data = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
      d2i_ECDSA_SIG(nullptr, &data, static_cast<long>(der.size())),
      &ECDSA_SIG_free);
  if (sig == nullptr) Fail("d2i_ECDSA_SIG");
  std::string raw(64, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + 32, 32);
  return raw;
}

// EVP_DigestSign with SHA-256: PKCS#1 v1.5 for RSA, DER ECDSA for EC.
std::string DigestSign(const std::string& private_pem, std::string_view input) {
  Pkey key = ReadPrivateKey(private_pem);
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

bool IsEc(const std::string& private_pem) {
  return EVP_PKEY_get_base_id(ReadPrivateKey(private_pem).get()) == EVP_PKEY_EC;
}

}  // namespace

KeyPair GenerateRsaKeyPair(int bits) {
  Pkey key(EVP_RSA_gen(static_cast<unsigned>(bits)), &EVP_PKEY_free);
  if (key == nullptr) Fail("EVP_RSA_gen");
  return Pems(key.get());
}

KeyPair GenerateEcKeyPair(const char* curve) {
  Pkey key(EVP_EC_gen(curve), &EVP_PKEY_free);
  if (key == nullptr) Fail("EVP_EC_gen");
  return Pems(key.get());
}

nlohmann::json PublicJwk(const std::string& public_pem, std::string_view kid) {
  Bio bio(
      BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())),
      &BIO_free);
  Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr),
           &EVP_PKEY_free);
  if (key == nullptr) Fail("PEM_read_bio_PUBKEY");
  if (EVP_PKEY_get_base_id(key.get()) == EVP_PKEY_RSA) {
    return {{"kty", "RSA"},
            {"kid", kid},
            {"use", "sig"},
            {"alg", "RS256"},
            {"n", Base64Url(BignumParam(key.get(), OSSL_PKEY_PARAM_RSA_N))},
            {"e", Base64Url(BignumParam(key.get(), OSSL_PKEY_PARAM_RSA_E))}};
  }
  char group[64] = {};
  size_t group_size = 0;
  if (EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                     group, sizeof(group), &group_size) != 1) {
    Fail("EVP_PKEY_get_utf8_string_param");
  }
  const std::string curve = group;
  const int width =
      curve == "prime256v1" ? 32 : (curve == "secp384r1" ? 48 : 66);
  return {
      {"kty", "EC"},
      {"kid", kid},
      {"use", "sig"},
      {"alg", "ES256"},
      {"crv", curve == "prime256v1" ? "P-256" : curve},
      {"x", Base64Url(BignumParam(key.get(), OSSL_PKEY_PARAM_EC_PUB_X, width))},
      {"y",
       Base64Url(BignumParam(key.get(), OSSL_PKEY_PARAM_EC_PUB_Y, width))}};
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
  return DigestSign(private_pem, input);
}

std::string SignEs256(const std::string& private_pem, std::string_view input) {
  return RawEcdsa(DigestSign(private_pem, input));
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
                        const nlohmann::json& claims, std::string_view kid) {
  const bool ec = IsEc(private_pem);
  nlohmann::json header = {{"alg", ec ? "ES256" : "RS256"}, {"typ", "JWT"}};
  if (!kid.empty()) header["kid"] = kid;
  const std::string input = SigningInput(header, claims);
  return input + "." +
         Base64Url(ec ? SignEs256(private_pem, input)
                      : SignRs256(private_pem, input));
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
