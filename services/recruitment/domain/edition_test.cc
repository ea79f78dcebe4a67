#include "services/recruitment/domain/edition.h"

#include "gtest/gtest.h"
#include "services/recruitment/domain/rules_testing.h"

namespace jstedu::recruitment {
namespace {

TEST(EditionRulesTest, CapacityIsNeverBelowTheQualified) {
  EXPECT_TRUE(CapacityCovers("P-1", 30, 30).ok());
  EXPECT_TRUE(CapacityCovers("P-1", 31, 30).ok());
  const absl::Status below = CapacityCovers("P-1", 29, 30);
  EXPECT_TRUE(absl::IsFailedPrecondition(below));
  auto violations = Violations(below);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "CAPACITY");
  EXPECT_EQ(violations[0].subject(), "editions/P-1");
  EXPECT_EQ(violations[0].description(),
            "capacity 29 is below the 30 JSTs already qualified");
}

TEST(EditionRulesTest, ApplicationsOnlyInsideTheRecruitmentWindow) {
  RecruitmentWindow window{true, false, "2026-03-01 09:00", "2026-03-31 16:00"};
  EXPECT_TRUE(WindowOpen("P-1", window).ok());
  for (auto [opened, closed] : {std::pair{false, false}, std::pair{true, true},
                                std::pair{false, true}}) {
    window.opened = opened;
    window.closed = closed;
    const absl::Status refused = WindowOpen("P-1", window);
    EXPECT_TRUE(absl::IsFailedPrecondition(refused));
    auto violations = Violations(refused);
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].type(), "RECRUITMENT_WINDOW");
    EXPECT_EQ(violations[0].subject(), "editions/P-1");
    EXPECT_EQ(violations[0].description(),
              "recruitment to P-1 is open from 2026-03-01 09:00 to 2026-03-31 "
              "16:00 (Europe/Warsaw); applications outside it are refused");
  }
}

}  // namespace
}  // namespace jstedu::recruitment
