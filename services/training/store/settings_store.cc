#include "services/training/store/settings_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"
#include "services/training/store/rows/settings.h"
#include "services/training/store/rows/task_due.h"
#include "services/training/store/settings_queries.h"

namespace jstedu::training {

using pqxx::transaction_base;

absl::StatusOr<v1::TrainingSettings> SettingsStore::GetSettings(
    const std::string& edition) {
  return pg::RunInTransactionFor<v1::TrainingSettings>(
      pool_,
      [&](transaction_base& tx) { return rows::ReadSettings(tx, edition); });
}

absl::StatusOr<v1::TrainingSettings> SettingsStore::PutSettings(
    const v1::TrainingSettings& s) {
  return pg::RunInTransactionFor<v1::TrainingSettings>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::TrainingSettings> {
        auto current = rows::ReadSettings(tx, s.edition(), /*lock=*/true);
        if (current.ok() &&
            !tx.exec_params(queries::kAttendanceInEdition, s.edition())
                 .empty()) {
          std::vector<errors::Rule> rules;
          const std::string subject =
              absl::StrCat("editions/", s.edition(), "/training-settings");
          if (current->didactic_hour_minutes() != s.didactic_hour_minutes() ||
              current->completion_percent() != s.completion_percent() ||
              current->module_count() != s.module_count()) {
            rules.push_back(
                {"SETTINGS_FROZEN", subject,
                 "the didactic-hour length, completion percent and module "
                 "count cannot change once attendance has been recorded"});
          }
          if (!rules.empty()) return errors::RulesNotMet(rules);
        }
        tx.exec_params(queries::kUpsertSettings, s.edition(),
                       s.didactic_hour_minutes(), s.session_minutes(),
                       s.completion_percent(),
                       v1::ThirdWeekReading_Name(s.third_week_reading()),
                       s.task_due_days_before(), s.module_count());
        rows::RecomputeDueDates(tx, s.edition());
        return rows::ReadSettings(tx, s.edition());
      });
}

}  // namespace jstedu::training
