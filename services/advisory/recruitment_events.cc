#include "services/advisory/recruitment_events.h"

#include <google/protobuf/util/time_util.h>

#include "common/events/dispatch.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/advisory/store/case_lifecycle_store.h"

namespace jstedu::advisory {
namespace {

namespace ev = ::jstedu::events::v1;

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

}  // namespace

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope) {
  return events::Dispatch(
      envelope, events::On<ev::JstQualified>([&](const ev::JstQualified& e) {
        CaseLifecycleStore().Open(
            tx, e,
            ToTime(e.has_qualified_at() ? e.qualified_at()
                                        : envelope.occurred_at()));
      }),
      events::On<ev::JstWithdrawn>([&](const ev::JstWithdrawn& e) {
        CaseLifecycleStore().Withdraw(
            tx, e,
            ToTime(e.has_withdrawn_at() ? e.withdrawn_at()
                                        : envelope.occurred_at()));
      }));
}

}  // namespace jstedu::advisory
