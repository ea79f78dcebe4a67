#pragma once

// Domain errors with google.rpc details, in absl::Status form (no gRPC
// dependency, so domain code can use them).
//
// Details travel as absl status payloads keyed by their Any type URL; the
// gRPC layer (common/grpc/status.h) turns them into the
// grpc-status-details-bin trailer, which the gateway prints as the JSON
// "details" array.

#include <google/protobuf/message.h>

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace jstedu::errors {

// Attaches `detail` (any google.rpc.* detail message) to `status`.
void AddDetail(absl::Status& status, const google::protobuf::Message& detail);

// The details attached to `status` (AddDetail) as a serialized
// google.rpc.Status, for the grpc-status-details-bin trailer; "" when it
// has none.
std::string SerializedDetails(const absl::Status& status);

// InvalidArgument "<field>: <description>" with a google.rpc.BadRequest
// naming the field.
absl::Status InvalidField(const std::string& field,
                          const std::string& description);

// PermissionDenied `message` with a google.rpc.BadRequest naming `field`:
// the caller may not use this value of the field (another voivodeship's
// filter, another person's feeds).
absl::Status DeniedField(const std::string& field, const std::string& message);

struct FieldProblem {
  std::string field;  // API field path, or "line 12, column 3 (pesel)"
  std::string description;
};

// InvalidArgument listing every problem in one google.rpc.BadRequest. The
// message names the first problem and how many there are. At most
// `max_listed` problems are attached (the message says how many were
// left out), so the trailer stays a sane size.
absl::Status InvalidFields(const std::vector<FieldProblem>& problems,
                           size_t max_listed = 500);

struct Rule {
  std::string type;         // stable code, e.g. "MIN_REPRESENTATIVES"
  std::string subject;      // what it is about, e.g. "applications/<id>"
  std::string description;  // the rule and how it is not met
};

// FailedPrecondition naming each unmet rule in a
// google.rpc.PreconditionFailure.
absl::Status RulesNotMet(const std::vector<Rule>& rules);

// NotFound with a google.rpc.ResourceInfo naming the resource.
absl::Status NotFoundResource(const std::string& resource_type,
                              const std::string& resource_name,
                              const std::string& message);

// The one answer for an object a caller names that does not exist, in every
// service alike: NotFound "no <kind> <name>" (e.g. "no edition NOSUCH")
// with a ResourceInfo of `kind` and `name`.
absl::Status NoSuch(const std::string& kind, const std::string& name);

// The one answer for an object a caller names that does not exist *or*
// lies outside the caller's scope (another JST's application, another
// voivodeship's case): NotFound "no <kind> <name> that you have access
// to", with a ResourceInfo of `kind` and `name`. Both cases answer exactly
// this, so no answer tells whether another JST's object exists.
absl::Status NotFoundInScope(const std::string& kind, const std::string& name);

}  // namespace jstedu::errors
