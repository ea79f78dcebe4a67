// The advisory cases board (issue 19): the cases the caller may read in
// the chosen edition (GET /v1/cases, every page), a column per stage, each
// case a link to its page with its stage's due date and, when it is past
// due, "po terminie" in words. The API scopes the list: an expert sees the
// cases where they are one of the pair, a coordinator its voivodeship's,
// the office all (with a voivodeship filter). JST names come from
// GET /v1/jsts?voivodeship= (one read per voivodeship on the board).
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { api, everyPage } from "../api.js";
import { boardOf, columnsShown, overdueReason, type BoardColumn } from "../cases.js";
import { todayInWarsaw } from "../editions.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import type { Case } from "./jst-case.js";
import "./edition-select.js";
import { shared } from "./styles.js";
import { alertRegion, civilDate, t } from "./text.js";
import { voivodeshipOptions } from "./voivodeship-options.js";

const PAGE_SIZE = 500;

// Every case of `edition` (in `voivodeship` when not empty) the caller may read.
export async function loadCases(edition: string, voivodeship: string): Promise<Case[]> {
  return everyPage<Case>(async (query) => {
    const data = await dataOf(api.GET("/v1/cases", { params: { query: { ...query, edition, ...(voivodeship ? { voivodeship } : {}) } } }));
    return { rows: data.cases ?? [], next: data.nextPageToken ?? "" };
  }, PAGE_SIZE);
}

// The names of the JSTs of `voivodeships` by TERYT; a voivodeship whose
// registry cannot be read is left out (its cards show the code).
export async function loadJstNames(voivodeships: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await Promise.all(
    [...new Set(voivodeships)].map(async (voivodeship) => {
      try {
        const jsts = await everyPage(async (query) => {
          const data = await dataOf(api.GET("/v1/jsts", { params: { query: { ...query, voivodeship } } }));
          return { rows: data.jsts ?? [], next: data.nextPageToken ?? "" };
        }, PAGE_SIZE);
        for (const jst of jsts) names.set(jst.teryt ?? "", jst.name ?? "");
      } catch {
        // The names are a convenience: the card still names the TERYT code.
      }
    }),
  );
  return names;
}

@customElement("jst-cases-page")
export class CasesPage extends LitElement {
  static override styles = [
    shared,
    css`
      .board {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr));
        gap: 1rem;
        align-items: start;
      }
      .board section {
        border: 1px solid #767676;
        border-radius: 4px;
        padding: 0 0.75rem 0.75rem;
        background: #f6f7f9;
      }
      h2 {
        font-size: 1.15rem;
        margin: 0.6rem 0;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 0.5rem;
      }
      li {
        background: #ffffff;
        border: 1px solid #767676;
        border-radius: 4px;
        padding: 0.4rem 0.6rem;
      }
      li.overdue {
        border-left: 6px solid #b00020;
      }
      .meta {
        display: block;
        font-size: 0.9rem;
      }
      .overdue-text {
        font-weight: 600;
        color: #b00020;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private voivodeship = readQuery().get("voivodeship") ?? "";
  @state() private cases: Case[] | null = null;
  @state() private names = new Map<string, string>();
  @state() private failure: UserMessage | null = null;
  // The latest load's number: an answer to an earlier choice changes nothing.
  private ticket = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load();
  }

  // The office chooses a voivodeship; a coordinator's list is its own
  // voivodeship's and an expert's their own cases, by the API's scope.
  private get mayFilterVoivodeship(): boolean {
    const role = store.session?.role ?? null;
    return role === "ADMIN";
  }

  private async load(): Promise<void> {
    const ticket = ++this.ticket;
    const current = () => ticket === this.ticket;
    writeQuery({ edition: this.edition, voivodeship: this.voivodeship });
    this.cases = null;
    this.failure = null;
    try {
      const cases = await loadCases(this.edition, this.mayFilterVoivodeship ? this.voivodeship : "");
      if (!current()) return;
      const role = store.session?.role ?? null;
      const names = mayCall("GET /v1/jsts", role) ? await loadJstNames(cases.map((c) => c.voivodeship ?? "")) : new Map();
      if (!current()) return;
      this.names = names;
      this.cases = cases;
    } catch (caught) {
      if (current()) this.failure = failureOf(caught);
    }
  }

  private onEditionChange(event: CustomEvent<string>): void {
    this.edition = event.detail;
    void this.load();
  }

  private onVoivodeshipChange(event: Event): void {
    this.voivodeship = (event.target as HTMLSelectElement).value;
    void this.load();
  }

  override render() {
    const loading = this.cases === null && this.failure === null;
    return html`<h1>${t("screen.cases")}</h1>
      <p>${t("cases.intro")}</p>
      <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
        <jst-edition-select .value=${this.edition} @edition-change=${this.onEditionChange}></jst-edition-select>
        ${this.mayFilterVoivodeship
          ? html`<label
              >${t("cases.voivodeship")}
              <select name="voivodeship" @change=${this.onVoivodeshipChange}>
                ${voivodeshipOptions(this.voivodeship, "cases.allVoivodeships")}
              </select></label
            >`
          : nothing}
      </form>
      ${alertRegion(this.failure)}
      <div aria-busy=${loading ? "true" : "false"}>
        ${loading ? html`<p role="status" class="loading">${t("app.loading")}</p>` : nothing}
        ${this.cases ? this.renderBoard(this.cases) : nothing}
      </div>`;
  }

  private renderBoard(cases: Case[]) {
    const board = boardOf(cases);
    return html`<p role="status" data-field="total">${t("cases.total", { count: cases.length })}</p>
      <div class="board">${columnsShown(board).map((column) => this.renderColumn(column, board.get(column) ?? []))}</div>`;
  }

  private renderColumn(column: BoardColumn, cases: Case[]) {
    return html`<section data-stage=${column} aria-labelledby="column-${column}">
      <h2 id="column-${column}">${t(`jst.stage.${column}`)} (${cases.length})</h2>
      ${cases.length === 0
        ? html`<p>${t("cases.emptyColumn")}</p>`
        : html`<ul>
            ${cases.map((kase) => this.renderCard(kase))}
          </ul>`}
    </section>`;
  }

  private renderCard(kase: Case) {
    const teryt = kase.teryt ?? "";
    const name = this.names.get(teryt) || teryt;
    return html`<li data-case=${kase.id ?? ""} class=${kase.overdue ? "overdue" : ""}>
      <a href=${hrefOfScreen("case", { case: kase.id ?? "" })}>${name}</a>
      <span class="meta">${t("cases.cardPlace", { teryt, voivodeship: voivodeshipName(kase.voivodeship ?? "") })}</span>
      ${this.renderDue(kase)}
    </li>`;
  }

  // The stage's due date, and "po terminie" in words when the API says the
  // case is overdue: by its stage, or by an action of its schedule.
  private renderDue(kase: Case) {
    const reason = overdueReason(kase, todayInWarsaw());
    const due = kase.stageDueOn ? civilDate(kase.stageDueOn) : "";
    if (reason === "none" && due === "") return nothing;
    return html`<span class="meta" data-field="due"
      >${reason === "stage"
        ? html`<span class="overdue-text">${t("cases.overdueStage", { date: due })}</span>`
        : due
          ? t("cases.dueOn", { date: due })
          : nothing}${reason === "action" ? html`<span class="meta overdue-text">${t("cases.overdueAction")}</span>` : nothing}</span
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-cases-page": CasesPage;
  }
}
