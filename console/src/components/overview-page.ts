// The voivodeship overview (issue 19), for the regional coordinator (its
// own voivodeship: the API scopes every answer) and the office (a
// voivodeship chosen, kept in the address with the edition): the JSTs by
// advisory stage (every page of GET /v1/cases, a disclosure per stage
// listing its JSTs, each a link to its case), the overdue cases with why
// and their business-day due dates, the overdue tasks (every page of
// GET /v1/tasks?overdue=true, each a link to the task on the tasks screen), the JSTs
// below the minimum of representatives (to the JST's page) and the records
// to complete (to the application) from GET /v1/data-quality. Each section
// says its count in words and, when empty, so. Rules in src/overview.ts.
import type { Readable } from "openapi-typescript-helpers";
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { api, everyPage } from "../api.js";
import { todayInWarsaw } from "../editions.js";
import { dataOf, failureCollector, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import type { MessageKey } from "../i18n/pl.js";
import { byDueTime, overdueCasesOf, pluralForm, qualityOf, regionOf, representativeNumbers, stagesOf, taskAnchor } from "../overview.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { loadCases, loadJstNames } from "./cases-page.js";
import { fieldName } from "./dashboard-quality.js";
import "./edition-select.js";
import type { Case } from "./jst-case.js";
import { sections, shared } from "./styles.js";
import { civilDate, dateTime, t } from "./text.js";
import { voivodeshipOptions } from "./voivodeship-options.js";

type Task = Readable<components["schemas"]["Task"]>;
type Quality = Readable<components["schemas"]["DataQualityReport"]>;

const PAGE_SIZE = 500;

// Every overdue task of `edition` (in `voivodeship` when not empty) the
// caller may read; counted page by page as the dashboard counts them.
async function loadOverdueTasks(edition: string, voivodeship: string): Promise<Task[]> {
  return everyPage<Task>(async (paging) => {
    const query = { ...paging, edition, overdue: true, ...(voivodeship ? { voivodeship } : {}) };
    const data = await dataOf(api.GET("/v1/tasks", { params: { query } }));
    return { rows: data.tasks ?? [], next: data.nextPageToken ?? "" };
  }, PAGE_SIZE);
}

// The numbers of the representatives of the records to fix in their
// applications' teams (representativeNumbers); a team that cannot be read
// leaves its people unnumbered.
async function loadNumbers(records: readonly { readonly applicationId?: string }[]): Promise<Map<string, number>> {
  const ids = [...new Set(records.map((record) => record.applicationId ?? ""))].filter((id) => id !== "");
  const applications = await Promise.all(
    ids.map((application) =>
      dataOf(api.GET("/v1/applications/{application}", { params: { path: { application } } })).catch(() => ({})),
    ),
  );
  return representativeNumbers(applications);
}

interface Overview {
  readonly region: string;
  // null: the read failed (said in the alert region).
  readonly cases: Case[] | null;
  readonly tasks: Task[] | null;
  readonly quality: Quality | null;
  readonly names: ReadonlyMap<string, string>;
  // A record to fix's representative number in its team, by participant id.
  readonly numbers: ReadonlyMap<string, number>;
}

// A count in words: "<base>.<Polish plural form>" with {count}.
function countWords(base: string, count: number): string {
  return t(`${base}.${pluralForm(count)}` as MessageKey, { count });
}

@customElement("jst-overview-page")
export class OverviewPage extends LitElement {
  static override styles = [
    shared,
    sections,
    css`
      h2 {
        font-size: 1.3rem;
        margin: 0 0 0.4rem;
      }
      .count {
        font-weight: 600;
        margin: 0 0 0.5rem;
      }
      details {
        margin: 0 0 0.4rem;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
        padding: 0.2rem 0;
      }
      ul {
        margin: 0.2rem 0 0.6rem;
      }
      li {
        margin: 0 0 0.3rem;
      }
      .overdue-text {
        color: #b00020;
        font-weight: 600;
      }
      .meta {
        color: #454545;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private voivodeship = readQuery().get("voivodeship") ?? "";
  @state() private overview: Overview | null = null;
  @state() private failures: UserMessage[] = [];
  @state() private busy = false;
  // The latest load's number: an answer to an earlier choice changes nothing.
  private ticket = 0;

  // The office chooses the voivodeship; a coordinator's is its own.
  private get mayChoose(): boolean {
    return store.session?.role === "ADMIN";
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load();
  }

  private async load(): Promise<void> {
    const ticket = ++this.ticket;
    const current = () => ticket === this.ticket;
    const voivodeship = this.mayChoose ? this.voivodeship : "";
    writeQuery({ edition: this.edition, voivodeship });
    this.overview = null;
    this.failures = [];
    if (this.edition === "" || (this.mayChoose && voivodeship === "")) return;
    this.busy = true;
    const { failures, settle } = failureCollector();
    const edition = this.edition;
    const [cases, tasks, quality] = await Promise.all([
      settle(loadCases(edition, voivodeship)),
      settle(loadOverdueTasks(edition, voivodeship)),
      settle(
        dataOf(api.GET("/v1/data-quality", { params: { query: { edition, ...(voivodeship ? { voivodeship } : {}) } } })),
      ),
    ]);
    if (!current()) return;
    const region = regionOf(voivodeship, this.mayChoose, quality, cases ?? []);
    const names =
      region !== "" && mayCall("GET /v1/jsts", store.session?.role ?? null) ? await loadJstNames([region]) : new Map();
    const numbers = await loadNumbers(qualityOf(quality, region)?.recordsToFix ?? []);
    if (!current()) return;
    this.overview = { region, cases, tasks, quality, names, numbers };
    this.failures = failures;
    this.busy = false;
  }

  private onEdition(code: string): void {
    if (code === this.edition && this.overview !== null) return;
    this.edition = code;
    void this.load();
  }

  private onVoivodeship(event: Event): void {
    this.voivodeship = (event.target as HTMLSelectElement).value;
    void this.load();
  }

  override render() {
    return html`<h1>${t("screen.overview")}</h1>
      <p>${t("overview.intro")}</p>
      <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
        <jst-edition-select
          .value=${this.edition}
          @edition-change=${(e: CustomEvent<string>) => this.onEdition(e.detail)}
        ></jst-edition-select>
        ${this.mayChoose
          ? html`<label
              >${t("overview.voivodeship")}
              <select name="voivodeship" @change=${this.onVoivodeship}>
                ${voivodeshipOptions(this.voivodeship, "overview.chooseVoivodeship")}
              </select></label
            >`
          : nothing}
      </form>
      <div role="alert">
        ${this.failures.map(
          (failure) => html`<p class="alert">${t("overview.failed", { message: t(failure.key, failure.params) })}</p>`,
        )}
      </div>
      <div class="content" aria-busy=${this.busy ? "true" : "false"}>
        <div role="status">${this.busy ? html`<p>${t("app.loading")}</p>` : nothing}</div>
        ${this.mayChoose && this.voivodeship === "" ? html`<p>${t("overview.pickVoivodeship")}</p>` : nothing}
        ${this.overview && !this.busy ? this.renderOverview(this.overview) : nothing}
      </div>`;
  }

  private renderOverview(overview: Overview) {
    const quality = qualityOf(overview.quality, overview.region);
    return html`<p data-field="region">
        ${overview.region ? t("overview.scope", { name: voivodeshipName(overview.region) }) : t("overview.scopeUnknown")}
      </p>
      ${overview.cases ? this.renderStages(overview.cases, overview.names) : nothing}
      ${overview.cases ? this.renderOverdueCases(overview.cases, overview.names) : nothing}
      ${overview.tasks ? this.renderOverdueTasks(overview.tasks, overview.names) : nothing}
      ${overview.quality ? this.renderBelow(quality?.jstsBelowMinimum ?? [], overview.names) : nothing}
      ${overview.quality ? this.renderRecords(quality?.recordsToFix ?? [], overview.names, overview.numbers) : nothing}`;
  }

  private jst(names: ReadonlyMap<string, string>, teryt: string): string {
    const name = names.get(teryt);
    return name ? `${name} (${teryt})` : teryt;
  }

  private renderStages(cases: Case[], names: ReadonlyMap<string, string>) {
    return html`<section aria-labelledby="stages" data-section="stages">
      <h2 id="stages">${t("overview.stages")}</h2>
      <p class="count" data-field="count">
        ${cases.length === 0 ? t("overview.stages.none") : t("overview.stages.count", { count: cases.length })}
      </p>
      ${cases.length === 0
        ? nothing
        : stagesOf(cases).map(
            ({ stage, cases: inStage }) => html`<details data-stage=${stage}>
              <summary>${t("overview.stage.summary", { stage: t(`jst.stage.${stage}`), count: inStage.length })}</summary>
              ${inStage.length === 0
                ? html`<p>${t("overview.stage.empty")}</p>`
                : html`<ul>
                    ${inStage.map(
                      (kase) =>
                        html`<li data-case=${kase.id ?? ""}>
                          <a href=${hrefOfScreen("case", { case: kase.id ?? "" })}>${this.jst(names, kase.teryt ?? "")}</a>
                        </li>`,
                    )}
                  </ul>`}
            </details>`,
          )}
    </section>`;
  }

  private renderOverdueCases(cases: Case[], names: ReadonlyMap<string, string>) {
    const overdue = overdueCasesOf(cases, todayInWarsaw());
    return html`<section aria-labelledby="overdue-cases" data-section="overdueCases">
      <h2 id="overdue-cases">${t("overview.overdueCases")}</h2>
      <p class="count" data-field="count">
        ${overdue.length === 0 ? t("overview.overdueCases.none") : countWords("overview.overdueCases", overdue.length)}
      </p>
      ${overdue.length === 0
        ? nothing
        : html`<ul>
            ${overdue.map(({ kase, reason }) => {
              const due = kase.stageDueOn ? civilDate(kase.stageDueOn) : "";
              return html`<li data-case=${kase.id ?? ""}>
                <a href=${hrefOfScreen("case", { case: kase.id ?? "" })}>${this.jst(names, kase.teryt ?? "")}</a>
                — ${t(`jst.stage.${kase.stage ?? "STAGE_UNSPECIFIED"}` as MessageKey)}:
                <span class="overdue-text" data-field="reason"
                  >${reason === "stage" ? t("cases.overdueStage", { date: due }) : t("cases.overdueAction")}</span
                >${reason === "action" && due ? html` <span class="meta">(${t("cases.dueOn", { date: due })})</span>` : nothing}
              </li>`;
            })}
          </ul>`}
    </section>`;
  }

  private renderOverdueTasks(tasks: Task[], names: ReadonlyMap<string, string>) {
    return html`<section aria-labelledby="overdue-tasks" data-section="overdueTasks">
      <h2 id="overdue-tasks">${t("overview.overdueTasks")}</h2>
      <p class="count" data-field="count">
        ${tasks.length === 0 ? t("overview.overdueTasks.none") : countWords("overview.overdueTasks", tasks.length)}
      </p>
      ${tasks.length === 0
        ? nothing
        : html`<ul>
            ${byDueTime(tasks).map(
              (task) => html`<li data-task=${task.id ?? ""}>
                ${this.jst(names, task.teryt ?? "")}:
                ${mayCall("GET /v1/tasks", store.session?.role ?? null)
                  ? html`<a href=${`${hrefOfScreen("tasks")}#${taskAnchor(task.id ?? "")}`}>${task.title}</a>`
                  : task.title}
                <span class="overdue-text"
                  >— ${t("overview.task.due", { due: task.dueTime ? dateTime(task.dueTime) : "" })}</span
                >
                ${task.status === "TASK_RETURNED" ? html`<span class="meta">(${t("overview.task.returned")})</span>` : nothing}
              </li>`,
            )}
          </ul>
          ${mayCall("GET /v1/tasks", store.session?.role ?? null)
            ? html`<p><a href=${hrefOfScreen("tasks")}>${t("overview.tasksLink")}</a></p>`
            : nothing}`}
    </section>`;
  }

  private renderBelow(
    below: readonly Readable<components["schemas"]["JstBelowMinimum"]>[],
    names: ReadonlyMap<string, string>,
  ) {
    return html`<section aria-labelledby="below" data-section="below">
      <h2 id="below">${t("overview.below")}</h2>
      <p class="count" data-field="count">
        ${below.length === 0 ? t("overview.below.none") : t("overview.below.count", { count: below.length })}
      </p>
      ${below.length === 0
        ? nothing
        : html`<ul>
            ${below.map(
              (jst) => html`<li data-teryt=${jst.teryt ?? ""}>
                <a href=${hrefOfScreen("jst", { teryt: jst.teryt ?? "" })}>${this.jst(names, jst.teryt ?? "")}</a>:
                ${t("overview.below.item", { active: jst.activeRepresentatives ?? 0, minimum: jst.minimum ?? 0 })}
              </li>`,
            )}
          </ul>`}
    </section>`;
  }

  private renderRecords(
    records: readonly Readable<components["schemas"]["RecordToFix"]>[],
    names: ReadonlyMap<string, string>,
    numbers: ReadonlyMap<string, number>,
  ) {
    return html`<section aria-labelledby="records" data-section="records">
      <h2 id="records">${t("overview.records")}</h2>
      <p class="count" data-field="count">
        ${records.length === 0 ? t("overview.records.none") : countWords("overview.records", records.length)}
      </p>
      ${records.length === 0
        ? nothing
        : html`<ul>
            ${records.map(
              (record) => html`<li data-participant=${record.participantId ?? ""}>
                <a href=${hrefOfScreen("application", { application: record.applicationId ?? "" })}
                  >${t("overview.records.application", { name: this.jst(names, record.teryt ?? "") })}</a
                >:
                ${t(numbers.has(record.participantId ?? "") ? "overview.records.item" : "overview.records.itemUnnumbered", {
                  number: numbers.get(record.participantId ?? "") ?? 0,
                  missing: (record.missingFields ?? []).map(fieldName).join(", "),
                })}${record.completedTraining ? html` <span class="meta">(${t("overview.records.trained")})</span>` : nothing}
              </li>`,
            )}
          </ul>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-overview-page": OverviewPage;
  }
}
