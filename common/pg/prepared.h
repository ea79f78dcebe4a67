#pragma once

// Statements run as named prepared statements, prepared once per connection.
//
//   pqxx::result rows = pg::Exec(tx, queries::kSelectJst, teryt);
//   pqxx::row row = pg::Exec1(tx, queries::kInsertThing, a, b);  // one row
//   pg::Exec0(tx, queries::kUpdateThing, a);                     // no row
//
// Same arguments and results as tx.exec_params / exec_params1 / exec_params0
// (Exec1 and Exec0 throw pqxx::unexpected_rows for another row count), but
// PostgreSQL parses and plans a statement once per connection instead of at
// every call: the first Exec of a SQL text on a connection prepares it under
// a name derived from the text (libpqxx registers it with the server at its
// first execution), later ones only execute it.
//
// Plans: plan_cache_mode stays auto. PostgreSQL plans the first five
// executions with their values, then keeps a generic plan only when it is
// estimated no costlier than those. A statement with an optional filter
// ($2 = '' OR voivodeship = $2, reporting's counts) keeps being planned per
// call: its generic plan cannot use the filter's index and is estimated
// costlier (measured: 0 generic plans in 10 executions, national and one
// voivodeship), so what it saves is the parse. A generic plan is costed
// with the table sizes of when it was made: one made while a table was
// nearly empty (a fresh schema) holds until ANALYZE (autovacuum) replaces
// it.
//
// Statements are run unnamed, exactly as exec_params does, when
//   - the pool was made with PoolOptions::prepared_statements off
//     (JSTEDU_PG_PREPARED=off: a pooler such as PgBouncer in transaction
//     mode hands each transaction another server session, where a named
//     statement prepared in an earlier one does not exist), or
//   - `tx` is not a transaction of RunInTransaction (tests, tools).
// Migrations and one-off DDL keep tx.exec.
//
// Failure modes handled here and in RunInTransaction:
//   - A schema change by another process (a migration of a newer replica)
//     that changes the columns a prepared statement returns makes
//     PostgreSQL refuse it ("cached plan must not change result type",
//     SQLSTATE 0A000). The error is Aborted (retried by RunInTransaction,
//     and StatusFromException says so), and it moves the process to a new
//     generation of statement names: each connection deallocates its
//     statements (DEALLOCATE ALL) before its next attempt and prepares them
//     again against the new schema.
//   - A connection replaced after an error, or reopened by libpqxx, holds
//     no statements: libpqxx prepares them again at their first use.
//
// Thread-safe: a transaction, like its connection, belongs to one thread.

#include <cstdint>
#include <pqxx/except>
#include <pqxx/result>
#include <pqxx/row>
#include <pqxx/transaction_base>
#include <string>
#include <utility>

namespace jstedu::pg {
namespace internal {

// The name `sql` runs under on `tx`'s connection, declared to libpqxx
// there; "" when `tx` runs statements unnamed.
std::string PreparedName(pqxx::transaction_base& tx, const std::string& sql);

// Called with an error from executing a prepared statement on `tx`: when
// it is SQLSTATE 0A000 (the plan went stale; the message's language is the
// server's, so only the code is read), moves the process to a new
// generation of names and answers true.
bool NoteFailure(pqxx::transaction_base& tx, const pqxx::sql_error& error);

// Throws pqxx::unexpected_rows unless `result` has `rows` rows.
void ExpectRows(const pqxx::result& result, size_t rows);

}  // namespace internal

// What Exec throws instead of PostgreSQL's 0A000 for a prepared statement:
// its plan went stale (IsStalePlan, whatever the server's lc_messages).
class StalePlanError : public pqxx::sql_error {
 public:
  explicit StalePlanError(const pqxx::sql_error& error)
      : pqxx::sql_error(error.what(), error.query(), error.sqlstate().c_str()) {
  }
};

template <typename... Args>
pqxx::result Exec(pqxx::transaction_base& tx, const std::string& sql,
                  Args&&... args) {
  const std::string name = internal::PreparedName(tx, sql);
  if (name.empty()) return tx.exec_params(sql, std::forward<Args>(args)...);
  try {
    return tx.exec_prepared(name, std::forward<Args>(args)...);
  } catch (const pqxx::sql_error& error) {
    if (internal::NoteFailure(tx, error)) throw StalePlanError(error);
    throw;
  }
}

template <typename... Args>
pqxx::row Exec1(pqxx::transaction_base& tx, const std::string& sql,
                Args&&... args) {
  pqxx::result result = Exec(tx, sql, std::forward<Args>(args)...);
  internal::ExpectRows(result, 1);
  return result.front();
}

template <typename... Args>
pqxx::result Exec0(pqxx::transaction_base& tx, const std::string& sql,
                   Args&&... args) {
  pqxx::result result = Exec(tx, sql, std::forward<Args>(args)...);
  internal::ExpectRows(result, 0);
  return result;
}

// Whether `error` is PostgreSQL refusing a prepared statement whose result
// columns changed since it was prepared: a StalePlanError from Exec, or
// SQLSTATE 0A000 with PostgreSQL's English "cached plan must not change
// result type" from a statement prepared another way. Worth another
// attempt, which prepares it again.
bool IsStalePlan(const std::exception& error);

// For RunInTransaction: makes an attempt's transaction run pg::Exec prepared
// on its connection while the scope lives. `connection_epoch` is the lease's
// Pool::Lease::prepared_epoch(); when it is behind the process's generation
// the connection's statements are deallocated first (outside any
// transaction: construct it before BEGIN, and Bind the transaction after).
class PreparedScope {
 public:
  PreparedScope(pqxx::connection_base& connection, bool enabled,
                uint64_t* connection_epoch);
  ~PreparedScope();
  PreparedScope(const PreparedScope&) = delete;
  PreparedScope& operator=(const PreparedScope&) = delete;
  void Bind(const pqxx::transaction_base& tx) { tx_ = &tx; }

 private:
  friend std::string internal::PreparedName(pqxx::transaction_base&,
                                            const std::string&);
  friend bool internal::NoteFailure(pqxx::transaction_base&,
                                    const pqxx::sql_error&);
  const pqxx::transaction_base* tx_ = nullptr;
  bool enabled_;
  uint64_t epoch_;
  PreparedScope* previous_;
};

}  // namespace jstedu::pg
