// The advisory cases board (issue 19).
import { LitElement, html } from "lit";
import { customElement } from "lit/decorators.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-cases-page")
export class CasesPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  override render() {
    return html`<h1>${t("screen.cases")}</h1>
      <p>${t("cases.intro")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-cases-page": CasesPage;
  }
}
