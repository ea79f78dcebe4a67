// Indicators with breakdowns and their evidence (issue 18, screen 2).
import { LitElement, html } from "lit";
import { customElement } from "lit/decorators.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-indicators-page")
export class IndicatorsPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  override render() {
    return html`<h1>${t("screen.indicators")}</h1>
      <p>${t("indicators.intro")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-indicators-page": IndicatorsPage;
  }
}
