// Eksperci (issue 19): a placeholder until its screen is built.
import { LitElement, html } from "lit";
import { customElement } from "lit/decorators.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-experts-page")
export class ExpertsPage extends LitElement {
  static override styles = [shared];

  override render() {
    return html`<h1>${t("screen.experts")}</h1>`;
  }
}
