// Training end to end through the gateway: the seeds' pilot plan entered
// with local times (UTC instants on both sides of the DST change), a
// double-booked room refused naming the session, a trainer's marks on the
// roster recruitment's events built, and the three iCalendar feeds. The
// feeds are written to $JSTEDU_ICS_E2E_DIR with the expected UTC starts, and
// the ctest that follows reads them back with python3-icalendar
// (tests/ics/validate_ics.py). Also issue 16: a session's sheet of marks in
// one request, dates that cannot be refused naming the field, and a
// participant's own share apart from the rule's threshold. Issue 17: the
// participant's calendar by its secret subscription address, read with no
// Authorization header (written as subscription.ics, also read back by
// python3-icalendar) and refused once revoked.
#include <cstdlib>
#include <fstream>
#include <thread>

#include "tests/e2e/recruitment_e2e.h"

namespace jstedu::testing {
namespace {

using nlohmann::json;

class TrainingE2eTest : public RecruitmentE2eTest {
 protected:
  static json Module(int number, const std::string& starts,
                     const std::string& ends, const std::string& third_week) {
    json m = {
        {"number", number},
        {"title", "Moduł " + std::to_string(number)},
        {"venue", "Hotel, Warszawa"},
        {"didacticHours", 21},
        {"shuttleSeats", 50},
        {"rooms",
         json::array({{{"id", "A"}, {"name", "Sala A"}, {"capacity", 120}}})}};
    if (third_week.empty()) {
      m["startsLocal"] = starts;
      m["endsLocal"] = ends;
    } else {
      m["thirdWeekOf"] = third_week;
    }
    return m;
  }

  // An edition open for applications now whose period, 2017-01-01 to
  // 2030-12-31, holds the seeds' 2017 plan.
  static std::string CreatePilotEdition() {
    const std::string code = NewEditionCode();
    json edition = EditionJson(code, 1);
    edition["startsOn"] = "2017-01-01";
    HttpResponse created = AsAdmin("POST", "/v1/editions", edition.dump());
    EXPECT_EQ(created.status, 200) << created.body;
    return code;
  }

  // A qualified team of 2476011 (group 2) in `edition`: `declared` people
  // with a declaration, then `undeclared` added after qualification
  // without; their participant ids, once all are on training's roster.
  static std::vector<std::string> RosteredTeam(const std::string& edition,
                                               int declared, int undeclared) {
    auto person = [](bool declaration) {
      static int n = 950;
      json p = {{"firstName", "Anna"},
                {"lastName", "Szkoleniowa"},
                {"pesel", PeselFor(n++)},
                {"targetGroup", "OPERATIONAL_STAFF"}};
      if (declaration) {
        p["declaration"] = {{"signedOn", "2017-03-01"},
                            {"informationClauseHandedOver", true}};
      }
      return p;
    };
    json team = json::array();
    for (int i = 0; i < declared; ++i) team.push_back(person(true));
    const std::string application = SubmitApplication(edition, "2476011", team);
    HttpResponse qualified =
        AsAdmin("POST", "/v1/applications/" + application + ":qualify", "{}");
    EXPECT_EQ(qualified.status, 200) << qualified.body;
    const json read = Body(AsAdmin("GET", "/v1/applications/" + application));
    std::vector<std::string> ids;
    for (const json& r : read.value("representatives", json::array())) {
      ids.push_back(r.value("participant", ""));
    }
    for (int i = 0; i < undeclared; ++i) {
      ids.push_back(CreateParticipant(application, person(false)));
    }
    for (const std::string& id : ids) {
      EXPECT_TRUE(WaitUntil(
          [&] {
            HttpResponse record =
                AsAdmin("GET", "/v1/participants/" + id + "/training");
            return record.status == 200 &&
                   Body(record).value("rostered", false);
          },
          std::chrono::seconds(30)))
          << id << " never reached training's roster";
    }
    return ids;
  }

  static HttpResponse Session(const std::string& module,
                              const std::string& starts,
                              const std::string& trainer) {
    json s = {{"startsLocal", starts},
              {"thematicArea", "DIAGNOSIS_AND_INDICATORS"},
              {"workshopGroup", 0},
              {"room", "A"},
              {"trainer", trainer}};
    return AsAdmin("POST", "/v1/modules/" + module + "/sessions", s.dump());
  }
};

TEST_F(TrainingE2eTest, PilotPlanAttendanceAndCalendars) {
  const std::string edition = CreatePilotEdition();
  json team = json::array();
  for (int i = 0; i < 2; ++i) {
    team.push_back({{"firstName", "Anna"},
                    {"lastName", "Szkoleniowa"},
                    {"pesel", PeselFor(900 + i)},
                    {"targetGroup", "OPERATIONAL_STAFF"},
                    {"declaration",
                     {{"signedOn", "2017-03-01"},
                      {"informationClauseHandedOver", true}}}});
  }
  const std::string application = SubmitApplication(edition, "2476011", team);
  ASSERT_EQ(
      AsAdmin("POST", "/v1/applications/" + application + ":qualify", "{}")
          .status,
      200);
  const std::string participant = Body(AsAdmin(
      "GET", "/v1/applications/" + application))["representatives"][0]
                                      .value("participant", "");

  // Modules before settings: refused with the rule.
  HttpResponse early =
      AsAdmin("POST", "/v1/editions/" + edition + "/modules",
              Module(1, "2017-04-05T11:00", "2017-04-07T14:30", "").dump());
  EXPECT_EQ(early.status, 409) << early.body;
  ASSERT_TRUE(SetUpTraining(edition));

  // The seeds' pilot plan: 5–7 April 2017, then the third weeks.
  std::vector<json> modules;
  modules.push_back(Module(1, "2017-04-05T11:00", "2017-04-07T14:30", ""));
  int number = 2;
  for (const char* month : {"2017-06", "2017-08", "2017-10", "2017-11"}) {
    modules.push_back(Module(number++, "", "", month));
  }
  std::vector<std::string> ids, starts;
  for (const json& m : modules) {
    HttpResponse created =
        AsAdmin("POST", "/v1/editions/" + edition + "/modules", m.dump());
    ASSERT_EQ(created.status, 200) << created.body;
    ids.push_back(Body(created).value("id", ""));
    starts.push_back(Body(created).value("startTime", ""));
  }
  EXPECT_EQ(starts, (std::vector<std::string>{
                        "2017-04-05T09:00:00Z", "2017-06-21T09:00:00Z",
                        "2017-08-23T09:00:00Z", "2017-10-18T09:00:00Z",
                        "2017-11-22T10:00:00Z"}));

  // Sessions in April (CEST) and November (CET); a double-booked room is
  // refused naming the session it clashes with.
  HttpResponse april = Session(ids[0], "2017-04-05T11:00", "e2e-trainer");
  ASSERT_EQ(april.status, 200) << april.body;
  const std::string april_id = Body(april).value("id", "");
  HttpResponse november = Session(ids[4], "2017-11-22T11:00", "e2e-trainer");
  ASSERT_EQ(november.status, 200) << november.body;
  const std::string november_id = Body(november).value("id", "");
  HttpResponse clash = Session(ids[0], "2017-04-05T12:00", "e2e-other-trainer");
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_NE(clash.body.find("ROOM_DOUBLE_BOOKED"), std::string::npos)
      << clash.body;
  EXPECT_NE(clash.body.find("sessions/" + april_id), std::string::npos)
      << clash.body;

  // Recruitment's events put the team on group 2's roster.
  bool rostered = false;
  for (int i = 0; i < 200 && !rostered; ++i) {
    HttpResponse record =
        AsAdmin("GET", "/v1/participants/" + participant + "/training");
    rostered = record.status == 200 && Body(record).value("rostered", false);
    if (!rostered) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(rostered);

  // Issue 15: a control character is refused naming the field, and
  // nothing is stored (NUL was stored as the text before it).
  const std::string nul("a\0b", 3);
  json nul_title = Module(6, "2017-12-06T11:00", "2017-12-08T14:30", "");
  nul_title["title"] = "Moduł" + nul;
  HttpResponse refused =
      AsAdmin("POST", "/v1/editions/" + edition + "/modules", nul_title.dump());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(ViolatedFields(Body(refused)),
            std::vector<std::string>{"module.title"});
  EXPECT_EQ(Body(AsAdmin("GET", "/v1/editions/" + edition + "/modules"))
                .value("modules", json::array())
                .size(),
            5u);
  HttpResponse tasks =
      AsAdmin("POST", "/v1/modules/" + ids[0] + "/tasks",
              R"({"title": "Zadanie e2e", "dueLocal": "2030-01-10T12:00"})");
  json created = Body(tasks);
  ASSERT_EQ(created.value("tasks", json::array()).size(), 1u) << tasks.body;
  const std::string task = created["tasks"][0].value("id", "");
  refused = AsAdmin("POST", "/v1/tasks/" + task + ":submit",
                    json{{"report", "Raport:\n" + nul}}.dump());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(ViolatedFields(Body(refused)), std::vector<std::string>{"report"});
  json listed = Body(AsAdmin("GET", "/v1/modules/" + ids[0] + "/tasks"));
  ASSERT_EQ(listed.value("tasks", json::array()).size(), 1u) << listed.dump();
  EXPECT_EQ(listed["tasks"][0].value("status", ""), "TASK_OPEN");
  // Issue 16: another JST's task and participant answer exactly as missing
  // ones; a coordinator's foreign voivodeship filter is refused (403).
  {
    const std::string other_jst =
        stack_->Token("JST", "e2e-jst-0201011", {{"jst", "0201011"}});
    const std::string nowhere = "00000000-0000-4000-8000-000000000000";
    const std::string report = R"({"report": "Raport"})";
    ExpectAnsweredAsMissing(
        Send(other_jst, "POST", "/v1/tasks/" + task + ":submit", report), task,
        Send(other_jst, "POST", "/v1/tasks/" + nowhere + ":submit", report),
        nowhere);
    ExpectAnsweredAsMissing(
        GetAs(other_jst, "/v1/participants/" + participant + "/training"),
        participant,
        GetAs(other_jst, "/v1/participants/" + nowhere + "/training"), nowhere);
    const std::string coordinator =
        stack_->Token("COORDINATOR", "e2e-coordinator-02", {{"region", "02"}});
    HttpResponse foreign_filter =
        GetAs(coordinator, "/v1/tasks?voivodeship=24");
    EXPECT_EQ(foreign_filter.status, 403) << foreign_filter.body;
    EXPECT_EQ(Body(foreign_filter).value("message", ""),
              "a coordinator of voivodeship 02 may read only voivodeship 02");
    EXPECT_EQ(ViolatedFields(Body(foreign_filter)),
              std::vector<std::string>{"voivodeship"});
  }
  // A report is multi-line text: tabs and line breaks are its own.
  HttpResponse submitted =
      AsAdmin("POST", "/v1/tasks/" + task + ":submit",
              json{{"report", "Raport:\r\n\t1. diagnoza\n\t2. plan"}}.dump());
  EXPECT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(Body(submitted).value("report", ""),
            "Raport:\r\n\t1. diagnoza\n\t2. plan");

  // The session's trainer records; another trainer's session is not theirs.
  const std::string trainer = stack_->Token("TRAINER", "e2e-trainer");
  HttpResponse mark = Send(
      trainer, "PUT", "/v1/sessions/" + april_id + "/attendance/" + participant,
      R"({"status": "PRESENT"})");
  EXPECT_EQ(mark.status, 200) << mark.body;
  HttpResponse foreign =
      Send(stack_->Token("TRAINER", "e2e-other-trainer"), "PUT",
           "/v1/sessions/" + april_id + "/attendance/" + participant,
           R"({"status": "ABSENT"})");
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  json record =
      Body(AsAdmin("GET", "/v1/participants/" + participant + "/training"));
  EXPECT_EQ(record.value("attendedMinutes", "0"), "90");
  EXPECT_EQ(record.value("attendedHours", ""), "2");
  // Issue 16: the person's own share (90 of 5 × 945 minutes: 1 %) and the
  // rule's threshold, apart; no "completionPercent" that is the threshold.
  EXPECT_EQ(record.value("attendedPercent", 0), 1) << record.dump();
  EXPECT_EQ(record.value("completionThresholdPercent", 0), 80) << record.dump();
  EXPECT_FALSE(record.contains("completionPercent")) << record.dump();

  // The three feeds, as iCalendar.
  const char* dir = std::getenv("JSTEDU_ICS_E2E_DIR");
  ASSERT_NE(dir, nullptr) << "JSTEDU_ICS_E2E_DIR is not set";
  const std::vector<std::pair<std::string, std::string>> feeds = {
      {"participant.ics", "/v1/calendars/participants/" + participant + ".ics"},
      {"group.ics", "/v1/calendars/groups/" + edition + "/2.ics"},
      {"trainer.ics", "/v1/calendars/trainers/e2e-trainer.ics"}};
  for (const auto& [file, target] : feeds) {
    HttpResponse feed =
        Send(file == "trainer.ics" ? trainer : AdminToken(), "GET", target);
    ASSERT_EQ(feed.status, 200) << target << ": " << feed.body;
    EXPECT_EQ(feed.headers["content-type"], "text/calendar; charset=utf-8")
        << target;
    EXPECT_NE(feed.body.find("BEGIN:VCALENDAR\r\n"), std::string::npos);
    EXPECT_NE(feed.body.find("UID:" + april_id + "@jstedu"), std::string::npos)
        << target;
    std::ofstream(std::string(dir) + "/" + file, std::ios::binary) << feed.body;
  }
  // Issue 17: the participant's calendar by a secret address, as a
  // calendar app reads it (no Authorization header); refused once revoked.
  const std::string jst =
      stack_->Token("JST", "e2e-jst-user", {{"jst", "2476011"}});
  const json create = {{"kind", "PARTICIPANT_CALENDAR"},
                       {"participant", participant}};
  HttpResponse made = Send(jst, "POST", "/v1/calendar-feeds", create.dump());
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string address = Body(made).value("subscriptionPath", "");
  const std::string feed_id = Body(made).value("id", "");
  HttpResponse subscribed =
      HttpRequest(stack_->http_port, "GET", address, "", {});
  ASSERT_EQ(subscribed.status, 200) << subscribed.body;
  EXPECT_EQ(subscribed.headers["content-type"], "text/calendar; charset=utf-8");
  EXPECT_EQ(subscribed.headers["cache-control"], "no-store");
  // The saved file's name does not repeat the secret.
  EXPECT_EQ(subscribed.headers["content-disposition"],
            R"(attachment; filename="calendar-feeds.ics")");
  EXPECT_NE(subscribed.body.find("UID:" + april_id + "@jstedu"),
            std::string::npos);
  std::ofstream(std::string(dir) + "/subscription.ics", std::ios::binary)
      << subscribed.body;
  // Listed without the address; the audit knows the read.
  const json own_feeds = Body(Send(jst, "GET", "/v1/calendar-feeds"));
  ASSERT_EQ(own_feeds["feeds"].size(), 1u) << own_feeds.dump();
  EXPECT_EQ(own_feeds["feeds"][0].value("subscriptionPath", ""), "")
      << own_feeds.dump();
  EXPECT_EQ(stack_->schemas["training"]->Query(
                "SELECT count(*) FROM calendar_feed_read WHERE feed_id = '" +
                feed_id + "' AND owner_subject = 'e2e-jst-user'"),
            "1");
  ASSERT_EQ(Send(jst, "DELETE", "/v1/calendar-feeds/" + feed_id).status, 200);
  HttpResponse revoked = HttpRequest(stack_->http_port, "GET", address, "", {});
  EXPECT_EQ(revoked.status, 404) << revoked.body;
  HttpResponse unknown = HttpRequest(
      stack_->http_port, "GET",
      "/v1/calendar-feeds/" + std::string(43, 'A') + ".ics", "", {});
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(Body(unknown).value("message", "u"),
            Body(revoked).value("message", "r"));

  json expectations = {{april_id + "@jstedu", "2017-04-05T09:00:00+00:00"},
                       {november_id + "@jstedu", "2017-11-22T10:00:00+00:00"}};
  std::ofstream(std::string(dir) + "/expectations.json") << expectations.dump();
}

// Issue 16: a session's sheet in one request (the pilot needed 5,005
// single PUTs and hit the per-subject rate limit): all or nothing, rows
// named, the same events as single marks, a repeat changes nothing.
TEST_F(TrainingE2eTest, ASessionsSheetIsOneRequestAllOrNothing) {
  const std::string edition = CreatePilotEdition();
  ASSERT_TRUE(SetUpTraining(edition));
  HttpResponse module =
      AsAdmin("POST", "/v1/editions/" + edition + "/modules",
              Module(1, "2017-04-05T11:00", "2017-04-07T14:30", "").dump());
  ASSERT_EQ(module.status, 200) << module.body;
  HttpResponse session = Session(Body(module).value("id", ""),
                                 "2017-04-05T11:00", "sheet-trainer");
  ASSERT_EQ(session.status, 200) << session.body;
  const std::string sheet_target =
      "/v1/sessions/" + Body(session).value("id", "") + "/attendance";
  const std::vector<std::string> team = RosteredTeam(edition, 3, 1);
  ASSERT_EQ(team.size(), 4u);
  const std::string trainer = stack_->Token("TRAINER", "sheet-trainer");
  // This session's AttendanceRecorded events.
  auto events = [&] {
    return stack_->schemas["training"]->Query(
        "SELECT count(*) FROM outbox WHERE event_type = "
        "'jstedu.events.v1.AttendanceRecorded' AND aggregate_id LIKE '" +
        Body(session).value("id", "") + "/%'");
  };

  // One bad row (the undeclared person marked present): 400 naming the row
  // and the person; nothing written.
  const json bad = {{"marks",
                     {{{"participant", team[0]}, {"status", "PRESENT"}},
                      {{"participant", team[3]}, {"status", "PRESENT"}}}}};
  HttpResponse refused = Send(trainer, "PUT", sheet_target, bad.dump());
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_EQ(ViolatedFields(Body(refused)),
            std::vector<std::string>{"marks[1].status"});
  EXPECT_NE(refused.body.find(team[3]), std::string::npos) << refused.body;
  EXPECT_EQ(Body(AsAdmin("GET", sheet_target))
                .value("attendance", json::array())
                .size(),
            0u);
  EXPECT_EQ(events(), "0");
  // A person listed twice: both rows named.
  const json twice = {{"marks",
                       {{{"participant", team[1]}, {"status", "ABSENT"}},
                        {{"participant", team[1]}, {"status", "PRESENT"}}}}};
  HttpResponse doubled = Send(trainer, "PUT", sheet_target, twice.dump());
  EXPECT_EQ(doubled.status, 400) << doubled.body;
  EXPECT_NE(doubled.body.find("marks[0] and marks[1]"), std::string::npos)
      << doubled.body;

  // The whole sheet in one request.
  const json sheet = {
      {"marks",
       {{{"participant", team[0]}, {"status", "PRESENT"}},
        {{"participant", team[1]}, {"status", "LATE"}, {"note", "20 minut"}},
        {{"participant", team[2]}, {"status", "ABSENT"}},
        {{"participant", team[3]}, {"status", "EXCUSED"}}}}};
  HttpResponse recorded = Send(trainer, "PUT", sheet_target, sheet.dump());
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  const json marks = Body(recorded).value("attendance", json::array());
  ASSERT_EQ(marks.size(), 4u) << recorded.body;
  EXPECT_EQ(marks[1].value("participant", ""), team[1]);
  EXPECT_EQ(marks[1].value("status", ""), "LATE");
  EXPECT_EQ(events(), "4");
  EXPECT_EQ(Body(AsAdmin("GET", sheet_target))
                .value("attendance", json::array())
                .size(),
            4u);
  // The repeat: the same answer, no new event.
  HttpResponse again = Send(trainer, "PUT", sheet_target, sheet.dump());
  EXPECT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Body(again), Body(recorded));
  EXPECT_EQ(events(), "4");
  // Another trainer's session is not theirs.
  HttpResponse foreign = Send(stack_->Token("TRAINER", "sheet-other"), "PUT",
                              sheet_target, sheet.dump());
  EXPECT_EQ(foreign.status, 404) << foreign.body;
}

// Issue 16: dates that cannot be are refused naming the field.
TEST_F(TrainingE2eTest, DatesOutsideTheEditionAreRefusedNamingTheField) {
  // An edition training has not heard of: its modules wait for its dates.
  const std::string unknown = NewEditionCode();
  ASSERT_EQ(AsAdmin("PUT", "/v1/editions/" + unknown + "/training-settings",
                    R"({"thirdWeekReading": "THIRD_MONDAY_WEEK"})")
                .status,
            200);
  HttpResponse waiting =
      AsAdmin("POST", "/v1/editions/" + unknown + "/modules",
              Module(1, "2027-04-07T11:00", "2027-04-09T14:30", "").dump());
  EXPECT_EQ(waiting.status, 409) << waiting.body;
  EXPECT_EQ(UnmetRules(Body(waiting)),
            std::vector<std::string>{"EDITION_DATES_UNKNOWN"});

  // The edition runs 2025-01-01 .. 2030-12-31.
  const std::string edition = CreateEdition();
  ASSERT_TRUE(SetUpTraining(edition));
  const std::string modules = "/v1/editions/" + edition + "/modules";
  HttpResponse before =
      AsAdmin("POST", modules,
              Module(1, "2017-04-05T11:00", "2017-04-07T14:30", "").dump());
  EXPECT_EQ(before.status, 400) << before.body;
  EXPECT_EQ(ViolatedFields(Body(before)),
            std::vector<std::string>{"module.startsLocal"});
  HttpResponse after =
      AsAdmin("POST", modules, Module(1, "", "", "2031-06").dump());
  EXPECT_EQ(after.status, 400) << after.body;
  EXPECT_EQ(ViolatedFields(Body(after)),
            std::vector<std::string>{"module.thirdWeekOf"});
  json late_deadline = Module(1, "2027-04-07T11:00", "2027-04-09T14:30", "");
  late_deadline["signupDeadlineLocal"] = "2027-04-08T12:00";
  HttpResponse deadline = AsAdmin("POST", modules, late_deadline.dump());
  EXPECT_EQ(deadline.status, 400) << deadline.body;
  EXPECT_EQ(ViolatedFields(Body(deadline)),
            std::vector<std::string>{"module.signupDeadlineLocal"});
  EXPECT_EQ(
      Body(AsAdmin("GET", modules)).value("modules", json::array()).size(), 0u);

  HttpResponse made =
      AsAdmin("POST", modules,
              Module(1, "2027-04-07T11:00", "2027-04-09T14:30", "").dump());
  ASSERT_EQ(made.status, 200) << made.body;
  const std::string id = Body(made).value("id", "");
  HttpResponse moved = AsAdmin("POST", "/v1/modules/" + id + ":move",
                               R"({"startsOn": "2031-01-08"})");
  EXPECT_EQ(moved.status, 400) << moved.body;
  EXPECT_EQ(ViolatedFields(Body(moved)), std::vector<std::string>{"startsOn"});
  HttpResponse task =
      AsAdmin("POST", "/v1/modules/" + id + "/tasks",
              R"({"title": "Diagnoza", "dueLocal": "2027-04-08T12:00"})");
  EXPECT_EQ(task.status, 400) << task.body;
  EXPECT_EQ(ViolatedFields(Body(task)), std::vector<std::string>{"dueLocal"});
}

}  // namespace
}  // namespace jstedu::testing
