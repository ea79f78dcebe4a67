import assert from "node:assert/strict";
import { test } from "node:test";
import {
  capped,
  changeRows,
  count,
  createRequest,
  describeExportFailure,
  formFieldOf,
  purposeLength,
  shortSha,
} from "./exports.js";
import { keepsKey, submissionFor, wasAlreadyApplied } from "./submissions.js";

test("pseudonymised is sent for a participant file only", () => {
  assert.deepEqual(createRequest("PARTICIPANTS", true, "Raport"), {
    kind: "PARTICIPANTS",
    pseudonymised: true,
    purpose: "Raport",
  });
  assert.deepEqual(createRequest("AGGREGATES_CSV", true, "Raport"), { kind: "AGGREGATES_CSV", purpose: "Raport" });
});

test("a repeat of the same submission keeps its Idempotency-Key; another body gets a new one", () => {
  let made = 0;
  const fresh = () => `key-${++made}`;
  const body = createRequest("AGGREGATES_CSV", false, "Raport");
  const first = submissionFor(null, "PILOT", body, fresh);
  assert.equal(first.key, "key-1");
  assert.equal(submissionFor(first, "PILOT", createRequest("AGGREGATES_CSV", false, "Raport"), fresh).key, "key-1");
  assert.equal(submissionFor(first, "PILOT", createRequest("AGGREGATES_CSV", false, "Raport 2"), fresh).key, "key-2");
  assert.equal(submissionFor(first, "PILOT", createRequest("AGGREGATES_ADX", false, "Raport"), fresh).key, "key-3");
});

test("the same body for another edition is another submission with a new Idempotency-Key", () => {
  let made = 0;
  const fresh = () => `key-${++made}`;
  const body = createRequest("AGGREGATES_CSV", false, "Raport");
  const first = submissionFor(null, "PILOT", body, fresh);
  const other = submissionFor(first, "ED2025", body, fresh);
  assert.deepEqual([first.key, other.key], ["key-1", "key-2"]);
  assert.equal(other.target, "ED2025");
  assert.equal(submissionFor(other, "PILOT", body, fresh).key, "key-3");
});

const alreadyApplied = {
  code: 6,
  message: "this request was already carried out (same Idempotency-Key); its answer was lost",
  details: [
    { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "REQUEST_ALREADY_APPLIED", domain: "jstedu" },
  ],
};

test("a key is kept only while the outcome is unknown or the gateway says to retry", () => {
  assert.equal(keepsKey(0, undefined), true);
  assert.equal(keepsKey(503, {}), true);
  const inFlight = {
    code: 10,
    message: "in flight",
    details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "IDEMPOTENCY_KEY_IN_FLIGHT", domain: "jstedu" }],
  };
  assert.equal(keepsKey(409, inFlight), true, "the gateway's in-flight answer: retry with the key");
  assert.equal(keepsKey(409, { code: 10, message: "stale version", details: [] }), false, "a service's stale version created nothing");
  assert.equal(keepsKey(409, { code: 9, message: "conflicts", details: [] }), false);
  assert.equal(keepsKey(400, { code: 3, message: "purpose", details: [] }), false);
  assert.equal(keepsKey(403, {}), false);
});

test("a retry told the submission was carried out before (its answer lost) counts as created", () => {
  assert.equal(wasAlreadyApplied(409, alreadyApplied), true);
  assert.equal(wasAlreadyApplied(409, { ...alreadyApplied, code: 10 }), false);
  assert.equal(wasAlreadyApplied(409, { code: 6, message: "exists", details: [] }), false);
  assert.equal(wasAlreadyApplied(409, { code: 9, message: "refused", details: [] }), false);
  assert.equal(wasAlreadyApplied(503, alreadyApplied), false);
  assert.equal(wasAlreadyApplied(409, undefined), false);
  assert.equal(wasAlreadyApplied(409, { code: 6, message: "x", details: [null, 3] }), false);
});

test("a rule the export does not meet is said in words; other failures as everywhere", () => {
  const refused = (type: string) => ({
    code: 9,
    message: "refused",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.PreconditionFailure",
        violations: [{ type, subject: "exports/x", description: "refused" }],
      },
    ],
  });
  assert.equal(describeExportFailure(409, refused("PERSONAL_DATA_CHANGED")).key, "rule.PERSONAL_DATA_CHANGED");
  assert.equal(
    describeExportFailure(409, refused("IDENTITY_CONFLICTS_OPEN")).key,
    "rule.IDENTITY_CONFLICTS_OPEN",
  );
  assert.deepEqual(describeExportFailure(409, refused("SOMETHING_ELSE")), {
    key: "rule.other",
    params: { text: "refused" },
  });
  assert.equal(describeExportFailure(403, refused("PERSONAL_DATA_CHANGED")).key, "error.forbidden");
});

test("a refusal naming one of the form's fields is shown at that field", () => {
  const purpose = describeExportFailure(400, {
    code: 3,
    message: "purpose: must be 1..500 characters",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [{ field: "purpose", description: "must be 1..500 characters" }],
      },
    ],
  });
  assert.equal(formFieldOf(purpose), "purpose");
  assert.equal(formFieldOf({ key: "error.badField", params: { field: "edition", message: "x" } }), undefined);
  assert.equal(formFieldOf({ key: "error.forbidden", params: {} }), undefined);
});

test("the purpose is counted in characters, as the API counts it", () => {
  assert.equal(purposeLength("Sprawozdanie"), 12);
  assert.equal(purposeLength("Zażółć gęślą jaźń"), 17);
  assert.equal(purposeLength("😀"), 1);
});

test("a long list shows its first items and says how many more", () => {
  assert.deepEqual(capped([1, 2, 3, 4, 5], 3), { shown: [1, 2, 3], more: 2 });
  assert.deepEqual(capped([1, 2], 3), { shown: [1, 2], more: 0 });
});

test("each field change of a changed record is one row", () => {
  assert.deepEqual(
    changeRows([
        {
          key: "p1",
          fields: [
            { field: "status", before: "ACTIVE", after: "WITHDRAWN" },
            { field: "email", before: "(changed)", after: "(changed)" },
          ],
        },
        { key: "p2", fields: [{ field: "sex" }] },
      ]),
    [
      { key: "p1", field: "status", before: "ACTIVE", after: "WITHDRAWN" },
      { key: "p1", field: "email", before: "(changed)", after: "(changed)" },
      { key: "p2", field: "sex", before: "", after: "" },
    ],
  );
  assert.deepEqual(changeRows([]), []);
});

test("a digest is shortened and counts are read from int64 strings", () => {
  assert.equal(shortSha("0123456789abcdef0123"), "0123456789ab…");
  assert.equal(shortSha(""), "");
  assert.equal(count("12345"), 12345);
  assert.equal(count(undefined), 0);
});
