// The notifications service's address book against recruitment's real
// GetNotificationContact and advisory's real GetExpertAccount (in-process
// servers on a real PostgreSQL): the address of one message's recipient,
// read on the system's own behalf and audited with the notification as its
// purpose; nothing for people the programme no longer serves; the SERVICE
// role allowed there and nowhere else. And the account directory where
// staff keep their own address (the office anyone's).
#include "absl/strings/str_cat.h"
#include "common/grpc/access.h"
#include "common/grpc/principal.h"
#include "gmock/gmock.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/advisory/advisory_service.h"
#include "services/advisory/migrations.h"
#include "services/notifications/address_book.h"
#include "services/notifications/domain/schedule.h"
#include "services/recruitment/store/recruitment_pgtest_fixture.h"

namespace jstedu::notifications {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace rv1 = recruitment::v1;

constexpr char kNotification[] = "5b0c6f0e-8d4a-4f59-9a53-0d2c1f4e7a10";

namespace av1 = advisory::v1;

class AddressBookTest : public recruitment::RecruitmentTest {
 protected:
  // Recruitment's server is the fixture's; advisory's is this suite's, on
  // its own schema.
  static void SetUpTestSuite() {
    recruitment::RecruitmentTest::SetUpTestSuite();
    advisory_schema_ = new testing::TestSchema();
    ASSERT_TRUE(pg::ApplyMigrations(advisory_schema_->pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(pg::ApplyMigrations(advisory_schema_->pool(), "advisory",
                                    advisory::Migrations())
                    .ok());
    advisory_ = new advisory::AdvisoryServiceImpl(advisory_schema_->pool(),
                                                  [] { return absl::Now(); });
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    grpcutil::UseAccessCheck(builder);
    builder.RegisterService(advisory_);
    advisory_server_ = builder.BuildAndStart().release();
    advisory_channel_ = new std::shared_ptr<grpc::Channel>(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  static void TearDownTestSuite() {
    advisory_server_->Shutdown();
    delete advisory_server_;
    delete advisory_channel_;
    delete advisory_;
    delete advisory_schema_;
    recruitment::RecruitmentTest::TearDownTestSuite();
  }

  RegistryAddressBook book_{*channel_, *advisory_channel_,
                            std::chrono::seconds(5)};

  // An expert of advisory's registry with sign-in subject `subject`.
  std::string Expert(const std::string& subject) {
    av1::CreateExpertRequest request;
    av1::Expert* e = request.mutable_expert();
    e->set_subject(subject);
    e->set_display_name("Ekspertka Testowa");
    e->set_speciality(av1::EDUCATION_DEVELOPMENT);
    e->add_voivodeships("24");
    e->set_max_caseload(5);
    grpc::ClientContext context;
    auth::v1::Principal admin;
    admin.set_subject("test-ADMIN");
    admin.set_role(auth::v1::ADMIN);
    grpcutil::WithPrincipal(context, admin);
    av1::Expert created;
    const grpc::Status status =
        av1::AdvisoryService::NewStub(*advisory_channel_)
            ->CreateExpert(&context, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.id();
  }

  // Sets an account directory entry as `role` (subject "test-<role>").
  grpc::Status SetContact(const std::string& role, const std::string& subject,
                          const std::string& email, rv1::AccountContact* out) {
    rv1::SetAccountContactRequest request;
    request.set_subject(subject);
    request.set_email(email);
    return Call(&rv1::RecruitmentService::Stub::SetAccountContact, request, out,
                role, role == "COORDINATOR" ? "24" : "",
                role == "JST" ? "2476011" : "");
  }

  // A submitted application of a fresh JST of Silesia with two people.
  rv1::Application Application() {
    const std::string edition = CreateEdition();
    static int next = 0;
    return Submit(edition, Jsts("24", 40)[next++ % 40], 2,
                  recruitment::People(2));
  }

  // `context` signed for someone of `role` (of Silesia, or its JST).
  static void SignAs(grpc::ClientContext& context, auth::v1::Role role) {
    auth::v1::Principal caller;
    caller.set_subject("someone");
    caller.set_role(role);
    caller.set_voivodeship(role == auth::v1::COORDINATOR ? "24" : "");
    caller.set_jst(role == auth::v1::JST ? "2476011" : "");
    grpcutil::WithPrincipal(context, caller);
  }

  int Audited(const std::string& column, const std::string& id) {
    return Count(absl::StrCat(
        "SELECT count(*) FROM personal_data_access WHERE ", column, " = '", id,
        "' AND subject = 'jstedu-notifications' AND role = 'SERVICE' AND rpc "
        "= 'GetNotificationContact' AND purpose = 'notification ",
        kNotification, "'"));
  }
  int AllAudited() {
    return Count("SELECT count(*) FROM personal_data_access");
  }

  static inline testing::TestSchema* advisory_schema_ = nullptr;
  static inline advisory::AdvisoryServiceImpl* advisory_ = nullptr;
  static inline grpc::Server* advisory_server_ = nullptr;
  static inline std::shared_ptr<grpc::Channel>* advisory_channel_ = nullptr;
};

TEST_F(AddressBookTest, AParticipantsOwnAddressWithAnAuditRow) {
  const rv1::Application app = Application();
  const std::string person = app.representatives(1).participant();
  auto recipient = book_.Lookup(ParticipantRef(person), kNotification);
  ASSERT_TRUE(recipient.ok()) << recipient.status();
  const std::string expected = schema_->Query(
      absl::StrCat("SELECT email FROM participant WHERE id = '", person, "'"));
  EXPECT_EQ(recipient->address, expected);
  EXPECT_EQ(Audited("participant_id", person), 1);
  EXPECT_EQ(Language::kPolish, recipient->language);
}

TEST_F(AddressBookTest, AJstsContactIsItsInstitutionAddress) {
  const rv1::Application app = Application();
  auto recipient = book_.Lookup(ContactRef(app.id()), kNotification);
  ASSERT_TRUE(recipient.ok()) << recipient.status();
  EXPECT_EQ(recipient->address, "urzad@gmina.example.pl");
  EXPECT_EQ(Audited("application_id", app.id()), 1);
}

TEST_F(AddressBookTest, NoAddressForPeopleTheProgrammeNoLongerServes) {
  const rv1::Application app = Application();
  const std::string person = app.representatives(0).participant();
  rv1::WithdrawParticipantRequest leave;
  leave.set_participant(person);
  leave.set_reason("zmiana pracy");
  rv1::Participant gone;
  ASSERT_TRUE(
      Call(&rv1::RecruitmentService::Stub::WithdrawParticipant, leave, &gone)
          .ok());
  const int before = AllAudited();
  auto withdrawn = book_.Lookup(ParticipantRef(person), kNotification);
  EXPECT_TRUE(absl::IsNotFound(withdrawn.status())) << withdrawn.status();

  rv1::WithdrawApplicationRequest withdraw;
  withdraw.set_application(app.id());
  withdraw.set_reason("rada gminy nie zabezpieczyła środków");
  rv1::Application out;
  ASSERT_TRUE(
      Call(&rv1::RecruitmentService::Stub::WithdrawApplication, withdraw, &out)
          .ok());
  const std::string other = app.representatives(1).participant();
  EXPECT_TRUE(absl::IsNotFound(
      book_.Lookup(ParticipantRef(other), kNotification).status()));
  EXPECT_TRUE(absl::IsNotFound(
      book_.Lookup(ContactRef(app.id()), kNotification).status()));
  // A rejected JST, and its people.
  const rv1::Application rejected = Application();
  rv1::RejectApplicationRequest reject;
  reject.set_application(rejected.id());
  reject.set_reason("brak uchwały rady");
  ASSERT_TRUE(
      Call(&rv1::RecruitmentService::Stub::RejectApplication, reject, &out)
          .ok());
  EXPECT_TRUE(absl::IsNotFound(
      book_.Lookup(ContactRef(rejected.id()), kNotification).status()));
  EXPECT_TRUE(absl::IsNotFound(
      book_
          .Lookup(ParticipantRef(rejected.representatives(0).participant()),
                  kNotification)
          .status()));
  // Unknown people, malformed ids, and a reference no registry knows.
  EXPECT_TRUE(absl::IsNotFound(
      book_.Lookup(ParticipantRef("not-a-uuid"), kNotification).status()));
  EXPECT_TRUE(absl::IsNotFound(
      book_.Lookup(TrainerRef("has space"), kNotification).status()));
  EXPECT_TRUE(absl::IsNotFound(
      book_
          .Lookup(ParticipantRef("0b7c5a52-7a7e-4c1e-9f3b-1d2e3f4a5b6c"),
                  kNotification)
          .status()));
  EXPECT_TRUE(
      absl::IsNotFound(book_.Lookup("someone:1", kNotification).status()));
  // Nothing answered, nothing audited.
  EXPECT_EQ(AllAudited(), before);
}

TEST_F(AddressBookTest, AParticipantWithoutAnAddressHasNone) {
  const rv1::Application app = Application();
  rv1::CreateParticipantRequest add;
  add.set_application(app.id());
  *add.mutable_participant() = recruitment::Person(recruitment::People(1));
  add.mutable_participant()->clear_email();
  rv1::Participant created;
  ASSERT_TRUE(
      Call(&rv1::RecruitmentService::Stub::CreateParticipant, add, &created)
          .ok());
  auto recipient = book_.Lookup(ParticipantRef(created.id()), kNotification);
  EXPECT_TRUE(absl::IsNotFound(recipient.status())) << recipient.status();
  EXPECT_EQ(Audited("participant_id", created.id()), 0);
}

TEST_F(AddressBookTest, StaffKeepTheirOwnAddressAndTheOfficeAnyones) {
  rv1::AccountContact entry;
  // A trainer sets their own (no subject: the caller's), trimmed.
  ASSERT_TRUE(
      SetContact("TRAINER", "", "  trenerka@szkolenia.example.pl ", &entry)
          .ok());
  EXPECT_EQ(entry.subject(), "test-TRAINER");
  EXPECT_EQ(entry.email(), "trenerka@szkolenia.example.pl");
  EXPECT_GT(entry.update_time().seconds(), 0);
  // … and reads it back.
  rv1::GetAccountContactRequest get;
  rv1::AccountContact read;
  ASSERT_TRUE(Call(&rv1::RecruitmentService::Stub::GetAccountContact, get,
                   &read, "TRAINER")
                  .ok());
  EXPECT_EQ(read.email(), "trenerka@szkolenia.example.pl");
  // The office sets and reads another account's.
  ASSERT_TRUE(
      SetContact("ADMIN", "coordinator-slask", "koordynator@example.pl", &entry)
          .ok());
  EXPECT_EQ(entry.subject(), "coordinator-slask");
  get.set_subject("coordinator-slask");
  ASSERT_TRUE(Call(&rv1::RecruitmentService::Stub::GetAccountContact, get,
                   &read, "ADMIN")
                  .ok());
  EXPECT_EQ(read.email(), "koordynator@example.pl");
  // Anyone else naming another account is refused at the field, and
  // nothing changes.
  grpc::Status status =
      SetContact("COORDINATOR", "coordinator-slask", "inny@example.pl", &entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_NE(status.error_message().find("office"), std::string::npos);
  status = Call(&rv1::RecruitmentService::Stub::GetAccountContact, get, &read,
                "EXPERT");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // JST staff and the ministry have no entry; a bad address names its field.
  for (const char* role : {"JST", "MINISTRY"}) {
    EXPECT_EQ(SetContact(role, "", "ktos@example.pl", &entry).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << role;
  }
  for (const char* bad : {"", "   ", "nie-adres", "a@b@example.pl"}) {
    status = SetContact("EXPERT", "", bad, &entry);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
    EXPECT_NE(status.error_message().find("email"), std::string::npos) << bad;
  }
  status = SetContact("ADMIN", "has space", "ktos@example.pl", &entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("subject"), std::string::npos);
  EXPECT_EQ(schema_->Query("SELECT email FROM account_contact WHERE subject = "
                           "'coordinator-slask'"),
            "koordynator@example.pl");
  // An account without an entry.
  get.set_subject("nobody-yet");
  EXPECT_EQ(Call(&rv1::RecruitmentService::Stub::GetAccountContact, get, &read,
                 "ADMIN")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Every answer is audited under the account it shows.
  EXPECT_EQ(Count("SELECT count(*) FROM personal_data_access WHERE "
                  "account_subject = 'coordinator-slask' AND purpose = "
                  "'account directory'"),
            2);
}

// Each entry records its account's role and a coordinator's voivodeship:
// one's own from one's sign-in, another's as the office names them (kept
// when it names none); each change is announced once, without the address,
// so notifications learns whom a voivodeship's digest goes to.
TEST_F(AddressBookTest, EachEntryKnowsItsRoleAndIsAnnouncedWithoutTheAddress) {
  auto set = [this](const std::string& caller, const std::string& caller_voiv,
                    const std::string& subject, auth::v1::Role role,
                    const std::string& voivodeship, rv1::AccountContact* out) {
    rv1::SetAccountContactRequest request;
    request.set_subject(subject);
    request.set_email("koordynatorka@urzad.example.pl");
    request.set_role(role);
    request.set_voivodeship(voivodeship);
    return Call(&rv1::RecruitmentService::Stub::SetAccountContact, request, out,
                caller, caller_voiv);
  };
  auto announced = [this](const std::string& subject) {
    const std::string hex = schema_->Query(absl::StrCat(
        "SELECT coalesce(string_agg(encode(payload, 'hex'), ',' ORDER BY id), "
        "'') FROM outbox WHERE event_type = "
        "'jstedu.events.v1.AccountContactChanged' AND aggregate_id = '",
        subject, "'"));
    std::vector<std::string> out;
    for (absl::string_view payload :
         absl::StrSplit(hex, ',', absl::SkipEmpty())) {
      const std::string bytes = absl::HexStringToBytes(payload);
      EXPECT_EQ(bytes.find("urzad.example.pl"), std::string::npos);
      events::v1::AccountContactChanged e;
      EXPECT_TRUE(e.ParseFromString(bytes));
      out.push_back(absl::StrCat(e.subject(), " ",
                                 auth::v1::Role_Name(e.role()), " ",
                                 e.voivodeship()));
    }
    return out;
  };
  rv1::AccountContact entry;
  // A coordinator's own entry: its sign-in's role and voivodeship.
  ASSERT_TRUE(
      set("COORDINATOR", "24", "", auth::v1::ROLE_UNSPECIFIED, "", &entry)
          .ok());
  EXPECT_EQ(entry.role(), auth::v1::COORDINATOR);
  EXPECT_EQ(entry.voivodeship(), "24");
  EXPECT_THAT(announced("test-COORDINATOR24"),
              ElementsAre("test-COORDINATOR24 COORDINATOR 24"));
  // Naming another role or voivodeship for oneself is refused by field.
  grpc::Status status =
      set("COORDINATOR", "24", "", auth::v1::ADMIN, "", &entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("role"));
  status = set("COORDINATOR", "24", "", auth::v1::COORDINATOR, "14", &entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("voivodeship"));

  // The office names another account's role and voivodeship…
  ASSERT_TRUE(
      set("ADMIN", "", "koord-14", auth::v1::COORDINATOR, "14", &entry).ok());
  EXPECT_EQ(entry.role(), auth::v1::COORDINATOR);
  EXPECT_EQ(entry.voivodeship(), "14");
  // … or keeps them by naming none.
  ASSERT_TRUE(
      set("ADMIN", "", "koord-14", auth::v1::ROLE_UNSPECIFIED, "", &entry)
          .ok());
  EXPECT_EQ(entry.voivodeship(), "14");
  // Wrong combinations name their field and change nothing.
  const std::vector<std::tuple<auth::v1::Role, std::string, std::string>>
      wrong = {{auth::v1::COORDINATOR, "", "voivodeship"},
               {auth::v1::COORDINATOR, "15", "voivodeship"},
               {auth::v1::EXPERT, "14", "voivodeship"},
               {auth::v1::JST, "", "role"},
               {auth::v1::MINISTRY, "", "role"},
               {auth::v1::ROLE_UNSPECIFIED, "14", "role"}};
  for (const auto& [role, voivodeship, field] : wrong) {
    status = set("ADMIN", "", "koord-14", role, voivodeship, &entry);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << auth::v1::Role_Name(role) << " " << voivodeship;
    EXPECT_THAT(status.error_message(), HasSubstr(field));
  }
  ASSERT_TRUE(set("ADMIN", "", "koord-14", auth::v1::EXPERT, "", &entry).ok());
  EXPECT_EQ(entry.voivodeship(), "");
  EXPECT_THAT(announced("koord-14"),
              ElementsAre("koord-14 COORDINATOR 14", "koord-14 COORDINATOR 14",
                          "koord-14 EXPERT "));
  // Each change is later than the one before (their order for consumers).
  EXPECT_EQ(schema_->Query("SELECT count(DISTINCT payload) FROM outbox WHERE "
                           "aggregate_id = 'koord-14'"),
            "3");
  // The office clears a role (a coordinator who left); nobody else, and
  // not together with a role.
  rv1::SetAccountContactRequest clear;
  clear.set_subject("koord-14");
  clear.set_email("koordynatorka@urzad.example.pl");
  clear.set_clear_role(true);
  ASSERT_TRUE(
      Call(&rv1::RecruitmentService::Stub::SetAccountContact, clear, &entry)
          .ok());
  EXPECT_EQ(entry.role(), auth::v1::ROLE_UNSPECIFIED);
  EXPECT_EQ(entry.voivodeship(), "");
  EXPECT_THAT(announced("koord-14").back(),
              ::testing::StrEq("koord-14 ROLE_UNSPECIFIED "));
  clear.set_role(auth::v1::TRAINER);
  status =
      Call(&rv1::RecruitmentService::Stub::SetAccountContact, clear, &entry);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("clearRole"));
  clear.clear_role();
  clear.clear_subject();
  clear.set_clear_role(true);
  status = Call(&rv1::RecruitmentService::Stub::SetAccountContact, clear,
                &entry, "TRAINER");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("clearRole"));
}

TEST_F(AddressBookTest, ATrainersAddressIsTheirDirectoryEntry) {
  rv1::AccountContact entry;
  ASSERT_TRUE(
      SetContact("ADMIN", "trainer-42", "trener42@example.pl", &entry).ok());
  auto recipient = book_.Lookup(TrainerRef("trainer-42"), kNotification);
  ASSERT_TRUE(recipient.ok()) << recipient.status();
  EXPECT_EQ(recipient->address, "trener42@example.pl");
  EXPECT_EQ(Audited("account_subject", "trainer-42"), 1);
  // A trainer who never gave one has none.
  EXPECT_TRUE(absl::IsNotFound(
      book_.Lookup(TrainerRef("trainer-43"), kNotification).status()));
}

TEST_F(AddressBookTest, AnExpertsAddressIsTheirAccountsEntry) {
  const std::string expert = Expert("expert-ewa");
  ASSERT_FALSE(expert.empty());
  // Registered, but no address yet.
  EXPECT_TRUE(absl::IsNotFound(
      book_.Lookup(ExpertRef(expert), kNotification).status()));
  rv1::AccountContact entry;
  ASSERT_TRUE(
      SetContact("ADMIN", "expert-ewa", "ewa@eksperci.example.pl", &entry)
          .ok());
  auto recipient = book_.Lookup(ExpertRef(expert), kNotification);
  ASSERT_TRUE(recipient.ok()) << recipient.status();
  EXPECT_EQ(recipient->address, "ewa@eksperci.example.pl");
  EXPECT_EQ(Audited("account_subject", "expert-ewa"), 1);
  // An expert the registry does not know.
  EXPECT_TRUE(absl::IsNotFound(
      book_
          .Lookup(ExpertRef("0b7c5a52-7a7e-4c1e-9f3b-1d2e3f4a5b6c"),
                  kNotification)
          .status()));
}

// The registry answers the subject to the service only.
TEST_F(AddressBookTest, OnlyTheServiceRoleMayReadAnExpertsAccount) {
  const std::string expert = Expert("expert-jan");
  av1::GetExpertAccountRequest request;
  request.set_expert(expert);
  for (auto role : {auth::v1::ADMIN, auth::v1::COORDINATOR, auth::v1::EXPERT,
                    auth::v1::TRAINER, auth::v1::JST, auth::v1::MINISTRY}) {
    grpc::ClientContext context;
    SignAs(context, role);
    av1::ExpertAccount account;
    EXPECT_EQ(av1::AdvisoryService::NewStub(*advisory_channel_)
                  ->GetExpertAccount(&context, request, &account)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << auth::v1::Role_Name(role);
    EXPECT_TRUE(account.subject().empty());
  }
}

TEST_F(AddressBookTest, OnlyTheServiceRoleMayReadAnAddressAndOnlyThere) {
  const rv1::Application app = Application();
  const std::string person = app.representatives(0).participant();
  rv1::GetNotificationContactRequest request;
  request.set_participant(person);
  request.set_notification(kNotification);
  for (const char* role :
       {"ADMIN", "COORDINATOR", "EXPERT", "TRAINER", "JST", "MINISTRY"}) {
    rv1::NotificationContact contact;
    const grpc::Status status =
        Call(&rv1::RecruitmentService::Stub::GetNotificationContact, request,
             &contact, role, "24", app.teryt());
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << role;
    EXPECT_TRUE(contact.email().empty()) << role;
  }
  // The service's principal reads no one through the people's RPCs.
  rv1::GetParticipantRequest get;
  get.set_participant(person);
  rv1::Participant read;
  EXPECT_EQ(Call(&rv1::RecruitmentService::Stub::GetParticipant, get, &read,
                 "SERVICE")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  rv1::ListGroupParticipantsRequest group;
  group.set_edition(app.edition());
  rv1::ListGroupParticipantsResponse people;
  EXPECT_EQ(Call(&rv1::RecruitmentService::Stub::ListGroupParticipants, group,
                 &people, "SERVICE")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  rv1::GetAccountContactRequest entry;
  entry.set_subject("anyone");
  rv1::AccountContact contact;
  EXPECT_EQ(Call(&rv1::RecruitmentService::Stub::GetAccountContact, entry,
                 &contact, "SERVICE")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  rv1::SetAccountContactRequest set;
  set.set_email("ktos@example.pl");
  EXPECT_EQ(Call(&rv1::RecruitmentService::Stub::SetAccountContact, set,
                 &contact, "SERVICE")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Audited("participant_id", person), 0);
}

// The backfill's lists (backfill.h): the service's only, and without
// personal data.
TEST_F(AddressBookTest, TheBackfillsListsAreTheServicesAndCarryNoAddress) {
  // An edition whose minimum two people meet, and its JST qualified.
  rv1::Application app = Submit(CreateEdition(30, 2), Jsts("24", 40)[39], 2,
                                recruitment::People(2));
  const grpc::Status qualified = Qualify(app.id(), &app);
  ASSERT_TRUE(qualified.ok()) << qualified.error_message();
  rv1::AccountContact entry;
  ASSERT_TRUE(
      SetContact("COORDINATOR", "", "koordynator-24@example.pl", &entry).ok());
  const int audited = AllAudited();
  rv1::ListApplicationDecisionsRequest decisions;
  decisions.set_edition(app.edition());
  rv1::ListAccountRolesRequest roles;
  av1::ListCaseFactsRequest cases;
  cases.set_edition(app.edition());
  for (const char* role :
       {"ADMIN", "COORDINATOR", "EXPERT", "TRAINER", "JST", "MINISTRY"}) {
    rv1::ListApplicationDecisionsResponse decided;
    EXPECT_EQ(Call(&rv1::RecruitmentService::Stub::ListApplicationDecisions,
                   decisions, &decided, role, "24", app.teryt())
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << role;
    rv1::ListAccountRolesResponse listed;
    EXPECT_EQ(Call(&rv1::RecruitmentService::Stub::ListAccountRoles, roles,
                   &listed, role, "24", app.teryt())
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << role;
  }
  for (auto role : {auth::v1::ADMIN, auth::v1::COORDINATOR, auth::v1::EXPERT,
                    auth::v1::TRAINER, auth::v1::JST, auth::v1::MINISTRY}) {
    grpc::ClientContext context;
    SignAs(context, role);
    av1::ListCaseFactsResponse listed;
    EXPECT_EQ(av1::AdvisoryService::NewStub(*advisory_channel_)
                  ->ListCaseFacts(&context, cases, &listed)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << auth::v1::Role_Name(role);
  }
  // The editions, as every role reads them through the gateway.
  rv1::ListEditionsResponse editions;
  ASSERT_TRUE(Call(&rv1::RecruitmentService::Stub::ListEditionFacts,
                   rv1::ListEditionsRequest(), &editions, "SERVICE")
                  .ok());
  EXPECT_GT(editions.editions_size(), 0);
  EXPECT_EQ(Call(&rv1::RecruitmentService::Stub::ListEditionFacts,
                 rv1::ListEditionsRequest(), &editions, "ADMIN")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // The service reads the decision and the role, never an address.
  rv1::ListApplicationDecisionsResponse decided;
  ASSERT_TRUE(Call(&rv1::RecruitmentService::Stub::ListApplicationDecisions,
                   decisions, &decided, "SERVICE")
                  .ok());
  ASSERT_EQ(decided.decisions_size(), 1);
  EXPECT_EQ(decided.decisions(0).application_id(), app.id());
  EXPECT_EQ(decided.decisions(0).status(), rv1::QUALIFIED);
  EXPECT_EQ(decided.decisions(0).voivodeship(), "24");
  EXPECT_TRUE(decided.decisions(0).has_qualified_time());
  rv1::ListAccountRolesResponse listed;
  ASSERT_TRUE(Call(&rv1::RecruitmentService::Stub::ListAccountRoles, roles,
                   &listed, "SERVICE")
                  .ok());
  bool found = false;
  for (const rv1::AccountRole& r : listed.roles()) {
    if (r.subject() != entry.subject()) continue;
    found = true;
    EXPECT_EQ(r.role(), auth::v1::COORDINATOR);
    EXPECT_EQ(r.voivodeship(), "24");
  }
  EXPECT_TRUE(found) << listed.DebugString();
  EXPECT_EQ(listed.SerializeAsString().find("koordynator-24@example.pl"),
            std::string::npos);
  // Nothing of it is a read of personal data.
  EXPECT_EQ(AllAudited(), audited);
  // A bad edition is named.
  decisions.set_edition("zła edycja");
  const grpc::Status bad =
      Call(&rv1::RecruitmentService::Stub::ListApplicationDecisions, decisions,
           &decided, "SERVICE");
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("edition"), std::string::npos);
}

TEST_F(AddressBookTest, ABadRequestNamesItsField) {
  rv1::GetNotificationContactRequest request;
  request.set_participant("0b7c5a52-7a7e-4c1e-9f3b-1d2e3f4a5b6c");
  request.set_notification("not-a-uuid");
  rv1::NotificationContact contact;
  grpc::Status status =
      Call(&rv1::RecruitmentService::Stub::GetNotificationContact, request,
           &contact, "SERVICE");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("notification"), std::string::npos)
      << status.error_message();
  request.set_notification(kNotification);
  request.clear_person();
  status = Call(&rv1::RecruitmentService::Stub::GetNotificationContact, request,
                &contact, "SERVICE");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("person"), std::string::npos)
      << status.error_message();
  request.set_application("x");
  status = Call(&rv1::RecruitmentService::Stub::GetNotificationContact, request,
                &contact, "SERVICE");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("application"), std::string::npos)
      << status.error_message();
}

}  // namespace
}  // namespace jstedu::notifications
