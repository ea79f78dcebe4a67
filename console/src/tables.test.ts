import assert from "node:assert/strict";
import { test } from "node:test";
import { bookable, mayBook, mayCancel, mayOpenSlot, maySetUpTables, slotRequest, type ExpertTable } from "./tables.js";

const table: ExpertTable = { topic: "LEGAL_QUESTIONS", title: "Stolik prawny", expert: "ekspert-1" };

test("the office sets tables up; the office and the table's own expert open slots", () => {
  assert.equal(maySetUpTables("ADMIN"), true);
  assert.equal(maySetUpTables("EXPERT"), false);
  assert.equal(mayOpenSlot("ADMIN", "biuro", table), true);
  assert.equal(mayOpenSlot("EXPERT", "ekspert-1", table), true);
  assert.equal(mayOpenSlot("EXPERT", "ekspert-2", table), false, "another expert's table");
  assert.equal(mayOpenSlot("JST", "jst-1", table), false);
});

test("booking and cancelling: the office, a coordinator and a JST", () => {
  assert.equal(mayBook("JST"), true);
  assert.equal(mayBook("COORDINATOR"), true);
  assert.equal(mayBook("EXPERT"), false);
  assert.equal(mayCancel("ADMIN"), true);
  assert.equal(mayCancel("TRAINER"), false);
});

test("a slot takes a booking while a place is free", () => {
  assert.equal(bookable({ startsLocal: "x", durationMinutes: 30, freePlaces: 1 }), true);
  assert.equal(bookable({ startsLocal: "x", durationMinutes: 30, freePlaces: 0 }), false);
  assert.equal(bookable({ startsLocal: "x", durationMinutes: 30 }), false);
});

test("the slot form's request carries numbers", () => {
  assert.deepEqual(slotRequest("2027-01-06T19:00", "45", "2"), {
    startsLocal: "2027-01-06T19:00",
    durationMinutes: 45,
    capacity: 2,
  });
});
