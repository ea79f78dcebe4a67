// A refused CSV file's rows (the API names each by line and column: all or
// nothing, so nothing was written): a focusable sentence saying so, and a
// table of each row's column and reason in the user's words. Used by the
// school register's and the e-learning completions' loads.
import { html, type TemplateResult } from "lit";
import { describeFailure, failureOf, problemText, type UserMessage } from "../errors.js";
import { lineProblemsOf, refusedLineCount, type LineProblem } from "../participant-import.js";
import { columnHeads } from "./column-heads.js";
import { t } from "./text.js";

export function lineProblems(problems: readonly LineProblem[], file: string): TemplateResult {
  return html`<p id="refused" class="alert" tabindex="-1">
      ${t("csv.refused", { file, lines: refusedLineCount(problems) })}
    </p>
    <table>
      <caption>
        ${t("csv.problemsCaption", { file })}
      </caption>
      ${columnHeads(["csv.line", "csv.column", "csv.problem"])}
      <tbody>
        ${problems.map(
          (p) => html`<tr>
            <th scope="row">${p.line}</th>
            <td>${p.column}</td>
            <td>${problemText(p.problem)}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
}

// A CSV file's upload: the answer, the rows the API refused (nothing
// written), or any other failure in the user's words.
export type CsvAnswer<T> =
  | { readonly data: T }
  | { readonly lines: LineProblem[] }
  | { readonly failure: UserMessage };

// The raw text/csv body of an openapi-fetch call (the file's bytes as
// they are).
export function csvBody(bytes: ArrayBuffer) {
  return {
    body: bytes as unknown as string,
    bodySerializer: (body: unknown) => body as BodyInit,
    headers: { "Content-Type": "text/csv" },
  };
}

// Sends `file` with `post` (given csvBody's options) and sorts the answer.
export async function sendCsv<T>(
  file: File,
  post: (body: ReturnType<typeof csvBody>) => Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<CsvAnswer<T>> {
  try {
    const { data, error, response } = await post(csvBody(await file.arrayBuffer()));
    if (data !== undefined) return { data };
    const lines = response.status === 400 ? lineProblemsOf(error) : [];
    return lines.length > 0 ? { lines } : { failure: describeFailure(response.status, error) };
  } catch {
    return { failure: failureOf(undefined) };
  }
}
