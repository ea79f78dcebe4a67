// Identity: a PESEL two JSTs register, held for the office, compared with its
// current holder and decided.
// Against a real PostgreSQL (and Redis), through the gRPC service running
// in-process (recruitment_pgtest_fixture.h).
#include "services/recruitment/store/recruitment_pgtest_fixture.h"

namespace jstedu::recruitment {
namespace {

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

// Imports of the same numbers into several applications at once, each file
// in its own order: none fails (the numbers are locked in one order), each
// number is confirmed once, and every other record of it waits beside the
// confirmed one.
TEST_F(RecruitmentTest, ImportsRacingForTheSameNumbersConfirmEachOnce) {
  const std::string edition = CreateEdition();
  const std::vector<std::string> jsts = Jsts("12", 4);
  const int first = People(200);
  std::vector<std::string> rows = absl::StrSplit(Csv(first, 200), "\r\n");
  const std::string header = rows.front();
  rows.erase(rows.begin());
  rows.pop_back();  // "" after the last line end
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (size_t k = 0; k < jsts.size(); ++k) {
    const std::string app = Submit(edition, jsts[k], 0, 0).id();
    std::rotate(rows.begin(), rows.begin() + 50, rows.end());
    const std::string csv =
        absl::StrCat(header, "\r\n", absl::StrJoin(rows, "\r\n"), "\r\n");
    threads.emplace_back([&, app, csv] {
      v1::ImportParticipantsRequest import;
      import.set_application(app);
      import.set_csv(csv);
      v1::ImportParticipantsResponse imported;
      if (!Call(&v1::RecruitmentService::Stub::ImportParticipants, import,
                &imported)
               .ok() ||
          imported.inserted() != 200) {
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  const std::string of_edition =
      absl::StrCat(" FROM participant WHERE edition = '", edition, "'");
  EXPECT_EQ(Count("SELECT count(DISTINCT pesel)" + of_edition +
                  " AND identity = 'CONFIRMED'"),
            200);
  EXPECT_EQ(
      Count("SELECT count(*)" + of_edition + " AND identity = 'CONFIRMED'"),
      200);
  EXPECT_EQ(Count("SELECT count(*)" + of_edition +
                  " AND identity = 'AWAITING_OFFICE'"),
            600);
  EXPECT_EQ(
      Count(absl::StrCat(
          "SELECT count(*) FROM identity_conflict c JOIN participant h ON "
          "h.id = c.holder_id JOIN participant m ON m.id = c.claimant_id "
          "WHERE c.edition = '",
          edition,
          "' AND h.identity = 'CONFIRMED' AND m.identity = 'AWAITING_OFFICE' "
          "AND h.pesel = m.pesel")),
      600);
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

}  // namespace
}  // namespace jstedu::recruitment
