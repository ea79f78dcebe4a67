#pragma once

// SQL of CalendarStore, as named constants with $n parameters: sessions in
// start order, each store's calendar by its own statement.

#include "services/training/store/rows/queries.h"

namespace jstedu::training::queries {

// The sessions of edition $1 for workshop group $2 (and those for all
// groups).
inline constexpr char kGroupCalendar[] = R"sql(
SELECT s.id::text AS id, s.module_id::text AS module_id,
       coalesce((extract(epoch from s.start_time) * 1000000)::bigint, 0)
         AS start_us,
       coalesce((extract(epoch from s.end_time) * 1000000)::bigint, 0)
         AS end_us,
       s.thematic_area, s.workshop_group, s.room_id, s.trainer, s.title
  FROM session s JOIN module m ON m.id = s.module_id
 WHERE m.edition = $1 AND (s.workshop_group = 0 OR s.workshop_group = $2)
 ORDER BY s.start_time, s.id)sql";

// Trainer $1's sessions.
inline constexpr char kTrainerCalendar[] = R"sql(
SELECT s.id::text AS id, s.module_id::text AS module_id,
       coalesce((extract(epoch from s.start_time) * 1000000)::bigint, 0)
         AS start_us,
       coalesce((extract(epoch from s.end_time) * 1000000)::bigint, 0)
         AS end_us,
       s.thematic_area, s.workshop_group, s.room_id, s.trainer, s.title
  FROM session s
 WHERE s.trainer = $1
 ORDER BY s.start_time, s.id)sql";

}  // namespace jstedu::training::queries
