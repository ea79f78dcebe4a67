// An advisory case's page (issue 19).
import { LitElement, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-case-page")
export class CasePage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  // The case's id, from the address (/console/cases/:case).
  @property() case = "";

  override render() {
    return html`<h1>${t("screen.case")}</h1>
      <p>${t("cases.intro")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-case-page": CasePage;
  }
}
