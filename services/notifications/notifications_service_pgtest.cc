// The notifications API (NotificationsServiceImpl) in-process on a real
// PostgreSQL, its schedule planned from real events: each role sees the
// notifications of its scope and no other, a person outside it is NOT_FOUND
// exactly like an unknown one, pages walk every row once, titles come in
// the language asked for; each person's choices are read and set within
// the same scope, and required kinds cannot be chosen away.
#include <grpcpp/grpcpp.h>

#include <set>

#include "common/grpc/access.h"
#include "common/grpc/principal.h"
#include "services/notifications/notifications_service.h"
#include "services/notifications/store/notifications_pgtest.h"

namespace jstedu::notifications::pgtest {
namespace {

namespace nv1 = ::jstedu::notifications::v1;
using ::testing::Each;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kGuardian[] = "0000000e-0000-4000-8000-0000000000e1";
constexpr char kPersonnel[] = "0000000e-0000-4000-8000-0000000000e2";

class NotificationsApiTest : public ScheduleTest {
 protected:
  void SetUp() override {
    ScheduleTest::SetUp();
    service_ = std::make_unique<NotificationsServiceImpl>(db_.pool());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    grpcutil::UseAccessCheck(builder);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    stub_ = nv1::NotificationsService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
    PlanTwoJstsAndAModule();
    // Trainer "trener-1" teaches module 1; A's case has its expert pair.
    ev::SessionScheduled session;
    session.set_module_id(kModule);
    session.set_edition(kEdition);
    session.set_trainer("trener-1");
    Deliver(session);
    ev::CaseRef ref;
    ref.set_case_id(kCase);
    ref.set_edition(kEdition);
    ref.set_application_id(kA);
    ev::CaseOpened opened;
    *opened.mutable_case_() = ref;
    opened.mutable_case_()->set_version(1);
    opened.set_stage_due_on("2027-01-15");
    Deliver(opened);
    ev::CaseExpertsAssigned experts;
    *experts.mutable_case_() = ref;
    experts.mutable_case_()->set_version(2);
    experts.set_guardian(kGuardian);
    experts.set_guardian_subject("ekspert-g");
    experts.set_education_expert(kGuardian);
    experts.set_education_expert_subject("ekspert-g");
    experts.set_personnel_expert(kPersonnel);
    experts.set_personnel_expert_subject("ekspert-p");
    *experts.mutable_assigned_at() = Ts(now_);
    Deliver(experts);
  }
  void TearDown() override { server_->Shutdown(); }

  // A principal of `role`; the scope claim COORDINATOR and JST need.
  static auth::v1::Principal As(auth::v1::Role role, std::string scope = "",
                                std::string subject = "") {
    auth::v1::Principal p;
    p.set_role(role);
    p.set_subject(subject.empty() ? "test-" + auth::v1::Role_Name(role)
                                  : subject);
    if (role == auth::v1::COORDINATOR) p.set_voivodeship(scope);
    if (role == auth::v1::JST) p.set_jst(scope);
    return p;
  }

  grpc::Status List(const auth::v1::Principal& who,
                    const nv1::ListNotificationsRequest& request,
                    nv1::ListNotificationsResponse* out) {
    grpc::ClientContext context;
    grpcutil::WithPrincipal(context, who);
    return stub_->ListNotifications(&context, request, out);
  }

  // Every notification `who` sees, walking pages of `page_size`.
  std::vector<nv1::Notification> All(const auth::v1::Principal& who,
                                     int page_size = 0,
                                     std::string person = "") {
    std::vector<nv1::Notification> all;
    nv1::ListNotificationsRequest request;
    request.set_page_size(page_size);
    request.set_person(person);
    for (int page = 0; page < 100; ++page) {
      nv1::ListNotificationsResponse response;
      const grpc::Status status = List(who, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& n : response.notifications()) all.push_back(n);
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    return all;
  }

  static std::multiset<std::string> People(
      const std::vector<nv1::Notification>& rows) {
    std::multiset<std::string> people;
    for (const auto& n : rows) people.insert(n.person());
    return people;
  }

  grpc::Status GetPreferences(const auth::v1::Principal& who,
                              const std::string& person,
                              nv1::Preferences* out) {
    grpc::ClientContext context;
    grpcutil::WithPrincipal(context, who);
    nv1::GetPreferencesRequest request;
    request.set_person(person);
    return stub_->GetPreferences(&context, request, out);
  }

  grpc::Status SetPreferences(const auth::v1::Principal& who,
                              const std::string& person,
                              const std::string& language,
                              std::vector<nv1::Kind> opted_out,
                              nv1::Preferences* out) {
    grpc::ClientContext context;
    grpcutil::WithPrincipal(context, who);
    nv1::SetPreferencesRequest request;
    request.set_person(person);
    request.set_language(language);
    for (nv1::Kind kind : opted_out) request.add_opted_out(kind);
    return stub_->SetPreferences(&context, request, out);
  }

  std::unique_ptr<NotificationsServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<nv1::NotificationsService::Stub> stub_;
};

TEST_F(NotificationsApiTest, EachRoleSeesItsScopeAndNoMore) {
  const int total = Count("true");
  ASSERT_GT(total, 20);
  // The office: everything, in pages of 3, each row once, newest due first.
  const auto office = All(As(auth::v1::ADMIN), 3);
  EXPECT_EQ(static_cast<int>(office.size()), total);
  std::set<std::string> ids;
  for (const auto& n : office) ids.insert(n.id());
  EXPECT_EQ(static_cast<int>(ids.size()), total);
  for (size_t i = 1; i < office.size(); ++i) {
    EXPECT_GE(office[i - 1].due_time().seconds(),
              office[i].due_time().seconds());
  }

  // Silesia's coordinator: JST A's (its people, its contact, its case's
  // experts); Małopolska's: JST B's.
  const auto silesia = All(As(auth::v1::COORDINATOR, "24"));
  EXPECT_EQ(static_cast<int>(silesia.size()),
            Count(absl::StrCat("application_id = '", kA, "'")));
  for (const auto& n : silesia) EXPECT_EQ(n.application(), kA) << n.person();
  const auto lesser_poland = All(As(auth::v1::COORDINATOR, "14"));
  EXPECT_EQ(static_cast<int>(lesser_poland.size()),
            Count(absl::StrCat("application_id = '", kB, "'")));

  // JST A's staff: their participants' and their contact's, not the
  // experts'.
  const auto jst = All(As(auth::v1::JST, "2476011"));
  EXPECT_EQ(static_cast<int>(jst.size()),
            Count(absl::StrCat("application_id = '", kA,
                               "' AND person_ref NOT LIKE 'expert:%'")));
  for (const auto& n : jst) {
    EXPECT_TRUE(absl::StartsWith(n.person(), "participant:") ||
                absl::StartsWith(n.person(), "jst-contact:"))
        << n.person();
  }

  // An expert and a trainer: their own only.
  const auto guardian = All(As(auth::v1::EXPERT, "", "ekspert-g"));
  EXPECT_EQ(People(guardian).count(absl::StrCat("expert:", kGuardian)),
            guardian.size());
  EXPECT_EQ(static_cast<int>(guardian.size()),
            Count(absl::StrCat("person_ref = 'expert:", kGuardian, "'")));
  EXPECT_FALSE(guardian.empty());
  const auto trainer = All(As(auth::v1::TRAINER, "", "trener-1"));
  ASSERT_EQ(trainer.size(), 1u);
  EXPECT_EQ(trainer[0].person(), "trainer:trener-1");
  EXPECT_EQ(trainer[0].kind(), nv1::MODULE_PROGRAMME);
  EXPECT_TRUE(trainer[0].required());
  EXPECT_EQ(trainer[0].state(), nv1::SCHEDULED);
  EXPECT_EQ(trainer[0].about(), absl::StrCat("module:", kModule));
  EXPECT_TRUE(All(As(auth::v1::TRAINER, "", "trener-2")).empty());
}

TEST_F(NotificationsApiTest, APersonOutsideTheScopeIsLikeAnUnknownOne) {
  const std::string b1 = absl::StrCat("participant:", kB1);
  const std::string unknown =
      "participant:0000dead-0000-4000-8000-000000000000";
  for (const auto& who :
       {As(auth::v1::JST, "2476011"), As(auth::v1::COORDINATOR, "24"),
        As(auth::v1::EXPERT, "", "ekspert-g")}) {
    nv1::ListNotificationsRequest request;
    nv1::ListNotificationsResponse hidden, missing;
    request.set_person(b1);
    const grpc::Status a = List(who, request, &hidden);
    request.set_person(unknown);
    const grpc::Status b = List(who, request, &missing);
    EXPECT_EQ(a.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(b.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(a.error_message(), b.error_message());
    EXPECT_EQ(hidden.notifications_size(), 0);
  }
  // In scope, the filter keeps that person's only.
  const auto a1 =
      All(As(auth::v1::JST, "2476011"), 0, absl::StrCat("participant:", kA1));
  EXPECT_EQ(static_cast<int>(a1.size()),
            Count(absl::StrCat("person_ref = 'participant:", kA1, "'")));
  EXPECT_THAT(People(a1), Each(absl::StrCat("participant:", kA1)));

  // Malformed filters are named.
  nv1::ListNotificationsRequest bad;
  nv1::ListNotificationsResponse out;
  bad.set_person("participant:12");
  const grpc::Status refused = List(As(auth::v1::ADMIN), bad, &out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), StartsWith("person: "));
  bad.set_person("");
  bad.set_language("de");
  EXPECT_THAT(List(As(auth::v1::ADMIN), bad, &out).error_message(),
              StartsWith("language: "));
  bad.set_language("");
  bad.set_page_token("not-a-token");
  EXPECT_THAT(List(As(auth::v1::ADMIN), bad, &out).error_message(),
              StartsWith("pageToken: "));
  // The ministry reads none.
  EXPECT_EQ(List(As(auth::v1::MINISTRY), {}, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(NotificationsApiTest, TitlesAreWrittenInTheLanguageAsked) {
  nv1::ListNotificationsRequest request;
  request.set_person("trainer:trener-1");
  nv1::ListNotificationsResponse polish, english;
  ASSERT_TRUE(List(As(auth::v1::ADMIN), request, &polish).ok());
  request.set_language("en");
  ASSERT_TRUE(List(As(auth::v1::ADMIN), request, &english).ok());
  ASSERT_EQ(polish.notifications_size(), 1);
  ASSERT_EQ(english.notifications_size(), 1);
  EXPECT_THAT(polish.notifications(0).title(), HasSubstr("Moduł 1"));
  EXPECT_NE(polish.notifications(0).title(), english.notifications(0).title());
  EXPECT_FALSE(english.notifications(0).title().empty());
  // Not sent yet: no sent time at all (not the epoch).
  EXPECT_FALSE(polish.notifications(0).has_sent_time());
  EXPECT_TRUE(polish.notifications(0).has_due_time());

  // A case moved on: the cancelled notices still name the day they were
  // about, the new ones the new day.
  ev::CaseStageChanged stage;
  stage.mutable_case_()->set_case_id(kCase);
  stage.mutable_case_()->set_edition(kEdition);
  stage.mutable_case_()->set_application_id(kA);
  stage.mutable_case_()->set_version(3);
  stage.set_to_stage(advisory::v1::NEEDS_DIAGNOSIS);
  stage.set_stage_due_on("2027-03-01");
  Deliver(stage);
  nv1::ListNotificationsRequest guardian;
  guardian.set_person(absl::StrCat("expert:", kGuardian));
  nv1::ListNotificationsResponse notices;
  ASSERT_TRUE(List(As(auth::v1::ADMIN), guardian, &notices).ok());
  int cancelled = 0, scheduled = 0;
  for (const auto& n : notices.notifications()) {
    if (n.kind() != nv1::STAGE_DUE_SOON) continue;
    if (n.state() == nv1::CANCELLED) {
      ++cancelled;
      EXPECT_THAT(n.title(), HasSubstr("15 stycznia 2027")) << n.title();
    } else {
      ++scheduled;
      EXPECT_THAT(n.title(), HasSubstr("1 marca 2027")) << n.title();
      EXPECT_THAT(n.title(), HasSubstr("diagnoz")) << n.title();
    }
  }
  EXPECT_EQ(cancelled, 1);
  EXPECT_EQ(scheduled, 1);
}

// A page's titles are read together (a query per kind of fact): every row
// of a page mixing modules, tasks, cases and applications gets its own.
TEST_F(NotificationsApiTest, EveryRowOfAMixedPageHasItsOwnTitle) {
  ev::TaskAssigned task;
  *task.mutable_task() = TaskOfA(training::v1::TASK_OPEN, 1);
  Deliver(task);
  nv1::ListNotificationsRequest request;
  request.set_page_size(500);
  nv1::ListNotificationsResponse page;
  ASSERT_TRUE(List(As(auth::v1::ADMIN), request, &page).ok());
  std::set<std::string> kinds_of_subject;
  std::set<std::string> titles;
  for (const auto& n : page.notifications()) {
    EXPECT_FALSE(n.title().empty()) << n.id() << " " << n.about();
    kinds_of_subject.insert(n.about().substr(0, n.about().find(':')));
    titles.insert(n.title());
  }
  EXPECT_THAT(kinds_of_subject,
              ::testing::IsSupersetOf({"module", "task", "case"}));
  EXPECT_GT(titles.size(), kinds_of_subject.size());
}

// A coordinator sees its voivodeship's digests (its own and a colleague's
// of the same voivodeship), not another voivodeship's; reads its own
// choices without naming itself, opts out of the digest, and changes no
// one else's.
TEST_F(NotificationsApiTest, ACoordinatorHasItsDigestAndChoosesOnlyForItself) {
  now_ = Local("2027-04-07T10:00");
  AccountChanged("koord-24", auth::v1::COORDINATOR, "24", now_);
  AccountChanged("koord-24b", auth::v1::COORDINATOR, "24", now_);
  AccountChanged("koord-14", auth::v1::COORDINATOR, "14", now_);
  const auto coordinator = As(auth::v1::COORDINATOR, "24", "koord-24");
  std::multiset<std::string> digests;
  for (const auto& n : All(coordinator)) {
    if (n.kind() != nv1::WEEKLY_DIGEST) continue;
    digests.insert(n.person());
    EXPECT_EQ(n.about(), "voivodeship:24");
    EXPECT_THAT(n.title(), HasSubstr("województwo śląskie"));
    EXPECT_FALSE(n.required());
  }
  EXPECT_EQ(digests, (std::multiset<std::string>{"coordinator:koord-24",
                                                 "coordinator:koord-24b"}));
  // Another voivodeship's coordinator sees none of these; the JST, its
  // experts and trainers see no digest.
  for (const auto& n : All(As(auth::v1::COORDINATOR, "14", "koord-14"))) {
    EXPECT_NE(n.about(), "voivodeship:24");
  }
  for (const auto& who :
       {As(auth::v1::JST, "2476011"), As(auth::v1::EXPERT, "", "ekspert-g"),
        As(auth::v1::TRAINER, "", "trener-1")}) {
    for (const auto& n : All(who)) EXPECT_NE(n.kind(), nv1::WEEKLY_DIGEST);
  }
  nv1::ListNotificationsRequest other;
  other.set_person("coordinator:koord-14");
  nv1::ListNotificationsResponse none;
  EXPECT_EQ(List(coordinator, other, &none).error_code(),
            grpc::StatusCode::NOT_FOUND);

  nv1::Preferences own;
  ASSERT_TRUE(GetPreferences(coordinator, "", &own).ok());
  EXPECT_EQ(own.person(), "coordinator:koord-24");
  ASSERT_TRUE(
      SetPreferences(coordinator, "", "pl", {nv1::WEEKLY_DIGEST}, &own).ok());
  EXPECT_THAT(own.opted_out(), ElementsAre(nv1::WEEKLY_DIGEST));
  ASSERT_EQ(own.kinds_size(), 1);  // the digest is all a coordinator gets
  EXPECT_FALSE(own.kinds(0).required());
  // A kind a coordinator never gets is refused by name.
  const grpc::Status never =
      SetPreferences(coordinator, "", "pl", {nv1::TASK_OVERDUE}, &own);
  EXPECT_EQ(never.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(never.error_message(), HasSubstr("TASK_OVERDUE"));
  // A colleague's or an official's choices are not the coordinator's to
  // change (reading them is).
  const grpc::Status colleague =
      SetPreferences(coordinator, "coordinator:koord-24b", "pl", {}, &own);
  EXPECT_EQ(colleague.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(colleague.error_message(), HasSubstr("only its own"));
  nv1::Preferences theirs;
  EXPECT_TRUE(
      GetPreferences(coordinator, "coordinator:koord-24b", &theirs).ok());
  EXPECT_EQ(SetPreferences(coordinator, absl::StrCat("participant:", kA1), "pl",
                           {}, &own)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(NotificationsApiTest, ChoicesAreEachPersonsWithinTheScope) {
  // A trainer reads and sets their own; every kind is listed with whether
  // it is required.
  nv1::Preferences own;
  ASSERT_TRUE(
      GetPreferences(As(auth::v1::TRAINER, "", "trener-1"), "", &own).ok());
  EXPECT_EQ(own.person(), "trainer:trener-1");
  EXPECT_FALSE(own.chosen());
  EXPECT_EQ(own.language(), "");
  EXPECT_EQ(own.kinds_size(), 12);  // every kind but a coordinator's digest
  for (const auto& k : own.kinds()) {
    const bool required =
        k.kind() == nv1::JST_QUALIFIED || k.kind() == nv1::JST_WAITLISTED ||
        k.kind() == nv1::DECLARATIONS_MISSING_10D ||
        k.kind() == nv1::DECLARATIONS_MISSING_3D ||
        k.kind() == nv1::MODULE_PROGRAMME || k.kind() == nv1::HANDOVER;
    EXPECT_EQ(k.required(), required) << nv1::Kind_Name(k.kind());
    EXPECT_FALSE(k.opted_out());
  }
  nv1::Preferences set;
  ASSERT_TRUE(SetPreferences(As(auth::v1::TRAINER, "", "trener-1"), "", "en",
                             {nv1::TASK_DUE_SOON, nv1::STAGE_DUE_SOON}, &set)
                  .ok());
  EXPECT_TRUE(set.chosen());
  EXPECT_EQ(set.language(), "en");
  EXPECT_EQ(set.opted_out_size(), 2);
  EXPECT_TRUE(set.has_update_time());

  // A required kind is refused by name, and nothing changes.
  nv1::Preferences refused_out;
  const grpc::Status refused =
      SetPreferences(As(auth::v1::TRAINER, "", "trener-1"), "", "pl",
                     {nv1::MODULE_PROGRAMME}, &refused_out);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(),
              HasSubstr("optedOut: MODULE_PROGRAMME: required by the "
                        "programme's rules"));
  ASSERT_TRUE(
      GetPreferences(As(auth::v1::TRAINER, "", "trener-1"), "", &own).ok());
  EXPECT_EQ(own.language(), "en");
  EXPECT_EQ(own.opted_out_size(), 2);

  // An expert's own is found from the case events; before any case, none.
  ASSERT_TRUE(
      GetPreferences(As(auth::v1::EXPERT, "", "ekspert-p"), "", &own).ok());
  EXPECT_EQ(own.person(), absl::StrCat("expert:", kPersonnel));
  EXPECT_EQ(GetPreferences(As(auth::v1::EXPERT, "", "ekspert-new"), "", &own)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // A JST sets its own people's, not another JST's.
  const std::string a1 = absl::StrCat("participant:", kA1);
  const std::string b1 = absl::StrCat("participant:", kB1);
  EXPECT_TRUE(SetPreferences(As(auth::v1::JST, "2476011"), a1, "pl",
                             {nv1::SIGNUP_DEADLINE_4H}, &set)
                  .ok());
  EXPECT_EQ(SetPreferences(As(auth::v1::JST, "2476011"), b1, "pl", {}, &set)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A coordinator reads its voivodeship's, sets none.
  EXPECT_TRUE(GetPreferences(As(auth::v1::COORDINATOR, "24"), a1, &own).ok());
  EXPECT_EQ(own.opted_out_size(), 1);
  EXPECT_EQ(
      GetPreferences(As(auth::v1::COORDINATOR, "14"), a1, &own).error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(SetPreferences(As(auth::v1::COORDINATOR, "24"), a1, "pl", {}, &set)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The office names whom; a malformed reference or language is named.
  const grpc::Status unnamed = GetPreferences(As(auth::v1::ADMIN), "", &own);
  EXPECT_EQ(unnamed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(unnamed.error_message(), StartsWith("person: "));
  EXPECT_THAT(
      GetPreferences(As(auth::v1::ADMIN), "someone", &own).error_message(),
      StartsWith("person: "));
  EXPECT_THAT(
      SetPreferences(As(auth::v1::ADMIN), b1, "", {}, &set).error_message(),
      StartsWith("language: "));
  EXPECT_TRUE(SetPreferences(As(auth::v1::ADMIN), b1, "pl", {}, &set).ok());
}

TEST_F(NotificationsApiTest, APersonWhoMovedIsFoundWhereTheirRowsAre) {
  // b1 got the module's programme while in B (Małopolska), then moves to A
  // (Silesia): the sent row stays B's, what is still scheduled goes with
  // b1. B's coordinator still lists the sent row, and the person filter
  // answers it.
  const std::string b1 = absl::StrCat("participant:", kB1);
  ASSERT_EQ(db_.Query(absl::StrCat(
                "UPDATE notification SET state = 'sent', sent_at = now() "
                "WHERE person_ref = '",
                b1, "' AND reason = 'module_programme' RETURNING 'sent'")),
            "sent");
  ev::ParticipantUpdated moved;
  ev::ParticipantFacts* p = moved.mutable_participant();
  p->set_participant_id(kB1);
  p->set_edition(kEdition);
  p->set_application_id(kA);
  p->set_status(recruitment::v1::PARTICIPANT_ACTIVE);
  p->set_declaration_recorded(true);
  Deliver(moved);
  const auto listed = All(As(auth::v1::COORDINATOR, "14"));
  const int old_rows = static_cast<int>(People(listed).count(b1));
  ASSERT_GT(old_rows, 0);
  EXPECT_EQ(
      static_cast<int>(All(As(auth::v1::COORDINATOR, "14"), 0, b1).size()),
      old_rows);
  // Silesia's coordinator and A's staff find b1 now.
  EXPECT_FALSE(All(As(auth::v1::COORDINATOR, "24"), 0, b1).empty());
  EXPECT_FALSE(All(As(auth::v1::JST, "2476011"), 0, b1).empty());
  // A third voivodeship finds nobody.
  nv1::ListNotificationsRequest request;
  nv1::ListNotificationsResponse out;
  request.set_person(b1);
  EXPECT_EQ(List(As(auth::v1::COORDINATOR, "02"), request, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(NotificationsApiTest, APersonNamedInUpperCaseIsTheSamePerson) {
  std::string upper = absl::StrCat("participant:", kA1);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  upper.replace(0, 12, "participant:");
  nv1::Preferences set, read;
  ASSERT_TRUE(SetPreferences(As(auth::v1::JST, "2476011"), upper, "en",
                             {nv1::TASK_OVERDUE}, &set)
                  .ok());
  EXPECT_EQ(set.person(), absl::StrCat("participant:", kA1));
  ASSERT_TRUE(GetPreferences(As(auth::v1::ADMIN),
                             absl::StrCat("participant:", kA1), &read)
                  .ok());
  EXPECT_TRUE(read.chosen());
  EXPECT_EQ(read.language(), "en");
  EXPECT_EQ(
      All(As(auth::v1::JST, "2476011"), 0, upper).size(),
      All(As(auth::v1::JST, "2476011"), 0, absl::StrCat("participant:", kA1))
          .size());
  EXPECT_FALSE(All(As(auth::v1::ADMIN), 0, upper).empty());
}

}  // namespace
}  // namespace jstedu::notifications::pgtest
