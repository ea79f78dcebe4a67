#include "gateway/route_table.h"

#include <string>

#include "gateway/config.h"
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
  // 7 annotated methods, one with an additional binding; NotExposed has none.
  EXPECT_EQ(table_->routes().size(), 8u);
  for (const Route& route : table_->routes()) {
    EXPECT_NE(route.grpc_path, "/gwtest.ItemService/NotExposed");
    EXPECT_NE(route.request_prototype, nullptr);
    EXPECT_NE(route.response_prototype, nullptr);
  }
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
  auto table =
      RouteTable::FromGeneratedPool(BackendServices());
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

TEST(RouteTableGeneratedTest, UnlinkedServiceIsAnError) {
  EXPECT_EQ(RouteTable::FromGeneratedPool({"jstedu.nope.v1.NopeService"})
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace jstedu::gateway
