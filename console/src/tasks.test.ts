import assert from "node:assert/strict";
import { test } from "node:test";
import { actionsOf, byWhatIsDue, dueInWords, toReview, warsawDaysBetween } from "./tasks.js";

const task = (id: string, status: string, dueTime: string, overdue = false) => ({ id, status, dueTime, overdue });

test("what is due first: tasks to do by due time, then submitted, then accepted", () => {
  const ordered = byWhatIsDue([
    task("accepted", "TASK_ACCEPTED", "2017-01-01T10:00:00Z"),
    task("later", "TASK_OPEN", "2017-09-01T10:00:00Z"),
    task("submitted", "TASK_SUBMITTED", "2017-02-01T10:00:00Z"),
    task("returned", "TASK_RETURNED", "2017-08-01T10:00:00Z"),
    task("overdue", "TASK_OPEN", "2017-03-01T10:00:00Z", true),
    task("same-b", "TASK_OPEN", "2017-10-01T10:00:00Z"),
    task("same-a", "TASK_OPEN", "2017-10-01T10:00:00Z"),
  ]);
  assert.deepEqual(
    ordered.map((t) => t.id),
    ["overdue", "returned", "later", "same-a", "same-b", "submitted", "accepted"],
  );
});

test("tasks to review are the submitted ones, the earliest due first", () => {
  const list = toReview([
    task("b", "TASK_SUBMITTED", "2017-09-01T10:00:00Z"),
    task("open", "TASK_OPEN", "2017-01-01T10:00:00Z"),
    task("a", "TASK_SUBMITTED", "2017-05-01T10:00:00Z"),
    task("done", "TASK_ACCEPTED", "2017-01-01T10:00:00Z"),
  ]);
  assert.deepEqual(list.map((t) => t.id), ["a", "b"]);
});

test("days count Warsaw's calendar, not 24-hour spans nor UTC days", () => {
  // 23:30 in Warsaw on 5 December; due at 00:30 on the 6th (one hour later).
  assert.equal(warsawDaysBetween(new Date("2026-12-05T22:30:00Z"), new Date("2026-12-05T23:30:00Z")), 1);
  // Across the spring change (29 March 2026): three calendar days.
  assert.equal(warsawDaysBetween(new Date("2026-03-27T14:00:00Z"), new Date("2026-03-30T13:00:00Z")), 3);
});

test("due in words: today, tomorrow, in n days, past due", () => {
  const now = new Date("2026-12-05T09:00:00Z"); // 10:00 in Warsaw
  assert.deepEqual(dueInWords(task("t", "TASK_OPEN", "2026-12-05T16:00:00Z"), now), { key: "tasks.dueToday" });
  assert.deepEqual(dueInWords(task("t", "TASK_OPEN", "2026-12-06T08:00:00Z"), now), { key: "tasks.dueTomorrow" });
  assert.deepEqual(dueInWords(task("t", "TASK_RETURNED", "2026-12-08T22:59:00Z"), now), { key: "tasks.dueInDays", days: 3 });
  assert.deepEqual(dueInWords(task("t", "TASK_OPEN", "2026-12-05T08:00:00Z", true), now), { key: "tasks.overdueToday" });
  assert.deepEqual(dueInWords(task("t", "TASK_OPEN", "2026-12-01T08:00:00Z", true), now), { key: "tasks.overdueDays", days: 4 });
  // The API's overdue flag counts even when the browser's clock lags.
  assert.deepEqual(dueInWords(task("t", "TASK_OPEN", "2026-12-05T09:30:00Z", true), now), { key: "tasks.overdueToday" });
});

test("a submitted or accepted task has no due time in words", () => {
  const now = new Date("2026-12-05T09:00:00Z");
  assert.equal(dueInWords(task("t", "TASK_SUBMITTED", "2026-12-01T08:00:00Z"), now), null);
  assert.equal(dueInWords(task("t", "TASK_ACCEPTED", "2026-12-09T08:00:00Z"), now), null);
});

test("who may do what: the team submits a task to do, its reviewers decide a submitted one", () => {
  assert.deepEqual(actionsOf("JST", "TASK_OPEN"), ["submit"]);
  assert.deepEqual(actionsOf("JST", "TASK_RETURNED"), ["submit"]);
  assert.deepEqual(actionsOf("JST", "TASK_SUBMITTED"), []);
  assert.deepEqual(actionsOf("JST", "TASK_ACCEPTED"), []);
  for (const role of ["EXPERT", "ADMIN"] as const) {
    assert.deepEqual(actionsOf(role, "TASK_SUBMITTED"), ["accept", "return"]);
    assert.deepEqual(actionsOf(role, "TASK_OPEN"), []);
    assert.deepEqual(actionsOf(role, "TASK_RETURNED"), []);
    assert.deepEqual(actionsOf(role, "TASK_ACCEPTED"), []);
  }
  assert.deepEqual(actionsOf("COORDINATOR", "TASK_SUBMITTED"), []);
  assert.deepEqual(actionsOf(null, "TASK_OPEN"), []);
});
