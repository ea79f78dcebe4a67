#pragma once

// The identity conflicts the programme office decides (PostgreSQL, the
// recruitment schema; migrations 0003, 0005; SQL in
// identity_conflict_queries.h and rows/): records held back because
// another JST's record of the edition holds their PESEL, each beside that
// record. Every answer shows both records and writes an audit row for
// each, in the transaction of the read.
//
// ResolveIdentityConflict applies the office's decision (domain/identity.h,
// Decide) with the records' events in one transaction, and keeps its answer
// under the call's Idempotency-Key (rows/kept_answer.h).
//
// Errors: NotFound for an unknown edition or conflict; FailedPrecondition
// CONFLICT_OPEN (already decided) or CLAIMANT_TAKES_PART; otherwise as
// common/pg/status.h.
//
// Thread-safe (each call takes its own pooled connection).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/recruitment/v1/recruitment.pb.h"
#include "services/recruitment/domain/identity.h"
#include "services/recruitment/store/rows/common.h"

namespace jstedu::recruitment {

// One page of the identity conflicts awaiting the office.
struct ConflictPage {
  std::vector<v1::IdentityConflict> conflicts;
  int64_t last_seq = 0;  // the page token's key
  bool more = false;
};

class IdentityConflictStore {
 public:
  explicit IdentityConflictStore(pg::Pool& pool) : pool_(pool) {}

  // The open conflicts of `edition` after `after_seq`, oldest first
  // (NotFound for an unknown edition); an audit row per participant shown.
  absl::StatusOr<ConflictPage> ListIdentityConflicts(const std::string& edition,
                                                     int64_t after_seq,
                                                     int limit,
                                                     const std::string& purpose,
                                                     const Actor& actor);
  // How many conflicts of `edition` await the office (NotFound for an
  // unknown edition). No personal data.
  absl::StatusOr<int> CountIdentityConflicts(const std::string& edition);
  // Applies the office's decision with the records' events and records who
  // decided and why. FailedPrecondition CONFLICT_OPEN when already decided;
  // NotFound for an unknown id.
  absl::StatusOr<v1::IdentityConflict> ResolveIdentityConflict(
      const std::string& id, Decision decision, const std::string& reason,
      const Actor& actor);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::recruitment
