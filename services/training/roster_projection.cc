#include "services/training/roster_projection.h"

#include <google/protobuf/util/time_util.h>

#include "absl/status/statusor.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/training/store/roster_store.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;
using google::protobuf::util::TimeUtil;

using events::Unpack;

std::string When(const events::EventEnvelope& envelope) {
  return TimeUtil::ToString(envelope.occurred_at());
}

template <typename Event>
absl::Status ApplyFacts(pqxx::transaction_base& tx,
                        const events::EventEnvelope& envelope) {
  auto event = Unpack<Event>(envelope);
  if (!event.ok()) return event.status();
  roster::RecordParticipant(tx, event->participant(), When(envelope));
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope) {
  const std::string& type = envelope.event_type();
  if (type == ev::EditionChanged::descriptor()->full_name()) {
    auto event = Unpack<ev::EditionChanged>(envelope);
    if (!event.ok()) return event.status();
    roster::RecordEditionPeriod(tx, *event);
  } else if (type == ev::JstQualified::descriptor()->full_name()) {
    auto event = Unpack<ev::JstQualified>(envelope);
    if (!event.ok()) return event.status();
    roster::QualifyJst(tx, *event, When(envelope));
  } else if (type == ev::JstWithdrawn::descriptor()->full_name()) {
    auto event = Unpack<ev::JstWithdrawn>(envelope);
    if (!event.ok()) return event.status();
    roster::WithdrawJst(tx, *event, When(envelope));
  } else if (type == ev::ParticipantEnrolled::descriptor()->full_name()) {
    return ApplyFacts<ev::ParticipantEnrolled>(tx, envelope);
  } else if (type == ev::ParticipantUpdated::descriptor()->full_name()) {
    return ApplyFacts<ev::ParticipantUpdated>(tx, envelope);
  } else if (type == ev::ParticipantWithdrawn::descriptor()->full_name()) {
    return ApplyFacts<ev::ParticipantWithdrawn>(tx, envelope);
  }
  return absl::OkStatus();
}

}  // namespace jstedu::training
