#pragma once

// For the domain rules' unit tests: a refusal's google.rpc.PreconditionFailure
// as "TYPE subject" lines.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/rpc/error_details.pb.h"

namespace jstedu::training {

inline std::vector<std::string> Violations(const absl::Status& status) {
  std::vector<std::string> out;
  auto payload =
      status.GetPayload("type.googleapis.com/google.rpc.PreconditionFailure");
  google::rpc::PreconditionFailure failure;
  if (payload && failure.ParseFromString(std::string(*payload))) {
    for (const auto& v : failure.violations()) {
      out.push_back(v.type() + " " + v.subject());
    }
  }
  return out;
}

}  // namespace jstedu::training
