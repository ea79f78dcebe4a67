// A table's column headings: a <thead> of one row, each heading a
// <th scope="col"> (so a screen reader names a cell by its column). A
// heading is a message key, or a template where it says more than a key
// (a hidden label); a column the table shows only sometimes is `false`
// where it is left out.
import { html, type TemplateResult } from "lit";
import type { MessageKey } from "../i18n/pl.js";
import { t } from "./text.js";

export type ColumnHead = MessageKey | TemplateResult | false;

export function columnHeads(columns: readonly ColumnHead[]): TemplateResult {
  return html`<thead>
    <tr>
      ${columns.map((column) =>
        column === false ? null : html`<th scope="col">${typeof column === "string" ? t(column) : column}</th>`,
      )}
    </tr>
  </thead>`;
}
