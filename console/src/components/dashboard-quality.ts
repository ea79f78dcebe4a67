// The data-quality list of an edition (GET /v1/data-quality): a table of
// the counts per voivodeship, then, for each voivodeship with something to
// fix, its JSTs below the minimum team (linked to the JST's page) and its
// incomplete records by participant with the missing data in words. Each
// of those lists shows its first LIST_CAP items and a "show all (n)"
// button, which shows the rest and moves the focus to the first item it
// revealed.
//
//   <jst-dashboard-quality .report=${report} ?conflicts=${true}></jst-dashboard-quality>
import type { Readable } from "openapi-typescript-helpers";
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { LIST_CAP, shownItems } from "../dashboard.js";
import type { components } from "../generated/api.js";
import type { MessageKey } from "../i18n/pl.js";
import { dashboardPl } from "../i18n/dashboard.js";
import { hrefOfScreen } from "../screens.js";
import { StoreController } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { columnHeads } from "./column-heads.js";
import { shared } from "./styles.js";
import { decimal, t } from "./text.js";

type Report = Readable<components["schemas"]["DataQualityReport"]>;
type VoivodeshipQuality = Readable<components["schemas"]["VoivodeshipQuality"]>;

// A missing field's JSON name ("educationLevel", "institution.nip") in the
// user's words, or the name itself where the catalogue has none.
export function fieldName(field: string): string {
  const key = `dashboard.field.${field}`;
  return key in dashboardPl ? t(key as MessageKey) : field;
}

@customElement("jst-dashboard-quality")
export class DashboardQuality extends LitElement {
  static override styles = [
    shared,
    css`
      table {
        border-collapse: collapse;
        margin-bottom: 1rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.4rem 0.6rem;
        border-bottom: 1px solid #767676;
      }
      td.number {
        text-align: right;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding: 0.4rem 0;
      }
      h3 {
        font-size: 1.1rem;
        margin: 1rem 0 0.4rem;
      }
      button.more {
        margin: 0 0 1rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) report: Report = {};
  // Show the edition's open identity conflicts (the API gives them to the
  // office and the ministry only).
  @property({ type: Boolean }) conflicts = false;
  // The lists shown whole, by listKey().
  @state() private expanded: ReadonlySet<string> = new Set();

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("report")) this.expanded = new Set();
  }

  // Shows the whole list `key` and focuses its first item beyond the cap.
  private async expand(key: string): Promise<void> {
    this.expanded = new Set([...this.expanded, key]);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-list="${key}"] [data-index="${LIST_CAP}"]`)?.focus();
  }

  private renderMore(key: string, count: number, label: string) {
    if (count <= LIST_CAP || this.expanded.has(key)) return nothing;
    return html`<p class="shown-of">${t("dashboard.quality.shownOf", { shown: LIST_CAP, count })}</p>
      <button type="button" class="more" data-more=${key} @click=${() => void this.expand(key)}>${label}</button>`;
  }

  override render() {
    const voivodeships = this.report.voivodeships ?? [];
    return html`
      ${this.conflicts
        ? html`<p class="conflicts">${t("dashboard.quality.conflicts", { count: this.report.openIdentityConflicts ?? 0 })}</p>`
        : nothing}
      ${voivodeships.length === 0 ? html`<p>${t("dashboard.qualityNone")}</p>` : this.renderSummary(voivodeships)}
      ${voivodeships.map((quality) => this.renderDetails(quality))}
    `;
  }

  private renderSummary(voivodeships: readonly VoivodeshipQuality[]) {
    return html`<table class="summary">
      <caption>${t("dashboard.quality.caption")}</caption>
      ${columnHeads([
        "dashboard.quality.voivodeship",
        "dashboard.quality.started",
        "dashboard.quality.incomplete",
        "dashboard.quality.belowMinimum",
      ])}
      <tbody>
        ${voivodeships.map(
          (quality) => html`<tr data-voivodeship=${quality.voivodeship ?? ""}>
            <th scope="row">${voivodeshipName(quality.voivodeship ?? "")}</th>
            <td class="number">${decimal(quality.participantsStarted ?? "0")}</td>
            <td class="number">${decimal(quality.incompleteRecords ?? "0")}</td>
            <td class="number">${decimal(String((quality.jstsBelowMinimum ?? []).length))}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderDetails(quality: VoivodeshipQuality) {
    const below = quality.jstsBelowMinimum ?? [];
    const records = quality.recordsToFix ?? [];
    if (below.length === 0 && records.length === 0) return nothing;
    const name = voivodeshipName(quality.voivodeship ?? "");
    const code = quality.voivodeship ?? "";
    const belowKey = `below-${code}`;
    const recordsKey = `records-${code}`;
    return html`<h3>${t("dashboard.quality.details", { name })}</h3>
      ${below.length === 0
        ? nothing
        : html`<ul data-list=${belowKey}>
              ${shownItems(below, this.expanded.has(belowKey)).map(
                (jst, index) =>
                  html`<li>
                    <a data-index=${index} href=${hrefOfScreen("jst", { teryt: jst.teryt ?? "" })}
                    >${t("dashboard.quality.belowMinimumItem", {
                      teryt: jst.teryt ?? "",
                      active: jst.activeRepresentatives ?? 0,
                      minimum: jst.minimum ?? 0,
                    })}</a
                  >
                  </li>`,
              )}
            </ul>
            ${this.renderMore(belowKey, below.length, t("dashboard.quality.showAllBelow", { name, count: below.length }))}`}
      ${records.length === 0
        ? nothing
        : html`<table data-list=${recordsKey}>
            <caption>${t("dashboard.quality.recordsCaption", { name })}</caption>
            ${columnHeads([
              "dashboard.quality.participant",
              "dashboard.quality.jst",
              "dashboard.quality.missing",
              "dashboard.quality.trained",
            ])}
            <tbody>
              ${shownItems(records, this.expanded.has(recordsKey)).map(
                (record, index) => html`<tr>
                  <th scope="row" tabindex=${index === LIST_CAP ? "-1" : nothing} data-index=${index}>
                    ${record.participantId}
                  </th>
                  <td><a href=${hrefOfScreen("jst", { teryt: record.teryt ?? "" })}>${record.teryt}</a></td>
                  <td>${(record.missingFields ?? []).map(fieldName).join(", ")}</td>
                  <td>
                    ${record.completedTraining ? t("dashboard.quality.trainedYes") : t("dashboard.quality.trainedNo")}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>
          ${this.renderMore(recordsKey, records.length, t("dashboard.quality.showAllRecords", { name, count: records.length }))}`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-dashboard-quality": DashboardQuality;
  }
}
