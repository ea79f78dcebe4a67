#include "services/advisory/domain/catalogue.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace jstedu::advisory {

absl::Status CheckCatalogueRoom(const std::string& edition, int64_t areas) {
  if (areas < kMaxSupportAreas) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"CATALOGUE_FULL", absl::StrCat("editions/", edition, "/support-areas"),
        "an edition's catalogue holds 12 support areas"}});
}

absl::Status CheckAreaCodeFree(const std::string& edition,
                               const std::string& code, bool taken) {
  if (!taken) return absl::OkStatus();
  return absl::AlreadyExistsError(
      absl::StrCat("edition ", edition, " already has a support area ", code));
}

}  // namespace jstedu::advisory
