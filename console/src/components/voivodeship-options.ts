// The options of a voivodeship select: first "" (any voivodeship, or none
// chosen yet, as `none` says), then the 16 by name.
import { html, type TemplateResult } from "lit";
import type { MessageKey } from "../i18n/pl.js";
import { VOIVODESHIPS } from "../voivodeships.js";
import { t } from "./text.js";

export function voivodeshipOptions(selected: string, none: MessageKey): TemplateResult {
  return html`<option value="" ?selected=${selected === ""}>${t(none)}</option>
    ${VOIVODESHIPS.map(([code, name]) => html`<option value=${code} ?selected=${selected === code}>${name}</option>`)}`;
}
