// The expert rules: who may take a place in a case, and what a handover
// refuses.
#include "services/advisory/domain/experts.h"

#include "gtest/gtest.h"

namespace jstedu::advisory {
namespace {

std::vector<std::string> Types(const std::vector<errors::Rule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules) out.push_back(r.type);
  return out;
}

ExpertFacts Fit() {
  return {"EDUCATION_DEVELOPMENT", /*active=*/true, /*serves_region=*/true,
          /*max_caseload=*/3, /*load=*/2};
}

std::vector<errors::Rule> Check(const std::optional<ExpertFacts>& facts) {
  return ExpertFitViolations("e1", facts, "EDUCATION_DEVELOPMENT", "24");
}

TEST(ExpertFit, AnActiveExpertOfTheSpecialityServingTheRegionWithRoomFits) {
  EXPECT_TRUE(Check(Fit()).empty());
}

TEST(ExpertFit, AnUnknownExpertIsOnlyUnknown) {
  const auto rules = Check(std::nullopt);
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].type, "EXPERT_UNKNOWN");
  EXPECT_EQ(rules[0].subject, "experts/e1");
  EXPECT_EQ(rules[0].description, "no such expert");
}

TEST(ExpertFit, EachUnmetRuleIsListedInOrder) {
  ExpertFacts facts = Fit();
  facts.speciality = "PERSONNEL_DEVELOPMENT";
  facts.active = false;
  facts.serves_region = false;
  facts.load = 3;
  const auto rules = Check(facts);
  EXPECT_EQ(Types(rules),
            (std::vector<std::string>{
                "EXPERT_WRONG_SPECIALITY", "EXPERT_INACTIVE",
                "EXPERT_NOT_SERVING_REGION", "EXPERT_AT_CAPACITY"}));
  EXPECT_EQ(rules[0].description,
            "the expert's speciality is PERSONNEL_DEVELOPMENT, not "
            "EDUCATION_DEVELOPMENT");
  EXPECT_EQ(rules[2].description, "the expert does not serve voivodeship 24");
  EXPECT_EQ(rules[3].description,
            "the expert already holds 3 open cases (their maximum)");
  for (const auto& r : rules) EXPECT_EQ(r.subject, "experts/e1");
}

TEST(ExpertFit, CapacityCountsOpenCasesUpToTheMaximum) {
  ExpertFacts facts = Fit();
  facts.load = facts.max_caseload - 1;
  EXPECT_TRUE(Check(facts).empty());
  facts.load = facts.max_caseload;
  EXPECT_EQ(Types(Check(facts)),
            std::vector<std::string>{"EXPERT_AT_CAPACITY"});
}

TEST(LeavingExpert, UnknownIsNotFoundInactiveIsRefusedActiveMayLeave) {
  const absl::Status unknown = CheckLeavingExpert("e1", std::nullopt);
  EXPECT_TRUE(absl::IsNotFound(unknown)) << unknown;
  EXPECT_EQ(unknown, errors::NoSuch("expert", "e1"));
  const absl::Status inactive = CheckLeavingExpert("e1", false);
  EXPECT_TRUE(absl::IsFailedPrecondition(inactive)) << inactive;
  EXPECT_EQ(inactive,
            errors::RulesNotMet({{"EXPERT_INACTIVE", "experts/e1",
                                  "the expert is already inactive"}}));
  EXPECT_TRUE(CheckLeavingExpert("e1", true).ok());
}

TEST(HandoverRequest, ACaseNamedTwiceOrNotOpenIsAnInvalidField) {
  const HandoverRequestCheck check =
      CheckHandoverRequest({"c1", "c1", "c9"}, {"c1", "c2"}, false);
  ASSERT_EQ(check.invalid.size(), 2u);
  EXPECT_EQ(check.invalid[0].field, "handovers[1].case");
  EXPECT_EQ(check.invalid[0].description, "is named twice");
  EXPECT_EQ(check.invalid[1].field, "handovers[2].case");
  EXPECT_EQ(check.invalid[1].description, "is not an open case of this expert");
  EXPECT_TRUE(check.changed.empty());
}

TEST(HandoverRequest, WithAnExactPlanACaseNoLongerOpenIsAChangedPlan) {
  const HandoverRequestCheck check =
      CheckHandoverRequest({"c1", "c9"}, {"c1"}, true);
  EXPECT_TRUE(check.invalid.empty());
  ASSERT_EQ(check.changed.size(), 1u);
  EXPECT_EQ(check.changed[0].type, "PLAN_CHANGED");
  EXPECT_EQ(check.changed[0].subject, "cases/c9");
  EXPECT_EQ(check.changed[0].description,
            "the case is no longer an open case of this expert");
}

TEST(HandoverRequest, OpenCasesNamedOnceAreAccepted) {
  const HandoverRequestCheck check =
      CheckHandoverRequest({"c1", "c2"}, {"c1", "c2", "c3"}, true);
  EXPECT_TRUE(check.invalid.empty());
  EXPECT_TRUE(check.changed.empty());
}

TEST(HandoverRules, EachRefusalNamesTheCase) {
  const errors::Rule leaver = HandoverToLeaver("c1");
  EXPECT_EQ(leaver.type, "EXPERT_INACTIVE");
  EXPECT_EQ(leaver.subject, "cases/c1");
  EXPECT_EQ(leaver.description,
            "a case cannot be handed over to the leaving expert");
  const errors::Rule none = NoReplacement("c1", "PERSONNEL_DEVELOPMENT", "02");
  EXPECT_EQ(none.type, "NO_REPLACEMENT");
  EXPECT_EQ(none.subject, "cases/c1");
  EXPECT_EQ(none.description,
            "no active PERSONNEL_DEVELOPMENT expert serving voivodeship 02 "
            "has room for the case");
  const errors::Rule missing = CaseMissingFromPlan("c2");
  EXPECT_EQ(missing.type, "PLAN_CHANGED");
  EXPECT_EQ(missing.subject, "cases/c2");
  EXPECT_EQ(missing.description,
            "the case is an open case of this expert and is not in the plan");
}

TEST(HandoverRules, AnotherGuardianThanThePlanSentIsAChangedPlan) {
  EXPECT_FALSE(GuardianChanged("c1", "g1", "g1").has_value());
  const auto changed = GuardianChanged("c1", "g2", "g1");
  ASSERT_TRUE(changed.has_value());
  EXPECT_EQ(changed->type, "PLAN_CHANGED");
  EXPECT_EQ(changed->subject, "cases/c1");
  EXPECT_EQ(changed->description, "the case's guardian would be g2, not g1");
}

}  // namespace
}  // namespace jstedu::advisory
