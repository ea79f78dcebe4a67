#pragma once

// Training's API input: shape checks of requests and their conversion to
// the store's inputs (local Europe/Warsaw times to instants, third-week
// proposals, defaults from the edition's settings). Every problem is listed
// with its lowerCamelCase field path (google.rpc.BadRequest); nothing here
// touches the database.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "common/status/fields.h"
#include "common/time/civil_time.h"
#include "jstedu/training/v1/training.pb.h"
#include "services/training/domain/plan_dates.h"
#include "services/training/store/plan_store.h"

namespace jstedu::training {

// Shared field checks (common/status/fields.h).
bool IsEditionCode(const std::string& code);
using errors::CheckEdition;
using errors::CheckRange;
using errors::CheckText;

// Lists a problem "must be a UUID" unless `id` is one.
void CheckUuid(std::vector<errors::FieldProblem>& problems,
               const std::string& field, const std::string& id);

// 1..max characters of ASCII letters, digits and `extra`.
bool IsKey(const std::string& text, size_t max, const char* extra);

AmbiguousTime Ambiguity(v1::AmbiguousTime value);

// A required local date-time field as an instant; lists a problem and
// answers nullopt otherwise.
std::optional<absl::Time> LocalField(
    std::vector<errors::FieldProblem>& problems, const std::string& field,
    const std::string& text, v1::AmbiguousTime ambiguous);

// A module to create: explicit local start and end, or proposed from
// `third_week_of` with the edition's reading (Wednesday to Friday of that
// week, 11:00 to 14:30 unless given). Its days must lie within `edition`
// (the field named: startsLocal, endsLocal, or thirdWeekOf for proposed
// dates) and its sign-up deadline must not be after its start.
absl::StatusOr<ModuleInput> ModuleFromRequest(
    const v1::Module& module, const v1::TrainingSettings& settings,
    const EditionPeriod& edition);

// A session to create; its length defaults to the edition's session length.
absl::StatusOr<SessionInput> SessionFromRequest(
    const v1::Session& session, const v1::TrainingSettings& settings);

}  // namespace jstedu::training
