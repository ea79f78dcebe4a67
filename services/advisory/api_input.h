#pragma once

// Shape checks of advisory requests (no database): each returns every
// problem with its lowerCamelCase field path, for one INVALID_ARGUMENT
// (google.rpc.BadRequest). `today` is the Europe/Warsaw date: agreements,
// adoptions, completions and activities cannot be dated in the future.

#include <vector>

#include "absl/time/civil_time.h"
#include "common/status/errors.h"
#include "jstedu/advisory/v1/advisory.pb.h"

namespace jstedu::advisory {

using Problems = std::vector<errors::FieldProblem>;

Problems CheckWorkflowDefinition(const v1::WorkflowDefinition& definition);
Problems CheckSupportArea(const v1::SupportArea& area);
Problems CheckExpert(const v1::Expert& expert);
Problems CheckAgreement(const v1::Agreement& agreement, absl::CivilDay today);
Problems CheckActions(
    const google::protobuf::RepeatedPtrField<v1::Action>& actions);
Problems CheckPlan(const v1::QualityPlan& plan, absl::CivilDay today);
Problems CheckActivity(const v1::Activity& activity, absl::CivilDay today);
// A good practice's text as proposed or edited (under "practice."):
// title 1..300, description 1..8000, 0..20 distinct keywords of 1..60
// characters, support area empty or a UUID.
Problems CheckPractice(const v1::GoodPractice& practice);
// The reason a return or a withdrawal gives (1..2000 characters).
Problems CheckReason(const std::string& reason);

// Appends a problem unless `id` is a UUID.
void CheckUuid(Problems& problems, const std::string& field,
               const std::string& id);

// Appends a problem unless `teryt` is a JST's TERYT code: 4 digits (a
// county) or 7 (a commune).
void CheckTeryt(Problems& problems, const std::string& field,
                const std::string& teryt);

}  // namespace jstedu::advisory
