#pragma once

// Channels between jstedu processes (the gateway to the services, reporting
// to its sources), spread over every replica of the target:
//
//  * the address ("jstedu-recruitment:50051") is resolved by DNS; in
//    Kubernetes the backend Services are headless, so DNS lists every ready
//    pod, and the channel balances calls round_robin over all of them
//    (gRPC's default, pick_first, would hold one pod per client process);
//  * servers end each connection after kMaxConnectionAge (ServiceHost), so
//    clients re-resolve and pick up replicas an autoscaler added.

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

namespace jstedu::grpcutil {

// How long a server keeps one client connection before asking it to
// reconnect (GOAWAY), and how long calls in flight then have to finish.
inline constexpr std::chrono::milliseconds kMaxConnectionAge{30000};
inline constexpr std::chrono::milliseconds kMaxConnectionAgeGrace{30000};

// An insecure channel to `address` with `args` plus round_robin balancing
// (header-only: the gateway links no service library).
inline std::shared_ptr<grpc::Channel> ServiceChannel(
    const std::string& address,
    grpc::ChannelArguments args = grpc::ChannelArguments()) {
  args.SetLoadBalancingPolicyName("round_robin");
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(),
                                   args);
}

}  // namespace jstedu::grpcutil
