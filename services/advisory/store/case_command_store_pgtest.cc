// The workflow commands against real PostgreSQL: every (stage, command)
// pair, guards, stale versions, racing clients, retried keyed commands.
#include "services/advisory/store/advisory_pgtest_fixture.h"
#include "services/advisory/store/rows/case_row.h"

namespace jstedu::advisory {
namespace {

TEST_F(AdvisoryStoreTest,
       EveryStageCommandPairMovesOrIsRefusedWithNothingChanged) {
  db_.Query("UPDATE expert SET max_caseload = 200");  // ~40 cases held at once
  int legal = 0;
  int refused = 0;
  for (advisory::Stage stage : kAllStages) {
    for (Command command : kAllCommands) {
      SCOPED_TRACE(absl::StrCat(StageName(stage), " × ", CommandName(command)));
      const std::string id = CaseAt(stage);
      if (IsLegal(stage, command) && command == Command::kChooseArea) {
        Must(commands_.AssignExperts(In(id), education_, personnel_,
                                     v1::EDUCATION_DEVELOPMENT));
      }
      if (IsLegal(stage, command) && command == Command::kApproveSchedule) {
        Must(commands_.CompleteDiagnosis(In(id), "Diagnoza", Schedule()));
      }
      if (IsLegal(stage, command) && command == Command::kCompleteRollout) {
        // The guard's preconditions, so that the legal command moves.
        Must(commands_.CompleteAction(In(id), FirstAction(id),
                                      absl::CivilDay(2026, 3, 1)));
        Must(commands_.CompleteAction(In(id), FirstAction(id),
                                      absl::CivilDay(2026, 3, 1)));
        Must(commands_.AdoptPlan(In(id), Plan()));
      }
      const std::string before = Snapshot(id);
      const int64_t version = Version(id);
      const int history = History(id);
      auto result = Run(command, id);
      if (IsLegal(stage, command)) {
        ++legal;
        ASSERT_TRUE(result.ok()) << result.status();
        EXPECT_EQ(result->version(), version + 1);
        EXPECT_EQ(Stage(id), StageName(NextStage(stage, command)));
        EXPECT_EQ(History(id), history + 1);
      } else {
        ++refused;
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition)
            << result.status();
        EXPECT_TRUE(HasViolation(result.status(), "WRONG_STAGE"))
            << result.status();
        EXPECT_EQ(Snapshot(id), before);
      }
    }
  }
  EXPECT_EQ(legal + refused, 5 * 8);
  EXPECT_EQ(legal, 10);
}

TEST_F(AdvisoryStoreTest, UnmetGuardsAreListedAndChangeNothing) {
  const std::string id = Open();
  std::string before = Snapshot(id);
  // No experts yet, an area from another edition's catalogue.
  auto refused = commands_.ChooseArea(In(id), NewUuid(db_), Agreement());
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(HasViolation(refused.status(), "EXPERTS_NOT_ASSIGNED"));
  EXPECT_TRUE(HasViolation(refused.status(), "AREA_NOT_CHOSEN"));
  EXPECT_EQ(Snapshot(id), before);

  Must(commands_.AssignExperts(In(id), education_, personnel_,
                               v1::EDUCATION_DEVELOPMENT));
  Must(commands_.ChooseArea(In(id), Area(), Agreement()));
  before = Snapshot(id);
  auto early = commands_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a");
  EXPECT_TRUE(HasViolation(early.status(), "DIAGNOSIS_SUMMARY_MISSING"));
  EXPECT_TRUE(HasViolation(early.status(), "ACTION_SCHEDULE_EMPTY"));
  EXPECT_EQ(Snapshot(id), before);

  Must(commands_.CompleteDiagnosis(In(id), "Diagnoza", Schedule()));
  // Only the guardian approves; the other expert of the pair may not.
  auto other = commands_.ApproveSchedule(In(id, "per-a", "EXPERT"), "per-a");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
  Must(commands_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a"));

  before = Snapshot(id);
  auto open = commands_.CompleteRollout(In(id));
  EXPECT_TRUE(HasViolation(open.status(), "ACTIONS_OPEN"));
  EXPECT_TRUE(HasViolation(open.status(), "PLAN_NOT_ADOPTED"));
  EXPECT_EQ(Snapshot(id), before);

  Must(commands_.AdoptPlan(In(id), Plan()));
  auto twice = commands_.AdoptPlan(In(id), Plan());
  EXPECT_TRUE(HasViolation(twice.status(), "PLAN_ALREADY_ADOPTED"));
  // A done action cannot be dropped afterwards.
  const std::string action = FirstAction(id);
  Must(commands_.CompleteAction(In(id), action, absl::CivilDay(2026, 3, 1)));
  auto closed = commands_.DropAction(In(id), action, "za późno");
  EXPECT_TRUE(HasViolation(closed.status(), "ACTION_CLOSED"));
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.PlanAdopted'"),
            1);
}

TEST_F(AdvisoryStoreTest, AStaleVersionIsAbortedAndChangesNothing) {
  const std::string id = Open();
  CommandInput stale = In(id);
  Must(commands_.AssignExperts(In(id), education_, personnel_,
                               v1::EDUCATION_DEVELOPMENT));
  const std::string before = Snapshot(id);
  auto result = commands_.ChooseArea(stale, Area(), Agreement());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted)
      << result.status();
  EXPECT_EQ(Snapshot(id), before);
}

TEST_F(AdvisoryStoreTest, FiftyClientsRacingOneTransitionOneWins) {
  const std::string id = Open();
  Must(commands_.AssignExperts(In(id), education_, personnel_,
                               v1::EDUCATION_DEVELOPMENT));
  const CommandInput in = In(id);
  const std::string area = Area();
  const int history = History(id);
  std::atomic<int> ok{0}, aborted{0}, other{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 50; ++i) {
    clients.emplace_back([&] {
      auto result = commands_.ChooseArea(in, area, Agreement());
      if (result.ok()) {
        ++ok;
      } else if (result.status().code() == absl::StatusCode::kAborted) {
        ++aborted;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), 49);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(History(id), history + 1);
  EXPECT_EQ(Stage(id), "NEEDS_DIAGNOSIS");
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.CaseStageChanged'"),
            1);
}

TEST_F(AdvisoryStoreTest, ARetriedKeyedCommandIsToldItWasAppliedNotStale) {
  const std::string id = Open();
  const CommandInput first = In(id);
  const pg::KeyedCall call{"AssignExperts", std::string(64, 'a'),
                           std::string(64, 'b')};
  {
    pg::KeyedCallScope scope(call);
    Must(commands_.AssignExperts(first, education_, personnel_,
                                 v1::EDUCATION_DEVELOPMENT));
  }
  const std::string before = Snapshot(id);
  // The answer was lost: the same request under the same key, with the
  // version it was sent with (now stale by its own write).
  pg::KeyedCallScope again(call);
  auto retried = commands_.AssignExperts(first, education_, personnel_,
                                         v1::EDUCATION_DEVELOPMENT);
  EXPECT_TRUE(absl::IsAlreadyExists(retried.status())) << retried.status();
  auto info =
      retried.status().GetPayload("type.googleapis.com/google.rpc.ErrorInfo");
  ASSERT_TRUE(info.has_value()) << retried.status();
  EXPECT_NE(std::string(*info).find(pg::kRequestAlreadyApplied),
            std::string::npos);
  EXPECT_EQ(Snapshot(id), before);
}

// A caller outside a case's scope gets NOT_FOUND without locking the case:
// while its transaction is open, another may still lock the row at once.
TEST_F(AdvisoryStoreTest, ACallerOutOfScopeLocksNoCase) {
  const std::string id = Open();
  const CaseScope foreign{"02", "", ""};  // another voivodeship
  absl::Status status =
      pg::RunInTransaction(db_.pool(), [&](pqxx::transaction_base& tx) {
        absl::StatusOr<rows::CaseRow> row =
            rows::LockCase(tx, id, foreign, absl::CivilDay(2026, 3, 1));
        EXPECT_EQ(row.status().code(), absl::StatusCode::kNotFound);
        return pg::RunInTransaction(
            db_.pool(), [&](pqxx::transaction_base& other) {
              other.exec_params(
                  "SELECT id FROM advisory_case WHERE id = $1::uuid "
                  "FOR UPDATE NOWAIT",
                  id);
              return absl::OkStatus();
            });
      });
  EXPECT_TRUE(status.ok()) << status;
}

}  // namespace
}  // namespace jstedu::advisory
