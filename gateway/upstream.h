#pragma once

// The gRPC side of the gateway: one channel per backend service, unary calls
// through grpc::GenericStub's callback API (no thread waits for a reply),
// and readiness checks with the standard grpc.health.v1 service.
//
// Every call carries a deadline (UpstreamOptions::deadline) and the metadata
// the caller gives (traceparent, x-request-id, later the verified
// principal). Calls are wait_for_ready: while no server of the service is
// ready (one restarting, or draining after SIGTERM: the channels watch each
// server's health, common/grpc/channel.h) a call waits for one within its
// deadline, then fails UNAVAILABLE when the channel still has no ready
// server (503: never reached; DEADLINE_EXCEEDED, 504, is kept for a call a
// server did not answer in time); health checks do not wait (a
// readiness probe wants the state now). The channels take response
// metadata up to 1 MiB (GRPC_ARG_MAX_METADATA_SIZE; gRPC's default is
// 8 KiB), so large error details (`grpc-status-details-bin`, e.g. a
// BadRequest listing hundreds of bad CSV rows) reach the client whole.
// Completion callbacks run on gRPC's callback threads: they must be quick
// and must not block.
//
// Thread-safety: all methods may be called from any thread. Shutdown() (or
// the destructor) cancels what is in flight and returns once no callback of
// this object is running or will run; the owner of whatever those callbacks
// touch must call it before destroying that.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/grpc/channel.h"
#include "gateway/route_table.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/status.h"

namespace jstedu::gateway {

// gRPC metadata: lowercase ASCII keys, printable ASCII values.
using Metadata = std::vector<std::pair<std::string, std::string>>;

// Where one backend service listens.
struct UpstreamTarget {
  std::string
      service;  // fully qualified, "jstedu.recruitment.v1.RecruitmentService"
  // "host:port" (every address DNS lists), or "ipv4:host:port,host:port"
  // (replicas at fixed addresses); plaintext.
  std::string address;
  // The service's methods the channel retries on another replica when the
  // one that had the call died before answering (ServiceChannel): the RPCs
  // of its GET routes (WithReadsRetried).
  std::vector<grpcutil::ReadMethod> reads = {};
  // Whether the gateway is ready only while this service serves. False for
  // a service the programme's work does not stop without (notifications):
  // its outage fails its own routes, not every route (/readyz lists it
  // all the same).
  bool gates_readiness = true;
};

// `targets` with each one's `reads` set to the RPCs of `routes`' GET routes:
// a GET changes nothing, so a GET whose server died under it is answered by
// another replica instead of failing (issue 22). Writes are never retried by
// the gateway: a client repeats one with its Idempotency-Key.
std::vector<UpstreamTarget> WithReadsRetried(
    std::vector<UpstreamTarget> targets, const RouteTable& routes);

// One service's answer to a readiness check.
struct ServiceHealth {
  std::string service;
  // "SERVING", "NOT_SERVING", "UNKNOWN" or "SERVICE_UNKNOWN" as reported by
  // the service, otherwise the gRPC code of the failed check
  // ("UNAVAILABLE", "DEADLINE_EXCEEDED", "UNIMPLEMENTED"...).
  std::string state;
  bool serving = false;
  // UpstreamTarget::gates_readiness.
  bool gates_readiness = true;
};

class Upstreams {
 public:
  // `response` is set only with an OK status.
  using CallDone =
      std::function<void(const grpc::Status& status,
                         std::unique_ptr<google::protobuf::Message> response)>;
  using HealthDone = std::function<void(std::vector<ServiceHealth>)>;

  // Creates the channels (they connect lazily). `deadline` bounds each call.
  Upstreams(const std::vector<UpstreamTarget>& targets,
            std::chrono::milliseconds deadline);
  ~Upstreams();
  Upstreams(const Upstreams&) = delete;
  Upstreams& operator=(const Upstreams&) = delete;

  // Calls route.grpc_path on the route's service with `request`. `done`
  // runs exactly once, on a gRPC thread (or, when no upstream serves the
  // route's service or after Shutdown, at once with UNAVAILABLE). A reply
  // that does not parse as the route's output type is INTERNAL.
  void Call(const Route& route, const google::protobuf::Message& request,
            const Metadata& metadata, CallDone done);

  // Asks every upstream grpc.health.v1.Health/Check (service "") with
  // `timeout`. `done` runs once with one entry per target, in target order.
  void CheckHealth(std::chrono::milliseconds timeout, HealthDone done);

  // Cancels calls in flight, waits until their callbacks have returned, and
  // makes later calls fail at once. Idempotent.
  void Shutdown();

 private:
  struct Upstream;
  struct PendingCall;
  struct HealthCall;

  const Upstream* Find(const std::string& service) const;
  // Registers a call's context for cancellation; false after Shutdown.
  bool Track(grpc::ClientContext* context);
  // Untracks and destroys a finished call's context, under the lock.
  void Retire(std::unique_ptr<grpc::ClientContext> context);

  std::vector<std::unique_ptr<Upstream>> upstreams_;
  const std::chrono::milliseconds deadline_;

  std::mutex mutex_;
  std::condition_variable idle_;
  std::set<grpc::ClientContext*> in_flight_;
  bool shut_down_ = false;
};

}  // namespace jstedu::gateway
