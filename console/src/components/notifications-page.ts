// Powiadomienia (issue 23): `/console/notifications`. The notifications the
// signed-in user may see (GET /v1/notifications: the office all, a
// coordinator its voivodeship's JSTs' people, their experts and the
// voivodeship's weekly digests, a JST its own people, an expert or a
// trainer their own), newest due first, a page at a time, their titles in
// the user's language; filtered by state ("Nieudane" one press away) and,
// for those who see others', by person — the choices kept in the address.
// A row's recipient leads to their settings (notification-preferences.ts);
// an expert, a trainer or a coordinator has their own there (a coordinator
// both: others' to read, its own to change), and every staff member their
// own address for notifications (account-contact.ts). Rules in
// src/notifications.ts.
import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { api } from "../api.js";
import { describeFailure, refusalOf, type UserMessage } from "../errors.js";
import type { MessageKey } from "../i18n/pl.js";
import {
  STATES,
  addressOf,
  filtersOf,
  instantOf,
  kindLabel,
  listQuery,
  mayChangePreferences,
  mayFilterByPerson,
  mayNamePreferences,
  ownPersonOf,
  ownPreferences,
  personWords,
  problemWords,
  type Notification,
  type NotificationFilters,
  type State,
} from "../notifications.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import type { AccountContactPanel } from "./account-contact.js";
import "./account-contact.js";
import { columnHeads } from "./column-heads.js";
import { fieldProblem, problemIdOf } from "./field-problem.js";
import { nextPageButton } from "./next-page.js";
import type { NotificationPreferences } from "./notification-preferences.js";
import "./notification-preferences.js";
import { sections, shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";

const PAGE_SIZE = 50;
// The quick choices above the list: everything, and the states the office
// looks at most (the failed ones first).
const PRESETS = ["", "FAILED", "SCHEDULED", "SENT"] as const;
// Applications whose JST names are read at once (the gateway limits a
// user's rate).
const NAME_READS = 4;

@customElement("jst-notifications-page")
export class NotificationsPage extends LitElement {
  static override styles = [
    shared,
    sections,
    css`
      .presets {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0 0 1rem;
      }
      .presets button[aria-pressed="true"] {
        background: #0b3d91;
        color: #ffffff;
        font-weight: 700;
      }
      .presets button.failed {
        border-color: #b00020;
        color: #b00020;
      }
      .presets button.failed[aria-pressed="true"] {
        background: #b00020;
        color: #ffffff;
      }
      form.filters .field {
        display: flex;
        flex-direction: column;
        flex: 1 1 24rem;
        max-width: 34rem;
      }
      form.filters .field label {
        font-weight: 600;
      }
      .hint {
        margin: 0.2rem 0 0;
        font-size: 0.9rem;
        font-weight: 400;
        color: #3d3d3d;
      }
      tr.failed > :first-child {
        border-left: 6px solid #b00020;
      }
      .state-failed {
        color: #b00020;
        font-weight: 700;
      }
      .reason {
        display: block;
        font-size: 0.9rem;
      }
      .person {
        display: block;
      }
      td button {
        margin-top: 0.3rem;
        padding: 0.15rem 0.6rem;
        font-size: 0.9rem;
      }
      .warning {
        border-left: 6px solid #8a5300;
        background: #fff4e0;
        padding: 0.6rem 1rem;
        margin: 1rem 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.8rem;
        align-items: center;
      }
      .warning p {
        margin: 0;
      }
      h2:focus {
        outline: 3px solid #1b1b1b;
        outline-offset: 2px;
      }
      nav.jumps ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1.5rem;
        list-style: none;
        margin: 0 0 1rem;
        padding: 0;
      }
      /* The filters' fields under their labels, the hint below a field
         leaving the others at the top. */
      form.filters {
        align-items: flex-start;
      }
      form.filters > button {
        margin-top: 1.5rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private filters: NotificationFilters = filtersOf(readQuery());
  // The filters of the list shown; null before the first answer.
  @state() private shown: NotificationFilters | null = null;
  @state() private rows: Notification[] = [];
  @state() private nextPageToken = "";
  @state() private busy = false;
  @state() private failure: UserMessage | null = null;
  @state() private personProblem: string | undefined = undefined;
  @state() private ownPerson = ownPersonOf(store.session?.role ?? null, store.session?.subject ?? "");
  @state() private jstNames = new Map<string, string>();
  // Whether the user's own address is on record (null: not known, or a role
  // without one).
  @state() private hasAddress: boolean | null = null;
  private listedLocale = store.locale;
  private ticket = 0;

  // One's own settings, and those of a person named (a row's "Ustawienia").
  @query("#own-prefs") private ownSettings?: NotificationPreferences;
  @query("#named-prefs") private namedSettings?: NotificationPreferences;
  @query("jst-account-contact") private contact?: AccountContactPanel;

  private get userRole() {
    return store.session?.role ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load("");
  }

  // The titles are in the language asked for: another language, another read.
  protected override willUpdate(): void {
    if (this.shown !== null && !this.busy && store.locale !== this.listedLocale) void this.load("");
  }

  private async load(pageToken: string): Promise<void> {
    const ticket = ++this.ticket;
    const filters = pageToken === "" ? this.filters : (this.shown ?? this.filters);
    if (pageToken === "") writeQuery(addressOf(filters));
    this.listedLocale = store.locale;
    this.busy = true;
    this.failure = null;
    this.personProblem = undefined;
    try {
      const query = listQuery(mayFilterByPerson(this.userRole) ? filters : { ...filters, person: "" }, store.locale, PAGE_SIZE, pageToken);
      const { data, error, response } = await api.GET("/v1/notifications", { params: { query } });
      if (ticket !== this.ticket) return;
      if (!data) {
        this.refused(response.status, error, pageToken);
        return;
      }
      const page = data.notifications ?? [];
      this.rows = pageToken === "" ? page : [...this.rows, ...page];
      this.nextPageToken = data.nextPageToken ?? "";
      this.shown = filters;
      void this.loadJstNames(page);
    } catch {
      if (ticket === this.ticket) this.refused(0, undefined, pageToken);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  private refused(status: number, body: unknown, pageToken: string): void {
    const refusal = refusalOf(status, body);
    // A person the caller may not see is answered as unknown (404).
    if (status === 404) this.personProblem = t("notifications.personNotFound");
    else if (refusal.kind === "fields" && refusal.fields.has("person"))
      this.personProblem = t("error.fieldProblem", { message: refusal.fields.get("person") ?? "" });
    else this.failure = refusal.kind === "other" ? refusal.failure : describeFailure(status, body);
    if (pageToken === "") {
      this.shown = null;
      this.rows = [];
      this.nextPageToken = "";
    }
    if (this.personProblem !== undefined)
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>("#filter-person")?.focus());
  }

  // The JST of each row's application, by name (GET /v1/applications/{id}),
  // where the role may read applications; a name that cannot be read is
  // left out (the row shows the application's short id).
  private async loadJstNames(rows: readonly Notification[]): Promise<void> {
    if (this.userRole === "JST" || !mayCall("GET /v1/applications/{application}", this.userRole)) return;
    const wanted = [...new Set(rows.map((row) => row.application ?? ""))].filter((id) => id !== "" && !this.jstNames.has(id));
    const found = new Map<string, string>();
    const read = async () => {
      for (let id = wanted.shift(); id !== undefined; id = wanted.shift()) {
        try {
          const { data } = await api.GET("/v1/applications/{application}", { params: { path: { application: id } } });
          if (data?.jstName) found.set(id, data.jstName);
        } catch {
          // A convenience: the row still names the application.
        }
      }
    };
    await Promise.all(Array.from({ length: NAME_READS }, read));
    if (found.size > 0) this.jstNames = new Map([...this.jstNames, ...found]);
  }

  private choose(change: Partial<NotificationFilters>): void {
    this.filters = { ...this.filters, ...change };
  }

  private preset(state: State | ""): void {
    this.choose({ state });
    void this.load("");
  }

  // A row's "Ustawienia": that person's settings below the list.
  private openSettings(person: string): void {
    void this.namedSettings?.show(person);
  }

  // The settings' "Pokaż powiadomienia tej osoby": the list of that person.
  private async showPerson(person: string): Promise<void> {
    this.filters = { state: "", person };
    await this.load("");
    await this.updateComplete;
    focusHeading(this.renderRoot.querySelector<HTMLElement>("#list-heading"));
  }

  override render() {
    const role = this.userRole;
    const intro: MessageKey =
      role === "ADMIN"
        ? "notifications.introAdmin"
        : role === "COORDINATOR"
          ? "notifications.introCoordinator"
          : role === "JST"
            ? "notifications.introJst"
            : "notifications.introOwn";
    const mayPut = mayCall("PUT /v1/notification-preferences", role);
    // Others' settings right below the list their rows open them from;
    // one's own beside one's address.
    return html`<h1>${t("screen.notifications")}</h1>
      <p>${t(intro)}</p>
      ${this.renderJumps()} ${this.hasAddress === false ? this.renderAddressMissing() : nothing} ${this.renderList()}
      ${mayNamePreferences(role)
        ? html`<jst-notification-preferences
            id="named-prefs"
            ?editable=${mayChangePreferences(role, false) && mayPut}
            @show-notifications=${(e: CustomEvent<string>) => void this.showPerson(e.detail)}
          ></jst-notification-preferences>`
        : nothing}
      ${ownPreferences(role)
        ? html`<jst-notification-preferences
            id="own-prefs"
            own
            ?editable=${mayChangePreferences(role, true) && mayPut}
            @own-person=${(e: CustomEvent<string>) => (this.ownPerson = e.detail)}
          ></jst-notification-preferences>`
        : nothing}
      ${this.showsContact
        ? html`<jst-account-contact @contact-known=${(e: CustomEvent<boolean>) => (this.hasAddress = e.detail)}></jst-account-contact>`
        : nothing}`;
  }

  private get showsContact(): boolean {
    return mayCall("GET /v1/account-contact", this.userRole) && mayCall("PUT /v1/account-contact", this.userRole);
  }

  // Links to the parts below a list that may be long: each moves the
  // keyboard to its part's heading (the headings live in the parts' shadow
  // roots, where a #fragment does not reach).
  private renderJumps() {
    const jump = (label: MessageKey, go: () => void) =>
      html`<li>
        <a
          href="#"
          @click=${(e: Event) => {
            e.preventDefault();
            go();
          }}
          >${t(label)}</a
        >
      </li>`;
    return html`<nav class="jumps" aria-label=${t("notifications.onThisPage")}>
      <ul>
        ${jump("notifications.listHeading", () => focusHeading(this.renderRoot.querySelector<HTMLElement>("#list-heading")))}
        ${mayNamePreferences(this.userRole) ? jump("notifications.prefs.heading", () => this.namedSettings?.focusHeading()) : nothing}
        ${ownPreferences(this.userRole) ? jump("notifications.prefs.ownHeading", () => this.ownSettings?.focusHeading()) : nothing}
        ${this.showsContact ? jump("notifications.contact.heading", () => this.contact?.focusHeading()) : nothing}
      </ul>
    </nav>`;
  }

  private renderAddressMissing() {
    return html`<div class="warning" data-field="address-missing">
      <p>${t("notifications.addressMissing")}</p>
      <button type="button" class="secondary" @click=${() => this.contact?.focusField()}>${t("notifications.addressMissingAction")}</button>
    </div>`;
  }

  private renderList() {
    return html`<section aria-labelledby="list-heading">
      <h2 id="list-heading" tabindex="-1">${t("notifications.listHeading")}</h2>
      ${this.renderPresets()} ${this.renderFilters()} ${alertRegion(this.failure)}
      <div aria-busy=${this.busy ? "true" : "false"}>${this.renderResults()}</div>
    </section>`;
  }

  private renderPresets() {
    const current = this.shown?.state ?? this.filters.state;
    return html`<div class="presets" role="group" aria-label=${t("notifications.presets")}>
      ${PRESETS.map(
        (state) => html`<button
          type="button"
          class=${state === "FAILED" ? "secondary failed" : "secondary"}
          aria-pressed=${current === state ? "true" : "false"}
          @click=${() => this.preset(state)}
        >
          ${t(state === "" ? "notifications.preset.all" : `notifications.preset.${state}`)}
        </button>`,
      )}
    </div>`;
  }

  private renderFilters() {
    const byPerson = mayFilterByPerson(this.userRole);
    const problem = this.personProblem;
    const described = ["filter-person-hint", problem !== undefined ? problemIdOf("filter-person") : ""].filter(Boolean).join(" ");
    return html`<form
      class="filters"
      aria-label=${t("notifications.filters")}
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.load("");
      }}
    >
      <label
        >${t("notifications.stateFilter")}
        <select name="state" @change=${(e: Event) => this.choose({ state: (e.target as HTMLSelectElement).value as State | "" })}>
          <option value="" ?selected=${this.filters.state === ""}>${t("notifications.anyState")}</option>
          ${STATES.map(
            (state) =>
              html`<option value=${state} ?selected=${this.filters.state === state}>${t(`notifications.state.${state}`)}</option>`,
          )}
        </select></label
      >
      ${byPerson
        ? html`<div class="field">
            <label for="filter-person">${t("notifications.personFilter")}</label>
            <input
              id="filter-person"
              name="person"
              spellcheck="false"
              autocomplete="off"
              aria-invalid=${problem !== undefined ? "true" : "false"}
              aria-describedby=${described}
              .value=${this.filters.person}
              @input=${(e: Event) => this.choose({ person: (e.target as HTMLInputElement).value })}
            />
            <p class="hint" id="filter-person-hint">${t("notifications.personHint")}</p>
            ${fieldProblem("filter-person", problem)}
          </div>`
        : nothing}
      <button type="submit">${t("notifications.show")}</button>
    </form>`;
  }

  private renderResults() {
    const shown = this.shown;
    if (shown === null) return this.busy ? html`<p role="status">${t("notifications.loading")}</p>` : nothing;
    const rows = this.rows;
    const count =
      rows.length === 0
        ? t(shown.state === "FAILED" ? "notifications.noneFailed" : "notifications.none")
        : t(this.nextPageToken ? "notifications.countMore" : "notifications.count", { count: rows.length });
    // A JST's own rows are all its own: no column to repeat its name.
    const withJst = this.userRole !== "JST" && mayCall("GET /v1/applications/{application}", this.userRole);
    const settings = mayNamePreferences(this.userRole);
    return html`<p role="status" data-field="total">${count}</p>
      ${rows.length === 0
        ? nothing
        : html`<table>
            <caption>
              ${shown.state === ""
                ? t("notifications.caption")
                : t("notifications.captionState", { state: t(`notifications.state.${shown.state}`) })}
            </caption>
            ${columnHeads([
              "notifications.col.due",
              "notifications.col.kind",
              "notifications.col.title",
              "notifications.col.person",
              withJst && "notifications.col.jst",
              "notifications.col.state",
              "notifications.col.sent",
            ])}
            <tbody>
              ${rows.map((row) => this.renderRow(row, withJst, settings))}
            </tbody>
          </table>`}
      ${nextPageButton(this.nextPageToken, this.busy, "notifications.next", (token) => this.load(token))}`;
  }

  private renderRow(row: Notification, withJst: boolean, settings: boolean) {
    const person = row.person ?? "";
    const words = personWords(person, this.ownPerson);
    const who = t(words.key, words.params);
    const application = row.application ?? "";
    return html`<tr data-notification=${row.id ?? ""} data-person=${person} class=${row.state === "FAILED" ? "failed" : ""}>
      <td data-field="due">${instantOf(row.dueTime) ? dateTime(instantOf(row.dueTime)) : ""}</td>
      <td data-field="kind">${kindLabel(store.locale, row.kind ?? "")}</td>
      <th scope="row" data-field="title">${row.title || t("notifications.untitled")}</th>
      <td data-field="person">
        <span class="person">${who}</span>
        ${settings && words.key !== "notifications.person.you"
          ? html`<button
              type="button"
              class="secondary"
              aria-label=${t("notifications.settingsOfLabel", { person: who })}
              @click=${() => this.openSettings(person)}
            >
              ${t("notifications.settingsOf")}
            </button>`
          : nothing}
      </td>
      ${withJst
        ? html`<td data-field="jst">
            ${application
              ? html`<a href=${hrefOfScreen("application", { application })}>${this.jstNames.get(application) ?? application.slice(0, 8)}</a>`
              : nothing}
          </td>`
        : nothing}
      <td data-field="state">${stateCell(row)}</td>
      <td data-field="sent">${instantOf(row.sentTime) ? dateTime(instantOf(row.sentTime)) : t("notifications.notSent")}</td>
    </tr>`;
  }
}

// The state in words; a failed one marked (in words and colour) with why,
// a retry with when, a skipped one with why.
function stateCell(row: Notification) {
  const state = row.state ?? "STATE_UNSPECIFIED";
  const label = state === "STATE_UNSPECIFIED" ? "" : t(`notifications.state.${state}`);
  const reason = row.problem
    ? html`<span class="reason" data-field="problem">${t("notifications.reason", { reason: problemText(row.problem) })}</span>`
    : nothing;
  if (state === "FAILED") return html`<strong class="state-failed"><span aria-hidden="true">⚠ </span>${label}</strong>${reason}`;
  const retry = instantOf(row.nextAttemptTime);
  if (state === "SCHEDULED" && (row.attempts ?? 0) > 0 && retry)
    return html`${label}<span class="reason">${t("notifications.retry", { time: dateTime(retry), attempts: row.attempts ?? 0 })}</span>${reason}`;
  return html`${label}${state === "SKIPPED" || state === "EXPIRED" ? reason : nothing}`;
}

// Scrolls to a part's heading and puts the keyboard there.
function focusHeading(heading: HTMLElement | null | undefined): void {
  heading?.scrollIntoView({ block: "start" });
  heading?.focus();
}

function problemText(problem: string): string {
  const words = problemWords(problem);
  return t(words.key, words.params);
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-notifications-page": NotificationsPage;
  }
}
