// Identity conflicts end to end (issue 15, point 1): a PESEL that another
// JST registered in the edition is accepted for a JST exactly as an unused
// one would be (the JST learns nothing of other JSTs' people), held back
// for the programme office, which sees both records (audited) and decides.
#include "gmock/gmock.h"
#include "tests/e2e/recruitment_e2e.h"

namespace jstedu::testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Person NewPerson() {
  static int number = 0;
  const int n = ++number;
  const std::string tag = {static_cast<char>('a' + n / 26 % 26),
                           static_cast<char>('a' + n % 26)};
  return {"Konfliktowa", "Tożsamość-" + tag, PeselFor(8000 + n),
          "konflikt." + tag + "@gmina-e2e.pl",
          "+48603" + std::to_string(500000 + n)};
}

// What a JST can compare between two answers about different people: the
// fields and every value that does not belong to the person or the record
// (ids, personal data, times).
json Shape(const json& participant) {
  static const std::set<std::string> kOwnValues = {
      "id",  "firstName", "lastName",   "pesel",      "email",     "phone",
      "sex", "birthDate", "ageAtStart", "createTime", "updateTime"};
  json shape = json::object();
  for (const auto& [field, value] : participant.items()) {
    if (field == "declaration") {
      shape[field] = {{"signedOn", value.value("signedOn", "")},
                      {"informationClauseHandedOver",
                       value.value("informationClauseHandedOver", false)}};
    } else {
      shape[field] = kOwnValues.count(field) ? json(value.type_name()) : value;
    }
  }
  return shape;
}

class IdentityConflictTest : public RecruitmentE2eTest {
 protected:
  static std::string JstToken(const std::string& teryt) {
    return stack_->Token("JST", "e2e-identity-" + teryt, {{"jst", teryt}});
  }
  static HttpResponse AddAs(const std::string& token,
                            const std::string& application,
                            const Person& person) {
    return Send(token, "POST",
                "/v1/applications/" + application + "/participants",
                person.Json(true).dump());
  }
};

TEST_F(IdentityConflictTest, AJstCannotTellAPeselAnotherJstRegistered) {
  const std::string code = CreateEdition();
  // Świętochłowice (24) registers two people; Warszawa (14) and Kraków (12)
  // then work with their own teams.
  const Person registered = NewPerson(), registered_too = NewPerson();
  const std::string elsewhere = SubmitApplication(
      code, "2476011",
      json::array({registered.Json(true), registered_too.Json(true)}));
  ASSERT_FALSE(elsewhere.empty());
  const std::string warszawa = JstToken("1465011");
  const std::string krakow = JstToken("1261011");
  const std::string application = SubmitApplication(code, "1465011");
  ASSERT_FALSE(application.empty());

  // Adding one participant: the same status and shape for a PESEL in use
  // elsewhere and for an unused one.
  const HttpResponse taken = AddAs(warszawa, application, registered);
  const HttpResponse unused = AddAs(warszawa, application, NewPerson());
  ASSERT_EQ(taken.status, 200) << taken.body;
  ASSERT_EQ(unused.status, 200) << unused.body;
  EXPECT_EQ(Shape(Body(taken)), Shape(Body(unused)));
  EXPECT_EQ(Body(taken)["status"], "PARTICIPANT_ACTIVE");
  // The JST's own duplicate is refused, with the same answer whichever it is.
  const Person fresh = NewPerson();
  ASSERT_EQ(AddAs(warszawa, application, fresh).status, 200);
  const HttpResponse duplicate_taken = AddAs(warszawa, application, registered);
  const HttpResponse duplicate_unused = AddAs(warszawa, application, fresh);
  EXPECT_EQ(duplicate_taken.status, 409) << duplicate_taken.body;
  EXPECT_EQ(duplicate_taken.body, duplicate_unused.body);

  // Its application counts them all alike.
  HttpResponse read = Send(warszawa, "GET", "/v1/applications/" + application);
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Body(read)["activeRepresentatives"], 3) << read.body;
  for (const json& representative : Body(read)["representatives"]) {
    EXPECT_EQ(representative["status"], "PARTICIPANT_ACTIVE") << read.body;
  }

  // The import answers per file, not per PESEL: the same counts for a file
  // with a number in use elsewhere as for one without.
  const std::string import_target =
      "/v1/applications/" + application + "/participants:import";
  const HttpResponse imported =
      Send(warszawa, "POST", import_target,
           ParticipantCsv({registered_too.CsvRow(), NewPerson().CsvRow()}),
           "text/csv");
  const std::string krakow_application = SubmitApplication(code, "1261011");
  ASSERT_FALSE(krakow_application.empty());
  const HttpResponse imported_unused = Send(
      krakow, "POST",
      "/v1/applications/" + krakow_application + "/participants:import",
      ParticipantCsv({NewPerson().CsvRow(), NewPerson().CsvRow()}), "text/csv");
  ASSERT_EQ(imported.status, 200) << imported.body;
  ASSERT_EQ(imported_unused.status, 200) << imported_unused.body;
  EXPECT_EQ(imported.body, imported_unused.body);
  EXPECT_THAT(imported.body, Not(HasSubstr("another JST")));

  // A submission with such a representative is accepted like any other.
  const std::string gdansk = JstToken("2261011");
  const HttpResponse submitted = Send(
      gdansk, "POST", "/v1/editions/" + code + "/applications",
      json({{"teryt", "2261011"}, {"representatives", {registered.Json(true)}}})
          .dump());
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(Body(submitted)["activeRepresentatives"], 1) << submitted.body;
}

TEST_F(IdentityConflictTest, TheOfficeSeesBothRecordsAuditedAndDecides) {
  const std::string code = CreateEdition();
  const Person person = NewPerson();
  const std::string first =
      SubmitApplication(code, "2476011", json::array({person.Json(true)}));
  const std::string second = SubmitApplication(code, "1465011");
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  const std::string warszawa = JstToken("1465011");
  const HttpResponse added = AddAs(warszawa, second, person);
  ASSERT_EQ(added.status, 200) << added.body;
  const std::string claimant = Body(added).value("id", "");

  // Neither the JSTs nor the coordinators of either region see conflicts.
  const std::string list = "/v1/editions/" + code + "/identity-conflicts";
  for (const std::string& token :
       {warszawa, JstToken("2476011"),
        stack_->Token("COORDINATOR", "e2e-identity-coordinator",
                      {{"region", "14"}}),
        stack_->Token("COORDINATOR", "e2e-identity-coordinator",
                      {{"region", "24"}})}) {
    EXPECT_EQ(Send(token, "GET", list).status, 403);
  }

  // The office sees both records side by side; each shown record audited.
  const HttpResponse listed =
      AsAdmin("GET", list + "?purpose=weryfikacja%20PESEL");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json conflicts = Body(listed).value("conflicts", json::array());
  ASSERT_EQ(conflicts.size(), 1u) << listed.body;
  const json& conflict = conflicts[0];
  EXPECT_EQ(conflict["holder"]["employerTeryt"], "2476011");
  EXPECT_EQ(conflict["claimant"]["employerTeryt"], "1465011");
  EXPECT_EQ(conflict["claimant"]["id"], claimant);
  EXPECT_EQ(conflict["holder"]["pesel"], person.pesel);
  EXPECT_EQ(conflict["claimant"]["pesel"], person.pesel);
  const std::string holder = conflict["holder"].value("id", "");
  for (const std::string& id : {holder, claimant}) {
    EXPECT_EQ(stack_->schemas["recruitment"]->Query(
                  "SELECT count(*) FROM personal_data_access WHERE "
                  "participant_id = '" +
                  id +
                  "' AND rpc = 'ListIdentityConflicts' AND purpose = "
                  "'weryfikacja PESEL'"),
              "1");
  }

  // The person moved: the first JST's participation ends, the second's
  // record counts from now on; who decided and why is recorded.
  const HttpResponse resolved = AsAdmin(
      "POST", "/v1/identity-conflicts/" + conflict.value("id", "") + ":resolve",
      R"({"decision": "SAME_PERSON_MOVED", "reason": "zmiana pracodawcy"})");
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(Body(resolved)["decision"], "SAME_PERSON_MOVED");
  EXPECT_EQ(Body(resolved)["resolvedBy"], "e2e-admin");
  EXPECT_EQ(Body(resolved)["holder"]["status"], "PARTICIPANT_WITHDRAWN");
  EXPECT_EQ(Body(resolved)["holder"]["endReason"], "MOVED_TO_ANOTHER_JST");
  EXPECT_EQ(Body(resolved)["claimant"]["status"], "PARTICIPANT_ACTIVE");
  EXPECT_THAT(Body(AsAdmin("GET", list)).value("conflicts", json::array()),
              ::testing::IsEmpty());
  const HttpResponse again = AsAdmin(
      "POST", "/v1/identity-conflicts/" + conflict.value("id", "") + ":resolve",
      R"({"decision": "DISTINCT_PEOPLE", "reason": "pomyłka"})");
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_THAT(UnmetRules(Body(again)), ElementsAre("CONFLICT_OPEN"));
}

}  // namespace
}  // namespace jstedu::testing
