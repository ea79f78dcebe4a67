#include "services/training/roster_projection.h"

#include <google/protobuf/util/time_util.h>

#include "absl/status/statusor.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/training/store/roster_store.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;
namespace rv1 = ::jstedu::recruitment::v1;
using google::protobuf::util::TimeUtil;

using events::Unpack;

std::string When(const events::EventEnvelope& envelope) {
  return TimeUtil::ToString(envelope.occurred_at());
}

void Qualified(pqxx::transaction_base& tx, const ev::JstQualified& e,
               const std::string& at) {
  roster::QualifyJst(
      tx,
      {e.application_id(), e.edition(), e.teryt(), e.voivodeship(),
       rv1::JstKind_Name(e.jst_kind()), e.workshop_group()},
      at);
}

void Withdrawn(pqxx::transaction_base& tx, const ev::JstWithdrawn& e,
               const std::string& at) {
  roster::WithdrawJst(
      tx, {e.application_id(), e.edition(), e.teryt(), e.voivodeship()}, at);
}

// A participant is active on the roster only while its facts' status is
// PARTICIPANT_ACTIVE.
void Facts(pqxx::transaction_base& tx, const ev::ParticipantFacts& p,
           const std::string& at) {
  roster::RecordParticipant(
      tx,
      {p.participant_id(), p.application_id(), p.edition(), p.teryt(),
       p.voivodeship(), rv1::Sex_Name(p.sex()), p.age_at_start(),
       rv1::TargetGroup_Name(p.target_group()),
       p.status() == rv1::PARTICIPANT_ACTIVE, p.declaration_recorded(),
       p.participation_start(), p.participation_end()},
      at);
}

void Edition(pqxx::transaction_base& tx, const ev::EditionChanged& e) {
  roster::RecordEditionPeriod(tx, e.code(), e.starts_on(), e.ends_on(),
                              TimeUtil::ToString(e.update_time()));
}

template <typename Event>
absl::Status ApplyFacts(pqxx::transaction_base& tx,
                        const events::EventEnvelope& envelope) {
  auto event = Unpack<Event>(envelope);
  if (!event.ok()) return event.status();
  Facts(tx, event->participant(), When(envelope));
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope) {
  const std::string& type = envelope.event_type();
  if (type == ev::EditionChanged::descriptor()->full_name()) {
    auto event = Unpack<ev::EditionChanged>(envelope);
    if (!event.ok()) return event.status();
    Edition(tx, *event);
  } else if (type == ev::JstQualified::descriptor()->full_name()) {
    auto event = Unpack<ev::JstQualified>(envelope);
    if (!event.ok()) return event.status();
    Qualified(tx, *event, When(envelope));
  } else if (type == ev::JstWithdrawn::descriptor()->full_name()) {
    auto event = Unpack<ev::JstWithdrawn>(envelope);
    if (!event.ok()) return event.status();
    Withdrawn(tx, *event, When(envelope));
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
