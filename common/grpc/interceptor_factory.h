#pragma once

// A server interceptor factory that makes one `Interceptor` per call,
// constructed from the call's ServerRpcInfo (the access check, the service
// host's call log and metrics).

#include <grpcpp/support/server_interceptor.h>

namespace jstedu::grpcutil {

template <typename Interceptor>
class InterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new Interceptor(info);
  }
};

}  // namespace jstedu::grpcutil
