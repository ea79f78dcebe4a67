// Messages and formats in the language the user chose (store.locale).
import { formatCivilDate, formatDateTime, formatDecimal, translate, type MessageParams } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/pl.js";
import { store } from "../store.js";

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(store.locale, key, params);
}

export function dateTime(instant: Date | string): string {
  return formatDateTime(store.locale, instant);
}

export function civilDate(date: string): string {
  return formatCivilDate(store.locale, date);
}

// A decimal from the API ("90.00", "1234") as figures are written in Polish
// (the same in both languages).
export { formatDecimal as decimal };
