#pragma once

// Helpers for end-to-end tests of the advisory routes: a qualified JST's
// case (recruitment's JstQualified opens it; the helpers poll until it
// shows), experts, the expert pair assigned, and the workflow commands with
// the case's current version, all through the gateway. Cases are JSON as
// the gateway prints them: lowerCamelCase, int64 as strings, defaults left
// out.

#include <time.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "tests/e2e/recruitment_e2e.h"

namespace jstedu::testing {

class AdvisoryE2eTest : public RecruitmentE2eTest {
 protected:
  // How long recruitment's events may take to open or close a case.
  static constexpr std::chrono::seconds kEventTimeout{30};

  // Today as the services count it: the civil date in Europe/Warsaw (so
  // dates "not in the future" accept it, and the month reporting files a
  // record under is the month of this date, even just after midnight).
  static std::string Today() {
    absl::TimeZone warsaw;
    EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
    return absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), warsaw));
  }

  // The case's version ("version" is an int64, printed as a string).
  static int64_t VersionOf(const nlohmann::json& c) {
    return std::stoll(c.value("version", "0"));
  }

  // A case's id ("" for null, the value a failed helper returns).
  static std::string IdOf(const nlohmann::json& c) {
    return c.is_object() ? c.value("id", "") : "";
  }

  static std::string ExpertToken(const std::string& subject) {
    return stack_->Token("EXPERT", subject);
  }

  // A declared representative with a PESEL no other helper call uses (one
  // application of an edition per call, so editions never see one twice).
  static nlohmann::json DeclaredTeam() {
    static int person = 7000;
    return nlohmann::json::array({{{"firstName", "Anna"},
                                   {"lastName", "Doradcza"},
                                   {"pesel", PeselFor(++person)},
                                   {"targetGroup", "DECISION_MAKER"},
                                   {"declaration",
                                    {{"signedOn", "2024-05-06"},
                                     {"informationClauseHandedOver", true}}}}});
  }

  // Submits a declared application of `teryt` to `edition` and qualifies it
  // as ADMIN; returns the application id ("" on failure, reported).
  static std::string QualifiedApplication(const std::string& edition,
                                          const std::string& teryt) {
    const std::string application =
        SubmitApplication(edition, teryt, DeclaredTeam());
    if (application.empty()) return "";
    HttpResponse qualified =
        AsAdmin("POST", "/v1/applications/" + application + ":qualify", "{}");
    if (qualified.status != 200 ||
        Body(qualified).value("status", "") != "QUALIFIED") {
      ADD_FAILURE() << "cannot qualify " << teryt << " in " << edition << ": "
                    << qualified.status << " " << qualified.body;
      return "";
    }
    return application;
  }

  // Polls GET /v1/cases?edition=… as ADMIN until the case of `teryt` shows
  // (and, when `stage` is given, is in it); returns it (null on timeout,
  // reported).
  static nlohmann::json AwaitCase(const std::string& edition,
                                  const std::string& teryt,
                                  const std::string& stage = "") {
    nlohmann::json found;
    bool seen = WaitUntil(
        [&] {
          HttpResponse list =
              AsAdmin("GET", "/v1/cases?edition=" + edition + "&pageSize=500");
          if (list.status != 200) return false;
          for (const nlohmann::json& c :
               Body(list).value("cases", nlohmann::json::array())) {
            if (c.value("teryt", "") == teryt &&
                (stage.empty() || c.value("stage", "") == stage)) {
              found = c;
              return true;
            }
          }
          return false;
        },
        kEventTimeout);
    if (!seen) {
      ADD_FAILURE() << "no case of " << teryt << " in " << edition
                    << (stage.empty() ? "" : " in " + stage) << " within "
                    << kEventTimeout.count() << " s";
    }
    return found;
  }

  // A qualified JST's case in `edition` (a fresh edition when empty), as
  // GET /v1/cases/{id} answers it.
  static nlohmann::json OpenCase(const std::string& teryt,
                                 std::string edition = "") {
    if (edition.empty()) edition = CreateEdition();
    if (QualifiedApplication(edition, teryt).empty()) return nullptr;
    nlohmann::json listed = AwaitCase(edition, teryt);
    if (listed.is_null()) return nullptr;
    return GetCase(listed.value("id", ""));
  }

  static nlohmann::json GetCase(const std::string& id) {
    HttpResponse response = AsAdmin("GET", "/v1/cases/" + id);
    if (response.status != 200) {
      ADD_FAILURE() << "cannot read case " << id << ": " << response.status
                    << " " << response.body;
      return nullptr;
    }
    return Body(response);
  }

  // Registers an expert as ADMIN; returns its id ("" on failure, reported).
  static std::string CreateExpert(const std::string& subject,
                                  const std::string& speciality,
                                  const std::vector<std::string>& voivodeships,
                                  int max_caseload = 200) {
    nlohmann::json expert = {{"subject", subject},
                             {"displayName", "Ekspert " + subject},
                             {"speciality", speciality},
                             {"voivodeships", voivodeships},
                             {"maxCaseload", max_caseload}};
    HttpResponse response = AsAdmin("POST", "/v1/experts", expert.dump());
    if (response.status != 200) {
      ADD_FAILURE() << "cannot register expert " << subject << ": "
                    << response.status << " " << response.body;
      return "";
    }
    return Body(response).value("id", "");
  }

  // A workflow command on a case: POST /v1/cases/{id}:{verb} as `token`.
  static HttpResponse Command(const std::string& token,
                              const std::string& case_id,
                              const std::string& verb,
                              const nlohmann::json& body) {
    return Send(token, "POST", "/v1/cases/" + case_id + ":" + verb,
                body.dump());
  }

  // A command that must succeed; returns the case it answers (null on
  // failure, reported).
  static nlohmann::json MustCommand(const std::string& token,
                                    const std::string& case_id,
                                    const std::string& verb,
                                    const nlohmann::json& body) {
    HttpResponse response = Command(token, case_id, verb, body);
    if (response.status != 200) {
      ADD_FAILURE() << verb << " on " << case_id << ": " << response.status
                    << " " << response.body;
      return nullptr;
    }
    return Body(response);
  }

  // A command on one action: POST /v1/cases/{case}/actions/{action}:{verb}.
  static HttpResponse ActionCommand(const std::string& token,
                                    const std::string& case_id,
                                    const std::string& action,
                                    const std::string& verb,
                                    const nlohmann::json& body) {
    return Send(token, "POST",
                "/v1/cases/" + case_id + "/actions/" + action + ":" + verb,
                body.dump());
  }

  static nlohmann::json AssignBody(
      int64_t version, const std::string& education,
      const std::string& personnel,
      const std::string& guardian = "EDUCATION_DEVELOPMENT") {
    return {{"expectedVersion", version},
            {"educationExpert", education},
            {"personnelExpert", personnel},
            {"guardian", guardian}};
  }

  // The first support area of the edition's catalogue ("" when none,
  // reported).
  static std::string FirstSupportArea(const std::string& edition) {
    HttpResponse areas =
        AsAdmin("GET", "/v1/editions/" + edition + "/support-areas");
    nlohmann::json list =
        Body(areas).value("supportAreas", nlohmann::json::array());
    if (areas.status != 200 || list.empty()) {
      ADD_FAILURE() << "no support area in " << edition << ": " << areas.status
                    << " " << areas.body;
      return "";
    }
    return list[0].value("id", "");
  }

  static nlohmann::json ChooseAreaBody(int64_t version,
                                       const std::string& area) {
    return {{"expectedVersion", version},
            {"supportArea", area},
            {"agreement",
             {{"agreedOn", Today()}, {"agreedBy", "Jan Wójt, wójt gminy"}}}};
  }

  // A diagnosis with `actions` planned actions due in 2030 (`past_due`: the
  // first was due in 2020, so it is overdue while PLANNED).
  static nlohmann::json DiagnosisBody(int64_t version, int actions,
                                      bool past_due = false) {
    nlohmann::json list = nlohmann::json::array();
    for (int i = 1; i <= actions; ++i) {
      const bool late = past_due && i == 1;
      list.push_back({{"title", "Działanie " + std::to_string(i)},
                      {"owner", "Wydział Edukacji"},
                      {"startsOn", late ? "2020-01-06" : "2030-01-07"},
                      {"dueOn", late ? "2020-01-31" : "2030-06-28"}});
    }
    return {{"expectedVersion", version},
            {"diagnosisSummary", "Diagnoza potrzeb: niskie wyniki egzaminów."},
            {"actions", list}};
  }

  static nlohmann::json PlanBody(int64_t version) {
    return {{"expectedVersion", version},
            {"plan",
             {{"documentReference", "Uchwała nr XII/87/2026"},
              {"adoptedOn", Today()}}}};
  }
};

}  // namespace jstedu::testing
