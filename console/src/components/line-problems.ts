// A refused CSV file's rows (the API names each by line and column: all or
// nothing, so nothing was written): a focusable sentence saying so, and a
// table of each row's column and reason in the user's words. Used by the
// school register's and the e-learning completions' loads.
import { html, type TemplateResult } from "lit";
import { problemText } from "../errors.js";
import { refusedLineCount, type LineProblem } from "../participant-import.js";
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
