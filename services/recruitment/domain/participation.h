#pragma once

// The rules of a participant's record over its participation — withdrawal,
// the declaration, what an ended record still accepts, what an imported row
// may change — as pure functions of the facts the store read under the
// record's (and its application's) row lock. Each returns exactly the error
// the store answers (FailedPrecondition with a
// google.rpc.PreconditionFailure naming the rule, or InvalidArgument naming
// the field); the store calls it inside the transaction.
//
// Thread-safety: pure functions.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/status/errors.h"
#include "services/recruitment/domain/participant.h"

namespace jstedu::recruitment {

// Why an ended participation's record refuses a change.
inline constexpr char kClosedRecord[] =
    "the participant has withdrawn; only the EU-monitoring record's fields "
    "(education level, position, e-mail, phone, the situation answers) can "
    "still be completed";

// PARTICIPANT_ACTIVE: the record of an ended participation (`active` false)
// changes only in the EU-monitoring record's fields.
absl::Status RecordMayChange(const std::string& id, bool active,
                             const ParticipantData& current,
                             const ParticipantData& after);

// PARTICIPANT_ACTIVE: a participant withdraws once.
absl::Status MayWithdrawParticipant(const std::string& id, bool active);

// The latest day a participation may end on: today, or the planned start
// for someone who has not started.
absl::CivilDay LatestEnd(absl::CivilDay today, absl::CivilDay start);

// The end of a withdrawal: `requested`, or LatestEnd when none is given.
// InvalidArgument participationEnd before the start or after LatestEnd.
absl::StatusOr<absl::CivilDay> WithdrawalEnd(
    std::optional<absl::CivilDay> requested, absl::CivilDay today,
    absl::CivilDay start);

// What recording a declaration signed on `signed_on` does to a record.
enum class DeclarationStep {
  kRecord,  // record it
  kRepeat,  // the same declaration is recorded: answer, change nothing
};

// InvalidArgument signedOn before the birth date; DECLARATION_RECORDED for
// another date than the one recorded (a recorded declaration is not
// replaced); PARTICIPANT_ACTIVE for a record that has withdrawn.
absl::StatusOr<DeclarationStep> DeclarationToRecord(
    const std::string& id, const ParticipantData& current, bool active,
    absl::CivilDay signed_on);

// The problem of an imported row at `line` that matches a stored record
// (`current`, `active`) and would make it `merged`; none when it applies:
// a declaration differing from the one recorded, or a change of an ended
// participation's record beyond the EU-monitoring fields.
std::optional<errors::FieldProblem> ImportedRowProblem(
    int line, const ParticipantData& current, bool active,
    const ParticipantData& merged);

}  // namespace jstedu::recruitment
