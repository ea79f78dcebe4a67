#include "services/recruitment/store/identity_conflict_store.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/recruitment/domain/participation.h"
#include "services/recruitment/store/identity_conflict_queries.h"
#include "services/recruitment/store/rows/application.h"
#include "services/recruitment/store/rows/identity.h"
#include "services/recruitment/store/rows/kept_answer.h"
#include "services/recruitment/store/rows/participant.h"
#include "services/recruitment/store/rows/qualification.h"

namespace jstedu::recruitment {
namespace {

// A JSTEDU_CONFLICT_SELECT row with both records as they are now; `*shown`
// receives their ids for the audit.
v1::IdentityConflict ReadConflict(pqxx::transaction_base& tx,
                                  const pqxx::row& row,
                                  std::vector<std::string>* shown) {
  v1::IdentityConflict conflict = pg::ReadOne<v1::IdentityConflict>(row);
  *conflict.mutable_holder() = ParticipantProto(
      *LoadParticipant(tx, row["holder_id"].as<std::string>()));
  *conflict.mutable_claimant() = ParticipantProto(
      *LoadParticipant(tx, row["claimant_id"].as<std::string>()));
  shown->push_back(conflict.holder().id());
  shown->push_back(conflict.claimant().id());
  return conflict;
}

constexpr char kMovedNote[] =
    "the programme office found that this person now takes part for "
    "another JST";

// Ends the holder's participation (if it has not ended) as a move to
// another JST and marks it superseded, with its event.
// The note is fixed: the office's reason stays on the conflict, for the
// office only (it may speak of the other JST).
void Supersede(pqxx::transaction_base& tx, const ParticipantRow& holder,
               const Actor& actor) {
  if (holder.active()) {
    pg::Exec(
        tx, queries::kEndAsMoved, holder.id,
        FormatIsoDate(LatestEnd(actor.today, holder.data.participation_start)),
        kMovedNote);
    RefreshBelowMinimum(tx, holder.edition, holder.application_id, actor);
  }
  SetIdentity(tx, holder.id, Identity::kSuperseded);
  AppendParticipantEvent(tx,
                         holder.active() ? ParticipantEvent::kWithdrawn
                                         : ParticipantEvent::kUpdated,
                         *LoadParticipant(tx, holder.id), actor);
}

// SAME_PERSON_MOVED ends the holder's participation for the claimant's:
// refused unless the claimant takes part (active, its application open).
absl::Status TakesPart(pqxx::transaction_base& tx,
                       const ParticipantRow& claimant) {
  const std::string status = pg::Exec1(tx, queries::kApplicationStatus,
                                       claimant.application_id)["status"]
                                 .as<std::string>();
  // The column's CHECK admits the statuses' names only.
  return ClaimantTakesPart(claimant.id, claimant.active(),
                           ApplicationStatusFromName(status).value_or(
                               ApplicationStatus::kSubmitted));
}

}  // namespace

absl::StatusOr<ConflictPage> IdentityConflictStore::ListIdentityConflicts(
    const std::string& edition, int64_t after_seq, int limit,
    const std::string& purpose, const Actor& actor) {
  return pg::RunInTransactionFor<ConflictPage>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<ConflictPage> {
        if (!EditionExists(tx, edition)) {
          return errors::NoSuch("edition", edition);
        }
        const pqxx::result rows = pg::Exec(tx, queries::kOpenConflictsPage,
                                           edition, after_seq, limit + 1);
        ConflictPage page;
        page.more = static_cast<int>(rows.size()) > limit;
        std::vector<std::string> shown;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(page.conflicts.size()) == limit) break;
          page.conflicts.push_back(ReadConflict(tx, row, &shown));
          page.last_seq = row["seq"].as<int64_t>();
        }
        std::sort(shown.begin(), shown.end());
        shown.erase(std::unique(shown.begin(), shown.end()), shown.end());
        Audit(tx, shown, purpose, "ListIdentityConflicts", actor);
        return page;
      },
      kAuditedSnapshotRead);
}

absl::StatusOr<int> IdentityConflictStore::CountIdentityConflicts(
    const std::string& edition) {
  return pg::RunInTransactionFor<int>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<int> {
        if (!EditionExists(tx, edition)) {
          return errors::NoSuch("edition", edition);
        }
        return OpenConflictCount(tx, edition);
      },
      kSnapshotRead);
}

absl::StatusOr<v1::IdentityConflict>
IdentityConflictStore::ResolveIdentityConflict(const std::string& id,
                                               Decision decision,
                                               const std::string& reason,
                                               const Actor& actor) {
  return RunKept<v1::IdentityConflict>(
      pool_, "ResolveIdentityConflict", actor,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::IdentityConflict> {
        const pqxx::result found = pg::Exec(tx, queries::kLockConflict, id);
        if (found.empty()) {
          return errors::NoSuch("identity conflict", id);
        }
        absl::Status open =
            ConflictOpen(id, found[0]["decision"].as<std::string>());
        if (!open.ok()) return open;
        const std::string edition = found[0]["edition"].as<std::string>();
        const std::string holder_id = found[0]["holder_id"].as<std::string>();
        // The holder's application (its counts may change), then the
        // number, as every writer locks them.
        auto locked =
            LockApplication(tx, LoadParticipant(tx, holder_id)->application_id);
        if (!locked.ok()) return locked.status();
        const ParticipantRow claimant =
            *LoadParticipant(tx, found[0]["claimant_id"].as<std::string>());
        LockPesel(tx, edition, claimant.data.pesel);
        const ParticipantRow holder = *LoadParticipant(tx, holder_id);
        ConflictFacts facts;
        facts.holder_holds = holder.data.pesel == claimant.data.pesel &&
                             HoldsPesel(holder.identity);
        facts.holder_confirmed =
            facts.holder_holds && holder.identity == Identity::kConfirmed;
        facts.confirmed_elsewhere =
            !pg::Exec(tx, queries::kConfirmedElsewhere, edition,
                      claimant.data.pesel, holder.id, claimant.id)
                 .empty();
        if (decision == Decision::kSamePersonMoved) {
          absl::Status takes_part = TakesPart(tx, claimant);
          if (!takes_part.ok()) return takes_part;
        }
        const DecisionEffect effect = Decide(decision, facts);
        // The holder gives the number up before the claimant takes it.
        if (effect.supersede_holder) Supersede(tx, holder, actor);
        SetIdentity(tx, claimant.id, effect.claimant);
        AppendParticipantEvent(tx, ParticipantEvent::kUpdated,
                               *LoadParticipant(tx, claimant.id), actor);
        pg::Exec(tx, queries::kDecideConflict, id, DecisionName(decision),
                 reason, actor.subject);
        RepointConflicts(tx, edition, claimant.data.pesel);
        std::vector<std::string> shown;
        v1::IdentityConflict answer = ReadConflict(
            tx, pg::Exec1(tx, queries::kSelectConflict, id), &shown);
        Audit(tx, shown, "answer to the identity conflict's resolution",
              "ResolveIdentityConflict", actor);
        return answer;
      });
}

}  // namespace jstedu::recruitment
