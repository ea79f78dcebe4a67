// Recruitment end to end, through the gateway over HTTP with lowerCamelCase
// JSON: an edition, a JST's application with its team, qualification that
// waits for every declaration, refusals naming the field (a RODZ 4 unit, a
// bad PESEL), the CSV import (all or nothing, then idempotent), an audited
// read of a participant's personal data and a withdrawal. Last, no personal
// data used here may appear in any log the stack's processes wrote.
#include "tests/e2e/recruitment_e2e.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"

namespace jstedu::testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Every piece of personal data sent by this suite (PESELs, valid or not,
// names, e-mails, phones): none may end up in a log.
std::vector<std::string>& UsedPersonalData() {
  static auto* const kUsed = new std::vector<std::string>();
  return *kUsed;
}

Person NewPerson() {
  static int number = 0;
  const int n = ++number;
  static const char* const kFirstNames[] = {
      "Wiesława", "Bożydar", "Hiacynta", "Eustachy", "Teodozja", "Florentyn"};
  // Two letters from n, so names differ without digits.
  const std::string tag = {static_cast<char>('A' + (n / 26) % 26),
                           static_cast<char>('a' + n % 26)};
  std::string lower_tag = tag;
  lower_tag[0] = static_cast<char>(lower_tag[0] - 'A' + 'a');
  const std::string phone = "+48601" + std::to_string(300000 + n % 100000);
  Person person{kFirstNames[n % 6], "Żółkiewska-" + tag,
                PeselFor(7000 + n),  // apart from the matrix's numbers
                "uczestnik." + lower_tag + "@gmina-e2e.pl", phone};
  for (const std::string* item :
       {&person.first_name, &person.last_name, &person.pesel, &person.email,
        &person.phone}) {
    UsedPersonalData().push_back(*item);
  }
  return person;
}

std::string BadPesel(const Person& person) {
  std::string bad = WithWrongCheckDigit(person.pesel);
  UsedPersonalData().push_back(bad);
  return bad;
}

class RecruitmentFlowTest : public RecruitmentE2eTest {
 protected:
  static std::string JstToken(const std::string& teryt) {
    return stack_->Token("JST", "e2e-jst-" + teryt, {{"jst", teryt}});
  }
  static std::string CoordinatorToken(const std::string& region) {
    return stack_->Token("COORDINATOR", "e2e-coordinator-" + region,
                         {{"region", region}});
  }
  static json GetApplication(const std::string& id) {
    HttpResponse response = AsAdmin("GET", "/v1/applications/" + id);
    EXPECT_EQ(response.status, 200) << response.body;
    return Body(response);
  }
  // Rows of the recruitment schema's audit table matching `where`.
  static int AuditRows(const std::string& where) {
    const std::string count = stack_->schemas["recruitment"]->Query(
        "SELECT count(*) FROM personal_data_access WHERE " + where);
    return count.empty() ? -1 : std::stoi(count);
  }
};

TEST_F(RecruitmentFlowTest, QualificationWaitsForEveryDeclaration) {
  // The office creates an edition whose recruitment window is open now.
  const std::string code = NewEditionCode();
  HttpResponse created =
      AsAdmin("POST", "/v1/editions", EditionJson(code, 3).dump());
  ASSERT_EQ(created.status, 200) << created.body;
  json edition = Body(created);
  EXPECT_EQ(edition["code"], code);
  EXPECT_EQ(edition["kind"], "PILOT");
  EXPECT_EQ(edition["capacity"], 30);
  EXPECT_EQ(edition["minRepresentatives"], 3);
  EXPECT_TRUE(edition.contains("recruitmentOpensAt")) << created.body;
  EXPECT_TRUE(edition.contains("createTime")) << created.body;
  EXPECT_FALSE(edition.contains("min_representatives")) << created.body;

  // The JST applies with three representatives, one without a declaration.
  const std::string jst = JstToken("2476011");
  HttpResponse edition_read = Send(jst, "GET", "/v1/editions/" + code);
  ASSERT_EQ(edition_read.status, 200) << edition_read.body;
  EXPECT_EQ(Body(edition_read)["name"], "Edition " + code);
  const Person a = NewPerson(), b = NewPerson(), c = NewPerson();
  json submission = {
      {"teryt", "2476011"},
      {"representatives",
       json::array({a.Json(true), b.Json(true), c.Json(false)})}};
  HttpResponse submitted = Send(
      jst, "POST", "/v1/editions/" + code + "/applications", submission.dump());
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  json application = Body(submitted);
  const std::string id = application.value("id", "");
  EXPECT_EQ(application["edition"], code);
  EXPECT_EQ(application["teryt"], "2476011");
  EXPECT_EQ(application["jstName"], "Świętochłowice");
  EXPECT_EQ(application["voivodeship"], "24");
  EXPECT_EQ(application["status"], "SUBMITTED");
  EXPECT_EQ(application["activeRepresentatives"], 3);
  EXPECT_EQ(application["declarationsRecorded"], 2);
  ASSERT_EQ(application["representatives"].size(), 3u) << submitted.body;
  // An application shows the team without personal data.
  for (const Person* person : {&a, &b, &c}) {
    EXPECT_THAT(submitted.body, ::testing::Not(HasSubstr(person->pesel)));
    EXPECT_THAT(submitted.body, ::testing::Not(HasSubstr(person->email)));
  }

  // Qualification names the unmet rule: FAILED_PRECONDITION, which the
  // gateway answers with 409 (gateway/README.md, Errors).
  HttpResponse refused =
      AsAdmin("POST", "/v1/applications/" + id + ":qualify", "{}");
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(Body(refused)["code"], 9) << refused.body;
  EXPECT_THAT(UnmetRules(Body(refused)), ElementsAre("DECLARATIONS_RECORDED"))
      << refused.body;

  // The JST records the missing declaration.
  std::string undeclared;
  for (const json& representative : application["representatives"]) {
    if (!representative.value("declarationRecorded", false)) {
      EXPECT_TRUE(undeclared.empty()) << submitted.body;
      undeclared = representative.value("participant", "");
    }
  }
  ASSERT_FALSE(undeclared.empty()) << submitted.body;
  HttpResponse declared = Send(
      jst, "POST", "/v1/participants/" + undeclared + ":recordDeclaration",
      R"({"signedOn": "2024-06-03", "informationClauseHandedOver": true})");
  ASSERT_EQ(declared.status, 200) << declared.body;
  EXPECT_EQ(Body(declared)["pesel"], c.pesel);
  EXPECT_EQ(Body(declared)["declaration"]["signedOn"], "2024-06-03")
      << declared.body;

  // Now it qualifies, in the urban workshop group (a city with county rights).
  HttpResponse qualified =
      AsAdmin("POST", "/v1/applications/" + id + ":qualify", "{}");
  ASSERT_EQ(qualified.status, 200) << qualified.body;
  EXPECT_EQ(Body(qualified)["status"], "QUALIFIED");
  EXPECT_EQ(Body(qualified)["workshopGroup"], 2);
  EXPECT_EQ(Body(qualified)["declarationsRecorded"], 3);
  EXPECT_EQ(Body(Get("/v1/editions/" + code))["qualifiedCount"], 1);

  // Its history, as the JST reads it: submitted by the JST, qualified by
  // the office, no subject shown (the office's own read names its staff
  // member, below).
  HttpResponse history =
      Send(jst, "GET", "/v1/applications/" + id + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  const json entries = Body(history).value("entries", json::array());
  ASSERT_EQ(entries.size(), 2u) << history.body;
  EXPECT_EQ(entries[0]["toStatus"], "SUBMITTED");
  EXPECT_EQ(entries[0]["actorRole"], "JST");
  EXPECT_EQ(entries[0].value("actorSubject", ""), "") << history.body;
  EXPECT_EQ(entries[1]["fromStatus"], "SUBMITTED");
  EXPECT_EQ(entries[1]["toStatus"], "QUALIFIED");
  EXPECT_EQ(entries[1]["actorRole"], "ADMIN");
  EXPECT_EQ(entries[1].value("actorSubject", ""), "") << history.body;
  EXPECT_TRUE(entries[1].contains("changeTime")) << history.body;
  EXPECT_EQ(Body(history).value("nextPageToken", ""), "") << history.body;
  const json office = Body(Get("/v1/applications/" + id + "/history"));
  ASSERT_EQ(office.value("entries", json::array()).size(), 2u) << office.dump();
  EXPECT_NE(office["entries"][1].value("actorSubject", ""), "")
      << office.dump();
}

TEST_F(RecruitmentFlowTest, RodzFourUnitIsRefusedNamingTeryt) {
  const std::string code = CreateEdition();
  // 24 02 04 4: Czechowice-Dziedzice, the town (RODZ 4) of an urban-rural
  // commune; the commune (2402043) is the JST.
  HttpResponse response =
      AsAdmin("POST", "/v1/editions/" + code + "/applications",
              R"({"teryt": "2402044", "representatives": []})");
  EXPECT_EQ(response.status, 400) << response.body;
  json error = Body(response);
  EXPECT_EQ(error["code"], 3) << response.body;
  EXPECT_THAT(ViolatedFields(error), ElementsAre("teryt")) << response.body;
  EXPECT_THAT(response.body, HasSubstr("RODZ 4"));
}

TEST_F(RecruitmentFlowTest, BadPeselIsRefusedNamingTheFieldPath) {
  const std::string code = CreateEdition();
  const Person good = NewPerson();
  Person bad = NewPerson();
  bad.pesel = BadPesel(bad);
  json submission = {
      {"teryt", "2461011"},
      {"representatives", json::array({good.Json(true), bad.Json(true)})}};
  HttpResponse response = AsAdmin(
      "POST", "/v1/editions/" + code + "/applications", submission.dump());
  EXPECT_EQ(response.status, 400) << response.body;
  json error = Body(response);
  EXPECT_EQ(error["code"], 3) << response.body;
  EXPECT_THAT(ViolatedFields(error), ElementsAre("representatives[1].pesel"))
      << response.body;
  // Errors name fields, never values.
  EXPECT_THAT(response.body, ::testing::Not(HasSubstr(bad.pesel)));
  EXPECT_THAT(response.body, ::testing::Not(HasSubstr(good.pesel)));
  // Nothing was written.
  HttpResponse list = Get("/v1/editions/" + code + "/applications");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_THAT(Body(list).value("applications", json::array()), IsEmpty())
      << list.body;
}

// Issue 15: a control character in any text field is refused naming the
// field (NUL was stored as the text before it), and nothing is stored.
TEST_F(RecruitmentFlowTest, ControlCharacterInAnEditionNameIsRefused) {
  const std::string code = NewEditionCode();
  nlohmann::json edition = EditionJson(code, 1);
  edition["name"] = std::string("Edycja\0 2026", 12);
  HttpResponse refused = AsAdmin("POST", "/v1/editions", edition.dump());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(ViolatedFields(Body(refused)), ElementsAre("edition.name"))
      << refused.body;
  EXPECT_EQ(AsAdmin("GET", "/v1/editions/" + code).status, 404);
}

// Issue 16: an edition of 2016-04-18 … 2018-05-31 recruiting 2026-12-04 …
// 2027-01-03 was accepted. Refused on create and on update, naming the
// fields, and nothing changes.
TEST_F(RecruitmentFlowTest, ARecruitmentWindowOutsideTheEditionIsRefused) {
  const std::string code = NewEditionCode();
  nlohmann::json edition = EditionJson(code, 1);
  edition["startsOn"] = "2016-04-18";
  edition["endsOn"] = "2018-05-31";
  edition["recruitmentOpensAt"] = "2026-12-04T08:00:00Z";
  edition["recruitmentClosesAt"] = "2027-01-03T22:00:00Z";
  HttpResponse refused = AsAdmin("POST", "/v1/editions", edition.dump());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(
      ViolatedFields(Body(refused)),
      ElementsAre("edition.recruitmentOpensAt", "edition.recruitmentClosesAt"))
      << refused.body;
  EXPECT_EQ(AsAdmin("GET", "/v1/editions/" + code).status, 404);

  const std::string open = CreateEdition();
  json before = Body(AsAdmin("GET", "/v1/editions/" + open));
  HttpResponse moved =
      AsAdmin("PATCH", "/v1/editions/" + open + "?updateMask=endsOn",
              R"({"endsOn": "2025-06-30"})");
  EXPECT_EQ(moved.status, 400) << moved.body;
  EXPECT_THAT(
      ViolatedFields(Body(moved)),
      ElementsAre("edition.recruitmentOpensAt", "edition.recruitmentClosesAt"))
      << moved.body;
  EXPECT_EQ(Body(AsAdmin("GET", "/v1/editions/" + open)), before);
}

// Issue 19: two officers editing one edition silently overwrote each other.
// Through the gateway a stale expectedVersion is 409 with code 10 (ABORTED)
// and changes nothing; the current one is accepted and moves it on.
TEST_F(RecruitmentFlowTest, AStaleEditionVersionIsAConflict) {
  const std::string code = CreateEdition();
  json read = Body(AsAdmin("GET", "/v1/editions/" + code));
  ASSERT_EQ(read["version"], "1") << read;
  const std::string patch = "/v1/editions/" + code + "?updateMask=name";
  HttpResponse first =
      AsAdmin("PATCH", patch + "&expectedVersion=1", R"({"name": "Pierwsza"})");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Body(first)["version"], "2");

  HttpResponse stale =
      AsAdmin("PATCH", patch + "&expectedVersion=1", R"({"name": "Druga"})");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(Body(stale)["code"], 10) << stale.body;
  EXPECT_EQ(Body(AsAdmin("GET", "/v1/editions/" + code)), Body(first));

  HttpResponse current =
      AsAdmin("PATCH", patch + "&expectedVersion=2", R"({"name": "Druga"})");
  ASSERT_EQ(current.status, 200) << current.body;
  EXPECT_EQ(Body(current)["name"], "Druga");
  EXPECT_EQ(Body(current)["version"], "3");
}

TEST_F(RecruitmentFlowTest, ForgedPageTokenIsRefusedNamingIt) {
  // A token of the editions list (kind "e1", FNV-1a of no filters) whose
  // last key is not text: refused as a token, never passed to SQL.
  const std::string forged =
      absl::WebSafeBase64Escape("e1:1469598103934665603:\xff\xfe");
  HttpResponse refused = AsAdmin("GET", "/v1/editions?pageToken=" + forged);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(ViolatedFields(Body(refused)), ElementsAre("pageToken"))
      << refused.body;
}

TEST_F(RecruitmentFlowTest, CsvImportIsAllOrNothingThenIdempotent) {
  const std::string code = CreateEdition();
  const Person first = NewPerson();
  const std::string id = SubmitApplication(
      code, "2462011", json::array({first.Json(true)}));  // Bytom, 24
  ASSERT_FALSE(id.empty());
  ASSERT_EQ(GetApplication(id)["activeRepresentatives"], 1);
  const std::string coordinator = CoordinatorToken("24");
  const std::string target = "/v1/applications/" + id + "/participants:import";
  const std::vector<Person> team = {NewPerson(), NewPerson(), NewPerson(),
                                    NewPerson()};

  // Lines 3 and 5 are bad: a wrong check digit, an unknown target group.
  Person broken = team[1];
  broken.pesel = BadPesel(team[1]);
  const std::string bad_file =
      ParticipantCsv({team[0].CsvRow(), broken.CsvRow(), team[2].CsvRow(),
                      team[3].CsvRow("BOSS")});
  HttpResponse refused =
      Send(coordinator, "POST", target, bad_file, "text/csv");
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(Body(refused)["code"], 3) << refused.body;
  EXPECT_THAT(
      ViolatedFields(Body(refused)),
      ElementsAre("line 3, column pesel", "line 5, column target_group"))
      << refused.body;
  for (const Person& person : team) {
    EXPECT_THAT(refused.body, ::testing::Not(HasSubstr(person.pesel)));
    EXPECT_THAT(refused.body, ::testing::Not(HasSubstr(person.last_name)));
  }
  EXPECT_EQ(GetApplication(id)["activeRepresentatives"], 1)
      << "a refused file wrote rows";

  // The file goes as text/csv, never as JSON.
  EXPECT_EQ(Send(coordinator, "POST", target, R"({"csv": "x"})").status, 415);

  // Fixed, it is written whole.
  const std::string good_file = ParticipantCsv(
      {team[0].CsvRow(), team[1].CsvRow(), team[2].CsvRow(), team[3].CsvRow()});
  HttpResponse imported =
      Send(coordinator, "POST", target, good_file, "text/csv; charset=utf-8");
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_EQ(Body(imported).value("rows", 0), 4) << imported.body;
  EXPECT_EQ(Body(imported).value("inserted", 0), 4) << imported.body;
  EXPECT_EQ(Body(imported).value("unchanged", 0), 0) << imported.body;
  json application = GetApplication(id);
  EXPECT_EQ(application["activeRepresentatives"], 5);
  EXPECT_EQ(application["declarationsRecorded"], 5);

  // The same file again changes nothing.
  HttpResponse again = Send(coordinator, "POST", target, good_file, "text/csv");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Body(again).value("rows", 0), 4) << again.body;
  EXPECT_EQ(Body(again).value("inserted", 0), 0) << again.body;
  EXPECT_EQ(Body(again).value("updated", 0), 0) << again.body;
  EXPECT_EQ(Body(again).value("unchanged", 0), 4) << again.body;
  EXPECT_EQ(GetApplication(id)["activeRepresentatives"], 5);
}

// Issue 16: what a JST can name that belongs to another JST answers exactly
// as what does not exist; a coordinator's foreign voivodeship is refused.
TEST_F(RecruitmentFlowTest, AnotherJstsObjectsAnswerAsMissingOnes) {
  const std::string code = CreateEdition();
  const std::string application =
      SubmitApplication(code, "2463011");  // Chorzów
  ASSERT_FALSE(application.empty());
  const std::string participant =
      CreateParticipant(application, NewPerson().Json(true));
  ASSERT_FALSE(participant.empty());
  const std::string katowice = JstToken("2469011");
  const std::string nowhere = "00000000-0000-4000-8000-000000000000";
  // 2463011 is in the registry; 2499999 is not.
  ExpectAnsweredAsMissing(Send(katowice, "GET", "/v1/jsts/2463011"), "2463011",
                          Send(katowice, "GET", "/v1/jsts/2499999"), "2499999");
  ExpectAnsweredAsMissing(
      Send(katowice, "GET", "/v1/applications/" + application), application,
      Send(katowice, "GET", "/v1/applications/" + nowhere), nowhere);
  ExpectAnsweredAsMissing(
      Send(katowice, "GET", "/v1/applications/" + application + "/history"),
      application,
      Send(katowice, "GET", "/v1/applications/" + nowhere + "/history"),
      nowhere);
  const std::string purpose = "?purpose=e2e%20scope%20check";
  ExpectAnsweredAsMissing(
      Send(katowice, "GET", "/v1/participants/" + participant + purpose),
      participant,
      Send(katowice, "GET", "/v1/participants/" + nowhere + purpose), nowhere);

  const std::string coordinator = CoordinatorToken("02");
  for (const auto& [target, field] :
       std::vector<std::pair<std::string, std::string>>{
           {"/v1/jsts?voivodeship=24", "voivodeship"},
           {"/v1/editions/" + code + "/applications?voivodeship=24",
            "voivodeship"},
           {"/v1/editions/" + code + "/applications?teryt=2463011", "teryt"}}) {
    HttpResponse foreign = Send(coordinator, "GET", target);
    EXPECT_EQ(foreign.status, 403) << target << ": " << foreign.body;
    EXPECT_EQ(Body(foreign).value("message", ""),
              "a coordinator of voivodeship 02 may read only voivodeship 02")
        << target;
    EXPECT_THAT(ViolatedFields(Body(foreign)), ElementsAre(field)) << target;
  }

  // One JST's applications: its own for the JST and its coordinator, none
  // for another JST naming it (as with a foreign voivodeship).
  const std::string chorzow =
      "/v1/editions/" + code + "/applications?teryt=2463011";
  for (const std::string& token :
       {JstToken("2463011"), CoordinatorToken("24")}) {
    HttpResponse listed = Send(token, "GET", chorzow);
    ASSERT_EQ(listed.status, 200) << listed.body;
    json apps = Body(listed).value("applications", json::array());
    ASSERT_EQ(apps.size(), 1u) << listed.body;
    EXPECT_EQ(apps[0].value("id", ""), application);
  }
  HttpResponse other = Send(katowice, "GET", chorzow);
  ASSERT_EQ(other.status, 200) << other.body;
  EXPECT_TRUE(Body(other).value("applications", json::array()).empty())
      << other.body;

  // The kind filter: Chorzów is an urban commune, not a county; a kind
  // that is none is refused naming the field.
  const std::string silesia = CoordinatorToken("24");
  const std::string kinds = "/v1/editions/" + code + "/applications?kind=";
  HttpResponse urban = Send(silesia, "GET", kinds + "URBAN_COMMUNE");
  ASSERT_EQ(urban.status, 200) << urban.body;
  json urban_apps = Body(urban).value("applications", json::array());
  ASSERT_EQ(urban_apps.size(), 1u) << urban.body;
  EXPECT_EQ(urban_apps[0].value("id", ""), application);
  HttpResponse county = Send(silesia, "GET", kinds + "COUNTY");
  ASSERT_EQ(county.status, 200) << county.body;
  EXPECT_TRUE(Body(county).value("applications", json::array()).empty())
      << county.body;
  HttpResponse bad = Send(silesia, "GET", kinds + "CITY");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(ViolatedFields(Body(bad)), ElementsAre("kind")) << bad.body;
}

TEST_F(RecruitmentFlowTest, ParticipantReadIsAuditedAndWithdrawalEndsIt) {
  const std::string code = CreateEdition();
  const std::string id = SubmitApplication(code, "2463011");  // Chorzów, 24
  ASSERT_FALSE(id.empty());
  const Person person = NewPerson();

  // A bad PESEL names the field of the request message.
  Person bad = person;
  bad.pesel = BadPesel(person);
  HttpResponse refused =
      AsAdmin("POST", "/v1/applications/" + id + "/participants",
              bad.Json(false).dump());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_THAT(ViolatedFields(Body(refused)), ElementsAre("participant.pesel"))
      << refused.body;

  const std::string participant = CreateParticipant(id, person.Json(true));
  ASSERT_FALSE(participant.empty());
  const std::string audited = "participant_id = '" + participant + "'";
  EXPECT_EQ(AuditRows(audited + " AND rpc = 'CreateParticipant'"), 1);
  EXPECT_EQ(AuditRows(audited + " AND rpc = 'GetParticipant'"), 0);

  // The office reads the personal data, and the read is recorded.
  HttpResponse read = AsAdmin("GET", "/v1/participants/" + participant +
                                         "?purpose=e2e%20audit%20check");
  ASSERT_EQ(read.status, 200) << read.body;
  json record = Body(read);
  EXPECT_EQ(record["pesel"], person.pesel);
  EXPECT_EQ(record["firstName"], person.first_name);
  EXPECT_EQ(record["lastName"], person.last_name);
  EXPECT_EQ(record["email"], person.email);
  EXPECT_EQ(record["phone"], person.phone);
  EXPECT_EQ(record["employerTeryt"], "2463011");
  EXPECT_EQ(record["status"], "PARTICIPANT_ACTIVE");
  EXPECT_TRUE(record.contains("birthDate")) << read.body;
  EXPECT_TRUE(record.contains("sex")) << read.body;
  EXPECT_EQ(
      AuditRows(
          audited +
          " AND rpc = 'GetParticipant' AND subject = 'e2e-admin' AND role = "
          "'ADMIN' AND purpose = 'e2e audit check'"),
      1);
  ASSERT_EQ(AsAdmin("GET", "/v1/participants/" + participant).status, 200);
  EXPECT_EQ(AuditRows(audited + " AND rpc = 'GetParticipant' AND purpose = "
                                "'view participant record'"),
            1);
  EXPECT_EQ(AuditRows(audited + " AND rpc = 'GetParticipant'"), 2);

  // The participant withdraws: participation ends, the record stays.
  HttpResponse withdrawn =
      AsAdmin("POST", "/v1/participants/" + participant + ":withdraw",
              R"({"reason": "moved to another office"})");
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(Body(withdrawn)["status"], "PARTICIPANT_WITHDRAWN");
  EXPECT_EQ(Body(withdrawn)["endReason"], "PARTICIPANT_WITHDREW");
  EXPECT_TRUE(Body(withdrawn).contains("participationEnd")) << withdrawn.body;
  EXPECT_EQ(AuditRows(audited + " AND rpc = 'WithdrawParticipant'"), 1);
  EXPECT_EQ(GetApplication(id).value("activeRepresentatives", 0), 0);
  HttpResponse twice =
      AsAdmin("POST", "/v1/participants/" + participant + ":withdraw",
              R"({"reason": "moved to another office"})");
  EXPECT_EQ(twice.status, 409) << twice.body;
  EXPECT_THAT(UnmetRules(Body(twice)), ElementsAre("PARTICIPANT_ACTIVE"))
      << twice.body;
  // The record is closed, but its monitoring fields may still be
  // completed (result data come up to 4 weeks after the end): a situation
  // answer yes, a name no.
  HttpResponse answered = AsAdmin(
      "PATCH", "/v1/participants/" + participant + "?updateMask=disability",
      R"({"disability": "REFUSED"})");
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(Body(answered)["disability"], "REFUSED");
  EXPECT_EQ(Body(answered)["status"], "PARTICIPANT_WITHDRAWN");
  HttpResponse renamed = AsAdmin(
      "PATCH", "/v1/participants/" + participant + "?updateMask=lastName",
      R"({"lastName": "Inna"})");
  EXPECT_EQ(renamed.status, 409) << renamed.body;
  EXPECT_THAT(UnmetRules(Body(renamed)), ElementsAre("PARTICIPANT_ACTIVE"))
      << renamed.body;
}

// A trainer's attendance sheet: the people of a workshop group by name and
// JST through the gateway, nothing more of them, each shown audited; a JST
// may not read them, and a bad group is refused naming its field.
TEST_F(RecruitmentFlowTest, ATrainerReadsAWorkshopGroupsNamesAudited) {
  const std::string code = CreateEdition();
  const Person a = NewPerson(), b = NewPerson();
  const std::string id = SubmitApplication(
      code, "2463011", json::array({a.Json(true), b.Json(true)}));  // Chorzów
  ASSERT_FALSE(id.empty());
  HttpResponse qualified =
      AsAdmin("POST", "/v1/applications/" + id + ":qualify", "{}");
  ASSERT_EQ(qualified.status, 200) << qualified.body;
  const int group = Body(qualified).value("workshopGroup", 0);
  const std::string target =
      "/v1/editions/" + code +
      "/group-participants?workshopGroup=" + std::to_string(group);

  const std::string trainer = stack_->Token("TRAINER", "e2e-trainer-sheet");
  HttpResponse listed = Send(trainer, "GET", target);
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json people = Body(listed).value("participants", json::array());
  ASSERT_EQ(people.size(), 2u) << listed.body;
  std::set<std::string> names;
  for (const json& person : people) {
    names.insert(person.value("firstName", "") + " " +
                 person.value("lastName", ""));
    EXPECT_EQ(person["teryt"], "2463011");
    EXPECT_EQ(person["jstName"], "Chorzów");
    EXPECT_EQ(person["workshopGroup"], group);
    EXPECT_EQ(person["declarationRecorded"], true);
    EXPECT_EQ(AuditRows("participant_id = '" + person.value("participant", "") +
                        "' AND rpc = 'ListGroupParticipants' AND subject = "
                        "'e2e-trainer-sheet' AND role = 'TRAINER'"),
              1);
  }
  EXPECT_EQ(names, (std::set<std::string>{a.first_name + " " + a.last_name,
                                          b.first_name + " " + b.last_name}));
  for (const Person* person : {&a, &b}) {
    EXPECT_THAT(listed.body, ::testing::Not(HasSubstr(person->pesel)));
    EXPECT_THAT(listed.body, ::testing::Not(HasSubstr(person->email)));
    EXPECT_THAT(listed.body, ::testing::Not(HasSubstr(person->phone)));
  }

  EXPECT_EQ(Send(JstToken("2463011"), "GET", target).status, 403);
  HttpResponse bad =
      Send(trainer, "GET",
           "/v1/editions/" + code + "/group-participants?workshopGroup=9");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_THAT(ViolatedFields(Body(bad)), ElementsAre("workshopGroup"))
      << bad.body;
}

// Last: whatever ran before (and a few refusals made here, so the check
// means something when this test runs alone), no log of any process of the
// stack holds a PESEL, name, e-mail or phone this suite sent.
TEST_F(RecruitmentFlowTest, NoPersonalDataInAnyLog) {
  const std::string code = CreateEdition();
  const Person person = NewPerson();
  Person bad = NewPerson();
  bad.pesel = BadPesel(bad);
  EXPECT_EQ(AsAdmin("POST", "/v1/editions/" + code + "/applications",
                    json({{"teryt", "2476011"},
                          {"representatives", json::array({bad.Json(true)})}})
                        .dump())
                .status,
            400);
  const std::string id =
      SubmitApplication(code, "2476011", json::array({person.Json(true)}));
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(
      AsAdmin("POST", "/v1/applications/" + id + "/participants:import",
              ParticipantCsv({bad.CsvRow(), person.CsvRow("BOSS")}), "text/csv")
          .status,
      400);
  // The same PESEL twice in the application (ALREADY_EXISTS).
  EXPECT_EQ(AsAdmin("POST", "/v1/applications/" + id + "/participants",
                    person.Json(false).dump())
                .status,
            409);
  const std::string participant =
      GetApplication(id)["representatives"][0].value("participant", "");
  EXPECT_EQ(AsAdmin("GET", "/v1/participants/" + participant).status, 200);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(300));  // access log lines

  std::map<std::string, std::string> logs;  // file name → contents
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(stack_->logs)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream contents;
    contents << in.rdbuf();
    logs[entry.path().filename().string()] = contents.str();
  }
  // The logs are there and were written during the run.
  for (const char* name : {"recruitment.log", "training.log", "advisory.log",
                           "reporting.log", "gateway.log", "load.log"}) {
    EXPECT_TRUE(logs.count(name)) << name << " missing in " << stack_->logs;
  }
  EXPECT_THAT(logs["gateway.log"], HasSubstr("http_request"));
  EXPECT_THAT(logs["gateway.log"], HasSubstr("/v1/participants/{participant}"));
  EXPECT_FALSE(logs["recruitment.log"].empty());

  ASSERT_FALSE(UsedPersonalData().empty());
  for (size_t i = 0; i < UsedPersonalData().size(); ++i) {
    const std::string& value = UsedPersonalData()[i];
    // As written, and as JSON escapes it (\u0142 for ł).
    std::string escaped = json(value).dump(-1, ' ', /*ensure_ascii=*/true);
    escaped = escaped.substr(1, escaped.size() - 2);
    for (const auto& [name, text] : logs) {
      // The value itself is not printed: test output is a log too.
      EXPECT_TRUE(text.find(value) == std::string::npos &&
                  text.find(escaped) == std::string::npos)
          << name << " holds item #" << i
          << " of the personal data this suite sent (" << value.size()
          << " bytes)";
    }
  }
}

}  // namespace
}  // namespace jstedu::testing
