#include "common/grpc/principal.h"

#include "common/grpc/access.h"
#include "common/grpc/context.h"

namespace jstedu::grpcutil {

absl::StatusOr<auth::v1::Principal> RequirePrincipal(
    const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kPrincipalKey);
  auth::v1::Principal principal;
  if (it == metadata.end() ||
      !principal.ParseFromArray(it->second.data(),
                                static_cast<int>(it->second.size())) ||
      principal.role() == auth::v1::ROLE_UNSPECIFIED ||
      principal.subject().empty()) {
    return absl::UnauthenticatedError("the call carries no verified principal");
  }
  auto called = metadata.find(kCalledMethodKey);
  absl::Status allowed = CheckDeclaredRole(
      called == metadata.end()
          ? std::string_view()
          : CalledMethod(
                std::string_view(called->second.data(), called->second.size())),
      principal.role(), auth::v1::Role_Name(principal.role()));
  if (!allowed.ok()) return allowed;
  return principal;
}

void WithPrincipal(grpc::ClientContext& context,
                   const auth::v1::Principal& principal) {
  context.AddMetadata(kPrincipalKey, principal.SerializeAsString());
}

}  // namespace jstedu::grpcutil
