// One of the office's actions on an application, as a small form:
// qualify (for a city with county rights, the county group with its
// reason), reject or withdraw (a required reason). One Idempotency-Key per
// submission, kept for a retry of the same body. A refusal naming a field
// is shown at the field; a status someone else changed says so and keeps
// what was typed, with a button firing "application-reload". Fires
// "application-changed" with the new Application (the API's answer, or a
// fresh read when the key was already applied) and "action-cancel".
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { api } from "../api.js";
import {
  describeActionFailure,
  fieldOf,
  type Action,
  type Application,
} from "../applications.js";
import type { UserMessage } from "../errors.js";

import { StoreController } from "../store.js";
import { fieldProblem, fieldProblemText, problemIdOf } from "./field-problem.js";
import { shared, stackedForm } from "./styles.js";
import { alertRegion, t } from "./text.js";
import { keepsKey, type Submission, submissionFor, wasAlreadyApplied } from "../submissions.js";

type Field = "reason" | "moveToCountyGroup" | "workshopGroupReason";
const FIELDS: readonly Field[] = ["reason", "moveToCountyGroup", "workshopGroupReason"];

const HEADINGS = {
  qualify: "applications.qualifyHeading",
  reject: "applications.rejectHeading",
  withdraw: "applications.withdrawHeading",
} as const;
const CONFIRMS = {
  qualify: "applications.confirmQualify",
  reject: "applications.confirmReject",
  withdraw: "applications.confirmWithdraw",
} as const;

@customElement("jst-application-action")
export class ApplicationAction extends LitElement {
  static override styles = [
    shared,
    stackedForm,
    css`
      form {
        padding: 1rem;
        border: 2px solid #5a5a5a;
        border-radius: 4px;
      }
      h2 {
        margin: 0;
      }
      .buttons {
        display: flex;
        gap: 0.8rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property() action: Action = "qualify";
  @property({ attribute: false }) application: Application | null = null;
  @state() private reason = "";
  @state() private moveToCountyGroup = false;
  @state() private busy = false;
  @state() private failure: UserMessage | null = null;
  private submission: Submission | null = null;
  @query("form") private form!: HTMLFormElement;

  override firstUpdated(): void {
    this.form.querySelector<HTMLElement>("h2")?.focus();
  }

  private body() {
    if (this.action !== "qualify") return { reason: this.reason };
    return this.moveToCountyGroup ? { moveToCountyGroup: true, workshopGroupReason: this.reason } : {};
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const id = this.application?.id ?? "";
    if (this.busy || id === "") return;
    const body = this.body();
    const submission = submissionFor(this.submission, `${this.action} ${id}`, body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.failure = null;
    try {
      const params = { path: { application: id }, header: { "Idempotency-Key": submission.key } };
      const { data, error, response } =
        this.action === "qualify"
          ? await api.POST("/v1/applications/{application}:qualify", { params, body })
          : this.action === "reject"
            ? await api.POST("/v1/applications/{application}:reject", { params, body: { reason: this.reason } })
            : await api.POST("/v1/applications/{application}:withdraw", { params, body: { reason: this.reason } });
      if (data) this.changed(data, false);
      else await this.failed(id, response.status, error);
    } catch {
      await this.failed(id, 0, undefined);
    } finally {
      this.busy = false;
    }
  }

  private changed(application: Application, alreadyApplied: boolean): void {
    this.submission = null;
    this.dispatchEvent(
      new CustomEvent("application-changed", {
        detail: { application, action: this.action, alreadyApplied },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private async failed(id: string, status: number, body: unknown): Promise<void> {
    if (wasAlreadyApplied(status, body)) {
      const { data } = await api.GET("/v1/applications/{application}", { params: { path: { application: id } } });
      if (data) {
        this.changed(data, true);
        return;
      }
    }
    if (!keepsKey(status, body)) this.submission = null;
    this.failure = describeActionFailure(status, body);
    const field = fieldOf(this.failure, FIELDS);
    if (field === undefined) return;
    await this.updateComplete;
    this.form.querySelector<HTMLElement>(`[name="${field === "workshopGroupReason" ? "reason" : field}"]`)?.focus();
  }

  // The reason's textarea carries both `reason` and `workshopGroupReason`.
  private problemAt(fields: readonly Field[], fieldId: string) {
    const field = fieldOf(this.failure, FIELDS);
    if (field === undefined || !fields.includes(field) || this.failure === null) return nothing;
    return fieldProblem(fieldId, fieldProblemText(String(this.failure.params.message ?? "")));
  }

  private invalid(fields: readonly Field[]): "true" | "false" {
    const field = fieldOf(this.failure, FIELDS);
    return field !== undefined && fields.includes(field) ? "true" : "false";
  }

  override render() {
    const formFailure = fieldOf(this.failure, FIELDS) === undefined ? this.failure : null;
    const qualify = this.action === "qualify";
    const county = qualify && (this.application?.cityWithCountyRights ?? false);
    const reasonShown = !qualify || this.moveToCountyGroup;
    const reasonFields: readonly Field[] = qualify ? ["workshopGroupReason"] : ["reason"];
    return html`
      <form @submit=${this.send} aria-labelledby="action-heading">
        <h2 id="action-heading" tabindex="-1">${t(HEADINGS[this.action])}</h2>
        ${alertRegion(formFailure)}
        ${this.failure?.key === "applications.stale"
          ? html`<p>
              <button
                type="button"
                class="secondary"
                @click=${() => this.dispatchEvent(new CustomEvent("application-reload", { bubbles: true, composed: true }))}
              >
                ${t("applications.reload")}
              </button>
            </p>`
          : nothing}
        ${county
          ? html`<div class="field">
              <label>
                <input
                  type="checkbox"
                  name="moveToCountyGroup"
                  .checked=${this.moveToCountyGroup}
                  @change=${(e: Event) => (this.moveToCountyGroup = (e.target as HTMLInputElement).checked)}
                />
                ${t("applications.moveToCountyGroup")}</label
              >
              ${this.problemAt(["moveToCountyGroup"], "move")}
            </div>`
          : nothing}
        ${reasonShown
          ? html`<div class="field">
              <label for="reason">${t(qualify ? "applications.moveReason" : "applications.reason")}</label>
              <textarea
                id="reason"
                name="reason"
                rows="3"
                aria-required="true"
                aria-invalid=${this.invalid(reasonFields)}
                aria-describedby=${this.invalid(reasonFields) === "true" ? problemIdOf("reason") : ""}
                .value=${this.reason}
                @input=${(e: Event) => (this.reason = (e.target as HTMLTextAreaElement).value)}
              ></textarea>
              ${this.problemAt(reasonFields, "reason")}
            </div>`
          : nothing}
        <div class="buttons">
          <button type="submit" ?disabled=${this.busy}>${this.busy ? t("applications.sending") : t(CONFIRMS[this.action])}</button>
          <button
            type="button"
            class="secondary"
            @click=${() => this.dispatchEvent(new CustomEvent("action-cancel", { bubbles: true, composed: true }))}
          >
            ${t("applications.cancel")}
          </button>
        </div>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-application-action": ApplicationAction;
  }
}
