// The form of a new snapshot (POST /v1/editions/{edition}/exports): kind,
// pseudonymised (a participant file only), purpose. One Idempotency-Key per
// submission, kept for a repeat of the same one (a double click, a retry
// after no answer), so a snapshot is never made twice. A refusal naming a
// field is shown at the field. Fires "export-created" with the Export, or
// "export-already-created" when a retry learns that the submission was
// carried out before and only its answer was lost.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { api } from "../api.js";
import type { UserMessage } from "../errors.js";
import {
  EXPORT_KINDS,
  PURPOSE_MAX,
  createRequest,
  describeExportFailure,
  formFieldOf,
  isExportKind,
  purposeLength,
  type Export,
  type ExportKind,
  type FormField,
} from "../exports.js";
import { StoreController } from "../store.js";
import { fieldProblem, fieldProblemText, problemIdOf } from "./field-problem.js";
import { shared, stackedForm } from "./styles.js";
import { alertRegion, t } from "./text.js";
import { keepsKey, type Submission, submissionFor, wasAlreadyApplied } from "../submissions.js";

@customElement("jst-exports-form")
export class ExportsForm extends LitElement {
  static override styles = [
    shared,
    stackedForm,
    css`
      .hint,
      .limit {
        margin: 0.2rem 0 0;
        font-size: 0.95rem;
        color: #3d3d3d;
      }
      button {
        justify-self: start;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property() edition = "";
  @state() private kind: ExportKind = "AGGREGATES_CSV";
  @state() private pseudonymised = false;
  @state() private purpose = "";
  @state() private busy = false;
  @state() private failure: UserMessage | null = null;
  private submission: Submission | null = null;
  @query("form") private form!: HTMLFormElement;

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy || this.edition === "") return;
    const body = createRequest(this.kind, this.pseudonymised, this.purpose);
    const submission = submissionFor(this.submission, this.edition, body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.failure = null;
    try {
      const { data, error, response } = await api.POST("/v1/editions/{edition}/exports", {
        params: { path: { edition: this.edition }, header: { "Idempotency-Key": submission.key } },
        body,
      });
      if (data) this.created(data);
      else void this.failed(response.status, error);
    } catch {
      void this.failed(0, undefined);
    } finally {
      this.busy = false;
    }
  }

  private created(made: Export): void {
    this.clear();
    this.dispatchEvent(new CustomEvent<Export>("export-created", { detail: made, bubbles: true, composed: true }));
  }

  private clear(): void {
    this.submission = null;
    this.purpose = "";
    this.pseudonymised = false;
  }

  private async failed(status: number, body: unknown): Promise<void> {
    if (wasAlreadyApplied(status, body)) {
      this.clear();
      this.dispatchEvent(new CustomEvent("export-already-created", { bubbles: true, composed: true }));
      return;
    }
    if (!keepsKey(status, body)) this.submission = null;
    this.failure = describeExportFailure(status, body);
    const field = formFieldOf(this.failure);
    if (field === undefined) return;
    await this.updateComplete;
    this.form.querySelector<HTMLElement>(`[name="${field}"]`)?.focus();
  }

  private problemAt(field: FormField) {
    if (this.failure === null || formFieldOf(this.failure) !== field) return nothing;
    return fieldProblem(field, fieldProblemText(String(this.failure.params.message ?? "")));
  }

  private describedBy(field: FormField, ...others: string[]): string {
    const problem = this.failure !== null && formFieldOf(this.failure) === field ? [problemIdOf(field)] : [];
    return [...others, ...problem].join(" ");
  }

  private invalid(field: FormField): "true" | "false" {
    return this.failure !== null && formFieldOf(this.failure) === field ? "true" : "false";
  }

  override render() {
    const formFailure = this.failure !== null && formFieldOf(this.failure) === undefined ? this.failure : null;
    const participants = this.kind === "PARTICIPANTS";
    return html`
      ${alertRegion(formFailure)}
      <form @submit=${this.create}>
        <div class="field">
          <label for="kind">${t("exports.form.kind")}</label>
          <select
            id="kind"
            name="kind"
            aria-invalid=${this.invalid("kind")}
            aria-describedby=${this.describedBy("kind")}
            @change=${(e: Event) => this.chooseKind((e.target as HTMLSelectElement).value)}
          >
            ${EXPORT_KINDS.map(
              (kind) => html`<option value=${kind} ?selected=${this.kind === kind}>${t(`exports.kind.${kind}`)}</option>`,
            )}
          </select>
          ${this.problemAt("kind")}
        </div>
        <div class="field">
          <label>
            <input
              type="checkbox"
              name="pseudonymised"
              .checked=${participants && this.pseudonymised}
              ?disabled=${!participants}
              aria-invalid=${this.invalid("pseudonymised")}
              aria-describedby=${this.describedBy("pseudonymised", "pseudonymised-hint")}
              @change=${(e: Event) => (this.pseudonymised = (e.target as HTMLInputElement).checked)}
            />
            ${t("exports.form.pseudonymised")}</label
          >
          <p class="hint" id="pseudonymised-hint">${t("exports.form.pseudonymisedHint")}</p>
          ${this.problemAt("pseudonymised")}
        </div>
        <div class="field">
          <label for="purpose">${t("exports.form.purpose")}</label>
          <textarea
            id="purpose"
            name="purpose"
            rows="3"
            aria-required="true"
            aria-invalid=${this.invalid("purpose")}
            aria-describedby=${this.describedBy("purpose", "purpose-limit")}
            .value=${this.purpose}
            @input=${(e: Event) => (this.purpose = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          <p class="limit" id="purpose-limit">
            ${t("exports.form.purposeLimit", { count: purposeLength(this.purpose), max: PURPOSE_MAX })}
          </p>
          ${this.problemAt("purpose")}
        </div>
        <button type="submit" ?disabled=${this.busy}>
          ${this.busy ? t("exports.form.creating") : t("exports.form.create")}
        </button>
      </form>
    `;
  }

  private chooseKind(value: string): void {
    if (!isExportKind(value)) return;
    this.kind = value;
    if (value !== "PARTICIPANTS") this.pseudonymised = false;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-exports-form": ExportsForm;
  }
}
