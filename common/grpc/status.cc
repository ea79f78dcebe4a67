#include "common/grpc/status.h"

#include <atomic>
#include <optional>
#include <typeinfo>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/idempotency.h"
#include "common/log/log.h"
#include "common/pg/status.h"
#include "common/runtime/worker_pool.h"
#include "common/status/errors.h"
#include "google/rpc/status.pb.h"

namespace jstedu::grpcutil {
grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  // Internal failures say nothing about internals to the caller (database
  // messages name tables and constraints); the log keeps the code.
  bool internal = absl::IsInternal(status) || absl::IsUnknown(status) ||
                  absl::IsDataLoss(status);
  std::string message =
      internal ? "internal error" : std::string(status.message());
  if (internal) {
    log::Error("internal_error",
               {{"code", absl::StatusCodeToString(status.code())},
                {"message", std::string(status.message())}});
  }
  // The details travel with the public message (the trailer's own message
  // is not shown to callers; the gateway prints the status message).
  absl::Status answered(status.code(), message);
  status.ForEachPayload(
      [&](absl::string_view type_url, const absl::Cord& value) {
        answered.SetPayload(type_url, value);
      });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      errors::SerializedDetails(answered));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
  google::rpc::Status rpc_status;
  if (!status.error_details().empty() &&
      rpc_status.ParseFromString(status.error_details())) {
    for (const auto& any : rpc_status.details()) {
      result.SetPayload(any.type_url(), absl::Cord(any.value()));
    }
  }
  return result;
}

grpc::Status HandlerStatus(const char* rpc, const absl::Status& status) {
  if (std::optional<std::string> state = pg::SqlStateOf(status)) {
    log::Warn("database_error",
              {{"rpc", rpc},
               {"code", absl::StatusCodeToString(status.code())},
               {"sqlstate", *state}});
  }
  return ToGrpcStatus(status);
}

absl::StatusOr<std::optional<pg::KeyedCall>> KeyedCallOf(
    const char* rpc, const grpc::ServerContextBase& context) {
  auto call = IdempotentCallOf(context);
  if (!call.ok()) return call.status();
  if (!call->has_value()) return std::nullopt;
  return pg::KeyedCall{rpc, (*call)->key, (*call)->fingerprint};
}

namespace {

std::atomic<int> handler_threads{8};

runtime::WorkerPool& HandlerThreads() {
  // Never destroyed: calls may still be answered while the process exits.
  static runtime::WorkerPool* pool = new runtime::WorkerPool(handler_threads);
  return *pool;
}

}  // namespace

void SetHandlerThreads(int threads) { handler_threads = threads; }

void PostToHandlerThreads(std::function<void()> task) {
  HandlerThreads().Post(std::move(task));
}

void LogHandlerException(const char* rpc, const std::exception& error) {
  log::Error("rpc_exception",
             {{"rpc", rpc}, {"exception", typeid(error).name()}});
}

}  // namespace jstedu::grpcutil
