#include "services/notifications/schedule_handler.h"

#include "common/events/dispatch.h"
#include "services/notifications/store/facts_store.h"

namespace jstedu::notifications {
namespace {

namespace ev = events::v1;
using events::On;

class Handler final : public events::BatchHandler {
 public:
  explicit Handler(const Planner& planner)
      : planner_(planner), facts_(planner) {}

  void Begin() override { replans_.Clear(); }

  absl::Status Apply(pqxx::transaction_base& tx,
                     const events::EventEnvelope& envelope) override {
    auto participant = [&](const ev::ParticipantFacts& p) {
      facts_.Participant(tx, p, envelope.occurred_at(), replans_);
    };
    auto stage = [&](const ev::CaseRef& ref, advisory::v1::Stage to,
                     const std::string& due_on) {
      facts_.CaseStage(tx, ref, advisory::v1::Stage_Name(to), due_on, replans_);
    };
    return events::Dispatch(
        envelope, On<ev::JstQualified>([&](const auto& e) {
          facts_.Qualified(tx, e, envelope.event_id(), replans_);
        }),
        On<ev::JstWaitlisted>([&](const auto& e) {
          facts_.Waitlisted(tx, e, envelope.event_id());
        }),
        On<ev::JstWithdrawn>(
            [&](const auto& e) { facts_.Withdrawn(tx, e, replans_); }),
        On<ev::ParticipantEnrolled>(
            [&](const auto& e) { participant(e.participant()); }),
        On<ev::ParticipantUpdated>(
            [&](const auto& e) { participant(e.participant()); }),
        On<ev::ParticipantWithdrawn>(
            [&](const auto& e) { participant(e.participant()); }),
        On<ev::EditionChanged>([&](const auto& e) { facts_.Edition(tx, e); }),
        On<ev::AccountContactChanged>(
            [&](const auto& e) { facts_.StaffAccount(tx, e); }),
        On<ev::ModuleScheduled>(
            [&](const auto& e) { facts_.Module(tx, e.module(), replans_); }),
        On<ev::ModuleMoved>(
            [&](const auto& e) { facts_.Module(tx, e.module(), replans_); }),
        On<ev::SessionScheduled>(
            [&](const auto& e) { facts_.Session(tx, e, replans_); }),
        On<ev::ModuleSignupMade>(
            [&](const auto& e) { facts_.Signup(tx, e, replans_); }),
        On<ev::TaskAssigned>(
            [&](const auto& e) { facts_.Task(tx, e.task(), replans_); }),
        On<ev::TaskDueChanged>(
            [&](const auto& e) { facts_.Task(tx, e.task(), replans_); }),
        On<ev::TaskStatusChanged>(
            [&](const auto& e) { facts_.Task(tx, e.task(), replans_); }),
        On<ev::CaseOpened>([&](const auto& e) {
          stage(e.case_(), advisory::v1::AREA_CHOICE, e.stage_due_on());
        }),
        On<ev::CaseStageChanged>([&](const auto& e) {
          stage(e.case_(), e.to_stage(), e.stage_due_on());
        }),
        On<ev::CaseExpertsAssigned>(
            [&](const auto& e) { facts_.CaseExperts(tx, e, replans_); }),
        On<ev::CaseWithdrawn>([&](const auto& e) {
          facts_.CaseClosed(tx, e.case_(), replans_);
        }));
  }

  absl::Status Finish(pqxx::transaction_base& tx) override {
    planner_.Replan(tx, replans_);
    return absl::OkStatus();
  }

 private:
  const Planner& planner_;
  const FactsStore facts_;
  Replans replans_;
};

}  // namespace

std::unique_ptr<events::BatchHandler> ScheduleHandler(const Planner& planner) {
  return std::make_unique<Handler>(planner);
}

}  // namespace jstedu::notifications
