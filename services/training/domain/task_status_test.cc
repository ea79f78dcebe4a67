#include "services/training/domain/task_status.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/training/domain/rules_testing.h"

namespace jstedu::training {
namespace {

using ::testing::ElementsAre;

TEST(TaskStatusTest, ATaskIsSubmittedThenAcceptedOrReturnedAndResubmitted) {
  EXPECT_EQ(*TaskStatusAfter("t", "OPEN", TaskAction::kSubmit), "SUBMITTED");
  EXPECT_EQ(*TaskStatusAfter("t", "SUBMITTED", TaskAction::kAccept),
            "ACCEPTED");
  EXPECT_EQ(*TaskStatusAfter("t", "SUBMITTED", TaskAction::kReturn),
            "RETURNED");
  EXPECT_EQ(*TaskStatusAfter("t", "RETURNED", TaskAction::kSubmit),
            "SUBMITTED");
}

TEST(TaskStatusTest, AnyOtherMoveIsRefusedNamingWhereItIsAllowedFrom) {
  const auto accept_open = TaskStatusAfter("t1", "OPEN", TaskAction::kAccept);
  ASSERT_EQ(accept_open.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(accept_open.status()),
              ElementsAre("TASK_STATUS tasks/t1"));
  EXPECT_EQ(accept_open.status().message(),
            "rules not met: a task in status OPEN cannot become ACCEPTED "
            "(allowed from: SUBMITTED)");
  const auto resubmit = TaskStatusAfter("t1", "SUBMITTED", TaskAction::kSubmit);
  EXPECT_EQ(resubmit.status().message(),
            "rules not met: a task in status SUBMITTED cannot become "
            "SUBMITTED (allowed from: OPEN, RETURNED)");
  EXPECT_FALSE(TaskStatusAfter("t1", "ACCEPTED", TaskAction::kReturn).ok());
  EXPECT_FALSE(TaskStatusAfter("t1", "RETURNED", TaskAction::kAccept).ok());
}

TEST(TaskStatusTest, OnlyOpenAndReturnedTasksAwaitTheJst) {
  EXPECT_TRUE(AwaitsJst("OPEN"));
  EXPECT_TRUE(AwaitsJst("RETURNED"));
  EXPECT_FALSE(AwaitsJst("SUBMITTED"));
  EXPECT_FALSE(AwaitsJst("ACCEPTED"));
}

}  // namespace
}  // namespace jstedu::training
