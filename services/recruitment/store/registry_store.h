#pragma once

// Storage of the JST registry.
//
// RegistryStore keeps it in PostgreSQL (table jst, schema of the
// recruitment service; SQL in registry_queries.h). Errors follow
// common/pg/status.h; Get answers NotFound for a code that is not a registry
// JST.
//
// Thread-safe (each call takes its own pooled connection).

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "services/recruitment/domain/jst.h"
#include "services/recruitment/domain/jst_query.h"
#include "services/recruitment/domain/terc.h"

namespace jstedu::recruitment {

struct LoadSummary {
  int rows_in_file = 0;  // JSTs in the file
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
  // JSTs in the database but not in this file. They are kept (applications
  // may refer to them); the number tells the operator a newer register
  // dropped or renumbered units.
  int missing_from_file = 0;
};

struct JstPage {
  std::vector<Jst> jsts;
  bool more = false;  // another page follows the last row
};

class RegistryStore {
 public:
  explicit RegistryStore(pg::Pool& pool) : pool_(pool) {}
  // Loads a whole register in one transaction: all or nothing.
  absl::StatusOr<LoadSummary> Load(const TercRegister& terc,
                                   const std::string& source_sha256);
  absl::StatusOr<JstPage> List(const JstQuery& query);
  absl::StatusOr<Jst> Get(const std::string& teryt);
  // Which of `codes` are registry JSTs.
  absl::StatusOr<std::set<std::string>> Known(
      const std::vector<std::string>& codes);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::recruitment
