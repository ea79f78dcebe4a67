#pragma once

// Storage and transactional rules of participants, the JSTs'
// representatives (PostgreSQL, the recruitment schema; migrations 0002,
// 0003, 0007, 0008; SQL in participant_queries.h and rows/).
//
// Each method is one transaction: the change, its outbox event and, where
// personal data is returned, its audit row commit together or not at all.
// A change of a team's counts locks its application (application_store.h,
// Capacity: lock order edition, application, participant).
//
// Identity (domain/identity.h, rows/identity.h): a record whose PESEL
// another JST's record of the edition holds is held back for the office
// (an identity_conflict row in the same transaction); its events carry the
// status PARTICIPANT_NOT_COUNTED, and it is in no export, fact list or
// qualification count until decided.
//
// CreateParticipant, WithdrawParticipant and RecordDeclaration keep their
// answer under the call's Idempotency-Key (rows/kept_answer.h).
//
// Errors: NotFound for unknown ids; FailedPrecondition (with a
// google.rpc.PreconditionFailure) for rules not met; AlreadyExists for a
// PESEL (other identifier) already in the application; Aborted when the
// record changed meanwhile; otherwise as common/pg/status.h. No message
// contains personal data, and none tells a JST about another JST's people.
//
// Thread-safe (each call takes its own pooled connection).

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/pg/pool.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/domain/participant.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

class ParticipantStore {
 public:
  explicit ParticipantStore(pg::Pool& pool) : pool_(pool) {}

  // What a participant belongs to (NotFound for an unknown id).
  absl::StatusOr<Ownership> Locate(const std::string& id);

  // Each answer writes an audit row with its purpose.
  absl::StatusOr<v1::Participant> CreateParticipant(
      const std::string& application_id, const ParticipantData& data,
      const Actor& actor);
  absl::StatusOr<v1::Participant> GetParticipant(const std::string& id,
                                                 const std::string& purpose,
                                                 const Actor& actor);
  // The current record as validated data (no audit: it does not leave the
  // service; UpdateParticipant merges the change into it).
  absl::StatusOr<ParticipantData> ParticipantRecord(const std::string& id);
  // Replaces the record if its stored version still equals `before`
  // (Aborted otherwise: someone changed it meanwhile).
  absl::StatusOr<v1::Participant> UpdateParticipant(
      const std::string& id, const ParticipantData& before,
      const ParticipantData& after, const Actor& actor);
  absl::StatusOr<v1::Participant> WithdrawParticipant(
      const std::string& id, const std::string& reason,
      std::optional<absl::CivilDay> participation_end, const Actor& actor);
  absl::StatusOr<v1::Participant> RecordDeclaration(
      const std::string& id, const DeclarationData& declaration,
      const Actor& actor);

  // Publishes ParticipantUpdated for every participant whose facts differ
  // from those last published (participant.published_facts): after an
  // upgrade whose rules change them (migration 0007 made every record lack
  // the situation answers), consumers learn it without anyone touching the
  // records. Pages of 500 by id, each a transaction that locks its
  // participants in id order (a replica running it at once waits, then
  // finds nothing left to publish). Returns how many were published.
  absl::StatusOr<int> RepublishStaleFacts(const Actor& actor);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::recruitment
