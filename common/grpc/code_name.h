#pragma once

// The name of a gRPC status code ("NOT_FOUND"), as the metrics label it,
// the logs print it and the gateway's error bodies carry it; "CODE_<n>" for
// a number gRPC does not define.
//
// Header-only (the gateway uses it without the service host's library).
// Thread-safety: a pure function.

#include <grpcpp/support/status_code_enum.h>

#include <iterator>
#include <string>

namespace jstedu::grpcutil {

inline std::string StatusCodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int number = static_cast<int>(code);
  if (number >= 0 && number < static_cast<int>(std::size(kNames))) {
    return kNames[number];
  }
  return "CODE_" + std::to_string(number);
}

}  // namespace jstedu::grpcutil
