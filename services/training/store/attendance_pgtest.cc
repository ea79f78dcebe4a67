// AttendanceStore against a real PostgreSQL: attendance and completion
// exactly once, sheets, and the edition's training records
// (ListParticipantTraining, also through the service) against each
// participant's record and the attendance events.

#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

TEST_F(TrainingStoreTest, AttendanceRulesAndCompletionPublishedExactlyOnce) {
  Settings(45, /*modules=*/1);
  const v1::Module m = Module(1, "2017-04-05T08:00", "2017-04-07T23:59");
  FullPlan(m.id(), "2017-04-05");
  auto sessions = stores_.plan.ListSessions(m.id());
  ASSERT_TRUE(sessions.ok());
  const auto team = Enrol("2476011", 2, 3);
  const auto undeclared = Enrol("1465011", 2, 1, /*declaration=*/false);
  const auto other_group = Enrol("0201011", 1, 1);
  const absl::Time now = At("2017-04-07T15:00");

  // Not on the roster (unknown) / no declaration: refused, nothing written.
  EXPECT_EQ(stores_.attendance
                .RecordAttendance((*sessions)[0].id(),
                                  "00000000-0000-4000-8000-000000000001",
                                  v1::PRESENT, "", "", now, admin_)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  auto no_declaration = stores_.attendance.RecordAttendance(
      (*sessions)[0].id(), undeclared[0], v1::PRESENT, "", "", now, admin_);
  EXPECT_THAT(Violations(no_declaration.status()),
              HasSubstr("DECLARATION_MISSING"));
  auto absent = stores_.attendance.RecordAttendance(
      (*sessions)[0].id(), undeclared[0], v1::ABSENT, "", "", now, admin_);
  EXPECT_TRUE(absent.ok()) << absent.status();

  // 80 % of 945 minutes is 756: 8 sessions of 90 (720) are not enough,
  // 9 (810) are. Marks from several threads at once for all three.
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (const std::string& p : team) {
    for (int i = 0; i < 9; ++i) {
      threads.emplace_back([&, p, i] {
        auto mark = stores_.attendance.RecordAttendance(
            (*sessions)[i].id(), p, v1::PRESENT, "", "", now, admin_);
        if (!mark.ok()) {
          ++failures;
          ADD_FAILURE() << mark.status();
        }
      });
    }
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Events("ParticipantCompletedTraining"), 3);
  // Re-recording the same mark changes nothing and publishes nothing.
  const int marks_before = Events("AttendanceRecorded");
  ASSERT_TRUE(stores_.attendance
                  .RecordAttendance((*sessions)[0].id(), team[0], v1::PRESENT,
                                    "", "", now, admin_)
                  .ok());
  EXPECT_EQ(Events("AttendanceRecorded"), marks_before);
  // Changing it back and forth publishes the marks, never a second completion.
  ASSERT_TRUE(stores_.attendance
                  .RecordAttendance((*sessions)[0].id(), team[0], v1::ABSENT,
                                    "", "", now, admin_)
                  .ok());
  ASSERT_TRUE(stores_.attendance
                  .RecordAttendance((*sessions)[1].id(), team[0], v1::LATE, "",
                                    "", now, admin_)
                  .ok());
  ASSERT_TRUE(stores_.attendance
                  .RecordAttendance((*sessions)[0].id(), team[0], v1::PRESENT,
                                    "", "", now, admin_)
                  .ok());
  ASSERT_TRUE(stores_.attendance
                  .RecordAttendance((*sessions)[9].id(), team[0], v1::PRESENT,
                                    "", "", now, admin_)
                  .ok());
  EXPECT_EQ(Events("AttendanceRecorded"), marks_before + 4);
  EXPECT_EQ(Events("ParticipantCompletedTraining"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM completion"), 3);

  auto record = stores_.attendance.ParticipantTraining(team[0], PlaceScope{});
  ASSERT_TRUE(record.ok());
  EXPECT_TRUE(record->completed());
  EXPECT_EQ(record->attended_minutes(), 900);  // 10 sessions of 90
  EXPECT_EQ(record->attended_hours(), "20");
  EXPECT_EQ(record->planned_hours(), "21");
  auto other =
      stores_.attendance.ParticipantTraining(other_group[0], PlaceScope{});
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->completed());

  // A withdrawn participant leaves the roster of future marks; their past
  // marks stay.
  db_.Query(
      absl::StrCat("UPDATE roster_participant SET active = false WHERE "
                   "participant_id = '",
                   team[1], "' RETURNING 1"));
  auto after = stores_.attendance.RecordAttendance(
      (*sessions)[10].id(), team[1], v1::PRESENT, "", "", now, admin_);
  EXPECT_THAT(Violations(after.status()), HasSubstr("NOT_ROSTERED"));
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM attendance WHERE "
                               "participant_id = '",
                               team[1], "'")),
            9);
}

std::map<std::string, int64_t> MinutesFromEvents(TestSchema& db) {
  const std::string hex = db.Query(
      "SELECT string_agg(encode(payload, 'hex'), ',' ORDER BY created_at, id) "
      "FROM outbox WHERE event_type = 'jstedu.events.v1.AttendanceRecorded'");
  std::map<std::pair<std::string, std::string>, int64_t> newest;
  for (absl::string_view payload :
       absl::StrSplit(hex, ',', absl::SkipEmpty())) {
    events::v1::AttendanceRecorded mark;
    EXPECT_TRUE(mark.ParseFromString(absl::HexStringToBytes(payload)));
    newest[{mark.session_id(), mark.participant_id()}] =
        mark.attended_minutes();
  }
  std::map<std::string, int64_t> minutes;
  for (const auto& [key, value] : newest) minutes[key.second] += value;
  return minutes;
}

TEST_F(TrainingStoreTest, TheEditionsRecordsAreEachRecordAndTheMarksEvents) {
  Settings(45, /*modules=*/1);
  const v1::Module m = Module(1, "2017-04-05T08:00", "2017-04-07T23:59");
  FullPlan(m.id(), "2017-04-05");
  const auto sessions = *stores_.plan.ListSessions(m.id());
  const auto team = Enrol("2476011", 2, 3);
  const auto others = Enrol("0201011", 1, 2);
  Enrol("1465011", 2, 2);  // their JST is not qualified: not listed
  db_.Query(
      "UPDATE roster_jst SET qualified_at = NULL WHERE teryt = "
      "'1465011' RETURNING 1");
  Enrol("3061011", 3, 1);  // moved to another edition: not listed
  db_.Query(
      "UPDATE roster_participant SET edition = 'ROLLOUT' WHERE teryt "
      "= '3061011' RETURNING 1");
  const absl::Time now = At("2017-04-07T15:00");
  auto mark = [&](int session, const std::string& p, v1::AttendanceStatus s,
                  const std::string& note = "") {
    auto marked = stores_.attendance.RecordAttendance(sessions[session].id(), p,
                                                      s, note, "", now, admin_);
    ASSERT_TRUE(marked.ok()) << marked.status();
  };
  for (int i = 0; i < 9; ++i) mark(i, team[0], v1::PRESENT);  // completes
  mark(0, team[1], v1::PRESENT);
  mark(0, team[1], v1::ABSENT);  // replaced: counts nothing
  mark(1, team[1], v1::PRESENT);
  mark(1, team[1], v1::LATE);
  mark(1, team[1], v1::LATE, "20 minut");  // a note: no event
  mark(10, team[1], v1::PRESENT);          // the 45-minute session
  mark(2, others[0], v1::EXCUSED);
  mark(3, others[0], v1::PRESENT);
  // team[2] leaves after a mark: still listed, no longer rostered.
  mark(4, team[2], v1::PRESENT);
  db_.Query(absl::StrCat(
      "UPDATE roster_participant SET active = false WHERE participant_id = '",
      team[2], "' RETURNING 1"));

  std::vector<std::string> expected = {team[0], team[1], team[2], others[0],
                                       others[1]};
  std::sort(expected.begin(), expected.end());
  std::vector<v1::ParticipantTraining> listed;
  std::string after;
  bool more = true;
  for (int pages = 0; more && pages < 10; ++pages) {
    auto page =
        stores_.attendance.ListParticipantTraining("PILOT", after, 2, &more);
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_FALSE(page->empty());
    after = page->back().participant();
    listed.insert(listed.end(), page->begin(), page->end());
  }
  ASSERT_EQ(listed.size(), expected.size());
  const std::map<std::string, int64_t> implied = MinutesFromEvents(db_);
  for (size_t i = 0; i < listed.size(); ++i) {
    const v1::ParticipantTraining& record = listed[i];
    EXPECT_EQ(record.participant(), expected[i]);
    auto single = stores_.attendance.ParticipantTraining(record.participant(),
                                                         PlaceScope{});
    ASSERT_TRUE(single.ok()) << single.status();
    EXPECT_TRUE(MessageDifferencer::Equals(record, *single))
        << record.DebugString() << single->DebugString();
    const auto from_events = implied.find(record.participant());
    EXPECT_EQ(record.attended_minutes(),
              from_events == implied.end() ? 0 : from_events->second)
        << record.participant();
  }
  EXPECT_EQ(listed[0].planned_minutes(), 945);
  auto record_of = [&](const std::string& id) {
    return *std::find_if(listed.begin(), listed.end(),
                         [&](const auto& r) { return r.participant() == id; });
  };
  EXPECT_TRUE(record_of(team[0]).completed());
  EXPECT_EQ(record_of(team[0]).attended_minutes(), 810);
  EXPECT_EQ(record_of(team[1]).attended_minutes(), 135);  // 90 + 45
  EXPECT_FALSE(record_of(team[2]).rostered());
  EXPECT_EQ(record_of(team[2]).attended_minutes(), 90);
  EXPECT_EQ(record_of(others[1]).attended_minutes(), 0);
  EXPECT_EQ(record_of(others[1]).workshop_group(), 1);
}

// Issue 16: a session's sheet in one call. The pilot needed 5,005 single
// marks; a sheet records them all or none, with the single marks' events.
TEST_F(TrainingStoreTest, ASessionsSheetIsAllOrNothingAndLikeItsSingleMarks) {
  Settings(45, /*modules=*/1);
  const v1::Module m = Module(1, "2017-04-05T08:00", "2017-04-07T23:59");
  FullPlan(m.id(), "2017-04-05");
  const auto sessions = *stores_.plan.ListSessions(m.id());
  const auto team = Enrol("2476011", 2, 3);
  const auto undeclared = Enrol("1465011", 2, 1, /*declaration=*/false);
  const auto elsewhere = Enrol("3061011", 3, 1);
  db_.Query(
      "UPDATE roster_participant SET edition = 'ROLLOUT' WHERE teryt "
      "= '3061011' RETURNING 1");
  const absl::Time now = At("2017-04-07T15:00");
  const std::string first = sessions[0].id();
  auto events = [&] {
    return db_.Query(
        "SELECT coalesce(string_agg(event_type || ' ' || aggregate_id, '; ' "
        "ORDER BY id), '') FROM outbox");
  };
  auto stored = [&] {
    return db_.Query(
        "SELECT string_agg(participant_id || ' ' || status || ' ' || note || "
        "' ' || record_time, '; ' ORDER BY participant_id) FROM attendance");
  };

  const std::vector<Mark> sheet = {{team[0], v1::PRESENT, ""},
                                   {team[1], v1::LATE, "20 minut"},
                                   {team[2], v1::ABSENT, ""},
                                   {undeclared[0], v1::EXCUSED, ""}};
  auto recorded =
      stores_.attendance.RecordSessionAttendance(first, sheet, "", now, admin_);
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  ASSERT_TRUE(recorded->refused.empty());
  ASSERT_EQ(recorded->recorded.size(), 4u);
  for (size_t i = 0; i < sheet.size(); ++i) {
    EXPECT_EQ(recorded->recorded[i].participant(), sheet[i].participant_id);
    EXPECT_EQ(recorded->recorded[i].status(), sheet[i].status);
  }
  EXPECT_EQ(Events("AttendanceRecorded"), 4);

  // The same sheet again: the same answer, no write, no event.
  const std::string events_before = events(), stored_before = stored();
  auto again = stores_.attendance.RecordSessionAttendance(
      first, sheet, "", now + absl::Hours(1), admin_);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->recorded.size(), 4u);
  for (size_t i = 0; i < sheet.size(); ++i) {
    EXPECT_TRUE(
        MessageDifferencer::Equals(again->recorded[i], recorded->recorded[i]));
  }
  EXPECT_EQ(events(), events_before);
  EXPECT_EQ(stored(), stored_before);

  // One good change and three bad rows: every bad row refused, naming its
  // participant; nothing written, not even the good change.
  const std::string unknown = "00000000-0000-4000-8000-000000000001";
  auto refused = stores_.attendance.RecordSessionAttendance(
      first,
      {{team[0], v1::ABSENT, ""},
       {undeclared[0], v1::PRESENT, ""},
       {elsewhere[0], v1::ABSENT, ""},
       {unknown, v1::ABSENT, ""}},
      "", now, admin_);
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_TRUE(refused->recorded.empty());
  ASSERT_EQ(refused->refused.size(), 3u);
  EXPECT_EQ(refused->refused[0].row, 1);
  EXPECT_EQ(refused->refused[0].type, "DECLARATION_MISSING");
  EXPECT_THAT(refused->refused[0].description, HasSubstr(undeclared[0]));
  EXPECT_EQ(refused->refused[1].row, 2);
  EXPECT_EQ(refused->refused[1].type, "NOT_ROSTERED");
  EXPECT_THAT(refused->refused[1].description, HasSubstr(elsewhere[0]));
  EXPECT_EQ(refused->refused[2].row, 3);
  EXPECT_EQ(refused->refused[2].type, "UNKNOWN_PARTICIPANT");
  EXPECT_THAT(refused->refused[2].description, HasSubstr(unknown));
  EXPECT_EQ(events(), events_before);
  EXPECT_EQ(stored(), stored_before);

  // A sheet that changes one mark changes just that one.
  auto changed = stores_.attendance.RecordSessionAttendance(
      first, {{team[0], v1::ABSENT, ""}, {team[1], v1::LATE, "20 minut"}}, "",
      now + absl::Hours(2), admin_);
  ASSERT_TRUE(changed.ok()) << changed.status();
  EXPECT_EQ(Events("AttendanceRecorded"), 5);
  EXPECT_EQ(db_.Query("SELECT aggregate_id FROM outbox ORDER BY id DESC "
                      "LIMIT 1"),
            first + "/" + team[0]);
  EXPECT_TRUE(
      MessageDifferencer::Equals(changed->recorded[1], recorded->recorded[1]));
  EXPECT_EQ(changed->recorded[0].status(), v1::ABSENT);

  // Completion: the sheet that completes two people publishes, for each in
  // turn, the mark and the completion, as their single marks would.
  for (int i = 1; i < 8; ++i) {
    ASSERT_TRUE(stores_.attendance
                    .RecordSessionAttendance(sessions[i].id(),
                                             {{team[0], v1::PRESENT, ""},
                                              {team[1], v1::PRESENT, ""}},
                                             "", now, admin_)
                    .ok());
  }
  EXPECT_EQ(Events("ParticipantCompletedTraining"), 0);
  const std::string last_id = db_.Query("SELECT max(id) FROM outbox");
  ASSERT_TRUE(stores_.attendance
                  .RecordSessionAttendance(
                      sessions[8].id(),
                      {{team[0], v1::PRESENT, ""}, {team[1], v1::PRESENT, ""}},
                      "", now, admin_)
                  .ok());
  // team[0]: 8 × 90 = 720 < 756; team[1]: 9 sessions (LATE counts) = 810.
  // Another one for team[0] completes it too.
  ASSERT_TRUE(stores_.attendance
                  .RecordSessionAttendance(sessions[0].id(),
                                           {{team[0], v1::PRESENT, ""}}, "",
                                           now, admin_)
                  .ok());
  EXPECT_EQ(
      db_.Query("SELECT string_agg(event_type || ' ' || aggregate_id, '; ' "
                "ORDER BY id) FROM outbox WHERE id > " +
                last_id),
      absl::StrCat("jstedu.events.v1.AttendanceRecorded ", sessions[8].id(),
                   "/", team[0], "; jstedu.events.v1.AttendanceRecorded ",
                   sessions[8].id(), "/", team[1],
                   "; jstedu.events.v1.ParticipantCompletedTraining ", team[1],
                   "; jstedu.events.v1.AttendanceRecorded ", first, "/",
                   team[0], "; jstedu.events.v1.ParticipantCompletedTraining ",
                   team[0]));
}

// Issue 16: the record answered the rule's threshold as the participant's
// "completion percent" (80 for someone at 19 %).
TEST_F(TrainingStoreTest, ARecordSaysTheOwnShareTheThresholdAndCompleted) {
  Settings(45, /*modules=*/1);
  const v1::Module m = Module(1, "2017-04-05T08:00", "2017-04-07T23:59");
  FullPlan(m.id(), "2017-04-05");
  const auto sessions = *stores_.plan.ListSessions(m.id());
  const auto team = Enrol("2476011", 2, 2);
  const absl::Time now = At("2017-04-07T15:00");
  // team[0] attends 2 sessions of 90 minutes, team[1] 9.
  for (int i = 0; i < 9; ++i) {
    for (const std::string& p : team) {
      if (p == team[0] && i >= 2) continue;
      ASSERT_TRUE(stores_.attendance
                      .RecordAttendance(sessions[i].id(), p, v1::PRESENT, "",
                                        "", now, admin_)
                      .ok());
    }
  }
  auto low = stores_.attendance.ParticipantTraining(team[0], PlaceScope{});
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(low->attended_minutes(), 180);
  EXPECT_EQ(low->planned_minutes(), 945);
  EXPECT_EQ(low->attended_percent(), 19);  // 180 of 945 minutes
  EXPECT_EQ(low->completion_threshold_percent(), 80);
  EXPECT_FALSE(low->completed());
  EXPECT_FALSE(low->has_completion_time());
  auto high = stores_.attendance.ParticipantTraining(team[1], PlaceScope{});
  ASSERT_TRUE(high.ok()) << high.status();
  EXPECT_EQ(high->attended_percent(), 85);  // 810 of 945
  EXPECT_EQ(high->completion_threshold_percent(), 80);
  EXPECT_TRUE(high->completed());
}

TEST_F(TrainingServiceTest, ListParticipantTrainingIsForAdminAndMinistry) {
  Settings();
  auto ids = Enrol("2476011", 2, 3);
  std::sort(ids.begin(), ids.end());
  v1::ListParticipantTrainingRequest request;
  request.set_edition("PILOT");
  request.set_page_size(2);
  v1::ListParticipantTrainingResponse first, second;
  ASSERT_TRUE(List(request, &first, auth::v1::MINISTRY).ok());
  ASSERT_EQ(first.participants_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  ASSERT_TRUE(List(request, &second, auth::v1::ADMIN).ok());
  ASSERT_EQ(second.participants_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_EQ((std::vector<std::string>{first.participants(0).participant(),
                                      first.participants(1).participant(),
                                      second.participants(0).participant()}),
            ids);
  EXPECT_TRUE(MessageDifferencer::Equals(
      second.participants(0),
      *stores_.attendance.ParticipantTraining(ids[2], PlaceScope{})));

  for (auto role : {auth::v1::COORDINATOR, auth::v1::JST, auth::v1::EXPERT,
                    auth::v1::TRAINER}) {
    EXPECT_EQ(List(request, &second, role).error_code(),
              grpc::StatusCode::PERMISSION_DENIED)
        << auth::v1::Role_Name(role);
  }
  // An edition training knows nothing of lists nothing.
  v1::ListParticipantTrainingRequest other;
  other.set_edition("ROLLOUT");
  v1::ListParticipantTrainingResponse none;
  ASSERT_TRUE(List(other, &none, auth::v1::MINISTRY).ok());
  EXPECT_EQ(none.participants_size(), 0);
}

TEST_F(TrainingServiceTest, ListParticipantTrainingListsEveryBadField) {
  Settings();
  Enrol("2476011", 2, 2);
  v1::ListParticipantTrainingRequest request;
  request.set_edition("PILOT");
  request.set_page_size(1);
  v1::ListParticipantTrainingResponse page;
  ASSERT_TRUE(List(request, &page, auth::v1::ADMIN).ok());
  ASSERT_FALSE(page.next_page_token().empty());

  v1::ListParticipantTrainingRequest bad;
  bad.set_edition("pilot 2017");
  bad.set_page_size(1001);
  bad.set_page_token("not a token");
  grpc::Status status = List(bad, &page, auth::v1::ADMIN);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status),
            (std::vector<std::string>{"edition", "pageSize", "pageToken"}));
  // A token is only valid for its edition; a negative size is refused.
  bad = request;
  bad.set_edition("ROLLOUT");
  bad.set_page_token(page.next_page_token());
  EXPECT_EQ(BadFields(List(bad, &page, auth::v1::ADMIN)),
            std::vector<std::string>{"pageToken"});
  bad = request;
  bad.set_page_size(-1);
  EXPECT_EQ(BadFields(List(bad, &page, auth::v1::ADMIN)),
            std::vector<std::string>{"pageSize"});
}

// Issue 17: a calendar feed's life. Its owner creates it (the secret shown
// once, only its SHA-256 kept), reads it with no principal (each read
// recorded), lists it without the secret, and revokes it; a revoked address
// answers exactly like an unknown or malformed one. Others can neither
// create a feed of what they cannot read, nor see or revoke someone's.

}  // namespace
}  // namespace jstedu::training::pgtest
