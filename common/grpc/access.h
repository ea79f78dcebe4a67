#pragma once

// Who may call an RPC, as its proto declares it (jstedu.api.v1.access on
// the method, proto/jstedu/api/v1/access.proto), checked once per call in
// every service.
//
// gRPC's C++ server interceptors cannot end a call, so the check has two
// parts that only work together:
//   * AccessInterceptorFactory (installed by ServiceHost, and by tests that
//     build their own server with UseAccessCheck) writes the called
//     method's path, after a random per-process prefix no client can know,
//     into the call's received metadata under kCalledMethodKey, replacing
//     whatever a client sent under that key;
//   * CallerOf (caller.h), the first thing every handler does, reads it and
//     refuses a role the method does not declare: PermissionDenied
//     "<ROLE> may not call <Service>.<Method>", before the handler reads or
//     writes anything. A call without the stamp (a server built without the
//     interceptor) or to a method without the option is refused to every
//     role: deny by default.
//
// The gateway reads the same option for its own table
// (gateway/access_policy.h), so a role is declared in exactly one place.
//
// Thread-safety: every function may be called from any thread.

#include <grpcpp/server_builder.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string_view>

#include "absl/status/status.h"
#include "google/protobuf/descriptor.h"
#include "jstedu/api/v1/access.pb.h"
#include "jstedu/auth/v1/principal.pb.h"

namespace jstedu::grpcutil {

// The metadata key under which the interceptor records the called method.
inline constexpr char kCalledMethodKey[] = "jstedu-called-method";

// The gRPC path ("/jstedu.recruitment.v1.RecruitmentService/GetJst") in a
// stamp this process's interceptor wrote; "" for anything else (a client's
// own value, no value).
std::string_view CalledMethod(std::string_view stamp);

// The access declared on `method`, or nullptr when it has none.
const api::v1::Access* DeclaredAccess(
    const google::protobuf::MethodDescriptor& method);

// True when `method` declares `role` among its roles.
bool Declares(const google::protobuf::MethodDescriptor& method,
              auth::v1::Role role);

// OK when `role` may call the method at gRPC path `path`
// ("/<package>.<Service>/<Method>"), found in the process's generated
// descriptors; PermissionDenied otherwise (unknown method, no option, a
// role it does not declare). `role_name` is for the message.
absl::Status CheckDeclaredRole(std::string_view path, auth::v1::Role role,
                               std::string_view role_name);

// Records the called method on every call (see above).
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
AccessInterceptorFactory();

// For a server built outside ServiceHost (tests): installs
// AccessInterceptorFactory as the builder's only interceptor.
void UseAccessCheck(grpc::ServerBuilder& builder);

}  // namespace jstedu::grpcutil
