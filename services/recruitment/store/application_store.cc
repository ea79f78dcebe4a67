#include "services/recruitment/store/application_store.h"

#include <functional>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/events/outbox.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/recruitment/domain/application.h"
#include "services/recruitment/domain/edition.h"
#include "services/recruitment/store/application_queries.h"
#include "services/recruitment/store/rows/application.h"
#include "services/recruitment/store/rows/identity.h"
#include "services/recruitment/store/rows/participant.h"
#include "services/recruitment/store/rows/participant_queries.h"
#include "services/recruitment/store/rows/qualification.h"

namespace jstedu::recruitment {
namespace {

namespace ev = ::jstedu::events::v1;

// Stores the application's institution block.
void WriteInstitution(pqxx::transaction_base& tx, const std::string& id,
                      const InstitutionData& d) {
  pg::Exec(tx, queries::kWriteInstitution, id, d.nip, d.locality, d.street,
           d.building_number, d.flat_number, d.postcode, d.degurba.value_or(0),
           d.phone, d.email);
}

// A kHistoryPage row. The subject is shown for the programme office's staff
// only: a JST's or coordinator's subject may name a person.
v1::ApplicationHistoryEntry ReadHistoryEntry(const pqxx::row& row) {
  v1::ApplicationHistoryEntry entry;
  entry.set_sequence(row["id"].as<int64_t>());
  entry.set_from_status(StatusFromName(row["from_status"].as<std::string>()));
  entry.set_to_status(StatusFromName(row["to_status"].as<std::string>()));
  entry.set_reason(row["reason"].as<std::string>());
  SetMicros(row["changed_micros"].as<int64_t>(), entry.mutable_change_time());
  const std::string role = row["changed_by_role"].as<std::string>();
  entry.set_actor_role(role);
  if (role == "ADMIN") {
    entry.set_actor_subject(row["changed_by"].as<std::string>());
  }
  const std::string promotion = row["promotion"].as<std::string>();
  entry.set_promoted_from_waitlist(!promotion.empty());
  v1::PromotionCause cause = v1::PROMOTION_CAUSE_UNSPECIFIED;
  v1::PromotionCause_Parse(promotion, &cause);  // UNRECORDED: unspecified
  entry.set_promotion_cause(cause);
  return entry;
}

// The recruitment window of `edition` is open at `now`: NotFound for an
// unknown edition, FailedPrecondition RECRUITMENT_WINDOW outside it.
absl::Status RecruitmentOpen(pqxx::transaction_base& tx,
                             const std::string& edition, absl::Time now) {
  const pqxx::result rows = pg::Exec(tx, queries::kRecruitmentWindow, edition,
                                     absl::ToUnixMicros(now));
  if (rows.empty()) {
    return errors::NoSuch("edition", edition);
  }
  RecruitmentWindow window;
  window.opened = rows[0]["opened"].as<bool>();
  window.closed = !rows[0]["not_closed"].as<bool>();
  window.opens_local = rows[0]["opens"].as<std::string>();
  window.closes_local = rows[0]["closes"].as<std::string>();
  return WindowOpen(edition, window);
}

// Locks the edition of application `id`, then the application (the stores'
// lock order), for a change of the edition's qualified set; NotFound for an
// unknown id.
absl::StatusOr<LockedApplication> LockWithEdition(pqxx::transaction_base& tx,
                                                  const std::string& id) {
  const std::string edition = EditionOfApplication(tx, id);
  if (edition.empty() || !LockEdition(tx, edition)) {
    return errors::NotFoundInScope("application", id);
  }
  return LockApplication(tx, id);
}

// Which locks a change of an application takes.
enum class Locks { kApplication, kEditionThenApplication };

// In one transaction: locks application `id` (NotFound for an unknown id),
// makes `change` to it and answers the application as it then is; a refusal
// of `change` is the answer instead.
absl::StatusOr<v1::Application> ChangeApplication(
    pg::Pool& pool, const std::string& id, Locks locks,
    const std::function<absl::Status(pqxx::transaction_base&,
                                     const LockedApplication&)>& change) {
  return pg::RunInTransactionFor<v1::Application>(
      pool, [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Application> {
        auto app = locks == Locks::kEditionThenApplication
                       ? LockWithEdition(tx, id)
                       : LockApplication(tx, id);
        if (!app.ok()) return app.status();
        absl::Status changed = change(tx, *app);
        if (!changed.ok()) return changed;
        return LoadApplication(tx, app->id);
      });
}

}  // namespace

absl::StatusOr<Ownership> ApplicationStore::Locate(const std::string& id) {
  return LocateOwner(pool_, queries::kLocateApplication, "application", id);
}

absl::StatusOr<v1::Application> ApplicationStore::SubmitApplication(
    const std::string& edition, const std::string& teryt,
    const std::vector<ParticipantData>& representatives, const Actor& actor,
    const InstitutionData& institution) {
  return pg::RunInTransactionFor<v1::Application>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Application> {
        absl::Status open = RecruitmentOpen(tx, edition, clock_());
        if (!open.ok()) return open;
        const pqxx::result inserted = pg::Exec(tx, queries::kInsertApplication,
                                               edition, teryt, actor.subject);
        if (inserted.empty()) {
          return absl::AlreadyExistsError(
              absl::StrCat("the JST ", teryt, " has already applied to ",
                           edition, "; one application per JST per edition"));
        }
        const std::string id = inserted[0]["id"].as<std::string>();
        pg::Exec(tx, queries::kHistory, id, "",
                 ApplicationStatusName(ApplicationStatus::kSubmitted), "",
                 actor.subject, actor.role, "");
        if (!(institution == InstitutionData{})) {
          WriteInstitution(tx, id, institution);
        }
        for (size_t i = 0; i < representatives.size(); ++i) {
          const std::string participant =
              InsertParticipant(tx, id, edition, representatives[i], actor);
          if (participant.empty()) {
            return TakenIdentifier(absl::StrCat("representatives[", i, "].",
                                                representatives[i].pesel.empty()
                                                    ? "otherIdentifier"
                                                    : "pesel"),
                                   representatives[i]);
          }
          AppendParticipantEvent(tx, ParticipantEvent::kEnrolled,
                                 *LoadParticipant(tx, participant), actor);
        }
        return LoadApplication(tx, id);
      });
}

absl::StatusOr<v1::Application> ApplicationStore::GetApplication(
    const std::string& id) {
  return pg::RunInTransactionFor<v1::Application>(
      pool_,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<v1::Application> {
        return LoadApplication(tx, id);
      },
      kSnapshotRead);
}

absl::StatusOr<std::vector<v1::ApplicationHistoryEntry>>
ApplicationStore::ListApplicationHistory(const std::string& id,
                                         int64_t after_sequence, int limit,
                                         bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::ApplicationHistoryEntry>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::ApplicationHistoryEntry>> {
        const pqxx::result rows =
            pg::Exec(tx, queries::kHistoryPage, id, after_sequence, limit + 1);
        *more = static_cast<int>(rows.size()) > limit;
        std::vector<v1::ApplicationHistoryEntry> entries;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(entries.size()) == limit) break;
          entries.push_back(ReadHistoryEntry(row));
        }
        return entries;
      },
      kSnapshotRead);
}

absl::StatusOr<v1::Application> ApplicationStore::UpdateInstitution(
    const std::string& id, const InstitutionData& institution,
    const Actor& actor) {
  return ChangeApplication(
      pool_, id, Locks::kApplication,
      [&](pqxx::transaction_base& tx, const LockedApplication& app) {
        LockParticipantsOf(tx, {app.id});
        WriteInstitution(tx, app.id, institution);
        PublishChangedFacts(
            tx, queries::kSelectParticipantsOfApplications,
            pg::TextArrayLiteral(std::vector<std::string>{app.id}), actor);
        return absl::OkStatus();
      });
}

absl::StatusOr<std::vector<v1::Application>> ApplicationStore::ListApplications(
    const ApplicationQuery& query, bool* more) {
  return pg::RunInTransactionFor<std::vector<v1::Application>>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<std::vector<v1::Application>> {
        std::vector<v1::Application> apps;
        const pqxx::result rows = pg::Exec(
            tx, queries::kListApplications, query.edition, query.voivodeship,
            query.teryt, query.status, query.after_submission_number,
            query.kind, query.limit + 1);
        *more = static_cast<int>(rows.size()) > query.limit;
        for (const pqxx::row& row : rows) {
          if (static_cast<int>(apps.size()) == query.limit) break;
          apps.push_back(ReadApplication(row));
        }
        std::vector<v1::Application*> pointers;
        for (auto& app : apps) pointers.push_back(&app);
        AttachRepresentatives(tx, pointers);
        return apps;
      },
      kSnapshotRead);
}

absl::StatusOr<v1::Application> ApplicationStore::QualifyApplication(
    const std::string& id, bool move_to_county_group,
    const std::string& workshop_group_reason, const Actor& actor) {
  return ChangeApplication(
      pool_, id, Locks::kEditionThenApplication,
      [&](pqxx::transaction_base& tx,
          const LockedApplication& app) -> absl::Status {
        const std::string& edition = app.edition;
        const absl::Time now = clock_();
        // JSTs waitlisted before this one that meet the rules by now go first.
        PromoteWaitlisted(tx, edition, kBeforeLaterQualification, actor, now,
                          app.submission_number);
        absl::Status status = MayQualify(id, app.status);
        if (!status.ok()) return status;
        absl::Status move = MayMoveToCountyGroup(move_to_county_group,
                                                 app.city_with_county_rights);
        if (!move.ok()) return move;
        std::vector<errors::Rule> unmet = UnmetRules(tx, app);
        if (!unmet.empty()) return errors::RulesNotMet(unmet);
        const int group = WorkshopGroupOnQualification(
            move_to_county_group, app.requested_group, app.registry_group);
        const std::string group_reason = move_to_county_group
                                             ? workshop_group_reason
                                             : app.requested_group_reason;
        if (QualifiedCount(tx, edition) < app.capacity) {
          Qualify(tx, app, group, group_reason, kNotPromoted, actor, now);
        } else if (app.status == ApplicationStatus::kSubmitted) {
          Waitlist(tx, app, move_to_county_group ? kCountyGroup : 0,
                   group_reason, actor, now);
        } else if (move_to_county_group) {
          RequestGroup(tx, id, kCountyGroup, workshop_group_reason);
        }  // else: already waitlisted and still no place; unchanged
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Application> ApplicationStore::RejectApplication(
    const std::string& id, const std::string& reason, const Actor& actor) {
  return ChangeApplication(
      pool_, id, Locks::kApplication,
      [&](pqxx::transaction_base& tx, const LockedApplication& app) {
        absl::Status status = MayReject(id, app.status);
        if (!status.ok()) return status;
        ChangeStatus(tx, app, ApplicationStatus::kRejected, reason, actor);
        CloseConflictsOfLeavers(tx, id, "", actor);
        return absl::OkStatus();
      });
}

absl::StatusOr<v1::Application> ApplicationStore::WithdrawApplication(
    const std::string& id, const std::string& reason, const Actor& actor) {
  return ChangeApplication(
      pool_, id, Locks::kEditionThenApplication,
      [&](pqxx::transaction_base& tx, const LockedApplication& app) {
        const std::string& edition = app.edition;
        absl::Status status = MayWithdraw(id, app.status);
        if (!status.ok()) return status;
        const ApplicationStatus previous = app.status;
        ChangeStatus(tx, app, ApplicationStatus::kWithdrawn, reason, actor);
        CloseConflictsOfLeavers(tx, id, "", actor);
        // The JST's team leaves with it.
        for (const pqxx::row& row :
             pg::Exec(tx, queries::kEndTeam, id, FormatIsoDate(actor.today),
                      reason)) {
          AppendParticipantEvent(
              tx, ParticipantEvent::kWithdrawn,
              *LoadParticipant(tx, row["id"].as<std::string>()), actor);
        }
        ev::JstWithdrawn event;
        event.set_edition(app.edition);
        event.set_application_id(id);
        event.set_teryt(app.teryt);
        event.set_voivodeship(app.voivodeship);
        event.set_previous_status(
            StatusFromName(ApplicationStatusName(previous)));
        const absl::Time now = clock_();
        *event.mutable_withdrawn_at() = TimestampOf(now);
        events::AppendEvent(tx, event, id, actor.traceparent);
        if (previous == ApplicationStatus::kQualified) {
          PromoteWaitlisted(tx, edition, kAfterWithdrawal, actor, now);
        }
        return absl::OkStatus();
      });
}

}  // namespace jstedu::recruitment
