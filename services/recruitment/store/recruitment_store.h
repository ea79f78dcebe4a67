#pragma once

// Storage and transactional rules of editions, applications and
// participants (PostgreSQL, the recruitment schema; migration 0002).
//
// Each method is one transaction: the change, its history row, its outbox
// events and, where personal data is returned, its audit rows commit
// together or not at all.
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
// Results are the API messages (jstedu.recruitment.v1); the rules of single
// records live in domain/ (participant.h, pesel.h), input validation in the
// service. Errors: NotFound for unknown ids; FailedPrecondition (with a
// google.rpc.PreconditionFailure) for rules not met; AlreadyExists for a
// second application or a PESEL (other identifier) already in the
// application; otherwise as common/pg/status.h. No message contains
// personal data, and none tells a JST about another JST's people.
//
// Identity (domain/identity.h): a PESEL stored for a record (a new one, or
// a changed number) takes the PESEL's lock in the edition
// (pg_advisory_xact_lock), then the holders are read and the rule applied,
// so two JSTs registering one number at once cannot both confirm it. A
// record held back for the office opens an identity_conflict row in the
// same transaction; its events carry the status PARTICIPANT_NOT_COUNTED, and
// it is in no export, fact list or qualification count until decided.
//
// Kept answers: CreateParticipant, WithdrawParticipant, RecordDeclaration
// and ResolveIdentityConflict, called within a keyed call
// (common/pg/request_key.h, set by grpcutil::Serve), record the key first
// and keep their answer under it in kept_answer, in the transaction of the
// write. When an earlier call applied the key, they answer its kept answer
// again with an audit row per participant it discloses (purpose
// kReplayPurpose) and change nothing; another request under the key is
// InvalidArgument (Idempotency-Key). A kept answer goes with its key
// (pg::DeleteExpiredRequestKeys).
//
// Thread-safe (each call takes its own pooled connection).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/pg/pool.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/domain/degurba_csv.h"
#include "services/recruitment/domain/identity.h"
#include "services/recruitment/domain/institution.h"
#include "services/recruitment/domain/participant.h"
#include "services/recruitment/domain/participant_csv.h"

namespace jstedu::recruitment {

// Who acts: recorded in history and audit rows, and the trace the events
// carry.
struct Actor {
  std::string subject;
  std::string role;
  std::string traceparent;
  // The current date in Europe/Warsaw (end dates, below-minimum flags).
  absl::CivilDay today;
};

// What an application or participant belongs to, for scope checks before
// acting (these never change after creation).
struct Ownership {
  std::string application_id;
  std::string edition;
  std::string teryt;
  std::string voivodeship;
};

enum class Owned { kApplication, kParticipant };

// The purpose recorded in the audit rows of an answer given again.
inline constexpr char kReplayPurpose[] =
    "replay of an answer kept for an Idempotency-Key";

// One page of the identity conflicts awaiting the office.
struct ConflictPage {
  std::vector<v1::IdentityConflict> conflicts;
  int64_t last_seq = 0;  // the page token's key
  bool more = false;
};

struct ApplicationQuery {
  std::string edition;
  std::string voivodeship;  // "" = any
  std::string teryt;        // "" = any (a JST caller sees only its own)
  std::string status;       // "" = any
  std::string kind;         // a JstKind name; "" = any
  int limit = 100;
  int64_t after_submission_number = 0;
};

class RecruitmentStore {
 public:
  explicit RecruitmentStore(pg::Pool& pool) : pool_(pool) {}

  // What an application or participant belongs to (NotFound for an
  // unknown id).
  absl::StatusOr<Ownership> Locate(Owned what, const std::string& id);

  // ---- editions
  // Each creation and update publishes EditionChanged in its transaction.
  absl::StatusOr<v1::Edition> CreateEdition(const v1::Edition& edition,
                                            const Actor& actor);
  // Replaces the fields of `mask_paths` with those of `edition`, validates
  // with `validate` (the complete result), refuses a capacity below the
  // qualified count, promotes waitlisted JSTs into new places and moves the
  // edition one version on. Aborted (nothing changed) when the edition is
  // not at `expected_version`; 0 is not checked.
  absl::StatusOr<v1::Edition> UpdateEdition(
      const v1::Edition& edition, const std::vector<std::string>& mask_paths,
      int64_t expected_version,
      const std::function<absl::Status(const v1::Edition&)>& validate,
      const Actor& actor);
  absl::StatusOr<v1::Edition> GetEdition(const std::string& code);
  // Publishes an existing edition's EditionChanged again (its stored facts
  // and update time, so consumers that keep the newest change nothing they
  // already have): for editions made before the event existed, and to
  // replay them to a new consumer. NotFound for an unknown code.
  absl::Status RepublishEdition(const std::string& code, const Actor& actor);
  // Ordered by code; `after` is the last code of the previous page.
  absl::StatusOr<std::vector<v1::Edition>> ListEditions(
      const std::string& after, int limit);

  // ---- applications
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
  // Sets the registry's DEGURBA class of each row's commune (registry
  // communes: the caller checks), records the load, and publishes
  // ParticipantUpdated for the participants whose facts change
  // (applications without a class of their own), in one transaction.
  // Publishes ParticipantUpdated for every participant whose facts differ
  // from those last published (participant.published_facts): after an
  // upgrade whose rules change them (migration 0007 made every record lack
  // the situation answers), consumers learn it without anyone touching the
  // records. Pages of 500 by id, each a transaction that locks its
  // participants in id order (a replica running it at once waits, then
  // finds nothing left to publish). Returns how many were published.
  absl::StatusOr<int> RepublishStaleFacts(const Actor& actor);
  absl::StatusOr<v1::LoadDegurbaResponse> LoadDegurba(
      const std::vector<DegurbaRow>& rows, const std::string& sha256,
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
  absl::StatusOr<v1::Application> QualifyApplication(
      const std::string& id, bool move_to_county_group,
      const std::string& workshop_group_reason, const Actor& actor);
  absl::StatusOr<v1::Application> RejectApplication(const std::string& id,
                                                    const std::string& reason,
                                                    const Actor& actor);
  absl::StatusOr<v1::Application> WithdrawApplication(const std::string& id,
                                                      const std::string& reason,
                                                      const Actor& actor);

  // ---- participants (each answer writes an audit row with `purpose`)
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
  absl::StatusOr<v1::ImportParticipantsResponse> ImportParticipants(
      const std::string& application_id, const std::vector<ImportRow>& rows,
      const std::string& sha256, const Actor& actor);
  // Participants of applications ever qualified, ordered by id, after
  // `after_id`; an audit row each. FailedPrecondition
  // IDENTITY_CONFLICTS_OPEN while the edition has open identity conflicts
  // (no duplicate may reach the ministry).
  absl::StatusOr<std::vector<v1::Participant>> ExportParticipants(
      const std::string& edition, const std::string& voivodeship,
      const std::string& after_id, int limit, const std::string& purpose,
      const Actor& actor, bool* more,
      std::map<std::string, v1::Institution>* institutions);
  // The same participants and pages as ExportParticipants, as the facts
  // the participant events carry (no personal data, so no audit rows).
  absl::StatusOr<std::vector<v1::ParticipantFacts>> ListParticipantFacts(
      const std::string& edition, const std::string& voivodeship,
      const std::string& after_id, int limit, bool* more);

  // ---- identity conflicts (the office; each answer audits both records)
  // The open conflicts of `edition` after `after_seq`, oldest first
  // (NotFound for an unknown edition); an audit row per participant shown.
  absl::StatusOr<ConflictPage> ListIdentityConflicts(const std::string& edition,
                                                     int64_t after_seq,
                                                     int limit,
                                                     const std::string& purpose,
                                                     const Actor& actor);
  // How many conflicts of `edition` await the office (NotFound for an
  // unknown edition). No personal data.
  absl::StatusOr<int> CountIdentityConflicts(const std::string& edition);
  // Applies the office's decision (domain/identity.h, Decide) with the
  // records' events and records who decided and why. FailedPrecondition
  // CONFLICT_OPEN when already decided; NotFound for an unknown id.
  absl::StatusOr<v1::IdentityConflict> ResolveIdentityConflict(
      const std::string& id, Decision decision, const std::string& reason,
      const Actor& actor);

  // ---- a workshop group's people (a trainer's attendance sheet)
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
