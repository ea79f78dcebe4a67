// Dojazd i noclegi (issue 19): `/console/logistics?edition=CODE`. The
// edition's modules (GET /v1/editions/{edition}/modules), each with its
// sign-up deadline counting down in Warsaw time (updated every minute), and:
// - for the JST's staff, its officials (the representatives of its
//   application, names read with a purpose) with their sign-up for each
//   module (GET /v1/modules/{module}/signups, scoped to the JST by the API)
//   and a form to sign each up for accommodation, the shuttle and parking
//   (POST …/signups, an Idempotency-Key per submission); a request after the
//   deadline is sent too and shows as waiting for the office;
// - for the office, the late requests (status PENDING_APPROVAL) with
//   approve and refuse (a reason, required by the API: its refusal is shown
//   at the field);
// - for a coordinator, the sign-ups of its voivodeship, to read.
// Rules in src/logistics.ts.
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { readQuery, writeQuery } from "../address.js";
import { api, everyPage } from "../api.js";
import { dataOf, describeFailure, errorCodeOf, failureOf, refusalOf, unmetLine, unmetText, type CommandRefusal, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import type { MessageKey } from "../i18n/pl.js";
import {
  maySignUp,
  officialState,
  remaining,
  remainingInWords,
  signupPhase,
  signupsByParticipant,
  type SignupPhase,
} from "../logistics.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { columnHeads } from "./column-heads.js";
import "./edition-select.js";
import { MinuteClock } from "../clock.js";
import { shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";

type Module = Readable<components["schemas"]["Module"]>;
type Signup = Readable<components["schemas"]["Signup"]>;

const PURPOSE = "Zapisy na nocleg i dojazd w konsoli";
const ALREADY_EXISTS = 6;

interface Choice {
  readonly accommodation: boolean;
  readonly shuttle: boolean;
  readonly parking: boolean;
}
const NO_CHOICE: Choice = { accommodation: false, shuttle: false, parking: false };

@customElement("jst-logistics-page")
export class LogisticsPage extends LitElement {
  static override styles = [
    shared,
    css`
      section.module {
        margin: 0 0 1.5rem;
        padding: 0.8rem 1rem;
        border: 2px solid #5a5a5a;
        border-radius: 4px;
      }
      section.module h2 {
        margin: 0 0 0.3rem;
      }
      .deadline {
        font-weight: 600;
      }
      .late {
        font-weight: 700;
        color: #8a4b00;
      }
      table {
        border-collapse: collapse;
        margin-top: 0.5rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.35rem 0.6rem;
        border-bottom: 1px solid #8a8a8a;
        vertical-align: top;
      }
      fieldset {
        border: 1px solid #8a8a8a;
        border-radius: 4px;
        margin: 0.3rem 0 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem 1rem;
        align-items: center;
      }
      legend {
        font-weight: 600;
      }
      textarea {
        width: 100%;
        min-width: 16rem;
        box-sizing: border-box;
      }
      .buttons {
        display: flex;
        gap: 0.6rem;
        margin-top: 0.4rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private modules: Module[] | null = null;
  @state() private failure: UserMessage | null = null;
  // The JST's officials: participant id → name.
  @state() private officials: { id: string; name: string }[] | null = null;
  @state() private signups = new Map<string, Signup[]>();
  @state() private names = new Map<string, string>();
  @state() private choices = new Map<string, Choice>();
  @state() private reasons = new Map<string, string>();
  @state() private refusals = new Map<string, CommandRefusal>();
  @state() private busy = "";
  @state() private done: string | null = null;
  private readonly submissions = new Map<string, Submission>();
  private ticket = 0;
  private readonly clock = new MinuteClock(this);

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load();
  }

  private get userRole() {
    return store.session?.role ?? null;
  }

  private onEditionChange(event: CustomEvent<string>): void {
    this.edition = event.detail;
    void this.load();
  }

  private async load(): Promise<void> {
    const ticket = ++this.ticket;
    const current = () => ticket === this.ticket;
    writeQuery({ edition: this.edition });
    this.modules = null;
    this.officials = null;
    this.failure = null;
    try {
      const edition = this.edition;
      const listed = await dataOf(api.GET("/v1/editions/{edition}/modules", { params: { path: { edition } } }));
      if (!current()) return;
      const modules = listed.modules ?? [];
      if (this.userRole === "JST") {
        const officials = await this.loadOfficials(edition);
        if (!current()) return;
        this.officials = officials;
      }
      const signups = new Map<string, Signup[]>();
      for (const module of modules) signups.set(module.id ?? "", await this.loadSignups(module));
      if (!current()) return;
      this.signups = signups;
      this.modules = modules;
      if (this.userRole !== "JST") await this.loadNames([...signups.values()].flat().map((s) => s.participant ?? ""));
    } catch (caught) {
      if (current()) this.failure = failureOf(caught);
    }
  }

  // The JST's own application in the edition (the API gives a JST only its
  // own) and its representatives' names.
  private async loadOfficials(edition: string): Promise<{ id: string; name: string }[]> {
    const page = await dataOf(
      api.GET("/v1/editions/{edition}/applications", { params: { path: { edition }, query: { pageSize: 10 } } }),
    );
    const ids = (page.applications ?? []).flatMap((a) =>
      (a.representatives ?? []).filter((r) => r.status === "PARTICIPANT_ACTIVE").map((r) => r.participant ?? ""),
    );
    await this.loadNames(ids);
    return ids.map((id) => ({ id, name: this.names.get(id) ?? id }));
  }

  private async loadNames(ids: readonly string[]): Promise<void> {
    const names = new Map(this.names);
    for (const id of new Set(ids)) {
      if (id === "" || names.has(id)) continue;
      const { data } = await api.GET("/v1/participants/{participant}", {
        params: { path: { participant: id }, query: { purpose: PURPOSE } },
      });
      if (data) names.set(id, `${data.firstName ?? ""} ${data.lastName ?? ""}`.trim());
    }
    this.names = names;
  }

  // The module's sign-ups the caller may see; the office's, only those
  // waiting for its decision.
  private async loadSignups(module: Module): Promise<Signup[]> {
    const status = this.userRole === "ADMIN" ? ("SIGNUP_PENDING_APPROVAL" as const) : undefined;
    return everyPage<Signup>(async (query) => {
      const page = await dataOf(
        api.GET("/v1/modules/{module}/signups", {
          params: { path: { module: module.id ?? "" }, query: { ...query, ...(status ? { status } : {}) } },
        }),
      );
      return { rows: page.signups ?? [], next: page.nextPageToken ?? "" };
    });
  }

  private nameOf(participant: string): string {
    return this.names.get(participant) ?? participant;
  }

  private async refresh(module: Module): Promise<void> {
    const signups = new Map(this.signups);
    signups.set(module.id ?? "", await this.loadSignups(module));
    this.signups = signups;
  }

  private setRefusal(key: string, refusal: CommandRefusal | null): void {
    const refusals = new Map(this.refusals);
    if (refusal === null) refusals.delete(key);
    else refusals.set(key, refusal);
    this.refusals = refusals;
  }

  // One write (a sign-up or a decision) with its Idempotency-Key; `key`
  // names the form (module and participant, or the sign-up).
  private async write(
    key: string,
    target: string,
    body: unknown,
    call: (idempotencyKey: string) => Promise<{ data?: Signup; error?: unknown; response: Response }>,
    module: Module,
    done: (signup: Signup | undefined) => string,
  ): Promise<void> {
    if (this.busy !== "") return;
    const submission = submissionFor(this.submissions.get(key) ?? null, target, body, () => crypto.randomUUID());
    this.submissions.set(key, submission);
    this.busy = key;
    this.done = null;
    this.setRefusal(key, null);
    try {
      const answer = await call(submission.key);
      const applied = answer.data !== undefined || wasAlreadyApplied(answer.response.status, answer.error);
      if (applied) {
        this.submissions.delete(key);
        await this.refresh(module);
        this.done = done(answer.data);
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>("#done")?.focus();
        return;
      }
      if (!keepsKey(answer.response.status, answer.error)) this.submissions.delete(key);
      const refusal =
        answer.response.status === 409 && errorCodeOf(answer.error) === ALREADY_EXISTS
          ? ({ kind: "other", failure: { key: "logistics.alreadySignedUp", params: {} } } as const)
          : refusalOf(answer.response.status, answer.error);
      this.setRefusal(key, refusal);
      await this.updateComplete;
      (
        this.renderRoot.querySelector<HTMLElement>(`[data-form="${key}"] [aria-invalid="true"]`) ??
        this.renderRoot.querySelector<HTMLElement>(`#problem-${CSS.escape(key)}`)
      )?.focus();
    } catch {
      this.setRefusal(key, { kind: "other", failure: describeFailure(0, undefined) });
    } finally {
      this.busy = "";
    }
  }

  private signUp(module: Module, participant: string): Promise<void> {
    const key = `${module.id}:${participant}`;
    const body = { participant, ...(this.choices.get(key) ?? NO_CHOICE) };
    const name = this.nameOf(participant);
    return this.write(
      key,
      `signup ${module.id}`,
      body,
      (idempotencyKey) =>
        api.POST("/v1/modules/{module}/signups", {
          params: { path: { module: module.id ?? "" }, header: { "Idempotency-Key": idempotencyKey } },
          body,
        }),
      module,
      (signup) =>
        t(signup?.status === "SIGNUP_PENDING_APPROVAL" ? "logistics.sentLate" : "logistics.signedUp", { name }),
    );
  }

  private decide(module: Module, signup: Signup, approve: boolean): Promise<void> {
    const key = signup.id ?? "";
    const reason = this.reasons.get(key) ?? "";
    const name = this.nameOf(signup.participant ?? "");
    const body = approve ? {} : { reason };
    return this.write(
      key,
      `${approve ? "approve" : "refuse"} ${key}`,
      body,
      (idempotencyKey) => {
        const params = { path: { signup: key }, header: { "Idempotency-Key": idempotencyKey } };
        return approve
          ? api.POST("/v1/signups/{signup}:approve", { params, body: {} })
          : api.POST("/v1/signups/{signup}:refuse", { params, body: { reason } });
      },
      module,
      () => t(approve ? "logistics.approved" : "logistics.refused", { name }),
    );
  }

  override render() {
    const role = this.userRole;
    return html`<h1>${t("screen.logistics")}</h1>
      <p>${t(role === "ADMIN" ? "logistics.introOffice" : "logistics.intro")}</p>
      <form class="filters" @submit=${(e: Event) => e.preventDefault()}>
        <jst-edition-select .value=${this.edition} @edition-change=${this.onEditionChange}></jst-edition-select>
      </form>
      ${alertRegion(this.failure)}
      <div role="status">${this.done ? html`<p id="done" tabindex="-1">${this.done}</p>` : nothing}</div>
      <div aria-busy=${this.modules === null && this.failure === null ? "true" : "false"}>${this.renderModules()}</div>`;
  }

  private renderModules(): TemplateResult | typeof nothing {
    if (this.modules === null) return this.failure === null ? html`<p>${t("logistics.loading")}</p>` : nothing;
    if (this.modules.length === 0) return html`<p>${t("logistics.noModules")}</p>`;
    if (this.userRole === "JST" && (this.officials ?? []).length === 0) return html`<p>${t("logistics.noApplication")}</p>`;
    return html`${this.modules.map((module) => this.renderModule(module))}`;
  }

  private renderModule(module: Module): TemplateResult {
    const phase = signupPhase(module, this.clock.now);
    const id = module.id ?? "";
    return html`<section class="module" aria-labelledby="module-${id}" data-module=${id} data-phase=${phase}>
      <h2 id="module-${id}">${t("logistics.moduleHeading", { number: module.number ?? 0, title: module.title ?? "" })}</h2>
      <p>
        ${t("logistics.when", {
          start: dateTime(module.startTime ?? ""),
          end: dateTime(module.endTime ?? ""),
          venue: module.venue ?? "",
        })}
        ${(module.shuttleSeats ?? 0) > 0 ? t("logistics.seats", { seats: module.shuttleSeats ?? 0 }) : t("logistics.noShuttle")}
      </p>
      ${this.renderDeadline(module, phase)}
      ${this.userRole === "JST"
        ? this.renderOfficials(module, phase)
        : this.userRole === "ADMIN"
          ? this.renderPending(module)
          : this.renderSignups(module)}
    </section>`;
  }

  private renderDeadline(module: Module, phase: SignupPhase): TemplateResult {
    if (phase === "over") return html`<p class="deadline">${t("logistics.moduleOver")}</p>`;
    if (!module.signupDeadline) return html`<p class="deadline">${t("logistics.noDeadline")}</p>`;
    const deadline = dateTime(module.signupDeadline);
    const left = remaining(new Date(module.signupDeadline), this.clock.now);
    return left === null
      ? html`<p class="deadline late">${t("logistics.deadlinePassed", { deadline })}</p>`
      : html`<p class="deadline countdown">
          ${t("logistics.deadlineOpen", { deadline, left: remainingInWords(store.locale, left) })}
        </p>`;
  }

  private renderOfficials(module: Module, phase: SignupPhase): TemplateResult {
    const byParticipant = signupsByParticipant(this.signups.get(module.id ?? "") ?? []);
    return html`<table>
      ${columnHeads(["logistics.official", "logistics.state", "logistics.accommodation", "logistics.shuttle"])}
      <tbody>
        ${(this.officials ?? []).map((official) => {
          const signup = byParticipant.get(official.id);
          const state = officialState(signup, phase);
          const held = signup !== undefined && signup.status !== "SIGNUP_REFUSED";
          return html`<tr data-participant=${official.id} data-state=${state}>
            <th scope="row">${official.name}</th>
            <td>
              <span class=${state === "waiting" || state === "noneLate" ? "late" : ""}>
                ${t(`logistics.state.${state}` as MessageKey, { reason: signup?.decisionReason ?? "" })}
              </span>
              ${maySignUp(state, phase) ? this.renderSignUpForm(module, official, phase) : nothing}
            </td>
            <td>${held ? t(signup.accommodation ? "logistics.yes" : "logistics.no") : "—"}</td>
            <td>${held ? t(`logistics.seat.${signup.shuttleSeat ?? "SEAT_STATUS_UNSPECIFIED"}` as MessageKey) : "—"}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private renderSignUpForm(module: Module, official: { id: string; name: string }, phase: SignupPhase): TemplateResult {
    const key = `${module.id}:${official.id}`;
    const choice = this.choices.get(key) ?? NO_CHOICE;
    const set = (field: keyof Choice) => (e: Event) => {
      const choices = new Map(this.choices);
      choices.set(key, { ...choice, [field]: (e.target as HTMLInputElement).checked });
      this.choices = choices;
    };
    const box = (field: keyof Choice, label: MessageKey) =>
      html`<label><input type="checkbox" name=${field} .checked=${choice[field]} @change=${set(field)} /> ${t(label)}</label>`;
    return html`<form
      data-form=${key}
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.signUp(module, official.id);
      }}
    >
      <fieldset>
        <legend>${t("logistics.signUpLegend", { name: official.name })}</legend>
        ${box("accommodation", "logistics.accommodation")}
        ${(module.shuttleSeats ?? 0) > 0 ? box("shuttle", "logistics.shuttle") : nothing}
        ${(module.parkingPlaces ?? 0) > 0 ? box("parking", "logistics.parking") : nothing}
        <button type="submit" ?disabled=${this.busy === key}>
          ${this.busy === key ? t("logistics.sending") : t(phase === "late" ? "logistics.signUpLate" : "logistics.signUp")}
        </button>
      </fieldset>
      ${this.renderRefusal(key)}
    </form>`;
  }

  // A refusal of a form: the API's rules in words, or anything else.
  private renderRefusal(key: string): TemplateResult | typeof nothing {
    const refusal = this.refusals.get(key);
    if (refusal === undefined || refusal.kind === "fields") return nothing;
    const text =
      refusal.kind === "guard"
        ? t("logistics.ruleRefused", {
            reasons: unmetLine(refusal.unmet),
          })
        : refusal.kind === "conflict"
          ? unmetText({ type: "SIGNUP_STATUS", description: "" })
          : t(refusal.failure.key, refusal.failure.params);
    return html`<p class="alert" id="problem-${key}" tabindex="-1">${text}</p>`;
  }

  private renderPending(module: Module): TemplateResult {
    const pending = this.signups.get(module.id ?? "") ?? [];
    return html`<h3>${t("logistics.pending", { count: pending.length })}</h3>
      ${pending.length === 0
        ? html`<p>${t("logistics.noPending")}</p>`
        : html`<table>
            ${columnHeads([
              "logistics.participant",
              "logistics.requested",
              "logistics.accommodation",
              "logistics.shuttle",
              "logistics.decision",
            ])}
            <tbody>
              ${pending.map((signup) => this.renderDecision(module, signup))}
            </tbody>
          </table>`}`;
  }

  private renderDecision(module: Module, signup: Signup): TemplateResult {
    const key = signup.id ?? "";
    const name = this.nameOf(signup.participant ?? "");
    const refusal = this.refusals.get(key);
    const problem = refusal?.kind === "fields" ? refusal.fields.get("reason") : undefined;
    return html`<tr data-signup=${key}>
      <th scope="row">${name}</th>
      <td>${signup.requestTime ? dateTime(signup.requestTime) : "—"}</td>
      <td>${t(signup.accommodation ? "logistics.yes" : "logistics.no")}</td>
      <td>${t(signup.shuttle ? "logistics.yes" : "logistics.no")}</td>
      <td>
        <form
          data-form=${key}
          @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            void this.decide(module, signup, (e.submitter as HTMLButtonElement | null)?.value === "approve");
          }}
        >
          <label for="reason-${key}">${t("logistics.reason", { name })}</label>
          <textarea
            id="reason-${key}"
            name="reason"
            rows="2"
            aria-invalid=${problem !== undefined ? "true" : "false"}
            aria-describedby=${problem !== undefined ? `reason-problem-${key}` : nothing}
            .value=${this.reasons.get(key) ?? ""}
            @input=${(e: Event) => {
              const reasons = new Map(this.reasons);
              reasons.set(key, (e.target as HTMLTextAreaElement).value);
              this.reasons = reasons;
            }}
          ></textarea>
          ${problem !== undefined
            ? html`<p class="problem" id="reason-problem-${key}">${t("logistics.field.reason")}</p>`
            : nothing}
          ${this.renderRefusal(key)}
          <div class="buttons">
            <button type="submit" value="approve" ?disabled=${this.busy === key}>${t("logistics.approve")}</button>
            <button type="submit" value="refuse" class="secondary" ?disabled=${this.busy === key}>${t("logistics.refuse")}</button>
          </div>
        </form>
      </td>
    </tr>`;
  }

  // A coordinator's view: its voivodeship's sign-ups, to read.
  private renderSignups(module: Module): TemplateResult {
    const signups = this.signups.get(module.id ?? "") ?? [];
    return html`<h3>${t("logistics.signups", { count: signups.length })}</h3>
      ${signups.length === 0
        ? nothing
        : html`<table>
            ${columnHeads(["logistics.participant", "logistics.state", "logistics.accommodation", "logistics.shuttle"])}
            <tbody>
              ${signups.map(
                (signup) =>
                  html`<tr>
                    <th scope="row">${this.nameOf(signup.participant ?? "")}</th>
                    <td>
                      ${t(`logistics.state.${officialState(signup, signupPhase(module, this.clock.now))}` as MessageKey, {
                        reason: signup.decisionReason ?? "",
                      })}
                    </td>
                    <td>${t(signup.accommodation ? "logistics.yes" : "logistics.no")}</td>
                    <td>${t(`logistics.seat.${signup.shuttleSeat ?? "SEAT_STATUS_UNSPECIFIED"}` as MessageKey)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-logistics-page": LogisticsPage;
  }
}
