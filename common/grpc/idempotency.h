#pragma once

// The gateway's Idempotency-Key as the service receives it
// (gateway/README.md, Idempotency-Key).
//
// With every write (POST, PUT, PATCH) that carries an Idempotency-Key the
// gateway passes the client's key scoped to the caller and the route, and
// the request's fingerprint, both as keyed hashes (HMAC-SHA-256, 64
// lower-case hex digits, nothing the client sent can be read back from
// them). Serve
// (status.h) makes them the handler's keyed call, so the service applies
// the request at most once per key (common/pg/request_key.h); a service
// that keeps answers carrying personal data (recruitment's kept answers)
// keeps them under the same key.
//
// Thread-safe (pure functions).

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace grpc {
class ServerContextBase;
class ClientContext;
}  // namespace grpc

namespace jstedu::grpcutil {

inline constexpr char kIdempotencyKeyKey[] = "x-jstedu-idempotency-key";
inline constexpr char kRequestFingerprintKey[] = "x-jstedu-request-fingerprint";

struct IdempotentCall {
  std::string key;          // the scoped key's hash
  std::string fingerprint;  // the request's hash
};

// The call's IdempotentCall; nullopt when the call carries none;
// InvalidArgument when it carries one partly or malformed.
absl::StatusOr<std::optional<IdempotentCall>> IdempotentCallOf(
    const grpc::ServerContextBase& context);

// Attaches `call` to an outgoing call (tests).
void WithIdempotentCall(grpc::ClientContext& context,
                        const IdempotentCall& call);

}  // namespace jstedu::grpcutil
