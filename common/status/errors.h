#pragma once

// Domain errors with google.rpc details, in absl::Status form (no gRPC
// dependency, so domain code can use them).
//
// Details travel as absl status payloads keyed by their Any type URL; the
// gRPC layer (common/grpc/status.h) turns them into the
// grpc-status-details-bin trailer, which the gateway prints as the JSON
// "details" array.

#include <string>

#include <google/protobuf/message.h>

#include "absl/status/status.h"

namespace jstedu::errors {

// Attaches `detail` (any google.rpc.* detail message) to `status`.
void AddDetail(absl::Status& status, const google::protobuf::Message& detail);

// InvalidArgument "<field>: <description>" with a google.rpc.BadRequest
// naming the field.
absl::Status InvalidField(const std::string& field,
                          const std::string& description);

// NotFound with a google.rpc.ResourceInfo naming the resource.
absl::Status NotFoundResource(const std::string& resource_type,
                              const std::string& resource_name,
                              const std::string& message);

}  // namespace jstedu::errors
