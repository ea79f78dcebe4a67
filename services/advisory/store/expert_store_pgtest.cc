// The expert registry against real PostgreSQL: proposals and capacity, the
// handover (all or nothing, previews, exact plans).
#include "services/advisory/store/advisory_pgtest_fixture.h"

namespace jstedu::advisory {
namespace {

TEST_F(AdvisoryStoreTest,
       ProposalIsTheLeastLoadedEligibleExpertAndCapacityHolds) {
  const std::string small =
      Expert("edu-small", v1::EDUCATION_DEVELOPMENT, {"24"}, 1);
  Expert("edu-elsewhere", v1::EDUCATION_DEVELOPMENT, {"02"}, 50);
  const std::string first = Open("2476011", "24");
  // Both education experts serving 24 hold nothing: the lower id wins a tie;
  // give edu-a one case so that the proposal is the idle one.
  Must(commands_.AssignExperts(In(first), education_, personnel_,
                               v1::EDUCATION_DEVELOPMENT));
  const std::string second = Open("2466011", "24");
  auto proposal = cases_.ProposeExperts(second, {});
  ASSERT_TRUE(proposal.ok()) << proposal.status();
  EXPECT_EQ(proposal->education_expert(), small);
  EXPECT_EQ(proposal->personnel_expert(), personnel_);
  Must(commands_.AssignExperts(In(second), small, personnel_,
                               v1::PERSONNEL_DEVELOPMENT));

  // edu-small is now full (1 case); edu-elsewhere does not serve 24.
  const std::string third = Open("2461011", "24");
  auto next = cases_.ProposeExperts(third, {});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->education_expert(), education_);
  auto full = commands_.AssignExperts(In(third), small, personnel_,
                                      v1::EDUCATION_DEVELOPMENT);
  EXPECT_TRUE(HasViolation(full.status(), "EXPERT_AT_CAPACITY"))
      << full.status();
  auto wrong = commands_.AssignExperts(In(third), personnel_, education_,
                                       v1::EDUCATION_DEVELOPMENT);
  EXPECT_TRUE(HasViolation(wrong.status(), "EXPERT_WRONG_SPECIALITY"))
      << wrong.status();
}

TEST_F(AdvisoryStoreTest,
       HandoverLeavesNoCaseWithoutAGuardianAndAuditsEachCase) {
  const std::string b = Expert("edu-b", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  const std::string c = Expert("edu-c", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  std::vector<std::string> cases;
  for (int i = 0; i < 5; ++i) {
    const std::string id = Open(absl::StrCat("24", 20000 + i, "1"));
    Must(commands_.AssignExperts(
        In(id), education_, personnel_,
        i % 2 == 0 ? v1::EDUCATION_DEVELOPMENT : v1::PERSONNEL_DEVELOPMENT));
    cases.push_back(id);
  }
  // One case moved on, one explicitly to edu-c.
  Must(commands_.ChooseArea(In(cases[0]), Area(), Agreement()));
  v1::Handover explicit_choice;
  explicit_choice.set_case_(cases[1]);
  explicit_choice.set_expert(c);
  auto result =
      experts_.Deactivate(education_, "Urlop długoterminowy", {explicit_choice},
                          false, false, {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->handovers_size(), 5);
  EXPECT_FALSE(result->expert().active());
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM advisory_case WHERE '", education_,
                "' IN (education_expert, personnel_expert, guardian)")),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case WHERE education_expert "
                  "IS NOT NULL AND "
                  "guardian IS NULL"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case c JOIN expert e ON e.id "
                  "= c.guardian "
                  "WHERE NOT e.active"),
            0);
  EXPECT_EQ(
      Count("SELECT count(*) FROM expert_assignment WHERE kind = 'HANDOVER'"),
      5);
  EXPECT_EQ(
      Count(absl::StrCat("SELECT count(*) FROM advisory_case WHERE id = '",
                         cases[1], "' AND education_expert = '", c, "'")),
      1);
  // Where the leaver was the guardian, the newcomer is.
  EXPECT_EQ(
      Count(absl::StrCat("SELECT count(*) FROM advisory_case WHERE id = '",
                         cases[0], "' AND guardian IN ('", b, "', '", c, "')")),
      1);
  EXPECT_EQ(Stage(cases[0]), "NEEDS_DIAGNOSIS");
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.CaseExpertsAssigned'"),
            5 + 5);
  EXPECT_EQ(
      Count("SELECT count(*) FROM case_history WHERE command = 'handover'"), 5);
}

TEST_F(AdvisoryStoreTest, AHandoverWithoutAReplacementChangesNothing) {
  const std::string id = Open();
  Must(commands_.AssignExperts(In(id), education_, personnel_,
                               v1::EDUCATION_DEVELOPMENT));
  const std::string before = Snapshot(id);
  auto result = experts_.Deactivate(education_, "Odejście", {}, false, false,
                                    {"office", "ADMIN", ""}, kNow);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(HasViolation(result.status(), "NO_REPLACEMENT"));
  EXPECT_EQ(Snapshot(id), before);
  EXPECT_EQ(db_.Query(absl::StrCat("SELECT active FROM expert WHERE id = '",
                                   education_, "'")),
            "t");
}

TEST_F(AdvisoryStoreTest, APreviewAnswersTheRealHandoverAndChangesNothing) {
  // Two equally free replacements: each handover changes the loads the next
  // case's replacement is chosen by, so the plan depends on the order.
  Expert("edu-b", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  Expert("edu-c", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  for (int i = 0; i < 4; ++i) {
    Must(commands_.AssignExperts(
        In(Open(absl::StrCat("24", 20000 + i, "1"))), education_, personnel_,
        i % 2 == 0 ? v1::EDUCATION_DEVELOPMENT : v1::PERSONNEL_DEVELOPMENT));
  }
  const std::string before = HandoverState(db_);
  auto preview = experts_.Deactivate(education_, "Urlop", {}, true, false,
                                     {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_EQ(HandoverState(db_), before);

  auto real = experts_.Deactivate(education_, "Urlop", {}, false, false,
                                  {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(real.ok()) << real.status();
  ASSERT_EQ(preview->handovers_size(), 4);
  ASSERT_EQ(real->handovers_size(), 4);
  for (int i = 0; i < 4; ++i) {
    const v1::Handover& shown = preview->handovers(i);
    EXPECT_EQ(shown.SerializeAsString(),
              real->handovers(i).SerializeAsString());
    EXPECT_EQ(db_.Query(absl::StrCat(
                  "SELECT education_expert || ' ' || guardian FROM "
                  "advisory_case WHERE id = '",
                  shown.case_(), "'")),
              absl::StrCat(shown.expert(), " ", shown.guardian()));
  }
  EXPECT_EQ(preview->expert().SerializeAsString(),
            real->expert().SerializeAsString());
}

TEST_F(AdvisoryStoreTest, AnExactPlanIsCarriedOutOnlyAsItWasShown) {
  const std::string b = Expert("edu-b", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  std::vector<std::string> cases;
  for (int i = 0; i < 2; ++i) {
    cases.push_back(Open(absl::StrCat("24", 20000 + i, "1")));
    Must(commands_.AssignExperts(
        In(cases.back()), education_, personnel_,
        i == 0 ? v1::EDUCATION_DEVELOPMENT : v1::PERSONNEL_DEVELOPMENT));
  }
  const std::string audited_reads = absl::StrCat(
      "SELECT count(*) FROM read_audit WHERE what = 'experts' AND '",
      education_, "' = ANY (record_ids)");
  const int reads_before = Count(audited_reads);
  auto preview = experts_.Deactivate(education_, "Urlop", {}, true, false,
                                     {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(preview.ok()) << preview.status();
  ASSERT_EQ(preview->handovers_size(), 2);
  std::vector<v1::Handover> plan(preview->handovers().begin(),
                                 preview->handovers().end());
  // The preview is audited for what it is, not as a read for a handover.
  EXPECT_EQ(Count(audited_reads), reads_before);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM read_audit WHERE what = "
                               "'experts.deactivation-preview' AND '",
                               education_, "' = ANY (record_ids)")),
            1);

  // Between the preview and the confirmation the first case is given to
  // edu-b by someone else, and a third case comes to the leaving expert.
  Must(commands_.AssignExperts(In(cases[0]), b, personnel_,
                               v1::EDUCATION_DEVELOPMENT));
  const std::string newcomer = Open("2420101");
  Must(commands_.AssignExperts(In(newcomer), education_, personnel_,
                               v1::PERSONNEL_DEVELOPMENT));
  const std::string before = HandoverState(db_);
  auto refused = experts_.Deactivate(education_, "Urlop", plan, false, true,
                                     {"office", "ADMIN", ""}, kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition)
      << refused.status();
  EXPECT_TRUE(HasViolation(refused.status(), "PLAN_CHANGED"));
  for (const std::string& differing : {cases[0], newcomer}) {
    EXPECT_TRUE(HasViolation(refused.status(), "cases/" + differing))
        << differing << " " << refused.status();
  }
  EXPECT_FALSE(HasViolation(refused.status(), "cases/" + cases[1]));
  EXPECT_EQ(HandoverState(db_), before);

  // A plan sent with another guardian than the one it would get: refused.
  auto again = experts_.Deactivate(education_, "Urlop", {}, true, false,
                                   {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(again.ok()) << again.status();
  plan.assign(again->handovers().begin(), again->handovers().end());
  std::vector<v1::Handover> wrong_guardian = plan;
  wrong_guardian[0].set_guardian(wrong_guardian[0].guardian() == personnel_
                                     ? wrong_guardian[0].expert()
                                     : personnel_);
  auto guardian =
      experts_.Deactivate(education_, "Urlop", wrong_guardian, false, true,
                          {"office", "ADMIN", ""}, kNow);
  EXPECT_TRUE(
      HasViolation(guardian.status(), "cases/" + wrong_guardian[0].case_()))
      << guardian.status();
  EXPECT_EQ(HandoverState(db_), before);

  // The plan as it stands now is carried out exactly.
  auto done = experts_.Deactivate(education_, "Urlop", plan, false, true,
                                  {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_EQ(done->handovers_size(), static_cast<int>(plan.size()));
  for (size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(done->handovers(i).SerializeAsString(),
              plan[i].SerializeAsString());
  }
  EXPECT_FALSE(done->expert().active());
}

TEST_F(AdvisoryStoreTest, APreviewOfAHandoverWithoutAReplacementIsRefusedToo) {
  const std::string id = Open();
  Must(commands_.AssignExperts(In(id), education_, personnel_,
                               v1::EDUCATION_DEVELOPMENT));
  const std::string before = HandoverState(db_);
  auto preview = experts_.Deactivate(education_, "Odejście", {}, true, false,
                                     {"office", "ADMIN", ""}, kNow);
  EXPECT_EQ(preview.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(HasViolation(preview.status(), "NO_REPLACEMENT"));
  EXPECT_EQ(HandoverState(db_), before);
}

}  // namespace
}  // namespace jstedu::advisory
