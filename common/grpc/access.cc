#include "common/grpc/access.h"

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "common/grpc/interceptor_factory.h"

namespace jstedu::grpcutil {
namespace {

// A random prefix of the stamp, made once per process: a client cannot
// guess it, so a stamp it sends is never taken for the server's (even on a
// server built without the interceptor, where nothing replaces it).
const std::string& ProcessNonce() {
  static const std::string* const kNonce = [] {
    std::random_device random;
    std::string nonce;
    for (int i = 0; i < 4; ++i) {
      absl::StrAppend(&nonce, absl::Hex(random(), absl::kZeroPad8));
    }
    return new std::string(nonce + " ");
  }();
  return *kNonce;
}

class AccessInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit AccessInterceptor(grpc::experimental::ServerRpcInfo* info)
      : stamp_(ProcessNonce() + info->method()) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      auto* metadata = methods->GetRecvInitialMetadata();
      metadata->erase(kCalledMethodKey);
      // Both strings outlive the call's handler: a literal and this
      // interceptor's member (it lives as long as the call).
      metadata->emplace(grpc::string_ref(kCalledMethodKey),
                        grpc::string_ref(stamp_));
    }
    methods->Proceed();
  }

 private:
  const std::string stamp_;
};

// "/a.b.Service/Method" → "a.b.Service.Method".
std::string FullName(std::string_view path) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return absl::StrReplaceAll(std::string(path), {{"/", "."}});
}

}  // namespace

const api::v1::Access* DeclaredAccess(
    const google::protobuf::MethodDescriptor& method) {
  if (!method.options().HasExtension(api::v1::access)) return nullptr;
  return &method.options().GetExtension(api::v1::access);
}

bool Declares(const google::protobuf::MethodDescriptor& method,
              auth::v1::Role role) {
  const api::v1::Access* access = DeclaredAccess(method);
  if (access == nullptr || role == auth::v1::ROLE_UNSPECIFIED) return false;
  for (int declared : access->roles()) {
    if (declared == role) return true;
  }
  return false;
}

std::string_view CalledMethod(std::string_view stamp) {
  const std::string& nonce = ProcessNonce();
  if (stamp.size() <= nonce.size() || stamp.substr(0, nonce.size()) != nonce) {
    return {};
  }
  return stamp.substr(nonce.size());
}

absl::Status CheckDeclaredRole(std::string_view path, auth::v1::Role role,
                               std::string_view role_name) {
  const std::string full_name = FullName(path);
  const google::protobuf::MethodDescriptor* method =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          full_name);
  if (method != nullptr && Declares(*method, role)) return absl::OkStatus();
  // "jstedu.recruitment.v1.RecruitmentService.GetJst" →
  // "RecruitmentService.GetJst".
  std::string shown = full_name;
  if (method != nullptr) {
    shown.erase(0, method->service()->file()->package().size() + 1);
  }
  return absl::PermissionDeniedError(
      absl::StrCat(role_name.empty() ? "the caller" : std::string(role_name),
                   " may not call ", shown.empty() ? "this method" : shown));
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
AccessInterceptorFactory() {
  return std::make_unique<InterceptorFactory<AccessInterceptor>>();
}

void UseAccessCheck(grpc::ServerBuilder& builder) {
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(AccessInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
}

}  // namespace jstedu::grpcutil
