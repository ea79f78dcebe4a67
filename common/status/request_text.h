#pragma once

// The one check of request text every service runs at each handler's entry
// (grpcutil::Serve): every string field of a request, at any depth
// (singular, repeated, nested messages, map keys and values), must pass
// errors::TextProblem — one line, unless the field is marked
// `[(jstedu.api.v1.multiline) = true]` in its .proto (jstedu/api/v1/
// text.proto), the one place where a field's allowance is declared. Bytes
// fields (raw files) are the handler's to judge.
//
// Field paths are the API's: lowerCamelCase JSON names joined by '.', a
// repeated element as "[i]" ("activity.participants[2]",
// "representatives[0].firstName"); a map entry is an element whose
// ".key" or ".value" is named ("labels[0].key").
//
// Thread-safety: pure functions.

#include <google/protobuf/message.h>

#include <vector>

#include "absl/status/status.h"
#include "common/status/errors.h"

namespace jstedu::errors {

// Every string field of `request` with a TextProblem, in field order.
std::vector<FieldProblem> RequestTextProblems(
    const google::protobuf::Message& request);

// OK, or InvalidFields listing every such field (nothing has been done).
absl::Status CheckRequestText(const google::protobuf::Message& request);

}  // namespace jstedu::errors
