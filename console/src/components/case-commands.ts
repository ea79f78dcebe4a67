// The commands of an advisory case's page (issue 19): per planned action
// of a rollout "done" and "drop" with a reason, "complete the rollout",
// and, for the case's guardian only, "approve the schedule". A refusal is
// shown where it belongs (errors.ts refusalOf): a guard's unmet conditions
// as a checklist, a field error at its field, a version conflict as
// "someone changed this — reload", keeping whatever was typed. Fires
// "case-changed" after a command was carried out (detail `{ done: true }`)
// and on "reload" (`{ done: false }`); the page reads the case again,
// passes it back and says what happened where the keyboard then is (the
// button pressed may be gone with its stage).
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../api.js";
import type { Readable } from "openapi-typescript-helpers";
import { problemsByFormField, refusedSchools, withoutRow } from "../cases.js";
import { dataOf, describeFailure, failureOf, refusalOf, unmetText, type CommandRefusal } from "../errors.js";
import type { components } from "../generated/api.js";
import type { MessageKey } from "../i18n/pl.js";
import { chosenSchools, withSchool, type School } from "../schools.js";
import { StoreController } from "../store.js";
import { focusInvalidOr } from "./field-problem.js";
import type { Case } from "./jst-case.js";
import { caseSchoolsStyles, schoolsChoice } from "./case-schools.js";
import { caseFieldsets, caseStyles } from "./case-styles.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

type Answer = { error?: unknown; response: Response };
type SupportArea = Readable<components["schemas"]["SupportArea"]>;

@customElement("jst-case-commands")
export class CaseCommands extends LitElement {
  static override styles = [
    shared,
    caseStyles,
    caseFieldsets,
    caseSchoolsStyles,
    css`
      label {
        display: flex;
        flex-direction: column;
        font-weight: 600;
        margin: 0.5rem 0;
      }
      input,
      textarea {
        font-weight: normal;
      }
      .field-error {
        color: #b00020;
        font-weight: 600;
        margin: 0.2rem 0;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) kase: Case | null = null;
  // The signed-in expert is the case's guardian (only they approve).
  @property({ type: Boolean }) guardian = false;
  // The schools the case's JST runs (closed ones too; the case page reads
  // them), null when they could not be read: the diagnosis form's choices.
  @property({ attribute: false }) schools: School[] | null = [];

  // What the user typed, per action: kept through a refusal and a reload.
  @state() private reasons: Record<string, string> = {};
  // Field errors by "<action>.<field>".
  @state() private fieldErrors = new Map<string, string>();
  // The RSPO numbers the API refused, by action's list ("actions[0].schools").
  @state() private refused = new Map<string, string[]>();
  @state() private refusal: CommandRefusal | null = null;
  // The stage forms' fields by the request's JSON path ("supportArea",
  // "agreement.agreedOn", "actions[0].title", "plan.adoptedOn"; an
  // action's schools as "rspo,rspo" and the words its list is searched by
  // as "actions[0].schoolWords"): kept through a refusal and a reload like
  // the reasons.
  @state() private form: Record<string, string> = {};
  @state() private actionRows = 1;
  @state() private areas: SupportArea[] = [];
  @state() private busy = false;

  override willUpdate(changed: Map<string, unknown>): void {
    // A case read again: the conflict and checklist were about the old one.
    if (changed.has("kase")) {
      this.refusal = null;
      if (this.kase?.stage === "AREA_CHOICE" && this.areas.length === 0) void this.loadAreas();
    }
  }

  // The edition's catalogue of support areas, for the area choice.
  private async loadAreas(): Promise<void> {
    const edition = this.kase?.edition ?? "";
    try {
      const data = await dataOf(
        api.GET("/v1/editions/{edition}/support-areas", { params: { path: { edition }, query: { pageSize: 500 } } }),
      );
      this.areas = data.supportAreas ?? [];
    } catch (caught) {
      this.refusal = { kind: "other", failure: failureOf(caught) };
    }
  }

  private value(path: string): string {
    return this.form[path] ?? "";
  }

  private chooseArea(): Promise<void> {
    const { case: kase, expectedVersion } = this.ids;
    return this.run(
      () =>
        api.POST("/v1/cases/{case}:chooseArea", {
          params: { path: { case: kase } },
          body: {
            expectedVersion,
            supportArea: this.value("supportArea"),
            agreement: { agreedOn: this.value("agreement.agreedOn"), agreedBy: this.value("agreement.agreedBy") },
          },
        }),
      "",
    );
  }

  private completeDiagnosis(): Promise<void> {
    const { case: kase, expectedVersion } = this.ids;
    const actions = Array.from({ length: this.actionRows }, (_, i) => ({
      title: this.value(`actions[${i}].title`),
      owner: this.value(`actions[${i}].owner`),
      startsOn: this.value(`actions[${i}].startsOn`),
      dueOn: this.value(`actions[${i}].dueOn`),
      schools: chosenSchools(this.value(`actions[${i}].schools`)),
    }));
    return this.run(
      () =>
        api.POST("/v1/cases/{case}:completeDiagnosis", {
          params: { path: { case: kase } },
          body: { expectedVersion, diagnosisSummary: this.value("diagnosisSummary"), actions },
        }),
      "",
    );
  }

  private adoptPlan(): Promise<void> {
    const { case: kase, expectedVersion } = this.ids;
    return this.run(
      () =>
        api.POST("/v1/cases/{case}:adoptPlan", {
          params: { path: { case: kase } },
          body: {
            expectedVersion,
            plan: { documentReference: this.value("plan.documentReference"), adoptedOn: this.value("plan.adoptedOn") },
          },
        }),
      "",
    );
  }

  // Removes action row `row`, moving the later rows' fields, and their
  // problems, up.
  private removeRow(row: number): void {
    this.form = Object.fromEntries(withoutRow(new Map(Object.entries(this.form)), row));
    this.fieldErrors = withoutRow(this.fieldErrors, row);
    this.refused = withoutRow(this.refused, row);
    this.actionRows -= 1;
  }

  private async run(call: () => Promise<Answer>, fieldPrefix: string): Promise<void> {
    this.busy = true;
    this.refusal = null;
    this.fieldErrors = new Map();
    this.refused = new Map();
    try {
      const answer = await call();
      if (answer.response.ok) {
        this.changed(true);
        return;
      }
      const refusal = refusalOf(answer.response.status, answer.error);
      if (refusal.kind === "fields") {
        this.refused = refusedSchools(refusal.fields.keys(), (path) => chosenSchools(this.value(path)));
        this.fieldErrors = new Map(
          [...problemsByFormField(refusal.fields)].map(([field, text]) => [
            fieldPrefix ? `${fieldPrefix}.${field}` : field,
            text,
          ]),
        );
      }
      this.refusal = refusal;
      await this.updateComplete;
      focusInvalidOr(this.renderRoot, "#command-result");
    } catch {
      this.refusal = { kind: "other", failure: describeFailure(0, undefined) };
    } finally {
      this.busy = false;
    }
  }

  private changed(done: boolean): void {
    this.dispatchEvent(new CustomEvent("case-changed", { bubbles: true, composed: true, detail: { done } }));
  }

  // Removes row `row`; the keyboard goes to the row now in its place (or
  // the last), its title, as the pressed button is gone.
  private async removeAction(row: number): Promise<void> {
    this.removeRow(row);
    await this.updateComplete;
    const next = Math.min(row, this.actionRows - 1);
    this.renderRoot.querySelector<HTMLElement>(`fieldset[data-row="${next}"] input`)?.focus();
  }

  private get ids() {
    return { case: this.kase?.id ?? "", expectedVersion: this.kase?.version ?? "0" };
  }

  private complete(action: string): Promise<void> {
    const { case: kase, expectedVersion } = this.ids;
    return this.run(
      () =>
        api.POST("/v1/cases/{case}/actions/{action}:complete", {
          params: { path: { case: kase, action } },
          body: { expectedVersion },
        }),
      action,
    );
  }

  private async drop(action: string): Promise<void> {
    const { case: kase, expectedVersion } = this.ids;
    await this.run(
      () =>
        api.POST("/v1/cases/{case}/actions/{action}:drop", {
          params: { path: { case: kase, action } },
          body: { expectedVersion, reason: this.reasons[action] ?? "" },
        }),
      action,
    );
    if (this.refusal === null) this.reasons = { ...this.reasons, [action]: "" };
  }

  private completeRollout(): Promise<void> {
    const { case: kase, expectedVersion } = this.ids;
    return this.run(
      () => api.POST("/v1/cases/{case}:completeRollout", { params: { path: { case: kase } }, body: { expectedVersion } }),
      "",
    );
  }

  private approveSchedule(): Promise<void> {
    const { case: kase, expectedVersion } = this.ids;
    return this.run(
      () => api.POST("/v1/cases/{case}:approveSchedule", { params: { path: { case: kase } }, body: { expectedVersion } }),
      "",
    );
  }

  override render() {
    const kase = this.kase;
    const stage = kase?.stage;
    if (!kase || !(stage === "AREA_CHOICE" || stage === "NEEDS_DIAGNOSIS" || stage === "ROLLOUT")) return nothing;
    return html`<h2 id="commands">${t("cases.commands")}</h2>
      <div role="alert">${this.renderRefusal()}</div>
      ${stage === "AREA_CHOICE" ? this.renderAreaChoice() : nothing}
      ${stage === "NEEDS_DIAGNOSIS" ? this.renderDiagnosis() : nothing}
      ${stage === "ROLLOUT" ? this.renderRollout(kase) : nothing}`;
  }

  // A labelled field of the stage forms at `path`, with the API's error
  // for that path next to it.
  private field(path: string, label: MessageKey, type: "text" | "date" | "textarea") {
    const error = this.fieldErrors.get(path);
    const id = `field-${path.replace(/[^a-zA-Z0-9]/g, "-")}`;
    const input = (e: Event) => (this.form = { ...this.form, [path]: (e.target as HTMLInputElement).value });
    return html`<label
        >${t(label)}
        ${type === "textarea"
          ? html`<textarea
              rows="3"
              name=${path}
              .value=${this.value(path)}
              aria-invalid=${error ? "true" : "false"}
              aria-describedby=${error ? `${id}-error` : ""}
              @input=${input}
            ></textarea>`
          : html`<input
              type=${type}
              name=${path}
              .value=${this.value(path)}
              aria-invalid=${error ? "true" : "false"}
              aria-describedby=${error ? `${id}-error` : ""}
              @input=${input}
            />`}</label
      >${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : nothing}`;
  }

  private renderAreaChoice() {
    const error = this.fieldErrors.get("supportArea");
    return html`<fieldset data-form="chooseArea">
      <legend>${t("cases.chooseAreaLegend")}</legend>
      <label
        >${t("cases.area")}
        <select
          name="supportArea"
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${error ? "field-supportArea-error" : ""}
          @change=${(e: Event) => (this.form = { ...this.form, supportArea: (e.target as HTMLSelectElement).value })}
        >
          <option value="" ?selected=${this.value("supportArea") === ""}>${t("cases.areaNone")}</option>
          ${this.areas.map(
            (a) => html`<option value=${a.id ?? ""} ?selected=${this.value("supportArea") === a.id}>${a.code} ${a.title}</option>`,
          )}
        </select></label
      >${error ? html`<p class="field-error" id="field-supportArea-error">${error}</p>` : nothing}
      ${this.field("agreement.agreedOn", "cases.agreedOnField", "date")}
      ${this.field("agreement.agreedBy", "cases.agreedByField", "text")}
      <div class="buttons">
        <button ?disabled=${this.busy} @click=${() => void this.chooseArea()}>${t("cases.chooseArea")}</button>
      </div>
    </fieldset>`;
  }

  private renderDiagnosis() {
    return html`<fieldset data-form="completeDiagnosis">
        <legend>${t("cases.diagnosisLegend")}</legend>
        ${this.field("diagnosisSummary", "cases.diagnosisSummary", "textarea")}
        ${Array.from(
          { length: this.actionRows },
          (_, i) => html`<fieldset data-row=${i}>
            <legend>${t("cases.actionNumber", { number: i + 1 })}</legend>
            ${this.field(`actions[${i}].title`, "cases.action", "text")}
            ${this.field(`actions[${i}].owner`, "cases.owner", "text")}
            ${this.field(`actions[${i}].startsOn`, "cases.startsOn", "date")}
            ${this.field(`actions[${i}].dueOn`, "cases.dueOn.column", "date")}
            ${schoolsChoice({
              row: i,
              schools: this.schools,
              value: this.value(`actions[${i}].schools`),
              words: this.value(`actions[${i}].schoolWords`),
              error: this.fieldErrors.get(`actions[${i}].schools`),
              refused: this.refused.get(`actions[${i}].schools`) ?? [],
              onWords: (words) => (this.form = { ...this.form, [`actions[${i}].schoolWords`]: words }),
              onToggle: (rspo, on) => {
                const path = `actions[${i}].schools`;
                this.form = { ...this.form, [path]: withSchool(this.value(path), rspo, on) };
              },
            })}
            ${this.actionRows > 1
              ? html`<button class="secondary" @click=${() => void this.removeAction(i)}>
                  ${t("cases.removeAction", { number: i + 1 })}
                </button>`
              : nothing}
          </fieldset>`,
        )}
        <div class="buttons">
          <button class="secondary" @click=${() => (this.actionRows += 1)}>${t("cases.addAction")}</button>
          <button ?disabled=${this.busy} @click=${() => void this.completeDiagnosis()}>${t("cases.completeDiagnosis")}</button>
        </div>
      </fieldset>
      ${this.guardian
        ? html`<div class="buttons">
            <button ?disabled=${this.busy} @click=${() => void this.approveSchedule()}>${t("cases.approveSchedule")}</button>
          </div>`
        : nothing}`;
  }

  private renderRollout(kase: Case) {
    return html`${kase.plan?.adoptedOn
        ? nothing
        : html`<fieldset data-form="adoptPlan">
            <legend>${t("cases.adoptPlanLegend")}</legend>
            ${this.field("plan.documentReference", "cases.documentReference", "text")}
            ${this.field("plan.adoptedOn", "cases.adoptedOn", "date")}
            <div class="buttons">
              <button ?disabled=${this.busy} @click=${() => void this.adoptPlan()}>${t("cases.adoptPlan")}</button>
            </div>
          </fieldset>`}
      ${(kase.actions ?? []).filter((a) => a.status === "PLANNED").map((a) => this.renderAction(a.id ?? "", a.title ?? ""))}
      <div class="buttons">
        <button ?disabled=${this.busy} @click=${() => void this.completeRollout()}>${t("cases.completeRollout")}</button>
      </div>`;
  }

  private renderRefusal() {
    const refusal = this.refusal;
    if (refusal === null || refusal.kind === "fields") return nothing;
    if (refusal.kind === "conflict")
      return html`<p class="alert" id="command-result" tabindex="-1" data-field="conflict">
        ${t("cases.conflict")}
        <button class="secondary" @click=${() => this.changed(false)}>
          ${t("cases.reload")}
        </button>
      </p>`;
    if (refusal.kind === "guard")
      return html`<div class="alert" id="command-result" tabindex="-1" data-field="checklist">
        <p>${t("cases.guardFailed")}</p>
        <ul>
          ${refusal.unmet.map((u) => html`<li data-condition=${u.type}>${unmetText(u)}</li>`)}
        </ul>
      </div>`;
    return html`<p class="alert" id="command-result" tabindex="-1">${t(refusal.failure.key, refusal.failure.params)}</p>`;
  }

  private renderAction(id: string, title: string) {
    const error = this.fieldErrors.get(`${id}.reason`);
    return html`<fieldset data-action=${id}>
      <legend>${t("cases.actionLegend", { title })}</legend>
      <div class="buttons">
        <button ?disabled=${this.busy} @click=${() => void this.complete(id)}>${t("cases.markDone")}</button>
      </div>
      <label
        >${t("cases.dropReason")}
        <textarea
          rows="2"
          name="reason"
          .value=${this.reasons[id] ?? ""}
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${error ? `error-${id}` : ""}
          @input=${(e: Event) => (this.reasons = { ...this.reasons, [id]: (e.target as HTMLTextAreaElement).value })}
        ></textarea>
      </label>
      ${error ? html`<p class="field-error" id="error-${id}">${error}</p>` : nothing}
      <div class="buttons">
        <button class="secondary" ?disabled=${this.busy} @click=${() => void this.drop(id)}>${t("cases.drop")}</button>
      </div>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-case-commands": CaseCommands;
  }
}
