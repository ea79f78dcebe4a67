// A trainer's sessions (components/sessions-page.ts) and a module's plan
// (components/module-page.ts): which sessions are shown, in what order and
// under which heading, and where the plan's conflicts belong. Pure: the
// screens read the API and hand the answers here.
import { todayInWarsaw } from "./editions.js";

// What the list needs of a session (the API's Session) and of its module.
export interface PlannedSession {
  readonly id?: string;
  readonly module?: string;
  readonly startTime?: string;
  readonly trainer?: string;
}

export interface SessionOfModule<S extends PlannedSession, M> {
  readonly session: S;
  readonly module: M;
}

export type When = "today" | "upcoming" | "past";
export const WHENS: readonly When[] = ["today", "upcoming", "past"];

// Whether a session starts today, later or earlier, by Warsaw's calendar
// (`today` is a civil date, editions.ts todayInWarsaw).
export function whenOf(startTime: string, today: string): When {
  const day = todayInWarsaw(new Date(startTime));
  return day === today ? "today" : day > today ? "upcoming" : "past";
}

// The sessions of one trainer (every session for "").
export function ofTrainer<T extends { readonly session: PlannedSession }>(rows: readonly T[], trainer: string): T[] {
  return trainer === "" ? [...rows] : rows.filter((row) => row.session.trainer === trainer);
}

// The trainers who teach any of the sessions, in alphabetical order (the
// office's filter).
export function trainersOf(rows: readonly { readonly session: PlannedSession }[]): string[] {
  return [...new Set(rows.map((row) => row.session.trainer ?? "").filter((trainer) => trainer !== ""))].sort();
}

// Today's sessions first, then the upcoming ones, both soonest first, then
// the past ones, the most recent first.
export function groupByWhen<T extends { readonly session: PlannedSession }>(
  rows: readonly T[],
  today: string,
): Record<When, T[]> {
  const groups: Record<When, T[]> = { today: [], upcoming: [], past: [] };
  for (const row of rows) groups[whenOf(row.session.startTime ?? "", today)].push(row);
  const start = (row: T) => Date.parse(row.session.startTime ?? "");
  groups.today.sort((a, b) => start(a) - start(b));
  groups.upcoming.sort((a, b) => start(a) - start(b));
  groups.past.sort((a, b) => start(b) - start(a));
  return groups;
}

// The plan's days: its sessions by Warsaw date, in start order.
export function daysOf<S extends PlannedSession>(sessions: readonly S[]): [string, S[]][] {
  const days = new Map<string, S[]>();
  const sorted = [...sessions].sort((a, b) => Date.parse(a.startTime ?? "") - Date.parse(b.startTime ?? ""));
  for (const session of sorted) {
    const day = todayInWarsaw(new Date(session.startTime ?? ""));
    days.set(day, [...(days.get(day) ?? []), session]);
  }
  return [...days];
}

// A conflict of :validate (kind, the sessions involved, the API's text).
export interface Conflict {
  readonly kind?: string;
  readonly sessions?: readonly string[];
  readonly description?: string;
}

export const CONFLICT_KINDS = [
  "ROOM_DOUBLE_BOOKED",
  "TRAINER_DOUBLE_BOOKED",
  "GROUP_DOUBLE_BOOKED",
  "ROOM_TOO_SMALL",
  "UNKNOWN_ROOM",
  "BAD_TIME",
  "OUTSIDE_EDITION",
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number] | "OTHER";

export function conflictKindOf(kind: string | undefined): ConflictKind {
  return (CONFLICT_KINDS as readonly string[]).includes(kind ?? "") ? (kind as ConflictKind) : "OTHER";
}

// A conflict as shown at one session: its kind and the other sessions it
// involves.
export interface ConflictAt {
  readonly kind: ConflictKind;
  readonly others: readonly string[];
  readonly description: string;
}

// The conflicts at each session they name, and those of the module as a
// whole (no session named: OUTSIDE_EDITION).
export function conflictsBySession(conflicts: readonly Conflict[]): {
  readonly at: ReadonlyMap<string, readonly ConflictAt[]>;
  readonly module: readonly ConflictAt[];
} {
  const at = new Map<string, ConflictAt[]>();
  const module: ConflictAt[] = [];
  for (const conflict of conflicts) {
    const sessions = conflict.sessions ?? [];
    const shown = (others: readonly string[]): ConflictAt => ({
      kind: conflictKindOf(conflict.kind),
      others,
      description: conflict.description ?? "",
    });
    if (sessions.length === 0) module.push(shown([]));
    for (const session of sessions) {
      at.set(session, [...(at.get(session) ?? []), shown(sessions.filter((other) => other !== session))]);
    }
  }
  return { at, module };
}
