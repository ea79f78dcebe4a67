// Reporting end to end through the gateway (issue 7): a small programme is
// run (12 JSTs of 3 voivodeships and 4 kinds, 45 officials, withdrawals,
// five training modules with attendance, advisory cases through every
// stage; issue 24: networks, exchange groups and their meetings,
// e-learning, good practices, schools reached), every figure is computed
// here from what the test did, and
// reporting's indicators, breakdowns, evidence, progress, data quality,
// reconciliation and exports are checked against it. A second run repeats
// the programme while the reporting process is SIGKILLed and restarted and
// every event of the three source streams is delivered twice; its figures
// must be the same. The export files are written to
// $JSTEDU_REPORTING_E2E_DIR for tests/export/validate_export.py (the
// reporting_e2e_validate_* ctests).
#include <openssl/evp.h>
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <thread>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/csv/test_csv_reader.h"
#include "common/redis/client.h"
#include "tests/e2e/advisory_e2e.h"

namespace jstedu::testing {
namespace {

using nlohmann::json;

// int64 fields arrive as strings, defaults are left out.
int64_t I64(const json& j, const std::string& key) {
  if (!j.is_object() || !j.contains(key)) return 0;
  const json& v = j[key];
  if (v.is_string()) return std::stoll(v.get<std::string>());
  if (v.is_number()) return v.get<int64_t>();
  return 0;
}
std::string Str(const json& j, const std::string& key) {
  return j.is_object() && j.contains(key) && j[key].is_string()
             ? j[key].get<std::string>()
             : "";
}

// n × 100 ÷ d to 2 places, half up ("" for d = 0).
std::string PercentText(int64_t n, int64_t d) {
  if (d == 0) return "";
  const int64_t hundredths = (n * 10000 * 2 + d) / (2 * d);
  return absl::StrFormat("%d.%02d", hundredths / 100, hundredths % 100);
}

std::string Sha256Hex(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(),
             nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i)
    hex += absl::StrFormat("%02x", digest[i]);
  return hex;
}

// The Warsaw month of today as an ISO interval ("2026-11-01/P1M").
std::string ThisMonthPeriod() {
  absl::TimeZone warsaw;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Warsaw", &warsaw));
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), warsaw);
  return absl::StrFormat("%04d-%02d-01/P1M", today.year(), today.month());
}

// ------------------------------------------------------------ the model

struct Jst {
  Jst(std::string t, std::string v, std::string k)
      : teryt(std::move(t)), voivodeship(std::move(v)), kind(std::move(k)) {}
  std::string teryt, voivodeship, kind;
  int people = 4;
  std::string application, case_id;
  bool withdrawn = false;
  std::string stage;  // the stage the test takes its case to
  bool plan = false;
  // The institution block recorded with the application; without one, its
  // officials' monitoring records lack these fields.
  bool institution = true;
  int own_degurba = 0;  // a county's class (the registry has none for it)
};

// The institution block fields a JST without one lacks (its commune's
// DEGURBA class comes from the registry).
const std::vector<std::string> kInstitutionMissing = {
    "institution.nip", "institution.locality", "institution.buildingNumber",
    "institution.postcode", "institution.contact"};

// The registry's DEGURBA class the test loads for a commune.
int RegistryDegurba(const std::string& teryt) {
  return teryt.back() == '2' ? 3 : teryt.back() == '3' ? 2 : 1;
}

struct Person {
  int jst = 0;
  std::string id, pesel, sex, target_group;
  std::vector<std::string> missing;  // EU-monitoring fields left out
  int attended = 0;                  // sessions marked PRESENT (of 5)
  bool withdrawn = false;
  bool completed() const { return attended >= 4; }  // 4 × 90 ≥ 80 % of 450
};

// One record of a measure as the test expects it.
struct Rec {
  std::string id, voivodeship, kind, sex, target_group;
};

struct Def {
  std::string code, numerator, denominator;
  bool participant = false;
  // Of community meetings: no voivodeship, JST or kind; periods only.
  bool meeting = false;
};

const std::vector<Def>& Defs() {
  static const auto* defs = new std::vector<Def>{
      {"JST_SUPPORTED", "JST_SUPPORTED", "", false},
      {"OFFICIALS_SUPPORTED", "OFFICIALS_SUPPORTED", "", true},
      {"OFFICIALS_TRAINED", "OFFICIALS_TRAINED", "", true},
      {"PLANS_ADOPTED", "PLANS_ADOPTED", "", false},
      {"PLAN_EFFECTIVENESS", "PLANS_ADOPTED", "JST_SUPPORTED", false},
      {"JST_BELOW_MINIMUM", "JST_BELOW_MINIMUM", "", false},
      {"JST_TRAINED_BELOW_MINIMUM", "JST_TRAINED_BELOW_MINIMUM", "", false},
      {"STAGE_AREA_CHOICE", "STAGE_AREA_CHOICE", "", false},
      {"STAGE_NEEDS_DIAGNOSIS", "STAGE_NEEDS_DIAGNOSIS", "", false},
      {"STAGE_ROLLOUT", "STAGE_ROLLOUT", "", false},
      {"STAGE_COMPLETED", "STAGE_COMPLETED", "", false},
      {"STAGE_WITHDRAWN", "STAGE_WITHDRAWN", "", false},
      {"OFFICIALS_IN_NETWORKS", "OFFICIALS_IN_NETWORKS", "", true},
      {"NETWORK_MEETINGS", "NETWORK_MEETINGS", "", false, true},
      {"EXCHANGE_GROUP_REPRESENTATIVES", "EXCHANGE_GROUP_REPRESENTATIVES", "",
       true},
      {"EXCHANGE_GROUP_MEETINGS", "EXCHANGE_GROUP_MEETINGS", "", false, true},
      {"ELEARNING_COMPLETIONS", "ELEARNING_COMPLETIONS", "", true},
      {"GOOD_PRACTICES_PUBLISHED", "GOOD_PRACTICES_PUBLISHED", "", false},
      {"SCHOOLS_REACHED", "SCHOOLS_REACHED", "", false}};
  return *defs;
}

struct Programme {
  std::string edition;
  std::vector<Jst> jsts;
  std::vector<Person> people;
  // The programme's other parts (issue 24), as the test made them: the
  // kinds of community each person joined ("NETWORK" for a thematic or the
  // cooperation network, "EXCHANGE"), the meetings (id, of an exchange
  // group), e-learning completions (person, course), the practices
  // published and not withdrawn (id, JST) and the schools reached (RSPO,
  // JST).
  std::map<int, std::set<std::string>> joined;
  std::vector<std::pair<std::string, bool>> meetings;
  std::vector<std::pair<int, std::string>> courses;
  std::vector<std::pair<std::string, int>> practices;
  std::vector<std::pair<std::string, int>> schools;

  // Measure → its records, from the rules in services/reporting/domain/
  // measures.h applied to what the test did.
  std::map<std::string, std::vector<Rec>> Measures() const {
    std::map<std::string, std::vector<Rec>> out;
    for (const Def& d : Defs()) out[d.numerator];
    PartsMeasures(out);
    std::map<int, int> active, trained;
    for (const Person& p : people) {
      const Jst& j = jsts[p.jst];
      Rec r{p.id, j.voivodeship, j.kind, p.sex, p.target_group};
      // Every one declared, every JST qualified: counted when the record
      // is complete (measures.h, StandingOf), else only to be fixed.
      out[p.missing.empty() ? "OFFICIALS_SUPPORTED" : "OFFICIALS_INCOMPLETE"]
          .push_back(r);
      if (!p.withdrawn && !j.withdrawn) ++active[p.jst];
      if (p.completed() && p.missing.empty()) {
        out["OFFICIALS_TRAINED"].push_back(r);
        ++trained[p.jst];
      }
    }
    for (size_t i = 0; i < jsts.size(); ++i) {
      const Jst& j = jsts[i];
      Rec app{j.application, j.voivodeship, j.kind, "", ""};
      Rec case_rec{j.case_id, j.voivodeship, j.kind, "", ""};
      out["STAGE_" + j.stage].push_back(case_rec);
      if (j.withdrawn) continue;
      out["JST_SUPPORTED"].push_back(app);
      if (j.plan) out["PLANS_ADOPTED"].push_back(app);
      if (active[static_cast<int>(i)] < 3)
        out["JST_BELOW_MINIMUM"].push_back(app);
      if (trained[static_cast<int>(i)] < 3)
        out["JST_TRAINED_BELOW_MINIMUM"].push_back(app);
    }
    return out;
  }

  // The parts' records (measures.h): officials once per kind of community
  // and completions of counted people only; meetings of no JST.
  void PartsMeasures(std::map<std::string, std::vector<Rec>>& out) const {
    auto person = [&](int i, const std::string& id) {
      const Person& p = people[i];
      const Jst& j = jsts[p.jst];
      return Rec{id, j.voivodeship, j.kind, p.sex, p.target_group};
    };
    for (const auto& [i, kinds] : joined) {
      if (!people[i].missing.empty()) continue;
      if (kinds.count("NETWORK")) {
        out["OFFICIALS_IN_NETWORKS"].push_back(person(i, people[i].id));
      }
      if (kinds.count("EXCHANGE")) {
        out["EXCHANGE_GROUP_REPRESENTATIVES"].push_back(
            person(i, people[i].id));
      }
    }
    for (const auto& [id, exchange] : meetings) {
      out[exchange ? "EXCHANGE_GROUP_MEETINGS" : "NETWORK_MEETINGS"].push_back(
          Rec{id, "", "", "", ""});
    }
    for (const auto& [i, course] : courses) {
      if (!people[i].missing.empty()) continue;
      out["ELEARNING_COMPLETIONS"].push_back(
          person(i, people[i].id + "/" + course));
    }
    for (const auto& [id, jst] : practices) {
      out["GOOD_PRACTICES_PUBLISHED"].push_back(
          Rec{id, jsts[jst].voivodeship, jsts[jst].kind, "", ""});
    }
    for (const auto& [rspo, jst] : schools) {
      out["SCHOOLS_REACHED"].push_back(
          Rec{rspo, jsts[jst].voivodeship, jsts[jst].kind, "", ""});
    }
  }
};

struct Filter {
  Filter(std::string v = "", std::string k = "", std::string s = "",
         std::string t = "")
      : voivodeship(std::move(v)),
        kind(std::move(k)),
        sex(std::move(s)),
        target_group(std::move(t)) {}
  std::string voivodeship, kind, sex, target_group;
  bool Matches(const Rec& r) const {
    return (voivodeship.empty() || r.voivodeship == voivodeship) &&
           (kind.empty() || r.kind == kind) && (sex.empty() || r.sex == sex) &&
           (target_group.empty() || r.target_group == target_group);
  }
};

struct Counts {
  int64_t numerator = 0, denominator = 0;
  bool operator==(const Counts& o) const {
    return numerator == o.numerator && denominator == o.denominator;
  }
};

std::string ValueText(const Def& d, const Counts& c) {
  if (d.denominator.empty()) return std::to_string(c.numerator);
  return PercentText(c.numerator, c.denominator);
}

std::string KeyOf(const Rec& r, const std::string& dimension) {
  if (dimension == "VOIVODESHIP") return r.voivodeship;
  if (dimension == "JST_KIND") return r.kind;
  if (dimension == "SEX") return r.sex;
  return r.target_group;
}

class ReportingE2eTest : public AdvisoryE2eTest {
 protected:
  static constexpr int kMinimum = 3;

  // The JSTs: 3 voivodeships, every kind; the 4th of 02 withdraws after
  // qualification; the county of 24 loses a participant (below minimum).
  static std::vector<Jst> Jsts() {
    std::vector<Jst> j = {{"2401011", "24", "URBAN_COMMUNE"},
                          {"2401042", "24", "RURAL_COMMUNE"},
                          {"2401073", "24", "URBAN_RURAL_COMMUNE"},
                          {"2401", "24", "COUNTY"},
                          {"0201011", "02", "URBAN_COMMUNE"},
                          {"0201022", "02", "RURAL_COMMUNE"},
                          {"0201043", "02", "URBAN_RURAL_COMMUNE"},
                          {"0202011", "02", "URBAN_COMMUNE"},
                          {"1401013", "14", "URBAN_RURAL_COMMUNE"},
                          {"1401022", "14", "RURAL_COMMUNE"},
                          {"1401", "14", "COUNTY"},
                          {"1401032", "14", "RURAL_COMMUNE"}};
    j[3].people = j[7].people = j[10].people = 3;  // 9 × 4 + 3 × 3 = 45
    const char* stages[] = {"COMPLETED",   "ROLLOUT",     "NEEDS_DIAGNOSIS",
                            "AREA_CHOICE", "COMPLETED",   "ROLLOUT",
                            "AREA_CHOICE", "WITHDRAWN",   "COMPLETED",
                            "ROLLOUT",     "AREA_CHOICE", "NEEDS_DIAGNOSIS"};
    for (size_t i = 0; i < j.size(); ++i) j[i].stage = stages[i];
    j[0].plan = j[4].plan = j[8].plan = j[1].plan = j[5].plan =
        true;  // j[9]: ROLLOUT, no plan
    j[7].withdrawn = true;
    j[3].own_degurba = 2;
    j[10].own_degurba = 3;
    j[11].institution = false;
    return j;
  }

  // The schools the test's schedules name (issue 24): two of each JST's
  // (the first action names A, the second A and B). Only an approved
  // schedule's actions that are not dropped reach them: 2401011 completes
  // its first action and drops the second (A), 1401022 keeps both (A, B),
  // 2401042 drops both, 1401032 is never approved.
  static const std::map<std::string, std::pair<std::string, std::string>>&
  SchoolsOf() {
    static const auto* schools =
        new std::map<std::string, std::pair<std::string, std::string>>{
            {"2401011", {"8124001", "8124002"}},
            {"2401042", {"8124003", "8124004"}},
            {"1401022", {"8114001", "8114002"}},
            {"1401032", {"8114003", "8114004"}}};
    return *schools;
  }
  static constexpr char kActionDoneJst[] = "2401011";

  // The office loads the registers of 24 and 14 (the same files in every
  // run: the second load changes nothing).
  static void LoadSchoolRegisters() {
    for (const char* voivodeship : {"24", "14"}) {
      std::string csv = "rspo;name;type;teryt_of_running_jst\n";
      for (const auto& [teryt, ab] : SchoolsOf()) {
        if (teryt.substr(0, 2) != voivodeship) continue;
        csv += ab.first + ";Szkoła Podstawowa nr 1;Szkoła podstawowa;" + teryt +
               "\n";
        csv += ab.second + ";Przedszkole Publiczne;Przedszkole;" + teryt + "\n";
      }
      HttpResponse loaded = AsAdmin(
          "POST", std::string("/v1/schools:import?voivodeship=") + voivodeship,
          csv, "text/csv");
      EXPECT_EQ(loaded.status, 200) << loaded.body;
    }
  }

  // The programme's other parts (issue 24), after training and advice:
  // a thematic network, the cooperation network and the three exchange
  // groups with members (one leaves) and meetings, two e-learning courses
  // with an import, good practices (published, withdrawn, a draft).
  static void RunParts(Programme& x) {
    const std::string today = Today();
    auto community = [&](json body) {
      body["name"] = "Wspólnota " + body.value("kind", "");
      body["moderators"] = {"rep-moderator"};
      HttpResponse made = AsAdmin(
          "POST", "/v1/editions/" + x.edition + "/communities", body.dump());
      EXPECT_EQ(made.status, 200) << made.body;
      return Body(made).value("id", "");
    };
    const std::string network = community(
        {{"kind", "THEMATIC_NETWORK"}, {"theme", "DIAGNOSIS_AND_INDICATORS"}});
    const std::string cooperation =
        community({{"kind", "COOPERATION_NETWORK"}});
    std::map<std::string, std::string> groups;  // JST kind → group
    const std::string cities =
        community({{"kind", "EXCHANGE_GROUP"}, {"jstGroup", "CITIES"}});
    const std::string rural =
        community({{"kind", "EXCHANGE_GROUP"}, {"jstGroup", "RURAL_COMMUNES"}});
    const std::string counties =
        community({{"kind", "EXCHANGE_GROUP"}, {"jstGroup", "COUNTIES"}});
    groups["URBAN_COMMUNE"] = cities;
    groups["RURAL_COMMUNE"] = groups["URBAN_RURAL_COMMUNE"] = rural;
    groups["COUNTY"] = counties;
    std::map<std::string, std::vector<std::string>> members;
    auto join = [&](const std::string& c, int i, const char* kind) {
      HttpResponse joined = AsAdmin(
          "POST", "/v1/communities/" + c + "/members",
          json{{"participant", x.people[i].id}, {"joinedOn", today}}.dump());
      EXPECT_EQ(joined.status, 200) << joined.body;
      x.joined[i].insert(kind);
      members[c].push_back(x.people[i].id);
    };
    for (size_t i = 0; i < x.people.size(); ++i) {
      const Person& p = x.people[i];
      if (p.withdrawn) continue;  // and every official of a withdrawn JST
      const int n = static_cast<int>(i);
      if (i % 2 == 0) join(network, n, "NETWORK");
      if (i % 3 == 0) join(cooperation, n, "NETWORK");  // some in both
      if (i % 4 == 1) join(groups[x.jsts[p.jst].kind], n, "EXCHANGE");
    }
    auto meet = [&](const std::string& c, const char* form, bool exchange) {
      json attendees = json::array();
      for (size_t k = 0; k < members[c].size() && k < 3; ++k) {
        attendees.push_back(members[c][k]);
      }
      json meeting = {{"heldOn", today},
                      {"title", "Spotkanie"},
                      {"form", form},
                      {"attendees", attendees}};
      HttpResponse held =
          AsAdmin("POST", "/v1/communities/" + c + "/meetings", meeting.dump());
      EXPECT_EQ(held.status, 200) << held.body;
      x.meetings.emplace_back(Body(held).value("id", ""), exchange);
    };
    meet(network, "IN_PERSON", false);
    meet(network, "ONLINE", false);
    meet(cooperation, "ONLINE", false);
    meet(cities, "IN_PERSON", true);
    meet(counties, "IN_PERSON", true);
    // A member leaves: still an official who took part.
    HttpResponse left = AsAdmin("POST",
                                "/v1/communities/" + network + "/members/" +
                                    members[network].back() + ":leave",
                                json{{"leftOn", today}}.dump());
    EXPECT_EQ(left.status, 200) << left.body;

    for (const char* code : {"EL-1", "EL-2"}) {
      HttpResponse course = AsAdmin(
          "PUT", "/v1/editions/" + x.edition + "/elearning-courses/" + code,
          json{{"title", std::string("Kurs ") + code}, {"hours", 4}}.dump());
      EXPECT_EQ(course.status, 200) << course.body;
    }
    std::string completions = "participant_id;course_code;completed_on\n";
    for (size_t i = 0; i < x.people.size(); ++i) {
      if (x.people[i].withdrawn || i % 5 > 1) continue;
      for (const char* code : {"EL-1", "EL-2"}) {
        if (i % 5 == 0 && std::string(code) == "EL-2") continue;
        completions += x.people[i].id + ";" + code + ";" + today + "\n";
        x.courses.emplace_back(static_cast<int>(i), code);
      }
    }
    HttpResponse imported = AsAdmin(
        "POST", "/v1/editions/" + x.edition + "/elearning-completions:import",
        completions, "text/csv");
    EXPECT_EQ(imported.status, 200) << imported.body;

    // Practices: published of 2401011, 0201011 and 1401022; a second of
    // 0201011 published then withdrawn; 1401013's only submitted.
    auto practice = [&](int jst, const std::string& title, int steps) {
      HttpResponse made = AsAdmin(
          "POST", "/v1/cases/" + x.jsts[jst].case_id + "/good-practices",
          json{{"title", title}, {"description", "Opis praktyki " + title}}
              .dump());
      EXPECT_EQ(made.status, 200) << made.body;
      const std::string id = Body(made).value("id", "");
      const char* verbs[] = {"submit", "publish", "withdraw"};
      for (int v = 0; v < steps; ++v) {
        json body = {{"expectedVersion", v + 1}};
        if (v == 2) body["reason"] = "Nieaktualna";
        HttpResponse changed = AsAdmin(
            "POST", "/v1/good-practices/" + id + ":" + verbs[v], body.dump());
        EXPECT_EQ(changed.status, 200) << changed.body;
      }
      if (steps == 2) x.practices.emplace_back(id, jst);
    };
    practice(0, "Zespół dyrektorów", 2);
    practice(4, "Mapa potrzeb szkół", 2);
    practice(4, "Stara praktyka", 3);
    practice(9, "Wspólne doskonalenie", 2);
    practice(8, "Propozycja", 1);
  }

  static std::string GuardianSubject(int run) {
    return "rep-edu-" + std::to_string(run);
  }

  // `hook(step)` runs after 1: qualification, 2: training, 3: advisory.
  static Programme RunProgramme(int run, const std::function<void(int)>& hook) {
    Programme x;
    x.edition = NewEditionCode();
    HttpResponse created = AsAdmin("POST", "/v1/editions",
                                   EditionJson(x.edition, kMinimum).dump());
    EXPECT_EQ(created.status, 200) << created.body;
    x.jsts = Jsts();
    const std::string admin = AdminToken();
    // The office loads the communes' urbanisation degrees (a second run
    // loads the same classes: nothing changes).
    std::string degurba = "teryt;degurba\n";
    for (const Jst& j : x.jsts) {
      if (j.teryt.size() == 7) {
        degurba +=
            j.teryt + ";" + std::to_string(RegistryDegurba(j.teryt)) + "\n";
      }
    }
    HttpResponse loaded =
        AsAdmin("POST", "/v1/jsts:loadDegurba", degurba, "text/csv");
    EXPECT_EQ(loaded.status, 200) << loaded.body;
    const std::string edu = CreateExpert(
        GuardianSubject(run), "EDUCATION_DEVELOPMENT", {"02", "14", "24"});
    const std::string pers =
        CreateExpert("rep-pers-" + std::to_string(run), "PERSONNEL_DEVELOPMENT",
                     {"02", "14", "24"});
    // Applications and their people (before qualification).
    const char* groups[] = {"DECISION_MAKER", "OPERATIONAL_STAFF",
                            "COUNCILLOR_OR_SOCIAL_PARTNER"};
    int k = 0;
    for (size_t i = 0; i < x.jsts.size(); ++i) {
      Jst& j = x.jsts[i];
      j.application = SubmitApplication(x.edition, j.teryt);
      // The block the application was submitted with is replaced; the
      // last JST's is cleared (an empty block).
      json office = json::object();
      if (j.institution) {
        office = {{"nip", "526-025-02-74"},
                  {"locality", "Miasto " + j.teryt},
                  {"street", "ul. Szkolna"},
                  {"buildingNumber", "1"},
                  {"flatNumber", "2"},
                  {"postcode", "00-950"},
                  {"phone", "22 123 45 67"},
                  {"email", "urzad" + j.teryt + "@example.pl"}};
        if (j.own_degurba != 0) office["degurba"] = j.own_degurba;
      }
      HttpResponse put =
          AsAdmin("PUT", "/v1/applications/" + j.application + "/institution",
                  office.dump());
      EXPECT_EQ(put.status, 200) << put.body;
      EXPECT_EQ(Body(put)["institution"].value("missingFields", json::array()),
                j.institution ? json::array() : json(kInstitutionMissing))
          << put.body;
      for (int n = 0; n < j.people; ++n, ++k) {
        Person p;
        p.jst = static_cast<int>(i);
        const int number = 3000 + run * 100 + k;
        p.pesel = PeselFor(number);
        p.sex = number % 2 == 1 ? "MALE" : "FEMALE";  // the PESEL's 10th digit
        p.target_group = groups[(k / 2) % 3];
        json body = {{"firstName", "Anna"},
                     {"lastName", "Raportowa"},
                     {"pesel", p.pesel},
                     {"targetGroup", p.target_group},
                     {"educationLevel", "ISCED_5_8"},
                     {"position", "Naczelnik wydziału"},
                     {"email", "u" + std::to_string(number) + "@example.pl"},
                     {"declaration",
                      {{"signedOn", "2024-05-06"},
                       {"informationClauseHandedOver", true}}},
                     {"minorityOrForeignOrigin", "NO"},
                     {"homeless", "NO"},
                     {"disability", k % 5 == 0 ? "YES" : "NO"},
                     {"otherDisadvantage", "REFUSED"}};
        // A few incomplete EU-monitoring records, in every voivodeship.
        if (k == 2 || k == 38) {
          body.erase("educationLevel");
          p.missing.push_back("educationLevel");
        }
        if (k == 13 || k == 38) {
          body.erase("position");
          p.missing.push_back("position");
        }
        if (k == 25) {
          body.erase("email");
          p.missing.push_back("contact");
        }
        if (k == 30) {
          body.erase("disability");
          p.missing.push_back("disability");
        }
        if (!j.institution) {
          p.missing.insert(p.missing.end(), kInstitutionMissing.begin(),
                           kInstitutionMissing.end());
        }
        p.id = CreateParticipant(j.application, body);
        x.people.push_back(p);
      }
      HttpResponse q = AsAdmin(
          "POST", "/v1/applications/" + j.application + ":qualify", "{}");
      EXPECT_EQ(q.status, 200) << j.teryt << ": " << q.body;
      EXPECT_EQ(Body(q).value("status", ""), "QUALIFIED") << q.body;
    }
    for (Jst& j : x.jsts) j.case_id = IdOf(AwaitCase(x.edition, j.teryt));
    // Withdrawals: 0202011 after qualification (its case closes); the first
    // official of 2401 (the county drops to 2 active of 3).
    HttpResponse w = AsAdmin(
        "POST", "/v1/applications/" + x.jsts[7].application + ":withdraw",
        R"({"reason": "the council decided so"})");
    EXPECT_EQ(w.status, 200) << w.body;
    for (Person& p : x.people) {
      if (p.jst == 7) p.withdrawn = true;
    }
    Person& leaver = x.people[12];
    EXPECT_EQ(leaver.jst, 3);
    HttpResponse pw =
        AsAdmin("POST", "/v1/participants/" + leaver.id + ":withdraw",
                R"({"reason": "changed jobs"})");
    EXPECT_EQ(pw.status, 200) << pw.body;
    leaver.withdrawn = true;
    if (hook) hook(1);

    // Training: five modules of 2 didactic hours (90 min), one all-groups
    // session of 90 minutes each; 80 % of 450 minutes is 4 sessions.
    EXPECT_TRUE(SetUpTraining(x.edition));
    const std::string trainer = "rep-trainer-" + std::to_string(run);
    // Within the edition (2025-01-01 .. 2030-12-31): the third weeks of 2027.
    const std::vector<std::pair<std::string, std::string>> plan = {
        {"", "2027-04-07T11:00"},
        {"2027-06", "2027-06-23T11:00"},
        {"2027-08", "2027-08-18T11:00"},
        {"2027-10", "2027-10-20T11:00"},
        {"2027-11", "2027-11-17T11:00"}};
    std::vector<std::string> sessions;
    for (size_t m = 0; m < plan.size(); ++m) {
      json module = {
          {"number", static_cast<int>(m) + 1},
          {"title", "Moduł " + std::to_string(m + 1)},
          {"venue", "Hotel, Warszawa"},
          {"didacticHours", 2},
          {"shuttleSeats", 50},
          {"rooms",
           json::array(
               {{{"id", "A"}, {"name", "Sala A"}, {"capacity", 120}}})}};
      if (plan[m].first.empty()) {
        module["startsLocal"] = "2027-04-07T11:00";
        module["endsLocal"] = "2027-04-09T14:30";
      } else {
        module["thirdWeekOf"] = plan[m].first;
      }
      HttpResponse made = AsAdmin(
          "POST", "/v1/editions/" + x.edition + "/modules", module.dump());
      EXPECT_EQ(made.status, 200) << made.body;
      json session = {{"startsLocal", plan[m].second},
                      {"thematicArea", "DIAGNOSIS_AND_INDICATORS"},
                      {"workshopGroup", 0},
                      {"room", "A"},
                      {"trainer", trainer}};
      HttpResponse s = AsAdmin(
          "POST", "/v1/modules/" + Body(made).value("id", "") + "/sessions",
          session.dump());
      EXPECT_EQ(s.status, 200) << s.body;
      sessions.push_back(Body(s).value("id", ""));
    }
    for (size_t i = 0; i < x.people.size(); ++i) {
      Person& p = x.people[i];
      if (p.withdrawn) continue;
      const bool rostered = WaitUntil(
          [&] {
            HttpResponse r =
                AsAdmin("GET", "/v1/participants/" + p.id + "/training");
            return r.status == 200 && Body(r).value("rostered", false);
          },
          std::chrono::seconds(30));
      EXPECT_TRUE(rostered) << p.id;
      p.attended = i % 3 == 0 ? 5 : i % 3 == 1 ? 4 : 3;
      for (int s = 0; s < p.attended; ++s) {
        HttpResponse mark = AsAdmin(
            "PUT", "/v1/sessions/" + sessions[s] + "/attendance/" + p.id,
            R"({"status": "PRESENT"})");
        EXPECT_EQ(mark.status, 200) << mark.body;
      }
      // The sessions they missed are marked ABSENT.
      for (int s = p.attended; s < 5; ++s) {
        AsAdmin("PUT", "/v1/sessions/" + sessions[s] + "/attendance/" + p.id,
                R"({"status": "ABSENT"})");
      }
    }
    for (const Person& p : x.people) {
      if (p.withdrawn) continue;
      HttpResponse r = AsAdmin("GET", "/v1/participants/" + p.id + "/training");
      EXPECT_EQ(Body(r).value("completed", false), p.completed()) << r.body;
    }
    if (hook) hook(2);

    // Advisory: every case to its stage.
    LoadSchoolRegisters();
    const std::string area = FirstSupportArea(x.edition);
    const std::string guardian = ExpertToken(GuardianSubject(run));
    for (Jst& j : x.jsts) {
      if (j.withdrawn) continue;
      const std::string id = j.case_id;
      json c = GetCase(id);
      if (c.is_null()) continue;
      const bool staffed = j.teryt != "1401";  // one case waits for its experts
      if (!staffed) continue;
      c = MustCommand(admin, id, "assignExperts",
                      AssignBody(VersionOf(c), edu, pers));
      if (c.is_null() || j.stage == "AREA_CHOICE") continue;
      c = MustCommand(admin, id, "chooseArea",
                      ChooseAreaBody(VersionOf(c), area));
      if (c.is_null() || (j.stage == "NEEDS_DIAGNOSIS" && j.teryt == "2401073"))
        continue;
      json diagnosis = DiagnosisBody(VersionOf(c), 2);
      auto named = SchoolsOf().find(j.teryt);
      if (named != SchoolsOf().end()) {
        const auto& [a, b] = named->second;
        diagnosis["actions"][0]["schools"] = {a};
        diagnosis["actions"][1]["schools"] = {a, b};
      }
      c = MustCommand(admin, id, "completeDiagnosis", diagnosis);
      if (c.is_null() || j.stage == "NEEDS_DIAGNOSIS") continue;
      c = MustCommand(guardian, id, "approveSchedule",
                      {{"expectedVersion", VersionOf(c)}});
      if (c.is_null()) continue;
      const size_t index = &j - &x.jsts[0];
      if (named != SchoolsOf().end() && j.teryt == "1401022") {
        x.schools.emplace_back(named->second.first, index);
        x.schools.emplace_back(named->second.second, index);
      }
      if (!j.plan) continue;
      // One JST carries out its first action; the others' are dropped.
      bool first = true;
      for (const json& action : json(c["actions"])) {
        const bool done = first && j.teryt == kActionDoneJst;
        first = false;
        HttpResponse closed =
            done ? ActionCommand(admin, id, action.value("id", ""), "complete",
                                 {{"expectedVersion", VersionOf(c)}})
                 : ActionCommand(admin, id, action.value("id", ""), "drop",
                                 {{"expectedVersion", VersionOf(c)},
                                  {"reason", "Zastąpione innym działaniem"}});
        EXPECT_EQ(closed.status, 200) << closed.body;
        c = Body(closed);
        if (done) x.schools.emplace_back(named->second.first, index);
      }
      c = MustCommand(admin, id, "adoptPlan", PlanBody(VersionOf(c)));
      if (c.is_null() || j.stage == "ROLLOUT") continue;
      c = MustCommand(admin, id, "completeRollout",
                      {{"expectedVersion", VersionOf(c)}});
    }
    for (const Jst& j : x.jsts) {
      json c = GetCase(j.case_id);
      EXPECT_EQ(c.value("stage", ""), j.stage) << j.teryt;
    }
    RunParts(x);
    if (hook) hook(3);
    return x;
  }

  // GET /v1/indicators…: code → indicator (empty on a failure, reported).
  static std::map<std::string, json> Indicators(const std::string& query,
                                                const std::string& token = "") {
    HttpResponse r = Send(token.empty() ? AdminToken() : token, "GET",
                          "/v1/indicators?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::map<std::string, json> out;
    for (const json& i : Body(r).value("indicators", json::array())) {
      out[i["definition"].value("code", "")] = i;
    }
    return out;
  }

  static std::map<std::string, Counts> ExpectedTotals(const Programme& x,
                                                      const Filter& f) {
    auto measures = x.Measures();
    std::map<std::string, Counts> out;
    for (const Def& d : Defs()) {
      Counts c;
      for (const Rec& r : measures[d.numerator]) c.numerator += f.Matches(r);
      if (!d.denominator.empty()) {
        for (const Rec& r : measures[d.denominator])
          c.denominator += f.Matches(r);
      }
      out[d.code] = c;
    }
    return out;
  }

  // Every indicator's total for `query` against the model under `f`; JST
  // and case indicators are not applicable when `participant_only`.
  static void CheckTotals(const Programme& x, const std::string& query,
                          const Filter& f, bool participant_only = false,
                          const std::string& token = "") {
    auto got = Indicators(query, token);
    auto want = ExpectedTotals(x, f);
    for (const Def& d : Defs()) {
      SCOPED_TRACE(d.code + " for " + query);
      ASSERT_TRUE(got.count(d.code)) << "missing indicator";
      const json& i = got[d.code];
      if ((participant_only && !d.participant) ||
          (d.meeting && (!f.voivodeship.empty() || !f.kind.empty()))) {
        EXPECT_FALSE(i.value("applicable", false)) << i.dump();
        continue;
      }
      EXPECT_TRUE(i.value("applicable", false)) << i.dump();
      const json total = i.value("total", json::object());
      EXPECT_EQ(I64(total, "numerator"), want[d.code].numerator);
      EXPECT_EQ(I64(total, "denominator"), want[d.code].denominator);
      EXPECT_EQ(Str(total, "value"), ValueText(d, want[d.code]));
    }
  }

  static void CheckBreakdown(const Programme& x, const std::string& dimension) {
    const std::string query = "edition=" + x.edition + "&groupBy=" + dimension;
    auto got = Indicators(query);
    auto measures = x.Measures();
    const bool participant_dim =
        dimension == "SEX" || dimension == "TARGET_GROUP";
    for (const Def& d : Defs()) {
      SCOPED_TRACE(d.code + " by " + dimension);
      const json& i = got[d.code];
      if ((participant_dim && !d.participant) ||
          (d.meeting &&
           (dimension == "VOIVODESHIP" || dimension == "JST_KIND"))) {
        EXPECT_FALSE(i.value("applicable", false)) << i.dump();
        EXPECT_EQ(i.at("breakdown"), json::array()) << i.dump();
        continue;
      }
      std::map<std::string, Counts> want;
      for (const Rec& r : measures[d.numerator])
        ++want[KeyOf(r, dimension)].numerator;
      if (!d.denominator.empty()) {
        for (const Rec& r : measures[d.denominator])
          ++want[KeyOf(r, dimension)].denominator;
      }
      std::map<std::string, Counts> have;
      std::vector<std::string> order;
      for (const json& row : i.value("breakdown", json::array())) {
        ASSERT_EQ(row["keys"].size(), 1u) << row.dump();
        EXPECT_EQ(row["keys"][0].value("dimension", ""), dimension);
        const std::string key = row["keys"][0].value("value", "");
        const json fig = row.value("figure", json::object());
        Counts c{I64(fig, "numerator"), I64(fig, "denominator")};
        EXPECT_EQ(Str(fig, "value"), ValueText(d, c)) << row.dump();
        if (c.numerator == 0 && c.denominator == 0) continue;
        have[key] = c;
        order.push_back(key);
      }
      EXPECT_EQ(have, want);
      (void)order;
    }
  }

  static void CheckMonths(const Programme& x) {
    const std::string month = ThisMonthPeriod();
    auto got = Indicators("edition=" + x.edition + "&groupBy=MONTH");
    auto want = ExpectedTotals(x, {});
    for (const Def& d : Defs()) {
      SCOPED_TRACE(d.code + " by MONTH");
      const json& i = got[d.code];
      const json rows = i.value("breakdown", json::array());
      // The edition runs 2025-01-01..2030-12-31: 72 months, empty ones too.
      EXPECT_EQ(rows.size(), 72u);
      bool seen = false;
      // A ratio is a state at each month's end: from this month on, the
      // totals; a count is a flow: this month only.
      const bool ratio = !d.denominator.empty();
      for (const json& row : rows) {
        const json fig = row.value("figure", json::object());
        const std::string key = row["keys"][0].value("value", "");
        if (key == month || (ratio && key > month)) {
          seen = seen || key == month;
          EXPECT_EQ(I64(fig, "numerator"), want[d.code].numerator)
              << row.dump();
          EXPECT_EQ(I64(fig, "denominator"), want[d.code].denominator)
              << row.dump();
        } else {
          EXPECT_EQ(I64(fig, "numerator"), 0) << row.dump();
          EXPECT_EQ(I64(fig, "denominator"), 0) << row.dump();
        }
      }
      EXPECT_TRUE(seen) << month;
    }
  }

  // Polls until every total equals the model (or the timeout).
  static bool AwaitFigures(const Programme& x, std::chrono::seconds timeout) {
    auto want = ExpectedTotals(x, {});
    std::string last;
    bool ok = WaitUntil(
        [&] {
          HttpResponse r =
              AsAdmin("GET", "/v1/indicators?edition=" + x.edition);
          last = r.body;
          if (r.status != 200) return false;
          for (const json& i : Body(r).value("indicators", json::array())) {
            const std::string code = i["definition"].value("code", "");
            if (!want.count(code)) continue;
            const json total = i.value("total", json::object());
            if (I64(total, "numerator") != want[code].numerator ||
                I64(total, "denominator") != want[code].denominator) {
              return false;
            }
          }
          return true;
        },
        timeout);
    EXPECT_TRUE(ok)
        << "reporting did not reach the expected figures; last answer: "
        << last;
    return ok;
  }

  // The participant file holds exactly the records OFFICIALS_SUPPORTED
  // counts (one rule), each with both blocks filled as recorded.
  static void CheckParticipantFile(const Programme& x, const std::string& csv,
                                   bool pseudonymised) {
    namespace ft = jstedu::csv::testing;
    const auto rows = ft::ReadCsv(csv);
    ASSERT_FALSE(rows.empty());
    auto total =
        Indicators("edition=" + x.edition)["OFFICIALS_SUPPORTED"]["total"];
    EXPECT_EQ(static_cast<int64_t>(rows.size() - 1), I64(total, "numerator"));
    const std::vector<std::string>& header = rows[0];
    auto column = [&](const std::vector<std::string>& row,
                      const std::string& name) {
      auto at = std::find(header.begin(), header.end(), name);
      EXPECT_NE(at, header.end()) << name;
      return at == header.end() ? std::string() : row[at - header.begin()];
    };
    std::set<std::string> counted;
    for (const Person& p : x.people) {
      if (p.missing.empty()) counted.insert(p.id);
    }
    std::set<std::string> listed;
    for (size_t r = 1; r < rows.size(); ++r) {
      const std::vector<std::string>& row = rows[r];
      const std::string id = column(row, "ID uczestnika");
      listed.insert(id);
      const Person* person = nullptr;
      for (const Person& p : x.people) {
        if (p.id == id) person = &p;
      }
      ASSERT_NE(person, nullptr) << id;
      const Jst& j = x.jsts[person->jst];
      SCOPED_TRACE(id + " of " + j.teryt);
      const std::string degurba = std::to_string(
          j.own_degurba != 0 ? j.own_degurba : RegistryDegurba(j.teryt));
      EXPECT_EQ(column(row, "NIP"), "5260250274");
      EXPECT_FALSE(column(row, "Miejscowość").empty());
      EXPECT_FALSE(column(row, "Instytucja: Miejscowość").empty());
      EXPECT_EQ(column(row, "Instytucja: Kod pocztowy"),
                column(row, "Kod pocztowy"));
      EXPECT_EQ(
          column(row, "Instytucja: Obszar wg stopnia urbanizacji (DEGURBA)"),
          degurba);
      EXPECT_EQ(column(row, "Obszar wg stopnia urbanizacji (DEGURBA)"),
                degurba);
      EXPECT_FALSE(column(row, "Nr budynku").empty());
      EXPECT_FALSE(column(row, "Instytucja: Adres e-mail").empty());
      const int k = static_cast<int>(&*person - &x.people[0]);
      const std::string disability =
          column(row, "Osoba z niepełnosprawnościami");
      if (pseudonymised) {
        EXPECT_EQ(disability,
                  "");  // special-category data never leaves as such
        EXPECT_EQ(
            column(row, "Osoba w innej niekorzystnej sytuacji społecznej"), "");
      } else {
        EXPECT_EQ(disability, k % 5 == 0 ? "Tak" : "Nie");
        EXPECT_EQ(column(row,
                         "Osoba bezdomna lub dotknięta wykluczeniem z dostępu "
                         "do mieszkań"),
                  "Nie");
        EXPECT_EQ(
            column(row, "Osoba w innej niekorzystnej sytuacji społecznej"),
            "Odmowa podania informacji");
      }
    }
    EXPECT_EQ(listed, counted);
  }

  static std::set<std::string> EvidenceIds(
      const std::string& code, const std::string& query, int page_size,
      const std::string& role = "NUMERATOR") {
    std::set<std::string> ids;
    std::string token;
    for (int page = 0; page < 100; ++page) {
      std::string target = "/v1/indicators/" + code + "/evidence?" + query +
                           "&pageSize=" + std::to_string(page_size) +
                           (token.empty() ? "" : "&pageToken=" + token);
      HttpResponse r = AsAdmin("GET", target);
      EXPECT_EQ(r.status, 200) << target << ": " << r.body;
      json b = Body(r);
      const json records = b.value("records", json::array());
      EXPECT_LE(records.size(), static_cast<size_t>(page_size));
      for (const json& rec : records) {
        if (rec.value("role", "") == role) {
          EXPECT_TRUE(ids.insert(rec.value("recordId", "")).second)
              << "twice: " << rec.dump();
        }
      }
      token = b.value("nextPageToken", "");
      if (token.empty()) break;
    }
    return ids;
  }

  static std::set<std::string> Ids(const std::vector<Rec>& records) {
    std::set<std::string> ids;
    for (const Rec& r : records) ids.insert(r.id);
    return ids;
  }

  static void CheckReconcile(const Programme& x) {
    HttpResponse r =
        AsAdmin("POST", "/v1/editions/" + x.edition + ":reconcile", "{}");
    ASSERT_EQ(r.status, 200) << r.body;
    json b = Body(r);
    EXPECT_EQ(b.value("differenceCount", json()), "0")
        << r.body;  // printed, a string
    auto measures = x.Measures();
    std::set<std::string> seen;
    for (const json& m : b.value("measures", json::array())) {
      const std::string name = m.value("measure", "");
      seen.insert(name);
      EXPECT_EQ(I64(m, "projected"), I64(m, "source")) << m.dump();
      if (measures.count(name)) {
        EXPECT_EQ(I64(m, "source"), static_cast<int64_t>(measures[name].size()))
            << m.dump();
      }
    }
    EXPECT_EQ(seen.size(), measures.size()) << r.body;
  }

  // Kills the reporting process (SIGKILL) / starts it again.
  static void KillReporting() {
    ChildProcess& p = *stack_->processes["reporting"];
    ASSERT_GT(p.pid(), 0);
    ::kill(p.pid(), SIGKILL);
    p.Wait(std::chrono::seconds(10));
  }
  static void StartReporting(const std::string& log) {
    stack_->processes["reporting"] = std::make_unique<ChildProcess>(
        std::vector<std::string>{stack_->bin + "/jstedu-reporting"},
        stack_->ServiceEnv("reporting"), stack_->logs + "/" + log);
    const bool up = WaitUntil(
        [] {
          return AsAdmin("GET", "/v1/indicators?edition=NO-SUCH-EDITION")
                     .status == 404;
        },
        std::chrono::seconds(60));
    EXPECT_TRUE(up) << "reporting did not come back";
  }

  // Appends every entry of the three source streams again (same fields,
  // new entry ids): every event is then delivered twice.
  static int RedeliverEverything() {
    const std::string addr = RequireEnv("JSTEDU_TEST_REDIS_ADDR");
    redis::ClientOptions options;
    options.host = addr.substr(0, addr.rfind(':'));
    options.port = std::stoi(addr.substr(addr.rfind(':') + 1));
    redis::Client client(options);
    int appended = 0;
    for (const char* service : {"recruitment", "training", "advisory"}) {
      const std::string stream =
          stack_->keyspace.prefix() + "events." + service;
      auto entries = client.Command({"XRANGE", stream, "-", "+"});
      EXPECT_TRUE(entries.ok()) << entries.status();
      if (!entries.ok()) continue;
      for (const redis::Reply& entry : entries->elements) {
        if (entry.elements.size() != 2) continue;
        std::vector<std::string> argv = {"XADD", stream, "*"};
        for (const redis::Reply& field : entry.elements[1].elements)
          argv.push_back(field.str);
        auto added = client.Command(argv);
        EXPECT_TRUE(added.ok() && !added->is_error()) << stream;
        ++appended;
      }
    }
    return appended;
  }
};

TEST_F(ReportingE2eTest, ProgrammeFiguresEvidenceExports) {
  const auto started = std::chrono::steady_clock::now();
  Programme x = RunProgramme(0, nullptr);
  ASSERT_FALSE(HasFailure()) << "the programme itself failed";
  ASSERT_TRUE(AwaitFigures(x, std::chrono::seconds(90)));
  const std::string e = "edition=" + x.edition;

  // The headline figures, exactly.
  auto measures = x.Measures();
  for (const auto& [name, records] : measures) {
    std::cout << "[ reporting e2e ] " << name << " = " << records.size()
              << std::endl;
  }
  EXPECT_EQ(measures["JST_SUPPORTED"].size(), 11u);
  // 45 started, 9 with incomplete records: 5 people, and the 4 of the JST
  // without its institution block.
  EXPECT_EQ(measures["OFFICIALS_SUPPORTED"].size(), 36u);
  EXPECT_EQ(measures["OFFICIALS_INCOMPLETE"].size(), 9u);
  EXPECT_EQ(measures["PLANS_ADOPTED"].size(), 5u);
  EXPECT_EQ(measures["JST_BELOW_MINIMUM"].size(), 1u);
  // The other parts: 5 meetings, 3 practices, 3 schools (of 8 named).
  EXPECT_EQ(measures["NETWORK_MEETINGS"].size(), 3u);
  EXPECT_EQ(measures["EXCHANGE_GROUP_MEETINGS"].size(), 2u);
  EXPECT_EQ(measures["GOOD_PRACTICES_PUBLISHED"].size(), 3u);
  EXPECT_EQ(measures["SCHOOLS_REACHED"].size(), 3u);
  EXPECT_FALSE(measures["OFFICIALS_IN_NETWORKS"].empty());
  EXPECT_FALSE(measures["EXCHANGE_GROUP_REPRESENTATIVES"].empty());
  EXPECT_FALSE(measures["ELEARNING_COMPLETIONS"].empty());
  auto all = Indicators(e);
  EXPECT_EQ(Str(all["PLAN_EFFECTIVENESS"]["total"], "value"), "45.45");
  EXPECT_EQ(Str(all["JST_SUPPORTED"]["total"], "value"), "11");
  EXPECT_EQ(all["JST_SUPPORTED"].value("target", ""), "30");
  EXPECT_EQ(all["PLAN_EFFECTIVENESS"].value("target", ""), "90");
  CheckTotals(x, e, {});

  // Breakdowns.
  for (const char* dimension :
       {"VOIVODESHIP", "JST_KIND", "SEX", "TARGET_GROUP"}) {
    CheckBreakdown(x, dimension);
  }
  CheckMonths(x);

  // Filters.
  for (const char* v : {"02", "14", "24"})
    CheckTotals(x, e + "&voivodeship=" + v, {v});
  for (const char* kind :
       {"URBAN_COMMUNE", "RURAL_COMMUNE", "URBAN_RURAL_COMMUNE", "COUNTY"}) {
    CheckTotals(x, e + "&kind=" + kind, {"", kind});
  }
  for (const char* sex : {"FEMALE", "MALE"})
    CheckTotals(x, e + "&sex=" + sex, {"", "", sex}, true);
  CheckTotals(x, e + "&targetGroup=OPERATIONAL_STAFF",
              {"", "", "", "OPERATIONAL_STAFF"}, true);
  CheckTotals(x, e + "&period=" + ThisMonthPeriod(), {});
  {
    auto empty = Indicators(e + "&period=2025-01-01/P1M");
    for (const Def& d : Defs()) {
      EXPECT_EQ(I64(empty[d.code].value("total", json::object()), "numerator"),
                0)
          << d.code;
    }
    // A ratio for a period ending in the future is today's state; for one
    // ended before anything happened, nothing (value "").
    auto later = Indicators(e + "&period=2030-01-01/P1M");
    EXPECT_EQ(later["PLAN_EFFECTIVENESS"]["total"].value("value", ""), "45.45");
    EXPECT_EQ(empty["PLAN_EFFECTIVENESS"]["total"].value("value", ""), "");
    EXPECT_EQ(I64(empty["PLAN_EFFECTIVENESS"]["total"], "denominator"), 0);
  }

  // Evidence: the record ids, over pages.
  for (const char* code :
       {"JST_SUPPORTED", "OFFICIALS_SUPPORTED", "OFFICIALS_TRAINED",
        "PLANS_ADOPTED", "JST_BELOW_MINIMUM", "JST_TRAINED_BELOW_MINIMUM",
        "STAGE_AREA_CHOICE", "STAGE_ROLLOUT", "STAGE_WITHDRAWN",
        "OFFICIALS_IN_NETWORKS", "NETWORK_MEETINGS",
        "EXCHANGE_GROUP_REPRESENTATIVES", "EXCHANGE_GROUP_MEETINGS",
        "ELEARNING_COMPLETIONS", "GOOD_PRACTICES_PUBLISHED",
        "SCHOOLS_REACHED"}) {
    EXPECT_EQ(EvidenceIds(code, e, 4), Ids(measures[code])) << code;
  }
  EXPECT_EQ(EvidenceIds("PLAN_EFFECTIVENESS", e, 3),
            Ids(measures["PLANS_ADOPTED"]));
  EXPECT_EQ(EvidenceIds("PLAN_EFFECTIVENESS", e, 3, "DENOMINATOR"),
            Ids(measures["JST_SUPPORTED"]));
  {
    // Page tokens are opaque and bound to their filters: one made by hand
    // (the former "o<offset>") is refused naming pageToken, not served.
    HttpResponse far =
        AsAdmin("GET", "/v1/indicators/JST_SUPPORTED/evidence?" + e +
                           "&pageToken=o9223372036854775807");
    ASSERT_EQ(far.status, 400) << far.body;
    EXPECT_EQ(Body(far)["details"][0]["fieldViolations"][0].value("field", ""),
              "pageToken")
        << far.body;
    // Progress measured far in the future: the trajectory stops at the
    // edition's end (2030-12), it does not run to the year 9999.
    HttpResponse future =
        AsAdmin("GET", "/v1/progress?" + e + "&asOf=9999-12-31");
    ASSERT_EQ(future.status, 200) << future.body.substr(0, 300);
    const json pacing = Body(future).value("pacing", json::array());
    ASSERT_FALSE(pacing.empty());
    EXPECT_EQ(pacing[0]["trajectory"].back().value("month", ""), "2030-12");
  }
  {
    HttpResponse r =
        AsAdmin("GET", "/v1/indicators/OFFICIALS_TRAINED/evidence?" + e +
                           "&pageSize=5");
    json b = Body(r);
    EXPECT_EQ(I64(b, "totalRecords"),
              static_cast<int64_t>(measures["OFFICIALS_TRAINED"].size()));
    EXPECT_EQ(b.value("records", json::array()).size(), 5u);
    EXPECT_FALSE(b.value("nextPageToken", "").empty()) << r.body;
  }

  // Progress.
  {
    HttpResponse r = AsAdmin("GET", "/v1/progress?" + e);
    ASSERT_EQ(r.status, 200) << r.body;
    json b = Body(r);
    std::map<std::string, json> targets;
    for (const json& t : b.value("targets", json::array()))
      targets[t.value("code", "")] = t;
    const auto n = [&](const char* m) {
      return static_cast<int64_t>(measures[m].size());
    };
    EXPECT_EQ(targets["JST_SUPPORTED"].value("value", ""),
              std::to_string(n("JST_SUPPORTED")));
    EXPECT_EQ(targets["JST_SUPPORTED"].value("percentOfTarget", ""),
              PercentText(n("JST_SUPPORTED"), 30));
    EXPECT_EQ(targets["OFFICIALS_TRAINED"].value("value", ""),
              std::to_string(n("OFFICIALS_TRAINED")));
    EXPECT_EQ(targets["OFFICIALS_TRAINED"].value("percentOfTarget", ""),
              PercentText(n("OFFICIALS_TRAINED"), 90));
    EXPECT_EQ(targets["PLANS_ADOPTED"].value("percentOfTarget", ""),
              PercentText(5, 27));
    EXPECT_EQ(targets["PLAN_EFFECTIVENESS"].value("value", ""), "45.45");
    const json pacing = b.value("pacing", json::array());
    ASSERT_EQ(pacing.size(), 4u) << r.body;
    std::vector<std::string> order;
    for (const json& p : pacing) order.push_back(p.value("voivodeship", ""));
    EXPECT_EQ(order, (std::vector<std::string>{"PL", "02", "14", "24"}));
    std::map<std::string, std::pair<int, int>> want = {
        {"PL", {11, 5}}, {"02", {3, 2}}, {"14", {4, 1}}, {"24", {4, 2}}};
    for (const json& p : pacing) {
      const auto& [supported, plans] = want[p.value("voivodeship", "")];
      EXPECT_EQ(I64(p, "jstsSupported"), supported) << p.dump();
      EXPECT_EQ(I64(p, "plansAdopted"), plans) << p.dump();
      EXPECT_EQ(p.value("effectiveness", ""), PercentText(plans, supported))
          << p.dump();
      // The trajectory runs month by month from the edition's start
      // (2025-01) to this month, where it reaches today's figures; all of
      // it happened this month, so earlier months are zero. Everything was
      // adopted today: the last 90 days' rate carries the projection to
      // every supported JST by the edition's end (2030).
      const json trajectory = p.value("trajectory", json::array());
      ASSERT_FALSE(trajectory.empty()) << p.dump();
      EXPECT_EQ(trajectory.front().value("month", ""), "2025-01") << p.dump();
      EXPECT_EQ(trajectory.back().value("month", ""),
                ThisMonthPeriod().substr(0, 7));
      EXPECT_EQ(I64(trajectory.back(), "jstsSupported"), supported) << p.dump();
      EXPECT_EQ(I64(trajectory.back(), "plansAdopted"), plans) << p.dump();
      if (trajectory.size() > 1) {
        EXPECT_EQ(I64(trajectory[trajectory.size() - 2], "jstsSupported"), 0)
            << p.dump();
      }
      EXPECT_EQ(p.value("projectedEffectiveness", ""), "100.00") << p.dump();
      EXPECT_FALSE(p.value("belowTarget", false)) << p.dump();
    }
  }

  // Targets: the office sets an edition's own (and removes it again).
  {
    const std::string path =
        "/v1/editions/" + x.edition + "/indicator-targets/";
    HttpResponse set =
        AsAdmin("PUT", path + "JST_SUPPORTED", R"({"target": "12"})");
    ASSERT_EQ(set.status, 200) << set.body;
    EXPECT_EQ(Body(set).value("target", ""), "12") << set.body;
    EXPECT_TRUE(Body(set).value("editionSpecific", false)) << set.body;
    auto now = Indicators(e + "&codes=JST_SUPPORTED");
    EXPECT_EQ(now["JST_SUPPORTED"].value("target", ""), "12");
    for (const auto& [code, body] :
         std::vector<std::pair<std::string, std::string>>{
             {"PLAN_EFFECTIVENESS", R"({"target": "150"})"},
             {"JST_SUPPORTED", R"({"target": "-1"})"},
             {"JST_SUPPORTED", R"({"target": "12.345"})"},
             {"JST_SUPPORTED", R"({"target": "abc"})"}}) {
      HttpResponse bad = AsAdmin("PUT", path + code, body);
      EXPECT_EQ(bad.status, 400) << code << " " << body << ": " << bad.body;
    }
    EXPECT_EQ(
        AsAdmin("PUT", path + "NO_SUCH_INDICATOR", R"({"target": "1"})").status,
        404);
    HttpResponse removed =
        AsAdmin("PUT", path + "JST_SUPPORTED", R"({"target": ""})");
    ASSERT_EQ(removed.status, 200) << removed.body;
    EXPECT_EQ(Body(removed).value("target", ""), "30") << removed.body;
    EXPECT_FALSE(Body(removed).value("editionSpecific", false)) << removed.body;
  }

  // Data quality: the incomplete records per voivodeship.
  {
    HttpResponse r = AsAdmin("GET", "/v1/data-quality?" + e);
    ASSERT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::map<std::string, std::vector<std::string>>> want;
    std::map<std::string, int> started;
    std::map<std::string, bool> completed;
    for (const Person& p : x.people) {
      const std::string& v = x.jsts[p.jst].voivodeship;
      ++started[v];
      if (!p.missing.empty()) want[v][p.id] = p.missing;
      completed[p.id] = p.completed();
    }
    std::map<std::string, std::map<std::string, std::vector<std::string>>> have;
    std::vector<std::string> below;
    for (const json& region : Body(r).value("voivodeships", json::array())) {
      const std::string v = region.value("voivodeship", "");
      EXPECT_EQ(I64(region, "participantsStarted"), started[v]) << v;
      EXPECT_EQ(I64(region, "incompleteRecords"),
                static_cast<int64_t>(want[v].size()))
          << v;
      for (const json& fix : region.value("recordsToFix", json::array())) {
        const std::string id = fix.value("participantId", "");
        have[v][id] = fix.value("missingFields", std::vector<std::string>{});
        EXPECT_EQ(fix.value("completedTraining", false), completed[id])
            << fix.dump();
      }
      for (const json& b : region.value("jstsBelowMinimum", json::array())) {
        below.push_back(b.value("teryt", ""));
        EXPECT_EQ(b.value("activeRepresentatives", 0), 2) << b.dump();
        EXPECT_EQ(b.value("minimum", 0), 3) << b.dump();
      }
    }
    EXPECT_EQ(have, want);
    EXPECT_EQ(below, std::vector<std::string>{"2401"});
  }

  // Reconciliation.
  CheckReconcile(x);

  // Scopes and bad input.
  const std::string coordinator24 =
      stack_->Token("COORDINATOR", "rep-coord", {{"region", "24"}});
  const std::string coordinator02 =
      stack_->Token("COORDINATOR", "rep-coord2", {{"region", "02"}});
  CheckTotals(x, e, {"24"}, false, coordinator24);
  {
    // A target for meetings: in the country's progress, not in a
    // coordinator's (meetings are of no voivodeship).
    const std::string path =
        "/v1/editions/" + x.edition + "/indicator-targets/NETWORK_MEETINGS";
    ASSERT_EQ(AsAdmin("PUT", path, R"({"target": "8"})").status, 200);
    auto targets_of = [&](const std::string& token) {
      std::map<std::string, json> out;
      HttpResponse r = Send(token, "GET", "/v1/progress?" + e);
      EXPECT_EQ(r.status, 200) << r.body;
      for (const json& t : Body(r).value("targets", json::array())) {
        out[t.value("code", "")] = t;
      }
      return out;
    };
    auto country = targets_of(AdminToken());
    EXPECT_EQ(country["NETWORK_MEETINGS"].value("value", ""), "3");
    EXPECT_EQ(country["NETWORK_MEETINGS"].value("percentOfTarget", ""),
              PercentText(3, 8));
    auto region = targets_of(coordinator24);
    EXPECT_EQ(region.count("NETWORK_MEETINGS"), 0u);
    EXPECT_EQ(region.count("JST_SUPPORTED"), 1u);
    ASSERT_EQ(AsAdmin("PUT", path, R"({"target": ""})").status, 200);
  }
  {
    // The same refusal as recruitment's, training's and advisory's lists.
    HttpResponse foreign =
        Send(coordinator02, "GET", "/v1/indicators?" + e + "&voivodeship=24");
    EXPECT_EQ(foreign.status, 403) << foreign.body;
    EXPECT_EQ(Body(foreign).value("message", ""),
              "a coordinator of voivodeship 02 may read only voivodeship 02");
    EXPECT_EQ(ViolatedFields(Body(foreign)),
              std::vector<std::string>{"voivodeship"});
  }
  const std::string jst = stack_->Token("JST", "rep-jst", {{"jst", "2401011"}});
  {
    auto mine = Indicators(e, jst);
    EXPECT_EQ(I64(mine["JST_SUPPORTED"]["total"], "numerator"), 1);
    EXPECT_EQ(I64(mine["OFFICIALS_SUPPORTED"]["total"], "numerator"),
              3);  // 1 incomplete
    EXPECT_EQ(I64(mine["PLANS_ADOPTED"]["total"], "numerator"), 1);
    auto ids = std::set<std::string>();
    HttpResponse ev =
        Send(jst, "GET", "/v1/indicators/OFFICIALS_SUPPORTED/evidence?" + e);
    for (const json& rec : Body(ev).value("records", json::array())) {
      EXPECT_EQ(rec.value("teryt", ""), "2401011") << rec.dump();
    }
  }
  for (const std::string& bad :
       {"/v1/indicators?" + e + "&period=2017-13-01/P1M",
        "/v1/indicators?" + e + "&groupBy=PLANET",
        std::string("/v1/indicators?edition=bad%20code"),
        "/v1/indicators/JST_SUPPORTED/evidence?" + e + "&period=2017-13-01/P1M",
        // 108,000 months: refused, not answered with a huge breakdown.
        "/v1/indicators?" + e + "&groupBy=MONTH&period=1000-01-01/9999-12-31",
        "/v1/indicators?" + e + "&groupBy=VOIVODESHIP&groupBy=VOIVODESHIP",
        "/v1/indicators/JST_SUPPORTED/evidence?" + e + "&pageToken=x",
        "/v1/indicators/JST_SUPPORTED/evidence?" + e + "&sex=FEMALE"}) {
    HttpResponse r = AsAdmin("GET", bad);
    EXPECT_EQ(r.status, 400) << bad << ": " << r.body;
    EXPECT_TRUE(Body(r).is_object() && Body(r).contains("message"))
        << bad << ": " << r.body;
  }
  EXPECT_EQ(AsAdmin("GET", "/v1/indicators?edition=NO-SUCH-ED").status, 404);
  EXPECT_EQ(
      AsAdmin("GET", "/v1/exports/6f1c2a4e-0b7d-4c1e-9a35-2d8f0e6b7c91").status,
      404);

  // Exports.
  const char* dir = std::getenv("JSTEDU_REPORTING_E2E_DIR");
  ASSERT_NE(dir, nullptr) << "JSTEDU_REPORTING_E2E_DIR is not set";
  struct Made {
    std::string file;
    json body;
  };
  const std::vector<Made> kinds = {
      {"aggregates.adx", {{"kind", "AGGREGATES_ADX"}}},
      {"aggregates.csv", {{"kind", "AGGREGATES_CSV"}}},
      {"participants.csv", {{"kind", "PARTICIPANTS"}}},
      {"participants-pseudonymised.csv",
       {{"kind", "PARTICIPANTS"}, {"pseudonymised", true}}}};
  int64_t last_number = 0;
  std::map<std::string, std::string> export_ids;
  std::map<std::string, std::string> contents;
  for (Made made : kinds) {
    made.body["purpose"] = "Sprawozdanie e2e do ministerstwa";
    HttpResponse r = AsAdmin("POST", "/v1/editions/" + x.edition + "/exports",
                             made.body.dump());
    ASSERT_EQ(r.status, 200) << made.file << ": " << r.body;
    const std::string id = Body(r).value("id", "");
    export_ids[made.file] = id;
    json meta = Body(AsAdmin("GET", "/v1/exports/" + id));
    EXPECT_EQ(meta.value("submitted", json()), false) << meta.dump();
    EXPECT_FALSE(meta.contains("submitTime")) << meta.dump();  // never 1970
    EXPECT_GT(I64(meta, "number"), last_number) << meta.dump();
    last_number = I64(meta, "number");
    HttpResponse first = AsAdmin("GET", "/v1/exports/" + id + "/content");
    HttpResponse second = AsAdmin("GET", "/v1/exports/" + id + "/content");
    ASSERT_EQ(first.status, 200) << made.file << ": " << first.body;
    ASSERT_EQ(second.status, 200) << made.file << ": " << second.body;
    EXPECT_EQ(first.body, second.body) << made.file;
    EXPECT_EQ(Sha256Hex(first.body), meta.value("sha256", "")) << made.file;
    EXPECT_EQ(I64(meta, "sizeBytes"), static_cast<int64_t>(first.body.size()))
        << made.file;
    contents[made.file] = first.body;
    std::ofstream(std::string(dir) + "/" + made.file, std::ios::binary)
        << first.body;
  }
  std::ofstream pesels(std::string(dir) + "/pesels.txt");
  for (const Person& p : x.people) {
    pesels << p.pesel << "\n";
    // Only complete EU-monitoring records are reported (exports.cc header).
    EXPECT_EQ(contents["participants.csv"].find(p.pesel) != std::string::npos,
              p.missing.empty())
        << p.pesel;
    EXPECT_EQ(contents["participants-pseudonymised.csv"].find(p.pesel),
              std::string::npos);
  }
  pesels.close();
  CheckParticipantFile(x, contents["participants.csv"], false);
  CheckParticipantFile(x, contents["participants-pseudonymised.csv"], true);
  {
    // The aggregates carry the parts' indicators as the others: totals and
    // voivodeships (meetings: the total only, of no voivodeship).
    const auto rows = csv::testing::ReadCsv(contents["aggregates.csv"]);
    ASSERT_FALSE(rows.empty());
    std::map<std::string, std::string> totals;
    std::map<std::string, int> by_voivodeship;
    for (const auto& row : rows) {
      if (row.size() < 8) continue;
      // The whole period's total comes first, then each month's.
      if (row[4] == "TOTAL") totals.emplace(row[0], row[7]);
      if (row[4] == "VOIVODESHIP") ++by_voivodeship[row[0]];
    }
    for (const Def& d : Defs()) {
      if (!d.denominator.empty()) continue;
      EXPECT_EQ(totals[d.code], std::to_string(measures[d.numerator].size()))
          << d.code;
    }
    EXPECT_EQ(by_voivodeship["NETWORK_MEETINGS"], 0);
    EXPECT_EQ(by_voivodeship["SCHOOLS_REACHED"], 2);  // 14 and 24
  }
  // Issue 15: a control character in the purpose is refused naming it (NUL
  // was stored as the text before it); the list below holds no fifth export.
  HttpResponse nul_purpose =
      AsAdmin("POST", "/v1/editions/" + x.edition + "/exports",
              json{{"kind", "AGGREGATES_CSV"},
                   {"purpose", std::string("Sprawozdanie\0x", 14)}}
                  .dump());
  EXPECT_EQ(nul_purpose.status, 400) << nul_purpose.body;
  EXPECT_EQ(ViolatedFields(Body(nul_purpose)),
            std::vector<std::string>{"purpose"});
  {
    HttpResponse list =
        AsAdmin("GET", "/v1/editions/" + x.edition + "/exports");
    EXPECT_EQ(Body(list).value("exports", json::array()).size(), 4u)
        << list.body;
  }

  // Submitted, then a change, then the diff against it.
  const std::string submitted = export_ids["participants-pseudonymised.csv"];
  HttpResponse submit =
      AsAdmin("POST", "/v1/exports/" + submitted + ":submit", "{}");
  ASSERT_EQ(submit.status, 200) << submit.body;
  EXPECT_TRUE(Body(submit).value("submitted", false));
  EXPECT_FALSE(Body(submit).value("submitTime", "").empty()) << submit.body;
  const Person& changed = x.people[0];
  HttpResponse w =
      AsAdmin("POST", "/v1/participants/" + changed.id + ":withdraw",
              R"({"reason": "changed jobs"})");
  ASSERT_EQ(w.status, 200) << w.body;
  HttpResponse again = AsAdmin(
      "POST", "/v1/editions/" + x.edition + "/exports",
      R"({"kind": "PARTICIPANTS", "pseudonymised": true, "purpose": "Korekta e2e"})");
  ASSERT_EQ(again.status, 200) << again.body;
  HttpResponse diff =
      AsAdmin("GET", "/v1/exports/" + Body(again).value("id", "") + "/diff");
  ASSERT_EQ(diff.status, 200) << diff.body;
  json d = Body(diff);
  EXPECT_EQ(d.value("against", ""), submitted) << diff.body;
  bool mentioned = false;
  for (const json& c : d.value("changed", json::array()))
    mentioned |= c.value("key", "") == changed.id;
  for (const json& c : d.value("removed", json::array()))
    mentioned |= c.get<std::string>() == changed.id;
  EXPECT_TRUE(mentioned) << diff.body;
  // The identified file is written again on download from the stored
  // fields and recruitment's personal data: the withdrawal is not personal
  // data, so the same bytes; a changed e-mail address is, so refused.
  const std::string identified = export_ids["participants.csv"];
  HttpResponse same = AsAdmin("GET", "/v1/exports/" + identified + "/content");
  EXPECT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.body, contents["participants.csv"]);
  // Every download of a participant file is audited (who, role); an
  // aggregates file holds no personal data and is not.
  TestSchema& audit_schema = *stack_->schemas["reporting"];
  EXPECT_GE(std::stoi(audit_schema.Query(
                "SELECT count(*) FROM export_download WHERE export_id = '" +
                identified + "' AND role = 'ADMIN'")),
            3);
  EXPECT_EQ(audit_schema.Query(
                "SELECT count(*) FROM export_download WHERE export_id = '" +
                export_ids["aggregates.csv"] + "'"),
            "0");
  HttpResponse patched = AsAdmin(
      "PATCH", "/v1/participants/" + x.people[3].id + "?updateMask=email",
      R"({"email": "nowy.adres@example.pl"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  HttpResponse stale = AsAdmin("GET", "/v1/exports/" + identified + "/content");
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_NE(stale.body.find("PERSONAL_DATA_CHANGED"), std::string::npos)
      << stale.body;

  // Fixing records in recruitment counts the people everywhere at once:
  // a person's missing contact, and the missing institution block of the
  // last JST (its 4 officials).
  {
    Person& contact = x.people[25];
    ASSERT_EQ(contact.missing, std::vector<std::string>{"contact"});
    HttpResponse fixed =
        AsAdmin("PATCH", "/v1/participants/" + contact.id + "?updateMask=email",
                R"({"email": "naprawiony@example.pl"})");
    ASSERT_EQ(fixed.status, 200) << fixed.body;
    EXPECT_EQ(Body(fixed).value("missingMonitoringFields", json::array()),
              json::array());
    contact.missing.clear();
    Jst& office = x.jsts[11];
    json block = {{"nip", "5260250274"},
                  {"locality", "Wieś"},
                  {"buildingNumber", "7"},
                  {"postcode", "05-500"},
                  {"email", "gmina@example.pl"}};
    HttpResponse put = AsAdmin(
        "PUT", "/v1/applications/" + office.application + "/institution",
        block.dump());
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(Body(put)["institution"].value("degurba", 0),
              RegistryDegurba(office.teryt));
    EXPECT_TRUE(Body(put)["institution"].value("degurbaFromRegistry", false));
    office.institution = true;
    for (Person& p : x.people) {
      if (p.jst == 11) p.missing.clear();
    }
    ASSERT_TRUE(AwaitFigures(x, std::chrono::seconds(60)));
    EXPECT_EQ(x.Measures()["OFFICIALS_SUPPORTED"].size(), 41u);
    CheckTotals(x, e, {});
    HttpResponse quality = AsAdmin("GET", "/v1/data-quality?" + e);
    for (const json& region :
         Body(quality).value("voivodeships", json::array())) {
      for (const json& fix : region.value("recordsToFix", json::array())) {
        const std::string id = fix.value("participantId", "");
        EXPECT_NE(id, contact.id) << quality.body;
        for (const Person& p : x.people) {
          if (p.id == id) {
            EXPECT_FALSE(p.missing.empty()) << fix.dump();
          }
        }
      }
    }
    HttpResponse again =
        AsAdmin("POST", "/v1/editions/" + x.edition + "/exports",
                R"({"kind": "PARTICIPANTS", "purpose": "Po poprawkach"})");
    ASSERT_EQ(again.status, 200) << again.body;
    HttpResponse file = AsAdmin(
        "GET", "/v1/exports/" + Body(again).value("id", "") + "/content");
    ASSERT_EQ(file.status, 200) << file.body;
    CheckParticipantFile(x, file.body, false);
  }

  // Reconcile finds a projection that is wrong: one participant's fact is
  // removed and another's sex changed behind reporting's back. Neither has
  // an event in flight (the withdrawal and the e-mail change above concern
  // people 0 and 3; the exports read recruitment live and did not wait for
  // them), and the withdrawal must have reached reporting first.
  TestSchema& reporting = *stack_->schemas["reporting"];
  EXPECT_TRUE(WaitUntil(
      [&] {
        return reporting.Query(
                   "SELECT status FROM participant_fact WHERE participant_id = "
                   "'" +
                   x.people[0].id + "'") == "2";
      },
      std::chrono::seconds(30)));
  EXPECT_TRUE(WaitUntil(
      [&] {
        HttpResponse r =
            AsAdmin("POST", "/v1/editions/" + x.edition + ":reconcile", "{}");
        return r.status == 200 && I64(Body(r), "differenceCount") == 0;
      },
      std::chrono::seconds(30)));
  const std::string removed_id = x.people[10].id;
  reporting.Query("DELETE FROM participant_fact WHERE participant_id = '" +
                  removed_id + "'");
  reporting.Query(
      "UPDATE participant_fact SET sex = 3 - sex, target_group = 1 + "
      "target_group % 3 "
      "WHERE participant_id = '" +
      x.people[1].id + "'");
  HttpResponse audit =
      AsAdmin("POST", "/v1/editions/" + x.edition + ":reconcile", "{}");
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::set<std::string> found;
  for (const json& d : Body(audit).value("differences", json::array())) {
    found.insert(d.value("kind", "") + " " + d.value("measure", "") + " " +
                 d.value("recordId", "") + " " + d.value("field", ""));
  }
  EXPECT_TRUE(found.count("MISSING_IN_PROJECTION OFFICIALS_SUPPORTED " +
                          removed_id + " "))
      << audit.body;
  EXPECT_TRUE(found.count("FIELD_DIFFERS OFFICIALS_SUPPORTED " +
                          x.people[1].id + " sex"))
      << audit.body;
  // A field is named by its JSON name, as everywhere in answers.
  EXPECT_TRUE(found.count("FIELD_DIFFERS OFFICIALS_SUPPORTED " +
                          x.people[1].id + " targetGroup"))
      << audit.body;
  EXPECT_GE(I64(Body(audit), "differenceCount"), 2) << audit.body;

  std::cout << "[ reporting e2e ] programme run and checked in "
            << std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::steady_clock::now() - started)
                   .count()
            << " s" << std::endl;
}

TEST_F(ReportingE2eTest, SameFiguresWhenKilledAndEveryEventTwice) {
  Programme x = RunProgramme(1, [](int step) {
    if (step == 1) KillReporting();  // down during training
    if (step == 2) StartReporting("reporting-2.log");
    if (step == 3) {
      KillReporting();
      EXPECT_GT(RedeliverEverything(), 100);
      StartReporting("reporting-3.log");
    }
  });
  ASSERT_FALSE(HasFailure()) << "the programme itself failed";
  ASSERT_TRUE(AwaitFigures(x, std::chrono::seconds(120)));
  // Once more with everything delivered again while it runs.
  EXPECT_GT(RedeliverEverything(), 100);
  std::this_thread::sleep_for(std::chrono::seconds(3));
  ASSERT_TRUE(AwaitFigures(x, std::chrono::seconds(60)));
  const std::string e = "edition=" + x.edition;
  CheckTotals(x, e, {});
  for (const char* dimension :
       {"VOIVODESHIP", "JST_KIND", "SEX", "TARGET_GROUP"}) {
    CheckBreakdown(x, dimension);
  }
  auto measures = x.Measures();
  for (const char* code :
       {"OFFICIALS_SUPPORTED", "OFFICIALS_TRAINED", "PLANS_ADOPTED"}) {
    EXPECT_EQ(EvidenceIds(code, e, 50), Ids(measures[code])) << code;
  }
  CheckReconcile(x);
}

}  // namespace
}  // namespace jstedu::testing
