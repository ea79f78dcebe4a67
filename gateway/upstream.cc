#include "gateway/upstream.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/grpc/channel.h"
#include "gateway/transcoder.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/impl/codegen/proto_utils.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace jstedu::gateway {
namespace {

using google::protobuf::Message;
using Serializer = grpc::SerializationTraits<Message>;
using grpc::health::v1::HealthCheckResponse;

// The largest metadata (headers or trailers) an upstream may answer. gRPC's
// default (8 KiB) is too small for a google.rpc.BadRequest of hundreds of
// field violations in `grpc-status-details-bin` (an import refused row by
// row: up to 500 violations of about 100 bytes, base64 on the wire).
constexpr int kMaxMetadataSize = 1 << 20;

grpc::ChannelArguments ChannelArgs() {
  grpc::ChannelArguments args;
  // Advertised to the server as SETTINGS_MAX_HEADER_LIST_SIZE, so it does
  // not refuse to send large trailers either.
  args.SetInt(GRPC_ARG_MAX_METADATA_SIZE, kMaxMetadataSize);
  return args;
}

std::chrono::system_clock::time_point DeadlineAfter(
    std::chrono::milliseconds timeout) {
  // gRPC deadlines are wall-clock time points.
  return std::chrono::system_clock::now() + timeout;
}

}  // namespace

struct Upstreams::Upstream {
  std::string service;
  bool gates_readiness = true;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  std::unique_ptr<grpc::health::v1::Health::Stub> health;
};

// One unary call's state, owned by its completion callback. The destructor
// hands the context to Retire, which destroys it under the lock: Shutdown()
// never cancels a destroyed context, and once Shutdown() returns no context
// outlives the channels.
struct Upstreams::PendingCall {
  explicit PendingCall(Upstreams* owner) : owner(owner) {}
  ~PendingCall() {
    if (tracked) owner->Retire(std::move(context));
  }
  Upstreams* const owner;
  bool tracked = false;
  std::unique_ptr<grpc::ClientContext> context =
      std::make_unique<grpc::ClientContext>();
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

// One health check's state; same life cycle as PendingCall.
struct Upstreams::HealthCall {
  explicit HealthCall(Upstreams* owner) : owner(owner) {}
  ~HealthCall() {
    if (tracked) owner->Retire(std::move(context));
  }
  Upstreams* const owner;
  bool tracked = false;
  std::unique_ptr<grpc::ClientContext> context =
      std::make_unique<grpc::ClientContext>();
  grpc::health::v1::HealthCheckRequest request;
  HealthCheckResponse response;
};

std::vector<UpstreamTarget> WithReadsRetried(
    std::vector<UpstreamTarget> targets, const RouteTable& routes) {
  for (UpstreamTarget& target : targets) {
    std::set<std::string> methods;
    for (const Route& route : routes.routes()) {
      if (route.http_method == "GET" &&
          route.method->service()->full_name() == target.service) {
        methods.insert(route.method->name());
      }
    }
    target.reads.clear();
    for (const std::string& method : methods)
      target.reads.push_back({target.service, method});
  }
  return targets;
}

Upstreams::Upstreams(const std::vector<UpstreamTarget>& targets,
                     std::chrono::milliseconds deadline)
    : deadline_(deadline) {
  for (const auto& target : targets) {
    auto upstream = std::make_unique<Upstream>();
    upstream->service = target.service;
    upstream->gates_readiness = target.gates_readiness;
    upstream->channel =
        grpcutil::ServiceChannel(target.address, ChannelArgs(), target.reads);
    upstream->stub = std::make_unique<grpc::GenericStub>(upstream->channel);
    upstream->health = grpc::health::v1::Health::NewStub(upstream->channel);
    upstreams_.push_back(std::move(upstream));
  }
}

Upstreams::~Upstreams() { Shutdown(); }

const Upstreams::Upstream* Upstreams::Find(const std::string& service) const {
  for (const auto& upstream : upstreams_) {
    if (upstream->service == service) return upstream.get();
  }
  return nullptr;
}

bool Upstreams::Track(grpc::ClientContext* context) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (shut_down_) return false;
  in_flight_.insert(context);
  return true;
}

void Upstreams::Retire(std::unique_ptr<grpc::ClientContext> context) {
  std::lock_guard<std::mutex> lock(mutex_);
  in_flight_.erase(context.get());
  context
      .reset();  // releases the call (and its channel) before Shutdown returns
  if (in_flight_.empty()) idle_.notify_all();
}

void Upstreams::Shutdown() {
  std::unique_lock<std::mutex> lock(mutex_);
  shut_down_ = true;
  // Under the lock: a tracked context cannot be destroyed meanwhile.
  // Cancellation completes the call on a gRPC thread, never inline.
  for (grpc::ClientContext* context : in_flight_) context->TryCancel();
  idle_.wait(lock, [this] { return in_flight_.empty(); });
}

namespace {

// A wait_for_ready call that timed out while its channel had no ready
// server never reached the service: the service is unavailable (503), not
// slow (504).
grpc::Status NoServerAsUnavailable(const grpc::Status& status,
                                   grpc::Channel& channel,
                                   const std::string& service) {
  if (status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED ||
      channel.GetState(/*try_to_connect=*/false) == GRPC_CHANNEL_READY) {
    return status;
  }
  return grpc::Status(
      grpc::StatusCode::UNAVAILABLE,
      absl::StrCat("no server of ", service, " was ready within the deadline"));
}

}  // namespace

void Upstreams::Call(const Route& route, const Message& request,
                     const Metadata& metadata, CallDone done) {
  const std::string& service = route.method->service()->full_name();
  const Upstream* upstream = Find(service);
  if (upstream == nullptr) {
    done(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                      absl::StrCat("no upstream is configured for ", service)),
         nullptr);
    return;
  }
  auto call = std::make_shared<PendingCall>(this);
  bool own_buffer = false;
  if (!Serializer::Serialize(request, &call->request, &own_buffer).ok()) {
    done(grpc::Status(grpc::StatusCode::INTERNAL, "cannot serialize request"),
         nullptr);
    return;
  }
  call->context->set_deadline(DeadlineAfter(
      std::max(deadline_, std::chrono::milliseconds(route.min_deadline))));
  // A service restarting (no ready server for a moment) is waited for
  // within the deadline rather than answered UNAVAILABLE at once.
  call->context->set_wait_for_ready(true);
  for (const auto& [key, value] : metadata)
    call->context->AddMetadata(key, value);
  if (!Track(call->context.get())) {
    done(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "gateway is shutting down"),
        nullptr);
    return;
  }
  call->tracked = true;
  const Message* prototype = route.response_prototype;
  PendingCall& state = *call;
  upstream->stub->UnaryCall(
      state.context.get(), route.grpc_path, grpc::StubOptions(), &state.request,
      &state.response,
      [call = std::move(call), prototype, channel = upstream->channel, service,
       done = std::move(done)](grpc::Status status) {
        status = NoServerAsUnavailable(status, *channel, service);
        std::unique_ptr<Message> response;
        if (status.ok()) {
          response.reset(prototype->New());
          if (!Serializer::Deserialize(&call->response, response.get()).ok()) {
            response.reset();
            status = grpc::Status(grpc::StatusCode::INTERNAL,
                                  absl::StrCat("upstream reply is not a ",
                                               prototype->GetTypeName()));
          }
        }
        done(status, std::move(response));
      });
}

void Upstreams::CheckHealth(std::chrono::milliseconds timeout,
                            HealthDone done) {
  struct Round {
    std::mutex mutex;
    std::vector<ServiceHealth> results;
    size_t remaining = 0;
    HealthDone done;
  };
  auto round = std::make_shared<Round>();
  round->results.resize(upstreams_.size());
  round->remaining = upstreams_.size();
  round->done = std::move(done);
  if (upstreams_.empty()) {
    round->done({});
    return;
  }
  const auto record = [round](size_t index, std::string state, bool serving) {
    std::unique_lock<std::mutex> lock(round->mutex);
    round->results[index].state = std::move(state);
    round->results[index].serving = serving;
    if (--round->remaining > 0) return;
    lock.unlock();
    round->done(std::move(round->results));
  };
  for (size_t i = 0; i < upstreams_.size(); ++i) {
    round->results[i].service = upstreams_[i]->service;
    round->results[i].gates_readiness = upstreams_[i]->gates_readiness;
  }
  for (size_t i = 0; i < upstreams_.size(); ++i) {
    auto call = std::make_shared<HealthCall>(this);
    call->context->set_deadline(DeadlineAfter(timeout));
    if (!Track(call->context.get())) {
      record(i, StatusCodeName(grpc::StatusCode::UNAVAILABLE), false);
      continue;
    }
    call->tracked = true;
    HealthCall& state = *call;
    upstreams_[i]->health->async()->Check(
        state.context.get(), &state.request, &state.response,
        [call = std::move(call), record, i](grpc::Status status) {
          if (!status.ok()) {
            record(i, StatusCodeName(status.error_code()), false);
            return;
          }
          const auto serving = call->response.status();
          record(i, HealthCheckResponse::ServingStatus_Name(serving),
                 serving == HealthCheckResponse::SERVING);
        });
  }
}

}  // namespace jstedu::gateway
