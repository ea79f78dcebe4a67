#pragma once

// Writing events: the transactional outbox.
//
// AppendEvent inserts one outbox row inside the caller's transaction, so the
// event exists exactly when the business change commits. The relay
// (relay.h) publishes it later, woken by the commit (OutboxSignal). Returns
// the new event id (a UUID). AppendEvents does the same for many events in
// one statement.
//
// Errors: whatever the insert raises, as a pqxx exception (the caller's
// transaction helper maps it).

#include <google/protobuf/message.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "jstedu/events/v1/envelope.pb.h"

namespace jstedu::events {
using EventEnvelope = ::jstedu::events::v1::EventEnvelope;
}  // namespace jstedu::events

namespace jstedu::events {

std::string AppendEvent(pqxx::transaction_base& tx,
                        const google::protobuf::Message& payload,
                        const std::string& aggregate_id,
                        const std::string& traceparent = "");

// One event for AppendEvents: its payload (the caller keeps it alive until
// AppendEvents returns) and the aggregate it is about.
struct NewEvent {
  const google::protobuf::Message* payload;
  std::string aggregate_id;
};

// Appends `events` in one statement, each as AppendEvent would. Their
// outbox rows are numbered (outbox.id, the relay's publishing order) in the
// order given, so each aggregate's events keep their order. Returns their
// event ids in that order; nothing written and no id for no event.
std::vector<std::string> AppendEvents(pqxx::transaction_base& tx,
                                      const std::vector<NewEvent>& events,
                                      const std::string& traceparent = "");

// The Redis stream a producer publishes to: "<prefix>events.<producer>".
std::string StreamName(const std::string& prefix, const std::string& producer);

// Wakes the relays of this process when a transaction that appended events
// commits (AppendEvent and AppendEvents register the wake with pg::AfterCommit,
// so only transactions of pg::RunInTransaction wake it). A relay in another
// process finds the rows at its next poll. Thread-safe.
class OutboxSignal {
 public:
  static OutboxSignal& Instance();
  // How many commits have signalled so far.
  uint64_t Generation();
  void Notify();
  // Until the generation is no longer `seen` (true) or `timeout` passed.
  bool WaitForChange(uint64_t seen, std::chrono::milliseconds timeout);

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t generation_ = 0;
};

// The envelope's payload as `Event`; InvalidArgument when it is not one (a
// consumer then counts a failed delivery and, in the end, dead-letters it).
template <typename Event>
absl::StatusOr<Event> Unpack(const EventEnvelope& envelope) {
  Event event;
  if (!envelope.payload().UnpackTo(&event)) {
    return absl::InvalidArgumentError(
        absl::StrCat("payload is not a ", Event::descriptor()->full_name()));
  }
  return event;
}

// The Any type URL prefix used in envelopes.
inline constexpr char kTypeUrlPrefix[] = "type.googleapis.com/";

}  // namespace jstedu::events
