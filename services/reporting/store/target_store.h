#pragma once

// TargetStore: an edition's own indicator targets (table edition_target,
// which overrides the target of the edition's kind, indicator_target).
//
// Thread-safe (each call takes its own pooled connection).

#include <string>

#include "absl/status/statusor.h"
#include "common/pg/pool.h"
#include "jstedu/reporting/v1/reporting.pb.h"

namespace jstedu::reporting {

class TargetStore {
 public:
  explicit TargetStore(pg::Pool& pool) : pool_(pool) {}

  // Sets the edition's own target of indicator `code` (`target` a checked
  // exact decimal; "" removes it, so that of the edition's kind applies
  // again) and answers the target in force. NotFound "no edition <code>"
  // (no fact of it projected) or "no indicator <code>"; INVALID_ARGUMENT
  // `target` for a PERCENT indicator's target over 100.
  absl::StatusOr<v1::IndicatorTarget> Set(const std::string& edition,
                                          const std::string& code,
                                          const std::string& target);

 private:
  pg::Pool& pool_;
};

}  // namespace jstedu::reporting
