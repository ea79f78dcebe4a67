// The training store against a real PostgreSQL: the seeds' pilot plan,
// conflicts, didactic-hour validation, attendance and completion exactly
// once, tasks and their due dates, sign-up capacity and deadline, rooming
// and evaluations; the edition's training records (ListParticipantTraining)
// against each participant's record and the attendance events. Rosters are
// written as recruitment's events would leave them (roster_pgtest covers
// the projection itself).
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <map>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/grpc/access.h"
#include "common/events/migrations.h"
#include "common/grpc/principal.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/training/api_input.h"
#include "services/training/migrations.h"
#include "services/training/store/training_store.h"
#include "services/training/training_service.h"

namespace jstedu::training {
namespace {

using google::protobuf::util::TimeUtil;
using ::jstedu::testing::TestSchema;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

using google::protobuf::util::MessageDifferencer;

// The google.rpc.PreconditionFailure of a refusal: "TYPE subject" each.
std::string Violations(const absl::Status& status) {
  std::string out;
  auto payload =
      status.GetPayload("type.googleapis.com/google.rpc.PreconditionFailure");
  google::rpc::PreconditionFailure failure;
  if (payload && failure.ParseFromString(std::string(*payload))) {
    for (const auto& v : failure.violations()) {
      absl::StrAppend(&out, v.type(), " ", v.subject(), "; ");
    }
  }
  return out;
}

std::string Utc(const google::protobuf::Timestamp& ts) {
  return TimeUtil::ToString(ts);
}

absl::Time At(const std::string& local) {
  auto t = ParseLocalInstant(local);
  EXPECT_TRUE(t.ok()) << local;
  return *t;
}

// The edition's period (recruitment's EditionChanged; the service passes
// it to ModuleFromRequest).
const EditionPeriod kPilot{absl::CivilDay(2017, 1, 1),
                           absl::CivilDay(2018, 12, 31)};

class TrainingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(db_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(pg::ApplyMigrations(db_.pool(), "training", Migrations()).ok());
  }

  v1::TrainingSettings Settings(int hour_minutes = 45, int modules = 5) {
    v1::TrainingSettings s;
    s.set_edition("PILOT");
    s.set_didactic_hour_minutes(hour_minutes);
    s.set_session_minutes(90);
    s.set_completion_percent(80);
    s.set_third_week_reading(v1::THIRD_MONDAY_WEEK);
    s.set_task_due_days_before(7);
    s.set_module_count(modules);
    auto saved = store_.PutSettings(s);
    EXPECT_TRUE(saved.ok()) << saved.status();
    return *saved;
  }

  v1::Module Module(int number, const std::string& starts,
                    const std::string& ends, const std::string& third_week = "",
                    int shuttle = 50) {
    v1::Module m;
    m.set_number(number);
    m.set_title(absl::StrCat("Moduł ", number));
    m.set_venue("Hotel, Warszawa");
    m.set_starts_local(starts);
    m.set_ends_local(ends);
    m.set_third_week_of(third_week);
    m.set_didactic_hours(21);
    m.set_shuttle_seats(shuttle);
    m.set_parking_places(10);
    m.set_signup_deadline_local(deadline_);
    auto* big = m.add_rooms();
    big->set_id("A");
    big->set_name("Sala A");
    big->set_capacity(500);
    auto* small = m.add_rooms();
    small->set_id("B");
    small->set_name("Sala B");
    small->set_capacity(5);
    auto settings = store_.GetSettings("PILOT");
    EXPECT_TRUE(settings.ok());
    auto input = ModuleFromRequest(m, *settings, kPilot);
    EXPECT_TRUE(input.ok()) << input.status();
    auto created = store_.CreateModule("PILOT", *input);
    EXPECT_TRUE(created.ok()) << created.status();
    return *created;
  }

  absl::StatusOr<v1::Session> Session(const std::string& module,
                                      const std::string& starts, int group,
                                      const std::string& room,
                                      const std::string& trainer,
                                      int minutes = 90) {
    v1::Session s;
    s.set_starts_local(starts);
    s.set_duration_minutes(minutes);
    s.set_thematic_area(v1::KEY_COMPETENCES);
    s.set_workshop_group(group);
    s.set_room(room);
    s.set_trainer(trainer);
    auto input = SessionFromRequest(s, *store_.GetSettings("PILOT"));
    if (!input.ok()) return input.status();
    return store_.CreateSession(module, *input);
  }

  // A qualified JST with `n` rostered participants in `group`.
  std::vector<std::string> Enrol(const std::string& teryt, int group, int n,
                                 bool declaration = true,
                                 const std::string& sex = "FEMALE") {
    const std::string app = db_.Query("SELECT gen_random_uuid()::text");
    db_.Query(absl::StrCat(
        "INSERT INTO roster_jst (application_id, edition, teryt, voivodeship, "
        "workshop_group, qualified_at, event_at) VALUES ('",
        app, "', 'PILOT', '", teryt, "', '", teryt.substr(0, 2), "', ", group,
        ", now(), now()) RETURNING 1"));
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      ids.push_back(db_.Query(absl::StrCat(
          "INSERT INTO roster_participant (participant_id, application_id, "
          "edition, teryt, voivodeship, sex, age_at_start, target_group, "
          "active, declaration_recorded, participation_start, event_at) "
          "VALUES (gen_random_uuid(), '",
          app, "', 'PILOT', '", teryt, "', '", teryt.substr(0, 2), "', '", sex,
          "', 40, 'OPERATIONAL_STAFF', true, ", declaration ? "true" : "false",
          ", '2017-03-01', now()) RETURNING participant_id::text")));
    }
    return ids;
  }

  int Count(const std::string& sql) { return std::stoi(db_.Query(sql)); }
  int Events(const std::string& type) {
    return Count(absl::StrCat(
        "SELECT count(*) FROM outbox WHERE event_type = 'jstedu.events.v1.",
        type, "'"));
  }

  // A module whose sessions add up for every group: 10 × 90 + 45 minutes of
  // all-groups sessions (21 hours of 45 minutes).
  void FullPlan(const std::string& module, const std::string& day) {
    for (int i = 0; i < 10; ++i) {
      const int minute = 8 * 60 + i * 90;
      ASSERT_TRUE(Session(module,
                          absl::StrCat(
                              day, "T", absl::Dec(minute / 60, absl::kZeroPad2),
                              ":", absl::Dec(minute % 60, absl::kZeroPad2)),
                          0, "A", "trener-1")
                      .ok());
    }
    ASSERT_TRUE(
        Session(module, absl::StrCat(day, "T23:00"), 0, "A", "trener-1", 45)
            .ok());
  }

  TestSchema db_;
  TrainingStore store_{db_.pool()};
  Actor admin_{"office", "ADMIN", ""};
  std::string deadline_ = "2017-03-24T15:00";
};

TEST_F(TrainingStoreTest, TheSeedsPilotPlanIsEnteredWithItsUtcInstants) {
  Settings();
  std::vector<v1::Module> modules = {
      Module(1, "2017-04-05T11:00", "2017-04-07T14:30"),
      Module(2, "", "", "2017-06"), Module(3, "", "", "2017-08"),
      Module(4, "", "", "2017-10"), Module(5, "", "", "2017-11")};
  std::vector<std::string> starts, ends, local;
  for (const auto& m : modules) {
    starts.push_back(Utc(m.start_time()));
    ends.push_back(Utc(m.end_time()));
    local.push_back(m.starts_local());
  }
  EXPECT_EQ(starts, (std::vector<std::string>{
                        "2017-04-05T09:00:00Z", "2017-06-21T09:00:00Z",
                        "2017-08-23T09:00:00Z", "2017-10-18T09:00:00Z",
                        "2017-11-22T10:00:00Z"}));
  EXPECT_EQ(ends, (std::vector<std::string>{
                      "2017-04-07T12:30:00Z", "2017-06-23T12:30:00Z",
                      "2017-08-25T12:30:00Z", "2017-10-20T12:30:00Z",
                      "2017-11-24T13:30:00Z"}));
  EXPECT_EQ(local[0], "2017-04-05T11:00:00+02:00");
  EXPECT_EQ(local[4], "2017-11-22T11:00:00+01:00");
  EXPECT_EQ(modules[1].third_week_of(), "2017-06");
  // The shuttle deadline 24 March 2017 15:00 (CET) is 14:00 UTC.
  EXPECT_EQ(Utc(modules[0].signup_deadline()), "2017-03-24T14:00:00Z");
  // Stored, not recomputed: the list answers the same instants.
  auto listed = store_.ListModules("PILOT");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 5u);
  EXPECT_EQ(Utc((*listed)[4].start_time()), "2017-11-22T10:00:00Z");
  // Numbers follow dates: a module 6 before module 5 is refused.
  v1::Module early;
  early.set_number(6);
  early.set_title("x");
  early.set_venue("x");
  early.set_starts_local("2017-09-05T11:00");
  early.set_ends_local("2017-09-07T14:30");
  early.set_didactic_hours(21);
  early.add_rooms()->CopyFrom(modules[0].rooms(0));
  auto input = ModuleFromRequest(early, *store_.GetSettings("PILOT"), kPilot);
  ASSERT_TRUE(input.ok());
  auto refused = store_.CreateModule("PILOT", *input);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(TrainingStoreTest, DoubleBookedRoomOrTrainerIsRefusedNamingTheSessions) {
  Settings();
  const v1::Module m1 = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const v1::Module m2 = Module(2, "2017-06-21T11:00", "2017-06-23T14:30");
  auto first = Session(m1.id(), "2017-04-05T11:00", 1, "A", "trener-1");
  ASSERT_TRUE(first.ok()) << first.status();
  // Same room, overlapping, another group and trainer.
  auto room = Session(m1.id(), "2017-04-05T12:00", 2, "A", "trener-2");
  EXPECT_EQ(room.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(room.status()), HasSubstr("ROOM_DOUBLE_BOOKED"));
  EXPECT_THAT(Violations(room.status()), HasSubstr("sessions/" + first->id()));
  // Same trainer, another room and group.
  auto trainer = Session(m1.id(), "2017-04-05T11:30", 3, "B", "trener-1");
  EXPECT_EQ(trainer.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(trainer.status()), HasSubstr("TRAINER_DOUBLE_BOOKED"));
  EXPECT_THAT(Violations(trainer.status()),
              HasSubstr("sessions/" + first->id()));
  // Back to back is fine (half-open slots).
  EXPECT_TRUE(Session(m1.id(), "2017-04-05T12:30", 2, "A", "trener-1").ok());
  // A room too small for the group's roster.
  Enrol("2476011", 2, 6);
  auto small = Session(m1.id(), "2017-04-06T09:00", 2, "B", "trener-3");
  EXPECT_THAT(Violations(small.status()), HasSubstr("ROOM_TOO_SMALL"));
  // Nothing refused was written.
  EXPECT_EQ(Count("SELECT count(*) FROM session"), 2);
  // Moving module 2 onto module 1's dates is refused (module order).
  EXPECT_EQ(store_
                .MoveModule(m2.id(), absl::CivilDay(2017, 4, 5),
                            AmbiguousTime::kRefuse)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(TrainingStoreTest, DidacticHoursAddUpWith45And60MinuteHours) {
  Settings(45);
  const v1::Module m = Module(1, "2017-04-05T08:00", "2017-04-07T23:59");
  FullPlan(m.id(), "2017-04-05");
  auto report = store_.ValidateModule(m.id());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->valid());
  ASSERT_EQ(report->balances_size(), 4);
  EXPECT_EQ(report->balances(0).required_minutes(), 945);  // 21 × 45
  EXPECT_EQ(report->balances(0).planned_minutes(), 945);   // 10.5 × 90
  EXPECT_EQ(report->balances(0).planned_hours(), "21");

  // With 60-minute hours the same plan is 15 3/4 hours, 315 minutes short:
  // reported as it is, not rounded.
  Settings(60);
  report = store_.ValidateModule(m.id());
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->valid());
  EXPECT_EQ(report->balances(2).required_minutes(), 1260);
  EXPECT_EQ(report->balances(2).difference_minutes(), -315);
  EXPECT_EQ(report->balances(2).planned_hours(), "63/4");
  EXPECT_FALSE(report->balances(2).adds_up());
  // 3.5 more sessions of 90 minutes (315 minutes) make 21 hours of 60.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Session(m.id(), absl::StrCat("2017-04-06T0", i * 2, ":00"), 0,
                        "A", "trener-1")
                    .ok());
  }
  ASSERT_TRUE(Session(m.id(), "2017-04-06T06:00", 0, "A", "trener-1", 45).ok());
  report = store_.ValidateModule(m.id());
  EXPECT_TRUE(report->valid());
  EXPECT_EQ(report->balances(3).planned_hours(), "21");
}

TEST_F(TrainingStoreTest, AttendanceRulesAndCompletionPublishedExactlyOnce) {
  Settings(45, /*modules=*/1);
  const v1::Module m = Module(1, "2017-04-05T08:00", "2017-04-07T23:59");
  FullPlan(m.id(), "2017-04-05");
  auto sessions = store_.ListSessions(m.id());
  ASSERT_TRUE(sessions.ok());
  const auto team = Enrol("2476011", 2, 3);
  const auto undeclared = Enrol("1465011", 2, 1, /*declaration=*/false);
  const auto other_group = Enrol("0201011", 1, 1);
  const absl::Time now = At("2017-04-07T15:00");

  // Not on the roster (unknown) / no declaration: refused, nothing written.
  EXPECT_EQ(store_
                .RecordAttendance((*sessions)[0].id(),
                                  "00000000-0000-4000-8000-000000000001",
                                  v1::PRESENT, "", "", now, admin_)
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  auto no_declaration = store_.RecordAttendance(
      (*sessions)[0].id(), undeclared[0], v1::PRESENT, "", "", now, admin_);
  EXPECT_THAT(Violations(no_declaration.status()),
              HasSubstr("DECLARATION_MISSING"));
  auto absent = store_.RecordAttendance((*sessions)[0].id(), undeclared[0],
                                        v1::ABSENT, "", "", now, admin_);
  EXPECT_TRUE(absent.ok()) << absent.status();

  // 80 % of 945 minutes is 756: 8 sessions of 90 (720) are not enough,
  // 9 (810) are. Marks from several threads at once for all three.
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (const std::string& p : team) {
    for (int i = 0; i < 9; ++i) {
      threads.emplace_back([&, p, i] {
        auto mark = store_.RecordAttendance((*sessions)[i].id(), p, v1::PRESENT,
                                            "", "", now, admin_);
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
  ASSERT_TRUE(store_
                  .RecordAttendance((*sessions)[0].id(), team[0], v1::PRESENT,
                                    "", "", now, admin_)
                  .ok());
  EXPECT_EQ(Events("AttendanceRecorded"), marks_before);
  // Changing it back and forth publishes the marks, never a second completion.
  ASSERT_TRUE(store_
                  .RecordAttendance((*sessions)[0].id(), team[0], v1::ABSENT,
                                    "", "", now, admin_)
                  .ok());
  ASSERT_TRUE(store_
                  .RecordAttendance((*sessions)[1].id(), team[0], v1::LATE, "",
                                    "", now, admin_)
                  .ok());
  ASSERT_TRUE(store_
                  .RecordAttendance((*sessions)[0].id(), team[0], v1::PRESENT,
                                    "", "", now, admin_)
                  .ok());
  ASSERT_TRUE(store_
                  .RecordAttendance((*sessions)[9].id(), team[0], v1::PRESENT,
                                    "", "", now, admin_)
                  .ok());
  EXPECT_EQ(Events("AttendanceRecorded"), marks_before + 4);
  EXPECT_EQ(Events("ParticipantCompletedTraining"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM completion"), 3);

  auto record = store_.ParticipantTraining(team[0]);
  ASSERT_TRUE(record.ok());
  EXPECT_TRUE(record->completed());
  EXPECT_EQ(record->attended_minutes(), 900);  // 10 sessions of 90
  EXPECT_EQ(record->attended_hours(), "20");
  EXPECT_EQ(record->planned_hours(), "21");
  auto other = store_.ParticipantTraining(other_group[0]);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->completed());

  // A withdrawn participant leaves the roster of future marks; their past
  // marks stay.
  db_.Query(
      absl::StrCat("UPDATE roster_participant SET active = false WHERE "
                   "participant_id = '",
                   team[1], "' RETURNING 1"));
  auto after = store_.RecordAttendance((*sessions)[10].id(), team[1],
                                       v1::PRESENT, "", "", now, admin_);
  EXPECT_THAT(Violations(after.status()), HasSubstr("NOT_ROSTERED"));
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM attendance WHERE "
                               "participant_id = '",
                               team[1], "'")),
            9);
}

TEST_F(TrainingStoreTest, TasksAreDueBeforeTheNextModuleAndMoveWithIt) {
  Settings();
  const v1::Module m1 = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const v1::Module m2 = Module(2, "", "", "2017-06");
  Enrol("2476011", 2, 3);
  Enrol("1465011", 2, 3);
  const absl::Time now = At("2017-04-10T12:00");
  // The last module has no next one: a fixed due date is needed.
  EXPECT_EQ(store_
                .CreateTask(m2.id(), "Plan", "", std::nullopt, std::nullopt,
                            now, admin_)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  auto created = store_.CreateTask(m1.id(), "Diagnoza", "Zebrać dane", 7,
                                   std::nullopt, now, admin_);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->tasks_size(), 2);
  // 7 days before 21 June 2017 11:00 local.
  EXPECT_EQ(Utc(created->tasks(0).due_time()), "2017-06-14T09:00:00Z");
  // Module 2 moves a week later: the due date follows.
  auto moved = store_.MoveModule(m2.id(), absl::CivilDay(2017, 11, 8),
                                 AmbiguousTime::kRefuse);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(Utc(moved->start_time()), "2017-11-08T10:00:00Z");  // now CET
  TaskQuery all;
  all.edition = "PILOT";
  all.now = now;
  bool more = false;
  auto tasks = store_.ListTasks(all, &more);
  ASSERT_TRUE(tasks.ok());
  EXPECT_EQ(Utc((*tasks)[0].due_time()), "2017-11-01T10:00:00Z");

  // Submit, return with a comment, resubmit, accept; illegal steps refused.
  ASSERT_EQ(tasks->size(), 2u);
  const std::string id =
      (*tasks)[(*tasks)[0].teryt() == "2476011" ? 0 : 1].id();
  EXPECT_EQ(store_.ChangeTask(id, TaskAction::kAccept, "", now, admin_)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(
      store_.ChangeTask(id, TaskAction::kSubmit, "raport", now, admin_).ok());
  auto returned =
      store_.ChangeTask(id, TaskAction::kReturn, "uzupełnić", now, admin_);
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->status(), v1::TASK_RETURNED);
  EXPECT_EQ(returned->comment(), "uzupełnić");
  ASSERT_TRUE(
      store_.ChangeTask(id, TaskAction::kSubmit, "raport 2", now, admin_).ok());
  auto accepted = store_.ChangeTask(id, TaskAction::kAccept, "", now, admin_);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->status(), v1::TASK_ACCEPTED);
  EXPECT_EQ(
      Count(absl::StrCat("SELECT count(*) FROM task_history WHERE task_id = '",
                         id, "'")),
      4);

  // Overdue after the due date: the other JST's task, listed per voivodeship.
  TaskQuery overdue;
  overdue.voivodeship = "14";
  overdue.overdue_only = true;
  overdue.now = At("2017-11-02T12:00");
  auto late = store_.ListTasks(overdue, &more);
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->size(), 1u);
  EXPECT_EQ((*late)[0].teryt(), "1465011");
  EXPECT_TRUE((*late)[0].overdue());
  overdue.voivodeship = "24";  // its task was accepted
  EXPECT_TRUE(store_.ListTasks(overdue, &more)->empty());
}

// The field paths of an InvalidArgument's google.rpc.BadRequest.
std::vector<std::string> BadFields(const absl::Status& status) {
  std::vector<std::string> fields;
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.BadRequest");
  google::rpc::BadRequest bad;
  if (payload && bad.ParseFromString(std::string(*payload))) {
    for (const auto& v : bad.field_violations()) fields.push_back(v.field());
  }
  return fields;
}

// Issue 16: dates that cannot be are refused naming the field; nothing is
// written.
TEST_F(TrainingStoreTest, DatesThatCannotBeAreRefusedNamingTheField) {
  Settings();
  const auto settings = *store_.GetSettings("PILOT");
  auto module = [&](const std::string& starts, const std::string& ends,
                    const std::string& deadline) {
    v1::Module m;
    m.set_number(1);
    m.set_title("Moduł 1");
    m.set_venue("Hotel, Warszawa");
    m.set_starts_local(starts);
    m.set_ends_local(ends);
    m.set_signup_deadline_local(deadline);
    m.set_didactic_hours(21);
    auto* room = m.add_rooms();
    room->set_id("A");
    room->set_name("Sala A");
    room->set_capacity(50);
    return m;
  };
  // Modules within the edition (2017-01-01 .. 2018-12-31).
  EXPECT_EQ(BadFields(ModuleFromRequest(
                          module("2016-12-30T11:00", "2017-01-01T14:30", ""),
                          settings, kPilot)
                          .status()),
            std::vector<std::string>{"module.startsLocal"});
  EXPECT_EQ(BadFields(ModuleFromRequest(
                          module("2018-12-30T11:00", "2019-01-01T14:30", ""),
                          settings, kPilot)
                          .status()),
            std::vector<std::string>{"module.endsLocal"});
  v1::Module proposed = module("", "", "");
  proposed.set_third_week_of("2019-03");
  EXPECT_EQ(BadFields(ModuleFromRequest(proposed, settings, kPilot).status()),
            std::vector<std::string>{"module.thirdWeekOf"});
  // A sign-up deadline after the module's start.
  EXPECT_EQ(
      BadFields(ModuleFromRequest(module("2017-04-05T11:00", "2017-04-07T14:30",
                                         "2017-04-05T11:01"),
                                  settings, kPilot)
                    .status()),
      std::vector<std::string>{"module.signupDeadlineLocal"});
  EXPECT_TRUE(ModuleFromRequest(module("2017-04-05T11:00", "2017-04-07T14:30",
                                       "2017-04-05T11:00"),
                                settings, kPilot)
                  .ok());

  // A task due in or before its module: an explicit date, or a count back
  // from the next module that reaches into this one.
  const v1::Module m1 = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const v1::Module m2 = Module(2, "2017-04-19T11:00", "2017-04-21T14:30");
  Enrol("2476011", 2, 1);
  const absl::Time now = At("2017-04-01T12:00");
  auto fixed = store_.CreateTask(m1.id(), "Diagnoza", "", std::nullopt,
                                 At("2017-04-07T14:00"), now, admin_);
  EXPECT_EQ(BadFields(fixed.status()), std::vector<std::string>{"dueLocal"});
  auto counted =
      store_.CreateTask(m1.id(), "Diagnoza", "", 13, std::nullopt, now, admin_);
  EXPECT_EQ(BadFields(counted.status()),
            std::vector<std::string>{"dueDaysBefore"});
  EXPECT_EQ(Count("SELECT count(*) FROM task_definition"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM task"), 0);
  // 7 days before module 2 is 12 April: fine. Moving module 2 to start
  // on 10 April would make it due on 3 April, inside module 1: refused.
  ASSERT_TRUE(
      store_.CreateTask(m1.id(), "Diagnoza", "", 7, std::nullopt, now, admin_)
          .ok());
  auto moved = store_.MoveModule(m2.id(), absl::CivilDay(2017, 4, 10),
                                 AmbiguousTime::kRefuse);
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(moved.status()), HasSubstr("TASK_DUE_IN_MODULE"));
  EXPECT_EQ(Utc(store_.GetModule(m2.id())->start_time()),
            "2017-04-19T09:00:00Z");

  // The edition's dates change later (recruitment's EditionChanged): a
  // module now outside is reported among the plan's conflicts.
  EXPECT_THAT(store_.ValidateModule(m2.id())->conflicts(),
              ::testing::IsEmpty());
  db_.Query(
      "INSERT INTO edition_period VALUES ('PILOT', '2017-04-10', "
      "'2018-12-31', now()) RETURNING 1");
  auto report = store_.ValidateModule(m1.id());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->valid());
  ASSERT_EQ(report->conflicts_size(), 1);
  EXPECT_EQ(report->conflicts(0).kind(), "OUTSIDE_EDITION");
  EXPECT_THAT(report->conflicts(0).description(), HasSubstr("2017-04-10"));
  EXPECT_EQ(store_.GetSettings("PILOT")->edition_starts_on(), "2017-04-10");
}

TEST_F(TrainingStoreTest, TwoHundredConcurrentSignupsFillFiftyShuttleSeats) {
  Settings();
  const v1::Module m =
      Module(1, "2017-04-05T11:00", "2017-04-07T14:30", "", /*shuttle=*/50);
  std::vector<ParticipantPlace> people;
  for (int j = 0; j < 40; ++j) {
    for (const std::string& id :
         Enrol(absl::StrCat("24", 10 + j, "011"), 2, 5)) {
      people.push_back(*store_.LocateParticipant(id));
    }
  }
  ASSERT_EQ(people.size(), 200u);
  const absl::Time before = At("2017-03-20T10:00");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (const ParticipantPlace& p : people) {
    threads.emplace_back([&, p] {
      if (store_.CreateSignup(m.id(), p, true, true, false, before, admin_)
              .ok())
        ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  auto list = store_.ShuttleList(m.id());
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->confirmed(), 50);
  EXPECT_EQ(list->waitlisted(), 150);
  EXPECT_EQ(
      Count("SELECT count(*) FROM signup WHERE shuttle_seat = 'CONFIRMED'"),
      50);
  // A second sign-up of the same participant is refused.
  EXPECT_EQ(
      store_.CreateSignup(m.id(), people[0], true, true, false, before, admin_)
          .status()
          .code(),
      absl::StatusCode::kAlreadyExists);

  // Rooming: 200 women of 40 JSTs (5 each) in 100 doubles... 40 JSTs with an
  // odd team: 80 same-JST pairs and 20 mixed.
  auto rooming = store_.RoomingList(m.id());
  ASSERT_TRUE(rooming.ok()) << rooming.status();
  EXPECT_EQ(rooming->double_rooms(), 100);
  EXPECT_EQ(rooming->single_rooms(), 0);
  int same_jst = 0;
  for (const auto& room : rooming->rooms()) same_jst += room.same_jst();
  EXPECT_EQ(same_jst, 80);
  EXPECT_EQ(rooming->meals_size(), 10);
}

TEST_F(TrainingStoreTest,
       ASignupOneSecondBeforeTheDeadlineIsAcceptedOneAfterIsQueued) {
  Settings();
  const v1::Module m = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const auto ids = Enrol("2476011", 2, 3);
  const absl::Time deadline = At(deadline_);  // 24 March 2017 15:00 CET
  auto in_time =
      store_.CreateSignup(m.id(), *store_.LocateParticipant(ids[0]), false,
                          true, false, deadline - absl::Seconds(1), admin_);
  ASSERT_TRUE(in_time.ok()) << in_time.status();
  EXPECT_EQ(in_time->status(), v1::SIGNUP_CONFIRMED);
  EXPECT_EQ(in_time->shuttle_seat(), v1::SEAT_CONFIRMED);
  auto late =
      store_.CreateSignup(m.id(), *store_.LocateParticipant(ids[1]), false,
                          true, false, deadline + absl::Seconds(1), admin_);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->status(), v1::SIGNUP_PENDING_APPROVAL);
  EXPECT_EQ(late->shuttle_seat(), v1::SEAT_WAITLISTED);
  // The office approves: a seat is free, so it is held.
  auto approved = store_.DecideSignup(late->id(), true, "", admin_);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->status(), v1::SIGNUP_APPROVED);
  EXPECT_EQ(approved->shuttle_seat(), v1::SEAT_CONFIRMED);
  EXPECT_EQ(store_.DecideSignup(late->id(), true, "", admin_).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      store_.DecideSignup(in_time->id(), false, "x", admin_).status().code(),
      absl::StatusCode::kFailedPrecondition);
  // Cancelling the approval frees the seat; a new request may follow.
  auto cancelled = store_.DecideSignup(late->id(), false, "rezygnacja", admin_);
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->shuttle_seat(), v1::SEAT_NOT_REQUESTED);
  EXPECT_TRUE(store_
                  .CreateSignup(m.id(), *store_.LocateParticipant(ids[1]),
                                false, false, false,
                                deadline + absl::Seconds(2), admin_)
                  .ok());
}

TEST_F(TrainingStoreTest, EvaluationsAverageByAreaAndGroup) {
  Settings();
  const v1::Module m = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const auto a = Enrol("2476011", 2, 2);
  const auto b = Enrol("0201011", 1, 1);
  auto rate = [&](const std::string& id, int diagnosis, int finance) {
    v1::Evaluation e;
    auto* r1 = e.add_ratings();
    r1->set_area(v1::DIAGNOSIS_AND_INDICATORS);
    r1->set_score(diagnosis);
    auto* r2 = e.add_ratings();
    r2->set_area(v1::FINANCING_EDUCATION);
    r2->set_score(finance);
    e.set_comment("Dobre zajęcia");
    return store_.SubmitEvaluation(m.id(), *store_.LocateParticipant(id), e,
                                   At("2017-04-07T14:00"));
  };
  // Before the module starts: refused.
  EXPECT_EQ(store_
                .SubmitEvaluation(m.id(), *store_.LocateParticipant(a[0]),
                                  v1::Evaluation(), At("2017-04-01T10:00"))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(rate(a[0], 5, 3).ok());
  ASSERT_TRUE(rate(a[0], 4, 3).ok());  // replaces
  ASSERT_TRUE(rate(a[1], 5, 4).ok());
  ASSERT_TRUE(rate(b[0], 3, 2).ok());
  auto summary = store_.EvaluationSummary(m.id(), "");
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->evaluations(), 3);
  ASSERT_GE(summary->averages_size(), 2);
  EXPECT_EQ(summary->averages(0).workshop_group(), 0);
  EXPECT_EQ(summary->averages(0).area(), v1::DIAGNOSIS_AND_INDICATORS);
  EXPECT_EQ(summary->averages(0).average(), "4.00");  // (4 + 5 + 3) / 3
  EXPECT_EQ(summary->averages(1).average(), "3.00");  // (3 + 4 + 2) / 3
  // Per group: group 2 diagnosis (4 + 5) / 2.
  bool found = false;
  for (const auto& avg : summary->averages()) {
    if (avg.workshop_group() == 2 &&
        avg.area() == v1::DIAGNOSIS_AND_INDICATORS) {
      EXPECT_EQ(avg.average(), "4.50");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  // A coordinator of voivodeship 02 sees only its participant's evaluation.
  EXPECT_EQ(store_.EvaluationSummary(m.id(), "02")->evaluations(), 1);
}

// Minutes per participant that the AttendanceRecorded events imply: the
// newest event per (session, participant), newest by the envelope's
// occurred_at (the outbox row's creation time).
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
  const auto sessions = *store_.ListSessions(m.id());
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
    auto marked = store_.RecordAttendance(sessions[session].id(), p, s, note,
                                          "", now, admin_);
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
    auto page = store_.ListParticipantTraining("PILOT", after, 2, &more);
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
    auto single = store_.ParticipantTraining(record.participant());
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
  const auto sessions = *store_.ListSessions(m.id());
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
  auto recorded = store_.RecordSessionAttendance(first, sheet, "", now, admin_);
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
  auto again = store_.RecordSessionAttendance(first, sheet, "",
                                              now + absl::Hours(1), admin_);
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
  auto refused =
      store_.RecordSessionAttendance(first,
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
  auto changed = store_.RecordSessionAttendance(
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
    ASSERT_TRUE(store_
                    .RecordSessionAttendance(sessions[i].id(),
                                             {{team[0], v1::PRESENT, ""},
                                              {team[1], v1::PRESENT, ""}},
                                             "", now, admin_)
                    .ok());
  }
  EXPECT_EQ(Events("ParticipantCompletedTraining"), 0);
  const std::string last_id = db_.Query("SELECT max(id) FROM outbox");
  ASSERT_TRUE(store_
                  .RecordSessionAttendance(
                      sessions[8].id(),
                      {{team[0], v1::PRESENT, ""}, {team[1], v1::PRESENT, ""}},
                      "", now, admin_)
                  .ok());
  // team[0]: 8 × 90 = 720 < 756; team[1]: 9 sessions (LATE counts) = 810.
  // Another one for team[0] completes it too.
  ASSERT_TRUE(store_
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
  const auto sessions = *store_.ListSessions(m.id());
  const auto team = Enrol("2476011", 2, 2);
  const absl::Time now = At("2017-04-07T15:00");
  // team[0] attends 2 sessions of 90 minutes, team[1] 9.
  for (int i = 0; i < 9; ++i) {
    for (const std::string& p : team) {
      if (p == team[0] && i >= 2) continue;
      ASSERT_TRUE(store_
                      .RecordAttendance(sessions[i].id(), p, v1::PRESENT, "",
                                        "", now, admin_)
                      .ok());
    }
  }
  auto low = store_.ParticipantTraining(team[0]);
  ASSERT_TRUE(low.ok()) << low.status();
  EXPECT_EQ(low->attended_minutes(), 180);
  EXPECT_EQ(low->planned_minutes(), 945);
  EXPECT_EQ(low->attended_percent(), 19);  // 180 of 945 minutes
  EXPECT_EQ(low->completion_threshold_percent(), 80);
  EXPECT_FALSE(low->completed());
  EXPECT_FALSE(low->has_completion_time());
  auto high = store_.ParticipantTraining(team[1]);
  ASSERT_TRUE(high.ok()) << high.status();
  EXPECT_EQ(high->attended_percent(), 85);  // 810 of 945
  EXPECT_EQ(high->completion_threshold_percent(), 80);
  EXPECT_TRUE(high->completed());
}

TEST_F(TrainingStoreTest, AMarkedSessionKeepsItsLengthWhenItsModuleMoves) {
  Settings();
  // A night session: moved onto the night the clocks go forward (26 March
  // 2017, 02:00 → 03:00) it would last 30 minutes instead of 90.
  deadline_ = "2017-03-10T15:00";  // before the module starts
  const v1::Module m = Module(1, "2017-03-20T00:00", "2017-03-22T23:59");
  auto night = Session(m.id(), "2017-03-21T01:30", 0, "A", "trener-1");
  ASSERT_TRUE(night.ok()) << night.status();
  const auto team = Enrol("2476011", 2, 1);
  ASSERT_TRUE(store_
                  .RecordAttendance(night->id(), team[0], v1::PRESENT, "", "",
                                    At("2017-03-21T03:30"), admin_)
                  .ok());
  auto moved = store_.MoveModule(m.id(), absl::CivilDay(2017, 3, 25),
                                 AmbiguousTime::kRefuse);
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(moved.status()),
              HasSubstr("MARKED_SESSION_LENGTH sessions/" + night->id()));
  // Nothing moved; a move that keeps the length is fine.
  EXPECT_EQ(Utc(store_.GetModule(m.id())->start_time()),
            "2017-03-19T23:00:00Z");
  moved = store_.MoveModule(m.id(), absl::CivilDay(2017, 3, 27),
                            AmbiguousTime::kRefuse);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ((*store_.ListSessions(m.id()))[0].duration_minutes(), 90);
  EXPECT_EQ(store_.ParticipantTraining(team[0])->attended_minutes(), 90);
}

// ListParticipantTraining through the gRPC service: roles and input.
class TrainingServiceTest : public TrainingStoreTest {
 protected:
  void SetUp() override {
    TrainingStoreTest::SetUp();
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    grpcutil::UseAccessCheck(builder);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = v1::TrainingService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  grpc::Status List(const v1::ListParticipantTrainingRequest& request,
                    v1::ListParticipantTrainingResponse* response,
                    auth::v1::Role role) {
    grpc::ClientContext context;
    auth::v1::Principal principal;
    principal.set_subject("test");
    principal.set_role(role);
    if (role == auth::v1::COORDINATOR) principal.set_voivodeship("24");
    if (role == auth::v1::JST) principal.set_jst("2476011");
    grpcutil::WithPrincipal(context, principal);
    return stub_->ListParticipantTraining(&context, request, response);
  }

  // `context` calling as `subject` with `role`: a COORDINATOR of
  // voivodeship 24, a JST of `jst`.
  static void Sign(grpc::ClientContext& context, auth::v1::Role role,
                   const std::string& subject,
                   const std::string& jst = "2476011") {
    auth::v1::Principal principal;
    principal.set_subject(subject);
    principal.set_role(role);
    if (role == auth::v1::COORDINATOR) principal.set_voivodeship("24");
    if (role == auth::v1::JST) principal.set_jst(jst);
    grpcutil::WithPrincipal(context, principal);
  }

  grpc::Status CreateFeed(const v1::CreateCalendarFeedRequest& request,
                          v1::CalendarFeed* feed, auth::v1::Role role,
                          const std::string& subject,
                          const std::string& jst = "2476011") {
    grpc::ClientContext context;
    Sign(context, role, subject, jst);
    return stub_->CreateCalendarFeed(&context, request, feed);
  }

  grpc::Status ListFeeds(const std::string& owner,
                         v1::ListCalendarFeedsResponse* feeds,
                         auth::v1::Role role, const std::string& subject) {
    grpc::ClientContext context;
    Sign(context, role, subject);
    v1::ListCalendarFeedsRequest request;
    request.set_owner(owner);
    return stub_->ListCalendarFeeds(&context, request, feeds);
  }

  grpc::Status RevokeFeed(const std::string& id, auth::v1::Role role,
                          const std::string& subject,
                          const std::string& jst = "2476011") {
    grpc::ClientContext context;
    Sign(context, role, subject, jst);
    v1::RevokeCalendarFeedRequest request;
    request.set_id(id);
    v1::CalendarFeed revoked;
    return stub_->RevokeCalendarFeed(&context, request, &revoked);
  }

  // A plan of one session for all groups (trener-1's) and one participant
  // of JST 2476011 on the roster: the session and the participant's id.
  std::pair<v1::Session, std::string> OneSessionOneParticipant() {
    Settings();
    const v1::Module m = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
    auto session = Session(m.id(), "2017-04-05T11:00", 0, "A", "trener-1");
    EXPECT_TRUE(session.ok()) << session.status();
    const auto team = Enrol("2476011", 2, 1);
    return {session.value_or(v1::Session()), team[0]};
  }

  // Reads a feed's address as a calendar app does: no principal.
  grpc::Status ReadFeed(const std::string& token, api::v1::HttpBody* body) {
    grpc::ClientContext context;
    v1::ReadCalendarFeedRequest request;
    request.set_token(token);
    return stub_->ReadCalendarFeed(&context, request, body);
  }

  // The token of a subscription path "/v1/calendar-feeds/<token>.ics".
  static std::string TokenOf(const v1::CalendarFeed& feed) {
    absl::string_view token(feed.subscription_path());
    EXPECT_TRUE(absl::ConsumePrefix(&token, "/v1/calendar-feeds/"))
        << feed.subscription_path();
    EXPECT_TRUE(absl::ConsumeSuffix(&token, ".ics"))
        << feed.subscription_path();
    return std::string(token);
  }

  static std::vector<std::string> BadFields(const grpc::Status& status) {
    google::rpc::Status details;
    details.ParseFromString(status.error_details());
    std::vector<std::string> fields;
    for (const auto& any : details.details()) {
      google::rpc::BadRequest bad;
      if (!any.UnpackTo(&bad)) continue;
      for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    }
    return fields;
  }

  grpc::Status RenewFeed(const std::string& id, v1::CalendarFeed* renewed,
                         auth::v1::Role role, const std::string& subject,
                         const std::string& jst = "2476011") {
    grpc::ClientContext context;
    Sign(context, role, subject, jst);
    v1::RenewCalendarFeedRequest request;
    request.set_id(id);
    return stub_->RenewCalendarFeed(&context, request, renewed);
  }

  grpc::Status RevokeFeedsOf(const v1::RevokeCalendarFeedsRequest& request,
                             v1::RevokeCalendarFeedsResponse* response,
                             auth::v1::Role role, const std::string& subject) {
    grpc::ClientContext context;
    Sign(context, role, subject);
    return stub_->RevokeCalendarFeeds(&context, request, response);
  }

  // A group calendar feed the office makes for `owner` (a MINISTRY user).
  v1::CalendarFeed GroupFeedFor(const std::string& owner) {
    v1::CreateCalendarFeedRequest create;
    create.set_kind(v1::GROUP_CALENDAR);
    create.set_edition("PILOT");
    create.set_group(1);
    create.mutable_owner()->set_subject(owner);
    create.mutable_owner()->set_role("MINISTRY");
    v1::CalendarFeed feed;
    const grpc::Status status =
        CreateFeed(create, &feed, auth::v1::ADMIN, "office");
    EXPECT_TRUE(status.ok()) << status.error_message();
    return feed;
  }

  CalendarFeedStore feeds_{db_.pool()};
  // The service's "now"; tests move it.
  absl::Time now_ = At("2017-04-07T15:00");
  TrainingServiceImpl service_{store_, feeds_, [this] { return now_; }};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::TrainingService::Stub> stub_;
};

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
  EXPECT_TRUE(MessageDifferencer::Equals(second.participants(0),
                                         *store_.ParticipantTraining(ids[2])));

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
TEST_F(TrainingServiceTest, ACalendarFeedIsCreatedReadListedAndRevoked) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());
  v1::CreateCalendarFeedRequest create;
  create.set_kind(v1::PARTICIPANT_CALENDAR);
  create.set_participant(participant);

  // Another JST cannot subscribe to this JST's participant.
  v1::CalendarFeed feed;
  EXPECT_EQ(
      CreateFeed(create, &feed, auth::v1::JST, "jst-b", "0201011").error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed"), 0);

  ASSERT_TRUE(CreateFeed(create, &feed, auth::v1::JST, "jst-a").ok());
  EXPECT_THAT(feed.subscription_path(),
              MatchesRegex("/v1/calendar-feeds/[A-Za-z0-9_-]{43}\\.ics"));
  EXPECT_EQ(feed.owner().subject(), "jst-a");
  EXPECT_EQ(feed.owner().role(), "JST");
  EXPECT_EQ(feed.owner().jst(), "2476011");
  EXPECT_EQ(feed.created_by(), "jst-a");
  const std::string token = TokenOf(feed);
  // Only the SHA-256 is kept; the token is nowhere in the database.
  EXPECT_EQ(db_.Query("SELECT token_sha256 FROM calendar_feed"),
            db_.Query("SELECT encode(sha256(convert_to('" + token +
                      "', 'UTF8')), 'hex')"));
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed c WHERE "
                  "row_to_json(c)::text LIKE '%" +
                  token + "%'"),
            0);

  // Read with no principal: the participant's calendar, the read recorded.
  api::v1::HttpBody body;
  grpc::Status read = ReadFeed(token, &body);
  ASSERT_TRUE(read.ok()) << read.error_message();
  EXPECT_EQ(body.content_type(), "text/calendar; charset=utf-8");
  EXPECT_THAT(body.data(), HasSubstr("UID:" + session.id() + "@jstedu"));
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed_read WHERE feed_id = '" +
                  feed.id() + "' AND owner_subject = 'jst-a'"),
            1);

  // Listed, without the secret, by its owner and by the office.
  v1::ListCalendarFeedsResponse listed;
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::JST, "jst-a").ok());
  ASSERT_EQ(listed.feeds_size(), 1);
  EXPECT_EQ(listed.feeds(0).id(), feed.id());
  EXPECT_TRUE(listed.feeds(0).subscription_path().empty());
  EXPECT_TRUE(listed.feeds(0).has_last_read_time());
  ASSERT_TRUE(ListFeeds("jst-a", &listed, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(listed.feeds_size(), 1);
  grpc::Status no_owner = ListFeeds("", &listed, auth::v1::ADMIN, "office");
  EXPECT_EQ(no_owner.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(no_owner), std::vector<std::string>{"owner"});
  grpc::Status foreign = ListFeeds("jst-a", &listed, auth::v1::JST, "jst-b");
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(BadFields(foreign), std::vector<std::string>{"owner"});
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::JST, "jst-b").ok());
  EXPECT_EQ(listed.feeds_size(), 0);

  // Someone else cannot revoke it; its owner can, once.
  EXPECT_EQ(
      RevokeFeed(feed.id(), auth::v1::JST, "jst-b", "0201011").error_code(),
      grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(RevokeFeed(feed.id(), auth::v1::JST, "jst-a").ok());
  EXPECT_EQ(RevokeFeed(feed.id(), auth::v1::JST, "jst-a").error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::JST, "jst-a").ok());
  EXPECT_EQ(listed.feeds_size(), 0);

  // Revoked, unknown and malformed addresses: one answer, nothing recorded.
  const grpc::Status revoked = ReadFeed(token, &body);
  const grpc::Status unknown = ReadFeed(std::string(43, 'A'), &body);
  const grpc::Status malformed = ReadFeed("x", &body);
  for (const grpc::Status& status : {revoked, unknown, malformed}) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(status.error_message(), revoked.error_message());
    EXPECT_EQ(status.error_message().find(token), std::string::npos);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed_read"), 1);
}

// Issue 17: the office creates a feed for someone (naming the owner's role
// and scope), and every read sees what the owner may see then: a
// participant who left the owner's JST reads as an empty calendar.
TEST_F(TrainingServiceTest, ACalendarFeedReadsAsItsOwnerAtEachRead) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());

  v1::CreateCalendarFeedRequest create;
  create.set_kind(v1::PARTICIPANT_CALENDAR);
  create.set_participant(participant);
  create.mutable_owner()->set_subject("jst-a");
  create.mutable_owner()->set_role("JST");
  // Only the office names another owner.
  v1::CalendarFeed feed;
  grpc::Status denied = CreateFeed(create, &feed, auth::v1::JST, "jst-c");
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(BadFields(denied), std::vector<std::string>{"owner"});
  // A JST owner needs its TERYT code.
  grpc::Status bad = CreateFeed(create, &feed, auth::v1::ADMIN, "office");
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(bad), std::vector<std::string>{"owner.jst"});
  create.mutable_owner()->set_jst("2476011");
  ASSERT_TRUE(CreateFeed(create, &feed, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(feed.owner().subject(), "jst-a");
  EXPECT_EQ(feed.created_by(), "office");
  // The owner sees it among its own feeds and may revoke it.
  v1::ListCalendarFeedsResponse listed;
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::JST, "jst-a").ok());
  EXPECT_EQ(listed.feeds_size(), 1);

  api::v1::HttpBody body;
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  EXPECT_THAT(body.data(), HasSubstr("UID:" + session.id() + "@jstedu"));
  // The participant now belongs to another JST: the owner may no longer
  // see it, and the same address reads as a calendar without its events.
  db_.Query("UPDATE roster_participant SET teryt = '0201011', voivodeship = "
            "'02' WHERE participant_id = '" + participant + "' RETURNING 1");
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  EXPECT_THAT(body.data(), HasSubstr("BEGIN:VCALENDAR"));
  EXPECT_THAT(body.data(), Not(HasSubstr("BEGIN:VEVENT")));

  // A trainer subscribes to their own calendar only; the office's feed
  // for a trainer reads as that trainer.
  v1::CreateCalendarFeedRequest trainer;
  trainer.set_kind(v1::TRAINER_CALENDAR);
  trainer.set_trainer("trener-1");
  EXPECT_EQ(
      CreateFeed(trainer, &feed, auth::v1::TRAINER, "trener-2").error_code(),
      grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(CreateFeed(trainer, &feed, auth::v1::TRAINER, "trener-1").ok());
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  EXPECT_THAT(body.data(), HasSubstr("UID:" + session.id() + "@jstedu"));
  // The office revokes anyone's feed.
  EXPECT_TRUE(RevokeFeed(feed.id(), auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(ReadFeed(TokenOf(feed), &body).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // No kind: refused naming the field.
  v1::CreateCalendarFeedRequest none;
  EXPECT_EQ(BadFields(CreateFeed(none, &feed, auth::v1::ADMIN, "office")),
            std::vector<std::string>{"kind"});
}

// Issue 17 review: a feed expires 365 days after its creation; then its
// address answers exactly like an unknown or revoked one, with nothing
// recorded. It is still listed (with its expireTime), and its owner or the
// office renews it for 365 days from then; nobody else can.
TEST_F(TrainingServiceTest, ACalendarFeedExpiresAndIsRenewed) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());
  const v1::CalendarFeed feed = GroupFeedFor("ministry-a");
  const absl::Time created = now_;
  EXPECT_EQ(feed.expire_time().seconds(),
            absl::ToUnixSeconds(created + absl::Hours(24 * 365)));
  api::v1::HttpBody body;
  now_ = created + absl::Hours(24 * 365) - absl::Seconds(1);
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());

  now_ = created + absl::Hours(24 * 365);
  const grpc::Status expired = ReadFeed(TokenOf(feed), &body);
  const grpc::Status unknown = ReadFeed(std::string(43, 'A'), &body);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(expired.error_message(), unknown.error_message());
  EXPECT_EQ(expired.error_details(), unknown.error_details());
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed_read"), 1);
  v1::ListCalendarFeedsResponse listed;
  ASSERT_TRUE(ListFeeds("", &listed, auth::v1::MINISTRY, "ministry-a").ok());
  ASSERT_EQ(listed.feeds_size(), 1);
  EXPECT_EQ(listed.feeds(0).expire_time().seconds(),
            feed.expire_time().seconds());

  // Someone else's feed is not found; a bad id is named.
  v1::CalendarFeed renewed;
  EXPECT_EQ(RenewFeed(feed.id(), &renewed, auth::v1::MINISTRY, "ministry-b")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(BadFields(RenewFeed("x", &renewed, auth::v1::ADMIN, "office")),
            std::vector<std::string>{"id"});
  // The owner renews it: 365 days from now, the same address answers.
  now_ += absl::Hours(24 * 10);
  ASSERT_TRUE(
      RenewFeed(feed.id(), &renewed, auth::v1::MINISTRY, "ministry-a").ok());
  EXPECT_EQ(renewed.expire_time().seconds(),
            absl::ToUnixSeconds(now_ + absl::Hours(24 * 365)));
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  // The office renews anyone's; a revoked feed is not renewed.
  ASSERT_TRUE(RenewFeed(feed.id(), &renewed, auth::v1::ADMIN, "office").ok());
  ASSERT_TRUE(RevokeFeed(feed.id(), auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(
      RenewFeed(feed.id(), &renewed, auth::v1::ADMIN, "office").error_code(),
      grpc::StatusCode::NOT_FOUND);
}

// Issue 17 review: a feed reads with its owner's principal of the day it
// was made, so a renewal must not outlive a change of that principal: the
// owner with another role or scope now cannot renew it (the office can).
TEST_F(TrainingServiceTest, ARenewalNeverExtendsAScopeTheOwnerLost) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());
  v1::CreateCalendarFeedRequest of_participant;
  of_participant.set_kind(v1::PARTICIPANT_CALENDAR);
  of_participant.set_participant(participant);
  v1::CalendarFeed feed;
  ASSERT_TRUE(CreateFeed(of_participant, &feed, auth::v1::JST, "jst-a").ok());
  v1::CalendarFeed renewed;
  now_ += absl::Hours(24);
  // The same person, now the staff of another JST, or with another role.
  EXPECT_EQ(RenewFeed(feed.id(), &renewed, auth::v1::JST, "jst-a", "0201011")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      RenewFeed(feed.id(), &renewed, auth::v1::MINISTRY, "jst-a").error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed WHERE expires_at > "
                  "created_at + interval '365 days'"),
            0);
  // With the scope it was made under, it is renewed.
  ASSERT_TRUE(RenewFeed(feed.id(), &renewed, auth::v1::JST, "jst-a").ok());
}

// Issue 17 review: a feed made before expiry existed (migration 0006)
// expires 365 days after its creation.
TEST(CalendarFeedMigrationTest, AnOlderFeedExpiresAYearAfterItsCreation) {
  TestSchema db;
  ASSERT_TRUE(
      pg::ApplyMigrations(db.pool(), "platform", events::PlatformMigrations())
          .ok());
  std::vector<pg::Migration> before;
  for (const pg::Migration& m : Migrations()) {
    if (m.version < 6) before.push_back(m);
  }
  ASSERT_TRUE(pg::ApplyMigrations(db.pool(), "training", before).ok());
  db.Query(
      "INSERT INTO calendar_feed (id, token_sha256, owner_subject, "
      "owner_role, kind, edition, workshop_group, created_by, created_at) "
      "VALUES (gen_random_uuid(), repeat('a', 64), 'ministry-a', "
      "'MINISTRY', 'GROUP_CALENDAR', 'PILOT', 1, 'office', "
      "'2017-04-07T13:00:00Z') RETURNING 1");
  ASSERT_TRUE(pg::ApplyMigrations(db.pool(), "training", Migrations()).ok());
  EXPECT_EQ(db.Query("SELECT (expires_at = '2018-04-07T13:00:00Z')::text "
                     "FROM calendar_feed"),
            "true");
}

// Issue 17 review: the office revokes every feed of one person at once (an
// owner, a participant's calendar, a trainer's calendar), each recorded as
// revoked by the caller, and learns how many; nobody else may, and the
// request names exactly one person.
TEST_F(TrainingServiceTest, TheOfficeRevokesEveryFeedOfAPerson) {
  const auto [session, participant] = OneSessionOneParticipant();
  ASSERT_FALSE(session.id().empty());
  const v1::CalendarFeed kept = GroupFeedFor("ministry-b");
  for (int i = 0; i < 3; ++i) GroupFeedFor("ministry-a");
  v1::CreateCalendarFeedRequest of_participant;
  of_participant.set_kind(v1::PARTICIPANT_CALENDAR);
  of_participant.set_participant(participant);
  v1::CalendarFeed feed;
  ASSERT_TRUE(CreateFeed(of_participant, &feed, auth::v1::JST, "jst-a").ok());
  ASSERT_TRUE(
      CreateFeed(of_participant, &feed, auth::v1::ADMIN, "office").ok());
  v1::CreateCalendarFeedRequest of_trainer;
  of_trainer.set_kind(v1::TRAINER_CALENDAR);
  of_trainer.set_trainer("trener-1");
  ASSERT_TRUE(
      CreateFeed(of_trainer, &feed, auth::v1::TRAINER, "trener-1").ok());

  v1::RevokeCalendarFeedsRequest request;
  request.set_owner("ministry-a");
  v1::RevokeCalendarFeedsResponse revoked;
  EXPECT_EQ(
      RevokeFeedsOf(request, &revoked, auth::v1::JST, "jst-a").error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(revoked.revoked_count(), 3);
  ASSERT_TRUE(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(revoked.revoked_count(), 0);

  request.Clear();
  request.set_participant(participant);
  ASSERT_TRUE(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(revoked.revoked_count(), 2);
  request.Clear();
  request.set_trainer("trener-1");
  ASSERT_TRUE(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office").ok());
  EXPECT_EQ(revoked.revoked_count(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed WHERE revoked_by = "
                  "'office' AND revoked_at IS NOT NULL"),
            6);
  api::v1::HttpBody body;
  EXPECT_TRUE(ReadFeed(TokenOf(kept), &body).ok());

  // Exactly one person, well formed.
  request.Clear();
  EXPECT_EQ(
      BadFields(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office")),
      std::vector<std::string>{"owner"});
  request.set_owner("ministry-b");
  request.set_trainer("trener-1");
  EXPECT_EQ(
      BadFields(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office")),
      std::vector<std::string>{"owner"});
  request.Clear();
  request.set_participant("not-a-uuid");
  EXPECT_EQ(
      BadFields(RevokeFeedsOf(request, &revoked, auth::v1::ADMIN, "office")),
      std::vector<std::string>{"participant"});
  EXPECT_TRUE(ReadFeed(TokenOf(kept), &body).ok());
}

// Issue 17 review: ListCalendarFeeds pages by the one rule (pageSize
// 1..500, absent 100; tokens bound to the list and its owner).
TEST_F(TrainingServiceTest, CalendarFeedsPageLikeEveryList) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    now_ += absl::Minutes(1);
    ids.insert(ids.begin(), GroupFeedFor("ministry-a").id());
  }
  GroupFeedFor("ministry-b");
  const auto list = [&](int size, const std::string& token,
                        const std::string& owner,
                        v1::ListCalendarFeedsResponse* page) {
    grpc::ClientContext context;
    Sign(context, auth::v1::ADMIN, "office");
    v1::ListCalendarFeedsRequest request;
    request.set_owner(owner);
    request.set_page_size(size);
    request.set_page_token(token);
    return stub_->ListCalendarFeeds(&context, request, page);
  };
  v1::ListCalendarFeedsResponse first, second;
  ASSERT_TRUE(list(2, "", "ministry-a", &first).ok());
  ASSERT_EQ(first.feeds_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  ASSERT_TRUE(list(2, first.next_page_token(), "ministry-a", &second).ok());
  ASSERT_EQ(second.feeds_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_EQ((std::vector<std::string>{first.feeds(0).id(), first.feeds(1).id(),
                                      second.feeds(0).id()}),
            ids);
  v1::ListCalendarFeedsResponse refused;
  EXPECT_EQ(BadFields(list(501, "", "ministry-a", &refused)),
            std::vector<std::string>{"pageSize"});
  EXPECT_EQ(BadFields(list(-1, "", "ministry-a", &refused)),
            std::vector<std::string>{"pageSize"});
  EXPECT_EQ(BadFields(list(0, "not a token", "ministry-a", &refused)),
            std::vector<std::string>{"pageToken"});
  // A token is only valid for its owner.
  EXPECT_EQ(BadFields(list(2, first.next_page_token(), "ministry-b", &refused)),
            std::vector<std::string>{"pageToken"});
  v1::ListCalendarFeedsResponse whole;
  ASSERT_TRUE(list(0, "", "ministry-a", &whole).ok());
  EXPECT_EQ(whole.feeds_size(), 3);
  EXPECT_TRUE(whole.next_page_token().empty());
}

// Issue 17 review: the audit of feed reads is kept for a retention, then
// deleted (the training service's cleanup task, main.cc).
TEST_F(TrainingServiceTest, FeedReadsPastTheRetentionAreDeleted) {
  const v1::CalendarFeed feed = GroupFeedFor("ministry-a");
  api::v1::HttpBody body;
  const absl::Time first = now_;
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  now_ += absl::Hours(24);
  ASSERT_TRUE(ReadFeed(TokenOf(feed), &body).ok());
  auto deleted = feeds_.DeleteReadsBefore(first + absl::Hours(1));
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(*deleted, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM calendar_feed_read"), 1);
  deleted = feeds_.DeleteReadsBefore(first + absl::Hours(1));
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 0);
}

}  // namespace
}  // namespace jstedu::training
