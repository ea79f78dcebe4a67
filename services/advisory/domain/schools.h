#pragma once

// Which schools an action schedule may name (docs/programme-parts.md,
// part 5): each must be in the school register, open, and run by the
// case's JST (a county's are those the county runs, a commune's those the
// commune runs). No database: the store reads the register's rows the
// schedule names and applies this under the case's lock.
//
// Thread-safety: pure functions.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status/errors.h"

namespace jstedu::advisory {

// A school of the register as the check needs it.
struct RegisteredSchool {
  std::string running_teryt;
  std::optional<std::string> closed_on;
};

// The problems of `schools` (RSPO numbers per action, in the schedule's
// order) for the case of JST `case_teryt`, each named
// "actions[i].schools[j]"; `register_rows` holds the register's rows of
// the numbers named (a number missing there is not in the register).
std::vector<errors::FieldProblem> CheckActionSchools(
    const std::vector<std::vector<std::string>>& schools,
    const std::map<std::string, RegisteredSchool>& register_rows,
    const std::string& case_teryt);

}  // namespace jstedu::advisory
