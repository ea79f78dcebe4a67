// A module's plan (issue 19): its days and sessions (room, trainer, group,
// room capacity) and the plan's conflicts (POST /v1/modules/{module}:validate:
// room, trainer, group, capacity), each said in Polish at the sessions it
// concerns. Every role that reads modules sees the plan; the check is asked
// only where the role may call it (ADMIN, COORDINATOR, TRAINER).
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { api } from "../api.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import { mayCall } from "../screens.js";
import { conflictsBySession, daysOf, type ConflictAt } from "../sessions.js";
import { StoreController, store } from "../store.js";
import { columnHeads } from "./column-heads.js";
import { sections, shared } from "./styles.js";
import { alertRegion, civilDate, dateTime, t } from "./text.js";
import { areaOf, groupOf, loadModule, loadSessions, roomOf, timeOf, type Module, type Session } from "./training-reads.js";

type Verdict = Readable<components["schemas"]["ValidateModuleResponse"]>;

@customElement("jst-module-page")
export class ModulePage extends LitElement {
  static override styles = [
    shared,
    sections,
    css`
      .conflicts {
        margin: 0.3rem 0 0;
        padding-left: 1.2rem;
        color: #b00020;
        font-weight: 600;
      }
      td.nowrap {
        white-space: nowrap;
      }
      tr.in-conflict th {
        border-left: 6px solid #b00020;
      }
      .verdict {
        border-left: 6px solid #0b3d91;
        background: #eef3fb;
        padding: 0.6rem 1rem;
      }
      .verdict.invalid {
        border-left-color: #b00020;
        background: #fdecee;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property() module = "";
  @state() private plan: Module | null = null;
  @state() private sessions: Session[] = [];
  @state() private verdict: Verdict | null = null;
  @state() private failure: UserMessage | null = null;
  @state() private loading = true;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private get mayValidate(): boolean {
    return mayCall("POST /v1/modules/{module}:validate", store.session?.role ?? null);
  }

  private async load(): Promise<void> {
    try {
      const [plan, sessions, verdict] = await Promise.all([
        loadModule(this.module),
        loadSessions(this.module),
        this.mayValidate
          ? dataOf(api.POST("/v1/modules/{module}:validate", { params: { path: { module: this.module } }, body: {} }))
          : Promise.resolve(null),
      ]);
      this.plan = plan;
      this.sessions = sessions;
      this.verdict = verdict;
    } catch (caught) {
      this.failure = failureOf(caught);
    } finally {
      this.loading = false;
    }
  }

  override render() {
    const plan = this.plan;
    if (plan === null) {
      return html`<h1>${t("screen.module")}</h1>
        ${alertRegion(this.failure)} ${this.loading ? html`<p role="status">${t("app.loading")}</p>` : nothing}`;
    }
    const { at, module } = conflictsBySession(this.verdict?.conflicts ?? []);
    const numbers = new Map(this.sessions.map((session, i) => [session.id ?? "", i + 1]));
    return html`
      <h1>${t("plan.heading", { number: plan.number ?? 0, title: plan.title ?? "" })}</h1>
      <p>
        ${t("plan.details", {
          venue: plan.venue ?? "",
          start: plan.startTime ? dateTime(plan.startTime) : "",
          end: plan.endTime ? dateTime(plan.endTime) : "",
          hours: plan.didacticHours ?? 0,
        })}
      </p>
      <p>${t("plan.rooms")}: ${(plan.rooms ?? []).map((room) => roomOf(plan, room.id ?? "")).join("; ")}</p>
      ${alertRegion(this.failure)} ${this.renderVerdict(module)}
      <p>${t("plan.sessionsCount", { count: this.sessions.length })}</p>
      ${daysOf(this.sessions).map(([day, sessions], i) => this.renderDay(plan, i + 1, day, sessions, at, numbers))}
    `;
  }

  private renderVerdict(module: readonly ConflictAt[]) {
    const verdict = this.verdict;
    if (verdict === null) return html`<p class="verdict">${t("plan.validateUnavailable")}</p>`;
    const count = (verdict.conflicts ?? []).length;
    const sizes = Object.entries(verdict.groupSizes ?? {})
      .map(([group, size]) => `${group === "0" ? t("training.group.all") : t("training.group.one", { group })}: ${size}`)
      .join(", ");
    return html`<section class="verdict ${count > 0 ? "invalid" : ""}" aria-labelledby="conflicts">
      <h2 id="conflicts">${t("plan.conflicts")}</h2>
      <p data-conflicts=${count}>${count === 0 ? t("plan.noConflicts") : t("plan.conflictCount", { count })}</p>
      ${sizes ? html`<p>${t("plan.groupSizes", { sizes })}</p>` : nothing}
      ${module.length > 0
        ? html`<p>${t("plan.moduleConflicts")}:</p>
            ${this.renderConflicts(module, new Map())}`
        : nothing}
    </section>`;
  }

  private renderDay(
    plan: Module,
    number: number,
    day: string,
    sessions: readonly Session[],
    at: ReadonlyMap<string, readonly ConflictAt[]>,
    numbers: ReadonlyMap<string, number>,
  ) {
    const title = `${t("plan.day", { day: number })}: ${civilDate(day)}`;
    return html`<section aria-labelledby="day-${number}">
      <h2 id="day-${number}">${title}</h2>
      <table>
        <caption class="visually-hidden">
          ${t("plan.caption", { day: civilDate(day) })}
        </caption>
        ${columnHeads([
          "sessions.when",
          "sessions.roomColumn",
          "plan.capacityColumn",
          "sessions.groupColumn",
          "plan.trainerColumn",
          "sessions.areaColumn",
          "plan.conflicts",
        ])}
        <tbody>
          ${sessions.map((session) => this.renderSession(plan, session, at.get(session.id ?? "") ?? [], numbers))}
        </tbody>
      </table>
    </section>`;
  }

  private renderSession(plan: Module, session: Session, conflicts: readonly ConflictAt[], numbers: ReadonlyMap<string, number>) {
    const room = (plan.rooms ?? []).find((candidate) => candidate.id === session.room);
    return html`<tr data-session=${session.id ?? ""} class=${conflicts.length > 0 ? "in-conflict" : ""}>
      <th scope="row">${numbers.get(session.id ?? "")}. ${timeOf(session)}</th>
      <td>${room?.name ?? session.room}</td>
      <td>${room?.capacity ?? ""}</td>
      <td>${groupOf(session)}</td>
      <td class="nowrap">${session.trainer}</td>
      <td>${areaOf(session)}</td>
      <td>${conflicts.length === 0 ? t("plan.none") : this.renderConflicts(conflicts, numbers)}</td>
    </tr>`;
  }

  private renderConflicts(conflicts: readonly ConflictAt[], numbers: ReadonlyMap<string, number>) {
    return html`<ul class="conflicts">
      ${conflicts.map(
        (conflict) =>
          html`<li data-kind=${conflict.kind}>
            ${t(`plan.conflict.${conflict.kind}`)}${conflict.others.length > 0
              ? t("plan.with", { others: conflict.others.map((id) => (numbers.has(id) ? `${numbers.get(id)}` : id)).join(", ") })
              : nothing}
          </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-module-page": ModulePage;
  }
}
