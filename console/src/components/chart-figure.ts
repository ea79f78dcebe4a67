// A chart with the table of its figures (WCAG 2.1 AA: a chart is an image,
// so its figures are also given as text). Chart.js draws on a canvas
// (nothing inline for the page's CSP to refuse); the canvas is an image
// named by the caption, and the table below it, in a disclosure, holds every
// value of every series by category.
//
//   <jst-chart caption="…" kind="line" .labels=${["2017-04", …]}
//     .series=${[{ label: "Plany", values: [1, 2, null] }]}></jst-chart>
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { LitElement, css, html } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import { formatNumber } from "../i18n/i18n.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

export interface ChartSeries {
  readonly label: string;
  // One per label; null where the series has no value.
  readonly values: readonly (number | null)[];
  // A projection or a target line: drawn dashed.
  readonly dashed?: boolean;
}

// Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart
// also by the legend's order and the dashes.
const COLOURS = ["#0b3d91", "#b35c00", "#1b7f3b", "#6b2c91", "#5a5a5a", "#a3123a"];

@customElement("jst-chart")
export class ChartFigure extends LitElement {
  static override styles = [
    shared,
    css`
      figure {
        margin: 0 0 1.5rem;
      }
      figcaption {
        font-weight: 600;
        margin-bottom: 0.4rem;
      }
      .canvas {
        position: relative;
        height: var(--chart-height, 18rem);
      }
      table {
        border-collapse: collapse;
        margin-top: 0.5rem;
      }
      th,
      td {
        padding: 0.25rem 0.6rem;
        border-bottom: 1px solid #767676;
        text-align: right;
      }
      th[scope="row"],
      thead th:first-child {
        text-align: left;
        white-space: nowrap;
      }
      summary {
        cursor: pointer;
        color: #0b3d91;
        margin-top: 0.4rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property() caption = "";
  @property() kind: "line" | "bar" = "line";
  // The categories (x axis), e.g. months.
  @property({ attribute: false }) labels: readonly string[] = [];
  @property({ attribute: false }) series: readonly ChartSeries[] = [];
  // The heading of the table's first column.
  @property() categoryLabel = "";
  // How a value is written in the table and on the axis.
  @property({ attribute: false }) format: (value: number) => string = formatNumber;

  @query("canvas") private canvas!: HTMLCanvasElement;
  private chart: Chart | null = null;

  override disconnectedCallback(): void {
    this.chart?.destroy();
    this.chart = null;
    super.disconnectedCallback();
  }

  override updated(): void {
    const config = this.configuration();
    if (this.chart === null) {
      this.chart = new Chart(this.canvas, config);
      return;
    }
    this.chart.data = config.data;
    this.chart.options = config.options ?? {};
    this.chart.update();
  }

  private configuration(): ChartConfiguration<"line" | "bar", (number | null)[], string> {
    return {
      type: this.kind,
      data: {
        labels: [...this.labels],
        datasets: this.series.map((series, i) => {
          const colour = COLOURS[i % COLOURS.length] ?? "#0b3d91";
          return {
            label: series.label,
            data: [...series.values],
            borderColor: colour,
            backgroundColor: colour,
            borderDash: series.dashed ? [6, 4] : [],
            pointRadius: this.kind === "line" ? 2 : 0,
            spanGaps: false,
          };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        locale: "pl-PL",
        scales: { y: { beginAtZero: true, ticks: { callback: (value) => this.format(Number(value)) } } },
        plugins: { legend: { position: "bottom" } },
      },
    };
  }

  override render() {
    return html`<figure>
      <figcaption>${this.caption}</figcaption>
      <div class="canvas"><canvas role="img" aria-label=${this.caption}></canvas></div>
      <details>
        <summary>${t("chart.table", { caption: this.caption })}</summary>
        <table>
          <caption class="visually-hidden">${t("chart.table", { caption: this.caption })}</caption>
          <thead>
            <tr>
              <th scope="col">${this.categoryLabel || t("chart.category")}</th>
              ${this.series.map((series) => html`<th scope="col">${series.label}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${this.labels.map(
              (label, row) =>
                html`<tr>
                  <th scope="row">${label}</th>
                  ${this.series.map((series) => {
                    const value = series.values[row];
                    return html`<td>${value === null || value === undefined ? "—" : this.format(value)}</td>`;
                  })}
                </tr>`,
            )}
          </tbody>
        </table>
      </details>
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-chart": ChartFigure;
  }
}
