#pragma once

// Date relations of an edition's plan that cannot fail to hold (issue 16):
//   - a module lies within its edition's period (local days, inclusive);
//   - a task is due after its module ends (tasks are done between modules;
//     the default due date counts back from the next module's start, so a
//     count that reaches into the module itself is refused);
//   - a sign-up deadline is at the latest the module's start.
// Each check answers nullopt when the relation holds, otherwise what is
// wrong in words that name the dates (for a field violation). Pure: the
// caller turns instants into local days (domain/civil_time.h).

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace jstedu::training {

// The period an edition runs: local days, both inclusive (recruitment's
// starts_on and ends_on).
struct EditionPeriod {
  absl::CivilDay starts_on;
  absl::CivilDay ends_on;
};

// A module held on local days first_day..last_day.
std::optional<std::string> ModuleOutsideEdition(absl::CivilDay first_day,
                                                absl::CivilDay last_day,
                                                const EditionPeriod& edition);

// A task due at `due` after a module that ends at `module_end`.
std::optional<std::string> TaskDueNotAfterModule(absl::Time due,
                                                 absl::Time module_end);

// A sign-up deadline `deadline` for a module starting at `module_start`.
std::optional<std::string> DeadlineAfterModuleStart(absl::Time deadline,
                                                    absl::Time module_start);

}  // namespace jstedu::training
