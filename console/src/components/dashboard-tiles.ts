// The voivodeships as tiles placed roughly as on a map of Poland, each with
// its projected plan effectiveness (GET /v1/progress, pacing) and its band
// in words ("target met", "below 90 % — near the target", "… far from the
// target") as well as in colour (WCAG 1.4.1); a voivodeship without a
// supported JST says "no data". Only the voivodeships in `codes` are drawn (a
// coordinator's own).
//
//   <jst-dashboard-tiles .codes=${["02", …]} .pacing=${progress.pacing}
//     .target=${90}></jst-dashboard-tiles>
import { LitElement, css, html, unsafeCSS } from "lit";
import { customElement, property } from "lit/decorators.js";
import { bandOf, type Band, type Pacing } from "../dashboard.js";
import type { MessageKey } from "../i18n/pl.js";
import { StoreController } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { shared } from "./styles.js";
import { decimal, t } from "./text.js";

// Each band's words on a tile with a figure.
const FLAGS: Readonly<Record<Exclude<Band, "none">, MessageKey>> = {
  met: "dashboard.tile.met",
  near: "dashboard.tile.near",
  far: "dashboard.tile.far",
};

// [row, column] of each voivodeship on a 4 × 5 grid.
const PLACES: Readonly<Record<string, readonly [number, number]>> = {
  "32": [1, 2],
  "22": [1, 3],
  "28": [1, 4],
  "20": [1, 5],
  "08": [2, 1],
  "30": [2, 2],
  "04": [2, 3],
  "14": [2, 4],
  "02": [3, 1],
  "16": [3, 2],
  "10": [3, 3],
  "26": [3, 4],
  "06": [3, 5],
  "24": [4, 3],
  "12": [4, 4],
  "18": [4, 5],
};

const placeRules = Object.entries(PLACES)
  .map(([code, [row, column]]) => `.v${code} { grid-row: ${row}; grid-column: ${column}; }`)
  .join("\n");

@customElement("jst-dashboard-tiles")
export class DashboardTiles extends LitElement {
  static override styles = [
    shared,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0.5rem;
      }
      li {
        border: 1px solid #767676;
        border-left-width: 8px;
        border-radius: 4px;
        padding: 0.5rem 0.7rem;
        background: #f2f2f2;
        border-left-color: #767676;
      }
      .name {
        font-weight: 700;
        display: block;
      }
      .figure {
        font-size: 1.15rem;
      }
      .met {
        background: #e6f4ea;
        border-left-color: #1b7f3b;
      }
      .near {
        background: #fff4e0;
        border-left-color: #b35c00;
      }
      .far {
        background: #fdecee;
        border-left-color: #b00020;
      }
      .flag {
        font-weight: 700;
      }
      .figure,
      .flag,
      .counts {
        display: block;
      }
      @media (min-width: 56rem) {
        ul.map {
          grid-template-columns: repeat(5, minmax(9rem, 1fr));
        }
        ${unsafeCSS(placeRules)}
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) codes: readonly string[] = [];
  @property({ attribute: false }) pacing: readonly Pacing[] = [];
  @property({ attribute: false }) target = 90;

  override render() {
    return html`<ul class=${this.codes.length > 1 ? "map" : ""}>
      ${this.codes.map((code) => this.renderTile(code))}
    </ul>`;
  }

  private renderTile(code: string) {
    const pacing = this.pacing.find((candidate) => candidate.voivodeship === code);
    const band = bandOf(pacing, this.target);
    const target = String(this.target);
    return html`<li class="v${code} ${band}" data-voivodeship=${code}>
      <span class="name">${voivodeshipName(code)}</span>
      ${pacing === undefined || band === "none"
        ? html`<span class="figure">${t("dashboard.tile.noData")}</span>`
        : html`<span class="figure">${t("dashboard.tile.effectiveness", {
              value: decimal(pacing.projectedEffectiveness ?? ""),
            })}</span>
            <span class="flag">${t(FLAGS[band], { target })}</span>
            <span class="counts"
              >${t("dashboard.tile.counts", {
                plans: decimal(pacing.plansAdopted ?? "0"),
                jsts: decimal(pacing.jstsSupported ?? "0"),
              })}</span
            >`}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-dashboard-tiles": DashboardTiles;
  }
}
