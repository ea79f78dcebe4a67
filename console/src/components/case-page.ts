// An advisory case's page (issue 19): the case (GET /v1/cases/{case}), its
// JST, the pair of experts and the guardian, the stage with its stepper,
// due date, support area and plan (jst-case-summary, shared with a JST's
// page), the agreement and diagnosis, the action schedule, and the
// timeline: GET /v1/cases/{case}/history and every page of
// /activities, merged by time (cases.ts timelineOf). The JST's schools
// (GET /v1/schools, closed ones too) name the schedule's schools and are
// the diagnosis form's choices. The JST's good practices follow
// (case-practices.ts).
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { api, everyPage } from "../api.js";
import { actionNote, timelineOf, type TimelineEntry } from "../cases.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import { casesPl } from "../i18n/cases.js";
import type { MessageKey } from "../i18n/pl.js";
import { schoolLabel, type School } from "../schools.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import "./case-activity-form.js";
import "./case-assignment.js";
import "./case-commands.js";
import "./case-practices.js";
import { columnHeads } from "./column-heads.js";
import "./jst-case.js";
import type { Case } from "./jst-case.js";
import { jstStyles } from "./jst-styles.js";
import { caseStyles } from "./case-styles.js";
import { shared } from "./styles.js";
import { alertRegion, civilDate, dateTime, t } from "./text.js";

type HistoryEntry = Readable<components["schemas"]["HistoryEntry"]>;
type Activity = Readable<components["schemas"]["Activity"]>;
type Action = Readable<components["schemas"]["Action"]>;
type Entry = TimelineEntry<HistoryEntry, Activity>;

// A message key of cases.ts for `key`, or undefined when there is none (an
// API value the console does not know yet is shown as it is).
function knownKey(key: string): MessageKey | undefined {
  return key in casesPl ? (key as MessageKey) : undefined;
}

function wordsFor(prefix: string, value: string | undefined): string {
  const key = knownKey(`${prefix}.${value ?? ""}`);
  return key ? t(key) : (value ?? "");
}

// Every activity of the case, oldest first (the API's order).
async function loadActivities(kase: string): Promise<Activity[]> {
  return everyPage<Activity>(async (query) => {
    const data = await dataOf(api.GET("/v1/cases/{case}/activities", { params: { path: { case: kase }, query } }));
    return { rows: data.activities ?? [], next: data.nextPageToken ?? "" };
  });
}

// Every school of the register the JST `teryt` runs, closed ones too; null
// when the caller may not read the register or it could not be read (the
// schedule then names schools by their RSPO numbers).
async function loadSchools(teryt: string): Promise<School[] | null> {
  if (!mayCall("GET /v1/schools", store.session?.role ?? null)) return null;
  try {
    return await everyPage<School>(async (query) => {
      const data = await dataOf(api.GET("/v1/schools", { params: { query: { ...query, teryt, includeClosed: true } } }));
      return { rows: data.schools ?? [], next: data.nextPageToken ?? "" };
    });
  } catch {
    return null;
  }
}

// The experts' names by id, where the caller may read them (an expert:
// their own record only); a failure leaves the ids shown.
async function loadExpertNames(voivodeship: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const role = store.session?.role ?? null;
  if (!mayCall("GET /v1/experts", role)) return names;
  try {
    const query = role === "EXPERT" ? { pageSize: 500 } : { voivodeship, pageSize: 500 };
    const data = await dataOf(api.GET("/v1/experts", { params: { query } }));
    for (const expert of data.experts ?? []) names.set(expert.id ?? "", expert.displayName ?? "");
  } catch {
    // The names are a convenience: the ids are shown.
  }
  return names;
}

@customElement("jst-case-page")
export class CasePage extends LitElement {
  static override styles = [
    shared,
    jstStyles,
    caseStyles,
    css`
      ol.timeline {
        list-style: none;
        padding: 0;
        margin: 0;
      }
      ol.timeline li {
        border-left: 4px solid #0b3d91;
        padding: 0.3rem 0.8rem;
        margin: 0 0 0.6rem;
      }
      ol.timeline li[data-timeline="activity"] {
        border-left-color: #5a5a5a;
      }
      .when {
        font-weight: 600;
      }
      .notes {
        white-space: pre-line;
        margin: 0.2rem 0 0;
      }
      ul.schools {
        margin: 0;
        padding-left: 1.1rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  // The case's id, from the address (/console/cases/:case).
  @property() case = "";

  @state() private kase: Case | null = null;
  @state() private jstName = "";
  @state() private experts = new Map<string, string>();
  @state() private schools: School[] | null = null;
  @state() private timeline: Entry[] | null = null;
  @state() private failure: UserMessage | null = null;
  @state() private loading = false;
  // What the last command did (or that the case was read again), said where
  // the keyboard goes after it.
  @state() private notice = "";
  // The latest load's number: an answer to an earlier one changes nothing.
  private ticket = 0;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("case")) void this.load(false);
  }

  // Reads the case; `again` (after a command, or to resolve a conflict)
  // keeps the page, and what was typed in it, until the new answer is in.
  private async load(again: boolean): Promise<void> {
    const id = this.case;
    const ticket = ++this.ticket;
    const current = () => ticket === this.ticket;
    if (!again) {
      this.kase = null;
      this.timeline = null;
    }
    this.failure = null;
    this.loading = true;
    try {
      const [kase, history, activities] = await Promise.all([
        dataOf(api.GET("/v1/cases/{case}", { params: { path: { case: id } } })),
        dataOf(api.GET("/v1/cases/{case}/history", { params: { path: { case: id } } })),
        loadActivities(id),
      ]);
      if (!current()) return;
      const [jstName, experts, schools] = await Promise.all([
        this.jstNameOf(kase.teryt ?? ""),
        loadExpertNames(kase.voivodeship ?? ""),
        loadSchools(kase.teryt ?? ""),
      ]);
      if (!current()) return;
      this.kase = kase;
      this.jstName = jstName;
      this.experts = experts;
      this.schools = schools;
      this.timeline = timelineOf(history.entries ?? [], activities);
    } catch (caught) {
      if (!current()) return;
      const failure = failureOf(caught);
      this.failure = failure.key === "error.notFound" ? { key: "cases.notFound", params: {} } : failure;
    } finally {
      if (current()) this.loading = false;
    }
  }

  // After a command (`done`) or a reload from a conflict: the case read
  // again, then its stage said in the status line, which takes the
  // keyboard (the button pressed may be gone with its stage or action).
  private async commanded(done: boolean): Promise<void> {
    this.notice = "";
    await this.load(true);
    const stage = this.kase?.stage;
    if (this.failure !== null || !stage || stage === "STAGE_UNSPECIFIED") return;
    this.notice = t(done ? "cases.commandDone" : "cases.reloaded", { stage: t(`jst.stage.${stage}`) });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#case-notice")?.focus();
  }

  private async jstNameOf(teryt: string): Promise<string> {
    try {
      return (await dataOf(api.GET("/v1/jsts/{teryt}", { params: { path: { teryt } } }))).name ?? teryt;
    } catch {
      return teryt;
    }
  }

  override render() {
    const kase = this.kase;
    return html`<h1>${kase ? t("cases.caseOf", { name: this.jstName }) : t("screen.case")}</h1>
      <p><a href=${hrefOfScreen("cases")}>${t("cases.backToBoard")}</a></p>
      ${alertRegion(this.failure)}
      ${this.loading ? html`<p role="status" class="loading">${t("app.loading")}</p>` : nothing}
      ${kase ? this.renderCase(kase) : nothing}`;
  }

  private renderCase(kase: Case) {
    const teryt = kase.teryt ?? "";
    return html`<dl>
        <dt>${t("cases.jst")}</dt>
        <dd data-field="jst"><a href=${hrefOfScreen("jst", { teryt })}>${this.jstName}</a> (${teryt})</dd>
        <dt>${t("cases.voivodeship")}</dt>
        <dd>${voivodeshipName(kase.voivodeship ?? "")}</dd>
        <dt>${t("cases.edition")}</dt>
        <dd data-field="edition">${kase.edition}</dd>
        <dt>${t("cases.educationExpert")}</dt>
        <dd data-field="educationExpert">${this.expert(kase.educationExpert, kase.guardian)}</dd>
        <dt>${t("cases.personnelExpert")}</dt>
        <dd data-field="personnelExpert">${this.expert(kase.personnelExpert, kase.guardian)}</dd>
        ${kase.agreement?.agreedOn
          ? html`<dt>${t("cases.agreement")}</dt>
              <dd data-field="agreement">
                ${t("cases.agreedOn", { date: civilDate(kase.agreement.agreedOn), who: kase.agreement.agreedBy ?? "" })}
              </dd>`
          : nothing}
      </dl>
      <jst-case-assignment .kase=${kase} @case-changed=${() => void this.load(true)}></jst-case-assignment>
      <jst-case-summary .kase=${kase}></jst-case-summary>
      ${kase.diagnosisSummary
        ? html`<h2>${t("cases.diagnosis")}</h2>
            <p class="notes" data-field="diagnosis">${kase.diagnosisSummary}</p>`
        : nothing}
      <h2 id="schedule">${t("cases.schedule")}</h2>
      ${this.renderSchedule(kase)}
      <p id="case-notice" role="status" tabindex="-1">${this.notice}</p>
      <jst-case-commands
        .kase=${kase}
        .schools=${this.schools}
        ?guardian=${store.session?.role === "EXPERT" && this.experts.has(kase.guardian ?? "")}
        @case-changed=${(e: CustomEvent<{ done: boolean }>) => void this.commanded(e.detail?.done ?? true)}
      ></jst-case-commands>
      <jst-case-practices .kase=${kase}></jst-case-practices>
      <h2 id="timeline">${t("cases.timeline")}</h2>
      <jst-case-activity-form .kase=${kase} @case-changed=${() => void this.load(true)}></jst-case-activity-form>
      ${this.renderTimeline()}`;
  }

  private expert(id: string | undefined, guardian: string | undefined) {
    if (!id) return t("cases.noExpert");
    // An expert the caller may not read (the API shows an expert only
    // themself, a JST no expert) is said as assigned, never as its id.
    const name = this.experts.get(id) || t("cases.expertAssigned");
    return id === guardian ? t("cases.guardianOf", { name }) : name;
  }

  private renderSchedule(kase: Case) {
    const actions = kase.actions ?? [];
    if (actions.length === 0) return html`<p data-field="noSchedule">${t("cases.noSchedule")}</p>`;
    return html`<table aria-labelledby="schedule">
      ${columnHeads([
        "cases.action",
        "cases.owner",
        "cases.startsOn",
        "cases.dueOn.column",
        "cases.schools.column",
        "cases.actionStatus",
      ])}
      <tbody>
        ${actions.map((action) => this.renderAction(action))}
      </tbody>
    </table>
    ${kase.scheduleApprovedTime
      ? html`<p data-field="approved">${t("cases.scheduleApproved", { time: dateTime(kase.scheduleApprovedTime) })}</p>`
      : nothing}`;
  }

  private renderAction(action: Action) {
    return html`<tr data-action=${action.id ?? ""}>
      <th scope="row">${action.title}</th>
      <td>${action.owner}</td>
      <td>${action.startsOn ? civilDate(action.startsOn) : ""}</td>
      <td>${action.dueOn ? civilDate(action.dueOn) : ""}</td>
      <td data-field="schools">${this.renderSchools(action.schools ?? [])}</td>
      <td data-field="status">
        ${wordsFor("cases.actionStatus", action.status)}${action.status === "DONE" && action.doneOn
          ? ` ${civilDate(action.doneOn)}`
          : nothing}${action.status === "DROPPED" && action.dropReason ? `: ${action.dropReason}` : nothing}${action.overdue
          ? html` <span class="warning">— ${t("jst.overdue")}</span>`
          : nothing}
      </td>
    </tr>`;
  }

  private renderSchools(rspos: readonly string[]) {
    if (rspos.length === 0) return nothing;
    const schools = this.schools ?? [];
    return html`<ul class="schools">
      ${rspos.map((rspo) => html`<li>${schoolLabel(rspo, schools)}</li>`)}
    </ul>`;
  }

  private renderTimeline() {
    const timeline = this.timeline ?? [];
    if (timeline.length === 0) return html`<p>${t("cases.noTimeline")}</p>`;
    return html`<ol class="timeline" aria-labelledby="timeline">
      ${timeline.map((item) => (item.kind === "history" ? this.renderHistory(item.entry) : this.renderActivity(item.entry)))}
    </ol>`;
  }

  private renderHistory(entry: HistoryEntry) {
    const from = entry.fromStage && entry.fromStage !== "STAGE_UNSPECIFIED" ? t(`jst.stage.${entry.fromStage}`) : "";
    const to = entry.toStage && entry.toStage !== "STAGE_UNSPECIFIED" ? t(`jst.stage.${entry.toStage}`) : "";
    return html`<li data-timeline="history">
      <span class="when">${entry.time ? dateTime(entry.time) : ""}</span> — ${wordsFor("cases.command", entry.command)}
      ${from && to && from !== to ? t("cases.stageChange", { from, to }) : to ? t("cases.stageStays", { stage: to }) : nothing}
      <br />${this.renderActor(entry)}
    </li>`;
  }

  // A person's command: who and in which role; a change made by another
  // service's event: which, in words (its stream and event type are the
  // API's record, not the reader's).
  private renderActor(entry: HistoryEntry) {
    if (entry.actorRole === "SYSTEM") {
      const event = (entry.reason ?? "").split(" ")[0] ?? "";
      return html`${t("cases.bySystem", { source: wordsFor("cases.source", entry.actor) })}
        <p class="notes">${wordsFor("cases.event", event)}</p>`;
    }
    return html`${t("cases.by", { actor: entry.actor ?? "", role: wordsFor("role", entry.actorRole) })}
    ${entry.reason ? html`<p class="notes">${this.noteOf(entry.reason)}</p>` : nothing}`;
  }

  // A history entry's note: an action's entry by the action's title.
  private noteOf(reason: string) {
    const note = actionNote(reason, this.kase?.actions ?? []);
    if (note === null) return reason;
    return note.kind === "done"
      ? t("cases.actionDone", { title: note.title, on: civilDate(note.on) })
      : t("cases.actionDropped", { title: note.title, reason: note.reason });
  }

  private renderActivity(activity: Activity) {
    return html`<li data-timeline="activity">
      <span class="when">${activity.occurredOn ? civilDate(activity.occurredOn) : ""}</span> —
      ${wordsFor("cases.activity", activity.kind)} (${wordsFor("cases.form", activity.form)})
      ${(activity.participants ?? []).length > 0
        ? html`<br />${t("cases.participants", { names: (activity.participants ?? []).join(", ") })}`
        : nothing}
      ${activity.notes ? html`<p class="notes">${activity.notes}</p>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-case-page": CasePage;
  }
}
