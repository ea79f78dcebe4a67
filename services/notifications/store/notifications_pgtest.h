#pragma once

// The fixture of notifications' pgtests (store/*_pgtest.cc): a real
// PostgreSQL with the service's migrations, events applied through the
// consumer's handler as the consumer applies them (one transaction each),
// a clock the tests move, and the schedule read back.

#include <google/protobuf/util/time_util.h>

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/events/migrations.h"
#include "common/pg/transaction.h"
#include "common/testing/fixtures.h"
#include "common/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/advisory_events.pb.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "jstedu/events/v1/training_events.pb.h"
#include "services/notifications/migrations.h"
#include "services/notifications/schedule_handler.h"

namespace jstedu::notifications::pgtest {

namespace ev = ::jstedu::events::v1;
using google::protobuf::util::TimeUtil;
using ::jstedu::testing::TestSchema;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kEdition[] = "E2027";
constexpr char kA[] = "0000000a-0000-4000-8000-000000000000";
constexpr char kB[] = "0000000b-0000-4000-8000-000000000000";
constexpr char kA1[] = "000000a1-0000-4000-8000-000000000000";
constexpr char kA2[] = "000000a2-0000-4000-8000-000000000000";
constexpr char kA3[] = "000000a3-0000-4000-8000-000000000000";
constexpr char kB1[] = "000000b1-0000-4000-8000-000000000000";
constexpr char kModule[] = "00000001-0000-4000-8000-00000000000d";
constexpr char kTask[] = "00000002-0000-4000-8000-00000000000a";
constexpr char kCase[] = "00000003-0000-4000-8000-00000000000c";

inline absl::Time Local(const std::string& text) {
  auto t = ParseLocalInstant(text);
  EXPECT_TRUE(t.ok()) << text;
  return t.value_or(absl::InfinitePast());
}

inline google::protobuf::Timestamp Ts(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

class ScheduleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(db_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(
        pg::ApplyMigrations(db_.pool(), "notifications", Migrations()).ok());
  }

  // Applies `event` as the consumer does: one transaction, the handler's
  // Begin, Apply and Finish. `event_id` names a redelivery.
  void Deliver(const google::protobuf::Message& event,
               std::string event_id = "") {
    events::EventEnvelope envelope;
    envelope.set_event_id(event_id.empty() ? absl::StrCat("event-", ++events_)
                                           : std::move(event_id));
    envelope.set_event_type(event.GetDescriptor()->full_name());
    *envelope.mutable_occurred_at() = Ts(now_ + absl::Seconds(++events_));
    envelope.mutable_payload()->PackFrom(event);
    auto handler = ScheduleHandler(planner_);
    const absl::Status applied =
        pg::RunInTransaction(db_.pool(), [&](pqxx::transaction_base& tx) {
          return events::ApplyAlone(*handler, tx, envelope);
        });
    ASSERT_TRUE(applied.ok()) << applied;
  }

  void Qualify(const std::string& application, const std::string& teryt,
               std::string event_id = "") {
    ev::JstQualified e;
    e.set_edition(kEdition);
    e.set_application_id(application);
    e.set_teryt(teryt);
    e.set_voivodeship(teryt.substr(0, 2));
    *e.mutable_qualified_at() = Ts(now_);
    Deliver(e, std::move(event_id));
  }

  void Enrol(const std::string& participant, const std::string& application,
             bool declaration) {
    ev::ParticipantEnrolled e;
    ev::ParticipantFacts* p = e.mutable_participant();
    p->set_participant_id(participant);
    p->set_edition(kEdition);
    p->set_application_id(application);
    p->set_status(recruitment::v1::PARTICIPANT_ACTIVE);
    p->set_declaration_recorded(declaration);
    Deliver(e);
  }

  void Withdraw(const std::string& application, const std::string& teryt) {
    ev::JstWithdrawn e;
    e.set_edition(kEdition);
    e.set_application_id(application);
    e.set_teryt(teryt);
    e.set_voivodeship(teryt.substr(0, 2));
    *e.mutable_withdrawn_at() = Ts(now_);
    Deliver(e);
  }

  // JST A's task "Diagnoza" after module 1, due 1 April 2027 12:00.
  static ev::TaskFacts TaskOfA(training::v1::TaskStatus status, int revision) {
    ev::TaskFacts t;
    t.set_task_id(kTask);
    t.set_module_id(kModule);
    t.set_title("Diagnoza");
    t.set_application_id(kA);
    t.set_edition(kEdition);
    *t.mutable_due_time() = Ts(Local("2027-04-01T12:00"));
    t.set_status(status);
    t.set_revision(revision);
    return t;
  }

  ev::ModuleFacts ModuleAt(const std::string& start,
                           const std::string& deadline, int revision) {
    ev::ModuleFacts m;
    m.set_module_id(kModule);
    m.set_edition(kEdition);
    m.set_number(1);
    m.set_title("Moduł 1");
    m.set_venue("Hotel, Warszawa");
    *m.mutable_start_time() = Ts(Local(start));
    *m.mutable_end_time() = Ts(Local(start) + absl::Hours(51));
    *m.mutable_signup_deadline() = Ts(Local(deadline));
    m.set_revision(revision);
    return m;
  }

  // Two JSTs: A with a1, a2 (no declaration) and a3, B with b1; module 1 on
  // 10 March 2027 11:00 (winter time), sign-ups until 26 February 15:00.
  void PlanTwoJstsAndAModule() {
    Qualify(kA, "2476011");
    Qualify(kB, "1465011");
    Enrol(kA1, kA, true);
    Enrol(kA2, kA, false);
    Enrol(kA3, kA, true);
    Enrol(kB1, kB, true);
    ev::ModuleScheduled scheduled;
    *scheduled.mutable_module() =
        ModuleAt("2027-03-10T11:00", "2027-02-26T15:00", 1);
    Deliver(scheduled);
  }

  // "person reason state due" of the subject's notifications in `state`
  // ("" for any), sorted; people shortened to their last characters.
  std::vector<std::string> Rows(const std::string& subject,
                                const std::string& state = "scheduled") {
    const std::string text = db_.Query(absl::StrCat(
        "SELECT coalesce(string_agg(split_part(person_ref, ':', 1) || ':' || "
        "left(split_part(person_ref, ':', 2), 8) || ' ' || reason || ' ' || "
        "state || ' ' || to_char(due_at AT TIME ZONE 'UTC', "
        "'YYYY-MM-DD\"T\"HH24:MI\"Z\"'), '|' ORDER BY 1), '') FROM ("
        "SELECT * FROM notification WHERE subject_ref = '",
        subject, "' AND ('", state, "' = '' OR state = '", state,
        "') ORDER BY person_ref, reason, due_at) n"));
    std::vector<std::string> rows =
        absl::StrSplit(text, '|', absl::SkipEmpty());
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  // Recruitment's account directory announced `subject` with `role` (and a
  // coordinator's voivodeship) as of `at`.
  void AccountChanged(const std::string& subject, auth::v1::Role role,
                      const std::string& voivodeship, absl::Time at) {
    ev::AccountContactChanged e;
    e.set_subject(subject);
    e.set_role(role);
    e.set_voivodeship(voivodeship);
    *e.mutable_update_time() = Ts(at);
    Deliver(e);
  }
  void EditionMinimum(int min_representatives) {
    ev::EditionChanged e;
    e.set_code(kEdition);
    e.set_min_representatives(min_representatives);
    *e.mutable_update_time() = Ts(now_);
    Deliver(e);
  }

  // Case `ref` at `version` with the guardian (also the education expert)
  // and the personnel expert; a handover when `handover`.
  void AssignExperts(const ev::CaseRef& ref, int version,
                     const std::string& guardian, const std::string& personnel,
                     bool handover = false) {
    ev::CaseExpertsAssigned experts;
    *experts.mutable_case_() = ref;
    experts.mutable_case_()->set_version(version);
    experts.set_guardian(guardian);
    experts.set_education_expert(guardian);
    experts.set_personnel_expert(personnel);
    experts.set_handover(handover);
    *experts.mutable_assigned_at() = Ts(now_);
    Deliver(experts);
  }

  int Count(const std::string& where) {
    return std::stoi(db_.Query(
        absl::StrCat("SELECT count(*) FROM notification WHERE ", where)));
  }

  TestSchema db_;
  absl::Time now_ = Local("2026-11-23T12:00");
  Planner planner_{[this] { return now_; }};
  int events_ = 0;
};

}  // namespace jstedu::notifications::pgtest
