#include "services/recruitment/domain/application.h"

#include "gtest/gtest.h"
#include "services/recruitment/domain/rules_testing.h"

namespace jstedu::recruitment {
namespace {

TEST(ApplicationStatusTest, NamesRoundTrip) {
  for (ApplicationStatus status : kAllApplicationStatuses) {
    EXPECT_EQ(ApplicationStatusFromName(ApplicationStatusName(status)), status);
  }
  EXPECT_EQ(ApplicationStatusFromName("submitted"), std::nullopt);
  EXPECT_EQ(ApplicationStatusFromName(""), std::nullopt);
}

TEST(ApplicationRulesTest, OnlySubmittedOrWaitlistedIsQualifiedOrRejected) {
  for (ApplicationStatus status : kAllApplicationStatuses) {
    const bool open = status == ApplicationStatus::kSubmitted ||
                      status == ApplicationStatus::kWaitlisted;
    EXPECT_EQ(MayQualify("a1", status).ok(), open)
        << ApplicationStatusName(status);
    EXPECT_EQ(MayReject("a1", status).ok(), open)
        << ApplicationStatusName(status);
  }
  const absl::Status qualify = MayQualify("a1", ApplicationStatus::kRejected);
  EXPECT_TRUE(absl::IsFailedPrecondition(qualify));
  auto violations = Violations(qualify);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "STATUS");
  EXPECT_EQ(violations[0].subject(), "applications/a1");
  EXPECT_EQ(violations[0].description(),
            "the application is REJECTED; only a SUBMITTED or WAITLISTED "
            "application can be qualified");
  violations = Violations(MayReject("a1", ApplicationStatus::kQualified));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].description(),
            "the application is QUALIFIED; only a SUBMITTED or WAITLISTED "
            "application can be rejected (a qualified JST withdraws)");
  violations = Violations(MayReject("a1", ApplicationStatus::kWithdrawn));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].description(),
            "the application is WITHDRAWN; only a SUBMITTED or WAITLISTED "
            "application can be rejected");
}

TEST(ApplicationRulesTest, AnyButAWithdrawnApplicationIsWithdrawn) {
  for (ApplicationStatus status : kAllApplicationStatuses) {
    EXPECT_EQ(MayWithdraw("a1", status).ok(),
              status != ApplicationStatus::kWithdrawn);
  }
  auto violations =
      Violations(MayWithdraw("a1", ApplicationStatus::kWithdrawn));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "STATUS");
  EXPECT_EQ(violations[0].description(),
            "the application is already WITHDRAWN");
}

TEST(ApplicationRulesTest, TheTeamOfAClosedApplicationDoesNotChange) {
  for (ApplicationStatus status : kAllApplicationStatuses) {
    const bool closed = status == ApplicationStatus::kRejected ||
                        status == ApplicationStatus::kWithdrawn;
    EXPECT_EQ(TeamMayChange("a1", status).ok(), !closed);
  }
  auto violations =
      Violations(TeamMayChange("a1", ApplicationStatus::kRejected));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "APPLICATION_OPEN");
  EXPECT_EQ(violations[0].subject(), "applications/a1");
  EXPECT_EQ(violations[0].description(),
            "the application is REJECTED; its representatives cannot change");
}

TEST(ApplicationRulesTest, OnlyACityWithCountyRightsMovesToTheCountyGroup) {
  EXPECT_TRUE(MayMoveToCountyGroup(false, false).ok());
  EXPECT_TRUE(MayMoveToCountyGroup(true, true).ok());
  const absl::Status refused = MayMoveToCountyGroup(true, false);
  EXPECT_TRUE(absl::IsInvalidArgument(refused));
  EXPECT_EQ(BadFields(refused), std::vector<std::string>{"moveToCountyGroup"});
}

TEST(ApplicationRulesTest, QualificationNamesEachUnmetRule) {
  EXPECT_TRUE(UnmetQualificationRules("a1", {3, 0}, 3).empty());
  auto rules = UnmetQualificationRules("a1", {2, 1}, 3);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].type, "MIN_REPRESENTATIVES");
  EXPECT_EQ(rules[0].subject, "applications/a1");
  EXPECT_EQ(rules[0].description,
            "the JST has 2 active representatives; the edition requires at "
            "least 3");
  EXPECT_EQ(rules[1].type, "DECLARATIONS_RECORDED");
  EXPECT_EQ(rules[1].description,
            "1 active representative has no participant declaration recorded");
  rules = UnmetQualificationRules("a1", {5, 2}, 3);
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].description,
            "2 active representatives have no participant declaration "
            "recorded");
}

TEST(ApplicationRulesTest, AMoveAskedNowWinsThenOneAskedWhenWaitlisted) {
  EXPECT_EQ(WorkshopGroupOnQualification(true, 0, 2), kCountyGroup);
  EXPECT_EQ(WorkshopGroupOnQualification(true, 1, 2), kCountyGroup);
  EXPECT_EQ(WorkshopGroupOnQualification(false, 3, 2), 3);
  EXPECT_EQ(WorkshopGroupOnQualification(false, 0, 2), 2);
}

}  // namespace
}  // namespace jstedu::recruitment
