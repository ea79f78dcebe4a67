import assert from "node:assert/strict";
import { test } from "node:test";
import { focusFirstRefused, focusInvalidOr } from "./field-problem.js";

// A root holding the elements named, each noting when it takes the focus.
function rootWith(...selectors: string[]): { root: ParentNode; focused: string[] } {
  const focused: string[] = [];
  const root = {
    querySelector: (selector: string) => (selectors.includes(selector) ? { focus: () => focused.push(selector) } : null),
  } as unknown as ParentNode;
  return { root, focused };
}

test("the first invalid field takes the focus, else the element saying the refusal", () => {
  const invalid = rootWith('[aria-invalid="true"]', "#result");
  focusInvalidOr(invalid.root, "#result");
  assert.deepEqual(invalid.focused, ['[aria-invalid="true"]']);

  const none = rootWith("#result");
  focusInvalidOr(none.root, "#result");
  assert.deepEqual(none.focused, ["#result"]);
});

test("an invalid field is looked for only inside the scope given", () => {
  const elsewhere = rootWith('[aria-invalid="true"]', "#create-result");
  focusInvalidOr(elsewhere.root, "#create-result", "form.create");
  assert.deepEqual(elsewhere.focused, ["#create-result"]);

  const inside = rootWith('form.create [aria-invalid="true"]', "#create-result");
  focusInvalidOr(inside.root, "#create-result", "form.create");
  assert.deepEqual(inside.focused, ['form.create [aria-invalid="true"]']);
});

test("the first field a refusal names takes the focus, by its id", () => {
  const { root, focused } = rootWith("#edition-code", "#edition-name");
  focusFirstRefused(root, new Map([["name", "…"], ["code", "…"]]), "edition");
  assert.deepEqual(focused, ["#edition-name"]);

  const nothingNamed = rootWith("#edition-code");
  focusFirstRefused(nothingNamed.root, new Map(), "edition");
  assert.deepEqual(nothingNamed.focused, []);
});
