import assert from "node:assert/strict";
import { test } from "node:test";
import {
  catalogueFilename,
  commandsFor,
  keywordsOf,
  keywordsText,
  namedKeywordProblems,
  needsReason,
  practiceQuery,
  proposesPractices,
  readsDrafts,
} from "./practices.js";

test("each status takes its commands, for the roles the gateway allows", () => {
  assert.deepEqual(commandsFor("PRACTICE_SUBMITTED", "ADMIN"), ["publish", "return"]);
  assert.deepEqual(commandsFor("PRACTICE_PUBLISHED", "ADMIN"), ["withdraw"]);
  assert.deepEqual(commandsFor("PRACTICE_DRAFT", "ADMIN"), ["submit"]);
  assert.deepEqual(commandsFor("PRACTICE_WITHDRAWN", "ADMIN"), []);
  // A case's expert proposes and submits; only the office publishes.
  assert.deepEqual(commandsFor("PRACTICE_DRAFT", "EXPERT"), ["submit"]);
  assert.deepEqual(commandsFor("PRACTICE_SUBMITTED", "EXPERT"), []);
  assert.deepEqual(commandsFor("PRACTICE_PUBLISHED", "JST"), []);
  assert.deepEqual(commandsFor("PRACTICE_SUBMITTED", null), []);
  assert.deepEqual(commandsFor(undefined, "ADMIN"), []);
});

test("a return and a withdrawal need a reason", () => {
  assert.equal(needsReason("return"), true);
  assert.equal(needsReason("withdraw"), true);
  assert.equal(needsReason("publish"), false);
  assert.equal(needsReason("submit"), false);
});

test("drafts are read by those who may propose", () => {
  assert.equal(readsDrafts("ADMIN"), true);
  assert.equal(readsDrafts("COORDINATOR"), true);
  assert.equal(readsDrafts("EXPERT"), true);
  assert.equal(readsDrafts("JST"), false);
  assert.equal(readsDrafts("MINISTRY"), false);
});

test("the search sends trimmed words and a chosen status only", () => {
  assert.deepEqual(practiceQuery("  szkoły ", "", 50), { pageSize: 50, query: "szkoły" });
  assert.deepEqual(practiceQuery("   ", "PRACTICE_SUBMITTED", 10), { pageSize: 10, status: "PRACTICE_SUBMITTED" });
});

test("the catalogue's name is the API's, else the edition's", () => {
  assert.equal(catalogueFilename('attachment; filename="good-practices-PILOT.csv"', "PILOT"), "good-practices-PILOT.csv");
  assert.equal(catalogueFilename(null, "PILOT"), "dobre-praktyki-PILOT.csv");
});

test("keywords are typed in one field, separated by commas, semicolons or lines", () => {
  assert.deepEqual(keywordsOf(" monitorowanie jakości, egzamin ósmoklasisty;dyrektorzy\nrada gminy ,, "), [
    "monitorowanie jakości",
    "egzamin ósmoklasisty",
    "dyrektorzy",
    "rada gminy",
  ]);
  assert.deepEqual(keywordsOf("   "), []);
  assert.equal(keywordsText(["a b", "c"]), "a b, c");
  assert.equal(keywordsText(undefined), "");
  assert.deepEqual(keywordsOf(keywordsText(["jakość", "finanse oświaty"])), ["jakość", "finanse oświaty"]);
});

test("the case's experts, coordinators and the office propose practices; a JST and the ministry do not", () => {
  assert.equal(proposesPractices("EXPERT"), true);
  assert.equal(proposesPractices("COORDINATOR"), true);
  assert.equal(proposesPractices("ADMIN"), true);
  assert.equal(proposesPractices("JST"), false);
  assert.equal(proposesPractices("MINISTRY"), false);
  assert.equal(proposesPractices(null), false);
});

test("a keyword's problem says which keyword it is about", () => {
  const named = namedKeywordProblems(
    new Map([
      ["practice.keywords[1]", "ta wartość występuje dwa razy"],
      ["practice.title", "to pole jest wymagane"],
      ["practice.keywords", "podaj od 0 do 20 pozycji"],
      ["practice.keywords[7]", "wpisz od 1 do 60 znaków"],
    ]),
    ["jakość", "Jakość"],
  );
  assert.deepEqual(
    [...named],
    [
      ["practice.keywords[1]", "ta wartość występuje dwa razy („Jakość”)"],
      ["practice.title", "to pole jest wymagane"],
      ["practice.keywords", "podaj od 0 do 20 pozycji"],
      ["practice.keywords[7]", "wpisz od 1 do 60 znaków"],
    ],
  );
});
