#pragma once

// Channels between jstedu processes (the gateway to the services, reporting
// to its sources), spread over every replica of the target and riding
// through restarts:
//
//  * the address ("jstedu-recruitment:50051") is resolved by DNS; in
//    Kubernetes the backend Services are headless, so DNS lists every ready
//    pod, and the channel balances calls round_robin over all of them
//    (gRPC's default, pick_first, would hold one pod per client process);
//  * servers end each connection after kMaxConnectionAge (ServiceHost), so
//    clients re-resolve and pick up replicas an autoscaler added;
//  * the channel watches each server's health for kLivenessService
//    (client-side health checking, grpc.health.v1 Watch): a server that got
//    SIGTERM reports NOT_SERVING at once and the channel stops picking it,
//    while the server still accepts calls for its drain delay
//    (JSTEDU_DRAIN_DELAY), so no call reaches it after it stops accepting.
//    It watches liveness, not readiness (""): a service whose PostgreSQL or
//    Redis is away still gets calls and answers them itself (UNAVAILABLE),
//    as before, instead of every call waiting out its deadline;
//  * reconnection backs off from kInitialReconnectBackoff to at most
//    kMaxReconnectBackoff (gRPC's defaults, 1 s growing to 120 s, would
//    leave a restarted service unreached for up to seconds after it
//    listens).
//
// Callers make their calls wait_for_ready, with a deadline (Upstreams,
// OutgoingContext): a call made while no server is ready (a restart's gap)
// waits for one within its deadline instead of failing at once. A call that
// never left the client is retried by gRPC itself (transparent retry). One
// that reached a server which then died (SIGKILL, a node lost: UNAVAILABLE
// before any answer) is retried on another replica only for the methods the
// caller names as reads (`reads`: gRPC's retryPolicy, kReadRetry); a
// write is not, since it may have been applied.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace jstedu::grpcutil {

// The health service name a liveness probe asks for, and the one client
// channels watch: SERVING from Start() until shutdown, whatever PostgreSQL
// and Redis do (readiness is the server's overall status, "").
inline constexpr char kLivenessService[] = "jstedu.liveness";

// How long a server keeps one client connection before asking it to
// reconnect (GOAWAY), and how long calls in flight then have to finish.
inline constexpr std::chrono::milliseconds kMaxConnectionAge{30000};
inline constexpr std::chrono::milliseconds kMaxConnectionAgeGrace{30000};

// Reconnection backoff of client channels: the first retry after 100 ms,
// then x1.6 (with jitter) up to 1 s, so a server that starts listening is
// reached within about a second even after a long outage, at the cost of
// one connection attempt per second per channel while it is down. gRPC's
// minimum connect timeout (GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 20 s) is left
// alone: it is how long one attempt may take, not a wait; a refused
// connection fails at once whatever it is.
inline constexpr std::chrono::milliseconds kInitialReconnectBackoff{100};
inline constexpr std::chrono::milliseconds kMaxReconnectBackoff{1000};
// A name is resolved again at most this often (gRPC's default is 30 s): a
// client that left a draining pod finds its replacement in DNS within about
// a second, not half a minute.
inline constexpr std::chrono::milliseconds kMinTimeBetweenResolutions{1000};

// A method a channel may retry: a whole service when `method` is empty.
struct ReadMethod {
  std::string service;  // "jstedu.recruitment.v1.RecruitmentService"
  std::string method;   // "GetJst", or "" for every method of the service
};

// How reads are retried: up to 3 attempts in all, on UNAVAILABLE only, 50 ms
// then 100 ms apart (within the call's deadline), and throttled per channel
// (gRPC's retryThrottling: once more than half of 10 tokens are spent by
// failures, 1 token back per success, it stops retrying) so that a service
// that is down is not hit three times as hard.
inline constexpr char kReadRetry[] =
    R"("retryPolicy": {"maxAttempts": 3, "initialBackoff": "0.05s",)"
    R"( "maxBackoff": "0.1s", "backoffMultiplier": 2,)"
    R"( "retryableStatusCodes": ["UNAVAILABLE"]})";
inline constexpr char kRetryThrottling[] =
    R"("retryThrottling": {"maxTokens": 10, "tokenRatio": 1})";

// The channel's service config: round_robin, health checking, and the
// retry policy for `reads`. Names are protobuf identifiers (no escaping).
inline std::string ServiceConfigJson(const std::vector<ReadMethod>& reads) {
  std::string config = absl::StrCat(
      R"({"loadBalancingConfig": [{"round_robin": {}}],)",
      R"( "healthCheckConfig": {"serviceName": ")", kLivenessService, R"("})");
  if (!reads.empty()) {
    std::string names;
    for (const ReadMethod& read : reads) {
      absl::StrAppend(&names, names.empty() ? "" : ", ", R"({"service": ")",
                      read.service, R"(")");
      if (!read.method.empty())
        absl::StrAppend(&names, R"(, "method": ")", read.method, R"(")");
      absl::StrAppend(&names, "}");
    }
    absl::StrAppend(&config, R"(, "methodConfig": [{"name": [)", names, "], ",
                    kReadRetry, "}], ", kRetryThrottling);
  }
  absl::StrAppend(&config, "}");
  return config;
}

// An insecure channel to `address` (one "host:port" resolved by DNS, or a
// list "ipv4:host:port,host:port": config::Env::GrpcTarget) with `args` plus
// the settings above (header-only: the gateway links no service library).
inline std::shared_ptr<grpc::Channel> ServiceChannel(
    const std::string& address,
    grpc::ChannelArguments args = grpc::ChannelArguments(),
    const std::vector<ReadMethod>& reads = {}) {
  args.SetServiceConfigJSON(ServiceConfigJson(reads));
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS,
              static_cast<int>(kInitialReconnectBackoff.count()));
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS,
              static_cast<int>(kMaxReconnectBackoff.count()));
  args.SetInt(GRPC_ARG_DNS_MIN_TIME_BETWEEN_RESOLUTIONS_MS,
              static_cast<int>(kMinTimeBetweenResolutions.count()));
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(),
                                   args);
}

}  // namespace jstedu::grpcutil
