#include "gateway/transcoder.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gateway/test_protos.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "jstedu/api/v1/http_body.pb.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "jstedu/reporting/v1/reporting.pb.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using recruitment::v1::GetJstRequest;
using recruitment::v1::Jst;
using recruitment::v1::JstKind;
using recruitment::v1::ListJstsRequest;
using ::testing::HasSubstr;

// The recruitment routes, read from the generated descriptors.
class RecruitmentTranscodingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = RouteTable::FromGeneratedPool(
        {"jstedu.recruitment.v1.RecruitmentService"});
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = std::make_unique<RouteTable>(*std::move(table));
  }

  const Route& RouteOf(std::string_view method, std::string_view path) {
    match_ = table_->Match(method, path);
    EXPECT_EQ(match_.outcome, RouteMatch::Outcome::kMatched) << path;
    return *match_.route;
  }

  absl::StatusOr<ListJstsRequest> List(std::string_view query) {
    auto message = BuildRequest(RouteOf("GET", "/v1/jsts"), {}, query, "");
    if (!message.ok()) return message.status();
    return *dynamic_cast<ListJstsRequest*>(message->get());
  }

  std::unique_ptr<RouteTable> table_;
  RouteMatch match_;
};

TEST_F(RecruitmentTranscodingTest, QueryParametersByJsonName) {
  auto request =
      List("voivodeship=24&kind=RURAL_COMMUNE&namePrefix=%C5%9Awi&pageSize=50");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->voivodeship(), "24");
  EXPECT_EQ(request->kind(), recruitment::v1::RURAL_COMMUNE);
  EXPECT_EQ(request->name_prefix(), "Świ");
  EXPECT_EQ(request->page_size(), 50);
}

TEST_F(RecruitmentTranscodingTest, QueryParametersByProtoName) {
  auto request = List("page_size=50&name_prefix=Ch+e&page_token=abc");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->page_size(), 50);
  EXPECT_EQ(request->name_prefix(), "Ch e");
  EXPECT_EQ(request->page_token(), "abc");
}

// The field a refused request names in its google.rpc.BadRequest.
std::string ViolatedField(const absl::Status& status) {
  const grpc::Status answer = ToGrpcStatus(status);
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  if (!details.ParseFromString(answer.error_details()) ||
      details.details_size() != 1 ||
      !details.details(0).UnpackTo(&bad_request) ||
      bad_request.field_violations_size() != 1) {
    return "(no BadRequest)";
  }
  return bad_request.field_violations(0).field();
}

// Requests to the real routes of the services, refused in the user's words:
// the field's JSON name, what it must be, and a BadRequest naming it.
class UserWordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = RouteTable::FromGeneratedPool(
        {"jstedu.reporting.v1.ReportingService",
         "jstedu.training.v1.TrainingService",
         "jstedu.recruitment.v1.RecruitmentService"});
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = std::make_unique<RouteTable>(*std::move(table));
  }

  // The refusal of a request; OK when it was built.
  absl::Status Refusal(std::string_view method, std::string_view path,
                       std::string_view query, std::string_view body) {
    RouteMatch match = table_->Match(method, path);
    EXPECT_EQ(match.outcome, RouteMatch::Outcome::kMatched) << path;
    if (match.outcome != RouteMatch::Outcome::kMatched)
      return absl::NotFoundError("no route");
    return BuildRequest(*match.route, match.values, query, body).status();
  }

  std::unique_ptr<RouteTable> table_;
};

TEST_F(UserWordsTest, AnUnknownEnumValueListsTheAllowedOnes) {
  const absl::Status status =
      Refusal("POST", "/v1/editions/E1/exports", "",
              R"({"kind":"AGGREGATES_XLSX","purpose":"x"})");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      status.message(),
      "kind: must be one of PARTICIPANTS, AGGREGATES_CSV, AGGREGATES_ADX");
  EXPECT_EQ(ViolatedField(status), "kind");
  // The same words for a query parameter.
  const absl::Status query = Refusal("GET", "/v1/jsts", "kind=CITY", "");
  EXPECT_EQ(query.message(),
            "kind: must be one of URBAN_COMMUNE, RURAL_COMMUNE, "
            "URBAN_RURAL_COMMUNE, COUNTY");
  EXPECT_EQ(ViolatedField(query), "kind");
}

TEST_F(UserWordsTest, ANumberThatIsNotOneSaysAWholeNumber) {
  const std::string path = "/v1/editions/E1/modules";
  const absl::Status status =
      Refusal("POST", path, "", R"({"rooms":[{"id":"a","capacity":"lots"}]})");
  EXPECT_EQ(status.message(), "rooms[0].capacity: must be a whole number");
  EXPECT_EQ(ViolatedField(status), "rooms[0].capacity");
  EXPECT_EQ(Refusal("POST", path, "", R"({"number":2.5})").message(),
            "number: must be a whole number");
  EXPECT_EQ(Refusal("POST", path, "", R"({"number":true})").message(),
            "number: must be a whole number");
  // A whole number outside the type's range says the range.
  EXPECT_EQ(Refusal("POST", path, "", R"({"number":3000000000})").message(),
            "number: must be a whole number from -2147483648 to 2147483647");
  // 3.0 and "3" are whole numbers in the JSON mapping.
  EXPECT_TRUE(Refusal("POST", path, "", R"({"number":3.0})").ok());
  EXPECT_TRUE(Refusal("POST", path, "", R"({"number":"3"})").ok());
  const absl::Status query = Refusal("GET", "/v1/jsts", "pageSize=lots", "");
  EXPECT_EQ(query.message(), "pageSize: must be a whole number");
  EXPECT_EQ(Refusal("GET", "/v1/jsts", "pageSize=3.0", "").message(),
            "pageSize: must be a whole number");
  EXPECT_EQ(Refusal("POST", path, "", R"({"number":"3.5"})").message(),
            "number: must be a whole number");
  EXPECT_EQ(ViolatedField(query), "pageSize");
}

TEST_F(UserWordsTest, AnUnknownFieldListsTheKnownOnes) {
  const absl::Status status =
      Refusal("POST", "/v1/editions/E1/exports", "",
              R"({"kind":"PARTICIPANTS","format":"xlsx"})");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("format: no such field in this request; known "
                        "fields: edition, "));
  EXPECT_THAT(std::string(status.message()), HasSubstr("kind"));
  EXPECT_EQ(ViolatedField(status), "format");
  const absl::Status query = Refusal("GET", "/v1/jsts", "colour=red", "");
  EXPECT_THAT(std::string(query.message()),
              HasSubstr("colour: no such parameter for this request; known: "
                        "voivodeship, kind, namePrefix, pageSize, pageToken"));
  EXPECT_EQ(ViolatedField(query), "colour");
}

TEST_F(UserWordsTest, ATimeSaysItsForm) {
  const absl::Status status = Refusal("POST", "/v1/editions/E1/modules", "",
                                      R"({"startTime":"yesterday"})");
  EXPECT_EQ(status.message(),
            "startTime: must be a time in RFC 3339 form, e.g. "
            "2026-03-01T09:00:00Z");
  EXPECT_EQ(ViolatedField(status), "startTime");
  EXPECT_TRUE(Refusal("POST", "/v1/editions/E1/modules", "",
                      R"({"startTime":"2026-03-01T09:00:00Z"})")
                  .ok());
  EXPECT_EQ(Refusal("POST", "/v1/editions/E1/modules", "", R"({"venue":5})")
                .message(),
            "venue: must be a string");
}

TEST_F(UserWordsTest, NoProtobufNamesReachTheClient) {
  for (const char* body :
       {R"({"kind":7})", R"({"kind":true})", R"({"edition":5})",
        R"({"pseudonymised":"yes"})", R"({"kind":["PARTICIPANTS"]})"}) {
    const absl::Status status =
        Refusal("POST", "/v1/editions/E1/exports", "", body);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << body;
    EXPECT_THAT(std::string(status.message()),
                ::testing::Not(HasSubstr("type.googleapis.com")))
        << body;
    EXPECT_THAT(std::string(status.message()),
                ::testing::Not(HasSubstr("TYPE_")))
        << body;
    EXPECT_NE(ViolatedField(status), "(no BadRequest)") << body;
  }
}

TEST_F(RecruitmentTranscodingTest, EnumByNumber) {
  auto request = List("kind=4");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->kind(), recruitment::v1::COUNTY);
}

TEST_F(RecruitmentTranscodingTest, UnknownParameterIsInvalid) {
  auto request = List("pageSize=5&colour=red");
  EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(request.status().message()), HasSubstr("colour: "));
}

TEST_F(RecruitmentTranscodingTest, MalformedNumberNamesTheParameter) {
  auto request = List("pageSize=abc");
  EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(request.status().message(), "pageSize: must be a whole number");
  EXPECT_EQ(List("pageSize=99999999999").status().message(),
            "pageSize: must be a whole number from -2147483648 to 2147483647");
}

TEST_F(RecruitmentTranscodingTest, UnknownEnumNameIsInvalid) {
  auto request = List("kind=NOPE");
  EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(request.status().message()), HasSubstr("kind: "));
  EXPECT_THAT(std::string(request.status().message()),
              HasSubstr("RURAL_COMMUNE"));
}

TEST_F(RecruitmentTranscodingTest, SingularParameterTwiceIsInvalid) {
  EXPECT_EQ(List("pageSize=5&page_size=6").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(RecruitmentTranscodingTest, MalformedEscapeOrUtf8IsInvalid) {
  EXPECT_EQ(List("namePrefix=%zz").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(List("namePrefix=%C5").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(RecruitmentTranscodingTest, BodyOnRouteWithoutBodyIsInvalid) {
  auto message = BuildRequest(RouteOf("GET", "/v1/jsts"), {}, "", "{}");
  EXPECT_EQ(message.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RecruitmentTranscodingTest, PathVariableSetsTeryt) {
  const Route& route = RouteOf("GET", "/v1/jsts/2476011");
  auto message = BuildRequest(route, match_.values, "", "");
  ASSERT_TRUE(message.ok()) << message.status();
  EXPECT_EQ(dynamic_cast<GetJstRequest*>(message->get())->teryt(), "2476011");
}

TEST_F(RecruitmentTranscodingTest, PathBoundFieldIsNotAQueryParameter) {
  const Route& route = RouteOf("GET", "/v1/jsts/2476011");
  auto message = BuildRequest(route, match_.values, "teryt=1", "");
  EXPECT_EQ(message.status().code(), absl::StatusCode::kInvalidArgument);
}

constexpr char kImportPath[] = "/v1/applications/a-1/participants:import";

TEST_F(RecruitmentTranscodingTest, BytesBodyFieldMakesARawCsvRoute) {
  EXPECT_EQ(RouteOf("POST", kImportPath).raw_body_media_type, "text/csv");
  EXPECT_EQ(RouteOf("POST", "/v1/editions").raw_body_media_type, "");
  EXPECT_EQ(
      RouteOf("POST", "/v1/applications/a-1/participants").raw_body_media_type,
      "");
  EXPECT_EQ(RouteOf("PATCH", "/v1/participants/p-1").raw_body_media_type, "");
}

TEST_F(RecruitmentTranscodingTest, RawBodyGoesVerbatimIntoTheBytesField) {
  // A BOM, CRLF line ends, a NUL and bytes that are not UTF-8.
  std::string csv =
      "\xEF\xBB\xBF"
      "first_name;last_name\r\nZo\xC5\xBC"
      "a;\xFF\xFE";
  csv += '\0';
  csv += "x\r\n\"quoted;\r\nfield\"";
  const Route& route = RouteOf("POST", kImportPath);
  auto message = BuildRequest(route, match_.values, "", csv, BodyFormat::kRaw);
  ASSERT_TRUE(message.ok()) << message.status();
  const auto& request =
      dynamic_cast<const recruitment::v1::ImportParticipantsRequest&>(
          **message);
  EXPECT_EQ(request.application(), "a-1");
  EXPECT_EQ(request.csv(), csv);
  EXPECT_EQ(request.csv().size(), 53u);
}

TEST_F(RecruitmentTranscodingTest, RawBodyOnlyOnRawRoutes) {
  auto message = BuildRequest(RouteOf("POST", "/v1/editions"), {}, "",
                              "code,name", BodyFormat::kRaw);
  EXPECT_EQ(message.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RecruitmentTranscodingTest, CsvRouteTakesTextCsvInUtf8Only) {
  const Route& import = RouteOf("POST", kImportPath);
  for (const char* type :
       {"text/csv", "TEXT/CSV", "text/csv; charset=utf-8",
        "text/csv;charset=UTF-8", "text/csv; charset=\"utf-8\"",
        "text/csv; header=present; charset=utf-8", "  text/csv  ;  "}) {
    auto format = RequestBodyFormat(import, type);
    ASSERT_TRUE(format.ok()) << type << ": " << format.status();
    EXPECT_EQ(*format, BodyFormat::kRaw) << type;
  }
  for (const char* type : {"text/csv; charset=iso-8859-2",
                           "text/csv; charset=utf-8; charset=windows-1250",
                           "text/csv; charset=utf8", "text/csv; charset="}) {
    auto format = RequestBodyFormat(import, type);
    EXPECT_EQ(format.status().code(), absl::StatusCode::kInvalidArgument)
        << type;
    EXPECT_THAT(std::string(format.status().message()), HasSubstr("charset"))
        << type;
    EXPECT_THAT(std::string(format.status().message()), HasSubstr("UTF-8"))
        << type;
  }
  EXPECT_THAT(std::string(RequestBodyFormat(import, "text/csv; charset=latin1")
                              .status()
                              .message()),
              HasSubstr("charset \"latin1\" is not supported"));
  // No Content-Type at all (a null view, as HttpRequest::Header gives).
  EXPECT_EQ(RequestBodyFormat(import, std::string_view()).status().code(),
            absl::StatusCode::kInvalidArgument);
  // JSON (a base64 string) is refused: the file comes as it is.
  for (const char* type : {"application/json", "text/plain", "", "text/csvx",
                           "application/octet-stream"}) {
    auto format = RequestBodyFormat(import, type);
    EXPECT_EQ(format.status().code(), absl::StatusCode::kInvalidArgument)
        << type;
    EXPECT_THAT(std::string(format.status().message()),
                HasSubstr("must be text/csv"))
        << type;
  }
}

TEST_F(RecruitmentTranscodingTest, JsonRoutesTakeApplicationJsonOnly) {
  const Route& create = RouteOf("POST", "/v1/editions");
  EXPECT_EQ(*RequestBodyFormat(create, "application/json; charset=utf-8"),
            BodyFormat::kJson);
  for (std::string_view type : {std::string_view("text/csv"),
                                std::string_view("text/csv; charset=utf-8"),
                                std::string_view(""), std::string_view()}) {
    auto format = RequestBodyFormat(create, type);
    EXPECT_EQ(format.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(format.status().message(),
              "the request body must be application/json");
  }
}

TEST_F(RecruitmentTranscodingTest, PatchTakesTheUpdateMaskFromTheQuery) {
  const Route& patch = RouteOf("PATCH", "/v1/editions/PILOT-2017");
  auto message = BuildRequest(
      patch, match_.values, "updateMask=name,capacity,recruitmentOpensAt",
      R"({"code":"OTHER","name":"Pilot","capacity":30})");
  ASSERT_TRUE(message.ok()) << message.status();
  const auto& request =
      dynamic_cast<const recruitment::v1::UpdateEditionRequest&>(**message);
  EXPECT_EQ(request.edition().code(), "PILOT-2017");  // the path wins
  EXPECT_EQ(request.edition().name(), "Pilot");
  EXPECT_EQ(request.edition().capacity(), 30);
  EXPECT_THAT(
      request.update_mask().paths(),
      ::testing::ElementsAre("name", "capacity", "recruitment_opens_at"));
}

TEST(MessageToJsonTest, LowerCamelCaseZerosPrintedUtf8AsIs) {
  Jst jst;
  jst.set_teryt("2476011");
  jst.set_name("Świętochłowice");
  jst.set_kind(recruitment::v1::URBAN_COMMUNE);
  auto json = MessageToJson(jst);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr("\"name\":\"Świętochłowice\""));
  EXPECT_THAT(*json, HasSubstr("\"kind\":\"URBAN_COMMUNE\""));
  EXPECT_THAT(*json, HasSubstr("\"workshopGroup\":0"));
  EXPECT_THAT(*json, HasSubstr("\"cityWithCountyRights\":false"));
  EXPECT_THAT(*json, HasSubstr("\"county\":\"\""));
  EXPECT_THAT(*json, ::testing::Not(HasSubstr("workshop_group")));
}

TEST(MessageToJsonTest, ZeroCountsAndEmptyListsArePrintedUnsetTimesAreNot) {
  reporting::v1::ReconcileResponse reconciliation;
  auto json = MessageToJson(reconciliation);
  ASSERT_TRUE(json.ok()) << json.status();
  const auto parsed = nlohmann::json::parse(*json);
  EXPECT_EQ(parsed["differenceCount"], "0");  // int64: a JSON string
  EXPECT_EQ(parsed["differences"], nlohmann::json::array());
  EXPECT_FALSE(parsed.contains("reconcileTime"));  // a message: unset
}

TEST(MessageToJsonTest, ErrorDetailsPrintTheirZerosToo) {
  google::rpc::BadRequest bad_request;
  bad_request.add_field_violations()->set_field("capacity");
  google::rpc::Status status;
  status.set_code(3);
  status.add_details()->PackFrom(bad_request);
  const JsonReply reply =
      ErrorReply(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "capacity",
                              status.SerializeAsString()));
  const auto body = nlohmann::json::parse(reply.body);
  EXPECT_EQ(body["details"][0]["fieldViolations"][0]["description"], "");
}

// Body rules, nested and repeated query fields, on the test service.
class ItemTranscodingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::BuildItemRoutes(&routes_);
    if (HasFatalFailure()) return;
    table_ = routes_.table.get();
  }

  // The request as JSON, or the error message prefixed with "error: ".
  std::string Build(std::string_view method, std::string_view path,
                    std::string_view query, std::string_view body) {
    RouteMatch match = table_->Match(method, path);
    if (match.outcome != RouteMatch::Outcome::kMatched) return "no route";
    auto message = BuildRequest(*match.route, match.values, query, body);
    if (!message.ok())
      return "error: " + std::string(message.status().message());
    // The request as protobuf prints it by default (set fields only).
    std::string json;
    return google::protobuf::util::MessageToJsonString(**message, &json).ok()
               ? json
               : "unprintable";
  }

  testing::ItemRoutes routes_;
  RouteTable* table_ = nullptr;
};

TEST_F(ItemTranscodingTest, RepeatedNestedAndBoolQueryParameters) {
  EXPECT_EQ(
      Build("GET", "/v1/items/7", "tags=a&tags=b&sub.note=n&flag=true", ""),
      R"({"id":"7","sub":{"note":"n"},"tags":["a","b"],"flag":true})");
  EXPECT_THAT(Build("GET", "/v1/items/7", "flag=yes", ""),
              "error: flag: must be true or false");
  EXPECT_EQ(Build("GET", "/v1/items/7", "blob=aGk%3D", ""),
            R"({"id":"7","blob":"aGk="})");
}

TEST_F(ItemTranscodingTest, WholeBodyWithPathVariableWinning) {
  EXPECT_EQ(Build("POST", "/v1/items/9:approve", "",
                  R"({"id":"other","pageSize":3,"sub":{"id":"s"}})"),
            R"({"id":"9","sub":{"id":"s"},"pageSize":3})");
}

TEST_F(ItemTranscodingTest, UnknownBodyFieldIsInvalid) {
  EXPECT_THAT(Build("POST", "/v1/items", "", R"({"id":"1","colour":"red"})"),
              HasSubstr("error: colour: no such field in this request; "
                        "known fields: id, "));
  EXPECT_THAT(Build("POST", "/v1/items", "", R"({"id":)"),
              HasSubstr("error: invalid JSON body"));
}

TEST_F(ItemTranscodingTest, WholeBodyRouteTakesNoQuery) {
  EXPECT_THAT(Build("POST", "/v1/items", "id=1", "{}"), HasSubstr("error: "));
}

TEST_F(ItemTranscodingTest, FieldBodyWithQueryForOtherFields) {
  EXPECT_EQ(Build("PATCH", "/v1/items/5", "pageSize=2", R"({"note":"x"})"),
            R"({"id":"5","sub":{"note":"x"},"pageSize":2})");
  EXPECT_THAT(Build("PATCH", "/v1/items/5", "sub.note=y", R"({"note":"x"})"),
              HasSubstr("belongs in the request body"));
  EXPECT_THAT(Build("PATCH", "/v1/items/5", "", R"({"nope":"x"})"),
              HasSubstr("error: nope: no such field in this request"));
}

TEST_F(ItemTranscodingTest, EmptyBodyIsAnEmptyMessage) {
  EXPECT_EQ(Build("POST", "/v1/items/9:approve", "", ""), R"({"id":"9"})");
}

TEST_F(ItemTranscodingTest, SuffixedVariablesSetTheirFields) {
  EXPECT_EQ(Build("GET", "/v1/items/7/pages/2.ics", "", ""),
            R"({"id":"7","pageSize":2})");
  EXPECT_EQ(Build("GET", "/v1/items/7/pages/two.ics", "", ""),
            "error: pageSize: must be a whole number");
  EXPECT_EQ(Build("GET", "/v1/items/a%2Eb%20c.ics", "", ""),
            R"({"id":"a.b c"})");
  // The rest of the request still comes from the query.
  EXPECT_EQ(Build("GET", "/v1/items/7.ics", "flag=true", ""),
            R"({"id":"7","flag":true})");
}

TEST_F(ItemTranscodingTest, HttpBodyResponseReadsDynamicMessages) {
  // The test pool's HttpBody is a DynamicMessage, the real one generated:
  // both are read by reflection.
  RouteMatch match = table_->Match("GET", "/v1/items/7.ics");
  ASSERT_EQ(match.outcome, RouteMatch::Outcome::kMatched);
  std::unique_ptr<google::protobuf::Message> body(
      match.route->response_prototype->New());
  const auto* type = body->GetDescriptor();
  body->GetReflection()->SetString(
      body.get(), type->FindFieldByName("content_type"), "text/calendar");
  body->GetReflection()->SetString(body.get(), type->FindFieldByName("data"),
                                   "BEGIN:VCALENDAR\r\n");
  auto response = HttpBodyResponse(*body);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->content_type, "text/calendar");
  EXPECT_EQ(response->body, "BEGIN:VCALENDAR\r\n");
}

// iCalendar text and bytes no JSON or text handling would leave alone.
std::string AwkwardBytes() {
  std::string bytes =
      "BEGIN:VCALENDAR\r\nSUMMARY:Zaj\xC4\x99"
      "cia\r\n";
  bytes += '\0';
  bytes += "\xFF\xFE\n\"}";
  return bytes;
}

TEST(HttpBodyResponseTest, DataVerbatimUnderItsContentType) {
  api::v1::HttpBody body;
  body.set_content_type("text/calendar; charset=utf-8");
  body.set_data(AwkwardBytes());
  auto response = HttpBodyResponse(body);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->content_type, "text/calendar; charset=utf-8");
  EXPECT_EQ(response->body, AwkwardBytes());
  EXPECT_EQ(response->body.size(), AwkwardBytes().size());
}

TEST(HttpBodyResponseTest, NoContentTypeIsOctetStream) {
  api::v1::HttpBody body;
  body.set_data("x");
  auto response = HttpBodyResponse(body);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->content_type, "application/octet-stream");
  EXPECT_EQ(response->body, "x");
  // No data either: an empty body, still not JSON.
  response = HttpBodyResponse(api::v1::HttpBody());
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, "");
}

TEST(HttpBodyResponseTest, ContentTypeOutsidePrintableAsciiIsRefused) {
  for (const std::string& content_type :
       {std::string("text/calendar\r\nSet-Cookie: session=stolen"),
        std::string("text/calendar\nSet-Cookie: session=stolen"),
        std::string("text/calendar\r"), std::string("text/calendar\tx"),
        std::string("text/\x01"
                    "calendar"),
        std::string("text/calendar\x7F"), std::string("text/\xC5\xBC"),
        std::string("text/a\0b", 8)}) {
    api::v1::HttpBody body;
    body.set_content_type(content_type);
    body.set_data("BEGIN:VCALENDAR");
    auto response = HttpBodyResponse(body);
    ASSERT_FALSE(response.ok()) << content_type;
    EXPECT_EQ(response.status().code(), absl::StatusCode::kInternal);
    EXPECT_THAT(std::string(response.status().message()),
                ::testing::AllOf(HasSubstr("invalid content type"),
                                 ::testing::Not(HasSubstr("Set-Cookie"))));
  }
}

TEST(HttpBodyResponseTest, OtherMessagesAreInternal) {
  auto response = HttpBodyResponse(Jst());
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kInternal);
}

TEST(ContentTypeTest, OnlyApplicationJson) {
  EXPECT_TRUE(IsJsonContentType("application/json"));
  EXPECT_TRUE(IsJsonContentType("Application/JSON; charset=utf-8"));
  EXPECT_FALSE(IsJsonContentType(""));
  EXPECT_FALSE(IsJsonContentType("text/plain"));
  EXPECT_FALSE(IsJsonContentType("application/x-www-form-urlencoded"));
}

TEST(StatusTableTest, GrpcCodesToHttp) {
  using grpc::StatusCode;
  const std::pair<StatusCode, int> table[] = {
      {StatusCode::OK, 200},
      {StatusCode::CANCELLED, 499},
      {StatusCode::UNKNOWN, 500},
      {StatusCode::INVALID_ARGUMENT, 400},
      {StatusCode::DEADLINE_EXCEEDED, 504},
      {StatusCode::NOT_FOUND, 404},
      {StatusCode::ALREADY_EXISTS, 409},
      {StatusCode::PERMISSION_DENIED, 403},
      {StatusCode::RESOURCE_EXHAUSTED, 429},
      {StatusCode::FAILED_PRECONDITION, 409},
      {StatusCode::ABORTED, 409},
      {StatusCode::OUT_OF_RANGE, 400},
      {StatusCode::UNIMPLEMENTED, 501},
      {StatusCode::INTERNAL, 500},
      {StatusCode::UNAVAILABLE, 503},
      {StatusCode::DATA_LOSS, 500},
      {StatusCode::UNAUTHENTICATED, 401},
      {static_cast<StatusCode>(42), 500},
  };
  for (const auto& [code, http] : table) {
    EXPECT_EQ(HttpStatusFromGrpc(code), http) << StatusCodeName(code);
  }
  EXPECT_EQ(StatusCodeName(StatusCode::NOT_FOUND), "NOT_FOUND");
}

TEST(ErrorReplyTest, ShapeWithoutDetails) {
  JsonReply reply =
      ErrorReply(grpc::Status(grpc::StatusCode::NOT_FOUND, "no JST 9999999"));
  EXPECT_EQ(reply.http_status, 404);
  EXPECT_EQ(reply.body,
            R"({"code":5,"message":"no JST 9999999","details":[]})");
}

TEST(ErrorReplyTest, DetailsRoundTripAsJsonAny) {
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("page_size");
  violation->set_description("must be at most 500");
  google::rpc::Status details;
  details.set_code(3);
  details.set_message("bad page size");
  details.add_details()->PackFrom(bad_request);
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "bad page size",
                            details.SerializeAsString());

  JsonReply reply = ErrorReply(status);
  EXPECT_EQ(reply.http_status, 400);
  const auto body = nlohmann::json::parse(reply.body);
  EXPECT_EQ(body["code"], 3);
  EXPECT_EQ(body["message"], "bad page size");
  ASSERT_EQ(body["details"].size(), 1u);
  const auto& detail = body["details"][0];
  EXPECT_EQ(detail["@type"], "type.googleapis.com/google.rpc.BadRequest");
  EXPECT_EQ(detail["fieldViolations"][0]["field"], "page_size");
  EXPECT_EQ(detail["fieldViolations"][0]["description"], "must be at most 500");
}

TEST(ErrorReplyTest, UnknownDetailTypeKeepsItsTypeUrl) {
  google::rpc::Status details;
  auto* any = details.add_details();
  any->set_type_url("type.googleapis.com/unknown.Thing");
  any->set_value("\x08\x01");
  JsonReply reply = ErrorReply(grpc::Status(grpc::StatusCode::INTERNAL, "x",
                                            details.SerializeAsString()));
  EXPECT_EQ(reply.http_status, 500);
  EXPECT_EQ(
      reply.body,
      R"({"code":13,"message":"x","details":[{"@type":"type.googleapis.com/unknown.Thing"}]})");
}

TEST(ErrorReplyTest, GatewayRefusalHasTheSameShape) {
  JsonReply reply =
      ErrorReply(413, grpc::StatusCode::RESOURCE_EXHAUSTED, "too big");
  EXPECT_EQ(reply.http_status, 413);
  EXPECT_EQ(reply.body, R"({"code":8,"message":"too big","details":[]})");
}

}  // namespace
}  // namespace jstedu::gateway
