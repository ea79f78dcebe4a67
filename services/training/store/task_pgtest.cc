// TaskStore against a real PostgreSQL: tasks, their due dates and their
// reviews.

#include "services/training/store/training_pgtest.h"

namespace jstedu::training::pgtest {
namespace {

TEST_F(TrainingStoreTest, TasksAreDueBeforeTheNextModuleAndMoveWithIt) {
  Settings();
  const v1::Module m1 = Module(1, "2017-04-05T11:00", "2017-04-07T14:30");
  const v1::Module m2 = Module(2, "", "", "2017-06");
  Enrol("2476011", 2, 3);
  Enrol("1465011", 2, 3);
  const absl::Time now = At("2017-04-10T12:00");
  // The last module has no next one: a fixed due date is needed.
  EXPECT_EQ(stores_.tasks
                .CreateTask(m2.id(), "Plan", "", std::nullopt, std::nullopt,
                            now, admin_)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  auto created = stores_.tasks.CreateTask(m1.id(), "Diagnoza", "Zebrać dane", 7,
                                          std::nullopt, now, admin_);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_EQ(created->tasks_size(), 2);
  // 7 days before 21 June 2017 11:00 local.
  EXPECT_EQ(Utc(created->tasks(0).due_time()), "2017-06-14T09:00:00Z");
  // Module 2 moves a week later: the due date follows.
  auto moved = stores_.plan.MoveModule(m2.id(), absl::CivilDay(2017, 11, 8),
                                       AmbiguousTime::kRefuse, "");
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(Utc(moved->start_time()), "2017-11-08T10:00:00Z");  // now CET
  TaskQuery all;
  all.edition = "PILOT";
  all.now = now;
  bool more = false;
  auto tasks = stores_.tasks.ListTasks(all, &more);
  ASSERT_TRUE(tasks.ok());
  EXPECT_EQ(Utc((*tasks)[0].due_time()), "2017-11-01T10:00:00Z");

  // Submit, return with a comment, resubmit, accept; illegal steps refused.
  ASSERT_EQ(tasks->size(), 2u);
  const std::string id =
      (*tasks)[(*tasks)[0].teryt() == "2476011" ? 0 : 1].id();
  EXPECT_EQ(
      stores_.tasks
          .ChangeTask(id, TaskAction::kAccept, "", TaskScope{}, now, admin_)
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(stores_.tasks
                  .ChangeTask(id, TaskAction::kSubmit, "raport", TaskScope{},
                              now, admin_)
                  .ok());
  auto returned = stores_.tasks.ChangeTask(id, TaskAction::kReturn, "uzupełnić",
                                           TaskScope{}, now, admin_);
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->status(), v1::TASK_RETURNED);
  EXPECT_EQ(returned->comment(), "uzupełnić");
  ASSERT_TRUE(stores_.tasks
                  .ChangeTask(id, TaskAction::kSubmit, "raport 2", TaskScope{},
                              now, admin_)
                  .ok());
  auto accepted = stores_.tasks.ChangeTask(id, TaskAction::kAccept, "",
                                           TaskScope{}, now, admin_);
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
  auto late = stores_.tasks.ListTasks(overdue, &more);
  ASSERT_TRUE(late.ok());
  ASSERT_EQ(late->size(), 1u);
  EXPECT_EQ((*late)[0].teryt(), "1465011");
  EXPECT_TRUE((*late)[0].overdue());
  overdue.voivodeship = "24";  // its task was accepted
  EXPECT_TRUE(stores_.tasks.ListTasks(overdue, &more)->empty());
}

// The field paths of an InvalidArgument's google.rpc.BadRequest.

}  // namespace
}  // namespace jstedu::training::pgtest
