// One application of a JST's page: status, submission, waiting list, the
// team against the edition's minimum (GET /v1/editions/{edition}/applications
// filtered by TERYT, as the page read it).
import { LitElement, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "../generated/api.js";
import { StoreController } from "../store.js";
import { jstStyles } from "./jst-styles.js";
import { shared } from "./styles.js";
import { civilDate, dateTime, t } from "./text.js";

export type Application = Readable<components["schemas"]["Application"]>;

@customElement("jst-application-summary")
export class JstApplicationSummary extends LitElement {
  static override styles = [shared, jstStyles];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) application: Application | null = null;
  // The edition's minimum of active representatives.
  @property({ type: Number }) minimum = 0;

  override render() {
    const app = this.application;
    if (!app) return nothing;
    const status = app.status && app.status !== "APPLICATION_STATUS_UNSPECIFIED" ? t(`jst.appStatus.${app.status}`) : "";
    return html`<dl>
      <dt>${t("jst.status")}</dt>
      <dd data-field="status">${status}</dd>
      <dt>${t("jst.submitted")}</dt>
      <dd data-field="submitted">${app.submitTime ? dateTime(app.submitTime) : ""}</dd>
      ${app.status === "WAITLISTED"
        ? html`<dt>${t("jst.waitlistPosition")}</dt>
            <dd data-field="waitlist">${app.waitlistPosition ?? 0}</dd>`
        : nothing}
      <dt>${t("jst.representatives")}</dt>
      <dd data-field="representatives">
        ${t("jst.representativesOfMinimum", { active: app.activeRepresentatives ?? 0, minimum: this.minimum })}
        ${app.belowMinimumSince
          ? html`<span class="warning">— ${t("jst.belowMinimum", { date: civilDate(app.belowMinimumSince) })}</span>`
          : nothing}
      </dd>
    </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-application-summary": JstApplicationSummary;
  }
}
