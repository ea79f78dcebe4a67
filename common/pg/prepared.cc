#include "common/pg/prepared.h"

#include <atomic>
#include <cstring>
#include <pqxx/connection_base>
#include <pqxx/nontransaction>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/pg/pool.h"

namespace jstedu::pg {
namespace {

// The process's generation of statement names. A stale plan moves it on
// once (from the generation the failing statement was named in), so every
// connection prepares its statements again, under new names.
std::atomic<uint64_t> current_epoch{0};

thread_local PreparedScope* current_scope = nullptr;

// FNV-1a over 8-byte words (a statement's text is 0.2–2 KB, and byte by
// byte the hash cost about 2 µs per statement), finished with Murmur3's
// mix: stable across processes and builds of one byte order, so a
// statement keeps its name in logs and pg_prepared_statements. Two texts
// with one hash are told apart by libpqxx (PreparedName).
uint64_t TextHash(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    hash = (hash ^ word) * 1099511628211ull;
  }
  for (; i < text.size(); ++i) {
    hash = (hash ^ static_cast<unsigned char>(text[i])) * 1099511628211ull;
  }
  hash ^= hash >> 33;
  hash *= 0xff51afd7ed558ccdull;
  hash ^= hash >> 33;
  return hash;
}

}  // namespace

PreparedScope::PreparedScope(pqxx::connection_base& connection, bool enabled,
                             uint64_t* connection_epoch)
    : enabled_(enabled),
      epoch_(current_epoch.load()),
      previous_(current_scope) {
  if (enabled_ && *connection_epoch != epoch_) {
    if (*connection_epoch != Pool::Lease::kNoStatements) {
      // Statements of an older generation; libpqxx still lists them, under
      // names this process will not use again.
      pqxx::nontransaction deallocate(connection);
      deallocate.exec0("DEALLOCATE ALL");
    }
    *connection_epoch = epoch_;
  }
  current_scope = this;
}

PreparedScope::~PreparedScope() { current_scope = previous_; }

bool IsStalePlan(const std::exception& error) {
  if (dynamic_cast<const StalePlanError*>(&error) != nullptr) return true;
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
  return sql != nullptr && sql->sqlstate() == "0A000" &&
         absl::StrContains(sql->what(),
                           "cached plan must not change result type");
}

namespace internal {

std::string PreparedName(pqxx::transaction_base& tx, const std::string& sql) {
  const PreparedScope* scope = current_scope;
  if (scope == nullptr || scope->tx_ != &tx || !scope->enabled_) return "";
  std::string name =
      absl::StrFormat("jstedu_%016x_%d", TextHash(sql), scope->epoch_);
  try {
    // A no-op when the connection knows the statement already.
    tx.conn().prepare(name, sql);
  } catch (const pqxx::argument_error&) {
    return "";  // another text with the same hash: run this one unnamed
  }
  return name;
}

bool NoteFailure(pqxx::transaction_base& tx, const pqxx::sql_error& error) {
  const PreparedScope* scope = current_scope;
  if (scope == nullptr || scope->tx_ != &tx || error.sqlstate() != "0A000") {
    return false;
  }
  uint64_t expected = scope->epoch_;
  current_epoch.compare_exchange_strong(expected, scope->epoch_ + 1);
  return true;
}

void ExpectRows(const pqxx::result& result, size_t rows) {
  if (result.size() != rows) {
    throw pqxx::unexpected_rows(absl::StrCat(
        "Expected ", rows, " row(s) of data from parameterised query, got ",
        result.size(), "."));
  }
}

}  // namespace internal
}  // namespace jstedu::pg
