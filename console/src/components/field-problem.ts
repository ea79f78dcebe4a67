// A form field's problem, shown under it (every form's one way): the
// element's id is the field's id with "-problem" (problemIdOf), for the
// field's aria-describedby; the API's problem of a field is said
// "Popraw to pole: …" (fieldProblemText, the one message key). After a
// refusal the keyboard goes to the first field with a problem
// (focusInvalidOr, focusFirstRefused).
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

const INVALID = '[aria-invalid="true"]';

// After a refusal, the keyboard goes to the first field it marked invalid
// (inside `scope`, a selector, where the screen holds other forms), or else
// to `fallback`, the element that says the refusal.
export function focusInvalidOr(root: ParentNode, fallback: string, scope = ""): void {
  const invalid = root.querySelector<HTMLElement>(scope === "" ? INVALID : `${scope} ${INVALID}`);
  (invalid ?? root.querySelector<HTMLElement>(fallback))?.focus();
}

// After a refusal that names fields (by key, in order), the keyboard goes to
// the first of them: the element whose id is `<prefix>-<key>`.
export function focusFirstRefused(root: ParentNode, problems: ReadonlyMap<string, unknown>, prefix: string): void {
  const first = [...problems.keys()][0];
  if (first !== undefined) root.querySelector<HTMLElement>(`#${prefix}-${first}`)?.focus();
}
