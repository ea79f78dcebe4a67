#include "common/events/outbox.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"

namespace jstedu::events {
namespace {

constexpr char kInsert[] =
    "INSERT INTO outbox (event_type, aggregate_id, payload, traceparent) "
    "VALUES ($1, $2, $3, $4) RETURNING event_id";

}  // namespace

std::string AppendEvent(pqxx::transaction_base& tx,
                        const google::protobuf::Message& payload,
                        const std::string& aggregate_id,
                        const std::string& traceparent) {
  pqxx::binarystring bytes(payload.SerializeAsString());
  OutboxSignal& signal = OutboxSignal::Instance();
  pg::AfterCommit(
      tx, [&signal] { signal.Notify(); }, &signal);
  std::string event_id =
      pg::Exec1(tx, kInsert, payload.GetDescriptor()->full_name(), aggregate_id,
                bytes, traceparent)[0]
          .as<std::string>();
  // The outbox row is a write: RunInTransaction need not ask.
  pg::MarkWritten(tx);
  return event_id;
}

std::string StreamName(const std::string& prefix, const std::string& producer) {
  return absl::StrCat(prefix, "events.", producer);
}

OutboxSignal& OutboxSignal::Instance() {
  static OutboxSignal* signal = new OutboxSignal();
  return *signal;
}

uint64_t OutboxSignal::Generation() {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

void OutboxSignal::Notify() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++generation_;
  }
  changed_.notify_all();
}

bool OutboxSignal::WaitForChange(uint64_t seen,
                                 std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return generation_ != seen; });
}

}  // namespace jstedu::events
