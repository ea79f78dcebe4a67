import assert from "node:assert/strict";
import { test } from "node:test";
import { bandOf, countAllPages, pacingSeries, type Pacing } from "./dashboard.js";

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
