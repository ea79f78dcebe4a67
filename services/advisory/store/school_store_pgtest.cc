// The school register and the schools actions name, against real
// PostgreSQL: loads (added, changed, closed, reopened, the same file
// again), the list's search, the schedule's schools checked against the
// register, and CaseSchoolsChanged on approval and on a drop.
#include "services/advisory/store/advisory_pgtest_fixture.h"
#include "services/advisory/store/school_store.h"

namespace jstedu::advisory {
namespace {

using ::testing::ElementsAre;

class SchoolStoreTest : public AdvisoryStoreTest {
 protected:
  absl::StatusOr<v1::ImportSchoolsResponse> Load(
      const std::string& csv, const std::string& voivodeship = "24") {
    const SchoolFile file = ReadSchoolCsv(csv, voivodeship);
    EXPECT_TRUE(file.problems.empty()) << file.problems.size();
    return schools_.Load(file, voivodeship, "sha", {"office", "ADMIN", ""},
                         kNow);
  }

  std::vector<std::string> Rspo(const SchoolQuery& query) {
    auto listed = schools_.List(query);
    EXPECT_TRUE(listed.ok()) << listed.status();
    std::vector<std::string> out;
    if (listed.ok()) {
      for (const auto& s : *listed) out.push_back(s.rspo());
    }
    return out;
  }

  // A case of `teryt` in NEEDS_DIAGNOSIS (its schedule not yet written).
  std::string DiagnosisCase(const std::string& teryt) {
    const std::string id = Open(teryt, teryt.substr(0, 2));
    Must(commands_.AssignExperts(In(id), education_, personnel_,
                                 v1::EDUCATION_DEVELOPMENT));
    Must(commands_.ChooseArea(In(id), Area(), Agreement()));
    return id;
  }

  std::vector<ev::CaseSchoolsChanged> SchoolEvents(const std::string& id) {
    return Outbox<ev::CaseSchoolsChanged>(id);
  }

  static constexpr char kRegister[] =
      "rspo;name;type;teryt_of_running_jst\n"
      "1001;Szkoła Podstawowa nr 1 w Łodygowicach;Szkoła podstawowa;2476011\n"
      "1002;Przedszkole Publiczne;Przedszkole;2476011\n"
      "1003;Liceum Ogólnokształcące;Liceum;2476\n"
      "1004;Szkoła Podstawowa w Bobrownikach;Szkoła podstawowa;2476021\n";
  static constexpr char kLowerSilesia[] =
      "rspo;name;type;teryt_of_running_jst\n"
      "2001;Szkoła Podstawowa we Wrocławiu;Szkoła podstawowa;0264011\n";

  SchoolStore schools_{db_.pool()};
};

TEST_F(SchoolStoreTest, ALoadAddsChangesClosesAndReopensNeverDeletes) {
  ASSERT_TRUE(Load(kLowerSilesia, "02").ok());
  auto first = Load(kRegister);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->rows(), 4);
  EXPECT_EQ(first->added(), 4);
  EXPECT_EQ(first->unchanged(), 0);
  EXPECT_EQ(first->closed(), 0) << "02's school is another file's";
  // The same file again changes nothing.
  auto again = Load(kRegister);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->added(), 0);
  EXPECT_EQ(again->changed(), 0);
  EXPECT_EQ(again->closed(), 0);
  EXPECT_EQ(again->unchanged(), 4);
  // Voivodeship 24 again: 1002 renamed, 1004 gone (closed), 1005 new;
  // 02's school is not in the file and stays open.
  auto second = Load(
      "rspo;name;type;teryt_of_running_jst\n"
      "1001;Szkoła Podstawowa nr 1 w Łodygowicach;Szkoła podstawowa;2476011\n"
      "1002;Przedszkole Publiczne nr 2;Przedszkole;2476011\n"
      "1003;Liceum Ogólnokształcące;Liceum;2476\n"
      "1005;Technikum;Technikum;2476\n");
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->added(), 1);
  EXPECT_EQ(second->changed(), 1);
  EXPECT_EQ(second->closed(), 1);
  EXPECT_EQ(second->unchanged(), 2);
  EXPECT_EQ(db_.Query("SELECT closed_on FROM school WHERE rspo = '1004'"),
            "2026-03-02");
  EXPECT_EQ(db_.Query("SELECT closed_on IS NULL FROM school WHERE rspo = "
                      "'2001'"),
            "t");
  // Listed again: open again.
  auto third = Load(kRegister);
  ASSERT_TRUE(third.ok());
  EXPECT_EQ(third->reopened(), 1);
  EXPECT_EQ(third->closed(), 1) << "1005 is not in this file";
  EXPECT_EQ(Count("SELECT count(*) FROM school"), 6) << "never deleted";
  EXPECT_EQ(Count("SELECT count(*) FROM school_import"), 5);
}

TEST_F(SchoolStoreTest, TheListFindsByJstAndByWordsOfTheName) {
  ASSERT_TRUE(Load(kRegister).ok());
  ASSERT_TRUE(Load(kLowerSilesia, "02").ok());
  SchoolQuery commune;
  commune.running_teryt = "2476011";
  EXPECT_THAT(Rspo(commune), ElementsAre("1002", "1001"));  // by name
  SchoolQuery words;
  words.words = "SZKOLA podst lodyg";
  EXPECT_THAT(Rspo(words), ElementsAre("1001"));
  words.words = "100";
  EXPECT_EQ(Rspo(words).size(), 4u) << "the RSPO number is searched too";
  SchoolQuery page;
  page.window = {0, 2};
  bool more = false;
  auto first = schools_.List(page, &more);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->size(), 2u);
  EXPECT_TRUE(more);
}

TEST_F(SchoolStoreTest, AnActionNamesOnlyOpenSchoolsOfTheCasesJst) {
  ASSERT_TRUE(Load(kRegister).ok());
  ASSERT_TRUE(Load("rspo;name;type;teryt_of_running_jst\n"
                   "1001;Szkoła Podstawowa nr 1;Szkoła podstawowa;2476011\n"
                   "1003;Liceum Ogólnokształcące;Liceum;2476\n")
                  .ok());  // 1002 and 1004 closed
  const std::string id = DiagnosisCase("2476011");
  std::vector<v1::Action> schedule = Schedule();
  schedule[0].add_schools("1001");
  schedule[1].add_schools("1003");  // the county's
  schedule[1].add_schools("1002");  // closed
  schedule[1].add_schools("9999");  // unknown
  const std::string before = Snapshot(id);
  auto refused = commands_.CompleteDiagnosis(In(id), "Diagnoza", schedule);
  ASSERT_TRUE(absl::IsInvalidArgument(refused.status())) << refused.status();
  const std::string details = errors::SerializedDetails(refused.status());
  for (const char* field : {"actions[1].schools[0]", "actions[1].schools[1]",
                            "actions[1].schools[2]"}) {
    EXPECT_NE(details.find(field), std::string::npos) << field;
  }
  EXPECT_EQ(details.find("actions[0].schools[0]"), std::string::npos);
  EXPECT_EQ(Snapshot(id), before);
  EXPECT_EQ(Count("SELECT count(*) FROM action_school"), 0);

  // The commune's open school: kept with the action, read back sorted.
  schedule = Schedule();
  schedule[0].add_schools("1001");
  auto written = commands_.CompleteDiagnosis(In(id), "Diagnoza", schedule);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_THAT(written->actions(0).schools(), ElementsAre("1001"));
  auto read = cases_.Get(id, {}, ProgrammeDay(kNow), {"office", "ADMIN", ""});
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_THAT(read->actions(0).schools(), ElementsAre("1001"));
  EXPECT_TRUE(read->actions(1).schools().empty());
  // Replacing the unapproved schedule replaces its schools.
  schedule[0].clear_schools();
  schedule[1].add_schools("1001");
  ASSERT_TRUE(commands_.CompleteDiagnosis(In(id), "Diagnoza", schedule).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM action_school"), 1);
  EXPECT_TRUE(SchoolEvents(id).empty()) << "not counted before approval";
}

TEST_F(SchoolStoreTest, ApprovalAndADropPublishTheCasesSchools) {
  ASSERT_TRUE(Load(kRegister).ok());
  const std::string id = DiagnosisCase("2476011");
  std::vector<v1::Action> schedule = Schedule();
  schedule[0].add_schools("1002");
  schedule[0].add_schools("1001");
  schedule[1].add_schools("1001");
  Must(commands_.CompleteDiagnosis(In(id), "Diagnoza", schedule));
  Must(commands_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a"));
  auto events = SchoolEvents(id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].schedule_approved_on(), "2026-03-02");
  EXPECT_EQ(events[0].case_().teryt(), "2476011");
  ASSERT_EQ(events[0].actions_size(), 2);
  EXPECT_THAT(events[0].actions(0).rspo(), ElementsAre("1001", "1002"));
  EXPECT_FALSE(events[0].actions(0).dropped());
  // Done: nothing new; dropped: the set again with the action dropped.
  Must(commands_.CompleteAction(In(id), FirstAction(id),
                                absl::CivilDay(2026, 3, 1)));
  EXPECT_EQ(SchoolEvents(id).size(), 1u);
  Must(commands_.DropAction(In(id), FirstAction(id), "brak środków"));
  events = SchoolEvents(id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_FALSE(events[1].actions(0).dropped());
  EXPECT_TRUE(events[1].actions(1).dropped());
  EXPECT_GT(events[1].case_().version(), events[0].case_().version());
}

TEST_F(SchoolStoreTest, TheSchoolsReachedAreOfApprovedSchedulesInScope) {
  ASSERT_TRUE(Load(kRegister).ok());
  const std::string id = DiagnosisCase("2476011");
  std::vector<v1::Action> schedule = Schedule();
  schedule[0].add_schools("1002");
  schedule[0].add_schools("1001");
  schedule[1].add_schools("1001");
  Must(commands_.CompleteDiagnosis(In(id), "Diagnoza", schedule));
  auto reached = [&](const CaseScope& scope, const std::string& voivodeship,
                     PageWindow window = {}) {
    SchoolsReachedQuery query;
    query.edition = "PILOT";
    query.scope = scope;
    query.voivodeship = voivodeship;
    query.window = window;
    auto listed = schools_.ListReached(query);
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? *listed : std::vector<v1::SchoolReached>{};
  };
  EXPECT_TRUE(reached({}, "").empty()) << "not reached before approval";
  Must(commands_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a"));
  std::vector<v1::SchoolReached> all = reached({}, "");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].rspo(), "1001");
  EXPECT_EQ(all[0].name(), "Szkoła Podstawowa nr 1 w Łodygowicach");
  EXPECT_EQ(all[0].case_(), id);
  EXPECT_EQ(all[0].teryt(), "2476011");
  EXPECT_EQ(all[0].voivodeship(), "24");
  EXPECT_EQ(all[0].case_stage(), v1::ROLLOUT);
  EXPECT_EQ(all[0].schedule_approved_on(), "2026-03-02");
  EXPECT_EQ(all[0].actions_size(), 2);
  EXPECT_EQ(all[1].rspo(), "1002");
  EXPECT_EQ(all[1].actions_size(), 1);
  // The caller's scope and the filter: the JST and its voivodeship's
  // coordinator see them; another voivodeship's sees none.
  EXPECT_EQ(reached({"24", "", ""}, "").size(), 2u);
  EXPECT_EQ(reached({"", "2476011", ""}, "").size(), 2u);
  EXPECT_TRUE(reached({"02", "", ""}, "").empty());
  EXPECT_TRUE(reached({}, "02").empty());
  EXPECT_EQ(reached({}, "", {0, 1}).size(), 1u);
  // The second action dropped: 1001 is still named by the first.
  Must(commands_.CompleteAction(In(id), FirstAction(id),
                                absl::CivilDay(2026, 3, 1)));
  Must(commands_.DropAction(In(id), FirstAction(id), "brak środków"));
  all = reached({}, "");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].actions_size(), 1);
}

}  // namespace
}  // namespace jstedu::advisory
