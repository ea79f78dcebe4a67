#include "gateway/route_table.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gateway/url.h"
#include "google/api/annotations.pb.h"
#include "google/api/http.pb.h"
#include "jstedu/api/v1/deadline.pb.h"
#include "jstedu/api/v1/personal_data.pb.h"

namespace jstedu::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;
using Kind = PathTemplate::SegmentKind;

bool IsIdentifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

bool IsLiteralChar(char c) {
  static constexpr std::string_view kSpecial = "/{}*:=?#%";
  return c > ' ' && c < 0x7F && kSpecial.find(c) == std::string_view::npos;
}

// After the leading '.': what a file extension is made of, and never a
// character that could end the segment or start a verb.
bool IsSuffixChar(char c) {
  return IsIdentifierChar(c) || c == '.' || c == '-';
}

// Recursive-descent parser for the template grammar in route_table.h.
class TemplateParser {
 public:
  explicit TemplateParser(std::string_view text) : text_(text) {}

  absl::StatusOr<PathTemplate> Parse() {
    result_.text = std::string(text_);
    if (!Consume('/')) return Error("must start with '/'");
    if (auto status = ParseSegments(/*in_variable=*/false); !status.ok()) {
      return status;
    }
    if (Consume(':')) {
      const size_t start = pos_;
      while (pos_ < text_.size() && IsLiteralChar(text_[pos_])) ++pos_;
      if (pos_ == start) return Error("empty custom verb");
      result_.verb = std::string(text_.substr(start, pos_ - start));
    }
    if (pos_ != text_.size()) return Error("unexpected character");
    for (size_t i = 0; i + 1 < result_.segments.size(); ++i) {
      if (result_.segments[i].kind == Kind::kAnyPath) {
        return Error("'**' must be the last segment");
      }
    }
    return std::move(result_);
  }

 private:
  absl::Status ParseSegments(bool in_variable) {
    do {
      if (auto status = ParseSegment(in_variable); !status.ok()) return status;
    } while (Consume('/'));
    return absl::OkStatus();
  }

  absl::Status ParseSegment(bool in_variable) {
    if (Consume('*')) {
      result_.segments.push_back(
          {Consume('*') ? Kind::kAnyPath : Kind::kAny, "", ""});
      return absl::OkStatus();
    }
    if (Peek('{')) {
      if (in_variable) return Error("nested variable");
      return ParseVariable();
    }
    const size_t start = pos_;
    while (pos_ < text_.size() && IsLiteralChar(text_[pos_])) ++pos_;
    if (pos_ == start) return Error("empty or invalid segment");
    result_.segments.push_back(
        {Kind::kLiteral, std::string(text_.substr(start, pos_ - start)), ""});
    return absl::OkStatus();
  }

  absl::Status ParseVariable() {
    Consume('{');
    PathTemplate::Variable variable;
    do {
      const size_t start = pos_;
      while (pos_ < text_.size() && IsIdentifierChar(text_[pos_])) ++pos_;
      if (pos_ == start) return Error("empty field name in variable");
      variable.field_path.emplace_back(text_.substr(start, pos_ - start));
    } while (Consume('.'));
    variable.first = result_.segments.size();
    if (Consume('=')) {
      if (auto status = ParseSegments(/*in_variable=*/true); !status.ok()) {
        return status;
      }
    } else {
      result_.segments.push_back({Kind::kAny, "", ""});
    }
    variable.end = result_.segments.size();
    if (!Consume('}')) return Error("expected '}'");
    if (Peek('.')) {
      if (auto status = ParseSuffix(variable); !status.ok()) return status;
    } else if (pos_ < text_.size() && !Peek('/') && !Peek(':')) {
      return Error(
          "a variable must end its segment, or be followed by a suffix "
          "starting with '.'");
    }
    for (const auto& other : result_.variables) {
      if (other.field_path == variable.field_path) {
        return Error("field bound twice");
      }
    }
    result_.variables.push_back(std::move(variable));
    return absl::OkStatus();
  }

  // ".ics" after `variable`'s '}', kept on its (only) segment.
  absl::Status ParseSuffix(const PathTemplate::Variable& variable) {
    PathTemplate::Segment& segment = result_.segments.back();
    if (variable.end != variable.first + 1 || segment.kind != Kind::kAny) {
      return Error(
          "a suffix may only follow a one-segment variable ({field} or "
          "{field=*})");
    }
    const size_t start = pos_;
    Consume('.');
    while (pos_ < text_.size() && IsSuffixChar(text_[pos_])) ++pos_;
    if (pos_ == start + 1) return Error("empty suffix after '.'");
    if (Peek('/')) return Error("a suffix is allowed only in the last segment");
    if (pos_ < text_.size() && !Peek(':')) {
      return Error("a suffix may only hold letters, digits, '.', '_' and '-'");
    }
    segment.suffix = std::string(text_.substr(start, pos_ - start));
    return absl::OkStatus();
  }

  bool Peek(char c) const { return pos_ < text_.size() && text_[pos_] == c; }
  bool Consume(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  absl::Status Error(std::string_view what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("path template \"", std::string(text_),
                     "\": ", std::string(what), " at offset ", pos_));
  }

  std::string_view text_;
  size_t pos_ = 0;
  PathTemplate result_;
};

// Splits "a/b/" into "a", "b", "".
std::vector<std::string_view> SplitSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  for (size_t slash; (slash = path.find('/', start)) != std::string_view::npos;
       start = slash + 1) {
    segments.push_back(path.substr(start, slash - start));
  }
  segments.push_back(path.substr(start));
  return segments;
}

// One segment's rank: literal 3, variable with a suffix 2, variable or '*'
// 1, '**' 0; then the suffix's length, so that `{x}.tar.gz` beats `{x}.gz`
// whatever the table order.
using SegmentRank = std::pair<int, size_t>;

// Segment by segment; higher is more specific, compared lexicographically.
std::vector<SegmentRank> Specificity(const PathTemplate& path) {
  std::vector<SegmentRank> ranks;
  ranks.reserve(path.segments.size());
  for (const auto& segment : path.segments) {
    switch (segment.kind) {
      case Kind::kLiteral:
        ranks.emplace_back(3, 0);
        break;
      case Kind::kAny:
        ranks.emplace_back(segment.suffix.empty() ? 1 : 2,
                           segment.suffix.size());
        break;
      case Kind::kAnyPath:
        ranks.emplace_back(0, 0);
        break;
    }
  }
  return ranks;
}

// "GET /v1/jsts/*:verb": equal for templates that match the same paths.
std::string ShapeKey(const std::string& http_method, const PathTemplate& path) {
  std::string key = http_method + " ";
  for (const auto& segment : path.segments) {
    key += "/";
    // A literal has no '*', so "*.ics" is only ever a suffixed variable.
    key += segment.kind == Kind::kLiteral ? segment.literal
           : segment.kind == Kind::kAny   ? "*" + segment.suffix
                                          : "**";
  }
  if (!path.verb.empty()) absl::StrAppend(&key, ":", path.verb);
  return key;
}

absl::Status RuleError(const MethodDescriptor& method, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat("google.api.http rule of ", method.full_name(), ": ", what));
}

// The part of the request segment `actual` that `expected` binds (all of
// it, or what precedes the suffix), or nothing when it does not match.
// `expected` is a literal or `*`; `**` is matched by the caller.
std::optional<std::string_view> MatchSegment(
    const PathTemplate::Segment& expected, std::string_view actual) {
  if (expected.kind == Kind::kLiteral) {
    if (actual != expected.literal) return std::nullopt;
    return actual;
  }
  if (actual.size() <= expected.suffix.size() ||
      actual.substr(actual.size() - expected.suffix.size()) !=
          expected.suffix) {
    return std::nullopt;
  }
  return actual.substr(0, actual.size() - expected.suffix.size());
}

// Resolves a variable's field path in the request type. Intermediate fields
// must be singular messages; the leaf a singular scalar or enum.
absl::StatusOr<std::vector<const FieldDescriptor*>> ResolveVariableField(
    const MethodDescriptor& method, const std::vector<std::string>& path) {
  std::vector<const FieldDescriptor*> fields;
  const Descriptor* type = method.input_type();
  const std::string dotted = absl::StrJoin(path, ".");
  for (size_t i = 0; i < path.size(); ++i) {
    const FieldDescriptor* field =
        type == nullptr ? nullptr : type->FindFieldByName(path[i]);
    if (field == nullptr) {
      return RuleError(
          method, absl::StrCat("variable {", dotted, "} names no field of ",
                               method.input_type()->full_name()));
    }
    const bool leaf = i + 1 == path.size();
    const bool is_message =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (field->is_repeated() || is_message == leaf) {
      return RuleError(method,
                       absl::StrCat("variable {", dotted,
                                    "} must name a singular scalar "
                                    "field, through singular messages"));
    }
    fields.push_back(field);
    type = is_message ? field->message_type() : nullptr;
  }
  return fields;
}

struct Pattern {
  std::string http_method;
  std::string path;
};

absl::StatusOr<Pattern> RulePattern(const MethodDescriptor& method,
                                    const google::api::HttpRule& rule) {
  using Rule = google::api::HttpRule;
  switch (rule.pattern_case()) {
    case Rule::kGet:
      return Pattern{"GET", rule.get()};
    case Rule::kPut:
      return Pattern{"PUT", rule.put()};
    case Rule::kPost:
      return Pattern{"POST", rule.post()};
    case Rule::kDelete:
      return Pattern{"DELETE", rule.delete_()};
    case Rule::kPatch:
      return Pattern{"PATCH", rule.patch()};
    case Rule::kCustom:
      return Pattern{rule.custom().kind(), rule.custom().path()};
    case Rule::PATTERN_NOT_SET:
      break;
  }
  return RuleError(method, "no HTTP method and path");
}

}  // namespace

absl::StatusOr<PathTemplate> ParsePathTemplate(std::string_view text) {
  return TemplateParser(text).Parse();
}

std::optional<std::vector<std::string>> MatchPathTemplate(
    const PathTemplate& path, const std::vector<std::string>& segments,
    std::string_view verb) {
  if (verb != path.verb) return std::nullopt;
  const bool open_ended =
      !path.segments.empty() && path.segments.back().kind == Kind::kAnyPath;
  const size_t fixed = path.segments.size() - (open_ended ? 1 : 0);
  if (open_ended ? segments.size() < fixed : segments.size() != fixed) {
    return std::nullopt;
  }
  // What each segment binds: the segment, less its suffix if any.
  std::vector<absl::string_view> bound(segments.begin(), segments.end());
  for (size_t i = 0; i < fixed; ++i) {
    const auto part = MatchSegment(path.segments[i], segments[i]);
    if (!part) return std::nullopt;
    bound[i] = absl::string_view(part->data(), part->size());
  }
  std::vector<std::string> values;
  values.reserve(path.variables.size());
  for (const auto& variable : path.variables) {
    const bool to_end = path.segments[variable.end - 1].kind == Kind::kAnyPath;
    const size_t end = to_end ? bound.size() : variable.end;
    values.push_back(absl::StrJoin(bound.begin() + variable.first,
                                   bound.begin() + end, "/"));
  }
  return values;
}

RouteTable::RouteTable()
    : factory_(std::make_unique<google::protobuf::DynamicMessageFactory>()) {
  factory_->SetDelegateToGeneratedFactory(true);
}

absl::StatusOr<RouteTable> RouteTable::FromServices(
    const std::vector<const google::protobuf::ServiceDescriptor*>& services) {
  RouteTable table;
  for (const auto* service : services) {
    for (int i = 0; i < service->method_count(); ++i) {
      if (auto status = table.AddRoutes(*service->method(i)); !status.ok()) {
        return status;
      }
    }
  }
  std::map<std::string, const Route*> seen;
  for (const Route& route : table.routes_) {
    auto [it, inserted] =
        seen.emplace(ShapeKey(route.http_method, route.path), &route);
    if (!inserted) {
      return absl::AlreadyExistsError(absl::StrCat(
          "duplicate route ", route.http_method, " ", route.path.text, " (",
          route.method->full_name(), ") and ", it->second->http_method, " ",
          it->second->path.text, " (", it->second->method->full_name(), ")"));
    }
  }
  return table;
}

absl::StatusOr<RouteTable> RouteTable::FromGeneratedPool(
    const std::vector<std::string>& service_names) {
  std::vector<const google::protobuf::ServiceDescriptor*> services;
  for (const auto& name : service_names) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    if (service == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("service ", name,
                       " is not in the generated descriptor pool; link its "
                       "proto library whole-archive"));
    }
    services.push_back(service);
  }
  return FromServices(services);
}

namespace {

bool HoldsPersonalData(const Descriptor& message,
                       std::set<const Descriptor*>& seen) {
  if (!seen.insert(&message).second) return false;  // recursive types
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    if (field.options().GetExtension(api::v1::personal_data) ||
        field.options().GetExtension(api::v1::secret)) {
      return true;
    }
    if (field.message_type() != nullptr &&
        HoldsPersonalData(*field.message_type(), seen)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool AnswersPersonalData(const Descriptor& message) {
  std::set<const Descriptor*> seen;
  return HoldsPersonalData(message, seen);
}

absl::Status RouteTable::AddRoutes(const MethodDescriptor& method) {
  if (!method.options().HasExtension(google::api::http)) {
    return absl::OkStatus();
  }
  const google::api::HttpRule& top =
      method.options().GetExtension(google::api::http);
  if (method.client_streaming() || method.server_streaming()) {
    return RuleError(method, "streaming methods cannot have HTTP routes");
  }
  std::vector<const google::api::HttpRule*> rules = {&top};
  for (const auto& extra : top.additional_bindings()) {
    if (extra.additional_bindings_size() > 0) {
      return RuleError(method, "additional_bindings must not nest");
    }
    rules.push_back(&extra);
  }
  for (const auto* rule : rules) {
    auto pattern = RulePattern(method, *rule);
    if (!pattern.ok()) return pattern.status();
    auto path = ParsePathTemplate(pattern->path);
    if (!path.ok()) return RuleError(method, path.status().message());
    Route route;
    route.http_method = pattern->http_method;
    route.method = &method;
    route.grpc_path =
        absl::StrCat("/", method.service()->full_name(), "/", method.name());
    route.raw_response = method.output_type()->full_name() == kHttpBodyType;
    route.personal_answer = AnswersPersonalData(*method.output_type());
    route.min_deadline = std::chrono::seconds(
        method.options().GetExtension(api::v1::deadline_seconds));
    route.body = rule->body();
    if (!route.body.empty() && route.body != "*") {
      route.body_field = method.input_type()->FindFieldByName(route.body);
      if (route.body_field == nullptr || route.body_field->is_map()) {
        return RuleError(method, absl::StrCat("body \"", route.body,
                                              "\" names no usable field"));
      }
      if (route.body_field->type() == FieldDescriptor::TYPE_BYTES &&
          !route.body_field->is_repeated()) {
        route.raw_body_media_type = kRawBodyMediaType;
      }
    }
    for (const auto& variable : path->variables) {
      auto fields = ResolveVariableField(method, variable.field_path);
      if (!fields.ok()) return fields.status();
      route.variable_fields.push_back(*std::move(fields));
    }
    route.path = *std::move(path);
    route.request_prototype = factory_->GetPrototype(method.input_type());
    route.response_prototype = factory_->GetPrototype(method.output_type());
    if (!route.path.verb.empty()) verbs_.push_back(route.path.verb);
    routes_.push_back(std::move(route));
  }
  return absl::OkStatus();
}

RouteMatch RouteTable::Match(std::string_view http_method,
                             std::string_view path) const {
  RouteMatch result;
  if (path.empty() || path[0] != '/') return result;
  std::vector<std::string_view> raw = SplitSegments(path.substr(1));
  // The verb is split off the raw last segment, so an escaped ':' (%3A) in a
  // value never starts one.
  std::string verb;
  std::string_view& last = raw.back();
  if (const size_t colon = last.rfind(':'); colon != std::string_view::npos) {
    const std::string candidate(last.substr(colon + 1));
    if (std::find(verbs_.begin(), verbs_.end(), candidate) != verbs_.end()) {
      verb = candidate;
      last = last.substr(0, colon);
    }
  }
  std::vector<std::string> segments;
  segments.reserve(raw.size());
  for (std::string_view segment : raw) {
    auto decoded = PercentDecode(segment, /*plus_as_space=*/false);
    if (!decoded.ok()) {
      result.outcome = RouteMatch::Outcome::kBadPath;
      return result;
    }
    segments.push_back(*std::move(decoded));
  }
  std::set<std::string> allowed;
  std::vector<SegmentRank> best_rank;
  for (const Route& route : routes_) {
    auto values = MatchPathTemplate(route.path, segments, verb);
    if (!values) continue;
    allowed.insert(route.http_method);
    if (route.http_method != http_method) continue;
    std::vector<SegmentRank> rank = Specificity(route.path);
    if (result.route == nullptr || rank > best_rank) {
      result.route = &route;
      result.values = *std::move(values);
      best_rank = std::move(rank);
    }
  }
  if (result.route != nullptr) {
    result.outcome = RouteMatch::Outcome::kMatched;
  } else if (!allowed.empty()) {
    result.outcome = RouteMatch::Outcome::kMethodNotAllowed;
    result.allowed_methods.assign(allowed.begin(), allowed.end());
  }
  return result;
}

}  // namespace jstedu::gateway
