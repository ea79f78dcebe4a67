#include "gateway/openapi.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "gateway/config.h"
#include "gateway/test_protos.h"
#include "gmock/gmock.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/duration.pb.h"
#include "google/protobuf/empty.pb.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/wrappers.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using json = nlohmann::json;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

const std::vector<std::string>& kServices = BackendServices();

// The paths the dispatcher serves itself, without a token.
const std::set<std::string> kPublicPaths = {"/healthz", "/readyz",
                                            "/v1/openapi.json"};

json Document(const RouteTable& table) {
  const std::string text = OpenApiDocument(table, OpenApiInfo{});
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(document.is_object()) << text;
  return document;
}

RouteTable RealRoutes() {
  auto table = RouteTable::FromGeneratedPool(kServices);
  EXPECT_TRUE(table.ok()) << table.status();
  return *std::move(table);
}

// "/v1/{name=shelves/*}/x" → "/v1/{name}/x", independently of the generator.
std::string ExpectedPath(const std::string& text) {
  static const std::regex kVariable(R"(\{([A-Za-z0-9_.]+)=[^}]*\})");
  return std::regex_replace(text, kVariable, "{$1}");
}

// "/v1/x/{code}" → "/v1/x/{}", as tests/openapi/validate.mjs compares paths.
std::string Shape(const std::string& path) {
  static const std::regex kPlaceholder(R"(\{[^}]*\})");
  return std::regex_replace(path, kPlaceholder, "{}");
}

// The documented path of each route, in table order: ExpectedPath, or the
// path of the first route of the same shape.
std::vector<std::string> DocumentedPaths(const RouteTable& table) {
  std::map<std::string, std::string> first_of_shape;
  std::vector<std::string> paths;
  for (const Route& route : table.routes()) {
    const std::string path = ExpectedPath(route.path.text);
    paths.push_back(first_of_shape.emplace(Shape(path), path).first->second);
  }
  return paths;
}

json* FindParameter(json& operation, const std::string& name,
                    const std::string& in) {
  if (!operation.contains("parameters")) return nullptr;
  for (json& parameter : operation["parameters"]) {
    if (parameter["name"] == name && parameter["in"] == in) return &parameter;
  }
  return nullptr;
}

std::vector<std::string> ParameterNames(json& operation,
                                        const std::string& in) {
  std::vector<std::string> names;
  for (json& parameter : operation.value("parameters", json::array())) {
    if (parameter["in"] == in)
      names.push_back(parameter["name"].get<std::string>());
  }
  return names;
}

json Ref(const std::string& schema) {
  return json{{"$ref", "#/components/schemas/" + schema}};
}

// `value` without its description (what the proto comments say).
json Undescribed(json value) {
  value.erase("description");
  return value;
}

// Every route is documented once under its method, and nothing else is
// except the public paths; operationIds are unique.
void ExpectEveryRouteOnce(const RouteTable& table, json document) {
  std::set<std::pair<std::string, std::string>> expected;
  const std::vector<std::string> paths = DocumentedPaths(table);
  for (size_t i = 0; i < paths.size(); ++i) {
    const Route& route = table.routes()[i];
    std::string method = route.http_method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    EXPECT_TRUE(expected.emplace(paths[i], method).second) << route.path.text;
    json& item = document["paths"][paths[i]];
    ASSERT_TRUE(item.contains(method)) << method << " " << route.path.text;
    EXPECT_THAT(item[method]["tags"],
                ElementsAre(route.method->service()->name()));
  }
  std::set<std::pair<std::string, std::string>> documented;
  std::set<std::string> operation_ids;
  for (const auto& [path, item] : document["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      EXPECT_TRUE(
          operation_ids.insert(operation["operationId"].get<std::string>())
              .second)
          << operation["operationId"];
      if (kPublicPaths.count(path) > 0) continue;
      documented.emplace(path, method);
    }
  }
  EXPECT_EQ(documented, expected);
  std::set<std::string> shapes;
  for (const auto& [path, item] : document["paths"].items()) {
    EXPECT_TRUE(shapes.insert(Shape(path)).second)
        << path << " has the shape of another path";
  }
}

// ---- The real routes ----

TEST(OpenApiRealTest, ListJstsQueryParameters) {
  const RouteTable table = RealRoutes();
  json document = Document(table);
  ASSERT_TRUE(document["paths"].contains("/v1/jsts"));
  json& list = document["paths"]["/v1/jsts"]["get"];
  EXPECT_EQ(list["operationId"], "RecruitmentService_ListJsts");
  EXPECT_THAT(list["tags"], ElementsAre("RecruitmentService"));
  EXPECT_FALSE(list.contains("requestBody"));
  EXPECT_FALSE(list.contains("security")) << "inherits the global bearerAuth";
  EXPECT_THAT(ParameterNames(list, "query"),
              ElementsAre("voivodeship", "kind", "namePrefix", "pageSize",
                          "pageToken"));
  EXPECT_THAT(ParameterNames(list, "path"), ::testing::IsEmpty());

  json* kind = FindParameter(list, "kind", "query");
  ASSERT_NE(kind, nullptr);
  EXPECT_EQ((*kind)["schema"]["type"], "string");
  EXPECT_THAT((*kind)["schema"]["enum"],
              IsSupersetOf({"JST_KIND_UNSPECIFIED", "RURAL_COMMUNE",
                            "URBAN_COMMUNE", "URBAN_RURAL_COMMUNE", "COUNTY"}));
  json* page_size = FindParameter(list, "pageSize", "query");
  ASSERT_NE(page_size, nullptr);
  EXPECT_EQ((*page_size)["schema"],
            (json{{"type", "integer"}, {"format", "int32"}}));
  EXPECT_FALSE(page_size->contains("required"));
  EXPECT_EQ((*FindParameter(list, "pageToken", "query"))["schema"]["type"],
            "string");
  EXPECT_EQ(list["responses"]["200"]["content"]["application/json"]["schema"],
            Ref("ListJstsResponse"));
}

TEST(OpenApiRealTest, GetJstHasARequiredPathParameter) {
  const RouteTable table = RealRoutes();
  json document = Document(table);
  ASSERT_TRUE(document["paths"].contains("/v1/jsts/{teryt}"));
  json& get = document["paths"]["/v1/jsts/{teryt}"]["get"];
  EXPECT_EQ(get["operationId"], "RecruitmentService_GetJst");
  ASSERT_EQ(get["parameters"].size(), 1u);
  EXPECT_THAT(Undescribed(get["parameters"][0]),
              ::testing::Eq(json{{"name", "teryt"},
                                 {"in", "path"},
                                 {"required", true},
                                 {"schema", {{"type", "string"}}}}));
  json& responses = get["responses"];
  EXPECT_EQ(responses["200"]["content"]["application/json"]["schema"],
            Ref("Jst"));
  std::vector<std::string> statuses;
  for (auto& [status, response] : responses.items()) statuses.push_back(status);
  // All roles may read a JST; no body, not a POST.
  EXPECT_THAT(statuses,
              ElementsAre("200", "400", "401", "404", "429", "503", "default"));
  for (const char* status : {"400", "401", "404", "429", "503", "default"}) {
    ASSERT_TRUE(responses.contains(status)) << status;
    const std::string ref = responses[status].value("$ref", "");
    ASSERT_TRUE(ref.rfind("#/components/responses/", 0) == 0) << ref;
    json& response = document["components"]["responses"][ref.substr(23)];
    EXPECT_EQ(response["content"]["application/json"]["schema"], Ref("Error"))
        << status;
  }
}

TEST(OpenApiRealTest, CsvImportTakesTextCsvNotJson) {
  json document = Document(RealRoutes());
  const std::string path = "/v1/applications/{application}/participants:import";
  ASSERT_TRUE(document["paths"].contains(path));
  json& import = document["paths"][path]["post"];
  EXPECT_EQ(import["operationId"], "RecruitmentService_ImportParticipants");
  EXPECT_EQ(import["requestBody"]["content"],
            json::parse(R"({"text/csv": {"schema": {"type": "string",
                                                   "format": "binary"}}})"));
  EXPECT_THAT(import["requestBody"]["description"].get<std::string>(),
              ::testing::HasSubstr("UTF-8"));
  EXPECT_THAT(ParameterNames(import, "path"), ElementsAre("application"));
  EXPECT_THAT(ParameterNames(import, "query"), ::testing::IsEmpty());
  EXPECT_EQ(import["responses"]["200"]["content"]["application/json"]["schema"],
            Ref("ImportParticipantsResponse"));
  // Other body routes stay JSON.
  EXPECT_EQ(document["paths"]["/v1/applications/{application}/participants"]
                    ["post"]["requestBody"]["content"],
            json::parse(R"({"application/json": {"schema":
                              {"$ref": "#/components/schemas/Participant"}}})"));
}

// PATCH /v1/editions/{edition.code} has the shape of GET /v1/editions/{code}:
// one path item, the PATCH's parameter renamed and saying what it sets.
TEST(OpenApiRealTest, PatchWithUpdateMaskSharesThePathOfItsGet) {
  json document = Document(RealRoutes());
  EXPECT_FALSE(document["paths"].contains("/v1/editions/{edition.code}"));
  EXPECT_FALSE(document["paths"].contains("/v1/participants/{participant.id}"));
  struct Case {
    std::string path;                // the path item, named by the GET
    std::string name;                // its placeholder
    std::string field;               // what the PATCH's variable binds
    std::string operation;           // the PATCH
    std::string schema;              // its body
    std::vector<std::string> query;  // its query parameters
  };
  const Case cases[] = {{"/v1/editions/{code}",
                         "code",
                         "edition.code",
                         "RecruitmentService_UpdateEdition",
                         "Edition",
                         {"updateMask", "expectedVersion"}},
                        {"/v1/participants/{participant}",
                         "participant",
                         "participant.id",
                         "RecruitmentService_UpdateParticipant",
                         "Participant",
                         {"updateMask"}}};
  for (const Case& c : cases) {
    const std::string& path = c.path;
    const std::string& name = c.name;
    const std::string& field = c.field;
    ASSERT_TRUE(document["paths"].contains(path)) << path;
    json& item = document["paths"][path];
    ASSERT_TRUE(item.contains("get")) << path;
    ASSERT_TRUE(item.contains("patch")) << path;
    json& patch = item["patch"];
    EXPECT_EQ(patch["operationId"], c.operation);
    EXPECT_EQ(ParameterNames(patch, "path"),
              ParameterNames(item["get"], "path"));
    json* variable = FindParameter(patch, name, "path");
    ASSERT_NE(variable, nullptr) << path;
    EXPECT_EQ((*variable)["required"], true);
    EXPECT_THAT((*variable)["description"].get<std::string>(),
                ::testing::EndsWith("Sets the request field `" + field + "`."));
    EXPECT_EQ(ParameterNames(patch, "query"), c.query);
    json* mask = FindParameter(patch, "updateMask", "query");
    ASSERT_NE(mask, nullptr);
    EXPECT_EQ((*mask)["schema"], (json{{"type", "string"}}));
    EXPECT_THAT((*mask)["description"].get<std::string>(),
                ::testing::HasSubstr("comma-separated"));
    // The resource's schema without `required`: an update names what it
    // changes.
    EXPECT_EQ(patch["requestBody"]["content"]["application/json"]["schema"],
              Ref(c.schema + "Update"));
    // The GET keeps its own parameter as it is.
    EXPECT_THAT(
        FindParameter(item["get"], name, "path")->value("description", ""),
        Not(HasSubstr("Sets the request field")));
  }
}

TEST(OpenApiRealTest, JstSchemaFollowsTheJsonMapping) {
  json document = Document(RealRoutes());
  json& jst = document["components"]["schemas"]["Jst"];
  EXPECT_EQ(jst["type"], "object");
  json& properties = jst["properties"];
  EXPECT_EQ(Undescribed(properties["teryt"]), (json{{"type", "string"}}));
  EXPECT_EQ(Undescribed(properties["workshopGroup"]),
            (json{{"type", "integer"}, {"format", "int32"}}));
  EXPECT_EQ(Undescribed(properties["cityWithCountyRights"]),
            (json{{"type", "boolean"}}));
  EXPECT_EQ(properties["kind"]["type"], "string");
  EXPECT_THAT(properties["kind"]["enum"], Contains("RURAL_COMMUNE"));
  EXPECT_TRUE(properties.contains("registerDate"));
  EXPECT_FALSE(properties.contains("register_date"));

  json& list = document["components"]["schemas"]["ListJstsResponse"];
  EXPECT_EQ(Undescribed(list["properties"]["jsts"]),
            (json{{"type", "array"}, {"items", Ref("Jst")}}));
  EXPECT_EQ(Undescribed(list["properties"]["nextPageToken"]),
            (json{{"type", "string"}}));
}

TEST(OpenApiRealTest, SaysInt64IsAStringAndZerosArePresent) {
  json document = Document(RealRoutes());
  const std::string info = document["info"]["description"].get<std::string>();
  EXPECT_THAT(info, HasSubstr("always present in an answer, also when it "
                              "holds its zero value"));
  EXPECT_THAT(info, HasSubstr("64-bit integers (int64, uint64) are JSON "
                              "strings"));
  json& count = document["components"]["schemas"]["ReconcileResponse"]
                        ["properties"]["differenceCount"];
  EXPECT_EQ(count["type"], "string");
  EXPECT_EQ(count["format"], "int64");
  EXPECT_THAT(count["description"].get<std::string>(),
              HasSubstr("64-bit integer as a JSON string"));
}

TEST(OpenApiRealTest, EveryRouteOncePerMethod) {
  const RouteTable table = RealRoutes();
  ASSERT_FALSE(table.routes().empty());
  ExpectEveryRouteOnce(table, Document(table));
}

TEST(OpenApiRealTest, BearerEverywhereButThePublicPaths) {
  json document = Document(RealRoutes());
  EXPECT_EQ(document["openapi"], "3.0.3");
  EXPECT_EQ(document["security"], json::parse(R"([{"bearerAuth": []}])"));
  EXPECT_EQ(document["components"]["securitySchemes"]["bearerAuth"],
            json::parse(R"({"type": "http", "scheme": "bearer",
                            "bearerFormat": "JWT"})"));
  for (const std::string& path : kPublicPaths) {
    ASSERT_TRUE(document["paths"].contains(path)) << path;
    json& get = document["paths"][path]["get"];
    EXPECT_EQ(get["security"], json::array()) << path;
    EXPECT_TRUE(get["responses"].contains("200")) << path;
  }
  EXPECT_EQ(document["paths"]["/readyz"]["get"]["responses"]["503"]["content"]
                    ["application/json"]["schema"],
            Ref("Readiness"));
  json& error = document["components"]["schemas"]["Error"];
  EXPECT_THAT(error["required"], ElementsAre("code", "message", "details"));
  EXPECT_EQ(error["properties"]["code"]["type"], "integer");
  EXPECT_EQ(error["properties"]["message"]["type"], "string");
  EXPECT_EQ(error["properties"]["details"]["type"], "array");
}

TEST(OpenApiRealTest, DeterministicBytes) {
  const RouteTable first = RealRoutes();
  const RouteTable second = RealRoutes();
  const OpenApiInfo info{"jstedu", "v1", "The public API.",
                         "https://api.example.test"};
  const std::string text = OpenApiDocument(first, info);
  EXPECT_EQ(text, OpenApiDocument(first, info));
  EXPECT_EQ(text, OpenApiDocument(second, info));
  json document = json::parse(text);
  EXPECT_EQ(document["info"]["title"], "jstedu");
  EXPECT_EQ(document["info"]["version"], "v1");
  EXPECT_THAT(document["info"]["description"].get<std::string>(),
              ::testing::StartsWith("The public API.\n\nAnswers follow"));
  EXPECT_EQ(document["servers"],
            json::parse(R"([{"url": "https://api.example.test"}])"));
  EXPECT_EQ(Document(first)["servers"][0]["url"], "/");
}

// protoc's C++ code embeds descriptors without comments; the document reads
// them from the descriptor set built with --include_source_info
// (api_comments.h).
// The summary is the title in the reference's menu and search results: it
// names the call (RejectApplication: "Reject application."), whatever the
// comment's first sentence says ("SUBMITTED or WAITLISTED → REJECTED.").
TEST(OpenApiRealTest, EverySummaryNamesItsRpc) {
  json document = Document(RealRoutes());
  for (auto& [path, item] : document["paths"].items()) {
    for (auto& [method, operation] : item.items()) {
      const std::string id = operation.value("operationId", "");
      if (absl::StartsWith(id, "Gateway_")) continue;  // no RPC
      std::string words = operation.value("summary", "");
      absl::StrReplaceAll({{" ", ""}, {".", ""}}, &words);
      EXPECT_TRUE(absl::EqualsIgnoreCase(words, id.substr(id.find('_') + 1)))
          << id << ": " << operation.value("summary", "");
    }
  }
  EXPECT_EQ(document["paths"]["/v1/applications/{application}:reject"]["post"]
                    ["summary"],
            "Reject application.");
  EXPECT_EQ(document["paths"]["/v1/jsts"]["get"]["summary"], "List JSTs.");
}

TEST(OpenApiRealTest, OperationsAreDescribedFromTheProtoComments) {
  json document = Document(RealRoutes());
  for (auto& [path, item] : document["paths"].items()) {
    for (auto& [method, operation] : item.items()) {
      EXPECT_FALSE(operation.value("summary", "").empty())
          << method << " " << path;
      if (kPublicPaths.count(path) == 0) {
        EXPECT_THAT(operation.value("description", ""),
                    HasSubstr("**Roles:** "))
            << method << " " << path;
      }
    }
  }
  json& get = document["paths"]["/v1/jsts/{teryt}"]["get"];
  EXPECT_EQ(get["summary"], "Get JST.");
  EXPECT_EQ(get["description"],
            "One registry JST by its TERYT code.\nErrors: INVALID_ARGUMENT "
            "(malformed code), NOT_FOUND.\n\n**Roles:** `ADMIN`, "
            "`COORDINATOR`, `EXPERT`, `TRAINER`, `JST`, `MINISTRY`.");
  EXPECT_THAT(FindParameter(get, "teryt", "path")->value("description", ""),
              ::testing::StartsWith("4 or 7 digits."));
  // A section heading above an RPC ("// ---- editions ...") is no comment
  // of it: the summary comes from the name, the roles from AccessTable().
  json& create = document["paths"]["/v1/editions"]["post"];
  EXPECT_EQ(create["summary"], "Create edition.");
  EXPECT_EQ(create["description"], "**Roles:** `ADMIN`.");
  json& jst = document["components"]["schemas"]["Jst"];
  EXPECT_EQ(jst["description"],
            "A local government unit eligible for the programme.");
  EXPECT_EQ(jst["properties"]["cityWithCountyRights"]["description"],
            "True for the 66 urban communes whose county code is 61 or "
            "above.");
}

// Fields without a comment of their own that name another object or page
// say so (CommonFieldDescriptions); most fields and parameters end up
// described.
TEST(OpenApiRealTest, MostFieldsAndParametersAreDescribed) {
  json document = Document(RealRoutes());
  int fields = 0, described_fields = 0;
  for (auto& [name, schema] : document["components"]["schemas"].items()) {
    const json properties = schema.value("properties", json::object());
    for (const json& property : properties) {
      ++fields;
      described_fields += property.contains("description") ? 1 : 0;
    }
  }
  int parameters = 0, described_parameters = 0;
  for (auto& [path, item] : document["paths"].items()) {
    for (auto& [method, operation] : item.items()) {
      const json list = operation.value("parameters", json::array());
      for (const json& parameter : list) {
        if (parameter.contains("$ref")) continue;  // Idempotency-Key
        ++parameters;
        described_parameters += parameter.contains("description") ? 1 : 0;
      }
    }
  }
  EXPECT_GE(described_fields * 100, fields * 60)
      << described_fields << " of " << fields;
  EXPECT_GE(described_parameters * 100, parameters * 80)
      << described_parameters << " of " << parameters;
  json& submit =
      document["paths"]["/v1/editions/{edition}/applications"]["post"];
  EXPECT_EQ(FindParameter(submit, "edition", "path")->value("description", ""),
            "The edition's code.");
}

TEST(OpenApiRealTest, DateOnlyFieldsHaveFormatDate) {
  json document = Document(RealRoutes());
  json& schemas = document["components"]["schemas"];
  const json date = {{"type", "string"}, {"format", "date"}};
  EXPECT_EQ(Undescribed(schemas["Edition"]["properties"]["startsOn"]), date);
  EXPECT_EQ(Undescribed(schemas["Edition"]["properties"]["endsOn"]), date);
  EXPECT_EQ(Undescribed(schemas["Jst"]["properties"]["registerDate"]), date);
  EXPECT_EQ(Undescribed(schemas["Participant"]["properties"]["birthDate"]),
            date);
  // A string that is no date, and a date-time, stay as they were.
  EXPECT_FALSE(schemas["Edition"]["properties"]["code"].contains("format"));
  EXPECT_EQ(
      schemas["Participant"]["properties"]["participationStart"]["format"],
      "date");
  json& progress = document["paths"]["/v1/progress"]["get"];
  EXPECT_EQ((*FindParameter(progress, "asOf", "query"))["schema"], date);
}

TEST(OpenApiRealTest, IdempotencyKeyOnEveryWriteOnly) {
  json document = Document(RealRoutes());
  const json ref = {{"$ref", "#/components/parameters/IdempotencyKey"}};
  int posts = 0;
  for (auto& [path, item] : document["paths"].items()) {
    for (auto& [method, operation] : item.items()) {
      const json parameters = operation.value("parameters", json::array());
      const bool has = std::find(parameters.begin(), parameters.end(), ref) !=
                       parameters.end();
      const bool write =
          method == "post" || method == "put" || method == "patch";
      EXPECT_EQ(has, write) << method << " " << path;
      posts += method == "post" ? 1 : 0;
    }
  }
  EXPECT_GT(posts, 10);
  json& parameter = document["components"]["parameters"]["IdempotencyKey"];
  EXPECT_EQ(parameter["name"], "Idempotency-Key");
  EXPECT_EQ(parameter["in"], "header");
  EXPECT_EQ(parameter["schema"]["maxLength"], 255);
}

TEST(OpenApiRealTest, DownloadsHaveTheirMediaTypes) {
  json document = Document(RealRoutes());
  auto media_types = [&](const std::string& path) {
    std::vector<std::string> types;
    for (auto& [type, content] :
         document["paths"][path]["get"]["responses"]["200"]["content"]
             .items()) {
      EXPECT_EQ(content["schema"]["format"], "binary") << path;
      types.push_back(type);
    }
    return types;
  };
  EXPECT_THAT(media_types("/v1/exports/{export}/content"),
              ElementsAre("application/adx+xml", "text/csv"));
  for (const char* path : {"/v1/calendars/participants/{participant}.ics",
                           "/v1/calendars/groups/{edition}/{group}.ics",
                           "/v1/calendars/trainers/{trainer}.ics"}) {
    EXPECT_THAT(media_types(path), ElementsAre("text/calendar")) << path;
  }
}

TEST(OpenApiRealTest, InfoAndServersAreFilled) {
  json document = Document(RealRoutes());
  EXPECT_EQ(document["info"]["contact"]["name"], "jstedu programme office");
  EXPECT_FALSE(document["info"]["license"].value("name", "").empty());
  EXPECT_EQ(document["servers"][0]["url"], "/");
  const std::string description = document["info"]["description"];
  EXPECT_THAT(description, HasSubstr("64-bit integers (int64, uint64) are "
                                     "JSON strings"));
  EXPECT_THAT(description, HasSubstr("always present"));
  EXPECT_THAT(description, HasSubstr("Idempotency-Key"));
}

// Each operation lists the errors it can answer: the generic ones by what
// the route is, and those its RPC's (or request fields') comments name.
TEST(OpenApiRealTest, EachOperationListsItsOwnErrors) {
  json document = Document(RealRoutes());
  auto statuses = [&](const std::string& path, const std::string& method) {
    std::vector<std::string> out;
    for (auto& [status, response] :
         document["paths"][path][method]["responses"].items()) {
      out.push_back(status);
    }
    return out;
  };
  // Every role; a coordinator asking for another voivodeship is refused
  // (the voivodeship field's comment): 403.
  EXPECT_THAT(statuses("/v1/jsts", "get"),
              ElementsAre("200", "400", "401", "403", "429", "503", "default"));
  // ADMIN only, a JSON body, a POST: "Errors:" names nothing more.
  EXPECT_THAT(statuses("/v1/editions", "post"),
              ElementsAre("200", "400", "401", "403", "409", "413", "415",
                          "422", "429", "503", "default"));
  // Its comment names NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION.
  EXPECT_THAT(statuses("/v1/editions/{edition}/applications", "post"),
              IsSupersetOf({"403", "404", "409"}));
  // A calendar feed's secret address is its credential: no bearer token,
  // so no 401 or 403, and it says so.
  json& feed = document["paths"]["/v1/calendar-feeds/{token}.ics"]["get"];
  EXPECT_EQ(feed["security"], json::array());
  EXPECT_FALSE(feed["responses"].contains("401"));
  EXPECT_FALSE(feed["responses"].contains("403"));
  EXPECT_THAT(feed.value("description", ""), HasSubstr("no token"));
  // The Error body documents its details: BadRequest's field violations.
  json& schemas = document["components"]["schemas"];
  EXPECT_THAT(schemas["Error"]["properties"]["details"]["items"]["anyOf"],
              Contains(Ref("BadRequest")));
  EXPECT_EQ(schemas["BadRequest"]["properties"]["@type"]["enum"],
            json::array({"type.googleapis.com/google.rpc.BadRequest"}));
  EXPECT_EQ(schemas["BadRequest"]["properties"]["fieldViolations"]["items"],
            Ref("BadRequest.FieldViolation"));
  EXPECT_TRUE(
      schemas["BadRequest.FieldViolation"]["properties"].contains("field"));
}

// [(google.api.field_behavior) = ...] in the protos: REQUIRED → `required`
// (a query parameter's own `required`), OUTPUT_ONLY → `readOnly`,
// IMMUTABLE → said in the description.
TEST(OpenApiRealTest, FieldBehaviourGivesRequiredAndReadOnly) {
  json document = Document(RealRoutes());
  json& schemas = document["components"]["schemas"];
  json& edition = schemas["Edition"]["properties"];
  EXPECT_EQ(edition["qualifiedCount"]["readOnly"], true);
  EXPECT_EQ(edition["createTime"]["readOnly"], true);
  EXPECT_FALSE(edition["name"].contains("readOnly"));
  EXPECT_THAT(edition["code"]["description"].get<std::string>(),
              HasSubstr("Immutable: set when created, never changed."));
  EXPECT_EQ(schemas["Participant"]["properties"]["id"]["readOnly"], true);
  EXPECT_EQ(schemas["RejectApplicationRequest"]["required"],
            json::array({"reason"}));
  // What creating an edition or a participant refuses without is required
  // in the resource, and nothing in the body of its masked update, which
  // has the same properties.
  EXPECT_EQ(schemas["Edition"]["required"],
            json::array({"code", "name", "kind", "capacity",
                         "minRepresentatives", "startsOn", "endsOn",
                         "recruitmentOpensAt", "recruitmentClosesAt"}));
  EXPECT_EQ(schemas["Participant"]["required"],
            json::array({"firstName", "lastName", "targetGroup"}));
  for (const char* name : {"Edition", "Participant"}) {
    const json& update = schemas[std::string(name) + "Update"];
    EXPECT_FALSE(update.contains("required")) << name;
    EXPECT_EQ(update["properties"], schemas[name]["properties"]) << name;
    EXPECT_THAT(update["description"].get<std::string>(),
                HasSubstr("only the fields named in `updateMask` are read"));
  }
  EXPECT_EQ(schemas["SubmitApplicationRequest"]["required"],
            json::array({"teryt"}));
  // A whole-body request leaves out what its path carries.
  EXPECT_FALSE(
      schemas["SubmitApplicationRequest"]["properties"].contains("edition"));
  EXPECT_FALSE(schemas["ChooseAreaRequest"]["properties"].contains("case"));
  EXPECT_FALSE(
      schemas["CompleteActionRequest"]["properties"].contains("action"));
  EXPECT_TRUE(
      schemas["CompleteActionRequest"]["properties"].contains("doneOn"));
  json& indicators = document["paths"]["/v1/indicators"]["get"];
  EXPECT_EQ((*FindParameter(indicators, "edition", "query"))["required"], true);
  EXPECT_FALSE(
      FindParameter(indicators, "voivodeship", "query")->contains("required"));
}

// The marks of training, advisory and reporting: a create body requires
// what its service refuses without, and what the service assigns is
// readOnly; a field one of a message's methods takes without is not
// required (a sign-up approved without a reason).
// The services stamp every record's times; a client never sends them (and
// a generated client leaves a readOnly field out of its request types).
TEST(OpenApiRealTest, EveryCreateAndUpdateTimeIsReadOnly) {
  json document = Document(RealRoutes());
  for (auto& [name, schema] : document["components"]["schemas"].items()) {
    if (!schema.contains("properties")) continue;
    for (const char* time : {"createTime", "updateTime"}) {
      if (schema["properties"].contains(time)) {
        EXPECT_EQ(schema["properties"][time].value("readOnly", false), true)
            << name << "." << time;
      }
    }
  }
}

TEST(OpenApiRealTest, FieldBehaviourOfTrainingAdvisoryAndReporting) {
  json document = Document(RealRoutes());
  json& schemas = document["components"]["schemas"];
  auto expect_read_only = [&](const std::string& schema,
                              std::initializer_list<const char*> fields) {
    for (const char* field : fields) {
      EXPECT_EQ(schemas[schema]["properties"][field]["readOnly"], true)
          << schema << "." << field;
    }
  };
  // Training.
  EXPECT_EQ(
      schemas["Module"]["required"],
      json::array({"number", "title", "venue", "didacticHours", "rooms"}));
  expect_read_only("Module", {"id", "edition", "startTime", "endTime",
                              "signupDeadline", "createTime", "updateTime"});
  EXPECT_FALSE(
      schemas["Module"]["properties"]["startsLocal"].contains("readOnly"));
  EXPECT_EQ(schemas["Room"]["required"],
            json::array({"id", "name", "capacity"}));
  EXPECT_EQ(schemas["Session"]["required"],
            json::array({"startsLocal", "thematicArea", "room", "trainer"}));
  expect_read_only("Session",
                   {"id", "module", "startTime", "endTime", "endsLocal"});
  expect_read_only("TrainingSettings", {"updateTime", "editionEndsOn"});
  expect_read_only("Task", {"id", "status", "overdue", "updateTime"});
  expect_read_only("Signup", {"id", "status", "decidedBy", "requestTime"});
  expect_read_only("CalendarFeed", {"id", "createdBy", "subscriptionPath"});
  EXPECT_FALSE(schemas["DecideSignupRequest"].contains("required"));
  EXPECT_FALSE(schemas["ReviewTaskRequest"].contains("required"));
  EXPECT_EQ(schemas["CreateTaskRequest"]["required"], json::array({"title"}));
  // Advisory.
  EXPECT_EQ(schemas["Activity"]["required"],
            json::array({"kind", "occurredOn", "form", "participants"}));
  expect_read_only("Activity", {"id", "case", "recordedBy", "recordedTime"});
  expect_read_only("Case", {"id", "stage", "version", "openedTime", "overdue"});
  EXPECT_EQ(schemas["Expert"]["required"],
            json::array({"subject", "displayName", "speciality", "voivodeships",
                         "maxCaseload"}));
  expect_read_only("Expert", {"id", "active", "openCases"});
  EXPECT_EQ(schemas["DropActionRequest"]["required"],
            json::array({"expectedVersion", "reason"}));
  // Reporting.
  EXPECT_EQ(schemas["CreateExportRequest"]["required"],
            json::array({"kind", "purpose"}));
  expect_read_only("Export", {"id", "edition", "number", "kind", "createTime",
                              "sha256", "submitted"});
  json& progress = document["paths"]["/v1/progress"]["get"];
  EXPECT_EQ((*FindParameter(progress, "edition", "query"))["required"], true);
}

// ---- The gateway's test service (gateway/test_protos.h) ----

class OpenApiItemsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::BuildItemRoutes(&routes_);
    document_ = Document(*routes_.table);
  }
  json& Operation(const std::string& path, const std::string& method) {
    EXPECT_TRUE(document_["paths"].contains(path)) << path;
    return document_["paths"][path][method];
  }

  testing::ItemRoutes routes_;
  json document_;
};

TEST_F(OpenApiItemsTest, EveryRouteOncePerMethod) {
  ExpectEveryRouteOnce(*routes_.table, document_);
  std::set<std::string> ids;
  for (const auto& [path, item] : document_["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      ids.insert(operation["operationId"].get<std::string>());
    }
  }
  EXPECT_THAT(ids, Not(Contains("ItemService_NotExposed")));
}

TEST_F(OpenApiItemsTest, BodyStarTakesTheWholeRequestAndNoQuery) {
  json& create = Operation("/v1/items", "post");
  EXPECT_EQ(create["operationId"], "ItemService_CreateItem");
  EXPECT_EQ(create["requestBody"]["content"]["application/json"]["schema"],
            Ref("Req"));
  // No query parameter: only the POST's Idempotency-Key header.
  EXPECT_EQ(
      create["parameters"],
      json::parse(R"([{"$ref": "#/components/parameters/IdempotencyKey"}])"));
}

TEST_F(OpenApiItemsTest, CustomVerbIsKeptLiterally) {
  json& approve = Operation("/v1/items/{id}:approve", "post");
  EXPECT_EQ(approve["operationId"], "ItemService_ApproveItem");
  EXPECT_THAT(ParameterNames(approve, "path"), ElementsAre("id"));
  EXPECT_THAT(ParameterNames(approve, "query"), ::testing::IsEmpty());
  EXPECT_EQ(approve["requestBody"]["content"]["application/json"]["schema"],
            Ref("Req"));
}

TEST_F(OpenApiItemsTest, BodyFieldAndAdditionalBinding) {
  json& patch = Operation("/v1/items/{id}", "patch");
  EXPECT_EQ(patch["operationId"], "ItemService_UpdateSub");
  EXPECT_EQ(patch["requestBody"]["content"]["application/json"]["schema"],
            Ref("Sub"));
  // Neither the path's id nor the body's sub: the rest, from the query.
  EXPECT_THAT(ParameterNames(patch, "query"),
              ElementsAre("tags", "pageSize", "flag", "blob"));
  json* tags = FindParameter(patch, "tags", "query");
  ASSERT_NE(tags, nullptr);
  EXPECT_EQ((*tags)["schema"],
            (json{{"type", "array"}, {"items", {{"type", "string"}}}}));
  EXPECT_EQ((*tags)["style"], "form");
  EXPECT_EQ((*tags)["explode"], true);
  EXPECT_EQ((*FindParameter(patch, "blob", "query"))["schema"],
            (json{{"type", "string"}, {"format", "byte"}}));
  EXPECT_EQ((*FindParameter(patch, "flag", "query"))["schema"],
            (json{{"type", "boolean"}}));

  json& put = Operation("/v1/items/{id}/sub", "put");
  EXPECT_EQ(put["operationId"], "ItemService_UpdateSub_2");
  EXPECT_EQ(put["requestBody"], patch["requestBody"]);

  // GET on the same template is another operation of the same path item.
  json& get = Operation("/v1/items/{id}", "get");
  EXPECT_EQ(get["operationId"], "ItemService_GetItem");
  EXPECT_THAT(
      ParameterNames(get, "query"),
      ElementsAre("sub.id", "sub.note", "tags", "pageSize", "flag", "blob"));
}

TEST_F(OpenApiItemsTest, LiteralRouteTakesEveryFieldFromTheQuery) {
  json& special = Operation("/v1/items/special", "get");
  EXPECT_THAT(ParameterNames(special, "query"),
              ElementsAre("id", "sub.id", "sub.note", "tags", "pageSize",
                          "flag", "blob"));
  EXPECT_FALSE(special.contains("requestBody"));
}

TEST_F(OpenApiItemsTest, MultiSegmentAndNestedVariables) {
  json& book = Operation("/v1/{id}/books/{sub.id}", "get");
  EXPECT_THAT(ParameterNames(book, "path"), ElementsAre("id", "sub.id"));
  json* id = FindParameter(book, "id", "path");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ((*id)["required"], true);
  EXPECT_EQ((*id)["schema"],
            (json{{"type", "string"}, {"pattern", "^shelves/[^/]+$"}}));
  EXPECT_EQ((*FindParameter(book, "sub.id", "path"))["schema"],
            (json{{"type", "string"}}));
  // sub.id is bound by the path; sub.note still comes from the query.
  EXPECT_THAT(ParameterNames(book, "query"),
              ElementsAre("sub.note", "tags", "pageSize", "flag", "blob"));

  json& file = Operation("/v1/files/{id}", "delete");
  EXPECT_EQ(file["operationId"], "ItemService_GetFile");
  EXPECT_EQ((*FindParameter(file, "id", "path"))["schema"]["pattern"], "^.*$");
}

TEST_F(OpenApiItemsTest, SuffixStaysInThePathAfterItsVariable) {
  // Its own path item, apart from GET /v1/items/{id} (another shape).
  json& calendar = Operation("/v1/items/{id}.ics", "get");
  EXPECT_EQ(calendar["operationId"], "ItemService_GetItemCalendar");
  EXPECT_THAT(ParameterNames(calendar, "path"), ElementsAre("id"));
  // The value alone, no pattern: the suffix is the path's.
  EXPECT_EQ((*FindParameter(calendar, "id", "path"))["schema"],
            (json{{"type", "string"}}));
  EXPECT_THAT(
      ParameterNames(calendar, "query"),
      ElementsAre("sub.id", "sub.note", "tags", "pageSize", "flag", "blob"));
  EXPECT_EQ(Operation("/v1/items/{id}", "get")["operationId"],
            "ItemService_GetItem");

  json& page = Operation("/v1/items/{id}/pages/{page_size}.ics", "get");
  EXPECT_THAT(ParameterNames(page, "path"), ElementsAre("id", "page_size"));
  EXPECT_EQ((*FindParameter(page, "page_size", "path"))["schema"],
            (json{{"type", "integer"}, {"format", "int32"}}));
}

TEST_F(OpenApiItemsTest, RawResponseIsABinaryBodyOfAnyMediaType) {
  for (const char* path :
       {"/v1/items/{id}.ics", "/v1/items/{id}/pages/{page_size}.ics"}) {
    json& responses = Operation(path, "get")["responses"];
    EXPECT_EQ(
        responses["200"]["content"],
        (json{
            {"*/*", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}))
        << path;
    EXPECT_THAT(responses["200"]["description"].get<std::string>(),
                ::testing::HasSubstr("not JSON"));
    // Errors are the usual JSON ones.
    EXPECT_EQ(responses["404"],
              (json{{"$ref", "#/components/responses/NotFound"}}));
    EXPECT_EQ(responses["default"],
              (json{{"$ref", "#/components/responses/Error"}}));
  }
  // The HttpBody message is never JSON, so it has no schema.
  json& schemas = document_["components"]["schemas"];
  for (const auto& [name, schema] : schemas.items()) {
    EXPECT_EQ(name.find("HttpBody"), std::string::npos) << name;
  }
  EXPECT_EQ(Operation("/v1/items/{id}", "get")["responses"]["200"]["content"],
            (json{{"application/json", {{"schema", Ref("Sub")}}}}));
}

TEST_F(OpenApiItemsTest, MessageSchemas) {
  json& schemas = document_["components"]["schemas"];
  EXPECT_EQ(schemas["Sub"]["properties"],
            json::parse(R"({"id": {"type": "string"},
                            "note": {"type": "string"}})"));
  json& req = schemas["Req"]["properties"];
  EXPECT_EQ(req["sub"], Ref("Sub"));
  EXPECT_EQ(req["tags"],
            (json{{"type", "array"}, {"items", {{"type", "string"}}}}));
  EXPECT_EQ(req["pageSize"], (json{{"type", "integer"}, {"format", "int32"}}));
  EXPECT_EQ(req["blob"], (json{{"type", "string"}, {"format", "byte"}}));
  EXPECT_THAT(document_["tags"], Contains(json{{"name", "ItemService"}}));
}

// ---- Well-known types, maps, recursion, comments, name clashes ----

constexpr char kTypesFile[] = R"pb(
  name: "gateway_test/types.proto"
  package: "gwtypes"
  syntax: "proto3"
  dependency: "google/protobuf/any.proto"
  dependency: "google/protobuf/duration.proto"
  dependency: "google/protobuf/empty.proto"
  dependency: "google/protobuf/field_mask.proto"
  dependency: "google/protobuf/struct.proto"
  dependency: "google/protobuf/timestamp.proto"
  dependency: "google/protobuf/wrappers.proto"
  enum_type {
    name: "Color"
    value { name: "COLOR_UNSPECIFIED" number: 0 }
    value { name: "RED" number: 1 }
  }
  message_type {
    name: "Node"
    field { name: "id" number: 1 type: TYPE_INT64 label: LABEL_OPTIONAL }
    field { name: "big" number: 2 type: TYPE_UINT64 label: LABEL_OPTIONAL }
    field { name: "ratio" number: 3 type: TYPE_DOUBLE label: LABEL_OPTIONAL }
    field {
      name: "children"
      number: 4
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".gwtypes.Node"
    }
    field {
      name: "labels"
      number: 5
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".gwtypes.Node.LabelsEntry"
    }
    field {
      name: "created_at"
      number: 6
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Timestamp"
    }
    field {
      name: "ttl"
      number: 7
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Duration"
    }
    field {
      name: "nickname"
      number: 8
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.StringValue"
    }
    field {
      name: "attrs"
      number: 9
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Struct"
    }
    field {
      name: "extra"
      number: 10
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Any"
    }
    field {
      name: "mask"
      number: 11
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.FieldMask"
    }
    field {
      name: "color"
      number: 12
      label: LABEL_OPTIONAL
      type: TYPE_ENUM
      type_name: ".gwtypes.Color"
    }
    field { name: "count" number: 13 type: TYPE_UINT32 label: LABEL_OPTIONAL }
    field {
      name: "anything"
      number: 14
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Value"
    }
    field {
      name: "big_count"
      number: 15
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Int64Value"
    }
    field {
      name: "inner"
      number: 16
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".gwtypes.Node.Inner"
    }
    nested_type {
      name: "LabelsEntry"
      field { name: "key" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
      field {
        name: "value"
        number: 2
        label: LABEL_OPTIONAL
        type: TYPE_MESSAGE
        type_name: ".gwtypes.Node.Inner"
      }
      options { map_entry: true }
    }
    nested_type {
      name: "Inner"
      field { name: "note" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
    }
  }
  message_type {
    name: "Error"
    field { name: "reason" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
  }
  message_type {
    name: "NodeQuery"
    field { name: "id" number: 1 type: TYPE_INT64 label: LABEL_OPTIONAL }
    field {
      name: "since"
      number: 2
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Timestamp"
    }
    field {
      name: "filter"
      number: 3
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".gwtypes.Node"
    }
    field {
      name: "colors"
      number: 4
      label: LABEL_REPEATED
      type: TYPE_ENUM
      type_name: ".gwtypes.Color"
      options { deprecated: true }
    }
    field {
      name: "nodes"
      number: 5
      label: LABEL_REPEATED
      type: TYPE_MESSAGE
      type_name: ".gwtypes.Node"
    }
    field {
      name: "attrs"
      number: 6
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Struct"
    }
    field {
      name: "min_size"
      number: 7
      label: LABEL_OPTIONAL
      type: TYPE_MESSAGE
      type_name: ".google.protobuf.Int32Value"
    }
  }
  service {
    name: "TypeService"
    method {
      name: "GetNode"
      input_type: ".gwtypes.NodeQuery"
      output_type: ".gwtypes.Node"
      options {
        [google.api.http] { get: "/v1/nodes/{id}" }
      }
    }
    method {
      name: "DeleteNode"
      input_type: ".gwtypes.NodeQuery"
      output_type: ".google.protobuf.Empty"
      options {
        deprecated: true
        [google.api.http] { delete: "/v1/nodes/{id}" }
      }
    }
    method {
      name: "Fail"
      input_type: ".gwtypes.Node"
      output_type: ".gwtypes.Error"
      options {
        [google.api.http] { post: "/v1/nodes:fail" body: "*" }
      }
    }
    method {
      name: "Wild"
      input_type: ".gwtypes.NodeQuery"
      output_type: ".gwtypes.Node"
      options {
        [google.api.http] { get: "/v1/any/*/x/{id}/**" }
      }
    }
    method {
      name: "SetColors"
      input_type: ".gwtypes.NodeQuery"
      output_type: ".gwtypes.Node"
      options {
        [google.api.http] { put: "/v1/nodes/{id}/colors" body: "colors" }
      }
    }
  }
  source_code_info {
    location {
      path: [ 6, 0 ]
      span: [ 1, 0, 2 ]
      leading_comments: " Nodes and their types.\n"
    }
    location {
      path: [ 6, 0, 2, 0 ]
      span: [ 3, 0, 4 ]
      leading_comments: " Gets a node by id. It may\n be cached.\n\n Errors: NOT_FOUND.\n"
    }
    location {
      path: [ 4, 0 ]
      span: [ 5, 0, 6 ]
      leading_comments: " A tree node.\n"
    }
    location {
      path: [ 4, 0, 2, 0 ]
      span: [ 7, 0, 8 ]
      leading_comments: " The node's id.\n"
    }
    location {
      path: [ 4, 0, 2, 15 ]
      span: [ 9, 0, 10 ]
      trailing_comments: " Details.\n"
    }
    location {
      path: [ 5, 0, 2, 1 ]
      span: [ 11, 0, 12 ]
      leading_comments: " The colour red.\n"
    }
  }
)pb";

// A pool with the well-known types (copied from the generated pool) and
// kTypesFile.
std::unique_ptr<google::protobuf::DescriptorPool> BuildTypesPool() {
  auto pool = std::make_unique<google::protobuf::DescriptorPool>();
  for (const google::protobuf::FileDescriptor* file :
       {google::protobuf::Any::descriptor()->file(),
        google::protobuf::Duration::descriptor()->file(),
        google::protobuf::Empty::descriptor()->file(),
        google::protobuf::FieldMask::descriptor()->file(),
        google::protobuf::Struct::descriptor()->file(),
        google::protobuf::Timestamp::descriptor()->file(),
        google::protobuf::Int32Value::descriptor()->file()}) {
    google::protobuf::FileDescriptorProto proto;
    file->CopyTo(&proto);
    if (pool->BuildFile(proto) == nullptr) return nullptr;
  }
  google::protobuf::FileDescriptorProto proto;
  if (!google::protobuf::TextFormat::ParseFromString(kTypesFile, &proto)) {
    return nullptr;
  }
  if (pool->BuildFile(proto) == nullptr) return nullptr;
  return pool;
}

class OpenApiTypesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pool_ = BuildTypesPool();
    ASSERT_NE(pool_, nullptr);
    auto table = RouteTable::FromServices(
        {pool_->FindServiceByName("gwtypes.TypeService")});
    ASSERT_TRUE(table.ok()) << table.status();
    table_ = std::make_unique<RouteTable>(*std::move(table));
    document_ = Document(*table_);
  }

  std::unique_ptr<google::protobuf::DescriptorPool> pool_;
  std::unique_ptr<RouteTable> table_;
  json document_;
};

TEST_F(OpenApiTypesTest, ScalarsAndWellKnownTypes) {
  json& node = document_["components"]["schemas"]["Node"]["properties"];
  EXPECT_EQ(node["big"]["type"], "string");
  EXPECT_EQ(node["big"]["format"], "uint64");
  EXPECT_THAT(node["big"]["description"].get<std::string>(),
              HasSubstr("JSON string"));
  EXPECT_EQ(node["ratio"], (json{{"type", "number"}, {"format", "double"}}));
  EXPECT_EQ(node["count"]["type"], "integer");
  EXPECT_EQ(node["count"]["minimum"], 0);
  EXPECT_EQ(node["createdAt"],
            (json{{"type", "string"}, {"format", "date-time"}}));
  EXPECT_EQ(node["ttl"]["type"], "string");
  EXPECT_EQ(node["nickname"], (json{{"type", "string"}, {"nullable", true}}));
  EXPECT_EQ(node["attrs"],
            (json{{"type", "object"}, {"additionalProperties", true}}));
  EXPECT_EQ(node["extra"]["type"], "object");
  EXPECT_EQ(node["extra"]["properties"]["@type"], (json{{"type", "string"}}));
  EXPECT_EQ(node["mask"], (json{{"type", "string"}}));
  EXPECT_EQ(node["anything"], json::object());
  EXPECT_EQ(node["color"]["enum"], (json{"COLOR_UNSPECIFIED", "RED"}));
  EXPECT_EQ(node["color"]["description"], "- RED: The colour red.");
  EXPECT_EQ(document_["paths"]["/v1/nodes/{id}"]["delete"]["responses"]["200"]
                     ["content"]["application/json"]["schema"],
            (json{{"type", "object"}}));
}

TEST_F(OpenApiTypesTest, MapsRecursionAndNestedNames) {
  json& schemas = document_["components"]["schemas"];
  json& node = schemas["Node"]["properties"];
  EXPECT_EQ(node["children"],
            (json{{"type", "array"}, {"items", Ref("Node")}}));
  EXPECT_EQ(
      node["labels"],
      (json{{"type", "object"}, {"additionalProperties", Ref("Node.Inner")}}));
  EXPECT_TRUE(schemas.contains("Node.Inner"));
  EXPECT_FALSE(schemas.contains("Node.LabelsEntry"));
  EXPECT_FALSE(schemas.contains("Timestamp"));
}

// The console builds its menu from this list (console/README.md): it must
// say what AccessTable() says, for every operation with a token.
TEST(OpenApiRealTest, OperationsListTheirRolesForPrograms) {
  json document = Document(RealRoutes());
  for (auto& [path, item] : document["paths"].items()) {
    if (kPublicPaths.count(path) > 0) continue;
    for (auto& [method, operation] : item.items()) {
      EXPECT_TRUE(operation[kRolesExtension].is_array())
          << method << " " << path;
    }
  }
  EXPECT_EQ(
      document["paths"]["/v1/jsts"]["get"][kRolesExtension],
      (json{"ADMIN", "COORDINATOR", "EXPERT", "TRAINER", "JST", "MINISTRY"}));
  EXPECT_EQ(document["paths"]["/v1/editions"]["post"][kRolesExtension],
            (json{"ADMIN"}));
}

TEST_F(OpenApiTypesTest, ClashingNamesAreQualified) {
  json& schemas = document_["components"]["schemas"];
  EXPECT_TRUE(schemas.contains("gwtypes.Error"));
  EXPECT_EQ(schemas["Error"]["required"], (json{"code", "message", "details"}));
  EXPECT_EQ(document_["paths"]["/v1/nodes:fail"]["post"]["responses"]["200"]
                     ["content"]["application/json"]["schema"],
            Ref("gwtypes.Error"));
}

TEST_F(OpenApiTypesTest, CommentsWhenSourceInfoIsPresent) {
  json& get = document_["paths"]["/v1/nodes/{id}"]["get"];
  EXPECT_EQ(get["summary"], "Get node.");
  EXPECT_EQ(get["description"],
            "Gets a node by id. It may\nbe cached.\n\nErrors: NOT_FOUND.\n\n"
            "**Roles:** none; the gateway refuses it to every caller (403).");
  json& node = document_["components"]["schemas"]["Node"];
  EXPECT_EQ(node["description"], "A tree node.");
  EXPECT_EQ(node["properties"]["id"]["type"], "string");
  EXPECT_EQ(node["properties"]["id"]["format"], "int64");
  EXPECT_THAT(node["properties"]["id"]["description"].get<std::string>(),
              ::testing::StartsWith("The node's id.\n\nA 64-bit integer as a "
                                    "JSON string"));
  EXPECT_EQ(node["properties"]["inner"],
            (json{{"allOf", json::array({Ref("Node.Inner")})},
                  {"description", "Details."}}));
  EXPECT_THAT(document_["tags"],
              Contains(json{{"name", "TypeService"},
                            {"description", "Nodes and their types."}}));
  EXPECT_EQ(document_["paths"]["/v1/nodes/{id}"]["delete"]["summary"],
            "Delete node.");
}

// docs/api.md: a deprecation is marked in the proto and shown so.
TEST_F(OpenApiTypesTest, DeprecatedInTheProtoIsDeprecatedInTheDocument) {
  json& item = document_["paths"]["/v1/nodes/{id}"];
  EXPECT_EQ(item["delete"]["deprecated"], true);
  EXPECT_FALSE(item["get"].contains("deprecated"));
  json* colors = FindParameter(item["get"], "colors", "query");
  ASSERT_NE(colors, nullptr);
  EXPECT_EQ((*colors)["deprecated"], true);
  EXPECT_FALSE(
      FindParameter(item["get"], "since", "query")->contains("deprecated"));
}

TEST_F(OpenApiTypesTest, QueryParametersOfMessagesAndWellKnownTypes) {
  json& get = document_["paths"]["/v1/nodes/{id}"]["get"];
  // filter: its scalar leaves one level deep; nodes (repeated messages),
  // attrs (Struct) and maps have no text form.
  EXPECT_THAT(ParameterNames(get, "query"),
              ElementsAre("since", "filter.id", "filter.big", "filter.ratio",
                          "filter.createdAt", "filter.ttl", "filter.nickname",
                          "filter.mask", "filter.color", "filter.count",
                          "filter.bigCount", "colors", "minSize"));
  EXPECT_EQ((*FindParameter(get, "since", "query"))["schema"],
            (json{{"type", "string"}, {"format", "date-time"}}));
  EXPECT_EQ((*FindParameter(get, "minSize", "query"))["schema"],
            (json{{"type", "integer"}, {"format", "int32"}}));
  json* colors = FindParameter(get, "colors", "query");
  ASSERT_NE(colors, nullptr);
  EXPECT_EQ((*colors)["schema"]["type"], "array");
  EXPECT_EQ((*colors)["schema"]["items"]["enum"],
            (json{"COLOR_UNSPECIFIED", "RED"}));
  EXPECT_EQ((*colors)["explode"], true);
  json& id = (*FindParameter(get, "id", "path"))["schema"];
  EXPECT_EQ(id["type"], "string");
  EXPECT_EQ(id["format"], "int64");
}

TEST_F(OpenApiTypesTest, RepeatedBodyFieldAndWildcards) {
  json& colors = document_["paths"]["/v1/nodes/{id}/colors"]["put"];
  EXPECT_EQ(
      colors["requestBody"]["content"]["application/json"]["schema"]["type"],
      "array");
  EXPECT_THAT(ParameterNames(colors, "query"), Not(Contains("colors")));

  ASSERT_TRUE(
      document_["paths"].contains("/v1/any/{segment-3}/x/{id}/{segment-6}"));
  json& wild =
      document_["paths"]["/v1/any/{segment-3}/x/{id}/{segment-6}"]["get"];
  EXPECT_THAT(ParameterNames(wild, "path"),
              ElementsAre("id", "segment-3", "segment-6"));
}

// For tests/openapi/check.sh: with JSTEDU_OPENAPI_SAMPLES_DIR set, writes
// the documents of the test services there, so the OpenAPI validator also
// sees bodies, custom verbs, wildcards and well-known types.
TEST(OpenApiSamples, WriteForTheValidator) {
  const char* dir = std::getenv("JSTEDU_OPENAPI_SAMPLES_DIR");
  if (dir == nullptr || *dir == '\0') {
    GTEST_SKIP() << "JSTEDU_OPENAPI_SAMPLES_DIR not set";
  }
  testing::ItemRoutes items;
  testing::BuildItemRoutes(&items);
  auto pool = BuildTypesPool();
  ASSERT_NE(pool, nullptr);
  auto types = RouteTable::FromServices(
      {pool->FindServiceByName("gwtypes.TypeService")});
  ASSERT_TRUE(types.ok()) << types.status();
  const std::pair<const char*, const RouteTable*> samples[] = {
      {"items.json", items.table.get()}, {"types.json", &*types}};
  for (const auto& [name, table] : samples) {
    std::ofstream out(std::string(dir) + "/" + name);
    out << OpenApiDocument(*table, OpenApiInfo{});
    ASSERT_TRUE(out.good()) << name;
  }
}

}  // namespace
}  // namespace jstedu::gateway
