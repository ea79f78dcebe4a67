import assert from "node:assert/strict";
import { test } from "node:test";
import { unmetLine } from "./errors.js";
import {
  DEFAULT_SETTINGS_FORM,
  editionBody,
  editionFieldOf,
  editionFormOf,
  editionFormReloaded,
  editionPatch,
  editionPhase,
  formRefusalOf,
  instantOfWarsawLocal,
  isTaken,
  settingsBody,
  settingsFieldOf,
  settingsFormOf,
  targetOfText,
  textOfTarget,
  warsawLocalOf,
  type Edition,
} from "./office.js";

const edition: Edition = {
  code: "NEXT-2029",
  name: "Edycja 2029",
  kind: "ROLLOUT",
  capacity: 500,
  minRepresentatives: 3,
  startsOn: "2029-01-01",
  endsOn: "2030-12-31",
  recruitmentOpensAt: "2029-01-07T08:00:00Z",
  recruitmentClosesAt: "2029-03-31T22:00:00Z",
  version: "4",
};

test("an edition's phase follows its recruitment window and its last day in Warsaw", () => {
  assert.equal(editionPhase(edition, new Date("2029-01-07T07:59:59Z"), "2029-01-07"), "BEFORE_RECRUITMENT");
  assert.equal(editionPhase(edition, new Date("2029-01-07T08:00:00Z"), "2029-01-07"), "RECRUITING");
  assert.equal(editionPhase(edition, new Date("2029-03-31T22:00:00Z"), "2029-04-01"), "AFTER_RECRUITMENT");
  assert.equal(editionPhase(edition, new Date("2030-12-31T22:59:00Z"), "2030-12-31"), "AFTER_RECRUITMENT");
  assert.equal(editionPhase(edition, new Date("2030-12-31T23:00:00Z"), "2031-01-01"), "ENDED");
});

test("recruitment instants are typed as Warsaw wall-clock times, summer and winter", () => {
  assert.equal(warsawLocalOf("2029-01-07T08:00:00Z"), "2029-01-07T09:00");
  assert.equal(warsawLocalOf("2029-07-01T08:00:00Z"), "2029-07-01T10:00");
  assert.equal(instantOfWarsawLocal("2029-01-07T09:00"), "2029-01-07T08:00:00Z");
  assert.equal(instantOfWarsawLocal("2029-07-01T10:00"), "2029-07-01T08:00:00Z");
  assert.equal(warsawLocalOf(""), "");
  assert.equal(instantOfWarsawLocal("2029-07-01"), "");
});

test("the autumn hour that occurs twice is its earlier instant; a skipped spring time moves forward", () => {
  // 2029-10-28: 03:00 CEST becomes 02:00 CET.
  assert.equal(instantOfWarsawLocal("2029-10-28T02:30"), "2029-10-28T00:30:00Z");
  // 2029-03-25: 02:00 CET becomes 03:00 CEST; 02:30 does not exist.
  assert.equal(instantOfWarsawLocal("2029-03-25T02:30"), "2029-03-25T01:30:00Z");
});

test("the create body carries every field, numbers as numbers and instants in UTC", () => {
  const body = editionBody({ ...editionFormOf(edition), code: " NEW-1 ", capacity: "12", minRepresentatives: "x" });
  assert.deepEqual(body, {
    code: "NEW-1",
    name: "Edycja 2029",
    kind: "ROLLOUT",
    capacity: 12,
    minRepresentatives: 0,
    startsOn: "2029-01-01",
    endsOn: "2030-12-31",
    recruitmentOpensAt: "2029-01-07T08:00:00Z",
    recruitmentClosesAt: "2029-03-31T22:00:00Z",
  });
  assert.equal(editionBody({ ...editionFormOf(edition), kind: "" }).kind, "EDITION_KIND_UNSPECIFIED");
});

test("the PATCH names only the fields changed, by their JSON names, with the version they were read at", () => {
  const form = editionFormOf(edition);
  assert.equal(editionPatch(edition, form), null);
  assert.deepEqual(editionPatch(edition, { ...form, capacity: "600", recruitmentClosesAt: "2029-04-30T12:00" }), {
    body: { capacity: 600, recruitmentClosesAt: "2029-04-30T10:00:00Z" },
    updateMask: "capacity,recruitmentClosesAt",
    expectedVersion: "4",
  });
  assert.deepEqual(editionPatch(edition, { ...form, name: "Nowa nazwa" }), {
    body: { name: "Nowa nazwa" },
    updateMask: "name",
    expectedVersion: "4",
  });
});

test("after a version conflict the form is the edition read again with only what was typed kept over it", () => {
  const typed = { ...editionFormOf(edition), capacity: "600" };
  const fresh: Edition = { ...edition, name: "Zmieniona przez kogoś", capacity: 550, version: "5" };
  const reloaded = editionFormReloaded(edition, typed, fresh);
  assert.deepEqual(reloaded, { ...editionFormOf(fresh), capacity: "600" });
  assert.deepEqual(editionPatch(fresh, reloaded), { body: { capacity: 600 }, updateMask: "capacity", expectedVersion: "5" });
});

test("the API's field paths name the form's fields", () => {
  assert.equal(editionFieldOf("edition.capacity"), "capacity");
  assert.equal(editionFieldOf("edition.recruitmentOpensAt"), "recruitmentOpensAt");
  assert.equal(editionFieldOf("updateMask"), undefined);
  assert.equal(settingsFieldOf("settings.sessionMinutes"), "sessionMinutes");
  assert.equal(settingsFieldOf("settings.edition"), undefined);
});

const badRequest = (fields: [string, string][]) => ({
  code: 3,
  message: "invalid",
  details: [
    {
      "@type": "type.googleapis.com/google.rpc.BadRequest",
      fieldViolations: fields.map(([field, description]) => ({ field, description })),
    },
  ],
});

test("a refusal's field errors go to the form's fields; the rest to its alert", () => {
  const refusal = formRefusalOf(
    400,
    badRequest([
      ["edition.capacity", "must be 1 to 10000 JSTs"],
      ["edition.capacity", "second"],
      ["updateMask", "unknown field"],
    ]),
    editionFieldOf,
    "edition.stale",
  );
  assert.deepEqual([...refusal.problems.keys()], ["capacity"]);
  assert.match(refusal.problems.get("capacity") ?? "", /^podaj liczbę od 1 do 10\s000$/u, "the API's problem in Polish");
  assert.deepEqual(refusal.message, {
    key: "error.badRequest",
    params: { message: "updateMask: niepoprawna wartość (komunikat serwera: „unknown field”)" },
  });
  assert.equal(refusal.stale, false);
  const onlyFields = formRefusalOf(400, badRequest([["settings.moduleCount", "1..20"]]), settingsFieldOf, "edition.stale");
  assert.equal(onlyFields.message, null);
});

test("a version conflict says the edition changed; a guard lists its unmet conditions", () => {
  const conflict = formRefusalOf(409, { code: 10, message: "aborted" }, editionFieldOf, "edition.stale");
  assert.deepEqual(conflict, { problems: new Map(), message: { key: "edition.stale", params: {} }, stale: true });
  const guard = formRefusalOf(
    400,
    {
      code: 9,
      message: "failed precondition",
      details: [
        {
          "@type": "type.googleapis.com/google.rpc.PreconditionFailure",
          violations: [{ type: "CAPACITY", subject: "editions/X", description: "30 are qualified" }],
        },
      ],
    },
    editionFieldOf,
    "edition.stale",
  );
  // The rule in the user's words (errors.ts unmetLine), not the server's English.
  const rule = unmetLine([{ type: "CAPACITY", description: "30 are qualified" }]);
  assert.notEqual(rule, "30 are qualified");
  assert.deepEqual(guard.message, { key: "error.badRequest", params: { message: rule } });
});

test("a code taken is told apart from a retry already applied", () => {
  assert.equal(isTaken(409, { code: 6, message: "edition X already exists" }), true);
  assert.equal(isTaken(409, { code: 10, message: "aborted" }), false);
  assert.equal(isTaken(400, { code: 6, message: "?" }), false);
});

test("the settings form starts from the API's defaults and sends numbers, a non-number refused by the API", () => {
  assert.deepEqual(settingsBody("E", DEFAULT_SETTINGS_FORM), {
    edition: "E",
    didacticHourMinutes: 45,
    sessionMinutes: 90,
    completionPercent: 80,
    moduleCount: 5,
    taskDueDaysBefore: 7,
    thirdWeekReading: "THIRD_WEEK_READING_UNSPECIFIED",
  });
  assert.equal(settingsBody("E", { ...DEFAULT_SETTINGS_FORM, sessionMinutes: "1,5" }).sessionMinutes, -1);
  const read = settingsFormOf({
    edition: "E",
    didacticHourMinutes: 60,
    sessionMinutes: 120,
    completionPercent: 75,
    moduleCount: 4,
    taskDueDaysBefore: 14,
    thirdWeekReading: "THIRD_MONDAY_WEEK",
  });
  assert.deepEqual(read, {
    didacticHourMinutes: "60",
    sessionMinutes: "120",
    completionPercent: "75",
    moduleCount: "4",
    taskDueDaysBefore: "14",
    thirdWeekReading: "THIRD_MONDAY_WEEK",
  });
});

test("a target is typed with a decimal comma and sent with a point", () => {
  assert.equal(textOfTarget("92.5"), "92,5");
  assert.equal(targetOfText(" 92,5 "), "92.5");
  assert.equal(targetOfText("1 200"), "1200");
  assert.equal(targetOfText(""), "");
});
