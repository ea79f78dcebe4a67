// Messages and formats in the language the user chose (store.locale).
import { html, nothing, type TemplateResult } from "lit";
import type { UserMessage } from "../errors.js";
import { formatCivilDate, formatDateTime, formatDecimal, formatTime, translate, type MessageParams } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/pl.js";
import { store } from "../store.js";

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(store.locale, key, params);
}

export function dateTime(instant: Date | string): string {
  return formatDateTime(store.locale, instant);
}

export function timeOfDay(instant: Date | string): string {
  return formatTime(store.locale, instant);
}

export function civilDate(date: string): string {
  return formatCivilDate(store.locale, date);
}

// A decimal from the API ("90.00", "1234") as figures are written in Polish
// (the same in both languages).
export { formatDecimal as decimal };

// A screen's alert region: always there (so a screen reader announces what
// appears in it), holding the failure in the user's words when there is one.
export function alertRegion(failure: UserMessage | null): TemplateResult {
  return html`<div role="alert">${failure ? html`<p class="alert">${t(failure.key, failure.params)}</p>` : nothing}</div>`;
}
