// The records behind one figure (GET /v1/indicators/{code}/evidence), in a
// modal <dialog>: the heading takes the focus when it opens, Escape or
// "Zamknij" closes it and the focus goes back to the figure that opened it.
// Records are ids and codes only; each JST links to its page.
//
//   evidence.show({ code, name, scope, unit, query }, openerButton)
import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { api } from "../api.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import type { EvidenceQuery, Figure } from "../indicators.js";
import { hrefOfScreen } from "../screens.js";
import { StoreController } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { columnHeads } from "./column-heads.js";
import { figureText, keyName } from "./indicators-text.js";
import { shared } from "./styles.js";
import { alertRegion, civilDate, t } from "./text.js";

type EvidenceRecord = Readable<components["schemas"]["EvidenceRecord"]>;

export interface EvidenceRequest {
  readonly code: string;
  // The indicator's name and the figure's scope, in words.
  readonly name: string;
  readonly scope: string;
  readonly unit: string;
  readonly query: EvidenceQuery;
}

const EVIDENCE_PAGE_SIZE = 25;

@customElement("jst-indicator-evidence")
export class IndicatorEvidence extends LitElement {
  static override styles = [
    shared,
    css`
      dialog {
        width: min(96vw, 110rem);
        max-height: 92vh;
        border: 2px solid #0b3d91;
        border-radius: 6px;
        padding: 1rem 1.5rem;
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.45);
      }
      .top {
        display: flex;
        justify-content: space-between;
        align-items: flex-start;
        gap: 1rem;
      }
      h2 {
        font-size: 1.25rem;
        margin: 0 0 0.5rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-size: 0.9rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.4rem;
        border-bottom: 1px solid #767676;
        vertical-align: top;
      }
      .id {
        font-family: ui-monospace, monospace;
        font-size: 0.8rem;
        word-break: break-all;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding: 0.4rem 0;
      }
      .paging {
        display: flex;
        gap: 1rem;
        margin-top: 0.8rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private request: EvidenceRequest | null = null;
  @state() private records: EvidenceRecord[] | null = null;
  @state() private figure: Figure | undefined = undefined;
  @state() private totalRecords = "0";
  @state() private nextPageToken = "";
  @state() private page = 1;
  // The token of each page up to the one shown ("" for the first), for
  // "Poprzednia strona": the API's tokens lead forward only.
  private pageTokens: string[] = [""];
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  @query("dialog") private dialog!: HTMLDialogElement;
  @query("h2") private heading!: HTMLElement;
  @query(".count") private count!: HTMLElement | null;
  private opener: HTMLElement | null = null;
  private ticket = 0;

  async show(request: EvidenceRequest, opener: HTMLElement): Promise<void> {
    this.request = request;
    this.opener = opener;
    this.records = null;
    this.failure = null;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.heading.focus();
    await this.load("", 1);
  }

  private async load(pageToken: string, page: number): Promise<void> {
    const request = this.request;
    if (!request) return;
    const ticket = ++this.ticket;
    this.busy = true;
    this.failure = null;
    const query: EvidenceQuery = { ...request.query, pageSize: EVIDENCE_PAGE_SIZE, ...(pageToken ? { pageToken } : {}) };
    try {
      const data = await dataOf(
        api.GET("/v1/indicators/{code}/evidence", { params: { path: { code: request.code }, query } }),
      );
      if (ticket !== this.ticket) return;
      this.records = data.records ?? [];
      this.figure = data.figure;
      this.totalRecords = data.totalRecords ?? "0";
      this.nextPageToken = data.nextPageToken ?? "";
      this.pageTokens = [...this.pageTokens.slice(0, page - 1), pageToken];
      this.page = page;
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  // A new page: the focus goes to the line saying which records are shown
  // (the button pressed may be gone on the last page).
  private async turn(pageToken: string, page: number): Promise<void> {
    await this.load(pageToken, page);
    await this.updateComplete;
    this.count?.focus();
  }

  private onClose(): void {
    this.ticket++;
    this.opener?.focus();
    this.opener = null;
  }

  override render() {
    const request = this.request;
    return html`<dialog aria-labelledby="evidence-title" @close=${this.onClose}>
      ${request
        ? html`<div class="top">
              <div>
                <h2 id="evidence-title" tabindex="-1">${t("indicators.evidence.title", { name: request.name })}</h2>
                <p>${t("indicators.evidence.filters", { filters: request.scope })}</p>
              </div>
              <button class="secondary" @click=${() => this.dialog.close()}>${t("indicators.evidence.close")}</button>
            </div>
            ${alertRegion(this.failure)}
            ${this.renderRecords(request)}`
        : nothing}
    </dialog>`;
  }

  private renderRecords(request: EvidenceRequest) {
    if (this.records === null) return this.busy ? html`<p role="status">${t("app.loading")}</p>` : nothing;
    const from = (this.page - 1) * EVIDENCE_PAGE_SIZE + 1;
    return html`<p>${t("indicators.evidence.figure", { figure: figureText(this.figure, request.unit) })}</p>
      ${this.records.length === 0
        ? html`<p role="status" class="count" tabindex="-1">${t("indicators.evidence.empty")}</p>`
        : html`<p role="status" class="count" tabindex="-1" data-total=${this.totalRecords}>
              ${t("indicators.evidence.count", {
                total: Number(this.totalRecords),
                page: this.page,
                from,
                to: from + this.records.length - 1,
              })}
            </p>
            ${this.renderTable()}`}
      <div class="paging">
        ${this.page > 2
          ? html`<button class="secondary" ?disabled=${this.busy} @click=${() => void this.turn("", 1)}>
              ${t("indicators.evidence.first")}
            </button>`
          : nothing}
        ${this.page > 1
          ? html`<button
              class="secondary"
              ?disabled=${this.busy}
              @click=${() => void this.turn(this.pageTokens[this.page - 2] ?? "", this.page - 1)}
            >
              ${t("indicators.evidence.previous")}
            </button>`
          : nothing}
        ${this.nextPageToken
          ? html`<button ?disabled=${this.busy} @click=${() => void this.turn(this.nextPageToken, this.page + 1)}>
              ${t("indicators.evidence.next")}
            </button>`
          : nothing}
      </div>`;
  }

  private renderTable() {
    const known = (value: string | undefined) => (value && !value.endsWith("_UNSPECIFIED") ? value : "");
    return html`<table>
      <caption>${t("indicators.evidence.caption", { page: this.page })}</caption>
      ${columnHeads([
        "indicators.evidence.role",
        "indicators.evidence.record",
        "indicators.evidence.application",
        "indicators.evidence.participant",
        "indicators.evidence.case",
        "indicators.evidence.jst",
        "indicators.evidence.voivodeship",
        "indicators.evidence.kind",
        "indicators.evidence.sex",
        "indicators.evidence.targetGroup",
        "indicators.evidence.date",
      ])}
      <tbody>
        ${(this.records ?? []).map((record) => {
          const role = record.role;
          const kind = known(record.jstKind);
          const sex = known(record.sex);
          const group = known(record.targetGroup);
          return html`<tr>
            <td>${role === "NUMERATOR" || role === "DENOMINATOR" ? t(`indicators.evidence.role.${role}`) : ""}</td>
            <th scope="row" class="id">${record.recordId ?? ""}</th>
            <td class="id">${record.applicationId ?? ""}</td>
            <td class="id">${record.participantId ?? ""}</td>
            <td class="id">${record.caseId ?? ""}</td>
            <td>
              ${record.teryt ? html`<a href=${hrefOfScreen("jst", { teryt: record.teryt })}>${record.teryt}</a>` : ""}
            </td>
            <td>${voivodeshipName(record.voivodeship ?? "")}</td>
            <td>${kind ? keyName("JST_KIND", kind) : ""}</td>
            <td>${sex ? keyName("SEX", sex) : ""}</td>
            <td>${group ? keyName("TARGET_GROUP", group) : ""}</td>
            <td>${record.date ? civilDate(record.date) : ""}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-indicator-evidence": IndicatorEvidence;
  }
}
