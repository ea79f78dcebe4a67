#include "services/advisory/recruitment_events.h"

#include <google/protobuf/util/time_util.h>

#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/advisory/store/case_lifecycle_store.h"

namespace jstedu::advisory {
namespace {

namespace ev = ::jstedu::events::v1;

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

}  // namespace

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope) {
  const std::string& type = envelope.event_type();
  if (type == ev::JstQualified::descriptor()->full_name()) {
    auto event = events::Unpack<ev::JstQualified>(envelope);
    if (!event.ok()) return event.status();
    CaseLifecycleStore().Open(
        tx, *event,
        ToTime(event->has_qualified_at() ? event->qualified_at()
                                         : envelope.occurred_at()));
  } else if (type == ev::JstWithdrawn::descriptor()->full_name()) {
    auto event = events::Unpack<ev::JstWithdrawn>(envelope);
    if (!event.ok()) return event.status();
    CaseLifecycleStore().Withdraw(
        tx, *event,
        ToTime(event->has_withdrawn_at() ? event->withdrawn_at()
                                         : envelope.occurred_at()));
  }
  return absl::OkStatus();
}

}  // namespace jstedu::advisory
