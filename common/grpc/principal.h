#pragma once

// The caller's principal inside a service, as the gateway verified it
// (proto/jstedu/auth/v1/principal.proto).
//
// RequirePrincipal reads it from the incoming metadata: Unauthenticated when
// absent or unreadable; PermissionDenied when the called method does not
// declare the principal's role (access.h: the one role check of every
// service, before any handler reads its caller). WithPrincipal attaches one to
// an outgoing call (tests, and service-to-service calls made on the system's
// own behalf).

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "jstedu/auth/v1/principal.pb.h"

namespace jstedu::grpcutil {

absl::StatusOr<auth::v1::Principal> RequirePrincipal(
    const grpc::ServerContextBase& context);

void WithPrincipal(grpc::ClientContext& context,
                   const auth::v1::Principal& principal);

}  // namespace jstedu::grpcutil
