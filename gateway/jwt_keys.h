#pragma once

// The public keys JWT signatures are verified with (auth.h), and where they
// come from: one PEM key file, or a JSON Web Key Set (RFC 7517) chosen by the
// token's `kid` — fixed (JwksKeySource) or fetched from an OpenID Connect
// issuer (oidc_keys.h).
//
// Two algorithms only (RFC 7518 §3.3, §3.4): RS256 (RSASSA-PKCS1-v1_5 with
// SHA-256, RSA keys of at least 2048 bits) and ES256 (ECDSA on P-256 with
// SHA-256, the signature the 64 bytes r||s). A key verifies only its own
// algorithm: an RS256 token is never checked with an EC key, nor an ES256
// token with an RSA key.
//
// Thread-safety: a VerificationKey and a JwkSet are immutable once built;
// KeySource implementations say their own (both here are immutable).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {

enum class JwsAlgorithm { kRs256, kEs256 };

// "RS256" → kRs256, "ES256" → kEs256; nothing for any other name (exact,
// case-sensitive: "none", "HS256", "PS256", "RS384", "rs256"...).
std::optional<JwsAlgorithm> ParseJwsAlgorithm(std::string_view name);
// "RS256" or "ES256".
const char* AlgorithmName(JwsAlgorithm algorithm);

// Strict base64url (RFC 4648 §5) without padding: no other characters, and
// the unused bits of the last character zero, so each value has exactly one
// spelling. Nothing when `text` is not such.
std::optional<std::string> DecodeBase64Url(std::string_view text);

// One public key, the algorithm it verifies and its key id.
class VerificationKey {
 public:
  // An RS256 key from a PEM SubjectPublicKeyInfo ("-----BEGIN PUBLIC
  // KEY-----") holding an RSA key of at least 2048 bits, with no key id;
  // else InvalidArgument saying why.
  static absl::StatusOr<std::shared_ptr<const VerificationKey>> FromPem(
      std::string_view pem);
  // A key from one member of a JWK Set's "keys": kid (a non-empty string)
  // and either kty "RSA" with n and e (base64url, n at least 2048 bits) or
  // kty "EC" with crv "P-256", x and y (base64url, 32 bytes each, a point on
  // the curve). `use`, when present, must be "sig"; `alg`, when present,
  // must be the key type's algorithm (RS256 for RSA, ES256 for EC).
  // InvalidArgument saying why not.
  static absl::StatusOr<std::shared_ptr<const VerificationKey>> FromJwk(
      const nlohmann::json& jwk);

  ~VerificationKey();
  VerificationKey(const VerificationKey&) = delete;
  VerificationKey& operator=(const VerificationKey&) = delete;

  const std::string& kid() const { return kid_; }
  JwsAlgorithm algorithm() const { return algorithm_; }

  // True when `signature` (as a JWS carries it: the PKCS#1 v1.5 bytes for
  // RS256, r||s of exactly 64 bytes for ES256) is this key's signature of
  // `input`.
  bool Verifies(std::string_view input, std::string_view signature) const;

 private:
  struct Pkey;
  VerificationKey(std::unique_ptr<Pkey> pkey, JwsAlgorithm algorithm,
                  std::string kid);

  std::unique_ptr<Pkey> pkey_;
  JwsAlgorithm algorithm_;
  std::string kid_;
};

using KeyPtr = std::shared_ptr<const VerificationKey>;

// The usable keys of a JWK Set, and why the others were left out.
struct JwkSet {
  std::vector<KeyPtr> keys;
  // One line per member of "keys" left out: its position, kid when it has
  // one, and why (a `use` other than "sig", another algorithm, a short RSA
  // key, another curve, bad base64url, no kid, a kid already used for the
  // same algorithm...). Never key material.
  std::vector<std::string> skipped;
};

// A JWK Set document: a JSON object whose "keys" is an array. Members that
// are not usable keys are skipped (JwkSet::skipped), so one key of a type we
// do not take does not hide the others. InvalidArgument when the document is
// not such an object, or when no key is usable (an issuer publishing no
// signing key is more likely broken than revoking every key).
absl::StatusOr<JwkSet> ParseJwks(std::string_view text);

// Where JwtVerifier gets the key for a token.
class KeySource {
 public:
  virtual ~KeySource() = default;
  // The key to check a token whose header says `algorithm` and `kid`
  // (nothing when the header has none), or UNAUTHENTICATED saying why (no
  // kid where one is needed, an unknown kid, a key of another algorithm).
  // May block while keys are refreshed (OidcKeySource).
  virtual absl::StatusOr<KeyPtr> KeyFor(
      JwsAlgorithm algorithm, const std::optional<std::string>& kid) = 0;
};

// One RS256 key (the PEM key file); the token's kid is ignored.
class PemKeySource : public KeySource {
 public:
  explicit PemKeySource(KeyPtr key);
  absl::StatusOr<KeyPtr> KeyFor(JwsAlgorithm algorithm,
                                const std::optional<std::string>& kid) override;

 private:
  KeyPtr key_;
};

// The key of `keys` with this kid and algorithm: NotFound when no key has
// the kid (the set may be out of date), UNAUTHENTICATED when there is no kid
// or the kid's key is of another algorithm.
absl::StatusOr<KeyPtr> SelectKey(const JwkSet& keys, JwsAlgorithm algorithm,
                                 const std::optional<std::string>& kid);

// A fixed JWK Set: SelectKey, with an unknown kid UNAUTHENTICATED.
class JwksKeySource : public KeySource {
 public:
  explicit JwksKeySource(JwkSet keys);
  absl::StatusOr<KeyPtr> KeyFor(JwsAlgorithm algorithm,
                                const std::optional<std::string>& kid) override;

 private:
  JwkSet keys_;
};

}  // namespace jstedu::gateway
