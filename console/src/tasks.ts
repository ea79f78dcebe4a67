// Pure rules of the tasks between modules (components/tasks-page.ts): the
// order a JST's tasks are shown in, each due time in words, and what a role
// may do with a task in a status (training's rules: a team submits an open
// or returned task; its guardian or the office accepts or returns a
// submitted one, services/training/README.md).
import type { Role } from "./roles.js";
import { todayInWarsaw } from "./editions.js";

export type TaskStatus = "TASK_OPEN" | "TASK_SUBMITTED" | "TASK_ACCEPTED" | "TASK_RETURNED";
export type TaskAction = "submit" | "accept" | "return";

export interface TaskLike {
  readonly id?: string;
  readonly status?: string;
  readonly dueTime?: string;
  readonly overdue?: boolean;
}

// Still the team's to do: set, or returned for another report.
export function isToDo(task: TaskLike): boolean {
  return task.status === "TASK_OPEN" || task.status === "TASK_RETURNED";
}

// What is due first: the tasks still to do by due time (those past due
// come first, as they were due earliest), then the submitted ones waiting
// for review, then the accepted; ties by id, as the API orders.
const GROUP: Readonly<Record<string, number>> = {
  TASK_OPEN: 0,
  TASK_RETURNED: 0,
  TASK_SUBMITTED: 1,
  TASK_ACCEPTED: 2,
};

export function byWhatIsDue<T extends TaskLike>(tasks: readonly T[]): T[] {
  return [...tasks].sort(
    (a, b) =>
      (GROUP[a.status ?? ""] ?? 3) - (GROUP[b.status ?? ""] ?? 3) ||
      (a.dueTime ?? "").localeCompare(b.dueTime ?? "") ||
      (a.id ?? "").localeCompare(b.id ?? ""),
  );
}

// The submitted tasks a reviewer has to decide, the longest waiting (the
// earliest due) first.
export function toReview<T extends TaskLike>(tasks: readonly T[]): T[] {
  return byWhatIsDue(tasks.filter((task) => task.status === "TASK_SUBMITTED"));
}

// Whole calendar days in Warsaw from `now` to `due` (negative when past):
// a task due tomorrow at 9:00 is due "jutro" at 23:00 today.
export function warsawDaysBetween(now: Date, due: Date): number {
  const day = (d: Date) => Date.parse(`${todayInWarsaw(d)}T00:00:00Z`);
  return Math.round((day(due) - day(now)) / 86_400_000);
}

export type DueWords =
  | { readonly key: "tasks.dueToday" | "tasks.dueTomorrow" | "tasks.overdueToday" }
  | { readonly key: "tasks.dueInDays" | "tasks.overdueDays"; readonly days: number };

// A task to do's due time in words ("za 3 dni", "po terminie"), by Warsaw
// calendar days; nothing for a task already submitted or accepted. Past due
// is the API's `overdue` (training's clock decides), and also any due time
// before `now`.
export function dueInWords(task: TaskLike, now: Date): DueWords | null {
  if (!isToDo(task) || !task.dueTime) return null;
  const due = new Date(task.dueTime);
  const days = warsawDaysBetween(now, due);
  if (task.overdue === true || due.getTime() <= now.getTime()) {
    return days >= 0 ? { key: "tasks.overdueToday" } : { key: "tasks.overdueDays", days: -days };
  }
  if (days <= 0) return { key: "tasks.dueToday" };
  if (days === 1) return { key: "tasks.dueTomorrow" };
  return { key: "tasks.dueInDays", days };
}

// What `role` may do with a task in `status` on this screen: the JST's staff
// submit a report for a task to do; an expert (the JST's guardian: the API
// gives an expert only the tasks it reviews) and the office accept or return
// a submitted one. The office may also submit for a team through the API;
// the screen leaves that to the team.
export function actionsOf(role: Role | null, status: string | undefined): TaskAction[] {
  if (role === "JST") return status === "TASK_OPEN" || status === "TASK_RETURNED" ? ["submit"] : [];
  if (role === "EXPERT" || role === "ADMIN") return status === "TASK_SUBMITTED" ? ["accept", "return"] : [];
  return [];
}
