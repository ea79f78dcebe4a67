// Pure rules of a JST's page (components/jst-page.ts): the steps of a
// case's stage stepper and which editions the page shows.

// The stages a case goes through, in order (advisory's workflow).
export const CASE_STEPS = ["AREA_CHOICE", "NEEDS_DIAGNOSIS", "ROLLOUT", "COMPLETED"] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

export interface Step {
  readonly stage: CaseStep;
  readonly state: "done" | "current" | "todo";
}

// The stepper of a case at `stage`: the steps before it done, it current,
// the rest to do. A completed case has every step done but the last, which
// is current (its state). Undefined for a stage off the path (WITHDRAWN,
// unknown): the page says the stage in words instead.
export function stepsOf(stage: string | undefined): Step[] | undefined {
  const at = CASE_STEPS.indexOf(stage as CaseStep);
  if (at < 0) return undefined;
  return CASE_STEPS.map((step, i) => ({
    stage: step,
    state: i < at ? "done" : i === at ? "current" : "todo",
  }));
}

// The editions (in `editions` order) where the JST has an application or a
// case: the page shows one section for each.
export function editionsWith<E extends { readonly code?: string }>(
  editions: readonly E[],
  withApplication: ReadonlySet<string>,
  withCase: ReadonlySet<string>,
): E[] {
  return editions.filter((e) => withApplication.has(e.code ?? "") || withCase.has(e.code ?? ""));
}
