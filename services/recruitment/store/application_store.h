#pragma once

// Storage and transactional rules of applications (PostgreSQL, the
// recruitment schema; migrations 0002, 0009; SQL in application_queries.h
// and rows/).
//
// Each method is one transaction: the change, its history row and its
// outbox events commit together or not at all.
//
// Capacity: every operation that can change the number of QUALIFIED
// applications of an edition (qualify, withdraw, capacity change) first
// locks the edition row (SELECT … FOR NO KEY UPDATE), so they run one after
// another per edition and the count they read is exact: capacity is never
// exceeded, also under concurrent calls. Promotion from the waiting list
// runs inside the transaction that frees the place. Lock order: edition,
// then application, then participant. Adding participants takes the
// application row FOR SHARE (many may be added at once; a status change
// waits for them); everything else that changes an application or its
// team's counts takes it FOR UPDATE.
//
// Errors: NotFound for unknown ids; FailedPrecondition (with a
// google.rpc.PreconditionFailure) for rules not met; AlreadyExists for a
// second application or a PESEL (other identifier) given twice; otherwise
// as common/pg/status.h. No message contains personal data.
//
// Thread-safe (each call takes its own pooled connection).

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "common/time/clock.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/domain/institution.h"
#include "services/recruitment/domain/participant.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

struct ApplicationQuery {
  std::string edition;
  std::string voivodeship;  // "" = any
  std::string teryt;        // "" = any (a JST caller sees only its own)
  std::string status;       // "" = any
  std::string kind;         // a JstKind name; "" = any
  int limit = 100;
  int64_t after_submission_number = 0;
};

class ApplicationStore {
 public:
  // `clock` gives the time the qualification, waiting-list and withdrawal
  // events carry.
  ApplicationStore(pg::Pool& pool, Clock clock)
      : pool_(pool), clock_(std::move(clock)) {}

  // What an application belongs to (NotFound for an unknown id).
  absl::StatusOr<Ownership> Locate(const std::string& id);

  // A new application inside the edition's recruitment window, with its
  // representatives (each with its ParticipantEnrolled) and institution
  // block.
  absl::StatusOr<v1::Application> SubmitApplication(
      const std::string& edition, const std::string& teryt,
      const std::vector<ParticipantData>& representatives, const Actor& actor,
      const InstitutionData& institution = {});
  // Replaces the application's institution block (any status) and publishes
  // ParticipantUpdated for each of its participants whose facts (the
  // monitoring record's completeness) change, in the same transaction.
  absl::StatusOr<v1::Application> UpdateInstitution(
      const std::string& id, const InstitutionData& institution,
      const Actor& actor);
  absl::StatusOr<v1::Application> GetApplication(const std::string& id);
  // One page of the application's history, oldest first: `limit` entries
  // after the entry `after_sequence` (0: from the start); `*more` tells
  // whether another page follows. Only ADMIN entries carry their subject.
  absl::StatusOr<std::vector<v1::ApplicationHistoryEntry>>
  ListApplicationHistory(const std::string& id, int64_t after_sequence,
                         int limit, bool* more);
  // One page (limit + 1 rows are read: `*more` tells whether another follows).
  absl::StatusOr<std::vector<v1::Application>> ListApplications(
      const ApplicationQuery& query, bool* more);
  // SUBMITTED or WAITLISTED → QUALIFIED, or → WAITLISTED when the edition
  // is full; earlier waitlisted JSTs that meet the rules by now go first.
  absl::StatusOr<v1::Application> QualifyApplication(
      const std::string& id, bool move_to_county_group,
      const std::string& workshop_group_reason, const Actor& actor);
  absl::StatusOr<v1::Application> RejectApplication(const std::string& id,
                                                    const std::string& reason,
                                                    const Actor& actor);
  // The team leaves with it; a freed place goes to the waiting list.
  absl::StatusOr<v1::Application> WithdrawApplication(const std::string& id,
                                                      const std::string& reason,
                                                      const Actor& actor);

 private:
  pg::Pool& pool_;
  const Clock clock_;
};

}  // namespace jstedu::recruitment
