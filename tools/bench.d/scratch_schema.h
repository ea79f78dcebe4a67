#pragma once

// The scratch schema a benchmark works in (jstedu-reporting-bench,
// jstedu-events-bench): made at the start, dropped at the end, so a run
// leaves nothing in the database it was pointed at.

#include <iostream>
#include <pqxx/pqxx>
#include <string>

namespace jstedu::bench {

inline void CreateSchema(const std::string& dsn, const std::string& schema) {
  pqxx::connection admin(dsn);
  pqxx::work tx(admin);
  tx.exec0("CREATE SCHEMA " + tx.quote_name(schema));
  tx.commit();
}

// Drops `schema` with everything in it; a failure is reported, not thrown
// (the run's own result stands).
inline void DropSchema(const std::string& dsn, const std::string& schema) {
  try {
    pqxx::connection admin(dsn);
    pqxx::work tx(admin);
    tx.exec0("DROP SCHEMA IF EXISTS " + tx.quote_name(schema) + " CASCADE");
    tx.commit();
  } catch (const std::exception& error) {
    std::cerr << "cannot drop schema " << schema << ": " << error.what()
              << "\n";
  }
}

}  // namespace jstedu::bench
