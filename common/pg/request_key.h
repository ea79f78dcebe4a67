#pragma once

// Every keyed write is applied at most once: the request keys a service
// has applied, in its own database (gateway/README.md, Idempotency-Key).
//
// The gateway passes, with every write (POST, PUT, PATCH) that carries an
// Idempotency-Key, the key scoped to the caller and the route and the
// request's fingerprint (common/grpc/idempotency.h). grpcutil::Serve makes them
// the calling thread's keyed call for the handler's body (KeyedCallScope). The
// first transaction of the call that writes records the key in the platform
// table `request_key`, in that transaction (RunInTransaction does it just
// before COMMIT through KeyedAttempt; RecordRequestKey does it earlier):
// the key is recorded if and only if the write took effect. A later call
// under the key — a retry after an answer that was lost, e.g.
// COMMIT_OUTCOME_UNKNOWN, or after the gateway forgot the key — finds it
// there when it writes, and its transaction is rolled back:
//   * the same request (RPC and fingerprint): AlreadyExists with a
//     google.rpc.ErrorInfo reason kRequestAlreadyApplied (pg/status.h):
//     the first call's effect stands, its answer is lost;
//   * another request: InvalidArgument naming Idempotency-Key.
// Two calls under one key at once: the second's insert waits for the
// first's transaction (the primary key), then meets its row or, if the
// first rolled back, records the key itself.
//
// Once a transaction of the call recorded the key and committed, the
// call's later transactions record nothing (a handler may run several).
// A transaction that only read records nothing; one that locked rows
// counts as a write (RunInTransaction's HasWritten). Rows are deleted
// after 25 hours (DeleteExpiredRequestKeys, run by grpcutil::ServiceHost),
// an hour after the gateway forgets the key.
//
// Thread-safety: the keyed call is per thread (a handler's transactions
// run on its thread); one transaction at a time per thread.

#include <pqxx/transaction_base>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"

namespace jstedu::pg {

struct KeyedCall {
  std::string rpc;          // the handler's RPC, e.g. "CreateTask"
  std::string key;          // the scoped key: 64 lower-case hex digits
  std::string fingerprint;  // the request's: 64 lower-case hex digits
};

// Makes `call` the calling thread's keyed call until destroyed. Scopes do
// not nest (one call per handler thread).
class KeyedCallScope {
 public:
  explicit KeyedCallScope(KeyedCall call);
  ~KeyedCallScope();
  KeyedCallScope(const KeyedCallScope&) = delete;
  KeyedCallScope& operator=(const KeyedCallScope&) = delete;
};

// The calling thread's keyed call; nullptr outside a KeyedCallScope.
const KeyedCall* CurrentKeyedCall();

// Records the current keyed call's key in `tx` now, for a caller that
// must know before writing whether the request was applied (recruitment's
// kept answers); a concurrent call under the key waits here for the first.
// OK without a keyed call, when this call recorded the key already (in a
// committed transaction, or earlier in `tx`), and when it records it now.
// InvalidArgument naming Idempotency-Key when an earlier call recorded it
// for another request. AlreadyExists (RequestAlreadyAppliedError) when an
// earlier call applied this request: from then on the call answers for
// that one, RecordRequestKey answers AlreadyExists again (also in a retried
// attempt), and the call's transactions may write (the audit rows of a
// kept answer given again) and commit without recording anything.
absl::Status RecordRequestKey(pqxx::transaction_base& tx);

// One transaction attempt of RunInTransaction as the keyed call sees it.
class KeyedAttempt {
 public:
  KeyedAttempt() = default;
  ~KeyedAttempt();
  KeyedAttempt(const KeyedAttempt&) = delete;
  KeyedAttempt& operator=(const KeyedAttempt&) = delete;
  // Just before the COMMIT of a transaction that wrote: records the key
  // unless the call recorded it already or answers for an earlier call.
  // AlreadyExists or InvalidArgument as above: the transaction must not
  // commit.
  absl::Status BeforeCommit(pqxx::transaction_base& tx);
  // The transaction committed: what it recorded is recorded for the call.
  // Destroyed without, the record is forgotten (the transaction rolled
  // back, or its outcome is unknown).
  void Committed();
};

// Deletes the request keys recorded more than `age` ago (with what hangs
// off them, e.g. recruitment's kept answers); returns how many.
absl::StatusOr<int> DeleteExpiredRequestKeys(Pool& pool, absl::Duration age);

}  // namespace jstedu::pg
