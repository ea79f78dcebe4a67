#include "common/pg/status.h"

#include <pqxx/except>

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/pg/prepared.h"
#include "common/status/errors.h"
#include "google/rpc/error_details.pb.h"

namespace jstedu::pg {
namespace {

// A private payload (not a google.rpc detail): never leaves the process.
constexpr char kSqlStatePayload[] = "jstedu.pg/sqlstate";

absl::Status FromSqlState(const std::string& state) {
  if (state == "40001" || state == "40P01") {
    return absl::AbortedError(
        "the data changed at the same time by another request; retry");
  }
  if (state == "23505") {
    return absl::AlreadyExistsError(
        "this conflicts with a record that already exists");
  }
  if (state == "23503" || state == "23P01") {
    return absl::FailedPreconditionError("this conflicts with related records");
  }
  if (state == "23502" || state == "23514" || absl::StartsWith(state, "22")) {
    return absl::InvalidArgumentError("a value cannot be stored as given");
  }
  if (state == "57014") {
    return absl::DeadlineExceededError("the database did not answer in time");
  }
  if (absl::StartsWith(state, "08") || absl::StartsWith(state, "57P")) {
    return absl::UnavailableError("the database is unavailable; retry");
  }
  return absl::InternalError("internal database error");
}

absl::Status Mapped(const std::exception& error, std::string* state) {
  // A COMMIT in doubt is a lost connection here; whether its outcome
  // matters is RunInTransaction's to say (it knows whether the transaction
  // wrote).
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr ||
      dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
    return absl::UnavailableError("the database is unavailable; retry");
  }
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
  if (sql != nullptr) *state = sql->sqlstate();
  // A prepared statement outlived a schema change (prepared.h): another
  // attempt prepares it again.
  if (IsStalePlan(error)) {
    return absl::AbortedError(
        "the database schema changed during the request; retry");
  }
  // libpqxx 6.4 does not always fill sqlstate() (transaction_rollback
  // subclasses come without it), so the class decides where it is specific.
  if (dynamic_cast<const pqxx::transaction_rollback*>(&error) != nullptr) {
    return FromSqlState("40001");
  }
  if (sql != nullptr) return FromSqlState(*state);
  // libpqxx's own refusals of a value before it reaches the server (text
  // it cannot escape, a number out of range): the input's fault.
  if (dynamic_cast<const pqxx::argument_error*>(&error) != nullptr ||
      dynamic_cast<const pqxx::conversion_error*>(&error) != nullptr ||
      dynamic_cast<const pqxx::range_error*>(&error) != nullptr) {
    return absl::InvalidArgumentError("a value cannot be stored as given");
  }
  return absl::InternalError("internal database error");
}

// Attaches a google.rpc.ErrorInfo with `reason` (domain "jstedu").
void WithReason(absl::Status& status, const char* reason) {
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("jstedu");
  errors::AddDetail(status, info);
}

}  // namespace

absl::Status StatusFromException(const std::exception& error) {
  std::string state;
  absl::Status status = Mapped(error, &state);
  status.SetPayload(kSqlStatePayload, absl::Cord(state));
  return status;
}

absl::Status CommitOutcomeUnknownError() {
  absl::Status status = absl::UnavailableError(
      "the database connection was lost while saving; the outcome is "
      "unknown: retry with the same Idempotency-Key");
  WithReason(status, kCommitOutcomeUnknown);
  status.SetPayload(kSqlStatePayload, absl::Cord());
  return status;
}

absl::Status RequestAlreadyAppliedError() {
  absl::Status status = absl::AlreadyExistsError(
      "this request was already carried out (same Idempotency-Key); its "
      "answer was lost: read the resource to see the result");
  WithReason(status, kRequestAlreadyApplied);
  return status;
}

std::optional<std::string> SqlStateOf(const absl::Status& status) {
  auto state = status.GetPayload(kSqlStatePayload);
  if (!state.has_value()) return std::nullopt;
  return std::string(*state);
}

std::string LogText(const absl::Status& status) {
  std::string text(status.message());
  std::optional<std::string> state = SqlStateOf(status);
  if (state.has_value() && !state->empty()) {
    absl::StrAppend(&text, " (SQLSTATE ", *state, ")");
  }
  return text;
}

}  // namespace jstedu::pg
