// An edition (issue 19): its data, which the office edits (PATCH with the
// fields changed named in updateMask); its training settings (GET/PUT, each
// setting labelled with what it means); its indicators with their current
// value and target, which the office sets (PUT per indicator); and its
// training modules, each opening its plan. A refused write shows the API's
// field errors at their fields and keeps what was typed; the edition's
// PATCH carries the version it was read at (expectedVersion), and a
// version conflict (409 ABORTED) says "someone changed this edition —
// reload", whose button reads the edition again keeping what was typed.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../api.js";
import { todayInWarsaw } from "../editions.js";
import { dataOf, describeFailure, failureOf, type UserMessage } from "../errors.js";
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "../generated/api.js";
import type { Indicator } from "../indicators.js";
import {
  DEFAULT_SETTINGS_FORM,
  NUMERIC_SETTINGS,
  THIRD_WEEK_READINGS,
  editionFieldOf,
  editionFormOf,
  editionFormReloaded,
  editionPatch,
  editionPhase,
  formRefusalOf,
  settingsBody,
  settingsFieldOf,
  settingsFormOf,
  targetOfText,
  textOfTarget,
  type Edition,
  type EditionField,
  type EditionForm,
  type SettingsField,
  type SettingsForm,
  type TrainingSettings,
} from "../office.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { columnHeads } from "./column-heads.js";
import { editionFields, editionFormStyles } from "./edition-form.js";
import { forgetEditions } from "./edition-select.js";
import { focusFirstRefused } from "./field-problem.js";
import { figureText, indicatorName } from "./indicators-text.js";
import { shared } from "./styles.js";
import { alertRegion, civilDate, dateTime, t } from "./text.js";

type Module = Readable<components["schemas"]["Module"]>;

@customElement("jst-edition-page")
export class EditionPage extends LitElement {
  static override styles = [
    shared,
    editionFormStyles,
    css`
      section {
        margin-top: 2rem;
      }
      .summary {
        font-size: 1.1rem;
      }
      td input {
        width: 8rem;
      }
      fieldset.contents {
        display: contents;
      }
      .saved {
        color: #1b5e20;
        font-weight: 600;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property() edition = "";
  @state() private record: Edition | null = null;
  @state() private failure: UserMessage | null = null;

  // The edition's form.
  @state() private form: EditionForm | null = null;
  @state() private problems: ReadonlyMap<EditionField, string> = new Map();
  @state() private editFailure: UserMessage | null = null;
  @state() private stale = false;
  @state() private editSaved = "";

  // The training settings: null until read; `settingsSet` false when none
  // is saved yet (the defaults shown).
  @state() private settings: TrainingSettings | null = null;
  @state() private settingsSet = false;
  @state() private settingsForm: SettingsForm = DEFAULT_SETTINGS_FORM;
  @state() private settingsProblems: ReadonlyMap<SettingsField, string> = new Map();
  @state() private settingsFailure: UserMessage | null = null;
  @state() private settingsSaved = "";

  // The indicators: null until read; `indicatorsUnknown` when reporting
  // does not know the edition yet.
  @state() private indicators: Indicator[] | null = null;
  @state() private indicatorsUnknown = false;
  @state() private targets: ReadonlyMap<string, string> = new Map();
  @state() private targetProblems: ReadonlyMap<string, string> = new Map();
  @state() private targetsFailure: UserMessage | null = null;
  @state() private targetSaved = "";

  @state() private modules: Module[] | null = null;
  @state() private busy = false;

  // What the role may do here (the gateway's table): only the office
  // writes; a role that may not read indicators is not shown them.
  private get office(): boolean {
    return mayCall("PATCH /v1/editions/{code}", store.session?.role ?? null);
  }

  private get readsIndicators(): boolean {
    return mayCall("GET /v1/indicators", store.session?.role ?? null);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const code = this.edition;
    this.failure = null;
    try {
      this.record = await dataOf(api.GET("/v1/editions/{code}", { params: { path: { code } } }));
    } catch (caught) {
      this.failure = failureOf(caught);
      return;
    }
    this.form = editionFormOf(this.record);
    this.problems = new Map();
    this.stale = false;
    this.editFailure = null;
    await Promise.all([
      this.loadSettings(code),
      this.readsIndicators ? this.loadIndicators(code) : Promise.resolve(),
      this.loadModules(code),
    ]);
  }

  private async loadSettings(edition: string): Promise<void> {
    const { data, error, response } = await api
      .GET("/v1/editions/{edition}/training-settings", { params: { path: { edition } } })
      .catch(() => ({ data: undefined, error: undefined, response: { status: 0 } as Response }));
    this.settingsSet = data !== undefined;
    this.settings = data ?? null;
    this.settingsForm = data ? settingsFormOf(data) : DEFAULT_SETTINGS_FORM;
    this.settingsFailure = data || response.status === 404 ? null : describeFailure(response.status, error);
  }

  private async loadIndicators(edition: string): Promise<void> {
    const { data, error, response } = await api
      .GET("/v1/indicators", { params: { query: { edition } } })
      .catch(() => ({ data: undefined, error: undefined, response: { status: 0 } as Response }));
    this.indicatorsUnknown = response.status === 404;
    this.indicators = data?.indicators ?? (this.indicatorsUnknown ? [] : null);
    this.targets = new Map((data?.indicators ?? []).map((i) => [i.definition?.code ?? "", textOfTarget(i.target ?? "")]));
    this.targetsFailure = data || this.indicatorsUnknown ? null : describeFailure(response.status, error);
  }

  private async loadModules(edition: string): Promise<void> {
    try {
      const data = await dataOf(api.GET("/v1/editions/{edition}/modules", { params: { path: { edition } } }));
      this.modules = data.modules ?? [];
    } catch (caught) {
      this.modules = [];
      this.failure = failureOf(caught);
    }
  }

  // ------------------------------------------------------------ edition

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const record = this.record;
    const form = this.form;
    if (this.busy || record === null || form === null) return;
    const patch = editionPatch(record, form);
    this.editSaved = "";
    if (patch === null) {
      this.editFailure = { key: "edition.nothingChanged", params: {} };
      return;
    }
    this.busy = true;
    this.editFailure = null;
    try {
      const { data, error, response } = await api.PATCH("/v1/editions/{code}", {
        params: {
          path: { code: record.code },
          query: { updateMask: patch.updateMask, expectedVersion: patch.expectedVersion },
        },
        body: patch.body,
      });
      if (data) {
        forgetEditions();
        this.record = data;
        this.form = editionFormOf(data);
        this.problems = new Map();
        this.stale = false;
        this.editSaved = t("edition.saved");
      } else {
        await this.editRefused(response.status, error);
      }
    } catch {
      await this.editRefused(0, undefined);
    } finally {
      this.busy = false;
    }
  }

  // After a version conflict: the edition read again, what was typed kept
  // over it (editionFormReloaded), the next save checked against the
  // version read now.
  private async reloadEdition(): Promise<void> {
    const before = this.record;
    const form = this.form;
    if (this.busy || before === null || form === null) return;
    this.busy = true;
    try {
      const fresh = await dataOf(api.GET("/v1/editions/{code}", { params: { path: { code: before.code } } }));
      this.record = fresh;
      this.form = editionFormReloaded(before, form, fresh);
      this.problems = new Map();
      this.stale = false;
      this.editFailure = null;
    } catch (caught) {
      this.editFailure = failureOf(caught);
    } finally {
      this.busy = false;
    }
    if (this.stale) return;
    // The reload button is gone: the keyboard goes on from the save button.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('form.edition button[type="submit"]')?.focus();
  }

  private async editRefused(status: number, body: unknown): Promise<void> {
    const refusal = formRefusalOf(status, body, editionFieldOf, "edition.stale");
    this.problems = refusal.problems;
    this.editFailure = refusal.message;
    this.stale = refusal.stale;
    await this.updateComplete;
    focusFirstRefused(this.renderRoot, this.problems, "edition");
  }

  // ----------------------------------------------------------- settings

  private async saveSettings(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.busy = true;
    this.settingsFailure = null;
    this.settingsSaved = "";
    const edition = this.edition;
    try {
      const { data, error, response } = await api.PUT("/v1/editions/{edition}/training-settings", {
        params: { path: { edition } },
        body: settingsBody(edition, this.settingsForm),
      });
      if (data) {
        this.settings = data;
        this.settingsSet = true;
        this.settingsForm = settingsFormOf(data);
        this.settingsProblems = new Map();
        this.settingsSaved = t("edition.settingsSaved");
      } else {
        await this.settingsRefused(response.status, error);
      }
    } catch {
      await this.settingsRefused(0, undefined);
    } finally {
      this.busy = false;
    }
  }

  private async settingsRefused(status: number, body: unknown): Promise<void> {
    const refusal = formRefusalOf(status, body, settingsFieldOf, "edition.stale");
    this.settingsProblems = refusal.problems;
    this.settingsFailure = refusal.message;
    await this.updateComplete;
    focusFirstRefused(this.renderRoot, this.settingsProblems, "setting");
  }

  // ------------------------------------------------------------ targets

  private async saveTarget(indicator: Indicator): Promise<void> {
    const code = indicator.definition?.code ?? "";
    if (this.busy || code === "") return;
    this.busy = true;
    this.targetsFailure = null;
    this.targetSaved = "";
    const name = indicatorName(indicator.definition);
    try {
      const { data, error, response } = await api.PUT("/v1/editions/{edition}/indicator-targets/{code}", {
        params: { path: { edition: this.edition, code } },
        body: { target: targetOfText(this.targets.get(code) ?? "") },
      });
      if (data) {
        const problems = new Map(this.targetProblems);
        problems.delete(code);
        this.targetProblems = problems;
        this.targets = new Map(this.targets).set(code, textOfTarget(data.target ?? ""));
        this.indicators = (this.indicators ?? []).map((i) => (i === indicator ? { ...i, target: data.target ?? "" } : i));
        this.targetSaved = data.editionSpecific
          ? t("edition.targetSaved", { name, target: textOfTarget(data.target ?? "") })
          : t("edition.targetRemoved", { name, target: data.target ? textOfTarget(data.target) : t("edition.noTarget") });
      } else {
        await this.targetRefused(code, response.status, error);
      }
    } catch {
      await this.targetRefused(code, 0, undefined);
    } finally {
      this.busy = false;
    }
  }

  private async targetRefused(code: string, status: number, body: unknown): Promise<void> {
    const refusal = formRefusalOf(status, body, (path) => (path === "target" ? "target" : undefined), "edition.stale");
    const problem = refusal.problems.get("target");
    const problems = new Map(this.targetProblems);
    if (problem !== undefined) problems.set(code, problem);
    else problems.delete(code);
    this.targetProblems = problems;
    this.targetsFailure = refusal.message;
    await this.updateComplete;
    if (problem !== undefined) this.renderRoot.querySelector<HTMLElement>(`#target-${code}`)?.focus();
  }

  // ------------------------------------------------------------- render

  override render() {
    const record = this.record;
    return html`
      <p><a href=${hrefOfScreen("editions")}>${t("edition.back")}</a></p>
      <h1>${t("screen.edition")}: ${record ? `${record.code} — ${record.name}` : this.edition}</h1>
      ${alertRegion(this.failure)}
      ${record
        ? html`<p class="summary">
              ${t("edition.summary", {
                kind: record.kind === "EDITION_KIND_UNSPECIFIED" ? "" : t(`editions.kind.${record.kind}`),
                phase: t(`editions.phase.${editionPhase(record, new Date(), todayInWarsaw())}`),
              })}
            </p>
            ${this.renderEdit(record)} ${this.renderSettings()}
            ${this.readsIndicators ? this.renderTargets() : nothing} ${this.renderModules()}`
        : this.failure
          ? nothing
          : html`<p>${t("app.loading")}</p>`}
    `;
  }

  private renderEdit(record: Edition) {
    const form = this.form;
    if (form === null) return nothing;
    return html`<section aria-labelledby="edit-heading">
      <h2 id="edit-heading">${t("edition.editHeading")}</h2>
      ${record.updateTime ? html`<p>${t("edition.updated", { time: dateTime(record.updateTime) })}</p>` : nothing}
      <div role="status">${this.editSaved ? html`<p class="saved">${this.editSaved}</p>` : nothing}</div>
      ${alertRegion(this.editFailure)}
      ${this.stale
        ? html`<p>
            <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.reloadEdition()}>
              ${t("office.reload")}
            </button>
          </p>`
        : nothing}
      <form class="edition" aria-labelledby="edit-heading" @submit=${this.save} novalidate>
        <fieldset ?disabled=${!this.office} class="contents">
          ${editionFields({
            form,
            problems: this.problems,
            withCode: false,
            onInput: (field, value) => {
              this.form = { ...(this.form ?? form), [field]: value };
              this.editSaved = "";
            },
          })}
        </fieldset>
        ${this.office
          ? html`<div class="buttons">
              <button type="submit" ?disabled=${this.busy}>${this.busy ? t("office.sending") : t("edition.save")}</button>
            </div>`
          : nothing}
      </form>
    </section>`;
  }

  private renderSettings() {
    const form = this.settingsForm;
    const problemOf = (field: SettingsField) => this.settingsProblems.get(field);
    const described = (field: SettingsField) =>
      problemOf(field) !== undefined ? `setting-${field}-hint setting-${field}-problem` : `setting-${field}-hint`;
    const problemText = (field: SettingsField) => {
      const problem = problemOf(field);
      return problem === undefined
        ? nothing
        : html`<p class="problem" id=${`setting-${field}-problem`}>${t("office.fieldProblem", { message: problem })}</p>`;
    };
    return html`<section aria-labelledby="settings-heading">
      <h2 id="settings-heading">${t("edition.settingsHeading")}</h2>
      <p>${t("edition.settingsIntro")}</p>
      ${this.settingsSet
        ? this.settings?.updateTime
          ? html`<p>${t("edition.updated", { time: dateTime(this.settings.updateTime) })}</p>`
          : nothing
        : html`<p class="notice">${t("edition.settingsNotSet")}</p>`}
      <div role="status">${this.settingsSaved ? html`<p class="saved">${this.settingsSaved}</p>` : nothing}</div>
      ${alertRegion(this.settingsFailure)}
      <form class="edition settings" aria-labelledby="settings-heading" @submit=${this.saveSettings} novalidate>
        <fieldset ?disabled=${!this.office} class="contents">
          ${NUMERIC_SETTINGS.map(
            ({ field, min, max }) => html`<div class="field">
              <label for=${`setting-${field}`}>${t(`edition.setting.${field}`)}</label>
              <input
                id=${`setting-${field}`}
                name=${field}
                type="number"
                min=${min}
                max=${max}
                aria-invalid=${problemOf(field) !== undefined ? "true" : "false"}
                aria-describedby=${described(field)}
                .value=${form[field]}
                @input=${(e: Event) => (this.settingsForm = { ...this.settingsForm, [field]: (e.target as HTMLInputElement).value })}
              />
              <p class="hint" id=${`setting-${field}-hint`}>${t(`edition.settingHint.${field}`)}</p>
              ${problemText(field)}
            </div>`,
          )}
          <div class="field">
            <label for="setting-thirdWeekReading">${t("edition.setting.thirdWeekReading")}</label>
            <select
              id="setting-thirdWeekReading"
              name="thirdWeekReading"
              aria-required="true"
              aria-invalid=${problemOf("thirdWeekReading") !== undefined ? "true" : "false"}
              aria-describedby=${described("thirdWeekReading")}
              @change=${(e: Event) =>
                (this.settingsForm = {
                  ...this.settingsForm,
                  thirdWeekReading: (e.target as HTMLSelectElement).value as SettingsForm["thirdWeekReading"],
                })}
            >
              <option value="" ?selected=${form.thirdWeekReading === ""}>${t("edition.chooseReading")}</option>
              ${THIRD_WEEK_READINGS.map(
                (reading) =>
                  html`<option value=${reading} ?selected=${form.thirdWeekReading === reading}>
                    ${t(`edition.thirdWeek.${reading}`)}
                  </option>`,
              )}
            </select>
            <p class="hint" id="setting-thirdWeekReading-hint">${t("edition.settingHint.thirdWeekReading")}</p>
            ${problemText("thirdWeekReading")}
          </div>
        </fieldset>
        ${this.office
          ? html`<div class="buttons">
              <button type="submit" ?disabled=${this.busy}>${t("edition.settingsSave")}</button>
            </div>`
          : nothing}
      </form>
    </section>`;
  }

  private renderTargets() {
    const indicators = this.indicators;
    return html`<section aria-labelledby="targets-heading">
      <h2 id="targets-heading">${t("edition.targetsHeading")}</h2>
      <p id="targets-intro">${t("edition.targetsIntro")}</p>
      <div role="status">${this.targetSaved ? html`<p class="saved">${this.targetSaved}</p>` : nothing}</div>
      ${alertRegion(this.targetsFailure)}
      ${this.indicatorsUnknown
        ? html`<p>${t("edition.targetsUnknown")}</p>`
        : indicators === null
          ? html`<p>${t("app.loading")}</p>`
          : html`<table>
              <caption>
                ${t("edition.targetsCaption")}
              </caption>
              ${columnHeads([
                "edition.indicator",
                "edition.currentValue",
                "edition.target",
                this.office && html`<span class="visually-hidden">${t("edition.targetSave")}</span>`,
              ])}
              <tbody>
                ${indicators.map((indicator) => this.renderTarget(indicator))}
              </tbody>
            </table>`}
    </section>`;
  }

  private renderTarget(indicator: Indicator) {
    const code = indicator.definition?.code ?? "";
    const name = indicatorName(indicator.definition);
    const problem = this.targetProblems.get(code);
    return html`<tr data-indicator=${code}>
      <th scope="row">${name}</th>
      <td class="value">${figureText(indicator.total, indicator.definition?.unit)}</td>
      <td class="target">
        ${this.office
          ? html`<input
                id=${`target-${code}`}
                name=${code}
                inputmode="decimal"
                aria-label=${t("edition.targetOf", { name })}
                aria-invalid=${problem !== undefined ? "true" : "false"}
                aria-describedby=${problem !== undefined ? `target-${code}-problem targets-intro` : "targets-intro"}
                .value=${this.targets.get(code) ?? ""}
                @input=${(e: Event) => (this.targets = new Map(this.targets).set(code, (e.target as HTMLInputElement).value))}
                @keydown=${(e: KeyboardEvent) => {
                  if (e.key === "Enter") void this.saveTarget(indicator);
                }}
              />
              ${problem !== undefined
                ? html`<p class="problem" id=${`target-${code}-problem`}>${t("office.fieldProblem", { message: problem })}</p>`
                : nothing}`
          : indicator.target
            ? textOfTarget(indicator.target)
            : t("edition.noTarget")}
      </td>
      ${this.office
        ? html`<td>
            <button
              type="button"
              class="secondary"
              ?disabled=${this.busy}
              aria-label=${t("edition.targetSaveOf", { name })}
              @click=${() => void this.saveTarget(indicator)}
            >
              ${t("edition.targetSave")}
            </button>
          </td>`
        : nothing}
    </tr>`;
  }

  private renderModules() {
    const modules = this.modules;
    return html`<section aria-labelledby="modules-heading">
      <h2 id="modules-heading">${t("edition.modulesHeading")}</h2>
      ${modules === null
        ? html`<p>${t("app.loading")}</p>`
        : modules.length === 0
          ? html`<p>${t("edition.modulesNone")}</p>`
          : html`<ul class="modules">
              ${modules.map(
                (module) => html`<li>
                  <a href=${hrefOfScreen("module", { module: module.id ?? "" })}
                    >${t("edition.module", { number: module.number, title: module.title })}</a
                  >
                  —
                  ${t("edition.moduleWhen", {
                    from: module.startTime ? dateTime(module.startTime) : "",
                    to: module.endTime ? dateTime(module.endTime) : "",
                    venue: module.venue,
                  })}
                </li>`,
              )}
            </ul>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-edition-page": EditionPage;
  }
}
