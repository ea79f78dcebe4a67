#include "services/recruitment/store/participant_store.h"

#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/recruitment/domain/application.h"
#include "services/recruitment/domain/participation.h"
#include "services/recruitment/store/participant_queries.h"
#include "services/recruitment/store/rows/application.h"
#include "services/recruitment/store/rows/identity.h"
#include "services/recruitment/store/rows/kept_answer.h"
#include "services/recruitment/store/rows/participant.h"
#include "services/recruitment/store/rows/qualification.h"

namespace jstedu::recruitment {
namespace {

// Participant `id` as a change left it: read again, published as `kind`,
// and answered (its disclosure audited as `purpose` of `method`).
absl::StatusOr<v1::Participant> PublishChange(
    pqxx::transaction_base& tx, const std::string& id, ParticipantEvent kind,
    const char* purpose, const char* method, const Actor& actor) {
  auto row = LoadParticipant(tx, id);
  if (!row.ok()) return row.status();
  AppendParticipantEvent(tx, kind, *row, actor);
  return Disclose(tx, *row, purpose, method, actor);
}

}  // namespace

absl::StatusOr<Ownership> ParticipantStore::Locate(const std::string& id) {
  return LocateOwner(pool_, queries::kLocateParticipant, "participant", id);
}

absl::StatusOr<v1::Participant> ParticipantStore::CreateParticipant(
    const std::string& application_id, const ParticipantData& data,
    const Actor& actor) {
  return RunKept<v1::Participant>(
      pool_, "CreateParticipant", actor,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        // Adding can lift the below-minimum flag, which changes the row: take
        // it FOR UPDATE then (two FOR SHARE holders upgrading would deadlock).
        const pqxx::result flag =
            pg::Exec(tx, queries::kBelowMinimumFlag, application_id);
        const bool flagged = !flag.empty() && flag[0]["flagged"].as<bool>();
        auto app = LockApplication(
            tx, application_id, flagged ? RowLock::kUpdate : RowLock::kShare);
        if (!app.ok()) return app.status();
        absl::Status open = TeamMayChange(app->id, app->status);
        if (!open.ok()) return open;
        const std::string id =
            InsertParticipant(tx, app->id, app->edition, data, actor);
        if (id.empty()) {
          return TakenIdentifier(data.pesel.empty()
                                     ? "participant.otherIdentifier"
                                     : "participant.pesel",
                                 data);
        }
        if (app->below_minimum) {
          // Rare: the flag appeared between the read and the lock.
          if (!flagged)
            app = LockApplication(tx, application_id, RowLock::kUpdate);
          if (!app.ok()) return app.status();
          RefreshBelowMinimum(tx, app->edition, app->id, actor);
        }
        return PublishChange(tx, id, ParticipantEvent::kEnrolled,
                             "answer to the participant's creation",
                             "CreateParticipant", actor);
      });
}

absl::StatusOr<v1::Participant> ParticipantStore::GetParticipant(
    const std::string& id, const std::string& purpose, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Participant>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        auto row = LoadParticipant(tx, id);
        if (!row.ok()) return row.status();
        return Disclose(tx, *row, purpose, "GetParticipant", actor);
      });
}

absl::StatusOr<ParticipantData> ParticipantStore::ParticipantRecord(
    const std::string& id) {
  return pg::RunInTransactionFor<ParticipantData>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<ParticipantData> {
        auto row = LoadParticipant(tx, id);
        if (!row.ok()) return row.status();
        return row->data;
      },
      kOneRead);
}

absl::StatusOr<v1::Participant> ParticipantStore::UpdateParticipant(
    const std::string& id, const ParticipantData& before,
    const ParticipantData& after, const Actor& actor) {
  return pg::RunInTransactionFor<v1::Participant>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        if (pg::Exec(tx, queries::kLockParticipant, id).empty()) {
          return errors::NotFoundInScope("participant", id);
        }
        auto current = LoadParticipant(tx, id);
        if (!current.ok()) return current.status();
        if (!(current->data == before)) {
          return absl::AbortedError(
              "the participant changed while this update was prepared; read it "
              "again and retry");
        }
        absl::Status may_change =
            RecordMayChange(id, current->active(), current->data, after);
        if (!may_change.ok()) return may_change;
        if (after == before) {
          return Disclose(tx, *current, "answer to the participant's update",
                          "UpdateParticipant", actor);
        }
        // A changed number is stored like a new one: held back when
        // another JST's record holds it; a conflict it waited in is over.
        std::string holder;
        const Registration registration =
            after.pesel == before.pesel
                ? Registration::kConfirmed
                : RegisterPesel(tx, current->edition, after.pesel,
                                current->application_id, id, &holder);
        if (registration == Registration::kOwnDuplicate) {
          return TakenIdentifier("participant.pesel", after);
        }
        if (!after.other_identifier.empty() &&
            after.other_identifier != before.other_identifier &&
            !pg::Exec(tx, queries::kOtherIdentifierTaken, id,
                      after.other_identifier)
                 .empty()) {
          return TakenIdentifier("participant.otherIdentifier", after);
        }
        Identity identity = current->identity;
        if (after.pesel != before.pesel) {
          CloseConflictOfClaimant(tx, id, actor);
          identity = registration == Registration::kAwaitingOffice
                         ? Identity::kAwaitingOffice
                         : Identity::kConfirmed;
        }
        UpdateParticipantRow(tx, id, after, identity);
        if (registration == Registration::kAwaitingOffice) {
          OpenConflict(tx, current->edition, holder, id, actor);
        }
        if (after.pesel != before.pesel && !before.pesel.empty()) {
          LockPesel(tx, current->edition, before.pesel);
          RepointConflicts(tx, current->edition, before.pesel);
        }
        return PublishChange(tx, id, ParticipantEvent::kUpdated,
                             "answer to the participant's update",
                             "UpdateParticipant", actor);
      });
}

absl::StatusOr<v1::Participant> ParticipantStore::WithdrawParticipant(
    const std::string& id, const std::string& reason,
    std::optional<absl::CivilDay> participation_end, const Actor& actor) {
  return RunKept<v1::Participant>(
      pool_, "WithdrawParticipant", actor,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        const pqxx::result of =
            pg::Exec(tx, queries::kApplicationOfParticipant, id);
        if (of.empty()) {
          return errors::NotFoundInScope("participant", id);
        }
        // Counts change: one at a time.
        auto app =
            LockApplication(tx, of[0]["application_id"].as<std::string>());
        if (!app.ok()) return app.status();
        auto current = LoadParticipant(tx, id);
        if (!current.ok()) return current.status();
        absl::Status may = MayWithdrawParticipant(id, current->active());
        if (!may.ok()) return may;
        auto end = WithdrawalEnd(participation_end, actor.today,
                                 current->data.participation_start);
        if (!end.ok()) return end.status();
        pg::Exec(tx, queries::kWithdrawParticipant, id, FormatIsoDate(*end),
                 reason);
        RefreshBelowMinimum(tx, app->edition, app->id, actor);
        CloseConflictsOfLeavers(tx, app->id, id, actor);
        return PublishChange(tx, id, ParticipantEvent::kWithdrawn,
                             "answer to the participant's withdrawal",
                             "WithdrawParticipant", actor);
      });
}

absl::StatusOr<v1::Participant> ParticipantStore::RecordDeclaration(
    const std::string& id, const DeclarationData& declaration,
    const Actor& actor) {
  return RunKept<v1::Participant>(
      pool_, "RecordDeclaration", actor,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Participant> {
        if (pg::Exec(tx, queries::kLockParticipant, id).empty()) {
          return errors::NotFoundInScope("participant", id);
        }
        auto current = LoadParticipant(tx, id);
        if (!current.ok()) return current.status();
        auto step = DeclarationToRecord(id, current->data, current->active(),
                                        declaration.signed_on);
        if (!step.ok()) return step.status();
        if (*step == DeclarationStep::kRepeat) {
          return Disclose(tx, *current, "answer to the declaration's recording",
                          "RecordDeclaration", actor);
        }
        pg::Exec(tx, queries::kRecordDeclaration, id,
                 FormatIsoDate(declaration.signed_on));
        return PublishChange(tx, id, ParticipantEvent::kUpdated,
                             "answer to the declaration's recording",
                             "RecordDeclaration", actor);
      });
}

absl::StatusOr<int> ParticipantStore::RepublishStaleFacts(const Actor& actor) {
  constexpr int kPage = 500;
  std::string after = kFirstUuid;
  int total = 0;
  while (true) {
    struct Page {
      std::string last;
      int published = 0;
    };
    auto page = pg::RunInTransactionFor<Page>(
        pool_, [&](pqxx::transaction_base& tx) -> absl::StatusOr<Page> {
          std::vector<std::string> ids;
          for (const pqxx::row& r :
               pg::Exec(tx, queries::kLockParticipantPage, after, kPage)) {
            ids.push_back(r["id"].as<std::string>());
          }
          if (ids.empty()) return Page{};
          return Page{ids.back(),
                      PublishChangedFacts(tx, queries::kSelectParticipants,
                                          pg::TextArrayLiteral(ids), actor)};
        });
    if (!page.ok()) return page.status();
    if (page->last.empty()) return total;
    total += page->published;
    after = page->last;
  }
}

}  // namespace jstedu::recruitment
