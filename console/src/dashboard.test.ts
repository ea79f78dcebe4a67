import assert from "node:assert/strict";
import { test } from "node:test";
import { bandOf, countAllPages, LIST_CAP, NEAR_POINTS, pacingSeries, shownItems, type Pacing } from "./dashboard.js";

const pacing: Pacing = {
  voivodeship: "PL",
  jstsSupported: "10",
  plansAdopted: "4",
  effectiveness: "40.00",
  projectedPlans: "7",
  projectedEffectiveness: "70.00",
  belowTarget: true,
  trajectory: [
    { month: "2026-10", jstsSupported: "8", plansAdopted: "2" },
    { month: "2026-11", jstsSupported: "10", plansAdopted: "4" },
  ],
};

test("the trajectory as it is, then the projection by day to the edition's end", () => {
  const series = pacingSeries(pacing, "2026-11-30", "2027-01-30", 90);
  assert.deepEqual(series.months, ["2026-10", "2026-11", "2026-12", "2027-01"]);
  assert.deepEqual(series.plans, [2, 4, null, null]);
  assert.deepEqual(series.jsts, [8, 10, null, null]);
  // 61 days left, 3 plans more: 31 days to December's end, 61 to 30 January.
  assert.deepEqual(series.projection, [null, 4, Math.round((4 + (3 * 31) / 61) * 100) / 100, 7]);
  // 90 % of the JSTs supported then; after today, of those supported today.
  assert.deepEqual(series.needed, [7.2, 9, 9, 9]);
});

test("the projection is the straight line to the API's projected plans, capped as the API caps it", () => {
  // 10 JSTs supported, 4 plans today; the API capped its projection at 10.
  const capped = { ...pacing, projectedPlans: "10", projectedEffectiveness: "100.00", belowTarget: false };
  const series = pacingSeries(capped, "2026-11-30", "2027-01-30", 75);
  assert.equal(series.projection[1], 4, "starts at today's plans");
  assert.equal(series.projection[series.projection.length - 1], 10, "ends at the API's projected plans");
  assert.equal(series.projection[2], Math.round((4 + (6 * 31) / 61) * 100) / 100, "on the straight line between");
  assert.ok(series.projection.every((value) => value === null || value <= 10), "never above the API's cap");
  // 75 % of the JSTs: of those supported then, and of today's after today.
  assert.deepEqual(series.needed, [6, 7.5, 7.5, 7.5]);
});

test("no projection without the edition's end, nor once it has passed", () => {
  for (const endsOn of [undefined, "2026-11-30", "2026-06-30"]) {
    const series = pacingSeries(pacing, "2026-11-30", endsOn, 90);
    assert.deepEqual(series.months, ["2026-10", "2026-11"]);
    assert.deepEqual(series.projection, [null, null]);
  }
});

test("zero counts the API leaves out are zeros", () => {
  const series = pacingSeries({ voivodeship: "24", trajectory: [{ month: "2026-11" }] }, "2026-11-15", "2026-12-15", 90);
  assert.deepEqual(series.plans, [0, null]);
  assert.deepEqual(series.projection, [0, 0]);
});

test("bands: the API's flag decides the target; 15 points below it is near", () => {
  assert.equal(bandOf(undefined, 90), "none");
  assert.equal(bandOf({ ...pacing, projectedEffectiveness: "" }, 90), "none");
  assert.equal(bandOf({ ...pacing, projectedEffectiveness: "90.00", belowTarget: false }, 90), "met");
  assert.equal(NEAR_POINTS, 15);
  assert.equal(bandOf({ ...pacing, projectedEffectiveness: "75.00", belowTarget: true }, 90), "near");
  assert.equal(bandOf({ ...pacing, projectedEffectiveness: "74.99", belowTarget: true }, 90), "far");
});

test("every page is counted", async () => {
  const pages: Record<string, { count: number; next: string }> = {
    "": { count: 500, next: "a" },
    a: { count: 500, next: "b" },
    b: { count: 3, next: "" },
  };
  const asked: string[] = [];
  const total = await countAllPages((token) => {
    asked.push(token);
    return Promise.resolve(pages[token] ?? { count: 0, next: "" });
  });
  assert.equal(total, 1003);
  assert.deepEqual(asked, ["", "a", "b"]);
});

test("a long list shows its first LIST_CAP items until it is expanded", () => {
  const items = Array.from({ length: LIST_CAP + 5 }, (_, i) => i);
  assert.deepEqual(shownItems(items, false), items.slice(0, LIST_CAP));
  assert.deepEqual(shownItems(items, true), items);
  assert.deepEqual(shownItems([1, 2], false), [1, 2]);
});
