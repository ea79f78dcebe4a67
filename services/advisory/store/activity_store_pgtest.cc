// The case timeline against real PostgreSQL: activities, paging, and the
// read audit of personal data (activities, experts).
#include "services/advisory/store/advisory_pgtest_fixture.h"

namespace jstedu::advisory {
namespace {

TEST_F(AdvisoryStoreTest,
       ActivitiesBuildTheTimelineAndReadsOfPersonalDataAreAudited) {
  const std::string id = Open();
  v1::Activity visit;
  visit.set_kind(v1::OFFICE_VISIT);
  visit.set_occurred_on("2026-02-20");
  visit.set_form(v1::IN_PERSON);
  visit.add_participants("Jan Kowalski, burmistrz");
  visit.add_guests("Kuratorium Oświaty w Katowicach");
  visit.add_documents("DOR.0012.3.2026");
  visit.set_notes("Spotkanie otwierające");
  const Actor expert{"edu-a", "EXPERT", ""};
  auto created = activities_.Create(id, {}, visit, expert, kNow);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->guests(0), "Kuratorium Oświaty w Katowicach");
  auto again = activities_.Create(id, {}, visit, expert, kNow);
  EXPECT_TRUE(HasViolation(again.status(), "OFFICE_VISIT_RECORDED"));
  v1::Activity contact = visit;
  contact.set_kind(v1::GUARDIAN_CONTACT);
  contact.set_occurred_on("2026-02-25");
  contact.set_form(v1::ONLINE);
  ASSERT_TRUE(activities_.Create(id, {}, contact, expert, kNow).ok());
  auto timeline = activities_.List(id, {}, {"office", "ADMIN", ""});
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline->size(), 2u);
  EXPECT_EQ((*timeline)[0].kind(), v1::OFFICE_VISIT);
  EXPECT_EQ(Count("SELECT count(*) FROM read_audit WHERE what = 'activities' "
                  "AND actor = "
                  "'office' AND cardinality(record_ids) = 2"),
            1);
  auto experts = experts_.List({}, {"office", "ADMIN", ""});
  ASSERT_TRUE(experts.ok());
  EXPECT_EQ(experts->size(), 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM read_audit WHERE what = 'experts'"), 1);
  // A page names only the experts it answers (issue 17 review: every page
  // audited the whole list).
  ExpertQuery second;
  second.window = {1, 1};
  bool more = true;
  auto page = experts_.List(second, {"pager", "ADMIN", ""}, &more);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().id(), (*experts)[1].id());
  EXPECT_FALSE(more);
  EXPECT_EQ(Count("SELECT count(*) FROM read_audit WHERE what = 'experts' AND "
                  "actor = 'pager' AND cardinality(record_ids) = 1"),
            1);
  second.window.offset = 0;
  ASSERT_TRUE(experts_.List(second, {"pager", "ADMIN", ""}, &more).ok());
  EXPECT_TRUE(more);
}

// A page of the timeline is read from PostgreSQL by position, one row more
// telling whether another follows, and audited alone (issue 17: the whole
// timeline was read and audited, then cut to the page).
TEST_F(AdvisoryStoreTest, ActivitiesArePagedInTheStoreAndEachPageAudited) {
  const std::string id = Open();
  std::vector<std::string> ids;  // in timeline order
  for (int day = 1; day <= 5; ++day) {
    v1::Activity contact;
    contact.set_kind(v1::GUARDIAN_CONTACT);
    contact.set_occurred_on(absl::StrCat("2026-03-0", day));
    contact.set_form(v1::ONLINE);
    contact.add_participants(absl::StrCat("Osoba ", day));
    auto created =
        activities_.Create(id, {}, contact, {"edu-a", "EXPERT", ""}, kNow);
    ASSERT_TRUE(created.ok()) << created.status();
    ids.push_back(created->id());
  }
  const Actor pager{"pager", "ADMIN", ""};
  auto read = [&](PageWindow window, bool* more) {
    std::vector<std::string> got;
    auto page = activities_.List(id, {}, pager, window, more);
    EXPECT_TRUE(page.ok()) << page.status();
    if (page.ok()) {
      for (const v1::Activity& a : *page) got.push_back(a.id());
    }
    return got;
  };
  bool more = false;
  EXPECT_EQ(read({0, 2}, &more), (std::vector<std::string>{ids[0], ids[1]}));
  EXPECT_TRUE(more);
  EXPECT_EQ(read({2, 2}, &more), (std::vector<std::string>{ids[2], ids[3]}));
  EXPECT_TRUE(more);
  EXPECT_EQ(read({4, 2}, &more), std::vector<std::string>{ids[4]});
  EXPECT_FALSE(more);
  EXPECT_EQ(read({4, 1}, &more), std::vector<std::string>{ids[4]});
  EXPECT_FALSE(more);
  EXPECT_EQ(read({6, 2}, &more), std::vector<std::string>{});
  EXPECT_FALSE(more);
  // Each page names only its own rows; the empty one writes nothing.
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM read_audit WHERE actor = 'pager' AND "
                "what = 'activities' AND record_ids = ARRAY['",
                ids[0], "', '", ids[1], "']")),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM read_audit WHERE actor = 'pager'"), 4);
  EXPECT_EQ(Count("SELECT max(cardinality(record_ids)) FROM read_audit WHERE "
                  "actor = 'pager'"),
            2);
  // Without a window: the whole timeline.
  EXPECT_EQ(read({}, &more), ids);
  EXPECT_FALSE(more);
}

}  // namespace
}  // namespace jstedu::advisory
