#pragma once

// The fixture of recruitment's pgtests (services/recruitment/store/
// *_pgtest.cc, one binary, recruitment_pgtest): one schema with the
// registry loaded, shared by the tests (each test makes its own edition),
// and one in-process server with every store, called through gRPC; the
// synthetic people, institution blocks and CSV files the tests use.
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <set>
#include <thread>
#include <tuple>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/events/consumer.h"
#include "common/events/migrations.h"
#include "common/events/relay.h"
#include "common/grpc/access.h"
#include "common/grpc/idempotency.h"
#include "common/grpc/principal.h"
#include "common/pg/request_key.h"
#include "common/testing/fixtures.h"
#include "common/time/civil_time.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "jstedu/events/v1/recruitment_events.pb.h"
#include "services/recruitment/api_input.h"
#include "services/recruitment/domain/pesel.h"
#include "services/recruitment/migrations.h"
#include "services/recruitment/recruitment_service.h"
#include "services/recruitment/registry_loader.h"

namespace jstedu::recruitment {

using ::jstedu::testing::TestSchema;

inline std::string RegisterPath() {
  return std::string(std::getenv("JSTEDU_SOURCE_DIR")) +
         "/data/TERC_Urzedowy_2024-01-01.csv";
}

// A valid PESEL for the n-th synthetic person (born 1960-01-01 + n days;
// the serial varies so numbers stay distinct), and its sex.
inline std::string MakePesel(int n, bool female = false) {
  const absl::CivilDay birth = absl::CivilDay(1960, 1, 1) + (n % 15000);
  const int serial = (n / 15000) * 50 + (n % 50);
  std::string first_ten = absl::StrFormat(
      "%02d%02d%02d%03d%d", static_cast<int>(birth.year() % 100),
      static_cast<int>(birth.month()), static_cast<int>(birth.day()), serial,
      female ? 2 * (n % 5) : 2 * (n % 5) + 1);
  return absl::StrCat(first_ten, PeselCheckDigit(first_ten));
}

inline v1::Participant Person(int n, bool with_declaration = true) {
  v1::Participant p;
  p.set_first_name("Anna");
  p.set_last_name("Kowalska-Nowak");
  p.set_pesel(MakePesel(n));
  p.set_education_level(v1::ISCED_5_8);
  p.set_email(absl::StrCat("osoba", n, "@gmina.example.pl"));
  p.set_phone("+48 600 100 200");
  p.set_position("naczelnik wydziału oświaty");
  p.set_target_group(v1::OPERATIONAL_STAFF);
  p.set_minority_or_foreign_origin(v1::NO);
  p.set_homeless(v1::NO);
  p.set_disability(v1::REFUSED);
  p.set_other_disadvantage(v1::NO);
  if (with_declaration) {
    p.mutable_declaration()->set_signed_on("2026-01-15");
    p.mutable_declaration()->set_information_clause_handed_over(true);
  }
  return p;
}

// A complete institution block (its own DEGURBA class).
inline v1::Institution Office() {
  v1::Institution i;
  i.set_nip("526-025-02-74");
  i.set_locality("Świętochłowice");
  i.set_street("ul. Katowicka");
  i.set_building_number("53");
  i.set_postcode("41-600");
  i.set_degurba(1);
  i.set_phone("32 349 18 00");
  i.set_email("urzad@gmina.example.pl");
  return i;
}

inline google::rpc::Status Details(const grpc::Status& status) {
  google::rpc::Status details;
  details.ParseFromString(status.error_details());
  return details;
}

inline std::vector<std::string> PreconditionTypes(const grpc::Status& status) {
  std::vector<std::string> types;
  const google::rpc::Status details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::PreconditionFailure failure;
    if (any.UnpackTo(&failure)) {
      for (const auto& v : failure.violations()) types.push_back(v.type());
    }
  }
  return types;
}

inline std::vector<std::string> BadFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::Status details = Details(status);
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (any.UnpackTo(&bad)) {
      for (const auto& v : bad.field_violations()) fields.push_back(v.field());
    }
  }
  return fields;
}

// "Now" for the service under test: a pinned instant, so "today"
// (Europe/Warsaw) is the same day in every run. The recruitment windows the
// tests open are still around the database's now().
inline const absl::Time kPinnedNow = absl::FromCivil(
    absl::CivilSecond(2026, 11, 23, 12, 0, 0), absl::UTCTimeZone());

// The pinned day of the service's callers.
inline absl::CivilDay PinnedToday() { return ProgrammeDay(kPinnedNow); }

// One schema with the registry loaded, shared by the tests of this binary
// (each test makes its own edition); one in-process server.
class RecruitmentTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    schema_ = new TestSchema();
    ASSERT_TRUE(pg::ApplyMigrations(schema_->pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(
        pg::ApplyMigrations(schema_->pool(), "recruitment", Migrations()).ok());
    stores_ = new Stores(schema_->pool(), [] { return kPinnedNow; });
    auto loaded = LoadRegisterFile(stores_->registry, RegisterPath());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    service_ = new RecruitmentServiceImpl(*stores_, [] { return kPinnedNow; });
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    grpcutil::UseAccessCheck(builder);
    builder.RegisterService(service_);
    server_ = builder.BuildAndStart().release();
    channel_ = new std::shared_ptr<grpc::Channel>(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  }
  static void TearDownTestSuite() {
    server_->Shutdown();
    delete server_;
    delete channel_;
    delete service_;
    delete stores_;
    delete schema_;
  }

  std::unique_ptr<v1::RecruitmentService::Stub> Stub() {
    return v1::RecruitmentService::NewStub(*channel_);
  }

  // Calls `rpc` as `role` (with the voivodeship or JST claim).
  template <typename Request, typename Response, typename Rpc>
  grpc::Status Call(Rpc rpc, const Request& request, Response* response,
                    const std::string& role = "ADMIN",
                    const std::string& voivodeship = "",
                    const std::string& jst = "") {
    grpc::ClientContext context;
    auth::v1::Principal principal;
    principal.set_subject(absl::StrCat("test-", role, voivodeship, jst));
    auth::v1::Role parsed = auth::v1::ROLE_UNSPECIFIED;
    auth::v1::Role_Parse(role, &parsed);
    principal.set_role(parsed);
    principal.set_voivodeship(voivodeship);
    principal.set_jst(jst);
    grpcutil::WithPrincipal(context, principal);
    auto stub = Stub();
    return ((*stub).*rpc)(&context, request, response);
  }

  // Calls `rpc` as ADMIN with the gateway's idempotency metadata.
  template <typename Request, typename Response, typename Rpc>
  grpc::Status CallKept(Rpc rpc, const Request& request, Response* response,
                        const grpcutil::IdempotentCall& kept) {
    grpc::ClientContext context;
    auth::v1::Principal principal;
    principal.set_subject("test-ADMIN");
    principal.set_role(auth::v1::ADMIN);
    grpcutil::WithPrincipal(context, principal);
    grpcutil::WithIdempotentCall(context, kept);
    auto stub = Stub();
    return ((*stub).*rpc)(&context, request, response);
  }

  // An edition open for recruitment now.
  std::string CreateEdition(int capacity = 30, int min_representatives = 3) {
    v1::CreateEditionRequest request;
    v1::Edition* e = request.mutable_edition();
    e->set_code(absl::StrCat("T-", ::jstedu::testing::RandomSuffix(8)));
    for (char& c : *e->mutable_code()) c = absl::ascii_toupper(c);
    e->set_name("Edycja testowa");
    e->set_kind(v1::PILOT);
    e->set_capacity(capacity);
    e->set_min_representatives(min_representatives);
    e->set_starts_on("2026-01-01");
    e->set_ends_on("2099-12-31");  // the window is open at kPinnedNow
    e->mutable_recruitment_opens_at()->set_seconds(
        absl::ToUnixSeconds(kPinnedNow) - 3600);
    e->mutable_recruitment_closes_at()->set_seconds(
        absl::ToUnixSeconds(kPinnedNow) + 86400);
    v1::Edition created;
    grpc::Status status =
        Call(&v1::RecruitmentService::Stub::CreateEdition, request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created.code();
  }

  // Submits an application of `teryt` with `count` representatives numbered
  // from `first_person`.
  v1::Application Submit(const std::string& edition, const std::string& teryt,
                         int count, int first_person,
                         bool declarations = true) {
    v1::SubmitApplicationRequest request;
    request.set_edition(edition);
    request.set_teryt(teryt);
    for (int i = 0; i < count; ++i) {
      *request.add_representatives() = Person(first_person + i, declarations);
    }
    *request.mutable_institution() = Office();
    v1::Application app;
    grpc::Status status =
        Call(&v1::RecruitmentService::Stub::SubmitApplication, request, &app);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return app;
  }

  grpc::Status Qualify(const std::string& id, v1::Application* out) {
    v1::QualifyApplicationRequest request;
    request.set_application(id);
    grpc::Status status =
        Call(&v1::RecruitmentService::Stub::QualifyApplication, request, out);
    if (!status.ok())
      ::testing::Test::RecordProperty("qualify", status.error_message());
    return status;
  }

  std::vector<std::string> Jsts(const std::string& voivodeship, int count) {
    return absl::StrSplit(
        schema_->Query(absl::StrCat("SELECT string_agg(teryt, ',' ORDER BY "
                                    "teryt) FROM (SELECT teryt FROM jst "
                                    "WHERE voivodeship = '",
                                    voivodeship,
                                    "' AND NOT city_with_county_rights "
                                    "ORDER BY teryt LIMIT ",
                                    count, ") t")),
        ',');
  }

  int Count(const std::string& sql) { return std::stoi(schema_->Query(sql)); }

  // The identity conflicts of `edition` awaiting the office, oldest first
  // (as ADMIN, every page).
  std::vector<v1::IdentityConflict> OpenConflicts(const std::string& edition) {
    v1::ListIdentityConflictsRequest request;
    request.set_edition(edition);
    std::vector<v1::IdentityConflict> open;
    do {
      v1::ListIdentityConflictsResponse page;
      grpc::Status status = Call(
          &v1::RecruitmentService::Stub::ListIdentityConflicts, request, &page);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      open.insert(open.end(), page.conflicts().begin(), page.conflicts().end());
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return open;
  }

  static inline TestSchema* schema_ = nullptr;
  static inline Stores* stores_ = nullptr;
  static inline RecruitmentServiceImpl* service_ = nullptr;
  static inline grpc::Server* server_ = nullptr;
  static inline std::shared_ptr<grpc::Channel>* channel_ = nullptr;
};

// A block of fresh person numbers (PESELs never repeat across tests).
inline int People(int count) {
  static std::atomic<int> next{0};
  return next.fetch_add(count);
}

// The CSV of `rows` participants (people from `first`), ';'-separated,
// with a BOM and CRLF line ends.
inline std::string Csv(int first, int rows) {
  std::string csv =
      "\xEF\xBB\xBF"
      "first_name;last_name;pesel;sex;birth_date;education_level;email;phone;"
      "position;"
      "target_group;participation_start;declaration_signed_on;"
      "information_clause_handed_over\r\n";
  for (int i = 0; i < rows; ++i) {
    absl::StrAppend(
        &csv, "Jan;Nowak-Kowalski;", MakePesel(first + i), ";;;ISCED_3;jan",
        first + i, "@example.pl;600100200;",
        "\"referent; wydział "
        "oświaty\";OPERATIONAL_STAFF;2026-03-01;2026-02-20;tak\r\n");
  }
  return csv;
}

// What a JST sees of a participant, without what belongs to the person or
// the record (ids, personal data, times): equal for any two people added
// alike.
inline v1::Participant Shape(v1::Participant p) {
  for (const char* field :
       {"id", "first_name", "last_name", "pesel", "email", "birth_date", "sex",
        "age_at_start", "create_time", "update_time"}) {
    p.GetReflection()->ClearField(&p,
                                  p.GetDescriptor()->FindFieldByName(field));
  }
  p.mutable_declaration()->clear_record_time();
  return p;
}

// The facts the newest participant event of `id` carries (Enrolled, Updated
// and Withdrawn all hold them as field 1, so one of them parses any).
inline events::v1::ParticipantFacts NewestEventFacts(TestSchema& schema,
                                                     const std::string& id) {
  const std::string hex = schema.Query(absl::StrCat(
      "SELECT encode(payload, 'hex') FROM outbox WHERE aggregate_id = '", id,
      "' AND event_type LIKE 'jstedu.events.v1.Participant%' ORDER BY id "
      "DESC LIMIT 1"));
  events::v1::ParticipantUpdated event;
  EXPECT_TRUE(event.ParseFromString(absl::HexStringToBytes(hex))) << id;
  return event.participant();
}

inline std::vector<std::string> RepresentativeIds(const v1::Application& app) {
  std::vector<std::string> ids;
  for (const auto& rep : app.representatives())
    ids.push_back(rep.participant());
  return ids;
}

inline v1::ParticipantStatus EventStatus(TestSchema& schema,
                                         const std::string& id) {
  return NewestEventFacts(schema, id).status();
}

}  // namespace jstedu::recruitment
