#include "common/pg/transaction.h"

#include <chrono>
#include <memory>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/pg/prepared.h"
#include "common/pg/request_key.h"
#include "common/pg/status.h"

namespace jstedu::pg {
namespace {

std::unique_ptr<pqxx::transaction_base> Begin(pqxx::connection& connection,
                                              Isolation isolation) {
  switch (isolation) {
    case Isolation::kRepeatableRead:
      return std::make_unique<pqxx::transaction<pqxx::repeatable_read>>(
          connection);
    case Isolation::kSerializable:
      return std::make_unique<pqxx::transaction<pqxx::serializable>>(
          connection);
    case Isolation::kSingleStatementRead:
      return std::make_unique<pqxx::nontransaction>(connection);
    case Isolation::kSnapshotRead:
      return std::make_unique<
          pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(
          connection);
    case Isolation::kReadCommitted:
      break;
  }
  return std::make_unique<pqxx::work>(connection);
}

void Backoff(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  int base_ms = 5 << std::min(attempt, 6);
  std::uniform_int_distribution<int> jitter(0, base_ms);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(base_ms + jitter(random)));
}

// Whether the transaction may have written anything: PostgreSQL assigns a
// transaction id at the first write (also at a row lock, a write later
// rolled back to a savepoint, or a sequence's WAL-logged nextval: all taken
// as writes, the safe side), so a transaction without one has nothing to
// lose if its COMMIT is lost. txid_current_if_assigned() is PostgreSQL 10+.
bool HasWritten(pqxx::transaction_base& tx) {
  return !Exec1(tx, "SELECT txid_current_if_assigned()")[0].is_null();
}

// The AfterCommit callbacks of the attempt running on this thread, and
// whether its work said it wrote (MarkWritten).
struct CommitCallbacks {
  const pqxx::transaction_base* tx = nullptr;
  std::vector<std::function<void()>> callbacks;
  std::set<const void*> keys;  // of the keyed callbacks registered
  bool written = false;
};
thread_local CommitCallbacks* current_callbacks = nullptr;

// Makes `callbacks` this thread's for the attempt's lifetime (restoring an
// enclosing attempt's after it).
class CallbacksScope {
 public:
  explicit CallbacksScope(CommitCallbacks* callbacks)
      : previous_(current_callbacks) {
    current_callbacks = callbacks;
  }
  ~CallbacksScope() { current_callbacks = previous_; }
  CallbacksScope(const CallbacksScope&) = delete;
  CallbacksScope& operator=(const CallbacksScope&) = delete;

 private:
  CommitCallbacks* previous_;
};

// One attempt: OK, the business status from `work`, or a mapped exception.
// `retryable` is set only for infrastructure failures worth another
// attempt: never for a status `work` itself returned.
absl::Status Attempt(Pool& pool, const Work& work, Isolation isolation,
                     bool* retryable) {
  *retryable = false;
  bool committing = false;
  bool wrote = false;
  auto lease = pool.Acquire();
  if (!lease.ok()) {
    *retryable = absl::IsUnavailable(lease.status());
    return lease.status();
  }
  CommitCallbacks after_commit;
  CallbacksScope scope(&after_commit);
  try {
    KeyedAttempt keyed;
    PreparedScope prepared(**lease, pool.prepared_statements(),
                           &lease->prepared_epoch());
    auto tx = Begin(**lease, isolation);
    prepared.Bind(*tx);
    after_commit.tx = tx.get();
    absl::Status status = work(*tx);
    wrote = status.ok() && isolation != Isolation::kSingleStatementRead &&
            isolation != Isolation::kSnapshotRead &&
            (after_commit.written || HasWritten(*tx));
    // A keyed call's write is applied once (request_key.h).
    if (wrote) status = keyed.BeforeCommit(*tx);
    if (!status.ok()) {
      tx->abort();
      return status;
    }
    committing = true;
    tx->commit();
    keyed.Committed();
  } catch (const std::exception& error) {
    absl::Status status = StatusFromException(error);
    if (absl::IsUnavailable(status)) lease->Discard();
    if (absl::IsUnavailable(status) && committing && wrote) {
      return CommitOutcomeUnknownError();
    }
    // Lost before COMMIT, or during the COMMIT of a transaction that wrote
    // nothing: nothing happened, so another attempt is safe. A stale
    // prepared plan is Aborted too: the next attempt prepares it again.
    *retryable = absl::IsAborted(status) || absl::IsUnavailable(status);
    return status;
  }
  for (const auto& callback : after_commit.callbacks) callback();
  return absl::OkStatus();
}

}  // namespace

void AfterCommit(pqxx::transaction_base& tx, std::function<void()> callback,
                 const void* key) {
  if (current_callbacks == nullptr || current_callbacks->tx != &tx) return;
  if (key != nullptr && !current_callbacks->keys.insert(key).second) return;
  current_callbacks->callbacks.push_back(std::move(callback));
}

void MarkWritten(pqxx::transaction_base& tx) {
  if (current_callbacks == nullptr || current_callbacks->tx != &tx) return;
  current_callbacks->written = true;
}

absl::Status RunInTransaction(Pool& pool, const Work& work, TxOptions options) {
  absl::Status status;
  for (int attempt = 1; attempt <= options.max_attempts; ++attempt) {
    bool retryable = false;
    status = Attempt(pool, work, options.isolation, &retryable);
    if (!retryable) return status;
    if (attempt < options.max_attempts) Backoff(attempt);
  }
  return status;
}

}  // namespace jstedu::pg
