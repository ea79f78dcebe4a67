// The advisory store against real PostgreSQL (and Redis for the event
// pipeline): every (stage, command) pair, racing clients, guards, the
// handover, workflow versions, due dates, and cases opened exactly once
// from recruitment's events.
#include <atomic>
#include <pqxx/pqxx>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/events/consumer.h"
#include "common/events/migrations.h"
#include "common/events/outbox.h"
#include "common/events/relay.h"
#include "common/pg/request_key.h"
#include "common/pg/status.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/advisory/domain/business_days.h"
#include "services/advisory/migrations.h"
#include "services/advisory/recruitment_events.h"
#include "services/advisory/store/advisory_store.h"

namespace jstedu::advisory {
namespace {

using ::jstedu::testing::TestKeyspace;
using ::jstedu::testing::TestSchema;
namespace ev = ::jstedu::events::v1;

// Monday 2 March 2026, 10:00 in Warsaw (CET).
const absl::Time kNow = absl::FromUnixSeconds(1772442000);

std::string NewUuid(TestSchema& schema) {
  return schema.Query("SELECT gen_random_uuid()");
}

class AdvisoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(db_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(pg::ApplyMigrations(db_.pool(), "advisory", Migrations()).ok());
    education_ = Expert("edu-a", v1::EDUCATION_DEVELOPMENT, {"24", "02"}, 10);
    personnel_ = Expert("per-a", v1::PERSONNEL_DEVELOPMENT, {"24", "02"}, 10);
  }

  std::string Expert(const std::string& subject, v1::Speciality speciality,
                     std::vector<std::string> voivodeships, int max_caseload) {
    v1::Expert e;
    e.set_subject(subject);
    e.set_display_name(absl::StrCat("Ekspert ", subject));
    e.set_speciality(speciality);
    for (auto& v : voivodeships) e.add_voivodeships(v);
    e.set_max_caseload(max_caseload);
    auto created = store_.CreateExpert(e);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? created->id() : "";
  }

  ev::JstQualified Qualified(const std::string& teryt,
                             const std::string& voivodeship,
                             const std::string& edition = "PILOT") {
    ev::JstQualified e;
    e.set_edition(edition);
    e.set_application_id(NewUuid(db_));
    e.set_teryt(teryt);
    e.set_voivodeship(voivodeship);
    e.set_jst_kind(recruitment::v1::URBAN_COMMUNE);
    e.mutable_qualified_at()->set_seconds(absl::ToUnixSeconds(kNow));
    return e;
  }

  // Applies a recruitment event as the consumer does (one transaction).
  template <typename Event>
  void Apply(const Event& event) {
    events::EventEnvelope envelope;
    envelope.set_event_id(NewUuid(db_));
    envelope.set_event_type(Event::descriptor()->full_name());
    envelope.set_producer("recruitment");
    envelope.mutable_payload()->PackFrom(event);
    *envelope.mutable_occurred_at() = google::protobuf::Timestamp();
    envelope.mutable_occurred_at()->set_seconds(absl::ToUnixSeconds(kNow));
    absl::Status status =
        pg::RunInTransaction(db_.pool(), [&](pqxx::transaction_base& tx) {
          return ApplyRecruitmentEvent(tx, envelope);
        });
    ASSERT_TRUE(status.ok()) << status;
  }

  std::string Open(const std::string& teryt = "2476011",
                   const std::string& voivodeship = "24") {
    ev::JstQualified event = Qualified(teryt, voivodeship);
    Apply(event);
    return db_.Query(
        absl::StrCat("SELECT id FROM advisory_case WHERE application_id = '",
                     event.application_id(), "'"));
  }

  CommandInput In(const std::string& case_id,
                  const std::string& subject = "office",
                  const std::string& role = "ADMIN") {
    CommandInput in;
    in.case_id = case_id;
    in.expected_version = Version(case_id);
    in.actor = {subject, role, ""};
    in.now = kNow;
    in.today = WarsawDay(kNow);
    return in;
  }

  int64_t Version(const std::string& case_id) {
    std::string v = db_.Query(absl::StrCat(
        "SELECT version FROM advisory_case WHERE id = '", case_id, "'"));
    return v.empty() ? 0 : std::stoll(v);
  }
  std::string Stage(const std::string& case_id) {
    return db_.Query(absl::StrCat(
        "SELECT stage FROM advisory_case WHERE id = '", case_id, "'"));
  }
  int Count(const std::string& sql) { return std::stoi(db_.Query(sql)); }
  int History(const std::string& case_id) {
    return Count(absl::StrCat(
        "SELECT count(*) FROM case_history WHERE case_id = '", case_id, "'"));
  }
  // Everything a command could change, as one comparable text.
  std::string Snapshot(const std::string& case_id) {
    return db_.Query(absl::StrCat(
        "SELECT (SELECT row_to_json(c)::text FROM advisory_case c WHERE id = '",
        case_id,
        "') || (SELECT coalesce(json_agg(a ORDER BY position)::text, '') FROM "
        "case_action a "
        "WHERE case_id = '",
        case_id, "') || (SELECT count(*) FROM case_history WHERE case_id = '",
        case_id, "') || (SELECT count(*) FROM outbox)"));
  }
  std::string Area(const std::string& edition = "PILOT") {
    return db_.Query(
        absl::StrCat("SELECT id FROM support_area WHERE edition = '", edition,
                     "' ORDER BY code LIMIT 1"));
  }
  std::string FirstAction(const std::string& case_id) {
    return db_.Query(
        absl::StrCat("SELECT id FROM case_action WHERE case_id = '", case_id,
                     "' AND status = 'PLANNED' ORDER BY position LIMIT 1"));
  }

  static v1::Agreement Agreement() {
    v1::Agreement a;
    a.set_agreed_on("2026-02-27");
    a.set_agreed_by("Jan Kowalski, burmistrz");
    return a;
  }
  static std::vector<v1::Action> Schedule() {
    std::vector<v1::Action> actions(2);
    actions[0].set_title("Analiza wyników egzaminu ósmoklasisty");
    actions[0].set_owner("Wydział Edukacji");
    actions[0].set_starts_on("2026-03-02");
    actions[0].set_due_on("2026-04-30");
    actions[1].set_title("Szkolenie dyrektorów");
    actions[1].set_owner("Zespół dyrektorów");
    actions[1].set_starts_on("2026-05-04");
    actions[1].set_due_on("2026-06-30");
    return actions;
  }
  static v1::QualityPlan Plan() {
    v1::QualityPlan p;
    p.set_document_reference("Uchwała nr XII/87/2026");
    p.set_adopted_on("2026-02-28");
    return p;
  }

  void Must(const absl::StatusOr<v1::Case>& result) {
    ASSERT_TRUE(result.ok()) << result.status();
  }

  // A case brought to `stage` by the legal path.
  std::string CaseAt(advisory::Stage stage) {
    const std::string id = Open(absl::StrCat("24", 10000 + next_teryt_++, "1"));
    if (stage == Stage::kAreaChoice) return id;
    if (stage == Stage::kWithdrawn) {
      ev::JstWithdrawn w;
      w.set_edition("PILOT");
      w.set_application_id(db_.Query(absl::StrCat(
          "SELECT application_id FROM advisory_case WHERE id = '", id, "'")));
      w.set_teryt("x");
      w.set_voivodeship("24");
      Apply(w);
      return id;
    }
    Must(store_.AssignExperts(In(id), education_, personnel_,
                              v1::EDUCATION_DEVELOPMENT));
    Must(store_.ChooseArea(In(id), Area(), Agreement()));
    if (stage == Stage::kNeedsDiagnosis) return id;
    Must(store_.CompleteDiagnosis(
        In(id), "Diagnoza: niskie wyniki z matematyki", Schedule()));
    Must(store_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a"));
    if (stage == Stage::kRollout) return id;
    Must(store_.CompleteAction(In(id), FirstAction(id),
                               absl::CivilDay(2026, 3, 1)));
    Must(store_.DropAction(In(id), FirstAction(id), "brak środków"));
    Must(store_.AdoptPlan(In(id), Plan()));
    Must(store_.CompleteRollout(In(id)));
    return id;
  }

  // Runs `command` on the case with its current version.
  absl::StatusOr<v1::Case> Run(Command command, const std::string& id) {
    switch (command) {
      case Command::kAssignExperts:
        return store_.AssignExperts(In(id), education_, personnel_,
                                    v1::PERSONNEL_DEVELOPMENT);
      case Command::kChooseArea:
        return store_.ChooseArea(In(id), Area(), Agreement());
      case Command::kCompleteDiagnosis:
        return store_.CompleteDiagnosis(In(id), "Diagnoza", Schedule());
      case Command::kApproveSchedule:
        return store_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a");
      case Command::kAdoptPlan:
        return store_.AdoptPlan(In(id), Plan());
      case Command::kCompleteRollout:
        return store_.CompleteRollout(In(id));
      case Command::kCompleteAction: {
        std::string action = FirstAction(id);
        return store_.CompleteAction(In(id),
                                     action.empty() ? NewUuid(db_) : action,
                                     absl::CivilDay(2026, 3, 1));
      }
      case Command::kDropAction: {
        std::string action = FirstAction(id);
        return store_.DropAction(In(id), action.empty() ? NewUuid(db_) : action,
                                 "powód");
      }
    }
    return absl::InternalError("unknown command");
  }

  TestSchema db_;
  AdvisoryStore store_{db_.pool()};
  std::string education_;
  std::string personnel_;
  int next_teryt_ = 0;
};

bool HasViolation(const absl::Status& status, const std::string& type) {
  auto payload =
      status.GetPayload("type.googleapis.com/google.rpc.PreconditionFailure");
  return payload.has_value() &&
         std::string(*payload).find(type) != std::string::npos;
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
        Must(store_.AssignExperts(In(id), education_, personnel_,
                                  v1::EDUCATION_DEVELOPMENT));
      }
      if (IsLegal(stage, command) && command == Command::kApproveSchedule) {
        Must(store_.CompleteDiagnosis(In(id), "Diagnoza", Schedule()));
      }
      if (IsLegal(stage, command) && command == Command::kCompleteRollout) {
        // The guard's preconditions, so that the legal command moves.
        Must(store_.CompleteAction(In(id), FirstAction(id),
                                   absl::CivilDay(2026, 3, 1)));
        Must(store_.CompleteAction(In(id), FirstAction(id),
                                   absl::CivilDay(2026, 3, 1)));
        Must(store_.AdoptPlan(In(id), Plan()));
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
  auto refused = store_.ChooseArea(In(id), NewUuid(db_), Agreement());
  ASSERT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(HasViolation(refused.status(), "EXPERTS_NOT_ASSIGNED"));
  EXPECT_TRUE(HasViolation(refused.status(), "AREA_NOT_CHOSEN"));
  EXPECT_EQ(Snapshot(id), before);

  Must(store_.AssignExperts(In(id), education_, personnel_,
                            v1::EDUCATION_DEVELOPMENT));
  Must(store_.ChooseArea(In(id), Area(), Agreement()));
  before = Snapshot(id);
  auto early = store_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a");
  EXPECT_TRUE(HasViolation(early.status(), "DIAGNOSIS_SUMMARY_MISSING"));
  EXPECT_TRUE(HasViolation(early.status(), "ACTION_SCHEDULE_EMPTY"));
  EXPECT_EQ(Snapshot(id), before);

  Must(store_.CompleteDiagnosis(In(id), "Diagnoza", Schedule()));
  // Only the guardian approves; the other expert of the pair may not.
  auto other = store_.ApproveSchedule(In(id, "per-a", "EXPERT"), "per-a");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
  Must(store_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a"));

  before = Snapshot(id);
  auto open = store_.CompleteRollout(In(id));
  EXPECT_TRUE(HasViolation(open.status(), "ACTIONS_OPEN"));
  EXPECT_TRUE(HasViolation(open.status(), "PLAN_NOT_ADOPTED"));
  EXPECT_EQ(Snapshot(id), before);

  Must(store_.AdoptPlan(In(id), Plan()));
  auto twice = store_.AdoptPlan(In(id), Plan());
  EXPECT_TRUE(HasViolation(twice.status(), "PLAN_ALREADY_ADOPTED"));
  // A done action cannot be dropped afterwards.
  const std::string action = FirstAction(id);
  Must(store_.CompleteAction(In(id), action, absl::CivilDay(2026, 3, 1)));
  auto closed = store_.DropAction(In(id), action, "za późno");
  EXPECT_TRUE(HasViolation(closed.status(), "ACTION_CLOSED"));
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.PlanAdopted'"),
            1);
}

TEST_F(AdvisoryStoreTest, AStaleVersionIsAbortedAndChangesNothing) {
  const std::string id = Open();
  CommandInput stale = In(id);
  Must(store_.AssignExperts(In(id), education_, personnel_,
                            v1::EDUCATION_DEVELOPMENT));
  const std::string before = Snapshot(id);
  auto result = store_.ChooseArea(stale, Area(), Agreement());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted)
      << result.status();
  EXPECT_EQ(Snapshot(id), before);
}

TEST_F(AdvisoryStoreTest, FiftyClientsRacingOneTransitionOneWins) {
  const std::string id = Open();
  Must(store_.AssignExperts(In(id), education_, personnel_,
                            v1::EDUCATION_DEVELOPMENT));
  const CommandInput in = In(id);
  const std::string area = Area();
  const int history = History(id);
  std::atomic<int> ok{0}, aborted{0}, other{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 50; ++i) {
    clients.emplace_back([&] {
      auto result = store_.ChooseArea(in, area, Agreement());
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

TEST_F(AdvisoryStoreTest,
       ProposalIsTheLeastLoadedEligibleExpertAndCapacityHolds) {
  const std::string small =
      Expert("edu-small", v1::EDUCATION_DEVELOPMENT, {"24"}, 1);
  Expert("edu-elsewhere", v1::EDUCATION_DEVELOPMENT, {"02"}, 50);
  const std::string first = Open("2476011", "24");
  // Both education experts serving 24 hold nothing: the lower id wins a tie;
  // give edu-a one case so that the proposal is the idle one.
  Must(store_.AssignExperts(In(first), education_, personnel_,
                            v1::EDUCATION_DEVELOPMENT));
  const std::string second = Open("2466011", "24");
  auto proposal = store_.ProposeExperts(second, {});
  ASSERT_TRUE(proposal.ok()) << proposal.status();
  EXPECT_EQ(proposal->education_expert(), small);
  EXPECT_EQ(proposal->personnel_expert(), personnel_);
  Must(store_.AssignExperts(In(second), small, personnel_,
                            v1::PERSONNEL_DEVELOPMENT));

  // edu-small is now full (1 case); edu-elsewhere does not serve 24.
  const std::string third = Open("2461011", "24");
  auto next = store_.ProposeExperts(third, {});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->education_expert(), education_);
  auto full = store_.AssignExperts(In(third), small, personnel_,
                                   v1::EDUCATION_DEVELOPMENT);
  EXPECT_TRUE(HasViolation(full.status(), "EXPERT_AT_CAPACITY"))
      << full.status();
  auto wrong = store_.AssignExperts(In(third), personnel_, education_,
                                    v1::EDUCATION_DEVELOPMENT);
  EXPECT_TRUE(HasViolation(wrong.status(), "EXPERT_WRONG_SPECIALITY"))
      << wrong.status();
}

TEST_F(AdvisoryStoreTest,
       HandoverLeavesNoCaseWithoutAGuardianAndAuditsEachCase) {
  const std::string b = Expert("edu-b", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  const std::string c = Expert("edu-c", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  std::vector<std::string> cases;
  for (int i = 0; i < 5; ++i) {
    const std::string id = Open(absl::StrCat("24", 20000 + i, "1"));
    Must(store_.AssignExperts(
        In(id), education_, personnel_,
        i % 2 == 0 ? v1::EDUCATION_DEVELOPMENT : v1::PERSONNEL_DEVELOPMENT));
    cases.push_back(id);
  }
  // One case moved on, one explicitly to edu-c.
  Must(store_.ChooseArea(In(cases[0]), Area(), Agreement()));
  v1::Handover explicit_choice;
  explicit_choice.set_case_(cases[1]);
  explicit_choice.set_expert(c);
  auto result = store_.DeactivateExpert(education_, "Urlop długoterminowy",
                                        {explicit_choice}, false, false,
                                        {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->handovers_size(), 5);
  EXPECT_FALSE(result->expert().active());
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM advisory_case WHERE '", education_,
                "' IN (education_expert, personnel_expert, guardian)")),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case WHERE education_expert "
                  "IS NOT NULL AND "
                  "guardian IS NULL"),
            0);
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case c JOIN expert e ON e.id "
                  "= c.guardian "
                  "WHERE NOT e.active"),
            0);
  EXPECT_EQ(
      Count("SELECT count(*) FROM expert_assignment WHERE kind = 'HANDOVER'"),
      5);
  EXPECT_EQ(
      Count(absl::StrCat("SELECT count(*) FROM advisory_case WHERE id = '",
                         cases[1], "' AND education_expert = '", c, "'")),
      1);
  // Where the leaver was the guardian, the newcomer is.
  EXPECT_EQ(
      Count(absl::StrCat("SELECT count(*) FROM advisory_case WHERE id = '",
                         cases[0], "' AND guardian IN ('", b, "', '", c, "')")),
      1);
  EXPECT_EQ(Stage(cases[0]), "NEEDS_DIAGNOSIS");
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.CaseExpertsAssigned'"),
            5 + 5);
  EXPECT_EQ(
      Count("SELECT count(*) FROM case_history WHERE command = 'handover'"), 5);
}

TEST_F(AdvisoryStoreTest, AHandoverWithoutAReplacementChangesNothing) {
  const std::string id = Open();
  Must(store_.AssignExperts(In(id), education_, personnel_,
                            v1::EDUCATION_DEVELOPMENT));
  const std::string before = Snapshot(id);
  auto result = store_.DeactivateExpert(education_, "Odejście", {}, false,
                                        false, {"office", "ADMIN", ""}, kNow);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(HasViolation(result.status(), "NO_REPLACEMENT"));
  EXPECT_EQ(Snapshot(id), before);
  EXPECT_EQ(db_.Query(absl::StrCat("SELECT active FROM expert WHERE id = '",
                                   education_, "'")),
            "t");
}

// Everything a handover writes, as one text: the cases, the experts, their
// history, assignments and events.
std::string HandoverState(TestSchema& db) {
  return db.Query(
      "SELECT (SELECT json_agg(c ORDER BY id)::text FROM advisory_case c) || "
      "(SELECT json_agg(e ORDER BY id)::text FROM expert e) || "
      "(SELECT count(*) FROM case_history) || "
      "(SELECT count(*) FROM expert_assignment) || "
      "(SELECT count(*) FROM outbox)");
}

TEST_F(AdvisoryStoreTest, APreviewAnswersTheRealHandoverAndChangesNothing) {
  // Two equally free replacements: each handover changes the loads the next
  // case's replacement is chosen by, so the plan depends on the order.
  Expert("edu-b", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  Expert("edu-c", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  for (int i = 0; i < 4; ++i) {
    Must(store_.AssignExperts(
        In(Open(absl::StrCat("24", 20000 + i, "1"))), education_, personnel_,
        i % 2 == 0 ? v1::EDUCATION_DEVELOPMENT : v1::PERSONNEL_DEVELOPMENT));
  }
  const std::string before = HandoverState(db_);
  auto preview = store_.DeactivateExpert(education_, "Urlop", {}, true, false,
                                         {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_EQ(HandoverState(db_), before);

  auto real = store_.DeactivateExpert(education_, "Urlop", {}, false, false,
                                      {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(real.ok()) << real.status();
  ASSERT_EQ(preview->handovers_size(), 4);
  ASSERT_EQ(real->handovers_size(), 4);
  for (int i = 0; i < 4; ++i) {
    const v1::Handover& shown = preview->handovers(i);
    EXPECT_EQ(shown.SerializeAsString(),
              real->handovers(i).SerializeAsString());
    EXPECT_EQ(db_.Query(absl::StrCat(
                  "SELECT education_expert || ' ' || guardian FROM "
                  "advisory_case WHERE id = '",
                  shown.case_(), "'")),
              absl::StrCat(shown.expert(), " ", shown.guardian()));
  }
  EXPECT_EQ(preview->expert().SerializeAsString(),
            real->expert().SerializeAsString());
}

TEST_F(AdvisoryStoreTest, ARetriedKeyedCommandIsToldItWasAppliedNotStale) {
  const std::string id = Open();
  const CommandInput first = In(id);
  const pg::KeyedCall call{"AssignExperts", std::string(64, 'a'),
                           std::string(64, 'b')};
  {
    pg::KeyedCallScope scope(call);
    Must(store_.AssignExperts(first, education_, personnel_,
                              v1::EDUCATION_DEVELOPMENT));
  }
  const std::string before = Snapshot(id);
  // The answer was lost: the same request under the same key, with the
  // version it was sent with (now stale by its own write).
  pg::KeyedCallScope again(call);
  auto retried = store_.AssignExperts(first, education_, personnel_,
                                      v1::EDUCATION_DEVELOPMENT);
  EXPECT_TRUE(absl::IsAlreadyExists(retried.status())) << retried.status();
  auto info =
      retried.status().GetPayload("type.googleapis.com/google.rpc.ErrorInfo");
  ASSERT_TRUE(info.has_value()) << retried.status();
  EXPECT_NE(std::string(*info).find(pg::kRequestAlreadyApplied),
            std::string::npos);
  EXPECT_EQ(Snapshot(id), before);
}

TEST_F(AdvisoryStoreTest, AnExactPlanIsCarriedOutOnlyAsItWasShown) {
  const std::string b = Expert("edu-b", v1::EDUCATION_DEVELOPMENT, {"24"}, 10);
  std::vector<std::string> cases;
  for (int i = 0; i < 2; ++i) {
    cases.push_back(Open(absl::StrCat("24", 20000 + i, "1")));
    Must(store_.AssignExperts(
        In(cases.back()), education_, personnel_,
        i == 0 ? v1::EDUCATION_DEVELOPMENT : v1::PERSONNEL_DEVELOPMENT));
  }
  const std::string audited_reads = absl::StrCat(
      "SELECT count(*) FROM read_audit WHERE what = 'experts' AND '",
      education_, "' = ANY (record_ids)");
  const int reads_before = Count(audited_reads);
  auto preview = store_.DeactivateExpert(education_, "Urlop", {}, true, false,
                                         {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(preview.ok()) << preview.status();
  ASSERT_EQ(preview->handovers_size(), 2);
  std::vector<v1::Handover> plan(preview->handovers().begin(),
                                 preview->handovers().end());
  // The preview is audited for what it is, not as a read for a handover.
  EXPECT_EQ(Count(audited_reads), reads_before);
  EXPECT_EQ(Count(absl::StrCat("SELECT count(*) FROM read_audit WHERE what = "
                               "'experts.deactivation-preview' AND '",
                               education_, "' = ANY (record_ids)")),
            1);

  // Between the preview and the confirmation the first case is given to
  // edu-b by someone else, and a third case comes to the leaving expert.
  Must(store_.AssignExperts(In(cases[0]), b, personnel_,
                            v1::EDUCATION_DEVELOPMENT));
  const std::string newcomer = Open("2420101");
  Must(store_.AssignExperts(In(newcomer), education_, personnel_,
                            v1::PERSONNEL_DEVELOPMENT));
  const std::string before = HandoverState(db_);
  auto refused = store_.DeactivateExpert(education_, "Urlop", plan, false, true,
                                         {"office", "ADMIN", ""}, kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition)
      << refused.status();
  EXPECT_TRUE(HasViolation(refused.status(), "PLAN_CHANGED"));
  for (const std::string& differing : {cases[0], newcomer}) {
    EXPECT_TRUE(HasViolation(refused.status(), "cases/" + differing))
        << differing << " " << refused.status();
  }
  EXPECT_FALSE(HasViolation(refused.status(), "cases/" + cases[1]));
  EXPECT_EQ(HandoverState(db_), before);

  // A plan sent with another guardian than the one it would get: refused.
  auto again = store_.DeactivateExpert(education_, "Urlop", {}, true, false,
                                       {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(again.ok()) << again.status();
  plan.assign(again->handovers().begin(), again->handovers().end());
  std::vector<v1::Handover> wrong_guardian = plan;
  wrong_guardian[0].set_guardian(wrong_guardian[0].guardian() == personnel_
                                     ? wrong_guardian[0].expert()
                                     : personnel_);
  auto guardian =
      store_.DeactivateExpert(education_, "Urlop", wrong_guardian, false, true,
                              {"office", "ADMIN", ""}, kNow);
  EXPECT_TRUE(
      HasViolation(guardian.status(), "cases/" + wrong_guardian[0].case_()))
      << guardian.status();
  EXPECT_EQ(HandoverState(db_), before);

  // The plan as it stands now is carried out exactly.
  auto done = store_.DeactivateExpert(education_, "Urlop", plan, false, true,
                                      {"office", "ADMIN", ""}, kNow);
  ASSERT_TRUE(done.ok()) << done.status();
  ASSERT_EQ(done->handovers_size(), static_cast<int>(plan.size()));
  for (size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(done->handovers(i).SerializeAsString(),
              plan[i].SerializeAsString());
  }
  EXPECT_FALSE(done->expert().active());
}

TEST_F(AdvisoryStoreTest, APreviewOfAHandoverWithoutAReplacementIsRefusedToo) {
  const std::string id = Open();
  Must(store_.AssignExperts(In(id), education_, personnel_,
                            v1::EDUCATION_DEVELOPMENT));
  const std::string before = HandoverState(db_);
  auto preview = store_.DeactivateExpert(education_, "Odejście", {}, true,
                                         false, {"office", "ADMIN", ""}, kNow);
  EXPECT_EQ(preview.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(HasViolation(preview.status(), "NO_REPLACEMENT"));
  EXPECT_EQ(HandoverState(db_), before);
}

TEST_F(AdvisoryStoreTest,
       DueDatesCountBusinessDaysAndFollowTheCasesWorkflowVersion) {
  const std::string running = Open();
  // Opened Monday 2 March 2026: 20 business days later (no holidays).
  EXPECT_EQ(
      db_.Query(absl::StrCat(
          "SELECT stage_due_on FROM advisory_case WHERE id = '", running, "'")),
      absl::FormatCivilTime(AddBusinessDays(absl::CivilDay(2026, 3, 2), 20)));
  v1::WorkflowDefinition v2;
  v2.set_area_choice_days(5);
  v2.set_needs_diagnosis_days(10);
  v2.set_rollout_days(30);
  v2.set_note("Skrócone terminy");
  auto published =
      store_.PublishWorkflowDefinition(v2, {"office", "ADMIN", ""});
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->version(), 2);

  const std::string fresh = Open("2466011", "24");
  EXPECT_EQ(db_.Query(absl::StrCat(
                "SELECT workflow_version FROM advisory_case WHERE id = '",
                fresh, "'")),
            "2");
  EXPECT_EQ(
      db_.Query(absl::StrCat(
          "SELECT stage_due_on FROM advisory_case WHERE id = '", fresh, "'")),
      "2026-03-09");
  // The running case keeps version 1: 40 business days for the diagnosis.
  Must(store_.AssignExperts(In(running), education_, personnel_,
                            v1::EDUCATION_DEVELOPMENT));
  auto moved = store_.ChooseArea(In(running), Area(), Agreement());
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->workflow_version(), 1);
  EXPECT_EQ(moved->stage_due_on(), absl::FormatCivilTime(AddBusinessDays(
                                       absl::CivilDay(2026, 3, 2), 40)));
}

TEST_F(AdvisoryStoreTest, CasesFilteredByTerytKeepTheCallersScope) {
  const std::string swietochlowice = Open("2476011", "24");
  Open("2469011", "24");
  CaseQuery query;
  query.today = absl::CivilDay(2026, 3, 3);
  query.teryt = "2476011";
  auto ids = [&](const CaseScope& scope) {
    query.scope = scope;
    bool more = false;
    auto listed = store_.ListCases(query, &more);
    EXPECT_TRUE(listed.ok()) << listed.status();
    std::vector<std::string> out;
    if (listed.ok()) {
      for (const auto& c : *listed) out.push_back(c.id());
    }
    return out;
  };
  EXPECT_THAT(ids({}), ::testing::ElementsAre(swietochlowice));
  EXPECT_THAT(ids({"24", "", ""}), ::testing::ElementsAre(swietochlowice));
  EXPECT_THAT(ids({"", "2476011", ""}), ::testing::ElementsAre(swietochlowice));
  // The filter narrows the scope, never widens it: another JST, or an
  // expert who holds none of its cases, finds nothing.
  EXPECT_THAT(ids({"", "2469011", ""}), ::testing::IsEmpty());
  EXPECT_THAT(ids({"", "", "edu-a"}), ::testing::IsEmpty());
}

TEST_F(AdvisoryStoreTest, OverdueCasesAreListedPerVoivodeshipAndExpert) {
  const std::string late = Open("2476011", "24");
  const std::string elsewhere = Open("0201011", "02");
  Must(store_.AssignExperts(In(late), education_, personnel_,
                            v1::EDUCATION_DEVELOPMENT));
  CaseQuery query;
  query.today = absl::CivilDay(2026, 6, 1);  // both past their 20 business days
  query.overdue_only = true;
  query.voivodeship = "24";
  bool more = false;
  auto listed = store_.ListCases(query, &more);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id(), late);
  EXPECT_TRUE((*listed)[0].overdue());
  query.voivodeship = "";
  query.expert_id = education_;
  listed = store_.ListCases(query, &more);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  query.expert_id = "";
  query.today = absl::CivilDay(2026, 3, 3);  // nothing due yet
  listed = store_.ListCases(query, &more);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  // Scope: an expert sees the cases they hold, a coordinator their region.
  CaseQuery all;
  all.today = absl::CivilDay(2026, 3, 3);
  all.scope.expert_subject = "edu-a";
  listed = store_.ListCases(all, &more);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  all.scope = {};
  all.scope.voivodeship = "02";
  listed = store_.ListCases(all, &more);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id(), elsewhere);
  auto foreign =
      store_.GetCase(late, all.scope, all.today, {"c", "COORDINATOR", ""});
  EXPECT_EQ(foreign.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(AdvisoryStoreTest,
       WithdrawalClosesTheCaseAndALateQualificationOpensNothing) {
  ev::JstQualified qualified = Qualified("2476011", "24");
  ev::JstWithdrawn withdrawn;
  withdrawn.set_edition("PILOT");
  withdrawn.set_application_id(qualified.application_id());
  withdrawn.set_teryt("2476011");
  withdrawn.set_voivodeship("24");
  // Delivered out of order (a reclaimed entry): the withdrawal first.
  Apply(withdrawn);
  Apply(qualified);
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case"), 0);

  ev::JstQualified other = Qualified("2466011", "24");
  Apply(other);
  withdrawn.set_application_id(other.application_id());
  Apply(withdrawn);
  Apply(withdrawn);
  EXPECT_EQ(
      Count("SELECT count(*) FROM advisory_case WHERE stage = 'WITHDRAWN'"), 1);
  EXPECT_EQ(
      Count("SELECT count(*) FROM case_history WHERE command = 'withdraw'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.CaseWithdrawn'"),
            1);
  // After completion a withdrawal is only recorded: the plan stands.
  db_.Query("UPDATE expert SET max_caseload = 200");
  const std::string done = CaseAt(Stage::kCompleted);
  const int history = History(done);
  withdrawn.set_application_id(db_.Query(absl::StrCat(
      "SELECT application_id FROM advisory_case WHERE id = '", done, "'")));
  Apply(withdrawn);
  Apply(withdrawn);
  EXPECT_EQ(Stage(done), "COMPLETED");
  EXPECT_EQ(History(done), history + 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.CaseWithdrawn'"),
            1);
  // The catalogue was seeded once, with the standard 12 areas.
  EXPECT_EQ(Count("SELECT count(*) FROM support_area WHERE edition = 'PILOT'"),
            12);
}

// The whole pipeline: a producer's outbox, its relay to Redis, advisory's
// consumer with its inbox. The same JstQualified delivered again (the same
// entry re-added, and a second publication under a new event id) opens one
// case and publishes one CaseOpened.
TEST_F(AdvisoryStoreTest, ARedeliveredJstQualifiedOpensOneCase) {
  TestSchema producer;
  TestKeyspace keyspace;
  ASSERT_TRUE(pg::ApplyMigrations(producer.pool(), "platform",
                                  events::PlatformMigrations())
                  .ok());
  const ev::JstQualified event = Qualified("2476011", "24");
  auto publish = [&] {
    ASSERT_TRUE(
        pg::RunInTransaction(producer.pool(), [&](pqxx::transaction_base& tx) {
          events::AppendEvent(tx, event, event.application_id());
          return absl::OkStatus();
        }).ok());
  };
  events::RelayOptions relay_options;
  relay_options.producer = "recruitment";
  relay_options.stream = events::StreamName(keyspace.prefix(), "recruitment");
  events::Relay relay(producer.pool(), keyspace.options(), relay_options);
  events::ConsumerOptions consumer_options;
  consumer_options.name = "advisory";
  consumer_options.stream = relay_options.stream;
  consumer_options.instance = "advisory-1";
  consumer_options.block = std::chrono::milliseconds(50);
  events::Consumer consumer(db_.pool(), keyspace.options(), consumer_options,
                            ApplyRecruitmentEvent);
  auto deliver = [&] {
    for (int i = 0; i < 20; ++i) {
      auto published = relay.PublishBatch();
      ASSERT_TRUE(published.ok()) << published.status();
      if (*published == 0) break;
    }
    for (int i = 0; i < 20; ++i) {
      auto handled = consumer.PollOnce();
      ASSERT_TRUE(handled.ok()) << handled.status();
      if (*handled == 0) break;
    }
  };
  publish();
  deliver();
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case"), 1);

  // The same stream entry once more (a redelivery).
  auto redis = keyspace.Client();
  auto entries = redis->Command({"XRANGE", relay_options.stream, "-", "+"});
  ASSERT_TRUE(entries.ok());
  for (const auto& entry : entries->elements) {
    std::vector<std::string> argv = {"XADD", relay_options.stream, "*"};
    for (const auto& field : entry.elements[1].elements)
      argv.push_back(field.str);
    ASSERT_TRUE(redis->Command(argv).ok());
  }
  // And the same fact published again under a new event id.
  publish();
  deliver();
  EXPECT_EQ(Count("SELECT count(*) FROM advisory_case"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM case_history"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM outbox WHERE event_type = "
                  "'jstedu.events.v1.CaseOpened'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM inbox"), 2);
}

TEST_F(AdvisoryStoreTest,
       ActivitiesBuildTheTimelineAndReadsOfPersonalDataAreAudited) {
  const std::string id = Open();
  v1::Activity visit;
  visit.set_kind(v1::OFFICE_VISIT);
  visit.set_occurred_on("2026-02-20");
  visit.set_form(v1::IN_PERSON);
  visit.add_participants("Jan Kowalski, burmistrz");
  visit.add_guests("Kuratorium Oświaty w Katowicach");
  visit.add_documents("DOR.0012.3.2026");
  visit.set_notes("Spotkanie otwierające");
  const Actor expert{"edu-a", "EXPERT", ""};
  auto created = store_.CreateActivity(id, {}, visit, expert, kNow);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->guests(0), "Kuratorium Oświaty w Katowicach");
  auto again = store_.CreateActivity(id, {}, visit, expert, kNow);
  EXPECT_TRUE(HasViolation(again.status(), "OFFICE_VISIT_RECORDED"));
  v1::Activity contact = visit;
  contact.set_kind(v1::GUARDIAN_CONTACT);
  contact.set_occurred_on("2026-02-25");
  contact.set_form(v1::ONLINE);
  ASSERT_TRUE(store_.CreateActivity(id, {}, contact, expert, kNow).ok());
  auto timeline = store_.ListActivities(id, {}, {"office", "ADMIN", ""});
  ASSERT_TRUE(timeline.ok());
  ASSERT_EQ(timeline->size(), 2u);
  EXPECT_EQ((*timeline)[0].kind(), v1::OFFICE_VISIT);
  EXPECT_EQ(Count("SELECT count(*) FROM read_audit WHERE what = 'activities' "
                  "AND actor = "
                  "'office' AND cardinality(record_ids) = 2"),
            1);
  auto experts = store_.ListExperts({}, {"office", "ADMIN", ""});
  ASSERT_TRUE(experts.ok());
  EXPECT_EQ(experts->size(), 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM read_audit WHERE what = 'experts'"), 1);
  // A page names only the experts it answers (issue 17 review: every page
  // audited the whole list).
  ExpertQuery second;
  second.window = {1, 1};
  bool more = true;
  auto page = store_.ListExperts(second, {"pager", "ADMIN", ""}, &more);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().id(), (*experts)[1].id());
  EXPECT_FALSE(more);
  EXPECT_EQ(Count("SELECT count(*) FROM read_audit WHERE what = 'experts' AND "
                  "actor = 'pager' AND cardinality(record_ids) = 1"),
            1);
  second.window.offset = 0;
  ASSERT_TRUE(store_.ListExperts(second, {"pager", "ADMIN", ""}, &more).ok());
  EXPECT_TRUE(more);
}

// A page of the timeline is read from PostgreSQL by position, one row more
// telling whether another follows, and audited alone (issue 17: the whole
// timeline was read and audited, then cut to the page).
TEST_F(AdvisoryStoreTest, ActivitiesArePagedInTheStoreAndEachPageAudited) {
  const std::string id = Open();
  std::vector<std::string> ids;  // in timeline order
  for (int day = 1; day <= 5; ++day) {
    v1::Activity contact;
    contact.set_kind(v1::GUARDIAN_CONTACT);
    contact.set_occurred_on(absl::StrCat("2026-03-0", day));
    contact.set_form(v1::ONLINE);
    contact.add_participants(absl::StrCat("Osoba ", day));
    auto created =
        store_.CreateActivity(id, {}, contact, {"edu-a", "EXPERT", ""}, kNow);
    ASSERT_TRUE(created.ok()) << created.status();
    ids.push_back(created->id());
  }
  const Actor pager{"pager", "ADMIN", ""};
  auto read = [&](PageWindow window, bool* more) {
    std::vector<std::string> got;
    auto page = store_.ListActivities(id, {}, pager, window, more);
    EXPECT_TRUE(page.ok()) << page.status();
    if (page.ok()) {
      for (const v1::Activity& a : *page) got.push_back(a.id());
    }
    return got;
  };
  bool more = false;
  EXPECT_EQ(read({0, 2}, &more), (std::vector<std::string>{ids[0], ids[1]}));
  EXPECT_TRUE(more);
  EXPECT_EQ(read({2, 2}, &more), (std::vector<std::string>{ids[2], ids[3]}));
  EXPECT_TRUE(more);
  EXPECT_EQ(read({4, 2}, &more), std::vector<std::string>{ids[4]});
  EXPECT_FALSE(more);
  EXPECT_EQ(read({4, 1}, &more), std::vector<std::string>{ids[4]});
  EXPECT_FALSE(more);
  EXPECT_EQ(read({6, 2}, &more), std::vector<std::string>{});
  EXPECT_FALSE(more);
  // Each page names only its own rows; the empty one writes nothing.
  EXPECT_EQ(Count(absl::StrCat(
                "SELECT count(*) FROM read_audit WHERE actor = 'pager' AND "
                "what = 'activities' AND record_ids = ARRAY['",
                ids[0], "', '", ids[1], "']")),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM read_audit WHERE actor = 'pager'"), 4);
  EXPECT_EQ(Count("SELECT max(cardinality(record_ids)) FROM read_audit WHERE "
                  "actor = 'pager'"),
            2);
  // Without a window: the whole timeline.
  EXPECT_EQ(read({}, &more), ids);
  EXPECT_FALSE(more);
}

}  // namespace
}  // namespace jstedu::advisory
