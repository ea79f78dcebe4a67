#include "services/training/store/settings_store.h"

#include <pqxx/pqxx>

#include "common/pg/prepared.h"
#include "common/pg/transaction.h"
#include "services/training/domain/plan_rules.h"
#include "services/training/store/rows/settings.h"
#include "services/training/store/rows/task_due.h"
#include "services/training/store/settings_queries.h"

namespace jstedu::training {

namespace {

using pqxx::transaction_base;

FrozenSettings Frozen(const v1::TrainingSettings& s) {
  return {s.didactic_hour_minutes(), s.completion_percent(), s.module_count()};
}

}  // namespace

absl::StatusOr<v1::TrainingSettings> SettingsStore::GetSettings(
    const std::string& edition) {
  return pg::RunInTransactionFor<v1::TrainingSettings>(
      pool_,
      [&](transaction_base& tx) { return rows::ReadSettings(tx, edition); });
}

absl::StatusOr<v1::TrainingSettings> SettingsStore::PutSettings(
    const v1::TrainingSettings& s, const std::string& traceparent) {
  return pg::RunInTransactionFor<v1::TrainingSettings>(
      pool_, [&](transaction_base& tx) -> absl::StatusOr<v1::TrainingSettings> {
        rows::LockEditionPlan(tx, s.edition());
        auto current = rows::ReadSettings(tx, s.edition(), /*lock=*/true);
        if (current.ok()) {
          const bool attendance =
              !pg::Exec(tx, queries::kAttendanceInEdition, s.edition()).empty();
          if (auto change = SettingsChange(s.edition(), Frozen(*current),
                                           Frozen(s), attendance);
              !change.ok()) {
            return change;
          }
        }
        pg::Exec(tx, queries::kUpsertSettings, s.edition(),
                 s.didactic_hour_minutes(), s.session_minutes(),
                 s.completion_percent(),
                 v1::ThirdWeekReading_Name(s.third_week_reading()),
                 s.task_due_days_before(), s.module_count());
        rows::RecomputeDueDates(tx, s.edition(), traceparent);
        return rows::ReadSettings(tx, s.edition());
      });
}

}  // namespace jstedu::training
