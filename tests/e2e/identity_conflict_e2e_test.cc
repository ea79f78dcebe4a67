// Identity conflicts end to end (issue 15, point 1): a PESEL that another
// JST registered in the edition is accepted for a JST exactly as an unused
// one would be — in recruitment, training and reporting alike (the JST
// learns nothing of other JSTs' people) — while the programme office, which
// sees both records (audited), decides, and no ministry export is made
// until it has.
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

// The JST's views of a record awaiting the office and of an unused PESEL's
// record, once the events have reached training and reporting.
TEST_F(IdentityConflictTest, TrainingAndReportingTreatAHeldRecordAsAnyOther) {
  const std::string code = CreateEdition();
  const Person registered = NewPerson();
  ASSERT_FALSE(
      SubmitApplication(code, "2476011", json::array({registered.Json(true)}))
          .empty());
  const std::string warszawa = JstToken("1465011");
  const std::string application = SubmitApplication(code, "1465011");
  ASSERT_FALSE(application.empty());
  const HttpResponse taken = AddAs(warszawa, application, registered);
  const HttpResponse unused = AddAs(warszawa, application, NewPerson());
  ASSERT_EQ(taken.status, 200) << taken.body;
  ASSERT_EQ(unused.status, 200) << unused.body;
  const std::string held = Body(taken).value("id", "");
  const std::string free = Body(unused).value("id", "");
  ASSERT_EQ(
      AsAdmin("POST", "/v1/applications/" + application + ":qualify", "{}")
          .status,
      200);

  // Training: both on the roster, the same record but for the id.
  const auto training = [&](const std::string& id) {
    return Send(warszawa, "GET", "/v1/participants/" + id + "/training");
  };
  ASSERT_TRUE(
      WaitUntil([&] { return Body(training(free)).value("rostered", false); },
                std::chrono::seconds(20)))
      << training(free).body;
  json held_training = Body(training(held));
  json free_training = Body(training(free));
  held_training.erase("participant");
  free_training.erase("participant");
  EXPECT_EQ(held_training, free_training);
  EXPECT_TRUE(held_training.value("rostered", false)) << held_training.dump();

  // Reporting: both in the JST's evidence and data quality.
  const std::string evidence =
      "/v1/indicators/OFFICIALS_SUPPORTED/evidence?edition=" + code;
  const auto evidence_ids = [&] {
    std::set<std::string> ids;
    for (const json& record : Body(Send(warszawa, "GET", evidence))
                                  .value("records", json::array())) {
      ids.insert(record.value("participantId", ""));
    }
    return ids;
  };
  ASSERT_TRUE(WaitUntil([&] { return evidence_ids().count(free) == 1; },
                        std::chrono::seconds(20)))
      << Send(warszawa, "GET", evidence).body;
  EXPECT_EQ(evidence_ids(), (std::set<std::string>{held, free}));
  const HttpResponse quality =
      Send(warszawa, "GET", "/v1/data-quality?edition=" + code);
  ASSERT_EQ(quality.status, 200) << quality.body;
  const json regions = Body(quality).value("voivodeships", json::array());
  ASSERT_EQ(regions.size(), 1u) << quality.body;
  EXPECT_EQ(regions[0].value("participantsStarted", "0"), "2") << quality.body;
  // A coordinator is told of no conflict: the count is 0 (printed, as every
  // zero is), never the number the office sees.
  EXPECT_EQ(Body(quality).value("openIdentityConflicts", json()), 0)
      << quality.body;
}

TEST_F(IdentityConflictTest, NoMinistryExportUntilTheOfficeDecides) {
  const std::string code = CreateEdition();
  const Person person = NewPerson();
  const std::string first =
      SubmitApplication(code, "2476011", json::array({person.Json(true)}));
  const std::string second = SubmitApplication(code, "1465011");
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  ASSERT_EQ(AddAs(JstToken("1465011"), second, person).status, 200);
  for (const std::string& app : {first, second}) {
    ASSERT_EQ(
        AsAdmin("POST", "/v1/applications/" + app + ":qualify", "{}").status,
        200);
  }
  const std::string exports = "/v1/editions/" + code + "/exports";
  const auto create = [&](const std::string& kind) {
    return AsAdmin("POST", exports,
                   json({{"kind", kind}, {"purpose", "sprawozdanie"}}).dump());
  };
  // Every kind refused, naming the rule, once reporting knows the edition.
  HttpResponse refused;
  ASSERT_TRUE(WaitUntil(
      [&] {
        refused = create("AGGREGATES_CSV");
        return refused.status != 404 &&
               UnmetRules(Body(refused)) !=
                   std::vector<std::string>{"EDITION_DATES_UNKNOWN"};
      },
      std::chrono::seconds(20)))
      << refused.body;
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_THAT(UnmetRules(Body(refused)),
              ElementsAre("IDENTITY_CONFLICTS_OPEN"));
  EXPECT_THAT(refused.body, HasSubstr("decide 1 identity conflict"));
  for (const char* kind : {"AGGREGATES_ADX", "PARTICIPANTS"}) {
    const HttpResponse other = create(kind);
    EXPECT_EQ(other.status, 409) << kind << ": " << other.body;
    EXPECT_THAT(UnmetRules(Body(other)),
                ElementsAre("IDENTITY_CONFLICTS_OPEN"));
  }

  // Decided: the exports are made.
  const json conflicts =
      Body(AsAdmin("GET", "/v1/editions/" + code + "/identity-conflicts"))
          .value("conflicts", json::array());
  ASSERT_EQ(conflicts.size(), 1u);
  ASSERT_EQ(
      AsAdmin(
          "POST",
          "/v1/identity-conflicts/" + conflicts[0].value("id", "") + ":resolve",
          R"({"decision": "DISTINCT_PEOPLE", "reason": "dwie osoby"})")
          .status,
      200);
  for (const char* kind : {"AGGREGATES_CSV", "PARTICIPANTS"}) {
    const HttpResponse made = create(kind);
    EXPECT_EQ(made.status, 200) << kind << ": " << made.body;
  }
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
  // The office's reason stays with the office: the holder's JST reads a
  // fixed note.
  EXPECT_EQ(Body(resolved)["reason"], "zmiana pracodawcy");
  const HttpResponse holder_read =
      Send(JstToken("2476011"), "GET", "/v1/participants/" + holder);
  ASSERT_EQ(holder_read.status, 200) << holder_read.body;
  EXPECT_THAT(holder_read.body, Not(HasSubstr("zmiana pracodawcy")));
  EXPECT_THAT(Body(holder_read).value("endNote", ""),
              HasSubstr("programme office"));
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
