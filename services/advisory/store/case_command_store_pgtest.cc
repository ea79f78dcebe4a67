// The workflow commands against real PostgreSQL: every (stage, command)
// pair, guards, stale versions, racing clients, retried keyed commands.
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "services/advisory/store/advisory_pgtest_fixture.h"
#include "services/advisory/store/rows/case_row.h"

namespace jstedu::advisory {
namespace {

using google::protobuf::util::MessageDifferencer;

std::string Json(const google::protobuf::Message& message) {
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &json).ok());
  return json;
}

// The case as a read of it answers on `today` (rows::LoadCase, the read
// commands answered with until they built their answer themselves).
rows::CaseRow ReadBack(pg::Pool& pool, const std::string& id,
                       absl::CivilDay today) {
  rows::CaseRow row;
  absl::Status status = pg::RunInTransaction(pool, [&](auto& tx) {
    row = rows::LoadCase(tx, id, today);
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  return row;
}

// A command's answer is the case exactly as a read of it right after, and
// the events it wrote carry that case: every command, every stage move,
// on a day when nothing is past due and on days when the stage or an
// action is.
class CommandAnswerTest : public AdvisoryStoreTest,
                          public ::testing::WithParamInterface<int> {
 protected:
  // The input on the day the parameter names (days after kNow).
  CommandInput On(const std::string& id, const std::string& subject = "office",
                  const std::string& role = "ADMIN") {
    CommandInput in = In(id, subject, role);
    in.now = kNow + absl::Hours(24 * GetParam()) + absl::Microseconds(123457);
    in.today = ProgrammeDay(in.now);
    return in;
  }

  // The answer equals the read, field by field and as JSON.
  void ExpectAnswerIsTheCase(const absl::StatusOr<v1::Case>& answer,
                             const std::string& id, absl::CivilDay today) {
    ASSERT_TRUE(answer.ok()) << answer.status();
    const v1::Case read = ReadBack(db_.pool(), id, today).proto;
    EXPECT_TRUE(MessageDifferencer::Equals(*answer, read))
        << "answer: " << answer->DebugString()
        << "read: " << read.DebugString();
    EXPECT_EQ(Json(*answer), Json(read));
  }

  // The newest event of `Event`'s type about the case.
  template <typename Event>
  Event Newest(const std::string& id) {
    const std::string hex = db_.Query(absl::StrCat(
        "SELECT encode(payload, 'hex') FROM outbox WHERE aggregate_id = '", id,
        "' AND event_type = '", Event::descriptor()->full_name(),
        "' ORDER BY id DESC LIMIT 1"));
    Event event;
    EXPECT_TRUE(event.ParseFromString(absl::HexStringToBytes(hex)));
    return event;
  }

  int Events(const std::string& id) {
    return Count(absl::StrCat(
        "SELECT count(*) FROM outbox WHERE aggregate_id = '", id, "'"));
  }
};

TEST_P(CommandAnswerTest, EveryCommandAnswersTheCaseAsReadAfterIt) {
  const std::string id = Open();
  const absl::CivilDay today = On(id).today;
  const absl::Time now = On(id).now;
  auto expect_ref = [&](const ev::CaseRef& ref) {
    const rows::CaseRow read = ReadBack(db_.pool(), id, today);
    EXPECT_TRUE(MessageDifferencer::Equals(ref, rows::RefOf(read)))
        << ref.DebugString();
  };
  int events = Events(id);

  ExpectAnswerIsTheCase(commands_.AssignExperts(On(id), education_, personnel_,
                                                v1::EDUCATION_DEVELOPMENT),
                        id, today);
  {
    auto assigned = Newest<ev::CaseExpertsAssigned>(id);
    expect_ref(assigned.case_());
    EXPECT_EQ(assigned.guardian(), education_);
    EXPECT_EQ(assigned.guardian_subject(), "edu-a");
    EXPECT_EQ(assigned.education_expert_subject(), "edu-a");
    EXPECT_EQ(assigned.personnel_expert_subject(), "per-a");
    EXPECT_EQ(Events(id), ++events);
  }

  ExpectAnswerIsTheCase(commands_.ChooseArea(On(id), Area(), Agreement()), id,
                        today);
  {
    auto moved = Newest<ev::CaseStageChanged>(id);
    expect_ref(moved.case_());
    EXPECT_EQ(moved.from_stage(), v1::AREA_CHOICE);
    EXPECT_EQ(moved.to_stage(), v1::NEEDS_DIAGNOSIS);
    EXPECT_EQ(moved.stage_due_on(),
              ReadBack(db_.pool(), id, today).proto.stage_due_on());
    EXPECT_EQ(absl::FromUnixSeconds(moved.changed_at().seconds()) +
                  absl::Nanoseconds(moved.changed_at().nanos()),
              now);
    EXPECT_EQ(Events(id), ++events);
  }

  ExpectAnswerIsTheCase(
      commands_.CompleteDiagnosis(On(id), "Diagnoza", Schedule()), id, today);
  EXPECT_EQ(Events(id), events);
  ExpectAnswerIsTheCase(
      commands_.ApproveSchedule(On(id, "edu-a", "EXPERT"), "edu-a"), id, today);
  {
    auto approved = Newest<ev::ActionScheduleApproved>(id);
    expect_ref(approved.case_());
    EXPECT_EQ(approved.action_count(), 2);
    EXPECT_EQ(Newest<ev::CaseStageChanged>(id).to_stage(), v1::ROLLOUT);
    events += 2;
    EXPECT_EQ(Events(id), events);
  }

  ExpectAnswerIsTheCase(commands_.CompleteAction(On(id), FirstAction(id),
                                                 absl::CivilDay(2026, 3, 1)),
                        id, today);
  ExpectAnswerIsTheCase(
      commands_.DropAction(On(id), FirstAction(id), "brak środków"), id, today);
  ExpectAnswerIsTheCase(commands_.AdoptPlan(On(id), Plan()), id, today);
  {
    auto adopted = Newest<ev::PlanAdopted>(id);
    expect_ref(adopted.case_());
    EXPECT_EQ(adopted.document_reference(), Plan().document_reference());
    EXPECT_EQ(adopted.adopted_on(), Plan().adopted_on());
    EXPECT_EQ(Events(id), ++events);
  }

  ExpectAnswerIsTheCase(commands_.CompleteRollout(On(id)), id, today);
  {
    auto moved = Newest<ev::CaseStageChanged>(id);
    expect_ref(moved.case_());
    EXPECT_EQ(moved.to_stage(), v1::COMPLETED);
    EXPECT_EQ(moved.stage_due_on(), "");
    EXPECT_EQ(Events(id), ++events);
  }
  EXPECT_EQ(History(id), 9);  // open + eight commands
}

// Days after kNow (Monday 2 March 2026): none past due; the first action
// (due 30 April) past due; everything, the stages included, past due.
INSTANTIATE_TEST_SUITE_P(Days, CommandAnswerTest,
                         ::testing::Values(0, 70, 400));

// An action named with upper-case hex digits is the same action, as the
// UUID it is.
TEST_F(AdvisoryStoreTest, AnActionIdInUpperCaseNamesTheAction) {
  const std::string id = CaseAt(Stage::kRollout);
  const std::string action = absl::AsciiStrToUpper(FirstAction(id));
  auto done =
      commands_.CompleteAction(In(id), action, absl::CivilDay(2026, 3, 1));
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->actions(0).status(), v1::DONE);
  auto again =
      commands_.CompleteAction(In(id), action, absl::CivilDay(2026, 3, 1));
  EXPECT_TRUE(HasViolation(again.status(), "ACTION_CLOSED")) << again.status();
  auto unknown = commands_.DropAction(In(id), NewUuid(db_), "powód");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
}

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
        absl::StatusOr<rows::LockedCase> row = rows::LockCase(tx, id, foreign);
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
