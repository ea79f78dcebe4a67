// The good practices of a case's JST (issue 24, docs/programme-parts.md
// part 4) on the case's page: the practices of the JST in the case's
// edition (GET /v1/editions/{edition}/good-practices?teryt=, as the caller
// may read them: a JST and the ministry see the published ones), and for
// those who propose them (the case's experts, the coordinator, the office)
// a draft's form — title, description, keywords, support area (the case's
// chosen one by default) — to propose one (POST /v1/cases/{case}/
// good-practices) or change a draft (PUT /v1/good-practices/{id}), and
// submitting a draft for the office's approval. A refusal names its field
// beside it; a stale version reads the list again and says so. The page's
// "#practices" (the practices screen's "edit on the case's page") brings
// the section into view.
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { api, everyPage } from "../api.js";
import { problemsByFormField } from "../cases.js";
import { dataOf, describeRefusal, errorCodeOf, failureOf, refusalOf, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import type { MessageKey } from "../i18n/pl.js";
import { keywordsOf, keywordsText, namedKeywordProblems, proposesPractices, type Practice } from "../practices.js";
import { store, StoreController } from "../store.js";
import { columnHeads } from "./column-heads.js";
import { fieldProblem, fieldProblemText, focusInvalidOr, problemIdOf } from "./field-problem.js";
import type { Case } from "./jst-case.js";
import { saveDraft, sendPracticeCommand } from "./practice-api.js";
import { partStyles, shared } from "./styles.js";
import { alertRegion, t } from "./text.js";

type SupportArea = Readable<components["schemas"]["SupportArea"]>;

// The form's fields, by the API's field names.
interface DraftForm {
  title: string;
  description: string;
  keywords: string;
  supportArea: string;
}

const TITLE_MAX = 300;
// gRPC's ALREADY_EXISTS: a title the case's practices have.
const ALREADY_EXISTS = 6;
const DESCRIPTION_MAX = 8000;

@customElement("jst-case-practices")
export class CasePractices extends LitElement {
  static override styles = [
    shared,
    partStyles,
    css`
      .field {
        display: flex;
        flex-direction: column;
        margin: 0.5rem 0;
        font-weight: 600;
      }
      .field input,
      .field textarea,
      .field select {
        font-weight: normal;
        max-width: 40rem;
      }
      .hint {
        font-weight: normal;
      }
      .problem {
        color: #b00020;
        font-weight: 600;
        margin: 0.2rem 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
      }
      .reason {
        font-weight: normal;
        margin: 0.25rem 0 0;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) kase: Case | null = null;

  @state() private practices: Practice[] | null = null;
  @state() private areas: SupportArea[] = [];
  // The form: null when closed; `editing` the draft changed (null: a new one).
  @state() private form: DraftForm | null = null;
  @state() private editing: Practice | null = null;
  @state() private problems = new Map<string, string>();
  @state() private failure: UserMessage | null = null;
  @state() private notice = "";
  @state() private busy = false;
  @query("#practices-notice") private noticeElement!: HTMLElement;
  // The latest read: an answer to an earlier one is dropped.
  private ticket = 0;
  private shownCase = "";
  private shownEdition = "";

  private get proposes(): boolean {
    return proposesPractices(store.session?.role ?? null);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // Read once per case (the page passes the case again after each
    // command); another case starts afresh, another edition's catalogue
    // of areas too.
    if (changed.has("kase") && this.kase && this.kase.id !== this.shownCase) {
      this.shownCase = this.kase.id ?? "";
      if (this.kase.edition !== this.shownEdition) this.areas = [];
      this.shownEdition = this.kase.edition ?? "";
      this.practices = null;
      this.form = null;
      this.editing = null;
      this.problems = new Map();
      this.failure = null;
      this.notice = "";
      void this.load(true);
    }
  }

  private async load(first: boolean): Promise<void> {
    const kase = this.kase;
    if (!kase) return;
    const ticket = ++this.ticket;
    const edition = kase.edition ?? "";
    try {
      const [practices, areas] = await Promise.all([
        everyPage<Practice>(async (query) => {
          const data = await dataOf(
            api.GET("/v1/editions/{edition}/good-practices", {
              params: { path: { edition }, query: { ...query, teryt: kase.teryt ?? "" } },
            }),
          );
          return { rows: data.practices ?? [], next: data.nextPageToken ?? "" };
        }),
        this.proposes && this.areas.length === 0 ? this.loadAreas(edition) : Promise.resolve(this.areas),
      ]);
      if (ticket !== this.ticket) return;
      this.practices = practices;
      this.areas = areas;
      if (first && location.hash === "#practices") {
        await this.updateComplete;
        const heading = this.renderRoot.querySelector<HTMLElement>("#practices");
        heading?.scrollIntoView({ block: "start" });
        heading?.focus();
      }
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    }
  }

  private async loadAreas(edition: string): Promise<SupportArea[]> {
    const data = await dataOf(
      api.GET("/v1/editions/{edition}/support-areas", { params: { path: { edition }, query: { pageSize: 500 } } }),
    );
    return data.supportAreas ?? [];
  }

  private async open(practice: Practice | null): Promise<void> {
    this.editing = practice;
    this.problems = new Map();
    this.failure = null;
    this.notice = "";
    this.form = {
      title: practice?.title ?? "",
      description: practice?.description ?? "",
      keywords: keywordsText(practice?.keywords),
      supportArea: practice?.supportArea ?? this.kase?.supportArea ?? "",
    };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>("#practice-title")?.focus();
  }

  private async close(): Promise<void> {
    const editing = this.editing;
    this.form = null;
    this.editing = null;
    await this.updateComplete;
    const back = editing
      ? this.renderRoot.querySelector<HTMLElement>(`[data-practice="${editing.id}"] button`)
      : this.renderRoot.querySelector<HTMLElement>("#propose");
    back?.focus();
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = this.form;
    const kase = this.kase?.id ?? "";
    if (!form || kase === "") return;
    const editing = this.editing;
    const draft = {
      title: form.title.trim(),
      description: form.description.trim(),
      keywords: keywordsOf(form.keywords),
      supportArea: form.supportArea,
    };
    const done = editing ? "practices.done.update" : "practices.done.create";
    await this.write(
      () => saveDraft(kase, editing, draft),
      (saved) => {
        this.form = null;
        this.editing = null;
        return t(done, { title: saved.title ?? "" });
      },
    );
  }

  private submit(practice: Practice): Promise<void> {
    return this.write(
      () => sendPracticeCommand(practice, "submit", ""),
      () => t("practices.done.submit", { title: practice.title ?? "" }),
    );
  }

  // Sends a write: carried out, `done` (given the practice the API
  // answers) says what happened, after the list is read again; refused,
  // the refusal is shown (refused).
  private async write(
    call: () => Promise<{ data?: Practice; error?: unknown; response: Response }>,
    done: (answer: Practice) => string,
  ): Promise<void> {
    this.busy = true;
    this.failure = null;
    this.notice = "";
    this.problems = new Map();
    try {
      const { data, error, response } = await call();
      if (data) {
        const notice = done(data);
        await this.load(false);
        await this.announce(notice);
        return;
      }
      await this.refused(response.status, error);
    } catch {
      this.failure = failureOf(undefined);
    } finally {
      this.busy = false;
    }
  }

  // A refusal: a stale version reads the list again and says so (the form
  // closes: the draft it changed is another now); a title the JST's case
  // already has (409 ALREADY_EXISTS) at the title; field problems beside
  // their fields ("practice.keywords[2]" at the keywords); anything else
  // above the section.
  private async refused(status: number, error: unknown): Promise<void> {
    const refusal = refusalOf(status, error);
    if (status === 409 && errorCodeOf(error) === ALREADY_EXISTS && this.form) {
      this.problems = new Map([["practice.title", t("practices.titleTaken")]]);
      await this.updateComplete;
      focusInvalidOr(this.renderRoot, "#practices-failure");
    } else if (refusal.kind === "conflict") {
      this.form = null;
      this.editing = null;
      await this.load(false);
      await this.announce(t("practices.stale"));
    } else if (refusal.kind === "fields" && this.form) {
      this.problems = problemsByFormField(namedKeywordProblems(refusal.fields, keywordsOf(this.form.keywords)));
      await this.updateComplete;
      focusInvalidOr(this.renderRoot, "#practice-others");
    } else {
      this.failure = describeRefusal(status, error);
    }
  }

  private async announce(notice: string): Promise<void> {
    this.notice = notice;
    await this.updateComplete;
    this.noticeElement.focus();
  }

  override render() {
    const kase = this.kase;
    if (!kase) return nothing;
    // A withdrawn case takes no new practice; its drafts are still changed
    // and submitted (the API allows it).
    const proposes = this.proposes;
    const takesNew = proposes && kase.stage !== "WITHDRAWN" && this.practices !== null;
    return html`<h2 id="practices" tabindex="-1">${t("practices.case.heading")}</h2>
      <p>${t("practices.case.intro")}</p>
      <p id="practices-notice" role="status" tabindex="-1">${this.notice}</p>
      <div id="practices-failure" tabindex="-1">${alertRegion(this.failure)}</div>
      ${this.renderList(proposes)}
      ${takesNew && this.form === null
        ? html`<p>
            <button id="propose" class="secondary" ?disabled=${this.busy} @click=${() => void this.open(null)}>
              ${t("practices.case.propose")}
            </button>
          </p>`
        : nothing}
      ${proposes && this.form !== null ? this.renderForm(this.form) : nothing}`;
  }

  private renderList(proposes: boolean) {
    const practices = this.practices;
    if (practices === null) return nothing;
    if (practices.length === 0) return html`<p data-field="noPractices">${t("practices.case.none")}</p>`;
    return html`<table aria-labelledby="practices">
      ${columnHeads(["practices.col.title", "practices.col.area", "practices.col.status", proposes && "practices.col.actions"])}
      <tbody>
        ${practices.map((practice) => {
          const title = practice.title ?? "";
          const status = practice.status && practice.status !== "PRACTICE_STATUS_UNSPECIFIED" ? practice.status : undefined;
          const draft = status === "PRACTICE_DRAFT";
          return html`<tr data-practice=${practice.id ?? ""}>
            <th scope="row">
              ${title}
              ${draft && practice.returnReason
                ? html`<p class="reason">${t("practices.returnReason", { reason: practice.returnReason })}</p>`
                : nothing}
            </th>
            <td>${practice.supportAreaCode}</td>
            <td data-field="status">${status ? t(`practices.status.${status}`) : ""}</td>
            ${proposes
              ? html`<td>
                  ${draft
                    ? html`<div class="actions">
                        <button
                          class="secondary"
                          ?disabled=${this.busy}
                          aria-label=${t("practices.command.of", { command: t("practices.command.edit"), title })}
                          @click=${() => void this.open(practice)}
                        >
                          ${t("practices.command.edit")}
                        </button>
                        <button
                          ?disabled=${this.busy || this.editing?.id === practice.id}
                          aria-label=${t("practices.command.of", { command: t("practices.command.submit"), title })}
                          @click=${() => void this.submit(practice)}
                        >
                          ${t("practices.command.submit")}
                        </button>
                      </div>`
                    : nothing}
                </td>`
              : nothing}
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  // One field of the draft's form: its label, `control` (given its id, name
  // and ARIA state), an optional hint and the API's problem under it.
  private field(field: keyof DraftForm, label: MessageKey, control: (a: FieldAttributes) => TemplateResult, hint?: MessageKey) {
    const id = `practice-${field}`;
    const problem = this.problems.get(`practice.${field}`);
    const hintId = hint ? `${id}-hint` : "";
    const describedBy = [hintId, problem ? problemIdOf(id) : ""].filter((part) => part !== "").join(" ");
    return html`<div class="field">
      <label for=${id}>${t(label)}</label>
      ${hint ? html`<p class="hint" id=${hintId}>${t(hint)}</p>` : nothing}
      ${control({ id, name: `practice.${field}`, invalid: problem ? "true" : "false", describedBy: describedBy || nothing })}
      ${fieldProblem(id, problem === undefined ? undefined : fieldProblemText(problem))}
    </div>`;
  }

  private renderForm(form: DraftForm) {
    const set = (field: keyof DraftForm) => (e: Event) =>
      (this.form = { ...form, [field]: (e.target as HTMLInputElement).value });
    const legend: string = this.editing
      ? t("practices.form.editLegend", { title: this.editing.title ?? "" })
      : t("practices.form.newLegend");
    const others = [...this.problems].filter(([field]) => !FORM_FIELDS.includes(field));
    return html`<form data-form="practice" @submit=${(e: SubmitEvent) => void this.save(e)}>
      <fieldset>
        <legend>${legend}</legend>
        ${this.field(
          "title",
          "practices.form.title",
          (a) =>
            html`<input
              id=${a.id}
              name=${a.name}
              maxlength=${TITLE_MAX}
              .value=${form.title}
              aria-invalid=${a.invalid}
              aria-describedby=${a.describedBy}
              @input=${set("title")}
            />`,
        )}
        ${this.field(
          "description",
          "practices.form.description",
          (a) =>
            html`<textarea
              id=${a.id}
              name=${a.name}
              rows="6"
              maxlength=${DESCRIPTION_MAX}
              .value=${form.description}
              aria-invalid=${a.invalid}
              aria-describedby=${a.describedBy}
              @input=${set("description")}
            ></textarea>`,
        )}
        ${this.field(
          "keywords",
          "practices.form.keywords",
          (a) =>
            html`<input
              id=${a.id}
              name=${a.name}
              .value=${form.keywords}
              aria-invalid=${a.invalid}
              aria-describedby=${a.describedBy}
              @input=${set("keywords")}
            />`,
          "practices.form.keywordsHint",
        )}
        ${this.field(
          "supportArea",
          "practices.form.area",
          (a) =>
            html`<select
              id=${a.id}
              name=${a.name}
              aria-invalid=${a.invalid}
              aria-describedby=${a.describedBy}
              @change=${set("supportArea")}
            >
              <option value="" ?selected=${form.supportArea === ""}>${t("practices.form.chooseArea")}</option>
              ${this.areas.map(
                (area) =>
                  html`<option value=${area.id ?? ""} ?selected=${form.supportArea === area.id}>
                    ${area.code} ${area.title}
                  </option>`,
              )}
            </select>`,
        )}
        ${others.length > 0
          ? html`<p class="problem" id="practice-others" tabindex="-1">${others.map(([, text]) => text).join(" ")}</p>`
          : nothing}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy}>${t("practices.form.save")}</button>
          <button type="button" class="secondary" @click=${() => void this.close()}>${t("practices.form.cancel")}</button>
        </div>
      </fieldset>
    </form>`;
  }
}

// A form control's id, name and ARIA state (CasePractices.field).
interface FieldAttributes {
  readonly id: string;
  readonly name: string;
  readonly invalid: "true" | "false";
  readonly describedBy: string | typeof nothing;
}

// The API's names of the form's fields: a problem of another (the case's,
// say) is said under the form.
const FORM_FIELDS: readonly string[] = ["title", "description", "keywords", "supportArea"].map((f) => `practice.${f}`);

declare global {
  interface HTMLElementTagNameMap {
    "jst-case-practices": CasePractices;
  }
}
