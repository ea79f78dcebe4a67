#pragma once

// SQL of ReadContent (store/content.h): the facts a notification's text is
// written from. Instants are answered as microseconds since the epoch.

namespace jstedu::notifications::queries {

inline constexpr char kModuleContent[] = R"sql(
SELECT edition, number, title, venue,
       (extract(epoch from start_time) * 1000000)::bigint AS start_us,
       (extract(epoch from end_time) * 1000000)::bigint AS end_us,
       coalesce((extract(epoch from signup_deadline) * 1000000)::bigint, 0)
         AS deadline_us
  FROM module WHERE module_id = $1::uuid)sql";

inline constexpr char kTaskContent[] = R"sql(
SELECT edition, title,
       (extract(epoch from due_time) * 1000000)::bigint AS due_us
  FROM task WHERE task_id = $1::uuid)sql";

inline constexpr char kCaseContent[] = R"sql(
SELECT edition, stage,
       coalesce(to_char(stage_due_on, 'YYYY-MM-DD'), '') AS stage_due_on
  FROM advisory_case WHERE case_id = $1::uuid)sql";

inline constexpr char kJstContent[] = R"sql(
SELECT edition, teryt FROM jst WHERE application_id = nullif($1, '')::uuid)sql";

}  // namespace jstedu::notifications::queries
