#pragma once

// JSON/HTTP ⇄ protobuf/gRPC conversion for one route, with protobuf's JSON
// mapping (google::protobuf::util).
//
// Requests: the route's request message is built from, in this order,
//   1. the body, when the route has a body rule: JSON ("*" = the whole
//      message, "field" = that field; unknown JSON fields are errors), or,
//      on a route with a raw body (Route::raw_body_media_type, a `bytes`
//      body field), the body's bytes verbatim into that field;
//   2. the path variables (they win over the body);
//   3. the query parameters, for fields bound neither by the path nor by the
//      body. A parameter is named by a field's lowerCamelCase json_name or
//      its proto name, nested fields by dots ("filter.pageSize"); a repeated
//      field takes repeated parameters; enums are given by name (or number);
//      bytes in (URL-safe) base64; well-known types (Timestamp, Duration,
//      FieldMask, wrappers) in their JSON string form. Routes with body "*"
//      take no query parameters.
// Every error is INVALID_ARGUMENT with a message naming the parameter,
// variable or body problem; the caller turns it into HTTP 400.
//
// Responses are printed with the default JSON mapping: lowerCamelCase names,
// fields at their default value omitted, enums as names, UTF-8 as is; on a
// raw-response route (Route::raw_response) the jstedu.api.v1.HttpBody's
// bytes are the body instead (HttpBodyResponse).
//
// Errors become HTTP with the usual gRPC→HTTP table and a JSON body
// {"code": <gRPC code number>, "message": "...", "details": [...]}, where the
// details are the google.rpc.Status details (grpc-status-details-bin) as JSON
// Any objects with "@type".
//
// Pure functions; thread-safe.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/grpc/code_name.h"
#include "gateway/route_table.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/status.h"

namespace jstedu::gateway {

// How a request body is read.
enum class BodyFormat {
  kJson,  // protobuf's JSON mapping
  kRaw,   // the bytes as they are, into the route's `bytes` body field
};

// Builds the request message of `route` from the path variable `values`
// (index-aligned with route.path.variables, already percent-decoded), the
// raw `query` string (after '?', still encoded) and the raw `body` in
// `format`. A non-empty body on a route without a body rule, and a kRaw body
// on a route without a raw body, are errors. The body's Content-Type is the
// caller's to check (RequestBodyFormat).
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> BuildRequest(
    const Route& route, const std::vector<std::string>& values,
    std::string_view query, std::string_view body,
    BodyFormat format = BodyFormat::kJson);

// True for "application/json", any case, optionally with parameters
// ("application/json; charset=utf-8").
bool IsJsonContentType(std::string_view content_type);

// The format of a body sent with `content_type` to `route` (which has a
// body rule). A route with a raw body (Route::raw_body_media_type,
// "text/csv") takes exactly that media type (any case, parameters other
// than charset ignored), with no charset or charset=utf-8 (any case, maybe
// quoted): kRaw. Every other route takes application/json: kJson. Anything
// else is InvalidArgument with the message of the gateway's 415 answer,
// naming the media type expected, or the charset refused.
absl::StatusOr<BodyFormat> RequestBodyFormat(const Route& route,
                                             std::string_view content_type);

// The JSON text of `message` as every answer is printed: protobuf's JSON
// mapping, lowerCamelCase names, UTF-8 as is, and every field without
// presence printed also when it holds its zero value (0, "0" for 64-bit
// integers, "", false, the enum's zero value, [], {}). Unset message fields
// (a Timestamp included) and unset `optional`/oneof members are left out.
// Error details are printed the same way. Returns Internal when the
// message cannot be printed (an Any of an unknown type).
absl::StatusOr<std::string> MessageToJson(
    const google::protobuf::Message& message);

// A successful answer of a raw-response route, as the client gets it.
struct RawResponse {
  std::string content_type;  // the Content-Type header's value
  std::string body;          // the HttpBody's `data`, verbatim
};

// The response of a raw-response route (Route::raw_response) from its
// jstedu.api.v1.HttpBody: `data` as the body, byte for byte, and
// `content_type` as the Content-Type, application/octet-stream when empty.
// Returns Internal, an upstream fault (the gateway answers 502), when
// `content_type` holds anything but printable ASCII: a CR or LF would end
// the header line and let the service write headers of its own, other
// control characters and non-ASCII bytes have no place in a media type. The
// message never repeats the value. Also Internal when `http_body` does not
// have HttpBody's fields.
absl::StatusOr<RawResponse> HttpBodyResponse(
    const google::protobuf::Message& http_body);

// The HTTP status for a gRPC code: OK 200, CANCELLED 499, UNKNOWN 500,
// INVALID_ARGUMENT 400, DEADLINE_EXCEEDED 504, NOT_FOUND 404,
// ALREADY_EXISTS 409, PERMISSION_DENIED 403, RESOURCE_EXHAUSTED 429,
// FAILED_PRECONDITION 400, ABORTED 409, OUT_OF_RANGE 400,
// UNIMPLEMENTED 501, INTERNAL 500, UNAVAILABLE 503, DATA_LOSS 500,
// UNAUTHENTICATED 401; anything else 500.
int HttpStatusFromGrpc(grpc::StatusCode code);

// "NOT_FOUND" for grpc::StatusCode::NOT_FOUND, "CODE_<n>" for unknown codes
// (common/grpc/code_name.h, shared with the services' metrics).
using grpcutil::StatusCodeName;

// An HTTP status and its JSON body.
struct JsonReply {
  int http_status = 200;
  std::string body;
};

// The reply for a gRPC error: the table's HTTP status and the error body,
// with the details of `status.error_details()` (a serialized
// google.rpc.Status) when present. A detail whose type is not linked in is
// shown as {"@type": "<type url>"} only.
JsonReply ErrorReply(const grpc::Status& status);

// The error body for a refusal of the gateway's own whose HTTP status is
// not the table's (405, 413, 415, 431): {"code", "message", "details": []}.
JsonReply ErrorReply(int http_status, grpc::StatusCode code,
                     std::string_view message);

// grpc::Status with the same code and message.
grpc::Status ToGrpcStatus(const absl::Status& status);

// True for the google.protobuf wrapper messages (Int32Value, StringValue…),
// which the JSON mapping prints as their bare value.
bool IsWrapperType(const google::protobuf::Descriptor& type);

}  // namespace jstedu::gateway
