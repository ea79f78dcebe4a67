// Imports: the participant CSV (all or nothing, idempotent, what it keeps) and
// the communes' DEGURBA classes.
// Against a real PostgreSQL (and Redis), through the gRPC service running
// in-process (recruitment_pgtest_fixture.h).
#include "services/recruitment/store/recruitment_pgtest_fixture.h"

namespace jstedu::recruitment {
namespace {

// `columns` (SQL over the event o and its participant p) of every event
// about a participant of application `app` after outbox row `after`, in the
// outbox's order.
std::vector<std::string> EventRows(TestSchema& schema, const std::string& app,
                                   const std::string& columns,
                                   const std::string& after = "0") {
  return absl::StrSplit(
      schema.Query(absl::StrCat(
          "SELECT string_agg(", columns,
          ", ',' ORDER BY o.id) FROM outbox o JOIN participant p ON "
          "o.aggregate_id = p.id::text WHERE p.application_id = '",
          app, "' AND o.id > ", after)),
      ',');
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

// The events of an import follow its rows in the file's order (new rows
// ParticipantEnrolled, changed rows ParticipantUpdated, unchanged rows
// none), each carrying the participant's facts as stored, which are also
// the facts recorded as published (so a later change of what the facts
// depend on publishes nothing for them).
TEST_F(RecruitmentTest, AnImportsEventsFollowItsRowsWithThePublishedFacts) {
  const std::string edition = CreateEdition();
  v1::Application app = Submit(edition, Jsts("08", 2).back(), 0, 0);
  const int first = People(4);
  const std::string header = "first_name;last_name;pesel;target_group;email\n";
  auto row = [&](int person, const char* email) {
    return absl::StrCat("Ewa;Lis;", MakePesel(first + person),
                        ";DECISION_MAKER;", email, "\n");
  };
  // The answer to an import of `csv` into the application (OK expected).
  auto imported = [&](const std::string& csv) {
    v1::ImportParticipantsRequest request;
    request.set_application(app.id());
    request.set_csv(csv);
    v1::ImportParticipantsResponse response;
    const grpc::Status status = Call(
        &v1::RecruitmentService::Stub::ImportParticipants, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  };
  ASSERT_EQ(
      imported(absl::StrCat(header, row(0, "a@example.pl"),
                            row(1, "b@example.pl"), row(2, "c@example.pl")))
          .inserted(),
      3);
  const std::string before = schema_->Query("SELECT max(id) FROM outbox");

  // Unchanged, changed, new, changed.
  const v1::ImportParticipantsResponse second = imported(
      absl::StrCat(header, row(0, "a@example.pl"), row(2, "c2@example.pl"),
                   row(3, "d@example.pl"), row(1, "b2@example.pl")));
  EXPECT_EQ(second.unchanged(), 1);
  EXPECT_EQ(second.updated(), 2);
  EXPECT_EQ(second.inserted(), 1);
  auto person_of = [&](const std::string& participant) {
    return schema_->Query(absl::StrCat(
        "SELECT pesel FROM participant WHERE id = '", participant, "'"));
  };
  const std::vector<std::string> events =
      EventRows(*schema_, app.id(),
                "o.id || ' ' || o.event_type || ' ' || o.aggregate_id", before);
  ASSERT_EQ(events.size(), 3u);
  const std::vector<std::pair<std::string, int>> expected = {
      {"jstedu.events.v1.ParticipantUpdated", 2},
      {"jstedu.events.v1.ParticipantEnrolled", 3},
      {"jstedu.events.v1.ParticipantUpdated", 1}};
  for (size_t i = 0; i < events.size(); ++i) {
    const std::vector<std::string> e = absl::StrSplit(events[i], ' ');
    ASSERT_EQ(e.size(), 3u);
    EXPECT_EQ(e[1], expected[i].first) << i;
    EXPECT_EQ(person_of(e[2]), MakePesel(first + expected[i].second)) << i;
    const std::string payload =
        absl::HexStringToBytes(schema_->Query(absl::StrCat(
            "SELECT encode(payload, 'hex') FROM outbox WHERE id = ", e[0])));
    const std::string published = absl::HexStringToBytes(
        schema_->Query(absl::StrCat("SELECT encode(published_facts, 'hex') "
                                    "FROM participant WHERE id = '",
                                    e[2], "'")));
    // Enrolled and Updated both carry the facts as field 1.
    events::v1::ParticipantUpdated event;
    ASSERT_TRUE(event.ParseFromString(payload));
    EXPECT_EQ(event.participant().participant_id(), e[2]);
    EXPECT_EQ(event.participant().SerializeAsString(), published) << i;
  }
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

// The request to import `csv` into application `app`.
v1::ImportParticipantsRequest ImportOf(const std::string& app,
                                       const std::string& csv) {
  v1::ImportParticipantsRequest request;
  request.set_application(app);
  request.set_csv(csv);
  return request;
}

// The CSV's header and its rows, each with its line end.
std::pair<std::string, std::vector<std::string>> CsvLines(int first, int rows) {
  std::vector<std::string> lines = absl::StrSplit(Csv(first, rows), "\r\n");
  lines.pop_back();  // "" after the last line end
  for (std::string& line : lines) line += "\r\n";
  const std::string header = lines.front();
  lines.erase(lines.begin());
  return {header, lines};
}

// Rows another JST's records hold, in the middle of a file written in one
// statement: each is held back for the office with its own conflict beside
// its holder (opened in the file's order), the others are confirmed, and
// the events follow the rows in the file's order with the facts recorded
// as published, written with the rows.
TEST_F(RecruitmentTest, HeldRowsOfAnImportKeepTheirPlaceAndTheirConflicts) {
  const std::string edition = CreateEdition();
  const std::vector<std::string> jsts = Jsts("14", 2);
  const int first = People(6);
  const auto lines = CsvLines(first, 6);
  const std::string& header = lines.first;
  const std::vector<std::string>& rows = lines.second;
  auto import = [&](const std::string& app, const std::string& csv) {
    v1::ImportParticipantsResponse response;
    EXPECT_TRUE(Call(&v1::RecruitmentService::Stub::ImportParticipants,
                     ImportOf(app, csv), &response)
                    .ok());
    return response.inserted();
  };
  // Another JST holds people 4 and 1 (imported in that order).
  const std::string holder = Submit(edition, jsts[0], 0, 0).id();
  ASSERT_EQ(import(holder, absl::StrCat(header, rows[4], rows[1])), 2);
  const std::string app = Submit(edition, jsts[1], 0, 0).id();
  ASSERT_EQ(import(app, absl::StrCat(header, absl::StrJoin(rows, ""))), 6);

  auto record_of = [&](const std::string& application, int person) {
    return schema_->Query(absl::StrCat(
        "SELECT id::text FROM participant WHERE application_id = '",
        application, "' AND pesel = '", MakePesel(first + person), "'"));
  };
  for (int person = 0; person < 6; ++person) {
    const bool held = person == 1 || person == 4;
    EXPECT_EQ(schema_->Query(
                  absl::StrCat("SELECT identity FROM participant WHERE id = '",
                               record_of(app, person), "'")),
              held ? "AWAITING_OFFICE" : "CONFIRMED")
        << person;
  }
  // One open conflict per held row, beside its holder, in the file's order.
  EXPECT_EQ(schema_->Query(absl::StrCat(
                "SELECT string_agg(claimant_id || '>' || holder_id, ',' "
                "ORDER BY seq) FROM identity_conflict WHERE edition = '",
                edition, "' AND decision IS NULL")),
            absl::StrCat(record_of(app, 1), ">", record_of(holder, 1), ",",
                         record_of(app, 4), ">", record_of(holder, 4)));

  // The application's events: one ParticipantEnrolled per row, in the
  // file's order, each with the facts recorded as published; a held record
  // is an ordinary active participant's.
  const std::vector<std::string> events =
      EventRows(*schema_, app,
                "o.event_type || ' ' || p.pesel || ' ' || encode(o.payload, "
                "'hex') || ' ' || encode(p.published_facts, 'hex')");
  ASSERT_EQ(events.size(), 6u);
  // The facts were written with the rows: none was written again after its
  // event (command ids order the statements of the import's transaction).
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM participant p JOIN outbox o ON "
                "o.aggregate_id = p.id::text WHERE p.application_id = '",
                app, "' AND p.cmin::text::int > o.cmin::text::int")),
            0);
  for (int person = 0; person < 6; ++person) {
    const std::vector<std::string> e = absl::StrSplit(events[person], ' ');
    ASSERT_EQ(e.size(), 4u);
    EXPECT_EQ(e[0], "jstedu.events.v1.ParticipantEnrolled");
    EXPECT_EQ(e[1], MakePesel(first + person));
    events::v1::ParticipantEnrolled event;
    ASSERT_TRUE(event.ParseFromString(absl::HexStringToBytes(e[2])));
    EXPECT_EQ(event.participant().participant_id(), record_of(app, person));
    EXPECT_EQ(event.participant().status(), v1::PARTICIPANT_ACTIVE);
    EXPECT_EQ(event.participant().SerializeAsString(),
              absl::HexStringToBytes(e[3]))
        << person;
  }
}

// Rows without a PESEL (other identifiers) and with one, mixed in a file:
// each written once with its own fields, told apart by its identifier.
TEST_F(RecruitmentTest, AnImportMatchesEachWrittenRowToItsLine) {
  const std::string edition = CreateEdition();
  const std::string app = Submit(edition, Jsts("18", 1).front(), 0, 0).id();
  const int first = People(3);
  const char* const kWomen[] = {"Anna", "Beata", "Celina"};
  const char* const kMen[] = {"Jan", "Karol", "Leon"};
  std::string csv =
      "first_name;last_name;pesel;other_identifier;sex;birth_date;"
      "target_group\n";
  for (int i = 0; i < 3; ++i) {
    absl::StrAppend(&csv, kWomen[i], ";Lis;;PASZPORT-", first + i,
                    ";FEMALE;1980-01-0", i + 1, ";DECISION_MAKER\n");
    absl::StrAppend(&csv, kMen[i], ";Lis;", MakePesel(first + i),
                    ";;;;OPERATIONAL_STAFF\n");
  }
  v1::ImportParticipantsResponse response;
  const grpc::Status status =
      Call(&v1::RecruitmentService::Stub::ImportParticipants,
           ImportOf(app, csv), &response);
  ASSERT_TRUE(status.ok()) << absl::StrJoin(BadFields(status), "; ");
  EXPECT_EQ(response.inserted(), 6);
  // In the file's order (the events'), each row's fields with its own
  // identifier.
  std::vector<std::string> expected;
  for (int i = 0; i < 3; ++i) {
    expected.push_back(absl::StrCat(kWomen[i], ":PASZPORT-", first + i,
                                    ":FEMALE:1980-01-0", i + 1,
                                    ":DECISION_MAKER"));
    expected.push_back(
        absl::StrCat(kMen[i], ":", MakePesel(first + i), ":OPERATIONAL_STAFF"));
  }
  EXPECT_EQ(EventRows(*schema_, app,
                      "p.first_name || ':' || coalesce(p.pesel, "
                      "p.other_identifier || ':' || p.sex || ':' || "
                      "p.birth_date) || ':' || p.target_group"),
            expected);
}

// A number another transaction stores while the import writes its rows
// (here without the PESEL's lock, so the import's insert meets it): the
// import is refused naming that row's line and column, as row by row, and
// nothing of it is written.
TEST_F(RecruitmentTest, ARowTheInsertMeetsTakenIsRefusedNamingItsLine) {
  const std::string edition = CreateEdition();
  const std::vector<std::string> jsts = Jsts("20", 2);
  const std::string other_app = Submit(edition, jsts[0], 0, 0).id();
  const std::string app = Submit(edition, jsts[1], 0, 0).id();
  const int first = People(5);
  const std::string taken = MakePesel(first + 3);  // line 5 (1 is the header)

  pqxx::connection connection(schema_->dsn() +
                              " options=-csearch_path=" + schema_->name());
  pqxx::work other(connection);
  other.exec(absl::StrCat(
      "INSERT INTO participant (application_id, edition, first_name, "
      "last_name, pesel, sex, birth_date, age_at_start, target_group, "
      "participation_start, identity) VALUES ('",
      other_app, "', '", edition, "', 'Ewa', 'Lis', '", taken,
      "', 'FEMALE', '1980-01-01', 46, 'DECISION_MAKER', '2026-03-01', "
      "'CONFIRMED')"));
  const std::string backend =
      other.exec("SELECT pg_backend_pid()")[0][0].as<std::string>();

  grpc::Status status;
  std::thread importer([&] {
    v1::ImportParticipantsResponse response;
    status = Call(&v1::RecruitmentService::Stub::ImportParticipants,
                  ImportOf(app, Csv(first, 5)), &response);
  });
  // Until the import's insert waits for the other transaction's row.
  const std::string waiting =
      absl::StrCat("SELECT count(*) FROM pg_stat_activity WHERE ", backend,
                   " = ANY(pg_blocking_pids(pid))");
  for (int i = 0; i < 200 && Count(waiting) == 0; ++i)
    absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(Count(waiting), 1);
  other.commit();
  importer.join();

  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status),
              ::testing::ElementsAre("line 5, column pesel"));
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM participant WHERE application_id = '",
                app, "'")),
            0);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM participant_import WHERE "
                               "application_id = '",
                               app, "'")),
            0);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM identity_conflict "
                               "WHERE edition = '",
                               edition, "'")),
            0);
}

}  // namespace
}  // namespace jstedu::recruitment
