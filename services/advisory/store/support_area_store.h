#pragma once

// The support-area catalogue of each edition (migrations/0001
// support_area, catalogue): at most 12 areas, one per code. An edition's
// first case seeds the standard catalogue unless the office set one up
// (case_lifecycle_store.h). Each method is one transaction.
//
// Thread-safety: a store may be called from any thread.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/advisory/v1/advisory.pb.h"
#include "services/advisory/store/rows/inputs.h"

namespace jstedu::advisory {

class SupportAreaStore {
 public:
  explicit SupportAreaStore(pg::Pool& pool) : pool_(pool) {}

  // The edition's catalogue by code.
  absl::StatusOr<std::vector<v1::SupportArea>> List(const std::string& edition);
  // FAILED_PRECONDITION CATALOGUE_FULL at 12 areas; ALREADY_EXISTS for a
  // code already in the edition.
  absl::StatusOr<v1::SupportArea> Create(const std::string& edition,
                                         const v1::SupportArea& area,
                                         const Actor& actor);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::advisory
