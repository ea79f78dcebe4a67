#pragma once

// The rules of an edition the store checks under the edition's row lock, as
// pure functions returning exactly the error the store answers
// (FailedPrecondition with a google.rpc.PreconditionFailure naming the
// rule).
//
// Thread-safety: pure functions.

#include <string>

#include "absl/status/status.h"

namespace jstedu::recruitment {

// CAPACITY: an edition's capacity is never below the JSTs already
// qualified.
absl::Status CapacityCovers(const std::string& code, int capacity,
                            int qualified);

// An edition's recruitment window as the store read it: whether it has
// opened and not yet closed now, and its ends in Europe/Warsaw
// ("2026-03-01 09:00") for the refusal.
struct RecruitmentWindow {
  bool opened = false;
  bool closed = false;
  std::string opens_local;
  std::string closes_local;
};

// RECRUITMENT_WINDOW: applications are submitted inside the window only.
absl::Status WindowOpen(const std::string& code,
                        const RecruitmentWindow& window);

}  // namespace jstedu::recruitment
