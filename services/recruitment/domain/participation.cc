#include "services/recruitment/domain/participation.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/csv/csv_file.h"

namespace jstedu::recruitment {
namespace {

absl::Status NotActive(const std::string& id, std::string description) {
  return errors::RulesNotMet(
      {{"PARTICIPANT_ACTIVE", absl::StrCat("participants/", id),
        std::move(description)}});
}

}  // namespace

absl::Status RecordMayChange(const std::string& id, bool active,
                             const ParticipantData& current,
                             const ParticipantData& after) {
  if (active || OnlyMonitoringFieldsDiffer(current, after)) {
    return absl::OkStatus();
  }
  return NotActive(id, kClosedRecord);
}

absl::Status MayWithdrawParticipant(const std::string& id, bool active) {
  if (active) return absl::OkStatus();
  return NotActive(id, "the participant has already withdrawn");
}

absl::CivilDay LatestEnd(absl::CivilDay today, absl::CivilDay start) {
  return std::max(today, start);
}

absl::StatusOr<absl::CivilDay> WithdrawalEnd(
    std::optional<absl::CivilDay> requested, absl::CivilDay today,
    absl::CivilDay start) {
  const absl::CivilDay latest = LatestEnd(today, start);
  const absl::CivilDay end = requested.value_or(latest);
  if (end < start) {
    return errors::InvalidField("participationEnd",
                                "must not be before the participation start");
  }
  if (end > latest) {
    return errors::InvalidField("participationEnd",
                                "must not be in the future");
  }
  return end;
}

absl::StatusOr<DeclarationStep> DeclarationToRecord(
    const std::string& id, const ParticipantData& current, bool active,
    absl::CivilDay signed_on) {
  if (signed_on < current.birth_date) {
    return errors::InvalidField("signedOn",
                                "must not be before the birth date");
  }
  if (current.declaration) {
    if (current.declaration->signed_on == signed_on) {
      return DeclarationStep::kRepeat;
    }
    return errors::RulesNotMet(
        {{"DECLARATION_RECORDED", absl::StrCat("participants/", id),
          absl::StrCat("a declaration signed on ",
                       FormatIsoDate(current.declaration->signed_on),
                       " is already recorded; a recorded declaration is not "
                       "replaced")}});
  }
  if (!active) return NotActive(id, "the participant has withdrawn");
  return DeclarationStep::kRecord;
}

std::optional<errors::FieldProblem> ImportedRowProblem(
    int line, const ParticipantData& current, bool active,
    const ParticipantData& merged) {
  if (current.declaration && merged.declaration &&
      current.declaration->signed_on != merged.declaration->signed_on) {
    return errors::FieldProblem{
        csv::ImportProblemField(line, "declaration_signed_on"),
        "differs from the declaration already recorded, which is not "
        "replaced"};
  }
  if (merged == current || active ||
      OnlyMonitoringFieldsDiffer(current, merged)) {
    return std::nullopt;
  }
  return errors::FieldProblem{
      csv::ImportProblemField(line, ""),
      absl::StrCat("matches a participant who has withdrawn: ", kClosedRecord)};
}

}  // namespace jstedu::recruitment
