import assert from "node:assert/strict";
import { test } from "node:test";
import { birthDateOf, checkDigitOf, peselProblem } from "./pesel.js";

const TODAY = "2026-12-05";

test("valid numbers of every century in use pass", () => {
  assert.equal(peselProblem("44051401359", TODAY), null); // 1944-05-14
  assert.equal(peselProblem("02270803624", TODAY), null); // 2002-07-08
  assert.equal(peselProblem("00812312344", TODAY), null); // 1800-01-23
  assert.equal(peselProblem("04022900001", TODAY), null); // 1904-02-29 (leap)
  assert.equal(peselProblem(" 44051401359 ", TODAY), null, "spaces around it are dropped");
});

test("the date it encodes, the century in the month", () => {
  assert.equal(birthDateOf("44051401359"), "1944-05-14");
  assert.equal(birthDateOf("02270803624"), "2002-07-08");
  assert.equal(birthDateOf("00812312344"), "1800-01-23");
  assert.equal(birthDateOf("24410112346"), "2124-01-01");
});

test("not 11 digits", () => {
  assert.equal(peselProblem("", TODAY), "digits");
  assert.equal(peselProblem("4405140135", TODAY), "digits");
  assert.equal(peselProblem("440514013590", TODAY), "digits");
  assert.equal(peselProblem("4405140135a", TODAY), "digits");
  assert.equal(peselProblem("44051 01359", TODAY), "digits");
});

test("a date that does not exist", () => {
  assert.equal(peselProblem("03022900004", TODAY), "date", "29 February 1903");
  assert.equal(peselProblem("60043100002", TODAY), "date", "31 April 1960");
  assert.equal(peselProblem("60133100004", TODAY), "date", "month 13");
  assert.equal(peselProblem("60200100007", TODAY), "date", "month field 20");
  assert.equal(peselProblem("99930100001", TODAY), "date", "month field 93");
});

test("a wrong check digit", () => {
  assert.equal(checkDigitOf("4405140135"), 9);
  assert.equal(peselProblem("44051401358", TODAY), "checkDigit");
  assert.equal(peselProblem("02270803625", TODAY), "checkDigit");
});

test("a birth date after today", () => {
  assert.equal(peselProblem("24410112346", TODAY), "future");
});
