#include "services/training/store/rows/settings.h"

#include <pqxx/pqxx>

#include "common/status/errors.h"
#include "services/training/store/rows/queries.h"
#include "services/training/store/rows/values.h"

namespace jstedu::training::rows {
namespace {

v1::TrainingSettings SettingsFromRow(const pqxx::row& r) {
  v1::TrainingSettings s;
  s.set_edition(r["edition"].as<std::string>());
  s.set_didactic_hour_minutes(r["didactic_hour_minutes"].as<int>());
  s.set_session_minutes(r["session_minutes"].as<int>());
  s.set_completion_percent(r["completion_percent"].as<int>());
  v1::ThirdWeekReading reading = v1::THIRD_WEEK_READING_UNSPECIFIED;
  v1::ThirdWeekReading_Parse(r["third_week_reading"].as<std::string>(),
                             &reading);
  s.set_third_week_reading(reading);
  s.set_task_due_days_before(r["task_due_days_before"].as<int>());
  s.set_module_count(r["module_count"].as<int>());
  SetTime(TimeColumn(r, "update_us"), s.mutable_update_time());
  const std::string starts = r["edition_starts_on"].as<std::string>();
  if (!starts.empty()) {  // the edition's dates are known
    s.set_edition_starts_on(starts);
    s.set_edition_ends_on(r["edition_ends_on"].as<std::string>());
  }
  return s;
}

}  // namespace

absl::StatusOr<v1::TrainingSettings> ReadSettings(pqxx::transaction_base& tx,
                                                  const std::string& edition,
                                                  bool lock) {
  if (lock) tx.exec_params(queries::kLockSettings, edition);
  auto rows = tx.exec_params(queries::kSelectSettings, edition);
  if (rows.empty()) {
    return errors::NotFoundResource(
        "training settings", edition,
        "the edition has no training settings (PUT "
        "/v1/editions/{edition}/training-settings first)");
  }
  return SettingsFromRow(rows[0]);
}

}  // namespace jstedu::training::rows
