#include "gateway/route_table.h"

#include <set>
#include <string>

#include "gateway/config.h"
#include "gateway/json_limits.h"
#include "gateway/test_protos.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace jstedu::gateway {
namespace {

using Kind = PathTemplate::SegmentKind;
using Outcome = RouteMatch::Outcome;
using ::testing::ElementsAre;

TEST(ParsePathTemplateTest, LiteralsAndVariable) {
  auto path = ParsePathTemplate("/v1/jsts/{teryt}");
  ASSERT_TRUE(path.ok()) << path.status();
  ASSERT_EQ(path->segments.size(), 3u);
  EXPECT_EQ(path->segments[0].kind, Kind::kLiteral);
  EXPECT_EQ(path->segments[0].literal, "v1");
  EXPECT_EQ(path->segments[2].kind, Kind::kAny);
  ASSERT_EQ(path->variables.size(), 1u);
  EXPECT_EQ(path->variables[0].field_path, std::vector<std::string>{"teryt"});
  EXPECT_EQ(path->variables[0].first, 2u);
  EXPECT_EQ(path->variables[0].end, 3u);
  EXPECT_EQ(path->verb, "");
  EXPECT_EQ(path->text, "/v1/jsts/{teryt}");
}

TEST(ParsePathTemplateTest, NestedFieldSegmentsAndVerb) {
  auto path = ParsePathTemplate("/v1/{book.name=shelves/*/books/*}:publish");
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(path->segments.size(), 5u);
  ASSERT_EQ(path->variables.size(), 1u);
  EXPECT_EQ(path->variables[0].field_path,
            (std::vector<std::string>{"book", "name"}));
  EXPECT_EQ(path->variables[0].first, 1u);
  EXPECT_EQ(path->variables[0].end, 5u);
  EXPECT_EQ(path->verb, "publish");
}

TEST(ParsePathTemplateTest, RejectsMalformedTemplates) {
  for (const char* bad :
       {"", "v1/jsts", "/v1//x", "/v1/{}", "/v1/{a", "/v1/{a={b}}", "/v1/**/x",
        "/v1/x:", "/v1/{a}/{a}", "/v1/x y"}) {
    EXPECT_FALSE(ParsePathTemplate(bad).ok()) << bad;
  }
}

TEST(ParsePathTemplateTest, VariableWithSuffixInTheLastSegment) {
  auto path = ParsePathTemplate("/v1/calendars/participants/{participant}.ics");
  ASSERT_TRUE(path.ok()) << path.status();
  ASSERT_EQ(path->segments.size(), 4u);
  EXPECT_EQ(path->segments[3].kind, Kind::kAny);
  EXPECT_EQ(path->segments[3].suffix, ".ics");
  EXPECT_EQ(path->segments[2].suffix, "");
  ASSERT_EQ(path->variables.size(), 1u);
  EXPECT_EQ(path->variables[0].first, 3u);
  EXPECT_EQ(path->variables[0].end, 4u);

  // `{field=*}` is `{field}`; the suffix may hold dots, '_' and '-'; a
  // custom verb may follow.
  path = ParsePathTemplate("/v1/files/{sub.id=*}.tar_v-2.gz:fetch");
  ASSERT_TRUE(path.ok()) << path.status();
  EXPECT_EQ(path->segments.back().suffix, ".tar_v-2.gz");
  EXPECT_EQ(path->variables[0].field_path,
            (std::vector<std::string>{"sub", "id"}));
  EXPECT_EQ(path->verb, "fetch");
}

TEST(ParsePathTemplateTest, RefusesSuffixesOutsideTheirPlace) {
  const std::pair<const char*, const char*> cases[] = {
      {"/v1/{a=**}.ics", "a suffix may only follow a one-segment variable"},
      {"/v1/{a=x/*}.ics", "a suffix may only follow a one-segment variable"},
      {"/v1/{a=x}.ics", "a suffix may only follow a one-segment variable"},
      {"/v1/{a}.ics/b", "a suffix is allowed only in the last segment"},
      {"/v1/{a}.ics/{b}", "a suffix is allowed only in the last segment"},
      {"/v1/{a}.", "empty suffix after '.'"},
      {"/v1/{a}.:v", "empty suffix after '.'"},
      {"/v1/{a}.ic s", "may only hold letters, digits, '.', '_' and '-'"},
      {"/v1/{a}.ic%73", "may only hold letters, digits, '.', '_' and '-'"},
      {"/v1/{a}.ics{b}", "may only hold letters, digits, '.', '_' and '-'"},
      {"/v1/{a}ics", "a variable must end its segment"},
      {"/v1/{a}-x.ics", "a variable must end its segment"},
  };
  for (const auto& [text, why] : cases) {
    auto path = ParsePathTemplate(text);
    ASSERT_FALSE(path.ok()) << text;
    EXPECT_EQ(path.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(path.status().message()),
                ::testing::AllOf(::testing::HasSubstr(text),
                                 ::testing::HasSubstr(why)));
  }
  // Only variables take a suffix: not `*`, and nothing takes a prefix.
  for (const char* text : {"/v1/*.ics", "/v1/**.ics", "/v1/x.{a}"}) {
    EXPECT_FALSE(ParsePathTemplate(text).ok()) << text;
  }
}

TEST(MatchPathTemplateTest, SuffixBindsWhatPrecedesIt) {
  auto path = ParsePathTemplate("/v1/c/{id}.ics");
  ASSERT_TRUE(path.ok());
  auto values = MatchPathTemplate(*path, {"v1", "c", "p-1.ics"}, "");
  ASSERT_TRUE(values.has_value());
  EXPECT_THAT(*values, ElementsAre("p-1"));
  values = MatchPathTemplate(*path, {"v1", "c", "a.ics.ics"}, "");
  ASSERT_TRUE(values.has_value());
  EXPECT_THAT(*values, ElementsAre("a.ics"));
  for (const char* last :
       {"p-1", ".ics", "ics", "p-1.ICS", "p-1.ics.txt", ""}) {
    EXPECT_FALSE(MatchPathTemplate(*path, {"v1", "c", last}, "")) << last;
  }
  EXPECT_FALSE(MatchPathTemplate(*path, {"v1", "c", "p-1.ics", "x"}, ""));
}

TEST(MatchPathTemplateTest, BindsSingleAndMultiSegmentValues) {
  auto path = ParsePathTemplate("/v1/{name=shelves/*}/books/{id}");
  ASSERT_TRUE(path.ok());
  auto values =
      MatchPathTemplate(*path, {"v1", "shelves", "7", "books", "x y"}, "");
  ASSERT_TRUE(values.has_value());
  EXPECT_THAT(*values, ElementsAre("shelves/7", "x y"));
  EXPECT_FALSE(MatchPathTemplate(*path, {"v1", "shelves", "7", "books"}, ""));
  EXPECT_FALSE(
      MatchPathTemplate(*path, {"v1", "shelves", "", "books", "1"}, ""));
  EXPECT_FALSE(
      MatchPathTemplate(*path, {"v1", "shelves", "7", "books", "1"}, "x"));
}

TEST(MatchPathTemplateTest, DoubleWildcardTakesTheRest) {
  auto path = ParsePathTemplate("/v1/files/{id=**}");
  ASSERT_TRUE(path.ok());
  auto values = MatchPathTemplate(*path, {"v1", "files", "a", "b", "c"}, "");
  ASSERT_TRUE(values.has_value());
  EXPECT_THAT(*values, ElementsAre("a/b/c"));
  values = MatchPathTemplate(*path, {"v1", "files"}, "");
  ASSERT_TRUE(values.has_value());
  EXPECT_THAT(*values, ElementsAre(""));
}

class TestRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::BuildItemRoutes(&routes_);
    if (HasFatalFailure()) return;
    table_ = routes_.table.get();
  }

  std::string MatchedRpc(std::string_view method, std::string_view path) {
    RouteMatch match = table_->Match(method, path);
    if (match.outcome != Outcome::kMatched) return "";
    return match.route->grpc_path;
  }

  testing::ItemRoutes routes_;
  RouteTable* table_ = nullptr;
};

TEST_F(TestRoutes, ReadsEveryBindingOfAnnotatedMethods) {
  // 9 annotated methods, one with an additional binding; NotExposed has none.
  EXPECT_EQ(table_->routes().size(), 10u);
  for (const Route& route : table_->routes()) {
    EXPECT_NE(route.grpc_path, "/gwtest.ItemService/NotExposed");
    EXPECT_NE(route.request_prototype, nullptr);
    EXPECT_NE(route.response_prototype, nullptr);
  }
}

TEST_F(TestRoutes, RawResponseExactlyForHttpBodyOutputs) {
  std::vector<std::string> raw;
  for (const Route& route : table_->routes()) {
    if (route.raw_response) raw.push_back(route.grpc_path);
    EXPECT_EQ(route.raw_response,
              route.method->output_type()->full_name() == kHttpBodyType)
        << route.grpc_path;
  }
  EXPECT_THAT(raw, ElementsAre("/gwtest.ItemService/GetItemCalendar",
                               "/gwtest.ItemService/GetPageCalendar"));
}

TEST_F(TestRoutes, SuffixRouteBindsDecodedValues) {
  RouteMatch match = table_->Match("GET", "/v1/items/a%20b%2Fc.ics");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.route->grpc_path, "/gwtest.ItemService/GetItemCalendar");
  EXPECT_THAT(match.values, ElementsAre("a b/c"));
  // Decoded before matching, as literals are: an escaped dot is a dot.
  match = table_->Match("GET", "/v1/items/p-1%2Eics");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.route->grpc_path, "/gwtest.ItemService/GetItemCalendar");
  EXPECT_THAT(match.values, ElementsAre("p-1"));
  match = table_->Match("GET", "/v1/items/7/pages/2.ics");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.route->grpc_path, "/gwtest.ItemService/GetPageCalendar");
  EXPECT_THAT(match.values, ElementsAre("7", "2"));
}

TEST_F(TestRoutes, PathWithoutTheSuffixIsNotTheSuffixRoute) {
  // GetItem's `{id}` comes first in the table; the suffix route still wins
  // what ends in ".ics", and only that.
  EXPECT_EQ(MatchedRpc("GET", "/v1/items/7.ics"),
            "/gwtest.ItemService/GetItemCalendar");
  EXPECT_EQ(MatchedRpc("GET", "/v1/items/7"), "/gwtest.ItemService/GetItem");
  EXPECT_EQ(MatchedRpc("GET", "/v1/items/7.ical"),
            "/gwtest.ItemService/GetItem");
  // Nothing before the suffix: not the suffix route's.
  RouteMatch match = table_->Match("GET", "/v1/items/.ics");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.route->grpc_path, "/gwtest.ItemService/GetItem");
  EXPECT_THAT(match.values, ElementsAre(".ics"));
  EXPECT_EQ(table_->Match("GET", "/v1/items/7/pages/2").outcome,
            Outcome::kNotFound);
  EXPECT_EQ(table_->Match("GET", "/v1/items/7/pages/.ics").outcome,
            Outcome::kNotFound);
  // Another method on a suffixed path: those of every template matching it.
  match = table_->Match("DELETE", "/v1/items/7.ics");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_THAT(match.allowed_methods, ElementsAre("GET", "PATCH"));
}

TEST_F(TestRoutes, LiteralSegmentBeatsVariable) {
  EXPECT_EQ(MatchedRpc("GET", "/v1/items/special"),
            "/gwtest.ItemService/GetSpecial");
  EXPECT_EQ(MatchedRpc("GET", "/v1/items/other"),
            "/gwtest.ItemService/GetItem");
}

TEST_F(TestRoutes, BindsDecodedValues) {
  RouteMatch match = table_->Match("GET", "/v1/items/a%20b%2Fc");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_THAT(match.values, ElementsAre("a b/c"));
  match = table_->Match("GET", "/v1/shelves/3/books/9");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.route->grpc_path, "/gwtest.ItemService/GetBook");
  EXPECT_THAT(match.values, ElementsAre("shelves/3", "9"));
  ASSERT_EQ(match.route->variable_fields[1].size(), 2u);
  EXPECT_EQ(match.route->variable_fields[1][1]->full_name(), "gwtest.Sub.id");
}

TEST_F(TestRoutes, CustomVerb) {
  EXPECT_EQ(MatchedRpc("POST", "/v1/items/42:approve"),
            "/gwtest.ItemService/ApproveItem");
  RouteMatch match = table_->Match("POST", "/v1/items/42:approve");
  EXPECT_THAT(match.values, ElementsAre("42"));
  // A known verb on another method: the path exists, the method does not.
  match = table_->Match("GET", "/v1/items/42:approve");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_THAT(match.allowed_methods, ElementsAre("POST"));
  // An unknown verb is part of the value; an escaped ':' never starts one.
  match = table_->Match("GET", "/v1/items/42:frobnicate");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_THAT(match.values, ElementsAre("42:frobnicate"));
  match = table_->Match("GET", "/v1/items/42%3Aapprove");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_THAT(match.values, ElementsAre("42:approve"));
}

TEST_F(TestRoutes, UnknownPathIsNotFound) {
  EXPECT_EQ(table_->Match("GET", "/v1/nothing").outcome, Outcome::kNotFound);
  EXPECT_EQ(table_->Match("GET", "/v1/items/").outcome, Outcome::kNotFound);
  EXPECT_EQ(table_->Match("GET", "/").outcome, Outcome::kNotFound);
  EXPECT_EQ(table_->Match("GET", "").outcome, Outcome::kNotFound);
}

TEST_F(TestRoutes, KnownPathWithWrongMethodListsAllowedMethods) {
  RouteMatch match = table_->Match("DELETE", "/v1/items/7");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_THAT(match.allowed_methods, ElementsAre("GET", "PATCH"));
  match = table_->Match("GET", "/v1/items");
  EXPECT_EQ(match.outcome, Outcome::kMethodNotAllowed);
  EXPECT_THAT(match.allowed_methods, ElementsAre("POST"));
}

TEST_F(TestRoutes, MalformedEscapeIsBadPath) {
  EXPECT_EQ(table_->Match("GET", "/v1/items/%zz").outcome, Outcome::kBadPath);
}

TEST_F(TestRoutes, KeepsBodyRules) {
  RouteMatch match = table_->Match("PATCH", "/v1/items/1");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.route->body, "sub");
  ASSERT_NE(match.route->body_field, nullptr);
  EXPECT_EQ(match.route->body_field->name(), "sub");
  match = table_->Match("PUT", "/v1/items/1/sub");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.route->grpc_path, "/gwtest.ItemService/UpdateSub");
}

std::string WithMethods(const std::string& methods) {
  return std::string(R"pb(
           name: "gateway_test/bad.proto"
           package: "gwbad"
           syntax: "proto3"
           message_type {
             name: "M"
             field {
               name: "id"
               number: 1
               type: TYPE_STRING
               label: LABEL_OPTIONAL
             }
             field {
               name: "ids"
               number: 2
               type: TYPE_STRING
               label: LABEL_REPEATED
             }
             field {
               name: "other"
               number: 3
               type: TYPE_STRING
               label: LABEL_OPTIONAL
             }
           }
           service { name: "S")pb") +
         methods + "}";
}

absl::Status BuildStatus(const std::string& methods) {
  auto pool = testing::BuildPool(WithMethods(methods));
  if (pool == nullptr) return absl::InternalError("test proto does not build");
  return RouteTable::FromServices({pool->FindServiceByName("gwbad.S")})
      .status();
}

// A gwbad.M → gwbad.M method `name` with `rule` (inside google.api.http).
std::string Method(const std::string& name, const std::string& rule) {
  return "method { name: \"" + name +
         "\" input_type: \".gwbad.M\" output_type: \".gwbad.M\" "
         "options { [google.api.http] { " +
         rule + " } } }";
}

TEST(RouteTableErrorsTest, SuffixMakesAnotherShape) {
  EXPECT_TRUE(BuildStatus(Method("A", R"(get: "/v1/x/{id}")") +
                          Method("B", R"(get: "/v1/x/{other}.ics")") +
                          Method("C", R"(get: "/v1/x/{id}.ical")") +
                          Method("D", R"(get: "/v1/x/today.ics")"))
                  .ok());
  const absl::Status status =
      BuildStatus(Method("A", R"(get: "/v1/x/{id}.ics")") +
                  Method("B", R"(get: "/v1/x/{other=*}.ics")"));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_NE(status.message().find("gwbad.S.B"), absl::string_view::npos);
}

TEST(RouteSpecificityTest, SuffixRanksBetweenLiteralAndVariable) {
  // The least specific first: table order decides nothing.
  auto pool = testing::BuildPool(
      WithMethods(Method("Plain", R"(get: "/v1/x/{id}")") +
                  Method("Gz", R"(get: "/v1/x/{id}.gz")") +
                  Method("TarGz", R"(get: "/v1/x/{id}.tar.gz")") +
                  Method("Ics", R"(get: "/v1/x/{id}.ics")") +
                  Method("Today", R"(get: "/v1/x/today.ics")") +
                  Method("Rest", R"(get: "/v1/{id=**}")")));
  ASSERT_NE(pool, nullptr);
  auto table = RouteTable::FromServices({pool->FindServiceByName("gwbad.S")});
  ASSERT_TRUE(table.ok()) << table.status();
  const auto matched = [&table](std::string_view path) -> std::string {
    RouteMatch match = table->Match("GET", path);
    if (match.outcome != Outcome::kMatched) return "none";
    return match.route->method->name() + " " +
           (match.values.empty() ? "-" : match.values[0]);
  };
  EXPECT_EQ(matched("/v1/x/today.ics"), "Today -");
  EXPECT_EQ(matched("/v1/x/tomorrow.ics"), "Ics tomorrow");
  EXPECT_EQ(matched("/v1/x/a.tar.gz"), "TarGz a");
  EXPECT_EQ(matched("/v1/x/a.gz"), "Gz a");
  EXPECT_EQ(matched("/v1/x/a"), "Plain a");
  EXPECT_EQ(matched("/v1/x/a.txt"), "Plain a.txt");
  EXPECT_EQ(matched("/v1/y/a.ics"), "Rest y/a.ics");
}

TEST(RouteTableErrorsTest, DuplicateRouteIsAStartUpError) {
  const absl::Status status = BuildStatus(R"pb(
    method {
      name: "A"
      input_type: ".gwbad.M"
      output_type: ".gwbad.M"
      options {
        [google.api.http] { get: "/v1/x/{id}" }
      }
    }
    method {
      name: "B"
      input_type: ".gwbad.M"
      output_type: ".gwbad.M"
      options {
        [google.api.http] { get: "/v1/x/{other}" }
      }
    }
  )pb");
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_NE(status.message().find("gwbad.S.B"), absl::string_view::npos);
}

TEST(RouteTableErrorsTest, SameTemplateWithOtherMethodIsFine) {
  EXPECT_TRUE(BuildStatus(R"pb(
                method {
                  name: "A"
                  input_type: ".gwbad.M"
                  output_type: ".gwbad.M"
                  options {
                    [google.api.http] { get: "/v1/x/{id}" }
                  }
                }
                method {
                  name: "B"
                  input_type: ".gwbad.M"
                  output_type: ".gwbad.M"
                  options {
                    [google.api.http] { delete: "/v1/x/{id}" }
                  }
                }
              )pb")
                  .ok());
}

TEST(RouteTableErrorsTest, UnusableRulesAreStartUpErrors) {
  for (const char* rule : {
           R"pb(get: "/v1/x/{missing}")pb",
           R"pb(get: "/v1/x/{ids}")pb",
           R"pb(get: "/v1/x/{id.deeper}")pb",
           R"pb(post: "/v1/x" body: "missing")pb",
           R"pb(get: "v1/no-slash")pb",
           R"pb(get: "/v1/x/{id=**}.ics")pb",
           R"pb(get: "/v1/x/{id}.ics/y")pb",
           R"pb(body: "*")pb",
       }) {
    const absl::Status status =
        BuildStatus(std::string(R"pb(method { name: "A" input_type: ".gwbad.M"
                                              output_type: ".gwbad.M"
                                              options {
                                                [google.api.http] {)pb") +
                    rule + "} } }");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument)
        << rule << ": " << status;
  }
}

TEST(RouteTableGeneratedTest, RecruitmentRoutesComeFromTheProto) {
  auto table = RouteTable::FromGeneratedPool(BackendServices());
  ASSERT_TRUE(table.ok()) << table.status();
  RouteMatch match = table->Match("GET", "/v1/jsts");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.route->grpc_path,
            "/jstedu.recruitment.v1.RecruitmentService/ListJsts");
  match = table->Match("GET", "/v1/jsts/2476011");
  ASSERT_EQ(match.outcome, Outcome::kMatched);
  EXPECT_EQ(match.route->path.text, "/v1/jsts/{teryt}");
  EXPECT_THAT(match.values, ElementsAre("2476011"));
  EXPECT_EQ(table->Match("POST", "/v1/jsts").outcome,
            Outcome::kMethodNotAllowed);
}

TEST(RouteTableGeneratedTest, AnImportWaitsLongerThanTheGatewaysDeadline) {
  auto table = RouteTable::FromGeneratedPool(BackendServices());
  ASSERT_TRUE(table.ok()) << table.status();
  // The three file imports: recruitment's participants, training's
  // e-learning completions, advisory's school register.
  for (const char* import :
       {"/v1/applications/a1/participants:import",
        "/v1/editions/E1/elearning-completions:import", "/v1/schools:import"}) {
    RouteMatch match = table->Match("POST", import);
    ASSERT_EQ(match.outcome, Outcome::kMatched) << import;
    EXPECT_EQ(match.route->min_deadline, std::chrono::seconds(60)) << import;
  }
  // Every other route keeps the gateway's deadline alone.
  for (const Route& route : table->routes()) {
    if (route.method->name() == "ImportParticipants" ||
        route.method->name() == "ImportELearningCompletions" ||
        route.method->name() == "ImportSchools") {
      continue;
    }
    EXPECT_EQ(route.min_deadline, std::chrono::seconds(0)) << route.grpc_path;
  }
}

// A raw CSV body is a file: each such route's RPC takes the large body
// limit (LargeBodyRoutes), or a file of more than 1 MiB is refused with 413
// before it is read (the e-learning import and the DEGURBA load were
// missing from the list).
TEST(RouteTableGeneratedTest, EveryCsvImportTakesTheLargeBodyLimit) {
  auto table = RouteTable::FromGeneratedPool(BackendServices());
  ASSERT_TRUE(table.ok()) << table.status();
  int imports = 0;
  for (const Route& route : table->routes()) {
    if (route.raw_body_media_type.empty()) continue;
    ++imports;
    EXPECT_EQ(LargeBodyRoutes().count(route.method->full_name()), 1u)
        << route.method->full_name();
  }
  EXPECT_EQ(imports, 4);
}

TEST(RouteTableGeneratedTest, PersonalAnswersFollowTheProtoOption) {
  auto table = RouteTable::FromGeneratedPool(BackendServices());
  ASSERT_TRUE(table.ok()) << table.status();
  std::set<std::string> personal_posts;
  std::set<std::string> personal_puts;
  for (const Route& route : table->routes()) {
    const std::string name = route.method->name();
    if (name == "GetParticipant" || name == "ListIdentityConflicts" ||
        name == "ListGroupParticipants" || name == "ListAttendance") {
      EXPECT_TRUE(route.personal_answer) << name;
    }
    if (name == "SubmitApplication" || name == "GetApplication" ||
        name == "ImportParticipants" || name == "ListJsts") {
      EXPECT_FALSE(route.personal_answer) << name;
    }
    if (route.personal_answer && route.http_method == "POST") {
      personal_posts.insert(name);
    }
    if (route.personal_answer && route.http_method == "PUT") {
      personal_puts.insert(name);
    }
  }
  // The PUT routes answering personal data: training's attendance (a
  // mark's note is free text that may carry health details) and
  // recruitment's account directory (the address just set). Neither keeps
  // its answers: a replay is refused by the service's request key
  // (REQUEST_ALREADY_APPLIED); the console counts the sheet as sent, and
  // reads the directory entry again.
  EXPECT_EQ(personal_puts, (std::set<std::string>{"RecordAttendance",
                                                  "RecordSessionAttendance",
                                                  "SetAccountContact"}));
  // The POST routes answering personal data: no answer of theirs is kept in
  // Redis. Recruitment's keep their answers (RunKept: a replay gets it
  // again, audited); advisory's (names of experts and of the people at an
  // agreement or an activity) do not: a replay is refused by the service's
  // request key, REQUEST_ALREADY_APPLIED (gateway/README.md). A field
  // marked secret counts the same.
  EXPECT_EQ(personal_posts,
            (std::set<std::string>{
                "CreateParticipant", "WithdrawParticipant", "RecordDeclaration",
                "ResolveIdentityConflict", "CreateExpert", "DeactivateExpert",
                "AssignExperts", "ChooseArea", "CompleteDiagnosis",
                "ApproveSchedule", "CompleteRollout", "AdoptPlan",
                "CompleteAction", "DropAction", "CreateActivity",
                // A calendar feed's secret address, shown once: never kept
                // in Redis (issue 17 review). A renewal answers the same
                // message (without the address).
                "CreateCalendarFeed", "RenewCalendarFeed"}));
}

TEST(RouteTableGeneratedTest, UnlinkedServiceIsAnError) {
  EXPECT_EQ(RouteTable::FromGeneratedPool({"jstedu.nope.v1.NopeService"})
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace jstedu::gateway
