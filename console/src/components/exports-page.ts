// The edition's reporting exports (issue 18, screen 3): the edition chosen
// (in the address), a new snapshot (exports-form.ts), the snapshots
// (GET /v1/editions/{edition}/exports, newest first, a page at a time;
// exports-table.ts) and one snapshot's diff (exports-diff.ts).
import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { keyed } from "lit/directives/keyed.js";
import { readQuery, writeQuery } from "../address.js";
import { api } from "../api.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { Export } from "../exports.js";
import { StoreController } from "../store.js";
import "./edition-select.js";
import "./exports-diff.js";
import "./exports-form.js";
import "./exports-table.js";
import type { ExportsTable } from "./exports-table.js";
import { nextPageButton } from "./next-page.js";
import { shared } from "./styles.js";
import { alertRegion, t } from "./text.js";

const PAGE_SIZE = 100;

@customElement("jst-exports-page")
export class ExportsPage extends LitElement {
  static override styles = [
    shared,
    css`
      h2 {
        font-size: 1.3rem;
        margin: 1.5rem 0 0.5rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private exports: Export[] | null = null;
  @state() private nextPageToken = "";
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  // What the last action did (created, downloaded, submitted).
  @state() private notice = "";
  @state() private diffOf: Export | null = null;
  @query("#notice") private noticeElement!: HTMLElement;
  @query("jst-exports-table") private table!: ExportsTable | null;
  // The latest load: an answer to an earlier one (another edition, a page
  // of a list read again since) is dropped.
  private ticket = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load("");
  }

  private chooseEdition(code: string): void {
    this.edition = code;
    this.exports = null;
    this.nextPageToken = "";
    this.diffOf = null;
    this.notice = "";
    writeQuery({ edition: code });
    void this.load("");
  }

  // The first page of the edition's snapshots, or the page after those shown.
  private async load(pageToken: string): Promise<void> {
    const ticket = ++this.ticket;
    this.busy = true;
    this.failure = null;
    try {
      const query = { pageSize: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) };
      const data = await dataOf(
        api.GET("/v1/editions/{edition}/exports", { params: { path: { edition: this.edition }, query } }),
      );
      if (ticket !== this.ticket) return;
      this.exports = [...(pageToken ? (this.exports ?? []) : []), ...(data.exports ?? [])];
      this.nextPageToken = data.nextPageToken ?? "";
    } catch (failure) {
      if (ticket === this.ticket) this.failure = failureOf(failure);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  private async onCreated(made: Export): Promise<void> {
    await this.load("");
    await this.announce(t("exports.created", { number: made.number ?? "" }));
  }

  private async onAlreadyCreated(): Promise<void> {
    await this.load("");
    await this.announce(t("exports.createdBefore"));
  }

  // The diff closed: the focus goes back to the button that opened it.
  private async closeDiff(): Promise<void> {
    const closed = this.diffOf;
    this.diffOf = null;
    await this.updateComplete;
    if (closed?.id) this.table?.focusCompare(closed.id);
  }

  private async onSubmitted(changed: Export): Promise<void> {
    this.exports = (this.exports ?? []).map((item) => (item.id === changed.id ? changed : item));
    if (this.diffOf?.id === changed.id) this.diffOf = changed;
    await this.announce(t("exports.submitted", { number: changed.number ?? "" }));
  }

  // Says what happened and moves the focus there (the button pressed is
  // gone or far away).
  private async announce(notice: string): Promise<void> {
    this.notice = notice;
    await this.updateComplete;
    this.noticeElement.focus();
  }

  override render() {
    return html`<h1>${t("screen.exports")}</h1>
      <p>${t("exports.intro")}</p>
      <jst-edition-select
        .value=${this.edition}
        @edition-change=${(e: CustomEvent<string>) => this.chooseEdition(e.detail)}
      ></jst-edition-select>
      ${this.edition === "" ? nothing : this.renderEdition()}`;
  }

  private renderEdition() {
    return html`
      <h2>${t("exports.form.heading")}</h2>
      <jst-exports-form
        .edition=${this.edition}
        @export-created=${(e: CustomEvent<Export>) => void this.onCreated(e.detail)}
        @export-already-created=${() => void this.onAlreadyCreated()}
      ></jst-exports-form>
      <h2>${t("exports.list.heading")}</h2>
      <p id="notice" role="status" tabindex="-1">${this.notice}</p>
      ${alertRegion(this.failure)}
      ${this.renderList()}
      ${this.diffOf
        ? keyed(
            this.diffOf.id,
            html`<jst-exports-diff .item=${this.diffOf} @diff-close=${() => void this.closeDiff()}></jst-exports-diff>`,
          )
        : nothing}
    `;
  }

  private renderList() {
    if (this.exports === null) return this.busy ? html`<p role="status">${t("app.loading")}</p>` : nothing;
    if (this.exports.length === 0) return html`<p>${t("exports.list.none")}</p>`;
    return html`
      <jst-exports-table
        .exports=${this.exports}
        .edition=${this.edition}
        @export-diff=${(e: CustomEvent<Export>) => (this.diffOf = e.detail)}
        @export-downloaded=${(e: CustomEvent<string>) => (this.notice = t("exports.downloaded", { filename: e.detail }))}
        @export-submitted=${(e: CustomEvent<Export>) => void this.onSubmitted(e.detail)}
      ></jst-exports-table>
      ${nextPageButton(this.nextPageToken, this.busy, "exports.list.more", (token) => this.load(token))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-exports-page": ExportsPage;
  }
}
