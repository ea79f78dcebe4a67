import assert from "node:assert/strict";
import { test } from "node:test";
import {
  belongsTo,
  confirmed,
  forgetKept,
  marksSent,
  unsentOnDevice,
  updateKept,
  withoutChange,
  storageKeyOf,
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
  // Changed meanwhile: the first is settled first, as it was.
  const changed = queued(withChange(kept, stored, mark("p3", "ABSENT")), fresh);
  assert.deepEqual(changed.send, first);
  // Nothing to send: no send.
  assert.equal(queued(emptyKept("s"), fresh).send, null);
});

test("a confirmation removes the marks stored; a mark changed meanwhile stays unsent", () => {
  let kept = queued(withChange(withChange(emptyKept("s"), stored, mark("p1", "LATE")), stored, mark("p3", "PRESENT")), fresh);
  const sent = kept.send;
  assert.ok(sent);
  kept = withChange(kept, stored, mark("p3", "ABSENT"));
  kept = confirmed(
    kept,
    sent,
    new Map([...stored, ["p1", mark("p1", "LATE")], ["p3", mark("p3", "PRESENT")]]),
    "2026-12-05T06:00:00Z",
  );
  assert.deepEqual(kept.changes, [mark("p3", "ABSENT")]);
  assert.equal(kept.send, null);
  assert.equal(kept.sentAt, "2026-12-05T06:00:00Z");
  assert.notEqual(queued(kept, fresh).send?.key, sent.key);
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

test("a mark corrected back while a send's outcome is unknown is settled, then sent: nothing lost", () => {
  // p1 stored PRESENT; ABSENT sent under a key, the answer lost.
  let kept = queued(withChange(emptyKept("s", "trainer"), stored, mark("p1", "ABSENT")), fresh);
  const first = kept.send;
  assert.ok(first);
  // Tapped back to PRESENT (equal to the stored mark): still a change.
  kept = withChange(kept, stored, mark("p1", "PRESENT"));
  assert.deepEqual(kept.changes, [mark("p1", "PRESENT")]);
  // The lost send is settled first, as it was.
  kept = queued(kept, fresh);
  assert.deepEqual(kept.send, first);
  // Its replay confirms ABSENT (REQUEST_ALREADY_APPLIED: the marks sent).
  const afterFirst = new Map([...stored, ...marksSent(first).map((m) => [m.participant, m] as const)]);
  kept = confirmed(kept, first, afterFirst, "2026-12-05T06:00:00Z");
  // The correction is sent next under a new key.
  kept = queued(kept, fresh);
  assert.ok(kept.send);
  assert.notEqual(kept.send.key, first.key);
  assert.deepEqual(marksSent(kept.send), [mark("p1", "PRESENT")]);
});

test("a row's change can be given up", () => {
  const kept = withChange(withChange(emptyKept("s"), stored, mark("p9", "ABSENT")), stored, mark("p1", "LATE"));
  assert.deepEqual(withoutChange(kept, "p9").changes, [mark("p1", "LATE")]);
});

test("unsent marks belong to the account that made them", () => {
  const kept = withChange(emptyKept("s"), stored, mark("p1", "LATE"), "trainer-1");
  assert.equal(kept.owner, "trainer-1");
  assert.equal(belongsTo(kept, "trainer-1"), true);
  assert.equal(belongsTo(kept, "trainer-2"), false);
  assert.equal(belongsTo(emptyKept("s", "trainer-1"), "trainer-2"), true);
  assert.equal(parseKept(serialise(kept), "s").owner, "trainer-1");
});

class MemoryStorage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  key(i: number): string | null {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

test("two tabs changing one kept sheet keep both changes", () => {
  const storage = new MemoryStorage();
  // Both tabs opened the sheet with nothing kept; each marks another person.
  updateKept(storage, "s", (kept) => withChange(kept, stored, mark("p1", "LATE"), "t"));
  updateKept(storage, "s", (kept) => withChange(kept, stored, mark("p2", "PRESENT"), "t"));
  assert.deepEqual(parseKept(storage.getItem(storageKeyOf("s")), "s").changes, [mark("p1", "LATE"), mark("p2", "PRESENT")]);
});

test("a sign-out counts the unsent changes of every sheet on the device, then forgets them all", () => {
  const storage = new MemoryStorage();
  updateKept(storage, "s1", (kept) => withChange(withChange(kept, stored, mark("p1", "LATE")), stored, mark("p3", "ABSENT")));
  updateKept(storage, "s2", (kept) => withChange(kept, stored, mark("p1", "EXCUSED", "choroba")));
  storage.setItem("jstedu.console.other", "x");
  assert.equal(unsentOnDevice(storage), 3);
  forgetKept(storage);
  assert.equal(unsentOnDevice(storage), 0);
  assert.equal(storage.length, 1);
  assert.equal(storage.getItem("jstedu.console.other"), "x");
});
