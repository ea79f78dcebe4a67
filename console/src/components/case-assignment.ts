// On a case's page, for the office only (who may call :assignExperts; others
// see nothing of it): the case's expert pair. The API's proposal with the
// experts' caseloads and "assign as proposed", or a choice by hand of the
// education expert, the personnel expert and the guardian among the active
// experts serving the case's voivodeship. It sends the case's version and
// an Idempotency-Key per submission (submissions.ts): a retry after a lost
// answer is told the assignment was made (REQUEST_ALREADY_APPLIED), reads
// the case again and says so, never "someone changed this" about its own
// write. The API's field errors at their fields; a version conflict says
// "someone changed this case — reload" and keeps the choice. Fires
// "case-changed" after an assignment and on "reload".
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../api.js";
import { dataOf, describeFailure, failureOf, refusalOf, unmetText, type CommandRefusal } from "../errors.js";
import { OPEN_STAGES, caseloadOf, eligibleExperts, type Expert, type Speciality } from "../experts.js";
import { mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { caseControls, caseFieldsets } from "./case-styles.js";
import { loadExperts } from "./expert-page.js";
import { focusInvalidOr } from "./field-problem.js";
import type { Case } from "./jst-case.js";
import { shared } from "./styles.js";
import { t } from "./text.js";

interface Choice {
  educationExpert: string;
  personnelExpert: string;
  guardian: Speciality;
  reason: string;
}

@customElement("jst-case-assignment")
export class CaseAssignment extends LitElement {
  static override styles = [
    shared,
    caseFieldsets,
    caseControls,
    css`
      fieldset {
        max-width: 48rem;
      }
      .field {
        display: flex;
        flex-direction: column;
        margin: 0.5rem 0;
      }
      .field > label {
        font-weight: 600;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) kase: Case | undefined;

  @state() private proposal: { educationExpert?: string; personnelExpert?: string } | null = null;
  @state() private experts: Expert[] = [];
  @state() private choice: Choice | null = null;
  @state() private refusal: CommandRefusal | null = null;
  @state() private busy = false;
  // An earlier attempt made the assignment (its answer was lost): said
  // until the next submission, the case read again.
  @state() private alreadyApplied = false;
  // The assignment was made: said until the next submission.
  @state() private assigned = false;
  // Where the keyboard goes once the page passes the case read again (the
  // button pressed may be gone): the line saying the pair was saved, or,
  // after "reload", the section's heading.
  private refocus: "" | "result" | "heading" = "";
  private submission: Submission | null = null;
  private loadedFor = "";

  private get allowed(): boolean {
    return (
      mayCall("POST /v1/cases/{case}:assignExperts", store.session?.role ?? null) && OPEN_STAGES.includes(this.kase?.stage ?? "")
    );
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has("kase") || !this.allowed) return;
    // A case read again: the conflict was about the old one; the choice stays.
    if (this.refusal?.kind === "conflict") this.refusal = null;
    const kase = this.kase;
    this.choice ??= {
      educationExpert: kase?.educationExpert ?? "",
      personnelExpert: kase?.personnelExpert ?? "",
      guardian: kase?.guardian && kase.guardian === kase.personnelExpert ? "PERSONNEL_DEVELOPMENT" : "EDUCATION_DEVELOPMENT",
      reason: "",
    };
    void this.load();
  }

  private async load(): Promise<void> {
    const kase = this.kase;
    const id = kase?.id ?? "";
    this.loadedFor = id;
    try {
      const [proposal, experts] = await Promise.all([
        dataOf(api.GET("/v1/cases/{case}/expert-proposal", { params: { path: { case: id } } })),
        loadExperts({ voivodeship: kase?.voivodeship ?? "", activeOnly: true }),
      ]);
      if (this.loadedFor !== id) return;
      this.proposal = proposal;
      this.experts = experts;
    } catch (caught) {
      this.refusal = { kind: "other", failure: failureOf(caught) };
    }
  }

  private choose(change: Partial<Choice>): void {
    if (this.choice) this.choice = { ...this.choice, ...change };
  }

  private byProposal(): Promise<void> {
    const proposal = this.proposal ?? {};
    this.choose({ educationExpert: proposal.educationExpert ?? "", personnelExpert: proposal.personnelExpert ?? "" });
    return this.assign();
  }

  private async assign(): Promise<void> {
    const kase = this.kase;
    const choice = this.choice;
    if (!kase || !choice || this.busy) return;
    const body = {
      expectedVersion: kase.version ?? "0",
      educationExpert: choice.educationExpert,
      personnelExpert: choice.personnelExpert,
      guardian: choice.guardian,
      ...(choice.reason !== "" ? { reason: choice.reason } : {}),
    };
    const submission = submissionFor(this.submission, `assignExperts ${kase.id ?? ""}`, body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.refusal = null;
    this.alreadyApplied = false;
    this.assigned = false;
    try {
      const { error, response } = await api.POST("/v1/cases/{case}:assignExperts", {
        params: { path: { case: kase.id ?? "" }, header: { "Idempotency-Key": submission.key } },
        body,
      });
      if (response.ok || wasAlreadyApplied(response.status, error)) {
        this.submission = null;
        this.alreadyApplied = !response.ok;
        this.choose({ reason: "" });
        this.assigned = response.ok;
        if (response.ok) this.refocus = "result";
        this.changed();
        if (response.ok) return;
      } else {
        if (!keepsKey(response.status, error)) this.submission = null;
        this.refusal = refusalOf(response.status, error);
      }
    } catch {
      this.refusal = { kind: "other", failure: describeFailure(0, undefined) };
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    focusInvalidOr(this.renderRoot, "#assign-result");
  }

  private reload(): void {
    this.refocus = "heading";
    this.changed();
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent("case-changed", { bubbles: true, composed: true }));
  }

  override updated(changed: Map<string, unknown>): void {
    if (!changed.has("kase") || this.refocus === "") return;
    const target = this.refocus === "result" ? "#assign-result" : "#assignment";
    this.refocus = "";
    this.renderRoot.querySelector<HTMLElement>(target)?.focus();
  }

  override render() {
    const kase = this.kase;
    const choice = this.choice;
    if (!kase || !choice || !this.allowed) return nothing;
    return html`<h2 id="assignment" tabindex="-1">${t("assign.heading")}</h2>
      <div role="alert">${this.renderRefusal()}</div>
      <fieldset>
        <legend>${t("assign.proposal")}</legend>
        <ul data-field="proposal">
          <li>${t("assign.education")}: ${this.described(this.proposal?.educationExpert)}</li>
          <li>${t("assign.personnel")}: ${this.described(this.proposal?.personnelExpert)}</li>
        </ul>
        <button
          type="button"
          ?disabled=${this.busy || !this.proposal?.educationExpert || !this.proposal?.personnelExpert}
          @click=${() => void this.byProposal()}
        >
          ${t("assign.byProposal")}
        </button>
      </fieldset>
      <fieldset>
        <legend>${t("assign.byHand")}</legend>
        ${this.expertField("educationExpert", "EDUCATION_DEVELOPMENT", "assign.education", kase)}
        ${this.expertField("personnelExpert", "PERSONNEL_DEVELOPMENT", "assign.personnel", kase)}
        ${this.field(
          "guardian",
          "assign.guardian",
          (attrs) => html`<select
            id=${attrs.id}
            name="guardian"
            aria-invalid=${attrs.invalid}
            aria-describedby=${attrs.describedBy}
            @change=${(e: Event) => this.choose({ guardian: (e.target as HTMLSelectElement).value as Speciality })}
          >
            <option value="EDUCATION_DEVELOPMENT" ?selected=${choice.guardian === "EDUCATION_DEVELOPMENT"}>${t("assign.education")}</option>
            <option value="PERSONNEL_DEVELOPMENT" ?selected=${choice.guardian === "PERSONNEL_DEVELOPMENT"}>${t("assign.personnel")}</option>
          </select>`,
        )}
        ${this.field(
          "reason",
          "assign.reason",
          (attrs) => html`<textarea
            id=${attrs.id}
            name="reason"
            rows="2"
            aria-invalid=${attrs.invalid}
            aria-describedby=${attrs.describedBy}
            .value=${choice.reason}
            @input=${(e: Event) => this.choose({ reason: (e.target as HTMLTextAreaElement).value })}
          ></textarea>`,
        )}
        <button type="button" ?disabled=${this.busy} @click=${() => void this.assign()}>${t("assign.assign")}</button>
      </fieldset>`;
  }

  // An expert of the proposal with their caseload.
  private described(id: string | undefined) {
    if (!id) return t("assign.proposalNone");
    const expert = this.experts.find((e) => e.id === id);
    if (!expert) return id;
    const load = caseloadOf(expert);
    return t("assign.option", { name: expert.displayName ?? "", open: load.open, max: load.max });
  }

  // A labelled field of the choice by hand at the request's JSON path
  // `path`, with the API's error for that path next to it.
  private field(
    path: string,
    label: Parameters<typeof t>[0],
    input: (attrs: { id: string; invalid: "true" | "false"; describedBy: string }) => unknown,
  ) {
    const error = this.refusal?.kind === "fields" ? this.refusal.fields.get(path) : undefined;
    const id = `assign-${path}`;
    return html`<div class="field">
      <label for=${id}>${t(label)}</label>
      ${input({ id, invalid: error !== undefined ? "true" : "false", describedBy: error !== undefined ? `${id}-problem` : "" })}
      ${error !== undefined ? html`<span class="problem" id=${`${id}-problem`}>${t("experts.fieldProblem", { message: error })}</span>` : nothing}
    </div>`;
  }

  private expertField(path: "educationExpert" | "personnelExpert", speciality: Speciality, label: Parameters<typeof t>[0], kase: Case) {
    const chosen = this.choice?.[path] ?? "";
    const choices = eligibleExperts(this.experts, speciality, kase.voivodeship ?? "", "", chosen);
    return this.field(
      path,
      label,
      (attrs) => html`<select
        id=${attrs.id}
        name=${path}
        aria-invalid=${attrs.invalid}
        aria-describedby=${attrs.describedBy}
        @change=${(e: Event) => this.choose({ [path]: (e.target as HTMLSelectElement).value })}
      >
        <option value="" ?selected=${chosen === ""}>${t("experts.choose")}</option>
        ${choices.map((expert) => {
          const load = caseloadOf(expert);
          return html`<option value=${expert.id ?? ""} ?selected=${expert.id === chosen}>
            ${t("assign.option", { name: expert.displayName ?? "", open: load.open, max: load.max })}
          </option>`;
        })}
      </select>`,
    );
  }

  private renderRefusal() {
    const refusal = this.refusal;
    if (this.alreadyApplied)
      return html`<p id="assign-result" tabindex="-1" data-field="alreadyApplied">${t("assign.alreadyApplied")}</p>`;
    if (this.assigned) return html`<p id="assign-result" tabindex="-1" data-field="assigned">${t("assign.done")}</p>`;
    if (refusal === null || refusal.kind === "fields") return nothing;
    if (refusal.kind === "conflict")
      return html`<p class="alert" id="assign-result" tabindex="-1" data-field="conflict">
        ${t("cases.conflict")}
        <button type="button" class="secondary" @click=${() => this.reload()}>${t("cases.reload")}</button>
      </p>`;
    if (refusal.kind === "guard")
      return html`<div id="assign-result" tabindex="-1">
        <p class="alert">${t("assign.unmet")}</p>
        <ul>
          ${refusal.unmet.map((u) => html`<li>${unmetText(u)}</li>`)}
        </ul>
      </div>`;
    return html`<p class="alert" id="assign-result" tabindex="-1">${t(refusal.failure.key, refusal.failure.params)}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-case-assignment": CaseAssignment;
  }
}
