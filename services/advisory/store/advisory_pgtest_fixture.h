#pragma once

// The advisory stores against real PostgreSQL (and Redis for the event
// pipeline): the fixture the store pgtests share (one per aggregate,
// *_store_pgtest.cc). Each test gets a fresh schema with the platform's
// and advisory's migrations, two experts serving voivodeships 24 and 02,
// and helpers that open cases from recruitment's events and bring them to
// a stage by the legal path.
#include <atomic>
#include <pqxx/pqxx>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/events/consumer.h"
#include "common/events/migrations.h"
#include "common/events/outbox.h"
#include "common/events/relay.h"
#include "common/pg/request_key.h"
#include "common/pg/status.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "common/time/business_days.h"
#include "common/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/advisory/domain/workflow.h"
#include "services/advisory/migrations.h"
#include "services/advisory/recruitment_events.h"
#include "services/advisory/store/activity_store.h"
#include "services/advisory/store/case_command_store.h"
#include "services/advisory/store/case_read_store.h"
#include "services/advisory/store/expert_store.h"
#include "services/advisory/store/support_area_store.h"
#include "services/advisory/store/workflow_definition_store.h"

namespace jstedu::advisory {

using ::jstedu::testing::TestKeyspace;
using ::jstedu::testing::TestSchema;
namespace ev = ::jstedu::events::v1;

// Monday 2 March 2026, 10:00 in Warsaw (CET).
inline const absl::Time kNow = absl::FromUnixSeconds(1772442000);

inline std::string NewUuid(TestSchema& schema) {
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
    auto created = experts_.Create(e);
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
    in.today = ProgrammeDay(kNow);
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
  // The outbox's events of `Event`'s type about `aggregate_id`, oldest
  // first.
  template <typename Event>
  std::vector<Event> Outbox(const std::string& aggregate_id) {
    std::vector<Event> out;
    const std::string payloads = db_.Query(absl::StrCat(
        "SELECT string_agg(encode(payload, 'hex'), ',' ORDER BY id) FROM "
        "outbox WHERE aggregate_id = '",
        aggregate_id, "' AND event_type = '", Event::descriptor()->full_name(),
        "'"));
    for (absl::string_view hex :
         absl::StrSplit(payloads, ',', absl::SkipEmpty())) {
      EXPECT_TRUE(
          out.emplace_back().ParseFromString(absl::HexStringToBytes(hex)));
    }
    return out;
  }
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
    Must(commands_.AssignExperts(In(id), education_, personnel_,
                                 v1::EDUCATION_DEVELOPMENT));
    Must(commands_.ChooseArea(In(id), Area(), Agreement()));
    if (stage == Stage::kNeedsDiagnosis) return id;
    Must(commands_.CompleteDiagnosis(
        In(id), "Diagnoza: niskie wyniki z matematyki", Schedule()));
    Must(commands_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a"));
    if (stage == Stage::kRollout) return id;
    Must(commands_.CompleteAction(In(id), FirstAction(id),
                                  absl::CivilDay(2026, 3, 1)));
    Must(commands_.DropAction(In(id), FirstAction(id), "brak środków"));
    Must(commands_.AdoptPlan(In(id), Plan()));
    Must(commands_.CompleteRollout(In(id)));
    return id;
  }

  // Runs `command` on the case with its current version.
  absl::StatusOr<v1::Case> Run(Command command, const std::string& id) {
    switch (command) {
      case Command::kAssignExperts:
        return commands_.AssignExperts(In(id), education_, personnel_,
                                       v1::PERSONNEL_DEVELOPMENT);
      case Command::kChooseArea:
        return commands_.ChooseArea(In(id), Area(), Agreement());
      case Command::kCompleteDiagnosis:
        return commands_.CompleteDiagnosis(In(id), "Diagnoza", Schedule());
      case Command::kApproveSchedule:
        return commands_.ApproveSchedule(In(id, "edu-a", "EXPERT"), "edu-a");
      case Command::kAdoptPlan:
        return commands_.AdoptPlan(In(id), Plan());
      case Command::kCompleteRollout:
        return commands_.CompleteRollout(In(id));
      case Command::kCompleteAction: {
        std::string action = FirstAction(id);
        return commands_.CompleteAction(In(id),
                                        action.empty() ? NewUuid(db_) : action,
                                        absl::CivilDay(2026, 3, 1));
      }
      case Command::kDropAction: {
        std::string action = FirstAction(id);
        return commands_.DropAction(
            In(id), action.empty() ? NewUuid(db_) : action, "powód");
      }
    }
    return absl::InternalError("unknown command");
  }

  TestSchema db_;
  WorkflowDefinitionStore workflows_{db_.pool()};
  SupportAreaStore areas_{db_.pool()};
  ExpertStore experts_{db_.pool()};
  CaseReadStore cases_{db_.pool()};
  CaseCommandStore commands_{db_.pool()};
  ActivityStore activities_{db_.pool()};
  std::string education_;
  std::string personnel_;
  int next_teryt_ = 0;
};

inline bool HasViolation(const absl::Status& status, const std::string& type) {
  auto payload =
      status.GetPayload("type.googleapis.com/google.rpc.PreconditionFailure");
  return payload.has_value() &&
         std::string(*payload).find(type) != std::string::npos;
}

// Everything a handover writes, as one text: the cases, the experts, their
// history, assignments and events.
inline std::string HandoverState(TestSchema& db) {
  return db.Query(
      "SELECT (SELECT json_agg(c ORDER BY id)::text FROM advisory_case c) || "
      "(SELECT json_agg(e ORDER BY id)::text FROM expert e) || "
      "(SELECT count(*) FROM case_history) || "
      "(SELECT count(*) FROM expert_assignment) || "
      "(SELECT count(*) FROM outbox)");
}

}  // namespace jstedu::advisory
