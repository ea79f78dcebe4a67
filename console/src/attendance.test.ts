import assert from "node:assert/strict";
import { test } from "node:test";
import {
  confirmed,
  countFormOf,
  emptyKept,
  errorsByParticipant,
  parseKept,
  queued,
  refused,
  serialise,
  sheetOf,
  shownMarks,
  withChange,
  type Mark,
} from "./attendance.js";

const mark = (participant: string, status: Mark["status"], note = ""): Mark => ({ participant, status, note });
const stored = new Map([
  ["p1", mark("p1", "PRESENT")],
  ["p2", mark("p2", "ABSENT")],
]);
let counter = 0;
const fresh = () => `key-${++counter}`;

test("a change equal to the stored mark is no change; the last change of a person counts", () => {
  let kept = emptyKept("s");
  kept = withChange(kept, stored, mark("p1", "LATE", "10 minut"));
  kept = withChange(kept, stored, mark("p3", "PRESENT"));
  kept = withChange(kept, stored, mark("p1", "EXCUSED"));
  assert.deepEqual(kept.changes, [mark("p3", "PRESENT"), mark("p1", "EXCUSED")]);
  kept = withChange(kept, stored, mark("p1", "PRESENT"));
  assert.deepEqual(kept.changes, [mark("p3", "PRESENT")]);
  assert.deepEqual(shownMarks(stored, kept).get("p3"), mark("p3", "PRESENT"));
  assert.deepEqual(shownMarks(stored, kept).get("p1"), mark("p1", "PRESENT"));
});

test("the same changes keep their Idempotency-Key until the answer; other changes get a new one", () => {
  let kept = withChange(emptyKept("s"), stored, mark("p2", "PRESENT"));
  kept = withChange(kept, stored, mark("p1", "LATE"));
  kept = queued(kept, fresh);
  const first = kept.send;
  assert.ok(first);
  assert.deepEqual(JSON.parse(first.body), sheetOf(kept));
  assert.deepEqual(
    sheetOf(kept).marks.map((m) => m.participant),
    ["p1", "p2"],
  );
  // Sent again (no answer came): the same key.
  assert.equal(queued(kept, fresh).send?.key, first.key);
  // Changed meanwhile: a new sheet, a new key.
  const changed = queued(withChange(kept, stored, mark("p3", "ABSENT")), fresh);
  assert.notEqual(changed.send?.key, first.key);
  // Nothing to send: no send.
  assert.equal(queued(emptyKept("s"), fresh).send, null);
});

test("a confirmation removes the marks stored; a mark changed meanwhile stays unsent", () => {
  let kept = queued(withChange(withChange(emptyKept("s"), stored, mark("p1", "LATE")), stored, mark("p3", "PRESENT")), fresh);
  const sent = kept.send;
  assert.ok(sent);
  kept = withChange(kept, stored, mark("p3", "ABSENT"));
  kept = confirmed(kept, sent, [mark("p1", "LATE"), mark("p3", "PRESENT")], "2026-12-05T06:00:00Z");
  assert.deepEqual(kept.changes, [mark("p3", "ABSENT")]);
  assert.equal(kept.send, null);
  assert.equal(kept.sentAt, "2026-12-05T06:00:00Z");
  assert.equal(refused(queued(kept, fresh)).send, null);
  assert.deepEqual(refused(queued(kept, fresh)).changes, [mark("p3", "ABSENT")]);
});

test("a refusal's field paths land at the rows of the sheet sent", () => {
  const kept = queued(withChange(withChange(emptyKept("s"), stored, mark("p9", "PRESENT")), stored, mark("p1", "LATE")), fresh);
  assert.ok(kept.send);
  const { rows, other } = errorsByParticipant(
    new Map([
      ["marks[1].status", "no declaration"],
      ["marks[0].participant", "not on the roster"],
      ["marks", "too many"],
    ]),
    kept.send,
  );
  assert.deepEqual(rows.get("p9"), { field: "status", message: "no declaration" });
  assert.deepEqual(rows.get("p1"), { field: "participant", message: "not on the roster" });
  assert.deepEqual(other, ["marks: too many"]);
});

test("what is kept reads back as written, and nothing else is read", () => {
  const kept = queued(withChange(emptyKept("s"), stored, mark("p1", "LATE", "autobus")), fresh);
  assert.deepEqual(parseKept(serialise(kept), "s"), kept);
  assert.deepEqual(parseKept(serialise(kept), "other"), emptyKept("other"));
  assert.deepEqual(parseKept("not json", "s"), emptyKept("s"));
  assert.deepEqual(parseKept(null, "s"), emptyKept("s"));
  const withName = JSON.stringify({
    session: "s",
    changes: [{ participant: "p1", status: "LATE", note: "", firstName: "Anna" }, { participant: "p2", status: "ASLEEP", note: "" }],
    send: null,
    sentAt: "",
  });
  assert.deepEqual(parseKept(withName, "s").changes, [mark("p1", "LATE")]);
});

test("counts of changes in Polish words: 1 zmiana, 3 zmiany, 5 zmian, 22 zmiany", () => {
  assert.deepEqual(
    [1, 3, 5, 12, 22, 25].map((n) => countFormOf("pl", n)),
    ["one", "few", "many", "many", "few", "many"],
  );
  assert.deepEqual(
    [1, 3].map((n) => countFormOf("en", n)),
    ["one", "many"],
  );
});
