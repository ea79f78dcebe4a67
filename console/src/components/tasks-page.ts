// Zadania między modułami (issue 19): `/console/tasks`. Every page of
// GET /v1/tasks (the API scopes it: a JST its own tasks, an expert the tasks
// of the JSTs it is guardian of, a coordinator its voivodeship, the office
// all). The JST's staff see their tasks, what is due first, each due time in
// Warsaw time and in words, and submit a report (POST /v1/tasks/{task}:submit);
// an expert and the office review the submitted ones (…:accept, …:return
// with a comment). Every write carries an Idempotency-Key per submission
// (submissions.ts); a refusal naming a field is shown at the field
// (errors.ts refusalOf); a task someone else changed says so and keeps what
// was typed. Rules in src/tasks.ts.
import { LitElement, css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { api, everyPage } from "../api.js";
import { dataOf, describeFailure, failureOf, refusalOf, type CommandRefusal, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import type { MessageKey } from "../i18n/pl.js";
import { taskAnchor } from "../overview.js";
import { hrefOfScreen } from "../screens.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, wasAlreadyApplied, type Submission } from "../submissions.js";
import { actionsOf, byWhatIsDue, dueInWords, isToDo, toReview, type TaskAction } from "../tasks.js";
import { MinuteClock } from "../clock.js";
import { columnHeads } from "./column-heads.js";
import { shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";

type Task = Readable<components["schemas"]["Task"]>;

// What a task's open form holds: the text typed, the API's refusal.
interface Draft {
  readonly text: string;
  readonly refusal: CommandRefusal | null;
}

@customElement("jst-tasks-page")
export class TasksPage extends LitElement {
  static override styles = [
    shared,
    css`
      .task {
        margin: 0 0 1.2rem;
        padding: 0.8rem 1rem;
        border: 2px solid #5a5a5a;
        border-radius: 4px;
        max-width: 48rem;
      }
      .task h3 {
        margin: 0 0 0.4rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.2rem 1rem;
        margin: 0.4rem 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      dd.report,
      dd.comment {
        white-space: pre-line;
      }
      .overdue {
        font-weight: 700;
        color: #b00020;
      }
      /* The task a link named (#task-<id>), focused: marked whatever the
         last input was. */
      tr[id]:focus,
      section.task:focus {
        outline: 3px solid #1b1b1b;
        outline-offset: -3px;
        background: #fff8d6;
      }
      form {
        display: grid;
        gap: 0.5rem;
        margin-top: 0.6rem;
      }
      label {
        font-weight: 600;
      }
      textarea {
        width: 100%;
        box-sizing: border-box;
      }
      .hint {
        margin: 0;
        color: #3b3b3b;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.8rem;
      }
      table {
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.3rem 0.6rem;
        border-bottom: 1px solid #8a8a8a;
        vertical-align: top;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);
  private readonly clock = new MinuteClock(this);

  @state() private tasks: Task[] | null = null;
  @state() private failure: UserMessage | null = null;
  @state() private names = new Map<string, string>();
  // The open forms by task id.
  @state() private drafts = new Map<string, Draft>();
  @state() private busy = "";
  @state() private done: { key: MessageKey; title: string } | null = null;
  private readonly submissions = new Map<string, Submission>();

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private get userRole() {
    return store.session?.role ?? null;
  }

  private async load(): Promise<void> {
    try {
      const tasks = await everyPage<Task>(async (query) => {
        const page = await dataOf(api.GET("/v1/tasks", { params: { query } }));
        return { rows: page.tasks ?? [], next: page.nextPageToken ?? "" };
      });
      this.tasks = tasks;
      this.failure = null;
      if (this.userRole !== "JST") void this.loadNames(toReview(tasks));
      void this.showAnchored();
    } catch (caught) {
      this.failure = failureOf(caught);
    }
  }

  // The task the address names ("#task-<id>", the overview's link), once
  // listed: scrolled to and focused.
  private async showAnchored(): Promise<void> {
    const anchor = location.hash.slice(1);
    if (anchor === "") return;
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLElement>(`#${CSS.escape(anchor)}`);
    target?.scrollIntoView({ block: "center" });
    target?.focus();
  }

  // The names of the JSTs whose reports wait for review (GET /v1/jsts/{teryt}).
  private async loadNames(tasks: readonly Task[]): Promise<void> {
    const names = new Map(this.names);
    for (const teryt of new Set(tasks.map((task) => task.teryt ?? ""))) {
      if (teryt === "" || names.has(teryt)) continue;
      const { data } = await api.GET("/v1/jsts/{teryt}", { params: { path: { teryt } } });
      if (data?.name) names.set(teryt, data.name);
    }
    this.names = names;
  }

  private setDraft(id: string, draft: Draft | null): void {
    const drafts = new Map(this.drafts);
    if (draft === null) drafts.delete(id);
    else drafts.set(id, draft);
    this.drafts = drafts;
  }

  private async open(task: Task): Promise<void> {
    this.done = null;
    this.setDraft(task.id ?? "", { text: task.status === "TASK_RETURNED" ? (task.report ?? "") : "", refusal: null });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`#text-${task.id}`)?.focus();
  }

  // The report form closed unsent: the keyboard goes back to the button
  // that opened it.
  private async cancel(id: string): Promise<void> {
    this.setDraft(id, null);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-task="${id}"] > button`)?.focus();
  }

  private async act(task: Task, action: TaskAction): Promise<void> {
    const id = task.id ?? "";
    const text = this.drafts.get(id)?.text ?? "";
    if (this.busy !== "") return;
    const body = action === "submit" ? { report: text } : { comment: text };
    const submission = submissionFor(this.submissions.get(id) ?? null, `${action} ${id}`, body, () => crypto.randomUUID());
    this.submissions.set(id, submission);
    this.busy = id;
    this.done = null;
    try {
      const params = { path: { task: id }, header: { "Idempotency-Key": submission.key } };
      const answer =
        action === "submit"
          ? await api.POST("/v1/tasks/{task}:submit", { params, body: { report: text } })
          : action === "accept"
            ? await api.POST("/v1/tasks/{task}:accept", { params, body: { comment: text } })
            : await api.POST("/v1/tasks/{task}:return", { params, body: { comment: text } });
      if (answer.data) await this.changed(task, action, answer.data);
      else await this.refused(task, action, answer.response.status, answer.error);
    } catch {
      this.setDraft(id, { text, refusal: { kind: "other", failure: describeFailure(0, undefined) } });
    } finally {
      this.busy = "";
    }
  }

  private async changed(task: Task, action: TaskAction, answer: Task | null): Promise<void> {
    const id = task.id ?? "";
    this.submissions.delete(id);
    this.setDraft(id, null);
    if (answer) this.tasks = (this.tasks ?? []).map((each) => (each.id === id ? answer : each));
    else await this.load();
    const keys = { submit: "tasks.submitted", accept: "tasks.accepted", return: "tasks.returned" } as const;
    this.done = { key: keys[action], title: task.title ?? "" };
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#done")?.focus();
  }

  private async refused(task: Task, action: TaskAction, status: number, body: unknown): Promise<void> {
    const id = task.id ?? "";
    if (wasAlreadyApplied(status, body)) {
      await this.changed(task, action, null);
      return;
    }
    if (!keepsKey(status, body)) this.submissions.delete(id);
    this.setDraft(id, { text: this.drafts.get(id)?.text ?? "", refusal: refusalOf(status, body) });
    await this.updateComplete;
    const invalid = this.renderRoot.querySelector<HTMLElement>(`#text-${id}[aria-invalid="true"]`);
    (invalid ?? this.renderRoot.querySelector<HTMLElement>(`#problem-${id}`))?.focus();
  }

  override render() {
    const role = this.userRole;
    const intro: MessageKey =
      role === "JST" ? "tasks.introJst" : role === "EXPERT" || role === "ADMIN" ? "tasks.introReviewer" : "tasks.introOther";
    return html`<h1>${t("screen.tasks")}</h1>
      <p>${t(intro)}</p>
      ${alertRegion(this.failure)}
      <div role="status">
        ${this.done ? html`<p id="done" tabindex="-1" class="done">${t(this.done.key, { title: this.done.title })}</p>` : nothing}
      </div>
      <div aria-busy=${this.tasks === null ? "true" : "false"}>
        ${this.tasks === null ? html`<p>${t("tasks.loading")}</p>` : this.renderTasks(this.tasks)}
      </div>`;
  }

  private renderTasks(tasks: readonly Task[]): TemplateResult {
    if (this.userRole === "JST") {
      return html`<h2>${t("tasks.all", { count: tasks.length })}</h2>
        ${tasks.length === 0 ? html`<p>${t("tasks.none")}</p>` : byWhatIsDue(tasks).map((task) => this.renderTask(task))}`;
    }
    const reviewing = this.userRole === "EXPERT" || this.userRole === "ADMIN";
    const pending = toReview(tasks);
    return html`${reviewing
        ? html`<h2>${t("tasks.toReview", { count: pending.length })}</h2>
            ${pending.length === 0 ? html`<p>${t("tasks.noneToReview")}</p>` : pending.map((task) => this.renderTask(task))}`
        : nothing}
      ${this.renderAll(tasks)}`;
  }

  private renderAll(tasks: readonly Task[]): TemplateResult {
    const count = (status: string) => tasks.filter((task) => task.status === status).length;
    const open = tasks.filter(isToDo);
    return html`<h2>${t("tasks.all", { count: tasks.length })}</h2>
      <p>
        ${t("tasks.counts", {
          open: open.length,
          overdue: open.filter((task) => task.overdue).length,
          submitted: count("TASK_SUBMITTED"),
          accepted: count("TASK_ACCEPTED"),
        })}
      </p>
      ${tasks.length === 0
        ? html`<p>${t("tasks.none")}</p>`
        : html`<table>
            ${columnHeads(["tasks.jst", "tasks.title", "tasks.due", "tasks.status"])}
            <tbody>
              ${byWhatIsDue(tasks).map(
                (task) =>
                  html`<tr id=${taskAnchor(task.id ?? "")} tabindex="-1">
                    <td><a href=${hrefOfScreen("jst", { teryt: task.teryt ?? "" })}>${task.teryt}</a></td>
                    <td>${task.title}</td>
                    <td>${this.renderDue(task)}</td>
                    <td>${t(`tasks.status.${task.status ?? "TASK_OPEN"}` as MessageKey)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`}`;
  }

  private renderDue(task: Task): TemplateResult {
    if (!task.dueTime) return html``;
    const words = dueInWords(task, this.clock.now);
    if (words === null) return html`${dateTime(task.dueTime)}`;
    const text = t(words.key, "days" in words ? { days: words.days } : {});
    const overdue = words.key === "tasks.overdueToday" || words.key === "tasks.overdueDays";
    return html`${dateTime(task.dueTime)} — <span class=${overdue ? "overdue" : ""}>${text}</span>`;
  }

  private renderTask(task: Task): TemplateResult {
    const id = task.id ?? "";
    const actions = actionsOf(this.userRole, task.status);
    const draft = this.drafts.get(id);
    const jst = task.teryt ?? "";
    // The JST's list is its sections, so the anchor is the section's (the
    // others' is the row of the list of all).
    return html`<section
      class="task"
      id=${this.userRole === "JST" ? taskAnchor(id) : nothing}
      tabindex=${this.userRole === "JST" ? "-1" : nothing}
      aria-labelledby="title-${id}"
      data-task=${id}
    >
      <h3 id="title-${id}">${task.title}</h3>
      ${task.description ? html`<p>${task.description}</p>` : nothing}
      <dl>
        ${this.userRole !== "JST"
          ? html`<dt>${t("tasks.jst")}</dt>
              <dd>
                <a href=${hrefOfScreen("jst", { teryt: jst })}>${t("tasks.ofJst", { name: this.names.get(jst) ?? jst, teryt: jst })}</a>
              </dd>`
          : nothing}
        <dt>${t("tasks.edition")}</dt>
        <dd>${task.edition}</dd>
        <dt>${t("tasks.due")}</dt>
        <dd class="due">${this.renderDue(task)}</dd>
        <dt>${t("tasks.status")}</dt>
        <dd class="status">${t(`tasks.status.${task.status ?? "TASK_OPEN"}` as MessageKey)}</dd>
        ${task.comment ? html`<dt>${t("tasks.comment")}</dt><dd class="comment">${task.comment}</dd>` : nothing}
        ${task.report ? html`<dt>${t("tasks.report")}</dt><dd class="report">${task.report}</dd>` : nothing}
      </dl>
      ${actions.includes("submit") && draft === undefined
        ? html`<button type="button" @click=${() => this.open(task)}>
            ${t(task.status === "TASK_RETURNED" ? "tasks.submitAgain" : "tasks.submit")}
          </button>`
        : nothing}
      ${actions.includes("submit") && draft !== undefined ? this.renderForm(task, draft, ["submit"]) : nothing}
      ${actions.includes("accept") ? this.renderForm(task, draft ?? { text: "", refusal: null }, ["accept", "return"]) : nothing}
    </section>`;
  }

  // The report form (submit) or the review form (accept, return): one text,
  // its refusal at the field, other refusals above the buttons.
  private renderForm(task: Task, draft: Draft, actions: readonly TaskAction[]): TemplateResult {
    const id = task.id ?? "";
    const submit = actions.includes("submit");
    const field = submit ? "report" : "comment";
    const refusal = draft.refusal;
    // The API names the field; the words are the screen's (its rule's, in Polish).
    const fieldError = refusal?.kind === "fields" ? refusal.fields.get(field) : undefined;
    const busy = this.busy === id;
    return html`<form
      @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        void this.act(task, submit ? "submit" : ((e.submitter as HTMLButtonElement | null)?.value as TaskAction));
      }}
    >
      <label for="text-${id}">${t(submit ? "tasks.reportLabel" : "tasks.reviewComment", { title: task.title ?? "" })}</label>
      <p class="hint" id="hint-${id}">${t(submit ? "tasks.reportHint" : "tasks.reviewHint")}</p>
      <textarea
        id="text-${id}"
        name=${field}
        rows=${submit ? 6 : 3}
        aria-invalid=${fieldError !== undefined ? "true" : "false"}
        aria-describedby=${fieldError !== undefined ? `hint-${id} field-problem-${id}` : `hint-${id}`}
        .value=${draft.text}
        @input=${(e: Event) => this.setDraft(id, { text: (e.target as HTMLTextAreaElement).value, refusal: draft.refusal })}
      ></textarea>
      ${fieldError !== undefined
        ? html`<p class="problem" id="field-problem-${id}">${t(submit ? "tasks.field.report" : "tasks.field.comment")}</p>`
        : nothing}
      ${this.renderRefusal(id, refusal)}
      <div class="buttons">
        ${submit
          ? html`<button type="submit" ?disabled=${busy}>${busy ? t("tasks.sending") : t("tasks.send")}</button>
              <button type="button" class="secondary" @click=${() => void this.cancel(id)}>${t("tasks.cancel")}</button>`
          : html`<button type="submit" name="action" value="accept" ?disabled=${busy}>${t("tasks.accept")}</button>
              <button type="submit" name="action" value="return" class="secondary" ?disabled=${busy}>${t("tasks.return")}</button>`}
      </div>
    </form>`;
  }

  // A refusal that is not a field's: the task changed meanwhile (its status
  // no longer allows the action: training's rule), or anything else in the
  // user's words.
  private renderRefusal(id: string, refusal: CommandRefusal | null): TemplateResult | typeof nothing {
    if (refusal === null || refusal.kind === "fields") return nothing;
    if (refusal.kind === "conflict" || refusal.kind === "guard")
      return html`<div class="alert" id="problem-${id}" tabindex="-1">
        <p>${t("tasks.stale")}</p>
        <button type="button" class="secondary" @click=${() => void this.load()}>${t("tasks.reload")}</button>
      </div>`;
    return html`<p class="alert" id="problem-${id}" tabindex="-1">${t(refusal.failure.key, refusal.failure.params)}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-tasks-page": TasksPage;
  }
}
