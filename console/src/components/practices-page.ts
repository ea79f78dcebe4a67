// The catalogue of good practices (issue 24, docs/programme-parts.md part
// 4): the edition chosen (in the address), a search by words and status
// (GET /v1/editions/{edition}/good-practices, best match first, a page at
// a time), each practice's description and history of refusals, the
// commands its status takes for the signed-in role (practices.ts:
// submitting for the proposers; publishing, returning and withdrawing for
// the office, the last two with a reason), and the published catalogue as
// CSV (…/good-practices:export, with the bearer token).
import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { api } from "../api.js";
import { dataOf, describeFailure, describeRefusal, failureOf, refusalOf, type UserMessage } from "../errors.js";
import {
  PRACTICE_STATUSES,
  REASON_MAX,
  catalogueFilename,
  commandsFor,
  needsReason,
  practiceQuery,
  proposesPractices,
  readsDrafts,
  type Practice,
  type PracticeCommand,
  type PracticeStatus,
} from "../practices.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { store, StoreController } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { columnHeads } from "./column-heads.js";
import { saveDownload } from "./download.js";
import "./edition-select.js";
import { nextPageButton } from "./next-page.js";
import { sendPracticeCommand } from "./practice-api.js";
import { partStyles, shared } from "./styles.js";
import { alertRegion, civilDate, t } from "./text.js";

const PAGE_SIZE = 50;

// A command waiting for its reason.
interface Asking {
  readonly practice: Practice;
  readonly command: PracticeCommand;
}

@customElement("jst-practices-page")
export class PracticesPage extends LitElement {
  static override styles = [
    shared,
    partStyles,
    css`
      th details {
        font-weight: normal;
      }
      th details p {
        margin: 0.25rem 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
      }
      textarea {
        width: min(40rem, 100%);
        min-height: 5rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private words = readQuery().get("query") ?? "";
  @state() private status: PracticeStatus | "" = "";
  @state() private practices: Practice[] | null = null;
  @state() private nextPageToken = "";
  @state() private awaiting: number | null = null;
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  @state() private notice = "";
  @state() private asking: Asking | null = null;
  @state() private reason = "";
  @state() private reasonProblem = "";
  @query("#notice") private noticeElement!: HTMLElement;
  @query("#reason") private reasonElement!: HTMLTextAreaElement | null;
  // The latest read: an answer to an earlier one is dropped.
  private ticket = 0;
  // The search of the list shown: its next page is read with it, whatever
  // the form holds now (a page token holds only with its filters).
  private shownQuery = practiceQuery("", "", PAGE_SIZE);

  private get signedInRole() {
    return store.session?.role ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load("");
  }

  private chooseEdition(code: string): void {
    this.edition = code;
    this.asking = null;
    this.notice = "";
    writeQuery({ edition: code });
    void this.load("");
  }

  // The first page of the form's search, or the page after those shown;
  // the office's queue (how many await approval) with the first.
  private async load(pageToken: string): Promise<void> {
    const ticket = ++this.ticket;
    this.busy = true;
    this.failure = null;
    try {
      const base = pageToken ? this.shownQuery : practiceQuery(this.words, this.status, PAGE_SIZE);
      const query = { ...base, ...(pageToken ? { pageToken } : {}) };
      const data = await dataOf(
        api.GET("/v1/editions/{edition}/good-practices", { params: { path: { edition: this.edition }, query } }),
      );
      if (ticket !== this.ticket) return;
      this.shownQuery = base;
      this.practices = [...(pageToken ? (this.practices ?? []) : []), ...(data.practices ?? [])];
      this.nextPageToken = data.nextPageToken ?? "";
      if (pageToken === "" && mayCall("POST /v1/good-practices/{good_practice}:publish", this.signedInRole)) {
        const queue = await dataOf(
          api.GET("/v1/editions/{edition}/good-practices", {
            params: { path: { edition: this.edition }, query: { status: "PRACTICE_SUBMITTED", pageSize: 500 } },
          }),
        );
        if (ticket === this.ticket) this.awaiting = queue.practices?.length ?? 0;
      }
    } catch (failure) {
      if (ticket === this.ticket) {
        this.failure = failureOf(failure);
        if (pageToken === "") this.practices = null;
      }
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  private onSearch(event: SubmitEvent): void {
    event.preventDefault();
    this.notice = "";
    writeQuery({ edition: this.edition, query: this.words.trim() || undefined });
    void this.load("");
  }

  private async start(practice: Practice, command: PracticeCommand): Promise<void> {
    this.notice = "";
    if (!needsReason(command)) {
      await this.run(practice, command, "");
      return;
    }
    this.asking = { practice, command };
    this.reason = "";
    this.reasonProblem = "";
    await this.updateComplete;
    this.reasonElement?.focus();
  }

  private async confirmReason(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.asking) return;
    if (this.reason.trim() === "") {
      this.reasonProblem = t("practices.reason.empty");
      this.reasonElement?.focus();
      return;
    }
    await this.run(this.asking.practice, this.asking.command, this.reason.trim());
  }

  private async cancelReason(): Promise<void> {
    const practice = this.asking?.practice;
    this.asking = null;
    await this.updateComplete;
    if (practice?.id) this.renderRoot.querySelector<HTMLElement>(`[data-practice="${practice.id}"] button`)?.focus();
  }

  // Sends `command` for `practice` at the version shown; a stale version
  // reads the list again and says so; a refusal is shown in the user's
  // words (a reason's problem beside the reason).
  private async run(practice: Practice, command: PracticeCommand, reason: string): Promise<void> {
    this.busy = true;
    this.failure = null;
    const title = practice.title ?? "";
    try {
      const { data, error, response } = await sendPracticeCommand(practice, command, reason);
      if (data) {
        this.asking = null;
        await this.load("");
        await this.announce(t(`practices.done.${command}`, { title }));
        return;
      }
      const refusal = refusalOf(response.status, error, { reason: t("practices.reason") });
      if (refusal.kind === "conflict") {
        this.asking = null;
        await this.load("");
        await this.announce(t("practices.stale"));
      } else if (refusal.kind === "fields" && refusal.fields.has("reason")) {
        this.reasonProblem = refusal.fields.get("reason") ?? "";
      } else {
        this.failure = describeRefusal(response.status, error);
      }
    } catch {
      this.failure = failureOf(undefined);
    } finally {
      this.busy = false;
    }
  }

  private async download(): Promise<void> {
    this.busy = true;
    this.failure = null;
    try {
      const { data, error, response } = await api.GET("/v1/editions/{edition}/good-practices:export", {
        params: { path: { edition: this.edition } },
        parseAs: "blob",
      });
      if (data) {
        const filename = catalogueFilename(response.headers.get("content-disposition"), this.edition);
        saveDownload(data, filename);
        await this.announce(t("practices.downloaded", { filename }));
      } else {
        this.failure = describeFailure(response.status, error);
      }
    } catch {
      this.failure = failureOf(undefined);
    } finally {
      this.busy = false;
    }
  }

  // Says what happened and moves the focus there (the button pressed may
  // be gone with its row's new status).
  private async announce(notice: string): Promise<void> {
    this.notice = notice;
    await this.updateComplete;
    this.noticeElement.focus();
  }

  override render() {
    const office = mayCall("POST /v1/good-practices/{good_practice}:publish", this.signedInRole);
    return html`<h1>${t("screen.practices")}</h1>
      <p>${t("practices.intro")}</p>
      ${office ? html`<p>${t("practices.introOffice")}</p>` : nothing}
      <jst-edition-select
        .value=${this.edition}
        @edition-change=${(e: CustomEvent<string>) => this.chooseEdition(e.detail)}
      ></jst-edition-select>
      ${this.edition === "" ? nothing : this.renderEdition(office)}`;
  }

  private renderEdition(office: boolean) {
    return html`
      <h2>${t("practices.search.heading")}</h2>
      <form class="filters" @submit=${this.onSearch}>
        <label
          >${t("practices.search.words")}
          <input
            name="query"
            type="search"
            autocomplete="off"
            maxlength="200"
            aria-describedby="words-hint"
            .value=${this.words}
            @input=${(e: Event) => (this.words = (e.target as HTMLInputElement).value)}
        /></label>
        ${readsDrafts(this.signedInRole)
          ? html`<span class="field"
              ><label for="status">${t("practices.search.status")}</label>
              <select
                id="status"
                name="status"
                @change=${(e: Event) => (this.status = (e.target as HTMLSelectElement).value as PracticeStatus | "")}
              >
                <option value="" ?selected=${this.status === ""}>${t("practices.search.any")}</option>
                ${PRACTICE_STATUSES.map(
                  (s) => html`<option value=${s} ?selected=${this.status === s}>${t(`practices.status.${s}`)}</option>`,
                )}
              </select></span
            >`
          : nothing}
        <button type="submit" ?disabled=${this.busy}>${t("practices.search.submit")}</button>
      </form>
      <p id="words-hint" class="hint">${t("practices.search.wordsHint")}</p>
      ${office && this.awaiting !== null ? html`<p>${t("practices.queue", { count: this.awaiting })}</p>` : nothing}
      <p>
        <button class="secondary" ?disabled=${this.busy} @click=${() => void this.download()}>
          ${t("practices.download")}
        </button>
      </p>
      <p id="notice" role="status" tabindex="-1">${this.notice}</p>
      ${alertRegion(this.failure)} ${this.renderList()} ${this.renderReason()}
    `;
  }

  private renderList() {
    if (this.practices === null) return this.busy ? html`<p role="status">${t("app.loading")}</p>` : nothing;
    // Who may give no command (a JST, a trainer, the ministry) has no
    // actions column.
    const acts = readsDrafts(this.signedInRole);
    if (this.practices.length === 0) return html`<p>${t("practices.list.none")}</p>`;
    return html`
      <p>${t("practices.list.count", { count: this.practices.length })}</p>
      <table>
        <caption>
          ${t("practices.list.caption", { edition: this.edition })}
        </caption>
        ${columnHeads([
          "practices.col.title",
          "practices.col.jst",
          "practices.col.area",
          "practices.col.status",
          "practices.col.published",
          acts && "practices.col.actions",
        ])}
        <tbody>
          ${this.practices.map((practice) => this.renderRow(practice, acts))}
        </tbody>
      </table>
      ${nextPageButton(this.nextPageToken, this.busy, "practices.list.more", (token) => this.load(token))}
    `;
  }

  private renderRow(practice: Practice, acts: boolean) {
    const title = practice.title ?? "";
    const status = practice.status && practice.status !== "PRACTICE_STATUS_UNSPECIFIED" ? practice.status : undefined;
    const kind = practice.jstKind && practice.jstKind !== "JST_KIND_UNSPECIFIED" ? t(`kind.${practice.jstKind}`) : "";
    return html`<tr data-practice=${practice.id ?? ""}>
      <th scope="row">
        ${title}
        <details>
          <summary>
            ${t("practices.details")}<span class="visually-hidden"> ${t("practices.detailsOf", { title })}</span>
          </summary>
          <p>${practice.description}</p>
          ${practice.keywords?.length
            ? html`<p>${t("practices.keywords", { keywords: practice.keywords.join(", ") })}</p>`
            : nothing}
          ${practice.plan?.adoptedOn
            ? html`<p>
                ${t("practices.plan", {
                  date: civilDate(practice.plan.adoptedOn),
                  document: practice.plan.documentReference ?? "",
                })}
              </p>`
            : nothing}
          ${practice.returnReason
            ? html`<p>${t("practices.returnReason", { reason: practice.returnReason })}</p>`
            : nothing}
          ${practice.withdrawReason
            ? html`<p>${t("practices.withdrawReason", { reason: practice.withdrawReason })}</p>`
            : nothing}
        </details>
      </th>
      <td>${practice.teryt}<br />${voivodeshipName(practice.voivodeship ?? "")}${kind ? html`, ${kind}` : nothing}</td>
      <td>${practice.supportAreaCode}</td>
      <td>${status ? t(`practices.status.${status}`) : ""}</td>
      <td>${practice.publishedOn ? civilDate(practice.publishedOn) : ""}</td>
      ${acts ? this.renderCommands(practice) : nothing}
    </tr>`;
  }

  private renderCommands(practice: Practice) {
    const title = practice.title ?? "";
    return html`<td>
        <div class="actions">
          ${commandsFor(practice.status, this.signedInRole).map(
            (command) =>
              html`<button
                class=${command === "publish" || command === "submit" ? "" : "secondary"}
                ?disabled=${this.busy}
                aria-label=${t("practices.command.of", { command: t(`practices.command.${command}`), title })}
                @click=${() => void this.start(practice, command)}
              >
                ${t(`practices.command.${command}`)}
              </button>`,
          )}
          ${practice.status === "PRACTICE_DRAFT" && proposesPractices(this.signedInRole)
            ? html`<a
                href=${`${hrefOfScreen("case", { case: practice.case ?? "" })}#practices`}
                aria-label=${t("practices.command.of", { command: t("practices.editOnCase"), title })}
                >${t("practices.editOnCase")}</a
              >`
            : nothing}
        </div>
      </td>`;
  }

  private renderReason() {
    if (!this.asking) return nothing;
    const { practice, command } = this.asking;
    return html`<section aria-labelledby="reason-heading">
      <h2 id="reason-heading">
        ${t("practices.reason.heading", { command: t(`practices.command.${command}`), title: practice.title ?? "" })}
      </h2>
      <form @submit=${(e: SubmitEvent) => void this.confirmReason(e)}>
        <label for="reason">${t("practices.reason")}</label>
        <textarea
          id="reason"
          maxlength=${REASON_MAX}
          aria-invalid=${this.reasonProblem ? "true" : "false"}
          aria-describedby=${this.reasonProblem ? "reason-problem" : nothing}
          .value=${this.reason}
          @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        ${this.reasonProblem ? html`<p id="reason-problem" class="alert">${this.reasonProblem}</p>` : nothing}
        <p class="actions">
          <button type="submit" ?disabled=${this.busy}>${t("practices.reason.confirm")}</button>
          <button type="button" class="secondary" @click=${() => void this.cancelReason()}>
            ${t("practices.reason.cancel")}
          </button>
        </p>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-practices-page": PracticesPage;
  }
}
