import assert from "node:assert/strict";
import { test } from "node:test";
import { chosenSchools, countedReached, mayLoadRegister, readsReached, schoolLabel, schoolsOffered, withSchool } from "./schools.js";

test("schools reached count once per case, none of a case closed by a withdrawal", () => {
  assert.equal(
    countedReached([
      { rspo: "1", case: "a", caseStage: "ROLLOUT" },
      { rspo: "2", case: "a", caseStage: "ROLLOUT" },
      { rspo: "1", case: "b", caseStage: "COMPLETED" },
      { rspo: "3", case: "c", caseStage: "WITHDRAWN" },
    ]),
    3,
  );
  assert.equal(countedReached([]), 0);
});

test("the office loads the register; those who see cases read the schools reached", () => {
  assert.equal(mayLoadRegister("ADMIN"), true);
  assert.equal(mayLoadRegister("COORDINATOR"), false);
  assert.equal(readsReached("JST"), true);
  assert.equal(readsReached("TRAINER"), false);
});

test("an action's schools are kept as the RSPO numbers chosen, in the order chosen", () => {
  assert.deepEqual(chosenSchools(""), []);
  let value = withSchool("", "900011", true);
  value = withSchool(value, "900001", true);
  assert.equal(value, "900011,900001");
  assert.deepEqual(chosenSchools(value), ["900011", "900001"]);
  assert.equal(withSchool(value, "900011", true), "900001,900011", "chosen again: once");
  assert.equal(withSchool(value, "900011", false), "900001");
  assert.equal(withSchool("900001", "900001", false), "");
});

test("the schools offered: open ones matching every word, diacritics and case ignored, chosen ones always", () => {
  const schools = [
    { rspo: "900001", name: "Szkoła Podstawowa nr 1 — Łódź" },
    { rspo: "900002", name: "Przedszkole Publiczne nr 1 — Łódź" },
    { rspo: "900003", name: "Zespół Szkół Zawodowych", closedOn: "2026-09-01" },
    { rspo: "123456", name: "Liceum Ogólnokształcące" },
  ];
  const rspos = (words: string, chosen: string[] = []) => schoolsOffered(schools, words, chosen).map((s) => s.rspo);
  assert.deepEqual(rspos(""), ["900001", "900002", "123456"], "no words: every open school");
  assert.deepEqual(rspos("SZKOLA lodz"), ["900001"]);
  assert.deepEqual(rspos("ogolnoksztalcace"), ["123456"]);
  assert.deepEqual(rspos("9000"), ["900001", "900002"], "by RSPO number");
  assert.deepEqual(rspos("zawodowych"), [], "a closed school is not offered");
  assert.deepEqual(rspos("zawodowych", ["900003"]), ["900003"], "unless it was chosen");
  assert.deepEqual(rspos("liceum", ["900002"]), ["900002", "123456"], "a choice stays in sight");
});

test("a school is named by the register, else by its RSPO number", () => {
  const schools = [{ rspo: "900001", name: "Szkoła Podstawowa nr 1" }];
  assert.equal(schoolLabel("900001", schools), "Szkoła Podstawowa nr 1 (RSPO 900001)");
  assert.equal(schoolLabel("777", schools), "RSPO 777");
  assert.equal(schoolLabel("900001", []), "RSPO 900001");
});
