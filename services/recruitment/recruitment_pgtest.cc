// Recruitment against a real PostgreSQL (and Redis for the event tests):
// editions, applications, the waiting list under concurrency, participants,
// declarations, CSV import, the audit of personal data, and the events,
// through the gRPC service running in-process.
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <set>
#include <thread>
#include <tuple>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/grpc/access.h"
#include "common/events/consumer.h"
#include "common/events/migrations.h"
#include "common/events/relay.h"
#include "common/grpc/idempotency.h"
#include "common/grpc/principal.h"
#include "common/pg/request_key.h"
#include "common/testing/fixtures.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/recruitment/api_input.h"
#include "services/recruitment/domain/pesel.h"
#include "services/recruitment/migrations.h"
#include "services/recruitment/recruitment_service.h"
#include "services/recruitment/registry_loader.h"

namespace jstedu::recruitment {
namespace {

using ::jstedu::testing::TestSchema;
namespace v1 = ::jstedu::recruitment::v1;

std::string RegisterPath() {
  return std::string(std::getenv("JSTEDU_SOURCE_DIR")) +
         "/data/TERC_Urzedowy_2024-01-01.csv";
}

// A valid PESEL for the n-th synthetic person (born 1960-01-01 + n days;
// the serial varies so numbers stay distinct), and its sex.
std::string MakePesel(int n, bool female = false) {
  const absl::CivilDay birth = absl::CivilDay(1960, 1, 1) + (n % 15000);
  const int serial = (n / 15000) * 50 + (n % 50);
  std::string first_ten = absl::StrFormat(
      "%02d%02d%02d%03d%d", static_cast<int>(birth.year() % 100),
      static_cast<int>(birth.month()), static_cast<int>(birth.day()), serial,
      female ? 2 * (n % 5) : 2 * (n % 5) + 1);
  return absl::StrCat(first_ten, PeselCheckDigit(first_ten));
}

v1::Participant Person(int n, bool with_declaration = true) {
  v1::Participant p;
  p.set_first_name("Anna");
  p.set_last_name("Kowalska-Nowak");
  p.set_pesel(MakePesel(n));
  p.set_education_level(v1::ISCED_5_8);
  p.set_email(absl::StrCat("osoba", n, "@gmina.example.pl"));
  p.set_phone("+48 600 100 200");
  p.set_position("naczelnik wydziału oświaty");
  p.set_target_group(v1::OPERATIONAL_STAFF);
  p.set_minority_or_foreign_origin(v1::NO);
  p.set_homeless(v1::NO);
  p.set_disability(v1::REFUSED);
  p.set_other_disadvantage(v1::NO);
  if (with_declaration) {
    p.mutable_declaration()->set_signed_on("2026-01-15");
    p.mutable_declaration()->set_information_clause_handed_over(true);
  }
  return p;
}

// A complete institution block (its own DEGURBA class).
v1::Institution Office() {
  v1::Institution i;
  i.set_nip("526-025-02-74");
  i.set_locality("Świętochłowice");
  i.set_street("ul. Katowicka");
  i.set_building_number("53");
  i.set_postcode("41-600");
  i.set_degurba(1);
  i.set_phone("32 349 18 00");
  i.set_email("urzad@gmina.example.pl");
  return i;
}

google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status details;
  details.ParseFromString(status.error_details());
  return details;
}

std::vector<std::string> PreconditionTypes(const grpc::Status& status) {
  std::vector<std::string> types;
  const google::rpc::Status details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::PreconditionFailure failure;
    if (any.UnpackTo(&failure)) {
      for (const auto& v : failure.violations()) types.push_back(v.type());
    }
  }
  return types;
}

std::vector<std::string> BadFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::Status details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    }
  }
  return fields;
}

// One schema with the registry loaded, shared by the tests of this binary
// (each test makes its own edition); one in-process server.
class RecruitmentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    schema_ = new TestSchema();
    ASSERT_TRUE(pg::ApplyMigrations(schema_->pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(
        pg::ApplyMigrations(schema_->pool(), "recruitment", Migrations()).ok());
    registry_ = new PgRegistryStore(schema_->pool());
    auto loaded = LoadRegisterFile(*registry_, RegisterPath());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    store_ = new RecruitmentStore(schema_->pool());
    service_ = new RecruitmentServiceImpl(*registry_, *store_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    grpcutil::UseAccessCheck(builder);
    builder.RegisterService(service_);
    server_ = builder.BuildAndStart().release();
    channel_ = new std::shared_ptr<grpc::Channel>(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  static void TearDownTestSuite() {
    server_->Shutdown();
    delete server_;
    delete channel_;
    delete service_;
    delete store_;
    delete registry_;
    delete schema_;
  }

  std::unique_ptr<v1::RecruitmentService::Stub> Stub() {
    return v1::RecruitmentService::NewStub(*channel_);
  }

  // Calls `rpc` as `role` (with the voivodeship or JST claim).
  template <typename Request, typename Response, typename Rpc>
  grpc::Status Call(Rpc rpc, const Request& request, Response* response,
                    const std::string& role = "ADMIN",
                    const std::string& voivodeship = "",
                    const std::string& jst = "") {
    grpc::ClientContext context;
    auth::v1::Principal principal;
    principal.set_subject(absl::StrCat("test-", role, voivodeship, jst));
    auth::v1::Role parsed = auth::v1::ROLE_UNSPECIFIED;
    auth::v1::Role_Parse(role, &parsed);
    principal.set_role(parsed);
    principal.set_voivodeship(voivodeship);
    principal.set_jst(jst);
    grpcutil::WithPrincipal(context, principal);
    auto stub = Stub();
    return ((*stub).*rpc)(&context, request, response);
  }

  // Calls `rpc` as ADMIN with the gateway's idempotency metadata.
  template <typename Request, typename Response, typename Rpc>
  grpc::Status CallKept(Rpc rpc, const Request& request, Response* response,
                        const grpcutil::IdempotentCall& kept) {
    grpc::ClientContext context;
    auth::v1::Principal principal;
    principal.set_subject("test-ADMIN");
    principal.set_role(auth::v1::ADMIN);
    grpcutil::WithPrincipal(context, principal);
    grpcutil::WithIdempotentCall(context, kept);
    auto stub = Stub();
    return ((*stub).*rpc)(&context, request, response);
  }

  // An edition open for recruitment now.
  std::string CreateEdition(int capacity = 30, int min_representatives = 3) {
    v1::CreateEditionRequest request;
    v1::Edition* e = request.mutable_edition();
    e->set_code(absl::StrCat("T-", ::jstedu::testing::RandomSuffix(8)));
    for (char& c : *e->mutable_code()) c = absl::ascii_toupper(c);
    e->set_name("Edycja testowa");
    e->set_kind(v1::PILOT);
    e->set_capacity(capacity);
    e->set_min_representatives(min_representatives);
    e->set_starts_on("2026-01-01");
    e->set_ends_on("2099-12-31");  // the window opens now, within it
    e->mutable_recruitment_opens_at()->set_seconds(
        absl::ToUnixSeconds(absl::Now()) - 3600);
    e->mutable_recruitment_closes_at()->set_seconds(
        absl::ToUnixSeconds(absl::Now()) + 86400);
    v1::Edition created;
    grpc::Status status =
        Call(&v1::RecruitmentService::Stub::CreateEdition, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.code();
  }

  // Submits an application of `teryt` with `count` representatives numbered
  // from `first_person`.
  v1::Application Submit(const std::string& edition, const std::string& teryt,
                         int count, int first_person,
                         bool declarations = true) {
    v1::SubmitApplicationRequest request;
    request.set_edition(edition);
    request.set_teryt(teryt);
    for (int i = 0; i < count; ++i) {
      *request.add_representatives() = Person(first_person + i, declarations);
    }
    *request.mutable_institution() = Office();
    v1::Application app;
    grpc::Status status =
        Call(&v1::RecruitmentService::Stub::SubmitApplication, request, &app);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return app;
  }

  grpc::Status Qualify(const std::string& id, v1::Application* out) {
    v1::QualifyApplicationRequest request;
    request.set_application(id);
    grpc::Status status =
        Call(&v1::RecruitmentService::Stub::QualifyApplication, request, out);
    if (!status.ok())
      ::testing::Test::RecordProperty("qualify", status.error_message());
    return status;
  }

  std::vector<std::string> Jsts(const std::string& voivodeship, int count) {
    return absl::StrSplit(
        schema_->Query(absl::StrCat("SELECT string_agg(teryt, ',' ORDER BY "
                                    "teryt) FROM (SELECT teryt FROM jst "
                                    "WHERE voivodeship = '",
                                    voivodeship,
                                    "' AND NOT city_with_county_rights "
                                    "ORDER BY teryt LIMIT ",
                                    count, ") t")),
        ',');
  }

  int Count(const std::string& sql) { return std::stoi(schema_->Query(sql)); }

  // The identity conflicts of `edition` awaiting the office, oldest first
  // (as ADMIN, every page).
  std::vector<v1::IdentityConflict> OpenConflicts(const std::string& edition) {
    v1::ListIdentityConflictsRequest request;
    request.set_edition(edition);
    std::vector<v1::IdentityConflict> open;
    do {
      v1::ListIdentityConflictsResponse page;
      grpc::Status status = Call(
          &v1::RecruitmentService::Stub::ListIdentityConflicts, request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      open.insert(open.end(), page.conflicts().begin(), page.conflicts().end());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return open;
  }

  static TestSchema* schema_;
  static PgRegistryStore* registry_;
  static RecruitmentStore* store_;
  static RecruitmentServiceImpl* service_;
  static grpc::Server* server_;
  static std::shared_ptr<grpc::Channel>* channel_;
};

TestSchema* RecruitmentTest::schema_ = nullptr;
PgRegistryStore* RecruitmentTest::registry_ = nullptr;
RecruitmentStore* RecruitmentTest::store_ = nullptr;
RecruitmentServiceImpl* RecruitmentTest::service_ = nullptr;
grpc::Server* RecruitmentTest::server_ = nullptr;
std::shared_ptr<grpc::Channel>* RecruitmentTest::channel_ = nullptr;

// A block of fresh person numbers (PESELs never repeat across tests).
int People(int count) {
  static std::atomic<int> next{0};
  return next.fetch_add(count);
}

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

// The CSV of `rows` participants (people from `first`), ';'-separated,
// with a BOM and CRLF line ends.
std::string Csv(int first, int rows) {
  std::string csv =
      "\xEF\xBB\xBF"
      "first_name;last_name;pesel;sex;birth_date;education_level;email;phone;"
      "position;"
      "target_group;participation_start;declaration_signed_on;"
      "information_clause_handed_over\r\n";
  for (int i = 0; i < rows; ++i) {
    absl::StrAppend(
        &csv, "Jan;Nowak-Kowalski;", MakePesel(first + i), ";;;ISCED_3;jan",
        first + i, "@example.pl;600100200;",
        "\"referent; wydział "
        "oświaty\";OPERATIONAL_STAFF;2026-03-01;2026-02-20;tak\r\n");
  }
  return csv;
}

// What a JST sees of a participant, without what belongs to the person or
// the record (ids, personal data, times): equal for any two people added
// alike.
v1::Participant Shape(v1::Participant p) {
  for (const char* field :
       {"id", "first_name", "last_name", "pesel", "email", "birth_date", "sex",
        "age_at_start", "create_time", "update_time"}) {
    p.GetReflection()->ClearField(&p,
                                  p.GetDescriptor()->FindFieldByName(field));
  }
  p.mutable_declaration()->clear_record_time();
  return p;
}

// The status the newest event of participant `id` carries.
v1::ParticipantStatus EventStatus(TestSchema& schema, const std::string& id);

TEST_F(RecruitmentTest, APeselAnotherJstHoldsIsHeldForTheOfficeUnnoticed) {
  const std::string edition = CreateEdition();
  const std::vector<std::string> jsts = Jsts("08", 3);
  const int person = People(2);
  v1::Application holder = Submit(edition, jsts[0], 1, person);
  v1::Application app = Submit(edition, jsts[1], 0, 0);

  // The JST adds the number another JST holds, and an unused one: the same
  // answer but for the person's own fields.
  v1::CreateParticipantRequest add;
  add.set_application(app.id());
  *add.mutable_participant() = Person(person);
  v1::Participant held, fresh;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::CreateParticipant, add, &held,
                   "JST", "", jsts[1])
                  .ok());
  *add.mutable_participant() = Person(person + 1);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::CreateParticipant, add,
                   &fresh, "JST", "", jsts[1])
                  .ok());
  EXPECT_EQ(Shape(held).SerializeAsString(), Shape(fresh).SerializeAsString());
  EXPECT_EQ(held.status(), v1::PARTICIPANT_ACTIVE);

  // Awaiting the office: an open conflict beside the holder; its event is
  // an ordinary active participant's (counted provisionally).
  EXPECT_EQ(
      schema_->Query(absl::StrCat(
          "SELECT identity FROM participant WHERE id = '", held.id(), "'")),
      "AWAITING_OFFICE");
  EXPECT_EQ(
      schema_->Query(absl::StrCat(
          "SELECT holder_id::text FROM identity_conflict WHERE claimant_id = '",
          held.id(), "' AND decision IS NULL")),
      holder.representatives(0).participant());
  EXPECT_EQ(EventStatus(*schema_, held.id()), v1::PARTICIPANT_ACTIVE);
  EXPECT_EQ(EventStatus(*schema_, fresh.id()), v1::PARTICIPANT_ACTIVE);

  // The JST's own duplicate is refused, naming its application, never the
  // number; the same for the held number as for the unused one.
  *add.mutable_participant() = Person(person);
  v1::Participant again;
  grpc::Status own = Call(&v1::RecruitmentService::Stub::CreateParticipant, add,
                          &again, "JST", "", jsts[1]);
  EXPECT_EQ(own.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(own.error_message(),
            "participant.pesel: this PESEL is already registered in this "
            "application");
  *add.mutable_participant() = Person(person + 1);
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::CreateParticipant, add, &again,
                 "JST", "", jsts[1])
                .error_message(),
            own.error_message());

  // A submission and an import with the number are accepted alike.
  v1::Application third = Submit(edition, jsts[2], 1, person);
  ASSERT_FALSE(third.id().empty());
  EXPECT_EQ(third.active_representatives(), 1);
  v1::Application imported_into = Submit(edition, Jsts("08", 4)[3], 0, 0);
  v1::ImportParticipantsRequest import;
  import.set_application(imported_into.id());
  import.set_csv(Csv(person, 2));
  v1::ImportParticipantsResponse imported;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::ImportParticipants, import, &imported)
          .ok());
  EXPECT_EQ(imported.inserted(), 2);
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM identity_conflict WHERE edition = '",
                edition, "' AND decision IS NULL")),
            4);  // the held one, the third JST's, and both imported rows
}

TEST_F(RecruitmentTest, JstsRacingForOneNumberConfirmItOnce) {
  const std::string edition = CreateEdition();
  const std::vector<std::string> jsts = Jsts("10", 12);
  std::vector<std::string> apps;
  for (const std::string& teryt : jsts)
    apps.push_back(Submit(edition, teryt, 0, 0).id());
  const int person = People(1);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (const std::string& app : apps) {
    threads.emplace_back([&, app] {
      v1::CreateParticipantRequest add;
      add.set_application(app);
      *add.mutable_participant() = Person(person);
      v1::Participant out;
      if (!Call(&v1::RecruitmentService::Stub::CreateParticipant, add, &out)
               .ok())
        ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  const std::string of_number =
      absl::StrCat(" FROM participant WHERE edition = '", edition,
                   "' AND pesel = '", MakePesel(person), "'");
  EXPECT_EQ(
      Count("SELECT count(*)" + of_number + " AND identity = 'CONFIRMED'"), 1);
  EXPECT_EQ(Count("SELECT count(*)" + of_number +
                  " AND identity = 'AWAITING_OFFICE'"),
            11);
  // Every held record waits beside the confirmed one.
  EXPECT_EQ(
      Count(absl::StrCat(
          "SELECT count(*) FROM identity_conflict c JOIN participant h ON "
          "h.id = c.holder_id WHERE c.edition = '",
          edition, "' AND h.identity = 'CONFIRMED'")),
      11);
}

// A held record counts like any other for everything a JST or coordinator
// sees (its rules, the roster, the facts); only the ministry export waits
// for the office (issue 15, point 1: the JST must not be able to tell).
TEST_F(RecruitmentTest, AHeldRecordCountsButNoExportUntilDecided) {
  const std::string edition = CreateEdition(30, 2);
  const std::vector<std::string> jsts = Jsts("14", 2);
  const int person = People(2);
  Submit(edition, jsts[0], 1, person);
  // One own representative and one held back.
  v1::SubmitApplicationRequest submit;
  submit.set_edition(edition);
  submit.set_teryt(jsts[1]);
  *submit.add_representatives() = Person(person + 1);
  *submit.add_representatives() = Person(person);
  v1::Application app;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::SubmitApplication, submit, &app)
          .ok());
  EXPECT_EQ(app.active_representatives(), 2);
  v1::Application out;
  ASSERT_TRUE(Qualify(app.id(), &out).ok()) << out.DebugString();

  // On the roster JstQualified hands over, and a fact.
  const std::string held = schema_->Query(
      absl::StrCat("SELECT id::text FROM participant WHERE application_id = '",
                   app.id(), "' AND identity = 'AWAITING_OFFICE'"));
  ASSERT_FALSE(held.empty());
  events::v1::JstQualified qualified;
  ASSERT_TRUE(qualified.ParseFromString(
      absl::HexStringToBytes(schema_->Query(absl::StrCat(
          "SELECT encode(payload, 'hex') FROM outbox WHERE aggregate_id = '",
          app.id(), "' AND event_type = 'jstedu.events.v1.JstQualified'")))));
  EXPECT_EQ(qualified.participant_ids_size(), 2);
  v1::ListParticipantFactsRequest facts_request;
  facts_request.set_edition(edition);
  v1::ListParticipantFactsResponse facts;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ListParticipantFacts,
                   facts_request, &facts)
                  .ok());
  EXPECT_EQ(facts.participants_size(), 2);
  // The export waits for the office, saying how many conflicts.
  v1::ExportParticipantsRequest export_request;
  export_request.set_edition(edition);
  export_request.set_purpose("plik uczestników");
  v1::ExportParticipantsResponse exported;
  grpc::Status refused = Call(&v1::RecruitmentService::Stub::ExportParticipants,
                              export_request, &exported);
  EXPECT_EQ(PreconditionTypes(refused),
            std::vector<std::string>{"IDENTITY_CONFLICTS_OPEN"});
  EXPECT_NE(refused.error_message().find("decide 1 identity conflict "),
            std::string::npos)
      << refused.error_message();
  v1::CountIdentityConflictsRequest count_request;
  count_request.set_edition(edition);
  v1::IdentityConflictCount count;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::CountIdentityConflicts,
                   count_request, &count, "MINISTRY")
                  .ok());
  EXPECT_EQ(count.open(), 1);
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::CountIdentityConflicts,
                 count_request, &count, "JST", "", jsts[1])
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Decided: exported.
  v1::ResolveIdentityConflictRequest resolve;
  resolve.set_conflict(OpenConflicts(edition).at(0).id());
  resolve.set_decision(v1::DISTINCT_PEOPLE);
  resolve.set_reason("dwie osoby");
  v1::IdentityConflict decided;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ResolveIdentityConflict,
                   resolve, &decided)
                  .ok());
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ExportParticipants,
                   export_request, &exported)
                  .ok());
  EXPECT_EQ(exported.participants_size(), 2);
}

// Issue 15 review, point 3: B and C wait beside A; the office finds B the
// same person as A. C must now be compared with B (the current holder),
// never silently shared.
TEST_F(RecruitmentTest, AWaitingRecordIsComparedWithTheCurrentHolder) {
  const std::string edition = CreateEdition(30, 1);
  const std::vector<std::string> jsts = Jsts("20", 3);
  const int person = People(1);
  v1::Application a = Submit(edition, jsts[0], 1, person);
  v1::Application b = Submit(edition, jsts[1], 1, person);
  v1::Application c = Submit(edition, jsts[2], 1, person);
  std::vector<v1::IdentityConflict> open = OpenConflicts(edition);
  ASSERT_EQ(open.size(), 2u);
  v1::ResolveIdentityConflictRequest resolve;
  resolve.set_conflict(open[0].id());
  resolve.set_decision(v1::SAME_PERSON_MOVED);
  resolve.set_reason("przeniesienie");
  v1::IdentityConflict decided;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ResolveIdentityConflict,
                   resolve, &decided)
                  .ok());
  ASSERT_EQ(decided.claimant().application(), b.id());
  open = OpenConflicts(edition);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].holder().application(), b.id());
  EXPECT_EQ(open[0].claimant().application(), c.id());
  // C moved too: B's participation ends, C is the one record counted.
  resolve.set_conflict(open[0].id());
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ResolveIdentityConflict,
                   resolve, &decided)
                  .ok());
  EXPECT_EQ(decided.holder().application(), b.id());
  EXPECT_EQ(decided.holder().status(), v1::PARTICIPANT_WITHDRAWN);
  const std::string of_number =
      absl::StrCat(" FROM participant WHERE edition = '", edition,
                   "' AND pesel = '", MakePesel(person), "'");
  EXPECT_EQ(Count("SELECT count(*)" + of_number +
                  " AND identity IN ('CONFIRMED', 'SHARED_PESEL')"),
            1);
  EXPECT_EQ(schema_->Query("SELECT application_id::text" + of_number +
                           " AND identity = 'CONFIRMED'"),
            c.id());
  (void)a;
}

// Issue 15 review, point 4: a waiting record that leaves closes its
// conflict; SAME_PERSON_MOVED for a record that does not take part is
// refused.
TEST_F(RecruitmentTest, AWaitingRecordThatLeavesClosesItsConflict) {
  const std::string edition = CreateEdition(30, 1);
  const std::vector<std::string> jsts = Jsts("26", 3);
  const int person = People(1);
  Submit(edition, jsts[0], 1, person);
  v1::Application b = Submit(edition, jsts[1], 1, person);
  v1::Application c = Submit(edition, jsts[2], 1, person);
  ASSERT_EQ(OpenConflicts(edition).size(), 2u);
  // B's participant withdrawn; C's application withdrawn.
  v1::WithdrawParticipantRequest withdraw;
  withdraw.set_participant(b.representatives(0).participant());
  withdraw.set_reason("rezygnacja");
  v1::Participant left;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawParticipant, withdraw, &left)
          .ok());
  v1::WithdrawApplicationRequest withdraw_app;
  withdraw_app.set_application(c.id());
  withdraw_app.set_reason("rada zdecydowała");
  v1::Application gone;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::WithdrawApplication,
                   withdraw_app, &gone)
                  .ok());
  EXPECT_TRUE(OpenConflicts(edition).empty());
  EXPECT_EQ(
      Count(absl::StrCat(
          "SELECT count(*) FROM identity_conflict WHERE edition = '", edition,
          "' AND decision = 'CLAIMANT_LEFT' AND resolved_by <> '' AND "
          "resolved_at IS NOT NULL")),
      2);
}

TEST_F(RecruitmentTest, TheOfficeSeesBothRecordsAuditedAndDecides) {
  const std::string edition = CreateEdition(30, 1);
  const std::vector<std::string> jsts = Jsts("16", 4);
  const int person = People(3);
  v1::Application first = Submit(edition, jsts[0], 3, person);
  v1::Application moved = Submit(edition, jsts[1], 1, person);
  v1::Application twin = Submit(edition, jsts[2], 1, person + 1);
  v1::Application typo = Submit(edition, jsts[3], 1, person + 2);
  ASSERT_TRUE(Qualify(first.id(), &first).ok());

  // Only the office lists and decides.
  v1::ListIdentityConflictsRequest list;
  list.set_edition(edition);
  v1::ListIdentityConflictsResponse listed;
  for (const auto& [role, region] :
       std::vector<std::pair<std::string, std::string>>{
           {"COORDINATOR", "16"}, {"JST", ""}, {"MINISTRY", ""}}) {
    EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ListIdentityConflicts, list,
                   &listed, role, region, role == "JST" ? jsts[1] : "")
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << role;
  }
  const int audited = Count("SELECT count(*) FROM personal_data_access");
  list.set_page_size(2);
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::ListIdentityConflicts, list, &listed)
          .ok());
  ASSERT_EQ(listed.conflicts_size(), 2);
  ASSERT_FALSE(listed.next_page_token().empty());
  const v1::IdentityConflict& c = listed.conflicts(0);
  EXPECT_EQ(c.holder().application(), first.id());
  EXPECT_EQ(c.holder().pesel(), MakePesel(person));
  EXPECT_EQ(c.claimant().id(), moved.representatives(0).participant());
  EXPECT_EQ(c.claimant().pesel(), MakePesel(person));
  EXPECT_EQ(c.claimant().employer_teryt(), jsts[1]);
  EXPECT_EQ(c.decision(), v1::IDENTITY_DECISION_UNSPECIFIED);
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_access"), audited + 4);
  EXPECT_EQ(
      Count(absl::StrCat(
          "SELECT count(*) FROM personal_data_access WHERE participant_id = '",
          c.claimant().id(),
          "' AND rpc = 'ListIdentityConflicts' AND "
          "purpose = 'identity conflict review'")),
      1);
  std::vector<v1::IdentityConflict> open = OpenConflicts(edition);
  ASSERT_EQ(open.size(), 3u);

  v1::ResolveIdentityConflictRequest resolve;
  resolve.set_conflict(open[0].id());
  resolve.set_reason("przeszła do urzędu gminy, potwierdzone telefonicznie");
  v1::IdentityConflict decided;
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ResolveIdentityConflict,
                 resolve, &decided)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // no decision
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ResolveIdentityConflict,
                 resolve, &decided, "COORDINATOR", "16")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Same person, moved: the first JST's participation ends, the new record
  // counts; both records change through events.
  resolve.set_decision(v1::SAME_PERSON_MOVED);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ResolveIdentityConflict,
                   resolve, &decided)
                  .ok());
  EXPECT_EQ(decided.decision(), v1::SAME_PERSON_MOVED);
  EXPECT_EQ(decided.resolved_by(), "test-ADMIN");
  EXPECT_EQ(decided.reason(), resolve.reason());
  EXPECT_EQ(decided.holder().status(), v1::PARTICIPANT_WITHDRAWN);
  EXPECT_EQ(decided.holder().end_reason(), v1::MOVED_TO_ANOTHER_JST);
  EXPECT_EQ(decided.claimant().status(), v1::PARTICIPANT_ACTIVE);
  EXPECT_EQ(EventStatus(*schema_, decided.holder().id()),
            v1::PARTICIPANT_WITHDRAWN);
  EXPECT_EQ(EventStatus(*schema_, decided.claimant().id()),
            v1::PARTICIPANT_ACTIVE);
  EXPECT_EQ(schema_->Query(
                absl::StrCat("SELECT identity FROM participant WHERE id = '",
                             decided.holder().id(), "'")),
            "SUPERSEDED");
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM personal_data_access WHERE rpc = "
                "'ResolveIdentityConflict' AND participant_id IN ('",
                decided.holder().id(), "', '", decided.claimant().id(), "')")),
            2);
  // Decided once.
  EXPECT_EQ(PreconditionTypes(
                Call(&v1::RecruitmentService::Stub::ResolveIdentityConflict,
                     resolve, &decided)),
            std::vector<std::string>{"CONFLICT_OPEN"});

  // Two people with one number: both count.
  resolve.set_conflict(open[1].id());
  resolve.set_decision(v1::DISTINCT_PEOPLE);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ResolveIdentityConflict,
                   resolve, &decided)
                  .ok());
  EXPECT_EQ(EventStatus(*schema_, decided.claimant().id()),
            v1::PARTICIPANT_ACTIVE);
  EXPECT_EQ(decided.holder().status(), v1::PARTICIPANT_ACTIVE);

  // A mistyped number: flagged for its JST, counted nowhere, until the JST
  // corrects it.
  resolve.set_conflict(open[2].id());
  resolve.set_decision(v1::MISTYPED);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ResolveIdentityConflict,
                   resolve, &decided)
                  .ok());
  EXPECT_TRUE(decided.claimant().pesel_rejected());
  EXPECT_FALSE(decided.holder().pesel_rejected());
  EXPECT_EQ(EventStatus(*schema_, decided.claimant().id()),
            v1::PARTICIPANT_NOT_COUNTED);
  v1::UpdateParticipantRequest fix;
  fix.mutable_participant()->set_id(decided.claimant().id());
  fix.mutable_participant()->set_pesel(MakePesel(People(1)));
  for (const char* path : {"pesel", "sex", "birth_date"}) {
    fix.mutable_update_mask()->add_paths(path);  // the last two from the PESEL
  }
  v1::Participant fixed;
  grpc::Status corrected =
      Call(&v1::RecruitmentService::Stub::UpdateParticipant, fix, &fixed, "JST",
           "", jsts[3]);
  ASSERT_TRUE(corrected.ok()) << corrected.error_message();
  EXPECT_FALSE(fixed.pesel_rejected());
  EXPECT_EQ(EventStatus(*schema_, fixed.id()), v1::PARTICIPANT_ACTIVE);
  EXPECT_TRUE(OpenConflicts(edition).empty());
}

TEST_F(RecruitmentTest, AChangedNumberIsCheckedLikeANewOne) {
  const std::string edition = CreateEdition();
  const std::vector<std::string> jsts = Jsts("18", 2);
  const int person = People(3);
  Submit(edition, jsts[0], 1, person);
  v1::Application app = Submit(edition, jsts[1], 1, person + 1);
  const std::string id = app.representatives(0).participant();
  v1::UpdateParticipantRequest update;
  update.mutable_participant()->set_id(id);
  for (const char* path : {"pesel", "sex", "birth_date"}) {
    update.mutable_update_mask()->add_paths(
        path);  // the last two from the PESEL
  }
  v1::Participant out;
  // To the number another JST holds: accepted, held back.
  update.mutable_participant()->set_pesel(MakePesel(person));
  grpc::Status status = Call(&v1::RecruitmentService::Stub::UpdateParticipant,
                             update, &out, "JST", "", jsts[1]);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.status(), v1::PARTICIPANT_ACTIVE);
  EXPECT_EQ(EventStatus(*schema_, id), v1::PARTICIPANT_ACTIVE);
  EXPECT_EQ(OpenConflicts(edition).size(), 1u);
  // To a free number: counted again, the conflict closed as changed.
  update.mutable_participant()->set_pesel(MakePesel(person + 2));
  status = Call(&v1::RecruitmentService::Stub::UpdateParticipant, update, &out,
                "JST", "", jsts[1]);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(EventStatus(*schema_, id), v1::PARTICIPANT_ACTIVE);
  EXPECT_TRUE(OpenConflicts(edition).empty());
  EXPECT_EQ(
      schema_->Query(absl::StrCat(
          "SELECT decision || '|' || resolved_by FROM identity_conflict WHERE "
          "claimant_id = '",
          id, "'")),
      absl::StrCat("PESEL_CHANGED|test-JST", jsts[1]));
}

TEST_F(RecruitmentTest, AKeptAnswerIsGivenAgainAuditedAndNothingRuns) {
  const std::string edition = CreateEdition();
  v1::Application app = Submit(edition, Jsts("20", 1).front(), 0, 0);
  const grpcutil::IdempotentCall kept{std::string(64, 'a'),
                                      std::string(64, 'f')};
  v1::CreateParticipantRequest add;
  add.set_application(app.id());
  *add.mutable_participant() = Person(People(1));
  v1::Participant first, again;
  ASSERT_TRUE(CallKept(&v1::RecruitmentService::Stub::CreateParticipant, add,
                       &first, kept)
                  .ok());
  const std::string audit = absl::StrCat(
      "SELECT count(*) FROM personal_data_access WHERE participant_id = '",
      first.id(), "'");
  ASSERT_EQ(Count(audit), 1);
  ASSERT_TRUE(CallKept(&v1::RecruitmentService::Stub::CreateParticipant, add,
                       &again, kept)
                  .ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM participant WHERE application_id = '",
                app.id(), "'")),
            1);
  EXPECT_EQ(Count(audit), 2);
  EXPECT_EQ(Count(absl::StrCat(audit,
                               " AND rpc = 'CreateParticipant' AND purpose = '",
                               kReplayPurpose, "'")),
            1);
  // Another request under the key, or another RPC, is refused.
  const grpcutil::IdempotentCall other{kept.key, std::string(64, 'e')};
  EXPECT_EQ(CallKept(&v1::RecruitmentService::Stub::CreateParticipant, add,
                     &again, other)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::WithdrawParticipantRequest withdraw;
  withdraw.set_participant(first.id());
  withdraw.set_reason("zmiana pracy");
  EXPECT_EQ(CallKept(&v1::RecruitmentService::Stub::WithdrawParticipant,
                     withdraw, &again, kept)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // A withdrawal repeated is the first answer again, not "already withdrawn".
  const grpcutil::IdempotentCall leave{std::string(64, 'b'),
                                       std::string(64, 'f')};
  v1::Participant left, left_again;
  ASSERT_TRUE(CallKept(&v1::RecruitmentService::Stub::WithdrawParticipant,
                       withdraw, &left, leave)
                  .ok());
  ASSERT_TRUE(CallKept(&v1::RecruitmentService::Stub::WithdrawParticipant,
                       withdraw, &left_again, leave)
                  .ok());
  EXPECT_EQ(left_again.SerializeAsString(), left.SerializeAsString());

  // Kept answers are deleted with their keys once old; then a repeat runs
  // again.
  const std::string kept_rows =
      absl::StrCat("SELECT count(*) FROM kept_answer WHERE scoped_key IN ('",
                   kept.key, "', '", leave.key, "')");
  EXPECT_EQ(Count(kept_rows), 2);
  schema_->Query(absl::StrCat(
      "UPDATE request_key SET created_at = now() - interval '26 hours' "
      "WHERE scoped_key = '",
      kept.key, "'"));
  auto deleted = pg::DeleteExpiredRequestKeys(schema_->pool(), absl::Hours(25));
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_GE(*deleted, 1);
  EXPECT_EQ(Count(kept_rows), 1);
  EXPECT_EQ(CallKept(&v1::RecruitmentService::Stub::CreateParticipant, add,
                     &again, kept)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(RecruitmentTest, BadParticipantInputListsEveryField) {
  const std::string edition = CreateEdition();
  v1::SubmitApplicationRequest request;
  request.set_edition(edition);
  request.set_teryt(Jsts("10", 1).front());
  v1::Participant good = Person(People(1));
  v1::Participant bad = Person(People(1));
  std::string pesel = bad.pesel();
  pesel[10] = pesel[10] == '9' ? '0' : pesel[10] + 1;  // wrong check digit
  bad.set_pesel(pesel);
  bad.set_email("not-an-email");
  *request.add_representatives() = good;
  *request.add_representatives() = bad;
  v1::Application app;
  grpc::Status status =
      Call(&v1::RecruitmentService::Stub::SubmitApplication, request, &app);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status),
            (std::vector<std::string>{"representatives[1].pesel",
                                      "representatives[1].email"}));
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
  EXPECT_EQ(now.below_minimum_since(), FormatIsoDate(WarsawToday()));
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

TEST_F(RecruitmentTest, ConcurrentAdditionsToOneTeamAllLandAndLiftTheFlag) {
  const std::string edition = CreateEdition(30, 3);
  v1::Application app = Submit(edition, Jsts("30", 1).front(), 3, People(3));
  v1::Application qualified;
  ASSERT_TRUE(Qualify(app.id(), &qualified).ok());
  v1::WithdrawParticipantRequest withdraw;
  withdraw.set_participant(qualified.representatives(0).participant());
  withdraw.set_reason("zmiana pracy");
  v1::Participant gone;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawParticipant, withdraw, &gone)
          .ok());

  const int first = People(20);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      v1::CreateParticipantRequest add;
      add.set_application(app.id());
      *add.mutable_participant() = Person(first + i);
      v1::Participant added;
      if (!Call(&v1::RecruitmentService::Stub::CreateParticipant, add, &added)
               .ok())
        ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  v1::GetApplicationRequest get;
  get.set_application(app.id());
  v1::Application now;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::GetApplication, get, &now).ok());
  EXPECT_EQ(now.active_representatives(), 22);
  EXPECT_EQ(now.below_minimum_since(), "");
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM outbox WHERE event_type = "
                               "'jstedu.events.v1.ParticipantEnrolled' AND "
                               "aggregate_id IN (SELECT id::text "
                               "FROM participant WHERE application_id = '",
                               app.id(), "')")),
            23);
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

TEST_F(RecruitmentTest, EveryPersonalDataReadIsAuditedAndScoped) {
  const std::string edition = CreateEdition();
  const std::string teryt = Jsts("18", 1).front();
  v1::Application app = Submit(edition, teryt, 3, People(3));
  const std::string id = app.representatives(0).participant();
  const std::string audit = absl::StrCat(
      "SELECT count(*) FROM personal_data_access WHERE participant_id = '", id,
      "'");
  EXPECT_EQ(Count(audit), 0);  // the application answer holds no personal data

  v1::GetParticipantRequest get;
  get.set_participant(id);
  get.set_purpose("weryfikacja danych do SL2014");
  v1::Participant p;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::GetParticipant, get, &p,
                   "COORDINATOR", "18")
                  .ok());
  EXPECT_EQ(p.pesel().size(), 11u);
  EXPECT_EQ(Count(audit), 1);
  EXPECT_EQ(
      schema_->Query(absl::StrCat(
          "SELECT subject || '|' || role || '|' || purpose || '|' || rpc FROM "
          "personal_data_access WHERE participant_id = '",
          id, "'")),
      "test-COORDINATOR18|COORDINATOR|weryfikacja danych do "
      "SL2014|GetParticipant");

  // Outside the scope: NOT_FOUND, and no audit row.
  grpc::Status foreign = Call(&v1::RecruitmentService::Stub::GetParticipant,
                              get, &p, "COORDINATOR", "02");
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::NOT_FOUND);
  foreign = Call(&v1::RecruitmentService::Stub::GetParticipant, get, &p, "JST",
                 "", "0201011");
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::GetParticipant, get, &p,
                   "JST", "", teryt)
                  .ok());
  EXPECT_EQ(Count(audit), 2);

  // The export: ADMIN and MINISTRY only, a purpose required, one audit row
  // per participant returned; only JSTs ever qualified.
  v1::ExportParticipantsRequest export_request;
  export_request.set_edition(edition);
  v1::ExportParticipantsResponse exported;
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ExportParticipants,
                 export_request, &exported, "MINISTRY")
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  export_request.set_purpose("plik uczestników dla ministerstwa");
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::ExportParticipants,
                 export_request, &exported, "COORDINATOR", "18")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ExportParticipants,
                   export_request, &exported, "MINISTRY")
                  .ok());
  EXPECT_EQ(exported.participants_size(), 0);
  v1::Application qualified;
  ASSERT_TRUE(Qualify(app.id(), &qualified).ok());
  export_request.set_page_size(2);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ExportParticipants,
                   export_request, &exported, "MINISTRY")
                  .ok());
  EXPECT_EQ(exported.participants_size(), 2);
  ASSERT_FALSE(exported.next_page_token().empty());
  export_request.set_page_token(exported.next_page_token());
  v1::ExportParticipantsResponse rest;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ExportParticipants,
                   export_request, &rest, "MINISTRY")
                  .ok());
  EXPECT_EQ(rest.participants_size(), 1);
  EXPECT_TRUE(rest.next_page_token().empty());
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM personal_data_access WHERE rpc = "
                "'ExportParticipants' AND participant_id IN (SELECT id FROM "
                "participant WHERE application_id = '",
                app.id(), "')")),
            3);
}

TEST_F(RecruitmentTest, DeclarationIsRecordedOnceAndNeverReplaced) {
  const std::string edition = CreateEdition();
  v1::Application app =
      Submit(edition, Jsts("20", 1).front(), 1, People(1), false);
  v1::RecordDeclarationRequest request;
  request.set_participant(app.representatives(0).participant());
  request.set_signed_on("2026-02-01");
  v1::Participant p;
  grpc::Status status =
      Call(&v1::RecruitmentService::Stub::RecordDeclaration, request, &p);
  EXPECT_EQ(status.error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);  // clause not handed over
  request.set_information_clause_handed_over(true);
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::RecordDeclaration, request, &p).ok());
  EXPECT_EQ(p.declaration().signed_on(), "2026-02-01");
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::RecordDeclaration, request, &p)
          .ok());  // repeat
  request.set_signed_on("2026-02-02");
  status = Call(&v1::RecruitmentService::Stub::RecordDeclaration, request, &p);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM outbox WHERE aggregate_id = '",
                request.participant(),
                "' AND event_type = 'jstedu.events.v1.ParticipantUpdated'")),
            1);
}

TEST_F(RecruitmentTest, UpdateParticipantRevalidatesTheWholeRecord) {
  const std::string edition = CreateEdition();
  v1::Application app = Submit(edition, Jsts("22", 1).front(), 1, People(1));
  v1::UpdateParticipantRequest request;
  request.mutable_participant()->set_id(app.representatives(0).participant());
  request.mutable_participant()->set_pesel(MakePesel(People(1)));
  request.mutable_update_mask()->add_paths("pesel");
  v1::Participant p;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateParticipant, request, &p).ok());
  EXPECT_EQ(p.pesel(), request.participant().pesel());
  request.mutable_participant()->set_sex(p.sex() == v1::MALE ? v1::FEMALE
                                                             : v1::MALE);
  request.mutable_update_mask()->add_paths("sex");
  grpc::Status status =
      Call(&v1::RecruitmentService::Stub::UpdateParticipant, request, &p);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"participant.sex"});
  request.mutable_update_mask()->Clear();
  request.mutable_update_mask()->add_paths("ageAtStart");
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::UpdateParticipant, request, &p)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // The refusal names the field as the caller wrote it in JSON (the
  // gateway hands the mask on in proto names).
  request.mutable_update_mask()->Clear();
  request.mutable_update_mask()->add_paths("pesel_rejected");
  status = Call(&v1::RecruitmentService::Stub::UpdateParticipant, request, &p);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"updateMask"});
  EXPECT_THAT(status.error_message(),
              ::testing::HasSubstr("field peselRejected cannot be updated"));
}

TEST_F(RecruitmentTest, CsvImportIsAllOrNothingAndIdempotent) {
  const std::string edition = CreateEdition();
  v1::Application app = Submit(edition, Jsts("26", 1).front(), 0, 0);
  const int first = People(2000);
  const std::string good = Csv(first, 2000);

  // 37 broken rows of different kinds: each on its own line.
  std::vector<std::string> lines = absl::StrSplit(good, "\r\n");
  std::set<int> broken_lines;
  for (int k = 0; k < 37; ++k) {
    const int line = 2 + k * 53;  // 1-based physical line; line 1 is the header
    broken_lines.insert(line);
    std::string& text = lines[line - 1];
    switch (k % 4) {
      case 0:
        text.replace(text.find(";ISCED_3;"), 9, ";ISCED_9;");
        break;
      case 1:
        text.replace(text.find("OPERATIONAL_STAFF"), 17, "MAYOR");
        break;
      case 2:
        text.replace(text.find(";600100200;"), 11, ";12;");
        break;
      case 3: {
        const size_t at = text.find(MakePesel(first + line - 2)) + 10;
        text[at] = text[at] == '9' ? '0' : text[at] + 1;
        break;
      }
    }
  }
  const std::string bad = absl::StrJoin(lines, "\r\n");
  v1::ImportParticipantsRequest request;
  request.set_application(app.id());
  request.set_csv(bad);
  v1::ImportParticipantsResponse response;
  grpc::Status status = Call(&v1::RecruitmentService::Stub::ImportParticipants,
                             request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  std::set<int> reported;
  for (const std::string& field : BadFields(status)) {
    int line = 0;
    ASSERT_EQ(sscanf(field.c_str(), "line %d", &line), 1) << field;
    reported.insert(line);
  }
  EXPECT_EQ(reported, broken_lines);
  const std::string written =
      absl::StrCat("SELECT count(*) FROM participant WHERE application_id = '",
                   app.id(), "'");
  EXPECT_EQ(Count(written), 0);

  request.set_csv(good);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ImportParticipants, request,
                   &response)
                  .ok());
  EXPECT_EQ(response.rows(), 2000);
  EXPECT_EQ(response.inserted(), 2000);
  EXPECT_EQ(Count(written), 2000);
  const std::string outbox = absl::StrCat(
      "SELECT count(*) FROM outbox WHERE event_type = "
      "'jstedu.events.v1.ParticipantEnrolled' "
      "AND aggregate_id IN (SELECT id::text FROM participant WHERE "
      "application_id = '",
      app.id(), "')");
  EXPECT_EQ(Count(outbox), 2000);

  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ImportParticipants, request,
                   &response)
                  .ok());
  EXPECT_EQ(response.inserted(), 0);
  EXPECT_EQ(response.updated(), 0);
  EXPECT_EQ(response.unchanged(), 2000);
  EXPECT_EQ(Count(written), 2000);
  EXPECT_EQ(Count(outbox), 2000);
}

// Events reach a consumer through the relay and Redis; delivering them all
// again (as a relay re-publishing after a Redis loss would) changes nothing.
TEST_F(RecruitmentTest, EachEventHasExactlyOneEffectAlsoWhenRedelivered) {
  ::jstedu::testing::TestSchema consumer_schema;
  ASSERT_TRUE(pg::ApplyMigrations(consumer_schema.pool(), "platform",
                                  events::PlatformMigrations())
                  .ok());
  consumer_schema.Query(
      "CREATE TABLE effects (event_id uuid NOT NULL, type text NOT NULL)");
  ::jstedu::testing::TestKeyspace keyspace;
  const std::string stream =
      events::StreamName(keyspace.prefix(), "recruitment");

  const std::string edition = CreateEdition(1);
  v1::Application first = Submit(edition, Jsts("28", 2)[0], 3, People(3));
  v1::Application second = Submit(edition, Jsts("28", 2)[1], 3, People(3));
  v1::Application out;
  ASSERT_TRUE(Qualify(first.id(), &out).ok());
  ASSERT_TRUE(Qualify(second.id(), &out).ok());  // waitlisted
  v1::WithdrawApplicationRequest withdraw;
  withdraw.set_application(first.id());
  withdraw.set_reason("rezygnacja");
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::WithdrawApplication, withdraw, &out)
          .ok());
  const std::string ours = absl::StrCat(
      " FROM outbox WHERE aggregate_id IN (SELECT id::text FROM application "
      "WHERE edition = '",
      edition, "' UNION SELECT id::text FROM participant WHERE edition = '",
      edition, "')");
  const int produced = Count("SELECT count(*)" + ours);
  // 6 enrolled, JstQualified ×2, JstWaitlisted, JstWithdrawn, 3 withdrawn.
  EXPECT_EQ(produced, 6 + 2 + 1 + 1 + 3);

  events::RelayOptions relay_options;
  relay_options.producer = "recruitment";
  relay_options.stream = stream;
  events::Relay relay(schema_->pool(), keyspace.options(), relay_options);
  events::ConsumerOptions consumer_options;
  consumer_options.name = "probe";
  consumer_options.stream = stream;
  consumer_options.instance = "probe-1";
  consumer_options.block = std::chrono::milliseconds(50);
  consumer_options.reclaim_idle = std::chrono::milliseconds(100);
  events::Consumer consumer(
      consumer_schema.pool(), keyspace.options(), consumer_options,
      [](pqxx::transaction_base& tx, const events::EventEnvelope& envelope) {
        tx.exec_params("INSERT INTO effects VALUES ($1::uuid, $2)",
                       envelope.event_id(), envelope.event_type());
        return absl::OkStatus();
      });
  // Other tests' events share the schema's outbox: publish all, then count
  // ours.
  for (int i = 0; i < 200; ++i) {
    auto published = relay.PublishBatch();
    ASSERT_TRUE(published.ok()) << published.status();
    if (*published == 0) break;
  }
  auto drain = [&] {
    for (int i = 0; i < 500; ++i) {
      auto handled = consumer.PollOnce();
      ASSERT_TRUE(handled.ok()) << handled.status();
      if (*handled == 0) break;
    }
  };
  drain();
  // The consumer's schema cannot see the outbox: compare through the ids.
  const std::string ids = schema_->Query(
      "SELECT string_agg(quote_literal(event_id::text), ',')" + ours);
  const std::string ours_effects = absl::StrCat(
      "SELECT count(*) FROM effects WHERE event_id::text IN (", ids, ")");
  EXPECT_EQ(std::stoi(consumer_schema.Query(ours_effects)), produced);

  // Every entry of the stream delivered again.
  auto redis = keyspace.Client();
  auto entries = redis->Command({"XRANGE", stream, "-", "+"});
  ASSERT_TRUE(entries.ok()) << entries.status();
  for (const auto& entry : entries->elements) {
    std::vector<std::string> argv = {"XADD", stream, "*"};
    const auto& fields = entry.elements[1].elements;
    for (const auto& field : fields) argv.push_back(field.str);
    ASSERT_TRUE(redis->Command(argv).ok());
  }
  drain();
  EXPECT_EQ(std::stoi(consumer_schema.Query(ours_effects)), produced);
  EXPECT_EQ(
      std::stoi(consumer_schema.Query("SELECT count(*) FROM (SELECT event_id "
                                      "FROM effects GROUP BY event_id "
                                      "HAVING count(*) > 1) d")),
      0);
}

// Review findings, each failed before its fix.

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

TEST_F(RecruitmentTest, ReimportOnAnotherDayKeepsStartsWhenTheFileGivesNone) {
  const std::string edition = CreateEdition();
  v1::Application app = Submit(edition, Jsts("04", 3).back(), 0, 0);
  const int first = People(3);
  std::string csv = "first_name,last_name,pesel,target_group\n";
  for (int i = 0; i < 3; ++i) {
    absl::StrAppend(&csv, "Ewa,Lis,", MakePesel(first + i),
                    ",DECISION_MAKER\n");
  }
  v1::ImportParticipantsRequest request;
  request.set_application(app.id());
  request.set_csv(csv);
  v1::ImportParticipantsResponse response;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ImportParticipants, request,
                   &response)
                  .ok());
  ASSERT_EQ(response.inserted(), 3);
  // As if that import had run last month.
  schema_->Query(
      absl::StrCat("UPDATE participant SET participation_start = "
                   "participation_start - 30 WHERE application_id = '",
                   app.id(), "'"));
  schema_->Query(absl::StrCat(
      "UPDATE participant SET age_at_start = date_part('year', "
      "age(participation_start, birth_date)) WHERE application_id = '",
      app.id(), "'"));
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::ImportParticipants, request,
                   &response)
                  .ok());
  EXPECT_EQ(response.unchanged(), 3);
  EXPECT_EQ(response.updated(), 0);
}

TEST_F(RecruitmentTest, UpdatesNeverRemoveARecordedDeclaration) {
  const std::string edition = CreateEdition();
  v1::Application app = Submit(edition, Jsts("06", 3).back(), 1, People(1));
  const std::string id = app.representatives(0).participant();
  // The store's update statement itself keeps it, whatever the caller passes.
  ParticipantData data = *store_->ParticipantRecord(id);
  ParticipantData without = data;
  without.declaration.reset();
  without.phone = "+48600999888";
  Actor actor{"test", "ADMIN", "", WarsawToday()};
  auto updated = store_->UpdateParticipant(id, data, without, actor);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->declaration().signed_on(), "2026-01-15");
  EXPECT_EQ(updated->phone(), "+48600999888");
}

TEST_F(RecruitmentTest, APlannedParticipantCanWithdrawBeforeStarting) {
  const std::string edition = CreateEdition();
  v1::SubmitApplicationRequest request;
  request.set_edition(edition);
  request.set_teryt(Jsts("08", 3).back());
  v1::Participant planned = Person(People(1));
  planned.set_participation_start(FormatIsoDate(WarsawToday() + 30));
  *request.add_representatives() = planned;
  v1::Application app;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::SubmitApplication, request, &app)
          .ok());
  v1::WithdrawParticipantRequest withdraw;
  withdraw.set_participant(app.representatives(0).participant());
  withdraw.set_reason("rezygnacja przed startem");
  v1::Participant p;
  grpc::Status status =
      Call(&v1::RecruitmentService::Stub::WithdrawParticipant, withdraw, &p);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(p.participation_end(), planned.participation_start());
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

TEST_F(RecruitmentTest, RolesWithoutTeamAccessAreRefusedInTheServiceToo) {
  const std::string edition = CreateEdition();
  v1::Application app = Submit(edition, Jsts("10", 3).back(), 1, People(1));
  v1::GetParticipantRequest get;
  get.set_participant(app.representatives(0).participant());
  v1::Participant p;
  for (const char* role : {"EXPERT", "TRAINER", "MINISTRY"}) {
    EXPECT_EQ(Call(&v1::RecruitmentService::Stub::GetParticipant, get, &p, role)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << role;
  }
  v1::WithdrawApplicationRequest withdraw;
  withdraw.set_application(app.id());
  withdraw.set_reason("x");
  v1::Application out;
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::WithdrawApplication, withdraw,
                 &out, "EXPERT")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
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

// The EditionChanged events of edition `code` in the outbox, oldest first.
std::vector<events::v1::EditionChanged> EditionEvents(TestSchema& schema,
                                                      const std::string& code) {
  const std::string hex = schema.Query(absl::StrCat(
      "SELECT string_agg(encode(payload, 'hex'), ',' ORDER BY id) FROM outbox "
      "WHERE event_type = 'jstedu.events.v1.EditionChanged' AND aggregate_id "
      "= '",
      code, "'"));
  std::vector<events::v1::EditionChanged> events;
  if (hex.empty()) return events;
  for (absl::string_view payload : absl::StrSplit(hex, ',')) {
    EXPECT_TRUE(
        events.emplace_back().ParseFromString(absl::HexStringToBytes(payload)));
  }
  return events;
}

void ExpectPublished(const v1::Edition& edition,
                     const events::v1::EditionChanged& event) {
  EXPECT_EQ(event.code(), edition.code());
  EXPECT_EQ(event.kind(), edition.kind());
  EXPECT_EQ(event.name(), edition.name());
  EXPECT_EQ(event.capacity(), edition.capacity());
  EXPECT_EQ(event.min_representatives(), edition.min_representatives());
  EXPECT_EQ(event.starts_on(), edition.starts_on());
  EXPECT_EQ(event.ends_on(), edition.ends_on());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      event.update_time(), edition.update_time()))
      << event.update_time().DebugString();
}

TEST_F(RecruitmentTest, EachEditionChangePublishesOneEditionChanged) {
  const std::string code = CreateEdition(30, 3);
  v1::GetEditionRequest get;
  get.set_code(code);
  v1::Edition created;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::GetEdition, get, &created).ok());
  std::vector<events::v1::EditionChanged> events =
      EditionEvents(*schema_, code);
  ASSERT_EQ(events.size(), 1u);
  ExpectPublished(created, events[0]);

  v1::UpdateEditionRequest update;
  v1::Edition* change = update.mutable_edition();
  change->set_code(code);
  change->set_name("Edycja ogólnopolska");
  change->set_kind(v1::ROLLOUT);
  change->set_capacity(500);
  change->set_min_representatives(4);
  change->set_starts_on("2026-02-01");
  change->set_ends_on("2028-06-30");
  for (const char* path : {"name", "kind", "capacity", "min_representatives",
                           "starts_on", "ends_on"}) {
    update.mutable_update_mask()->add_paths(path);
  }
  v1::Edition updated;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateEdition, update, &updated)
          .ok());
  events = EditionEvents(*schema_, code);
  ASSERT_EQ(events.size(), 2u);
  ExpectPublished(updated, events[1]);
  EXPECT_EQ(events[1].kind(), v1::ROLLOUT);
  EXPECT_EQ(events[1].ends_on(), "2028-06-30");
  EXPECT_GT(google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                events[1].update_time()),
            google::protobuf::util::TimeUtil::TimestampToMicroseconds(
                events[0].update_time()));

  // Refused updates (the store's validation, the role) publish nothing.
  change->set_ends_on("2025-12-31");
  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("ends_on");
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::UpdateEdition, update, &updated)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  change->set_ends_on("2029-12-31");
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::UpdateEdition, update, &updated,
                 "COORDINATOR", "24")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(EditionEvents(*schema_, code).size(), 2u);

  // Republishing (seed-editions over an existing edition) sends the stored
  // facts again with the same update time: consumers keeping the newest
  // change nothing. An unknown edition is NOT_FOUND and sends nothing.
  const Actor seeder{"seed-editions", "ADMIN", "", WarsawToday()};
  ASSERT_TRUE(store_->RepublishEdition(code, seeder).ok());
  events = EditionEvents(*schema_, code);
  ASSERT_EQ(events.size(), 3u);
  ExpectPublished(updated, events[2]);
  EXPECT_EQ(events[2].SerializeAsString(), events[1].SerializeAsString());
  EXPECT_TRUE(absl::IsNotFound(store_->RepublishEdition("NO-SUCH", seeder)));
  EXPECT_EQ(EditionEvents(*schema_, code).size(), 3u);
}

// Two officers edit one edition: the second, sending the version it read
// before the first saved, is refused and changes nothing (not even the
// promotion a raised capacity brings); with the current version it goes
// through and moves the edition one version on. 0 is not checked.
TEST_F(RecruitmentTest, AStaleEditionVersionIsAbortedAndChangesNothing) {
  const std::string code = CreateEdition(1, 3);
  const std::vector<std::string> jsts = Jsts("30", 2);
  v1::Application qualified = Submit(code, jsts[0], 3, People(3));
  v1::Application waiting = Submit(code, jsts[1], 3, People(3));
  v1::Application out;
  ASSERT_TRUE(Qualify(qualified.id(), &out).ok());
  ASSERT_TRUE(Qualify(waiting.id(), &out).ok());
  ASSERT_EQ(out.status(), v1::WAITLISTED);
  v1::GetEditionRequest get;
  get.set_code(code);
  v1::Edition read;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::GetEdition, get, &read).ok());
  EXPECT_EQ(read.version(), 1);

  v1::UpdateEditionRequest rename;
  rename.mutable_edition()->set_code(code);
  rename.mutable_edition()->set_name("Pilotaż — nazwa pierwszego");
  rename.mutable_update_mask()->add_paths("name");
  rename.set_expected_version(read.version());
  v1::Edition renamed;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateEdition, rename, &renamed)
          .ok());
  EXPECT_EQ(renamed.version(), 2);

  v1::UpdateEditionRequest raise;
  raise.mutable_edition()->set_code(code);
  raise.mutable_edition()->set_capacity(2);
  raise.mutable_update_mask()->add_paths("capacity");
  raise.set_expected_version(read.version());
  v1::Edition raised;
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::UpdateEdition, raise, &raised)
                .error_code(),
            grpc::StatusCode::ABORTED);
  v1::Edition now;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::GetEdition, get, &now).ok());
  EXPECT_EQ(now.SerializeAsString(), renamed.SerializeAsString());
  EXPECT_EQ(EditionEvents(*schema_, code).size(), 2u);

  raise.set_expected_version(-1);
  grpc::Status negative =
      Call(&v1::RecruitmentService::Stub::UpdateEdition, raise, &raised);
  EXPECT_EQ(negative.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(negative), std::vector<std::string>{"expectedVersion"});

  raise.set_expected_version(renamed.version());
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateEdition, raise, &raised).ok());
  EXPECT_EQ(raised.version(), 3);
  EXPECT_EQ(raised.capacity(), 2);
  EXPECT_EQ(raised.name(), "Pilotaż — nazwa pierwszego");
  EXPECT_EQ(raised.qualified_count(), 2);
  EXPECT_EQ(raised.waitlisted_count(), 0);

  rename.mutable_edition()->set_name("Pilotaż — bez wersji");
  rename.set_expected_version(0);
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateEdition, rename, &renamed)
          .ok());
  EXPECT_EQ(renamed.version(), 4);
  EXPECT_EQ(renamed.name(), "Pilotaż — bez wersji");
}

// The facts the newest participant event of `id` carries (Enrolled, Updated
// and Withdrawn all hold them as field 1, so one of them parses any).
events::v1::ParticipantFacts NewestEventFacts(TestSchema& schema,
                                              const std::string& id) {
  const std::string hex = schema.Query(absl::StrCat(
      "SELECT encode(payload, 'hex') FROM outbox WHERE aggregate_id = '", id,
      "' AND event_type LIKE 'jstedu.events.v1.Participant%' ORDER BY id "
      "DESC LIMIT 1"));
  events::v1::ParticipantUpdated event;
  EXPECT_TRUE(event.ParseFromString(absl::HexStringToBytes(hex))) << id;
  return event.participant();
}

v1::ParticipantStatus EventStatus(TestSchema& schema, const std::string& id) {
  return NewestEventFacts(schema, id).status();
}

std::vector<std::string> RepresentativeIds(const v1::Application& app) {
  std::vector<std::string> ids;
  for (const auto& rep : app.representatives())
    ids.push_back(rep.participant());
  return ids;
}

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

// The institution block and the registry's DEGURBA class are part of each
// participant's monitoring record: recording them publishes the facts of
// every participant whose completeness changes, and nothing else.
TEST_F(RecruitmentTest, InstitutionAndDegurbaCompleteTheRecordsAtOnce) {
  const std::string edition = CreateEdition(30, 3);
  std::string teryt;  // a commune (the statistics office classifies those)
  for (const std::string& code : Jsts("24", 5)) {
    if (teryt.empty() && code.size() == 7) teryt = code;
  }
  v1::SubmitApplicationRequest submit;
  submit.set_edition(edition);
  submit.set_teryt(teryt);
  const int first = People(2);
  *submit.add_representatives() = Person(first);
  *submit.add_representatives() = Person(first + 1);
  v1::Application app;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::SubmitApplication, submit, &app)
          .ok());
  const std::vector<std::string> ids = RepresentativeIds(app);
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_THAT(app.institution().missing_fields(),
              ::testing::ElementsAre(
                  "institution.nip", "institution.locality",
                  "institution.buildingNumber", "institution.postcode",
                  "institution.degurba", "institution.contact"));
  const auto missing = [&](const std::string& id) {
    const auto facts = NewestEventFacts(*schema_, id);
    return std::vector<std::string>(facts.missing_monitoring_fields().begin(),
                                    facts.missing_monitoring_fields().end());
  };
  EXPECT_EQ(missing(ids[0]).size(), 6u);
  EXPECT_THAT(missing(ids[0]),
              ::testing::Contains("institution.building_number"));
  EXPECT_FALSE(NewestEventFacts(*schema_, ids[0]).monitoring_data_complete());
  const auto events = [&] {
    return Count(
        absl::StrCat("SELECT count(*) FROM outbox WHERE aggregate_id IN ('",
                     ids[0], "', '", ids[1], "')"));
  };
  const int before = events();

  // A bad block names its fields and changes nothing.
  v1::UpdateInstitutionRequest update;
  update.set_application(app.id());
  *update.mutable_institution() = Office();
  update.mutable_institution()->set_nip("5260250275");
  update.mutable_institution()->set_degurba(4);
  v1::Application changed;
  grpc::Status bad =
      Call(&v1::RecruitmentService::Stub::UpdateInstitution, update, &changed);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(bad),
              ::testing::ElementsAre("institution.nip", "institution.degurba"));
  EXPECT_EQ(events(), before);

  // A JST of another voivodeship learns nothing of it.
  v1::Application foreign;
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::UpdateInstitution, update,
                 &foreign, "JST", "", Jsts("02", 1).front())
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Everything but the class: both records lack only the class.
  update.mutable_institution()->set_nip("5260250274");
  update.mutable_institution()->set_degurba(0);
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::UpdateInstitution, update,
                   &changed, "JST", "", teryt)
                  .ok());
  EXPECT_EQ(changed.institution().nip(), "5260250274");
  EXPECT_THAT(changed.institution().missing_fields(),
              ::testing::ElementsAre("institution.degurba"));
  EXPECT_EQ(events(), before + 2);
  EXPECT_EQ(missing(ids[1]), std::vector<std::string>{"institution.degurba"});
  // The same block again publishes nothing.
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::UpdateInstitution, update, &changed)
          .ok());
  EXPECT_EQ(events(), before + 2);

  // The office loads the classes: a code that is not a registry commune
  // refuses the whole file.
  v1::LoadDegurbaRequest load;
  load.set_csv(absl::StrCat("teryt;degurba\n", teryt, ";2\n0299999;1\n"));
  v1::LoadDegurbaResponse loaded;
  grpc::Status unknown =
      Call(&v1::RecruitmentService::Stub::LoadDegurba, load, &loaded);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(unknown),
              ::testing::ElementsAre("line 3, column teryt"));
  EXPECT_EQ(Call(&v1::RecruitmentService::Stub::LoadDegurba, load, &loaded,
                 "COORDINATOR", "24")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(events(), before + 2);

  load.set_csv(absl::StrCat("teryt;degurba\n", teryt, ";2\n"));
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::LoadDegurba, load, &loaded).ok());
  EXPECT_EQ(loaded.rows(), 1);
  EXPECT_EQ(loaded.changed(), 1);
  EXPECT_EQ(loaded.applications_affected(), 1);
  EXPECT_EQ(events(), before + 4);
  for (const std::string& id : ids) {
    EXPECT_TRUE(NewestEventFacts(*schema_, id).monitoring_data_complete());
  }
  v1::GetApplicationRequest get;
  get.set_application(app.id());
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::GetApplication, get, &changed).ok());
  EXPECT_EQ(changed.institution().degurba(), 2);
  EXPECT_TRUE(changed.institution().degurba_from_registry());
  EXPECT_THAT(changed.institution().missing_fields(), ::testing::IsEmpty());
  v1::GetJstRequest jst;
  jst.set_teryt(teryt);
  v1::Jst registry;
  ASSERT_TRUE(Call(&v1::RecruitmentService::Stub::GetJst, jst, &registry).ok());
  EXPECT_EQ(registry.degurba(), 2);
  // The same file again changes nothing.
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::LoadDegurba, load, &loaded).ok());
  EXPECT_EQ(loaded.changed(), 0);
  EXPECT_EQ(loaded.unchanged(), 1);
  EXPECT_EQ(events(), before + 4);
}

// After an upgrade whose rules change participants' facts (0007 made every
// record lack the situation answers), the facts are published again at
// start without anyone touching the records; a second run publishes
// nothing.
TEST_F(RecruitmentTest, StaleFactsArePublishedAgainOnce) {
  const std::string edition = CreateEdition(30, 3);
  v1::Application app = Submit(edition, Jsts("30", 1).front(), 2, People(2));
  const std::vector<std::string> ids = RepresentativeIds(app);
  const Actor system{"recruitment-start", "SYSTEM", "", WarsawToday()};
  ASSERT_TRUE(store_->RepublishStaleFacts(system).ok());  // others' leftovers
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
  auto published = store_->RepublishStaleFacts(system);
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(*published, 1);
  EXPECT_EQ(events(), before + 1);
  const auto facts = NewestEventFacts(*schema_, ids[0]);
  EXPECT_FALSE(facts.monitoring_data_complete());
  EXPECT_EQ(std::vector<std::string>(facts.missing_monitoring_fields().begin(),
                                     facts.missing_monitoring_fields().end()),
            std::vector<std::string>{"disability"});
  published = store_->RepublishStaleFacts(system);
  ASSERT_TRUE(published.ok());
  EXPECT_EQ(*published, 0);
  EXPECT_EQ(events(), before + 1);
}

// A file made from a template without the situation columns erases no
// answer: its row equals the record, so nothing changes; a file with them
// changes the answers, and the record's facts follow.
TEST_F(RecruitmentTest, AnImportWithoutSituationColumnsKeepsTheAnswers) {
  const std::string edition = CreateEdition(30, 3);
  const int n = People(1);
  v1::Application app = Submit(edition, Jsts("32", 1).front(), 1, n);
  const std::string id = RepresentativeIds(app).front();
  const v1::Participant p = Person(n);
  const std::string row = absl::StrCat(
      p.first_name(), ";", p.last_name(), ";", p.pesel(), ";ISCED_5_8;",
      p.email(), ";", p.phone(), ";", p.position(), ";OPERATIONAL_STAFF");
  const std::string header =
      "first_name;last_name;pesel;education_level;email;phone;position;"
      "target_group";
  v1::ImportParticipantsRequest import;
  import.set_application(app.id());
  import.set_csv(absl::StrCat(header, "\n", row, "\n"));
  v1::ImportParticipantsResponse imported;
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::ImportParticipants, import, &imported)
          .ok());
  EXPECT_EQ(imported.unchanged(), 1);
  EXPECT_EQ(schema_->Query(absl::StrCat(
                "SELECT disability FROM participant WHERE id = '", id, "'")),
            "REFUSED");
  import.set_csv(absl::StrCat(header,
                              ";minority_or_foreign_origin;homeless;disability;"
                              "other_disadvantage\n",
                              row, ";nie;nie;tak;nie\n"));
  ASSERT_TRUE(
      Call(&v1::RecruitmentService::Stub::ImportParticipants, import, &imported)
          .ok());
  EXPECT_EQ(imported.updated(), 1);
  EXPECT_EQ(schema_->Query(absl::StrCat(
                "SELECT disability FROM participant WHERE id = '", id, "'")),
            "YES");
  EXPECT_TRUE(NewestEventFacts(*schema_, id).monitoring_data_complete());
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

}  // namespace
}  // namespace jstedu::recruitment
