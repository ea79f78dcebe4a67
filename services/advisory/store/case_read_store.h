#pragma once

// The case reads (migrations/0001 advisory_case, case_action,
// case_history): lists, one case, its history, the expert proposal. A case
// outside the caller's scope is NOT_FOUND exactly like an unknown id. Each
// method is one transaction; a case naming who agreed for the JST
// (personal data) is audited in it.
//
// Thread-safety: a store may be called from any thread.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/pg/pool.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory {

// A list's filters (`scope` the caller's, the others the request's) and
// the day that decides `overdue`.
struct CaseQuery : CaseFilter {
  absl::CivilDay today;
};

class CaseReadStore {
 public:
  explicit CaseReadStore(pg::Pool& pool) : pool_(pool) {}

  // By TERYT code and id, `query.limit` of them (all when unset) after
  // `query.after`; `*more` tells whether another page follows. Lists carry no
  // personal data: who agreed is left out.
  absl::StatusOr<std::vector<v1::Case>> List(const CaseQuery& query,
                                             bool* more);
  // `edition`'s cases after id `after_id` (up to `limit`; `*more` when
  // another page follows), as their events tell them now (the
  // notifications service's backfill; no personal data).
  absl::StatusOr<std::vector<v1::CaseFacts>> ListFacts(
      const std::string& edition, const std::string& after_id, int limit,
      bool* more);
  // Audited when the case names who agreed for the JST.
  absl::StatusOr<v1::Case> Get(const std::string& case_id,
                               const CaseScope& scope, absl::CivilDay today,
                               const Actor& actor);
  absl::StatusOr<std::vector<v1::HistoryEntry>> History(
      const std::string& case_id, const CaseScope& scope);
  // Per speciality the least-loaded eligible expert ("" when none).
  absl::StatusOr<v1::ExpertProposal> ProposeExperts(const std::string& case_id,
                                                    const CaseScope& scope);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::advisory
