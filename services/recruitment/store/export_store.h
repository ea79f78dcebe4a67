#pragma once

// What leaves recruitment for other parties (PostgreSQL, the recruitment
// schema; SQL in export_queries.h and rows/): the ministry's file of
// personal data (reporting calls it), the participants' facts without
// personal data, and a workshop group's people for the trainers'
// attendance sheets. Every person shown with personal data writes an audit
// row in the transaction of the read.
//
// Only counted records leave (domain/identity.h, Counted): a record held
// back for the office is in no export, fact list or attendance sheet.
//
// Errors: NotFound for an unknown edition; FailedPrecondition
// IDENTITY_CONFLICTS_OPEN (ExportParticipants); otherwise as
// common/pg/status.h.
//
// Thread-safe (each call takes its own pooled connection).

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

class ExportStore {
 public:
  explicit ExportStore(pg::Pool& pool) : pool_(pool) {}

  // Participants of applications ever qualified, ordered by id, after
  // `after_id`; an audit row each. FailedPrecondition
  // IDENTITY_CONFLICTS_OPEN while the edition has open identity conflicts
  // (no duplicate may reach the ministry).
  absl::StatusOr<std::vector<v1::Participant>> ExportParticipants(
      const std::string& edition, const std::string& voivodeship,
      const std::string& after_id, int limit, const std::string& purpose,
      const Actor& actor, bool* more,
      std::map<std::string, v1::Institution>* institutions);
  // The same participants and pages as ExportParticipants (those of every
  // application when `every_application`), as the facts the participant
  // events carry (no personal data, so no audit rows).
  absl::StatusOr<std::vector<v1::ParticipantFacts>> ListParticipantFacts(
      const std::string& edition, const std::string& voivodeship,
      const std::string& after_id, int limit, bool* more,
      bool every_application = false);
  // `edition`'s applications qualified, waitlisted or withdrawn, ordered by
  // id, after `after_id`, as their decision events tell them (the
  // notifications service's backfill; no contact). NotFound for an unknown
  // edition.
  absl::StatusOr<std::vector<v1::ApplicationDecision>> ListApplicationDecisions(
      const std::string& edition, const std::string& after_id, int limit,
      bool* more);
  // The account directory's entries (with their role, if any), ordered by
  // subject, after `after_subject`, as AccountContactChanged tells them
  // (never the address).
  absl::StatusOr<std::vector<v1::AccountRole>> ListAccountRoles(
      const std::string& after_subject, int limit, bool* more);
  // The active, counted representatives of `edition`'s QUALIFIED
  // applications in `workshop_group` (0: every group), ordered by id, after
  // `after_id`: names and JST only; an audit row each. NotFound for an
  // unknown edition.
  absl::StatusOr<std::vector<v1::GroupParticipant>> ListGroupParticipants(
      const std::string& edition, int workshop_group,
      const std::string& after_id, int limit, const Actor& actor, bool* more);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::recruitment
