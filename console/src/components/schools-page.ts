// Schools (issue 24, docs/programme-parts.md part 5): the schools the
// edition's approved schedules work with (GET
// /v1/editions/{edition}/schools-reached, scoped as the cases are), counted
// as reporting counts them; the RSPO register, searched by words, the
// running JST's TERYT code and closed ones (a JST sees the schools it
// runs); and for the office the load of one voivodeship's register file
// (POST /v1/schools:import, raw text/csv: all or nothing, every refused row
// listed with its column and the API's reason).
import { LitElement, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { api, everyPage } from "../api.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { LineProblem } from "../participant-import.js";
import { countedReached, mayLoadRegister, readsReached, type School, type SchoolReached } from "../schools.js";
import { store, StoreController } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { columnHeads } from "./column-heads.js";
import "./edition-select.js";
import { lineProblems, sendCsv } from "./line-problems.js";
import { partStyles, shared } from "./styles.js";
import { alertRegion, civilDate, t } from "./text.js";
import { voivodeshipOptions } from "./voivodeship-options.js";

const PAGE_SIZE = 50;

@customElement("jst-schools-page")
export class SchoolsPage extends LitElement {
  static override styles = [shared, partStyles];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private reachedVoivodeship = "";
  @state() private reached: SchoolReached[] | null = null;
  @state() private words = "";
  @state() private teryt = "";
  @state() private includeClosed = false;
  @state() private schools: School[] | null = null;
  @state() private schoolsToken = "";
  @state() private loadVoivodeship = "";
  @state() private file: File | null = null;
  @state() private loaded = "";
  @state() private problems: LineProblem[] | null = null;
  @state() private problemsFile = "";
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  @query("#loaded") private loadedElement!: HTMLElement;
  private ticket = 0;
  private searchTicket = 0;
  // The register search shown: its next page is read with it.
  private shownSearch: Record<string, string | number | boolean> = {};

  private get signedInRole() {
    return store.session?.role ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "" && readsReached(this.signedInRole)) void this.loadReached();
  }

  private chooseEdition(code: string): void {
    this.edition = code;
    writeQuery({ edition: code });
    void this.loadReached();
  }

  private async loadReached(): Promise<void> {
    const ticket = ++this.ticket;
    this.busy = true;
    this.failure = null;
    try {
      const edition = this.edition;
      const voivodeship = this.reachedVoivodeship;
      const rows = await everyPage(async (page) => {
        const data = await dataOf(
          api.GET("/v1/editions/{edition}/schools-reached", {
            params: { path: { edition }, query: { ...page, ...(voivodeship ? { voivodeship } : {}) } },
          }),
        );
        return { rows: data.schools ?? [], next: data.nextPageToken ?? "" };
      }, 500);
      if (ticket === this.ticket) this.reached = rows;
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  private async search(pageToken: string): Promise<void> {
    const ticket = ++this.searchTicket;
    this.busy = true;
    this.failure = null;
    try {
      const base = pageToken
        ? this.shownSearch
        : {
            pageSize: PAGE_SIZE,
            ...(this.words.trim() ? { query: this.words.trim() } : {}),
            ...(this.teryt.trim() ? { teryt: this.teryt.trim() } : {}),
            ...(this.includeClosed ? { includeClosed: true } : {}),
          };
      const query = { ...base, ...(pageToken ? { pageToken } : {}) };
      const data = await dataOf(api.GET("/v1/schools", { params: { query } }));
      if (ticket !== this.searchTicket) return;
      this.shownSearch = base;
      this.schools = [...(pageToken ? (this.schools ?? []) : []), ...(data.schools ?? [])];
      this.schoolsToken = data.nextPageToken ?? "";
    } catch (caught) {
      if (ticket === this.searchTicket) this.failure = failureOf(caught);
    } finally {
      if (ticket === this.searchTicket) this.busy = false;
    }
  }

  private async loadRegister(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const file = this.file;
    if (!file || this.loadVoivodeship === "") return;
    this.busy = true;
    this.failure = null;
    this.problems = null;
    this.loaded = "";
    const answer = await sendCsv(file, (csv) =>
      api.POST("/v1/schools:import", { params: { query: { voivodeship: this.loadVoivodeship } }, ...csv }),
    );
    try {
      if ("data" in answer) {
        const d = answer.data;
        this.loaded = t("schools.load.done", {
          file: file.name,
          rows: d.rows ?? 0,
          added: d.added ?? 0,
          changed: d.changed ?? 0,
          closed: d.closed ?? 0,
          reopened: d.reopened ?? 0,
          unchanged: d.unchanged ?? 0,
        });
        await this.updateComplete;
        this.loadedElement.focus();
      } else if ("lines" in answer) {
        this.problems = answer.lines;
        this.problemsFile = file.name;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>("#refused")?.focus();
      } else {
        this.failure = answer.failure;
      }
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<h1>${t("screen.schools")}</h1>
      <p>${t("schools.intro")}</p>
      ${alertRegion(this.failure)} ${readsReached(this.signedInRole) ? this.renderReached() : nothing} ${this.renderRegister()}
      ${mayLoadRegister(this.signedInRole) ? this.renderLoad() : nothing}`;
  }

  private renderReached() {
    const rows = this.reached;
    return html`<section aria-labelledby="reached">
      <h2 id="reached">${t("schools.reached.heading")}</h2>
      <jst-edition-select
        .value=${this.edition}
        @edition-change=${(e: CustomEvent<string>) => this.chooseEdition(e.detail)}
      ></jst-edition-select>
      <form
        class="filters"
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          void this.loadReached();
        }}
      >
        <label
          >${t("schools.reached.voivodeship")}
          <select @change=${(e: Event) => (this.reachedVoivodeship = (e.target as HTMLSelectElement).value)}>
            ${voivodeshipOptions(this.reachedVoivodeship, "schools.reached.any")}
          </select></label
        >
        <button type="submit" class="secondary" ?disabled=${this.busy || this.edition === ""}>
          ${t("schools.reached.show")}
        </button>
      </form>
      ${rows === null
        ? nothing
        : rows.length === 0
          ? html`<p>${t("schools.reached.none")}</p>`
          : html`<p data-field="reached">${t("schools.reached.count", { count: countedReached(rows) })}</p>
              <table>
                <caption>
                  ${t("schools.reached.caption", { edition: this.edition })}
                </caption>
                ${columnHeads([
                  "schools.col.rspo",
                  "schools.col.name",
                  "schools.col.jst",
                  "schools.col.stage",
                  "schools.col.approved",
                  "schools.col.actions",
                ])}
                <tbody>
                  ${rows.map((r) => {
                    const stage = r.caseStage && r.caseStage !== "STAGE_UNSPECIFIED" ? t(`jst.stage.${r.caseStage}`) : "";
                    return html`<tr data-rspo=${r.rspo ?? ""}>
                      <td>${r.rspo}</td>
                      <th scope="row">${r.name}<br />${r.type}</th>
                      <td>${r.teryt}, ${voivodeshipName(r.voivodeship ?? "")}</td>
                      <td>${r.caseStage === "WITHDRAWN" ? t("schools.reached.withdrawn", { stage }) : stage}</td>
                      <td>${r.scheduleApprovedOn ? civilDate(r.scheduleApprovedOn) : ""}</td>
                      <td>${(r.actions ?? []).length}</td>
                    </tr>`;
                  })}
                </tbody>
              </table>`}
    </section>`;
  }

  private renderRegister() {
    const own = this.signedInRole === "JST";
    return html`<section aria-labelledby="register">
      <h2 id="register">${t("schools.register.heading")}</h2>
      <form
        class="filters"
        @submit=${(e: SubmitEvent) => {
          e.preventDefault();
          void this.search("");
        }}
      >
        <label
          >${t("schools.register.query")}
          <input
            type="search"
            autocomplete="off"
            maxlength="200"
            .value=${this.words}
            @input=${(e: Event) => (this.words = (e.target as HTMLInputElement).value)}
        /></label>
        ${own
          ? nothing
          : html`<label
              >${t("schools.register.teryt")}
              <input
                inputmode="numeric"
                autocomplete="off"
                .value=${this.teryt}
                @input=${(e: Event) => (this.teryt = (e.target as HTMLInputElement).value)}
            /></label>`}
        <label
          ><input
            type="checkbox"
            .checked=${this.includeClosed}
            @change=${(e: Event) => (this.includeClosed = (e.target as HTMLInputElement).checked)}
          />
          ${t("schools.register.closed")}</label
        >
        <button type="submit" ?disabled=${this.busy}>${t("schools.register.search")}</button>
      </form>
      ${this.schools === null
        ? nothing
        : this.schools.length === 0
          ? html`<p>${t("schools.register.none")}</p>`
          : html`<p>${t("schools.register.count", { count: this.schools.length })}</p>
              <table>
                <caption>
                  ${t("schools.register.caption")}
                </caption>
                ${columnHeads([
                  "schools.col.rspo",
                  "schools.col.name",
                  "schools.col.type",
                  "schools.col.jst",
                  "schools.col.closed",
                ])}
                <tbody>
                  ${this.schools.map(
                    (s) => html`<tr data-rspo=${s.rspo ?? ""}>
                      <td>${s.rspo}</td>
                      <th scope="row">${s.name}</th>
                      <td>${s.type}</td>
                      <td>${s.runningTeryt}</td>
                      <td>${s.closedOn ? civilDate(s.closedOn) : ""}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
              ${this.schoolsToken
                ? html`<p>
                    <button class="secondary" ?disabled=${this.busy} @click=${() => void this.search(this.schoolsToken)}>
                      ${t("schools.register.more")}
                    </button>
                  </p>`
                : nothing}`}
    </section>`;
  }

  private renderLoad() {
    return html`<section aria-labelledby="load">
      <h2 id="load">${t("schools.load.heading")}</h2>
      <p class="hint" id="load-hint">${t("schools.load.hint")}</p>
      <form class="filters" @submit=${(e: SubmitEvent) => void this.loadRegister(e)}>
        <label
          >${t("schools.load.voivodeship")}
          <select required @change=${(e: Event) => (this.loadVoivodeship = (e.target as HTMLSelectElement).value)}>
            ${voivodeshipOptions(this.loadVoivodeship, "schools.load.choose")}
          </select></label
        >
        <label
          >${t("schools.load.file")}
          <input
            type="file"
            accept=".csv,text/csv"
            required
            aria-describedby="load-hint"
            @change=${(e: Event) => (this.file = (e.target as HTMLInputElement).files?.[0] ?? null)}
        /></label>
        <button type="submit" ?disabled=${this.busy || this.loadVoivodeship === "" || this.file === null}>
          ${t("schools.load.submit")}
        </button>
      </form>
      <p id="loaded" role="status" tabindex="-1">${this.loaded}</p>
      ${this.problems ? lineProblems(this.problems, this.problemsFile) : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-schools-page": SchoolsPage;
  }
}
