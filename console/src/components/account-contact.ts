// "Twój adres e-mail do powiadomień": the signed-in staff member's own
// entry of recruitment's account directory, where the programme sends
// their notifications (GET /v1/account-contact, 404 while there is none;
// PUT /v1/account-contact). The office, coordinators, experts and trainers
// have one (JST staff are reached through their participant records).
// Recruitment keeps no answer to a PUT (it holds personal data), so a
// retry under a key already applied is refused 409 REQUEST_ALREADY_APPLIED:
// the entry is read again and shown as saved (gateway/README.md). Fires
// `contact-known` (detail: whether an address is on record) after each
// read or save.
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../api.js";
import { describeFailure, refusalOf, type UserMessage } from "../errors.js";
import { contactRequest, instantOf, type AccountContact } from "../notifications.js";
import { StoreController } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { fieldProblem, fieldProblemText, problemIdOf } from "./field-problem.js";
import { sections, shared, stackedForm } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";

const FIELD = "contact-email";

@customElement("jst-account-contact")
export class AccountContactPanel extends LitElement {
  static override styles = [
    shared,
    sections,
    stackedForm,
    css`
      .hint {
        margin: 0.2rem 0 0;
        font-size: 0.9rem;
        color: #3d3d3d;
      }
      h2:focus {
        outline: 3px solid #1b1b1b;
        outline-offset: 2px;
      }
      .current {
        font-weight: 600;
      }
      .missing {
        border-left: 6px solid #8a5300;
        background: #fff4e0;
        padding: 0.6rem 1rem;
      }
      input {
        width: 100%;
        max-width: 30rem;
        box-sizing: border-box;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  // undefined while read, null when none is on record.
  @state() private contact: AccountContact | null | undefined = undefined;
  @state() private email = "";
  @state() private problem: string | undefined = undefined;
  @state() private failure: UserMessage | null = null;
  // The address just saved here ("" for none): said in the language of the
  // moment.
  @state() private saved = "";
  @state() private busy = false;
  private submission: Submission | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  // Puts the keyboard in the address field (the page's "Podaj adres").
  focusField(): void {
    const field = this.renderRoot.querySelector<HTMLInputElement>(`#${FIELD}`);
    field?.scrollIntoView({ block: "center" });
    field?.focus();
  }

  // Scrolls to the part's heading and puts the keyboard there.
  focusHeading(): void {
    const heading = this.renderRoot.querySelector<HTMLElement>("#contact-heading");
    heading?.scrollIntoView({ block: "start" });
    heading?.focus();
  }

  private async load(): Promise<void> {
    try {
      const { data, error, response } = await api.GET("/v1/account-contact", {});
      if (data) this.known(data);
      else if (response.status === 404) this.known(null);
      else this.failure = describeFailure(response.status, error);
    } catch {
      this.failure = describeFailure(0, undefined);
    }
  }

  private known(contact: AccountContact | null): void {
    this.contact = contact;
    this.email = contact?.email ?? "";
    this.dispatchEvent(new CustomEvent<boolean>("contact-known", { detail: contact !== null && (contact.email ?? "") !== "" }));
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const body = contactRequest(this.email);
    const submission = submissionFor(this.submission, "account-contact", body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.problem = undefined;
    this.failure = null;
    this.saved = "";
    try {
      const { data, error, response } = await api.PUT("/v1/account-contact", {
        params: { header: { "Idempotency-Key": submission.key } },
        body,
      });
      if (data) {
        this.submission = null;
        this.known(data);
        this.saved = data.email ?? body.email;
      } else if (wasAlreadyApplied(response.status, error)) {
        // Saved by the attempt whose answer was lost: what is on record now.
        this.submission = null;
        await this.load();
        this.saved = this.contact?.email ?? body.email;
      } else {
        await this.refused(response.status, error);
      }
    } catch {
      await this.refused(0, undefined);
    } finally {
      this.busy = false;
    }
  }

  private async refused(status: number, body: unknown): Promise<void> {
    if (!keepsKey(status, body)) this.submission = null;
    const refusal = refusalOf(status, body);
    if (refusal.kind === "fields" && refusal.fields.has("email")) this.problem = refusal.fields.get("email");
    else if (refusal.kind === "other") this.failure = refusal.failure;
    else this.failure = describeFailure(status, body);
    await this.updateComplete;
    if (this.problem !== undefined) this.renderRoot.querySelector<HTMLElement>(`#${FIELD}`)?.focus();
  }

  override render() {
    return html`<section aria-labelledby="contact-heading">
      <h2 id="contact-heading" tabindex="-1">${t("notifications.contact.heading")}</h2>
      ${alertRegion(this.failure)} ${this.renderCurrent()}
      ${this.contact === undefined ? nothing : this.renderForm()}
    </section>`;
  }

  private renderCurrent() {
    const contact = this.contact;
    if (contact === undefined) return this.failure ? nothing : html`<p role="status">${t("notifications.contact.loading")}</p>`;
    if (contact === null) return html`<p class="missing" data-field="contact-none">${t("notifications.contact.none")}</p>`;
    return html`<p data-field="contact-current">
      <span class="current">${t("notifications.contact.current", { email: contact.email ?? "" })}</span>
      ${instantOf(contact.updateTime)
        ? html`<br />${t("notifications.contact.updated", { time: dateTime(instantOf(contact.updateTime)) })}`
        : nothing}
    </p>`;
  }

  private renderForm() {
    const problem = this.problem;
    const described = ["contact-hint", problem !== undefined ? problemIdOf(FIELD) : ""].filter(Boolean).join(" ");
    return html`<form aria-labelledby="contact-heading" @submit=${this.save} novalidate>
      <div class="field">
        <label for=${FIELD}>${t("notifications.contact.email")}</label>
        <input
          id=${FIELD}
          name="email"
          type="email"
          autocomplete="email"
          spellcheck="false"
          aria-invalid=${problem !== undefined ? "true" : "false"}
          aria-describedby=${described}
          .value=${this.email}
          @input=${(e: Event) => (this.email = (e.target as HTMLInputElement).value)}
        />
        <p class="hint" id="contact-hint">${t("notifications.contact.hint")}</p>
        ${fieldProblem(FIELD, problem === undefined ? undefined : fieldProblemText(problem))}
      </div>
      <p>
        <button type="submit" aria-disabled=${this.busy ? "true" : "false"}>
          ${this.busy ? t("notifications.contact.saving") : t("notifications.contact.save")}
        </button>
      </p>
      <div role="status">${this.saved
          ? html`<p class="done" data-field="contact-saved">${t("notifications.contact.saved", { email: this.saved })}</p>`
          : nothing}</div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-account-contact": AccountContactPanel;
  }
}
