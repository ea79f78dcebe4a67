// Indicators with breakdowns and their evidence (issue 18, screen 2): the
// edition, a period and up to three breakdowns (GET /v1/indicators), kept
// in the address; a table of totals, a table per indicator of its
// breakdown, a chart of one indicator's breakdown; every figure is a button
// that opens the records behind it (indicators-evidence.ts).
import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { api } from "../api.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import { formatNumber } from "../i18n/i18n.js";
import {
  DIMENSIONS,
  MAX_BREAKDOWNS,
  WHOLE_EDITION,
  breakdownFits,
  breakdownsOf,
  chartOf,
  choiceOf,
  evidenceQuery,
  figurePeriod,
  isPeriodDimension,
  periodOf,
  type BreakdownKey,
  type Dimension,
  type Figure,
  type Indicator,
  type IndicatorsAnswer,
  type IndicatorsQuery,
  type PeriodChoice,
} from "../indicators.js";
import { StoreController } from "../store.js";
import "./chart-figure.js";
import "./edition-select.js";
import "./indicators-evidence.js";
import type { IndicatorEvidence } from "./indicators-evidence.js";
import { dimensionName, figureText, indicatorName, keyName, periodName } from "./indicators-text.js";
import { shared } from "./styles.js";
import { alertRegion, civilDate, dateTime, decimal, t } from "./text.js";

// The choices a result was asked with (and the address keeps).
interface Choices {
  readonly edition: string;
  readonly period: string;
  readonly breakdowns: readonly Dimension[];
  // One indicator, or "" for all.
  readonly code: string;
}

// A count on the chart's axis: whole numbers only (no "0,5" of a JST).
function countTick(value: number): string {
  return Number.isInteger(value) ? formatNumber(value) : "";
}

const PERIOD_KINDS: readonly Exclude<PeriodChoice["kind"], "">[] = ["YEAR", "QUARTER", "MONTH"];

@customElement("jst-indicators-page")
export class IndicatorsPage extends LitElement {
  static override styles = [
    shared,
    css`
      fieldset {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
        align-items: flex-end;
        border: 1px solid #767676;
        border-radius: 4px;
        padding: 0.6rem 1rem 1rem;
        margin: 0 0 1rem;
      }
      legend {
        font-weight: 600;
      }
      label {
        display: flex;
        flex-direction: column;
        font-weight: 600;
      }
      .hint {
        flex-basis: 100%;
        font-size: 0.9rem;
        margin: 0;
      }
      h2 {
        font-size: 1.3rem;
        margin: 1.5rem 0 0.5rem;
      }
      h3 {
        font-size: 1.1rem;
        margin: 1.2rem 0 0.4rem;
      }
      table {
        border-collapse: collapse;
        width: 100%;
        margin-bottom: 0.5rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.6rem;
        border-bottom: 1px solid #767676;
      }
      td.figure,
      th.figure {
        text-align: right;
        white-space: nowrap;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding: 0.4rem 0;
      }
      label.chart {
        display: inline-flex;
        margin-bottom: 0.8rem;
      }
      button.open {
        background: #ffffff;
        color: #0b3d91;
        border: 1px solid #0b3d91;
        padding: 0.15rem 0.5rem;
        text-decoration: underline;
      }
      button.open:hover {
        background: #e8eef8;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = "";
  @state() private period: PeriodChoice = WHOLE_EDITION;
  @state() private breakdowns: readonly string[] = ["", "", ""];
  @state() private code = "";
  @state() private chartCode = "";
  @state() private shown: Choices | null = null;
  @state() private answer: IndicatorsAnswer | null = null;
  // The definitions of every indicator, from the last answer for all.
  @state() private known: readonly Indicator["definition"][] = [];
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  @query("jst-indicator-evidence") private evidence!: IndicatorEvidence;
  private ticket = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    const address = readQuery();
    const breakdowns = breakdownsOf(address.getAll("groupBy"));
    this.edition = address.get("edition") ?? "";
    this.period = choiceOf(address.get("period") ?? "");
    this.breakdowns = Array.from({ length: MAX_BREAKDOWNS }, (_, i) => breakdowns[i] ?? "");
    this.code = address.get("codes") ?? "";
    this.chartCode = address.get("chart") ?? "";
    if (this.edition !== "") void this.show();
  }

  private choicesOfForm(): Choices {
    return {
      edition: this.edition,
      period: periodOf(this.period),
      breakdowns: breakdownsOf(this.breakdowns),
      code: this.code,
    };
  }

  private keepInAddress(): void {
    const shown = this.shown;
    if (!shown) return;
    writeQuery({
      edition: shown.edition,
      period: shown.period,
      groupBy: shown.breakdowns,
      codes: shown.code,
      chart: this.chartCode,
    });
  }

  // Asks for the form's choices; an answer to an earlier question that
  // arrives late is dropped.
  private async show(): Promise<void> {
    const choices = this.choicesOfForm();
    const ticket = ++this.ticket;
    this.shown = choices;
    this.keepInAddress();
    this.busy = true;
    this.failure = null;
    this.answer = null;
    const query: IndicatorsQuery = { edition: choices.edition };
    if (choices.period !== "") query.period = choices.period;
    if (choices.breakdowns.length > 0) query.groupBy = [...choices.breakdowns];
    if (choices.code !== "") query.codes = [choices.code];
    try {
      const data = await dataOf(api.GET("/v1/indicators", { params: { query } }));
      if (ticket !== this.ticket) return;
      this.answer = data;
      if (choices.code === "") this.known = (data.indicators ?? []).map((indicator) => indicator.definition);
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  private onEditionChange(event: CustomEvent<string>): void {
    this.edition = event.detail;
    // The first edition chosen (the default) is shown at once.
    if (this.shown === null) void this.show();
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.show();
  }

  private setBreakdown(index: number, value: string): void {
    this.breakdowns = this.breakdowns.map((current, i) => (i === index ? value : current));
  }

  private setPeriod(change: Partial<PeriodChoice>): void {
    const next = { ...this.period, ...change };
    // A year to start from: the first of the range counted.
    if (next.year === "") next.year = this.answer?.periodStart?.slice(0, 4) ?? "";
    if (next.kind === "MONTH" && next.month === "" && next.year !== "") next.month = `${next.year}-01`;
    this.period = next;
    // A period breakdown longer than the new period is no longer offered.
    this.breakdowns = this.breakdowns.map((value) => (breakdownFits(value, next.kind) ? value : ""));
  }

  override render() {
    return html`
      <h1>${t("screen.indicators")}</h1>
      <p>${t("indicators.intro")}</p>
      ${this.renderForm()}
      ${alertRegion(this.failure)}
      <div role="status">${this.busy ? html`<p>${t("app.loading")}</p>` : nothing}</div>
      ${this.renderAnswer()}
      <jst-indicator-evidence></jst-indicator-evidence>
    `;
  }

  private renderForm() {
    const chosen = breakdownsOf(this.breakdowns);
    return html`<form @submit=${this.onSubmit}>
      <fieldset>
        <legend>${t("indicators.choices")}</legend>
        <jst-edition-select .value=${this.edition} @edition-change=${this.onEditionChange}></jst-edition-select>
        ${this.renderPeriod()}
        ${this.breakdowns.map(
          (value, index) => html`<label
            >${t("indicators.breakdown", { number: index + 1 })}
            <select name="groupBy" @change=${(e: Event) => this.setBreakdown(index, (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${value === ""}>${t("indicators.breakdown.none")}</option>
              ${DIMENSIONS.map(
                (dimension) =>
                  html`<option
                    value=${dimension}
                    ?selected=${value === dimension}
                    ?disabled=${value !== dimension &&
                    (chosen.includes(dimension) || !breakdownFits(dimension, this.period.kind))}
                  >
                    ${dimensionName(dimension)}
                  </option>`,
              )}
            </select></label
          >`,
        )}
        <label
          >${t("indicators.indicator")}
          <select name="codes" @change=${(e: Event) => (this.code = (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.code === ""}>${t("indicators.indicator.all")}</option>
            ${this.definitions().map(
              ([code, name]) => html`<option value=${code} ?selected=${this.code === code}>${name}</option>`,
            )}
          </select></label
        >
        <button type="submit" ?disabled=${this.busy || this.edition === ""}>${t("indicators.show")}</button>
        <p class="hint">
          ${t("indicators.breakdown.hint")}
          ${this.period.kind === "MONTH" || this.period.kind === "QUARTER"
            ? t("indicators.breakdown.periodHint")
            : nothing}
        </p>
      </fieldset>
    </form>`;
  }

  // The indicators to choose from: those of the last answer for all of
  // them, and the one chosen.
  private definitions(): [code: string, name: string][] {
    const listed = this.known.map((definition): [string, string] => [definition?.code ?? "", indicatorName(definition)]);
    if (this.code !== "" && !listed.some(([code]) => code === this.code)) listed.push([this.code, this.code]);
    return listed;
  }

  private renderPeriod() {
    const choice = this.period;
    return html`<label
        >${t("indicators.period")}
        <select
          name="periodKind"
          @change=${(e: Event) => this.setPeriod({ kind: (e.target as HTMLSelectElement).value as PeriodChoice["kind"] })}
        >
          <option value="" ?selected=${choice.kind === ""}>${t("indicators.period.whole")}</option>
          ${PERIOD_KINDS.map(
            (kind) =>
              html`<option value=${kind} ?selected=${choice.kind === kind}>${t(`indicators.period.${kind}`)}</option>`,
          )}
        </select></label
      >
      ${choice.kind === "YEAR" || choice.kind === "QUARTER"
        ? html`<label
            >${t("indicators.year")}
            <input
              name="year"
              inputmode="numeric"
              pattern="[0-9]{4}"
              size="6"
              required
              .value=${choice.year}
              @input=${(e: Event) => (this.period = { ...this.period, year: (e.target as HTMLInputElement).value.trim() })}
          /></label>`
        : nothing}
      ${choice.kind === "QUARTER"
        ? html`<label
            >${t("indicators.quarter")}
            <select
              name="quarter"
              @change=${(e: Event) => this.setPeriod({ quarter: (e.target as HTMLSelectElement).value })}
            >
              ${["1", "2", "3", "4"].map(
                (quarter) => html`<option value=${quarter} ?selected=${choice.quarter === quarter}>
                  ${["I", "II", "III", "IV"][Number(quarter) - 1]}
                </option>`,
              )}
            </select></label
          >`
        : nothing}
      ${choice.kind === "MONTH"
        ? html`<label
            >${t("indicators.month")}
            <input
              name="month"
              type="month"
              required
              .value=${choice.month}
              @input=${(e: Event) => (this.period = { ...this.period, month: (e.target as HTMLInputElement).value })}
          /></label>`
        : nothing}`;
  }

  private renderAnswer() {
    const answer = this.answer;
    const shown = this.shown;
    if (!answer || !shown) return nothing;
    const indicators = answer.indicators ?? [];
    if (indicators.length === 0) return html`<p>${t("indicators.none")}</p>`;
    return html`
      <p>
        ${t("indicators.counted", {
          start: civilDate(answer.periodStart ?? ""),
          end: civilDate(answer.periodEnd ?? ""),
          time: answer.countTime ? dateTime(answer.countTime) : "",
        })}
      </p>
      ${this.renderTotals(indicators, shown)}
      ${shown.breakdowns.length > 0
        ? html`<h2>${t("indicators.breakdowns")}</h2>
            ${indicators.map((indicator) => this.renderBreakdown(indicator, shown))} ${this.renderChart(indicators, shown)}`
        : nothing}
    `;
  }

  private renderTotals(indicators: readonly Indicator[], shown: Choices) {
    return html`<h2>${t("indicators.totals")}</h2>
      <table class="totals">
        <caption>${t("indicators.totals.caption", { edition: shown.edition })}</caption>
        <thead>
          <tr>
            <th scope="col">${t("indicators.name")}</th>
            <th scope="col" class="figure">${t("indicators.target")}</th>
            <th scope="col" class="figure">${t("indicators.value")}</th>
          </tr>
        </thead>
        <tbody>
          ${indicators.map(
            (indicator) => html`<tr>
              <th scope="row">${indicatorName(indicator.definition)}</th>
              <td class="figure">${this.targetText(indicator)}</td>
              <td class="figure">${this.renderFigure(indicator, indicator.total, [], shown)}</td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }

  private targetText(indicator: Indicator): string {
    const target = indicator.target ?? "";
    if (target === "") return "—";
    return indicator.definition?.unit === "PERCENT" ? `${decimal(target)} %` : decimal(target);
  }

  private renderBreakdown(indicator: Indicator, shown: Choices) {
    const name = indicatorName(indicator.definition);
    const rows = indicator.breakdown ?? [];
    const heading = html`<h3>${name}</h3>`;
    if (indicator.applicable === false) return html`${heading}<p>${t("indicators.notApplicable")}</p>`;
    if (rows.length === 0) return html`${heading}<p>${t("indicators.breakdown.empty")}</p>`;
    const valueOf = (keys: readonly BreakdownKey[], dimension: Dimension) =>
      keys.find((key) => key.dimension === dimension)?.value ?? "";
    return html`${heading}
      <table class="breakdown" data-code=${indicator.definition?.code ?? ""}>
        <caption>
          ${t("indicators.breakdown.caption", { name, dimensions: shown.breakdowns.map(dimensionName).join(", ") })}
        </caption>
        <thead>
          <tr>
            ${shown.breakdowns.map((dimension) => html`<th scope="col">${dimensionName(dimension)}</th>`)}
            <th scope="col" class="figure">${t("indicators.value")}</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((row) => {
            const keys = row.keys ?? [];
            return html`<tr>
              ${shown.breakdowns.map((dimension, i) => {
                const text = keyName(dimension, valueOf(keys, dimension));
                return i === 0 ? html`<th scope="row">${text}</th>` : html`<td>${text}</td>`;
              })}
              <td class="figure">${this.renderFigure(indicator, row.figure, keys, shown)}</td>
            </tr>`;
          })}
        </tbody>
      </table>`;
  }

  // A figure as a button opening its records; a not-applicable indicator
  // says why instead.
  private renderFigure(indicator: Indicator, figure: Figure | undefined, keys: readonly BreakdownKey[], shown: Choices) {
    if (indicator.applicable === false) return t("indicators.notApplicable");
    const code = indicator.definition?.code ?? "";
    const unit = indicator.definition?.unit ?? "";
    return html`<button
      type="button"
      class="open"
      data-code=${code}
      data-keys=${keys.map((key) => `${key.dimension}=${key.value}`).join(";")}
      @click=${(e: Event) =>
        void this.evidence.show(
          {
            code,
            name: indicatorName(indicator.definition),
            scope: this.scopeOf(shown, keys),
            unit,
            query: evidenceQuery(shown.edition, shown.period, keys),
          },
          e.currentTarget as HTMLElement,
        )}
    >
      <span class="value">${figureText(figure, unit)}</span><span class="visually-hidden">, ${t("indicators.open")}</span>
    </button>`;
  }

  // A figure's scope in words: its period (figurePeriod: the one its
  // evidence is asked for) and other breakdown values, or the whole
  // edition.
  private scopeOf(shown: Choices, keys: readonly BreakdownKey[]): string {
    const period = figurePeriod(shown.period, keys);
    const parts = [
      ...(period !== "" ? [periodName(period)] : []),
      ...keys
        .filter((key) => !isPeriodDimension(key.dimension ?? ""))
        .map((key) => keyName(key.dimension ?? "", key.value ?? "")),
    ];
    return parts.length === 0
      ? t("indicators.evidence.whole", { edition: shown.edition })
      : `${shown.edition}: ${parts.join(", ")}`;
  }

  private renderChart(indicators: readonly Indicator[], shown: Choices) {
    const applicable = indicators.filter((indicator) => indicator.applicable !== false);
    const indicator = applicable.find((candidate) => candidate.definition?.code === this.chartCode) ?? applicable[0];
    const data = indicator ? chartOf(indicator, shown.breakdowns) : undefined;
    if (!indicator || !data) return nothing;
    const name = indicatorName(indicator.definition);
    const percent = indicator.definition?.unit === "PERCENT";
    return html`<h2>${t("indicators.chart")}</h2>
      <label class="chart"
        >${t("indicators.chart.indicator")}
        <select
          name="chart"
          @change=${(e: Event) => {
            this.chartCode = (e.target as HTMLSelectElement).value;
            this.keepInAddress();
          }}
        >
          ${applicable.map(
            (candidate) =>
              html`<option value=${candidate.definition?.code ?? ""} ?selected=${candidate === indicator}>
                ${indicatorName(candidate.definition)}
              </option>`,
          )}
        </select></label
      >
      <jst-chart
        caption=${t("indicators.chart.caption", { name, dimension: dimensionName(data.axis) })}
        kind=${isPeriodDimension(data.axis) ? "line" : "bar"}
        categoryLabel=${dimensionName(data.axis)}
        .labels=${data.labels.map((value) => keyName(data.axis, value))}
        .series=${data.series.map((series) => ({
          label:
            series.keys.length === 0
              ? name
              : series.keys.map((key) => keyName(key.dimension ?? "", key.value ?? "")).join(", "),
          values: series.values,
        }))}
        .format=${(value: number) => (percent ? `${formatNumber(value)} %` : countTick(value))}
      ></jst-chart>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-indicators-page": IndicatorsPage;
  }
}
