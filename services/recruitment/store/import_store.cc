#include "services/recruitment/store/import_store.h"

#include <map>
#include <pqxx/pqxx>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/csv/csv_file.h"
#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/recruitment/domain/application.h"
#include "services/recruitment/domain/participation.h"
#include "services/recruitment/store/import_queries.h"
#include "services/recruitment/store/rows/application.h"
#include "services/recruitment/store/rows/identity.h"
#include "services/recruitment/store/rows/participant.h"
#include "services/recruitment/store/rows/qualification.h"

namespace jstedu::recruitment {
namespace {

// The key an imported row is matched on within its application.
std::string MatchKey(const ParticipantData& d) {
  return d.pesel.empty() ? absl::StrCat("o:", d.other_identifier)
                         : absl::StrCat("p:", d.pesel);
}

// What the import does with one row of the file.
struct Plan {
  const ImportRow* row;
  const ParticipantRow* current;  // nullptr: insert
  ParticipantData merged;
};

// The row merged into the record it matches: what the file does not give
// (a declaration, the situation answers, the start) is kept.
ParticipantData Merge(const ImportRow& row, const ParticipantRow& current) {
  ParticipantData merged = row.data;
  if (!merged.declaration) merged.declaration = current.data.declaration;
  if (!row.situation_given) merged.situation = current.data.situation;
  if (!row.start_given) {  // "today" by default: keep the stored start
    merged.participation_start = current.data.participation_start;
    merged.age_at_start = AgeOn(merged.birth_date, merged.participation_start);
  }
  return merged;
}

// Every row's plan, or the problems of the rows that may not be applied
// (checked before anything is written). A PESEL another JST holds is no
// problem of the file's: its row is held back for the office
// (InsertRegisteredParticipants), and the answer does not tell.
absl::StatusOr<std::vector<Plan>> PlanRows(
    const std::vector<ImportRow>& rows,
    const std::map<std::string, ParticipantRow>& existing) {
  std::vector<errors::FieldProblem> problems;
  std::vector<Plan> plans;
  for (const ImportRow& row : rows) {
    auto it = existing.find(MatchKey(row.data));
    if (it == existing.end()) {
      plans.push_back({&row, nullptr, row.data});
      continue;
    }
    const ParticipantRow& current = it->second;
    ParticipantData merged = Merge(row, current);
    auto problem =
        ImportedRowProblem(row.line, current.data, current.active(), merged);
    if (problem) {
      problems.push_back(*std::move(problem));
      continue;
    }
    plans.push_back({&row, &current, std::move(merged)});
  }
  if (!problems.empty()) return errors::InvalidFields(problems);
  return plans;
}

}  // namespace

absl::StatusOr<v1::ImportParticipantsResponse> ImportStore::ImportParticipants(
    const std::string& application_id, const std::vector<ImportRow>& rows,
    const std::string& sha256, const Actor& actor) {
  return pg::RunInTransactionFor<v1::ImportParticipantsResponse>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<v1::ImportParticipantsResponse> {
        v1::ImportParticipantsResponse response;
        auto app = LockApplication(tx, application_id);
        if (!app.ok()) return app.status();
        absl::Status open = TeamMayChange(app->id, app->status);
        if (!open.ok()) return open;
        std::map<std::string, ParticipantRow> existing;
        // Locked: a concurrent update or declaration must not be overwritten.
        for (ParticipantRow& row : SelectParticipants(
                 tx, queries::kLockParticipantsOfApplication, app->id)) {
          existing.emplace(MatchKey(row.data), std::move(row));
        }
        auto plans = PlanRows(rows, existing);
        if (!plans.ok()) return plans.status();
        response.set_rows(static_cast<int>(rows.size()));
        // The new rows' PESELs locked in one order first, so two imports
        // cannot deadlock, and registered together (no two rows of a file
        // share a PESEL, and an update keeps its row's).
        std::set<std::string> new_pesels;
        for (const Plan& plan : *plans) {
          if (plan.current == nullptr && !plan.merged.pesel.empty()) {
            new_pesels.insert(plan.merged.pesel);
          }
        }
        const std::map<std::string, PeselRegistration> registrations =
            RegisterPesels(tx, app->edition, new_pesels, app->id);
        // The new rows are written in one statement, in the file's order;
        // the first the application has already (added concurrently) is
        // refused, as it would have been row by row.
        std::vector<NewParticipant> fresh;
        for (const Plan& plan : *plans) {
          if (plan.current != nullptr) continue;
          const std::string& pesel = plan.merged.pesel;
          fresh.push_back({&plan.merged, pesel.empty()
                                             ? PeselRegistration{}
                                             : registrations.at(pesel)});
        }
        const std::vector<std::string> ids = InsertRegisteredParticipants(
            tx, app->id, app->edition, fresh, actor);
        // Then the changed rows; the events follow all rows in the file's
        // order, each about the participant as written.
        std::vector<ParticipantChange> changes;
        size_t next = 0;
        for (const Plan& plan : *plans) {
          if (plan.current == nullptr) {
            const std::string& id = ids[next++];
            if (id.empty()) {  // added to the application concurrently
              return errors::InvalidFields(
                  {{ImportProblemField(plan.row->line,
                                       MatchKey(plan.merged)[0] == 'p'
                                           ? "pesel"
                                           : "other_identifier"),
                    "is already registered in this application"}});
            }
            changes.push_back({ParticipantEvent::kEnrolled, id});
            response.set_inserted(response.inserted() + 1);
          } else if (plan.merged == plan.current->data) {
            response.set_unchanged(response.unchanged() + 1);
          } else {
            UpdateParticipantRow(tx, plan.current->id, plan.merged,
                                 plan.current->identity);
            changes.push_back({ParticipantEvent::kUpdated, plan.current->id});
            response.set_updated(response.updated() + 1);
          }
        }
        AppendParticipantEvents(tx, changes, actor);
        if (response.inserted() + response.updated() > 0) {
          RefreshBelowMinimum(tx, app->edition, app->id, actor);
          pg::Exec(tx, queries::kRecordParticipantImport, app->id, sha256,
                   response.rows(), response.inserted(), response.updated(),
                   response.unchanged(), actor.subject);
        }
        return response;
      });
}

absl::StatusOr<v1::LoadDegurbaResponse> ImportStore::LoadDegurba(
    const std::vector<DegurbaRow>& rows, const std::string& sha256,
    const Actor& actor) {
  return pg::RunInTransactionFor<v1::LoadDegurbaResponse>(
      pool_,
      [&](pqxx::transaction_base& tx)
          -> absl::StatusOr<v1::LoadDegurbaResponse> {
        std::vector<std::string> lines, codes, classes;
        for (const DegurbaRow& row : rows) {
          lines.push_back(absl::StrCat(row.line));
          codes.push_back(row.teryt);
          classes.push_back(absl::StrCat(row.degurba));
        }
        tx.exec(queries::kCreateDegurbaLoad);
        // A temporary table of this transaction: unnamed, like its DDL.
        tx.exec_params(queries::kFillDegurbaLoad, pg::TextArrayLiteral(lines),
                       pg::TextArrayLiteral(codes),
                       pg::TextArrayLiteral(classes));
        // The communes first: an application being submitted for one of
        // them (its key share of the JST row) waits until this commits, so
        // its participants' facts read the new class. Then every
        // application of those communes (one clearing its own class waits
        // too), then their participants.
        tx.exec(queries::kLockCommunesOfLoad);
        tx.exec(queries::kLockApplicationsOfLoad);
        std::vector<std::string> affected;  // no class of their own
        for (const pqxx::row& r :
             tx.exec(queries::kApplicationsTakingLoadedClass)) {
          affected.push_back(r["id"].as<std::string>());
        }
        LockParticipantsOf(tx, affected);
        const int changed = tx.exec(queries::kApplyDegurbaLoad).affected_rows();
        PublishChangedFacts(tx, queries::kSelectParticipantsOfApplications,
                            pg::TextArrayLiteral(affected), actor);
        v1::LoadDegurbaResponse response;
        response.set_rows(static_cast<int>(rows.size()));
        response.set_changed(changed);
        response.set_unchanged(static_cast<int>(rows.size()) - changed);
        response.set_applications_affected(static_cast<int>(affected.size()));
        pg::Exec(tx, queries::kRecordDegurbaLoad, sha256, response.rows(),
                 response.changed(), response.unchanged(), actor.subject);
        return response;
      });
}

}  // namespace jstedu::recruitment
