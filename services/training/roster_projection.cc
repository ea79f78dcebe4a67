#include "services/training/roster_projection.h"

#include <google/protobuf/util/time_util.h>

#include "common/events/dispatch.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/training/store/roster_store.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;
using google::protobuf::util::TimeUtil;

using events::On;

std::string When(const events::EventEnvelope& envelope) {
  return TimeUtil::ToString(envelope.occurred_at());
}

}  // namespace

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope) {
  const std::string at = When(envelope);
  auto facts = [&](const ev::ParticipantFacts& participant) {
    roster::RecordParticipant(tx, participant, at);
  };
  return events::Dispatch(
      envelope, On<ev::EditionChanged>([&](const auto& e) {
        roster::RecordEditionPeriod(tx, e);
      }),
      On<ev::JstQualified>([&](const auto& e) {
        roster::QualifyJst(tx, e, at, envelope.traceparent());
      }),
      On<ev::JstWithdrawn>(
          [&](const auto& e) { roster::WithdrawJst(tx, e, at); }),
      On<ev::ParticipantEnrolled>(
          [&](const auto& e) { facts(e.participant()); }),
      On<ev::ParticipantUpdated>(
          [&](const auto& e) { facts(e.participant()); }),
      On<ev::ParticipantWithdrawn>(
          [&](const auto& e) { facts(e.participant()); }));
}

}  // namespace jstedu::training
