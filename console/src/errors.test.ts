import assert from "node:assert/strict";
import { test } from "node:test";
import { dataOf, describeFailure, failureOf } from "./errors.js";

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
