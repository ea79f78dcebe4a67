#include "common/pg/request_key.h"

#include <optional>
#include <pqxx/pqxx>
#include <utility>

#include "common/pg/prepared.h"
#include "common/pg/status.h"
#include "common/pg/transaction.h"
#include "common/status/errors.h"

namespace jstedu::pg {
namespace {

constexpr char kInsert[] =
    "INSERT INTO request_key (scoped_key, rpc, fingerprint) "
    "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
constexpr char kSelect[] =
    "SELECT rpc, fingerprint FROM request_key WHERE scoped_key = $1";
constexpr char kDeleteExpired[] =
    "DELETE FROM request_key WHERE created_at < now() - make_interval(secs "
    "=> $1)";

struct CallState {
  KeyedCall call;
  // This call's committed transaction recorded the key.
  bool recorded = false;
  // The transaction now open recorded it.
  bool recorded_in_open_transaction = false;
  // RecordRequestKey found it recorded by an earlier call: this call
  // answers for that one.
  bool applied_before = false;
};

thread_local std::optional<CallState> current;

// Whether the current call has a key left to record.
bool ToRecord() {
  return current.has_value() && !current->recorded &&
         !current->recorded_in_open_transaction && !current->applied_before;
}

// Inserts the current call's key in `tx`: OK, AlreadyExists or
// InvalidArgument (request_key.h).
absl::Status Insert(pqxx::transaction_base& tx) {
  const KeyedCall& call = current->call;
  if (pg::Exec(tx, kInsert, call.key, call.rpc, call.fingerprint)
          .affected_rows() == 1) {
    current->recorded_in_open_transaction = true;
    return absl::OkStatus();
  }
  // The row an earlier call committed (the insert waited for it).
  const pqxx::row recorded = pg::Exec1(tx, kSelect, call.key);
  if (recorded[0].as<std::string>() != call.rpc ||
      recorded[1].as<std::string>() != call.fingerprint) {
    return errors::InvalidField("Idempotency-Key",
                                "was used with a different request");
  }
  return RequestAlreadyAppliedError();
}

}  // namespace

KeyedCallScope::KeyedCallScope(KeyedCall call) {
  current.emplace(CallState{std::move(call)});
}

KeyedCallScope::~KeyedCallScope() { current.reset(); }

const KeyedCall* CurrentKeyedCall() {
  return current.has_value() ? &current->call : nullptr;
}

absl::Status RecordRequestKey(pqxx::transaction_base& tx) {
  if (current.has_value() && current->applied_before) {
    return RequestAlreadyAppliedError();
  }
  if (!ToRecord()) return absl::OkStatus();
  absl::Status status = Insert(tx);
  if (absl::IsAlreadyExists(status)) current->applied_before = true;
  return status;
}

absl::Status KeyedAttempt::BeforeCommit(pqxx::transaction_base& tx) {
  return ToRecord() ? Insert(tx) : absl::OkStatus();
}

KeyedAttempt::~KeyedAttempt() {
  if (current.has_value()) current->recorded_in_open_transaction = false;
}

void KeyedAttempt::Committed() {
  if (current.has_value() && current->recorded_in_open_transaction) {
    current->recorded = true;
  }
}

absl::StatusOr<int> DeleteExpiredRequestKeys(Pool& pool, absl::Duration age) {
  return RunInTransactionFor<int>(
      pool, [&](pqxx::transaction_base& tx) -> absl::StatusOr<int> {
        return static_cast<int>(
            pg::Exec(tx, kDeleteExpired, absl::ToDoubleSeconds(age))
                .affected_rows());
      });
}

}  // namespace jstedu::pg
