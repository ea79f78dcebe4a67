#include "common/grpc/caller.h"

#include "absl/strings/str_cat.h"
#include "common/grpc/context.h"
#include "common/grpc/principal.h"
#include "common/status/errors.h"

namespace jstedu::grpcutil {

absl::StatusOr<Caller> CallerOf(const grpc::ServerContextBase& context) {
  auto principal = RequirePrincipal(context);
  if (!principal.ok()) return principal.status();
  Caller caller;
  caller.role = principal->role();
  caller.role_name = auth::v1::Role_Name(principal->role());
  caller.subject = principal->subject();
  caller.voivodeship = principal->voivodeship();
  caller.jst = principal->jst();
  caller.traceparent = IncomingTraceparent(context);
  return caller;
}

absl::Status RequireRole(const Caller& caller,
                         std::initializer_list<auth::v1::Role> roles,
                         const char* what) {
  for (auth::v1::Role role : roles) {
    if (caller.role == role) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat(caller.role_name, " may not ", what));
}

absl::StatusOr<Caller> CallerWithRole(
    const grpc::ServerContextBase& context,
    std::initializer_list<auth::v1::Role> roles, const char* what) {
  auto caller = CallerOf(context);
  if (!caller.ok()) return caller.status();
  absl::Status allowed = RequireRole(*caller, roles, what);
  if (!allowed.ok()) return allowed;
  return caller;
}

bool CoversJst(const Caller& caller, const std::string& teryt,
               const std::string& voivodeship) {
  switch (caller.role) {
    case auth::v1::ADMIN:
      return true;
    case auth::v1::COORDINATOR:
      return !caller.voivodeship.empty() && caller.voivodeship == voivodeship;
    case auth::v1::JST:
      return !caller.jst.empty() && caller.jst == teryt;
    default:
      return false;
  }
}

std::string RegionFilter(const Caller& caller) {
  return caller.role == auth::v1::COORDINATOR ? caller.voivodeship : "";
}

absl::StatusOr<std::string> VoivodeshipFilter(const Caller& caller,
                                              const std::string& requested,
                                              const std::string& field) {
  if (caller.role != auth::v1::COORDINATOR) return requested;
  if (requested.empty() || requested == caller.voivodeship) {
    return caller.voivodeship;
  }
  return errors::DeniedField(
      field, absl::StrCat("a coordinator of voivodeship ", caller.voivodeship,
                          " may read only voivodeship ", caller.voivodeship));
}

}  // namespace jstedu::grpcutil
