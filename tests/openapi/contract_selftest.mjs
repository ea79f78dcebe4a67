// CTest openapi_contract_selftest: contract.mjs must fail on each kind of
// contract break and pass a clean run, so a green openapi_contract means
// something. A small document with one read and one create, and captures
// made up for each case, are written to a temporary directory.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), "contract-selftest-"));

const document = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/v1/things/{thing}": {
      get: {
        parameters: [{ name: "view", in: "query", schema: { type: "string" } }],
        responses: {
          200: { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
          404: { $ref: "#/components/responses/NotFound" },
          default: { $ref: "#/components/responses/NotFound" },
        },
      },
    },
    "/v1/things/{thing}.txt": {
      delete: { responses: { 200: { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } } },
    },
    "/v1/things/{thing}/file": {
      get: { responses: { 200: { description: "OK", content: { "text/csv": { schema: { type: "string" } } } } } },
    },
    "/v1/things": {
      post: {
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } },
        responses: { 200: { description: "OK", content: { "application/json": { schema: { $ref: "#/components/schemas/Thing" } } } } },
      },
    },
  },
  components: {
    schemas: {
      Thing: {
        type: "object",
        required: ["name"],
        properties: {
          name: { type: "string" },
          count: { type: "string", format: "int64", readOnly: true },
          on: { type: "string", format: "date" },
          part: { allOf: [{ $ref: "#/components/schemas/Part" }], description: "a part" },
        },
      },
      Part: { type: "object", properties: { size: { type: "integer", format: "int32" } } },
      Error: { type: "object", required: ["code", "message"], properties: { code: { type: "integer" }, message: { type: "string" } } },
    },
    responses: {
      NotFound: { description: "x", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    },
  },
};
writeFileSync(join(work, "openapi.json"), JSON.stringify(document));

const exchange = (method, target, status, body, extra = {}) => ({
  method,
  target,
  requestBody: "",
  status,
  contentType: "application/json",
  body: typeof body === "string" ? body : JSON.stringify(body),
  ...extra,
});
const good = { name: "a", count: "12", on: "2026-01-05", part: { size: 3 } };
const clean = [
  exchange("GET", "/v1/things/a?view=full", 200, good),
  exchange("DELETE", "/v1/things/a.txt", 200, good),
  exchange("GET", "/v1/things/b?x=1", 404, { code: 5, message: "no thing b" }),
  exchange("GET", "/v1/things/a/file", 200, "a;b\r\n", { contentType: "text/csv; charset=utf-8" }),
  exchange("POST", "/v1/things", 200, good, { requestBody: JSON.stringify({ name: "a", count: 7 }) }),
  exchange("GET", "/v1/unknown", 404, { code: 5, message: "no route" }),
];

// Each case: the exchanges added to a clean run, and what must be reported.
const cases = {
  "an undocumented field": [[exchange("GET", "/v1/things/a", 200, { ...good, secret: 1 })], "must NOT have additional properties (secret)"],
  "an undocumented nested field": [[exchange("GET", "/v1/things/a", 200, { ...good, part: { size: 1, colour: "red" } })], "(colour)"],
  "an int64 as a number": [[exchange("GET", "/v1/things/a", 200, { ...good, count: 12 })], "/count must be string"],
  "an empty date": [[exchange("GET", "/v1/things/a", 200, { ...good, on: "" })], '/on must match format "date"'],
  "a status not listed": [[exchange("GET", "/v1/things/a", 409, { code: 9, message: "x" })], "answered 409, which the document does not list"],
  "another media type": [[exchange("GET", "/v1/things/a/file", 200, "x", { contentType: "application/json" })], "answered application/json; the document says text/csv"],
  "an error body off its schema": [[exchange("GET", "/v1/things/a", 404, { message: "x" })], "must have required property 'code'"],
  "a route the document lacks answered": [[exchange("PUT", "/v1/things/a", 200, good)], "PUT /v1/things/a: answered 200, but the document has no such operation"],
  "a fault": [[exchange("GET", "/v1/things/a", 500, { code: 13, message: "x" })], "answered 500: a fault"],
  "an undocumented query parameter": [[exchange("GET", "/v1/things/a?colour=red", 200, good)], "accepted the query parameter colour"],
  "the method's template, not the longest": [[exchange("DELETE", "/v1/things/a.txt", 200, { ...good, extra: 1 })], "DELETE /v1/things/{thing}.txt: 200 body"],
  "a request body with an unknown field": [
    [exchange("POST", "/v1/things", 200, good, { requestBody: JSON.stringify({ name: "a", colour: 1 }) })],
    "accepted a request body the document does not allow",
  ],
};

function run(dir) {
  try {
    return { status: 0, output: execFileSync("node", [join(here, "contract.mjs"), join(work, "openapi.json"), dir], { encoding: "utf8", stdio: "pipe" }) };
  } catch (failure) {
    return { status: failure.status, output: `${failure.stdout}${failure.stderr}` };
  }
}
function captures(name, exchanges) {
  const dir = join(work, name.replaceAll(" ", "-"));
  mkdirSync(dir);
  writeFileSync(join(dir, "test.jsonl"), exchanges.map((e) => JSON.stringify(e)).join("\n") + "\n");
  return dir;
}

let failed = 0;
const expect = (ok, what, output) => {
  if (!ok) {
    ++failed;
    console.error(`✗ ${what}\n${output}`);
  } else console.log(`✓ ${what}`);
};
const cleanRun = run(captures("clean", clean));
expect(cleanRun.status === 0, "a clean run passes", cleanRun.output);
const uncovered = run(captures("uncovered", clean.filter((e) => !e.target.endsWith("/file"))));
expect(
  uncovered.status === 1 && uncovered.output.includes("GET /v1/things/{thing}/file: no test read it successfully"),
  "a GET never answered 2xx fails",
  uncovered.output,
);
for (const [name, [exchanges, message]] of Object.entries(cases)) {
  const result = run(captures(name, [...clean, ...exchanges]));
  expect(result.status === 1 && result.output.includes(message), `${name} fails, saying "${message}"`, result.output);
}
rmSync(work, { recursive: true, force: true });
process.exit(failed === 0 ? 0 : 1);
