#pragma once

// absl::Status <-> grpc::Status, with google.rpc error details.
//
// Services build errors with common/status/errors.h (or plain absl errors)
// and convert once per handler with ToGrpcStatus: absl payloads become the
// google.rpc.Status details of the grpc-status-details-bin trailer.

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <atomic>
#include <chrono>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/pg/request_key.h"
#include "common/status/request_text.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"

namespace jstedu::grpcutil {

// INTERNAL, UNKNOWN and DATA_LOSS keep their code but answer "internal
// error"; their own message is logged instead. Only google.rpc details
// (payloads under type.googleapis.com/) go to the caller; private payloads
// (pg::SqlStateOf) stay in the process.
grpc::Status ToGrpcStatus(const absl::Status& status);
// Keeps the code and message of a downstream call (callers pass codes on).
absl::Status FromGrpcStatus(const grpc::Status& status);

// Logs an exception that escaped a handler: the RPC and the exception's type
// only, since messages (e.g. of constraint violations) may quote personal
// data.
void LogHandlerException(const char* rpc, const std::exception& error);

// The status a handler answers, converted once: a status from the
// database (pg::SqlStateOf) is logged with the RPC's name, code and
// SQLSTATE, never a text.
grpc::Status HandlerStatus(const char* rpc, const absl::Status& status);

// The keyed call (common/pg/request_key.h) of `rpc` from the gateway's
// idempotency metadata (idempotency.h): nullopt without; InvalidArgument
// when partly there or malformed.
absl::StatusOr<std::optional<pg::KeyedCall>> KeyedCallOf(
    const char* rpc, const grpc::ServerContextBase& context);

// Runs a handler's body on the calling thread: first the shared check of the
// request's text (errors::CheckRequestText: INVALID_ARGUMENT naming every field
// with a control character or invalid UTF-8, and the body does not run) and of
// the idempotency metadata (KeyedCallOf), then the body — as the thread's
// keyed call when the call carries a key, so its writes are applied at
// most once per key (pg::KeyedCallScope) — whose absl::Status is converted
// once (HandlerStatus). An exception escaping the body is logged with the
// RPC's name and answered INTERNAL without its text (it may hold data).
template <typename Body>
grpc::Status RunHandler(const char* rpc, const grpc::ServerContextBase& context,
                        const google::protobuf::Message& request, Body body) {
  try {
    absl::Status status = errors::CheckRequestText(request);
    absl::StatusOr<std::optional<pg::KeyedCall>> keyed =
        KeyedCallOf(rpc, context);
    if (status.ok()) status = keyed.status();
    if (status.ok()) {
      std::optional<pg::KeyedCallScope> scope;
      if (keyed->has_value()) scope.emplace(**std::move(keyed));
      status = body();
    }
    return HandlerStatus(rpc, status);
  } catch (const std::exception& error) {
    LogHandlerException(rpc, error);
    return grpc::Status(grpc::StatusCode::INTERNAL, "internal error");
  }
}

// The threads handlers run on (JSTEDU_GRPC_HANDLER_THREADS, ServiceHost:
// as many as PostgreSQL connections; 8 unless set before the first call).
// Process-wide and never destroyed, so a call still queued while its server
// shuts down is answered.
void SetHandlerThreads(int threads);
void PostToHandlerThreads(std::function<void()> task);

// A unary handler of gRPC's callback API (a service's CallbackService):
// RunHandler(rpc, *context, *request, body) on one of the handler threads
// (body may block: it reads the database), then the answer. gRPC's own
// callback threads only hand the call over, which costs a service about
// half the CPU per call of the synchronous server's thread hand-offs
// (tools/bench grpc, docs/benchmarks.md). `body` runs after the handler
// has returned: it captures the call's pointers (context, request,
// response) by value, never a local by reference. A call whose caller
// gave up (deadline, cancellation) while it waited is answered CANCELLED
// and its body does not run.
//
//   grpc::ServerUnaryReactor* Impl::GetJst(grpc::CallbackServerContext*
//   context,
//                                          const v1::GetJstRequest* request,
//                                          v1::Jst* response) {
//     return Serve("GetJst", context, request, [=]() -> absl::Status {...});
//   }
// The reactor of one call of Serve: remembers a cancellation (the caller
// gave up, its deadline passed) and deletes itself when the call is done.
class CallReactor final : public grpc::ServerUnaryReactor {
 public:
  bool cancelled() const { return cancelled_.load(); }

 private:
  void OnCancel() override { cancelled_.store(true); }
  void OnDone() override { delete this; }
  std::atomic<bool> cancelled_{false};
};

template <typename Body>
grpc::ServerUnaryReactor* Serve(const char* rpc,
                                grpc::CallbackServerContext* context,
                                const google::protobuf::Message* request,
                                Body body) {
  auto* reactor = new CallReactor;
  PostToHandlerThreads([rpc, context, request, reactor,
                        body = std::move(body)]() mutable {
    grpc::Status status;
    if (reactor->cancelled() ||
        context->deadline() <= std::chrono::system_clock::now()) {
      status = grpc::Status(grpc::StatusCode::CANCELLED,
                            "the caller gave up before the call was handled");
    } else {
      try {
        // The body is gone before the answer: what it owns never outlives
        // the call.
        Body run = std::move(body);
        status = RunHandler(rpc, *context, *request, std::move(run));
      } catch (...) {  // not a std::exception: RunHandler passed it on
        status = grpc::Status(grpc::StatusCode::INTERNAL, "internal error");
      }
    }
    reactor->Finish(status);
  });
  return reactor;
}

// Puts a successful result into the RPC's response, or passes its error on.
template <typename T>
absl::Status Answer(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return result.status();
  *response = *std::move(result);
  return absl::OkStatus();
}

}  // namespace jstedu::grpcutil
