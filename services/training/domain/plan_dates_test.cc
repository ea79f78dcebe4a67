#include "services/training/domain/plan_dates.h"

#include "common/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::training {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;

absl::Time At(const char* local) { return *ParseLocalInstant(local); }

// The edition of issue 16's report, and a sane one.
const EditionPeriod kPilot{absl::CivilDay(2017, 1, 1),
                           absl::CivilDay(2018, 5, 31)};

TEST(ModuleOutsideEditionTest, AModuleOnTheEditionsFirstAndLastDaysFits) {
  EXPECT_EQ(ModuleOutsideEdition(absl::CivilDay(2017, 1, 1),
                                 absl::CivilDay(2017, 1, 3), kPilot),
            std::nullopt);
  EXPECT_EQ(ModuleOutsideEdition(absl::CivilDay(2018, 5, 29),
                                 absl::CivilDay(2018, 5, 31), kPilot),
            std::nullopt);
}

TEST(ModuleOutsideEditionTest, ADayBeforeOrAfterIsRefusedNamingTheDates) {
  EXPECT_THAT(ModuleOutsideEdition(absl::CivilDay(2016, 12, 31),
                                   absl::CivilDay(2017, 1, 2), kPilot),
              Optional(HasSubstr("2016-12-31 to 2017-01-02")));
  EXPECT_THAT(ModuleOutsideEdition(absl::CivilDay(2018, 5, 30),
                                   absl::CivilDay(2018, 6, 1), kPilot),
              Optional(HasSubstr("edition (2017-01-01 to 2018-05-31)")));
  // Wholly after the edition (the report's recruitment-window example).
  EXPECT_NE(ModuleOutsideEdition(absl::CivilDay(2026, 12, 4),
                                 absl::CivilDay(2026, 12, 6), kPilot),
            std::nullopt);
}

TEST(TaskDueNotAfterModuleTest, DueAfterTheModulesEndOnly) {
  const absl::Time end = At("2017-04-07T14:30");
  EXPECT_EQ(TaskDueNotAfterModule(At("2017-04-07T14:31"), end), std::nullopt);
  EXPECT_THAT(TaskDueNotAfterModule(end, end),
              Optional(HasSubstr("2017-04-07T14:30:00+02:00")));
  EXPECT_NE(TaskDueNotAfterModule(At("2017-04-06T12:00"), end), std::nullopt);
}

TEST(DeadlineAfterModuleStartTest, AtTheLatestTheModulesStart) {
  const absl::Time start = At("2017-04-05T11:00");
  EXPECT_EQ(DeadlineAfterModuleStart(At("2017-03-24T15:00"), start),
            std::nullopt);
  EXPECT_EQ(DeadlineAfterModuleStart(start, start), std::nullopt);
  EXPECT_THAT(DeadlineAfterModuleStart(At("2017-04-05T11:01"), start),
              Optional(HasSubstr("2017-04-05T11:01:00+02:00")));
}

}  // namespace
}  // namespace jstedu::training
