#pragma once

// The consumer of the other services' streams (events.recruitment,
// events.training, events.advisory; consumer group "notifications"): each
// event updates the facts (store/facts_store.h) inside the consumer's inbox
// transaction, and at the end of the transaction everything the events
// changed is re-planned once (store/planner.h), so a backlog of one
// module's events is planned once per batch, not once per event.
//
//   JstQualified           the decision to the JST's contact; the JST's
//                          people are planned
//   JstWaitlisted          the decision to the JST's contact
//   JstWithdrawn           everything scheduled about the JST cancelled
//   Participant{Enrolled,Updated,Withdrawn}
//                          the JST's people re-planned (declarations, who
//                          is active)
//   ModuleScheduled/Moved  the module re-planned for everyone
//   SessionScheduled       the module's trainers
//   ModuleSignupMade       the participant's sign-up reminders cancelled
//   TaskAssigned/DueChanged/StatusChanged
//                          the task re-planned
//   CaseOpened/StageChanged/ExpertsAssigned/Withdrawn
//                          the case re-planned (COMPLETED and WITHDRAWN
//                          stages plan nothing); a handover noticed at once
// Other event types are ignored (OK). A payload that does not unpack as
// its type is InvalidArgument (a failed delivery, dead-lettered in the
// end).

#include <memory>

#include "common/events/consumer.h"
#include "services/notifications/store/planner.h"

namespace jstedu::notifications {

// A handler for one stream's consumer; `planner` outlives it.
std::unique_ptr<events::BatchHandler> ScheduleHandler(const Planner& planner);

}  // namespace jstedu::notifications
