#pragma once

// The JSON of an answer, printed straight from the message by reflection.
//
// protobuf 3.21's util::MessageToJsonString serializes the message, parses
// the bytes again through a type resolver and builds a tree of every field
// (always_print_primitive_fields) before it writes a character: for
// GET /v1/applications/{id} that was 39 % of the gateway's CPU
// (docs/benchmarks.md, "Session 4"). PrintAnswerJson writes the same text
// in one pass over the message. It is byte for byte what MessageToJson
// (transcoder.h) printed before, for every message the gateway answers
// with: json_printer_test compares the two on randomly filled messages of
// every jstedu type, of a test type with what those lack (oneofs,
// `optional` fields, repeated Timestamps, fields out of number order), and
// on every code point.
//
// What it prints: protobuf's JSON mapping with lowerCamelCase (json_name)
// names in declaration order; every field without presence also at its
// zero value; 64-bit integers as strings; enum values by name (a number
// the enum does not know as a number); bytes in padded base64;
// google.protobuf.Timestamp in RFC 3339 with 0, 3, 6 or 9 fraction
// digits; strings as UTF-8 with the escapes protobuf's printer uses
// (control characters, `"`, `\`, `<`, `>`, and the invisible formatting
// characters such as U+2028, as \uXXXX).
//
// What it leaves to protobuf's printer (returns false, `out` unchanged):
// proto2 types, maps, float and double, google.protobuf types other than
// Timestamp (Any, Duration, FieldMask, Struct, wrappers...), a string that
// is not valid UTF-8, a Timestamp out of its range. The caller then uses
// util::MessageToJsonString, which prints or fails as it always did.
//
// Thread-safe.

#include <google/protobuf/message.h>

#include <string>

namespace jstedu::gateway {

bool PrintAnswerJson(const google::protobuf::Message& message,
                     std::string* out);

}  // namespace jstedu::gateway
