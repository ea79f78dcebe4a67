// A JST's page (issue 18, screen 4): the registry's facts about the JST
// (GET /v1/jsts/{teryt}) and, per edition it applied to, its application
// (GET /v1/editions/{edition}/applications?teryt=), its advisory case
// (GET /v1/cases?edition=&teryt=) and its officials' training. Each part
// the caller's role may not read says "no access"; the API's scoping
// decides the rest (a JST outside the caller's scope is not found).
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { api } from "../api.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import { editionsWith } from "../jst.js";
import { mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { loadEditions, type Edition } from "./edition-select.js";
import "./jst-application.js";
import type { Application } from "./jst-application.js";
import "./jst-case.js";
import type { Case } from "./jst-case.js";
import "./jst-officials.js";
import { jstStyles } from "./jst-styles.js";
import { shared } from "./styles.js";
import { alertRegion, t } from "./text.js";

type Jst = Readable<components["schemas"]["Jst"]>;

// Per edition code, what the JST has there (absent: nothing); null when
// the role may not read it.
type ByEdition<T> = ReadonlyMap<string, T> | null;

@customElement("jst-jst-page")
export class JstPage extends LitElement {
  static override styles = [
    shared,
    jstStyles,
    css`
      section {
        margin-top: 1.5rem;
      }
      h2 {
        font-size: 1.3rem;
        border-bottom: 2px solid #0b3d91;
      }
      h3 {
        font-size: 1.1rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  // The JST's TERYT code, from the address (/console/jsts/:teryt).
  @property() teryt = "";

  @state() private jst: Jst | null = null;
  @state() private editions: Edition[] = [];
  @state() private applications: ByEdition<Application> = null;
  @state() private cases: ByEdition<Case> = null;
  @state() private failure: UserMessage | null = null;
  @state() private loading = false;
  // The latest load's number: an answer to an earlier one changes nothing
  // (the TERYT alone would not tell A's first load from its second after
  // A → B → A).
  private ticket = 0;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("teryt")) void this.load();
  }

  private async load(): Promise<void> {
    const teryt = this.teryt;
    const ticket = ++this.ticket;
    const current = () => ticket === this.ticket;
    this.jst = null;
    this.applications = null;
    this.cases = null;
    this.failure = null;
    this.loading = true;
    try {
      const jst = await dataOf(api.GET("/v1/jsts/{teryt}", { params: { path: { teryt } } }));
      if (!current()) return; // another load was started meanwhile
      this.jst = jst;
      const role = store.session?.role ?? null;
      const editions = await loadEditions();
      if (!current()) return;
      const [applications, cases] = await Promise.all([
        mayCall("GET /v1/editions/{edition}/applications", role) ? this.applicationsOf(teryt, editions) : null,
        mayCall("GET /v1/cases", role) ? this.casesOf(teryt, editions) : null,
      ]);
      if (!current()) return;
      this.editions = editions;
      this.applications = applications;
      this.cases = cases;
    } catch (caught) {
      if (!current()) return;
      const failure = failureOf(caught);
      // Not found, or outside the caller's scope (the API says 404 alike).
      this.failure = failure.key === "error.notFound" ? { key: "jst.notFound", params: { teryt } } : failure;
    } finally {
      if (current()) this.loading = false;
    }
  }

  // The JST's application in each edition (at most one per edition).
  private async applicationsOf(teryt: string, editions: readonly Edition[]): Promise<ByEdition<Application>> {
    const found = new Map<string, Application>();
    for (const edition of editions) {
      const code = edition.code ?? "";
      const data = await dataOf(
        api.GET("/v1/editions/{edition}/applications", {
          params: { path: { edition: code }, query: { teryt } },
        }),
      );
      const app = data.applications?.[0];
      if (app) found.set(code, app);
    }
    return found;
  }

  // The JST's advisory case in each edition (at most one per edition).
  private async casesOf(teryt: string, editions: readonly Edition[]): Promise<ByEdition<Case>> {
    const found = new Map<string, Case>();
    for (const edition of editions) {
      const code = edition.code ?? "";
      const data = await dataOf(api.GET("/v1/cases", { params: { query: { edition: code, teryt } } }));
      const kase = data.cases?.[0];
      if (kase) found.set(code, kase);
    }
    return found;
  }

  override render() {
    const jst = this.jst;
    return html`
      <h1>${jst ? jst.name : t("screen.jst")}</h1>
      ${alertRegion(this.failure)}
      ${this.loading ? html`<p role="status" class="loading">${t("app.loading")}</p>` : nothing}
      ${jst ? this.renderJst(jst) : nothing}
    `;
  }

  private renderJst(jst: Jst) {
    const kind = jst.kind && jst.kind !== "JST_KIND_UNSPECIFIED" ? t(`kind.${jst.kind}`) : "";
    return html`
      <p>${t("jst.intro")}</p>
      <dl>
        <dt>${t("jst.teryt")}</dt>
        <dd data-field="teryt">${jst.teryt}</dd>
        <dt>${t("jst.kind")}</dt>
        <dd data-field="kind">${kind}${jst.cityWithCountyRights ? html`, ${t("jsts.cityWithCountyRights")}` : nothing}</dd>
        ${jst.county ? html`<dt>${t("jst.county")}</dt><dd data-field="county">${jst.county}</dd>` : nothing}
        <dt>${t("jst.voivodeship")}</dt>
        <dd data-field="voivodeship">${voivodeshipName(jst.voivodeship ?? "")}</dd>
      </dl>
      ${this.loading || this.failure ? nothing : this.renderEditions()}
    `;
  }

  // What the JST has in each edition, once every list is read.
  private renderEditions() {
    const shown = editionsWith(this.editions, new Set(this.applications?.keys()), new Set(this.cases?.keys()));
    return html`
      ${this.applications === null ? html`<p>${t("jst.noAccess", { what: t("jst.applications") })}</p>` : nothing}
      ${this.cases === null ? html`<p>${t("jst.noAccess", { what: t("jst.cases") })}</p>` : nothing}
      ${shown.length === 0 && (this.applications !== null || this.cases !== null)
        ? html`<p role="status">${t("jst.noEditions")}</p>`
        : nothing}
      ${shown.map((edition) => this.renderEdition(edition))}
    `;
  }

  private renderEdition(edition: Edition) {
    const code = edition.code ?? "";
    const app = this.applications?.get(code) ?? null;
    const kase = this.cases?.get(code) ?? null;
    return html`<section data-edition=${code} aria-labelledby="edition-${code}">
      <h2 id="edition-${code}">${t("jst.edition", { name: edition.name ?? code, code })}</h2>
      ${this.applications !== null
        ? html`<h3>${t("jst.application")}</h3>
            ${app
              ? html`<jst-application-summary .application=${app} minimum=${edition.minRepresentatives ?? 0}></jst-application-summary>`
              : html`<p>${t("jst.noApplication")}</p>`}`
        : nothing}
      ${this.cases !== null
        ? html`<h3>${t("jst.case")}</h3>
            ${kase ? html`<jst-case-summary .kase=${kase}></jst-case-summary>` : html`<p>${t("jst.noCase")}</p>`}`
        : nothing}
      ${app ? html`<h3>${t("jst.officials")}</h3><jst-officials .application=${app}></jst-officials>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-jst-page": JstPage;
  }
}
