// The edition's fields, shared by the form that creates one
// (editions-page.ts) and the one that edits it (edition-page.ts): each
// labelled, with its rule in words beside it and the API's refusal of it
// at it (aria-invalid, aria-describedby).
import { css, html, nothing, type TemplateResult } from "lit";
import { EDITION_KINDS, type EditionField, type EditionForm } from "../office.js";
import type { MessageKey } from "../i18n/pl.js";
import { t } from "./text.js";

export const editionFormStyles = css`
  form.edition {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
    gap: 1rem 1.5rem;
    max-width: 60rem;
  }
  form.edition .field label {
    display: block;
    font-weight: 600;
  }
  form.edition .field input,
  form.edition .field select {
    width: 100%;
    box-sizing: border-box;
  }
  form.edition .hint {
    margin: 0.2rem 0 0;
    font-size: 0.9rem;
    color: #3d3d3d;
  }
  form.edition .buttons {
    grid-column: 1 / -1;
    display: flex;
    gap: 0.8rem;
    align-items: center;
  }
`;

const INPUT_TYPES: Record<EditionField, string> = {
  code: "text",
  name: "text",
  kind: "select",
  capacity: "number",
  minRepresentatives: "number",
  startsOn: "date",
  endsOn: "date",
  recruitmentOpensAt: "datetime-local",
  recruitmentClosesAt: "datetime-local",
};

export interface EditionFieldsOptions {
  readonly form: EditionForm;
  // The API's refusal of each field, in its words.
  readonly problems: ReadonlyMap<EditionField, string>;
  readonly onInput: (field: EditionField, value: string) => void;
  // The code is typed only when creating.
  readonly withCode: boolean;
}

export function editionFields(options: EditionFieldsOptions): TemplateResult {
  const fields = (Object.keys(INPUT_TYPES) as EditionField[]).filter((field) => options.withCode || field !== "code");
  return html`${fields.map((field) => editionField(field, options))}`;
}

function editionField(field: EditionField, options: EditionFieldsOptions): TemplateResult {
  const id = `edition-${field}`;
  const problem = options.problems.get(field);
  const describedBy = problem !== undefined ? `${id}-hint ${id}-problem` : `${id}-hint`;
  const input = (e: Event) => options.onInput(field, (e.target as HTMLInputElement | HTMLSelectElement).value);
  const type = INPUT_TYPES[field];
  return html`<div class="field">
    <label for=${id}>${t(`editions.field.${field}` as MessageKey)}</label>
    ${type === "select"
      ? html`<select
          id=${id}
          name=${field}
          aria-required="true"
          aria-invalid=${problem !== undefined ? "true" : "false"}
          aria-describedby=${describedBy}
          @change=${input}
        >
          <option value="" ?selected=${options.form.kind === ""}>${t("editions.chooseKind")}</option>
          ${EDITION_KINDS.map(
            (kind) => html`<option value=${kind} ?selected=${options.form.kind === kind}>${t(`editions.kind.${kind}`)}</option>`,
          )}
        </select>`
      : html`<input
          id=${id}
          name=${field}
          type=${type}
          aria-required="true"
          aria-invalid=${problem !== undefined ? "true" : "false"}
          aria-describedby=${describedBy}
          .value=${options.form[field]}
          @input=${input}
        />`}
    <p class="hint" id=${`${id}-hint`}>${t(`editions.hint.${field}` as MessageKey)}</p>
    ${problem !== undefined
      ? html`<p class="problem" id=${`${id}-problem`}>${t("office.fieldProblem", { message: problem })}</p>`
      : nothing}
  </div>`;
}
