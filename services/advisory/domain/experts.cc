#include "services/advisory/domain/experts.h"

#include "absl/strings/str_cat.h"

namespace jstedu::advisory {
namespace {

errors::Rule PlanChanged(const std::string& case_id, std::string what) {
  return {"PLAN_CHANGED", absl::StrCat("cases/", case_id), std::move(what)};
}

}  // namespace

std::vector<errors::Rule> ExpertFitViolations(
    const std::string& expert_id, const std::optional<ExpertFacts>& facts,
    const std::string& speciality, const std::string& voivodeship) {
  const std::string subject = absl::StrCat("experts/", expert_id);
  if (!facts) return {{"EXPERT_UNKNOWN", subject, "no such expert"}};
  std::vector<errors::Rule> rules;
  if (facts->speciality != speciality) {
    rules.push_back({"EXPERT_WRONG_SPECIALITY", subject,
                     absl::StrCat("the expert's speciality is ",
                                  facts->speciality, ", not ", speciality)});
  }
  if (!facts->active)
    rules.push_back({"EXPERT_INACTIVE", subject, "the expert is inactive"});
  if (!facts->serves_region) {
    rules.push_back(
        {"EXPERT_NOT_SERVING_REGION", subject,
         absl::StrCat("the expert does not serve voivodeship ", voivodeship)});
  }
  if (facts->load >= facts->max_caseload) {
    rules.push_back(
        {"EXPERT_AT_CAPACITY", subject,
         absl::StrCat("the expert already holds ", facts->max_caseload,
                      " open cases (their maximum)")});
  }
  return rules;
}

absl::Status CheckLeavingExpert(const std::string& expert_id,
                                std::optional<bool> active) {
  if (!active) return errors::NoSuch("expert", expert_id);
  if (!*active) {
    return errors::RulesNotMet(
        {{"EXPERT_INACTIVE", absl::StrCat("experts/", expert_id),
          "the expert is already inactive"}});
  }
  return absl::OkStatus();
}

HandoverRequestCheck CheckHandoverRequest(
    const std::vector<std::string>& requested_cases,
    const std::set<std::string>& open_cases, bool exact_plan) {
  HandoverRequestCheck check;
  std::set<std::string> named;
  for (size_t i = 0; i < requested_cases.size(); ++i) {
    const std::string& case_id = requested_cases[i];
    const std::string field = absl::StrCat("handovers[", i, "].case");
    if (!named.insert(case_id).second) {
      check.invalid.push_back({field, "is named twice"});
    } else if (open_cases.count(case_id) == 0) {
      if (exact_plan) {
        check.changed.push_back(PlanChanged(
            case_id, "the case is no longer an open case of this expert"));
      } else {
        check.invalid.push_back({field, "is not an open case of this expert"});
      }
    }
  }
  return check;
}

errors::Rule HandoverToLeaver(const std::string& case_id) {
  return {"EXPERT_INACTIVE", absl::StrCat("cases/", case_id),
          "a case cannot be handed over to the leaving expert"};
}

errors::Rule NoReplacement(const std::string& case_id,
                           const std::string& speciality,
                           const std::string& voivodeship) {
  return {"NO_REPLACEMENT", absl::StrCat("cases/", case_id),
          absl::StrCat("no active ", speciality, " expert serving voivodeship ",
                       voivodeship, " has room for the case")};
}

errors::Rule CaseMissingFromPlan(const std::string& case_id) {
  return PlanChanged(
      case_id,
      "the case is an open case of this expert and is not in the plan");
}

std::optional<errors::Rule> GuardianChanged(const std::string& case_id,
                                            const std::string& would_be,
                                            const std::string& sent) {
  if (would_be == sent) return std::nullopt;
  return PlanChanged(case_id, absl::StrCat("the case's guardian would be ",
                                           would_be, ", not ", sent));
}

}  // namespace jstedu::advisory
