// A person's notification settings (GET/PUT /v1/notification-preferences):
// the language of their messages and one checkbox per kind the API lists
// for them (only those they can receive: a coordinator's weekly digest
// alone), the kinds the programme's rules require ticked and disabled with
// that said. An expert, a trainer or a coordinator sees their own (`own`:
// the API's empty `person`); the office names anyone, a JST its own people
// (a row's "Ustawienia" on the page, or a reference typed here); a
// coordinator reads its voivodeship's people's without changing them
// (`editable` false: a table). One Idempotency-Key per submission
// (submissions.ts); the API's field errors at their fields.
// Fires `own-person` (detail: the reference the API answered for one's
// own) and `show-notifications` (detail: a reference) for the page.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../api.js";
import { describeFailure, refusalOf, type UserMessage } from "../errors.js";
import type { MessageKey } from "../i18n/pl.js";
import {
  draftOf,
  instantOf,
  kindLabel,
  kindRowsOf,
  personWords,
  preferencesFieldOf,
  preferencesRequest,
  type Kind,
  type KindRow,
  type Preferences,
  type PreferencesDraft,
  type PreferencesField,
} from "../notifications.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { columnHeads } from "./column-heads.js";
import { fieldProblem, fieldProblemText, problemIdOf } from "./field-problem.js";
import { sections, shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";

@customElement("jst-notification-preferences")
export class NotificationPreferences extends LitElement {
  static override styles = [
    shared,
    sections,
    css`
      form.prefs {
        display: grid;
        gap: 1rem;
        max-width: 44rem;
      }
      fieldset {
        border: 2px solid #5a5a5a;
        border-radius: 4px;
        display: grid;
        gap: 0.35rem;
        padding: 0.6rem 1rem 0.8rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      fieldset label {
        display: flex;
        gap: 0.5rem;
        align-items: baseline;
      }
      fieldset label.required {
        color: #3d3d3d;
      }
      .hint {
        margin: 0 0 0.3rem;
        font-size: 0.9rem;
        color: #3d3d3d;
      }
      form.whose {
        display: flex;
        flex-wrap: wrap;
        gap: 0.8rem;
        align-items: flex-end;
        margin: 0 0 1rem;
      }
      form.whose .field {
        display: flex;
        flex-direction: column;
        flex: 1 1 26rem;
        max-width: 36rem;
      }
      form.whose label {
        font-weight: 600;
      }
      h3 {
        font-size: 1.1rem;
        margin: 1rem 0 0.3rem;
      }
      h2:focus,
      h3:focus {
        outline: 3px solid #1b1b1b;
        outline-offset: 2px;
      }
      .reference {
        font-family: ui-monospace, monospace;
        font-size: 0.9rem;
        word-break: break-all;
      }
      table {
        max-width: 44rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  // One's own settings (an expert, a trainer, a coordinator): no person is
  // named.
  @property({ type: Boolean }) own = false;
  // Whether the settings may be changed (false: a coordinator's view of
  // another person's).
  @property({ type: Boolean }) editable = false;

  // The reference typed in "Odbiorca"; the one whose settings are shown.
  @state() private whose = "";
  @state() private shownPerson = "";
  @state() private preferences: Preferences | null = null;
  @state() private draft: PreferencesDraft | null = null;
  @state() private loading = false;
  @state() private failure: UserMessage | null = null;
  // What is said instead of the settings (none to show: 404).
  @state() private absent: MessageKey | null = null;
  @state() private problems: ReadonlyMap<PreferencesField, string> = new Map();
  // When the settings shown were saved here ("" for not): said in the
  // language of the moment.
  @state() private savedAt = "";
  @state() private busy = false;
  private submission: Submission | null = null;
  // The latest read's number: an answer to an earlier one changes nothing.
  private ticket = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.own) void this.load("");
  }

  // Scrolls to the part's heading and puts the keyboard there.
  focusHeading(): void {
    const heading = this.renderRoot.querySelector<HTMLElement>("#prefs-heading");
    heading?.scrollIntoView({ block: "start" });
    heading?.focus();
  }

  // Shows the settings of `person` (the page's "Ustawienia" of a row) and
  // puts the keyboard on their heading.
  async show(person: string): Promise<void> {
    this.whose = person;
    await this.load(person);
    await this.updateComplete;
    const heading = this.renderRoot.querySelector<HTMLElement>("#prefs-of") ?? this.renderRoot.querySelector<HTMLElement>("#whose");
    heading?.scrollIntoView({ block: "start" });
    heading?.focus();
  }

  private async load(person: string): Promise<void> {
    const ticket = ++this.ticket;
    this.loading = true;
    this.failure = null;
    this.absent = null;
    this.savedAt = "";
    this.problems = new Map();
    this.preferences = null;
    this.draft = null;
    try {
      const query = person.trim() === "" ? {} : { person: person.trim() };
      const { data, error, response } = await api.GET("/v1/notification-preferences", { params: { query } });
      if (ticket !== this.ticket) return;
      if (data) this.loaded(data);
      else this.readRefused(response.status, error);
    } catch {
      if (ticket === this.ticket) this.failure = describeFailure(0, undefined);
    } finally {
      if (ticket === this.ticket) this.loading = false;
    }
  }

  private loaded(preferences: Preferences): void {
    this.preferences = preferences;
    this.draft = draftOf(preferences);
    this.shownPerson = preferences.person ?? "";
    this.submission = null;
    if (this.own) this.dispatchEvent(new CustomEvent<string>("own-person", { detail: this.shownPerson }));
  }

  private readRefused(status: number, body: unknown): void {
    // No settings to show: one's own as an expert not yet assigned to any
    // case (said as such), or a person unknown or out of the caller's scope.
    if (status === 404) {
      if (this.own) {
        this.absent = store.session?.role === "EXPERT" ? "notifications.prefs.expertUnassigned" : "notifications.prefs.notFound";
      } else {
        this.problems = new Map([["person", t("notifications.prefs.notFound")]]);
      }
      return;
    }
    const refusal = refusalOf(status, body);
    if (refusal.kind === "fields" && refusal.fields.has("person")) {
      this.problems = new Map([["person", fieldProblemText(refusal.fields.get("person") ?? "")]]);
    } else {
      this.failure = refusal.kind === "other" ? refusal.failure : describeFailure(status, body);
    }
  }

  private choose(change: Partial<PreferencesDraft>): void {
    if (this.draft === null) return;
    this.draft = { ...this.draft, ...change };
  }

  private toggle(kind: Kind, wanted: boolean): void {
    if (this.draft === null) return;
    const set = new Set(this.draft.wanted);
    if (wanted) set.add(kind);
    else set.delete(kind);
    this.choose({ wanted: set });
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy || this.draft === null) return;
    const person = this.own ? "" : this.shownPerson;
    const body = preferencesRequest(person, this.draft);
    const submission = submissionFor(this.submission, `preferences ${person}`, body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.failure = null;
    this.savedAt = "";
    this.problems = new Map();
    try {
      const { data, error, response } = await api.PUT("/v1/notification-preferences", {
        params: { header: { "Idempotency-Key": submission.key } },
        body,
      });
      if (data) {
        this.loaded(data);
        this.savedAt = instantOf(data.updateTime) || new Date().toISOString();
      } else if (wasAlreadyApplied(response.status, error)) {
        await this.load(person);
        this.savedAt = instantOf(this.preferences?.updateTime) || new Date().toISOString();
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
    if (refusal.kind === "fields") {
      const problems = new Map<PreferencesField, string>();
      const elsewhere: string[] = [];
      for (const [path, text] of refusal.fields) {
        const field = preferencesFieldOf(path);
        if (field !== undefined) problems.set(field, fieldProblemText(text));
        else elsewhere.push(`${path}: ${text}`);
      }
      this.problems = problems;
      if (elsewhere.length > 0) this.failure = { key: "error.badRequest", params: { message: elsewhere.join("; ") } };
    } else {
      this.failure = refusal.kind === "other" ? refusal.failure : describeFailure(status, body);
    }
    await this.updateComplete;
    const first = [...this.problems.keys()][0];
    const target =
      first === "person"
        ? this.renderRoot.querySelector<HTMLElement>("#whose")
        : first !== undefined
          ? this.renderRoot.querySelector<HTMLElement>(`#prefs-${first} input:not([disabled])`)
          : this.renderRoot.querySelector<HTMLElement>("#prefs-failure");
    target?.focus();
  }

  override render() {
    const role = store.session?.role ?? null;
    const intro: MessageKey | null = this.own
      ? null
      : role === "ADMIN"
        ? "notifications.prefs.introAdmin"
        : role === "JST"
          ? "notifications.prefs.introJst"
          : "notifications.prefs.introCoordinator";
    return html`<section aria-labelledby="prefs-heading">
      <h2 id="prefs-heading" tabindex="-1">${t(this.own ? "notifications.prefs.ownHeading" : "notifications.prefs.heading")}</h2>
      ${intro ? html`<p>${t(intro)}</p>` : nothing} ${this.own ? nothing : this.renderWhose()}
      <div role="alert" id="prefs-failure" tabindex="-1">
        ${this.failure ? html`<p class="alert">${t(this.failure.key, this.failure.params)}</p>` : nothing}
      </div>
      ${this.loading ? html`<p role="status">${t("notifications.prefs.loading")}</p>` : nothing}
      ${this.absent ? html`<p class="alert" data-field="prefs-absent">${t(this.absent)}</p>` : nothing}
      ${this.preferences && this.draft ? this.renderSettings(this.preferences, this.draft) : nothing}
    </section>`;
  }

  // The office, a JST or a coordinator names whose settings to show.
  private renderWhose() {
    const problem = this.problems.get("person");
    const described = ["whose-hint", problem !== undefined ? problemIdOf("whose") : ""].filter(Boolean).join(" ");
    return html`<form
      class="whose"
      aria-label=${t("notifications.prefs.whose")}
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.show(this.whose);
      }}
    >
      <div class="field">
        <label for="whose">${t("notifications.prefs.whose")}</label>
        <input
          id="whose"
          name="person"
          spellcheck="false"
          autocomplete="off"
          aria-invalid=${problem !== undefined ? "true" : "false"}
          aria-describedby=${described}
          .value=${this.whose}
          @input=${(e: Event) => (this.whose = (e.target as HTMLInputElement).value)}
        />
        <p class="hint" id="whose-hint">${t("notifications.prefs.whoseHint")}</p>
        ${fieldProblem("whose", problem)}
      </div>
      <p><button type="submit" class="secondary">${t("notifications.prefs.open")}</button></p>
    </form>`;
  }

  private renderSettings(preferences: Preferences, draft: PreferencesDraft) {
    const person = preferences.person ?? "";
    const words = personWords(person, this.own ? person : "");
    const rows = kindRowsOf(preferences);
    const notChosen = preferences.chosen !== true;
    return html`${this.own
        ? nothing
        : html`<h3 id="prefs-of" tabindex="-1">${t(words.key, words.params)}</h3>
            <p class="reference" data-field="prefs-person">${t("notifications.prefs.reference", { reference: person })}</p>
            <p>
              <button
                type="button"
                class="secondary"
                @click=${() => this.dispatchEvent(new CustomEvent<string>("show-notifications", { detail: person }))}
              >
                ${t("notifications.prefs.showTheirs")}
              </button>
            </p>`}
      <p data-field="prefs-chosen">
        ${notChosen
          ? t(this.own ? "notifications.prefs.notChosenOwn" : "notifications.prefs.notChosen")
          : instantOf(preferences.updateTime)
            ? t("notifications.prefs.updated", { time: dateTime(instantOf(preferences.updateTime)) })
            : nothing}
      </p>
      ${this.editable ? this.renderForm(rows, draft) : this.renderView(rows, preferences)}`;
  }

  private renderForm(rows: readonly KindRow[], draft: PreferencesDraft) {
    const languageProblem = this.problems.get("language");
    const kindsProblem = this.problems.get("optedOut");
    const required = rows.filter((row) => row.required);
    const optional = rows.filter((row) => !row.required);
    return html`<form class="prefs" aria-label=${t(this.own ? "notifications.prefs.ownHeading" : "notifications.prefs.heading")} @submit=${this.save} novalidate>
      <fieldset
        id="prefs-language"
        aria-invalid=${languageProblem !== undefined ? "true" : "false"}
        aria-describedby=${languageProblem !== undefined ? problemIdOf("prefs-language") : ""}
      >
        <legend>${t("notifications.prefs.language")}</legend>
        ${(["pl", "en"] as const).map(
          (language) => html`<label
            ><input
              type="radio"
              name="language"
              value=${language}
              .checked=${draft.language === language}
              @change=${() => this.choose({ language })}
            />${t(`notifications.prefs.language.${language}`)}</label
          >`,
        )}
        ${fieldProblem("prefs-language", languageProblem)}
      </fieldset>
      ${required.length === 0
        ? nothing
        : html`<fieldset id="prefs-required">
            <legend>${t("notifications.prefs.required")}</legend>
            <p class="hint" id="prefs-required-hint">${t("notifications.prefs.requiredHint")}</p>
            ${required.map(
              (row) => html`<label class="required"
                ><input type="checkbox" name="kind" value=${row.kind} checked disabled aria-describedby="prefs-required-hint" />${kindLabel(store.locale, row.kind)}</label
              >`,
            )}
          </fieldset>`}
      <fieldset
        id="prefs-optedOut"
        aria-invalid=${kindsProblem !== undefined ? "true" : "false"}
        aria-describedby=${["prefs-optional-hint", kindsProblem !== undefined ? problemIdOf("prefs-optedOut") : ""].filter(Boolean).join(" ")}
      >
        <legend>${t("notifications.prefs.optional")}</legend>
        <p class="hint" id="prefs-optional-hint">${t("notifications.prefs.optionalHint")}</p>
        ${optional.map(
          (row) => html`<label
            ><input
              type="checkbox"
              name="kind"
              value=${row.kind}
              .checked=${draft.wanted.has(row.kind)}
              @change=${(e: Event) => this.toggle(row.kind, (e.target as HTMLInputElement).checked)}
            />${kindLabel(store.locale, row.kind)}</label
          >`,
        )}
        ${fieldProblem("prefs-optedOut", kindsProblem)}
      </fieldset>
      <p>
        <button type="submit" aria-disabled=${this.busy ? "true" : "false"}>
          ${this.busy ? t("notifications.prefs.saving") : t("notifications.prefs.save")}
        </button>
      </p>
      <div role="status">${this.savedAt
          ? html`<p data-field="prefs-saved">${t("notifications.prefs.saved", { time: dateTime(this.savedAt) })}</p>`
          : nothing}</div>
    </form>`;
  }

  // A coordinator's view: the language and each kind, sent or not.
  private renderView(rows: readonly KindRow[], preferences: Preferences) {
    const language = preferences.language === "pl" || preferences.language === "en" ? preferences.language : "none";
    return html`<p data-field="prefs-readonly">${t("notifications.prefs.readOnly")}</p>
      <p data-field="prefs-language">${t("notifications.prefs.language")}: ${t(`notifications.prefs.language.${language}`)}</p>
      <table>
        ${columnHeads(["notifications.prefs.kind", "notifications.prefs.sent"])}
        <tbody>
          ${rows.map(
            (row) => html`<tr data-kind=${row.kind}>
              <th scope="row">${kindLabel(store.locale, row.kind)}</th>
              <td>
                ${t(row.required ? "notifications.prefs.sentRequired" : row.optedOut ? "notifications.prefs.sentNo" : "notifications.prefs.sentYes")}
              </td>
            </tr>`,
          )}
        </tbody>
      </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-notification-preferences": NotificationPreferences;
  }
}
