// PlanStore against a real PostgreSQL: the seeds' pilot plan, conflicts,
// didactic-hour validation, dates that cannot be, and moves that keep a
// marked session's length.

#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

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
  auto listed = stores_.plan.ListModules("PILOT");
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
  auto input =
      ModuleFromRequest(early, *stores_.settings.GetSettings("PILOT"), kPilot);
  ASSERT_TRUE(input.ok());
  auto refused = stores_.plan.CreateModule("PILOT", *input, "");
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
  EXPECT_EQ(stores_.plan
                .MoveModule(m2.id(), absl::CivilDay(2017, 4, 5),
                            AmbiguousTime::kRefuse, "")
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(TrainingStoreTest, DidacticHoursAddUpWith45And60MinuteHours) {
  Settings(45);
  const v1::Module m = Module(1, "2017-04-05T08:00", "2017-04-07T23:59");
  FullPlan(m.id(), "2017-04-05");
  auto report = stores_.plan.ValidateModule(m.id());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->valid());
  ASSERT_EQ(report->balances_size(), 4);
  EXPECT_EQ(report->balances(0).required_minutes(), 945);  // 21 × 45
  EXPECT_EQ(report->balances(0).planned_minutes(), 945);   // 10.5 × 90
  EXPECT_EQ(report->balances(0).planned_hours(), "21");

  // With 60-minute hours the same plan is 15 3/4 hours, 315 minutes short:
  // reported as it is, not rounded.
  Settings(60);
  report = stores_.plan.ValidateModule(m.id());
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
  report = stores_.plan.ValidateModule(m.id());
  EXPECT_TRUE(report->valid());
  EXPECT_EQ(report->balances(3).planned_hours(), "21");
}

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
  const auto settings = *stores_.settings.GetSettings("PILOT");
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
  auto fixed = stores_.tasks.CreateTask(m1.id(), "Diagnoza", "", std::nullopt,
                                        At("2017-04-07T14:00"), now, admin_);
  EXPECT_EQ(BadFields(fixed.status()), std::vector<std::string>{"dueLocal"});
  auto counted = stores_.tasks.CreateTask(m1.id(), "Diagnoza", "", 13,
                                          std::nullopt, now, admin_);
  EXPECT_EQ(BadFields(counted.status()),
            std::vector<std::string>{"dueDaysBefore"});
  EXPECT_EQ(Count("SELECT count(*) FROM task_definition"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM task"), 0);
  // 7 days before module 2 is 12 April: fine. Moving module 2 to start
  // on 10 April would make it due on 3 April, inside module 1: refused.
  ASSERT_TRUE(
      stores_.tasks
          .CreateTask(m1.id(), "Diagnoza", "", 7, std::nullopt, now, admin_)
          .ok());
  auto moved = stores_.plan.MoveModule(m2.id(), absl::CivilDay(2017, 4, 10),
                                       AmbiguousTime::kRefuse, "");
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(moved.status()), HasSubstr("TASK_DUE_IN_MODULE"));
  EXPECT_EQ(Utc(stores_.plan.GetModule(m2.id())->start_time()),
            "2017-04-19T09:00:00Z");

  // The edition's dates change later (recruitment's EditionChanged): a
  // module now outside is reported among the plan's conflicts.
  EXPECT_THAT(stores_.plan.ValidateModule(m2.id())->conflicts(),
              ::testing::IsEmpty());
  db_.Query(
      "INSERT INTO edition_period VALUES ('PILOT', '2017-04-10', "
      "'2018-12-31', now()) RETURNING 1");
  auto report = stores_.plan.ValidateModule(m1.id());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_FALSE(report->valid());
  ASSERT_EQ(report->conflicts_size(), 1);
  EXPECT_EQ(report->conflicts(0).kind(), "OUTSIDE_EDITION");
  EXPECT_THAT(report->conflicts(0).description(), HasSubstr("2017-04-10"));
  EXPECT_EQ(stores_.settings.GetSettings("PILOT")->edition_starts_on(),
            "2017-04-10");
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
  ASSERT_TRUE(stores_.attendance
                  .RecordAttendance(night->id(), team[0], v1::PRESENT, "", "",
                                    At("2017-03-21T03:30"), admin_)
                  .ok());
  auto moved = stores_.plan.MoveModule(m.id(), absl::CivilDay(2017, 3, 25),
                                       AmbiguousTime::kRefuse, "");
  EXPECT_EQ(moved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Violations(moved.status()),
              HasSubstr("MARKED_SESSION_LENGTH sessions/" + night->id()));
  // Nothing moved; a move that keeps the length is fine.
  EXPECT_EQ(Utc(stores_.plan.GetModule(m.id())->start_time()),
            "2017-03-19T23:00:00Z");
  moved = stores_.plan.MoveModule(m.id(), absl::CivilDay(2017, 3, 27),
                                  AmbiguousTime::kRefuse, "");
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ((*stores_.plan.ListSessions(m.id()))[0].duration_minutes(), 90);
  EXPECT_EQ(stores_.attendance.ParticipantTraining(team[0], PlaceScope{})
                ->attended_minutes(),
            90);
}

// ListParticipantTraining through the gRPC service: roles and input.

}  // namespace
}  // namespace jstedu::training::pgtest
