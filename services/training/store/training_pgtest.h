#pragma once

// The fixtures of training's pgtests (store/*_pgtest.cc, one binary
// training_store_pgtest): a real PostgreSQL with training's migrations, the
// stores, and helpers that write rosters as recruitment's events would
// leave them (roster_pgtest covers the projection itself);
// TrainingServiceTest adds the gRPC service on a loopback port.

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
#include "common/events/migrations.h"
#include "common/grpc/access.h"
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
#include "services/training/store/stores.h"
#include "services/training/training_service.h"

namespace jstedu::training::pgtest {

using google::protobuf::util::TimeUtil;
using ::jstedu::testing::TestSchema;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

using google::protobuf::util::MessageDifferencer;

// The google.rpc.PreconditionFailure of a refusal: "TYPE subject" each.
inline std::string Violations(const absl::Status& status) {
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

inline std::string Utc(const google::protobuf::Timestamp& ts) {
  return TimeUtil::ToString(ts);
}

inline absl::Time At(const std::string& local) {
  auto t = ParseLocalInstant(local);
  EXPECT_TRUE(t.ok()) << local;
  return *t;
}

// The edition's period (recruitment's EditionChanged; the service passes
// it to ModuleFromRequest).
inline const EditionPeriod kPilot{absl::CivilDay(2017, 1, 1),
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
    auto saved = stores_.settings.PutSettings(s, "");
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
    auto settings = stores_.settings.GetSettings("PILOT");
    EXPECT_TRUE(settings.ok());
    auto input = ModuleFromRequest(m, *settings, kPilot);
    EXPECT_TRUE(input.ok()) << input.status();
    auto created = stores_.plan.CreateModule("PILOT", *input, "");
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
    auto input = SessionFromRequest(s, *stores_.settings.GetSettings("PILOT"));
    if (!input.ok()) return input.status();
    return stores_.plan.CreateSession(module, *input, "");
  }

  // A qualified JST with `n` rostered participants in `group`; its kind
  // (recruitment's JstKind name) unknown when "".
  std::vector<std::string> Enrol(const std::string& teryt, int group, int n,
                                 bool declaration = true,
                                 const std::string& sex = "FEMALE",
                                 const std::string& jst_kind = "") {
    const std::string app = db_.Query("SELECT gen_random_uuid()::text");
    db_.Query(absl::StrCat(
        "INSERT INTO roster_jst (application_id, edition, teryt, voivodeship, "
        "jst_kind, workshop_group, qualified_at, event_at) VALUES ('",
        app, "', 'PILOT', '", teryt, "', '", teryt.substr(0, 2), "', NULLIF('",
        jst_kind, "', ''), ", group, ", now(), now()) RETURNING 1"));
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
  // The outbox's events of `Event`'s type, in outbox (publishing) order,
  // each with its aggregate id and traceparent.
  template <typename Event>
  struct Outboxed {
    Event event;
    std::string aggregate_id;
    std::string traceparent;
  };
  template <typename Event>
  std::vector<Outboxed<Event>> Published() {
    const std::string rows = db_.Query(absl::StrCat(
        "SELECT coalesce(string_agg(encode(payload, 'hex') || ' ' || "
        "aggregate_id || ' ' || traceparent, ',' ORDER BY id), '') "
        "FROM outbox WHERE event_type = '",
        Event::descriptor()->full_name(), "'"));
    std::vector<Outboxed<Event>> out;
    for (absl::string_view row : absl::StrSplit(rows, ',', absl::SkipEmpty())) {
      const std::vector<std::string> parts = absl::StrSplit(row, ' ');
      Outboxed<Event>& e = out.emplace_back();
      EXPECT_EQ(parts.size(), 3u) << row;
      EXPECT_TRUE(e.event.ParseFromString(absl::HexStringToBytes(parts[0])));
      e.aggregate_id = parts.size() > 1 ? parts[1] : "";
      e.traceparent = parts.size() > 2 ? parts[2] : "";
    }
    return out;
  }

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
  TrainingStores stores_{db_.pool()};
  Actor admin_{"office", "ADMIN", ""};
  std::string deadline_ = "2017-03-24T15:00";
};

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

  // Calls `method` as `subject` with `role` (a COORDINATOR of 24, a JST of
  // `jst`).
  template <typename Request, typename Response, typename Method>
  grpc::Status As(auth::v1::Role role, const std::string& subject,
                  Method method, const Request& request, Response* response,
                  const std::string& jst = "2476011") {
    grpc::ClientContext context;
    Sign(context, role, subject, jst);
    return ((*stub_).*method)(&context, request, response);
  }

  // A refusal's google.rpc.PreconditionFailure as "TYPE subject; " each.
  static std::string RulesOf(const grpc::Status& status) {
    google::rpc::Status details;
    details.ParseFromString(status.error_details());
    std::string out;
    for (const auto& any : details.details()) {
      google::rpc::PreconditionFailure failure;
      if (!any.UnpackTo(&failure)) continue;
      for (const auto& v : failure.violations()) {
        absl::StrAppend(&out, v.type(), " ", v.subject(), "; ");
      }
    }
    return out;
  }

  // Only the types of RulesOf: "TYPE TYPE ".
  static std::string RuleTypesOf(const grpc::Status& status) {
    std::string out;
    for (absl::string_view rule :
         absl::StrSplit(RulesOf(status), "; ", absl::SkipEmpty())) {
      absl::StrAppend(&out, rule.substr(0, rule.find(' ')), " ");
    }
    return out;
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

  // The service's "now"; tests move it.
  absl::Time now_ = At("2017-04-07T15:00");
  TrainingServiceImpl service_{stores_, [this] { return now_; }};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::TrainingService::Stub> stub_;
};

}  // namespace jstedu::training::pgtest
