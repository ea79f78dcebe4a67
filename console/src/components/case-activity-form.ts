// On a case's page, above the timeline: recording an activity on the case
// (POST /v1/cases/{case}/activities; the roles the gateway lets call it,
// mayCall: the office, the coordinator and the experts). The Activity the
// API takes (proto advisory.v1 Activity): kind, form, the day it took
// place, participants (1..50, one a line), guests and documents (0..50,
// one a line) and notes. A refusal is shown where it belongs (errors.ts
// refusalOf): a field's problem at the field in the user's words, a rule
// not met (the office visit already recorded, a withdrawn case) and
// anything else above the form naming the field by its label. Each
// submission carries an Idempotency-Key (submissions.ts), kept for a retry
// of the same activity after no answer; a retry the API says was carried
// out already (REQUEST_ALREADY_APPLIED) counts as recorded. Fires
// "case-changed" after a recording, and the page reads the timeline again.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../api.js";
import { refusalOf, unmetText, type CommandRefusal } from "../errors.js";
import type { MessageKey } from "../i18n/pl.js";
import { mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { caseControls } from "./case-styles.js";
import { fieldProblem, focusInvalidOr, problemIdOf } from "./field-problem.js";
import type { Case } from "./jst-case.js";
import { shared } from "./styles.js";
import { civilDate, t } from "./text.js";

const KINDS = ["OFFICE_VISIT", "CONSULTATION", "GUARDIAN_CONTACT", "NETWORK_POST", "MEETING"] as const;
const FORMS = ["IN_PERSON", "ONLINE", "PHONE", "WRITTEN"] as const;

// The form's fields, each named by the Activity's JSON field (the API's
// field path without "activity."), and its label.
const FIELDS = {
  kind: "activity.kind",
  form: "activity.form",
  occurredOn: "activity.occurredOn",
  participants: "activity.participants",
  guests: "activity.guests",
  documents: "activity.documents",
  notes: "activity.notes",
} as const satisfies Record<string, MessageKey>;
type Field = keyof typeof FIELDS;

// The form's field a refused path names ("activity.participants[2]" →
// participants), or undefined for another.
function fieldOf(path: string): Field | undefined {
  const name = path.replace(/^activity\./, "").replace(/\[\d+\]$/, "");
  return name in FIELDS ? (name as Field) : undefined;
}

// The lines of a list field, blank ones left out.
function linesOf(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

@customElement("jst-case-activity-form")
export class CaseActivityForm extends LitElement {
  static override styles = [
    shared,
    caseControls,
    css`
      details {
        border: 1px solid #767676;
        border-radius: 4px;
        padding: 0.4rem 1rem;
        margin: 0 0 1rem;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
        padding: 0.2rem 0;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
        gap: 0 1rem;
      }
      .field {
        margin: 0.5rem 0;
      }
      label {
        display: flex;
        flex-direction: column;
        font-weight: 600;
      }
      .buttons {
        display: flex;
        gap: 0.8rem;
        margin: 0.5rem 0;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) kase: Case | undefined;

  // What was typed, by field: kept through a refusal.
  @state() private values: Record<Field, string> = {
    kind: "",
    form: "",
    occurredOn: "",
    participants: "",
    guests: "",
    documents: "",
    notes: "",
  };
  @state() private refusal: CommandRefusal | null = null;
  @state() private fieldErrors = new Map<Field, string>();
  @state() private notice = "";
  @state() private busy = false;
  private submission: Submission | null = null;

  private get allowed(): boolean {
    const kase = this.kase;
    return (
      kase !== undefined &&
      kase.stage !== "WITHDRAWN" &&
      mayCall("POST /v1/cases/{case}/activities", store.session?.role ?? null)
    );
  }

  private body() {
    const v = this.values;
    return {
      kind: (v.kind || "ACTIVITY_KIND_UNSPECIFIED") as (typeof KINDS)[number] | "ACTIVITY_KIND_UNSPECIFIED",
      form: (v.form || "ACTIVITY_FORM_UNSPECIFIED") as (typeof FORMS)[number] | "ACTIVITY_FORM_UNSPECIFIED",
      occurredOn: v.occurredOn,
      participants: linesOf(v.participants),
      guests: linesOf(v.guests),
      documents: linesOf(v.documents),
      notes: v.notes,
    };
  }

  // The labels of the form's fields by the API's paths, for a refusal shown
  // above the form.
  private labels(): Record<string, string> {
    return Object.fromEntries(Object.entries(FIELDS).map(([field, key]) => [`activity.${field}`, t(key)]));
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const kase = this.kase?.id ?? "";
    if (this.busy || kase === "") return;
    const body = this.body();
    const submission = submissionFor(this.submission, kase, body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.refusal = null;
    this.fieldErrors = new Map();
    this.notice = "";
    let status = 0;
    let error: unknown;
    try {
      const answer = await api.POST("/v1/cases/{case}/activities", {
        params: { path: { case: kase }, header: { "Idempotency-Key": submission.key } },
        body,
      });
      status = answer.response.status;
      error = answer.error;
    } catch {
      status = 0;
    } finally {
      this.busy = false;
    }
    if (status >= 200 && status < 300) await this.recorded(t("activity.recorded", { date: civilDate(body.occurredOn) }));
    else if (wasAlreadyApplied(status, error)) await this.recorded(t("activity.alreadyRecorded"));
    else await this.refused(status, error);
  }

  // Recorded: the form emptied and folded away, the keyboard at the line
  // that says so (the button pressed is hidden with the form).
  private async recorded(notice: string): Promise<void> {
    this.submission = null;
    this.values = { kind: "", form: "", occurredOn: "", participants: "", guests: "", documents: "", notes: "" };
    this.notice = notice;
    this.dispatchEvent(new CustomEvent("case-changed", { bubbles: true, composed: true }));
    await this.updateComplete;
    const details = this.renderRoot.querySelector<HTMLDetailsElement>("details");
    if (details) details.open = false;
    this.renderRoot.querySelector<HTMLElement>('[data-field="recorded"]')?.focus();
  }

  // Field errors at their fields (the first per field); a path the form
  // has no field for, a rule not met or anything else above the form.
  private async refused(status: number, body: unknown): Promise<void> {
    if (!keepsKey(status, body)) this.submission = null;
    const refusal = refusalOf(status, body, this.labels());
    if (refusal.kind === "fields") {
      const errors = new Map<Field, string>();
      for (const [path, problem] of refusal.fields) {
        const field = fieldOf(path);
        if (field !== undefined && !errors.has(field)) errors.set(field, problem);
      }
      this.fieldErrors = errors;
      const elsewhere = [...refusal.fields.keys()].find((path) => fieldOf(path) === undefined);
      const message = elsewhere === undefined ? "" : (refusal.fields.get(elsewhere) ?? "");
      this.refusal =
        elsewhere === undefined
          ? null
          : { kind: "other", failure: { key: "error.badField", params: { field: elsewhere, message } } };
    } else {
      this.refusal = refusal;
    }
    await this.updateComplete;
    focusInvalidOr(this.renderRoot, "#activity-result");
  }

  override render() {
    if (!this.allowed) return nothing;
    // Opened and folded by the user (and folded after a recording): a
    // bound "open" would fold it around the focused button when a second
    // try clears the first one's refusal.
    return html`<details>
        <summary>${t("activity.open")}</summary>
        <form @submit=${(e: SubmitEvent) => void this.send(e)} novalidate>
          <h3>${t("activity.heading")}</h3>
          <p>${t("activity.intro")}</p>
          <div role="alert" id="activity-result" tabindex="-1">${this.renderRefusal()}</div>
          <div class="grid">
            ${this.select("kind", KINDS, "cases.activity", "activity.kindNone")}
            ${this.select("form", FORMS, "cases.form", "activity.formNone")}
            ${this.input("occurredOn")}
          </div>
          ${this.textarea("participants", 3)} ${this.textarea("guests", 2)} ${this.textarea("documents", 2)}
          ${this.textarea("notes", 4)}
          <div class="buttons">
            <button type="submit" ?disabled=${this.busy}>${t("activity.submit")}</button>
          </div>
        </form>
      </details>
      <div role="status">${this.notice ? html`<p data-field="recorded" tabindex="-1">${this.notice}</p>` : nothing}</div>`;
  }

  private renderRefusal() {
    const refusal = this.refusal;
    if (refusal === null) return nothing;
    if (refusal.kind === "guard")
      return html`<ul class="alert">
        ${refusal.unmet.map((rule) => html`<li data-unmet=${rule.type}>${unmetText(rule)}</li>`)}
      </ul>`;
    if (refusal.kind === "other") return html`<p class="alert">${t(refusal.failure.key, refusal.failure.params)}</p>`;
    if (refusal.kind === "conflict") return html`<p class="alert">${t("activity.inFlight")}</p>`;
    return nothing;
  }

  private setValue(field: Field, value: string): void {
    this.values = { ...this.values, [field]: value };
  }

  // The attributes of a field that may carry the API's problem.
  private problem(field: Field) {
    const error = this.fieldErrors.get(field);
    return fieldProblem(`activity-${field}`, error);
  }

  private select(field: Field, values: readonly string[], prefix: string, none: MessageKey) {
    const error = this.fieldErrors.get(field);
    return html`<div class="field">
      <label
        >${t(FIELDS[field])}
        <select
          name=${field}
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${error ? problemIdOf(`activity-${field}`) : nothing}
          @change=${(e: Event) => this.setValue(field, (e.target as HTMLSelectElement).value)}
        >
          <option value="" ?selected=${this.values[field] === ""}>${t(none)}</option>
          ${values.map(
            (value) =>
              html`<option value=${value} ?selected=${this.values[field] === value}>
                ${t(`${prefix}.${value}` as MessageKey)}
              </option>`,
          )}
        </select></label
      >${this.problem(field)}
    </div>`;
  }

  private input(field: Field) {
    const error = this.fieldErrors.get(field);
    return html`<div class="field">
      <label
        >${t(FIELDS[field])}
        <input
          type="date"
          name=${field}
          .value=${this.values[field]}
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${error ? problemIdOf(`activity-${field}`) : nothing}
          @input=${(e: Event) => this.setValue(field, (e.target as HTMLInputElement).value)}
      /></label>
      ${this.problem(field)}
    </div>`;
  }

  private textarea(field: Field, rows: number) {
    const error = this.fieldErrors.get(field);
    return html`<div class="field">
      <label
        >${t(FIELDS[field])}
        <textarea
          name=${field}
          rows=${rows}
          .value=${this.values[field]}
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${error ? problemIdOf(`activity-${field}`) : nothing}
          @input=${(e: Event) => this.setValue(field, (e.target as HTMLTextAreaElement).value)}
        ></textarea></label
      >${this.problem(field)}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-case-activity-form": CaseActivityForm;
  }
}
