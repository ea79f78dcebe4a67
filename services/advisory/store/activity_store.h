#pragma once

// The case timeline (migrations/0001 activity): records, not workflow
// commands, so they take no expected version and leave the case's version
// alone. Each method is one transaction; a read of the timeline
// (participants are named) is audited in it.
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

class ActivityStore {
 public:
  explicit ActivityStore(pg::Pool& pool) : pool_(pool) {}

  // NOT_FOUND for a case out of `scope`; FAILED_PRECONDITION
  // CASE_WITHDRAWN, OFFICE_VISIT_RECORDED (a second office visit).
  absl::StatusOr<v1::Activity> Create(const std::string& case_id,
                                      const CaseScope& scope,
                                      const v1::Activity& activity,
                                      const Actor& actor, absl::Time now);
  // The case's timeline (by date, then recording), only `window`'s rows;
  // `*more`, when given, tells whether another page follows. Audited when
  // non-empty (participants are named): the rows answered only.
  absl::StatusOr<std::vector<v1::Activity>> List(const std::string& case_id,
                                                 const CaseScope& scope,
                                                 const Actor& actor,
                                                 const PageWindow& window = {},
                                                 bool* more = nullptr);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::advisory
