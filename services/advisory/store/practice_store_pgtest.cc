// Good practices against real PostgreSQL: the status path with its history
// and events, the rules refused by name, who reads drafts, the search with
// Polish words, and two publications at once.
#include <thread>

#include "services/advisory/store/advisory_pgtest_fixture.h"
#include "services/advisory/store/practice_store.h"

namespace jstedu::advisory {
namespace {

class PracticeStoreTest : public AdvisoryStoreTest {
 protected:
  static v1::GoodPractice Text(const std::string& title,
                               const std::string& description,
                               std::vector<std::string> keywords = {}) {
    v1::GoodPractice p;
    p.set_title(title);
    p.set_description(description);
    for (auto& k : keywords) p.add_keywords(k);
    return p;
  }

  v1::GoodPractice Draft(const std::string& case_id, const std::string& title,
                         const std::string& description = "Opis praktyki.") {
    auto created =
        practices_.Create(case_id, {}, Text(title, description), kExpert, kNow);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : v1::GoodPractice();
  }

  absl::StatusOr<v1::GoodPractice> Do(const v1::GoodPractice& p,
                                      PracticeCommand command,
                                      const std::string& reason = "",
                                      const Actor& actor = kOffice) {
    return practices_.Change(p.id(), {}, {command, p.version(), reason}, actor,
                             kNow);
  }

  v1::GoodPractice Published(const std::string& case_id,
                             const std::string& title,
                             const std::string& description) {
    v1::GoodPractice p = Draft(case_id, title, description);
    auto submitted = Do(p, PracticeCommand::kSubmit, "", kExpert);
    EXPECT_TRUE(submitted.ok()) << submitted.status();
    if (!submitted.ok()) return p;
    auto published = Do(*submitted, PracticeCommand::kPublish);
    EXPECT_TRUE(published.ok()) << published.status();
    return published.ok() ? *published : p;
  }

  std::vector<ev::GoodPracticeStatusChanged> Events(const std::string& id) {
    return Outbox<ev::GoodPracticeStatusChanged>(id);
  }

  std::vector<std::string> Titles(const PracticeQuery& query,
                                  const PracticeReader& reader = {}) {
    auto listed = practices_.List(query, reader);
    EXPECT_TRUE(listed.ok()) << listed.status();
    std::vector<std::string> titles;
    if (listed.ok()) {
      for (const auto& p : *listed) titles.push_back(p.title());
    }
    return titles;
  }

  static PracticeQuery Search(const std::string& words) {
    PracticeQuery query;
    query.edition = "PILOT";
    query.search = words;
    return query;
  }

  std::string Rows() {
    return db_.Query(
        "SELECT coalesce((SELECT json_agg(p ORDER BY id)::text FROM "
        "good_practice p), '') || (SELECT count(*) FROM "
        "good_practice_history) || (SELECT count(*) FROM outbox WHERE "
        "event_type LIKE '%GoodPractice%')");
  }

  inline static const Actor kExpert{"edu-a", "EXPERT", ""};
  inline static const Actor kOffice{"office", "ADMIN", ""};
  PracticeStore practices_{db_.pool()};
};

TEST_F(PracticeStoreTest, APracticeGoesFromDraftToPublishedWithHistory) {
  const std::string case_id = CaseAt(Stage::kCompleted);
  v1::GoodPractice draft = Draft(case_id, "Zespół dyrektorów szkół");
  EXPECT_EQ(draft.status(), v1::PRACTICE_DRAFT);
  EXPECT_EQ(draft.version(), 1);
  EXPECT_EQ(draft.support_area(), Area()) << "the case's chosen area";
  EXPECT_EQ(draft.support_area_code(), "SA-01");
  EXPECT_EQ(draft.voivodeship(), "24");
  EXPECT_EQ(draft.jst_kind(), recruitment::v1::URBAN_COMMUNE);
  EXPECT_EQ(draft.plan().document_reference(), "Uchwała nr XII/87/2026");
  EXPECT_EQ(draft.author(), "edu-a");
  EXPECT_FALSE(draft.has_published_on());

  v1::GoodPractice edited = Text("Zespół dyrektorów szkół i przedszkoli",
                                 "Comiesięczne spotkania.", {"dyrektorzy"});
  auto updated = practices_.Update(draft.id(), {}, 1, edited, kExpert, kNow);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->version(), 2);
  EXPECT_EQ(updated->keywords(0), "dyrektorzy");
  auto submitted = Do(*updated, PracticeCommand::kSubmit, "", kExpert);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  auto returned =
      Do(*submitted, PracticeCommand::kReturn, "Proszę dodać rezultaty.");
  ASSERT_TRUE(returned.ok()) << returned.status();
  EXPECT_EQ(returned->status(), v1::PRACTICE_DRAFT);
  EXPECT_EQ(returned->return_reason(), "Proszę dodać rezultaty.");
  auto again = Do(*returned, PracticeCommand::kSubmit, "", kExpert);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->return_reason(), "") << "submitted again";
  auto published = Do(*again, PracticeCommand::kPublish);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->status(), v1::PRACTICE_PUBLISHED);
  EXPECT_EQ(published->published_on(), "2026-03-02");
  auto withdrawn =
      Do(*published, PracticeCommand::kWithdraw, "JST zmieniła organizację.");
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  EXPECT_EQ(withdrawn->status(), v1::PRACTICE_WITHDRAWN);
  EXPECT_EQ(withdrawn->version(), 7);
  EXPECT_EQ(withdrawn->published_on(), "2026-03-02");

  // One event per status (the edit has none), newest version last.
  const auto events = Events(draft.id());
  std::vector<v1::PracticeStatus> statuses;
  for (const auto& e : events) statuses.push_back(e.status());
  EXPECT_EQ(statuses, (std::vector<v1::PracticeStatus>{
                          v1::PRACTICE_DRAFT, v1::PRACTICE_SUBMITTED,
                          v1::PRACTICE_DRAFT, v1::PRACTICE_SUBMITTED,
                          v1::PRACTICE_PUBLISHED, v1::PRACTICE_WITHDRAWN}));
  ASSERT_EQ(events.size(), 6u);
  EXPECT_EQ(events[4].published_on(), "2026-03-02");
  EXPECT_EQ(events[4].version(), 6);
  EXPECT_EQ(events[4].case_id(), case_id);
  EXPECT_EQ(events[4].teryt(), draft.teryt());
  EXPECT_EQ(events[4].support_area_code(), "SA-01");
  EXPECT_EQ(events[5].published_on(), "");

  // The office reads the whole history; a JST the published text only.
  auto read = practices_.Get(draft.id(), {true, {}});
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->history_size(), 7);
  EXPECT_EQ(read->history(0).command(), "create");
  EXPECT_EQ(read->history(3).command(), "return");
  EXPECT_EQ(read->history(3).reason(), "Proszę dodać rezultaty.");
  EXPECT_EQ(read->history(3).from_status(), v1::PRACTICE_SUBMITTED);
  EXPECT_EQ(read->history(6).to_status(), v1::PRACTICE_WITHDRAWN);
  EXPECT_EQ(read->history(6).actor(), "office");
  EXPECT_TRUE(absl::IsNotFound(practices_.Get(draft.id(), {}).status()))
      << "withdrawn: no longer in the public catalogue";
}

TEST_F(PracticeStoreTest, RulesAreRefusedByNameAndChangeNothing) {
  const std::string case_id = CaseAt(Stage::kNeedsDiagnosis);
  v1::GoodPractice draft = Draft(case_id, "Rada oświatowa");
  const std::string before = Rows();

  EXPECT_TRUE(HasViolation(Do(draft, PracticeCommand::kPublish).status(),
                           "WRONG_STATUS"));
  EXPECT_TRUE(HasViolation(Do(draft, PracticeCommand::kWithdraw, "x").status(),
                           "WRONG_STATUS"));
  auto stale = practices_.Change(
      draft.id(), {}, {PracticeCommand::kSubmit, 2, ""}, kExpert, kNow);
  EXPECT_TRUE(absl::IsAborted(stale.status())) << stale.status();
  auto twice = practices_.Create(case_id, {}, Text("RADA  oświatowa", "x"),
                                 kExpert, kNow);
  EXPECT_TRUE(absl::IsAlreadyExists(twice.status())) << twice.status();
  // No area chosen yet and none named; an area of another edition.
  const std::string fresh = Open("2476021", "24");
  auto no_area =
      practices_.Create(fresh, {}, Text("Sieć szkół", "x"), kExpert, kNow);
  EXPECT_TRUE(absl::IsInvalidArgument(no_area.status())) << no_area.status();
  EXPECT_THAT(std::string(no_area.status().message()),
              ::testing::HasSubstr("practice.supportArea"));
  v1::GoodPractice foreign = Text("Sieć szkół", "x");
  foreign.set_support_area(NewUuid(db_));  // no area at all
  EXPECT_TRUE(absl::IsInvalidArgument(
      practices_.Create(fresh, {}, foreign, kExpert, kNow).status()));
  foreign.set_support_area(db_.Query(
      "INSERT INTO support_area (id, edition, code, thematic_area, title, "
      "description, created_by) VALUES (gen_random_uuid(), 'OTHER', "
      "'SA-01', 'SCHOOL_SUPPORT', 'Obszar', '', 'office') RETURNING id"));
  auto other_edition = practices_.Create(fresh, {}, foreign, kExpert, kNow);
  EXPECT_TRUE(absl::IsInvalidArgument(other_edition.status()));
  EXPECT_THAT(std::string(other_edition.status().message()),
              ::testing::HasSubstr("edition PILOT's catalogue"));
  const std::string withdrawn = CaseAt(Stage::kWithdrawn);
  EXPECT_TRUE(HasViolation(
      practices_.Create(withdrawn, {}, Text("Plan", "x"), kExpert, kNow)
          .status(),
      "CASE_WITHDRAWN"));
  // Out of scope: another region's coordinator, an expert not of the pair.
  CaseScope other_region;
  other_region.voivodeship = "02";
  EXPECT_TRUE(absl::IsNotFound(
      practices_.Create(case_id, other_region, Text("Inna", "x"), kOffice, kNow)
          .status()));
  CaseScope stranger;
  stranger.expert_subject = "nobody";
  EXPECT_TRUE(absl::IsNotFound(practices_
                                   .Change(draft.id(), stranger,
                                           {PracticeCommand::kSubmit, 1, ""},
                                           kExpert, kNow)
                                   .status()));
  EXPECT_EQ(Rows(), before);
}

TEST_F(PracticeStoreTest, DraftsAreReadOnlyByThoseWhoMayProposeThem) {
  const std::string silesian = CaseAt(Stage::kNeedsDiagnosis);
  v1::GoodPractice draft = Draft(silesian, "Szkolny budżet partycypacyjny");
  v1::GoodPractice shown =
      Published(silesian, "Mapa potrzeb edukacyjnych", "Analiza danych.");
  PracticeQuery all = Search("");

  // Everyone: the published one only, without history.
  EXPECT_EQ(Titles(all), std::vector<std::string>{"Mapa potrzeb edukacyjnych"});
  auto public_read = practices_.Get(shown.id(), {});
  ASSERT_TRUE(public_read.ok());
  EXPECT_EQ(public_read->history_size(), 0);
  EXPECT_TRUE(absl::IsNotFound(practices_.Get(draft.id(), {}).status()));
  // The coordinator of 24, the case's expert, the office: both.
  PracticeReader coordinator{true, {}};
  coordinator.scope.voivodeship = "24";
  PracticeReader expert{true, {}};
  expert.scope.expert_subject = "edu-a";
  for (const PracticeReader& reader :
       {coordinator, expert, PracticeReader{true, {}}}) {
    EXPECT_EQ(Titles(all, reader).size(), 2u);
    auto read = practices_.Get(draft.id(), reader);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->history_size(), 1);
  }
  // Another region's coordinator and another expert: the published one.
  PracticeReader mazovian{true, {}};
  mazovian.scope.voivodeship = "14";
  PracticeReader other_expert{true, {}};
  other_expert.scope.expert_subject = "per-b";
  for (const PracticeReader& reader : {mazovian, other_expert}) {
    EXPECT_EQ(Titles(all, reader),
              std::vector<std::string>{"Mapa potrzeb edukacyjnych"});
    EXPECT_TRUE(absl::IsNotFound(practices_.Get(draft.id(), reader).status()));
    auto read = practices_.Get(shown.id(), reader);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(read->history_size(), 0);
  }
  // Asking for drafts by status does not widen what a reader sees.
  PracticeQuery drafts = all;
  drafts.status = "DRAFT";
  EXPECT_TRUE(Titles(drafts).empty());
  EXPECT_EQ(Titles(drafts, expert),
            std::vector<std::string>{"Szkolny budżet partycypacyjny"});
}

TEST_F(PracticeStoreTest, SearchIgnoresCaseAndDiacriticsAndMatchesWordForms) {
  const std::string a = CaseAt(Stage::kNeedsDiagnosis);
  const std::string b = CaseAt(Stage::kNeedsDiagnosis);
  Published(a, "Sieć współpracy szkół w Łodzi",
            "Dyrektorzy szkoły podstawowej spotykają się co miesiąc.");
  Published(b, "Finansowanie oświaty",
            "Analiza subwencji oświatowej i wydatków na szkołę.");
  v1::GoodPractice keyworded = Draft(a, "Doradztwo zawodowe", "Opis.");
  v1::GoodPractice with_keywords =
      Text("Doradztwo zawodowe", "Opis.", {"Kompetencje kluczowe"});
  auto edited =
      practices_.Update(keyworded.id(), {}, 1, with_keywords, kExpert, kNow);
  ASSERT_TRUE(edited.ok()) << edited.status();
  auto submitted = Do(*edited, PracticeCommand::kSubmit, "", kExpert);
  ASSERT_TRUE(Do(*submitted, PracticeCommand::kPublish).ok());

  using ::testing::ElementsAre;
  using ::testing::UnorderedElementsAre;
  EXPECT_THAT(Titles(Search("SZKOŁY")),
              UnorderedElementsAre("Sieć współpracy szkół w Łodzi",
                                   "Finansowanie oświaty"));
  EXPECT_THAT(Titles(Search("lodz")),
              ElementsAre("Sieć współpracy szkół w Łodzi"));
  EXPECT_THAT(Titles(Search("siec szkol")),
              ElementsAre("Sieć współpracy szkół w Łodzi"));
  EXPECT_THAT(Titles(Search("oświatowa subwencja")),
              ElementsAre("Finansowanie oświaty"));
  EXPECT_THAT(Titles(Search("kompetencji")), ElementsAre("Doradztwo zawodowe"))
      << "keywords are searched";
  EXPECT_TRUE(Titles(Search("szkoły przedszkola")).empty()) << "every word";
  // Punctuation and tsquery syntax are words' separators, not errors.
  EXPECT_THAT(Titles(Search("finansowanie & | ! ( ) :* '")),
              ElementsAre("Finansowanie oświaty"));
  // Filters with the search; pages of one.
  PracticeQuery in_b = Search("szkoła");
  in_b.teryt = db_.Query(
      absl::StrCat("SELECT teryt FROM advisory_case WHERE id = '", b, "'"));
  EXPECT_THAT(Titles(in_b), ElementsAre("Finansowanie oświaty"));
  PracticeQuery first = Search("");
  first.window = {0, 2};
  bool more = false;
  auto page = practices_.List(first, {}, &more);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->size(), 2u);
  EXPECT_TRUE(more);
  first.window = {2, 2};
  page = practices_.List(first, {}, &more);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->size(), 1u);
  EXPECT_FALSE(more);
  // The export's source: published ones by voivodeship, TERYT and title.
  auto published = practices_.Published("PILOT");
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(published->size(), 3u);
}

TEST_F(PracticeStoreTest, TwoPublicationsAtOnceLeaveOneStatusChange) {
  const std::string case_id = CaseAt(Stage::kNeedsDiagnosis);
  v1::GoodPractice draft = Draft(case_id, "Monitoring jakości");
  auto submitted = Do(draft, PracticeCommand::kSubmit, "", kExpert);
  ASSERT_TRUE(submitted.ok());
  std::vector<absl::Status> results(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      results[i] =
          Do(*submitted,
             i % 2 == 0 ? PracticeCommand::kPublish : PracticeCommand::kReturn,
             "powód")
              .status();
    });
  }
  for (auto& t : threads) t.join();
  int ok = 0;
  for (const absl::Status& s : results) {
    if (s.ok()) {
      ++ok;
    } else {
      EXPECT_TRUE(absl::IsAborted(s)) << s;
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(Events(draft.id()).size(), 3u);
  EXPECT_EQ(
      Count(absl::StrCat("SELECT count(*) FROM good_practice_history WHERE "
                         "practice_id = '",
                         draft.id(), "'")),
      3);
}

TEST_F(PracticeStoreTest, TwoEditsToOneTitleAtOnceLeaveOneNamedRefusal) {
  const std::string case_id = CaseAt(Stage::kNeedsDiagnosis);
  for (int round = 0; round < 5; ++round) {
    const std::string title = absl::StrCat("Wspólny tytuł ", round);
    v1::GoodPractice a = Draft(case_id, absl::StrCat("A", round));
    v1::GoodPractice b = Draft(case_id, absl::StrCat("B", round));
    absl::Status results[2];
    std::thread first([&] {
      results[0] =
          practices_.Update(a.id(), {}, 1, Text(title, "x"), kExpert, kNow)
              .status();
    });
    std::thread second([&] {
      results[1] =
          practices_.Update(b.id(), {}, 1, Text(title, "x"), kExpert, kNow)
              .status();
    });
    first.join();
    second.join();
    EXPECT_NE(results[0].ok(), results[1].ok()) << results[0] << results[1];
    for (const absl::Status& s : results) {
      if (s.ok()) continue;
      EXPECT_TRUE(absl::IsAlreadyExists(s)) << s;
      EXPECT_THAT(std::string(s.message()),
                  ::testing::HasSubstr("practice.title"));
    }
  }
}

}  // namespace
}  // namespace jstedu::advisory
