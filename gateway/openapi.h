#pragma once

// The gateway's OpenAPI 3.0.3 document, generated from the same route table
// (and so the same google.api.http options and descriptors) the gateway
// routes by. Served at GET /v1/openapi.json; printed by jstedu-openapi.
//
// What the document says:
//   - paths: one path item per route template, `{field=pattern}` written as
//     `{field}` (its schema's `pattern` keeps the segments, e.g.
//     "^shelves/[^/]+$"), custom verbs and suffixes kept
//     (`/v1/items/{id}:approve`, `/v1/calendars/{id}.ics`); one operation
//     per route. operationId is "<Service>_<Method>" (the fully
//     qualified names with '_' for '.' when two services share a name), with
//     "_2", "_3"... for a method's additional_bindings; tag = the service.
//   - parameters: path variables (required); for routes without `body: "*"`,
//     a query parameter for every request field bound neither by the path
//     nor by the body, named by its lowerCamelCase json_name. Singular
//     message fields give "outer.inner" parameters for their scalar fields
//     (one level). Repeated fields are arrays (form, exploded); enums list
//     their value names. Map fields, and message fields that have no
//     single-value text form, have no parameter (the transcoder refuses them
//     too).
//   - requestBody for routes with a body rule: application/json with the
//     request message for "*", else the named field; a route with a raw
//     body (Route::raw_body_media_type) has `text/csv` with a binary string
//     instead (the file itself, not JSON).
//   - a FieldMask query parameter (`updateMask` of a PATCH route) is a
//     string of comma-separated JSON field names, so described.
//   - responses: 200 with the output message (on a raw-response route,
//     Route::raw_response, `*/*` with a binary string: the service names
//     the media type per answer); 400, 401, 403, 404, 409, 413,
//     415, 422, 429, 503 and `default` with the Error body
//     {code, message, details[{"@type", ...}]} (see transcoder.h).
//   - components/schemas: one per message reached, named by its name within
//     its package ("Jst", "Outer.Inner"), or its full name when two messages
//     (or a message and Error, Health, Readiness) share that name. Fields
//     follow protobuf's JSON mapping: json_name properties; 64-bit integers
//     as strings (each such schema says so in its description); enums as
//     strings of value names; bytes as base64; maps as objects; well-known
//     types in their JSON forms (Timestamp date-time string, Duration and
//     FieldMask strings, wrappers as their nullable scalar, Struct object,
//     Value anything, Any object with "@type", Empty object).
//   - info.description: the given description, then how answers are
//     printed (transcoder.h, MessageToJson): every field that is not a
//     message, `optional` or in a oneof always present, zeros included;
//     64-bit integers as strings; unset messages absent.
//   - security: bearer JWT on every operation except GET /healthz,
//     GET /readyz and GET /v1/openapi.json (`security: []`).
//   - descriptions from the proto comments: a descriptor's own
//     SourceCodeInfo when its pool has it, else that of its namesake in
//     ApiCommentPool() (the services' protos compiled with
//     --include_source_info and embedded; api_comments.h), as protoc's
//     generated C++ pool has none. Section headings ("// ---- editions")
//     are dropped. Operation summary: the first sentence of the RPC's
//     comment, without its "Errors:" line, else its name in words
//     ("Create edition."); description: the whole comment, then
//     "**Roles:** ..." from AccessTable() (access_policy.h), also given to
//     programs as the operation's `x-jstedu-roles` (kRolesExtension): the
//     role names allowed, [] for none (the console's menu reads it). A
//     string field
//     without a comment whose JSON name is one of the API's shared
//     references ("edition", "participant", "pageToken"...) gets that
//     name's one description (CommonFieldDescriptions in openapi.cc).
//
// Paths of the same shape (equal but for the names in braces) are one path
// item, as OpenAPI wants: the first route in table order names it, and the
// others' path parameters are renamed to match, each saying which request
// field it sets (GET /v1/editions/{code} and PATCH
// /v1/editions/{edition.code} are both under "/v1/editions/{code}").
//
// Limits: routes whose HTTP method is not one of OpenAPI's (a `custom` kind
// such as "LIST") are left out. Two routes of one method whose templates
// differ only inside a variable's pattern (`/v1/{a=x/*}`, `/v1/{a=y/*}`)
// share one OpenAPI path; the first in table order is documented.
//
// The output is deterministic (sorted object keys, fields in declaration
// order), so documents can be diffed. Pure function; thread-safe.

#include <string>

#include "gateway/route_table.h"

namespace jstedu::gateway {

// The operation extension listing the roles AccessTable() allows, by their
// jstedu.auth.v1.Role names, e.g. ["ADMIN", "MINISTRY"].
inline constexpr char kRolesExtension[] = "x-jstedu-roles";

// The document's `info` and `servers`.
struct OpenApiInfo {
  std::string title = "jstedu";
  std::string version = "v1";
  std::string description;  // before the fixed note on answers
  // `servers: [{url}]`; when empty, "/": the gateway serving the document.
  std::string server_url;
  std::string contact_name = "jstedu programme office";
  // No licence is granted for the API or its software: all rights
  // reserved by the programme (docs/api.md).
  std::string license_name = "Proprietary (all rights reserved)";
};

// The OpenAPI 3.0.3 document of `routes` as JSON text (2-space indented, with
// a final newline). Invalid UTF-8 in proto comments is replaced by U+FFFD.
std::string OpenApiDocument(const RouteTable& routes, const OpenApiInfo& info);

}  // namespace jstedu::gateway
