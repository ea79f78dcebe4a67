#include "services/training/advisory_projection.h"

#include "absl/strings/str_cat.h"
#include "common/events/dispatch.h"
#include "common/status/ids.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "services/training/store/advisory_facts_store.h"

namespace jstedu::training {
namespace {

namespace ev = ::jstedu::events::v1;

// The case reference every advisory event carries, checked.
template <typename Event>
absl::Status CheckCase(const Event& event) {
  const ev::CaseRef& ref = event.case_();
  if (!ids::IsUuid(ref.case_id()) || ref.edition().empty() ||
      ref.teryt().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Event::descriptor()->full_name(),
                     " without a case id, edition or TERYT"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyAdvisoryEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope) {
  return events::Dispatch(
      envelope,
      events::On<ev::CaseExpertsAssigned>(
          [&](const ev::CaseExpertsAssigned& e) -> absl::Status {
            absl::Status valid = CheckCase(e);
            if (valid.ok()) advisory_facts::AssignGuardian(tx, e);
            return valid;
          }),
      events::On<ev::CaseWithdrawn>(
          [&](const ev::CaseWithdrawn& e) -> absl::Status {
            absl::Status valid = CheckCase(e);
            if (valid.ok()) advisory_facts::CloseCase(tx, e);
            return valid;
          }));
}

}  // namespace jstedu::training
