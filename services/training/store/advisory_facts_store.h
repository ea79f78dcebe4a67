#pragma once

// Who reviews a JST's tasks (migration 0003, view task_reviewer): each
// advisory case's guardian, as advisory's events write it. Every function
// runs inside the consumer's inbox transaction `tx`
// (advisory_projection.h says when each is called).

#include <pqxx/transaction_base>

#include "jstedu/events/v1/advisory_events.pb.h"

namespace jstedu::training::advisory_facts {

// The case's guardian, unless a newer change was applied (a closed case
// stays closed).
void AssignGuardian(pqxx::transaction_base& tx,
                    const events::v1::CaseExpertsAssigned& assigned);
// The case is closed, whatever its version: its guardian reviews no more.
void CloseCase(pqxx::transaction_base& tx,
               const events::v1::CaseWithdrawn& withdrawn);

}  // namespace jstedu::training::advisory_facts
