// The console's frame: a skip link, the top bar (programme, language,
// who is signed in, sign-in and sign-out), the menu of what the signed-in
// role may do, and the current screen, chosen by the URL under /console/
// (history routing; the gateway answers every screen's address with the
// page). A screen's component is named in VIEWS; the heavier screens are
// loaded when first opened (their chunks, charts among them, are not part
// of the start page's script).
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { keyed } from "lit/directives/keyed.js";
import { signIn, signOut } from "../auth.js";
import { LOCALES, type Locale } from "../i18n/i18n.js";
import { BASE_PATH, hrefOf, mayOpen, menuFor, matchScreen, type Screen, type ScreenMatch } from "../screens.js";
import { store, StoreController } from "../store.js";
import "./home-page.js";
import "./jst-registry-page.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

interface View {
  // Imports the screen's component module (once; later calls are no-ops).
  readonly load?: () => Promise<unknown>;
  readonly render: (params: Readonly<Record<string, string>>) => TemplateResult;
}

const VIEWS: Readonly<Record<string, View>> = {
  home: { render: () => html`<jst-home-page></jst-home-page>` },
  dashboard: {
    load: () => import("./dashboard-page.js"),
    render: () => html`<jst-dashboard-page></jst-dashboard-page>`,
  },
  indicators: {
    load: () => import("./indicators-page.js"),
    render: () => html`<jst-indicators-page></jst-indicators-page>`,
  },
  applications: {
    load: () => import("./applications-page.js"),
    render: () => html`<jst-applications-page></jst-applications-page>`,
  },
  application: {
    load: () => import("./application-page.js"),
    render: (params) => html`<jst-application-page application=${params.application ?? ""}></jst-application-page>`,
  },
  cases: {
    load: () => import("./cases-page.js"),
    render: () => html`<jst-cases-page></jst-cases-page>`,
  },
  case: {
    load: () => import("./case-page.js"),
    render: (params) => html`<jst-case-page case=${params.case ?? ""}></jst-case-page>`,
  },
  jsts: { render: () => html`<jst-registry-page></jst-registry-page>` },
  jst: {
    load: () => import("./jst-page.js"),
    render: (params) => html`<jst-jst-page teryt=${params.teryt ?? ""}></jst-jst-page>`,
  },
  exports: {
    load: () => import("./exports-page.js"),
    render: () => html`<jst-exports-page></jst-exports-page>`,
  },
  communities: {
    load: () => import("./communities-page.js"),
    render: () => html`<jst-communities-page></jst-communities-page>`,
  },
  community: {
    load: () => import("./community-page.js"),
    render: (params) => html`<jst-community-page community=${params.community ?? ""}></jst-community-page>`,
  },
  tables: {
    load: () => import("./tables-page.js"),
    render: () => html`<jst-tables-page></jst-tables-page>`,
  },
  schools: {
    load: () => import("./schools-page.js"),
    render: () => html`<jst-schools-page></jst-schools-page>`,
  },
  elearning: {
    load: () => import("./elearning-page.js"),
    render: () => html`<jst-elearning-page></jst-elearning-page>`,
  },
  practices: {
    load: () => import("./practices-page.js"),
    render: () => html`<jst-practices-page></jst-practices-page>`,
  },
  overview: {
    load: () => import("./overview-page.js"),
    render: () => html`<jst-overview-page></jst-overview-page>`,
  },
  apply: {
    load: () => import("./apply-page.js"),
    render: () => html`<jst-apply-page></jst-apply-page>`,
  },
  officials: {
    load: () => import("./officials-page.js"),
    render: () => html`<jst-officials-page></jst-officials-page>`,
  },
  tasks: {
    load: () => import("./tasks-page.js"),
    render: () => html`<jst-tasks-page></jst-tasks-page>`,
  },
  logistics: {
    load: () => import("./logistics-page.js"),
    render: () => html`<jst-logistics-page></jst-logistics-page>`,
  },
  sessions: {
    load: () => import("./sessions-page.js"),
    render: () => html`<jst-sessions-page></jst-sessions-page>`,
  },
  session: {
    load: () => import("./session-page.js"),
    render: (params) => html`<jst-session-page session=${params.session ?? ""}></jst-session-page>`,
  },
  module: {
    load: () => import("./module-page.js"),
    render: (params) => html`<jst-module-page module=${params.module ?? ""}></jst-module-page>`,
  },
  calendars: {
    load: () => import("./calendars-page.js"),
    render: () => html`<jst-calendars-page></jst-calendars-page>`,
  },
  notifications: {
    load: () => import("./notifications-page.js"),
    render: () => html`<jst-notifications-page></jst-notifications-page>`,
  },
  editions: {
    load: () => import("./editions-page.js"),
    render: () => html`<jst-editions-page></jst-editions-page>`,
  },
  edition: {
    load: () => import("./edition-page.js"),
    render: (params) => html`<jst-edition-page edition=${params.edition ?? ""}></jst-edition-page>`,
  },
  experts: {
    load: () => import("./experts-page.js"),
    render: () => html`<jst-experts-page></jst-experts-page>`,
  },
  expert: {
    load: () => import("./expert-page.js"),
    render: (params) => html`<jst-expert-page expert=${params.expert ?? ""}></jst-expert-page>`,
  },
  "participant-import": {
    load: () => import("./participant-import-page.js"),
    render: (params) => html`<jst-participant-import-page application=${params.application ?? ""}></jst-participant-import-page>`,
  },
  callback: { render: () => html`<p role="status">${t("app.loading")}</p>` },
};

const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { pl: "Polski", en: "English" };

@customElement("jst-app")
export class AppShell extends LitElement {
  static override styles = [
    shared,
    css`
      .skip {
        position: absolute;
        left: -10000px;
        top: 0;
        background: #ffffff;
        padding: 0.5rem 1rem;
      }
      .skip:focus {
        left: 0.5rem;
        z-index: 10;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 1rem;
        align-items: center;
        justify-content: space-between;
        background: #0b3d91;
        color: #ffffff;
        padding: 0.6rem 1.2rem;
      }
      header a,
      header .programme {
        color: #ffffff;
      }
      .programme {
        font-weight: 700;
        font-size: 1.15rem;
        text-decoration: none;
      }
      .console {
        display: block;
        font-weight: 400;
        font-size: 0.9rem;
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 0.8rem;
        align-items: center;
      }
      .languages button {
        background: #0b3d91;
        color: #ffffff;
      }
      .languages button[aria-pressed="true"] {
        background: #ffffff;
        color: #0b3d91;
        font-weight: 700;
      }
      header button {
        border-color: #ffffff;
      }
      /* On the dark bar the ring is yellow outside, black inside. */
      header a:focus-visible,
      header button:focus-visible {
        outline-color: #ffd54f;
        box-shadow: 0 0 0 2px #1b1b1b;
      }
      .layout {
        display: flex;
        flex-wrap: wrap;
        min-height: calc(100vh - 5rem);
      }
      nav {
        flex: 0 0 14rem;
        background: #f2f4f8;
        padding: 1rem;
      }
      nav ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav li {
        margin: 0.3rem 0;
      }
      nav a[aria-current="page"] {
        font-weight: 700;
      }
      main {
        flex: 1 1 30rem;
        padding: 1.2rem 2rem;
      }
      main:focus {
        outline: none;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private path = location.pathname;
  // A link to the same screen with other choices (?edition=…) makes a new
  // screen that reads them; a screen's own writeQuery changes neither.
  @state() private search = location.search;
  @query("main") private main!: HTMLElement;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("popstate", this.onPopState);
    this.addEventListener("click", this.onClick);
  }

  override disconnectedCallback(): void {
    window.removeEventListener("popstate", this.onPopState);
    this.removeEventListener("click", this.onClick);
    super.disconnectedCallback();
  }

  // Back and forward (and a screen's own move to another, apply-page's
  // submitted application) show another screen: the keyboard starts at its
  // content, as after a link. Not after signing in (main.ts): the console
  // then starts as a page does, from its first link.
  private readonly onPopState = (event: PopStateEvent) => {
    this.path = location.pathname;
    this.search = location.search;
    if ((event.state as { signedIn?: boolean } | null)?.signedIn !== true)
      void this.updateComplete.then(() => this.main.focus());
  };

  // Links inside the console change the screen without a page load (which
  // would lose the in-memory session).
  private readonly onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    const href = anchor?.getAttribute("href");
    if (!href?.startsWith(BASE_PATH)) return;
    event.preventDefault();
    this.navigate(href);
  };

  private navigate(href: string): void {
    history.pushState(null, "", href);
    this.path = location.pathname;
    this.search = location.search;
    void this.updateComplete.then(() => this.main.focus());
  }

  private skipToContent(event: Event): void {
    event.preventDefault();
    this.main.focus();
  }

  override render() {
    const match = matchScreen(this.path);
    const screen = match?.screen;
    document.title = `${screen ? `${t(screen.title)} · ` : ""}${t("app.console")}`;
    return html`
      <a class="skip" href="#main" @click=${this.skipToContent}>${t("app.skipToContent")}</a>
      <header>
        <a class="programme" href=${BASE_PATH}>${t("app.programme")}<span class="console">${t("app.console")}</span></a>
        <div class="tools">${this.renderLanguages()} ${this.renderUser()}</div>
      </header>
      <div class="layout">
        ${this.renderMenu(screen)}
        <main id="main" tabindex="-1">${this.renderScreen(match)}</main>
      </div>
    `;
  }

  private renderLanguages() {
    return html`<div class="languages" role="group" aria-label=${t("app.language")}>
      ${LOCALES.map(
        (locale) =>
          html`<button
            class="secondary"
            lang=${locale}
            aria-pressed=${store.locale === locale ? "true" : "false"}
            @click=${() => store.setLocale(locale)}
          >
            ${LANGUAGE_NAMES[locale]}
          </button>`,
      )}
    </div>`;
  }

  private renderUser() {
    const session = store.session;
    if (session) {
      const role = session.role ? t(`role.${session.role}`) : t("role.none");
      return html`<span>${t("app.signedInAs", { name: session.name, role })}</span>
        <button class="secondary" @click=${() => void signOut()}>${t("app.signOut")}</button>`;
    }
    if (store.problem === "notConfigured" || store.config === null) return nothing;
    return html`<button class="secondary" @click=${() => void signIn(location.pathname + location.search)}>${t("app.signIn")}</button>`;
  }

  private renderMenu(current: Screen | undefined) {
    const items = menuFor(store.session?.role ?? null);
    if (items.length === 0) return nothing;
    return html`<nav aria-label=${t("app.menu")}>
      <ul>
        ${items.map(
          (screen) =>
            html`<li>
              <a href=${hrefOf(screen)} aria-current=${screen === current ? "page" : "false"}>${t(screen.title)}</a>
            </li>`,
        )}
      </ul>
    </nav>`;
  }

  private renderProblem() {
    const problem = store.problem;
    if (problem === null) return nothing;
    const text =
      problem === "notConfigured"
        ? t("app.signInNotConfigured")
        : problem === "expired"
          ? t("app.sessionExpired")
          : t("app.signInFailed", { reason: problem.failed });
    return html`<p class="alert" role="alert">${text}</p>`;
  }

  private renderScreen(match: ScreenMatch | undefined) {
    if (store.config === null && store.problem === null) return html`<p role="status">${t("app.loading")}</p>`;
    if (match === undefined) return html`${this.renderProblem()}<h1>${t("app.notFound")}</h1>`;
    const { screen, params } = match;
    const role = store.session?.role ?? null;
    if (!mayOpen(screen, role)) {
      return html`${this.renderProblem()}
        <h1>${t(screen.title)}</h1>
        <p>${store.session ? t("app.notAllowed") : t("app.signInFirst")}</p>`;
    }
    const view = VIEWS[screen.id];
    if (view === undefined) return this.renderProblem();
    void view.load?.();
    return html`${this.renderProblem()}${keyed(`${this.path}${this.search}`, view.render(params))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-app": AppShell;
  }
}
