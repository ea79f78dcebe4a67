#include "gateway/transcoder.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <type_traits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gateway/url.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/util/json_util.h"
#include "google/rpc/status.pb.h"
#include "nlohmann/json.hpp"

namespace jstedu::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using FieldPath = std::vector<const FieldDescriptor*>;
namespace util = google::protobuf::util;

absl::string_view AbslView(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

absl::Status Invalid(std::string_view what, std::string_view name,
                     absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(AbslView(what), " \"", AbslView(name), "\" ", problem));
}

absl::Status CheckJsonTypes(const nlohmann::json& value,
                            const Descriptor& type);

// The field a JSON object key names: its proto name or its json_name.
const FieldDescriptor* FieldByJsonKey(const Descriptor& type,
                                      const std::string& key) {
  if (const FieldDescriptor* field = type.FindFieldByName(key)) return field;
  for (int i = 0; i < type.field_count(); ++i) {
    if (type.field(i)->json_name() == key) return type.field(i);
  }
  return nullptr;
}

// Whether `value` has a JSON type the proto3 JSON mapping allows for one
// element of `field` (well-known message types are left to protobuf).
absl::Status CheckJsonElement(const nlohmann::json& value,
                              const FieldDescriptor& field) {
  bool ok = true;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      ok = value.is_boolean();
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      ok = value.is_string();
      break;
    case FieldDescriptor::CPPTYPE_ENUM:
      ok = value.is_string() || value.is_number_integer();
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (field.message_type()->file()->package() == "google.protobuf") break;
      if (!value.is_object()) {
        ok = false;
        break;
      }
      return CheckJsonTypes(value, *field.message_type());
    default:  // the numbers, which JSON may also write as strings
      ok = value.is_number() || value.is_string();
  }
  if (ok) return absl::OkStatus();
  return Invalid(
      "field", field.json_name(),
      absl::StrCat("has the wrong JSON type (", value.type_name(), ")"));
}

// protobuf 3.21's JSON parser tolerates values the proto3 JSON mapping
// forbids ("yes" for a bool, a lone value for a repeated field, nested
// arrays): the body is checked against the descriptor first.
absl::Status CheckJsonTypes(const nlohmann::json& value,
                            const Descriptor& type) {
  for (auto it = value.begin(); it != value.end(); ++it) {
    const FieldDescriptor* field = FieldByJsonKey(type, it.key());
    if (field == nullptr || it->is_null()) continue;  // protobuf decides
    if (field->is_map()) {
      if (!it->is_object())
        return Invalid("field", field->json_name(), "must be an object");
      const FieldDescriptor& entry = *field->message_type()->map_value();
      for (const auto& element : *it) {
        if (auto status = CheckJsonElement(element, entry); !status.ok())
          return status;
      }
    } else if (field->is_repeated()) {
      if (!it->is_array())
        return Invalid("field", field->json_name(), "must be an array");
      for (const auto& element : *it) {
        if (auto status = CheckJsonElement(element, *field); !status.ok())
          return status;
      }
    } else if (auto status = CheckJsonElement(*it, *field); !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

// Parses JSON into `message`; unknown fields and wrong JSON types are errors.
absl::Status ParseJson(std::string_view json, Message& message) {
  const auto parsed = nlohmann::json::parse(json.begin(), json.end(), nullptr,
                                            /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return absl::InvalidArgumentError("invalid JSON body");
  if (!parsed.is_object()) {
    return absl::InvalidArgumentError("the JSON body must be an object");
  }
  if (message.GetDescriptor()->file()->package() != "google.protobuf") {
    if (auto status = CheckJsonTypes(parsed, *message.GetDescriptor());
        !status.ok()) {
      return status;
    }
  }
  util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), &message,
      options);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("invalid JSON body: ", status.message().ToString()));
}

std::string EnumChoices(const google::protobuf::EnumDescriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.value_count(); ++i) {
    names.push_back(type.value(i)->name());
  }
  return absl::StrJoin(names, ", ");
}

template <typename T>
absl::Status ParseNumber(const std::string& text, T* value,
                         absl::string_view what) {
  bool ok = false;
  if constexpr (std::is_same_v<T, float>) {
    ok = absl::SimpleAtof(text, value);
  } else if constexpr (std::is_same_v<T, double>) {
    ok = absl::SimpleAtod(text, value);
  } else {
    ok = absl::SimpleAtoi(text, value);
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("must be ", what));
}

absl::Status SetFromText(Message& message, const FieldDescriptor& field,
                         const std::string& text);

// A message-typed leaf: a wrapper takes its inner value; other types (the
// well-known Timestamp, Duration, FieldMask...) their JSON string form.
absl::Status SetMessageFromText(Message& message, const FieldDescriptor& field,
                                const std::string& text) {
  const Reflection& reflection = *message.GetReflection();
  Message* sub = field.is_repeated()
                     ? reflection.AddMessage(&message, &field)
                     : reflection.MutableMessage(&message, &field);
  const Descriptor& type = *field.message_type();
  if (IsWrapperType(type))
    return SetFromText(*sub, *type.FindFieldByNumber(1), text);
  if (!IsValidUtf8(text)) return absl::InvalidArgumentError("must be UTF-8");
  util::JsonParseOptions options;
  const auto status =
      util::JsonStringToMessage(nlohmann::json(text).dump(), sub, options);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("must be a ", type.full_name(), " in its JSON string form"));
}

// Sets `field` of `message` (appends, when repeated) from its text form.
// Returns InvalidArgument with a phrase such as "must be a 32-bit integer".
absl::Status SetFromText(Message& message, const FieldDescriptor& field,
                         const std::string& text) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = field.is_repeated();
  absl::Status status;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      int32_t value = 0;
      status = ParseNumber(text, &value, "a 32-bit integer");
      if (status.ok()) {
        repeated ? r.AddInt32(&message, &field, value)
                 : r.SetInt32(&message, &field, value);
      }
      return status;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      int64_t value = 0;
      status = ParseNumber(text, &value, "a 64-bit integer");
      if (status.ok()) {
        repeated ? r.AddInt64(&message, &field, value)
                 : r.SetInt64(&message, &field, value);
      }
      return status;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      uint32_t value = 0;
      status = ParseNumber(text, &value, "an unsigned 32-bit integer");
      if (status.ok()) {
        repeated ? r.AddUInt32(&message, &field, value)
                 : r.SetUInt32(&message, &field, value);
      }
      return status;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      uint64_t value = 0;
      status = ParseNumber(text, &value, "an unsigned 64-bit integer");
      if (status.ok()) {
        repeated ? r.AddUInt64(&message, &field, value)
                 : r.SetUInt64(&message, &field, value);
      }
      return status;
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      float value = 0;
      status = ParseNumber(text, &value, "a number");
      if (status.ok()) {
        repeated ? r.AddFloat(&message, &field, value)
                 : r.SetFloat(&message, &field, value);
      }
      return status;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double value = 0;
      status = ParseNumber(text, &value, "a number");
      if (status.ok()) {
        repeated ? r.AddDouble(&message, &field, value)
                 : r.SetDouble(&message, &field, value);
      }
      return status;
    }
    case FieldDescriptor::CPPTYPE_BOOL: {
      if (text != "true" && text != "false") {
        return absl::InvalidArgumentError("must be true or false");
      }
      repeated ? r.AddBool(&message, &field, text == "true")
               : r.SetBool(&message, &field, text == "true");
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto& type = *field.enum_type();
      const auto* value = type.FindValueByName(text);
      int number = 0;
      if (value == nullptr && absl::SimpleAtoi(text, &number)) {
        value = type.FindValueByNumber(number);
      }
      if (value == nullptr) {
        return absl::InvalidArgumentError(
            absl::StrCat("must be one of ", EnumChoices(type)));
      }
      repeated ? r.AddEnum(&message, &field, value)
               : r.SetEnum(&message, &field, value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value;
      if (field.type() == FieldDescriptor::TYPE_BYTES) {
        if (!absl::Base64Unescape(text, &value) &&
            !absl::WebSafeBase64Unescape(text, &value)) {
          return absl::InvalidArgumentError("must be base64");
        }
      } else if (!IsValidUtf8(text)) {
        return absl::InvalidArgumentError("must be UTF-8");
      } else {
        value = text;
      }
      repeated ? r.AddString(&message, &field, std::move(value))
               : r.SetString(&message, &field, std::move(value));
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return SetMessageFromText(message, field, text);
  }
  return absl::InvalidArgumentError("has an unsupported type");
}

// The message holding the last field of `path`, creating intermediate
// (singular message) fields as needed.
Message& MutableParent(Message& root, const FieldPath& path) {
  Message* message = &root;
  for (size_t i = 0; i + 1 < path.size(); ++i) {
    message = message->GetReflection()->MutableMessage(message, path[i]);
  }
  return *message;
}

const FieldDescriptor* FindField(const Descriptor& type,
                                 std::string_view name) {
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* field = type.field(i);
    if (field->name() == name || field->json_name() == name) return field;
  }
  return nullptr;
}

// Resolves a dotted query parameter name. Intermediate fields must be
// singular messages; map fields cannot be set from a query.
absl::StatusOr<FieldPath> ResolveQueryField(const Descriptor& root,
                                            std::string_view name) {
  FieldPath path;
  const Descriptor* type = &root;
  std::string_view rest = name;
  while (true) {
    const size_t dot = rest.find('.');
    const FieldDescriptor* field =
        type == nullptr ? nullptr : FindField(*type, rest.substr(0, dot));
    if (field == nullptr || field->is_map()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown query parameter \"", AbslView(name), "\""));
    }
    path.push_back(field);
    if (dot == std::string_view::npos) return path;
    rest = rest.substr(dot + 1);
    const bool singular_message =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        !field->is_repeated();
    type = singular_message ? field->message_type() : nullptr;
  }
}

bool IsPrefix(const FieldPath& prefix, const FieldPath& path) {
  return prefix.size() <= path.size() &&
         std::equal(prefix.begin(), prefix.end(), path.begin());
}

// Why a query parameter may not set `path`, or "" when it may.
std::string_view QueryConflict(const Route& route, const FieldPath& path) {
  for (const FieldPath& bound : route.variable_fields) {
    if (IsPrefix(bound, path) || IsPrefix(path, bound)) {
      return "is set by the URL path";
    }
  }
  if (route.body_field != nullptr && path.front() == route.body_field) {
    return "belongs in the request body";
  }
  return "";
}

absl::Status MergeBody(const Route& route, std::string_view body,
                       BodyFormat format, Message& message) {
  if (body.empty()) return absl::OkStatus();
  if (route.body.empty()) {
    return absl::InvalidArgumentError("this route takes no request body");
  }
  if (format == BodyFormat::kRaw) {
    if (route.raw_body_media_type.empty()) {
      return absl::InvalidArgumentError("this route takes a JSON body");
    }
    message.GetReflection()->SetString(&message, route.body_field,
                                       std::string(body));
    return absl::OkStatus();
  }
  if (route.body == "*") return ParseJson(body, message);
  const FieldDescriptor& field = *route.body_field;
  if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
      !field.is_repeated()) {
    return ParseJson(
        body, *message.GetReflection()->MutableMessage(&message, &field));
  }
  // A scalar or repeated body field: parse {"<field>": <body>}. The body must
  // be exactly one JSON value, so it cannot smuggle in other fields.
  if (!nlohmann::json::accept(body.begin(), body.end())) {
    return absl::InvalidArgumentError("invalid JSON body");
  }
  std::unique_ptr<Message> wrapper(message.New());
  const std::string json =
      absl::StrCat("{\"", field.name(), "\":", AbslView(body), "}");
  if (auto status = ParseJson(json, *wrapper); !status.ok()) return status;
  message.MergeFrom(*wrapper);
  return absl::OkStatus();
}

absl::Status ApplyPathValues(const Route& route,
                             const std::vector<std::string>& values,
                             Message& message) {
  for (size_t i = 0; i < values.size() && i < route.variable_fields.size();
       ++i) {
    const FieldPath& path = route.variable_fields[i];
    auto status =
        SetFromText(MutableParent(message, path), *path.back(), values[i]);
    if (!status.ok()) {
      return Invalid("path variable",
                     absl::StrJoin(route.path.variables[i].field_path, "."),
                     status.message());
    }
  }
  return absl::OkStatus();
}

absl::Status ApplyQuery(const Route& route, std::string_view query,
                        Message& message) {
  auto parameters = ParseQuery(query);
  if (!parameters.ok()) return parameters.status();
  if (parameters->empty()) return absl::OkStatus();
  if (route.body == "*") {
    return absl::InvalidArgumentError(
        "this route takes its request in the body; query parameters are not "
        "allowed");
  }
  std::set<FieldPath> seen;
  for (const QueryParameter& parameter : *parameters) {
    auto path = ResolveQueryField(*message.GetDescriptor(), parameter.name);
    if (!path.ok()) return path.status();
    if (auto conflict = QueryConflict(route, *path); !conflict.empty()) {
      return Invalid("query parameter", parameter.name, AbslView(conflict));
    }
    if (!path->back()->is_repeated() && !seen.insert(*path).second) {
      return Invalid("query parameter", parameter.name,
                     "is given more than once");
    }
    auto status = SetFromText(MutableParent(message, *path), *path->back(),
                              parameter.value);
    if (!status.ok()) {
      return Invalid("query parameter", parameter.name, status.message());
    }
  }
  return absl::OkStatus();
}

// Every answer is printed alike: zeros, empty strings, false, empty lists
// and maps are printed (a figure of 0 is an answer, not a missing one);
// unset message fields and unset `optional`/oneof members stay out, since
// their absence is what they say.
util::JsonPrintOptions AnswerPrintOptions() {
  util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  return options;
}

nlohmann::ordered_json DetailsJson(const std::string& serialized_status) {
  auto details = nlohmann::ordered_json::array();
  google::rpc::Status status;
  if (serialized_status.empty() || !status.ParseFromString(serialized_status)) {
    return details;
  }
  for (const google::protobuf::Any& any : status.details()) {
    std::string json;
    nlohmann::ordered_json detail;
    if (util::MessageToJsonString(any, &json, AnswerPrintOptions()).ok()) {
      detail = nlohmann::ordered_json::parse(json, nullptr, false);
    }
    if (!detail.is_object()) detail = {{"@type", any.type_url()}};
    details.push_back(std::move(detail));
  }
  return details;
}

JsonReply MakeErrorReply(int http_status, grpc::StatusCode code,
                         std::string_view message,
                         nlohmann::ordered_json details) {
  nlohmann::ordered_json body;
  body["code"] = static_cast<int>(code);
  body["message"] = std::string(message);
  body["details"] = std::move(details);
  return {http_status,
          body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

}  // namespace

bool IsWrapperType(const google::protobuf::Descriptor& type) {
  static const auto* const kWrappers = new std::set<std::string>{
      "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
      "google.protobuf.Int64Value",  "google.protobuf.UInt64Value",
      "google.protobuf.Int32Value",  "google.protobuf.UInt32Value",
      "google.protobuf.BoolValue",   "google.protobuf.StringValue",
      "google.protobuf.BytesValue"};
  return kWrappers->count(type.full_name()) > 0;
}

absl::StatusOr<std::unique_ptr<Message>> BuildRequest(
    const Route& route, const std::vector<std::string>& values,
    std::string_view query, std::string_view body, BodyFormat format) {
  std::unique_ptr<Message> message(route.request_prototype->New());
  if (auto status = MergeBody(route, body, format, *message); !status.ok()) {
    return status;
  }
  if (auto status = ApplyPathValues(route, values, *message); !status.ok()) {
    return status;
  }
  if (auto status = ApplyQuery(route, query, *message); !status.ok()) {
    return status;
  }
  return message;
}

bool IsJsonContentType(std::string_view content_type) {
  const absl::string_view media_type = absl::StripAsciiWhitespace(
      AbslView(content_type.substr(0, content_type.find(';'))));
  return absl::EqualsIgnoreCase(media_type, "application/json");
}

absl::StatusOr<BodyFormat> RequestBodyFormat(const Route& route,
                                             std::string_view content_type) {
  // A null view (no header) splits into nothing at all.
  const std::vector<absl::string_view> parts =
      absl::StrSplit(AbslView(content_type), ';');
  const absl::string_view media_type =
      parts.empty() ? absl::string_view()
                    : absl::StripAsciiWhitespace(parts[0]);
  if (route.raw_body_media_type.empty()) {
    if (IsJsonContentType(content_type)) return BodyFormat::kJson;
    return absl::InvalidArgumentError(
        "the request body must be application/json");
  }
  if (!absl::EqualsIgnoreCase(media_type, route.raw_body_media_type)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request body must be ", route.raw_body_media_type,
                     " (the file itself, UTF-8)"));
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    const size_t equals = parts[i].find('=');
    if (equals == absl::string_view::npos) continue;
    const absl::string_view name =
        absl::StripAsciiWhitespace(parts[i].substr(0, equals));
    if (!absl::EqualsIgnoreCase(name, "charset")) continue;
    absl::string_view value =
        absl::StripAsciiWhitespace(parts[i].substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (!absl::EqualsIgnoreCase(value, "utf-8")) {
      // The value is the client's: printed as JSON, escaped and bounded.
      return absl::InvalidArgumentError(absl::StrCat(
          "charset ",
          nlohmann::json(std::string(value.substr(0, 64)))
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
          " is not supported: a ", route.raw_body_media_type,
          " body must be UTF-8 (charset=utf-8 or none)"));
    }
  }
  return BodyFormat::kRaw;
}

absl::StatusOr<std::string> MessageToJson(const Message& message) {
  std::string json;
  const auto status =
      util::MessageToJsonString(message, &json, AnswerPrintOptions());
  if (!status.ok()) {
    return absl::InternalError(
        absl::StrCat("cannot print ", message.GetTypeName(),
                     " as JSON: ", status.message().ToString()));
  }
  return json;
}

absl::StatusOr<RawResponse> HttpBodyResponse(const Message& http_body) {
  const Descriptor& type = *http_body.GetDescriptor();
  const FieldDescriptor* content_type = type.FindFieldByName("content_type");
  const FieldDescriptor* data = type.FindFieldByName("data");
  if (content_type == nullptr || data == nullptr ||
      content_type->cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
      data->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    return absl::InternalError(absl::StrCat(
        type.full_name(), " has no content_type and data to answer with"));
  }
  const Reflection& reflection = *http_body.GetReflection();
  RawResponse response;
  response.content_type = reflection.GetString(http_body, content_type);
  if (response.content_type.empty()) {
    response.content_type = "application/octet-stream";
  }
  const bool printable =
      std::all_of(response.content_type.begin(), response.content_type.end(),
                  [](char c) { return c >= ' ' && c < 0x7F; });
  if (!printable) {
    return absl::InternalError(
        "the service answered with an invalid content type (a control "
        "character or a byte outside printable ASCII)");
  }
  response.body = reflection.GetString(http_body, data);
  return response;
}

int HttpStatusFromGrpc(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::UNKNOWN:
      return 500;
    case grpc::StatusCode::INVALID_ARGUMENT:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::FAILED_PRECONDITION:
      return 409;  // a rule not met: the request was fine, the state says no
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::INTERNAL:
      return 500;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DATA_LOSS:
      return 500;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    default:
      return 500;
  }
}

std::string StatusCodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int number = static_cast<int>(code);
  if (number >= 0 && number < static_cast<int>(std::size(kNames))) {
    return kNames[number];
  }
  return absl::StrCat("CODE_", number);
}

JsonReply ErrorReply(const grpc::Status& status) {
  return MakeErrorReply(HttpStatusFromGrpc(status.error_code()),
                        status.error_code(), status.error_message(),
                        DetailsJson(status.error_details()));
}

JsonReply ErrorReply(int http_status, grpc::StatusCode code,
                     std::string_view message) {
  return MakeErrorReply(http_status, code, message,
                        nlohmann::ordered_json::array());
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace jstedu::gateway
