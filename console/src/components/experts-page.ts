// The experts registry (issue 19): the experts the caller may see (the API
// scopes it: a coordinator those serving its voivodeship, an expert
// themself) filtered by speciality, voivodeship and activity (the choices
// kept in the address), each with their caseload "open / max" as a bar and
// in words. The office adds an expert: one Idempotency-Key per submission,
// the API's field errors at their fields, what was typed kept.
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../api.js";
import { readQuery, writeQuery } from "../address.js";
import { dataOf, errorCodeOf, failureOf, refusalOf, type UserMessage } from "../errors.js";
import {
  SPECIALITIES,
  addressOf,
  caseloadOf,
  expertFiltersOf,
  expertQuery,
  type Expert,
  type ExpertFilters,
  type Speciality,
} from "../experts.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { VOIVODESHIPS, voivodeshipName } from "../voivodeships.js";
import { columnHeads } from "./column-heads.js";
import { fieldProblem, fieldProblemText, focusInvalidOr, problemIdOf } from "./field-problem.js";
import { nextPageButton } from "./next-page.js";
import { shared } from "./styles.js";
import { alertRegion, t } from "./text.js";
import { voivodeshipOptions } from "./voivodeship-options.js";

const PAGE_SIZE = 100;
const ALREADY_EXISTS = 6;

// The new expert's form, as typed.
interface Draft {
  subject: string;
  displayName: string;
  speciality: Speciality | "";
  voivodeships: string[];
  maxCaseload: string;
}
const EMPTY: Draft = { subject: "", displayName: "", speciality: "", voivodeships: [], maxCaseload: "" };

@customElement("jst-experts-page")
export class ExpertsPage extends LitElement {
  static override styles = [
    shared,
    css`
      form.filters label.check {
        flex-direction: row;
        align-items: center;
        gap: 0.4rem;
        padding-bottom: 0.5rem;
      }
      progress {
        width: 6rem;
        vertical-align: middle;
        margin-right: 0.5rem;
      }
      form.create {
        display: grid;
        gap: 0.6rem;
        max-width: 40rem;
        margin-top: 1rem;
      }
      form.create .field {
        display: flex;
        flex-direction: column;
      }
      form.create .field > label,
      fieldset.voivodeships legend {
        font-weight: 600;
      }
      fieldset.voivodeships {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
        gap: 0.2rem 1rem;
      }
      fieldset.voivodeships label {
        display: flex;
        gap: 0.4rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private filters: ExpertFilters = expertFiltersOf(readQuery());
  @state() private shown: ExpertFilters | null = null;
  @state() private experts: Expert[] = [];
  @state() private nextPageToken = "";
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  @state() private draft: Draft = EMPTY;
  @state() private fieldErrors = new Map<string, string>();
  @state() private createFailure: UserMessage | null = null;
  @state() private created = "";
  private submission: Submission | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load("");
  }

  private async load(pageToken: string): Promise<void> {
    const filters = pageToken === "" ? this.filters : (this.shown ?? this.filters);
    if (pageToken === "") writeQuery(addressOf(filters));
    this.busy = true;
    this.failure = null;
    try {
      const query = { ...expertQuery(filters, PAGE_SIZE), ...(pageToken ? { pageToken } : {}) };
      const data = await dataOf(api.GET("/v1/experts", { params: { query } }));
      this.experts = pageToken === "" ? (data.experts ?? []) : [...this.experts, ...(data.experts ?? [])];
      this.nextPageToken = data.nextPageToken ?? "";
      this.shown = filters;
    } catch (caught) {
      this.failure = failureOf(caught);
      if (pageToken === "") {
        this.shown = null;
        this.experts = [];
      }
    } finally {
      this.busy = false;
    }
  }

  private choose(change: Partial<ExpertFilters>): void {
    this.filters = { ...this.filters, ...change };
  }

  private edit(change: Partial<Draft>): void {
    this.draft = { ...this.draft, ...change };
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const draft = this.draft;
    const body = {
      subject: draft.subject,
      displayName: draft.displayName,
      speciality: draft.speciality === "" ? ("SPECIALITY_UNSPECIFIED" as const) : draft.speciality,
      voivodeships: VOIVODESHIPS.map(([code]) => code).filter((code) => draft.voivodeships.includes(code)),
      maxCaseload: Number.parseInt(draft.maxCaseload, 10) || 0,
    };
    const submission = submissionFor(this.submission, "create expert", body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.fieldErrors = new Map();
    this.createFailure = null;
    this.created = "";
    try {
      const { data, error, response } = await api.POST("/v1/experts", {
        params: { header: { "Idempotency-Key": submission.key } },
        body,
      });
      // A retry told the first attempt was carried out: it was created.
      if (data || wasAlreadyApplied(response.status, error)) {
        this.submission = null;
        this.created = data?.displayName ?? draft.displayName;
        this.draft = EMPTY;
        this.busy = false;
        await this.load("");
        return;
      }
      this.refused(response.status, error);
    } catch {
      this.refused(0, undefined);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    focusInvalidOr(this.renderRoot, "#create-result", "form.create");
  }

  private refused(status: number, body: unknown): void {
    if (!keepsKey(status, body)) this.submission = null;
    if (status === 409 && errorCodeOf(body) === ALREADY_EXISTS) {
      this.fieldErrors = new Map([["expert.subject", t("experts.subjectTaken")]]);
      return;
    }
    const refusal = refusalOf(status, body);
    if (refusal.kind === "fields") this.fieldErrors = new Map(refusal.fields);
    else if (refusal.kind === "other") this.createFailure = refusal.failure;
    else this.createFailure = { key: "error.unexpected", params: { status } };
  }

  override render() {
    return html`
      <h1>${t("screen.experts")}</h1>
      <p>${t("experts.intro")}</p>
      ${this.renderFilters()} ${alertRegion(this.failure)} ${this.renderResults()}
      ${mayCall("POST /v1/experts", store.session?.role ?? null) ? this.renderCreate() : nothing}
    `;
  }

  private renderFilters() {
    return html`<form
      class="filters"
      aria-label=${t("experts.filters")}
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.load("");
      }}
    >
      <label
        >${t("experts.speciality")}
        <select name="speciality" @change=${(e: Event) => this.choose({ speciality: (e.target as HTMLSelectElement).value as Speciality | "" })}>
          <option value="" ?selected=${this.filters.speciality === ""}>${t("experts.any")}</option>
          ${SPECIALITIES.map(
            (s) => html`<option value=${s} ?selected=${this.filters.speciality === s}>${t(`experts.speciality.${s}`)}</option>`,
          )}
        </select></label
      >
      <label
        >${t("experts.voivodeship")}
        <select name="voivodeship" @change=${(e: Event) => this.choose({ voivodeship: (e.target as HTMLSelectElement).value })}>
          ${voivodeshipOptions(this.filters.voivodeship, "experts.any")}
        </select></label
      >
      <label class="check"
        ><input
          type="checkbox"
          name="activeOnly"
          .checked=${this.filters.activeOnly}
          @change=${(e: Event) => this.choose({ activeOnly: (e.target as HTMLInputElement).checked })}
        />
        ${t("experts.activeOnly")}</label
      >
      <button type="submit" ?disabled=${this.busy}>${t("experts.show")}</button>
    </form>`;
  }

  private renderResults() {
    if (this.shown === null) return nothing;
    const experts = this.experts;
    return html`<p role="status" data-field="total">
        ${experts.length === 0 ? t("experts.none") : t("experts.count", { count: experts.length })}
      </p>
      ${experts.length === 0
        ? nothing
        : html`<table>
            <caption>
              ${t("experts.results")}
            </caption>
            ${columnHeads(["experts.name", "experts.speciality", "experts.voivodeships", "experts.caseload", "experts.status"])}
            <tbody>
              ${experts.map((expert) => this.renderRow(expert))}
            </tbody>
          </table>`}
      ${nextPageButton(this.nextPageToken, this.busy, "experts.next", (token) => this.load(token))}`;
  }

  private renderRow(expert: Expert) {
    return html`<tr data-expert=${expert.id ?? ""}>
      <th scope="row"><a href=${hrefOfScreen("expert", { expert: expert.id ?? "" })}>${expert.displayName}</a></th>
      <td data-field="speciality">${specialityWords(expert.speciality)}</td>
      <td data-field="voivodeships">${(expert.voivodeships ?? []).map(voivodeshipName).join(", ")}</td>
      <td data-field="caseload">${caseloadCell(expert)}</td>
      <td data-field="active">${t(expert.active ? "experts.active" : "experts.inactive")}</td>
    </tr>`;
  }

  // A labelled field of the new expert's form at the request's JSON path
  // `path`, with the API's error for that path next to it.
  private field(
    path: string,
    label: Parameters<typeof t>[0],
    input: (attrs: { id: string; invalid: "true" | "false"; describedBy: string }) => unknown,
  ) {
    const error = this.fieldErrors.get(path);
    const id = `field-${path.replace(/[^a-zA-Z]/g, "-")}`;
    return html`<div class="field">
      <label for=${id}>${t(label)}</label>
      ${input({ id, invalid: error !== undefined ? "true" : "false", describedBy: error !== undefined ? problemIdOf(id) : "" })}
      ${fieldProblem(id, error === undefined ? undefined : fieldProblemText(error))}
    </div>`;
  }

  private renderCreate() {
    const d = this.draft;
    const voivodeshipsError = [...this.fieldErrors].find(([path]) => path.startsWith("expert.voivodeships"))?.[1];
    return html`<h2 id="create-heading">${t("experts.create")}</h2>
      <form class="create" aria-labelledby="create-heading" @submit=${this.create} novalidate>
        <div role="alert">
          ${this.createFailure
            ? html`<p class="alert" id="create-result" tabindex="-1">${t(this.createFailure.key, this.createFailure.params)}</p>`
            : nothing}
        </div>
        <div role="status">${this.created ? html`<p data-field="created">${t("experts.created", { name: this.created })}</p>` : nothing}</div>
        ${this.field(
          "expert.subject",
          "experts.subject",
          (a) =>
            html`<input id=${a.id} name="subject" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${d.subject}
            @input=${(e: Event) => this.edit({ subject: (e.target as HTMLInputElement).value })} />`,
        )}
        ${this.field(
          "expert.displayName",
          "experts.displayName",
          (a) =>
            html`<input id=${a.id} name="displayName" aria-invalid=${a.invalid} aria-describedby=${a.describedBy} .value=${d.displayName}
            @input=${(e: Event) => this.edit({ displayName: (e.target as HTMLInputElement).value })} />`,
        )}
        ${this.field(
          "expert.speciality",
          "experts.speciality",
          (a) =>
            html`<select id=${a.id} name="speciality" aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
            @change=${(e: Event) => this.edit({ speciality: (e.target as HTMLSelectElement).value as Speciality | "" })}>
            <option value="" ?selected=${d.speciality === ""}>${t("experts.choose")}</option>
            ${SPECIALITIES.map((s) => html`<option value=${s} ?selected=${d.speciality === s}>${t(`experts.speciality.${s}`)}</option>`)}
          </select>`,
        )}
        <fieldset class="voivodeships" aria-invalid=${voivodeshipsError !== undefined ? "true" : "false"}
          aria-describedby=${voivodeshipsError !== undefined ? problemIdOf("voivodeships") : ""}>
          <legend>${t("experts.voivodeships")}</legend>
          ${VOIVODESHIPS.map(
            ([code, name]) => html`<label
              ><input
                type="checkbox"
                name="voivodeships"
                value=${code}
                .checked=${d.voivodeships.includes(code)}
                @change=${(e: Event) =>
                  this.edit({
                    voivodeships: (e.target as HTMLInputElement).checked
                      ? [...d.voivodeships, code]
                      : d.voivodeships.filter((c) => c !== code),
                  })}
              />${name}</label
            >`,
          )}
          ${fieldProblem("voivodeships", voivodeshipsError === undefined ? undefined : fieldProblemText(voivodeshipsError))}
        </fieldset>
        ${this.field(
          "expert.maxCaseload",
          "experts.maxCaseload",
          (a) =>
            html`<input id=${a.id} name="maxCaseload" inputmode="numeric" aria-invalid=${a.invalid} aria-describedby=${a.describedBy}
            .value=${d.maxCaseload} @input=${(e: Event) => this.edit({ maxCaseload: (e.target as HTMLInputElement).value })} />`,
        )}
        <p><button type="submit" ?disabled=${this.busy}>${this.busy ? t("experts.sending") : t("experts.createButton")}</button></p>
      </form>`;
  }
}

// A speciality in the user's words.
export function specialityWords(speciality: Expert["speciality"]): string {
  return speciality === "EDUCATION_DEVELOPMENT" || speciality === "PERSONNEL_DEVELOPMENT" ? t(`experts.speciality.${speciality}`) : "";
}

// The caseload as a bar with "open / max" beside it and in words for a
// screen reader and a reader who does not see the bar.
export function caseloadCell(expert: Expert) {
  const load = caseloadOf(expert);
  const words = t("experts.caseloadWords", { open: load.open, max: load.max });
  return html`<progress max=${load.max} .value=${load.open} aria-label=${words}></progress
    ><span data-field="load">${t("experts.caseloadOf", { open: load.open, max: load.max })}</span>${load.full
      ? html` <strong>(${t("experts.full")})</strong>`
      : nothing}`;
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-experts-page": ExpertsPage;
  }
}
