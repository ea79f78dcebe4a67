#pragma once

// Polish business-day arithmetic: the due dates of advisory stages, and
// (issue 23) the reminders of notifications.
//
// A business day is a day that is neither a Saturday, nor a Sunday, nor a
// statutory non-working day (public holiday) in Poland. The holidays are
// those of the Ustawa z dnia 18 stycznia 1951 r. o dniach wolnych od pracy
// (Dz.U. 1951 nr 4 poz. 28, as amended), as in force on the day in question:
//
//   1 January           New Year's Day
//   6 January           Epiphany                 only from 2011 on
//   Easter Sunday       (movable)
//   Easter Monday       Easter Sunday + 1
//   1 May               Labour Day
//   3 May               Constitution Day
//   Pentecost Sunday    Easter Sunday + 49
//   Corpus Christi      Easter Sunday + 60 (a Thursday)
//   15 August           Assumption of Mary
//   1 November          All Saints' Day
//   11 November         Independence Day
//   24 December         Christmas Eve            only from 2025 on
//   25 December         Christmas Day
//   26 December         Second Day of Christmas
//
// Year boundaries:
//   - 6 January was restored by the ustawa z dnia 24 września 2010 r. o
//     zmianie ustawy – Kodeks pracy oraz niektórych innych ustaw (Dz.U. 2010
//     nr 224 poz. 1459), in force from 1 January 2011; 6 January 2010 and
//     earlier are working days here.
//   - 24 December was added by the ustawa z dnia 6 grudnia 2024 r. o zmianie
//     ustawy o dniach wolnych od pracy oraz niektórych innych ustaw, in force
//     from 1 February 2025; 24 December 2024 and earlier are working days
//     here.
//   - The list above is the law from 1990 on. Earlier dates, when the list
//     was different (e.g. 22 July instead of 3 May), are computed as if it
//     applied; do not rely on them.
//
// A holiday that falls on a Saturday gives no substitute day off in this
// arithmetic: under Kodeks pracy art. 130 § 2 the employer owes its staff
// another day off, but which day is the employer's choice, not a calendar
// rule, so the following Monday (or any other day) stays a business day.
// Likewise days off granted ad hoc (by employers or by regulation) are not
// known here.
//
// Easter is the Gregorian (Western) Easter. Dates are absl::CivilDay, i.e.
// calendar days with no time zone: the caller decides which day "today" is
// in Europe/Warsaw.
//
// Thread-safety: pure functions of their arguments; no state.

#include <string_view>

#include "absl/time/civil_time.h"

namespace jstedu {

// Easter Sunday of `year` in the Gregorian calendar (the anonymous
// Gregorian algorithm, also known as Meeus/Jones/Butcher). Meaningful for
// years 1583..9999; outside that range the result is the same formula
// applied to the proleptic Gregorian calendar, which no church used.
absl::CivilDay EasterSunday(int year);

// The English name of the statutory non-working day `day` falls on (see
// the list above), e.g. "Easter Monday", "Corpus Christi", "Christmas Eve";
// empty when `day` is not one. The view refers to a string literal and so
// never dangles.
std::string_view HolidayName(absl::CivilDay day);

// True when `day` is a statutory non-working day in Poland as in force on
// `day`, whatever its day of the week (HolidayName(day) is non-empty).
bool IsPolishPublicHoliday(absl::CivilDay day);

// True when `day` is neither a Saturday, nor a Sunday, nor a public holiday.
bool IsBusinessDay(absl::CivilDay day);

// The day that is `days` business days after `start`: the `days`-th
// business day strictly after `start`. `start` itself is never counted,
// whether or not it is a business day, so AddBusinessDays(Thursday, 1) is
// the Friday and AddBusinessDays(Saturday, 1) the Monday of an ordinary
// week.
//
// `days` == 0 returns `start` when it is a business day, else the next
// business day (a due date never falls on a day off). Hence, for a start on
// a day off, days 0 and 1 give the same day.
//
// Precondition: `days` >= 0. A negative `days` is treated as 0 (no CHECK:
// a due date is never computed backwards, and a bad input must not take the
// service down).
//
// Walks day by day: linear in the span covered.
absl::CivilDay AddBusinessDays(absl::CivilDay start, int days);

// The day that is `days` business days before `end`: the `days`-th
// business day strictly before `end` (`end` itself is never counted), so
// SubtractBusinessDays(Tuesday after Easter Monday, 1) is the Friday
// before. A reminder "3 business days before it is due" falls on
// SubtractBusinessDays(due, 3). `days` <= 0 returns `end` when it is a
// business day, else the business day before it.
//
// Walks day by day: linear in the span covered.
absl::CivilDay SubtractBusinessDays(absl::CivilDay end, int days);

// The number of business days d with `from` < d <= `to`; 0 when `to` <=
// `from`. The inverse of AddBusinessDays:
// BusinessDaysBetween(from, AddBusinessDays(from, n)) == n for every n >= 1,
// and for n == 0 too when `from` is a business day.
//
// Walks day by day: linear in `to` - `from`.
int BusinessDaysBetween(absl::CivilDay from, absl::CivilDay to);

}  // namespace jstedu
