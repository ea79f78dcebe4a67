#include "services/reporting/domain/targets.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "common/status/errors.h"

namespace jstedu::reporting {

bool IsTargetDecimal(const std::string& text) {
  const size_t point = text.find('.');
  const std::string whole = text.substr(0, point);
  const std::string part =
      point == std::string::npos ? "" : text.substr(point + 1);
  auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  return !whole.empty() && whole.size() <= 9 && digits(whole) && digits(part) &&
         part.size() <= 2 && (point == std::string::npos || !part.empty());
}

absl::Status CheckTargetOfUnit(bool percent, const std::string& target) {
  double value = 0;
  if (percent && !target.empty() && absl::SimpleAtod(target, &value) &&
      value > 100) {
    return errors::InvalidFields(
        {{"target", "a percentage target is at most 100"}});
  }
  return absl::OkStatus();
}

}  // namespace jstedu::reporting
