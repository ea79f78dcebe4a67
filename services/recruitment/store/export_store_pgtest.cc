// What leaves recruitment: the participants' facts, the facts published again,
// a workshop group's people.
// Against a real PostgreSQL (and Redis), through the gRPC service running
// in-process (recruitment_pgtest_fixture.h).
#include "services/recruitment/store/recruitment_pgtest_fixture.h"

namespace jstedu::recruitment {
namespace {

TEST_F(RecruitmentTest, ParticipantFactsAreTheEventsFactsPagedWithoutAudit) {
  const std::string edition = CreateEdition(30, 3);
  v1::Application a = Submit(edition, Jsts("02", 1).front(), 3, People(3));
  v1::Application b = Submit(edition, Jsts("04", 1).front(), 3, People(3));
  Submit(edition, Jsts("06", 1).front(), 3, People(3));  // never qualified
  v1::Application out;
  ASSERT_TRUE(Qualify(a.id(), &out).ok());
  ASSERT_TRUE(Qualify(b.id(), &out).ok());
  // A's fourth representative lacks the monitoring data; its first leaves.
  v1::CreateParticipantRequest add;
  add.set_application(a.id());
  *add.mutable_participant() = Person(People(1));
  add.mutable_participant()->clear_education_level();
  add.mutable_participant()->clear_position();
  add.mutable_participant()->clear_email();
  add.mutable_participant()->clear_phone();
  v1::Participant sparse;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::CreateParticipant, add, &sparse)
          .ok());
  // The answer names the missing fields as the JSON does; the facts below
  // keep the proto names every event has carried.
  EXPECT_THAT(sparse.missing_monitoring_fields(),
              ::testing::ElementsAre("educationLevel", "position", "contact"));
  v1::WithdrawParticipantRequest leave;
  leave.set_participant(a.representatives(0).participant());
  leave.set_reason("zmiana pracy");
  v1::Participant gone;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawParticipant, leave, &gone)
          .ok());
  std::vector<std::string> expected = RepresentativeIds(b);
  for (const std::string& id : RepresentativeIds(a)) expected.push_back(id);
  expected.push_back(sparse.id());
  std::sort(expected.begin(), expected.end());
  const int audited = Count("SELECT count(*) FROM personal_data_access");

  v1::ListParticipantFactsRequest request;
  request.set_edition(edition);
  request.set_page_size(2);
  std::vector<v1::ParticipantFacts> facts;
  int pages = 0;
  do {
    ++pages;
    v1::ListParticipantFactsResponse page;
    ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ListParticipantFacts,
                     request, &page, "MINISTRY")
                    .ok());
    facts.insert(facts.end(), page.participants().begin(),
                 page.participants().end());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 4);  // 2 + 2 + 2 + 1
  std::vector<std::string> listed;
  for (const v1::ParticipantFacts& f : facts) {
    listed.push_back(f.participant_id());
    EXPECT_EQ(
        f.SerializeAsString(),
        NewestEventFacts(*schema_, f.participant_id()).SerializeAsString())
        << f.participant_id();
    if (f.participant_id() == gone.id()) {
      EXPECT_EQ(f.status(), v1::PARTICIPANT_WITHDRAWN);
      EXPECT_EQ(f.end_reason(), v1::PARTICIPANT_WITHDREW);
      EXPECT_EQ(f.participation_end(), gone.participation_end());
    }
    if (f.participant_id() == sparse.id()) {
      EXPECT_FALSE(f.monitoring_data_complete());
      EXPECT_EQ(
          std::vector<std::string>(f.missing_monitoring_fields().begin(),
                                   f.missing_monitoring_fields().end()),
          (std::vector<std::string>{"education_level", "position", "contact"}));
    } else {
      EXPECT_TRUE(f.monitoring_data_complete()) << f.participant_id();
    }
  }
  EXPECT_EQ(listed, expected);  // by id; the unqualified JST's team absent
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_access"), audited);
}

TEST_F(RecruitmentTest, ParticipantFactsFilterRolesAndBadInput) {
  const std::string edition = CreateEdition(30, 3);
  const std::string teryt = Jsts("08", 1).front();
  v1::Application a = Submit(edition, teryt, 3, People(3));
  v1::Application b = Submit(edition, Jsts("10", 1).front(), 3, People(3));
  v1::Application out;
  ASSERT_TRUE(Qualify(a.id(), &out).ok());
  ASSERT_TRUE(Qualify(b.id(), &out).ok());
  const auto list = &v1::RecruitmentService::Stub::ListParticipantFacts;
  v1::ListParticipantFactsRequest request;
  request.set_edition(edition);
  request.set_voivodeship("10");
  v1::ListParticipantFactsResponse page;
  ASSERT_TRUE(Call(list, request, &page, "ADMIN").ok());
  std::vector<std::string> ids;
  for (const auto& f : page.participants()) ids.push_back(f.participant_id());
  std::vector<std::string> expected = RepresentativeIds(b);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
  EXPECT_TRUE(page.next_page_token().empty());

  // Only ADMIN and MINISTRY, whatever their scope.
  EXPECT_EQ(Call(list, request, &page, "COORDINATOR", "10").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(list, request, &page, "JST", "", teryt).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  for (const char* role : {"EXPERT", "TRAINER"}) {
    EXPECT_EQ(Call(list, request, &page, role).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << role;
  }

  // A token is bound to its filters.
  request.clear_voivodeship();
  request.set_page_size(1);
  ASSERT_TRUE(Call(list, request, &page, "MINISTRY").ok());
  ASSERT_FALSE(page.next_page_token().empty());
  auto refused = [&](v1::ListParticipantFactsRequest bad) {
    grpc::Status status = Call(list, bad, &page, "MINISTRY");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    return BadFields(status);
  };
  v1::ListParticipantFactsRequest bad = request;
  bad.set_voivodeship("08");
  bad.set_page_token(page.next_page_token());
  EXPECT_EQ(refused(bad), std::vector<std::string>{"pageToken"});
  bad = request;
  bad.set_edition("not an edition");
  EXPECT_EQ(refused(bad), std::vector<std::string>{"edition"});
  bad = request;
  bad.set_voivodeship("03");
  EXPECT_EQ(refused(bad), std::vector<std::string>{"voivodeship"});
  bad = request;
  bad.set_page_size(1001);
  EXPECT_EQ(refused(bad), std::vector<std::string>{"pageSize"});
  bad = request;
  bad.set_edition("NO-SUCH-EDITION");
  EXPECT_EQ(Call(list, bad, &page, "MINISTRY").error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// A trainer's attendance sheet names the people of a workshop group: the
// active representatives of the group's qualified JSTs, names and JST only,
// each shown audited; nobody but the office and trainers reads them.
TEST_F(RecruitmentTest, TrainersListAWorkshopGroupsPeopleByNameAudited) {
  const std::string edition = CreateEdition(30, 1);
  const std::vector<std::string> jsts = Jsts("14", 2);
  v1::Application qualified = Submit(edition, jsts[0], 3, People(3));
  Submit(edition, jsts[1], 2, People(2));  // submitted, not qualified
  ASSERT_TRUE(Qualify(qualified.id(), &qualified).ok());
  v1::WithdrawParticipantRequest withdraw;
  withdraw.set_participant(qualified.representatives(2).participant());
  withdraw.set_reason("rezygnacja");
  v1::Participant left;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawParticipant, withdraw, &left)
          .ok());
  const int group = qualified.workshop_group();
  ASSERT_GE(group, 1);

  v1::ListGroupParticipantsRequest request;
  request.set_edition(edition);
  request.set_workshop_group(group);
  v1::ListGroupParticipantsResponse listed;
  for (const auto& [role, region] :
       std::vector<std::pair<std::string, std::string>>{{"COORDINATOR", "14"},
                                                        {"JST", ""},
                                                        {"EXPERT", ""},
                                                        {"MINISTRY", ""}}) {
    EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ListGroupParticipants,
                   request, &listed, role, region, role == "JST" ? jsts[0] : "")
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << role;
  }

  const int audited = Count("SELECT count(*) FROM personal_data_access");
  request.set_page_size(1);
  std::vector<v1::GroupParticipant> people;
  do {
    listed.Clear();
    grpc::Status status =
        Call(&v1::RecruitmentService::Stub::ListGroupParticipants, request,
             &listed, "TRAINER");
    ASSERT_TRUE(status.ok()) << status.error_message();
    people.insert(people.end(), listed.participants().begin(),
                  listed.participants().end());
    request.set_page_token(listed.next_page_token());
  } while (!request.page_token().empty());
  std::vector<std::string> expected = {
      qualified.representatives(0).participant(),
      qualified.representatives(1).participant()};
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(people.size(), 2u);
  for (size_t i = 0; i < people.size(); ++i) {
    EXPECT_EQ(people[i].participant(), expected[i]);
    EXPECT_EQ(people[i].first_name(), "Anna");
    EXPECT_EQ(people[i].last_name(), "Kowalska-Nowak");
    EXPECT_EQ(people[i].teryt(), jsts[0]);
    EXPECT_EQ(people[i].jst_name(), qualified.jst_name());
    EXPECT_EQ(people[i].workshop_group(), group);
    EXPECT_TRUE(people[i].declaration_recorded());
  }
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_access"), audited + 2);
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM personal_data_access WHERE "
                "participant_id = '",
                expected[0],
                "' AND rpc = 'ListGroupParticipants' AND role = 'TRAINER' AND "
                "purpose = 'attendance sheet of a workshop group'")),
            1);

  // Every group together (0) holds them too; another group nobody.
  request.clear_page_size();
  request.set_workshop_group(0);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ListGroupParticipants,
                   request, &listed, "TRAINER")
                  .ok());
  EXPECT_EQ(listed.participants_size(), 2);
  request.set_workshop_group(group % 4 + 1);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ListGroupParticipants,
                   request, &listed, "ADMIN")
                  .ok());
  EXPECT_EQ(listed.participants_size(), 0);

  // Bad input names its field and reads nothing; an unknown edition is 404.
  const int before = Count("SELECT count(*) FROM personal_data_access");
  request.set_workshop_group(5);
  grpc::Status bad = Call(&v1::RecruitmentService::Stub::ListGroupParticipants,
                          request, &listed, "TRAINER");
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(bad), ::testing::ElementsAre("workshopGroup"));
  request.set_workshop_group(group);
  request.set_edition("NIE-MA-TAKIEJ");
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ListGroupParticipants, request,
                 &listed, "TRAINER")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_access"), before);
}

// After an upgrade whose rules change participants' facts (0007 made every
// record lack the situation answers), the facts are published again at
// start without anyone touching the records; a second run publishes
// nothing.
TEST_F(RecruitmentTest, StaleFactsArePublishedAgainOnce) {
  const std::string edition = CreateEdition(30, 3);
  v1::Application app = Submit(edition, Jsts("30", 1).front(), 2, People(2));
  const std::vector<std::string> ids = RepresentativeIds(app);
  const Actor system{"recruitment-start", "SYSTEM", "", PinnedToday()};
  ASSERT_TRUE(stores_->participants.RepublishStaleFacts(system)
                  .ok());  // others' leftovers
  const auto events = [&] {
    return Count(absl::StrCat(
        "SELECT count(*) FROM outbox WHERE aggregate_id = '", ids[0], "'"));
  };
  const int before = events();
  // As after the upgrade: the record as published lacked nothing, but the
  // rules now find the disability answer missing.
  schema_->Query(
      absl::StrCat("UPDATE participant SET disability = NULL, published_facts "
                   "= NULL WHERE id = '",
                   ids[0], "'"));
  auto published = stores_->participants.RepublishStaleFacts(system);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(*published, 1);
  EXPECT_EQ(events(), before + 1);
  const auto facts = NewestEventFacts(*schema_, ids[0]);
  EXPECT_FALSE(facts.monitoring_data_complete());
  EXPECT_EQ(std::vector<std::string>(facts.missing_monitoring_fields().begin(),
                                     facts.missing_monitoring_fields().end()),
            std::vector<std::string>{"disability"});
  published = stores_->participants.RepublishStaleFacts(system);
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(*published, 0);
  EXPECT_EQ(events(), before + 1);
}

}  // namespace
}  // namespace jstedu::recruitment
