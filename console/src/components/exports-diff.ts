// A snapshot compared with the last submitted one of the same edition, kind
// and variant (GET /v1/exports/{export}/diff, the API's default): how many
// records were added, removed and changed, and tables of them, each capped
// with "show more". Personal fields show "(zmieniono)", never values (the
// API sends none). Fires "diff-close" (the page then returns the focus to
// the row's "compare" button).
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { api } from "../api.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import { PERSONAL_VALUE, capped, changeRows, type Export, type ExportDiff } from "../exports.js";
import { formatNumber } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/pl.js";
import { StoreController } from "../store.js";
import { columnHeads } from "./column-heads.js";
import { shared } from "./styles.js";
import { alertRegion, t } from "./text.js";

const STEP = 50;

type List = "added" | "removed" | "changed";

@customElement("jst-exports-diff")
export class ExportsDiff extends LitElement {
  static override styles = [
    shared,
    css`
      h2 {
        font-size: 1.3rem;
      }
      dl {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 2rem;
      }
      dl div {
        display: flex;
        gap: 0.5rem;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        margin-bottom: 0.6rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.6rem;
        border-bottom: 1px solid #767676;
        overflow-wrap: anywhere;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding: 0.4rem 0;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) item: Export = {};
  @state() private diff: ExportDiff | null = null;
  @state() private failure: UserMessage | null = null;
  @state() private shown: Readonly<Record<List, number>> = { added: STEP, removed: STEP, changed: STEP };
  @query("h2") private heading!: HTMLElement;

  override firstUpdated(): void {
    this.heading.focus();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const call = api.GET("/v1/exports/{export}/diff", { params: { path: { export: this.item.id ?? "" } } });
      this.diff = await dataOf(call);
    } catch (failure) {
      this.failure = failureOf(failure);
    }
  }

  override render() {
    return html`
      <h2 tabindex="-1">${t("exports.diff.heading", { number: this.item.number ?? "" })}</h2>
      ${alertRegion(this.failure)}
      ${this.diff === null && this.failure === null ? html`<p role="status">${t("app.loading")}</p>` : nothing}
      ${this.diff ? this.renderDiff(this.diff) : nothing}
      <p>
        <button class="secondary" @click=${() => this.dispatchEvent(new CustomEvent("diff-close", { bubbles: true, composed: true }))}>
          ${t("exports.diff.close")}
        </button>
      </p>
    `;
  }

  private renderDiff(diff: ExportDiff) {
    const added = diff.added ?? [];
    const removed = diff.removed ?? [];
    const changed = diff.changed ?? [];
    const counts: readonly [MessageKey, number][] = [
      ["exports.diff.added", added.length],
      ["exports.diff.removed", removed.length],
      ["exports.diff.changed", changed.length],
    ];
    return html`
      <p>
        ${diff.against
          ? t("exports.diff.against", { against: diff.againstNumber ?? "" })
          : t("exports.diff.noAgainst")}
      </p>
      <dl aria-label=${t("exports.diff.counts")}>
        ${counts.map(([key, value]) => html`<div><dt>${t(key)}</dt><dd>${formatNumber(value)}</dd></div>`)}
      </dl>
      ${this.renderKeys("added", added)} ${this.renderKeys("removed", removed)}
      ${this.renderChanges(changed)}
    `;
  }

  private renderKeys(list: "added" | "removed", keys: readonly string[]) {
    if (keys.length === 0) return nothing;
    const { shown, more } = capped(keys, this.shown[list]);
    return html`${this.renderTable(
      t(`exports.diff.${list}Caption`, { count: keys.length }),
      ["exports.diff.key"],
      shown.map((key) => html`<tr><td>${key}</td></tr>`),
    )}${this.renderMore(list, shown.length, more)}`;
  }

  private renderChanges(records: NonNullable<ExportDiff["changed"]>) {
    if (records.length === 0) return nothing;
    const { shown, more } = capped(records, this.shown.changed);
    return html`${this.renderTable(
      t("exports.diff.changedCaption", { count: records.length }),
      ["exports.diff.key", "exports.diff.field", "exports.diff.before", "exports.diff.after"],
      changeRows(shown).map(
        (row) => html`<tr>
          <th scope="row">${row.key}</th>
          <td>${row.field}</td>
          <td>${valueText(row.before)}</td>
          <td>${valueText(row.after)}</td>
        </tr>`,
      ),
    )}${this.renderMore("changed", shown.length, more)}`;
  }

  private renderTable(caption: string, columns: readonly MessageKey[], rows: readonly TemplateResult[]) {
    return html`<table>
      <caption>${caption}</caption>
      ${columnHeads(columns)}
      <tbody>
        ${rows}
      </tbody>
    </table>`;
  }

  private renderMore(list: List, shown: number, more: number) {
    if (more === 0) return nothing;
    return html`<p>
      <button class="secondary" @click=${() => (this.shown = { ...this.shown, [list]: this.shown[list] + STEP })}>
        ${t("exports.diff.more", { shown, total: shown + more })}
      </button>
    </p>`;
  }
}

// A value of a diff: a personal field's "(changed)" in the user's words,
// an empty one said so.
function valueText(value: string): string {
  if (value === PERSONAL_VALUE) return t("exports.diff.personal");
  return value === "" ? t("exports.diff.emptyValue") : value;
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-exports-diff": ExportsDiff;
  }
}
