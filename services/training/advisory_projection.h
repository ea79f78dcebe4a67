#pragma once

// Training's task reviewers from advisory's events (stream events.advisory):
// the guardian of a JST's advisory case reviews that JST's tasks in the
// case's edition (view `task_reviewer`, migration 0003). Handled inside the
// consumer's inbox transaction, so each event takes effect once
// (common/events/consumer.h).
//
//   CaseExpertsAssigned   the case's guardian (assignment or handover):
//                         its account subject becomes the reviewer
//   CaseWithdrawn         the case is closed: its guardian reviews no more
//
// Every advisory event carries the case's version after the change. A case's
// row keeps the version of the last change applied; an assignment older than
// it (a late redelivery) changes nothing. A withdrawal is final whatever its
// version (advisory accepts nothing on a WITHDRAWN case), so no assignment
// reopens a closed case.
//
// Other types are ignored (OK): CaseOpened (a case without experts has no
// reviewer), CaseStageChanged (the guardian reviews in every stage; a
// COMPLETED case's guardian still reviews the tasks the edition set),
// ActionScheduleApproved and PlanAdopted (advisory's own workflow). Their
// versions need not be kept: only the two events above change a reviewer.
//
// An envelope whose payload does not unpack as its type, or whose case has
// no UUID id, edition or TERYT, is InvalidArgument (counted as a failed
// delivery, then dead-lettered).

#include <pqxx/transaction_base>

#include "absl/status/status.h"
#include "common/events/outbox.h"

namespace jstedu::training {

absl::Status ApplyAdvisoryEvent(pqxx::transaction_base& tx,
                                const events::EventEnvelope& envelope);

}  // namespace jstedu::training
