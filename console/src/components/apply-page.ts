// A JST's application to an edition whose recruitment is open, with its
// team of representatives and the institution block (POST
// /v1/editions/{edition}/applications). JST staff apply for the token's
// JST; the office and a coordinator type the TERYT code and see the
// registry's name. Every PESEL is checked in the browser first (pesel.ts:
// nothing is sent while one is wrong); the API stays the judge, and each
// field it refuses (`representatives[1].email`) is shown at the input named
// by that path. One Idempotency-Key per submission (submissions.ts); after
// success, the application's page.
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { api } from "../api.js";
import { todayInWarsaw } from "../editions.js";
import type { JstKind } from "../applications.js";
import { dataOf, failureOf, refusalOf, unmetText, type UserMessage } from "../errors.js";
import type { MessageKey } from "../i18n/pl.js";
import { hrefOfScreen } from "../screens.js";
import {
  EDUCATION_LEVELS,
  SEXES,
  SITUATIONS,
  SITUATION_ANSWERS,
  TARGET_GROUPS,
  emptyInstitution,
  emptyRepresentative,
  isTeryt,
  recruitingEditions,
  submitBody,
  teamProblems,
  type Application,
  type Edition,
  type InstitutionForm,
  type Representative,
} from "../staff.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { fieldProblem, fieldProblemText, focusInvalidOr, problemIdOf } from "./field-problem.js";
import { loadEditions } from "./edition-select.js";
import { shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";

interface Row {
  readonly key: number;
  readonly data: Representative;
}

type Option = readonly [value: string, label: string];
type Jst = { readonly teryt: string; readonly name: string; readonly kind: JstKind | "" } | { readonly teryt: string; readonly unknown: true };

// An input's id from the field's JSON path ("representatives[1].pesel").
function idOf(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

@customElement("jst-apply-page")
export class ApplyPage extends LitElement {
  static override styles = [
    shared,
    css`
      form.apply {
        display: grid;
        gap: 1rem;
        max-width: 60rem;
      }
      fieldset {
        border: 2px solid #5a5a5a;
        border-radius: 4px;
        padding: 0.8rem 1rem 1rem;
        margin: 0;
      }
      legend {
        font-weight: 700;
        padding: 0 0.3rem;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
        gap: 0.8rem 1rem;
      }
      .field > label {
        display: block;
        font-weight: 600;
      }
      .field input:not([type="checkbox"]),
      .field select {
        width: 100%;
        box-sizing: border-box;
      }
      .check {
        align-self: end;
      }
      /* The edition and the TERYT code: as wide as what they hold. */
      form.apply > .field {
        max-width: 44rem;
      }
      #f-teryt {
        max-width: 12rem;
      }
      .team {
        display: grid;
        gap: 1rem;
      }
      .hint {
        margin: 0.2rem 0 0;
        color: #3b3b3b;
      }
      .row-actions {
        margin-top: 0.8rem;
      }
      ul.problems {
        margin: 0.4rem 0 0;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private editions: Edition[] | null = null;
  @state() private edition = "";
  @state() private teryt = store.session?.role === "JST" ? (store.session?.jst ?? "") : "";
  @state() private jst: Jst | null = null;
  @state() private rows: Row[] = [{ key: 0, data: emptyRepresentative() }];
  @state() private institution: InstitutionForm = emptyInstitution();
  // What is wrong, by the field's JSON path, in the user's words.
  @state() private problems: ReadonlyMap<string, string> = new Map();
  @state() private failure: UserMessage | null = null;
  // Whether `problems` are the API's refusal (else the browser's check).
  @state() private refusedByServer = false;
  @state() private unmet: readonly string[] = [];
  @state() private announcement = "";
  @state() private busy = false;
  private nextKey = 1;
  private submission: Submission | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private get ownJst(): boolean {
    return store.session?.role === "JST";
  }

  private async load(): Promise<void> {
    try {
      const open = recruitingEditions(await loadEditions(), new Date());
      this.editions = open;
      this.edition = open[0]?.code ?? "";
      if (this.teryt !== "") await this.lookUp(this.teryt);
    } catch (caught) {
      this.failure = failureOf(caught);
    }
  }

  // The registry's name of the JST (GET /v1/jsts/{teryt}).
  private async lookUp(teryt: string): Promise<void> {
    if (!isTeryt(teryt)) {
      this.jst = null;
      return;
    }
    const { data } = await api.GET("/v1/jsts/{teryt}", { params: { path: { teryt } } });
    if (teryt !== this.teryt) return;
    const kind = data?.kind && data.kind !== "JST_KIND_UNSPECIFIED" ? data.kind : "";
    this.jst = data ? { teryt, name: data.name ?? "", kind } : { teryt, unknown: true };
  }

  private setRow(index: number, change: Partial<Representative>): void {
    this.rows = this.rows.map((row, i) => (i === index ? { key: row.key, data: { ...row.data, ...change } } : row));
  }

  private clearProblem(path: string): void {
    if (!this.problems.has(path)) return;
    const problems = new Map(this.problems);
    problems.delete(path);
    this.problems = problems;
  }

  // The PESEL's own check, when the user leaves the field.
  private checkPesel(index: number): void {
    const path = `representatives[${index}].pesel`;
    const problem = teamProblems([this.rows[index]?.data ?? emptyRepresentative()], todayInWarsaw()).get(
      "representatives[0].pesel",
    );
    const problems = new Map(this.problems);
    if (problem === undefined) problems.delete(path);
    else problems.set(path, t(`staff.pesel.${problem}`));
    this.problems = problems;
  }

  private async addRow(): Promise<void> {
    this.rows = [...this.rows, { key: this.nextKey++, data: emptyRepresentative() }];
    this.problems = new Map();
    this.announcement = t("staff.apply.added", { number: this.rows.length });
    await this.updateComplete;
    this.focusField(`representatives[${this.rows.length - 1}].firstName`);
  }

  // Removing a row renumbers the rows after it: the problems found so far
  // named the old numbers, so they go (the next check finds them again).
  private async removeRow(index: number): Promise<void> {
    this.rows = this.rows.filter((_, i) => i !== index);
    this.problems = new Map();
    this.announcement = t("staff.apply.removed", { count: this.rows.length });
    await this.updateComplete;
    const next = Math.min(index, this.rows.length - 1);
    if (next >= 0) this.focusField(`representatives[${next}].firstName`);
    else this.renderRoot.querySelector<HTMLElement>("button[data-add]")?.focus();
  }

  private focusField(path: string): void {
    this.renderRoot.querySelector<HTMLElement>(`#${idOf(path)}`)?.focus();
  }

  private async focusFirstProblem(): Promise<void> {
    await this.updateComplete;
    focusInvalidOr(this.renderRoot, "[data-summary]");
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy || this.edition === "") return;
    this.failure = null;
    this.unmet = [];
    const found = teamProblems(
      this.rows.map((row) => row.data),
      todayInWarsaw(),
    );
    if (found.size > 0) {
      this.refusedByServer = false;
      this.problems = new Map([...found].map(([path, problem]) => [path, t(`staff.pesel.${problem}`)]));
      await this.focusFirstProblem();
      return;
    }
    this.problems = new Map();
    const body = submitBody(
      this.teryt,
      this.rows.map((row) => row.data),
      this.institution,
    );
    const submission = submissionFor(this.submission, `${this.edition} ${body.teryt}`, body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    try {
      const { data, error, response } = await api.POST("/v1/editions/{edition}/applications", {
        params: { path: { edition: this.edition }, header: { "Idempotency-Key": submission.key } },
        body,
      });
      if (data) this.open(data);
      else await this.refused(response.status, error, body.teryt);
    } catch {
      await this.refused(0, undefined, body.teryt);
    } finally {
      this.busy = false;
    }
  }

  private async refused(status: number, body: unknown, teryt: string): Promise<void> {
    if (wasAlreadyApplied(status, body)) {
      const list = await dataOf(
        api.GET("/v1/editions/{edition}/applications", { params: { path: { edition: this.edition }, query: { teryt } } }),
      ).catch(() => null);
      const application = list?.applications?.[0];
      if (application) {
        this.open(application);
        return;
      }
    }
    if (!keepsKey(status, body)) this.submission = null;
    const refusal = refusalOf(status, body);
    if (refusal.kind === "fields") {
      this.refusedByServer = true;
      this.problems = new Map(
        [...refusal.fields].map(([path, message]) => [path, fieldProblemText(message)]),
      );
      await this.focusFirstProblem();
    } else if (refusal.kind === "guard") {
      this.unmet = refusal.unmet.map((rule) => unmetText(rule));
    } else if (status === 409) {
      this.failure = { key: "staff.apply.exists", params: {} };
    } else {
      this.failure = refusal.kind === "other" ? refusal.failure : { key: "error.unexpected", params: { status } };
    }
  }

  // The application's page (through the console's router: a popstate).
  private open(application: Application): void {
    this.submission = null;
    history.pushState(null, "", hrefOfScreen("application", { application: application.id ?? "" }));
    window.dispatchEvent(new PopStateEvent("popstate"));
  }

  override render() {
    return html`
      <h1>${t("screen.apply")}</h1>
      <p>${t("staff.apply.intro")}</p>
      ${alertRegion(this.failure)}
      <p role="status" class="visually-hidden">${this.announcement}</p>
      ${this.renderBody()}
    `;
  }

  private renderBody() {
    if (this.editions === null) return this.failure ? nothing : html`<p role="status">${t("app.loading")}</p>`;
    if (this.editions.length === 0) return html`<p data-none-open>${t("staff.apply.noneOpen")}</p>`;
    if (this.ownJst && this.teryt === "") return html`<p class="alert">${t("staff.apply.noOwnJst")}</p>`;
    const minimum = this.editions.find((e) => e.code === this.edition)?.minRepresentatives ?? 0;
    return html`<form class="apply" novalidate aria-label=${t("screen.apply")} @submit=${this.send}>
      <div class="field">
        <label for="edition">${t("staff.apply.edition")}</label>
        <select id="edition" name="edition" @change=${(e: Event) => (this.edition = (e.target as HTMLSelectElement).value)}>
          ${this.editions.map(
            (edition) =>
              html`<option value=${edition.code ?? ""} ?selected=${edition.code === this.edition}>
                ${t("staff.apply.editionOption", {
                  name: edition.name ?? "",
                  code: edition.code ?? "",
                  closes: dateTime(edition.recruitmentClosesAt ?? ""),
                })}
              </option>`,
          )}
        </select>
      </div>
      ${this.renderJst()}
      <fieldset>
        <legend>${t("staff.apply.team")}</legend>
        <p class="hint">${t("staff.apply.teamHint", { minimum })}</p>
        <div class="team">
          ${this.rows.length === 0 ? html`<p>${t("staff.apply.noTeam")}</p>` : nothing}
          ${repeat(
            this.rows,
            (row) => row.key,
            (row, index) => this.renderRow(row.data, index),
          )}
        </div>
        <p class="row-actions">
          <button type="button" class="secondary" data-add @click=${() => void this.addRow()}>${t("staff.apply.add")}</button>
        </p>
      </fieldset>
      ${this.renderInstitution()} ${this.renderSummary()}
      <p>
        <button type="submit" ?disabled=${this.busy}>${this.busy ? t("staff.apply.sending") : t("staff.apply.submit")}</button>
      </p>
    </form>`;
  }

  private renderJst() {
    if (this.ownJst) {
      const name = this.jst && "name" in this.jst ? this.jst.name : "";
      return html`<p data-own-jst>${t("staff.apply.ownJst", { name, teryt: this.teryt })}</p>`;
    }
    const jst = this.jst;
    const found =
      jst === null
        ? ""
        : "unknown" in jst
          ? t("staff.apply.jstUnknown", { teryt: jst.teryt })
          : t("staff.apply.jstFound", {
              name: jst.name,
              kind: jst.kind === "" ? "" : t(`kind.${jst.kind}`),
            });
    return html`<div class="field">
      ${this.input("teryt", "staff.apply.teryt", this.teryt, (value) => {
        this.teryt = value.trim();
        void this.lookUp(this.teryt);
      }, { inputmode: "numeric", hint: "staff.apply.terytHint" })}
      <p class="hint" aria-live="polite" data-jst-name>${found}</p>
    </div>`;
  }

  private renderRow(row: Representative, index: number) {
    const path = (name: string) => `representatives[${index}].${name}`;
    const number = index + 1;
    const set = (change: Partial<Representative>) => this.setRow(index, change);
    return html`<fieldset data-representative=${index}>
      <legend>${t("staff.apply.representative", { number })}</legend>
      <div class="grid">
        ${this.field(path("firstName"), "staff.field.firstName", row.firstName, (v) => set({ firstName: v }), {
          autocomplete: "off",
        })}
        ${this.field(path("lastName"), "staff.field.lastName", row.lastName, (v) => set({ lastName: v }))}
        ${row.noPesel
          ? html`${this.field(path("otherIdentifier"), "staff.field.otherIdentifier", row.otherIdentifier, (v) =>
              set({ otherIdentifier: v }),
            )}
            ${this.select(
              path("sex"),
              "staff.field.sex",
              row.sex,
              SEXES.map((sex) => [sex, t(`code.${sex}`)] as const),
              (v) => set({ sex: v as Representative["sex"] }),
            )}
            ${this.field(path("birthDate"), "staff.field.birthDate", row.birthDate, (v) => set({ birthDate: v }), {
              type: "date",
            })}`
          : this.field(path("pesel"), "staff.field.pesel", row.pesel, (v) => set({ pesel: v }), {
              inputmode: "numeric",
              onChange: () => this.checkPesel(index),
            })}
        ${this.checkbox(path("noPesel"), "staff.field.noPesel", row.noPesel, (v) => {
          set({ noPesel: v });
          this.clearProblem(path("pesel"));
        })}
        ${this.select(
          path("targetGroup"),
          "staff.field.targetGroup",
          row.targetGroup,
          TARGET_GROUPS.map((group) => [group, t(`code.${group}`)] as const),
          (v) => set({ targetGroup: v as Representative["targetGroup"] }),
        )}
        ${this.field(path("position"), "staff.field.position", row.position, (v) => set({ position: v }))}
        ${this.select(
          path("educationLevel"),
          "staff.field.educationLevel",
          row.educationLevel,
          EDUCATION_LEVELS.map((level) => [level, t(`code.${level}`)] as const),
          (v) => set({ educationLevel: v as Representative["educationLevel"] }),
        )}
        ${this.field(path("email"), "staff.field.email", row.email, (v) => set({ email: v }), { type: "email" })}
        ${this.field(path("phone"), "staff.field.phone", row.phone, (v) => set({ phone: v }), { type: "tel" })}
        ${this.field(path("participationStart"), "staff.field.participationStart", row.participationStart, (v) =>
          set({ participationStart: v }), { type: "date" })}
        ${this.field(path("declaration.signedOn"), "staff.field.signedOn", row.declarationSignedOn, (v) =>
          set({ declarationSignedOn: v }), { type: "date" })}
        ${this.checkbox(path("declaration.informationClauseHandedOver"), "staff.field.clause", row.informationClauseHandedOver, (v) =>
          set({ informationClauseHandedOver: v }),
        )}
      </div>
      <fieldset>
        <legend>${t("staff.field.situations")}</legend>
        <div class="grid">
          ${SITUATIONS.map((situation) =>
            this.select(
              path(situation),
              `staff.field.${situation}`,
              row[situation],
              SITUATION_ANSWERS.map((answer) => [answer, t(`staff.answer.${answer}`)] as const),
              (v) => set({ [situation]: v }),
              "staff.notAnswered",
            ),
          )}
        </div>
      </fieldset>
      <p class="row-actions">
        <button type="button" class="secondary" @click=${() => void this.removeRow(index)}>
          ${t("staff.apply.remove", { number })}
        </button>
      </p>
    </fieldset>`;
  }

  private renderInstitution() {
    const block = this.institution;
    const set = (change: Partial<InstitutionForm>) => (this.institution = { ...block, ...change });
    const text = (name: Exclude<keyof InstitutionForm, "degurba">, type = "text") =>
      this.field(`institution.${name}`, `staff.institution.${name}`, block[name], (v) => set({ [name]: v }), { type });
    return html`<fieldset>
      <legend>${t("staff.institution")}</legend>
      <div class="grid">
        ${text("nip")} ${text("locality")} ${text("street")} ${text("buildingNumber")} ${text("flatNumber")}
        ${text("postcode")}
        ${this.select(
          "institution.degurba",
          "staff.institution.degurba",
          block.degurba,
          (["1", "2", "3"] as const).map((d) => [d, t(`staff.institution.degurba${d}`)] as const),
          (v) => set({ degurba: v as InstitutionForm["degurba"] }),
          "staff.institution.degurbaRegistry",
        )}
        ${text("phone", "tel")} ${text("email", "email")}
      </div>
    </fieldset>`;
  }

  // The problems no input shows (a path the form has no field for), and
  // the rules the API found unmet; the count of the marked fields.
  private renderSummary() {
    if (this.problems.size === 0 && this.unmet.length === 0) return nothing;
    const unplaced = [...this.problems].filter(([path]) => this.renderRoot.querySelector(`#${idOf(path)}`) === null);
    return html`<div class="alert" tabindex="-1" data-summary>
      ${this.problems.size > 0
        ? html`<p>${t(this.refusedByServer ? "staff.apply.refused" : "staff.apply.fixFirst", { count: this.problems.size })}</p>`
        : html`<p>${t("staff.apply.rules")}</p>`}
      ${unplaced.length + this.unmet.length > 0
        ? html`<ul class="problems">
            ${unplaced.map(([field, message]) => html`<li>${t("staff.apply.otherField", { field, message })}</li>`)}
            ${this.unmet.map((rule) => html`<li>${rule}</li>`)}
          </ul>`
        : nothing}
    </div>`;
  }

  private described(path: string, hint?: MessageKey): { invalid: "true" | "false"; describedBy: string; after: TemplateResult } {
    const problem = this.problems.get(path);
    const id = idOf(path);
    const ids = [hint ? `${id}-hint` : "", problem ? problemIdOf(id) : ""].filter((x) => x !== "").join(" ");
    return {
      invalid: problem ? "true" : "false",
      describedBy: ids,
      after: html`${hint ? html`<p class="hint" id=${`${id}-hint`}>${t(hint)}</p>` : nothing}
      ${fieldProblem(id, problem)}`,
    };
  }

  private input(
    path: string,
    label: MessageKey,
    value: string,
    onInput: (value: string) => void,
    options: { type?: string; inputmode?: string; autocomplete?: string; hint?: MessageKey; onChange?: () => void } = {},
  ) {
    const { invalid, describedBy, after } = this.described(path, options.hint);
    return html`<label for=${idOf(path)}>${t(label)}</label>
      <input
        id=${idOf(path)}
        name=${path}
        type=${options.type ?? "text"}
        inputmode=${options.inputmode ?? nothing}
        autocomplete=${options.autocomplete ?? "off"}
        aria-invalid=${invalid}
        aria-describedby=${describedBy || nothing}
        .value=${value}
        @input=${(e: Event) => {
          onInput((e.target as HTMLInputElement).value);
          if (!options.onChange) this.clearProblem(path);
        }}
        @change=${() => options.onChange?.()}
      />
      ${after}`;
  }

  private field(
    path: string,
    label: MessageKey,
    value: string,
    onInput: (value: string) => void,
    options: { type?: string; inputmode?: string; autocomplete?: string; onChange?: () => void } = {},
  ) {
    return html`<div class="field">${this.input(path, label, value, onInput, options)}</div>`;
  }

  private select(
    path: string,
    label: MessageKey,
    value: string,
    options: readonly Option[],
    onChange: (value: string) => void,
    empty: MessageKey = "staff.choose",
  ) {
    const { invalid, describedBy, after } = this.described(path);
    return html`<div class="field">
      <label for=${idOf(path)}>${t(label)}</label>
      <select
        id=${idOf(path)}
        name=${path}
        aria-invalid=${invalid}
        aria-describedby=${describedBy || nothing}
        @change=${(e: Event) => {
          onChange((e.target as HTMLSelectElement).value);
          this.clearProblem(path);
        }}
      >
        <option value="" ?selected=${value === ""}>${t(empty)}</option>
        ${options.map(([option, text]) => html`<option value=${option} ?selected=${option === value}>${text}</option>`)}
      </select>
      ${after}
    </div>`;
  }

  private checkbox(path: string, label: MessageKey, checked: boolean, onChange: (value: boolean) => void) {
    const { invalid, describedBy, after } = this.described(path);
    return html`<div class="field check">
      <label>
        <input
          type="checkbox"
          id=${idOf(path)}
          name=${path}
          aria-invalid=${invalid}
          aria-describedby=${describedBy || nothing}
          .checked=${checked}
          @change=${(e: Event) => {
            onChange((e.target as HTMLInputElement).checked);
            this.clearProblem(path);
          }}
        />
        ${t(label)}</label
      >
      ${after}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-apply-page": ApplyPage;
  }
}
