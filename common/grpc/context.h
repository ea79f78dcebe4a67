#pragma once

// What travels between processes with a call: W3C trace context and the
// verified principal (set by the gateway).
//
// Every outgoing call is made with OutgoingContext, which always sets a
// deadline (never later than the incoming call's own), waits for a ready
// server within it (wait_for_ready: a target restarting is waited for, not
// failed at once; see common/grpc/channel.h) and carries the trace (as a
// child span) and principal on (signed anew: principal_signature.h).

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include <chrono>
#include <memory>
#include <string>

namespace jstedu::grpcutil {

inline constexpr char kTraceparentKey[] = "traceparent";
// The serialized jstedu.auth.v1.Principal (binary metadata).
inline constexpr char kPrincipalKey[] = "x-jstedu-principal-bin";
inline constexpr char kRequestIdKey[] = "x-request-id";

// The incoming "traceparent" metadata, or "" when absent or malformed.
std::string IncomingTraceparent(const grpc::ServerContextBase& context);

// True for a well-formed W3C traceparent "00-<32 hex>-<16 hex>-<2 hex>" with
// non-zero ids.
bool IsValidTraceparent(const std::string& value);

// A traceparent with the same trace id as `parent` (or a new trace id when
// `parent` is invalid) and a fresh span id.
std::string ChildTraceparent(const std::string& parent);

// A client context for a downstream call made while serving `incoming`
// (nullptr for calls not made on behalf of a request).
std::unique_ptr<grpc::ClientContext> OutgoingContext(
    const grpc::ServerContextBase* incoming, std::chrono::milliseconds timeout);

}  // namespace jstedu::grpcutil
