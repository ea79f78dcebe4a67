#pragma once

// Shape checks of request fields shared by the services. Each check adds a
// FieldProblem (lowerCamelCase field path) to the caller's list, so one
// answer names every problem (errors::InvalidFields).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "common/status/errors.h"

namespace jstedu::errors {

// `text` has min..max characters (UTF-8 code points; surrounding ASCII
// whitespace does not count toward the minimum).
void CheckText(std::vector<FieldProblem>& problems, const std::string& field,
               const std::string& text, size_t min, size_t max);

void CheckRange(std::vector<FieldProblem>& problems, const std::string& field,
                int64_t value, int64_t min, int64_t max);

// InvalidArgument unless `code` is an edition code (ids::IsEditionCode).
absl::Status CheckEdition(const std::string& code, const std::string& field);

// Exactly "YYYY-MM-DD" naming a real calendar day.
std::optional<absl::CivilDay> ParseDate(const std::string& text);

// A date field that is required: the day, or a problem listed.
std::optional<absl::CivilDay> CheckDate(std::vector<FieldProblem>& problems,
                                        const std::string& field,
                                        const std::string& text);

// At most `count` UTF-8 code points of `text`, never cutting a character
// in two (for passing a bounded text on to a field with a limit).
std::string FirstCodePoints(const std::string& text, size_t count);

// A two-digit TERYT voivodeship code: an even number 02..32.
bool IsVoivodeshipCode(const std::string& code);

}  // namespace jstedu::errors
