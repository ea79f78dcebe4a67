import assert from "node:assert/strict";
import { test } from "node:test";
import { byDueTime, overdueCasesOf, pluralForm, qualityOf, regionOf, representativeNumbers, stagesOf, taskAnchor } from "./overview.js";

test("the JSTs by stage: every stage of the workflow, withdrawn only when a case is", () => {
  const stages = stagesOf([
    { id: "a", stage: "ROLLOUT" },
    { id: "b", stage: "AREA_CHOICE" },
    { id: "c", stage: "ROLLOUT" },
  ]);
  assert.deepEqual(
    stages.map(({ stage, cases }) => [stage, cases.map((c) => c.id)]),
    [
      ["AREA_CHOICE", ["b"]],
      ["NEEDS_DIAGNOSIS", []],
      ["ROLLOUT", ["a", "c"]],
      ["COMPLETED", []],
    ],
  );
  assert.deepEqual(
    stagesOf([{ stage: "WITHDRAWN" }]).map((s) => s.stage),
    ["AREA_CHOICE", "NEEDS_DIAGNOSIS", "ROLLOUT", "COMPLETED", "WITHDRAWN"],
  );
});

test("the overdue cases in the API's order, each with why", () => {
  const cases = [
    { id: "late-stage", overdue: true, stageDueOn: "2026-11-30" },
    { id: "on-time", overdue: false, stageDueOn: "2026-11-30" },
    { id: "late-action", overdue: true, stageDueOn: "2027-03-01" },
    { id: "closed", overdue: true },
  ];
  assert.deepEqual(
    overdueCasesOf(cases, "2026-12-05").map(({ kase, reason }) => [kase.id, reason]),
    [
      ["late-stage", "stage"],
      ["late-action", "action"],
      ["closed", "action"],
    ],
  );
});

test("the overdue tasks, the earliest due first, ties in the API's order", () => {
  const tasks = [
    { id: "b", dueTime: "2017-05-02T10:00:00Z" },
    { id: "a", dueTime: "2017-04-01T10:00:00Z" },
    { id: "c", dueTime: "2017-05-02T10:00:00Z" },
  ];
  assert.deepEqual(
    byDueTime(tasks).map((task) => task.id),
    ["a", "b", "c"],
  );
});

test("the voivodeship shown: the office's choice, a coordinator's from its answers", () => {
  const quality = { voivodeships: [{ voivodeship: "24" }] };
  assert.equal(regionOf("12", true, quality, []), "12");
  assert.equal(regionOf("", true, quality, []), "", "the office has chosen none yet");
  assert.equal(regionOf("12", false, quality, [{ voivodeship: "24" }]), "24");
  assert.equal(regionOf("", false, { voivodeships: [] }, [{ voivodeship: "24" }]), "24", "from its cases");
  assert.equal(regionOf("", false, null, []), "", "nothing names it");
});

test("the data quality of the voivodeship shown", () => {
  const report = { voivodeships: [{ voivodeship: "12", incompleteRecords: "1" }, { voivodeship: "24", incompleteRecords: "3" }] };
  assert.equal(qualityOf(report, "24")?.incompleteRecords, "3");
  assert.equal(qualityOf(report, "02"), undefined);
  assert.equal(qualityOf(null, "24"), undefined);
});

test("a count's Polish plural form", () => {
  assert.deepEqual(
    [0, 1, 2, 4, 5, 12, 22, 25, 101, 102].map(pluralForm),
    ["many", "one", "few", "few", "many", "many", "few", "many", "many", "few"],
  );
});

test("a record to fix names its person by their number in the application's team; an overdue task's line its anchor", () => {
  const numbers = representativeNumbers([
    { representatives: [{ participant: "a" }, { participant: "b" }] },
    { representatives: [{ participant: "c" }, {}] },
    {},
  ]);
  assert.deepEqual([...numbers], [["a", 1], ["b", 2], ["c", 1]]);
  assert.equal(taskAnchor("t-1"), "task-t-1");
});
