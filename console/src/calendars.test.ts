import assert from "node:assert/strict";
import { test } from "node:test";
import { emptyChoice, feedFieldOf, feedKindsFor, feedRequest, subscriptionUrl } from "./calendars.js";

test("each role is offered the calendars it may read", () => {
  assert.deepEqual(feedKindsFor("ADMIN"), ["TRAINER_CALENDAR", "PARTICIPANT_CALENDAR", "GROUP_CALENDAR"]);
  assert.deepEqual(feedKindsFor("TRAINER"), ["TRAINER_CALENDAR", "GROUP_CALENDAR"]);
  assert.deepEqual(feedKindsFor("JST"), ["PARTICIPANT_CALENDAR", "GROUP_CALENDAR"]);
  assert.deepEqual(feedKindsFor("COORDINATOR"), ["PARTICIPANT_CALENDAR", "GROUP_CALENDAR"]);
  assert.deepEqual(feedKindsFor("EXPERT"), ["GROUP_CALENDAR"]);
  assert.deepEqual(feedKindsFor("MINISTRY"), ["GROUP_CALENDAR"]);
  assert.deepEqual(feedKindsFor(null), []);
});

test("a trainer's own calendar is theirs whatever the form holds", () => {
  const choice = { ...emptyChoice("TRAINER_CALENDAR"), trainer: "someone-else", ownerSubject: "x" };
  assert.deepEqual(feedRequest("TRAINER", "trener-2", choice), { kind: "TRAINER_CALENDAR", trainer: "trener-2" });
});

test("a group's and a participant's calendar name them; no owner but for the office", () => {
  assert.deepEqual(feedRequest("JST", "jst-1", { ...emptyChoice("GROUP_CALENDAR"), edition: "PILOT", group: "2", ownerSubject: "x" }), {
    kind: "GROUP_CALENDAR",
    edition: "PILOT",
    group: 2,
  });
  assert.deepEqual(feedRequest("JST", "jst-1", { ...emptyChoice("PARTICIPANT_CALENDAR"), participant: " p-1 " }), {
    kind: "PARTICIPANT_CALENDAR",
    participant: "p-1",
  });
  assert.equal(feedRequest("JST", "j", { ...emptyChoice("GROUP_CALENDAR"), group: "x" }).group, 0);
});

test("the office names the trainer, and the owner with the scope their role needs", () => {
  const choice = { ...emptyChoice("TRAINER_CALENDAR"), trainer: " trener-1 " };
  assert.deepEqual(feedRequest("ADMIN", "biuro", choice), { kind: "TRAINER_CALENDAR", trainer: "trener-1" });
  assert.deepEqual(feedRequest("ADMIN", "biuro", { ...choice, ownerSubject: "trener-1", ownerRole: "TRAINER" }), {
    kind: "TRAINER_CALENDAR",
    trainer: "trener-1",
    owner: { subject: "trener-1", role: "TRAINER" },
  });
  const coordinator = { ...emptyChoice("GROUP_CALENDAR"), edition: "PILOT", ownerSubject: "k", ownerRole: "COORDINATOR" as const };
  assert.deepEqual(feedRequest("ADMIN", "biuro", { ...coordinator, ownerVoivodeship: "14", ownerJst: "1465011" }).owner, {
    subject: "k",
    role: "COORDINATOR",
    voivodeship: "14",
  });
  assert.deepEqual(feedRequest("ADMIN", "biuro", { ...coordinator, ownerRole: "JST", ownerJst: "1465011" }).owner, {
    subject: "k",
    role: "JST",
    jst: "1465011",
  });
});

test("the subscription address is the API's path after the console's origin, nothing else", () => {
  const path = "/v1/calendar-feeds/abcDEF_123-xyz.ics";
  assert.equal(subscriptionUrl("https://jstedu.example", path), `https://jstedu.example${path}`);
  assert.equal(subscriptionUrl("https://jstedu.example", undefined), "");
  assert.equal(subscriptionUrl("https://jstedu.example", "https://evil.example/x.ics"), "");
  assert.equal(subscriptionUrl("https://jstedu.example", "/v1/calendar-feeds/a/../b.ics"), "");
});

test("the API's field paths name the form's fields", () => {
  assert.equal(feedFieldOf("owner.subject"), "ownerSubject");
  assert.equal(feedFieldOf("owner"), "ownerSubject");
  assert.equal(feedFieldOf("group"), "group");
  assert.equal(feedFieldOf("pageSize"), undefined);
});
