// An application's page (issue 19): the JST, the status and its times, the
// team (representatives without personal data: what the API gives every
// role), declarations recorded or missing, the office's actions where the
// role may call them (mayCall), each a small form (application-action.ts),
// a link to the participant import for those who may import, and the
// history: every status change with its time (Warsaw), who, why, and the
// promotions from the waiting list in words. After an action the page
// shows the API's answer and the history read again.
import { LitElement, css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, everyPage } from "../api.js";
import { actionsFor, actorOf, reasonOf, type Action, type Application, type HistoryEntry } from "../applications.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { Operation } from "../generated/access.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import "./application-action.js";
import { columnHeads } from "./column-heads.js";
import { loadEditions } from "./edition-select.js";
import { shared } from "./styles.js";
import { alertRegion, civilDate, dateTime, t } from "./text.js";

const IMPORT: Operation = "POST /v1/applications/{application}/participants:import";
// An import adds to a team still open (the API refuses a rejected or
// withdrawn application's).
const IMPORTABLE: readonly Application["status"][] = ["SUBMITTED", "QUALIFIED", "WAITLISTED"];
const HISTORY_PAGE = 100;

const OPERATIONS: Readonly<Record<Action, Operation>> = {
  qualify: "POST /v1/applications/{application}:qualify",
  reject: "POST /v1/applications/{application}:reject",
  withdraw: "POST /v1/applications/{application}:withdraw",
};
const LABELS = {
  qualify: "applications.qualify",
  reject: "applications.reject",
  withdraw: "applications.withdraw",
} as const;
const DONE = {
  qualify: "applications.done.qualify",
  reject: "applications.done.reject",
  withdraw: "applications.done.withdraw",
} as const;

interface Changed {
  readonly application: Application;
  readonly action: Action;
  readonly alreadyApplied: boolean;
}

@customElement("jst-application-page")
export class ApplicationPage extends LitElement {
  static override styles = [
    shared,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.3rem 1rem;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      dd.text,
      td.text {
        white-space: pre-line;
      }
      .actions {
        display: flex;
        gap: 0.8rem;
        margin-bottom: 1rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  // The application's id, from the address (/console/applications/:application).
  @property() application = "";
  @state() private data: Application | null = null;
  @state() private history: HistoryEntry[] | null = null;
  @state() private minimum = 0;
  @state() private failure: UserMessage | null = null;
  @state() private open: Action | null = null;
  @state() private done = "";

  override updated(changed: PropertyValues<this>): void {
    if (changed.has("application")) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.application;
    this.failure = null;
    try {
      const [application, editions] = await Promise.all([
        dataOf(api.GET("/v1/applications/{application}", { params: { path: { application: id } } })),
        loadEditions(),
      ]);
      if (id !== this.application) return;
      this.data = application;
      this.minimum = editions.find((edition) => edition.code === application.edition)?.minRepresentatives ?? 0;
      await this.loadHistory();
    } catch (caught) {
      if (id === this.application) this.failure = failureOf(caught);
    }
  }

  // Every page of the history, oldest first.
  private async loadHistory(): Promise<void> {
    const id = this.application;
    const entries = await everyPage<HistoryEntry>(async (query) => {
      const page = await dataOf(api.GET("/v1/applications/{application}/history", { params: { path: { application: id }, query } }));
      return { rows: page.entries ?? [], next: page.nextPageToken ?? "" };
    }, HISTORY_PAGE);
    if (id === this.application) this.history = entries;
  }

  // A decision carried out: its form (and the button pressed) is gone, so
  // the keyboard goes to the line that says what happened.
  private async onChanged(event: CustomEvent<Changed>): Promise<void> {
    const { application, action, alreadyApplied } = event.detail;
    this.data = application;
    this.open = null;
    const status = application.status && application.status !== "APPLICATION_STATUS_UNSPECIFIED" ? t(`jst.appStatus.${application.status}`) : "";
    this.done = alreadyApplied ? t("applications.alreadyApplied") : t(DONE[action], { status });
    this.loadHistory().catch((caught: unknown) => (this.failure = failureOf(caught)));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#done")?.focus();
  }

  private openAction(action: Action): void {
    this.done = "";
    this.open = action;
  }

  private async closeAction(): Promise<void> {
    const action = this.open;
    this.open = null;
    await this.updateComplete;
    if (action) this.renderRoot.querySelector<HTMLElement>(`[data-action="${action}"]`)?.focus();
  }

  override render() {
    const app = this.data;
    return html`
      <p>
        <a href=${`${hrefOfScreen("applications")}${app?.edition ? `?edition=${encodeURIComponent(app.edition)}` : ""}`}
          >${t("applications.back")}</a
        >
      </p>
      <h1>${app ? t("applications.of", { name: app.jstName ?? "" }) : t("screen.application")}</h1>
      ${alertRegion(this.failure)}
      <div role="status">${this.done ? html`<p id="done" tabindex="-1">${this.done}</p>` : nothing}</div>
      ${app ? this.renderApplication(app) : this.failure ? nothing : html`<p>${t("applications.loading")}</p>`}
    `;
  }

  private renderApplication(app: Application) {
    const role = store.session?.role ?? null;
    const actions = actionsFor(app.status).filter((action) => mayCall(OPERATIONS[action], role));
    return html`
      ${this.renderFacts(app)}
      ${actions.length > 0
        ? html`<section aria-labelledby="actions-heading">
            <h2 id="actions-heading">${t("applications.actions")}</h2>
            <div class="actions">
              ${actions.map(
                (action) =>
                  html`<button
                    type="button"
                    class=${action === "qualify" ? "" : "secondary"}
                    data-action=${action}
                    aria-expanded=${this.open === action ? "true" : "false"}
                    @click=${() => this.openAction(action)}
                  >
                    ${t(LABELS[action])}
                  </button>`,
              )}
            </div>
            ${this.open
              ? html`<jst-application-action
                  .action=${this.open}
                  .application=${app}
                  @application-changed=${this.onChanged}
                  @application-reload=${() => void this.load()}
                  @action-cancel=${() => void this.closeAction()}
                ></jst-application-action>`
              : nothing}
          </section>`
        : nothing}
      ${this.renderTeam(app, role)} ${this.renderHistory()}
    `;
  }

  private renderHistory() {
    const entries = this.history;
    return html`<section aria-labelledby="history-heading">
      <h2 id="history-heading">${t("applications.historyHeading")}</h2>
      ${entries === null
        ? html`<p>${t("applications.history.loading")}</p>`
        : entries.length === 0
          ? html`<p>${t("applications.history.none")}</p>`
          : html`<table class="history">
              <caption>${t("applications.history.caption")}</caption>
              ${columnHeads([
                "applications.history.when",
                "applications.history.change",
                "applications.history.who",
                "applications.history.why",
              ])}
              <tbody>
                ${entries.map((entry) => this.renderEntry(entry))}
              </tbody>
            </table>`}
    </section>`;
  }

  private renderEntry(entry: HistoryEntry) {
    const status = (value: HistoryEntry["toStatus"]) =>
      value && value !== "APPLICATION_STATUS_UNSPECIFIED" ? t(`jst.appStatus.${value}`) : "";
    const from = status(entry.fromStatus);
    const { who, automatic } = actorOf(entry);
    const actor = t(who.key, who.params);
    const reason = reasonOf(entry);
    return html`<tr data-sequence=${entry.sequence ?? ""}>
      <td>${entry.changeTime ? dateTime(entry.changeTime) : ""}</td>
      <th scope="row">
        ${from === "" ? t("applications.history.submittedChange") : t("applications.history.fromTo", { from, to: status(entry.toStatus) })}
      </th>
      <td>${automatic ? t("applications.history.automatic", { who: actor }) : actor}</td>
      <td class="text">${reason === null ? "" : typeof reason === "string" ? reason : t(reason.key, reason.params)}</td>
    </tr>`;
  }

  private renderFacts(app: Application) {
    const status = app.status && app.status !== "APPLICATION_STATUS_UNSPECIFIED" ? t(`jst.appStatus.${app.status}`) : "";
    const kind = app.jstKind && app.jstKind !== "JST_KIND_UNSPECIFIED" ? t(`kind.${app.jstKind}`) : "";
    return html`<dl>
      <dt>${t("applications.jst")}</dt>
      <dd><a href=${hrefOfScreen("jst", { teryt: app.teryt ?? "" })}>${app.jstName}</a></dd>
      <dt>${t("applications.teryt")}</dt>
      <dd>${app.teryt}</dd>
      <dt>${t("applications.kind")}</dt>
      <dd>${kind}${app.cityWithCountyRights ? `, ${t("applications.cityWithCountyRights")}` : ""}</dd>
      <dt>${t("applications.voivodeship")}</dt>
      <dd>${voivodeshipName(app.voivodeship ?? "")}</dd>
      <dt>${t("applications.edition")}</dt>
      <dd>${app.edition}</dd>
      <dt>${t("applications.status")}</dt>
      <dd data-field="status">${status}</dd>
      <dt>${t("applications.statusTime")}</dt>
      <dd>${app.statusTime ? dateTime(app.statusTime) : ""}</dd>
      <dt>${t("applications.submitted")}</dt>
      <dd>${app.submitTime ? dateTime(app.submitTime) : ""}</dd>
      <dt>${t("applications.submission")}</dt>
      <dd>${app.submissionNumber}</dd>
      ${app.waitlistPosition
        ? html`<dt>${t("applications.waitlistPlace")}</dt>
            <dd>${app.waitlistPosition}</dd>`
        : nothing}
      ${app.workshopGroup
        ? html`<dt>${t("applications.workshopGroup")}</dt>
            <dd>${app.workshopGroup}</dd>`
        : nothing}
      ${app.workshopGroupReason
        ? html`<dt>${t("applications.workshopGroupReason")}</dt>
            <dd class="text">${app.workshopGroupReason}</dd>`
        : nothing}
      ${app.rejectionReason
        ? html`<dt>${t("applications.rejectionReason")}</dt>
            <dd class="text">${app.rejectionReason}</dd>`
        : nothing}
      ${app.withdrawalReason
        ? html`<dt>${t("applications.withdrawalReason")}</dt>
            <dd class="text">${app.withdrawalReason}</dd>`
        : nothing}
      <dt>${t("applications.team")}</dt>
      <dd>
        ${t("applications.teamOf", { active: app.activeRepresentatives ?? 0, minimum: this.minimum })}
        ${app.belowMinimumSince ? ` — ${t("applications.belowMinimum", { date: civilDate(app.belowMinimumSince) })}` : ""}
      </dd>
    </dl>`;
  }

  private renderTeam(app: Application, role: Parameters<typeof mayCall>[1]) {
    const team = app.representatives ?? [];
    const importable = IMPORTABLE.includes(app.status) && mayCall(IMPORT, role);
    return html`<section aria-labelledby="team-heading">
      <h2 id="team-heading">${t("applications.teamHeading")}</h2>
      <p>${t("applications.teamNote")}</p>
      ${importable
        ? html`<p><a href=${hrefOfScreen("participant-import", { application: app.id ?? "" })}>${t("applications.import")}</a></p>`
        : nothing}
      <p>${t("applications.declarations", { recorded: app.declarationsRecorded ?? 0, active: app.activeRepresentatives ?? 0 })}</p>
      ${team.length === 0
        ? html`<p>${t("applications.noTeam")}</p>`
        : html`<table>
            <caption>${t("applications.teamHeading")}</caption>
            ${columnHeads([
              "applications.participant",
              "applications.participantStatus",
              "applications.targetGroup",
              "applications.declaration",
            ])}
            <tbody>
              ${team.map(
                (member) => html`<tr>
                  <th scope="row"><code>${member.participant}</code></th>
                  <td>
                    ${member.status === "PARTICIPANT_ACTIVE" || member.status === "PARTICIPANT_WITHDRAWN"
                      ? t(`applications.participantStatus.${member.status}`)
                      : ""}
                  </td>
                  <td>
                    ${member.targetGroup && member.targetGroup !== "TARGET_GROUP_UNSPECIFIED"
                      ? t(`code.${member.targetGroup}`)
                      : ""}
                  </td>
                  <td>${t(member.declarationRecorded ? "applications.declarationRecorded" : "applications.declarationMissing")}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-application-page": ApplicationPage;
  }
}
