#pragma once

// The one place where libpqxx exceptions become absl::Status codes.
//
// Mapping (by SQLSTATE where the server sent one):
//   40001 serialization_failure, 40P01 deadlock_detected  -> Aborted
//   0A000 "cached plan must not change result type" (a
//     prepared statement outlived a schema change, prepared.h) -> Aborted
//   23505 unique_violation                                -> AlreadyExists
//   23503 foreign_key_violation, 23P01 exclusion          -> FailedPrecondition
//   23502 not_null, 23514 check, class 22 data exception  -> InvalidArgument
//   57014 query_canceled (statement timeout)              -> DeadlineExceeded
//   class 08, class 57P (shutdown, cannot connect)         -> Unavailable
//   broken_connection, in_doubt_error (lost during COMMIT) -> Unavailable
//   libpqxx's argument_error, conversion_error, range_error -> InvalidArgument
//     (a value refused before it reaches the server, e.g. text that is not
//     UTF-8)
//   anything else                                         -> Internal
// No database text reaches a caller: the message is a fixed sentence in the
// user's words per code (PostgreSQL's messages name tables and constraints,
// and those of class 22 quote the offending value, personal data among
// them). The SQLSTATE travels beside it for the logs (SqlStateOf).

#include <exception>
#include <optional>
#include <string>

#include "absl/status/status.h"

namespace jstedu::pg {

absl::Status StatusFromException(const std::exception& error);

// Unavailable: the connection was lost during the COMMIT of a transaction
// that wrote, so whether it took effect is unknown (RunInTransaction's
// answer then). It carries a google.rpc.ErrorInfo with reason
// kCommitOutcomeUnknown, and the message tells the client to retry with
// the same Idempotency-Key. That retry is safe: the gateway keeps no 5xx
// answer under a key, so it reaches the service again, and the service
// applies a keyed request at most once (pg/request_key.h). If the first
// COMMIT took effect, the retry answers RequestAlreadyAppliedError and
// writes nothing; if it did not, the retry runs as a first request.
inline constexpr char kCommitOutcomeUnknown[] = "COMMIT_OUTCOME_UNKNOWN";
absl::Status CommitOutcomeUnknownError();

// AlreadyExists: an earlier call under the same Idempotency-Key carried out
// this very request, and its answer was lost (pg/request_key.h). Carries a
// google.rpc.ErrorInfo with reason kRequestAlreadyApplied; the message
// tells the client to read the resource to see the result.
inline constexpr char kRequestAlreadyApplied[] = "REQUEST_ALREADY_APPLIED";
absl::Status RequestAlreadyAppliedError();

// A status as a log line may hold it: its message and, for a database
// error (whose message is a fixed sentence), " (SQLSTATE xxxxx)". Used
// wherever a database error is logged or recorded outside a request
// handler (readiness, relay, consumer, registry load), so the operator
// keeps the cause without PostgreSQL's text.
std::string LogText(const absl::Status& status);

// The SQLSTATE of a status StatusFromException made ("" when the server
// sent none, e.g. for a lost connection); nullopt for any other status.
// For logs only: it is a private payload, never sent to clients
// (grpcutil::ToGrpcStatus sends google.rpc details only).
std::optional<std::string> SqlStateOf(const absl::Status& status);

}  // namespace jstedu::pg
