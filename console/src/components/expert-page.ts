// An expert (issue 19): their record and their open cases, each opening
// the case's page. For the office, the deactivation with its handover plan
// shown before it is confirmed: the API's preview (validateOnly) answers
// which case goes to whom and who becomes its guardian, changing nothing;
// the office may give a case to another eligible expert (the preview is
// asked again), must write the handover note, and confirms with the real
// call sending the plan shown as the exact plan (guardians included), so
// what was shown is what happens or nothing does: a plan changed since
// the preview is said in words, with the new preview shown to confirm.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { api } from "../api.js";
import { dataOf, describeFailure, failureOf, refusalOf, unmetText, type UserMessage } from "../errors.js";
import {
  OPEN_STAGES,
  caseloadOf,
  eligibleExperts,
  confirmationOf,
  handoversOf,
  planChanged,
  planWith,
  type Expert,
  type Handover,
  type Speciality,
} from "../experts.js";
import type { components } from "../generated/api.js";
import { hrefOfScreen, mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { voivodeshipName } from "../voivodeships.js";
import { loadJstNames } from "./cases-page.js";
import { columnHeads } from "./column-heads.js";
import { caseloadCell, specialityWords } from "./experts-page.js";
import { focusInvalidOr } from "./field-problem.js";
import { jstStyles } from "./jst-styles.js";
import { shared } from "./styles.js";
import { alertRegion, t } from "./text.js";

type Case = Readable<components["schemas"]["Case"]>;

// What the deactivation form says after an answer.
// "applied": a retry told the first attempt was carried out (its answer,
// and so its handovers, lost); "planChanged": the plan confirmed was no
// longer the one the server would carry out, nothing changed, and the new
// preview is shown.
type Outcome = "done" | "planChanged" | "applied" | "stale" | "noReplacement" | null;

// Every expert the caller may see, every page.
export async function loadExperts(query: { voivodeship?: string; activeOnly?: boolean } = {}): Promise<Expert[]> {
  const experts: Expert[] = [];
  let pageToken = "";
  do {
    const data = await dataOf(api.GET("/v1/experts", { params: { query: { ...query, pageSize: 500, ...(pageToken ? { pageToken } : {}) } } }));
    experts.push(...(data.experts ?? []));
    pageToken = data.nextPageToken ?? "";
  } while (pageToken !== "");
  return experts;
}

async function loadOpenCases(expert: string): Promise<Case[]> {
  const cases: Case[] = [];
  let pageToken = "";
  do {
    const data = await dataOf(api.GET("/v1/cases", { params: { query: { expert, pageSize: 500, ...(pageToken ? { pageToken } : {}) } } }));
    cases.push(...(data.cases ?? []));
    pageToken = data.nextPageToken ?? "";
  } while (pageToken !== "");
  return cases.filter((c) => OPEN_STAGES.includes(c.stage ?? ""));
}

@customElement("jst-expert-page")
export class ExpertPage extends LitElement {
  static override styles = [
    shared,
    jstStyles,
    css`
      progress {
        width: 6rem;
        vertical-align: middle;
        margin-right: 0.5rem;
      }
      .deactivation {
        display: grid;
        gap: 0.75rem;
        max-width: 60rem;
      }
      .deactivation .field {
        display: flex;
        flex-direction: column;
      }
      .deactivation .field > label {
        font-weight: 600;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  // The expert's id, from the address (/console/experts/:expert).
  @property() expert = "";

  @state() private record: Expert | null = null;
  @state() private cases: Case[] = [];
  // Each case's JST, "name (TERYT)", by the case's id: kept after a
  // handover took the case away.
  private readonly labels = new Map<string, string>();
  // Every expert the office may hand a case to (active ones).
  @state() private others: Expert[] = [];
  @state() private failure: UserMessage | null = null;
  @state() private loading = false;
  @state() private note = "";
  @state() private plan: Handover[] | null = null;
  @state() private outcome: Outcome = null;
  @state() private unmet: { type: string; description: string }[] = [];
  @state() private fieldErrors = new Map<string, string>();
  @state() private planFailure: UserMessage | null = null;
  @state() private busy = false;
  private submission: Submission | null = null;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("expert")) void this.load();
  }

  private get office(): boolean {
    return mayCall("POST /v1/experts/{expert}:deactivate", store.session?.role ?? null);
  }

  private async load(): Promise<void> {
    this.loading = true;
    this.failure = null;
    try {
      const experts = await loadExperts();
      const record = experts.find((e) => e.id === this.expert) ?? null;
      this.record = record;
      if (record === null) {
        this.failure = { key: "expert.notFound", params: {} };
        return;
      }
      this.others = experts.filter((e) => e.active);
      const cases = await loadOpenCases(this.expert);
      const names = mayCall("GET /v1/jsts", store.session?.role ?? null)
        ? await loadJstNames(cases.map((c) => c.voivodeship ?? ""))
        : new Map<string, string>();
      for (const c of cases) {
        const teryt = c.teryt ?? "";
        this.labels.set(c.id ?? "", names.has(teryt) ? `${names.get(teryt)} (${teryt})` : teryt);
      }
      this.cases = cases;
    } catch (caught) {
      this.failure = failureOf(caught);
    } finally {
      this.loading = false;
    }
  }

  private nameOf(id: string | undefined): string {
    return this.others.find((e) => e.id === id)?.displayName ?? this.record?.displayName ?? id ?? "";
  }

  // The API's preview of the deactivation with `handovers` as the choices.
  private async preview(handovers: { case: string; expert: string }[]): Promise<void> {
    this.busy = true;
    this.resetAnswer();
    try {
      const { data, error, response } = await api.POST("/v1/experts/{expert}:deactivate", {
        params: { path: { expert: this.expert } },
        body: { handoverNote: this.note, handovers, validateOnly: true },
      });
      if (data) this.plan = data.handovers ?? [];
      else this.refused(response.status, error);
    } catch {
      this.refused(0, undefined);
    } finally {
      this.busy = false;
    }
    await this.focusAnswer();
  }

  private async confirm(): Promise<void> {
    const shown = this.plan;
    if (shown === null || this.busy) return;
    const body = confirmationOf(shown, this.note);
    const submission = submissionFor(this.submission, `deactivate ${this.expert}`, body, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.resetAnswer();
    try {
      const { data, error, response } = await api.POST("/v1/experts/{expert}:deactivate", {
        params: { path: { expert: this.expert }, header: { "Idempotency-Key": submission.key } },
        body,
      });
      if (data) {
        // Said once the page shows the expert and cases as they are now.
        this.submission = null;
        await this.load();
        this.outcome = "done";
        this.plan = data.handovers ?? [];
      } else if (wasAlreadyApplied(response.status, error)) {
        this.submission = null;
        await this.load();
        this.outcome = "applied";
        this.plan = null;
      } else if (planChanged(response.status, error)) {
        this.submission = null;
        await this.showChangedPlan(shown);
      } else {
        if (!keepsKey(response.status, error)) this.submission = null;
        this.refused(response.status, error);
      }
    } catch {
      this.refused(0, undefined);
    } finally {
      this.busy = false;
    }
    await this.focusAnswer();
  }

  // The plan confirmed is no longer the plan (nothing changed): the
  // expert's cases read again and the new preview shown, keeping the
  // receivers chosen for the cases still open.
  private async showChangedPlan(shown: readonly Handover[]): Promise<void> {
    await this.load();
    await this.preview(handoversOf(shown, this.cases.map((c) => c.id ?? "")));
    if (this.plan !== null) this.outcome = "planChanged";
  }

  private resetAnswer(): void {
    this.outcome = null;
    this.unmet = [];
    this.fieldErrors = new Map();
    this.planFailure = null;
  }

  private refused(status: number, body: unknown): void {
    const refusal = refusalOf(status, body);
    if (refusal.kind === "fields") {
      // A case of the plan is no longer the expert's open one: the plan is stale.
      const stale = [...refusal.fields.keys()].some((path) => path.startsWith("handovers"));
      this.fieldErrors = new Map([...refusal.fields].filter(([path]) => !path.startsWith("handovers")));
      if (stale) {
        this.outcome = "stale";
        this.plan = null;
      }
    } else if (refusal.kind === "guard") {
      this.unmet = [...refusal.unmet];
      this.outcome = refusal.unmet.some((u) => u.type === "NO_REPLACEMENT") ? "noReplacement" : null;
      this.plan = null;
    } else if (refusal.kind === "other") this.planFailure = refusal.failure;
    else this.planFailure = describeFailure(status, body);
  }

  private async focusAnswer(): Promise<void> {
    await this.updateComplete;
    focusInvalidOr(this.renderRoot, "#deactivation-result", ".deactivation");
  }

  override render() {
    const record = this.record;
    return html`<h1>${record ? record.displayName : t("screen.expert")}</h1>
      <p><a href=${hrefOfScreen("experts")}>${t("expert.back")}</a></p>
      ${alertRegion(this.failure)} ${this.loading ? html`<p role="status">${t("app.loading")}</p>` : nothing}
      ${record ? this.renderExpert(record) : nothing}`;
  }

  private renderExpert(record: Expert) {
    return html`<dl>
        <dt>${t("expert.subject")}</dt>
        <dd data-field="subject">${record.subject}</dd>
        <dt>${t("experts.speciality")}</dt>
        <dd data-field="speciality">${specialityWords(record.speciality)}</dd>
        <dt>${t("experts.voivodeships")}</dt>
        <dd data-field="voivodeships">${(record.voivodeships ?? []).map(voivodeshipName).join(", ")}</dd>
        <dt>${t("experts.caseload")}</dt>
        <dd data-field="caseload">${caseloadCell(record)}</dd>
        <dt>${t("experts.status")}</dt>
        <dd data-field="active">${t(record.active ? "experts.active" : "experts.inactive")}</dd>
      </dl>
      ${this.renderDeactivationAnswer()}
      <h2 id="open-cases">${t("expert.openCases")}</h2>
      ${this.renderCases(record)} ${record.active && this.office ? this.renderDeactivation(record) : nothing}`;
  }

  private renderCases(record: Expert) {
    if (this.cases.length === 0) return html`<p data-field="noCases">${t("expert.noCases")}</p>`;
    return html`<table aria-labelledby="open-cases">
      ${columnHeads(["expert.case", "experts.voivodeship", "expert.edition", "expert.stage", "expert.role"])}
      <tbody>
        ${this.cases.map(
          (c) => html`<tr data-case=${c.id ?? ""}>
            <th scope="row"><a href=${hrefOfScreen("case", { case: c.id ?? "" })}>${this.labels.get(c.id ?? "") ?? c.teryt}</a></th>
            <td>${voivodeshipName(c.voivodeship ?? "")}</td>
            <td>${c.edition}</td>
            <td>${c.stage ? t(`jst.stage.${c.stage}` as Parameters<typeof t>[0]) : ""}</td>
            <td>${t(c.guardian === record.id ? "expert.guardian" : "expert.member")}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  // What the real call did, said after the record is read again.
  private renderDeactivationAnswer() {
    const outcome = this.outcome;
    if (outcome !== "done" && outcome !== "applied") return nothing;
    const words = { done: "expert.deactivated", applied: "expert.alreadyApplied" } as const;
    return html`<div role="status">
      <p class=${outcome === "done" ? "" : "alert"} id="deactivation-result" tabindex="-1" data-field="outcome">${t(words[outcome])}</p>
      ${this.plan && this.plan.length > 0 ? this.renderPlan(this.plan, false) : nothing}
    </div>`;
  }

  private renderDeactivation(record: Expert) {
    const noteError = this.fieldErrors.get("handoverNote");
    return html`<h2 id="deactivation">${t("expert.deactivate")}</h2>
      <section class="deactivation" aria-labelledby="deactivation">
        <p>${t("expert.deactivateIntro")}</p>
        <div role="alert">${this.renderRefusal()}</div>
        <div class="field">
          <label for="handover-note">${t("expert.note")}</label>
          <textarea
            id="handover-note"
            name="handoverNote"
            rows="3"
            aria-required="true"
            aria-invalid=${noteError !== undefined ? "true" : "false"}
            aria-describedby=${noteError !== undefined ? "note-problem" : ""}
            .value=${this.note}
            @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}
          ></textarea>
          ${noteError !== undefined
            ? html`<span class="problem" id="note-problem">${t("experts.fieldProblem", { message: noteError })}</span>`
            : nothing}
        </div>
        <p>
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => void this.preview(this.plan ? handoversOf(this.plan) : [])}>
            ${t("expert.preview")}
          </button>
        </p>
        ${this.plan !== null ? this.renderShownPlan(record) : nothing}
      </section>`;
  }

  private renderRefusal() {
    if (this.planFailure)
      return html`<p class="alert" id="deactivation-result" tabindex="-1">${t(this.planFailure.key, this.planFailure.params)}</p>`;
    if (this.outcome === "stale") return html`<p class="alert" id="deactivation-result" tabindex="-1">${t("expert.planStale")}</p>`;
    if (this.outcome === "planChanged")
      return html`<p class="alert" id="deactivation-result" tabindex="-1" data-field="planChanged">${t("expert.planChanged")}</p>`;
    if (this.unmet.length > 0)
      return html`<div id="deactivation-result" tabindex="-1">
        <p class="alert">${t(this.outcome === "noReplacement" ? "expert.noReplacement" : "assign.unmet")}</p>
        <ul data-field="unmet">
          ${this.unmet.map((u) => html`<li>${unmetText(u)}</li>`)}
        </ul>
      </div>`;
    return nothing;
  }

  private renderShownPlan(record: Expert) {
    const plan = this.plan ?? [];
    if (plan.length === 0)
      return html`<p data-field="planNone">${t("expert.planNone")}</p>
        <p><button type="button" ?disabled=${this.busy} @click=${() => void this.confirm()}>${t("expert.confirm")}</button></p>`;
    return html`${this.renderPlan(plan, true, record)}
      <p><button type="button" ?disabled=${this.busy} @click=${() => void this.confirm()}>${t("expert.confirm")}</button></p>`;
  }

  // The plan as a table; `choosing`, each case's receiver is a choice of
  // the experts eligible for it.
  private renderPlan(plan: readonly Handover[], choosing: boolean, record?: Expert) {
    return html`<table data-plan>
      <caption>
        ${t("expert.plan")}
      </caption>
      ${columnHeads(["expert.case", "expert.planTo", "expert.planGuardian"])}
      <tbody>
        ${plan.map((handover) => {
          const kase = this.cases.find((c) => c.id === handover.case);
          const label = this.labels.get(handover.case ?? "") ?? handover.case ?? "";
          return html`<tr data-case=${handover.case ?? ""}>
            <th scope="row"><a href=${hrefOfScreen("case", { case: handover.case ?? "" })}>${label}</a></th>
            <td data-field="expert" data-expert=${handover.expert ?? ""}>
              ${choosing && record && kase ? this.receiverChoice(record, kase, handover, label) : this.nameOf(handover.expert)}
            </td>
            <td data-field="guardian" data-expert=${handover.guardian ?? ""}>${this.nameOf(handover.guardian)}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private receiverChoice(record: Expert, kase: Case, handover: Handover, label: string) {
    const choices = eligibleExperts(
      this.others,
      record.speciality as Speciality,
      kase.voivodeship ?? "",
      record.id ?? "",
      handover.expert ?? "",
    );
    return html`<select
      aria-label=${t("expert.receiverOf", { case: label })}
      ?disabled=${this.busy}
      @change=${(e: Event) => void this.preview(planWith(this.plan ?? [], handover.case ?? "", (e.target as HTMLSelectElement).value))}
    >
      ${choices.map((expert) => {
        const load = caseloadOf(expert);
        return html`<option value=${expert.id ?? ""} ?selected=${expert.id === handover.expert}>
          ${t("assign.option", { name: expert.displayName ?? "", open: load.open, max: load.max })}
        </option>`;
      })}
    </select>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-expert-page": ExpertPage;
  }
}
