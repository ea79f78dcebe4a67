#include "services/training/advisory_projection.h"

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status/ids.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "services/training/store/advisory_facts_store.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;

// The payload, with the case reference every advisory event carries.
template <typename Event>
absl::StatusOr<Event> UnpackCase(const events::EventEnvelope& envelope) {
  auto event = events::Unpack<Event>(envelope);
  if (!event.ok()) return event.status();
  const ev::CaseRef& ref = event->case_();
  if (!ids::IsUuid(ref.case_id()) || ref.edition().empty() ||
      ref.teryt().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Event::descriptor()->full_name(),
                     " without a case id, edition or TERYT"));
  }
  return event;
}

absl::Status Assigned(pqxx::transaction_base& tx,
                      const events::EventEnvelope& envelope) {
  auto event = UnpackCase<ev::CaseExpertsAssigned>(envelope);
  if (!event.ok()) return event.status();
  const ev::CaseRef& ref = event->case_();
  advisory_facts::AssignGuardian(
      tx, {ref.case_id(), ref.edition(), ref.teryt(), ref.version()},
      event->guardian_subject());
  return absl::OkStatus();
}

absl::Status Withdrawn(pqxx::transaction_base& tx,
                       const events::EventEnvelope& envelope) {
  auto event = UnpackCase<ev::CaseWithdrawn>(envelope);
  if (!event.ok()) return event.status();
  const ev::CaseRef& ref = event->case_();
  advisory_facts::CloseCase(
      tx, {ref.case_id(), ref.edition(), ref.teryt(), ref.version()});
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyAdvisoryEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope) {
  const std::string& type = envelope.event_type();
  if (type == ev::CaseExpertsAssigned::descriptor()->full_name()) {
    return Assigned(tx, envelope);
  }
  if (type == ev::CaseWithdrawn::descriptor()->full_name()) {
    return Withdrawn(tx, envelope);
  }
  return absl::OkStatus();
}

}  // namespace jstedu::training
