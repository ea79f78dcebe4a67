// The programme dashboard (issue 18, screen 1): for the chosen edition
// (?edition=), each target against its value, the pace of adopted plans as
// a chart with the projection to the edition's end, the voivodeships by
// projected effectiveness, the data-quality list and, for the roles that
// may read cases and tasks, the overdue counts. A coordinator's answers are
// its voivodeship's (the API scopes them); the screen names it.
import type { Readable } from "openapi-typescript-helpers";
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { api } from "../api.js";
import { countAllPages, NEAR_POINTS, pacingSeries, type Pacing } from "../dashboard.js";
import { dataOf, failureCollector, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import { formatNumber } from "../i18n/i18n.js";
import { mayCall } from "../screens.js";
import { store, StoreController } from "../store.js";
import { VOIVODESHIPS, voivodeshipName } from "../voivodeships.js";
import "./chart-figure.js";
import "./dashboard-quality.js";
import "./dashboard-tiles.js";
import { loadEditions } from "./edition-select.js";
import { indicatorName } from "./indicators-text.js";
import { sections, shared } from "./styles.js";
import { civilDate, decimal, t } from "./text.js";

type Progress = Readable<components["schemas"]["Progress"]>;
type Target = Readable<components["schemas"]["TargetProgress"]>;
type Definition = Readable<components["schemas"]["IndicatorDefinition"]>;
type Quality = Readable<components["schemas"]["DataQualityReport"]>;

interface Overdue {
  readonly cases: number;
  readonly tasks: number;
}

interface Figures {
  readonly progress: Progress | null;
  readonly definitions: ReadonlyMap<string, Definition>;
  readonly quality: Quality | null;
  // null when the role may not read cases and tasks, or the read failed.
  readonly overdue: Overdue | null;
}

const PAGE_SIZE = 500;
const EFFECTIVENESS = "PLAN_EFFECTIVENESS";
// The effectiveness target the API applies when the edition sets none.
const DEFAULT_EFFECTIVENESS_TARGET = 90;

function countOverdue(edition: string, list: "/v1/cases" | "/v1/tasks"): Promise<number> {
  return countAllPages(async (pageToken) => {
    const query = { edition, overdue: true, pageSize: PAGE_SIZE, ...(pageToken ? { pageToken } : {}) };
    if (list === "/v1/cases") {
      const data = await dataOf(api.GET("/v1/cases", { params: { query } }));
      return { count: (data.cases ?? []).length, next: data.nextPageToken ?? "" };
    }
    const data = await dataOf(api.GET("/v1/tasks", { params: { query } }));
    return { count: (data.tasks ?? []).length, next: data.nextPageToken ?? "" };
  });
}

@customElement("jst-dashboard-page")
export class DashboardPage extends LitElement {
  static override styles = [
    shared,
    sections,
    css`
      h2 {
        font-size: 1.3rem;
        margin: 0 0 0.6rem;
      }
      .targets {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
        gap: 0.75rem;
      }
      .targets li {
        border: 1px solid #767676;
        border-radius: 4px;
        padding: 0.6rem 0.8rem;
      }
      .targets h3 {
        font-size: 1rem;
        margin: 0 0 0.4rem;
      }
      progress {
        width: 100%;
        height: 1rem;
        accent-color: #0b3d91;
      }
      .figure {
        font-size: 1.2rem;
        font-weight: 600;
        margin: 0.3rem 0 0;
      }
      .overdue {
        display: flex;
        gap: 2rem;
        margin: 0;
      }
      .overdue dd {
        font-size: 1.4rem;
        font-weight: 700;
        margin: 0;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private figures: Figures | null = null;
  @state() private failures: UserMessage[] = [];
  // True from the start until every read of the edition shown has settled
  // (aria-busy of the content: a benchmark waits for it).
  @state() private busy = true;
  private generation = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load();
    // Without editions there is nothing to read: the chooser says why.
    else
      loadEditions().then(
        (editions) => {
          if (editions.length === 0) this.busy = false;
        },
        () => (this.busy = false),
      );
  }

  private onEdition(code: string): void {
    if (code === this.edition && this.figures !== null) return;
    this.edition = code;
    writeQuery({ edition: code });
    void this.load();
  }

  private async load(): Promise<void> {
    const generation = ++this.generation;
    const edition = this.edition;
    const role = store.session?.role ?? null;
    this.busy = true;
    const { failures, settle } = failureCollector();
    const query = { params: { query: { edition } } };
    const withOverdue = mayCall("GET /v1/cases", role) && mayCall("GET /v1/tasks", role);
    const [progress, indicators, quality, overdue] = await Promise.all([
      settle(dataOf(api.GET("/v1/progress", query))),
      settle(dataOf(api.GET("/v1/indicators", query))),
      settle(dataOf(api.GET("/v1/data-quality", query))),
      withOverdue
        ? settle(
            Promise.all([countOverdue(edition, "/v1/cases"), countOverdue(edition, "/v1/tasks")]).then(
              ([cases, tasks]) => ({ cases, tasks }),
            ),
          )
        : Promise.resolve(null),
    ]);
    if (generation !== this.generation) return;
    const definitions = new Map<string, Definition>();
    for (const indicator of indicators?.indicators ?? []) {
      if (indicator.definition?.code) definitions.set(indicator.definition.code, indicator.definition);
    }
    this.figures = { progress, definitions, quality, overdue };
    this.failures = failures;
    this.busy = false;
  }

  override render() {
    return html`<h1>${t("screen.dashboard")}</h1>
      <p>${t("dashboard.intro")}</p>
      <jst-edition-select
        .value=${this.edition}
        @edition-change=${(e: CustomEvent<string>) => this.onEdition(e.detail)}
      ></jst-edition-select>
      <div class="content" aria-busy=${this.busy ? "true" : "false"}>
        <div role="status">${this.busy ? html`<p>${t("app.loading")}</p>` : nothing}</div>
        <div role="alert">
          ${this.failures.map(
            (failure) =>
              html`<p class="alert">${t("dashboard.failed", { message: t(failure.key, failure.params) })}</p>`,
          )}
        </div>
        ${this.figures && !this.busy ? this.renderFigures(this.figures) : nothing}
      </div>`;
  }

  private renderFigures(figures: Figures) {
    const progress = figures.progress;
    const coordinator = store.session?.role === "COORDINATOR";
    // A coordinator's answers hold its voivodeship only: the pacing rows
    // (no "PL") and the data-quality list name it.
    const region = coordinator
      ? (progress?.pacing?.[0]?.voivodeship ?? figures.quality?.voivodeships?.[0]?.voivodeship ?? "")
      : "";
    const target = this.effectivenessTarget(progress);
    return html`
      ${progress
        ? html`${this.renderScope(progress, coordinator, region)}
          ${this.renderTargets(progress.targets ?? [], figures.definitions)}
          ${this.renderPacing(progress, coordinator ? region : "PL", target)}
          ${this.renderRegions(progress.pacing ?? [], coordinator, region, target)}`
        : nothing}
      ${figures.quality
        ? html`<section aria-labelledby="quality">
            <h2 id="quality">${t("dashboard.quality")}</h2>
            <jst-dashboard-quality .report=${figures.quality} ?conflicts=${!coordinator}></jst-dashboard-quality>
          </section>`
        : nothing}
      ${figures.overdue ? this.renderOverdue(figures.overdue) : nothing}
    `;
  }

  private effectivenessTarget(progress: Progress | null): number {
    const target = progress?.targets?.find((candidate) => candidate.code === EFFECTIVENESS)?.target ?? "";
    return target === "" ? DEFAULT_EFFECTIVENESS_TARGET : Number(target);
  }

  private renderScope(progress: Progress, coordinator: boolean, region: string) {
    const asOf = civilDate(progress.asOf ?? "");
    return html`<p class="scope">
      ${progress.editionStartsOn && progress.editionEndsOn
        ? t("dashboard.asOf", {
            date: asOf,
            startsOn: civilDate(progress.editionStartsOn),
            endsOn: civilDate(progress.editionEndsOn),
          })
        : t("dashboard.asOfOnly", { date: asOf })}
      ${!coordinator
        ? t("dashboard.scopeCountry")
        : region === ""
          ? t("dashboard.scopeRegionUnknown")
          : t("dashboard.scopeRegion", { name: voivodeshipName(region) })}
    </p>`;
  }

  private renderTargets(targets: readonly Target[], definitions: ReadonlyMap<string, Definition>) {
    return html`<section aria-labelledby="targets">
      <h2 id="targets">${t("dashboard.targets")}</h2>
      ${targets.length === 0
        ? html`<p>${t("dashboard.targetsNone")}</p>`
        : html`<ul class="targets">
            ${targets.map((target) => this.renderTarget(target, definitions.get(target.code ?? "")))}
          </ul>`}
    </section>`;
  }

  private renderTarget(target: Target, definition: Definition | undefined) {
    const code = target.code ?? "";
    const name = indicatorName(definition) || code;
    const value = target.value ?? "";
    const goal = target.target ?? "";
    const percent = definition?.unit === "PERCENT";
    const id = `target-${code}`;
    let figure: string;
    if (value === "") figure = t("dashboard.target.noValue", { target: decimal(goal) });
    else if (percent) figure = t("dashboard.target.percent", { value: decimal(value), target: decimal(goal) });
    else if ((target.percentOfTarget ?? "") === "")
      figure = t("dashboard.target.countNoPercent", { value: decimal(value), target: decimal(goal) });
    else
      figure = t("dashboard.target.count", {
        value: decimal(value),
        target: decimal(goal),
        percent: decimal(target.percentOfTarget ?? ""),
      });
    return html`<li class="target" data-code=${code}>
      <h3 id=${id}>${name}</h3>
      ${value === "" ? nothing : html`<progress aria-labelledby=${id} max=${goal} .value=${Number(value)}></progress>`}
      <p class="figure">${figure}</p>
    </li>`;
  }

  private renderPacing(progress: Progress, region: string, target: number) {
    const pacing: Pacing | undefined = (progress.pacing ?? []).find((candidate) => candidate.voivodeship === region);
    const targetText = formatNumber(target);
    if (pacing === undefined)
      return html`<section aria-labelledby="pacing">
        <h2 id="pacing">${t("dashboard.pacing")}</h2>
        <p>${t("dashboard.pacingNone")}</p>
      </section>`;
    const series = pacingSeries(pacing, progress.asOf ?? "", progress.editionEndsOn, target);
    const regionName = region === "PL" ? t("dashboard.chartCountry") : voivodeshipName(region);
    return html`<section aria-labelledby="pacing">
      <h2 id="pacing">${t("dashboard.pacing")}</h2>
      <p>${t("dashboard.pacingExplained", { target: targetText })}</p>
      <p class="projection">
        ${t("dashboard.projection", {
          plans: decimal(pacing.projectedPlans ?? "0"),
          jsts: decimal(pacing.jstsSupported ?? "0"),
          effectiveness: decimal(pacing.projectedEffectiveness ?? ""),
        })}
      </p>
      <jst-chart
        kind="line"
        caption=${t("dashboard.chartCaption", { region: regionName })}
        categoryLabel=${t("dashboard.chartMonth")}
        .labels=${series.months}
        .series=${[
          { label: t("dashboard.series.plans"), values: series.plans },
          { label: t("dashboard.series.jsts"), values: series.jsts },
          { label: t("dashboard.series.projection"), values: series.projection, dashed: true },
          { label: t("dashboard.series.needed", { target: targetText }), values: series.needed, dashed: true },
        ]}
      ></jst-chart>
    </section>`;
  }

  private renderRegions(pacing: readonly Pacing[], coordinator: boolean, region: string, target: number) {
    // A coordinator sees its own tile only: never another voivodeship.
    const codes = coordinator ? (region === "" ? [] : [region]) : VOIVODESHIPS.map(([code]) => code);
    if (codes.length === 0) return nothing;
    return html`<section aria-labelledby="regions">
      <h2 id="regions">${t("dashboard.regions")}</h2>
      <p>${t("dashboard.regionsExplained", { target: formatNumber(target), near: formatNumber(NEAR_POINTS) })}</p>
      <jst-dashboard-tiles .codes=${codes} .pacing=${pacing} .target=${target}></jst-dashboard-tiles>
    </section>`;
  }

  private renderOverdue(overdue: Overdue) {
    return html`<section aria-labelledby="overdue">
      <h2 id="overdue">${t("dashboard.overdue")}</h2>
      <dl class="overdue">
        <div>
          <dt>${t("dashboard.overdue.cases")}</dt>
          <dd class="cases">${formatNumber(overdue.cases)}</dd>
        </div>
        <div>
          <dt>${t("dashboard.overdue.tasks")}</dt>
          <dd class="tasks">${formatNumber(overdue.tasks)}</dd>
        </div>
      </dl>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-dashboard-page": DashboardPage;
  }
}
