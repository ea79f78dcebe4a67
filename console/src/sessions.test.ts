import assert from "node:assert/strict";
import { test } from "node:test";
import { conflictsBySession, daysOf, groupByWhen, ofTrainer, trainersOf, whenOf } from "./sessions.js";

const row = (id: string, startTime: string, trainer = "trener-1") => ({ session: { id, startTime, trainer }, module: "m" });

test("today, upcoming and past follow Warsaw's calendar, not UTC's", () => {
  assert.equal(whenOf("2026-12-04T23:30:00Z", "2026-12-05"), "today");
  assert.equal(whenOf("2026-12-04T22:59:00Z", "2026-12-05"), "past");
  assert.equal(whenOf("2026-12-05T23:00:00Z", "2026-12-05"), "upcoming");
});

test("today's sessions first, then upcoming soonest first, then past most recent first", () => {
  const rows = [
    row("past-old", "2017-04-05T09:00:00Z"),
    row("later", "2027-01-10T09:00:00Z"),
    row("today-late", "2026-12-05T14:00:00Z"),
    row("soon", "2026-12-06T09:00:00Z"),
    row("today-early", "2026-12-05T08:00:00Z"),
    row("past-recent", "2026-12-04T09:00:00Z"),
  ];
  const groups = groupByWhen(rows, "2026-12-05");
  assert.deepEqual(
    groups.today.map((r) => r.session.id),
    ["today-early", "today-late"],
  );
  assert.deepEqual(
    groups.upcoming.map((r) => r.session.id),
    ["soon", "later"],
  );
  assert.deepEqual(
    groups.past.map((r) => r.session.id),
    ["past-recent", "past-old"],
  );
});

test("a trainer's own sessions; the office's filter lists every trainer once", () => {
  const rows = [row("a", "2026-12-05T08:00:00Z", "trener-2"), row("b", "2026-12-05T09:00:00Z"), row("c", "2026-12-05T10:00:00Z", "trener-2")];
  assert.deepEqual(
    ofTrainer(rows, "trener-2").map((r) => r.session.id),
    ["a", "c"],
  );
  assert.equal(ofTrainer(rows, "").length, 3);
  assert.deepEqual(trainersOf(rows), ["trener-1", "trener-2"]);
});

test("a plan's days are Warsaw dates, sessions in start order", () => {
  const days = daysOf([
    { id: "2", startTime: "2017-04-06T07:00:00Z" },
    { id: "1b", startTime: "2017-04-05T13:00:00Z" },
    { id: "1a", startTime: "2017-04-05T09:00:00Z" },
    { id: "0", startTime: "2017-04-05T22:30:00Z" },
  ]);
  assert.deepEqual(
    days.map(([day, sessions]) => [day, sessions.map((s) => s.id)]),
    [
      ["2017-04-05", ["1a", "1b"]],
      ["2017-04-06", ["0", "2"]],
    ],
  );
});

test("each conflict is shown at every session it names, with the others it involves", () => {
  const { at, module } = conflictsBySession([
    { kind: "ROOM_DOUBLE_BOOKED", sessions: ["s1", "s2"], description: "room A" },
    { kind: "ROOM_TOO_SMALL", sessions: ["s2"], description: "room B holds 40" },
    { kind: "OUTSIDE_EDITION", sessions: [], description: "module ends after the edition" },
    { kind: "SOMETHING_NEW", sessions: ["s3"], description: "new" },
  ]);
  assert.deepEqual(at.get("s1"), [{ kind: "ROOM_DOUBLE_BOOKED", others: ["s2"], description: "room A" }]);
  assert.deepEqual(
    at.get("s2")?.map((c) => [c.kind, c.others]),
    [
      ["ROOM_DOUBLE_BOOKED", ["s1"]],
      ["ROOM_TOO_SMALL", []],
    ],
  );
  assert.equal(at.get("s3")?.[0]?.kind, "OTHER");
  assert.deepEqual(
    module.map((c) => c.kind),
    ["OUTSIDE_EDITION"],
  );
});
