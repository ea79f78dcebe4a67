import assert from "node:assert/strict";
import { test } from "node:test";
import { warsawParts, warsawWallClock } from "./warsaw.js";

test("an instant's reading on Warsaw's clock, in winter and in summer time", () => {
  assert.deepEqual(warsawParts(Date.parse("2029-01-07T08:00:05Z")), { year: 2029, month: 1, day: 7, hour: 9, minute: 0, second: 5 });
  assert.deepEqual(warsawParts(Date.parse("2029-07-01T22:30:00Z")), { year: 2029, month: 7, day: 2, hour: 0, minute: 30, second: 0 });
});

test("the reading as a UTC clock's milliseconds: wall-clock time between two readings", () => {
  assert.equal(warsawWallClock(Date.parse("2029-01-07T08:00:05Z")), Date.parse("2029-01-07T09:00:05Z"));
  // Across the spring change 23 hours elapse, but the clock shows a day.
  const before = warsawWallClock(Date.parse("2029-03-24T11:00:00Z"));
  const after = warsawWallClock(Date.parse("2029-03-25T10:00:00Z"));
  assert.equal(after - before, 24 * 3600_000);
});
