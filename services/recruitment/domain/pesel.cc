#include "services/recruitment/domain/pesel.h"

#include <cstddef>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"

namespace jstedu::recruitment {
namespace {

constexpr std::size_t kPeselLength = 11;
constexpr int kWeights[10] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};

int DigitAt(std::string_view text, std::size_t index) {
  return text[index] - '0';
}

int TwoDigitsAt(std::string_view text, std::size_t index) {
  return DigitAt(text, index) * 10 + DigitAt(text, index + 1);
}

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The first year of the century a PESEL month field (01..92) encodes; the
// field is the month plus 20 × ((century − 1900) / 100), wrapping 1800 to
// +80. nullopt for a field that is not a month in any century.
std::optional<int> CenturyStart(int month_field) {
  constexpr int kCenturyByTwenty[5] = {1900, 2000, 2100, 2200, 1800};
  int month = month_field % 20;
  if (month < 1 || month > 12) return std::nullopt;
  return kCenturyByTwenty[month_field / 20];
}

// absl::CivilDay normalises out-of-range fields (30 February becomes
// 2 March), so a date is real exactly when it survives the round trip.
bool IsRealDate(int year, int month, int day) {
  absl::CivilDay civil(year, month, day);
  return civil.year() == year && civil.month() == month && civil.day() == day;
}

}  // namespace

absl::StatusOr<PeselFacts> ParsePesel(std::string_view pesel) {
  // The messages name the rule that failed, never the digits: they may be
  // logged or shown to someone other than the participant.
  if (pesel.size() != kPeselLength) {
    return absl::InvalidArgumentError("must be exactly 11 digits");
  }
  if (!AllDigits(pesel)) {
    return absl::InvalidArgumentError("must contain only digits");
  }
  int month_field = TwoDigitsAt(pesel, 2);
  std::optional<int> century = CenturyStart(month_field);
  if (!century) {
    return absl::InvalidArgumentError(
        "month digits do not encode a month of any century (01-12, 21-32, "
        "41-52, 61-72 or 81-92)");
  }
  int year = *century + TwoDigitsAt(pesel, 0);
  int month = month_field % 20;
  int day = TwoDigitsAt(pesel, 4);
  if (!IsRealDate(year, month, day)) {
    return absl::InvalidArgumentError(
        "encodes a birth date that does not exist");
  }
  if (PeselCheckDigit(pesel.substr(0, 10)) != DigitAt(pesel, 10)) {
    return absl::InvalidArgumentError("check digit does not match");
  }
  PeselFacts facts;
  facts.birth_date = absl::CivilDay(year, month, day);
  facts.sex = DigitAt(pesel, 9) % 2 == 1 ? Sex::kMale : Sex::kFemale;
  return facts;
}

int PeselCheckDigit(std::string_view first_ten) {
  int sum = 0;
  for (std::size_t i = 0; i < 10 && i < first_ten.size(); ++i) {
    sum += kWeights[i] * DigitAt(first_ten, i);
  }
  return (10 - sum % 10) % 10;
}

int AgeOn(absl::CivilDay birth, absl::CivilDay on) {
  int years = static_cast<int>(on.year() - birth.year());
  // Comparing (month, day) pairs rather than building this year's birthday
  // keeps 29 February honest: in a common year (2, 28) < (2, 29), so the
  // birthday is only passed on 1 March.
  bool birthday_not_reached =
      on.month() < birth.month() ||
      (on.month() == birth.month() && on.day() < birth.day());
  return birthday_not_reached ? years - 1 : years;
}

}  // namespace jstedu::recruitment
