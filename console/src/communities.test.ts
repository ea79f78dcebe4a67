import assert from "node:assert/strict";
import { test } from "node:test";
import { kindKey, mayJoin, mayLeave, mayRecordMeeting, ordered, ordinals, readsNames, type Community } from "./communities.js";

const network = (name: string): Community => ({ kind: "THEMATIC_NETWORK", name, moderators: ["ekspert-1"] });

test("a community is named by its kind, an exchange group by its kind of JST", () => {
  assert.equal(kindKey(network("x")), "communities.kind.THEMATIC_NETWORK");
  assert.equal(kindKey({ kind: "COOPERATION_NETWORK", name: "x", moderators: [] }), "communities.kind.COOPERATION_NETWORK");
  assert.equal(kindKey({ kind: "EXCHANGE_GROUP", jstGroup: "COUNTIES", name: "x", moderators: [] }), "communities.group.COUNTIES");
  assert.equal(kindKey({ kind: "EXCHANGE_GROUP", name: "x", moderators: [] }), "communities.kind.EXCHANGE_GROUP");
});

test("networks first, then the cooperation network, then the groups, by name", () => {
  const list: Community[] = [
    { kind: "EXCHANGE_GROUP", jstGroup: "CITIES", name: "Grupa: miasta", moderators: [] },
    { kind: "COOPERATION_NETWORK", name: "Sieć współpracy", moderators: [] },
    network("Sieć: wspomaganie"),
    network("Sieć: diagnoza"),
  ];
  assert.deepEqual(
    ordered(list).map((c) => c.name),
    ["Sieć: diagnoza", "Sieć: wspomaganie", "Sieć współpracy", "Grupa: miasta"],
  );
});

test("who may read names, enrol, end a membership and record a meeting", () => {
  assert.equal(readsNames("ADMIN"), true);
  assert.equal(readsNames("JST"), true);
  assert.equal(readsNames("EXPERT"), false);
  assert.equal(mayJoin("JST"), true);
  assert.equal(mayJoin("TRAINER"), false);
  assert.equal(mayJoin("EXPERT"), false, "reads no applications to choose from");
  assert.equal(mayLeave("COORDINATOR", "koordynator-24", network("x")), true);
  assert.equal(mayLeave("EXPERT", "ekspert-1", network("x")), true, "its moderator");
  assert.equal(mayLeave("EXPERT", "ekspert-2", network("x")), false, "not its moderator");
  assert.equal(mayRecordMeeting("ADMIN", "biuro", network("x")), true);
  assert.equal(mayRecordMeeting("EXPERT", "ekspert-1", network("x")), true);
  assert.equal(mayRecordMeeting("EXPERT", "ekspert-2", network("x")), false, "not its moderator");
  assert.equal(mayRecordMeeting("JST", "jst-1", network("x")), false);
});

test("members of one JST are numbered in the order listed", () => {
  const numbers = ordinals([
    { participant: "a", teryt: "2476011" },
    { participant: "b", teryt: "0201011" },
    { participant: "c", teryt: "2476011" },
  ]);
  assert.deepEqual([...numbers], [["a", 1], ["b", 1], ["c", 2]]);
});
