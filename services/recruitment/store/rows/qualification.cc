#include "services/recruitment/store/rows/qualification.h"

#include "common/events/outbox.h"
#include "common/pg/prepared.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/recruitment/domain/application.h"
#include "services/recruitment/domain/participant.h"
#include "services/recruitment/store/rows/qualification_queries.h"

namespace jstedu::recruitment {

namespace ev = ::jstedu::events::v1;

std::vector<errors::Rule> UnmetRules(pqxx::transaction_base& tx,
                                     const LockedApplication& app) {
  // Records held back for the office count for nothing (they show in the
  // JST's own view of its team, which must not tell them apart).
  const pqxx::row counts =
      pg::Exec1(tx, queries::kTeamCounts, app.id, UncountedIdentities());
  return UnmetQualificationRules(
      app.id, {counts["active"].as<int>(), counts["undeclared"].as<int>()},
      app.min_representatives);
}

void Qualify(pqxx::transaction_base& tx, const LockedApplication& app,
             int group, const std::string& group_reason,
             const Promotion& promotion, const Actor& actor, absl::Time now) {
  const bool promoted = promotion.cause[0] != '\0';
  pg::Exec(tx, queries::kQualifiedInGroup, app.id, group, group_reason);
  ChangeStatus(tx, app, ApplicationStatus::kQualified, promotion.reason, actor,
               promotion);
  ev::JstQualified event;
  event.set_edition(app.edition);
  event.set_application_id(app.id);
  event.set_teryt(app.teryt);
  event.set_voivodeship(app.voivodeship);
  event.set_jst_kind(KindFromName(app.kind));
  event.set_city_with_county_rights(app.city_with_county_rights);
  event.set_workshop_group(group);
  *event.mutable_qualified_at() = TimestampOf(now);
  event.set_promoted_from_waitlist(promoted);
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kTeamIds, app.id, UncountedIdentities())) {
    event.add_participant_ids(row["id"].as<std::string>());
  }
  events::AppendEvent(tx, event, app.id, actor.traceparent);
}

void Waitlist(pqxx::transaction_base& tx, const LockedApplication& app,
              int requested_group, const std::string& requested_group_reason,
              const Actor& actor, absl::Time now) {
  ChangeStatus(tx, app, ApplicationStatus::kWaitlisted, "the edition is full",
               actor);
  if (requested_group > 0) {  // applied when a place frees
    RequestGroup(tx, app.id, requested_group, requested_group_reason);
  }
  ev::JstWaitlisted event;
  event.set_edition(app.edition);
  event.set_application_id(app.id);
  event.set_teryt(app.teryt);
  event.set_voivodeship(app.voivodeship);
  event.set_submission_number(app.submission_number);
  *event.mutable_waitlisted_at() = TimestampOf(now);
  events::AppendEvent(tx, event, app.id, actor.traceparent);
}

void RequestGroup(pqxx::transaction_base& tx, const std::string& id, int group,
                  const std::string& reason) {
  pg::Exec(tx, queries::kRequestGroup, id, group, reason);
}

int PromoteWaitlisted(pqxx::transaction_base& tx, const std::string& edition,
                      const Promotion& cause, const Actor& actor,
                      absl::Time now, int64_t before) {
  const int capacity =
      pg::Exec1(tx, queries::kEditionCapacity, edition)["capacity"].as<int>();
  int qualified = QualifiedCount(tx, edition);
  int promoted = 0;
  if (qualified >= capacity) return 0;
  const pqxx::result waiting =
      pg::Exec(tx, queries::kWaitlistBefore, edition, before);
  for (const pqxx::row& row : waiting) {
    if (qualified >= capacity) break;
    auto app = LockApplication(tx, row["id"].as<std::string>());
    if (!app.ok() || app->status != ApplicationStatus::kWaitlisted ||
        !UnmetRules(tx, *app).empty()) {
      continue;
    }
    Qualify(tx, *app,
            WorkshopGroupOnQualification(false, app->requested_group,
                                         app->registry_group),
            app->requested_group_reason, cause, actor, now);
    ++qualified;
    ++promoted;
  }
  return promoted;
}

void RefreshBelowMinimum(pqxx::transaction_base& tx, const std::string& edition,
                         const std::string& application_id,
                         const Actor& actor) {
  pg::Exec(tx, queries::kRefreshBelowMinimum, edition, application_id,
           FormatIsoDate(actor.today));
}

}  // namespace jstedu::recruitment
