#pragma once

// Helpers for end-to-end tests of the recruitment routes: valid PESELs,
// editions whose recruitment window is open now, applications and
// participants made through the gateway as ADMIN, and requests with a body
// (JSON or text/csv) as any caller, and training's settings for an edition
// once training knows the edition's dates.

#include <time.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "tests/e2e/e2e_stack.h"

namespace jstedu::testing {

// A valid PESEL for person number `n` (0..9999): born in the 1900s, the
// serial number is `n`, so numbers differ for different `n`.
inline std::string PeselFor(int n) {
  const int yy = 50 + n % 40;
  const int mm = 1 + (n / 40) % 12;
  const int dd = 1 + (n / 480) % 28;
  char first_ten[16];
  snprintf(first_ten, sizeof(first_ten), "%02d%02d%02d%04d", yy, mm, dd,
           n % 10000);
  static const int kWeights[] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += kWeights[i] * (first_ten[i] - '0');
  return std::string(first_ten) + static_cast<char>('0' + (10 - sum % 10) % 10);
}

// The same number with a wrong check digit.
inline std::string WithWrongCheckDigit(std::string pesel) {
  pesel.back() =
      pesel.back() == '9' ? '0' : static_cast<char>(pesel.back() + 1);
  return pesel;
}

// A complete institution block for the JST `teryt` (its own DEGURBA class,
// so it does not depend on the registry's).
inline nlohmann::json OfficeJson(const std::string& teryt) {
  return {
      {"nip", "526-025-02-74"},   {"locality", "Miejscowość " + teryt},
      {"street", "ul. Urzędowa"}, {"buildingNumber", "1"},
      {"postcode", "00-950"},     {"degurba", 2},
      {"phone", "22 123 45 67"},  {"email", "urzad" + teryt + "@example.pl"}};
}

// A representative with personal data, as the participant JSON of the
// API and as a row of a participant CSV file (ParticipantCsv).
struct Person {
  std::string first_name;
  std::string last_name;
  std::string pesel;
  std::string email;
  std::string phone;  // as stored: "+48" and 9 digits

  nlohmann::json Json(bool declared) const {
    nlohmann::json participant = {{"firstName", first_name},
                                  {"lastName", last_name},
                                  {"pesel", pesel},
                                  {"educationLevel", "ISCED_5_8"},
                                  {"email", email},
                                  {"phone", phone},
                                  {"position", "Naczelnik wydziału edukacji"},
                                  {"targetGroup", "OPERATIONAL_STAFF"},
                                  {"minorityOrForeignOrigin", "NO"},
                                  {"homeless", "NO"},
                                  {"disability", "NO"},
                                  {"otherDisadvantage", "REFUSED"}};
    if (declared) {
      participant["declaration"] = {{"signedOn", "2024-06-03"},
                                    {"informationClauseHandedOver", true}};
    }
    return participant;
  }

  // A row for kParticipantCsvHeader, fields separated by ';'.
  std::string CsvRow(
      const std::string& target_group = "OPERATIONAL_STAFF") const {
    return absl::StrJoin(
        {first_name, last_name, pesel, std::string("isced_5_8"), email, phone,
         std::string("Inspektor oświaty"), target_group,
         std::string("2024-06-03"), std::string("tak"), std::string("nie"),
         std::string("nie"), std::string("nie"), std::string("odmowa")},
        ";");
  }
};

inline constexpr char kParticipantCsvHeader[] =
    "first_name;last_name;pesel;education_level;email;phone;position;target_"
    "group;declaration_signed_on;information_clause_handed_over;"
    "minority_or_foreign_origin;homeless;disability;other_disadvantage";

// A participant CSV file as a spreadsheet saves it: UTF-8 with a BOM, ';',
// CRLF, the header kParticipantCsvHeader.
inline std::string ParticipantCsv(const std::vector<std::string>& rows) {
  std::string file = "\xEF\xBB\xBF";
  file += kParticipantCsvHeader;
  file += "\r\n";
  for (const std::string& row : rows) file += row + "\r\n";
  return file;
}

// An RFC 3339 instant (UTC, whole seconds).
inline std::string Rfc3339(std::chrono::system_clock::time_point at) {
  const time_t seconds = std::chrono::system_clock::to_time_t(at);
  tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

class RecruitmentE2eTest : public E2eTest {
 protected:
  // A request as `token` ("" = none) with a body of `content_type`.
  static HttpResponse Send(
      const std::string& token, const std::string& method,
      const std::string& target, const std::string& body = "",
      const std::string& content_type = "application/json") {
    std::map<std::string, std::string> headers;
    if (!token.empty()) headers["Authorization"] = "Bearer " + token;
    if (!body.empty()) headers["Content-Type"] = content_type;
    return HttpRequest(stack_->http_port, method, target, body, headers);
  }
  static std::string AdminToken() {
    return stack_->Token("ADMIN", "e2e-admin");
  }
  static HttpResponse AsAdmin(
      const std::string& method, const std::string& target,
      const std::string& body = "",
      const std::string& content_type = "application/json") {
    return Send(AdminToken(), method, target, body, content_type);
  }

  // A new edition code ("E2E-7"), unique within the suite.
  static std::string NewEditionCode() {
    static int counter = 0;
    return "E2E-" + std::to_string(++counter);
  }

  // An edition body whose recruitment window is open now.
  static nlohmann::json EditionJson(const std::string& code,
                                    int min_representatives) {
    const auto now = std::chrono::system_clock::now();
    return {
        {"code", code},
        {"name", "Edition " + code},
        {"kind", "PILOT"},
        {"capacity", 30},
        {"minRepresentatives", min_representatives},
        {"startsOn", "2025-01-01"},
        {"endsOn", "2030-12-31"},
        {"recruitmentOpensAt", Rfc3339(now - std::chrono::hours(24))},
        {"recruitmentClosesAt", Rfc3339(now + std::chrono::hours(24 * 30))}};
  }

  // Creates an edition open now as ADMIN; returns its code ("" on failure,
  // which is reported).
  static std::string CreateEdition(int min_representatives = 1) {
    const std::string code = NewEditionCode();
    HttpResponse response = AsAdmin(
        "POST", "/v1/editions", EditionJson(code, min_representatives).dump());
    if (response.status != 200) {
      ADD_FAILURE() << "cannot create edition " << code << ": "
                    << response.status << " " << response.body;
      return "";
    }
    return code;
  }

  // Submits an application as ADMIN; returns its id ("" on failure, reported).
  static std::string SubmitApplication(
      const std::string& edition, const std::string& teryt,
      const nlohmann::json& representatives = nlohmann::json::array()) {
    nlohmann::json body = {{"teryt", teryt},
                           {"representatives", representatives},
                           {"institution", OfficeJson(teryt)}};
    HttpResponse response = AsAdmin(
        "POST", "/v1/editions/" + edition + "/applications", body.dump());
    if (response.status != 200) {
      ADD_FAILURE() << "cannot submit " << teryt << " to " << edition << ": "
                    << response.status << " " << response.body;
      return "";
    }
    return Body(response).value("id", "");
  }

  // Adds a participant to an application as ADMIN; returns its id.
  static std::string CreateParticipant(const std::string& application,
                                       const nlohmann::json& participant) {
    HttpResponse response =
        AsAdmin("POST", "/v1/applications/" + application + "/participants",
                participant.dump());
    if (response.status != 200) {
      ADD_FAILURE() << "cannot add a participant to " << application << ": "
                    << response.status << " " << response.body;
      return "";
    }
    return Body(response).value("id", "");
  }

  // Training's first step for `edition`: its settings (THIRD_MONDAY_WEEK),
  // then waits until recruitment's EditionChanged has brought training the
  // edition's dates (modules are refused before). False (reported) if the
  // settings are refused or the dates never arrive.
  static bool SetUpTraining(const std::string& edition) {
    HttpResponse put =
        AsAdmin("PUT", "/v1/editions/" + edition + "/training-settings",
                R"({"thirdWeekReading": "THIRD_MONDAY_WEEK"})");
    if (put.status != 200) {
      ADD_FAILURE() << "training settings of " << edition << ": " << put.status
                    << " " << put.body;
      return false;
    }
    const bool known = WaitUntil(
        [&] {
          HttpResponse got =
              AsAdmin("GET", "/v1/editions/" + edition + "/training-settings");
          return got.status == 200 &&
                 !Body(got).value("editionStartsOn", "").empty();
        },
        std::chrono::seconds(30));
    if (!known)
      ADD_FAILURE() << "the dates of " << edition << " never reached training";
    return known;
  }

  // The field paths of an error's google.rpc.BadRequest.
  static std::vector<std::string> ViolatedFields(const nlohmann::json& error) {
    std::vector<std::string> fields;
    for (const nlohmann::json& detail :
         error.value("details", nlohmann::json::array())) {
      for (const nlohmann::json& v :
           detail.value("fieldViolations", nlohmann::json::array())) {
        fields.push_back(v.value("field", ""));
      }
    }
    return fields;
  }

  // A foreign object is answered exactly as a missing one: the same status
  // and the same body once the missing object's name is replaced by the
  // foreign one's (message, ResourceInfo), so nothing tells them apart.
  static void ExpectAnsweredAsMissing(const HttpResponse& foreign,
                                      const std::string& foreign_name,
                                      const HttpResponse& missing,
                                      const std::string& missing_name) {
    EXPECT_EQ(foreign.status, 404) << foreign.body;
    EXPECT_EQ(missing.status, 404) << missing.body;
    std::string renamed = missing.body;
    for (size_t at = renamed.find(missing_name); at != std::string::npos;
         at = renamed.find(missing_name, at + foreign_name.size())) {
      renamed.replace(at, missing_name.size(), foreign_name);
    }
    EXPECT_EQ(nlohmann::json::parse(foreign.body),
              nlohmann::json::parse(renamed))
        << foreign.body << "\n"
        << missing.body;
  }

  // The types of an error's google.rpc.PreconditionFailure violations.
  static std::vector<std::string> UnmetRules(const nlohmann::json& error) {
    std::vector<std::string> types;
    for (const nlohmann::json& detail :
         error.value("details", nlohmann::json::array())) {
      for (const nlohmann::json& v :
           detail.value("violations", nlohmann::json::array())) {
        types.push_back(v.value("type", ""));
      }
    }
    return types;
  }
};

}  // namespace jstedu::testing
