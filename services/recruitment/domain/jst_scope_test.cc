#include "services/recruitment/domain/jst_scope.h"

#include "gtest/gtest.h"

namespace jstedu::recruitment {
namespace {

TEST(ScopeFor, NationalRolesSeeEverything) {
  for (const char* role : {"ADMIN", "EXPERT", "TRAINER", "MINISTRY"}) {
    auto scope = ScopeFor(role, "", "");
    ASSERT_TRUE(scope.ok()) << role;
    EXPECT_TRUE(InScope(*scope, "0201011"));
    EXPECT_TRUE(InScope(*scope, "2476011"));
  }
}

TEST(ScopeFor, CoordinatorIsLimitedToTheVoivodeship) {
  auto scope = ScopeFor("COORDINATOR", "24", "");
  ASSERT_TRUE(scope.ok());
  EXPECT_TRUE(InScope(*scope, "2476011"));
  EXPECT_TRUE(InScope(*scope, "2401"));
  EXPECT_FALSE(InScope(*scope, "0201011"));
  EXPECT_FALSE(InScope(*scope, "1224011"));  // "24" elsewhere in the code
}

TEST(ScopeFor, JstIsLimitedToItself) {
  auto scope = ScopeFor("JST", "", "2476011");
  ASSERT_TRUE(scope.ok());
  EXPECT_TRUE(InScope(*scope, "2476011"));
  EXPECT_FALSE(InScope(*scope, "2476"));
  EXPECT_FALSE(InScope(*scope, "2401042"));
}

TEST(ScopeFor, MissingOrBadClaimsAreRefused) {
  EXPECT_TRUE(
      absl::IsPermissionDenied(ScopeFor("COORDINATOR", "", "").status()));
  EXPECT_TRUE(
      absl::IsPermissionDenied(ScopeFor("COORDINATOR", "25", "").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(ScopeFor("JST", "", "").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(ScopeFor("JST", "", "24x").status()));
  EXPECT_TRUE(
      absl::IsPermissionDenied(ScopeFor("ROLE_UNSPECIFIED", "", "").status()));
}

TEST(RestrictToScope, FillsTheCoordinatorsVoivodeship) {
  auto scope = ScopeFor("COORDINATOR", "24", "");
  JstQueryInput input;
  ASSERT_TRUE(RestrictToScope(*scope, &input));
  EXPECT_EQ(input.voivodeship, "24");
  input.voivodeship = "24";
  EXPECT_TRUE(RestrictToScope(*scope, &input));
}

TEST(RestrictToScope, ForeignVoivodeshipGivesAnEmptyAnswer) {
  auto scope = ScopeFor("COORDINATOR", "24", "");
  JstQueryInput input;
  input.voivodeship = "02";
  EXPECT_FALSE(RestrictToScope(*scope, &input));
}

TEST(RestrictToScope, JstListsOnlyItself) {
  auto scope = ScopeFor("JST", "", "2476011");
  JstQueryInput input;
  ASSERT_TRUE(RestrictToScope(*scope, &input));
  EXPECT_EQ(input.teryt, "2476011");
  EXPECT_EQ(input.voivodeship, "24");
}

TEST(RestrictToScope, PageTokensDoNotCrossScopes) {
  JstQueryInput own;
  ASSERT_TRUE(RestrictToScope(*ScopeFor("JST", "", "2476011"), &own));
  auto query = ValidateJstQuery(own);
  ASSERT_TRUE(query.ok());
  JstQueryInput national;
  national.page_token = NextPageToken(*query, "2476011");
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateJstQuery(national).status()));
}

}  // namespace
}  // namespace jstedu::recruitment
