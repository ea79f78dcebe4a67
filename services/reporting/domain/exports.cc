#include "services/reporting/domain/exports.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace jstedu::reporting {

std::string ExportFilename(const v1::Export& meta) {
  const std::string kind =
      meta.kind() == v1::PARTICIPANTS
          ? (meta.pseudonymised() ? "participants-pseudonymised"
                                  : "participants")
      : meta.kind() == v1::AGGREGATES_CSV ? "aggregates"
                                          : "aggregates-adx";
  return absl::StrCat("jstedu-", meta.edition(), "-", meta.number(), "-", kind,
                      meta.kind() == v1::AGGREGATES_ADX ? ".xml" : ".csv");
}

absl::Status CheckEditionDatesKnown(const std::string& edition, bool known) {
  if (known) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"EDITION_DATES_UNKNOWN", "editions/" + edition,
        "the edition's dates have not reached reporting yet"}});
}

absl::Status CheckIdentityConflictsDecided(const std::string& edition,
                                           int64_t open) {
  if (open == 0) return absl::OkStatus();
  return errors::RulesNotMet(
      {{"IDENTITY_CONFLICTS_OPEN", "editions/" + edition,
        absl::StrCat("the programme office must first decide ", open,
                     open == 1 ? " identity conflict" : " identity conflicts",
                     " of edition ", edition,
                     " (one PESEL registered by two JSTs); no ministry "
                     "export until then")}});
}

absl::Status CheckSameSeries(const v1::Export& snapshot,
                             const v1::Export& against) {
  if (against.edition() == snapshot.edition() &&
      against.kind() == snapshot.kind() &&
      against.pseudonymised() == snapshot.pseudonymised()) {
    return absl::OkStatus();
  }
  return errors::InvalidFields(
      {{"against", "a snapshot of the same edition, kind and variant"}});
}

}  // namespace jstedu::reporting
