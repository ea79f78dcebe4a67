#pragma once

// Participants' evaluations of a module (migration 0002): a score per
// thematic area and a comment, and their averages.
//
// Each method is one transaction. Thread-safe (each call takes its own
// pooled connection).

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"
#include "services/training/store/rows/participant.h"

namespace jstedu::training {

using rows::PlaceScope;

class EvaluationStore {
 public:
  explicit EvaluationStore(pg::Pool& pool) : pool_(pool) {}

  // Replaces the participant's evaluation of the module. NotFound for a
  // participant unknown or outside `scope`, and for an unknown module;
  // FailedPrecondition NOT_ROSTERED (not in the module's edition),
  // MODULE_NOT_STARTED.
  absl::StatusOr<v1::Evaluation> SubmitEvaluation(
      const std::string& module_id, const std::string& participant_id,
      const PlaceScope& scope, const v1::Evaluation& evaluation,
      absl::Time now);
  // `voivodeship` ("" = all) limits it to that voivodeship's participants.
  absl::StatusOr<v1::EvaluationSummary> EvaluationSummary(
      const std::string& module_id, const std::string& voivodeship);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
