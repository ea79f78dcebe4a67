#pragma once

// The rules of an indicator's target (SetIndicatorTarget). Pure functions.

#include <string>

#include "absl/status/status.h"

namespace jstedu::reporting {

// An exact decimal >= 0 with at most 9 digits before and 2 after the point
// ("450", "92.5"; not "1.", ".5", "-1", "1e3").
bool IsTargetDecimal(const std::string& text);

// A PERCENT indicator's target is at most 100: INVALID_ARGUMENT naming
// `target` otherwise. Any target of a COUNT indicator, and "" (no target),
// pass.
absl::Status CheckTargetOfUnit(bool percent, const std::string& target);

}  // namespace jstedu::reporting
