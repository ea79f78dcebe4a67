#pragma once

// Authentication of gateway requests: a JWT bearer token (RFC 6750, RFC 7519)
// verified with a public key of a KeySource (jwt_keys.h: the PEM key file, or
// a JWK Set chosen by `kid`, fixed or from an OpenID Connect issuer,
// oidc_keys.h), turned into the Principal the services receive
// (proto/jstedu/auth/v1/principal.proto).
//
// A token is accepted only when all of these hold:
//   - it is three base64url parts (no padding, canonical) "header.payload.sig"
//     of at most 8 KiB, header and payload JSON objects;
//   - the header's `alg` is exactly "RS256" or "ES256" (the allow-list:
//     "none", HS256 — even keyed with the public key's bytes —, RS384,
//     PS256... are refused before any cryptography) and it has no `crit`;
//     `kid`, when present, is a string; `jku`, `jwk`, `x5u` are ignored:
//     keys never come from the token;
//   - the KeySource has a key for that `alg` (and `kid`, which a JWK Set
//     needs; the PEM key file ignores it): an RS256 token is never checked
//     with an EC key, nor an ES256 token with an RSA key;
//   - the signature (RSASSA-PKCS1-v1_5 SHA-256, or ECDSA P-256 SHA-256 as
//     64 bytes r||s) verifies with that key over "header.payload" as sent;
//   - `iss` equals the configured issuer; `aud` equals the configured
//     audience or is an array containing it;
//   - header and payload repeat no member name, in any object (a repeated
//     `role` is refused, never read as its last value);
//   - `exp` and `iat` (both required) and `nbf` (optional) are NumericDates
//     written as JSON integers, 0..253402300799 (no fraction, exponent,
//     negative or absurd value); `exp` is after now - leeway, `nbf` and `iat`
//     are not after now + leeway; `exp` is after `iat`, by at most
//     `max_lifetime`;
//   - `sub` is 1..128 visible ASCII characters (0x21..0x7e);
//   - the role claim (`role` unless JwtOptions::role_claim says otherwise)
//     is one of ADMIN COORDINATOR EXPERT TRAINER JST MINISTRY;
//   - a COORDINATOR has the voivodeship claim (`region` by default), a
//     voivodeship code (two digits, even, "02".."32"); a JST has the JST
//     claim (`jst` by default), a TERYT code of 4 or 7 digits starting with
//     a voivodeship code. These claims are ignored for other roles: the
//     Principal carries `voivodeship` only for a COORDINATOR and `jst` only
//     for a JST.
// Anything else is UNAUTHENTICATED, with a message saying what is wrong that
// never repeats the token or a claim's value.
//
// An accepted token is remembered (verified_tokens.h) for the time it is
// valid in, by its SHA-256, with the key that verified it: the same token again
// is accepted without the signature check and the parsing, as long as the key
// source still gives that key for its algorithm and kid.
//
// Thread-safety: a built JwtVerifier is immutable; Verify may be called from
// any number of threads at once (its KeySource must allow that: those of
// jwt_keys.h and oidc_keys.h do).

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gateway/jwt_keys.h"
#include "gateway/verified_tokens.h"
#include "jstedu/auth/v1/principal.pb.h"

namespace jstedu::gateway {

struct JwtOptions {
  std::string issuer = "jstedu-dev";
  std::string audience = "jstedu-gateway";
  // Tolerated clock skew for exp, nbf and iat.
  std::chrono::seconds leeway{60};
  // The longest life of a token, exp - iat (JSTEDU_JWT_MAX_LIFETIME).
  std::chrono::seconds max_lifetime{12 * 3600};
  // The names of the claims carrying the role, a COORDINATOR's voivodeship
  // and a JST's TERYT code (JSTEDU_JWT_ROLE_CLAIM, _VOIVODESHIP_CLAIM,
  // _JST_CLAIM): top-level members of the payload.
  std::string role_claim = "role";
  std::string voivodeship_claim = "region";
  std::string jst_claim = "jst";
  // The wall clock; std::chrono::system_clock::now when empty.
  std::function<std::chrono::system_clock::time_point()> now;
  // How many accepted tokens are remembered (JSTEDU_JWT_VERIFIED_TOKENS;
  // 0: every request's token is verified in full).
  size_t verified_tokens = 16384;
};

// OK when `pem` holds an RSA public key of at least 2048 bits
// ("-----BEGIN PUBLIC KEY-----", SubjectPublicKeyInfo), else
// InvalidArgument saying why.
absl::Status CheckPublicKeyPem(std::string_view pem);

class JwtVerifier {
 public:
  // A verifier for RS256 tokens signed by the private half of `public_pem`.
  // InvalidArgument when the key is not as CheckPublicKeyPem wants it.
  static absl::StatusOr<JwtVerifier> Create(std::string_view public_pem,
                                            JwtOptions options);
  // A verifier taking its keys from `keys` (not null).
  JwtVerifier(std::shared_ptr<KeySource> keys, JwtOptions options);

  JwtVerifier(JwtVerifier&&) noexcept;
  JwtVerifier& operator=(JwtVerifier&&) noexcept;
  ~JwtVerifier();

  // The principal of a valid token (the compact serialization alone, without
  // "Bearer "), or UNAUTHENTICATED.
  absl::StatusOr<auth::v1::Principal> Verify(std::string_view token) const;

 private:
  // The principal of a signed token's claims; `*valid_from` and
  // `*valid_until` receive the times it is accepted in (max(iat, nbf) -
  // leeway, exp + leeway).
  absl::StatusOr<auth::v1::Principal> VerifyClaims(
      std::string_view payload_json,
      std::chrono::system_clock::time_point* valid_from,
      std::chrono::system_clock::time_point* valid_until) const;
  // The full check (the class comment), remembering an accepted token under
  // `digest` when the cache is on.
  absl::StatusOr<auth::v1::Principal> VerifyInFull(
      std::string_view token, const std::string& digest) const;

  std::shared_ptr<KeySource> keys_;
  JwtOptions options_;
  std::shared_ptr<VerifiedTokens> verified_;  // null: no cache
};

// The outcome of authenticating one request.
struct Authentication {
  // The caller, or UNAUTHENTICATED.
  absl::StatusOr<auth::v1::Principal> principal;
  // The WWW-Authenticate value to answer with when refused: `Bearer` when no
  // bearer token was sent (no Authorization header, or another scheme), else
  // `Bearer error="invalid_token"`.
  std::string challenge;
};

// Authenticates a request from the values of its Authorization headers (in
// the order received). The scheme "Bearer" is case-insensitive; exactly one
// space-separated token must follow. More than one Authorization header is
// refused as an invalid token.
Authentication AuthenticateBearer(
    const JwtVerifier& verifier,
    const std::vector<std::string_view>& authorization);

// "ADMIN" for auth::v1::ADMIN...; "ROLE_UNSPECIFIED" for anything else.
std::string RoleName(auth::v1::Role role);

}  // namespace jstedu::gateway
