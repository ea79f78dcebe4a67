// One advisory case of a JST's page: the stage with a stepper, its due
// date, the support area (its title from GET
// /v1/editions/{edition}/support-areas) and the quality plan.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { api } from "../api.js";
import { overdueReason } from "../cases.js";
import { todayInWarsaw } from "../editions.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import { stepsOf } from "../jst.js";
import { StoreController } from "../store.js";
import { jstStyles } from "./jst-styles.js";
import { shared } from "./styles.js";
import { civilDate, t } from "./text.js";

export type Case = Readable<components["schemas"]["Case"]>;

@customElement("jst-case-summary")
export class JstCaseSummary extends LitElement {
  static override styles = [
    shared,
    jstStyles,
    css`
      ol {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        list-style: none;
        padding: 0;
        margin: 0.25rem 0 0;
      }
      li {
        border: 2px solid #5a5a5a;
        border-radius: 4px;
        padding: 0.15rem 0.6rem;
      }
      li[aria-current="step"] {
        border-color: #0b3d91;
        background: #0b3d91;
        color: #ffffff;
        font-weight: 600;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) kase: Case | null = null;
  @state() private areaTitle = "";
  @state() private areaFailure: UserMessage | null = null;
  // The latest area load's number: an answer to an earlier case changes
  // nothing.
  private ticket = 0;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("kase")) void this.loadArea();
  }

  private async loadArea(): Promise<void> {
    const ticket = ++this.ticket;
    this.areaTitle = "";
    this.areaFailure = null;
    const area = this.kase?.supportArea ?? "";
    const edition = this.kase?.edition ?? "";
    if (area === "" || edition === "") return;
    try {
      const data = await dataOf(
        api.GET("/v1/editions/{edition}/support-areas", { params: { path: { edition }, query: { pageSize: 500 } } }),
      );
      if (ticket !== this.ticket) return;
      const found = (data.supportAreas ?? []).find((a) => a.id === area);
      this.areaTitle = found ? `${found.code} ${found.title}` : area;
    } catch (caught) {
      if (ticket === this.ticket) this.areaFailure = failureOf(caught);
    }
  }

  // Late by its stage, or only by an action of its schedule (the API's
  // `overdue` is either): said as the cases board says it.
  private overdueNote(c: Case) {
    const reason = overdueReason(c, todayInWarsaw());
    if (reason === "none") return nothing;
    const text = reason === "stage" ? t("jst.overdue") : t("cases.overdueAction");
    return html` <span class="warning">— ${text}</span>`;
  }

  override render() {
    const c = this.kase;
    if (!c) return nothing;
    const stage = c.stage && c.stage !== "STAGE_UNSPECIFIED" ? t(`jst.stage.${c.stage}`) : "";
    const steps = stepsOf(c.stage);
    return html`<dl>
      <dt>${t("jst.stage")}</dt>
      <dd>
        <span data-field="stage">${stage}</span>
        ${steps
          ? html`<ol aria-label=${t("jst.stages")}>
              ${steps.map(
                (step) =>
                  html`<li aria-current=${step.state === "current" ? "step" : "false"}>
                    ${step.state === "done" ? "✓ " : nothing}${t(`jst.stage.${step.stage}`)}<span class="visually-hidden"
                      >${step.state === "todo" ? "" : ` (${t(step.state === "done" ? "jst.stepDone" : "jst.stepCurrent")})`}</span
                    >
                  </li>`,
              )}
            </ol>`
          : nothing}
      </dd>
      ${c.stageDueOn
        ? html`<dt>${t("jst.stageDue")}</dt>
            <dd data-field="due">
              ${civilDate(c.stageDueOn)}${this.overdueNote(c)}
            </dd>`
        : nothing}
      <dt>${t("jst.supportArea")}</dt>
      <dd data-field="area">${this.renderArea()}</dd>
      <dt>${t("jst.plan")}</dt>
      <dd data-field="plan">
        ${c.plan?.adoptedOn
          ? t("jst.planAdopted", { date: civilDate(c.plan.adoptedOn), document: c.plan.documentReference })
          : t("jst.no")}
      </dd>
    </dl>`;
  }

  private renderArea() {
    if (!this.kase?.supportArea) return t("jst.noSupportArea");
    if (this.areaFailure) return t(this.areaFailure.key, this.areaFailure.params);
    return this.areaTitle || t("app.loading");
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-case-summary": JstCaseSummary;
  }
}
