// Participants: kept answers, input, concurrent additions, the audit of
// personal data, declarations, updates and withdrawals, roles.
// Against a real PostgreSQL (and Redis), through the gRPC service running
// in-process (recruitment_pgtest_fixture.h).
#include "services/recruitment/store/recruitment_pgtest_fixture.h"
#include "services/recruitment/store/rows/kept_answer.h"

namespace jstedu::recruitment {
namespace {

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

TEST_F(RecruitmentTest, UpdatesNeverRemoveARecordedDeclaration) {
  const std::string edition = CreateEdition();
  v1::Application app = Submit(edition, Jsts("06", 3).back(), 1, People(1));
  const std::string id = app.representatives(0).participant();
  // The store's update statement itself keeps it, whatever the caller passes.
  ParticipantData data = *stores_->participants.ParticipantRecord(id);
  ParticipantData without = data;
  without.declaration.reset();
  without.phone = "+48600999888";
  Actor actor{"test", "ADMIN", "", PinnedToday()};
  auto updated =
      stores_->participants.UpdateParticipant(id, data, without, actor);
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
  planned.set_participation_start(FormatIsoDate(PinnedToday() + 30));
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

}  // namespace
}  // namespace jstedu::recruitment
