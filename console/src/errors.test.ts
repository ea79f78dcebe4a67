import assert from "node:assert/strict";
import { test } from "node:test";
import { dataOf, describeFailure, failureOf, refusalOf } from "./errors.js";

const badField = {
  code: 3,
  message: "voivodeship: must be a two-digit voivodeship code (02..32, even)",
  details: [
    {
      "@type": "type.googleapis.com/google.rpc.BadRequest",
      fieldViolations: [{ field: "voivodeship", description: "must be a two-digit voivodeship code (02..32, even)" }],
    },
  ],
};

test("a refused field is named with what is wrong with it", () => {
  assert.deepEqual(describeFailure(400, badField), {
    key: "error.badField",
    params: { field: "voivodeship", message: "must be a two-digit voivodeship code (02..32, even)" },
  });
  assert.deepEqual(describeFailure(400, { code: 3, message: "bad page token", details: [] }), {
    key: "error.badRequest",
    params: { message: "bad page token" },
  });
});

test("failures the user cannot fix are said plainly, without the server's text", () => {
  assert.equal(describeFailure(0, undefined).key, "error.network");
  assert.equal(describeFailure(401, badField).key, "error.unauthenticated");
  assert.equal(describeFailure(403, badField).key, "error.forbidden");
  assert.equal(describeFailure(429, undefined).key, "error.tooMany");
  assert.equal(describeFailure(503, undefined).key, "error.unavailable");
  assert.deepEqual(describeFailure(500, "<html>"), { key: "error.unexpected", params: { status: 500 } });
});

test("a call's data, or its failure in the user's words, thrown", async () => {
  const answer = (status: number, data?: object, error?: object) =>
    Promise.resolve({ data, error, response: new Response(null, { status }) });
  assert.deepEqual(await dataOf(answer(200, { jsts: [] })), { jsts: [] });
  await assert.rejects(dataOf(answer(403, undefined, { code: 7, message: "no" })), { key: "error.forbidden" });
  await assert.rejects(dataOf(Promise.reject(new TypeError("Failed to fetch"))), { key: "error.network" });
  assert.deepEqual(failureOf({ key: "error.forbidden", params: {} }), { key: "error.forbidden", params: {} });
  assert.equal(failureOf(new TypeError("Failed to fetch")).key, "error.network");
  assert.equal(failureOf("anything").key, "error.network");
});

test("a stale version is a conflict, whatever the message", () => {
  assert.deepEqual(refusalOf(409, { code: 10, message: "stale", details: [] }), { kind: "conflict" });
});

test("a guard's precondition violations are the checklist, one item per unmet condition", () => {
  const body = {
    code: 9,
    message: "the rollout cannot be completed",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.PreconditionFailure",
        violations: [
          { type: "ACTIONS_OPEN", subject: "case", description: "2 actions are still planned" },
          { type: "PLAN_NOT_ADOPTED", subject: "case", description: "no plan" },
        ],
      },
    ],
  };
  assert.deepEqual(refusalOf(409, body), {
    kind: "guard",
    unmet: [
      { type: "ACTIONS_OPEN", description: "2 actions are still planned" },
      { type: "PLAN_NOT_ADOPTED", description: "no plan" },
    ],
  });
});

test("field violations are kept by their JSON path, the first per field", () => {
  const body = {
    code: 3,
    message: "bad",
    details: [
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [
          { field: "reason", description: "required" },
          { field: "reason", description: "second" },
          { field: "doneOn", description: "in the future" },
        ],
      },
    ],
  };
  const refusal = refusalOf(400, body);
  assert.equal(refusal.kind, "fields");
  assert.deepEqual(refusal.kind === "fields" ? [...refusal.fields] : [], [
    ["reason", "required"],
    ["doneOn", "in the future"],
  ]);
});

test("any other refusal is said as every screen says it", () => {
  assert.deepEqual(refusalOf(403, {}), { kind: "other", failure: { key: "error.forbidden", params: {} } });
  assert.deepEqual(refusalOf(409, { code: 9, message: "wrong stage", details: [] }).kind, "other");
});
