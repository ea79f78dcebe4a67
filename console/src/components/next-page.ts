// The button under a list that reads its next page: there while the API
// holds more (a page token), disabled while a page is being read. The
// keyboard then goes to the first row the page added (a list that shows
// one page at a time: its first row), so it is neither left on a button
// that is gone after the last page nor sent back to the page's start.
import { html, nothing, type TemplateResult } from "lit";
import type { MessageKey } from "../i18n/pl.js";
import { t } from "./text.js";

// An element Lit draws: its drawing done when `updateComplete` resolves.
type Drawn = Element & { readonly updateComplete?: Promise<unknown> };

// The body rows of `list` (a table, or a component drawing one in its
// shadow root, as the exports' table).
function rowsOf(list: Element): HTMLElement[] {
  return [...(list.shadowRoot ?? list).querySelectorAll<HTMLElement>("tbody > tr")];
}

async function readAndFocus(button: HTMLElement, read: () => Promise<void>): Promise<void> {
  // The list is the element just above the button's paragraph; Lit keeps it
  // while it draws the next page's rows into it.
  const list = button.closest("p")?.previousElementSibling as Drawn | null | undefined;
  const host = (button.getRootNode() as ShadowRoot).host as Drawn | undefined;
  const before = list ? rowsOf(list).length : 0;
  await read();
  await host?.updateComplete;
  await list?.updateComplete;
  if (!list?.isConnected) return;
  const rows = rowsOf(list);
  const row = rows.length > before ? rows[before] : rows[0];
  if (!row) return;
  row.tabIndex = -1;
  row.focus();
}

export function nextPageButton(
  pageToken: string,
  busy: boolean,
  label: MessageKey,
  read: (pageToken: string) => Promise<void>,
): TemplateResult | typeof nothing {
  return pageToken
    ? html`<p>
        <button
          class="secondary"
          ?disabled=${busy}
          @click=${(e: Event) => void readAndFocus(e.currentTarget as HTMLElement, () => read(pageToken))}
        >
          ${t(label)}
        </button>
      </p>`
    : nothing;
}
