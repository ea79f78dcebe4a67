#pragma once

// The verified caller of an RPC, as every service needs it: role, subject,
// region scope and the trace to continue. The gateway checks roles and
// passes the principal (principal.h); services check the role again (so a
// direct gRPC caller gets the same refusal) and filter every read and
// write by the scope.
//
// Scope of a JST-related object (CoversJst):
//   ADMIN        everything
//   COORDINATOR  objects of its voivodeship
//   JST          objects of its own TERYT code
//   other roles  nothing by region (services add their own rules, e.g. an
//                EXPERT's assigned cases)

#include <grpcpp/server_context.h>

#include <initializer_list>
#include <string>

#include "absl/status/statusor.h"
#include "jstedu/auth/v1/principal.pb.h"

namespace jstedu::grpcutil {

struct Caller {
  auth::v1::Role role = auth::v1::ROLE_UNSPECIFIED;
  std::string role_name;    // e.g. "COORDINATOR", for records and messages
  std::string subject;      // the token's sub, never personal data
  std::string voivodeship;  // COORDINATOR only
  std::string jst;          // JST only
  std::string traceparent;  // of the incoming call, for outgoing events
};

// Unauthenticated when the call carries no readable principal.
absl::StatusOr<Caller> CallerOf(const grpc::ServerContextBase& context);

// PermissionDenied "<ROLE> may not <what>" unless the caller has one of
// `roles`.
absl::Status RequireRole(const Caller& caller,
                         std::initializer_list<auth::v1::Role> roles,
                         const char* what);

// CallerOf, then RequireRole.
absl::StatusOr<Caller> CallerWithRole(
    const grpc::ServerContextBase& context,
    std::initializer_list<auth::v1::Role> roles, const char* what);

// Whether the caller's region scope covers a JST (see the table above).
bool CoversJst(const Caller& caller, const std::string& teryt,
               const std::string& voivodeship);

// The voivodeship a list must be limited to for the caller ("" = none).
std::string RegionFilter(const Caller& caller);

// The voivodeship filter of a list or a figure, `requested` being the
// request's filter (field `field`, its API name, e.g. "voivodeship"). A
// COORDINATOR reads its own voivodeship only: an empty filter becomes its
// own, its own stays, another is PermissionDenied "a coordinator of
// voivodeship 24 may read only voivodeship 24" with a google.rpc.BadRequest
// naming `field` (the same answer in every service; a foreign filter is
// never an empty list). Every other role gets `requested` as it is: their
// own scope (a JST's TERYT, an expert's cases) is the service's to apply.
absl::StatusOr<std::string> VoivodeshipFilter(const Caller& caller,
                                              const std::string& requested,
                                              const std::string& field);

}  // namespace jstedu::grpcutil
