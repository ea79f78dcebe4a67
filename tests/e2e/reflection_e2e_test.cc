// A service's port called directly, as an operator (or an intruder inside
// the cluster) would, on the four real services:
// - gRPC server reflection for operators (issue 17): each service, asked
//   over both reflection protocols (grpc.reflection.v1alpha, gRPC's own,
//   and grpc.reflection.v1, common/grpc/reflection_v1.h), lists its own
//   service, the health service and both reflection services, and every
//   listed service resolves to a descriptor with its methods: what
//   `buf curl --list-methods` and grpcurl need;
// - services trust only the gateway (issue 22): a principal without this
//   deployment's signature (common/grpc/principal_signature.h) is refused
//   UNAUTHENTICATED, and nothing is read for it.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/rpc_method.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/sync_stream.h>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/grpc/context.h"
#include "common/grpc/principal_signature.h"
#include "gmock/gmock.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "jstedu/auth/v1/principal.pb.h"
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

class DirectCallE2eTest : public E2eTest {};

TEST_F(DirectCallE2eTest, EveryServiceListsAndResolvesOverBothProtocols) {
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

// One unary call of `method` with an empty request (every field default)
// and the given metadata; the status it ends with.
grpc::Status CallWith(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
    const std::vector<std::pair<std::string, std::string>>& metadata) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(10));
  for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  done.WaitForNotification();
  return status;
}

// The principal an intruder would write: the office's role, a subject.
std::string AdminPrincipal() {
  auth::v1::Principal principal;
  principal.set_subject("intruder");
  principal.set_role(auth::v1::ADMIN);
  return principal.SerializeAsString();
}

TEST_F(DirectCallE2eTest, AServiceRefusesAPrincipalItsDeploymentDidNotSign) {
  // A read each role-checked service allows the office.
  const std::map<std::string, std::string> reads = {
      {"recruitment", "/jstedu.recruitment.v1.RecruitmentService/GetJst"},
      {"training", "/jstedu.training.v1.TrainingService/GetTrainingSettings"},
      {"advisory", "/jstedu.advisory.v1.AdvisoryService/ListSupportAreas"},
      {"reporting", "/jstedu.reporting.v1.ReportingService/ListIndicators"}};
  const std::string principal = AdminPrincipal();
  // The finding: seven hand-encoded bytes (subject "ops", role
  // ADMIN) were accepted as the office.
  const std::string seven("\x0a\x03ops\x10\x01", 7);
  auth::v1::Principal parsed;
  ASSERT_TRUE(parsed.ParseFromString(seven));
  ASSERT_EQ(parsed.role(), auth::v1::ADMIN);
  // A signature made with another key, as by another deployment or a guess.
  const std::string signed_here =
      grpcutil::SignPrincipal(principal, absl::Now());
  grpcutil::UsePrincipalKeys({std::string(32, 'x'), ""});
  const std::string signed_elsewhere =
      grpcutil::SignPrincipal(principal, absl::Now());
  auto own = grpcutil::ReadPrincipalKeys(
      RequireEnv(grpcutil::kPrincipalKeyFileVariable), "");
  ASSERT_TRUE(own.ok()) << own.status();
  grpcutil::UsePrincipalKeys(*own);
  ASSERT_EQ(grpcutil::SignPrincipal(principal, absl::Now()).substr(0, 3),
            "v1.");
  struct Refusal {
    std::string what;
    std::vector<std::pair<std::string, std::string>> metadata;
    std::string why;
  };
  const std::vector<Refusal> refusals = {
      {"no principal", {}, "the call carries no verified principal"},
      {"seven hand-encoded bytes",
       {{grpcutil::kPrincipalKey, seven}},
       "not signed by this deployment: it has no signature"},
      {"a principal without a signature",
       {{grpcutil::kPrincipalKey, principal}},
       "not signed by this deployment: it has no signature"},
      {"another key's signature",
       {{grpcutil::kPrincipalKey, principal},
        {grpcutil::kPrincipalSignatureKey, signed_elsewhere}},
       "not signed by this deployment: its signature does not match"},
      {"this deployment's signature of another principal",
       {{grpcutil::kPrincipalKey, seven},
        {grpcutil::kPrincipalSignatureKey, signed_here}},
       "not signed by this deployment: its signature does not match"},
      {"a made-up signature",
       {{grpcutil::kPrincipalKey, principal},
        {grpcutil::kPrincipalSignatureKey, "v1.99999999999.abc"}},
       "not signed by this deployment: its signature is malformed"},
      {"a guessed MAC of the right form",
       {{grpcutil::kPrincipalKey, principal},
        {grpcutil::kPrincipalSignatureKey,
         absl::StrCat("v1.", absl::ToUnixSeconds(absl::Now()) + 60, ".",
                      std::string(64, 'a'))}},
       "not signed by this deployment: its signature does not match"},
      {"this deployment's signature, expired",
       {{grpcutil::kPrincipalKey, principal},
        {grpcutil::kPrincipalSignatureKey,
         grpcutil::SignPrincipal(principal, absl::Now() - absl::Minutes(10))}},
       "not signed by this deployment: its signature has expired"}};
  for (const auto& [name, method] : reads) {
    auto channel = grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", stack_->grpc_ports[name]),
        grpc::InsecureChannelCredentials());
    for (const Refusal& refusal : refusals) {
      SCOPED_TRACE(absl::StrCat(name, ", ", refusal.what));
      const grpc::Status status = CallWith(channel, method, refusal.metadata);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
      EXPECT_THAT(status.error_message(), ::testing::HasSubstr(refusal.why));
    }
    // Signed by this deployment (the key the gateway and services were
    // started with), the same call passes the check and reaches the
    // handler, which answers the empty request on its own terms.
    SCOPED_TRACE(absl::StrCat(name, ", signed here"));
    const grpc::Status status =
        CallWith(channel, method,
                 {{grpcutil::kPrincipalKey, principal},
                  {grpcutil::kPrincipalSignatureKey,
                   grpcutil::SignPrincipal(principal, absl::Now())}});
    EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << status.error_message();
    EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << status.error_message();
  }
}

}  // namespace
}  // namespace jstedu::testing
