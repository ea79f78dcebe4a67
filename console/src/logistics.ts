// Pure rules of the shuttle and rooming sign-up (components/logistics-page.ts):
// where a module's sign-up stands at a moment, the time left to its deadline
// in words, and what an official's sign-up means to the JST's staff
// (training's rules: a request at or after the deadline waits for the
// office; none once the module has ended; services/training/README.md).
import { translate, type Locale } from "./i18n/i18n.js";
import { warsawWallClock } from "./warsaw.js";

export interface ModuleTimes {
  // Instants (RFC 3339) as the API gives them; no deadline means none set.
  readonly signupDeadline?: string;
  readonly endTime?: string;
}

// open: a request now is in force at once; late: it waits for the office;
// over: the module has ended and takes no request.
export type SignupPhase = "open" | "late" | "over";

export function signupPhase(module: ModuleTimes, now: Date): SignupPhase {
  if (module.endTime && now.getTime() >= Date.parse(module.endTime)) return "over";
  // The deadline is exclusive: a request at the deadline is late.
  if (module.signupDeadline && now.getTime() >= Date.parse(module.signupDeadline)) return "late";
  return "open";
}

// An instant's Warsaw wall-clock reading to the minute (warsaw.ts).
function wallClock(instant: Date): number {
  return Math.floor(warsawWallClock(instant.getTime()) / 60_000) * 60_000;
}

export interface Remaining {
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
}

// The time left from `now` to `deadline` as a person reads it off Warsaw's
// calendar and clock: from 24 March 15:00 to 27 March 15:00 is 3 days even
// when the clocks move forward between them (71 hours elapse). Null when
// the deadline has passed. Whole minutes, rounded down.
export function remaining(deadline: Date, now: Date): Remaining | null {
  if (now.getTime() >= deadline.getTime()) return null;
  const minutes = Math.max(0, Math.floor((wallClock(deadline) - wallClock(now)) / 60_000));
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

type Unit = "day" | "hour" | "minute";
const PLURAL = new Intl.PluralRules("pl-PL");
const FORMS: Readonly<Record<Locale, Readonly<Record<Unit, readonly [string, string, string]>>>> = {
  // one, few, many (1 dzień, 2 dni, 5 dni)
  pl: { day: ["dzień", "dni", "dni"], hour: ["godzina", "godziny", "godzin"], minute: ["minuta", "minuty", "minut"] },
  en: { day: ["day", "days", "days"], hour: ["hour", "hours", "hours"], minute: ["minute", "minutes", "minutes"] },
};

function count(locale: Locale, value: number, unit: Unit): string {
  const forms = FORMS[locale][unit];
  const form = locale === "en" ? (value === 1 ? 0 : 1) : PLURAL.select(value) === "one" ? 0 : PLURAL.select(value) === "few" ? 1 : 2;
  return `${value} ${forms[form]}`;
}

// The time left in words, to the minute under an hour and in the two
// largest units otherwise: "2 dni 4 godziny", "5 godzin 12 minut",
// "1 minuta"; under a minute "mniej niż minuta".
export function remainingInWords(locale: Locale, left: Remaining): string {
  const parts: string[] = [];
  if (left.days > 0) {
    parts.push(count(locale, left.days, "day"));
    if (left.hours > 0) parts.push(count(locale, left.hours, "hour"));
  } else if (left.hours > 0) {
    parts.push(count(locale, left.hours, "hour"));
    if (left.minutes > 0) parts.push(count(locale, left.minutes, "minute"));
  } else if (left.minutes > 0) {
    parts.push(count(locale, left.minutes, "minute"));
  }
  return parts.length > 0 ? parts.join(" ") : translate(locale, "logistics.underAMinute");
}

// What an official's sign-up for a module is, to the JST's staff: none yet
// (and whether a request now is in force or waits for the office), in
// force, waiting for the office, decided by the office, or no longer
// possible.
export type OfficialState = "none" | "noneLate" | "closed" | "confirmed" | "waiting" | "approved" | "refused";

export function officialState(signup: { readonly status?: string } | undefined, phase: SignupPhase): OfficialState {
  switch (signup?.status) {
    case "SIGNUP_CONFIRMED":
      return "confirmed";
    case "SIGNUP_PENDING_APPROVAL":
      return "waiting";
    case "SIGNUP_APPROVED":
      return "approved";
    default:
      break;
  }
  // None, or refused (a refused request may be made again).
  if (signup?.status === "SIGNUP_REFUSED") return "refused";
  return phase === "over" ? "closed" : phase === "late" ? "noneLate" : "none";
}

// Whether the staff may send a request for the official now (again, after
// a refusal) — never once the module has ended.
export function maySignUp(state: OfficialState, phase: SignupPhase): boolean {
  return phase !== "over" && (state === "none" || state === "noneLate" || state === "refused");
}

// The sign-up in force for each participant: the latest request that is
// not refused, else the latest refused one (API order: request order).
export function signupsByParticipant<S extends { readonly participant?: string; readonly status?: string }>(
  signups: readonly S[],
): Map<string, S> {
  const found = new Map<string, S>();
  for (const signup of signups) {
    const id = signup.participant ?? "";
    const before = found.get(id);
    if (!before || before.status === "SIGNUP_REFUSED" || signup.status !== "SIGNUP_REFUSED") found.set(id, signup);
  }
  return found;
}
