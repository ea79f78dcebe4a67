#pragma once

// An edition's training settings as the stores read them.

#include <pqxx/transaction_base>
#include <string>

#include "absl/status/statusor.h"
#include "jstedu/training/v1/training.pb.h"

namespace jstedu::training::rows {

// The settings of `edition` (locked FOR UPDATE when `lock`); NotFound
// "the edition has no training settings" when none were put.
absl::StatusOr<v1::TrainingSettings> ReadSettings(pqxx::transaction_base& tx,
                                                  const std::string& edition,
                                                  bool lock = false);

}  // namespace jstedu::training::rows
