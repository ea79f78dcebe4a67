#pragma once

// The support-area catalogue's rules as pure functions, called by
// store/support_area_store.h with the edition's catalogue row locked.

#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace jstedu::advisory {

// An edition's catalogue holds at most this many support areas.
inline constexpr int64_t kMaxSupportAreas = 12;

// FAILED_PRECONDITION CATALOGUE_FULL when the edition already holds
// kMaxSupportAreas areas.
absl::Status CheckCatalogueRoom(const std::string& edition, int64_t areas);

// ALREADY_EXISTS when the edition already has an area with the code.
absl::Status CheckAreaCodeFree(const std::string& edition,
                               const std::string& code, bool taken);

}  // namespace jstedu::advisory
