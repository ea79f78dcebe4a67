// My sessions (issue 19): a trainer's sessions across the modules of the
// chosen edition (every session for the office, with a trainer filter),
// today's first, then upcoming, then past, each with its Warsaw time,
// module, room, group and thematic area, and links to its attendance sheet
// and to the module plan. The API lists a module's sessions whoever teaches
// them, so a trainer's are picked by `trainer` = the signed-in subject.
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { failureOf, type UserMessage } from "../errors.js";
import { hrefOfScreen } from "../screens.js";
import { WHENS, groupByWhen, ofTrainer, trainersOf, type When } from "../sessions.js";
import { todayInWarsaw } from "../editions.js";
import { StoreController, store } from "../store.js";
import { columnHeads } from "./column-heads.js";
import "./edition-select.js";
import { sections, shared } from "./styles.js";
import { alertRegion, t } from "./text.js";
import { areaOf, groupOf, loadModules, loadSessions, moduleName, roomOf, timeOf, type Module, type Session } from "./training-reads.js";

interface Row {
  readonly session: Session;
  readonly module: Module;
}

const WHEN_TITLES = { today: "sessions.today", upcoming: "sessions.upcoming", past: "sessions.past" } as const;

@customElement("jst-sessions-page")
export class SessionsPage extends LitElement {
  static override styles = [
    shared,
    sections,
    css`
      td.nowrap {
        white-space: nowrap;
      }
      td ul {
        margin: 0;
        padding: 0;
        list-style: none;
      }
      td li + li {
        margin-top: 0.3rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private trainer = readQuery().get("trainer") ?? "";
  @state() private rows: Row[] | null = null;
  @state() private failure: UserMessage | null = null;
  @state() private loading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load();
  }

  private get isTrainer(): boolean {
    return store.session?.role === "TRAINER";
  }

  private async load(): Promise<void> {
    const edition = this.edition;
    writeQuery({ edition, trainer: this.isTrainer ? "" : this.trainer });
    this.loading = true;
    this.failure = null;
    try {
      const modules = await loadModules(edition);
      const perModule = await Promise.all(
        modules.map(async (module) => (await loadSessions(module.id ?? "")).map((session) => ({ session, module }))),
      );
      if (edition === this.edition) this.rows = perModule.flat();
    } catch (caught) {
      this.failure = failureOf(caught);
      this.rows = null;
    } finally {
      this.loading = false;
    }
  }

  override render() {
    return html`
      <h1>${t("screen.sessions")}</h1>
      <p>${t(this.isTrainer ? "sessions.introTrainer" : "sessions.introOffice")}</p>
      <form class="filters" aria-label=${t("sessions.filters")} @submit=${(e: Event) => e.preventDefault()}>
        <jst-edition-select
          .value=${this.edition}
          @edition-change=${(e: CustomEvent<string>) => {
            this.edition = e.detail;
            void this.load();
          }}
        ></jst-edition-select>
        ${this.isTrainer ? nothing : this.renderTrainerFilter()}
      </form>
      ${alertRegion(this.failure)}
      <div aria-busy=${this.loading ? "true" : "false"}>
        ${this.loading ? html`<p role="status">${t("app.loading")}</p>` : nothing} ${this.renderGroups()}
      </div>
    `;
  }

  private renderTrainerFilter() {
    return html`<label
      >${t("sessions.trainer")}
      <select
        name="trainer"
        @change=${(e: Event) => {
          this.trainer = (e.target as HTMLSelectElement).value;
          writeQuery({ edition: this.edition, trainer: this.trainer });
        }}
      >
        <option value="" ?selected=${this.trainer === ""}>${t("sessions.anyTrainer")}</option>
        ${trainersOf(this.rows ?? []).map(
          (trainer) => html`<option value=${trainer} ?selected=${trainer === this.trainer}>${trainer}</option>`,
        )}
      </select></label
    >`;
  }

  private renderGroups() {
    if (this.rows === null || this.loading) return nothing;
    const mine = ofTrainer(this.rows, this.isTrainer ? (store.session?.subject ?? "") : this.trainer);
    if (mine.length === 0) return html`<p>${t("sessions.none")}</p>`;
    const groups = groupByWhen(mine, todayInWarsaw());
    return html`<p>${t("sessions.count", { count: mine.length })}</p>
      ${WHENS.map((when) => this.renderGroup(when, groups[when]))}`;
  }

  private renderGroup(when: When, rows: readonly Row[]) {
    const title = t(WHEN_TITLES[when]);
    return html`<section aria-labelledby="when-${when}">
      <h2 id="when-${when}">${t("sessions.groupCount", { when: title, count: rows.length })}</h2>
      ${rows.length === 0
        ? html`<p>${t("sessions.noneIn")}</p>`
        : html`<table data-when=${when}>
            <caption class="visually-hidden">
              ${title}
            </caption>
            ${columnHeads([
              "sessions.when",
              "sessions.moduleColumn",
              "sessions.roomColumn",
              "sessions.groupColumn",
              "sessions.areaColumn",
              !this.isTrainer && "sessions.trainerColumn",
              "sessions.links",
            ])}
            <tbody>
              ${rows.map((row) => this.renderRow(row))}
            </tbody>
          </table>`}
    </section>`;
  }

  private renderRow({ session, module }: Row) {
    const time = timeOf(session);
    const sheet = `${hrefOfScreen("session", { session: session.id ?? "" })}?module=${encodeURIComponent(module.id ?? "")}`;
    return html`<tr data-session=${session.id ?? ""}>
      <th scope="row">${time}</th>
      <td>${moduleName(module)}</td>
      <td>${roomOf(module, session.room ?? "")}</td>
      <td>${groupOf(session)}</td>
      <td>${areaOf(session)}</td>
      ${this.isTrainer ? nothing : html`<td class="nowrap">${session.trainer}</td>`}
      <td>
        <ul>
          <li><a href=${sheet} aria-label=${t("sessions.sheetOf", { time })}>${t("sessions.sheet")}</a></li>
          <li>
            <a href=${hrefOfScreen("module", { module: module.id ?? "" })} aria-label=${t("sessions.planOf", { number: module.number ?? 0 })}
              >${t("sessions.plan")}</a
            >
          </li>
        </ul>
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-sessions-page": SessionsPage;
  }
}
