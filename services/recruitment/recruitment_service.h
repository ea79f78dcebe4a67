#pragma once

// The gRPC face of the recruitment service: proto ⇄ domain, absl::Status ⇄
// grpc::Status. Rules live in domain/, storage in store/.
//
// Every RPC requires the verified principal in the call's metadata
// (UNAUTHENTICATED otherwise) and answers within its scope
// (domain/jst_scope.h): a JST outside it is NOT_FOUND like a non-existent
// one, and lists hold no row outside it.
//
// Thread-safe: handlers share nothing but the store.

#include "jstedu/recruitment/v1/recruitment.grpc.pb.h"
#include "services/recruitment/store/registry_store.h"

namespace jstedu::recruitment {

class RecruitmentServiceImpl final
    : public jstedu::recruitment::v1::RecruitmentService::Service {
 public:
  explicit RecruitmentServiceImpl(RegistryStore& registry)
      : registry_(registry) {}

  grpc::Status ListJsts(grpc::ServerContext* context,
                        const v1::ListJstsRequest* request,
                        v1::ListJstsResponse* response) override;
  grpc::Status GetJst(grpc::ServerContext* context,
                      const v1::GetJstRequest* request,
                      v1::Jst* response) override;

 private:
  RegistryStore& registry_;
};

}  // namespace jstedu::recruitment
