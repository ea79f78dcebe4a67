#pragma once

// An edition's training settings (migration 0002): the didactic-hour
// length, session length, completion percent, third-week reading, task due
// days and module count.
//
// Each method is one transaction. Thread-safe (each call takes its own
// pooled connection).

#include <string>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/training/v1/training.pb.h"

namespace jstedu::training {

class SettingsStore {
 public:
  explicit SettingsStore(pg::Pool& pool) : pool_(pool) {}

  // NotFound when the edition has none.
  absl::StatusOr<v1::TrainingSettings> GetSettings(const std::string& edition);
  // Creates or replaces; refuses (FailedPrecondition SETTINGS_FROZEN) to
  // change the hour length, completion percent or module count once
  // attendance exists in the edition. Due dates that count from a module
  // are recomputed in the same transaction (each task whose due time
  // changes has its TaskDueChanged).
  absl::StatusOr<v1::TrainingSettings> PutSettings(
      const v1::TrainingSettings& settings, const std::string& traceparent);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::training
