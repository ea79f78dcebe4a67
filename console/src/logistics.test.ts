import assert from "node:assert/strict";
import { test } from "node:test";
import { maySignUp, officialState, remaining, remainingInWords, signupPhase, signupsByParticipant } from "./logistics.js";

const module = { signupDeadline: "2027-03-24T14:00:00Z", endTime: "2027-04-09T12:30:00Z" };

test("a module's sign-up is open before its deadline, late from it, over when the module ends", () => {
  assert.equal(signupPhase(module, new Date("2027-03-24T13:59:59Z")), "open");
  assert.equal(signupPhase(module, new Date("2027-03-24T14:00:00Z")), "late", "the deadline itself is late");
  assert.equal(signupPhase(module, new Date("2027-04-09T12:29:00Z")), "late");
  assert.equal(signupPhase(module, new Date("2027-04-09T12:30:00Z")), "over");
  assert.equal(signupPhase({ endTime: module.endTime }, new Date("2027-04-01T00:00:00Z")), "open", "no deadline");
});

test("the time left is read off Warsaw's calendar and clock", () => {
  // 22 March 10:00 → 24 March 15:00 (Warsaw, CET): 2 days 5 hours.
  assert.deepEqual(remaining(new Date("2027-03-24T14:00:00Z"), new Date("2027-03-22T09:00:00Z")), { days: 2, hours: 5, minutes: 0 });
  assert.equal(remaining(new Date("2027-03-24T14:00:00Z"), new Date("2027-03-24T14:00:00Z")), null);
  assert.equal(remaining(new Date("2027-03-24T14:00:00Z"), new Date("2027-03-25T14:00:00Z")), null);
});

test("across the spring change, 24 March 15:00 to 27 March 15:00 is 3 days, though 71 hours elapse", () => {
  // Clocks move forward on 28 March 2027 (CET → CEST).
  const from = new Date("2027-03-26T14:00:00Z"); // 26 March 15:00 CET
  const to = new Date("2027-03-29T13:00:00Z"); // 29 March 15:00 CEST
  assert.equal((to.getTime() - from.getTime()) / 3_600_000, 71);
  assert.deepEqual(remaining(to, from), { days: 3, hours: 0, minutes: 0 });
});

test("across the autumn change, a day is still a calendar day (25 hours elapse)", () => {
  // Clocks move back on 31 October 2027 (CEST → CET).
  const from = new Date("2027-10-30T08:00:00Z"); // 30 October 10:00 CEST
  const to = new Date("2027-10-31T09:00:00Z"); // 31 October 10:00 CET
  assert.deepEqual(remaining(to, from), { days: 1, hours: 0, minutes: 0 });
});

test("the time left in words, in the two largest units, with Polish plurals", () => {
  assert.equal(remainingInWords("pl", { days: 2, hours: 4, minutes: 30 }), "2 dni 4 godziny");
  assert.equal(remainingInWords("pl", { days: 1, hours: 1, minutes: 0 }), "1 dzień 1 godzina");
  assert.equal(remainingInWords("pl", { days: 5, hours: 0, minutes: 59 }), "5 dni");
  assert.equal(remainingInWords("pl", { days: 0, hours: 5, minutes: 12 }), "5 godzin 12 minut");
  assert.equal(remainingInWords("pl", { days: 0, hours: 22, minutes: 2 }), "22 godziny 2 minuty");
  assert.equal(remainingInWords("pl", { days: 0, hours: 0, minutes: 1 }), "1 minuta");
  assert.equal(remainingInWords("pl", { days: 0, hours: 0, minutes: 0 }), "mniej niż minuta");
  assert.equal(remainingInWords("en", { days: 1, hours: 2, minutes: 0 }), "1 day 2 hours");
});

test("an official's state: none, late, in force, waiting for the office, decided, closed", () => {
  assert.equal(officialState(undefined, "open"), "none");
  assert.equal(officialState(undefined, "late"), "noneLate");
  assert.equal(officialState(undefined, "over"), "closed");
  assert.equal(officialState({ status: "SIGNUP_CONFIRMED" }, "late"), "confirmed");
  assert.equal(officialState({ status: "SIGNUP_PENDING_APPROVAL" }, "late"), "waiting");
  assert.equal(officialState({ status: "SIGNUP_APPROVED" }, "over"), "approved");
  assert.equal(officialState({ status: "SIGNUP_REFUSED" }, "late"), "refused");
});

test("a request may be sent with none in force, again after a refusal, never after the module", () => {
  assert.equal(maySignUp("none", "open"), true);
  assert.equal(maySignUp("noneLate", "late"), true);
  assert.equal(maySignUp("refused", "late"), true);
  assert.equal(maySignUp("refused", "over"), false);
  assert.equal(maySignUp("confirmed", "open"), false);
  assert.equal(maySignUp("waiting", "late"), false);
  assert.equal(maySignUp("closed", "over"), false);
});

test("each participant's sign-up in force wins over a refused one", () => {
  const found = signupsByParticipant([
    { id: "1", participant: "p", status: "SIGNUP_REFUSED" },
    { id: "2", participant: "p", status: "SIGNUP_PENDING_APPROVAL" },
    { id: "3", participant: "q", status: "SIGNUP_CONFIRMED" },
    { id: "4", participant: "r", status: "SIGNUP_REFUSED" },
  ]);
  assert.equal(found.get("p")?.id, "2");
  assert.equal(found.get("q")?.id, "3");
  assert.equal(found.get("r")?.id, "4");
});
