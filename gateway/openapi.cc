#include "gateway/openapi.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "gateway/access_policy.h"
#include "gateway/api_comments.h"
#include "gateway/idempotency.h"
#include "gateway/transcoder.h"
#include "google/api/field_behavior.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/rpc/error_details.pb.h"
#include "jstedu/api/v1/http_body.pb.h"
#include "jstedu/api/v1/text.pb.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;
using google::protobuf::SourceLocation;
using json = nlohmann::json;
using FieldPath = std::vector<const FieldDescriptor*>;
using SegmentKind = PathTemplate::SegmentKind;

constexpr char kJson[] = "application/json";
constexpr char kErrorSchema[] = "Error";
constexpr char kHealthSchema[] = "Health";
constexpr char kReadinessSchema[] = "Readiness";
constexpr char kGatewayTag[] = "Gateway";

// What every answer's JSON looks like (gateway/transcoder.h, MessageToJson),
// said once in `info.description`.
constexpr char kAnswersDescription[] =
    "Answers follow protobuf's JSON mapping with lowerCamelCase names. Every "
    "field that is not a message, not `optional` and not in a oneof is "
    "always present in an answer, also when it holds its zero value: 0, "
    "\"0\" for 64-bit integers, \"\", false, the enum's first value, [] "
    "or {}. 64-bit integers (int64, uint64) are JSON strings of decimal "
    "digits (`type: string`, `format: int64` or `uint64`), so no figure "
    "loses precision in JavaScript. A message field (a timestamp among "
    "them) and an `optional` field are absent when not set: an export "
    "never submitted has no `submitTime`. A date without a time is a "
    "string \"YYYY-MM-DD\" (`format: date`); a date that is not known "
    "(the due day of a closed case's stage, the end of a participation "
    "that goes on) is an `optional` field, absent, never \"\".\n\n"
    "Errors answer a JSON body {code, message, details} (the Error schema); "
    "each operation lists the statuses it can answer, and `default` stands "
    "for any other (a 500 or 504 among them). A BadRequest detail names "
    "each field by its JSON path in the request message: where the body "
    "is one field of the request (a participant, an institution), the "
    "path begins with that field's name, e.g. `participant.pesel`, as in "
    "Google's APIs. A write (POST, PUT, PATCH) may carry an "
    "Idempotency-Key header to be retried safely.";
constexpr char kInt64Description[] =
    "A 64-bit integer as a JSON string of decimal digits, e.g. \"0\" or "
    "\"-12\" (protobuf's JSON mapping).";
constexpr char kUint64Description[] =
    "An unsigned 64-bit integer as a JSON string of decimal digits, e.g. "
    "\"0\" (protobuf's JSON mapping).";

// The error responses an operation may list (ErrorStatuses says which),
// besides `default`.
struct ErrorResponse {
  const char* status;
  const char* name;  // components/responses key
  const char* description;
};
constexpr ErrorResponse kErrorResponses[] = {
    {"400", "BadRequest",
     "A malformed HTTP request, path value, query parameter or body, or the "
     "service's INVALID_ARGUMENT or OUT_OF_RANGE; a BadRequest detail names "
     "each invalid field."},
    {"401", "Unauthenticated", "No valid bearer token (UNAUTHENTICATED)."},
    {"403", "PermissionDenied", "PERMISSION_DENIED."},
    {"404", "NotFound", "No such route or object (NOT_FOUND)."},
    {"409", "Conflict",
     "ALREADY_EXISTS, ABORTED, or FAILED_PRECONDITION (a rule not met, named "
     "in a PreconditionFailure detail), or a request with the same "
     "Idempotency-Key is still in flight."},
    {"413", "PayloadTooLarge", "The request body is above the limit."},
    {"415", "UnsupportedMediaType",
     "The request body is not application/json (on a route with a raw body: "
     "not text/csv, or a charset other than utf-8)."},
    {"422", "UnprocessableEntity",
     "The Idempotency-Key was used before with a different body."},
    {"429", "TooManyRequests", "RESOURCE_EXHAUSTED, e.g. a rate limit."},
    {"503", "Unavailable", "A service is unavailable (UNAVAILABLE)."},
};
constexpr char kDefaultResponse[] = "Error";
constexpr char kIdempotencyKeyParameter[] = "IdempotencyKey";

// The google.rpc detail messages the services put in an error's `details`.
std::vector<const Descriptor*> ErrorDetailTypes() {
  return {google::rpc::BadRequest::descriptor(),
          google::rpc::PreconditionFailure::descriptor(),
          google::rpc::ErrorInfo::descriptor(),
          google::rpc::ResourceInfo::descriptor()};
}

const std::set<std::string>& OpenApiMethods() {
  static const auto* const kMethods = new std::set<std::string>{
      "get", "put", "post", "delete", "options", "head", "patch", "trace"};
  return *kMethods;
}

// ---- Proto comments ----
//
// A descriptor's own SourceLocation when its pool has source info (the
// tests' pools), else that of its namesake in ApiCommentPool() (the
// services' protos compiled with --include_source_info; api_comments.h).

// Drops the space protoc leaves after "//", trailing blanks, section
// headings ("// ---- editions", which sit right above a declaration and so
// read as its comment) and blank leading/trailing lines.
std::string CleanComment(const std::string& raw) {
  std::vector<std::string> lines;
  for (absl::string_view piece : absl::StrSplit(raw, '\n')) {
    std::string line(piece);
    if (!line.empty() && line[0] == ' ') line.erase(0, 1);
    absl::StripTrailingAsciiWhitespace(&line);
    if (absl::StartsWith(line, "----")) continue;
    lines.push_back(std::move(line));
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  size_t first = 0;
  while (first < lines.size() && lines[first].empty()) ++first;
  return absl::StrJoin(lines.begin() + first, lines.end(), "\n");
}

const Descriptor* Namesake(const Descriptor& d) {
  return ApiCommentPool().FindMessageTypeByName(d.full_name());
}
const FieldDescriptor* Namesake(const FieldDescriptor& d) {
  return d.is_extension() ? ApiCommentPool().FindExtensionByName(d.full_name())
                          : ApiCommentPool().FindFieldByName(d.full_name());
}
const EnumDescriptor* Namesake(const EnumDescriptor& d) {
  return ApiCommentPool().FindEnumTypeByName(d.full_name());
}
const EnumValueDescriptor* Namesake(const EnumValueDescriptor& d) {
  return ApiCommentPool().FindEnumValueByName(d.full_name());
}
const MethodDescriptor* Namesake(const MethodDescriptor& d) {
  return ApiCommentPool().FindMethodByName(d.full_name());
}
const ServiceDescriptor* Namesake(const ServiceDescriptor& d) {
  return ApiCommentPool().FindServiceByName(d.full_name());
}

template <typename DescriptorT>
std::string CommentOf(const DescriptorT& descriptor) {
  SourceLocation location;
  if (!descriptor.GetSourceLocation(&location)) {
    const DescriptorT* namesake = Namesake(descriptor);
    if (namesake == nullptr || !namesake->GetSourceLocation(&location)) {
      return "";
    }
  }
  return CleanComment(location.leading_comments.empty()
                          ? location.trailing_comments
                          : location.leading_comments);
}

// What a string field of one of these JSON names means wherever it is
// not commented: the API's shared vocabulary of references to other
// objects and of paging. A field's own proto comment always wins.
const std::map<std::string, std::string>& CommonFieldDescriptions() {
  static const auto* const kDescriptions =
      new std::map<std::string, std::string>{
          {"application", "The application's id."},
          {"applicationId", "The application's id."},
          {"case", "The advisory case's id."},
          {"edition", "The edition's code."},
          {"expert", "The expert's id."},
          {"export", "The export's id."},
          {"module", "The training module's id."},
          {"nextPageToken",
           "The `pageToken` that reads the next page; empty on the last page."},
          {"pageToken",
           "The `nextPageToken` of the previous page, with the same other "
           "parameters; empty for the first page."},
          {"participant", "The participant's id."},
          {"participantId", "The participant's id."},
          {"session", "The training session's id."},
          {"task", "The implementation task's id."},
          {"teryt", "The JST's TERYT code."},
          {"voivodeship", "The two-digit voivodeship code."},
      };
  return *kDescriptions;
}

// The field's comment, else the shared meaning of its name (string fields).
std::string FieldComment(const FieldDescriptor& field) {
  std::string comment = CommentOf(field);
  if (!comment.empty() || field.type() != FieldDescriptor::TYPE_STRING) {
    return comment;
  }
  const auto& common = CommonFieldDescriptions();
  const auto it = common.find(field.json_name());
  return it == common.end() ? "" : it->second;
}

// The comment above the file's `package` statement (what the file is
// about), from the file's own source info or its namesake's.
std::string FileComment(const google::protobuf::FileDescriptor& file) {
  static const std::vector<int> kPackage = {
      google::protobuf::FileDescriptorProto::kPackageFieldNumber};
  SourceLocation location;
  if (!file.GetSourceLocation(kPackage, &location)) {
    const auto* namesake = ApiCommentPool().FindFileByName(file.name());
    if (namesake == nullptr ||
        !namesake->GetSourceLocation(kPackage, &location)) {
      return "";
    }
  }
  std::vector<std::string> paragraphs = location.leading_detached_comments;
  paragraphs.push_back(location.leading_comments);
  std::vector<std::string> cleaned;
  for (const std::string& paragraph : paragraphs) {
    if (std::string text = CleanComment(paragraph); !text.empty()) {
      cleaned.push_back(std::move(text));
    }
  }
  return absl::StrJoin(cleaned, "\n\n");
}

// Whether `field` is marked [(google.api.field_behavior) = behavior].
bool HasBehavior(const FieldDescriptor& field,
                 google::api::FieldBehavior behavior) {
  const auto& options = field.options();
  for (int i = 0; i < options.ExtensionSize(google::api::field_behavior); ++i) {
    if (options.GetExtension(google::api::field_behavior, i) == behavior) {
      return true;
    }
  }
  return false;
}

constexpr char kImmutableNote[] = "Immutable: set when created, never changed.";

void SetDescription(json& object, const std::string& description) {
  if (!description.empty()) object["description"] = description;
}

// The operation's title in the reference's menu and search: its RPC's name
// in words, "CreateEdition" → "Create edition.", "ListJsts" → "List JSTs."
// (the domain's one acronym kept). Not the comment's first sentence: many
// say what the call does ("SUBMITTED or WAITLISTED → REJECTED.") but not
// which call it is; the description holds the whole comment.
std::string Summary(const MethodDescriptor& method) {
  std::vector<std::string> words;
  for (char c : method.name()) {
    if (absl::ascii_isupper(c) || words.empty()) words.emplace_back();
    words.back() += words.size() == 1 ? c : absl::ascii_tolower(c);
  }
  for (std::string& word : words) {
    if (word == "jst" || word == "jsts") {
      word.replace(0, 3, "JST");
    }
  }
  return absl::StrCat(absl::StrJoin(words, " "), ".");
}

// The roles AccessTable() allows `method`, by their names in
// jstedu.auth.v1.Role, in its order.
std::vector<std::string> AllowedRoles(const MethodDescriptor& method) {
  std::vector<std::string> roles;
  const EnumDescriptor* role_enum = auth::v1::Role_descriptor();
  for (int i = 0; i < role_enum->value_count(); ++i) {
    const auto role =
        static_cast<auth::v1::Role>(role_enum->value(i)->number());
    if (role != auth::v1::ROLE_UNSPECIFIED &&
        Allowed(method.full_name(), role)) {
      roles.push_back(role_enum->value(i)->name());
    }
  }
  return roles;
}

// Who may call `method`, as a paragraph of its description.
std::string RolesParagraph(const MethodDescriptor& method) {
  if (WithoutToken(method.full_name())) {
    return "**Roles:** anyone with the address: no token (its secret is the "
           "credential).";
  }
  const std::vector<std::string> roles = AllowedRoles(method);
  if (roles.empty()) {
    return "**Roles:** none; the gateway refuses it to every caller (403).";
  }
  return absl::StrCat("**Roles:** `", absl::StrJoin(roles, "`, `"), "`.");
}

// ---- Well-known types ----

bool IsWellKnown(const Descriptor& type) {
  return type.file()->package() == "google.protobuf" &&
         type.containing_type() == nullptr;
}

// Message types a query parameter or path value can set from one string
// (what the transcoder's SetMessageFromText accepts).
bool HasTextForm(const Descriptor& type) {
  const std::string& name = type.full_name();
  return IsWrapperType(type) || name == "google.protobuf.Timestamp" ||
         name == "google.protobuf.Duration" ||
         name == "google.protobuf.FieldMask";
}

json ObjectSchema() { return json{{"type", "object"}}; }

// ---- Paths ----

std::string RegexEscape(const std::string& literal) {
  static constexpr std::string_view kSpecial = R"(\^$.|?*+()[]{})";
  std::string out;
  for (char c : literal) {
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string VariableName(const PathTemplate::Variable& variable) {
  return absl::StrJoin(variable.field_path, ".");
}

// A path parameter for a `*`/`**` segment outside any variable. Proto field
// names cannot contain '-', so it never collides with a variable.
std::string WildcardName(size_t segment) {
  return absl::StrCat("segment-", segment + 1);
}

// The regular expression of a variable's segments, or "" for a plain `*`.
std::string VariablePattern(const PathTemplate& path,
                            const PathTemplate::Variable& variable) {
  if (variable.end == variable.first + 1 &&
      path.segments[variable.first].kind == SegmentKind::kAny) {
    return "";
  }
  std::string pattern = "^";
  for (size_t i = variable.first; i < variable.end; ++i) {
    const auto& segment = path.segments[i];
    const char* separator = i == variable.first ? "" : "/";
    switch (segment.kind) {
      case SegmentKind::kLiteral:
        absl::StrAppend(&pattern, separator, RegexEscape(segment.literal));
        break;
      case SegmentKind::kAny:
        absl::StrAppend(&pattern, separator, "[^/]+");
        break;
      case SegmentKind::kAnyPath:
        absl::StrAppend(&pattern, i == variable.first ? ".*" : "(/.*)?");
        break;
    }
  }
  return pattern + "$";
}

// "/v1/{name=shelves/*}/books/*:publish" →
// "/v1/{name}/books/{segment-4}:publish"; a suffix stays after its variable
// ("/v1/calendars/{id}.ics", path templating OpenAPI allows).
std::string OpenApiPath(const PathTemplate& path) {
  std::map<size_t, const PathTemplate::Variable*> variables;
  for (const auto& variable : path.variables) {
    variables[variable.first] = &variable;
  }
  std::string out;
  for (size_t i = 0; i < path.segments.size();) {
    out += '/';
    if (auto it = variables.find(i); it != variables.end()) {
      const PathTemplate::Variable& variable = *it->second;
      absl::StrAppend(&out, "{", VariableName(variable), "}",
                      path.segments[variable.end - 1].suffix);
      i = variable.end;
      continue;
    }
    const auto& segment = path.segments[i];
    if (segment.kind == SegmentKind::kLiteral) {
      out += segment.literal;
    } else {
      absl::StrAppend(&out, "{", WildcardName(i), "}");
    }
    ++i;
  }
  if (!path.verb.empty()) absl::StrAppend(&out, ":", path.verb);
  return out;
}

// "/v1/x/{id}:y" → "/v1/x/{}:y": paths of one shape match the same
// requests, and OpenAPI allows only one of them.
std::string PathShape(const std::string& path) {
  std::string shape;
  for (size_t i = 0; i < path.size(); ++i) {
    shape += path[i];
    if (path[i] != '{') continue;
    i = path.find('}', i);
    if (i == std::string::npos) break;
    shape += '}';
  }
  return shape;
}

// The names between braces in an OpenAPI path, in order.
std::vector<std::string> PathPlaceholders(const std::string& path) {
  std::vector<std::string> names;
  for (size_t open = path.find('{'); open != std::string::npos;
       open = path.find('{', open)) {
    const size_t close = path.find('}', open);
    names.push_back(path.substr(open + 1, close - open - 1));
    open = close;
  }
  return names;
}

bool IsPrefix(const FieldPath& prefix, const FieldPath& path) {
  return prefix.size() <= path.size() &&
         std::equal(prefix.begin(), prefix.end(), path.begin());
}

// Whether the path binds `path` (or a field inside or around it), in which
// case the transcoder refuses it as a query parameter.
bool BoundByPath(const Route& route, const FieldPath& path) {
  for (const FieldPath& bound : route.variable_fields) {
    if (IsPrefix(bound, path) || IsPrefix(path, bound)) return true;
  }
  return false;
}

// Whether a query parameter can set `field` (a leaf of a query path).
bool QueryLeaf(const FieldDescriptor& field) {
  if (field.is_map()) return false;
  return field.cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
         HasTextForm(*field.message_type());
}

// ---- The generator ----

class Generator {
 public:
  Generator(const RouteTable& routes, const OpenApiInfo& info)
      : routes_(routes), info_(info) {}

  json Build() {
    NameServices();
    CollectMessages();
    NameMessages();

    json document;
    document["openapi"] = "3.0.3";
    document["info"] = {{"title", info_.title},
                        {"version", info_.version},
                        {"contact", {{"name", info_.contact_name}}},
                        {"license", {{"name", info_.license_name}}}};
    document["info"]["description"] =
        info_.description.empty()
            ? std::string(kAnswersDescription)
            : absl::StrCat(info_.description, "\n\n", kAnswersDescription);
    document["servers"] = json::array(
        {info_.server_url.empty()
             ? json{{"url", "/"},
                    {"description", "The gateway serving this document."}}
             : json{{"url", info_.server_url}}});
    document["paths"] = Paths();
    document["components"] = Components();
    document["security"] = json::array({{{"bearerAuth", json::array()}}});
    document["tags"] = Tags();
    return document;
  }

 private:
  // Tags and operationId prefixes: the service's name, or its full name
  // with '_' for '.' when another service in the table has the same name.
  void NameServices() {
    std::map<std::string, std::set<std::string>> full_names;
    for (const Route& route : routes_.routes()) {
      const auto* service = route.method->service();
      full_names[service->name()].insert(service->full_name());
    }
    for (const Route& route : routes_.routes()) {
      const auto* service = route.method->service();
      service_names_[service] =
          full_names[service->name()].size() == 1
              ? service->name()
              : absl::StrReplaceAll(service->full_name(), {{".", "_"}});
    }
  }

  void CollectMessages() {
    for (const Descriptor* type : ErrorDetailTypes()) Collect(*type);
    for (const Route& route : routes_.routes()) {
      // A raw response is not its HttpBody message: no schema for it.
      if (!route.raw_response) Collect(*route.method->output_type());
      if (route.body == "*") Collect(*route.method->input_type());
      if (route.body_field != nullptr &&
          route.body_field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        Collect(*route.body_field->message_type());
      }
    }
    FindPathBoundBodyFields();
  }

  // The fields of a request message that is only ever a whole body
  // (`body: "*"`) and that every route taking it binds from its path
  // (`case` of ChooseAreaRequest): the path carries them, so they are left
  // out of the body's schema. A message used in any other way keeps all.
  void FindPathBoundBodyFields() {
    std::set<const Descriptor*> used_otherwise;
    for (const auto& [name, type] : messages_) {
      for (int i = 0; i < type->field_count(); ++i) {
        const Descriptor* nested = type->field(i)->message_type();
        if (nested != nullptr) used_otherwise.insert(nested);
      }
    }
    for (const Route& route : routes_.routes()) {
      used_otherwise.insert(route.method->output_type());
      if (route.body != "*") used_otherwise.insert(route.method->input_type());
    }
    for (const Route& route : routes_.routes()) {
      const Descriptor* type = route.method->input_type();
      if (route.body != "*" || used_otherwise.count(type) > 0) continue;
      std::set<const FieldDescriptor*> bound;
      for (const PathTemplate::Variable& variable : route.path.variables) {
        if (variable.field_path.size() == 1) {
          bound.insert(type->FindFieldByName(variable.field_path[0]));
        }
      }
      auto [it, first] = path_bound_body_fields_.emplace(type, bound);
      if (first) continue;
      std::set<const FieldDescriptor*> common;
      std::set_intersection(it->second.begin(), it->second.end(), bound.begin(),
                            bound.end(), std::inserter(common, common.end()));
      it->second = std::move(common);
    }
  }

  bool IsPathBoundBodyField(const FieldDescriptor& field) const {
    auto it = path_bound_body_fields_.find(field.containing_type());
    return it != path_bound_body_fields_.end() && it->second.count(&field) > 0;
  }

  // Adds `type` and every message reachable through its fields. Map entries
  // and well-known types are written inline, so they get no schema.
  void Collect(const Descriptor& type) {
    if (IsWellKnown(type)) return;
    if (!type.options().map_entry() &&
        !messages_.emplace(type.full_name(), &type).second) {
      return;
    }
    for (int i = 0; i < type.field_count(); ++i) {
      const FieldDescriptor& field = *type.field(i);
      if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
        Collect(*field.message_type());
      }
    }
  }

  // "Jst" for jstedu.recruitment.v1.Jst, "Outer.Inner" for a nested type;
  // the full name when that short name is taken twice.
  void NameMessages() {
    std::map<std::string, int> uses = {
        {kErrorSchema, 1}, {kHealthSchema, 1}, {kReadinessSchema, 1}};
    std::map<const Descriptor*, std::string> short_names;
    for (const auto& [full_name, type] : messages_) {
      const std::string& package = type->file()->package();
      std::string name =
          package.empty() ? full_name : full_name.substr(package.size() + 1);
      ++uses[name];
      short_names[type] = std::move(name);
    }
    for (const auto& [type, name] : short_names) {
      schema_names_[type] = uses[name] == 1 ? name : type->full_name();
    }
  }

  json Ref(const std::string& schema) const {
    return json{{"$ref", "#/components/schemas/" + schema}};
  }

  // Whether `route` is an update by field mask (AIP-134: PATCH, the body one
  // message field, an update_mask beside it) of a message with REQUIRED
  // fields. Those fields are required to create the resource; an update
  // names the fields it changes, so its body needs the same schema without
  // `required` (UpdateSchemaName).
  static bool IsMaskedUpdateOfRequiredFields(const Route& route) {
    if (route.http_method != "PATCH" || route.body_field == nullptr ||
        route.body_field->message_type() == nullptr) {
      return false;
    }
    const Descriptor& request = *route.method->input_type();
    const FieldDescriptor* mask = request.FindFieldByName("update_mask");
    if (mask == nullptr || mask->message_type() == nullptr ||
        mask->message_type()->full_name() != "google.protobuf.FieldMask") {
      return false;
    }
    const Descriptor& body = *route.body_field->message_type();
    for (int i = 0; i < body.field_count(); ++i) {
      if (HasBehavior(*body.field(i), google::api::REQUIRED)) return true;
    }
    return false;
  }

  // "EditionUpdate" for Edition: the body of its masked updates.
  std::string UpdateSchemaName(const Descriptor& type) const {
    return schema_names_.at(&type) + "Update";
  }

  // ---- Schemas (protobuf's JSON mapping) ----

  json EnumSchema(const EnumDescriptor& type) const {
    if (type.full_name() == "google.protobuf.NullValue") {
      return json{{"nullable", true}};
    }
    json names = json::array();
    std::vector<std::string> documented;
    for (int i = 0; i < type.value_count(); ++i) {
      names.push_back(type.value(i)->name());
      const std::string comment = CommentOf(*type.value(i));
      if (!comment.empty()) {
        documented.push_back(
            absl::StrCat("- ", type.value(i)->name(), ": ",
                         absl::StrReplaceAll(comment, {{"\n", " "}})));
      }
    }
    json schema{{"type", "string"}, {"enum", std::move(names)}};
    std::string description = CommentOf(type);
    if (!documented.empty()) {
      if (!description.empty()) description += "\n\n";
      description += absl::StrJoin(documented, "\n");
    }
    SetDescription(schema, description);
    return schema;
  }

  json WellKnownSchema(const Descriptor& type) const {
    const std::string& name = type.full_name();
    if (IsWrapperType(type)) {
      json schema = ScalarSchema(*type.FindFieldByNumber(1));
      schema["nullable"] = true;
      return schema;
    }
    if (name == "google.protobuf.Timestamp") {
      return json{{"type", "string"}, {"format", "date-time"}};
    }
    if (name == "google.protobuf.Duration") {
      return json{{"type", "string"},
                  {"pattern", R"(^-?[0-9]+(\.[0-9]{1,9})?s$)"}};
    }
    if (name == "google.protobuf.FieldMask") return json{{"type", "string"}};
    if (name == "google.protobuf.Struct") {
      return json{{"type", "object"}, {"additionalProperties", true}};
    }
    if (name == "google.protobuf.Value") return json::object();
    if (name == "google.protobuf.ListValue") {
      return json{{"type", "array"}, {"items", json::object()}};
    }
    if (name == "google.protobuf.Any") return AnySchema();
    // Empty, and any other google.protobuf message: a JSON object.
    return ObjectSchema();
  }

  static json AnySchema() {
    return json{{"type", "object"},
                {"required", json::array({"@type"})},
                {"properties", {{"@type", {{"type", "string"}}}}},
                {"additionalProperties", true}};
  }

  json MessageTypeSchema(const Descriptor& type) const {
    if (IsWellKnown(type)) return WellKnownSchema(type);
    return Ref(schema_names_.at(&type));
  }

  // The schema of one value of `field` (an element, when repeated).
  json ScalarSchema(const FieldDescriptor& field) const {
    switch (field.type()) {
      case FieldDescriptor::TYPE_INT32:
      case FieldDescriptor::TYPE_SINT32:
      case FieldDescriptor::TYPE_SFIXED32:
        return json{{"type", "integer"}, {"format", "int32"}};
      case FieldDescriptor::TYPE_UINT32:
      case FieldDescriptor::TYPE_FIXED32:
        return json{{"type", "integer"},
                    {"format", "int64"},
                    {"minimum", 0},
                    {"maximum", 4294967295u}};
      case FieldDescriptor::TYPE_INT64:
      case FieldDescriptor::TYPE_SINT64:
      case FieldDescriptor::TYPE_SFIXED64:
        return json{{"type", "string"},
                    {"format", "int64"},
                    {"description", kInt64Description}};
      case FieldDescriptor::TYPE_UINT64:
      case FieldDescriptor::TYPE_FIXED64:
        return json{{"type", "string"},
                    {"format", "uint64"},
                    {"description", kUint64Description}};
      case FieldDescriptor::TYPE_DOUBLE:
        return json{{"type", "number"}, {"format", "double"}};
      case FieldDescriptor::TYPE_FLOAT:
        return json{{"type", "number"}, {"format", "float"}};
      case FieldDescriptor::TYPE_BOOL:
        return json{{"type", "boolean"}};
      case FieldDescriptor::TYPE_STRING:
        if (field.options().GetExtension(api::v1::date)) {
          return json{{"type", "string"}, {"format", "date"}};
        }
        return json{{"type", "string"}};
      case FieldDescriptor::TYPE_BYTES:
        return json{{"type", "string"}, {"format", "byte"}};
      case FieldDescriptor::TYPE_ENUM:
        return EnumSchema(*field.enum_type());
      case FieldDescriptor::TYPE_MESSAGE:
      case FieldDescriptor::TYPE_GROUP:
        return MessageTypeSchema(*field.message_type());
    }
    return json::object();
  }

  // The schema of `field` as a whole: arrays for repeated fields, objects
  // for maps.
  json FieldSchema(const FieldDescriptor& field) const {
    if (field.is_map()) {
      return json{{"type", "object"},
                  {"additionalProperties",
                   ScalarSchema(*field.message_type()->map_value())}};
    }
    json value = ScalarSchema(field);
    if (!field.is_repeated()) return value;
    return json{{"type", "array"}, {"items", std::move(value)}};
  }

  // FieldSchema with the field's comment; a $ref is wrapped in allOf, as
  // OpenAPI 3.0 ignores siblings of $ref.
  json DocumentedFieldSchema(const FieldDescriptor& field) const {
    json schema = FieldSchema(field);
    std::string comment = FieldComment(field);
    if (HasBehavior(field, google::api::IMMUTABLE)) {
      comment = comment.empty() ? kImmutableNote
                                : absl::StrCat(comment, "\n\n", kImmutableNote);
    }
    const bool deprecated = field.options().deprecated();
    const bool read_only = HasBehavior(field, google::api::OUTPUT_ONLY);
    if (comment.empty() && !deprecated && !read_only) return schema;
    if (schema.contains("$ref")) {
      schema = json{{"allOf", json::array({std::move(schema)})}};
    }
    if (deprecated) schema["deprecated"] = true;
    if (read_only) schema["readOnly"] = true;
    if (comment.empty()) return schema;
    // The field's comment first, then what the type says (an int64's form).
    schema["description"] =
        schema.contains("description")
            ? absl::StrCat(comment, "\n\n",
                           schema["description"].get<std::string>())
            : comment;
    return schema;
  }

  json MessageSchema(const Descriptor& type) const {
    json schema = ObjectSchema();
    json properties = json::object();
    json required = json::array();
    for (int i = 0; i < type.field_count(); ++i) {
      const FieldDescriptor& field = *type.field(i);
      if (IsPathBoundBodyField(field)) continue;
      properties[field.json_name()] = DocumentedFieldSchema(field);
      if (HasBehavior(field, google::api::REQUIRED)) {
        required.push_back(field.json_name());
      }
    }
    if (!required.empty()) schema["required"] = std::move(required);
    const std::vector<const Descriptor*> details = ErrorDetailTypes();
    if (std::find(details.begin(), details.end(), &type) != details.end()) {
      // As an error detail it is an Any: its type URL comes with it.
      properties["@type"] = {
          {"type", "string"},
          {"enum", json::array({absl::StrCat("type.googleapis.com/",
                                             type.full_name())})}};
      schema["required"] = json::array({"@type"});
    }
    if (!properties.empty()) schema["properties"] = std::move(properties);
    SetDescription(schema, CommentOf(type));
    return schema;
  }

  json ErrorSchema() const {
    json kinds = json::array();
    for (const Descriptor* type : ErrorDetailTypes()) {
      kinds.push_back(Ref(schema_names_.at(type)));
    }
    return json{
        {"type", "object"},
        {"description",
         "The body of every error answer (4xx and 5xx): the gRPC status "
         "the request ended with."},
        {"required", json::array({"code", "message", "details"})},
        {"properties",
         {{"code",
           {{"type", "integer"},
            {"format", "int32"},
            {"description",
             "The gRPC status code number (3 INVALID_ARGUMENT, 5 NOT_FOUND, "
             "7 PERMISSION_DENIED, 9 FAILED_PRECONDITION...)."}}},
          {"message",
           {{"type", "string"},
            {"description",
             "What went wrong, in words meant for the user; it names fields "
             "by their JSON names and never repeats a value sent."}}},
          {"details",
           {{"type", "array"},
            {"description",
             "The google.rpc.Status details as JSON objects with `@type`: "
             "BadRequest lists each invalid field (`fieldViolations`: "
             "`field`, its JSON path, and `description`); "
             "PreconditionFailure each rule not met; ErrorInfo a "
             "machine-readable `reason`; ResourceInfo the object meant."},
            {"items", {{"anyOf", std::move(kinds)}}}}}}}};
  }

  static json HealthSchema() {
    return json{
        {"type", "object"},
        {"required", json::array({"status"})},
        {"properties",
         {{"status", {{"type", "string"}, {"enum", json::array({"ok"})}}}}}};
  }

  static json ReadinessSchema() {
    json service{
        {"type", "object"},
        {"required", json::array({"service", "state"})},
        {"properties",
         {{"service", {{"type", "string"}}}, {"state", {{"type", "string"}}}}}};
    return json{
        {"type", "object"},
        {"required", json::array({"status", "services"})},
        {"properties",
         {{"status",
           {{"type", "string"}, {"enum", json::array({"ready", "not_ready"})}}},
          {"services", {{"type", "array"}, {"items", std::move(service)}}}}}};
  }

  json Components() const {
    json schemas = json::object();
    for (const auto& [type, name] : schema_names_) {
      schemas[name] = MessageSchema(*type);
    }
    for (const Route& route : routes_.routes()) {
      if (!IsMaskedUpdateOfRequiredFields(route)) continue;
      const Descriptor& type = *route.body_field->message_type();
      json update = MessageSchema(type);
      update.erase("required");
      update["description"] = absl::StrCat(
          "`", schema_names_.at(&type),
          "` as the body of an update: only the fields named in `updateMask` "
          "are read, so none is required here.",
          update.contains("description")
              ? "\n\n" + update["description"].get<std::string>()
              : "");
      schemas[UpdateSchemaName(type)] = std::move(update);
    }
    schemas[kErrorSchema] = ErrorSchema();
    schemas[kHealthSchema] = HealthSchema();
    schemas[kReadinessSchema] = ReadinessSchema();

    json responses = json::object();
    for (const ErrorResponse& error : kErrorResponses) {
      responses[error.name] = ErrorResponseObject(error.description);
    }
    responses[kDefaultResponse] =
        ErrorResponseObject("Any other error; `code` is the gRPC status code.");

    return json{
        {"schemas", std::move(schemas)},
        {"responses", std::move(responses)},
        {"parameters", {{kIdempotencyKeyParameter, IdempotencyKeyParameter()}}},
        {"securitySchemes",
         {{"bearerAuth",
           {{"type", "http"},
            {"scheme", "bearer"},
            {"bearerFormat", "JWT"}}}}}};
  }

  // gateway/README.md, "Idempotency-Key": every write honours it
  // (HonoursIdempotencyKey).
  static json IdempotencyKeyParameter() {
    return json{
        {"name", "Idempotency-Key"},
        {"in", "header"},
        {"description",
         "Makes the write safe to retry. A repeat under the same key within "
         "24 hours, by the same caller to the same route, gets the first "
         "answer again and the write runs once; while the first is still "
         "running it is 409, with another body 422. A key the service "
         "already applied whose answer was lost is 409 "
         "`REQUEST_ALREADY_APPLIED`: read the resource."},
        {"schema",
         {{"type", "string"},
          {"minLength", 1},
          {"maxLength", 255},
          {"pattern", "^[!-~]+$"}}}};
  }

  json ErrorResponseObject(const std::string& description) const {
    return json{{"description", description},
                {"content", {{kJson, {{"schema", Ref(kErrorSchema)}}}}}};
  }

  // ---- Operations ----

  json PathParameters(const Route& route) const {
    json parameters = json::array();
    const PathTemplate& path = route.path;
    std::set<size_t> in_variable;
    for (size_t v = 0; v < path.variables.size(); ++v) {
      const auto& variable = path.variables[v];
      for (size_t i = variable.first; i < variable.end; ++i) {
        in_variable.insert(i);
      }
      const FieldDescriptor& leaf = *route.variable_fields[v].back();
      json schema = ScalarSchema(leaf);
      schema.erase("nullable");
      json parameter{
          {"name", VariableName(variable)}, {"in", "path"}, {"required", true}};
      if (const std::string pattern = VariablePattern(path, variable);
          !pattern.empty()) {
        schema["pattern"] = pattern;
        parameter["description"] =
            "Spans path segments; '/' between them is sent unescaped.";
      }
      if (const std::string comment = FieldComment(leaf); !comment.empty()) {
        parameter["description"] = comment;
      }
      parameter["schema"] = std::move(schema);
      parameters.push_back(std::move(parameter));
    }
    for (size_t i = 0; i < path.segments.size(); ++i) {
      if (in_variable.count(i) > 0 ||
          path.segments[i].kind == SegmentKind::kLiteral) {
        continue;
      }
      const bool rest = path.segments[i].kind == SegmentKind::kAnyPath;
      parameters.push_back(
          {{"name", WildcardName(i)},
           {"in", "path"},
           {"required", true},
           {"description",
            rest ? "The rest of the path ('/' unescaped); not sent to the "
                   "service."
                 : "Any one path segment; not sent to the service."},
           {"schema", {{"type", "string"}}}});
    }
    return parameters;
  }

  json QueryParameter(const FieldPath& path) const {
    const FieldDescriptor& leaf = *path.back();
    std::vector<std::string> names;
    for (const FieldDescriptor* field : path)
      names.push_back(field->json_name());
    json schema = ScalarSchema(leaf);
    schema.erase("nullable");
    json parameter{{"name", absl::StrJoin(names, ".")}, {"in", "query"}};
    if (leaf.is_repeated()) {
      schema = json{{"type", "array"}, {"items", std::move(schema)}};
      parameter["style"] = "form";
      parameter["explode"] = true;
    }
    std::string description = FieldComment(leaf);
    if (description.empty() && leaf.message_type() != nullptr &&
        leaf.message_type()->full_name() == "google.protobuf.FieldMask") {
      description =
          "The fields to change, comma-separated, by their JSON names (e.g. "
          "`name,capacity`); nested fields with dots.";
    }
    SetDescription(parameter, description);
    if (leaf.options().deprecated()) parameter["deprecated"] = true;
    if (path.size() == 1 && HasBehavior(leaf, google::api::REQUIRED)) {
      parameter["required"] = true;
    }
    parameter["schema"] = std::move(schema);
    return parameter;
  }

  // Renames the path parameters of `operation`, written for `from`, to the
  // placeholders of `to`, a path of the same shape ("{edition.code}" →
  // "{code}"); each renamed one says which request field it sets.
  static void RenamePathParameters(json& operation, const std::string& from,
                                   const std::string& to) {
    const std::vector<std::string> old_names = PathPlaceholders(from);
    const std::vector<std::string> new_names = PathPlaceholders(to);
    if (!operation.contains("parameters")) return;
    for (json& parameter : operation["parameters"]) {
      // value(), not operator[]: a $ref parameter must gain no "in".
      if (parameter.value("in", "") != "path") continue;
      for (size_t i = 0; i < old_names.size() && i < new_names.size(); ++i) {
        if (parameter["name"] != old_names[i] || old_names[i] == new_names[i]) {
          continue;
        }
        parameter["name"] = new_names[i];
        const std::string note =
            absl::StrCat("Sets the request field `", old_names[i], "`.");
        parameter["description"] =
            parameter.contains("description")
                ? absl::StrCat(parameter["description"].get<std::string>(), " ",
                               note)
                : note;
        break;
      }
    }
  }

  // The request fields the transcoder takes from the query string: those
  // bound neither by the path nor by the body; one level into singular
  // messages.
  json QueryParameters(const Route& route) const {
    json parameters = json::array();
    if (route.body == "*") return parameters;
    const Descriptor& request = *route.method->input_type();
    auto add = [&](FieldPath path) {
      if (!BoundByPath(route, path)) {
        parameters.push_back(QueryParameter(path));
      }
    };
    for (int i = 0; i < request.field_count(); ++i) {
      const FieldDescriptor* field = request.field(i);
      if (field == route.body_field) continue;
      if (QueryLeaf(*field)) {
        add({field});
        continue;
      }
      if (field->is_map() || field->is_repeated() ||
          IsWellKnown(*field->message_type())) {
        continue;
      }
      const Descriptor& nested = *field->message_type();
      for (int j = 0; j < nested.field_count(); ++j) {
        if (QueryLeaf(*nested.field(j))) add({field, nested.field(j)});
      }
    }
    return parameters;
  }

  json RequestBody(const Route& route) const {
    if (!route.raw_body_media_type.empty()) {
      // The bytes field's value itself, not JSON (transcoder.h).
      json body{{"content",
                 {{route.raw_body_media_type,
                   {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
      const std::string comment = CommentOf(*route.body_field);
      SetDescription(
          body, comment.empty()
                    ? absl::StrCat("The file as it is, in UTF-8 (charset=utf-8 "
                                   "or none); it is the request's `",
                                   route.body_field->name(), "` field.")
                    : comment);
      return body;
    }
    json schema = route.body == "*"
                      ? MessageTypeSchema(*route.method->input_type())
                  : IsMaskedUpdateOfRequiredFields(route)
                      ? Ref(UpdateSchemaName(*route.body_field->message_type()))
                      : FieldSchema(*route.body_field);
    json body{{"content", {{kJson, {{"schema", std::move(schema)}}}}}};
    if (route.body_field != nullptr) {
      SetDescription(body, CommentOf(*route.body_field));
    }
    return body;
  }

  // The HTTP statuses of the errors `route` can answer, besides `default`
  // (any other): 400 always (a malformed path value or query parameter);
  // 401 unless public; 403 when not every role may call it; 404 on a path
  // with variables; 413 and 415 with a body; 409 and 422 on a POST
  // (Idempotency-Key); 429 and 503 always; and the status of every gRPC
  // code the RPC's comment ("Errors: NOT_FOUND, ...") or a comment of its
  // request's fields names.
  std::set<std::string> ErrorStatuses(const Route& route) const {
    const bool open = WithoutToken(route.method->full_name());
    std::set<std::string> statuses = {"400", "429", "503"};
    if (!open) statuses.insert("401");
    if (!open && !EveryRoleAllowed(*route.method)) statuses.insert("403");
    if (!route.path.variables.empty()) statuses.insert("404");
    if (!route.body.empty()) statuses.insert({"413", "415"});
    if (HonoursIdempotencyKey(route.http_method)) {
      statuses.insert({"409", "422"});
    }
    std::string comment = CommentOf(*route.method);
    const Descriptor& request = *route.method->input_type();
    for (int i = 0; i < request.field_count(); ++i) {
      absl::StrAppend(&comment, "\n", CommentOf(*request.field(i)));
    }
    for (int code = 1; code <= 16; ++code) {
      const auto status = static_cast<grpc::StatusCode>(code);
      if (absl::StrContains(comment, StatusCodeName(status))) {
        statuses.insert(std::to_string(HttpStatusFromGrpc(status)));
      }
    }
    return statuses;
  }

  static bool EveryRoleAllowed(const MethodDescriptor& method) {
    const EnumDescriptor* role_enum = auth::v1::Role_descriptor();
    for (int i = 0; i < role_enum->value_count(); ++i) {
      const auto role =
          static_cast<auth::v1::Role>(role_enum->value(i)->number());
      // SERVICE is never issued by the gateway (principal.proto).
      if (role != auth::v1::ROLE_UNSPECIFIED && role != auth::v1::SERVICE &&
          !Allowed(method.full_name(), role)) {
        return false;
      }
    }
    return true;
  }

  json Responses(const Route& route) const {
    json responses{{"200", SuccessResponse(route)}};
    const std::set<std::string> statuses = ErrorStatuses(route);
    for (const ErrorResponse& error : kErrorResponses) {
      if (statuses.count(error.status) > 0) {
        responses[error.status] = ResponseRef(error.name);
      }
    }
    responses["default"] = ResponseRef(kDefaultResponse);
    return responses;
  }

  // The output message as JSON, or, on a raw-response route, the file
  // itself: its media type is the service's to choose per answer, so any.
  json SuccessResponse(const Route& route) const {
    if (!route.raw_response) {
      return json{
          {"description", "OK"},
          {"content",
           {{kJson,
             {{"schema", MessageTypeSchema(*route.method->output_type())}}}}}};
    }
    const auto& options = route.method->options();
    const int declared = options.ExtensionSize(api::v1::media_types);
    json content = json::object();
    for (int i = 0; i < declared; ++i) {
      content[options.GetExtension(api::v1::media_types, i)] = {
          {"schema", {{"type", "string"}, {"format", "binary"}}}};
    }
    if (declared == 0) {
      content["*/*"] = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
    }
    return json{{"description",
                 "OK: the file itself, not JSON, as an attachment, under the "
                 "media type the service names in Content-Type."},
                {"content", std::move(content)}};
  }

  static json ResponseRef(const std::string& name) {
    return json{{"$ref", "#/components/responses/" + name}};
  }

  json Operation(const Route& route, const std::string& operation_id) const {
    const MethodDescriptor& method = *route.method;
    json operation{{"operationId", operation_id},
                   {"tags", json::array({service_names_.at(method.service())})},
                   {"responses", Responses(route)}};
    const std::string comment = CommentOf(method);
    if (method.options().deprecated()) operation["deprecated"] = true;
    // A feed's secret address is its credential (access_policy.h).
    if (WithoutToken(method.full_name())) operation["security"] = json::array();
    // The same, for programs: the console's menu (console/README.md).
    operation[kRolesExtension] = AllowedRoles(method);
    operation["summary"] = Summary(method);
    operation["description"] =
        comment.empty() ? RolesParagraph(method)
                        : absl::StrCat(comment, "\n\n", RolesParagraph(method));
    json parameters = PathParameters(route);
    for (json& parameter : QueryParameters(route)) {
      parameters.push_back(std::move(parameter));
    }
    if (HonoursIdempotencyKey(route.http_method)) {
      parameters.push_back({{"$ref", absl::StrCat("#/components/parameters/",
                                                  kIdempotencyKeyParameter)}});
    }
    if (!parameters.empty()) operation["parameters"] = std::move(parameters);
    if (!route.body.empty()) operation["requestBody"] = RequestBody(route);
    return operation;
  }

  // A probe or the document itself: no token, served by the gateway.
  // A malformed HTTP request is 400 here too.
  json PublicOperation(const std::string& operation_id, const char* summary,
                       const char* description, json responses) const {
    responses["400"] = ResponseRef("BadRequest");
    responses["default"] = ResponseRef(kDefaultResponse);
    return json{
        {"operationId", operation_id}, {"summary", summary},
        {"description", description},  {"tags", json::array({kGatewayTag})},
        {"security", json::array()},   {"responses", std::move(responses)}};
  }

  json JsonResponse(const char* description, json schema) const {
    return json{{"description", description},
                {"content", {{kJson, {{"schema", std::move(schema)}}}}}};
  }

  json Paths() const {
    json paths = json::object();
    std::map<const MethodDescriptor*, int> bindings;
    // Shape → the first path of that shape (GET /v1/x/{code} and
    // PATCH /v1/x/{edition.code} are one path item, "/v1/x/{code}").
    std::map<std::string, std::string> path_of_shape;
    for (const Route& route : routes_.routes()) {
      const std::string http_method = absl::AsciiStrToLower(route.http_method);
      if (OpenApiMethods().count(http_method) == 0) continue;
      const MethodDescriptor& method = *route.method;
      std::string operation_id =
          absl::StrCat(service_names_.at(method.service()), "_", method.name());
      if (const int binding = ++bindings[&method]; binding > 1) {
        absl::StrAppend(&operation_id, "_", binding);
      }
      const std::string own_path = OpenApiPath(route.path);
      const std::string& path =
          path_of_shape.emplace(PathShape(own_path), own_path).first->second;
      json& item = paths[path];
      if (item.contains(http_method)) continue;
      json operation = Operation(route, operation_id);
      if (path != own_path) RenamePathParameters(operation, own_path, path);
      item[http_method] = std::move(operation);
    }
    // The dispatcher answers these before routing, so they win.
    paths["/healthz"]["get"] =
        PublicOperation("Gateway_Healthz", "The gateway process is alive.",
                        "The liveness probe: answered by the gateway itself, "
                        "without a token, whatever the services' state.",
                        {{"200", JsonResponse("Alive.", Ref(kHealthSchema))}});
    paths["/readyz"]["get"] = PublicOperation(
        "Gateway_Readyz", "Every service is reachable and SERVING.",
        "The readiness probe, without a token: the state of each service's "
        "gRPC health check as the gateway last saw it.",
        {{"200", JsonResponse("Ready.", Ref(kReadinessSchema))},
         {"503",
          JsonResponse("A service is not SERVING.", Ref(kReadinessSchema))}});
    paths["/v1/openapi.json"]["get"] = PublicOperation(
        "Gateway_OpenApi", "This OpenAPI document.",
        "Generated from the same route table the gateway routes by, without "
        "a token; the reference at /docs renders it.",
        {{"200", JsonResponse("The OpenAPI 3.0 document.", ObjectSchema())}});
    return paths;
  }

  json Tags() const {
    std::map<std::string, std::string> tags = {
        {kGatewayTag, "The gateway's own routes: probes and this document."}};
    for (const auto& [service, name] : service_names_) {
      std::string description = CommentOf(*service);
      tags[name] = description.empty() ? FileComment(*service->file())
                                       : std::move(description);
    }
    json out = json::array();
    for (const auto& [name, description] : tags) {
      json tag{{"name", name}};
      SetDescription(tag, description);
      out.push_back(std::move(tag));
    }
    return out;
  }

  const RouteTable& routes_;
  const OpenApiInfo& info_;
  std::map<const google::protobuf::ServiceDescriptor*, std::string>
      service_names_;
  std::map<std::string, const Descriptor*> messages_;  // by full name
  std::map<const Descriptor*, std::string> schema_names_;
  std::map<const Descriptor*, std::set<const FieldDescriptor*>>
      path_bound_body_fields_;
};

}  // namespace

std::string OpenApiDocument(const RouteTable& routes, const OpenApiInfo& info) {
  return Generator(routes, info)
             .Build()
             .dump(2, ' ', false, json::error_handler_t::replace) +
         "\n";
}

}  // namespace jstedu::gateway
