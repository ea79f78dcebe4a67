// The editions (issue 19): every edition with its kind, phase in words,
// recruitment window (Warsaw time) and period, each opening its page; and
// the office's form that creates one (POST /v1/editions, one
// Idempotency-Key per submission, the API's field errors at their fields).
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../api.js";
import { todayInWarsaw } from "../editions.js";
import { failureOf, type UserMessage } from "../errors.js";
import {
  EMPTY_EDITION_FORM,
  editionBody,
  editionFieldOf,
  editionPhase,
  formRefusalOf,
  isTaken,
  type Edition,
  type EditionField,
  type EditionForm,
} from "../office.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { columnHeads } from "./column-heads.js";
import { editionFields, editionFormStyles } from "./edition-form.js";
import { forgetEditions, loadEditions } from "./edition-select.js";
import { focusFirstRefused } from "./field-problem.js";
import { shared } from "./styles.js";
import { alertRegion, civilDate, dateTime, t } from "./text.js";

@customElement("jst-editions-page")
export class EditionsPage extends LitElement {
  static override styles = [
    shared,
    editionFormStyles,
    css`
      section.create {
        margin-top: 2rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private editions: Edition[] | null = null;
  @state() private failure: UserMessage | null = null;
  @state() private form: EditionForm = EMPTY_EDITION_FORM;
  @state() private problems: ReadonlyMap<EditionField, string> = new Map();
  @state() private formFailure: UserMessage | null = null;
  @state() private created = "";
  @state() private busy = false;
  private submission: Submission | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    forgetEditions();
    try {
      this.editions = await loadEditions();
      this.failure = null;
    } catch (caught) {
      this.failure = failureOf(caught);
    }
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const body = editionBody(this.form);
    const submission = submissionFor(this.submission, "create edition", body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.formFailure = null;
    this.created = "";
    try {
      const { data, error, response } = await api.POST("/v1/editions", {
        params: { header: { "Idempotency-Key": submission.key } },
        body,
      });
      if (data) await this.done(data.code);
      else if (wasAlreadyApplied(response.status, error)) await this.done(body.code);
      else await this.refused(response.status, error);
    } catch {
      await this.refused(0, undefined);
    } finally {
      this.busy = false;
    }
  }

  private async done(code: string): Promise<void> {
    this.submission = null;
    this.problems = new Map();
    this.form = EMPTY_EDITION_FORM;
    this.created = code;
    await this.load();
  }

  private async refused(status: number, body: unknown): Promise<void> {
    if (!keepsKey(status, body)) this.submission = null;
    const refusal = formRefusalOf(status, body, editionFieldOf, "edition.stale");
    this.problems = isTaken(status, body) ? new Map([["code", t("editions.codeTaken")]]) : refusal.problems;
    this.formFailure = isTaken(status, body) ? null : refusal.message;
    await this.updateComplete;
    focusFirstRefused(this.renderRoot, this.problems, "edition");
  }

  override render() {
    return html`
      <h1>${t("screen.editions")}</h1>
      <p>${t("editions.intro")}</p>
      ${alertRegion(this.failure)} ${this.renderList()}
      ${mayCall("POST /v1/editions", store.session?.role ?? null) ? this.renderCreate() : nothing}
    `;
  }

  private renderList() {
    const editions = this.editions;
    if (editions === null) return this.failure ? nothing : html`<p>${t("app.loading")}</p>`;
    if (editions.length === 0) return html`<p>${t("editions.none")}</p>`;
    const now = new Date();
    const today = todayInWarsaw(now);
    return html`<table>
      <caption>
        ${t("editions.listCaption")}
      </caption>
      ${columnHeads([
        "editions.code",
        "editions.name",
        "editions.kind",
        "editions.phase",
        "editions.recruitment",
        "editions.period",
        "editions.applications",
      ])}
      <tbody>
        ${editions.map(
          (edition) => html`<tr data-edition=${edition.code}>
            <th scope="row"><a href=${hrefOfScreen("edition", { edition: edition.code })}>${edition.code}</a></th>
            <td>${edition.name}</td>
            <td>${edition.kind === "EDITION_KIND_UNSPECIFIED" ? "" : t(`editions.kind.${edition.kind}`)}</td>
            <td class="phase">${t(`editions.phase.${editionPhase(edition, now, today)}`)}</td>
            <td class="recruitment">
              ${t("editions.range", { from: dateTime(edition.recruitmentOpensAt), to: dateTime(edition.recruitmentClosesAt) })}
            </td>
            <td class="period">${t("editions.range", { from: civilDate(edition.startsOn), to: civilDate(edition.endsOn) })}</td>
            <td>
              ${t("editions.counts", {
                qualified: edition.qualifiedCount ?? 0,
                waitlisted: edition.waitlistedCount ?? 0,
                submitted: edition.submittedCount ?? 0,
              })}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderCreate() {
    return html`<section class="create" aria-labelledby="create-heading">
      <h2 id="create-heading">${t("editions.createHeading")}</h2>
      <p>${t("editions.createIntro")}</p>
      <div role="status">
        ${this.created !== ""
          ? html`<p>
              ${t("editions.created", { code: this.created })}
              <a href=${hrefOfScreen("edition", { edition: this.created })}>${this.created}</a>
            </p>`
          : nothing}
      </div>
      ${alertRegion(this.formFailure)}
      <form class="edition" aria-labelledby="create-heading" @submit=${this.create} novalidate>
        ${editionFields({
          form: this.form,
          problems: this.problems,
          withCode: true,
          onInput: (field, value) => (this.form = { ...this.form, [field]: value }),
        })}
        <div class="buttons">
          <button type="submit" ?disabled=${this.busy}>${this.busy ? t("office.sending") : t("editions.create")}</button>
        </div>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-editions-page": EditionsPage;
  }
}
