#include "services/recruitment/store/rows/application.h"

#include <map>

#include "common/pg/columns.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/recruitment/store/rows/application_queries.h"
#include "services/recruitment/store/rows/institution.h"

namespace jstedu::recruitment {

absl::StatusOr<Ownership> LocateOwner(pg::Pool& pool, const char* query,
                                      const char* kind, const std::string& id) {
  return pg::RunInTransactionFor<Ownership>(
      pool,
      [&](pqxx::transaction_base& tx) -> absl::StatusOr<Ownership> {
        const pqxx::result rows = pg::Exec(tx, query, id);
        if (rows.empty()) return errors::NotFoundInScope(kind, id);
        return Ownership{rows[0]["application_id"].as<std::string>(),
                         rows[0]["edition"].as<std::string>(),
                         rows[0]["teryt"].as<std::string>(),
                         rows[0]["voivodeship"].as<std::string>()};
      },
      kOneRead);
}

v1::Application ReadApplication(const pqxx::row& row) {
  v1::Application app = pg::ReadOne<v1::Application>(row);
  *app.mutable_institution() = InstitutionProto(ReadInstitution(row));
  return app;
}

void AttachRepresentatives(pqxx::transaction_base& tx,
                           const std::vector<v1::Application*>& apps) {
  if (apps.empty()) return;
  std::map<std::string, v1::Application*> by_id;
  std::vector<std::string> ids;
  for (v1::Application* app : apps) {
    by_id[app->id()] = app;
    ids.push_back(app->id());
  }
  for (const pqxx::row& row :
       pg::Exec(tx, queries::kRepresentatives, pg::TextArrayLiteral(ids))) {
    v1::Application* app = by_id.at(row["application_id"].as<std::string>());
    auto* rep = app->add_representatives();
    pg::ReadColumns(row, rep);
    rep->set_participant(row["id"].as<std::string>());
    const bool active = row["active"].as<bool>();
    rep->set_status(active ? v1::PARTICIPANT_ACTIVE
                           : v1::PARTICIPANT_WITHDRAWN);
    if (active) {
      app->set_active_representatives(app->active_representatives() + 1);
      if (rep->declaration_recorded()) {
        app->set_declarations_recorded(app->declarations_recorded() + 1);
      }
    }
  }
}

absl::StatusOr<v1::Application> LoadApplication(pqxx::transaction_base& tx,
                                                const std::string& id) {
  const pqxx::result rows = pg::Exec(tx, queries::kSelectApplication, id);
  if (rows.empty()) {
    return errors::NotFoundInScope("application", id);
  }
  v1::Application app = ReadApplication(rows[0]);
  AttachRepresentatives(tx, {&app});
  return app;
}

absl::StatusOr<LockedApplication> LockApplication(pqxx::transaction_base& tx,
                                                  const std::string& id,
                                                  RowLock lock) {
  const pqxx::result rows =
      pg::Exec(tx,
               lock == RowLock::kUpdate ? queries::kLockApplicationForUpdate
                                        : queries::kLockApplicationForShare,
               id);
  if (rows.empty()) {
    return errors::NotFoundInScope("application", id);
  }
  const pqxx::row& r = rows[0];
  LockedApplication app;
  app.id = r["id"].as<std::string>();
  app.edition = r["edition"].as<std::string>();
  app.teryt = r["teryt"].as<std::string>();
  app.voivodeship = r["voivodeship"].as<std::string>();
  app.kind = r["kind"].as<std::string>();
  app.city_with_county_rights = r["city_with_county_rights"].as<bool>();
  app.registry_group = r["registry_group"].as<int>();
  // The column's CHECK admits the statuses' names only.
  app.status = ApplicationStatusFromName(r["status"].as<std::string>())
                   .value_or(ApplicationStatus::kSubmitted);
  app.submission_number = r["submission_number"].as<int64_t>();
  app.capacity = r["capacity"].as<int>();
  app.min_representatives = r["min_representatives"].as<int>();
  app.below_minimum = r["below_minimum"].as<bool>();
  app.requested_group = r["requested_group"].as<int>();
  app.requested_group_reason = r["requested_group_reason"].as<std::string>();
  return app;
}

std::string EditionOfApplication(pqxx::transaction_base& tx,
                                 const std::string& id) {
  const pqxx::result rows = pg::Exec(tx, queries::kEditionOfApplication, id);
  return rows.empty() ? "" : rows[0]["edition"].as<std::string>();
}

bool LockEdition(pqxx::transaction_base& tx, const std::string& code) {
  return !pg::Exec(tx, queries::kLockEdition, code).empty();
}

bool EditionExists(pqxx::transaction_base& tx, const std::string& code) {
  return !pg::Exec(tx, queries::kEditionExists, code).empty();
}

int QualifiedCount(pqxx::transaction_base& tx, const std::string& edition) {
  return pg::Exec1(tx, queries::kQualifiedCount, edition)["qualified"]
      .as<int>();
}

void ChangeStatus(pqxx::transaction_base& tx, const LockedApplication& app,
                  ApplicationStatus to, const std::string& reason,
                  const Actor& actor, const Promotion& promotion) {
  pg::Exec(tx, queries::kChangeStatus, app.id, ApplicationStatusName(to),
           reason);
  pg::Exec(tx, queries::kHistory, app.id, ApplicationStatusName(app.status),
           ApplicationStatusName(to), reason, actor.subject, actor.role,
           promotion.cause);
}

}  // namespace jstedu::recruitment
