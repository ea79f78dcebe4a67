#pragma once

// Advisory's reaction to recruitment's events (stream events.recruitment,
// consumer group "advisory"), applied inside the consumer's inbox
// transaction so that each event takes effect once:
//
//   JstQualified   opens the JST's case (CaseLifecycleStore::Open); the
//                  unique application id makes a redelivery open nothing
//   JstWithdrawn   closes it as WITHDRAWN (CaseLifecycleStore::Withdraw)
//   other types    ignored (OK)
//
// An envelope whose payload does not unpack as its type is InvalidArgument
// (a failed delivery, dead-lettered after the consumer's retries).

#include <pqxx/transaction_base>

#include "absl/status/status.h"
#include "common/events/outbox.h"

namespace jstedu::advisory {

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope);

}  // namespace jstedu::advisory
