// A JST's page (issue 18, screen 4).
import { LitElement, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-jst-page")
export class JstPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  // The JST's TERYT code, from the address (/console/jsts/:teryt).
  @property() teryt = "";

  override render() {
    return html`<h1>${t("screen.jst")}</h1>
      <p>${t("jst.intro")}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-jst-page": JstPage;
  }
}
