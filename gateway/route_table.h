#pragma once

// The gateway's routes: one per google.api.http binding of a gRPC method.
//
// Routes are read once at start-up from the `google.api.http` option of every
// method of the given services (RouteTable::FromServices), so adding an
// annotated RPC to a service proto adds its REST route with no gateway change.
// The table is a plain list of Route structs that other code (an OpenAPI
// generator, tests) can walk.
//
// Path templates follow google/api/http.proto, plus a suffix:
//   Template = "/" Segments [ ":" Verb ]
//   Segment  = "*" | "**" | LITERAL | Variable
//   Variable = "{" FieldPath [ "=" Segments ] "}"
//   Last     = Variable Suffix     (only as the last segment; see below)
//   Suffix   = "." 1*( ALPHA | DIGIT | "." | "_" | "-" )
// `{teryt}` means `{teryt=*}` (one segment); `{name=shelves/*}` binds
// "shelves/42"; `**` (zero or more segments) may only be last. A ':' always
// starts the custom verb, so literals cannot contain one.
//
// Suffix (our extension, for file-like routes such as
// `/v1/calendars/participants/{participant}.ics`): a one-segment variable
// (`{field}` or `{field=*}`, never `**` nor several segments) that is the
// template's last segment may be followed, within that segment, by a literal
// starting with '.'. A request segment matches when it ends with the suffix
// and something precedes it; the variable binds what precedes it
// ("p-1.ics" binds "p-1", "a.b.ics" binds "a.b"; ".ics" does not match). A
// custom verb may still follow (`{id}.ics:verb`).
//
// Matching (RouteTable::Match): a request path's last segment ends in
// ":<verb>" only when some route declares that verb. Among the routes of the
// request's HTTP method whose templates match, the most specific wins,
// comparing segment by segment: literal beats variable with a suffix (the
// longer suffix first) beats `*`/variable beats `**`. Segments are
// percent-decoded before comparison and binding, suffixes included
// ("p-1%2Eics" is "p-1.ics").
//
// Thread-safety: a built RouteTable is immutable; Match may be called from
// any number of threads.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/message.h"

namespace jstedu::gateway {

// A parsed path template.
struct PathTemplate {
  enum class SegmentKind {
    kLiteral,  // must equal `literal` (after percent-decoding the request)
    kAny,      // "*": exactly one non-empty segment
    kAnyPath,  // "**": zero or more segments; only as the last segment
  };
  struct Segment {
    SegmentKind kind;
    std::string literal;
    // kAny of a suffixed variable only: what the request segment must end
    // with, after the bound value (".ics"); "" for none.
    std::string suffix;
  };
  // A `{field.path=...}` variable covering segments [first, end); when the
  // last covered segment is "**", it binds up to the end of the request path.
  struct Variable {
    std::vector<std::string> field_path;  // proto field names, outermost first
    size_t first = 0;
    size_t end = 0;
  };

  std::string text;  // as written, e.g. "/v1/jsts/{teryt}"; the route label
  std::vector<Segment> segments;
  std::vector<Variable> variables;
  std::string verb;  // custom verb without ':', empty when none
};

// Parses a template. Returns InvalidArgument saying what is wrong and where.
absl::StatusOr<PathTemplate> ParsePathTemplate(std::string_view text);

// Matches percent-decoded request path segments (and the request's custom
// verb, "" for none) against `path`. Returns one value per variable of
// `path`, in order (multi-segment values joined with '/'), or nothing when it
// does not match.
std::optional<std::vector<std::string>> MatchPathTemplate(
    const PathTemplate& path, const std::vector<std::string>& segments,
    std::string_view verb);

// The media type of raw bodies. A route whose body rule names a single
// `bytes` field (`body: "csv"` for `bytes csv`) takes the request body as is
// into that field, sent as `text/csv` (UTF-8; no other charset); all other
// routes take JSON. One media type keeps it simple: the only raw bodies are
// CSV imports.
inline constexpr char kRawBodyMediaType[] = "text/csv";

// The output type of raw-response routes. A method returning this message
// (`string content_type = 1; bytes data = 2;`, proto/jstedu/api/v1/) answers
// with `data` as the HTTP body, verbatim, under its `content_type`, not with
// JSON: iCalendar feeds, file exports.
inline constexpr char kHttpBodyType[] = "jstedu.api.v1.HttpBody";

// True when `message` or a message it holds (at any depth, through
// repeated and map fields too) has a field marked
// `(jstedu.api.v1.personal_data) = true` (proto/jstedu/api/v1/).
bool AnswersPersonalData(const google::protobuf::Descriptor& message);

// One REST binding of one gRPC method.
struct Route {
  std::string http_method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
  PathTemplate path;
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string grpc_path;  // "/jstedu.recruitment.v1.RecruitmentService/GetJst"
  // The rule's `body`: "" (no body allowed), "*" (the whole request message)
  // or the name of a top-level request field (`body_field`).
  std::string body;
  const google::protobuf::FieldDescriptor* body_field = nullptr;
  // kRawBodyMediaType when `body_field` is a singular `bytes` field: the
  // route then takes its body raw, verbatim into that field, with that
  // Content-Type (and only that one). "" for every other route (JSON bodies).
  std::string raw_body_media_type;
  // True when the method's output type is kHttpBodyType: a successful
  // answer is written raw (HttpBodyResponse in transcoder.h), errors as
  // usual.
  bool raw_response = false;
  // True when the output type holds, at any depth, a field marked
  // `(jstedu.api.v1.personal_data)` (AnswersPersonalData): a successful
  // answer carries personal data and is never kept by the gateway
  // (idempotency.h).
  bool personal_answer = false;
  // The method's `(jstedu.api.v1.deadline_seconds)`: how long its upstream
  // call may take at least (zero: the gateway's deadline alone).
  std::chrono::seconds min_deadline{0};
  // The request fields each path variable sets, index-aligned with
  // `path.variables`, outermost first. Leaves are singular scalars or enums.
  std::vector<std::vector<const google::protobuf::FieldDescriptor*>>
      variable_fields;
  // Empty messages of the method's input and output types (owned by the
  // RouteTable); New() them to build requests and parse responses.
  const google::protobuf::Message* request_prototype = nullptr;
  const google::protobuf::Message* response_prototype = nullptr;
};

// The result of matching one request.
struct RouteMatch {
  enum class Outcome {
    kMatched,           // `route` and `values` are set
    kNotFound,          // no route of any method matches the path
    kMethodNotAllowed,  // routes of `allowed_methods` match, none of this one
    kBadPath,           // the path has a malformed percent-escape
  };
  Outcome outcome = Outcome::kNotFound;
  const Route* route = nullptr;
  // Decoded values of `route->path.variables`, index-aligned.
  std::vector<std::string> values;
  // Sorted, unique; set for kMethodNotAllowed.
  std::vector<std::string> allowed_methods;
};

class RouteTable {
 public:
  // Builds the routes of every method of `services` that has a
  // google.api.http option (including additional_bindings). Methods without
  // the option are not exposed. Returns InvalidArgument naming the method
  // when a rule is unusable: no pattern, a malformed template, a variable or
  // body naming a missing or unsuitable field, a streaming method, nested
  // additional_bindings; and AlreadyExists when two routes have the same
  // HTTP method and template shape (variable names aside; `{x}.ics` and
  // `{x}` are two shapes). `response_body` is ignored: responses are always
  // the whole output message (raw for kHttpBodyType, JSON otherwise).
  static absl::StatusOr<RouteTable> FromServices(
      const std::vector<const google::protobuf::ServiceDescriptor*>& services);

  // FromServices over the services named (fully qualified) in the generated
  // descriptor pool. Returns FailedPrecondition when a service is not linked
  // in.
  static absl::StatusOr<RouteTable> FromGeneratedPool(
      const std::vector<std::string>& service_names);

  RouteTable(RouteTable&&) = default;
  RouteTable& operator=(RouteTable&&) = default;

  const std::vector<Route>& routes() const { return routes_; }

  // Finds the route for `http_method` and the request `path` (no query).
  RouteMatch Match(std::string_view http_method, std::string_view path) const;

 private:
  RouteTable();
  absl::Status AddRoutes(const google::protobuf::MethodDescriptor& method);

  // Owns the prototypes of methods from non-generated pools (tests);
  // generated types come from the generated factory it delegates to.
  std::unique_ptr<google::protobuf::DynamicMessageFactory> factory_;
  std::vector<Route> routes_;
  std::vector<std::string> verbs_;  // custom verbs declared by any route
};

}  // namespace jstedu::gateway
