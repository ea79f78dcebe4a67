// Translation and formatting. Texts come from the catalogues (pl.ts first,
// en.ts); dates and times are shown in Europe/Warsaw, whatever the
// browser's zone; numbers the Polish way in both languages (the figures
// match the programme's Polish documents).
import { en } from "./en.js";
import { pl, type Catalogue, type MessageKey } from "./pl.js";

export const LOCALES = ["pl", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "pl";
export const TIME_ZONE = "Europe/Warsaw";

const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { pl, en };
const INTL_LOCALES: Readonly<Record<Locale, string>> = { pl: "pl-PL", en: "en-GB" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export type MessageParams = Readonly<Record<string, string | number>>;

// The message `key` in `locale`, its {placeholders} filled from `params`
// (numbers formatted by formatNumber); a placeholder without a value stays.
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return CATALOGUES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(value) : value;
  });
}

// The {placeholders} of a message, sorted (for the catalogue check).
// An API code of a choice ("DECISION_MAKER") in words (i18n/codes.ts); a
// code the catalogue does not know as it is.
export function codeLabel(locale: Locale, code: string): string {
  const key = `code.${code}`;
  return key in pl ? translate(locale, key as MessageKey) : code;
}

export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "").sort();
}

export function catalogue(locale: Locale): Catalogue {
  return CATALOGUES[locale];
}

// An instant (Date or RFC 3339 text) as date and time in Warsaw.
export function formatDateTime(locale: Locale, instant: Date | string): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: TIME_ZONE,
  }).format(typeof instant === "string" ? new Date(instant) : instant);
}

// An instant's time of day in Warsaw ("19:30").
export function formatTime(locale: Locale, instant: Date | string): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { timeStyle: "short", timeZone: TIME_ZONE }).format(
    typeof instant === "string" ? new Date(instant) : instant,
  );
}

// A civil date ("2024-01-01") as written in `locale`; it names a day, not
// an instant, so no zone shifts it.
export function formatCivilDate(locale: Locale, date: string): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime())) return date;
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { dateStyle: "long", timeZone: "UTC" }).format(parsed);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat("pl-PL").format(value);
}

// An exact decimal as the API writes it ("1234", "90.00", "-12.5") the
// Polish way ("1234", "90,00", "-12,5"; groups of thousands from five
// digits: "12 345"), its fraction digits kept and never rounded through a
// float. Text that is not such a decimal ("" for no value) is returned as is.
export function formatDecimal(value: string): string {
  const match = /^-?\d+(?:\.(\d+))?$/.exec(value);
  if (!match) return value;
  const digits = match[1]?.length ?? 0;
  return new Intl.NumberFormat("pl-PL", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    // An exact decimal string (ECMA-402's StringNumericLiteral), not a float.
  }).format(value as unknown as number);
}
