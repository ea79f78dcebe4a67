#include "common/grpc/reflection_v1.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/impl/server_builder_option.h>
#include <grpcpp/impl/server_builder_plugin.h>
#include <grpcpp/impl/server_initializer.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace jstedu::grpcutil {
namespace {

namespace rv1 = grpc::reflection::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;

class ReflectionV1Service final : public rv1::ServerReflection::Service {
 public:
  void SetServiceNames(const std::vector<std::string>& names) {
    services_ = names;
  }

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* /*context*/,
      grpc::ServerReaderWriter<rv1::ServerReflectionResponse,
                               rv1::ServerReflectionRequest>* stream) override {
    std::set<std::string> sent;  // files already sent on this stream
    rv1::ServerReflectionRequest request;
    while (stream->Read(&request)) {
      rv1::ServerReflectionResponse response;
      grpc::Status status = Answer(request, sent, response);
      if (!status.ok()) {
        response.mutable_error_response()->set_error_code(
            static_cast<int>(status.error_code()));
        response.mutable_error_response()->set_error_message(
            status.error_message());
      }
      response.set_valid_host(request.host());
      *response.mutable_original_request() = request;
      if (!stream->Write(response)) break;
    }
    return grpc::Status::OK;
  }

 private:
  grpc::Status Answer(const rv1::ServerReflectionRequest& request,
                      std::set<std::string>& sent,
                      rv1::ServerReflectionResponse& response) const {
    const DescriptorPool& pool = *DescriptorPool::generated_pool();
    switch (request.message_request_case()) {
      case rv1::ServerReflectionRequest::kListServices:
        for (const std::string& name : services_) {
          response.mutable_list_services_response()->add_service()->set_name(
              name);
        }
        return grpc::Status::OK;
      case rv1::ServerReflectionRequest::kFileByFilename:
        return SendFile(pool.FindFileByName(request.file_by_filename()),
                        "file " + request.file_by_filename(), sent, response);
      case rv1::ServerReflectionRequest::kFileContainingSymbol:
        return SendFile(
            pool.FindFileContainingSymbol(request.file_containing_symbol()),
            "symbol " + request.file_containing_symbol(), sent, response);
      case rv1::ServerReflectionRequest::kFileContainingExtension: {
        const auto& wanted = request.file_containing_extension();
        const auto* type = pool.FindMessageTypeByName(wanted.containing_type());
        const auto* extension =
            type == nullptr
                ? nullptr
                : pool.FindExtensionByNumber(type, wanted.extension_number());
        return SendFile(extension == nullptr ? nullptr : extension->file(),
                        "extension " + wanted.containing_type(), sent,
                        response);
      }
      case rv1::ServerReflectionRequest::kAllExtensionNumbersOfType:
        return ExtensionNumbers(pool, request.all_extension_numbers_of_type(),
                                response);
      default:
        return {grpc::StatusCode::UNIMPLEMENTED,
                "the request is not a reflection request this server knows"};
    }
  }

  // `file` and every dependency not yet sent on the stream.
  static grpc::Status SendFile(const FileDescriptor* file,
                               const std::string& what,
                               std::set<std::string>& sent,
                               rv1::ServerReflectionResponse& response) {
    if (file == nullptr) {
      return {grpc::StatusCode::NOT_FOUND, what + " not found"};
    }
    auto* files = response.mutable_file_descriptor_response();
    std::vector<const FileDescriptor*> pending = {file};
    while (!pending.empty()) {
      const FileDescriptor* next = pending.back();
      pending.pop_back();
      if (!sent.insert(next->name()).second) continue;
      google::protobuf::FileDescriptorProto proto;
      next->CopyTo(&proto);
      files->add_file_descriptor_proto(proto.SerializeAsString());
      for (int i = 0; i < next->dependency_count(); ++i) {
        pending.push_back(next->dependency(i));
      }
    }
    return grpc::Status::OK;
  }

  static grpc::Status ExtensionNumbers(
      const DescriptorPool& pool, const std::string& type_name,
      rv1::ServerReflectionResponse& response) {
    const auto* type = pool.FindMessageTypeByName(type_name);
    if (type == nullptr) {
      return {grpc::StatusCode::NOT_FOUND, "type " + type_name + " not found"};
    }
    std::vector<const google::protobuf::FieldDescriptor*> extensions;
    pool.FindAllExtensions(type, &extensions);
    auto* numbers = response.mutable_all_extension_numbers_response();
    numbers->set_base_type_name(type_name);
    for (const auto* extension : extensions) {
      numbers->add_extension_number(extension->number());
    }
    return grpc::Status::OK;
  }

  std::vector<std::string> services_;
};

class ReflectionV1Plugin final : public grpc::ServerBuilderPlugin {
 public:
  std::string name() override { return "jstedu_reflection_v1"; }
  void InitServer(grpc::ServerInitializer* si) override {
    si->RegisterService(service_);
  }
  void Finish(grpc::ServerInitializer* si) override {
    service_->SetServiceNames(*si->GetServiceList());
  }
  void ChangeArguments(const std::string& /*name*/, void* /*value*/) override {}
  bool has_sync_methods() const override { return true; }
  bool has_async_methods() const override { return false; }

 private:
  std::shared_ptr<ReflectionV1Service> service_ =
      std::make_shared<ReflectionV1Service>();
};

class ReflectionV1Option final : public grpc::ServerBuilderOption {
 public:
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>*
                         plugins) override {
    plugins->push_back(std::make_unique<ReflectionV1Plugin>());
  }
};

}  // namespace

void AddReflectionV1(grpc::ServerBuilder& builder) {
  builder.SetOption(std::make_unique<ReflectionV1Option>());
}

}  // namespace jstedu::grpcutil
