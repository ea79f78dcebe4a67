#include "services/training/advisory_projection.h"

#include <pqxx/pqxx>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status/ids.h"
#include "jstedu/events/v1/advisory_events.pb.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;

// The row is written only when the event is newer than the last change
// applied; `closed` is left alone, so a withdrawn case stays closed.
constexpr char kAssignGuardian[] =
    "INSERT INTO case_guardian (case_id, edition, teryt, guardian_subject, "
    "case_version) VALUES ($1::uuid, $2, $3, $4, $5) "
    "ON CONFLICT (case_id) DO UPDATE SET "
    "guardian_subject = EXCLUDED.guardian_subject, "
    "case_version = EXCLUDED.case_version "
    "WHERE case_guardian.case_version < EXCLUDED.case_version";

// A withdrawal arriving before any assignment still leaves a closed row, so
// a late assignment finds the case closed.
constexpr char kCloseCase[] =
    "INSERT INTO case_guardian (case_id, edition, teryt, case_version, "
    "closed) VALUES ($1::uuid, $2, $3, $4, true) "
    "ON CONFLICT (case_id) DO UPDATE SET closed = true, "
    "case_version = greatest(case_guardian.case_version, "
    "EXCLUDED.case_version)";

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
  tx.exec_params(kAssignGuardian, ref.case_id(), ref.edition(), ref.teryt(),
                 event->guardian_subject(), ref.version());
  return absl::OkStatus();
}

absl::Status Withdrawn(pqxx::transaction_base& tx,
                       const events::EventEnvelope& envelope) {
  auto event = UnpackCase<ev::CaseWithdrawn>(envelope);
  if (!event.ok()) return event.status();
  const ev::CaseRef& ref = event->case_();
  tx.exec_params(kCloseCase, ref.case_id(), ref.edition(), ref.teryt(),
                 ref.version());
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
