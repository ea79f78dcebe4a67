import assert from "node:assert/strict";
import { test } from "node:test";
import {
  actionNote,
  boardOf,
  columnsShown,
  formFieldOf,
  overdueReason,
  problemsByFormField,
  refusedSchools,
  timelineOf,
  withoutRow,
} from "./cases.js";

test("the board puts each case in its stage's column, in the API's order", () => {
  const board = boardOf([
    { id: "a", stage: "ROLLOUT" },
    { id: "b", stage: "AREA_CHOICE" },
    { id: "c", stage: "ROLLOUT" },
    { id: "d", stage: "COMPLETED" },
    { id: "e", stage: "STAGE_UNSPECIFIED" },
  ]);
  assert.deepEqual(board.get("ROLLOUT")?.map((c) => c.id), ["a", "c"]);
  assert.deepEqual(board.get("AREA_CHOICE")?.map((c) => c.id), ["b"]);
  assert.deepEqual(board.get("NEEDS_DIAGNOSIS"), []);
  assert.deepEqual(board.get("COMPLETED")?.map((c) => c.id), ["d"]);
  assert.equal([...board.values()].flat().length, 4, "a case of an unknown stage is in no column");
});

test("the withdrawn column is shown only when it holds a case", () => {
  assert.deepEqual(columnsShown(boardOf([{ stage: "ROLLOUT" }])), [
    "AREA_CHOICE",
    "NEEDS_DIAGNOSIS",
    "ROLLOUT",
    "COMPLETED",
  ]);
  assert.deepEqual(columnsShown(boardOf([{ stage: "WITHDRAWN" }])).at(-1), "WITHDRAWN");
});

test("the timeline merges history and activities oldest first", () => {
  const timeline = timelineOf(
    [
      { id: "h1", time: "2026-12-01T09:00:00Z" },
      { id: "h2", time: "2026-12-03T09:00:00Z" },
    ],
    [
      { id: "a1", occurredOn: "2017-05-03" },
      { id: "a2", occurredOn: "2026-12-03" },
      { id: "a3", occurredOn: "2026-12-02" },
    ],
  );
  assert.deepEqual(
    timeline.map((e) => `${e.kind}:${e.entry.id}`),
    ["activity:a1", "history:h1", "activity:a3", "activity:a2", "history:h2"],
  );
});

test("entries at the same key keep history before activities", () => {
  const timeline = timelineOf([{ time: "2026-12-02" }], [{ occurredOn: "2026-12-02" }]);
  assert.deepEqual(
    timeline.map((e) => e.kind),
    ["history", "activity"],
  );
});

test("an overdue case is overdue by its stage when its due date has passed, else by an action", () => {
  assert.equal(overdueReason({ overdue: false, stageDueOn: "2020-01-01" }, "2026-12-05"), "none");
  assert.equal(overdueReason({ overdue: true, stageDueOn: "2026-12-04" }, "2026-12-05"), "stage");
  assert.equal(overdueReason({ overdue: true, stageDueOn: "2026-12-05" }, "2026-12-05"), "action", "due today is not late");
  assert.equal(overdueReason({ overdue: true, stageDueOn: "2027-07-27" }, "2026-12-05"), "action");
  assert.equal(overdueReason({ overdue: true }, "2026-12-05"), "action");
});

test("an action's history entry names the action by its title", () => {
  const actions = [
    { id: "a-1", title: "Szkolenie dyrektorów" },
    { id: "a-2", title: "Zespół ds. jakości" },
  ];
  assert.deepEqual(actionNote("action a-1 done on 2017-10-27", actions), {
    kind: "done",
    title: "Szkolenie dyrektorów",
    on: "2017-10-27",
  });
  assert.deepEqual(actionNote("action a-2 dropped: brak środków; zmiana planu", actions), {
    kind: "dropped",
    title: "Zespół ds. jakości",
    reason: "brak środków; zmiana planu",
  });
  // Another shape, an action the case does not list, no reason: as recorded.
  assert.equal(actionNote("Plan przyjęty", actions), null);
  assert.equal(actionNote("action a-9 done on 2017-10-27", actions), null);
  assert.equal(actionNote(undefined, actions), null);
});

test("a problem with one chosen school is shown at its action's list of schools", () => {
  assert.equal(formFieldOf("actions[0].schools[2]"), "actions[0].schools");
  assert.equal(formFieldOf("actions[12].schools[0]"), "actions[12].schools");
  assert.equal(formFieldOf("actions[1].dueOn"), "actions[1].dueOn");
  assert.equal(formFieldOf("actions[1]"), "actions[1]");
  assert.equal(formFieldOf("supportArea"), "supportArea");
  const shown = problemsByFormField(
    new Map([
      ["actions[1].schools[0]", "Szkoła 1 jest zamknięta."],
      ["actions[1].schools[1]", "Szkołę 2 prowadzi inna JST."],
      ["actions[1].dueOn", "Termin przed początkiem."],
    ]),
  );
  assert.deepEqual(
    [...shown],
    [
      ["actions[1].schools", "Szkoła 1 jest zamknięta. Szkołę 2 prowadzi inna JST."],
      ["actions[1].dueOn", "Termin przed początkiem."],
    ],
  );
});

test("the same problem of two schools of one list is said once", () => {
  const shown = problemsByFormField(
    new Map([
      ["actions[0].schools[0]", "A"],
      ["actions[0].schools[1]", "B"],
      ["actions[0].schools[2]", "A"],
    ]),
  );
  assert.deepEqual([...shown], [["actions[0].schools", "A B"]]);
});

test("removing an action row drops its entries and moves the later rows' up", () => {
  const form = new Map([
    ["diagnosisSummary", "s"],
    ["actions[0].title", "a"],
    ["actions[1].title", "b"],
    ["actions[1].schools", "1,2"],
    ["actions[2].title", "c"],
    ["actions[2].schools", "3"],
    ["actions[12].title", "m"],
  ]);
  assert.deepEqual(
    [...withoutRow(form, 1)],
    [
      ["diagnosisSummary", "s"],
      ["actions[0].title", "a"],
      ["actions[1].title", "c"],
      ["actions[1].schools", "3"],
      ["actions[11].title", "m"],
    ],
  );
  assert.deepEqual([...withoutRow(new Map([["actions[0].title", "a"]]), 0)], []);
});

test("the schools the API refused are found by their place in the list sent", () => {
  const sent = new Map([
    ["actions[0].schools", ["900001", "900002"]],
    ["actions[1].schools", ["900011"]],
  ]);
  const refused = refusedSchools(
    ["actions[0].schools[1]", "actions[1].schools[0]", "actions[1].dueOn", "actions[2].schools[0]"],
    (path) => sent.get(path) ?? [],
  );
  assert.deepEqual(
    [...refused],
    [
      ["actions[0].schools", ["900002"]],
      ["actions[1].schools", ["900011"]],
    ],
  );
});
