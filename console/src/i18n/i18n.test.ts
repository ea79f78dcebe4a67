import assert from "node:assert/strict";
import { test } from "node:test";
import { en } from "./en.js";
import {
  catalogue,
  formatCivilDate,
  formatDateTime,
  formatDecimal,
  formatNumber,
  placeholdersOf,
  translate,
} from "./i18n.js";
import { pl, type MessageKey } from "./pl.js";

test("both catalogues have the same keys and the same placeholders", () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(pl).sort());
  for (const key of Object.keys(pl) as MessageKey[]) {
    assert.deepEqual(placeholdersOf(en[key]), placeholdersOf(pl[key]), key);
    assert.notEqual(en[key].trim(), "", key);
  }
});

test("Polish is the default and placeholders are filled", () => {
  assert.equal(catalogue("pl")["app.signIn"], "Zaloguj się");
  assert.equal(translate("en", "app.signIn"), "Sign in");
  assert.equal(translate("pl", "app.signedInAs", { name: "Anna", role: "ekspert" }), "Zalogowano: Anna (ekspert)");
  assert.equal(translate("pl", "jsts.count", { count: 12345 }), "Na tej stronie: 12\u00a0345");
});

test("times are shown in Warsaw, whatever the browser's zone", () => {
  // 22:30 UTC on 31 March 2027 is 00:30 on 1 April in Warsaw (summer time).
  assert.equal(formatDateTime("pl", "2027-03-31T22:30:00Z"), "1 kwietnia 2027 00:30");
  assert.equal(formatDateTime("en", new Date("2027-01-15T11:00:00Z")), "15 January 2027 at 12:00");
});

test("a civil date names its day in any zone", () => {
  assert.equal(formatCivilDate("pl", "2024-01-01"), "1 stycznia 2024");
  assert.equal(formatCivilDate("en", "2024-01-01"), "1 January 2024");
  assert.equal(formatCivilDate("pl", "not a date"), "not a date");
});

test("numbers are written the Polish way", () => {
  assert.equal(formatNumber(1234567.5), "1\u00a0234\u00a0567,5");
  assert.equal(formatNumber(0.9), "0,9");
});

test("the API's exact decimals are written the Polish way, digits kept", () => {
  assert.equal(formatDecimal("90.00"), "90,00");
  assert.equal(formatDecimal("1234"), "1234");
  assert.equal(formatDecimal("12345"), "12\u00a0345");
  assert.equal(formatDecimal("-12.5"), "-12,5");
  assert.equal(formatDecimal("123456789012345678.25"), "123\u00a0456\u00a0789\u00a0012\u00a0345\u00a0678,25");
  assert.equal(formatDecimal(""), "");
  assert.equal(formatDecimal("n/a"), "n/a");
});

test("each code of a choice has one label, the same on every screen", () => {
  for (const code of ["DECISION_MAKER", "OPERATIONAL_STAFF", "COUNCILLOR_OR_SOCIAL_PARTNER", "FEMALE", "MALE", "ISCED_5_8"]) {
    const keys = Object.keys(pl).filter((key) => key.endsWith(`.${code}`) && !key.startsWith("indicators.sex."));
    assert.deepEqual(keys, [`code.${code}`], code);
  }
});
