// The participant import (issue 19): an application's team from a CSV file
// (POST /v1/applications/{application}/participants:import, raw text/csv).
// The file is chosen with a labelled file input (or dropped on the page),
// its data lines counted, and sent as it is, with an Idempotency-Key per
// submission (submissions.ts). A refused file lists every refused line with
// its column and the API's reason (nothing is written until the whole file
// is valid): the user corrects it and sends again. A written file shows the
// counts and links back to the application. The format and a template to
// download are on the page (participant-import.ts).
import { LitElement, css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { api } from "../api.js";
import type { Application } from "../applications.js";
import { dataOf, failureOf, problemText, refusalOf, unmetLine, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import { codeLabel } from "../i18n/i18n.js";
import {
  COLUMN_CODES,
  IMPORT_COLUMNS,
  dataLineCount,
  isImportColumn,
  lineProblemsOf,
  refusedLineCount,
  templateCsv,
  type LineProblem,
} from "../participant-import.js";
import { hrefOfScreen } from "../screens.js";
import { StoreController, store } from "../store.js";
import { keepsKey, submissionFor, type Submission } from "../submissions.js";
import { columnHeads } from "./column-heads.js";
import { shared } from "./styles.js";
import { alertRegion, t } from "./text.js";

type ImportResult = components["schemas"]["ImportParticipantsResponse"];

// The file as chosen: its bytes (sent unchanged), name, data lines, and
// whether it reads as UTF-8.
interface ChosenFile {
  readonly name: string;
  readonly bytes: ArrayBuffer;
  readonly digest: string;
  readonly lines: number;
  readonly utf8: boolean;
}

async function read(file: File): Promise<ChosenFile> {
  const bytes = await file.arrayBuffer();
  let utf8 = true;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    utf8 = false;
    text = new TextDecoder("utf-8").decode(bytes);
  }
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const digest = Array.from(hash, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return { name: file.name, bytes, digest, lines: dataLineCount(text), utf8 };
}

const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(templateCsv())}`;

@customElement("jst-participant-import-page")
export class ParticipantImportPage extends LitElement {
  static override styles = [
    shared,
    css`
      .drop {
        display: grid;
        gap: 0.5rem;
        max-width: 40rem;
        padding: 1rem;
        border: 2px dashed #5a5a5a;
        border-radius: 4px;
      }
      .drop.over {
        border-style: solid;
        background: #eef3fb;
      }
      .drop label {
        font-weight: 600;
      }
      .buttons {
        margin: 1rem 0;
      }
      td.problem-text {
        white-space: pre-line;
      }
      table.result {
        width: auto;
        min-width: 20rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  // The application's id, from the address (/console/applications/:application/import).
  @property() application = "";
  @state() private data: Application | null = null;
  @state() private file: ChosenFile | null = null;
  @state() private over = false;
  @state() private busy = false;
  @state() private failure: UserMessage | null = null;
  @state() private problems: { readonly file: string; readonly lines: readonly LineProblem[] } | null = null;
  @state() private result: { readonly file: string; readonly counts: ImportResult } | null = null;
  private submission: Submission | null = null;

  override updated(changed: PropertyValues<this>): void {
    if (changed.has("application")) void this.load();
  }

  private async load(): Promise<void> {
    const id = this.application;
    this.failure = null;
    try {
      const application = await dataOf(api.GET("/v1/applications/{application}", { params: { path: { application: id } } }));
      if (id === this.application) this.data = application;
    } catch (caught) {
      if (id === this.application) this.failure = failureOf(caught);
    }
  }

  private async choose(file: File | undefined): Promise<void> {
    if (!file) return;
    this.failure = null;
    this.problems = null;
    this.result = null;
    this.file = await read(file);
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.over = false;
    void this.choose(event.dataTransfer?.files[0]);
  }

  private async send(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const file = this.file;
    if (this.busy) return;
    if (file === null) {
      this.failure = { key: "import.noFile", params: {} };
      return;
    }
    const id = this.application;
    const submission = submissionFor(this.submission, `import ${id}`, file.digest, () => crypto.randomUUID());
    this.submission = submission;
    this.busy = true;
    this.failure = null;
    this.problems = null;
    this.result = null;
    try {
      const { data, error, response } = await api.POST("/v1/applications/{application}/participants:import", {
        params: { path: { application: id }, header: { "Idempotency-Key": submission.key } },
        body: file.bytes as unknown as string,
        bodySerializer: (body: unknown) => body as BodyInit,
        headers: { "Content-Type": "text/csv" },
      });
      if (data) {
        this.submission = null;
        this.result = { file: file.name, counts: data };
      } else {
        this.refused(file, response.status, error);
      }
    } catch {
      this.refused(file, 0, undefined);
    } finally {
      this.busy = false;
    }
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#outcome")?.focus();
  }

  private refused(file: ChosenFile, status: number, body: unknown): void {
    if (!keepsKey(status, body)) this.submission = null;
    const lines = status === 400 ? lineProblemsOf(body) : [];
    if (lines.length > 0) {
      this.problems = { file: file.name, lines };
      return;
    }
    const refusal = refusalOf(status, body);
    this.failure =
      refusal.kind === "guard"
        ? { key: "import.refusedOther", params: { message: unmetLine(refusal.unmet) } }
        : refusal.kind === "fields"
          ? { key: "import.refusedOther", params: { message: [...refusal.fields.values()].join("; ") } }
          : refusal.kind === "other"
            ? refusal.failure
            : { key: "error.unexpected", params: { status } };
  }

  // The codes a column of choices takes, each with its label.
  private renderCodes(codes: readonly string[] | undefined) {
    if (codes === undefined) return nothing;
    return html`<ul class="codes">
      ${codes.map((code) => html`<li><code>${code}</code> — ${codeLabel(store.locale, code)}</li>`)}
    </ul>`;
  }

  override render() {
    const app = this.data;
    const back = hrefOfScreen("application", { application: this.application });
    return html`
      <p><a href=${back}>${t("import.back")}</a></p>
      <h1>${app ? t("import.of", { name: app.jstName ?? "" }) : t("screen.participantImport")}</h1>
      ${alertRegion(this.failure)}
      ${app ? this.renderForm() : this.failure ? nothing : html`<p>${t("import.loading")}</p>`}
      ${this.renderOutcome(back)}
    `;
  }

  private renderForm() {
    const file = this.file;
    return html`
      <p>${t("import.intro")}</p>
      <section aria-labelledby="format-heading">
        <h2 id="format-heading">${t("import.format")}</h2>
        <ul>
          <li>${t("import.encoding")}</li>
          <li>${t("import.separator")}</li>
          <li>${t("import.header")}</li>
        </ul>
        <p><a href=${TEMPLATE_HREF} download="szablon-import-uczestnikow.csv">${t("import.template")}</a></p>
        <details>
          <summary>${t("import.columns")}</summary>
          <table>
            <caption>${t("import.columnsCaption")}</caption>
            ${columnHeads(["import.columnName", "import.columnMeaning"])}
            <tbody>
              ${IMPORT_COLUMNS.map(
                (column) => html`<tr>
                  <th scope="row"><code>${column}</code></th>
                  <td>${t(`import.column.${column}`)}${this.renderCodes(COLUMN_CODES[column])}</td>
                </tr>`,
              )}
            </tbody>
          </table>
        </details>
      </section>
      <form @submit=${this.send}>
        <div
          class="drop ${this.over ? "over" : ""}"
          @dragover=${(e: DragEvent) => {
            e.preventDefault();
            this.over = true;
          }}
          @dragleave=${() => (this.over = false)}
          @drop=${this.onDrop}
        >
          <label for="file">${t("import.file")}</label>
          <input
            id="file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            @change=${(e: Event) => void this.choose((e.target as HTMLInputElement).files?.[0])}
          />
          <span>${t("import.drop")}</span>
        </div>
        <div role="status">
          ${file
            ? html`<p>${t("import.chosen", { name: file.name, lines: file.lines })}</p>
                ${file.utf8 ? nothing : html`<p class="problem">${t("import.notUtf8")}</p>`}`
            : nothing}
        </div>
        <p class="buttons">
          <button type="submit" ?disabled=${this.busy}>${this.busy ? t("import.sending") : t("import.send")}</button>
        </p>
      </form>
    `;
  }

  private renderOutcome(back: string) {
    if (this.problems) {
      const { file, lines } = this.problems;
      return html`<section aria-labelledby="outcome">
        <h2 id="outcome" tabindex="-1" class="problem">${t("import.refused", { lines: refusedLineCount(lines) })}</h2>
        <table class="refused">
          <caption>${t("import.refusedCaption", { name: file })}</caption>
          ${columnHeads(["import.line", "import.columnNumber", "import.column", "import.problem"])}
          <tbody>
            ${lines.map(
              (problem) => html`<tr data-line=${problem.line} data-column=${problem.column}>
                <th scope="row">${problem.line}</th>
                <td>${problem.columnNumber > 0 ? problem.columnNumber : ""}</td>
                <td>${this.columnLabel(problem)}</td>
                <td class="problem-text">${problemText(problem.problem)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </section>`;
    }
    if (this.result) {
      const { file, counts } = this.result;
      return html`<section aria-labelledby="outcome">
        <h2 id="outcome" tabindex="-1">
          ${t("import.done", {
            name: file,
            rows: counts.rows ?? 0,
            inserted: counts.inserted ?? 0,
            updated: counts.updated ?? 0,
            unchanged: counts.unchanged ?? 0,
          })}
        </h2>
        <table class="result">
          <caption>${t("import.resultCaption")}</caption>
          <tbody>
            <tr><th scope="row">${t("import.rows")}</th><td data-count="rows">${counts.rows ?? 0}</td></tr>
            <tr><th scope="row">${t("import.inserted")}</th><td data-count="inserted">${counts.inserted ?? 0}</td></tr>
            <tr><th scope="row">${t("import.updated")}</th><td data-count="updated">${counts.updated ?? 0}</td></tr>
            <tr><th scope="row">${t("import.unchanged")}</th><td data-count="unchanged">${counts.unchanged ?? 0}</td></tr>
          </tbody>
        </table>
        <p><a href=${back}>${t("import.toApplication")}</a></p>
      </section>`;
    }
    return nothing;
  }

  // The column in Polish: its meaning and header name; the whole line's
  // problems and a column not on the list said so.
  private columnLabel(problem: LineProblem) {
    if (problem.column === "") return problem.columnNumber > 0 ? t("import.unknownColumn") : t("import.wholeLine");
    return isImportColumn(problem.column)
      ? html`${t(`import.column.${problem.column}`)} (<code>${problem.column}</code>)`
      : html`<code>${problem.column}</code>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-participant-import-page": ParticipantImportPage;
  }
}
