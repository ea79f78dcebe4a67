// Training's plan events (training_events.proto, "the plan") against a real
// PostgreSQL: what each change of a module, a task or a sign-up writes to
// the outbox, in the change's own transaction, and that a refused change
// writes none.

#include <cctype>
#include <set>

#include "services/training/store/roster_store.h"
#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

namespace ev = ::jstedu::events::v1;

constexpr char kTrace[] =
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

class PlanEventsTest : public TrainingStoreTest {
 protected:
  int OutboxRows() { return Count("SELECT count(*) FROM outbox"); }

  Actor office_{"office", "ADMIN", kTrace};
};

TEST_F(PlanEventsTest, AScheduledModuleIsAnnouncedWithItsDatesAndDeadline) {
  Settings();
  const v1::Module m1 = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const v1::Module m2 = Module(2, "", "", "2017-06");

  const auto scheduled = Published<ev::ModuleScheduled>();
  ASSERT_EQ(scheduled.size(), 2u);
  const ev::ModuleFacts& first = scheduled[0].event.module();
  EXPECT_EQ(scheduled[0].aggregate_id, m1.id());
  EXPECT_EQ(first.module_id(), m1.id());
  EXPECT_EQ(first.edition(), "PILOT");
  EXPECT_EQ(first.number(), 1);
  EXPECT_EQ(first.title(), "Moduł 1");
  EXPECT_EQ(first.venue(), "Hotel, Warszawa");
  // 11:00 and 14:30 Warsaw summer time; the deadline in winter time.
  EXPECT_EQ(Utc(first.start_time()), "2017-04-05T09:00:00Z");
  EXPECT_EQ(Utc(first.end_time()), "2017-04-07T12:30:00Z");
  EXPECT_EQ(Utc(first.signup_deadline()), "2017-03-24T14:00:00Z");
  EXPECT_EQ(first.shuttle_seats(), 50);
  EXPECT_EQ(first.parking_places(), 10);
  EXPECT_EQ(first.revision(), 1);
  EXPECT_EQ(scheduled[1].event.module().module_id(), m2.id());
  EXPECT_EQ(Utc(scheduled[1].event.module().start_time()),
            "2017-06-21T09:00:00Z");

  // A module without a deadline has none in its facts.
  deadline_ = "";
  Module(3, "", "", "2017-09");
  EXPECT_FALSE(
      Published<ev::ModuleScheduled>()[2].event.module().has_signup_deadline());
}

TEST_F(PlanEventsTest, EachSessionIsAnnouncedWithItsTrainer) {
  Settings();
  const v1::Module m = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  auto session = Session(m.id(), "2017-04-05T11:00", 2, "A", "trener-7");
  ASSERT_TRUE(session.ok()) << session.status();
  // A session refused (trener-7 is busy then) announces nothing.
  EXPECT_FALSE(Session(m.id(), "2017-04-05T11:30", 1, "B", "trener-7").ok());
  const auto scheduled = Published<ev::SessionScheduled>();
  ASSERT_EQ(scheduled.size(), 1u);
  const ev::SessionScheduled& e = scheduled[0].event;
  EXPECT_EQ(scheduled[0].aggregate_id, m.id());
  EXPECT_EQ(e.session_id(), session->id());
  EXPECT_EQ(e.module_id(), m.id());
  EXPECT_EQ(e.edition(), "PILOT");
  EXPECT_EQ(e.trainer(), "trener-7");
  EXPECT_EQ(e.workshop_group(), 2);
  EXPECT_EQ(e.thematic_area(), v1::KEY_COMPETENCES);
  EXPECT_EQ(Utc(e.start_time()), "2017-04-05T09:00:00Z");
  EXPECT_EQ(Utc(e.end_time()), "2017-04-05T10:30:00Z");
}

TEST_F(PlanEventsTest, AMovedModuleMovesItsTasksDueDatesInOneAnnouncement) {
  Settings();
  const v1::Module m1 = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const v1::Module m2 = Module(2, "", "", "2017-06");
  Enrol("2476011", 2, 3);
  Enrol("1465011", 1, 3);
  ASSERT_TRUE(stores_.tasks
                  .CreateTask(m1.id(), "Diagnoza", "", 7, std::nullopt,
                              At("2017-04-10T12:00"), office_)
                  .ok());
  const int before = OutboxRows();

  // A move onto module 1's dates is refused and announces nothing; so does
  // a move to the day the module already starts on.
  EXPECT_FALSE(stores_.plan
                   .MoveModule(m2.id(), absl::CivilDay(2017, 4, 5),
                               AmbiguousTime::kRefuse, kTrace)
                   .ok());
  auto same = stores_.plan.MoveModule(m2.id(), absl::CivilDay(2017, 6, 21),
                                      AmbiguousTime::kRefuse, kTrace);
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(OutboxRows(), before);

  // A move refused after its events were written (module 1's task would be
  // due before module 1 ends) leaves none of them.
  auto refused = stores_.plan.MoveModule(m2.id(), absl::CivilDay(2017, 4, 10),
                                         AmbiguousTime::kRefuse, kTrace);
  EXPECT_THAT(Violations(refused.status()), HasSubstr("TASK_DUE_IN_MODULE"));
  EXPECT_EQ(OutboxRows(), before);

  auto moved = stores_.plan.MoveModule(m2.id(), absl::CivilDay(2017, 11, 8),
                                       AmbiguousTime::kRefuse, kTrace);
  ASSERT_TRUE(moved.ok()) << moved.status();
  const auto moves = Published<ev::ModuleMoved>();
  ASSERT_EQ(moves.size(), 1u);
  const ev::ModuleMoved& move = moves[0].event;
  EXPECT_EQ(moves[0].aggregate_id, m2.id());
  EXPECT_EQ(moves[0].traceparent, kTrace);
  EXPECT_EQ(move.module().revision(), 2);
  // 140 days later, the same wall-clock times, now in winter time; the
  // deadline keeps 15:00, in summer time.
  EXPECT_EQ(Utc(move.module().start_time()), "2017-11-08T10:00:00Z");
  EXPECT_EQ(Utc(move.module().end_time()), "2017-11-10T13:30:00Z");
  EXPECT_EQ(Utc(move.module().signup_deadline()), "2017-08-11T13:00:00Z");
  EXPECT_EQ(Utc(move.previous_start_time()), "2017-06-21T09:00:00Z");
  EXPECT_EQ(Utc(move.previous_end_time()), "2017-06-23T12:30:00Z");
  EXPECT_EQ(Utc(move.previous_signup_deadline()), "2017-03-24T14:00:00Z");

  // Both teams' tasks of module 1 count from module 2's start.
  const auto dues = Published<ev::TaskDueChanged>();
  ASSERT_EQ(dues.size(), 2u);
  std::set<std::string> teryts;
  for (const auto& due : dues) {
    EXPECT_EQ(due.aggregate_id, due.event.task().task_id());
    EXPECT_EQ(due.traceparent, kTrace);
    EXPECT_EQ(Utc(due.event.task().due_time()), "2017-11-01T10:00:00Z");
    EXPECT_EQ(Utc(due.event.previous_due_time()), "2017-06-14T09:00:00Z");
    EXPECT_EQ(due.event.task().revision(), 2);
    EXPECT_EQ(due.event.task().status(), v1::TASK_OPEN);
    teryts.insert(due.event.task().teryt());
  }
  EXPECT_EQ(teryts, (std::set<std::string>{"1465011", "2476011"}));
  // The module's event comes first, then its tasks', in one transaction.
  EXPECT_EQ(OutboxRows(), before + 3);
  EXPECT_EQ(db_.Query("SELECT string_agg(event_type, ',' ORDER BY id) FROM "
                      "(SELECT id, event_type FROM outbox ORDER BY id DESC "
                      "LIMIT 3) last"),
            "jstedu.events.v1.ModuleMoved,jstedu.events.v1.TaskDueChanged,"
            "jstedu.events.v1.TaskDueChanged");
}

TEST_F(PlanEventsTest, AModuleInsertedBeforeATasksNextModuleChangesItsDue) {
  Settings();
  const v1::Module m1 = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  Module(3, "", "", "2017-06");
  Enrol("2476011", 2, 3);
  auto created =
      stores_.tasks.CreateTask(m1.id(), "Diagnoza", "", 7, std::nullopt,
                               At("2017-04-10T12:00"), office_);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(Utc(created->tasks(0).due_time()), "2017-06-14T09:00:00Z");

  const v1::Module m2 = Module(2, "2017-05-17T11:00", "2017-05-19T14:30");
  const auto dues = Published<ev::TaskDueChanged>();
  ASSERT_EQ(dues.size(), 1u);
  EXPECT_EQ(dues[0].event.task().task_id(), created->tasks(0).id());
  EXPECT_EQ(Utc(dues[0].event.task().due_time()), "2017-05-10T09:00:00Z");
  EXPECT_EQ(Utc(dues[0].event.previous_due_time()), "2017-06-14T09:00:00Z");
  // The new module's own announcement is in the same transaction.
  EXPECT_EQ(Published<ev::ModuleScheduled>().back().event.module().module_id(),
            m2.id());
}

TEST_F(PlanEventsTest, EachTeamIsAssignedItsTaskAndEachStatusChangeAnnounced) {
  Settings();
  const v1::Module m1 = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  Module(2, "", "", "2017-06");
  Enrol("2476011", 2, 3);
  Enrol("1465011", 1, 3);
  const absl::Time now = At("2017-04-10T12:00");
  auto created = stores_.tasks.CreateTask(m1.id(), "Diagnoza", "Zebrać dane", 7,
                                          std::nullopt, now, office_);
  ASSERT_TRUE(created.ok()) << created.status();

  const auto assigned = Published<ev::TaskAssigned>();
  ASSERT_EQ(assigned.size(), 2u);
  // In task id order, each about its own task.
  EXPECT_LT(assigned[0].event.task().task_id(),
            assigned[1].event.task().task_id());
  for (const auto& a : assigned) {
    const ev::TaskFacts& task = a.event.task();
    EXPECT_EQ(a.aggregate_id, task.task_id());
    EXPECT_EQ(a.traceparent, kTrace);
    EXPECT_EQ(task.definition_id(), created->definition());
    EXPECT_EQ(task.module_id(), m1.id());
    EXPECT_EQ(task.module_number(), 1);
    EXPECT_EQ(task.edition(), "PILOT");
    EXPECT_EQ(task.title(), "Diagnoza");
    EXPECT_EQ(Utc(task.due_time()), "2017-06-14T09:00:00Z");
    EXPECT_EQ(task.status(), v1::TASK_OPEN);
    EXPECT_EQ(task.revision(), 1);
    EXPECT_EQ(task.voivodeship(), task.teryt().substr(0, 2));
    EXPECT_EQ(task.application_id(),
              db_.Query(absl::StrCat("SELECT application_id::text FROM "
                                     "roster_jst WHERE teryt = '",
                                     task.teryt(), "'")));
  }

  const std::string id = created->tasks(0).id();
  const int before = OutboxRows();
  // A refused change announces nothing.
  EXPECT_FALSE(
      stores_.tasks
          .ChangeTask(id, TaskAction::kAccept, "", TaskScope{}, now, office_)
          .ok());
  EXPECT_EQ(OutboxRows(), before);
  // The id may be spelt in capitals; the event names the task as stored.
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  ASSERT_TRUE(stores_.tasks
                  .ChangeTask(upper, TaskAction::kSubmit, "raport", TaskScope{},
                              now, office_)
                  .ok());
  ASSERT_TRUE(stores_.tasks
                  .ChangeTask(id, TaskAction::kReturn, "uzupełnić", TaskScope{},
                              now + absl::Hours(1), office_)
                  .ok());
  const auto changes = Published<ev::TaskStatusChanged>();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].aggregate_id, id);
  EXPECT_EQ(changes[0].event.task().task_id(), id);
  EXPECT_EQ(changes[0].event.task().status(), v1::TASK_SUBMITTED);
  EXPECT_EQ(changes[0].event.previous_status(), v1::TASK_OPEN);
  EXPECT_EQ(changes[0].event.task().revision(), 2);
  EXPECT_EQ(Utc(changes[0].event.changed_at()), "2017-04-10T10:00:00Z");
  EXPECT_EQ(changes[1].event.task().status(), v1::TASK_RETURNED);
  EXPECT_EQ(changes[1].event.previous_status(), v1::TASK_SUBMITTED);
  EXPECT_EQ(changes[1].event.task().revision(), 3);
  EXPECT_EQ(Utc(changes[1].event.changed_at()), "2017-04-10T11:00:00Z");
}

TEST_F(PlanEventsTest, AJstQualifiedLaterIsAssignedTheTasksAlreadySetOnce) {
  Settings();
  const v1::Module m1 = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  Module(2, "", "", "2017-06");
  Enrol("2476011", 2, 3);
  ASSERT_TRUE(stores_.tasks
                  .CreateTask(m1.id(), "Diagnoza", "", 7, std::nullopt,
                              At("2017-04-10T12:00"), office_)
                  .ok());
  ev::JstQualified late;
  late.set_edition("PILOT");
  late.set_application_id(db_.Query("SELECT gen_random_uuid()::text"));
  late.set_teryt("1465011");
  late.set_voivodeship("14");
  late.set_workshop_group(1);
  auto qualify = [&] {
    return pg::RunInTransaction(db_.pool(), [&](pqxx::transaction_base& tx) {
      roster::QualifyJst(tx, late, "2017-05-02T08:00:00Z", kTrace);
      return absl::OkStatus();
    });
  };
  ASSERT_TRUE(qualify().ok());
  auto assigned = Published<ev::TaskAssigned>();
  ASSERT_EQ(assigned.size(), 2u);
  EXPECT_EQ(assigned[1].event.task().application_id(), late.application_id());
  EXPECT_EQ(assigned[1].event.task().teryt(), "1465011");
  EXPECT_EQ(Utc(assigned[1].event.task().due_time()), "2017-06-14T09:00:00Z");
  EXPECT_EQ(assigned[1].traceparent, kTrace);
  // Qualified again (a correction of its group): no second task, no event.
  late.set_workshop_group(2);
  ASSERT_TRUE(qualify().ok());
  EXPECT_EQ(Published<ev::TaskAssigned>().size(), 2u);
}

TEST_F(PlanEventsTest, EachSignupIsAnnouncedOnceWithItsStatus) {
  Settings();
  const v1::Module m = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const auto team = Enrol("2476011", 2, 2);
  const absl::Time deadline = At(deadline_);
  auto in_time = stores_.logistics.CreateSignup(
      m.id(), team[0], PlaceScope{}, true, true, false,
      deadline - absl::Minutes(1), office_);
  ASSERT_TRUE(in_time.ok()) << in_time.status();
  // A second sign-up of the same participant is refused: nothing announced.
  EXPECT_FALSE(stores_.logistics
                   .CreateSignup(m.id(), team[0], PlaceScope{}, true, true,
                                 false, deadline, office_)
                   .ok());
  auto late = stores_.logistics.CreateSignup(
      m.id(), team[1], PlaceScope{}, false, false, true, deadline, office_);
  ASSERT_TRUE(late.ok()) << late.status();

  const auto made = Published<ev::ModuleSignupMade>();
  ASSERT_EQ(made.size(), 2u);
  EXPECT_EQ(made[0].aggregate_id, in_time->id());
  EXPECT_EQ(made[0].traceparent, kTrace);
  EXPECT_EQ(made[0].event.signup_id(), in_time->id());
  EXPECT_EQ(made[0].event.module_id(), m.id());
  EXPECT_EQ(made[0].event.edition(), "PILOT");
  EXPECT_EQ(made[0].event.participant_id(), team[0]);
  EXPECT_EQ(made[0].event.status(), v1::SIGNUP_CONFIRMED);
  EXPECT_TRUE(made[0].event.shuttle());
  EXPECT_EQ(Utc(made[0].event.request_time()), "2017-03-24T13:59:00Z");
  EXPECT_EQ(made[1].event.participant_id(), team[1]);
  EXPECT_EQ(made[1].event.status(), v1::SIGNUP_PENDING_APPROVAL);
  EXPECT_FALSE(made[1].event.shuttle());
}

}  // namespace
}  // namespace jstedu::training::pgtest
