#include "common/status/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace jstedu::errors {
namespace {

constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";

}  // namespace

void AddDetail(absl::Status& status, const google::protobuf::Message& detail) {
  status.SetPayload(
      absl::StrCat(kTypeUrlPrefix, detail.GetDescriptor()->full_name()),
      absl::Cord(detail.SerializeAsString()));
}

absl::Status InvalidField(const std::string& field, const std::string& description) {
  absl::Status status = absl::InvalidArgumentError(
      absl::StrCat(field, ": ", description));
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field(field);
  violation->set_description(description);
  AddDetail(status, bad_request);
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

}  // namespace jstedu::errors
