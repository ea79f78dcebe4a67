#pragma once

// PESEL, the Polish national identification number: 11 digits YYMMDDZZZXQ.
//
//   - the month carries the century: +80 for 1800–1899, +0 for 1900–1999,
//     +20 for 2000–2099, +40 for 2100–2199, +60 for 2200–2299;
//   - YY-MM-DD with that century must be a real calendar date;
//   - X (the 10th digit) is odd for a man, even for a woman;
//   - Q = (10 − (Σ wᵢ·dᵢ mod 10)) mod 10 with weights 1,3,7,9,1,3,7,9,1,3.
//
// Error messages never contain the number or the date it encodes (they may
// end up in logs and answers); they say what is wrong.
//
// Thread-safety: pure functions.

#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace jstedu::recruitment {

enum class Sex { kFemale, kMale };

struct PeselFacts {
  absl::CivilDay birth_date;
  Sex sex = Sex::kFemale;
};

// The birth date and sex a PESEL encodes, or InvalidArgument with the
// reason (checked in this order, the first failure is reported): not 11
// characters, not all digits, a month no century uses, a date that does not
// exist, or a wrong check digit. The message is a bare description ("check
// digit does not match") usable as a field violation.
absl::StatusOr<PeselFacts> ParsePesel(std::string_view pesel);

// The check digit for the first 10 digits (which must be digits; only the
// first 10 characters are read).
int PeselCheckDigit(std::string_view first_ten);

// Full years between `birth` and `on` (a person born on 29 February turns a
// year older on 1 March in common years). Negative when `on` < `birth`.
int AgeOn(absl::CivilDay birth, absl::CivilDay on);

}  // namespace jstedu::recruitment
