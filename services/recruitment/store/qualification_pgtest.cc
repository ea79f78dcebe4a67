// Qualification: capacity under concurrency, the rules named, the below-
// minimum flag, the county group and the waiting list.
// Against a real PostgreSQL (and Redis), through the gRPC service running
// in-process (recruitment_pgtest_fixture.h).
#include "services/recruitment/store/recruitment_pgtest_fixture.h"

namespace jstedu::recruitment {
namespace {

TEST_F(RecruitmentTest,
       FortyConcurrentQualificationsFillThirtyPlacesAndWaitlistTen) {
  const std::string edition = CreateEdition(30);
  const std::vector<std::string> jsts = Jsts("24", 40);
  ASSERT_EQ(jsts.size(), 40u);
  std::vector<v1::Application> apps;
  for (const std::string& teryt : jsts)
    apps.push_back(Submit(edition, teryt, 3, People(3)));

  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (const v1::Application& app : apps) {
    threads.emplace_back([&, id = app.id()] {
      v1::Application out;
      if (!Qualify(id, &out).ok()) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);

  const std::string in_edition =
      absl::StrCat(" FROM application WHERE edition = '", edition, "'");
  EXPECT_EQ(Count("SELECT count(*)" + in_edition + " AND status = 'QUALIFIED'"),
            30);
  EXPECT_EQ(
      Count("SELECT count(*)" + in_edition + " AND status = 'WAITLISTED'"), 10);
  v1::GetEditionRequest get;
  get.set_code(edition);
  v1::Edition e;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::GetEdition, get, &e).ok());
  EXPECT_EQ(e.qualified_count(), 30);
  EXPECT_EQ(e.waitlisted_count(), 10);

  // The waiting list in submission order, positions 1..10.
  v1::ListApplicationsRequest list;
  list.set_edition(edition);
  list.set_status(v1::WAITLISTED);
  v1::ListApplicationsResponse waiting;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::ListApplications, list, &waiting)
          .ok());
  ASSERT_EQ(waiting.applications_size(), 10);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(waiting.applications(i).waitlist_position(), i + 1);
    if (i > 0) {
      EXPECT_LT(waiting.applications(i - 1).submission_number(),
                waiting.applications(i).submission_number());
    }
  }

  // A qualified JST withdraws: exactly one is promoted, the first in line.
  list.set_status(v1::QUALIFIED);
  list.set_page_size(1);
  v1::ListApplicationsResponse qualified;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::ListApplications, list, &qualified)
          .ok());
  ASSERT_EQ(qualified.applications_size(), 1);
  v1::WithdrawApplicationRequest withdraw;
  withdraw.set_application(qualified.applications(0).id());
  withdraw.set_reason("rada gminy nie zabezpieczyła środków");
  v1::Application withdrawn;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::WithdrawApplication, withdraw,
                   &withdrawn)
                  .ok());
  EXPECT_EQ(withdrawn.status(), v1::WITHDRAWN);
  EXPECT_EQ(Count("SELECT count(*)" + in_edition + " AND status = 'QUALIFIED'"),
            30);
  EXPECT_EQ(
      Count("SELECT count(*)" + in_edition + " AND status = 'WAITLISTED'"), 9);
  v1::GetApplicationRequest first;
  first.set_application(waiting.applications(0).id());
  v1::Application promoted;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::GetApplication, first, &promoted)
          .ok());
  EXPECT_EQ(promoted.status(), v1::QUALIFIED);
  EXPECT_EQ(promoted.workshop_group(),
            promoted.jst_kind() == v1::RURAL_COMMUNE   ? 1
            : promoted.jst_kind() == v1::URBAN_COMMUNE ? 2
            : promoted.jst_kind() == v1::COUNTY        ? 3
                                                       : 4);
  // The withdrawn JST's team ended its participation.
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM participant WHERE application_id = '",
                withdrawn.id(), "' AND end_reason = 'JST_WITHDREW'")),
            3);
  // Events: 31 JstQualified (one promoted), 10 JstWaitlisted, 1 JstWithdrawn.
  auto events = [&](const std::string& type) {
    return Count(absl::StrCat(
        "SELECT count(*) FROM outbox o WHERE event_type = 'jstedu.events.v1.",
        type, "' AND aggregate_id IN (SELECT id::text", in_edition, ")"));
  };
  EXPECT_EQ(events("JstQualified"), 31);
  EXPECT_EQ(events("JstWaitlisted"), 10);
  EXPECT_EQ(events("JstWithdrawn"), 1);
}

TEST_F(RecruitmentTest, QualificationNamesEveryUnmetRule) {
  const std::string edition = CreateEdition(30, 3);
  const std::string teryt = Jsts("12", 1).front();
  v1::Application app =
      Submit(edition, teryt, 2, People(2), /*declarations=*/false);
  v1::Application out;
  grpc::Status status = Qualify(app.id(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(PreconditionTypes(status),
            (std::vector<std::string>{"MIN_REPRESENTATIVES",
                                      "DECLARATIONS_RECORDED"}));
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM application WHERE id = '",
                               app.id(), "' AND status = 'SUBMITTED'")),
            1);
}

TEST_F(RecruitmentTest, BelowMinimumFlagFollowsActiveRepresentatives) {
  const std::string edition = CreateEdition(30, 3);
  v1::Application app = Submit(edition, Jsts("14", 1).front(), 3, People(3));
  v1::Application qualified;
  ASSERT_TRUE(Qualify(app.id(), &qualified).ok());
  ASSERT_EQ(qualified.status(), v1::QUALIFIED);
  EXPECT_EQ(qualified.below_minimum_since(), "");

  v1::WithdrawParticipantRequest withdraw;
  withdraw.set_participant(qualified.representatives(0).participant());
  withdraw.set_reason("zmiana pracy");
  v1::Participant gone;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawParticipant, withdraw, &gone)
          .ok());
  EXPECT_EQ(gone.status(), v1::PARTICIPANT_WITHDRAWN);
  v1::GetApplicationRequest get;
  get.set_application(app.id());
  v1::Application now;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::GetApplication, get, &now).ok());
  EXPECT_EQ(now.below_minimum_since(), FormatIsoDate(PinnedToday()));
  EXPECT_EQ(now.active_representatives(), 2);

  v1::CreateParticipantRequest add;
  add.set_application(app.id());
  *add.mutable_participant() = Person(People(1));
  v1::Participant added;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::CreateParticipant, add, &added).ok());
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::GetApplication, get, &now).ok());
  EXPECT_EQ(now.below_minimum_since(), "");
  EXPECT_EQ(now.active_representatives(), 3);
}

TEST_F(RecruitmentTest,
       CityWithCountyRightsMayMoveToTheCountyGroupWithAReason) {
  const std::string edition = CreateEdition();
  v1::Application city =
      Submit(edition, "2461011", 3, People(3));  // Bielsko-Biała
  v1::QualifyApplicationRequest request;
  request.set_application(city.id());
  request.set_move_to_county_group(true);
  v1::Application out;
  grpc::Status status =
      Call(&v1::RecruitmentService::Stub::QualifyApplication, request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"workshopGroupReason"});
  request.set_workshop_group_reason("miasto prowadzi szkoły ponadpodstawowe");
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::QualifyApplication, request, &out)
          .ok());
  EXPECT_EQ(out.workshop_group(), 3);
  EXPECT_EQ(out.workshop_group_reason(),
            "miasto prowadzi szkoły ponadpodstawowe");

  v1::Application rural = Submit(edition, Jsts("16", 1).front(), 3, People(3));
  request.set_application(rural.id());
  status =
      Call(&v1::RecruitmentService::Stub::QualifyApplication, request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RecruitmentTest, AnEligibleWaitlistedJstIsQualifiedWhenAPlaceIsFree) {
  const std::string edition = CreateEdition(1, 3);
  const std::vector<std::string> jsts = Jsts("32", 2);
  v1::Application a = Submit(edition, jsts[0], 3, People(3));
  v1::Application w = Submit(edition, jsts[1], 3, People(3));
  v1::Application out;
  ASSERT_TRUE(Qualify(a.id(), &out).ok());
  ASSERT_TRUE(Qualify(w.id(), &out).ok());
  ASSERT_EQ(out.status(), v1::WAITLISTED);
  // W drops below the rules, A withdraws (W is skipped), W is whole again.
  v1::WithdrawParticipantRequest leave;
  leave.set_participant(out.representatives(0).participant());
  leave.set_reason("zmiana pracy");
  v1::Participant p;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawParticipant, leave, &p).ok());
  v1::WithdrawApplicationRequest withdraw;
  withdraw.set_application(a.id());
  withdraw.set_reason("rezygnacja");
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawApplication, withdraw, &out)
          .ok());
  v1::CreateParticipantRequest add;
  add.set_application(w.id());
  *add.mutable_participant() = Person(People(1));
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::CreateParticipant, add, &p).ok());
  grpc::Status status = Qualify(w.id(), &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.status(), v1::QUALIFIED);
}

TEST_F(RecruitmentTest,
       AMoveToTheCountyGroupAskedWhileFullIsKeptForThePromotion) {
  const std::string edition = CreateEdition(1, 3);
  v1::Application a = Submit(edition, Jsts("04", 1).front(), 3, People(3));
  v1::Application city = Submit(edition, "0461011", 3, People(3));  // Bydgoszcz
  v1::Application out;
  ASSERT_TRUE(Qualify(a.id(), &out).ok());
  v1::QualifyApplicationRequest request;
  request.set_application(city.id());
  request.set_move_to_county_group(true);
  request.set_workshop_group_reason("miasto prowadzi szkoły ponadpodstawowe");
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::QualifyApplication, request, &out)
          .ok());
  ASSERT_EQ(out.status(), v1::WAITLISTED);
  v1::WithdrawApplicationRequest withdraw;
  withdraw.set_application(a.id());
  withdraw.set_reason("rezygnacja");
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawApplication, withdraw, &out)
          .ok());
  v1::GetApplicationRequest get;
  get.set_application(city.id());
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::GetApplication, get, &out).ok());
  EXPECT_EQ(out.status(), v1::QUALIFIED);
  EXPECT_EQ(out.workshop_group(), 3);
  EXPECT_EQ(out.workshop_group_reason(),
            "miasto prowadzi szkoły ponadpodstawowe");
}

}  // namespace
}  // namespace jstedu::recruitment
