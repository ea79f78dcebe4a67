// A JST's officials in one edition: its application (status, workshop
// group once qualified), the declarations still missing (with a form to
// record one: POST /v1/participants/{p}:recordDeclaration), each
// representative's training progress (GET /v1/participants/{p}/training)
// and the group's upcoming sessions in Warsaw time. JST staff see their own
// JST (the token's); the office and a coordinator choose one by its TERYT
// code, kept in the address (?edition=PILOT&teryt=2476011). Names are read
// from recruitment with a purpose (audited), only for the JST's own people:
// the API scopes every read.
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { readQuery, writeQuery } from "../address.js";
import { api, everyPage } from "../api.js";
import { dataOf, failureOf, refusalOf, unmetLine, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { isTeryt, missingDeclarations, upcomingSessions, type Application, type Session } from "../staff.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, type Submission } from "../submissions.js";
import { columnHeads } from "./column-heads.js";
import "./edition-select.js";
import { fieldProblem, fieldProblemText, problemIdOf } from "./field-problem.js";
import { read, SUMMARY_HEADINGS, summaryCells, trainingCells, TRAINING_HEADINGS, type Result } from "./jst-officials.js";
import { jstStyles } from "./jst-styles.js";
import { sections, shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";

type Training = Readable<components["schemas"]["ParticipantTraining"]>;
type Module = Readable<components["schemas"]["Module"]>;

interface Official {
  readonly participant: string;
  readonly name: string;
  readonly training: Result<Training>;
}

interface Upcoming {
  readonly session: Session;
  readonly module: Module | undefined;
}

// Why the names are read (recorded in recruitment's audit row).
const PURPOSE = "Konsola: urzędnicy JST, oświadczenia i postęp szkolenia";
const RECORD = "POST /v1/participants/{participant}:recordDeclaration";


@customElement("jst-officials-page")
export class OfficialsPage extends LitElement {
  static override styles = [
    shared,
    jstStyles,
    sections,
    css`
      form.declaration {
        display: grid;
        gap: 0.6rem;
        max-width: 36rem;
        padding: 1rem;
        margin: 0.5rem 0;
        border: 2px solid #5a5a5a;
        border-radius: 4px;
      }
      form.declaration h3 {
        margin: 0;
      }
      .field > label {
        display: block;
        font-weight: 600;
      }
      .buttons {
        display: flex;
        gap: 0.8rem;
      }
      ul.missing li {
        margin: 0.3rem 0;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  // The JST shown: the token's for JST staff, the address's for the others.
  @state() private teryt = this.ownJst ? (store.session?.jst ?? "") : (readQuery().get("teryt") ?? "");
  @state() private typed = this.teryt;
  @state() private application: Application | null | undefined = undefined;
  @state() private officials: Official[] = [];
  @state() private upcoming: Upcoming[] | null = null;
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  // The declaration being recorded, its form's state.
  @state() private recording = "";
  @state() private signedOn = "";
  @state() private clause = false;
  @state() private fieldProblems: ReadonlyMap<string, string> = new Map();
  @state() private recordFailure: UserMessage | null = null;
  @state() private announcement = "";
  private submission: Submission | null = null;
  private ticket = 0;

  private get ownJst(): boolean {
    return store.session?.role === "JST";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load();
  }

  private async load(): Promise<void> {
    const ticket = ++this.ticket;
    const { edition, teryt } = this;
    writeQuery({ edition, teryt: this.ownJst ? "" : teryt });
    this.application = undefined;
    this.failure = null;
    if (edition === "" || !isTeryt(teryt)) return;
    this.busy = true;
    try {
      const list = await dataOf(
        api.GET("/v1/editions/{edition}/applications", { params: { path: { edition }, query: { teryt } } }),
      );
      const application = list.applications?.find((a) => a.teryt === teryt) ?? null;
      const [officials, upcoming] = application
        ? await Promise.all([this.readOfficials(application), this.readUpcoming(application)])
        : [[], null];
      if (ticket !== this.ticket) return;
      this.application = application;
      this.officials = officials;
      this.upcoming = upcoming;
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  private readOfficials(application: Application): Promise<Official[]> {
    return Promise.all(
      (application.representatives ?? []).map(async (summary) => {
        const participant = summary.participant ?? "";
        const path = { participant };
        const [person, training] = await Promise.all([
          dataOf(api.GET("/v1/participants/{participant}", { params: { path, query: { purpose: PURPOSE } } })),
          read(() => api.GET("/v1/participants/{participant}/training", { params: { path } })),
        ]);
        return { participant, name: `${person.firstName ?? ""} ${person.lastName ?? ""}`.trim(), training };
      }),
    );
  }

  // The group's sessions still to come, once a group is assigned.
  private async readUpcoming(application: Application): Promise<Upcoming[] | null> {
    const group = application.workshopGroup ?? 0;
    if (group === 0) return null;
    const edition = application.edition ?? "";
    const modules = await everyPage(async (query) => {
      const data = await dataOf(api.GET("/v1/editions/{edition}/modules", { params: { path: { edition }, query } }));
      return { rows: data.modules ?? [], next: data.nextPageToken ?? "" };
    }, 100);
    const sessions = (
      await Promise.all(
        modules.map((module) =>
          everyPage(async (query) => {
            const data = await dataOf(api.GET("/v1/modules/{module}/sessions", { params: { path: { module: module.id ?? "" }, query } }));
            return { rows: data.sessions ?? [], next: data.nextPageToken ?? "" };
          }),
        ),
      )
    ).flat();
    return upcomingSessions(sessions, group, new Date()).map((session) => ({
      session,
      module: modules.find((m) => m.id === session.module),
    }));
  }

  private show(event: SubmitEvent): void {
    event.preventDefault();
    this.teryt = this.typed.trim();
    if (!isTeryt(this.teryt)) {
      this.failure = { key: "staff.officials.badTeryt", params: {} };
      this.application = undefined;
      return;
    }
    void this.load();
  }

  private nameOf(participant: string): string {
    const index = this.officials.findIndex((o) => o.participant === participant);
    return this.officials[index]?.name || t("jst.officialNumber", { number: index + 1 });
  }

  private async openRecord(participant: string): Promise<void> {
    this.recording = participant;
    this.signedOn = "";
    this.clause = false;
    this.fieldProblems = new Map();
    this.recordFailure = null;
    this.submission = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#signed-on")?.focus();
  }

  private async closeRecord(): Promise<void> {
    const participant = this.recording;
    this.recording = "";
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`button[data-record="${participant}"]`)?.focus();
  }

  private async record(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const participant = this.recording;
    if (this.busy || participant === "") return;
    const body = { signedOn: this.signedOn, informationClauseHandedOver: this.clause };
    const submission = submissionFor(this.submission, `declaration ${participant}`, body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.recordFailure = null;
    try {
      const { data, error, response } = await api.POST("/v1/participants/{participant}:recordDeclaration", {
        params: { path: { participant }, header: { "Idempotency-Key": submission.key } },
        body,
      });
      if (data) await this.recorded(participant);
      else await this.recordRefused(response.status, error);
    } catch {
      await this.recordRefused(0, undefined);
    } finally {
      this.busy = false;
    }
  }

  private async recorded(participant: string): Promise<void> {
    const name = this.nameOf(participant);
    this.submission = null;
    this.recording = "";
    await this.load();
    this.announcement = t("staff.officials.recorded", { name });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#declarations")?.focus();
  }

  private async recordRefused(status: number, body: unknown): Promise<void> {
    if (!keepsKey(status, body)) this.submission = null;
    const refusal = refusalOf(status, body);
    if (refusal.kind === "fields") {
      this.fieldProblems = new Map([...refusal.fields].map(([field, message]) => [field, fieldProblemText(message)]));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('form.declaration [aria-invalid="true"]')?.focus();
      return;
    }
    this.fieldProblems = new Map();
    this.recordFailure =
      refusal.kind === "other"
        ? refusal.failure
        : refusal.kind === "guard"
          ? { key: "error.badRequest", params: { message: unmetLine(refusal.unmet) } }
          : { key: "applications.stale", params: {} };
  }

  override render() {
    return html`
      <h1>${t("screen.officials")}</h1>
      <p>${t("staff.officials.intro")}</p>
      <form class="filters" aria-label=${t("screen.officials")} @submit=${this.show}>
        <jst-edition-select
          .value=${this.edition}
          @edition-change=${(e: CustomEvent<string>) => {
            this.edition = e.detail;
            void this.load();
          }}
        ></jst-edition-select>
        ${this.ownJst
          ? nothing
          : html`<label
                >${t("staff.officials.teryt")}
                <input
                  name="teryt"
                  inputmode="numeric"
                  autocomplete="off"
                  .value=${this.typed}
                  @input=${(e: Event) => (this.typed = (e.target as HTMLInputElement).value)}
              /></label>
              <button type="submit" ?disabled=${this.busy}>${t("staff.officials.show")}</button>`}
      </form>
      ${alertRegion(this.failure)}
      <p role="status" class="visually-hidden">${this.announcement}</p>
      ${this.renderApplication()}
    `;
  }

  private renderApplication() {
    if (!this.ownJst && !isTeryt(this.teryt)) return html`<p>${t("staff.officials.chooseJst")}</p>`;
    if (this.application === undefined) return this.failure ? nothing : html`<p role="status">${t("app.loading")}</p>`;
    if (this.application === null) {
      return html`<p data-no-application>${t("staff.officials.noApplication", { teryt: this.teryt, edition: this.edition })}</p>`;
    }
    const app = this.application;
    const group = app.status === "QUALIFIED" ? (app.workshopGroup ?? 0) : 0;
    const status = app.status && app.status !== "APPLICATION_STATUS_UNSPECIFIED" ? t(`jst.appStatus.${app.status}`) : "";
    return html`<section aria-labelledby="application-heading" data-application=${app.id ?? ""}>
        <h2 id="application-heading">${t("staff.officials.heading", { name: app.jstName ?? "", edition: app.edition ?? "" })}</h2>
        <dl>
          <dt>${t("staff.officials.status")}</dt>
          <dd data-field="status">${status}</dd>
          <dt>${t("staff.officials.team")}</dt>
          <dd data-field="active">${app.activeRepresentatives ?? 0}</dd>
          <dt>${t("staff.officials.group")}</dt>
          <dd data-field="group">
            ${group > 0 ? t("staff.officials.groupValue", { group }) : t("staff.officials.notAssigned")}
          </dd>
        </dl>
        <p><a href=${hrefOfScreen("application", { application: app.id ?? "" })}>${t("staff.officials.openApplication")}</a></p>
      </section>
      ${this.renderDeclarations(app)} ${this.renderTraining(app)} ${this.renderCalendar(group)}`;
  }

  private renderDeclarations(app: Application) {
    const missing = missingDeclarations(app);
    const mayRecord = mayCall(RECORD, store.session?.role ?? null);
    return html`<section aria-labelledby="declarations">
      <h2 id="declarations" tabindex="-1">${t("staff.officials.declarations")}</h2>
      ${missing.length === 0
        ? html`<p data-field="missing">${t("staff.officials.allDeclared")}</p>`
        : html`<p data-field="missing">${t("staff.officials.missingCount", { count: missing.length })}</p>
            <ul class="missing">
              ${missing.map(
                (participant) =>
                  html`<li data-participant=${participant}>
                    ${this.nameOf(participant)}
                    ${mayRecord && this.recording !== participant
                      ? html` <button
                          type="button"
                          class="secondary"
                          data-record=${participant}
                          @click=${() => void this.openRecord(participant)}
                        >
                          ${t("staff.officials.record", { name: this.nameOf(participant) })}
                        </button>`
                      : nothing}
                    ${this.recording === participant ? this.renderRecordForm(participant) : nothing}
                  </li>`,
              )}
            </ul>`}
    </section>`;
  }

  private renderRecordForm(participant: string) {
    const problem = (field: string) => this.fieldProblems.get(field);
    const signedOnProblem = problem("signedOn");
    const clauseProblem = problem("informationClauseHandedOver");
    const unplaced = [...this.fieldProblems].filter(([field]) => field !== "signedOn" && field !== "informationClauseHandedOver");
    return html`<form class="declaration" aria-labelledby="record-heading" novalidate @submit=${this.record}>
      <h3 id="record-heading">${t("staff.officials.recordHeading", { name: this.nameOf(participant) })}</h3>
      ${alertRegion(this.recordFailure)}
      ${unplaced.map(([field, message]) => html`<p class="problem">${t("staff.apply.otherField", { field, message })}</p>`)}
      <div class="field">
        <label for="signed-on">${t("staff.officials.signedOn")}</label>
        <input
          id="signed-on"
          name="signedOn"
          type="date"
          aria-required="true"
          aria-invalid=${signedOnProblem ? "true" : "false"}
          aria-describedby=${signedOnProblem ? problemIdOf("signed-on") : nothing}
          .value=${this.signedOn}
          @input=${(e: Event) => (this.signedOn = (e.target as HTMLInputElement).value)}
        />
        ${fieldProblem("signed-on", signedOnProblem)}
      </div>
      <div class="field">
        <label>
          <input
            type="checkbox"
            name="informationClauseHandedOver"
            aria-invalid=${clauseProblem ? "true" : "false"}
            aria-describedby=${clauseProblem ? problemIdOf("clause") : nothing}
            .checked=${this.clause}
            @change=${(e: Event) => (this.clause = (e.target as HTMLInputElement).checked)}
          />
          ${t("staff.field.clause")}</label
        >
        ${fieldProblem("clause", clauseProblem)}
      </div>
      <div class="buttons">
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t("staff.officials.saving") : t("staff.officials.save")}</button>
        <button type="button" class="secondary" @click=${() => void this.closeRecord()}>${t("staff.officials.cancel")}</button>
      </div>
    </form>`;
  }

  private renderTraining(app: Application) {
    const representatives = app.representatives ?? [];
    if (representatives.length === 0) return html`<section><h2>${t("staff.officials.training")}</h2><p>${t("jst.noOfficials")}</p></section>`;
    return html`<section aria-labelledby="training">
      <h2 id="training">${t("staff.officials.training")}</h2>
      <table>
        <caption>${t("staff.officials.trainingCaption", { edition: app.edition ?? "" })}</caption>
        ${columnHeads(["jst.official", ...SUMMARY_HEADINGS, "staff.officials.declaration", ...TRAINING_HEADINGS])}
        <tbody>
          ${this.officials.map((official, i) => {
            const summary = representatives[i];
            return html`<tr data-participant=${official.participant}>
              <th scope="row">${official.name || t("jst.officialNumber", { number: i + 1 })}</th>
              ${summaryCells(summary)}
              <td data-field="declaration">
                ${t(summary?.declarationRecorded ? "staff.officials.declared" : "staff.officials.undeclared")}
              </td>
              ${trainingCells(official.training)}
            </tr>`;
          })}
        </tbody>
      </table>
    </section>`;
  }

  private renderCalendar(group: number) {
    const link = html`<p><a href=${hrefOfScreen("calendars")}>${t("staff.officials.calendars")}</a></p>`;
    const body =
      group === 0 || this.upcoming === null
        ? html`<p>${t("staff.officials.calendarLater")}</p>`
        : this.upcoming.length === 0
          ? html`<p data-field="sessions">${t("staff.officials.noSessions", { group })}</p>`
          : html`<table>
              <caption>${t("staff.officials.calendarCaption", { group })}</caption>
              ${columnHeads([
                "staff.officials.starts",
                "staff.officials.ends",
                "staff.officials.module",
                "staff.officials.session",
                "staff.officials.forGroup",
                "staff.officials.room",
              ])}
              <tbody>
                ${this.upcoming.map(
                  ({ session, module }) => html`<tr data-session=${session.id ?? ""}>
                    <td>${dateTime(session.startTime ?? "")}</td>
                    <td>${dateTime(session.endTime ?? "")}</td>
                    <td>${module ? t("staff.officials.moduleValue", { number: module.number ?? 0, title: module.title ?? "" }) : ""}</td>
                    <td>${session.title ?? ""}</td>
                    <td>
                      ${session.workshopGroup
                        ? t("staff.officials.groupValue", { group: session.workshopGroup })
                        : t("staff.officials.allGroups")}
                    </td>
                    <td>${module?.rooms?.find((r) => r.id === session.room)?.name ?? session.room ?? ""}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`;
    return html`<section aria-labelledby="calendar">
      <h2 id="calendar">${t("staff.officials.calendar")}</h2>
      ${body} ${link}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-officials-page": OfficialsPage;
  }
}
