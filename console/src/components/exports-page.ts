// The edition's reporting exports (issue 18, screen 3).
import { LitElement, html } from "lit";
import { customElement } from "lit/decorators.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-exports-page")
export class ExportsPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  override render() {
    return html`<h1>${t("screen.exports")}</h1>
      <p>${t("exports.intro")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-exports-page": ExportsPage;
  }
}
