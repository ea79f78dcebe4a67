// The button under a list that reads its next page: there while the API
// holds more (a page token), disabled while a page is being read.
import { html, nothing, type TemplateResult } from "lit";
import type { MessageKey } from "../i18n/pl.js";
import { t } from "./text.js";

export function nextPageButton(
  pageToken: string,
  busy: boolean,
  label: MessageKey,
  read: (pageToken: string) => Promise<void>,
): TemplateResult | typeof nothing {
  return pageToken
    ? html`<p>
        <button class="secondary" ?disabled=${busy} @click=${() => void read(pageToken)}>${t(label)}</button>
      </p>`
    : nothing;
}
