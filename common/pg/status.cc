#include "common/pg/status.h"

#include <pqxx/except>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace jstedu::pg {
namespace {

absl::Status FromSqlState(const std::string& state, const std::string& what) {
  if (state == "40001" || state == "40P01") return absl::AbortedError(what);
  if (state == "23505") return absl::AlreadyExistsError(what);
  if (state == "23503" || state == "23P01") {
    return absl::FailedPreconditionError(what);
  }
  if (state == "23502" || state == "23514" || absl::StartsWith(state, "22")) {
    return absl::InvalidArgumentError(what);
  }
  if (state == "57014") return absl::DeadlineExceededError(what);
  if (absl::StartsWith(state, "08") || absl::StartsWith(state, "57P")) {
    return absl::UnavailableError(what);
  }
  return absl::InternalError(what);
}

}  // namespace

absl::Status StatusFromException(const std::exception& error) {
  std::string what = error.what();
  // Keep the primary message; DETAIL/HINT lines quote values.
  what = what.substr(0, what.find('\n'));
  while (!what.empty() && what.back() == ' ') what.pop_back();
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) {
    return absl::UnknownError(absl::StrCat("commit outcome unknown: ", what));
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) {
    return absl::UnavailableError(absl::StrCat("database unreachable: ", what));
  }
  // libpqxx 6.4 does not always fill sqlstate() (transaction_rollback
  // subclasses come without it), so the class decides where it is specific.
  if (dynamic_cast<const pqxx::transaction_rollback*>(&error) != nullptr) {
    return absl::AbortedError(what);
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
    return FromSqlState(sql->sqlstate(), what);
  }
  return absl::InternalError(what);
}

}  // namespace jstedu::pg
