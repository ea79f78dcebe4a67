#pragma once

// Runs a unit of work in one PostgreSQL transaction.
//
// `work` receives the open transaction and returns a status. OK commits;
// any other status rolls back and is returned unchanged (no retry: the
// business said no). Exceptions thrown by libpqxx inside `work` or at commit
// are mapped with StatusFromException; serialization failures, deadlocks,
// prepared statements gone stale (prepared.h) and connections lost before
// COMMIT are retried up to `max_attempts` times with
// a short jittered backoff, each time on a fresh transaction and connection
// — so `work` must have no effects outside the transaction. Retries used
// up, the last status is returned (Unavailable for a lost connection).
//
// A connection lost during COMMIT: before committing, one statement asks
// PostgreSQL whether the transaction has a transaction id, i.e. wrote
// anything (txid_current_if_assigned(), PostgreSQL 10 and later; a row
// lock or a write rolled back to a savepoint counts as a write).
// One that only read lost nothing and is retried like a loss before
// COMMIT; one that wrote is not retried: its outcome is unknown
// (CommitOutcomeUnknownError, Unavailable with reason
// COMMIT_OUTCOME_UNKNOWN). Isolation::kSingleStatementRead has no COMMIT
// and Isolation::kSnapshotRead cannot write: both skip the question.
//
// Within a keyed call (request_key.h: a POST with an Idempotency-Key), a
// transaction that wrote records the call's key just before COMMIT,
// once per call. When an earlier call applied the key already, nothing is
// committed and the answer is AlreadyExists (REQUEST_ALREADY_APPLIED), or
// InvalidArgument naming Idempotency-Key when the earlier call was another
// request; not retried. So the retry the COMMIT_OUTCOME_UNKNOWN message
// asks for never applies a write twice.
//
// Inside `work`, pg::Exec (prepared.h) runs statements prepared on the
// attempt's connection, unless the pool has prepared statements off.
//
// Thread-safe as far as the pool is; `work` runs on the calling thread.

#include <functional>
#include <optional>
#include <pqxx/transaction_base>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/pg/pool.h"

namespace jstedu::pg {

enum class Isolation {
  kReadCommitted,
  kRepeatableRead,
  kSerializable,
  // No BEGIN/COMMIT: each statement runs on its own. Only for work that is a
  // single read-only statement, where it saves two round trips.
  kSingleStatementRead,
  // REPEATABLE READ READ ONLY: one snapshot for work of several reads.
  // PostgreSQL refuses any write in it (SQLSTATE 25006, a row lock
  // included), so it is known to have written nothing and COMMIT needs no
  // question first (one round trip fewer than kRepeatableRead).
  kSnapshotRead,
};

struct TxOptions {
  Isolation isolation = Isolation::kReadCommitted;
  int max_attempts = 5;
};

using Work = std::function<absl::Status(pqxx::transaction_base&)>;

absl::Status RunInTransaction(Pool& pool, const Work& work,
                              TxOptions options = {});

// Runs `callback` on this thread right after `tx`, a transaction of
// RunInTransaction, has committed; never when it rolls back (a retried
// attempt's callbacks go with it) or when its outcome is unknown. For
// effects outside the database that must follow the commit, such as waking
// the outbox relay. A transaction made another way never runs it. With a
// `key`, a transaction keeps only the first callback registered under it
// (a transaction appending 10,000 events wakes the relay once).
void AfterCommit(pqxx::transaction_base& tx, std::function<void()> callback,
                 const void* key = nullptr);

// Tells RunInTransaction that `tx` has written (a row inserted, updated or
// locked; a write later rolled back to a savepoint counts, as it does for
// PostgreSQL's transaction id), so that it need not ask PostgreSQL before
// COMMIT (one round trip
// fewer; see "A connection lost during COMMIT" above). Only for a write
// that has been executed: a transaction marked written is treated as one
// whose lost COMMIT has an unknown outcome, and a keyed call records its
// key. events::AppendEvent marks its transaction. A transaction made another
// way ignores it.
void MarkWritten(pqxx::transaction_base& tx);

// The same for work that produces a value: the value of the attempt that
// committed (a retried attempt's value is dropped with its transaction).
template <typename T>
absl::StatusOr<T> RunInTransactionFor(
    Pool& pool,
    const std::function<absl::StatusOr<T>(pqxx::transaction_base&)>& work,
    TxOptions options = {}) {
  std::optional<T> committed;
  absl::Status status = RunInTransaction(
      pool,
      [&](pqxx::transaction_base& tx) {
        absl::StatusOr<T> value = work(tx);
        if (!value.ok()) return value.status();
        committed = *std::move(value);
        return absl::OkStatus();
      },
      options);
  if (!status.ok()) return status;
  return *std::move(committed);
}

}  // namespace jstedu::pg
