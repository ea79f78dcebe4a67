// Ekspert (issue 19): a placeholder until its screen is built.
import { LitElement, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-expert-page")
export class ExpertPage extends LitElement {
  static override styles = [shared];

  @property() expert = "";

  override render() {
    return html`<h1>${t("screen.expert")}</h1>`;
  }
}
