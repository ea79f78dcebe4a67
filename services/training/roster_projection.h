#pragma once

// Training's rosters from recruitment's events (stream events.recruitment):
// which representatives of which qualified JSTs sit in which workshop
// group. Handled inside the consumer's inbox transaction, so each event
// takes effect once (common/events/consumer.h).
//
//   JstQualified          the JST and its workshop group (qualified_at)
//   JstWithdrawn          withdrawn_at: its team leaves the roster; their
//                         participant ids (and, later, attendance) stay
//   ParticipantEnrolled / ParticipantUpdated / ParticipantWithdrawn
//                         the participant's facts, a whole snapshot; an
//                         older snapshot never replaces a newer one
//   EditionChanged        the edition's period (edition_period), newest
//                         update_time wins; modules are checked against it
//   other types           ignored (OK), e.g. JstWaitlisted
//
// An envelope whose payload does not unpack as its type is InvalidArgument
// (counted as a failed delivery, then dead-lettered).

#include <pqxx/transaction_base>

#include "absl/status/status.h"
#include "common/events/outbox.h"

namespace jstedu::training {

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope);

}  // namespace jstedu::training
