#pragma once

// gRPC server reflection, version 1 (grpc.reflection.v1.ServerReflection),
// beside the v1alpha service gRPC's own plugin offers: grpc 1.51 (Debian 12)
// has only v1alpha, and newer tools (buf curl, grpcurl, Postman) ask for v1
// first. The two protocols are the same messages under two package names.
//
// AddReflectionV1(builder) registers the service through a server builder
// plugin, which learns the server's service names once every service is
// registered (the health service included), as v1alpha's plugin does.
// Descriptors come from the generated pool, so every service answered must
// have its proto linked into the binary (the health service's is:
// grpc_health_proto, linked with jstedu_grpc).
//
// Answers, per request of the stream: list_services (the server's
// services), file_by_filename and file_containing_symbol (the file and its
// dependencies, each file once per stream), file_containing_extension and
// all_extension_numbers_of_type; an unknown name is NOT_FOUND in
// error_response, as in v1alpha.
//
// Thread-safe: each stream is served on its own.

#include <grpcpp/server_builder.h>

namespace jstedu::grpcutil {

void AddReflectionV1(grpc::ServerBuilder& builder);

}  // namespace jstedu::grpcutil
