// Case lists against real PostgreSQL: filters, overdue cases, the caller's
// scope.
#include "services/advisory/store/advisory_pgtest_fixture.h"

namespace jstedu::advisory {
namespace {

TEST_F(AdvisoryStoreTest, CasesFilteredByTerytKeepTheCallersScope) {
  const std::string swietochlowice = Open("2476011", "24");
  Open("2469011", "24");
  CaseQuery query;
  query.today = absl::CivilDay(2026, 3, 3);
  query.teryt = "2476011";
  auto ids = [&](const CaseScope& scope) {
    query.scope = scope;
    bool more = false;
    auto listed = cases_.List(query, &more);
    EXPECT_TRUE(listed.ok()) << listed.status();
    std::vector<std::string> out;
    if (listed.ok()) {
      for (const auto& c : *listed) out.push_back(c.id());
    }
    return out;
  };
  EXPECT_THAT(ids({}), ::testing::ElementsAre(swietochlowice));
  EXPECT_THAT(ids({"24", "", ""}), ::testing::ElementsAre(swietochlowice));
  EXPECT_THAT(ids({"", "2476011", ""}), ::testing::ElementsAre(swietochlowice));
  // The filter narrows the scope, never widens it: another JST, or an
  // expert who holds none of its cases, finds nothing.
  EXPECT_THAT(ids({"", "2469011", ""}), ::testing::IsEmpty());
  EXPECT_THAT(ids({"", "", "edu-a"}), ::testing::IsEmpty());
}

TEST_F(AdvisoryStoreTest, OverdueCasesAreListedPerVoivodeshipAndExpert) {
  const std::string late = Open("2476011", "24");
  const std::string elsewhere = Open("0201011", "02");
  Must(commands_.AssignExperts(In(late), education_, personnel_,
                               v1::EDUCATION_DEVELOPMENT));
  CaseQuery query;
  query.today = absl::CivilDay(2026, 6, 1);  // both past their 20 business days
  query.overdue_only = true;
  query.voivodeship = "24";
  bool more = false;
  auto listed = cases_.List(query, &more);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id(), late);
  EXPECT_TRUE((*listed)[0].overdue());
  query.voivodeship = "";
  query.expert_id = education_;
  listed = cases_.List(query, &more);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  query.expert_id = "";
  query.today = absl::CivilDay(2026, 3, 3);  // nothing due yet
  listed = cases_.List(query, &more);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  // Scope: an expert sees the cases they hold, a coordinator their region.
  CaseQuery all;
  all.today = absl::CivilDay(2026, 3, 3);
  all.scope.expert_subject = "edu-a";
  listed = cases_.List(all, &more);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  all.scope = {};
  all.scope.voivodeship = "02";
  listed = cases_.List(all, &more);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id(), elsewhere);
  auto foreign =
      cases_.Get(late, all.scope, all.today, {"c", "COORDINATOR", ""});
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace jstedu::advisory
