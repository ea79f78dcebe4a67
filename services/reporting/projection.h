#pragma once

// Reporting's projections: other services' facts, applied from their events
// inside the consumer's inbox transaction (common/events/consumer.h), so
// each event takes effect once. Every handler writes the fact itself (an
// upsert keyed by the fact's id) and is order-tolerant; when facts that
// measures count changed, it then recounts the records of the applications
// touched and moves the maintained counts by the difference
// (store/counts_store.h), so the counts follow the facts, not the events:
//
//   events.recruitment  EditionChanged          edition_fact (newest update)
//                       JstQualified            jst_fact.qualified_at (first)
//                       JstWithdrawn            jst_fact.withdrawn_at (first)
//                       Participant{Enrolled,Updated,Withdrawn}
//                                               participant_fact (the event
//                                               that committed last wins)
//   events.training     AttendanceRecorded      attendance_fact (newest mark)
//                       ParticipantCompletedTraining  completion_fact (first)
//   events.advisory     any case event          case_fact: the stage of the
//                       highest case version that set one; the opening and
//                       the plan's adoption whenever they arrive
// Other event types are ignored (OK). A payload that does not unpack as its
// type is InvalidArgument (a failed delivery, dead-lettered in the end).
//
// The recounts wait for the end of the consumer's transaction
// (PendingRecounts, store/counts_store.h): each application its events
// touched is recounted once per batch, so a backlog of one big
// application's events is applied in linear time (issue 21).

#include <memory>
#include <pqxx/transaction_base>

#include "absl/status/status.h"
#include "common/events/consumer.h"
#include "common/events/outbox.h"
#include "services/reporting/store/counts_store.h"

namespace jstedu::reporting {

absl::Status ApplyRecruitmentEvent(pqxx::transaction_base& tx,
                                   const events::EventEnvelope& envelope,
                                   PendingRecounts& recounts);
absl::Status ApplyTrainingEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope,
                                PendingRecounts& recounts);
absl::Status ApplyAdvisoryEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope,
                                PendingRecounts& recounts);

using ApplyEvent = absl::Status (*)(pqxx::transaction_base&,
                                    const events::EventEnvelope&,
                                    PendingRecounts&);

// A consumer's handler of one producer's events: `apply` for each event of
// a transaction, then the recounts they left, once each.
std::unique_ptr<events::BatchHandler> ProjectionHandler(ApplyEvent apply);

}  // namespace jstedu::reporting
