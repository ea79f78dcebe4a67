// The notifications service's address book against recruitment's real
// GetNotificationContact (an in-process recruitment server on a real
// PostgreSQL): the address of one message's recipient, read on the system's
// own behalf and audited with the notification as its purpose; nothing for
// people the programme no longer serves; the SERVICE role allowed there and
// nowhere else.
#include "absl/strings/str_cat.h"
#include "common/grpc/principal.h"
#include "services/notifications/address_book.h"
#include "services/notifications/domain/schedule.h"
#include "services/recruitment/store/recruitment_pgtest_fixture.h"

namespace jstedu::notifications {
namespace {

namespace rv1 = recruitment::v1;

constexpr char kNotification[] = "5b0c6f0e-8d4a-4f59-9a53-0d2c1f4e7a10";

class AddressBookTest : public recruitment::RecruitmentTest {
 protected:
  RegistryAddressBook book_{*channel_, std::chrono::seconds(5)};

  // A submitted application of a fresh JST of Silesia with two people.
  rv1::Application Application() {
    const std::string edition = CreateEdition();
    static int next = 0;
    return Submit(edition, Jsts("24", 40)[next++ % 40], 2,
                  recruitment::People(2));
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
  // Unknown people, and a reference no registry knows.
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

// Experts and trainers have no registry with an address yet: not the
// person's fault, so not NotFound (the sender would fail the row).
TEST_F(AddressBookTest, ExpertsAndTrainersAreNotYetKnown) {
  EXPECT_EQ(book_.Lookup(ExpertRef("e-1"), kNotification).status().code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(book_.Lookup(TrainerRef("t-1"), kNotification).status().code(),
            absl::StatusCode::kUnimplemented);
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
  // The service's principal reads no participant through the people's RPCs.
  rv1::GetParticipantRequest get;
  get.set_participant(person);
  rv1::Participant read;
  EXPECT_EQ(Call(&rv1::RecruitmentService::Stub::GetParticipant, get, &read,
                 "SERVICE")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Audited("participant_id", person), 0);
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
