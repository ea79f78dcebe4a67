#include "services/training/domain/plan_dates.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/time/civil_time.h"

namespace jstedu::training {
namespace {

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

// The local time of an instant as people read it; UTC if the zone is
// missing (a message only, never stored).
std::string When(absl::Time t) {
  auto local = FormatLocal(t);
  return local.ok() ? *local : absl::FormatTime(t);
}

}  // namespace

std::optional<std::string> ModuleOutsideEdition(absl::CivilDay first_day,
                                                absl::CivilDay last_day,
                                                const EditionPeriod& edition) {
  if (first_day >= edition.starts_on && last_day <= edition.ends_on) {
    return std::nullopt;
  }
  return absl::StrCat("the module (", Day(first_day), " to ", Day(last_day),
                      ") must lie within the edition (", Day(edition.starts_on),
                      " to ", Day(edition.ends_on), ")");
}

std::optional<std::string> TaskDueNotAfterModule(absl::Time due,
                                                 absl::Time module_end) {
  if (due > module_end) return std::nullopt;
  return absl::StrCat("the task would be due ", When(due),
                      ", but it must be due after its module ends (",
                      When(module_end), ")");
}

std::optional<std::string> DeadlineAfterModuleStart(absl::Time deadline,
                                                    absl::Time module_start) {
  if (deadline <= module_start) return std::nullopt;
  return absl::StrCat("the sign-up deadline (", When(deadline),
                      ") must not be after the module starts (",
                      When(module_start), ")");
}

}  // namespace jstedu::training
