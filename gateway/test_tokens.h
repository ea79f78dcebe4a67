#pragma once

// Test-only: RSA and EC P-256 keys made at test time, JWTs signed with them
// and the JWK Set entries of their public halves, for the gateway's tests and
// the end-to-end tests (which start the real gateway with the public half, or
// serve it as a JWK Set). Never used by a binary.
//
// Functions abort the test (via a thrown std::runtime_error) only when
// OpenSSL itself fails. Thread-safe.

#include <chrono>
#include <string>
#include <string_view>

#include "nlohmann/json.hpp"

namespace jstedu::gateway::testing {

struct KeyPair {
  std::string private_pem;  // PKCS#8 "-----BEGIN PRIVATE KEY-----"
  std::string public_pem;   // SubjectPublicKeyInfo "-----BEGIN PUBLIC KEY-----"
};

// A fresh RSA key pair (2048 bits unless asked otherwise).
KeyPair GenerateRsaKeyPair(int bits = 2048);

// A fresh EC key pair on `curve` (an OpenSSL group name: "P-256" for ES256;
// another, e.g. "P-384", for tests of keys the gateway refuses).
KeyPair GenerateEcKeyPair(const char* curve = "P-256");

// The public JWK (RFC 7517, RFC 7518 §6) of `public_pem` with `kid`: kty RSA
// with n and e, or kty EC with crv, x and y; use "sig" and alg RS256/ES256.
nlohmann::json PublicJwk(const std::string& public_pem, std::string_view kid);

// Unpadded base64url (RFC 4648 §5).
std::string Base64Url(std::string_view bytes);

// RSASSA-PKCS1-v1_5 SHA-256 signature of `input` (raw bytes).
std::string SignRs256(const std::string& private_pem, std::string_view input);

// ECDSA P-256 SHA-256 signature of `input` as JWS carries it: r || s, 32
// bytes each (RFC 7518 §3.4).
std::string SignEs256(const std::string& private_pem, std::string_view input);

// HMAC-SHA256 of `input` keyed with `secret` (raw bytes).
std::string HmacSha256(std::string_view secret, std::string_view input);

// base64url(header) "." base64url(payload): what a JWS signature covers.
std::string SigningInput(const nlohmann::json& header,
                         const nlohmann::json& payload);

// A compact JWT of `claims`, RS256 with an RSA key, ES256 with an EC key
// ({"alg":...,"typ":"JWT"} header, with "kid" when `kid` is not empty).
std::string SignedToken(const std::string& private_pem,
                        const nlohmann::json& claims,
                        std::string_view kid = "");

// Claims as `tools/dev token` writes them: iss "jstedu-dev", aud
// "jstedu-gateway", sub, role, iat = nbf = now, exp = now + 1 h. Add region
// or jst for COORDINATOR and JST.
nlohmann::json DevClaims(std::string_view subject, std::string_view role,
                         std::chrono::system_clock::time_point now);

}  // namespace jstedu::gateway::testing
