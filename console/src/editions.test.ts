import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultEdition, todayInWarsaw } from "./editions.js";

const pilot = { code: "PILOT", startsOn: "2016-04-18", endsOn: "2018-05-31" };
const rollout = { code: "ROLLOUT", startsOn: "2026-01-01", endsOn: "2028-12-31" };
const next = { code: "NEXT", startsOn: "2029-01-01", endsOn: "2030-12-31" };

test("the edition running today is the default", () => {
  assert.equal(defaultEdition([pilot, rollout, next], "2026-12-05"), "ROLLOUT");
  assert.equal(defaultEdition([pilot, rollout], "2017-05-01"), "PILOT");
});

test("between editions, the one that started last; before any, the first", () => {
  assert.equal(defaultEdition([pilot, next], "2020-01-01"), "PILOT");
  assert.equal(defaultEdition([next, pilot, rollout], "2029-01-01"), "NEXT");
  assert.equal(defaultEdition([next], "2020-01-01"), "NEXT");
  assert.equal(defaultEdition([], "2020-01-01"), "");
});

test("today is Warsaw's day, not UTC's", () => {
  assert.equal(todayInWarsaw(new Date("2026-12-04T23:30:00Z")), "2026-12-05");
  assert.equal(todayInWarsaw(new Date("2026-07-04T21:59:00Z")), "2026-07-04");
  assert.equal(todayInWarsaw(new Date("2026-07-04T22:00:00Z")), "2026-07-05");
});
