#pragma once

// SQL of ContentFacts (store/content.h): the facts notifications' texts are
// written from, for $1 a text[] of ids. Instants are answered as
// microseconds since the epoch.

namespace jstedu::notifications::queries {

inline constexpr char kModuleContent[] = R"sql(
SELECT module_id::text AS module_id, edition, number, title, venue,
       (extract(epoch from start_time) * 1000000)::bigint AS start_us,
       (extract(epoch from end_time) * 1000000)::bigint AS end_us,
       coalesce((extract(epoch from signup_deadline) * 1000000)::bigint, 0)
         AS deadline_us
  FROM module WHERE module_id = ANY($1::uuid[]))sql";

inline constexpr char kTaskContent[] = R"sql(
SELECT task_id::text AS task_id, title,
       (extract(epoch from due_time) * 1000000)::bigint AS due_us
  FROM task WHERE task_id = ANY($1::uuid[]))sql";

inline constexpr char kCaseContent[] = R"sql(
SELECT case_id::text AS case_id, stage,
       coalesce(to_char(stage_due_on, 'YYYY-MM-DD'), '') AS stage_due_on
  FROM advisory_case WHERE case_id = ANY($1::uuid[]))sql";

inline constexpr char kJstContent[] = R"sql(
SELECT application_id::text AS application_id, edition, teryt
  FROM jst WHERE application_id = ANY($1::uuid[]))sql";

}  // namespace jstedu::notifications::queries
