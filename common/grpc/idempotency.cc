#include "common/grpc/idempotency.h"

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include <algorithm>

namespace jstedu::grpcutil {
namespace {

bool IsHash(const std::string& text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// The metadata value of `key`, or "" when absent.
std::string Value(const grpc::ServerContextBase& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  return it == metadata.end()
             ? std::string()
             : std::string(it->second.data(), it->second.size());
}

}  // namespace

absl::StatusOr<std::optional<IdempotentCall>> IdempotentCallOf(
    const grpc::ServerContextBase& context) {
  IdempotentCall call{Value(context, kIdempotencyKeyKey),
                      Value(context, kRequestFingerprintKey)};
  if (call.key.empty() && call.fingerprint.empty()) return std::nullopt;
  if (!IsHash(call.key) || !IsHash(call.fingerprint)) {
    return absl::InvalidArgumentError(
        "malformed idempotency metadata: the key and the request fingerprint "
        "must both be 64 lower-case hex digits");
  }
  return call;
}

void WithIdempotentCall(grpc::ClientContext& context,
                        const IdempotentCall& call) {
  context.AddMetadata(kIdempotencyKeyKey, call.key);
  context.AddMetadata(kRequestFingerprintKey, call.fingerprint);
}

}  // namespace jstedu::grpcutil
