// The edition's snapshots in a table, each with its actions: download
// (GET /v1/exports/{export}/content with the bearer token, saved from an
// object URL; fires "export-downloaded" with the file's name), compare
// (fires "export-diff") and submit (POST /v1/exports/{export}:submit after
// a confirmation; fires "export-submitted" with the snapshot as it now is).
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { api } from "../api.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import { count, describeExportFailure, shortSha, type Export } from "../exports.js";
import { formatNumber } from "../i18n/i18n.js";
import { StoreController } from "../store.js";
import { columnHeads } from "./column-heads.js";
import { saveDownload } from "./download.js";
import { shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";

@customElement("jst-exports-table")
export class ExportsTable extends LitElement {
  static override styles = [
    shared,
    css`
      .figure {
        text-align: right;
        white-space: nowrap;
      }
      .purpose {
        min-width: 10rem;
        max-width: 18rem;
        overflow-wrap: break-word;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      .by {
        display: block;
        color: #3d3d3d;
      }
      details code.full {
        display: block;
        max-width: 12rem;
        overflow-wrap: anywhere;
      }
      summary {
        cursor: pointer;
      }
      summary:focus-visible {
        outline: 3px solid #1b1b1b;
        outline-offset: 2px;
      }
      dialog {
        max-width: 32rem;
        border: 2px solid #0b3d91;
        border-radius: 6px;
      }
      dialog h2 {
        font-size: 1.2rem;
        margin-top: 0;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) exports: readonly Export[] = [];
  @property() edition = "";
  @state() private failure: UserMessage | null = null;
  @state() private working = "";
  @state() private confirming: Export | null = null;
  @query("dialog") private dialog!: HTMLDialogElement;

  private async download(item: Export): Promise<void> {
    this.working = item.id ?? "";
    this.failure = null;
    try {
      const { data, error, response } = await api.GET("/v1/exports/{export}/content", {
        params: { path: { export: item.id ?? "" } },
        parseAs: "blob",
      });
      if (data) {
        saveDownload(data, item.filename ?? "");
        this.announce("export-downloaded", item.filename ?? "");
      } else {
        this.failure = describeExportFailure(response.status, error);
      }
    } catch {
      this.failure = describeExportFailure(0, undefined);
    } finally {
      this.working = "";
    }
  }

  private async askToSubmit(item: Export): Promise<void> {
    this.confirming = item;
    await this.updateComplete;
    this.dialog.showModal();
  }

  private async submit(item: Export): Promise<void> {
    this.working = item.id ?? "";
    this.failure = null;
    try {
      const data = await dataOf(
        api.POST("/v1/exports/{export}:submit", { params: { path: { export: item.id ?? "" } }, body: {} }),
      );
      this.announce("export-submitted", data);
    } catch (failure) {
      this.failure = failureOf(failure);
    } finally {
      this.working = "";
      this.dialog.close();
    }
  }

  // Focuses the "compare" button of the snapshot `id` (when the diff it
  // opened closes).
  focusCompare(id: string): void {
    this.renderRoot.querySelector<HTMLElement>(`button[data-compare="${CSS.escape(id)}"]`)?.focus();
  }

  private announce<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }

  override render() {
    return html`
      ${alertRegion(this.failure)}
      <table>
        <caption>${t("exports.list.caption", { edition: this.edition })}</caption>
        ${columnHeads([
          "exports.col.number",
          "exports.col.kind",
          "exports.col.pseudonymised",
          "exports.col.purpose",
          "exports.col.created",
          "exports.col.records",
          "exports.col.size",
          "exports.col.submitted",
          "exports.col.sha",
          "exports.col.actions",
        ])}
        <tbody>
          ${this.exports.map((item) => this.renderRow(item))}
        </tbody>
      </table>
      ${this.renderConfirmation()}
    `;
  }

  private renderRow(item: Export) {
    const number = item.number ?? "";
    const which = html`<span class="visually-hidden"> ${t("exports.ofNumber", { number })}</span>`;
    const busy = this.working !== "";
    return html`<tr>
      <th scope="row">${number}</th>
      <td>${kindText(item)}</td>
      <td>${pseudonymisedText(item)}</td>
      <td class="purpose">${item.purpose}</td>
      <td>
        ${item.createTime ? dateTime(item.createTime) : ""}
        <span class="by">${t("exports.createdBy", { who: item.createdBy ?? "" })}</span>
      </td>
      <td class="figure">${formatNumber(count(item.recordCount))}</td>
      <td class="figure">${t("exports.size", { size: count(item.sizeBytes) })}</td>
      <td>${item.submitted && item.submitTime ? dateTime(item.submitTime) : t("exports.notSubmitted")}</td>
      <td>
        <details>
          <summary><code>${shortSha(item.sha256 ?? "")}</code><span class="visually-hidden">
              ${t("exports.sha.show", { number })}</span
            ></summary>
          <code class="full">${item.sha256}</code>
        </details>
      </td>
      <td>
        <div class="actions">
          <button class="secondary" ?disabled=${busy} @click=${() => void this.download(item)}>
            ${t("exports.download")}${which}
          </button>
          <button
            class="secondary"
            data-compare=${item.id ?? ""}
            @click=${() => this.announce("export-diff", item)}
          >
            ${t("exports.diff")}${which}
          </button>
          ${item.submitted
            ? nothing
            : html`<button ?disabled=${busy} @click=${() => void this.askToSubmit(item)}>${t("exports.submit")}${which}</button>`}
        </div>
      </td>
    </tr>`;
  }

  private renderConfirmation() {
    const item = this.confirming;
    return html`<dialog aria-labelledby="confirm-heading" @close=${() => (this.confirming = null)}>
      ${item
        ? html`<h2 id="confirm-heading">${t("exports.confirm.heading")}</h2>
            <p>
              ${t("exports.confirm.text", {
                number: item.number ?? "",
                kind: kindText(item),
              })}
            </p>
            <div class="actions">
              <button ?disabled=${this.working !== ""} @click=${() => void this.submit(item)}>
                ${t("exports.confirm.yes")}
              </button>
              <button class="secondary" autofocus @click=${() => this.dialog.close()}>${t("exports.confirm.no")}</button>
            </div>`
        : nothing}
    </dialog>`;
  }
}

function kindText(item: Export): string {
  return item.kind && item.kind !== "EXPORT_KIND_UNSPECIFIED" ? t(`exports.kind.${item.kind}`) : "";
}

function pseudonymisedText(item: Export): string {
  if (item.kind !== "PARTICIPANTS") return t("exports.notApplicable");
  return item.pseudonymised ? t("exports.yes") : t("exports.no");
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-exports-table": ExportsTable;
  }
}
