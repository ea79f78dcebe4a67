// gRPC server reflection for operators (issue 17): each of the four real
// services, asked over both reflection protocols (grpc.reflection.v1alpha,
// gRPC's own, and grpc.reflection.v1, common/grpc/reflection_v1.h), lists
// its own service, the health service and both reflection services, and
// every listed service resolves to a descriptor with its methods: what
// `buf curl --list-methods` and grpcurl need.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/rpc_method.h>
#include <grpcpp/support/sync_stream.h>

#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "tests/e2e/e2e_stack.h"

namespace jstedu::testing {
namespace {

namespace rv1 = grpc::reflection::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptorProto;
using google::protobuf::SimpleDescriptorDatabase;

// The two protocols carry the same messages; only the method's path
// differs, so one client speaks both.
constexpr const char* kProtocols[] = {
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"};

// One reflection stream to a server.
class ReflectionClient {
 public:
  ReflectionClient(const std::shared_ptr<grpc::Channel>& channel,
                   const char* method)
      : method_(method, grpc::internal::RpcMethod::BIDI_STREAMING, channel),
        stream_(grpc::internal::ClientReaderWriterFactory<
                rv1::ServerReflectionRequest,
                rv1::ServerReflectionResponse>::Create(channel.get(), method_,
                                                       &context_)) {}
  ~ReflectionClient() {
    stream_->WritesDone();
    stream_->Finish();
  }

  // The services the server lists; empty after an error.
  std::vector<std::string> ListServices() {
    rv1::ServerReflectionRequest request;
    request.set_list_services("*");
    const rv1::ServerReflectionResponse response = Ask(request);
    std::vector<std::string> names;
    for (const auto& s : response.list_services_response().service()) {
      names.push_back(s.name());
    }
    return names;
  }

  // Adds the files the server sends for `symbol` to `database` (those not
  // there yet); false (and
  // the reason in `error`) when it sends none or an error.
  bool AddFileContaining(const std::string& symbol,
                         SimpleDescriptorDatabase& database,
                         std::string& error) {
    rv1::ServerReflectionRequest request;
    request.set_file_containing_symbol(symbol);
    rv1::ServerReflectionResponse response = Ask(request);
    if (response.has_error_response()) {
      error = response.error_response().error_message();
      return false;
    }
    for (const std::string& bytes :
         response.file_descriptor_response().file_descriptor_proto()) {
      FileDescriptorProto file;
      if (!file.ParseFromString(bytes)) {
        error = "unreadable FileDescriptorProto";
        return false;
      }
      // v1alpha sends a file again on the same stream.
      FileDescriptorProto known;
      if (!database.FindFileByName(file.name(), &known)) database.Add(file);
    }
    return true;
  }

 private:
  rv1::ServerReflectionResponse Ask(
      const rv1::ServerReflectionRequest& request) {
    rv1::ServerReflectionResponse response;
    if (!stream_->Write(request) || !stream_->Read(&response)) {
      response.mutable_error_response()->set_error_message(
          stream_->Finish().error_message());
    }
    return response;
  }

  grpc::ClientContext context_;
  grpc::internal::RpcMethod method_;
  std::unique_ptr<grpc::ClientReaderWriter<rv1::ServerReflectionRequest,
                                           rv1::ServerReflectionResponse>>
      stream_;
};

class ReflectionE2eTest : public E2eTest {};

TEST_F(ReflectionE2eTest, EveryServiceListsAndResolvesOverBothProtocols) {
  const std::map<std::string, std::string> own = {
      {"recruitment", "jstedu.recruitment.v1.RecruitmentService"},
      {"training", "jstedu.training.v1.TrainingService"},
      {"advisory", "jstedu.advisory.v1.AdvisoryService"},
      {"reporting", "jstedu.reporting.v1.ReportingService"}};
  for (const auto& [name, service_name] : own) {
    auto channel = grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", stack_->grpc_ports[name]),
        grpc::InsecureChannelCredentials());
    for (const char* protocol : kProtocols) {
      SCOPED_TRACE(absl::StrCat(name, " over ", protocol));
      ReflectionClient client(channel, protocol);
      const std::vector<std::string> listed = client.ListServices();
      const std::set<std::string> listed_set(listed.begin(), listed.end());
      for (const std::string& expected :
           {service_name, std::string("grpc.health.v1.Health"),
            std::string("grpc.reflection.v1alpha.ServerReflection"),
            std::string("grpc.reflection.v1.ServerReflection")}) {
        EXPECT_EQ(listed_set.count(expected), 1u) << expected << " not listed";
      }
      // Every listed service resolves, with its methods.
      SimpleDescriptorDatabase database;
      DescriptorPool pool(&database);
      for (const std::string& listed_name : listed) {
        std::string error;
        EXPECT_TRUE(client.AddFileContaining(listed_name, database, error))
            << listed_name << ": " << error;
        const auto* service = pool.FindServiceByName(listed_name);
        ASSERT_NE(service, nullptr) << listed_name << " does not resolve";
        EXPECT_GT(service->method_count(), 0) << listed_name;
      }
      const auto* health = pool.FindServiceByName("grpc.health.v1.Health");
      ASSERT_NE(health, nullptr);
      EXPECT_NE(health->FindMethodByName("Check"), nullptr);
      EXPECT_NE(health->FindMethodByName("Watch"), nullptr);
      // A service's request types resolve too (for building a call).
      const auto* service = pool.FindServiceByName(service_name);
      ASSERT_NE(service, nullptr);
      EXPECT_NE(service->method(0)->input_type(), nullptr);
    }
  }
}

}  // namespace
}  // namespace jstedu::testing
