#pragma once

// A module (with its rooms) as the stores read it.

#include <pqxx/row>
#include <pqxx/transaction_base>
#include <string>

#include "absl/status/statusor.h"
#include "jstedu/training/v1/training.pb.h"

namespace jstedu::training::rows {

// A row of the module queries (queries::kSelectModule's columns), without
// its rooms.
v1::Module ModuleFromRow(const pqxx::row& r);

// Adds the module's rooms, by id.
void LoadRooms(pqxx::transaction_base& tx, v1::Module& module);

// Module `id` with its rooms (its row locked FOR UPDATE when `lock`);
// NotFound otherwise.
absl::StatusOr<v1::Module> ReadModule(pqxx::transaction_base& tx,
                                      const std::string& id, bool lock = false);

}  // namespace jstedu::training::rows
