#pragma once

// Qualification and the waiting list, shared by the edition store (a
// capacity raised), the application store (qualify, withdraw) and the
// writers of a team (the below-minimum flag). Each function runs in the
// caller's transaction, which has locked the edition row (Capacity: see
// application_store.h) (SQL: qualification_queries.h).
//
// Thread-safety: as the transaction passed in (one thread at a time).

#include <limits>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/status/errors.h"
#include "services/recruitment/store/rows/application.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

// The qualification rules an application does not meet (empty = eligible).
// The JST's eligibility was checked at submission (registry JSTs only).
std::vector<errors::Rule> UnmetRules(pqxx::transaction_base& tx,
                                     const LockedApplication& app);

// Qualifies `app` into workshop `group`, with its JstQualified event (at
// `now`); `promotion` says why when it comes from the waiting list.
void Qualify(pqxx::transaction_base& tx, const LockedApplication& app,
             int group, const std::string& group_reason,
             const Promotion& promotion, const Actor& actor, absl::Time now);

// Waitlists `app` (the edition is full) with its JstWaitlisted event (at
// `now`); `requested_group` (> 0) is applied when a place frees.
void Waitlist(pqxx::transaction_base& tx, const LockedApplication& app,
              int requested_group, const std::string& requested_group_reason,
              const Actor& actor, absl::Time now);

// A move to the county group asked for by a waitlisted application.
void RequestGroup(pqxx::transaction_base& tx, const std::string& id, int group,
                  const std::string& reason);

// Fills free places of `edition` (whose row the caller has locked) from the
// waiting list, in submission order, skipping JSTs that do not meet the
// rules now; only those submitted before `before` (a submission number)
// when given. `cause` is recorded in each one's history; the events are at
// `now`. Returns how many were promoted.
int PromoteWaitlisted(pqxx::transaction_base& tx, const std::string& edition,
                      const Promotion& cause, const Actor& actor,
                      absl::Time now,
                      int64_t before = std::numeric_limits<int64_t>::max());

// Sets or clears the below-minimum flag of `edition`'s QUALIFIED
// applications (only `application_id`'s when not "") as of actor.today.
void RefreshBelowMinimum(pqxx::transaction_base& tx, const std::string& edition,
                         const std::string& application_id, const Actor& actor);

}  // namespace jstedu::recruitment
