import assert from "node:assert/strict";
import { test } from "node:test";
import {
  actionsFor,
  actorOf,
  describeActionFailure,
  fieldOf,
  filtersOf,
  isStale,
  listQuery,
  promotionOf,
  reasonOf,
} from "./applications.js";
import { submissionFor } from "./submissions.js";

test("the filters are read from the address; an unknown value is no filter", () => {
  assert.deepEqual(filtersOf(new URLSearchParams("edition=ROLLOUT&status=SUBMITTED&voivodeship=24&kind=COUNTY")), {
    edition: "ROLLOUT",
    status: "SUBMITTED",
    voivodeship: "24",
    kind: "COUNTY",
  });
  assert.deepEqual(filtersOf(new URLSearchParams("status=DONE&voivodeship=2&kind=CITY")), {
    edition: "",
    status: "",
    voivodeship: "",
    kind: "",
  });
});

test("the API's query holds the filters chosen, not the edition", () => {
  assert.deepEqual(listQuery({ edition: "PILOT", status: "WAITLISTED", voivodeship: "", kind: "COUNTY" }, 100), {
    pageSize: 100,
    status: "WAITLISTED",
    kind: "COUNTY",
  });
  assert.deepEqual(listQuery({ edition: "PILOT", status: "", voivodeship: "24", kind: "" }, 50), {
    pageSize: 50,
    voivodeship: "24",
  });
});

test("a retry of the same body for the same action keeps its key; anything else gets a new one", () => {
  let n = 0;
  const fresh = () => `key-${++n}`;
  const first = submissionFor(null, "reject A", { reason: "x" }, fresh);
  assert.equal(first.key, "key-1");
  assert.equal(submissionFor(first, "reject A", { reason: "x" }, fresh), first);
  assert.equal(submissionFor(first, "reject A", { reason: "y" }, fresh).key, "key-2");
  assert.equal(submissionFor(first, "withdraw A", { reason: "x" }, fresh).key, "key-3");
});

const staleBody = {
  code: 9,
  message: "application is QUALIFIED",
  details: [{ "@type": "type.googleapis.com/google.rpc.PreconditionFailure", violations: [{ type: "STATUS" }] }],
};

test("a status someone else changed is 'someone changed this — reload'", () => {
  assert.equal(isStale(409, staleBody), true);
  assert.deepEqual(describeActionFailure(409, staleBody), { key: "applications.stale", params: {} });
  const rule = { ...staleBody, details: [{ violations: [{ type: "MIN_REPRESENTATIVES" }] }] };
  assert.equal(isStale(409, rule), false);
  assert.equal(isStale(400, staleBody), false);
});

test("a qualification rule not met is said in the user's words", () => {
  const body = (type: string) => ({
    code: 9,
    message: "rules",
    details: [{ "@type": "type.googleapis.com/google.rpc.PreconditionFailure", violations: [{ type, description: "unmet" }] }],
  });
  assert.deepEqual(describeActionFailure(409, body("MIN_REPRESENTATIVES")), {
    key: "rule.MIN_REPRESENTATIVES",
    params: {},
  });
  assert.deepEqual(describeActionFailure(409, body("DECLARATIONS_RECORDED")), {
    key: "rule.DECLARATIONS_RECORDED",
    params: {},
  });
  assert.deepEqual(describeActionFailure(409, body("OTHER")), { key: "rule.other", params: { text: "unmet" } });
});

test("a refusal naming a form's field is that field's; another is the form's", () => {
  const body = { code: 3, message: "bad", details: [{ fieldViolations: [{ field: "reason", description: "is required" }] }] };
  const failure = describeActionFailure(400, body);
  assert.equal(fieldOf(failure, ["reason"] as const), "reason");
  assert.equal(fieldOf(failure, ["workshopGroupReason"] as const), undefined);
  assert.equal(fieldOf(null, ["reason"] as const), undefined);
});

test("the office's actions follow the API's status rules", () => {
  assert.deepEqual(actionsFor("SUBMITTED"), ["qualify", "reject", "withdraw"]);
  assert.deepEqual(actionsFor("WAITLISTED"), ["qualify", "reject", "withdraw"]);
  assert.deepEqual(actionsFor("QUALIFIED"), ["withdraw"]);
  assert.deepEqual(actionsFor("REJECTED"), ["withdraw"]);
  assert.deepEqual(actionsFor("WITHDRAWN"), []);
});

test("who made a change: the office by its staff member, the others by role, a promotion automatic", () => {
  assert.deepEqual(actorOf({ actorRole: "ADMIN", actorSubject: "biuro" }), {
    who: { key: "applications.history.byOffice", params: { subject: "biuro" } },
    automatic: false,
  });
  // Only the office reads its staff member's login (services/recruitment).
  assert.deepEqual(actorOf({ actorRole: "ADMIN" }), { who: { key: "role.ADMIN", params: {} }, automatic: false });
  assert.deepEqual(actorOf({ actorRole: "JST" }), { who: { key: "role.JST", params: {} }, automatic: false });
  assert.deepEqual(actorOf({ actorRole: "COORDINATOR", promotedFromWaitlist: true }), {
    who: { key: "role.COORDINATOR", params: {} },
    automatic: true,
  });
  assert.deepEqual(actorOf({}), { who: { key: "applications.history.byUnknown", params: {} }, automatic: false });
});

test("why: a promotion by its cause, the full edition in words, a given reason as written", () => {
  assert.deepEqual(reasonOf({ toStatus: "QUALIFIED", promotedFromWaitlist: true, promotionCause: "AFTER_WITHDRAWAL", reason: "promoted …" }), {
    key: "applications.history.promoted.AFTER_WITHDRAWAL",
    params: {},
  });
  assert.deepEqual(reasonOf({ toStatus: "QUALIFIED", promotedFromWaitlist: true }), {
    key: "applications.history.promoted.unknown",
    params: {},
  });
  assert.deepEqual(reasonOf({ toStatus: "WAITLISTED", reason: "the edition is full" }), {
    key: "applications.history.editionFull",
    params: {},
  });
  assert.equal(reasonOf({ toStatus: "REJECTED", reason: "Brak uchwały rady." }), "Brak uchwały rady.");
  assert.equal(reasonOf({ toStatus: "QUALIFIED" }), null);
});

test("the promotion of a history is its last promoted entry", () => {
  const promoted = { toStatus: "QUALIFIED" as const, promotedFromWaitlist: true, sequence: "3" };
  assert.equal(promotionOf([{ toStatus: "SUBMITTED" }, { toStatus: "WAITLISTED" }, promoted]), promoted);
  assert.equal(promotionOf([{ toStatus: "SUBMITTED" }]), undefined);
});
