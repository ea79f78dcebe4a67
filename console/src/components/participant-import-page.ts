// Import uczestników (issue 19): a placeholder until its screen is built.
import { LitElement, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

@customElement("jst-participant-import-page")
export class ParticipantImportPage extends LitElement {
  static override styles = [shared];

  @property() application = "";

  override render() {
    return html`<h1>${t("screen.participantImport")}</h1>`;
  }
}
