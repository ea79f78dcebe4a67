import assert from "node:assert/strict";
import { test } from "node:test";
import {
  emptyInstitution,
  emptyRepresentative,
  isRecruiting,
  isTeryt,
  missingDeclarations,
  recruitingEditions,
  submitBody,
  teamProblems,
  upcomingSessions,
} from "./staff.js";

const pilot = { code: "PILOT", recruitmentOpensAt: "2016-04-18T07:00:00Z", recruitmentClosesAt: "2017-03-01T23:00:00Z" };
const rollout = { code: "ROLLOUT", recruitmentOpensAt: "2026-01-01T07:00:00Z", recruitmentClosesAt: "2027-06-30T22:00:00Z" };

test("an edition recruits from its opening (inclusive) to its closing (exclusive)", () => {
  assert.equal(isRecruiting(rollout, new Date("2026-01-01T07:00:00Z")), true);
  assert.equal(isRecruiting(rollout, new Date("2026-01-01T06:59:59Z")), false);
  assert.equal(isRecruiting(rollout, new Date("2027-06-30T22:00:00Z")), false);
  assert.deepEqual(
    recruitingEditions([pilot, rollout], new Date("2026-12-05T06:00:00Z")).map((e) => e.code),
    ["ROLLOUT"],
  );
  assert.deepEqual(recruitingEditions([pilot], new Date("2026-12-05T06:00:00Z")), []);
  assert.equal(isRecruiting({}, new Date()), false, "no window, no recruitment");
});

test("a TERYT code is 4 or 7 digits", () => {
  assert.equal(isTeryt("2469011"), true);
  assert.equal(isTeryt("2401"), true);
  assert.equal(isTeryt("24690"), false);
  assert.equal(isTeryt("24a9011"), false);
});

test("the request: the team in the form's order, only what was given, trimmed", () => {
  const first = { ...emptyRepresentative(), firstName: " Anna ", lastName: "Nowak", pesel: "44051401359", targetGroup: "DECISION_MAKER" as const };
  const second = {
    ...emptyRepresentative(),
    firstName: "John",
    lastName: "Smith",
    noPesel: true,
    pesel: "ignored",
    otherIdentifier: "paszport AB123",
    sex: "MALE" as const,
    birthDate: "1980-01-02",
    targetGroup: "OPERATIONAL_STAFF" as const,
    educationLevel: "ISCED_5_8" as const,
    email: "j@example.pl",
    declarationSignedOn: "2026-12-01",
    informationClauseHandedOver: true,
    homeless: "NO" as const,
  };
  assert.deepEqual(submitBody(" 2469011 ", [first, second], emptyInstitution()), {
    teryt: "2469011",
    representatives: [
      { firstName: "Anna", lastName: "Nowak", pesel: "44051401359", targetGroup: "DECISION_MAKER" },
      {
        firstName: "John",
        lastName: "Smith",
        noPesel: true,
        otherIdentifier: "paszport AB123",
        birthDate: "1980-01-02",
        sex: "MALE",
        targetGroup: "OPERATIONAL_STAFF",
        email: "j@example.pl",
        educationLevel: "ISCED_5_8",
        homeless: "NO",
        declaration: { signedOn: "2026-12-01", informationClauseHandedOver: true },
      },
    ],
  });
});

test("the institution block only when something of it is filled in", () => {
  assert.equal("institution" in submitBody("2469011", [], emptyInstitution()), false);
  assert.deepEqual(submitBody("2469011", [], { ...emptyInstitution(), nip: "634 001 01 23", degurba: "1" }).institution, {
    nip: "634 001 01 23",
    degurba: 1,
  });
});

test("the browser's PESEL problems by the API's field path; rows without a PESEL are not checked", () => {
  const good = { ...emptyRepresentative(), pesel: "44051401359" };
  const bad = { ...emptyRepresentative(), pesel: "44051401358" };
  const none = { ...emptyRepresentative(), noPesel: true };
  const short = { ...emptyRepresentative(), pesel: "123" };
  assert.deepEqual(
    [...teamProblems([good, bad, none, short], "2026-12-05")],
    [
      ["representatives[1].pesel", "checkDigit"],
      ["representatives[3].pesel", "digits"],
    ],
  );
});

test("missing declarations: active representatives without one", () => {
  const application = {
    representatives: [
      { participant: "a", status: "PARTICIPANT_ACTIVE" as const, declarationRecorded: true },
      { participant: "b", status: "PARTICIPANT_ACTIVE" as const, declarationRecorded: false },
      { participant: "c", status: "PARTICIPANT_WITHDRAWN" as const, declarationRecorded: false },
      { participant: "d", status: "PARTICIPANT_ACTIVE" as const },
    ],
  };
  assert.deepEqual(missingDeclarations(application), ["b", "d"]);
});

test("upcoming sessions: the group's and everyone's, not ended, in start order", () => {
  const at = (id: string, group: number, start: string, end: string) => ({ id, workshopGroup: group, startTime: start, endTime: end });
  const sessions = [
    at("later", 2, "2026-12-10T10:00:00Z", "2026-12-10T11:30:00Z"),
    at("other group", 3, "2026-12-08T10:00:00Z", "2026-12-08T11:30:00Z"),
    at("plenary", 0, "2026-12-08T08:00:00Z", "2026-12-08T09:30:00Z"),
    at("ended", 2, "2026-12-01T08:00:00Z", "2026-12-01T09:30:00Z"),
    at("running", 2, "2026-12-05T05:00:00Z", "2026-12-05T06:30:00Z"),
  ];
  assert.deepEqual(
    upcomingSessions(sessions, 2, new Date("2026-12-05T06:00:00Z")).map((s) => s.id),
    ["running", "plenary", "later"],
  );
});
