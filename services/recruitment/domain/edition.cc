#include "services/recruitment/domain/edition.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace jstedu::recruitment {
namespace {

std::string EditionSubject(const std::string& code) {
  return absl::StrCat("editions/", code);
}

}  // namespace

absl::Status CapacityCovers(const std::string& code, int capacity,
                            int qualified) {
  if (capacity >= qualified) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"CAPACITY", EditionSubject(code),
        absl::StrCat("capacity ", capacity, " is below the ", qualified,
                     " JSTs already qualified")}});
}

absl::Status WindowOpen(const std::string& code,
                        const RecruitmentWindow& window) {
  if (window.opened && !window.closed) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"RECRUITMENT_WINDOW", EditionSubject(code),
        absl::StrCat(
            "recruitment to ", code, " is open from ", window.opens_local,
            " to ", window.closes_local,
            " (Europe/Warsaw); applications outside it are refused")}});
}

}  // namespace jstedu::recruitment
