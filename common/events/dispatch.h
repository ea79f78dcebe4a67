#pragma once

// Reading events: a consumer's handlers by payload type.
//
//   return events::Dispatch(envelope,
//       events::On<ev::JstQualified>([&](const ev::JstQualified& e) {...}),
//       events::On<ev::JstWithdrawn>([&](const ev::JstWithdrawn& e) {...}));
//
// The handler of the envelope's event type is called with its payload; an
// envelope of a type no handler names is not this consumer's and is OK. A
// payload that does not unpack as its declared type is InvalidArgument
// (Unpack: the consumer counts a failed delivery and, in the end,
// dead-letters it). A handler returns nothing, or an absl::Status that
// Dispatch returns.
//
// Thread-safety: as the handlers.

#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "common/events/outbox.h"

namespace jstedu::events {

template <typename Event, typename Apply>
struct TypedHandler {
  Apply apply;
};

// The handler of payloads of type `Event`.
template <typename Event, typename Apply>
TypedHandler<Event, Apply> On(Apply apply) {
  return {std::move(apply)};
}

namespace internal {

// Whether `handler` is the envelope's; if so `*status` is its outcome.
template <typename Event, typename Apply>
bool TryHandle(const EventEnvelope& envelope,
               const TypedHandler<Event, Apply>& handler,
               absl::Status* status) {
  if (envelope.event_type() != Event::descriptor()->full_name()) return false;
  auto event = Unpack<Event>(envelope);
  if (!event.ok()) {
    *status = event.status();
  } else if constexpr (std::is_void_v<
                           std::invoke_result_t<const Apply&, Event&>>) {
    handler.apply(*event);
  } else {
    *status = handler.apply(*event);
  }
  return true;
}

}  // namespace internal

template <typename... Handlers>
absl::Status Dispatch(const EventEnvelope& envelope,
                      const Handlers&... handlers) {
  absl::Status status;
  (internal::TryHandle(envelope, handlers, &status) || ...);
  return status;
}

}  // namespace jstedu::events
