#include "services/reporting/projection.h"

#include <functional>

#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/reporting/store/projection_store.h"

namespace jstedu::reporting {
namespace {

namespace ev = events::v1;

const ProjectionStore kStore;

template <typename Event>
absl::Status WithEvent(const events::EventEnvelope& envelope,
                       const std::function<void(const Event&)>& apply) {
  auto event = events::Unpack<Event>(envelope);
  if (!event.ok()) return event.status();
  apply(*event);
  return absl::OkStatus();
}

bool Is(const events::EventEnvelope& envelope,
        const google::protobuf::Descriptor* descriptor) {
  return envelope.event_type() == descriptor->full_name();
}

}  // namespace

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope) {
  if (Is(envelope, ev::EditionChanged::descriptor())) {
    return WithEvent<ev::EditionChanged>(
        envelope, [&](const auto& e) { kStore.Edition(tx, e); });
  }
  if (Is(envelope, ev::JstQualified::descriptor())) {
    return WithEvent<ev::JstQualified>(
        envelope, [&](const auto& e) { kStore.Qualified(tx, e); });
  }
  if (Is(envelope, ev::JstWithdrawn::descriptor())) {
    return WithEvent<ev::JstWithdrawn>(
        envelope, [&](const auto& e) { kStore.Withdrawn(tx, e); });
  }
  auto participant = [&](const ev::ParticipantFacts& facts) {
    kStore.Participant(tx, facts, envelope.occurred_at());
  };
  if (Is(envelope, ev::ParticipantEnrolled::descriptor())) {
    return WithEvent<ev::ParticipantEnrolled>(
        envelope, [&](const auto& e) { participant(e.participant()); });
  }
  if (Is(envelope, ev::ParticipantUpdated::descriptor())) {
    return WithEvent<ev::ParticipantUpdated>(
        envelope, [&](const auto& e) { participant(e.participant()); });
  }
  if (Is(envelope, ev::ParticipantWithdrawn::descriptor())) {
    return WithEvent<ev::ParticipantWithdrawn>(
        envelope, [&](const auto& e) { participant(e.participant()); });
  }
  return absl::OkStatus();
}

absl::Status ApplyTrainingEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope) {
  if (Is(envelope, ev::AttendanceRecorded::descriptor())) {
    return WithEvent<ev::AttendanceRecorded>(envelope, [&](const auto& e) {
      kStore.Attendance(tx, e, envelope.occurred_at());
    });
  }
  if (Is(envelope, ev::ParticipantCompletedTraining::descriptor())) {
    return WithEvent<ev::ParticipantCompletedTraining>(
        envelope, [&](const auto& e) { kStore.Completion(tx, e); });
  }
  return absl::OkStatus();
}

absl::Status ApplyAdvisoryEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope) {
  if (Is(envelope, ev::CaseOpened::descriptor())) {
    return WithEvent<ev::CaseOpened>(
        envelope, [&](const auto& e) { kStore.CaseOpened(tx, e); });
  }
  if (Is(envelope, ev::CaseStageChanged::descriptor())) {
    return WithEvent<ev::CaseStageChanged>(envelope, [&](const auto& e) {
      kStore.CaseStage(tx, e.case_(), e.to_stage());
    });
  }
  if (Is(envelope, ev::CaseWithdrawn::descriptor())) {
    return WithEvent<ev::CaseWithdrawn>(envelope, [&](const auto& e) {
      kStore.CaseStage(tx, e.case_(), advisory::v1::WITHDRAWN);
    });
  }
  if (Is(envelope, ev::PlanAdopted::descriptor())) {
    return WithEvent<ev::PlanAdopted>(
        envelope, [&](const auto& e) { kStore.PlanAdopted(tx, e); });
  }
  return absl::OkStatus();
}

}  // namespace jstedu::reporting
