// The edition a screen shows: a labelled list of the editions
// (GET /v1/editions, read once per page load). When the screen has none
// chosen (`value` empty), it picks the default (editions.ts) as soon as the
// list is in and announces it like a choice, unless it was taken off the
// page meanwhile. Fires "edition-change" with the code in `detail`.
//
//   <jst-edition-select .value=${this.edition}
//     @edition-change=${(e: CustomEvent<string>) => …}></jst-edition-select>
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api, everyPage } from "../api.js";
import { defaultEdition, todayInWarsaw } from "../editions.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "../generated/api.js";
import { StoreController } from "../store.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

export type Edition = Readable<components["schemas"]["Edition"]>;

let editionsLoad: Promise<Edition[]> | null = null;

// Every edition (all pages), read once; a failed read is tried again next
// time.
export function loadEditions(): Promise<Edition[]> {
  editionsLoad ??= (async () => {
    return everyPage(async (query) => {
      const data = await dataOf(api.GET("/v1/editions", { params: { query } }));
      return { rows: data.editions ?? [], next: data.nextPageToken ?? "" };
    }, 100);
  })().catch((failure: unknown) => {
    editionsLoad = null;
    throw failure;
  });
  return editionsLoad;
}

// Forgets the editions read, so that the next loadEditions reads them
// again: after the office created or changed one.
export function forgetEditions(): void {
  editionsLoad = null;
}

@customElement("jst-edition-select")
export class EditionSelect extends LitElement {
  static override styles = [
    shared,
    css`
      label {
        display: inline-flex;
        flex-direction: column;
        font-weight: 600;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property() value = "";
  @state() private editions: Edition[] | null = null;
  @state() private failure: UserMessage | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.editions = await loadEditions();
      this.failure = null;
      // A screen left while the list was read (the address changed) must
      // not choose for, and so rewrite the address of, the next one.
      if (!this.isConnected) return;
      if (this.value === "") this.choose(defaultEdition(this.editions, todayInWarsaw()));
    } catch (failure) {
      this.failure = failureOf(failure);
    }
  }

  private choose(code: string): void {
    if (code === "") return;
    this.value = code;
    this.dispatchEvent(new CustomEvent<string>("edition-change", { detail: code, bubbles: true, composed: true }));
  }

  override render() {
    if (this.failure) return html`<p class="alert" role="alert">${t(this.failure.key, this.failure.params)}</p>`;
    if (this.editions === null) return html`<p role="status">${t("app.loading")}</p>`;
    return html`<label
      >${t("edition.label")}
      <select name="edition" @change=${(e: Event) => this.choose((e.target as HTMLSelectElement).value)}>
        ${this.editions.map(
          (edition) =>
            html`<option value=${edition.code ?? ""} ?selected=${edition.code === this.value}>
              ${t("edition.option", { name: edition.name ?? "", code: edition.code ?? "" })}
            </option>`,
        )}
        ${this.editions.length === 0 ? html`<option value="">—</option>` : nothing}
      </select></label
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-edition-select": EditionSelect;
  }
}
