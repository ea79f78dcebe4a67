// The one role check of every service (access.h), on a real in-process gRPC
// server: the roles come from the methods' jstedu.api.v1.access options in
// recruitment.proto, and a refused call never reaches its handler.
#include "common/grpc/access.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>

#include "common/grpc/caller.h"
#include "common/grpc/principal.h"
#include "common/grpc/status.h"
#include "gtest/gtest.h"
#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"

namespace jstedu::grpcutil {
namespace {

namespace v1 = recruitment::v1;

// Counts the calls that reached a handler; answers OK when the caller is
// readable.
class CountingService final : public v1::RecruitmentService::Service {
 public:
  grpc::Status CreateEdition(grpc::ServerContext* context,
                             const v1::CreateEditionRequest*,
                             v1::Edition*) override {
    return Handle(*context);
  }
  grpc::Status GetJst(grpc::ServerContext* context, const v1::GetJstRequest*,
                      v1::Jst*) override {
    return Handle(*context);
  }
  std::atomic<int> handled{0};

 private:
  grpc::Status Handle(const grpc::ServerContext& context) {
    auto caller = CallerOf(context);
    if (!caller.ok()) return ToGrpcStatus(caller.status());
    ++handled;
    return grpc::Status::OK;
  }
};

class AccessCheckTest : public ::testing::Test {
 protected:
  void Start(bool with_check) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    if (with_check) UseAccessCheck(builder);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::RecruitmentService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
  }

  grpc::Status CreateEdition(auth::v1::Role role,
                             const std::string& forged_method = "") {
    grpc::ClientContext context;
    auth::v1::Principal principal;
    principal.set_role(role);
    principal.set_subject("someone");
    WithPrincipal(context, principal);
    if (!forged_method.empty()) {
      context.AddMetadata(kCalledMethodKey, forged_method);
    }
    v1::CreateEditionRequest request;
    v1::Edition edition;
    return stub_->CreateEdition(&context, request, &edition);
  }

  CountingService service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::RecruitmentService::Stub> stub_;
};

TEST_F(AccessCheckTest, ADeclaredRoleReachesTheHandler) {
  Start(true);
  EXPECT_TRUE(CreateEdition(auth::v1::ADMIN).ok());
  EXPECT_EQ(service_.handled, 1);
}

TEST_F(AccessCheckTest, AnUndeclaredRoleIsRefusedBeforeTheHandler) {
  Start(true);
  for (auth::v1::Role role :
       {auth::v1::COORDINATOR, auth::v1::EXPERT, auth::v1::TRAINER,
        auth::v1::JST, auth::v1::MINISTRY}) {
    grpc::Status status = CreateEdition(role);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(status.error_message(),
              auth::v1::Role_Name(role) +
                  " may not call RecruitmentService.CreateEdition");
  }
  EXPECT_EQ(service_.handled, 0);
}

// A client cannot name another method to borrow its roles: the server
// replaces the key whatever the client sent.
TEST_F(AccessCheckTest, AForgedMethodStampIsReplaced) {
  Start(true);
  grpc::Status status = CreateEdition(
      auth::v1::JST, "/jstedu.recruitment.v1.RecruitmentService/GetJst");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(service_.handled, 0);
}

// Deny by default: a server built without the interceptor lets nobody in,
// ADMIN included, even when the client sends a stamp of its own.
TEST_F(AccessCheckTest, WithoutTheInterceptorEveryRoleIsRefused) {
  Start(false);
  EXPECT_EQ(CreateEdition(auth::v1::ADMIN).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CreateEdition(auth::v1::ADMIN,
                          "/jstedu.recruitment.v1.RecruitmentService/"
                          "CreateEdition")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(service_.handled, 0);
}

TEST(DeclaredRoleTest, ReadsTheMethodsOption) {
  EXPECT_TRUE(
      CheckDeclaredRole("/jstedu.recruitment.v1.RecruitmentService/GetJst",
                        auth::v1::MINISTRY, "MINISTRY")
          .ok());
  EXPECT_FALSE(CheckDeclaredRole(
                   "/jstedu.recruitment.v1.RecruitmentService/CreateEdition",
                   auth::v1::MINISTRY, "MINISTRY")
                   .ok());
  EXPECT_FALSE(
      CheckDeclaredRole("/jstedu.recruitment.v1.RecruitmentService/GetJst",
                        auth::v1::ROLE_UNSPECIFIED, "")
          .ok());
  absl::Status unknown =
      CheckDeclaredRole("/jstedu.recruitment.v1.RecruitmentService/DropAll",
                        auth::v1::ADMIN, "ADMIN");
  EXPECT_EQ(unknown.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(CheckDeclaredRole("", auth::v1::ADMIN, "ADMIN").code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace jstedu::grpcutil
