// Applications: submission inside the window, the history of changes, the
// lists and their filters, enum values refused.
// Against a real PostgreSQL (and Redis), through the gRPC service running
// in-process (recruitment_pgtest_fixture.h).
#include "services/recruitment/store/recruitment_pgtest_fixture.h"

namespace jstedu::recruitment {
namespace {

// The history of a qualify / waitlist / reject / withdraw / promotion
// sequence, in order, with who and why; the scope of GetApplication.
TEST_F(RecruitmentTest, ApplicationHistoryListsEveryChangeWithWhoAndWhy) {
  const std::string edition = CreateEdition(/*capacity=*/1, 1);
  const std::vector<std::string> jsts = Jsts("14", 3);
  const v1::Application first = Submit(edition, jsts[0], 1, People(1));
  const v1::Application second = Submit(edition, jsts[1], 1, People(1));
  const v1::Application third = Submit(edition, jsts[2], 1, People(1));
  v1::Application out;
  ASSERT_TRUE(Qualify(first.id(), &out).ok());
  ASSERT_TRUE(Qualify(second.id(), &out).ok());
  ASSERT_EQ(out.status(), v1::WAITLISTED);
  v1::RejectApplicationRequest reject;
  reject.set_application(third.id());
  reject.set_reason("brak uchwały rady");
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::RejectApplication, reject, &out)
          .ok());
  // The first JST withdraws itself: the second is promoted.
  v1::WithdrawApplicationRequest withdraw;
  withdraw.set_application(first.id());
  withdraw.set_reason("rada gminy nie zabezpieczyła środków");
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::WithdrawApplication, withdraw,
                   &out, "JST", "", jsts[0])
                  .ok());

  // Every page of a history, as `role`, one entry a page.
  auto history = [&](const std::string& id, const std::string& role = "ADMIN",
                     const std::string& voivodeship = "",
                     const std::string& jst = "") {
    v1::ListApplicationHistoryRequest request;
    request.set_application(id);
    request.set_page_size(1);
    std::vector<v1::ApplicationHistoryEntry> entries;
    do {
      v1::ListApplicationHistoryResponse page;
      const grpc::Status status =
          Call(&v1::RecruitmentService::Stub::ListApplicationHistory, request,
               &page, role, voivodeship, jst);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      entries.insert(entries.end(), page.entries().begin(),
                     page.entries().end());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return entries;
  };
  using Entry = std::tuple<v1::ApplicationStatus, v1::ApplicationStatus,
                           std::string, std::string, std::string>;
  auto changes = [](const std::vector<v1::ApplicationHistoryEntry>& entries) {
    std::vector<Entry> out;
    for (const auto& e : entries) {
      out.emplace_back(e.from_status(), e.to_status(), e.reason(),
                       e.actor_role(), e.actor_subject());
    }
    return out;
  };
  const v1::ApplicationStatus none = v1::APPLICATION_STATUS_UNSPECIFIED;
  EXPECT_THAT(
      changes(history(first.id())),
      ::testing::ElementsAre(
          Entry{none, v1::SUBMITTED, "", "ADMIN", "test-ADMIN"},
          Entry{v1::SUBMITTED, v1::QUALIFIED, "", "ADMIN", "test-ADMIN"},
          // A JST's subject is not shown.
          Entry{v1::QUALIFIED, v1::WITHDRAWN,
                "rada gminy nie zabezpieczyła środków", "JST", ""}));
  const std::vector<v1::ApplicationHistoryEntry> promoted =
      history(second.id());
  EXPECT_THAT(
      changes(promoted),
      ::testing::ElementsAre(
          Entry{none, v1::SUBMITTED, "", "ADMIN", "test-ADMIN"},
          Entry{v1::SUBMITTED, v1::WAITLISTED, "the edition is full", "ADMIN",
                "test-ADMIN"},
          // Caused by the JST's withdrawal: its role, and why.
          Entry{v1::WAITLISTED, v1::QUALIFIED,
                "promoted from the waiting list: a qualified JST withdrew and "
                "freed its place",
                "JST", ""}));
  ASSERT_EQ(promoted.size(), 3u);
  EXPECT_FALSE(promoted[1].promoted_from_waitlist());
  EXPECT_TRUE(promoted[2].promoted_from_waitlist());
  EXPECT_EQ(promoted[2].promotion_cause(), v1::AFTER_WITHDRAWAL);
  EXPECT_LT(promoted[0].sequence(), promoted[1].sequence());
  EXPECT_LE(google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                promoted[1].change_time()),
            google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                promoted[2].change_time()));
  EXPECT_THAT(changes(history(third.id())),
              ::testing::ElementsAre(
                  Entry{none, v1::SUBMITTED, "", "ADMIN", "test-ADMIN"},
                  Entry{v1::SUBMITTED, v1::REJECTED, "brak uchwały rady",
                        "ADMIN", "test-ADMIN"}));

  // The scope of GetApplication: the voivodeship's coordinator, the JST
  // itself and the ministry read it; another JST or voivodeship gets
  // NOT_FOUND, as for an id that does not exist.
  // Only the office's own staff see an office member's login: the others
  // read the role alone.
  const std::vector<Entry> without_subjects = {
      Entry{none, v1::SUBMITTED, "", "ADMIN", ""},
      Entry{v1::SUBMITTED, v1::WAITLISTED, "the edition is full", "ADMIN", ""},
      Entry{v1::WAITLISTED, v1::QUALIFIED,
            "promoted from the waiting list: a qualified JST withdrew and "
            "freed its place",
            "JST", ""}};
  EXPECT_EQ(changes(history(second.id(), "COORDINATOR", "14")),
            without_subjects);
  EXPECT_EQ(changes(history(second.id(), "JST", "", jsts[1])),
            without_subjects);
  EXPECT_EQ(changes(history(second.id(), "MINISTRY")), without_subjects);
  v1::ListApplicationHistoryRequest request;
  request.set_application(second.id());
  v1::ListApplicationHistoryResponse page;
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ListApplicationHistory, request,
                 &page, "COORDINATOR", "12")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ListApplicationHistory, request,
                 &page, "JST", "", jsts[0])
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ListApplicationHistory, request,
                 &page, "EXPERT")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.set_application("not-an-id");
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ListApplicationHistory, request,
                 &page)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RecruitmentTest, OnlyRegistryJstsApplyOnceInsideTheWindow) {
  const std::string edition = CreateEdition();
  v1::SubmitApplicationRequest request;
  request.set_edition(edition);
  v1::Application app;
  request.set_teryt(
      "2402014");  // RODZ 4: the town part of an urban-rural commune
  grpc::Status status =
      Call(&v1::RecruitmentService::Stub::SubmitApplication, request, &app);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("RODZ 4"), std::string::npos)
      << status.error_message();

  const std::string teryt = Jsts("06", 1).front();
  Submit(edition, teryt, 0, 0);
  request.set_teryt(teryt);
  status =
      Call(&v1::RecruitmentService::Stub::SubmitApplication, request, &app);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);

  // A closed window (in the past, within the edition, which starts on
  // 2026-01-01: 2026-01-02T00:00Z for an hour).
  v1::UpdateEditionRequest update;
  update.mutable_edition()->set_code(edition);
  update.mutable_edition()->mutable_recruitment_opens_at()->set_seconds(
      1767312000);
  update.mutable_edition()->mutable_recruitment_closes_at()->set_seconds(
      1767315600);
  update.mutable_update_mask()->add_paths("recruitment_opens_at");
  update.mutable_update_mask()->add_paths("recruitment_closes_at");
  v1::Edition edited;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateEdition, update, &edited).ok());
  request.set_teryt(Jsts("06", 2).back());
  status =
      Call(&v1::RecruitmentService::Stub::SubmitApplication, request, &app);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status),
            std::vector<std::string>{"RECRUITMENT_WINDOW"});
}

TEST_F(RecruitmentTest, ApplicationsFilteredByKindPageWithTheirFilter) {
  const std::string edition = CreateEdition();
  auto of_kind = [&](const std::string& kind, int count) {
    return std::vector<std::string>(absl::StrSplit(
        schema_->Query(absl::StrCat(
            "SELECT string_agg(teryt, ',' ORDER BY teryt) FROM (SELECT teryt "
            "FROM jst WHERE kind = '",
            kind, "' ORDER BY teryt LIMIT ", count, ") t")),
        ','));
  };
  std::vector<std::string> counties;
  for (const std::string& teryt : of_kind("COUNTY", 3))
    counties.push_back(Submit(edition, teryt, 1, 1).id());
  Submit(edition, of_kind("RURAL_COMMUNE", 1).front(), 1, 2);
  v1::ListApplicationsRequest list;
  list.set_edition(edition);
  list.set_kind(v1::COUNTY);
  list.set_page_size(2);
  std::vector<std::string> listed_ids;
  v1::ListApplicationsResponse first;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::ListApplications, list, &first).ok());
  for (const auto& app : first.applications()) {
    EXPECT_EQ(app.jst_kind(), v1::COUNTY);
    listed_ids.push_back(app.id());
  }
  ASSERT_FALSE(first.next_page_token().empty());
  list.set_page_token(first.next_page_token());
  v1::ListApplicationsResponse second;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::ListApplications, list, &second)
          .ok());
  for (const auto& app : second.applications()) listed_ids.push_back(app.id());
  EXPECT_TRUE(second.next_page_token().empty());
  // Only the counties, in submission order, over both pages.
  EXPECT_EQ(listed_ids, counties);

  // The token holds only with the filter it was given with.
  list.set_kind(v1::RURAL_COMMUNE);
  v1::ListApplicationsResponse refused;
  grpc::Status other =
      Call(&v1::RecruitmentService::Stub::ListApplications, list, &refused);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(other), ::testing::ElementsAre("pageToken"));

  // Not a kind: INVALID_ARGUMENT naming the field.
  list.clear_page_token();
  list.set_kind(static_cast<v1::JstKind>(99));
  grpc::Status bad =
      Call(&v1::RecruitmentService::Stub::ListApplications, list, &refused);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(bad), ::testing::ElementsAre("kind"));
}

TEST_F(RecruitmentTest, ApplicationsFilteredByTerytKeepTheScope) {
  const std::string edition = CreateEdition();
  const std::vector<std::string> silesian = Jsts("24", 2);
  const std::string lesser_poland = Jsts("12", 1).front();
  const v1::Application mine = Submit(edition, silesian[0], 1, People(1));
  Submit(edition, silesian[1], 1, People(1));
  Submit(edition, lesser_poland, 1, People(1));
  v1::ListApplicationsRequest list;
  list.set_edition(edition);
  list.set_teryt(silesian[0]);
  auto ids = [&](const std::string& role, const std::string& voivodeship,
                 const std::string& jst) {
    v1::ListApplicationsResponse listed;
    const grpc::Status status =
        Call(&v1::RecruitmentService::Stub::ListApplications, list, &listed,
             role, voivodeship, jst);
    EXPECT_TRUE(status.ok()) << role << ": " << status.error_message();
    std::vector<std::string> out;
    for (const auto& app : listed.applications()) out.push_back(app.id());
    return out;
  };
  // The office, the ministry, the voivodeship's coordinator and the JST
  // itself get that JST's application only.
  EXPECT_THAT(ids("ADMIN", "", ""), ::testing::ElementsAre(mine.id()));
  EXPECT_THAT(ids("MINISTRY", "", ""), ::testing::ElementsAre(mine.id()));
  EXPECT_THAT(ids("COORDINATOR", "24", ""), ::testing::ElementsAre(mine.id()));
  EXPECT_THAT(ids("JST", "", silesian[0]), ::testing::ElementsAre(mine.id()));
  // Another JST naming it finds nothing, as with a foreign voivodeship.
  EXPECT_THAT(ids("JST", "", silesian[1]), ::testing::IsEmpty());

  // Another voivodeship's coordinator is refused, naming the field.
  v1::ListApplicationsResponse listed;
  grpc::Status foreign = Call(&v1::RecruitmentService::Stub::ListApplications,
                              list, &listed, "COORDINATOR", "12");
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(foreign.error_message(),
            "a coordinator of voivodeship 12 may read only voivodeship 12");
  EXPECT_THAT(BadFields(foreign), ::testing::ElementsAre("teryt"));

  // Not a JST's code: INVALID_ARGUMENT naming the field.
  for (const char* bad : {"24", "24690", "246901x"}) {
    list.set_teryt(bad);
    const grpc::Status refused =
        Call(&v1::RecruitmentService::Stub::ListApplications, list, &listed);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_THAT(BadFields(refused), ::testing::ElementsAre("teryt")) << bad;
  }
}

TEST_F(RecruitmentTest, UnknownEnumValuesAreRefusedNotDropped) {
  const std::string edition = CreateEdition();
  v1::SubmitApplicationRequest request;
  request.set_edition(edition);
  request.set_teryt(Jsts("12", 3).back());
  v1::Participant odd = Person(People(1));
  odd.set_education_level(static_cast<v1::EducationLevel>(42));
  *request.add_representatives() = odd;
  v1::Application app;
  grpc::Status status =
      Call(&v1::RecruitmentService::Stub::SubmitApplication, request, &app);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status),
            std::vector<std::string>{"representatives[0].educationLevel"});
}

}  // namespace
}  // namespace jstedu::recruitment
