#include "services/reporting/projection.h"

#include "common/events/dispatch.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/reporting/store/projection_store.h"

namespace jstedu::reporting {
namespace {

namespace ev = events::v1;
using events::On;

const ProjectionStore kStore;
const CountsStore kCounts;

class Projection final : public events::BatchHandler {
 public:
  explicit Projection(ApplyEvent apply) : apply_(apply) {}
  void Begin() override { recounts_.Clear(); }
  absl::Status Apply(pqxx::transaction_base& tx,
                     const events::EventEnvelope& envelope) override {
    return apply_(tx, envelope, recounts_);
  }
  absl::Status Finish(pqxx::transaction_base& tx) override {
    recounts_.Finish(tx, kCounts);
    return absl::OkStatus();
  }

 private:
  const ApplyEvent apply_;
  PendingRecounts recounts_;
};

}  // namespace

std::unique_ptr<events::BatchHandler> ProjectionHandler(ApplyEvent apply) {
  return std::make_unique<Projection>(apply);
}

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope,
                                   PendingRecounts& recounts) {
  auto participant = [&](const ev::ParticipantFacts& facts) {
    kStore.Participant(tx, facts, envelope.occurred_at(), recounts);
  };
  return events::Dispatch(envelope, On<ev::EditionChanged>([&](const auto& e) {
                            kStore.Edition(tx, e, recounts);
                          }),
                          On<ev::JstQualified>([&](const auto& e) {
                            kStore.Qualified(tx, e, recounts);
                          }),
                          On<ev::JstWithdrawn>([&](const auto& e) {
                            kStore.Withdrawn(tx, e, recounts);
                          }),
                          On<ev::ParticipantEnrolled>([&](const auto& e) {
                            participant(e.participant());
                          }),
                          On<ev::ParticipantUpdated>([&](const auto& e) {
                            participant(e.participant());
                          }),
                          On<ev::ParticipantWithdrawn>([&](const auto& e) {
                            participant(e.participant());
                          }));
}

absl::Status ApplyTrainingEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope,
                                PendingRecounts& recounts) {
  return events::Dispatch(
      envelope, On<ev::AttendanceRecorded>([&](const auto& e) {
        kStore.Attendance(tx, e, envelope.occurred_at());
      }),
      On<ev::ParticipantCompletedTraining>(
          [&](const auto& e) { kStore.Completion(tx, e, recounts); }),
      On<ev::CommunityMembershipChanged>([&](const auto& e) {
        kStore.Membership(tx, e, envelope.occurred_at(), recounts);
      }),
      On<ev::CommunityMeetingHeld>(
          [&](const auto& e) { kStore.Meeting(tx, e, recounts); }),
      On<ev::ELearningCompleted>([&](const auto& e) {
        kStore.ELearning(tx, e, envelope.occurred_at(), recounts);
      }));
}

absl::Status ApplyAdvisoryEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope,
                                PendingRecounts& recounts) {
  return events::Dispatch(
      envelope, On<ev::CaseOpened>([&](const auto& e) {
        kStore.CaseOpened(tx, e, recounts);
      }),
      On<ev::CaseStageChanged>([&](const auto& e) {
        kStore.CaseStage(tx, e.case_(), e.to_stage(), recounts);
      }),
      On<ev::CaseWithdrawn>([&](const auto& e) {
        kStore.CaseStage(tx, e.case_(), advisory::v1::WITHDRAWN, recounts);
      }),
      On<ev::PlanAdopted>(
          [&](const auto& e) { kStore.PlanAdopted(tx, e, recounts); }),
      On<ev::GoodPracticeStatusChanged>(
          [&](const auto& e) { kStore.Practice(tx, e, recounts); }),
      On<ev::CaseSchoolsChanged>(
          [&](const auto& e) { kStore.CaseSchools(tx, e, recounts); }));
}

}  // namespace jstedu::reporting
