// The start page: who is signed in and until when.
import { LitElement, html } from "lit";
import { customElement } from "lit/decorators.js";
import { store, StoreController } from "../store.js";
import { shared } from "./styles.js";
import { dateTime, t } from "./text.js";

@customElement("jst-home-page")
export class HomePage extends LitElement {
  static override styles = shared;
  private readonly storeController = new StoreController(this);

  override render() {
    const session = store.session;
    return html`
      <h1>${t("screen.home")}</h1>
      <p>${t("home.welcome")}</p>
      ${session
        ? html`<p>${t("home.session", { time: dateTime(session.expiresAt) })}</p>
            <p>${t("home.chooseFromMenu")}</p>`
        : html`<p>${t("app.signInFirst")}</p>`}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-home-page": HomePage;
  }
}
