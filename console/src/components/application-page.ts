// An application's page (issue 19).
import { LitElement, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-application-page")
export class ApplicationPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  // The application's id, from the address (/console/applications/:application).
  @property() application = "";

  override render() {
    return html`<h1>${t("screen.application")}</h1>
      <p>${t("applications.intro")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-application-page": ApplicationPage;
  }
}
