#pragma once

// The caller's principal inside a service, as the gateway verified it
// (proto/jstedu/auth/v1/principal.proto).
//
// RequirePrincipal reads it from the incoming metadata: Unauthenticated when
// absent, unreadable or not signed by this deployment (principal_signature.h:
// a service trusts only principals the gateway, or a service forwarding one,
// signed); PermissionDenied when the called method does not declare the
// principal's role (access.h: the one role check of every service, before
// any handler reads its caller). WithPrincipal attaches one, signed, to an
// outgoing call (tests, and service-to-service calls made on the system's own
// behalf); AttachPrincipal does the same for one already serialized (a
// principal forwarded: common/grpc/context.h).

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include <optional>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "jstedu/auth/v1/principal.pb.h"

namespace jstedu::grpcutil {

absl::StatusOr<auth::v1::Principal> RequirePrincipal(
    const grpc::ServerContextBase& context);

void WithPrincipal(grpc::ClientContext& context,
                   const auth::v1::Principal& principal);
void AttachPrincipal(grpc::ClientContext& context, const std::string& bytes);

// `<service binary> sign-principal --subject S --role ROLE [--voivodeship WW]
// [--jst TERYT]`: an operator's principal for calling a service's port
// directly (docs/operations.md, "Calling a service directly"), signed with
// the key of JSTEDU_PRINCIPAL_KEY_FILE: prints the two metadata entries, one
// per line, as grpcurl's -H takes them ("x-jstedu-principal-bin: <base64>"
// and "x-jstedu-principal-sig: v1.…"), valid for
// kPrincipalSignatureLifetime. nullopt when `argv` is not that command; else
// the exit status (2 with the reason on `err` for a bad argument or key).
std::optional<int> RunSignPrincipalCommand(int argc, char** argv,
                                           std::ostream& out,
                                           std::ostream& err);

}  // namespace jstedu::grpcutil
