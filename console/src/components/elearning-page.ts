// E-learning (issue 24, docs/programme-parts.md part 3): the edition's
// courses with their completions so far (GET
// /v1/editions/{edition}/elearning-courses) for every role that reads
// them, and for the office a course's setting (PUT …/elearning-courses/
// {code}) and the load of the platform's completion export (POST
// …/elearning-completions:import, raw text/csv: all or nothing, every
// refused row listed with its column and reason). An official's completed
// courses are in their training record (jst-officials.ts).
import { LitElement, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { readQuery, writeQuery } from "../address.js";
import { api, everyPage } from "../api.js";
import { dataOf, describeRefusal, failureOf, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import type { LineProblem } from "../participant-import.js";
import { mayCall } from "../screens.js";
import { store, StoreController } from "../store.js";
import { columnHeads } from "./column-heads.js";
import "./edition-select.js";
import { lineProblems, sendCsv } from "./line-problems.js";
import { partStyles, shared } from "./styles.js";
import { alertRegion, t } from "./text.js";

type Course = Readable<components["schemas"]["ELearningCourse"]>;

@customElement("jst-elearning-page")
export class ELearningPage extends LitElement {
  static override styles = [shared, partStyles];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private courses: Course[] | null = null;
  @state() private code = "";
  @state() private courseTitle = "";
  @state() private hours = "4";
  @state() private file: File | null = null;
  @state() private notice = "";
  @state() private problems: LineProblem[] | null = null;
  @state() private problemsFile = "";
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  @query("#notice") private noticeElement!: HTMLElement;
  private ticket = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load();
  }

  private get office(): boolean {
    return mayCall("POST /v1/editions/{edition}/elearning-completions:import", store.session?.role ?? null);
  }

  private chooseEdition(code: string): void {
    this.edition = code;
    this.problems = null;
    this.notice = "";
    writeQuery({ edition: code });
    void this.load();
  }

  private async load(): Promise<void> {
    const ticket = ++this.ticket;
    this.busy = true;
    this.failure = null;
    try {
      const edition = this.edition;
      const rows = await everyPage(async (query) => {
        const data = await dataOf(
          api.GET("/v1/editions/{edition}/elearning-courses", { params: { path: { edition }, query } }),
        );
        return { rows: data.courses ?? [], next: data.nextPageToken ?? "" };
      }, 500);
      if (ticket === this.ticket) this.courses = rows;
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  private async announce(notice: string): Promise<void> {
    this.notice = notice;
    await this.updateComplete;
    this.noticeElement.focus();
  }

  private async saveCourse(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.failure = null;
    try {
      const code = this.code.trim();
      const title = this.courseTitle.trim();
      const { data, error, response } = await api.PUT("/v1/editions/{edition}/elearning-courses/{code}", {
        params: { path: { edition: this.edition, code } },
        body: { title, hours: Number(this.hours) },
      });
      if (!data) {
        this.failure = describeRefusal(response.status, error);
        return;
      }
      await this.load();
      await this.announce(t("elearning.course.saved", { code, title }));
    } catch {
      this.failure = failureOf(undefined);
    } finally {
      this.busy = false;
    }
  }

  private async importFile(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const file = this.file;
    if (!file) return;
    this.busy = true;
    this.failure = null;
    this.problems = null;
    const answer = await sendCsv(file, (csv) =>
      api.POST("/v1/editions/{edition}/elearning-completions:import", {
        params: { path: { edition: this.edition } },
        ...csv,
      }),
    );
    try {
      if ("data" in answer) {
        await this.load();
        await this.announce(
          t("elearning.import.done", {
            file: file.name,
            rows: answer.data.rows ?? 0,
            added: answer.data.added ?? 0,
            earlier: answer.data.earlier ?? 0,
            unchanged: answer.data.unchanged ?? 0,
          }),
        );
      } else if ("lines" in answer) {
        this.problems = answer.lines;
        this.problemsFile = file.name;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>("#refused")?.focus();
      } else {
        this.failure = answer.failure;
      }
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<h1>${t("screen.elearning")}</h1>
      <p>${t("elearning.intro")}</p>
      <jst-edition-select
        .value=${this.edition}
        @edition-change=${(e: CustomEvent<string>) => this.chooseEdition(e.detail)}
      ></jst-edition-select>
      <p id="notice" role="status" tabindex="-1">${this.notice}</p>
      ${alertRegion(this.failure)} ${this.renderCourses()} ${this.office && this.edition ? this.renderOffice() : nothing}`;
  }

  private renderCourses() {
    if (this.courses === null) return this.busy ? html`<p role="status">${t("app.loading")}</p>` : nothing;
    if (this.courses.length === 0) return html`<p>${t("elearning.courses.none")}</p>`;
    return html`<table>
      <caption>
        ${t("elearning.courses.caption", { edition: this.edition })}
      </caption>
      ${columnHeads(["elearning.col.code", "elearning.col.title", "elearning.col.hours", "elearning.col.completions"])}
      <tbody>
        ${this.courses.map(
          (c) => html`<tr data-course=${c.code ?? ""}>
            <td>${c.code}</td>
            <th scope="row">${c.title}</th>
            <td>${c.hours}</td>
            <td data-field="completions">${c.completions ?? 0}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderOffice() {
    return html`<section aria-labelledby="course">
        <h2 id="course">${t("elearning.course.heading")}</h2>
        <form class="filters" @submit=${(e: SubmitEvent) => void this.saveCourse(e)}>
          <label
            >${t("elearning.course.code")}
            <input
              required
              maxlength="32"
              pattern="[A-Za-z0-9._\\-]+"
              autocomplete="off"
              .value=${this.code}
              @input=${(e: Event) => (this.code = (e.target as HTMLInputElement).value)}
          /></label>
          <label
            >${t("elearning.course.title")}
            <input
              required
              maxlength="200"
              .value=${this.courseTitle}
              @input=${(e: Event) => (this.courseTitle = (e.target as HTMLInputElement).value)}
          /></label>
          <label
            >${t("elearning.course.hours")}
            <input
              type="number"
              min="1"
              max="200"
              required
              .value=${this.hours}
              @input=${(e: Event) => (this.hours = (e.target as HTMLInputElement).value)}
          /></label>
          <button type="submit" ?disabled=${this.busy}>${t("elearning.course.submit")}</button>
        </form>
      </section>
      <section aria-labelledby="import">
        <h2 id="import">${t("elearning.import.heading")}</h2>
        <p class="hint" id="import-hint">${t("elearning.import.hint")}</p>
        <form class="filters" @submit=${(e: SubmitEvent) => void this.importFile(e)}>
          <label
            >${t("elearning.import.file")}
            <input
              type="file"
              accept=".csv,text/csv"
              required
              aria-describedby="import-hint"
              @change=${(e: Event) => (this.file = (e.target as HTMLInputElement).files?.[0] ?? null)}
          /></label>
          <button type="submit" ?disabled=${this.busy || this.file === null}>${t("elearning.import.submit")}</button>
        </form>
        ${this.problems ? lineProblems(this.problems, this.problemsFile) : nothing}
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-elearning-page": ELearningPage;
  }
}
