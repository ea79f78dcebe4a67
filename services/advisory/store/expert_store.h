#pragma once

// The expert registry and the handover (migrations/0001 expert,
// expert_assignment). Each method is one transaction; reads of experts
// (names: personal data) are audited in it.
//
// Thread-safety: a store may be called from any thread.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory {

struct ExpertQuery {
  std::string voivodeship;  // serves it
  std::string speciality;   // "" = any
  bool active_only = false;
  std::string subject;  // "" = any (an expert caller: themself)
  PageWindow window;
};

class ExpertStore {
 public:
  explicit ExpertStore(pg::Pool& pool) : pool_(pool) {}

  // Audited: one read_audit row naming the experts returned (only the
  // window's; `*more`, when given, tells whether another page follows).
  absl::StatusOr<std::vector<v1::Expert>> List(const ExpertQuery& query,
                                               const Actor& actor,
                                               bool* more = nullptr);
  // The expert's sign-in subject (no personal data, so no audit row);
  // NotFound for an unknown id.
  absl::StatusOr<std::string> SubjectOf(const std::string& expert_id);
  // ALREADY_EXISTS for a subject already registered.
  absl::StatusOr<v1::Expert> Create(const v1::Expert& expert);
  // The handover (see README): all or nothing. With `validate_only` the
  // same work runs inside a savepoint that is rolled back: the answer (or
  // the refusal) is the real call's, and only the read audit remains (its
  // own purpose, "experts.deactivation-preview"). With `exact_plan`,
  // `handovers` is the whole plan expected (case, expert, guardian): any
  // difference is FAILED_PRECONDITION PLAN_CHANGED naming each case that
  // differs, and nothing changes.
  absl::StatusOr<v1::DeactivateExpertResponse> Deactivate(
      const std::string& expert_id, const std::string& note,
      const std::vector<v1::Handover>& handovers, bool validate_only,
      bool exact_plan, const Actor& actor, absl::Time now);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::advisory
