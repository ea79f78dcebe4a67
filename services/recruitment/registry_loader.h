#pragma once

// Loads a TERC register file into the registry: reads it, validates every
// row (ParseTerc), and hands the whole register to the store, which applies
// it in one transaction. Idempotent: loading the same file again changes
// nothing (LoadSummary.inserted and .updated are 0).
//
// Errors: NotFound (no such file), InvalidArgument "line N: …" (malformed
// file; nothing loaded), and store errors.

#include <string>

#include "absl/status/statusor.h"
#include "services/recruitment/store/registry_store.h"

namespace jstedu::recruitment {

absl::StatusOr<LoadSummary> LoadRegisterFile(RegistryStore& store,
                                             const std::string& path);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(const std::string& bytes);

}  // namespace jstedu::recruitment
