// The applications inbox (issue 19).
import { LitElement, html } from "lit";
import { customElement } from "lit/decorators.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-applications-page")
export class ApplicationsPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  override render() {
    return html`<h1>${t("screen.applications")}</h1>
      <p>${t("applications.intro")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-applications-page": ApplicationsPage;
  }
}
