// The schools an action of a schedule works with (issue 24,
// docs/programme-parts.md part 5), chosen in the diagnosis form
// (case-commands.ts): a checkbox per open school the case's JST runs (the
// register's, read by the case page), found by words of its name or its
// RSPO number once there are more than a handful, the chosen ones always
// in sight. The API's problem with a named school ("actions[0].schools[1]":
// closed or another JST's since the page was read) is shown under the
// list and marks its boxes.
import { css, html, nothing } from "lit";
import { chosenSchools, schoolLabel, schoolsOffered, type School } from "../schools.js";
import { civilDate, t } from "./text.js";

// Above this many schools the list gets a search field.
const SEARCH_FROM = 10;

export const caseSchoolsStyles = css`
  fieldset.schools {
    margin: 0.5rem 0;
  }
  fieldset.schools ul {
    list-style: none;
    margin: 0.25rem 0;
    padding: 0;
    max-height: 16rem;
    overflow-y: auto;
  }
  fieldset.schools li {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
    margin: 0.2rem 0;
  }
  fieldset.schools li label {
    display: inline;
    font-weight: normal;
    margin: 0;
  }
`;

export interface SchoolsChoice {
  // The action's row in the form (0-based).
  readonly row: number;
  // The JST's schools (closed ones too), or null when they could not be read.
  readonly schools: readonly School[] | null;
  // The chosen RSPO numbers ("rspo,rspo") and the search words.
  readonly value: string;
  readonly words: string;
  // The API's problem with the list, in the user's words, and the RSPO
  // numbers it refused (their boxes marked; none known: every chosen one).
  readonly error: string | undefined;
  readonly refused: readonly string[];
  readonly onWords: (words: string) => void;
  readonly onToggle: (rspo: string, on: boolean) => void;
}

export function schoolsChoice(choice: SchoolsChoice) {
  const { row, error } = choice;
  const chosen = chosenSchools(choice.value);
  // A chosen school the list does not hold (the register unread) is still
  // shown, by its number, to be kept or unchosen knowingly.
  const known = choice.schools ?? [];
  const schools = [...known, ...chosen.filter((rspo) => !known.some((s) => s.rspo === rspo)).map((rspo) => ({ rspo }))];
  const errorId = `field-actions-${row}--schools-error`;
  const none = known.every((s) => s.closedOn) && chosen.length === 0;
  return html`<fieldset class="schools" data-schools=${row}>
    <legend>${t("cases.schools.legend", { number: row + 1 })}</legend>
    ${choice.schools === null
      ? html`<p>${t("cases.schools.unreadable")}</p>`
      : none
        ? html`<p>${t("cases.schools.noRegister")}</p>`
        : nothing}
    ${schools.length > 0 && !none ? renderList(choice, schools, chosen, errorId) : nothing}
    ${error ? html`<p class="field-error" id=${errorId}>${error}</p>` : nothing}
  </fieldset>`;
}

function renderList(choice: SchoolsChoice, schools: readonly School[], chosen: readonly string[], errorId: string) {
  const { row, error } = choice;
  const offered = schoolsOffered(schools, choice.words, chosen);
  const searchId = `schools-${row}-search`;
  const marked = choice.refused.length > 0 ? choice.refused : chosen;
  return html`<p data-field="chosen">${t("cases.schools.chosen", { count: chosen.length })}</p>
    ${schools.filter((s) => !s.closedOn).length > SEARCH_FROM
      ? html`<label for=${searchId}>${t("cases.schools.filter")}</label>
          <input
            id=${searchId}
            type="search"
            autocomplete="off"
            .value=${choice.words}
            @input=${(e: Event) => choice.onWords((e.target as HTMLInputElement).value)}
          />`
      : nothing}
    ${offered.length === 0
      ? html`<p>${t("cases.schools.noneMatch")}</p>`
      : html`<ul>
          ${offered.map((school) => {
            const rspo = school.rspo ?? "";
            const id = `school-${row}-${rspo}`;
            const invalid = error !== undefined && marked.includes(rspo);
            return html`<li>
              <input
                type="checkbox"
                id=${id}
                name="actions[${row}].schools"
                value=${rspo}
                .checked=${chosen.includes(rspo)}
                aria-invalid=${invalid ? "true" : "false"}
                aria-describedby=${invalid ? errorId : nothing}
                @change=${(e: Event) => choice.onToggle(rspo, (e.target as HTMLInputElement).checked)}
              /><label for=${id}
                >${schoolLabel(rspo, schools)}${school.closedOn
                  ? ` — ${t("cases.schools.closed", { date: civilDate(school.closedOn) })}`
                  : nothing}</label
              >
            </li>`;
          })}
        </ul>`}`;
}
