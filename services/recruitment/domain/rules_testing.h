#pragma once

// What a rule's error names, for the unit tests of the domain rules: the
// google.rpc.PreconditionFailure violations of a FailedPrecondition and the
// google.rpc.BadRequest fields of an InvalidArgument (common/status/errors.h).

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/rpc/error_details.pb.h"

namespace jstedu::recruitment {

// The violations of a FailedPrecondition ("" for any other status).
inline std::vector<google::rpc::PreconditionFailure::Violation> Violations(
    const absl::Status& status) {
  google::rpc::PreconditionFailure failure;
  auto payload =
      status.GetPayload("type.googleapis.com/google.rpc.PreconditionFailure");
  if (payload) failure.ParseFromString(std::string(*payload));
  return {failure.violations().begin(), failure.violations().end()};
}

// The fields an InvalidArgument names.
inline std::vector<std::string> BadFields(const absl::Status& status) {
  google::rpc::BadRequest bad;
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  if (payload) bad.ParseFromString(std::string(*payload));
  std::vector<std::string> fields;
  for (const auto& v : bad.field_violations()) fields.push_back(v.field());
  return fields;
}

}  // namespace jstedu::recruitment
