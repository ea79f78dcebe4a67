// Lista obecności (issue 19): a placeholder until its screen is built.
import { LitElement, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-session-page")
export class SessionPage extends LitElement {
  static override styles = [shared];

  @property() session = "";

  override render() {
    return html`<h1>${t("screen.session")}</h1>`;
  }
}
