#pragma once

// SQL of SettingsStore, as named constants with $n parameters.

namespace jstedu::training::queries {

inline constexpr char kAttendanceInEdition[] = R"sql(
SELECT 1 FROM attendance a
  JOIN session s ON s.id = a.session_id
  JOIN module m ON m.id = s.module_id
 WHERE m.edition = $1
 LIMIT 1)sql";

inline constexpr char kUpsertSettings[] = R"sql(
INSERT INTO training_settings (edition, didactic_hour_minutes,
                               session_minutes, completion_percent,
                               third_week_reading, task_due_days_before,
                               module_count)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (edition) DO UPDATE
   SET didactic_hour_minutes = EXCLUDED.didactic_hour_minutes,
       session_minutes = EXCLUDED.session_minutes,
       completion_percent = EXCLUDED.completion_percent,
       third_week_reading = EXCLUDED.third_week_reading,
       task_due_days_before = EXCLUDED.task_due_days_before,
       module_count = EXCLUDED.module_count,
       update_time = now())sql";

}  // namespace jstedu::training::queries
