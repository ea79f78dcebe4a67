#include "services/recruitment/store/export_store.h"

#include <pqxx/pqxx>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/recruitment/domain/identity.h"
#include "services/recruitment/store/export_queries.h"
#include "services/recruitment/store/rows/application.h"
#include "services/recruitment/store/rows/identity.h"
#include "services/recruitment/store/rows/participant.h"

namespace jstedu::recruitment {
namespace {

// One page of the participants of applications ever qualified in
// `edition` (ExportParticipants, ListParticipantFacts), of every
// application when `every_application`, ordered by id, after `after_id`;
// `*more` tells whether another page follows.
absl::StatusOr<std::vector<ParticipantRow>> QualifiedParticipants(
    pqxx::transaction_base& tx, const std::string& edition,
    const std::string& voivodeship, const std::string& after_id, int limit,
    bool* more, bool every_application = false) {
  if (!EditionExists(tx, edition)) {
    return errors::NoSuch("edition", edition);
  }
  const pqxx::result rows =
      pg::Exec(tx, queries::kQualifiedParticipantsPage, edition, voivodeship,
               after_id.empty() ? kFirstUuid : after_id, limit + 1,
               UncountedIdentities(), every_application);
  *more = static_cast<int>(rows.size()) > limit;
  std::vector<ParticipantRow> out;
  for (const pqxx::row& row : rows) {
    if (static_cast<int>(out.size()) == limit) break;
    out.push_back(ReadParticipant(row));
  }
  return out;
}

// Up to `limit` of `rows` (read with one more than `limit`), telling in
// `*more` whether another page follows.
template <typename Message>
std::vector<Message> ReadPageOf(const pqxx::result& rows, int limit,
                                bool* more) {
  *more = static_cast<int>(rows.size()) > limit;
  std::vector<Message> out = pg::ReadAll<Message>(rows);
  if (*more) out.resize(limit);
  return out;
}

}  // namespace

absl::StatusOr<std::vector<v1::Participant>> ExportStore::ExportParticipants(
    const std::string& edition, const std::string& voivodeship,
    const std::string& after_id, int limit, const std::string& purpose,
    const Actor& actor, bool* more,
    std::map<std::string, v1::Institution>* institutions) {
  return pg::RunInTransactionFor<std::vector<v1::Participant>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::Participant>> {
        auto rows = QualifiedParticipants(tx, edition, voivodeship, after_id,
                                          limit, more);
        if (!rows.ok()) return rows.status();
        absl::Status decided =
            ConflictsDecided(edition, OpenConflictCount(tx, edition));
        if (!decided.ok()) return decided;
        std::vector<v1::Participant> out;
        std::vector<std::string> ids;
        for (const ParticipantRow& p : *rows) {
          ids.push_back(p.id);
          out.push_back(ParticipantProto(p));
          (*institutions)[p.application_id] = InstitutionProto(p.institution);
        }
        Audit(tx, ids, purpose, "ExportParticipants", actor);
        return out;
      });
}

absl::StatusOr<std::vector<v1::ParticipantFacts>>
ExportStore::ListParticipantFacts(const std::string& edition,
                                  const std::string& voivodeship,
                                  const std::string& after_id, int limit,
                                  bool* more, bool every_application) {
  return pg::RunInTransactionFor<std::vector<v1::ParticipantFacts>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ParticipantFacts>> {
        auto rows = QualifiedParticipants(tx, edition, voivodeship, after_id,
                                          limit, more, every_application);
        if (!rows.ok()) return rows.status();
        std::vector<v1::ParticipantFacts> out;
        for (const ParticipantRow& p : *rows) out.push_back(ApiFacts(p));
        return out;
      });
}

absl::StatusOr<std::vector<v1::ApplicationDecision>>
ExportStore::ListApplicationDecisions(const std::string& edition,
                                      const std::string& after_id, int limit,
                                      bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::ApplicationDecision>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ApplicationDecision>> {
        if (!EditionExists(tx, edition)) {
          return errors::NoSuch("edition", edition);
        }
        return ReadPageOf<v1::ApplicationDecision>(
            pg::Exec(tx, queries::kApplicationDecisionsPage, edition,
                     after_id.empty() ? kFirstUuid : after_id, limit + 1),
            limit, more);
      });
}

absl::StatusOr<std::vector<v1::AccountRole>> ExportStore::ListAccountRoles(
    const std::string& after_subject, int limit, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::AccountRole>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::AccountRole>> {
        return ReadPageOf<v1::AccountRole>(
            pg::Exec(tx, queries::kAccountRolesPage, after_subject, limit + 1),
            limit, more);
      });
}

absl::StatusOr<std::vector<v1::GroupParticipant>>
ExportStore::ListGroupParticipants(const std::string& edition,
                                   int workshop_group,
                                   const std::string& after_id, int limit,
                                   const Actor& actor, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::GroupParticipant>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::GroupParticipant>> {
        if (!EditionExists(tx, edition)) {
          return errors::NoSuch("edition", edition);
        }
        const pqxx::result rows =
            pg::Exec(tx, queries::kGroupParticipantsPage, edition,
                     workshop_group, after_id.empty() ? kFirstUuid : after_id,
                     limit + 1, UncountedIdentities());
        *more = static_cast<int>(rows.size()) > limit;
        std::vector<v1::GroupParticipant> out;
        std::vector<std::string> ids;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(out.size()) == limit) break;
          out.push_back(pg::ReadOne<v1::GroupParticipant>(row));
          ids.push_back(out.back().participant());
        }
        Audit(tx, ids, "attendance sheet of a workshop group",
              "ListGroupParticipants", actor);
        return out;
      },
      kAuditedSnapshotRead);
}

}  // namespace jstedu::recruitment
