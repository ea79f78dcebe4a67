#include "common/status/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace jstedu::errors {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";

}  // namespace

void AddDetail(absl::Status& status, const google::protobuf::Message& detail) {
  status.SetPayload(
      absl::StrCat(kTypeUrlPrefix, detail.GetDescriptor()->full_name()),
      absl::Cord(detail.SerializeAsString()));
}

std::string SerializedDetails(const absl::Status& status) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(std::string(status.message()));
  status.ForEachPayload(
      [&](absl::string_view type_url, const absl::Cord& value) {
        if (!absl::StartsWith(type_url, kTypeUrlPrefix)) return;
        auto* any = rpc_status.add_details();
        any->set_type_url(std::string(type_url));
        any->set_value(std::string(value));
      });
  if (rpc_status.details_size() == 0) return "";
  return rpc_status.SerializeAsString();
}

namespace {

// `status` with a google.rpc.BadRequest naming `field`.
absl::Status NamingField(absl::Status status, const std::string& field,
                         const std::string& description) {
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field(field);
  violation->set_description(description);
  AddDetail(status, bad_request);
  return status;
}

}  // namespace

absl::Status InvalidField(const std::string& field,
                          const std::string& description) {
  return NamingField(
      absl::InvalidArgumentError(absl::StrCat(field, ": ", description)), field,
      description);
}

absl::Status DeniedField(const std::string& field, const std::string& message) {
  return NamingField(absl::PermissionDeniedError(message), field, message);
}

absl::Status InvalidFields(const std::vector<FieldProblem>& problems,
                           size_t max_listed) {
  if (problems.empty()) return absl::InvalidArgumentError("invalid input");
  std::string message =
      absl::StrCat(problems.front().field, ": ", problems.front().description);
  if (problems.size() > 1) {
    absl::StrAppend(&message, " (and ", problems.size() - 1, " more problem",
                    problems.size() > 2 ? "s" : "", ")");
  }
  if (problems.size() > max_listed) {
    absl::StrAppend(&message, "; the first ", max_listed, " are listed");
  }
  absl::Status status = absl::InvalidArgumentError(message);
  google::rpc::BadRequest bad_request;
  for (size_t i = 0; i < problems.size() && i < max_listed; ++i) {
    auto* violation = bad_request.add_field_violations();
    violation->set_field(problems[i].field);
    violation->set_description(problems[i].description);
  }
  AddDetail(status, bad_request);
  return status;
}

absl::Status RulesNotMet(const std::vector<Rule>& rules) {
  std::string message = "rules not met:";
  for (size_t i = 0; i < rules.size(); ++i) {
    absl::StrAppend(&message, i == 0 ? " " : "; ", rules[i].description);
  }
  absl::Status status = absl::FailedPreconditionError(message);
  google::rpc::PreconditionFailure failure;
  for (const Rule& rule : rules) {
    auto* violation = failure.add_violations();
    violation->set_type(rule.type);
    violation->set_subject(rule.subject);
    violation->set_description(rule.description);
  }
  AddDetail(status, failure);
  return status;
}

absl::Status NotFoundResource(const std::string& resource_type,
                              const std::string& resource_name,
                              const std::string& message) {
  absl::Status status = absl::NotFoundError(message);
  google::rpc::ResourceInfo info;
  info.set_resource_type(resource_type);
  info.set_resource_name(resource_name);
  info.set_description(message);
  AddDetail(status, info);
  return status;
}

absl::Status NoSuch(const std::string& kind, const std::string& name) {
  return NotFoundResource(kind, name, absl::StrCat("no ", kind, " ", name));
}

absl::Status NotFoundInScope(const std::string& kind, const std::string& name) {
  return NotFoundResource(
      kind, name,
      absl::StrCat("no ", kind, " ", name, " that you have access to"));
}

}  // namespace jstedu::errors
