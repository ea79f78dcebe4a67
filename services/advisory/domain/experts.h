#pragma once

// The expert rules as pure functions: who may take a place in a case, and
// what a handover (an expert's deactivation) refuses. The stores read the
// facts under the rows' locks (store/rows/expert_candidates.h,
// store/expert_store.h) and call these in the same transaction.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/status/errors.h"

namespace jstedu::advisory {

// What decides whether an expert may take a place in a case, as read with
// the expert's row locked.
struct ExpertFacts {
  std::string speciality;  // "EDUCATION_DEVELOPMENT" or "PERSONNEL_DEVELOPMENT"
  bool active = false;
  bool serves_region = false;  // serves the case's voivodeship
  int max_caseload = 0;
  int64_t load = 0;  // open cases held, the case itself not counted
};

// The unmet rules (subject "experts/<expert_id>") of the expert taking the
// `speciality` place of a case in `voivodeship`, in this order:
// EXPERT_WRONG_SPECIALITY, EXPERT_INACTIVE, EXPERT_NOT_SERVING_REGION,
// EXPERT_AT_CAPACITY; EXPERT_UNKNOWN alone when `facts` is nullopt (no
// such expert). Empty when it may.
std::vector<errors::Rule> ExpertFitViolations(
    const std::string& expert_id, const std::optional<ExpertFacts>& facts,
    const std::string& speciality, const std::string& voivodeship);

// The leaving expert of a deactivation: NOT_FOUND (errors::NoSuch) when
// `active` is nullopt (no such expert), FAILED_PRECONDITION
// EXPERT_INACTIVE when it is already inactive.
absl::Status CheckLeavingExpert(const std::string& expert_id,
                                std::optional<bool> active);

// The handovers a deactivation request names (their cases, in order),
// against the expert's open cases: `invalid` lists each case named twice
// or that is not an open case of the expert (field handovers[i].case); with
// `exact_plan` a case no longer open is a PLAN_CHANGED rule in `changed`
// instead.
struct HandoverRequestCheck {
  std::vector<errors::FieldProblem> invalid;
  std::vector<errors::Rule> changed;
};
HandoverRequestCheck CheckHandoverRequest(
    const std::vector<std::string>& requested_cases,
    const std::set<std::string>& open_cases, bool exact_plan);

// EXPERT_INACTIVE: a case handed over to the leaving expert itself.
errors::Rule HandoverToLeaver(const std::string& case_id);

// NO_REPLACEMENT: no expert of `speciality` serving `voivodeship` has room.
errors::Rule NoReplacement(const std::string& case_id,
                           const std::string& speciality,
                           const std::string& voivodeship);

// PLAN_CHANGED (exact plan): an open case of the expert the plan sent does
// not name.
errors::Rule CaseMissingFromPlan(const std::string& case_id);

// PLAN_CHANGED (exact plan) when the case's guardian after the handover
// differs from the one the plan sent; nullopt when they agree.
std::optional<errors::Rule> GuardianChanged(const std::string& case_id,
                                            const std::string& would_be,
                                            const std::string& sent);

}  // namespace jstedu::advisory
