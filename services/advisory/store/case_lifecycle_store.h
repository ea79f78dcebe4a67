#pragma once

// Cases opened and closed by recruitment's events (recruitment_events.h),
// written in the consumer's inbox transaction `tx`, so that each event
// takes effect once. pqxx exceptions pass to the consumer (a failed
// delivery, retried).

#include <pqxx/transaction_base>

#include "absl/time/time.h"
#include "jstedu/events/v1/recruitment_events.pb.h"

namespace jstedu::advisory {

class CaseLifecycleStore {
 public:
  // Opens the JST's case (AREA_CHOICE, the newest workflow version, the
  // first stage due in business days from the Warsaw date of qualification)
  // unless the application already has one or was withdrawn; seeds the
  // edition's standard support-area catalogue when it has none.
  void Open(pqxx::transaction_base& tx, const events::v1::JstQualified& event,
            absl::Time at) const;

  // Closes the application's open case as WITHDRAWN; a COMPLETED case
  // stays as it is (a history row records the withdrawal). Remembers the
  // withdrawal so that a late JstQualified for the same application opens
  // nothing.
  void Withdraw(pqxx::transaction_base& tx,
                const events::v1::JstWithdrawn& event, absl::Time at) const;
};

}  // namespace jstedu::advisory
