// Pure rules of the advisory cases board (components/cases-page.ts) and a
// case's page (components/case-page.ts): the board's columns, the timeline
// of history and activities together, and what an action's entry says.
import { CASE_STEPS } from "./jst.js";

// The board's columns: the four stages of the workflow, then WITHDRAWN
// (a column only when a case is in it).
export const BOARD_COLUMNS = [...CASE_STEPS, "WITHDRAWN"] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

// The cases of each column, in the order given (the API's: by TERYT).
// A case of an unknown stage is left out rather than put in a wrong column.
export function boardOf<C extends { readonly stage?: string }>(cases: readonly C[]): Map<BoardColumn, C[]> {
  const board = new Map<BoardColumn, C[]>(BOARD_COLUMNS.map((column) => [column, []]));
  for (const kase of cases) board.get(kase.stage as BoardColumn)?.push(kase);
  return board;
}

// The columns shown: every stage of the workflow, WITHDRAWN only when it
// holds a case.
export function columnsShown(board: ReadonlyMap<BoardColumn, readonly unknown[]>): BoardColumn[] {
  return BOARD_COLUMNS.filter((column) => column !== "WITHDRAWN" || (board.get(column)?.length ?? 0) > 0);
}

export type TimelineEntry<H, A> =
  | { readonly kind: "history"; readonly at: string; readonly entry: H }
  | { readonly kind: "activity"; readonly at: string; readonly entry: A };

// History (each at its instant, "2026-12-05T10:00:00Z") and activities
// (each on the day it took place, "2017-05-03") in one list, oldest
// first. An ISO day sorts before every instant of that day, so a day's
// activities come before its history; equal keys keep the API's order
// (history before activities).
export function timelineOf<H extends { readonly time?: string }, A extends { readonly occurredOn?: string }>(
  history: readonly H[],
  activities: readonly A[],
): TimelineEntry<H, A>[] {
  const entries: TimelineEntry<H, A>[] = [
    ...history.map((entry) => ({ kind: "history" as const, at: entry.time ?? "", entry })),
    ...activities.map((entry) => ({ kind: "activity" as const, at: entry.occurredOn ?? "", entry })),
  ];
  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.index - b.index))
    .map(({ entry }) => entry);
}

// Why a case is overdue: its stage is past due (today, in Warsaw, after
// the stage's due date), or else an action of its schedule is (the API's
// `overdue` covers both; a list of cases leaves the actions out).
export type OverdueReason = "none" | "stage" | "action";

export function overdueReason(kase: { readonly overdue?: boolean; readonly stageDueOn?: string }, today: string): OverdueReason {
  if (!kase.overdue) return "none";
  return kase.stageDueOn !== undefined && kase.stageDueOn < today ? "stage" : "action";
}

// What a completeAction or dropAction history entry says, for the reader:
// advisory records it as "action <id> done on <YYYY-MM-DD>" or "action <id>
// dropped: <reason>", an id the reader cannot place. With the case's actions
// it names the action by its title; an entry of another shape, or of an
// action the case no longer lists, is left as recorded (null).
export type ActionNote =
  | { readonly kind: "done"; readonly title: string; readonly on: string }
  | { readonly kind: "dropped"; readonly title: string; readonly reason: string };

export function actionNote(
  reason: string | undefined,
  actions: readonly { readonly id?: string; readonly title?: string }[],
): ActionNote | null {
  const match = /^action (\S+) (?:done on (\d{4}-\d{2}-\d{2})$|dropped: ([\s\S]*)$)/.exec(reason ?? "");
  if (match === null) return null;
  const title = actions.find((action) => action.id === match[1])?.title;
  if (title === undefined) return null;
  return match[2] !== undefined
    ? { kind: "done", title, on: match[2] }
    : { kind: "dropped", title, reason: match[3] ?? "" };
}

// Where a form shows the API's problem with `field`: an element of a list
// of choices ("actions[0].schools[2]") at its list ("actions[0].schools");
// any other field at itself.
export function formFieldOf(field: string): string {
  return field.replace(/(\.[A-Za-z]+)\[\d+\]$/, "$1");
}

// The API's field problems as a form shows them: by formFieldOf, the
// different problems of one place joined.
export function problemsByFormField(fields: ReadonlyMap<string, string>): Map<string, string> {
  const texts = new Map<string, Set<string>>();
  for (const [field, text] of fields) {
    const place = formFieldOf(field);
    texts.set(place, (texts.get(place) ?? new Set<string>()).add(text));
  }
  return new Map([...texts].map(([place, set]) => [place, [...set].join(" ")]));
}

// A form's entries keyed by JSON path ("actions[2].title") with action row
// `row` removed: its own entries dropped, the later rows' moved up one.
export function withoutRow<V>(entries: ReadonlyMap<string, V>, row: number): Map<string, V> {
  const kept = new Map<string, V>();
  for (const [path, value] of entries) {
    const match = /^actions\[(\d+)\](.*)$/.exec(path);
    const index = match ? Number(match[1]) : -1;
    if (index === row) continue;
    kept.set(match && index > row ? `actions[${index - 1}]${match[2]}` : path, value);
  }
  return kept;
}

// The RSPO numbers of the schools the API refused per action's list
// ("actions[0].schools[1]" is the second school sent for the first
// action): `sent` gives the numbers sent at a list's path.
export function refusedSchools(fields: Iterable<string>, sent: (path: string) => readonly string[]): Map<string, string[]> {
  const refused = new Map<string, string[]>();
  for (const field of fields) {
    const match = /^(actions\[\d+\]\.schools)\[(\d+)\]$/.exec(field);
    const rspo = match ? sent(match[1] ?? "")[Number(match[2])] : undefined;
    if (match && rspo !== undefined) refused.set(match[1] ?? "", [...(refused.get(match[1] ?? "") ?? []), rspo]);
  }
  return refused;
}
