#include "gateway/transcoder.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <set>
#include <type_traits>
#include <utility>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status/errors.h"
#include "gateway/json_printer.h"
#include "gateway/url.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"
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

// ------------------------------------------------ errors in the user's words
//
// Every problem with a request's fields is INVALID_ARGUMENT "<field>:
// <what is wrong>" with a google.rpc.BadRequest naming the field by its
// JSON path ("sub.note", "marks[2].status"), found from the descriptors,
// never from protobuf's own messages (which name proto types).

// The JSON path of `name` under `parent` ("" at the top).
std::string JoinPath(const std::string& parent, std::string_view name) {
  if (parent.empty()) return std::string(name);
  return absl::StrCat(parent, ".", AbslView(name));
}

// The JSON path of a field given by its descriptors, outermost first.
std::string JsonPathOf(const FieldPath& path) {
  std::vector<std::string> names;
  for (const FieldDescriptor* field : path) names.push_back(field->json_name());
  return absl::StrJoin(names, ".");
}

// The values a client may send for `type`: its names but the zero
// *_UNSPECIFIED value, which means "not given".
std::string EnumChoices(const google::protobuf::EnumDescriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.value_count(); ++i) {
    const auto& value = *type.value(i);
    if (value.number() == 0 && absl::EndsWith(value.name(), "_UNSPECIFIED"))
      continue;
    names.push_back(value.name());
  }
  return absl::StrCat("must be one of ", absl::StrJoin(names, ", "));
}

// The field a JSON object key names: its proto name or its json_name.
const FieldDescriptor* FieldByJsonKey(const Descriptor& type,
                                      const std::string& key) {
  if (const FieldDescriptor* field = type.FindFieldByName(key)) return field;
  for (int i = 0; i < type.field_count(); ++i) {
    if (type.field(i)->json_name() == key) return type.field(i);
  }
  return nullptr;
}

std::string KnownFields(const Descriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.field_count(); ++i) {
    names.push_back(type.field(i)->json_name());
  }
  return absl::StrJoin(names, ", ");
}

absl::Status UnknownField(const std::string& path, const std::string& parent,
                          const Descriptor& type) {
  return errors::InvalidField(
      path, absl::StrCat("no such field in ",
                         parent.empty() ? "this request" : parent,
                         "; known fields: ", KnownFields(type)));
}

template <typename T>
bool ParseNumberText(const std::string& text, T* value) {
  if constexpr (std::is_same_v<T, float>) {
    return absl::SimpleAtof(text, value);
  } else if constexpr (std::is_same_v<T, double>) {
    return absl::SimpleAtod(text, value);
  } else {
    return absl::SimpleAtoi(text, value);
  }
}

// Why `number` (already known to be a number) is not a T, or "".
template <typename T>
std::string NumberProblem(double number) {
  if constexpr (std::is_floating_point_v<T>) {
    return "";
  } else {
    if (number != std::trunc(number)) return "must be a whole number";
    if (number < static_cast<double>(std::numeric_limits<T>::min()) ||
        number > static_cast<double>(std::numeric_limits<T>::max())) {
      return absl::StrCat("must be a whole number from ",
                          std::numeric_limits<T>::min(), " to ",
                          std::numeric_limits<T>::max());
    }
    return "";
  }
}

// Why `text` is not a T, in the user's words, or "".
template <typename T>
std::string NumberTextProblem(const std::string& text) {
  T value{};
  if (ParseNumberText(text, &value)) return "";
  double number = 0;
  if (!absl::SimpleAtod(text, &number) || !std::isfinite(number)) {
    return std::is_floating_point_v<T> ? "must be a number"
                                       : "must be a whole number";
  }
  // Text of a whole number in range that is not in integer form ("3.0").
  const std::string problem = NumberProblem<T>(number);
  return problem.empty() ? "must be a whole number" : problem;
}

// A number of type T from its text, or the phrase saying what it must be.
template <typename T>
absl::StatusOr<T> ParseNumber(const std::string& text) {
  T value{};
  if (ParseNumberText(text, &value)) return value;
  return absl::InvalidArgumentError(NumberTextProblem<T>(text));
}

// Why a JSON value is not a number of type T (the JSON mapping also allows
// one written as a string), or "".
template <typename T>
std::string JsonNumberProblem(const nlohmann::json& value) {
  if (value.is_string()) return NumberTextProblem<T>(value.get<std::string>());
  if (!value.is_number()) {
    return std::is_floating_point_v<T> ? "must be a number"
                                       : "must be a whole number";
  }
  if constexpr (!std::is_floating_point_v<T>) {
    // Exact for integers beyond a double's 53 bits.
    if (value.is_number_unsigned()) {
      if (value.get<uint64_t>() <=
          static_cast<uint64_t>(std::numeric_limits<T>::max())) {
        return "";
      }
      return NumberProblem<T>(std::numeric_limits<double>::max());
    }
    if (value.is_number_integer()) {
      const int64_t number = value.get<int64_t>();
      const bool fits =
          std::is_unsigned_v<T>
              ? number >= 0 &&
                    static_cast<uint64_t>(number) <=
                        static_cast<uint64_t>(std::numeric_limits<T>::max())
              : number >= static_cast<int64_t>(std::numeric_limits<T>::min()) &&
                    number <=
                        static_cast<int64_t>(std::numeric_limits<T>::max());
      return fits ? "" : NumberProblem<T>(static_cast<double>(number));
    }
  }
  return NumberProblem<T>(value.get<double>());
}

absl::Status CheckJsonObject(const nlohmann::json& value,
                             const Descriptor& type, const std::string& path);

// What a well-known message type's JSON string must look like, or "" when
// `text` is one.
std::string WellKnownTextProblem(const Descriptor& type,
                                 const std::string& text) {
  util::JsonParseOptions options;
  // A dynamic message: `type` may come from a pool of its own (tests).
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<Message> probe(factory.GetPrototype(&type)->New());
  if (util::JsonStringToMessage(nlohmann::json(text).dump(), probe.get(),
                                options)
          .ok()) {
    return "";
  }
  if (type.full_name() == "google.protobuf.Timestamp") {
    return "must be a time in RFC 3339 form, e.g. 2026-03-01T09:00:00Z";
  }
  if (type.full_name() == "google.protobuf.Duration") {
    return "must be a duration in seconds, e.g. \"90s\" or \"1.5s\"";
  }
  if (type.full_name() == "google.protobuf.FieldMask") {
    return "must be field names separated by commas, e.g. \"name,capacity\"";
  }
  return absl::StrCat("must be a ", type.name(), " in its JSON form");
}

// The problem of one element of `field` at `path`, in the user's words.
absl::Status CheckJsonElement(const nlohmann::json& value,
                              const FieldDescriptor& field,
                              const std::string& path) {
  std::string problem;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_BOOL:
      if (!value.is_boolean()) problem = "must be true or false";
      break;
    case FieldDescriptor::CPPTYPE_STRING:
      if (!value.is_string()) problem = "must be a string";
      break;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto& type = *field.enum_type();
      const bool known =
          type.full_name() == "google.protobuf.NullValue" ||
          (value.is_string() &&
           type.FindValueByName(value.get<std::string>()) != nullptr) ||
          (value.is_number_integer() && value.get<int64_t>() >= INT32_MIN &&
           value.get<int64_t>() <= INT32_MAX &&
           type.FindValueByNumber(static_cast<int>(value.get<int64_t>())) !=
               nullptr);
      if (!known) problem = EnumChoices(type);
      break;
    }
    case FieldDescriptor::CPPTYPE_INT32:
      problem = JsonNumberProblem<int32_t>(value);
      break;
    case FieldDescriptor::CPPTYPE_INT64:
      problem = JsonNumberProblem<int64_t>(value);
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      problem = JsonNumberProblem<uint32_t>(value);
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      problem = JsonNumberProblem<uint64_t>(value);
      break;
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_DOUBLE:
      // The JSON mapping's names of the special values are numbers too.
      if (!(value.is_string() &&
            absl::c_linear_search(
                std::vector<std::string>{"NaN", "Infinity", "-Infinity"},
                value.get<std::string>()))) {
        problem = JsonNumberProblem<double>(value);
      }
      break;
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Descriptor& type = *field.message_type();
      if (IsWrapperType(type)) {
        return CheckJsonElement(value, *type.FindFieldByNumber(1), path);
      }
      if (type.full_name() == "google.protobuf.Timestamp" ||
          type.full_name() == "google.protobuf.Duration" ||
          type.full_name() == "google.protobuf.FieldMask") {
        problem = value.is_string()
                      ? WellKnownTextProblem(type, value.get<std::string>())
                      : WellKnownTextProblem(type, "");
        break;
      }
      if (type.file()->package() == "google.protobuf") break;  // Struct, Any
      if (!value.is_object()) {
        problem = "must be an object";
        break;
      }
      return CheckJsonObject(value, type, path);
    }
  }
  if (problem.empty()) return absl::OkStatus();
  return errors::InvalidField(path, problem);
}

// protobuf's JSON parser tolerates values the proto3 JSON mapping forbids
// ("yes" for a bool, a lone value for a repeated field) and names what it
// refuses in proto terms: the body is checked against the descriptor first,
// field by field, and each problem said in the user's words.
absl::Status CheckJsonObject(const nlohmann::json& value,
                             const Descriptor& type, const std::string& path) {
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string field_path = JoinPath(path, it.key());
    const FieldDescriptor* field = FieldByJsonKey(type, it.key());
    if (field == nullptr) return UnknownField(field_path, path, type);
    if (it->is_null()) continue;  // null: the field's default
    if (field->is_map()) {
      if (!it->is_object())
        return errors::InvalidField(field_path, "must be an object");
      const FieldDescriptor& entry = *field->message_type()->map_value();
      for (auto element = it->begin(); element != it->end(); ++element) {
        auto status = CheckJsonElement(
            *element, entry,
            absl::StrCat(field_path, "[", nlohmann::json(element.key()).dump(),
                         "]"));
        if (!status.ok()) return status;
      }
    } else if (field->is_repeated()) {
      if (!it->is_array())
        return errors::InvalidField(field_path, "must be an array");
      for (size_t i = 0; i < it->size(); ++i) {
        auto status = CheckJsonElement((*it)[i], *field,
                                       absl::StrCat(field_path, "[", i, "]"));
        if (!status.ok()) return status;
      }
    } else if (auto status = CheckJsonElement(*it, *field, field_path);
               !status.ok()) {
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
    if (auto status = CheckJsonObject(parsed, *message.GetDescriptor(), "");
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
  // Not reached by anything the check above lets through but a value
  // protobuf refuses on its own (a field given twice by both its names):
  // protobuf's words name proto types, so they stay out of the answer.
  return absl::InvalidArgumentError(
      "the JSON body does not fit this request (a field given twice?)");
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
  return absl::InvalidArgumentError(WellKnownTextProblem(type, text));
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
      auto value = ParseNumber<int32_t>(text);
      if (!value.ok()) return value.status();
      repeated ? r.AddInt32(&message, &field, *value)
               : r.SetInt32(&message, &field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      auto value = ParseNumber<int64_t>(text);
      if (!value.ok()) return value.status();
      repeated ? r.AddInt64(&message, &field, *value)
               : r.SetInt64(&message, &field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      auto value = ParseNumber<uint32_t>(text);
      if (!value.ok()) return value.status();
      repeated ? r.AddUInt32(&message, &field, *value)
               : r.SetUInt32(&message, &field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      auto value = ParseNumber<uint64_t>(text);
      if (!value.ok()) return value.status();
      repeated ? r.AddUInt64(&message, &field, *value)
               : r.SetUInt64(&message, &field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_FLOAT: {
      auto value = ParseNumber<float>(text);
      if (!value.ok()) return value.status();
      repeated ? r.AddFloat(&message, &field, *value)
               : r.SetFloat(&message, &field, *value);
      return absl::OkStatus();
    }
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      auto value = ParseNumber<double>(text);
      if (!value.ok()) return value.status();
      repeated ? r.AddDouble(&message, &field, *value)
               : r.SetDouble(&message, &field, *value);
      return absl::OkStatus();
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
      if (value == nullptr)
        return absl::InvalidArgumentError(EnumChoices(type));
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
      // The name goes into the answer (a proto string): UTF-8 only.
      if (!IsValidUtf8(name)) {
        return absl::InvalidArgumentError(
            "a query parameter's name is not UTF-8");
      }
      return errors::InvalidField(
          std::string(name),
          absl::StrCat("no such parameter for this request; known: ",
                       KnownFields(root)));
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
      return errors::InvalidField(JsonPathOf(path),
                                  std::string(status.message()));
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
      return errors::InvalidField(JsonPathOf(*path), std::string(conflict));
    }
    if (!path->back()->is_repeated() && !seen.insert(*path).second) {
      return errors::InvalidField(JsonPathOf(*path), "is given more than once");
    }
    auto status = SetFromText(MutableParent(message, *path), *path->back(),
                              parameter.value);
    if (!status.ok()) {
      return errors::InvalidField(JsonPathOf(*path),
                                  std::string(status.message()));
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
  if (PrintAnswerJson(message, &json)) return json;
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
                      std::string(status.message()),
                      errors::SerializedDetails(status));
}

}  // namespace jstedu::gateway
