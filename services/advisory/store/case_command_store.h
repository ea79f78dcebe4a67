#pragma once

// The workflow commands on a case (README "Commands and guards"). Each
// command is one transaction: the request's key, the case's row locked
// (SELECT … FOR UPDATE), the expected version compared (stale: ABORTED),
// the stage (domain/workflow.h IsLegal: WRONG_STAGE), the command's own
// change and checks, the transition's guard (GuardViolations), then the
// new version, stage and due date, a case_history row and the events —
// all or nothing. Concurrent commands on one case serialise on the lock;
// the expected version decides which applies. Expert loads are counted
// with the experts' rows locked, so two assignments never both take an
// expert's last free place.
//
// Input is validated by the service (api_input.h) before it reaches here.
//
// Thread-safety: a store may be called from any thread.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory {

// What every command on a case carries.
struct CommandInput {
  std::string case_id;
  int64_t expected_version = 0;
  Actor actor;
  CaseScope scope;
  absl::Time now;
  absl::CivilDay today;  // Europe/Warsaw, for due dates
  std::string reason;
};

// Each command answers the case after the change.
class CaseCommandStore {
 public:
  explicit CaseCommandStore(pg::Pool& pool) : pool_(pool) {}

  absl::StatusOr<v1::Case> AssignExperts(const CommandInput& in,
                                         const std::string& education,
                                         const std::string& personnel,
                                         v1::Speciality guardian);
  absl::StatusOr<v1::Case> ChooseArea(const CommandInput& in,
                                      const std::string& area_id,
                                      const v1::Agreement& agreement);
  absl::StatusOr<v1::Case> CompleteDiagnosis(
      const CommandInput& in, const std::string& summary,
      const std::vector<v1::Action>& actions);
  // `guardian_subject`: the caller must be the case's guardian (checked
  // under the row lock; PERMISSION_DENIED otherwise).
  absl::StatusOr<v1::Case> ApproveSchedule(const CommandInput& in,
                                           const std::string& guardian_subject);
  absl::StatusOr<v1::Case> AdoptPlan(const CommandInput& in,
                                     const v1::QualityPlan& plan);
  absl::StatusOr<v1::Case> CompleteRollout(const CommandInput& in);
  absl::StatusOr<v1::Case> CompleteAction(const CommandInput& in,
                                          const std::string& action_id,
                                          absl::CivilDay done_on);
  absl::StatusOr<v1::Case> DropAction(const CommandInput& in,
                                      const std::string& action_id,
                                      const std::string& reason);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::advisory
