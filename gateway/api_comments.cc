#include "gateway/api_comments.h"

#include <cstdlib>
#include <iostream>
#include <string>

#include "google/protobuf/descriptor.pb.h"

namespace jstedu::gateway {
namespace {

google::protobuf::DescriptorPool* BuildPool() {
  google::protobuf::FileDescriptorSet set;
  const std::string_view bytes = ApiDescriptorSetBytes();
  if (!set.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    std::cerr << "api_comments: the embedded descriptor set does not parse\n";
    std::abort();
  }
  auto* pool = new google::protobuf::DescriptorPool();
  // --include_imports lists every file after the files it imports.
  for (const google::protobuf::FileDescriptorProto& file : set.file()) {
    if (pool->BuildFile(file) == nullptr) {
      std::cerr << "api_comments: " << file.name() << " does not build\n";
      std::abort();
    }
  }
  return pool;
}

}  // namespace

const google::protobuf::DescriptorPool& ApiCommentPool() {
  static const google::protobuf::DescriptorPool* const kPool = BuildPool();
  return *kPool;
}

}  // namespace jstedu::gateway
