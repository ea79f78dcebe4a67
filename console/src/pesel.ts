// The PESEL checks the browser makes before an application is sent
// (components/apply-page.ts): 11 digits, a date of birth that exists (the
// month carries the century: +80 for the 1800s, +0 for the 1900s, +20 for
// the 2000s, +40 for the 2100s, +60 for the 2200s) and the check digit
// (weights 1 3 7 9 1 3 7 9 1 3). Recruitment checks the same and stays the
// judge: this only saves a round trip and says what is wrong at the field.

export type PeselProblem = "digits" | "date" | "future" | "checkDigit";

const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3] as const;

// The century each block of twenty months stands for, from month 1.
const CENTURIES = [1900, 2000, 2100, 2200, 1800] as const;

// The date of birth a PESEL encodes ("1990-04-23"), or null when it names
// no real day. `pesel` must be 11 digits.
export function birthDateOf(pesel: string): string | null {
  const year2 = Number(pesel.slice(0, 2));
  const coded = Number(pesel.slice(2, 4));
  const day = Number(pesel.slice(4, 6));
  const century = CENTURIES[Math.floor((coded - 1) / 20)];
  const month = ((coded - 1) % 20) + 1;
  if (coded < 1 || century === undefined || month > 12) return null;
  const year = century + year2;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function checkDigitOf(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; ++i) sum += Number(first10[i]) * (WEIGHTS[i] ?? 0);
  return (10 - (sum % 10)) % 10;
}

// What is wrong with `value` as a PESEL, or null when nothing is, in
// recruitment's order (services/recruitment/domain/pesel.cc). `today` is
// Warsaw's civil date ("2026-12-05"): a birth date after it is refused.
// Spaces around the number are dropped (the form sends it trimmed).
export function peselProblem(value: string, today: string): PeselProblem | null {
  const pesel = value.trim();
  if (!/^\d{11}$/.test(pesel)) return "digits";
  const born = birthDateOf(pesel);
  if (born === null) return "date";
  if (checkDigitOf(pesel.slice(0, 10)) !== Number(pesel[10])) return "checkDigit";
  return born > today ? "future" : null;
}
