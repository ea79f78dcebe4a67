#include "services/recruitment/domain/participation.h"

#include "gtest/gtest.h"
#include "services/recruitment/domain/rules_testing.h"

namespace jstedu::recruitment {
namespace {

ParticipantData Record() {
  ParticipantData d;
  d.first_name = "Anna";
  d.last_name = "Nowak";
  d.pesel = "44051401359";
  d.birth_date = absl::CivilDay(1944, 5, 14);
  d.email = "anna@example.pl";
  d.participation_start = absl::CivilDay(2026, 3, 1);
  d.age_at_start = 81;
  return d;
}

std::string OnlyType(const absl::Status& status) {
  auto violations = Violations(status);
  return violations.size() == 1 ? violations[0].type() : "";
}

TEST(ParticipationTest, AnEndedRecordChangesOnlyInTheMonitoringFields) {
  const ParticipantData current = Record();
  ParticipantData renamed = current;
  renamed.last_name = "Kowalska";
  ParticipantData new_email = current;
  new_email.email = "nowy@example.pl";
  EXPECT_TRUE(RecordMayChange("p1", true, current, renamed).ok());
  EXPECT_TRUE(RecordMayChange("p1", false, current, new_email).ok());
  const absl::Status refused = RecordMayChange("p1", false, current, renamed);
  EXPECT_TRUE(absl::IsFailedPrecondition(refused));
  auto violations = Violations(refused);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "PARTICIPANT_ACTIVE");
  EXPECT_EQ(violations[0].subject(), "participants/p1");
  EXPECT_EQ(violations[0].description(), kClosedRecord);
}

TEST(ParticipationTest, AParticipantWithdrawsOnce) {
  EXPECT_TRUE(MayWithdrawParticipant("p1", true).ok());
  auto violations = Violations(MayWithdrawParticipant("p1", false));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "PARTICIPANT_ACTIVE");
  EXPECT_EQ(violations[0].description(),
            "the participant has already withdrawn");
}

TEST(ParticipationTest, AWithdrawalEndsTodayOrOnAPlannedStart) {
  const absl::CivilDay today(2026, 4, 10);
  const absl::CivilDay started(2026, 3, 1);
  const absl::CivilDay planned(2026, 5, 1);
  EXPECT_EQ(LatestEnd(today, started), today);
  EXPECT_EQ(LatestEnd(today, planned), planned);
  EXPECT_EQ(*WithdrawalEnd(std::nullopt, today, started), today);
  EXPECT_EQ(*WithdrawalEnd(std::nullopt, today, planned), planned);
  EXPECT_EQ(*WithdrawalEnd(absl::CivilDay(2026, 3, 15), today, started),
            absl::CivilDay(2026, 3, 15));
  const auto before =
      WithdrawalEnd(absl::CivilDay(2026, 2, 28), today, started);
  EXPECT_TRUE(absl::IsInvalidArgument(before.status()));
  EXPECT_EQ(BadFields(before.status()),
            std::vector<std::string>{"participationEnd"});
  EXPECT_EQ(before.status().message(),
            "participationEnd: must not be before the participation start");
  const auto future = WithdrawalEnd(today + 1, today, started);
  EXPECT_TRUE(absl::IsInvalidArgument(future.status()));
  EXPECT_EQ(future.status().message(),
            "participationEnd: must not be in the future");
}

TEST(ParticipationTest, ADeclarationIsRecordedOnceAndNeverReplaced) {
  ParticipantData current = Record();
  const absl::CivilDay signed_on(2026, 2, 20);
  EXPECT_EQ(*DeclarationToRecord("p1", current, true, signed_on),
            DeclarationStep::kRecord);
  const auto early =
      DeclarationToRecord("p1", current, true, absl::CivilDay(1944, 5, 13));
  EXPECT_TRUE(absl::IsInvalidArgument(early.status()));
  EXPECT_EQ(BadFields(early.status()), std::vector<std::string>{"signedOn"});
  EXPECT_EQ(
      OnlyType(DeclarationToRecord("p1", current, false, signed_on).status()),
      "PARTICIPANT_ACTIVE");
  current.declaration = DeclarationData{signed_on, true};
  EXPECT_EQ(*DeclarationToRecord("p1", current, true, signed_on),
            DeclarationStep::kRepeat);
  EXPECT_EQ(*DeclarationToRecord("p1", current, false, signed_on),
            DeclarationStep::kRepeat);
  const auto other = DeclarationToRecord("p1", current, true, signed_on + 1);
  auto violations = Violations(other.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].type(), "DECLARATION_RECORDED");
  EXPECT_EQ(violations[0].description(),
            "a declaration signed on 2026-02-20 is already recorded; a "
            "recorded declaration is not replaced");
}

TEST(ParticipationTest, AnImportedRowKeepsDeclarationsAndEndedRecords) {
  ParticipantData current = Record();
  current.declaration = DeclarationData{absl::CivilDay(2026, 2, 20), true};
  ParticipantData same = current;
  EXPECT_EQ(ImportedRowProblem(12, current, true, same), std::nullopt);
  EXPECT_EQ(ImportedRowProblem(12, current, false, same), std::nullopt);
  ParticipantData renamed = current;
  renamed.last_name = "Kowalska";
  EXPECT_EQ(ImportedRowProblem(12, current, true, renamed), std::nullopt);
  auto problem = ImportedRowProblem(12, current, false, renamed);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->field, "line 12");
  EXPECT_EQ(
      problem->description,
      std::string("matches a participant who has withdrawn: ") + kClosedRecord);
  ParticipantData redeclared = current;
  redeclared.declaration->signed_on = absl::CivilDay(2026, 2, 21);
  problem = ImportedRowProblem(7, current, true, redeclared);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->field, "line 7, column declaration_signed_on");
  EXPECT_EQ(problem->description,
            "differs from the declaration already recorded, which is not "
            "replaced");
}

}  // namespace
}  // namespace jstedu::recruitment
