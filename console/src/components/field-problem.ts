// A form field's problem, shown under it (every form's one way): the
// element's id is the field's id with "-problem" (problemIdOf), for the
// field's aria-describedby; the API's problem of a field is said
// "Popraw to pole: …" (fieldProblemText, the one message key).
import { html, nothing, type TemplateResult } from "lit";
import { t } from "./text.js";

export function problemIdOf(fieldId: string): string {
  return `${fieldId}-problem`;
}

// The API's problem of a field (errors.ts problemText) as the field says it.
export function fieldProblemText(message: string): string {
  return t("error.fieldProblem", { message });
}

// The problem's element under the field `fieldId`; nothing without one.
export function fieldProblem(fieldId: string, text: string | undefined): TemplateResult | typeof nothing {
  return text === undefined || text === "" ? nothing : html`<p class="problem" id=${problemIdOf(fieldId)}>${text}</p>`;
}
