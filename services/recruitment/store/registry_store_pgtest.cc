// The JST registry against a real PostgreSQL: loading the official register
// and querying it, through the store and through the gRPC service.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "common/events/migrations.h"
#include "common/grpc/access.h"
#include "common/grpc/principal.h"
#include "common/testing/fixtures.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/recruitment/migrations.h"
#include "services/recruitment/recruitment_service.h"
#include "services/recruitment/registry_loader.h"
#include "services/recruitment/store/registry_store.h"

namespace jstedu::recruitment {
namespace {

using ::jstedu::testing::TestSchema;

std::string RegisterPath() {
  return std::string(std::getenv("JSTEDU_SOURCE_DIR")) +
         "/data/TERC_Urzedowy_2024-01-01.csv";
}

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::string WriteTemp(const std::string& text) {
  std::string path = "/tmp/terc-" + jstedu::testing::RandomSuffix() + ".csv";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

class RegistryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(pg::ApplyMigrations(schema_.pool(), "platform",
                                    events::PlatformMigrations())
                    .ok());
    ASSERT_TRUE(
        pg::ApplyMigrations(schema_.pool(), "recruitment", Migrations()).ok());
  }
  int JstCount() {
    return std::stoi(schema_.Query("SELECT count(*) FROM jst"));
  }
  void LoadOfficialRegister() {
    auto summary = LoadRegisterFile(store_, RegisterPath());
    ASSERT_TRUE(summary.ok()) << summary.status();
  }
  // Every JST of `query`, following page tokens.
  std::vector<Jst> ListAll(JstQueryInput input) {
    std::vector<Jst> all;
    for (int page = 0; page < 100; ++page) {
      auto query = ValidateJstQuery(input);
      EXPECT_TRUE(query.ok()) << query.status();
      if (!query.ok()) break;
      auto result = store_.List(*query);
      EXPECT_TRUE(result.ok()) << result.status();
      if (!result.ok()) break;
      all.insert(all.end(), result->jsts.begin(), result->jsts.end());
      if (!result->more) break;
      input.page_token = NextPageToken(*query, result->jsts.back().teryt);
    }
    return all;
  }

  TestSchema schema_;
  RegistryStore store_{schema_.pool()};
};

TEST_F(RegistryStoreTest, LoadsEveryCommuneAndCounty) {
  auto summary = LoadRegisterFile(store_, RegisterPath());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->rows_in_file, 2791);
  EXPECT_EQ(summary->inserted, 2791);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM jst WHERE kind <> 'COUNTY'"),
            "2477");
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM jst WHERE kind = 'COUNTY'"),
            "314");
  EXPECT_EQ(
      schema_.Query("SELECT count(*) FROM jst WHERE city_with_county_rights"),
      "66");
}

TEST_F(RegistryStoreTest, SecondLoadChangesNothing) {
  LoadOfficialRegister();
  std::string before = schema_.Query("SELECT max(updated_at)::text FROM jst");
  auto summary = LoadRegisterFile(store_, RegisterPath());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->inserted, 0);
  EXPECT_EQ(summary->updated, 0);
  EXPECT_EQ(summary->unchanged, 2791);
  EXPECT_EQ(schema_.Query("SELECT max(updated_at)::text FROM jst"), before);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM jst_registry_loads"), "2");
  EXPECT_EQ(
      schema_.Query("SELECT source_sha256 FROM jst_registry_loads LIMIT 1"),
      Sha256Hex(ReadFile(RegisterPath())));
}

TEST_F(RegistryStoreTest, ChangedRowIsUpdatedAndDroppedRowReported) {
  LoadOfficialRegister();
  std::string text = ReadFile(RegisterPath());
  // Rename one commune and drop one county row.
  size_t at = text.find("24;76;01;1;Świętochłowice;");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("24;76;01;1;Świętochłowice;").size(),
               "24;76;01;1;Świętochłowice Nowe;");
  size_t county = text.find("02;01;;;bolesławiecki;powiat;2024-01-01\r\n");
  ASSERT_NE(county, std::string::npos);
  text.erase(county,
             std::string("02;01;;;bolesławiecki;powiat;2024-01-01\r\n").size());
  std::string path = WriteTemp(text);
  auto summary = LoadRegisterFile(store_, path);
  std::remove(path.c_str());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->updated, 1);
  EXPECT_EQ(summary->inserted, 0);
  EXPECT_EQ(summary->missing_from_file, 1);
  EXPECT_EQ(schema_.Query("SELECT name FROM jst WHERE teryt = '2476011'"),
            "Świętochłowice Nowe");
  EXPECT_EQ(JstCount(), 2791);  // the dropped county is kept
}

TEST_F(RegistryStoreTest, MalformedFileLoadsNothingAndNamesTheLine) {
  std::string text = ReadFile(RegisterPath());
  // Break line 100 (after 98 valid data rows).
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  text.insert(starts[99], "99;");
  std::string path = WriteTemp(text);
  auto summary = LoadRegisterFile(store_, path);
  std::remove(path.c_str());
  ASSERT_FALSE(summary.ok());
  EXPECT_TRUE(absl::IsInvalidArgument(summary.status()));
  EXPECT_NE(summary.status().message().find("line 100:"),
            absl::string_view::npos)
      << summary.status();
  EXPECT_EQ(JstCount(), 0);
}

TEST_F(RegistryStoreTest, StoreRejectionRollsBackTheWholeLoad) {
  TercRegister terc;
  Jst good{"0201011", "Bolesławiec", JstKind::kUrbanCommune,
           false,     "02",          "0201",
           2,         "2024-01-01"};
  Jst bad = good;
  bad.teryt = "0201019";  // RODZ 9 is refused by the table's CHECK
  terc.jsts = {good, bad};
  auto summary = store_.Load(terc, "sha");
  EXPECT_FALSE(summary.ok());
  EXPECT_EQ(JstCount(), 0);
  EXPECT_EQ(schema_.Query("SELECT count(*) FROM jst_registry_loads"), "0");
}

TEST_F(RegistryStoreTest, ListFiltersByVoivodeshipAndKind) {
  LoadOfficialRegister();
  std::vector<Jst> rural = ListAll({"24", "RURAL_COMMUNE", "", 500, "", ""});
  EXPECT_EQ(static_cast<int>(rural.size()),
            std::stoi(schema_.Query(
                "SELECT count(*) FROM jst WHERE voivodeship = '24' "
                "AND kind = 'RURAL_COMMUNE'")));
  EXPECT_FALSE(rural.empty());
  for (const Jst& jst : rural) {
    EXPECT_EQ(jst.voivodeship, "24");
    EXPECT_EQ(jst.kind, JstKind::kRuralCommune);
    EXPECT_EQ(jst.workshop_group, 1);
  }
}

TEST_F(RegistryStoreTest, PagingVisitsEveryJstOnceInCodeOrder) {
  LoadOfficialRegister();
  std::vector<Jst> all = ListAll({"", "", "", 137, "", ""});
  ASSERT_EQ(all.size(), 2791u);
  std::set<std::string> codes;
  for (size_t i = 0; i < all.size(); ++i) {
    codes.insert(all[i].teryt);
    if (i > 0) {
      EXPECT_LT(all[i - 1].teryt, all[i].teryt);
    }
  }
  EXPECT_EQ(codes.size(), 2791u);
}

TEST_F(RegistryStoreTest, NamePrefixIsCaseInsensitiveWithPolishLetters) {
  LoadOfficialRegister();
  for (const char* prefix : {"świętoch", "ŚWIĘTOCH", "Świętoch"}) {
    std::vector<Jst> found = ListAll({"", "", prefix, 0, "", ""});
    ASSERT_EQ(found.size(), 1u) << prefix;
    EXPECT_EQ(found[0].teryt, "2476011");
  }
  // Names are not unique: both Bolesławiec communes are found.
  std::vector<Jst> boleslawiec = ListAll({"02", "", "Bolesławiec", 0, "", ""});
  std::set<std::string> codes;
  for (const Jst& jst : boleslawiec) codes.insert(jst.teryt);
  EXPECT_TRUE(codes.count("0201011"));
  EXPECT_TRUE(codes.count("0201022"));
  // A prefix with LIKE wildcards matches literally.
  EXPECT_TRUE(ListAll({"", "", "%", 0, "", ""}).empty());
  EXPECT_TRUE(ListAll({"", "", "_", 0, "", ""}).empty());
}

TEST_F(RegistryStoreTest, GetFindsJstsAndNotOtherUnits) {
  LoadOfficialRegister();
  auto city = store_.Get("2476011");
  ASSERT_TRUE(city.ok()) << city.status();
  EXPECT_EQ(city->name, "Świętochłowice");
  EXPECT_EQ(city->kind, JstKind::kUrbanCommune);
  EXPECT_TRUE(city->city_with_county_rights);
  EXPECT_EQ(city->workshop_group, 2);
  EXPECT_EQ(city->register_date, "2024-01-01");
  auto county = store_.Get("0201");
  ASSERT_TRUE(county.ok());
  EXPECT_EQ(county->kind, JstKind::kCounty);
  EXPECT_EQ(county->workshop_group, 3);
  // Town part (RODZ 4), rural part (RODZ 5), a city's county row, a
  // voivodeship: not JSTs.
  for (const char* code : {"0201044", "0201045", "2476", "24", "9999999"}) {
    EXPECT_TRUE(absl::IsNotFound(store_.Get(code).status())) << code;
  }
}

class RecruitmentServiceTest : public RegistryStoreTest {
 protected:
  void SetUp() override {
    RegistryStoreTest::SetUp();
    LoadOfficialRegister();
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    grpcutil::UseAccessCheck(builder);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    stub_ = v1::RecruitmentService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  static auth::v1::Principal Caller(auth::v1::Role role,
                                    const std::string& voivodeship = "",
                                    const std::string& jst = "") {
    auth::v1::Principal principal;
    principal.set_subject("test-" + auth::v1::Role_Name(role));
    principal.set_role(role);
    principal.set_voivodeship(voivodeship);
    principal.set_jst(jst);
    return principal;
  }

  grpc::Status Get(
      const std::string& teryt, v1::Jst* out,
      const auth::v1::Principal& caller = Caller(auth::v1::ADMIN)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    grpcutil::WithPrincipal(context, caller);
    v1::GetJstRequest request;
    request.set_teryt(teryt);
    return stub_->GetJst(&context, request, out);
  }
  grpc::Status List(
      const v1::ListJstsRequest& request, v1::ListJstsResponse* out,
      const auth::v1::Principal& caller = Caller(auth::v1::ADMIN)) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    grpcutil::WithPrincipal(context, caller);
    return stub_->ListJsts(&context, request, out);
  }

  // The registry's RPCs read no time; the clock is pinned all the same.
  const Clock clock_ = [] {
    return absl::FromCivil(absl::CivilSecond(2026, 11, 23, 12, 0, 0),
                           absl::UTCTimeZone());
  };
  Stores stores_{schema_.pool(), clock_};
  RecruitmentServiceImpl service_{stores_, clock_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::RecruitmentService::Stub> stub_;
};

TEST_F(RecruitmentServiceTest, GetJstReturnsTheRegistryRow) {
  v1::Jst jst;
  ASSERT_TRUE(Get("2476011", &jst).ok());
  EXPECT_EQ(jst.name(), "Świętochłowice");
  EXPECT_EQ(jst.kind(), v1::URBAN_COMMUNE);
  EXPECT_EQ(jst.voivodeship(), "24");
  EXPECT_EQ(jst.county(), "2476");
  EXPECT_EQ(jst.workshop_group(), 2);
  EXPECT_TRUE(jst.city_with_county_rights());
}

TEST_F(RecruitmentServiceTest, UnknownCodeIsNotFoundWithResourceInfo) {
  v1::Jst jst;
  grpc::Status status = Get("0201044", &jst);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.resource_name(), "0201044");
}

TEST_F(RecruitmentServiceTest, MalformedCodeIsInvalidArgumentNamingTheField) {
  v1::Jst jst;
  grpc::Status status = Get("24a", &jst);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "teryt");
}

TEST_F(RecruitmentServiceTest, ListJstsPagesWithOpaqueTokens) {
  v1::ListJstsRequest request;
  request.set_voivodeship("24");
  request.set_kind(v1::RURAL_COMMUNE);
  request.set_page_size(20);
  std::set<std::string> seen;
  for (int page = 0; page < 50; ++page) {
    v1::ListJstsResponse response;
    ASSERT_TRUE(List(request, &response).ok());
    for (const auto& jst : response.jsts())
      EXPECT_TRUE(seen.insert(jst.teryt()).second);
    if (response.next_page_token().empty()) break;
    EXPECT_EQ(response.jsts_size(), 20);
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(static_cast<int>(seen.size()),
            std::stoi(schema_.Query(
                "SELECT count(*) FROM jst WHERE voivodeship = '24' "
                "AND kind = 'RURAL_COMMUNE'")));
}

TEST_F(RecruitmentServiceTest, BadListArgumentsAreInvalidArgument) {
  v1::ListJstsResponse response;
  v1::ListJstsRequest request;
  request.set_page_size(501);
  EXPECT_EQ(List(request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_page_size(10);
  request.set_voivodeship("25");
  EXPECT_EQ(List(request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_voivodeship("");
  request.set_kind(static_cast<v1::JstKind>(42));
  EXPECT_EQ(List(request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.set_kind(v1::JST_KIND_UNSPECIFIED);
  request.set_page_token("not-a-token");
  EXPECT_EQ(List(request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RecruitmentServiceTest, CallWithoutPrincipalIsUnauthenticated) {
  grpc::ClientContext context;
  v1::GetJstRequest request;
  request.set_teryt("2476011");
  v1::Jst jst;
  EXPECT_EQ(stub_->GetJst(&context, request, &jst).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(RecruitmentServiceTest, CoordinatorSeesOnlyTheirVoivodeship) {
  auto silesia = Caller(auth::v1::COORDINATOR, "24");
  v1::Jst jst;
  EXPECT_TRUE(Get("2476011", &jst, silesia).ok());
  // A foreign JST answers exactly as a non-existent code.
  grpc::Status foreign = Get("0201011", &jst, silesia);
  grpc::Status missing = Get("2499999", &jst, silesia);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  // One neutral answer: the same message shape and details, no registry
  // claim (0201011 is in the registry, outside the caller's scope).
  EXPECT_EQ(foreign.error_message(), "no JST 0201011 that you have access to");
  EXPECT_EQ(missing.error_message(), "no JST 2499999 that you have access to");
  google::rpc::Status foreign_details, missing_details;
  ASSERT_TRUE(foreign_details.ParseFromString(foreign.error_details()));
  ASSERT_TRUE(missing_details.ParseFromString(missing.error_details()));
  ASSERT_EQ(foreign_details.details_size(), 1);
  ASSERT_EQ(missing_details.details_size(), 1);
  google::rpc::ResourceInfo foreign_info, missing_info;
  ASSERT_TRUE(foreign_details.details(0).UnpackTo(&foreign_info));
  ASSERT_TRUE(missing_details.details(0).UnpackTo(&missing_info));
  EXPECT_EQ(foreign_info.resource_type(), missing_info.resource_type());
  EXPECT_EQ(foreign_info.resource_name(), "0201011");
  EXPECT_EQ(foreign_info.description(), foreign.error_message());

  v1::ListJstsRequest request;
  request.set_page_size(500);
  int total = 0;
  for (int page = 0; page < 10; ++page) {
    v1::ListJstsResponse response;
    ASSERT_TRUE(List(request, &response, silesia).ok());
    for (const auto& row : response.jsts())
      EXPECT_EQ(row.voivodeship(), "24") << row.teryt();
    total += response.jsts_size();
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(total, std::stoi(schema_.Query(
                       "SELECT count(*) FROM jst WHERE voivodeship = '24'")));

  // A foreign voivodeship is refused, saying which one the caller may read.
  v1::ListJstsRequest foreign_list;
  foreign_list.set_voivodeship("02");
  v1::ListJstsResponse response;
  grpc::Status refused = List(foreign_list, &response, silesia);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(refused.error_message(),
            "a coordinator of voivodeship 24 may read only voivodeship 24");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(refused.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "voivodeship");
  EXPECT_EQ(response.jsts_size(), 0);
}

TEST_F(RecruitmentServiceTest, JstCallerSeesOnlyItself) {
  auto city = Caller(auth::v1::JST, "", "2476011");
  v1::Jst jst;
  EXPECT_TRUE(Get("2476011", &jst, city).ok());
  EXPECT_EQ(Get("2401042", &jst, city).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListJstsResponse response;
  ASSERT_TRUE(List(v1::ListJstsRequest(), &response, city).ok());
  ASSERT_EQ(response.jsts_size(), 1);
  EXPECT_EQ(response.jsts(0).teryt(), "2476011");
}

TEST_F(RecruitmentServiceTest, ScopeClaimsAreRequired) {
  v1::Jst jst;
  EXPECT_EQ(Get("2476011", &jst, Caller(auth::v1::COORDINATOR)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get("2476011", &jst, Caller(auth::v1::JST)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  for (auto role : {auth::v1::EXPERT, auth::v1::TRAINER, auth::v1::MINISTRY}) {
    EXPECT_TRUE(Get("0201011", &jst, Caller(role)).ok())
        << auth::v1::Role_Name(role);
  }
}

}  // namespace
}  // namespace jstedu::recruitment
