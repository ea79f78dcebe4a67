#pragma once

// absl::Status <-> grpc::Status, with google.rpc error details.
//
// Services build errors with common/status/errors.h (or plain absl errors)
// and convert once per handler with ToGrpcStatus: absl payloads become the
// google.rpc.Status details of the grpc-status-details-bin trailer.

#include <exception>
#include <string>

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace jstedu::grpcutil {

// INTERNAL, UNKNOWN and DATA_LOSS keep their code but answer "internal
// error"; their own message (PostgreSQL's primary message at most, see
// pg/status.h) is logged instead.
grpc::Status ToGrpcStatus(const absl::Status& status);
// Keeps the code and message of a downstream call (callers pass codes on).
absl::Status FromGrpcStatus(const grpc::Status& status);

// Logs an exception that escaped a handler: the RPC and the exception's type
// only, since messages (e.g. of constraint violations) may quote personal
// data.
void LogHandlerException(const char* rpc, const std::exception& error);

// Runs a handler body that returns absl::Status, converting it once; an
// exception escaping the body is logged with the RPC's name and answered
// INTERNAL without its text (it may hold data).
template <typename Body>
grpc::Status Serve(const char* rpc, Body body) {
  try {
    return ToGrpcStatus(body());
  } catch (const std::exception& error) {
    LogHandlerException(rpc, error);
    return grpc::Status(grpc::StatusCode::INTERNAL, "internal error");
  }
}

// Puts a successful result into the RPC's response, or passes its error on.
template <typename T>
absl::Status Answer(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return result.status();
  *response = *std::move(result);
  return absl::OkStatus();
}

}  // namespace jstedu::grpcutil
