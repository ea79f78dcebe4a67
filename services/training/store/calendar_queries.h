#pragma once

// SQL of CalendarStore, as named constants with $n parameters: sessions in
// start order, each store's calendar by its own statement.

#include "services/training/store/rows/queries.h"

namespace jstedu::training::queries {

// The sessions of edition $1 for workshop group $2 (and those for all
// groups).
inline constexpr char kGroupCalendar[] = JSTEDU_TRAINING_SESSION_SELECT R"sql(
  JOIN module m ON m.id = s.module_id
 WHERE m.edition = $1 AND (s.workshop_group = 0 OR s.workshop_group = $2)
 ORDER BY s.start_time, s.id)sql";

// Trainer $1's sessions.
inline constexpr char kTrainerCalendar[] = JSTEDU_TRAINING_SESSION_SELECT R"sql(
 WHERE s.trainer = $1
 ORDER BY s.start_time, s.id)sql";

}  // namespace jstedu::training::queries
