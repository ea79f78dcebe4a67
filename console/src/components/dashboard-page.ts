// The programme dashboard (issue 18, screen 1).
import { LitElement, html } from "lit";
import { customElement } from "lit/decorators.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-dashboard-page")
export class DashboardPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  override render() {
    return html`<h1>${t("screen.dashboard")}</h1>
      <p>${t("dashboard.intro")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-dashboard-page": DashboardPage;
  }
}
