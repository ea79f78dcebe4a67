#pragma once

// The comments of the services' protos, for the OpenAPI document's
// descriptions (openapi.h).
//
// protoc's generated C++ code registers descriptors without SourceCodeInfo,
// so the generated pool the gateway routes by has no comments. The build
// also compiles the five services' protos, with their imports, into a
// descriptor set with source info (gateway/CMakeLists.txt: protoc
// --include_source_info --include_imports) and embeds it in the gateway
// (api_descriptors.cc, written by cmake/EmbedBinary.cmake). ApiCommentPool()
// is that set as a DescriptorPool of its own: look a generated descriptor's
// counterpart up by full name and read its GetSourceLocation(). Both come
// from the same .proto files of one build, so the names agree.
//
// Thread-safety: built once on first use (thread-safe static); the pool is
// immutable afterwards.

#include <string_view>

#include "google/protobuf/descriptor.h"

namespace jstedu::gateway {

// The embedded descriptor set (a serialized FileDescriptorSet).
std::string_view ApiDescriptorSetBytes();

// The embedded set as a pool, every file built. Aborts at first use if the
// embedded bytes do not parse or build, a build defect.
const google::protobuf::DescriptorPool& ApiCommentPool();

}  // namespace jstedu::gateway
