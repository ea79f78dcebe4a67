// The voivodeship overview's rules (components/overview-page.ts): which
// voivodeship is shown, its JSTs by advisory stage, the overdue cases with
// why, the overdue tasks by due time, its part of the data-quality report,
// and the Polish plural form of a count said in words.
import { boardOf, columnsShown, overdueReason, type BoardColumn, type OverdueReason } from "./cases.js";

interface CaseLike {
  readonly stage?: string;
  readonly overdue?: boolean;
  readonly stageDueOn?: string;
  readonly voivodeship?: string;
}

// The cases of each stage, as the cases board has them (cases.ts): every
// stage of the workflow (an empty one says so), "withdrawn" only when a
// case is.
export function stagesOf<C extends CaseLike>(cases: readonly C[]): { stage: BoardColumn; cases: C[] }[] {
  const board = boardOf(cases);
  return columnsShown(board).map((stage) => ({ stage, cases: board.get(stage) ?? [] }));
}

// The cases the API says are overdue, in its order, each with why (cases.ts
// overdueReason: its stage past its business-day due date, or an action of
// its schedule).
export function overdueCasesOf<C extends CaseLike>(
  cases: readonly C[],
  today: string,
): { kase: C; reason: Exclude<OverdueReason, "none"> }[] {
  return cases.flatMap((kase) => {
    const reason = overdueReason(kase, today);
    return reason === "none" ? [] : [{ kase, reason }];
  });
}

// Tasks by due time, the earliest first (the most overdue at the top);
// equal times keep the API's order.
export function byDueTime<T extends { readonly dueTime?: string }>(tasks: readonly T[]): T[] {
  return [...tasks].sort((a, b) => (a.dueTime ?? "").localeCompare(b.dueTime ?? ""));
}

// The voivodeship the overview shows: the office's choice; for a
// coordinator (whose answers the API scopes to its voivodeship) the one its
// answers name, the data-quality report's first, else its cases'.
export function regionOf(
  chosen: string,
  mayChoose: boolean,
  quality: { readonly voivodeships?: readonly { readonly voivodeship?: string }[] } | null,
  cases: readonly CaseLike[],
): string {
  if (mayChoose) return chosen;
  return quality?.voivodeships?.[0]?.voivodeship ?? cases[0]?.voivodeship ?? "";
}

// The part of the data-quality report about `voivodeship` (none when it
// has nothing the report counts).
export function qualityOf<Q extends { readonly voivodeship?: string }>(
  report: { readonly voivodeships?: readonly Q[] } | null,
  voivodeship: string,
): Q | undefined {
  return report?.voivodeships?.find((quality) => quality.voivodeship === voivodeship);
}

// The CLDR plural form of `count` in Polish ("1 sprawa", "2 sprawy",
// "5 spraw"): a count in words is the message "<base>.<form>"; the English
// catalogue has the same four keys.
export type PluralForm = "one" | "few" | "many" | "other";

const POLISH_PLURALS = new Intl.PluralRules("pl-PL");

export function pluralForm(count: number): PluralForm {
  return POLISH_PLURALS.select(count) as PluralForm;
}

// The tasks screen's anchor of a task ("#task-<id>", tasks-page.ts gives
// each task's section that id): an overdue task's line leads there.
export function taskAnchor(taskId: string): string {
  return `task-${taskId}`;
}

// Each representative's number in its application's team ("przedstawiciel
// nr 2"), as the application's page lists them (the API's order), by
// participant id: how a record to fix names a person without personal data.
export function representativeNumbers(
  applications: readonly { readonly representatives?: readonly { readonly participant?: string }[] }[],
): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const application of applications)
    (application.representatives ?? []).forEach((member, index) => {
      if (member.participant) numbers.set(member.participant, index + 1);
    });
  return numbers;
}
