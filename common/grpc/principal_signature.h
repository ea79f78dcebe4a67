#pragma once

// The signature that makes a principal trustworthy between processes
// (issue 22: services trust only the gateway).
//
// The gateway verifies a person's token and sends their principal
// (jstedu.auth.v1.Principal, binary metadata x-jstedu-principal-bin) with
// every call it makes; a service that calls another on a person's behalf
// forwards it. A principal alone proves nothing: anyone who reaches a
// service's port could write one. So every principal travels with a
// signature, HMAC-SHA256 under a key all processes of one deployment share
// (a Secret), over the principal's bytes and an expiry:
//
//   x-jstedu-principal-sig: v1.<expiry, Unix seconds>.<64 hex digits>
//
// A service accepts a principal only when the signature verifies under its
// current key or the previous one (the second is for a rotation:
// docs/operations.md) and has not expired. A signature lives at most
// kPrincipalSignatureLifetime, which bounds the replay of one copied from
// the network (the calls themselves are not encrypted).
//
// The keys are process-wide. The services and the gateway read them at
// start-up (ReadPrincipalKeys, UsePrincipalKeys) and refuse to start
// without them. A process that never set them (a test, a bench) reads the
// files named by JSTEDU_PRINCIPAL_KEY_FILE and
// JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE on first use (tools/dev test sets them
// for the tests and the services they start), or, when the variable is
// unset, makes a random key of its own, which only it can verify. Thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace jstedu::grpcutil {

inline constexpr char kPrincipalSignatureKey[] = "x-jstedu-principal-sig";
inline constexpr char kPrincipalKeyFileVariable[] = "JSTEDU_PRINCIPAL_KEY_FILE";
inline constexpr char kPrincipalPreviousKeyFileVariable[] =
    "JSTEDU_PRINCIPAL_PREVIOUS_KEY_FILE";
inline constexpr absl::Duration kPrincipalSignatureLifetime = absl::Minutes(5);
// How far a signer's clock may run ahead of the verifier's.
inline constexpr absl::Duration kPrincipalClockSkew = absl::Minutes(1);
inline constexpr size_t kMinPrincipalKeyBytes = 32;

struct PrincipalKeys {
  std::string current;   // signs and verifies
  std::string previous;  // verifies only; empty when there is none
};

// The keys in the two files (`previous_file` may be ""): InvalidArgument
// naming the variable when a file cannot be read or holds fewer than 32
// bytes, or when both hold the same key.
absl::StatusOr<PrincipalKeys> ReadPrincipalKeys(
    const std::string& current_file, const std::string& previous_file);

// Makes `keys` the process's keys (replacing any before).
void UsePrincipalKeys(PrincipalKeys keys);

// The signature of `principal` (its serialized bytes) under the current
// key, valid until now + kPrincipalSignatureLifetime; "" when the process
// has no key (the call is then refused by the service it reaches).
std::string SignPrincipal(std::string_view principal, absl::Time now);

// OK when `signature` is this deployment's, for `principal`, and not
// expired; else Unauthenticated saying which of those failed (never a
// key).
absl::Status VerifyPrincipal(std::string_view principal,
                             std::string_view signature, absl::Time now);

}  // namespace jstedu::grpcutil
