// The measures of the programme's other parts (issue 24): officials in
// networks and exchange groups, meetings, e-learning completions, good
// practices published and schools reached, computed from facts alone.
#include "services/reporting/domain/measures.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/reporting/domain/counts.h"
#include "services/reporting/domain/figures.h"

namespace jstedu::reporting {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

// An edition with two qualified JSTs: a counted official of each, and an
// official of the first whose monitoring record is incomplete.
Facts Edition() {
  Facts facts;
  facts.edition.code = "E1";
  facts.edition.known = true;
  for (const auto& [application, teryt] :
       std::vector<std::pair<std::string, std::string>>{{"a1", "2476011"},
                                                        {"a2", "0201011"}}) {
    JstFact jst;
    jst.application_id = application;
    jst.teryt = teryt;
    jst.voivodeship = teryt.substr(0, 2);
    jst.jst_kind = recruitment::v1::URBAN_COMMUNE;
    jst.qualified = true;
    jst.qualified_on = absl::CivilDay(2026, 1, 10);
    facts.jsts.push_back(jst);
  }
  for (const auto& [id, application, complete] :
       std::vector<std::tuple<std::string, std::string, bool>>{
           {"p1", "a1", true}, {"p2", "a2", true}, {"p3", "a1", false}}) {
    ParticipantFact p;
    p.participant_id = id;
    p.application_id = application;
    p.teryt = application == "a1" ? "2476011" : "0201011";
    p.voivodeship = p.teryt.substr(0, 2);
    p.sex = 2;
    p.status = recruitment::v1::PARTICIPANT_ACTIVE;
    p.declaration_recorded = true;
    p.participation_start = absl::CivilDay(2026, 1, 15);
    p.monitoring_complete = complete;
    facts.participants.push_back(p);
  }
  return facts;
}

std::vector<std::string> Ids(const std::vector<Record>& records) {
  std::vector<std::string> ids;
  for (const Record& r : records) ids.push_back(r.id);
  return ids;
}

TEST(PartsMeasures, OfficialsCountOncePerKindOfCommunityFromTheFirstJoining) {
  Facts facts = Edition();
  auto join = [&](const char* id, CommunityGroup group, const char* who,
                  absl::CivilDay day) {
    facts.memberships.push_back({id, group, who, day});
  };
  // p1 in two networks, and left and joined again; p2 in an exchange group;
  // p3 (incomplete record) in a network: counted nowhere.
  join("m1", CommunityGroup::kNetwork, "p1", absl::CivilDay(2026, 3, 1));
  join("m2", CommunityGroup::kNetwork, "p1", absl::CivilDay(2026, 2, 1));
  join("m3", CommunityGroup::kNetwork, "p1", absl::CivilDay(2026, 5, 1));
  join("m4", CommunityGroup::kExchangeGroup, "p2", absl::CivilDay(2026, 4, 2));
  join("m5", CommunityGroup::kNetwork, "p3", absl::CivilDay(2026, 2, 1));
  join("m6", CommunityGroup::kNetwork, "unknown", absl::CivilDay(2026, 2, 1));
  const MeasureRecords m = ComputeMeasures(facts);
  const auto& networks = m.at("OFFICIALS_IN_NETWORKS");
  ASSERT_THAT(Ids(networks), ElementsAre("p1"));
  EXPECT_EQ(networks[0].date, absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(networks[0].voivodeship, "24");
  EXPECT_EQ(networks[0].sex, 2);
  EXPECT_THAT(Ids(m.at("EXCHANGE_GROUP_REPRESENTATIVES")), ElementsAre("p2"));
}

TEST(PartsMeasures, MeetingsBelongToNoJst) {
  Facts facts = Edition();
  facts.meetings.push_back(
      {"g1", CommunityGroup::kNetwork, absl::CivilDay(2026, 3, 3)});
  facts.meetings.push_back(
      {"g2", CommunityGroup::kExchangeGroup, absl::CivilDay(2026, 3, 4)});
  facts.meetings.push_back(
      {"g3", CommunityGroup::kNetwork, absl::CivilDay(2026, 3, 5)});
  const MeasureRecords m = ComputeMeasures(facts);
  EXPECT_THAT(Ids(m.at("NETWORK_MEETINGS")), ElementsAre("g1", "g3"));
  ASSERT_THAT(Ids(m.at("EXCHANGE_GROUP_MEETINGS")), ElementsAre("g2"));
  const Record& meeting = m.at("EXCHANGE_GROUP_MEETINGS")[0];
  EXPECT_EQ(meeting.application_id, "");
  EXPECT_EQ(meeting.voivodeship, "");
  EXPECT_EQ(meeting.date, absl::CivilDay(2026, 3, 4));
  EXPECT_EQ(FindMeasure("NETWORK_MEETINGS")->subject, Subject::kMeeting);
  EXPECT_FALSE(AppliesTo(Dimension::kVoivodeship, Subject::kMeeting));
  EXPECT_FALSE(AppliesTo(Dimension::kJstKind, Subject::kMeeting));
  EXPECT_FALSE(AppliesTo(Dimension::kSex, Subject::kMeeting));
  EXPECT_TRUE(AppliesTo(Dimension::kMonth, Subject::kMeeting));
  EXPECT_TRUE(AppliesTo(Dimension::kVoivodeship, Subject::kJst));
}

TEST(PartsMeasures, CompletionsOfCountedOfficialsOnly) {
  Facts facts = Edition();
  facts.elearning = {{"p1", "K-1", absl::CivilDay(2026, 2, 2)},
                     {"p1", "K-2", absl::CivilDay(2026, 2, 9)},
                     {"p3", "K-1", absl::CivilDay(2026, 2, 2)}};
  const MeasureRecords m = ComputeMeasures(facts);
  const auto& completions = m.at("ELEARNING_COMPLETIONS");
  ASSERT_THAT(Ids(completions), ElementsAre("p1/K-1", "p1/K-2"));
  EXPECT_EQ(completions[1].participant_id, "p1");
  EXPECT_EQ(completions[1].date, absl::CivilDay(2026, 2, 9));
}

TEST(PartsMeasures, PublishedPracticesAndSchoolsOfCasesNotWithdrawn) {
  Facts facts = Edition();
  for (const auto& [id, application, stage] :
       std::vector<std::tuple<std::string, std::string, int>>{
           {"c1", "a1", advisory::v1::ROLLOUT},
           {"c2", "a2", advisory::v1::WITHDRAWN},
           {"c3", "a3", advisory::v1::COMPLETED}}) {
    CaseFact c;
    c.case_id = id;
    c.application_id = application;
    c.teryt = application == "a2" ? "0201011" : "2476011";
    c.voivodeship = c.teryt.substr(0, 2);
    c.jst_kind = recruitment::v1::URBAN_COMMUNE;
    c.stage = stage;
    facts.cases.push_back(c);
  }
  PracticeFact published;
  published.practice_id = "gp1";
  published.case_id = "c1";
  published.application_id = "a1";
  published.voivodeship = "24";
  published.published = true;
  published.published_on = absl::CivilDay(2026, 6, 1);
  PracticeFact draft = published;
  draft.practice_id = "gp2";
  draft.published = false;
  facts.practices = {published, draft};
  // 1001 named twice by c1 and (moved to c3's JST by the register) by c3;
  // 2001 only by the withdrawn c2.
  facts.case_schools = {
      {"c1", absl::CivilDay(2026, 5, 10), {"1001", "1002", "1001"}},
      {"c2", absl::CivilDay(2026, 5, 1), {"2001"}},
      {"c3", absl::CivilDay(2026, 4, 1), {"1001"}}};
  const MeasureRecords m = ComputeMeasures(facts);
  ASSERT_THAT(Ids(m.at("GOOD_PRACTICES_PUBLISHED")), ElementsAre("gp1"));
  EXPECT_EQ(m.at("GOOD_PRACTICES_PUBLISHED")[0].date,
            absl::CivilDay(2026, 6, 1));
  // Once per case: a record of each JST whose schedule names it, each
  // keyed by its case (the maintained counts' key).
  const auto& schools = m.at("SCHOOLS_REACHED");
  ASSERT_THAT(Ids(schools), ElementsAre("1001", "1001", "1002"));
  std::vector<std::string> keys;
  for (const Record& r : schools) keys.push_back(RecordKey(r));
  EXPECT_THAT(keys, UnorderedElementsAre("c1/1001", "c3/1001", "c1/1002"));
  for (const Record& r : schools) {
    EXPECT_EQ(r.date, r.case_id == "c3" ? absl::CivilDay(2026, 4, 1)
                                        : absl::CivilDay(2026, 5, 10));
    EXPECT_EQ(r.voivodeship, "24");
    EXPECT_EQ(r.jst_kind, recruitment::v1::URBAN_COMMUNE);
  }
  EXPECT_EQ(RecordKey(m.at("GOOD_PRACTICES_PUBLISHED")[0]), "c1/gp1");
}

TEST(PartsMeasures, NoFactsNoRecords) {
  const MeasureRecords m = ComputeMeasures(Edition());
  for (const char* measure :
       {"OFFICIALS_IN_NETWORKS", "NETWORK_MEETINGS",
        "EXCHANGE_GROUP_REPRESENTATIVES", "EXCHANGE_GROUP_MEETINGS",
        "ELEARNING_COMPLETIONS", "GOOD_PRACTICES_PUBLISHED",
        "SCHOOLS_REACHED"}) {
    ASSERT_EQ(m.count(measure), 1u) << measure;
    EXPECT_THAT(m.at(measure), IsEmpty()) << measure;
  }
}

}  // namespace
}  // namespace jstedu::reporting
