#include "gateway/jwt_keys.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdint>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace jstedu::gateway {
namespace {

using nlohmann::json;

constexpr int kMinRsaBits = 2048;
// The longest RSA modulus taken: the public-key check's primality test of
// a huge modulus would cost seconds of CPU per key.
constexpr int kMaxRsaBits = 8192;
constexpr size_t kP256CoordinateBytes = 32;
// A JWK Set larger than this is not an issuer's key list.
constexpr size_t kMaxJwksKeys = 100;

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using Bignum = std::unique_ptr<BIGNUM, decltype(&BN_free)>;

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

absl::Status Invalid(std::string_view why) {
  return absl::InvalidArgumentError(absl::string_view(why.data(), why.size()));
}

// The public-key checks OpenSSL makes of an imported key (an RSA modulus
// that is odd and not a prime power, an exponent in range; an EC point on
// the curve and of the right order).
bool PassesPublicCheck(EVP_PKEY* key) {
  PkeyContext context(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr),
                      &EVP_PKEY_CTX_free);
  return context != nullptr && EVP_PKEY_public_check(context.get()) == 1;
}

// A key of `type` ("RSA", "EC") built from `params` with EVP_PKEY_fromdata.
PkeyPtr FromData(const char* type, OSSL_PARAM* params) {
  PkeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr),
                      &EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  if (context == nullptr || EVP_PKEY_fromdata_init(context.get()) != 1 ||
      EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params) !=
          1) {
    return nullptr;
  }
  PkeyPtr owned(key);
  if (!PassesPublicCheck(owned.get())) return nullptr;
  return owned;
}

// A base64url member of a JWK, or why not.
absl::StatusOr<std::string> Member(const json& jwk, const char* name) {
  auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) {
    return Invalid(absl::StrCat("has no ", name));
  }
  auto bytes = DecodeBase64Url(it->get_ref<const std::string&>());
  if (!bytes || bytes->empty()) {
    return Invalid(absl::StrCat(name, " is not base64url"));
  }
  return *std::move(bytes);
}

absl::StatusOr<PkeyPtr> RsaFromJwk(const json& jwk) {
  auto n = Member(jwk, "n");
  if (!n.ok()) return n.status();
  auto e = Member(jwk, "e");
  if (!e.ok()) return e.status();
  Bignum modulus(BN_bin2bn(Bytes(*n), static_cast<int>(n->size()), nullptr),
                 &BN_free);
  Bignum exponent(BN_bin2bn(Bytes(*e), static_cast<int>(e->size()), nullptr),
                  &BN_free);
  if (modulus == nullptr || exponent == nullptr) {
    return absl::InternalError("out of memory");
  }
  if (BN_num_bits(modulus.get()) < kMinRsaBits) {
    return Invalid("the RSA key is shorter than 2048 bits");
  }
  if (BN_num_bits(modulus.get()) > kMaxRsaBits) {
    return Invalid("the RSA key is longer than 8192 bits");
  }
  std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> builder(
      OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
  if (builder == nullptr ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N,
                             modulus.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E,
                             exponent.get()) != 1) {
    return absl::InternalError("out of memory");
  }
  std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(
      OSSL_PARAM_BLD_to_param(builder.get()), &OSSL_PARAM_free);
  if (params == nullptr) return absl::InternalError("out of memory");
  PkeyPtr key = FromData("RSA", params.get());
  if (key == nullptr) return Invalid("n and e are not a usable RSA key");
  return key;
}

absl::StatusOr<PkeyPtr> EcFromJwk(const json& jwk) {
  auto curve = jwk.find("crv");
  if (curve == jwk.end() || *curve != "P-256") {
    return Invalid("the EC key is not on P-256 (crv)");
  }
  auto x = Member(jwk, "x");
  if (!x.ok()) return x.status();
  auto y = Member(jwk, "y");
  if (!y.ok()) return y.status();
  if (x->size() != kP256CoordinateBytes || y->size() != kP256CoordinateBytes) {
    return Invalid("x and y must be 32 bytes each");
  }
  // SEC 1 §2.3.3: an uncompressed point is 0x04 || x || y.
  std::string point = "\x04" + *x + *y;
  char group[] = "P-256";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size()),
      OSSL_PARAM_construct_end()};
  PkeyPtr key = FromData("EC", params);
  if (key == nullptr) return Invalid("x and y are not a point on P-256");
  return key;
}

// ES256's r||s (RFC 7518 §3.4) as the DER ECDSA-Sig-Value OpenSSL verifies.
std::optional<std::string> EcdsaDer(std::string_view signature) {
  if (signature.size() != 2 * kP256CoordinateBytes) return std::nullopt;
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(),
                                                            &ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(Bytes(signature), kP256CoordinateBytes, nullptr);
  BIGNUM* s = BN_bin2bn(Bytes(signature.substr(kP256CoordinateBytes)),
                        kP256CoordinateBytes, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr ||
      ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int size = i2d_ECDSA_SIG(sig.get(), &der);
  if (size <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(size));
  OPENSSL_free(der);
  return out;
}

// The key's algorithm as its JWK says it: kty decides, and `alg`, when
// present, must agree; `use`, when present, must be "sig".
absl::StatusOr<JwsAlgorithm> JwkAlgorithm(const json& jwk) {
  auto use = jwk.find("use");
  if (use != jwk.end() && *use != "sig") {
    return Invalid("use is not sig");
  }
  auto type = jwk.find("kty");
  std::optional<JwsAlgorithm> algorithm;
  if (type != jwk.end() && *type == "RSA") algorithm = JwsAlgorithm::kRs256;
  if (type != jwk.end() && *type == "EC") algorithm = JwsAlgorithm::kEs256;
  if (!algorithm) return Invalid("kty is neither RSA nor EC");
  auto alg = jwk.find("alg");
  if (alg != jwk.end() &&
      (!alg->is_string() || *alg != AlgorithmName(*algorithm))) {
    return Invalid(absl::StrCat("alg is not ", AlgorithmName(*algorithm)));
  }
  return *algorithm;
}

}  // namespace

struct VerificationKey::Pkey {
  PkeyPtr key;
};

std::optional<JwsAlgorithm> ParseJwsAlgorithm(std::string_view name) {
  if (name == "RS256") return JwsAlgorithm::kRs256;
  if (name == "ES256") return JwsAlgorithm::kEs256;
  return std::nullopt;
}

const char* AlgorithmName(JwsAlgorithm algorithm) {
  return algorithm == JwsAlgorithm::kRs256 ? "RS256" : "ES256";
}

std::optional<std::string> DecodeBase64Url(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t pending = 0;
  int bits = 0;
  for (char c : text) {
    const int value = Base64UrlValue(c);
    if (value < 0) return std::nullopt;
    pending = (pending << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((pending >> bits) & 0xFF));
      pending &= (1u << bits) - 1;
    }
  }
  if (pending != 0) return std::nullopt;
  return out;
}

VerificationKey::VerificationKey(std::unique_ptr<Pkey> pkey,
                                 JwsAlgorithm algorithm, std::string kid)
    : pkey_(std::move(pkey)), algorithm_(algorithm), kid_(std::move(kid)) {}
VerificationKey::~VerificationKey() = default;

absl::StatusOr<KeyPtr> VerificationKey::FromPem(std::string_view pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
  if (bio == nullptr) return absl::InternalError("out of memory");
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr) {
    return Invalid("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
  }
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return Invalid("not an RSA public key");
  }
  if (EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
    return Invalid("the RSA key is shorter than 2048 bits");
  }
  if (EVP_PKEY_get_bits(key.get()) > kMaxRsaBits) {
    return Invalid("the RSA key is longer than 8192 bits");
  }
  if (!PassesPublicCheck(key.get())) return Invalid("not a usable RSA key");
  return KeyPtr(new VerificationKey(
      std::make_unique<Pkey>(Pkey{std::move(key)}), JwsAlgorithm::kRs256, ""));
}

absl::StatusOr<KeyPtr> VerificationKey::FromJwk(const json& jwk) {
  if (!jwk.is_object()) return Invalid("is not a JSON object");
  auto kid = jwk.find("kid");
  if (kid == jwk.end() || !kid->is_string() || kid->empty()) {
    return Invalid("has no kid");
  }
  // A published private key lets anyone sign: never trust such a set's key.
  for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
    if (jwk.contains(secret)) {
      return Invalid(
          absl::StrCat("holds the private member ", secret,
                       ": a private key published as a key to trust"));
    }
  }
  auto algorithm = JwkAlgorithm(jwk);
  if (!algorithm.ok()) return algorithm.status();
  auto key =
      *algorithm == JwsAlgorithm::kRs256 ? RsaFromJwk(jwk) : EcFromJwk(jwk);
  if (!key.ok()) return key.status();
  return KeyPtr(
      new VerificationKey(std::make_unique<Pkey>(Pkey{*std::move(key)}),
                          *algorithm, kid->get<std::string>()));
}

bool VerificationKey::Verifies(std::string_view input,
                               std::string_view signature) const {
  std::string der;
  if (algorithm_ == JwsAlgorithm::kEs256) {
    auto converted = EcdsaDer(signature);
    if (!converted) return false;
    der = *std::move(converted);
    signature = der;
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(
      EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* key_context = nullptr;  // owned by `context`
  if (context == nullptr ||
      EVP_DigestVerifyInit(context.get(), &key_context, EVP_sha256(), nullptr,
                           pkey_->key.get()) != 1) {
    return false;
  }
  if (algorithm_ == JwsAlgorithm::kRs256 &&
      EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PADDING) != 1) {
    return false;
  }
  return EVP_DigestVerify(context.get(), Bytes(signature), signature.size(),
                          Bytes(input), input.size()) == 1;
}

absl::StatusOr<JwkSet> ParseJwks(std::string_view text) {
  const json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return Invalid("the JWK Set is not a JSON object");
  }
  auto members = document.find("keys");
  if (members == document.end() || !members->is_array()) {
    return Invalid("the JWK Set has no \"keys\" array");
  }
  if (members->size() > kMaxJwksKeys) {
    return Invalid(
        absl::StrCat("the JWK Set has more than ", kMaxJwksKeys, " keys"));
  }
  JwkSet set;
  for (size_t i = 0; i < members->size(); ++i) {
    const json& jwk = (*members)[i];
    const auto kid = jwk.is_object() ? jwk.value("kid", json()) : json();
    const std::string where =
        absl::StrCat("key ", i, kid.is_string() ? " (kid " : "",
                     kid.is_string() ? kid.get<std::string>() + ")" : "");
    auto key = VerificationKey::FromJwk(jwk);
    if (!key.ok()) {
      set.skipped.push_back(absl::StrCat(where, ": ", key.status().message()));
      continue;
    }
    if (SelectKey(set, (*key)->algorithm(), (*key)->kid()).ok()) {
      set.skipped.push_back(absl::StrCat(where,
                                         ": its kid is already used for ",
                                         AlgorithmName((*key)->algorithm())));
      continue;
    }
    set.keys.push_back(*std::move(key));
  }
  if (set.keys.empty()) {
    return Invalid(absl::StrCat(
        "the JWK Set has no usable key (RS256 or ES256"
        " with a kid)",
        set.skipped.empty() ? "" : ": ", absl::StrJoin(set.skipped, "; ")));
  }
  return set;
}

absl::StatusOr<KeyPtr> SelectKey(const JwkSet& keys, JwsAlgorithm algorithm,
                                 const std::optional<std::string>& kid) {
  if (!kid) return absl::UnauthenticatedError("the token has no key id (kid)");
  bool known = false;
  for (const KeyPtr& key : keys.keys) {
    if (key->kid() != *kid) continue;
    if (key->algorithm() == algorithm) return key;
    known = true;
  }
  if (known) {
    return absl::UnauthenticatedError(
        "the token algorithm does not match its key's (kid)");
  }
  return absl::NotFoundError("the token key id (kid) is not known");
}

PemKeySource::PemKeySource(KeyPtr key) : key_(std::move(key)) {}

absl::StatusOr<KeyPtr> PemKeySource::KeyFor(
    JwsAlgorithm algorithm, const std::optional<std::string>& /*kid*/) {
  if (algorithm != key_->algorithm()) {
    return absl::UnauthenticatedError(
        "the token algorithm does not match the key's (RS256 only)");
  }
  return key_;
}

JwksKeySource::JwksKeySource(JwkSet keys) : keys_(std::move(keys)) {}

absl::StatusOr<KeyPtr> JwksKeySource::KeyFor(
    JwsAlgorithm algorithm, const std::optional<std::string>& kid) {
  auto key = SelectKey(keys_, algorithm, kid);
  if (absl::IsNotFound(key.status())) {
    return absl::UnauthenticatedError(key.status().message());
  }
  return key;
}

}  // namespace jstedu::gateway
