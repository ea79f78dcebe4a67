#pragma once

// The participant rows several stores read and write: a record with what
// surrounds it (ParticipantRow), as answered (with its audit row) and as
// the events' facts, and the writes of a record. Each function runs in the
// caller's transaction (SQL: participant_queries.h).
//
// Thread-safety: as the transaction passed in (one thread at a time).

#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/domain/identity.h"
#include "services/recruitment/domain/participant.h"
#include "services/recruitment/store/rows/common.h"
#include "services/recruitment/store/rows/identity.h"
#include "services/recruitment/store/rows/institution.h"

namespace jstedu::recruitment {

// A participant row: the record and what surrounds it.
struct ParticipantRow {
  std::string id;
  std::string application_id;
  std::string edition;
  std::string teryt;
  std::string jst_name;
  std::string voivodeship;
  std::string jst_kind;
  ParticipantData data;
  std::string participation_end;
  std::string end_reason;
  std::string end_note;
  int64_t declaration_recorded_micros = 0;
  int64_t created_micros = 0;
  int64_t updated_micros = 0;
  Identity identity = Identity::kConfirmed;
  InstitutionRow institution;       // the employer's, for the monitoring record
  std::string published_facts_hex;  // last published facts, "" = none

  bool active() const { return participation_end.empty(); }
  // What the monitoring record lacks: the person's fields, then the
  // institution block's.
  std::vector<std::string> MissingMonitoringFields() const;
};

// A JSTEDU_PARTICIPANT_SELECT row, by column name.
ParticipantRow ReadParticipant(const pqxx::row& row);

// The rows `query` (a JSTEDU_PARTICIPANT_SELECT statement) selects with its
// one parameter.
std::vector<ParticipantRow> SelectParticipants(pqxx::transaction_base& tx,
                                               const char* query,
                                               const std::string& param);

// NotFound for an unknown id.
absl::StatusOr<ParticipantRow> LoadParticipant(pqxx::transaction_base& tx,
                                               const std::string& id);

v1::Participant ParticipantProto(const ParticipantRow& p);

// The facts of a participant: the events' jstedu.events.v1.ParticipantFacts
// and ListParticipantFacts' v1::ParticipantFacts, which have the same fields
// (participant_facts_test checks), from one builder.
events::v1::ParticipantFacts EventFacts(const ParticipantRow& p);
v1::ParticipantFacts ApiFacts(const ParticipantRow& p);

enum class ParticipantEvent { kEnrolled, kUpdated, kWithdrawn };

// Appends the event with the participant's facts now, and records them as
// published (participant.published_facts, migration 0008).
void AppendParticipantEvent(pqxx::transaction_base& tx, ParticipantEvent kind,
                            const ParticipantRow& p, const Actor& actor);

// The same for many participants, each change a kind and a participant id:
// one read of them all as stored now, their events in the order given (one
// statement, events::AppendEvents), one write of their published facts. What
// each event carries is what AppendParticipantEvent would append for it.
struct ParticipantChange {
  ParticipantEvent kind;
  std::string id;
};
void AppendParticipantEvents(pqxx::transaction_base& tx,
                             const std::vector<ParticipantChange>& changes,
                             const Actor& actor);

// Publishes ParticipantUpdated for each participant `query` selects with
// `param` whose facts now differ from those last published: a change of the
// institution block, of the registry's DEGURBA class or of the rules
// completes or breaks a monitoring record, and consumers count the person
// (or not) from then on. Returns how many were published.
int PublishChangedFacts(pqxx::transaction_base& tx, const char* query,
                        const std::string& param, const Actor& actor);

// Locks the participants of `application_ids` (FOR NO KEY UPDATE, in id
// order, after their applications: the stores' lock order), so no
// concurrent change of one of them publishes facts read before this
// transaction's change of what their facts depend on commits.
void LockParticipantsOf(pqxx::transaction_base& tx,
                        const std::vector<std::string>& application_ids);

// One audit row per participant of `ids` (none for none).
void Audit(pqxx::transaction_base& tx, const std::vector<std::string>& ids,
           const std::string& purpose, const std::string& rpc,
           const Actor& actor);

// The participant as answered to the caller, with its audit row.
v1::Participant Disclose(pqxx::transaction_base& tx, const ParticipantRow& p,
                         const std::string& purpose, const std::string& rpc,
                         const Actor& actor);

// Inserts a participant of the application: held back for the office when
// another JST's record holds its PESEL (rows/identity.h). "" when the
// application already has its PESEL (or other identifier).
std::string InsertParticipant(pqxx::transaction_base& tx,
                              const std::string& app_id,
                              const std::string& edition,
                              const ParticipantData& d, const Actor& actor);

// A new record whose PESEL's registration was decided already
// (RegisterPesels, under the PESEL's lock; the default for no PESEL). The
// caller keeps `data` alive.
struct NewParticipant {
  const ParticipantData* data;
  PeselRegistration registration;
};

// Inserts the records in one statement, in the order given, each as
// InsertParticipant would: held back, with a conflict opened beside its
// holder (in the order given), when its registration says so. Returns
// their ids in that order, "" for one the application already has (its
// PESEL or other identifier), which is not written. Meant for records of
// which no two share a PESEL or other identifier (of two that did, the
// first would be written).
std::vector<std::string> InsertRegisteredParticipants(
    pqxx::transaction_base& tx, const std::string& app_id,
    const std::string& edition, const std::vector<NewParticipant>& records,
    const Actor& actor);

// Replaces the record's fields (a recorded declaration stays).
void UpdateParticipantRow(pqxx::transaction_base& tx, const std::string& id,
                          const ParticipantData& d, Identity identity);

// The application's own duplicate: it reveals nothing of other JSTs.
absl::Status TakenIdentifier(const std::string& field,
                             const ParticipantData& d);

}  // namespace jstedu::recruitment
