// The contract check (CTest openapi_contract): every exchange the
// end-to-end tests had with the gateway (common/testing/http.h writes them,
// one JSON line each, to <capture-dir>/*.jsonl) is checked against the
// OpenAPI document with ajv:
//   - the answer's status is one the operation lists (only a 5xx may fall
//     to `default`), and its media type one the document gives for it;
//   - every JSON answer, success or error, matches its schema, strictly: an
//     object field the document does not list is an error (every schema with
//     `properties` is closed with `additionalProperties: false`), and so is
//     an int64 that is not a decimal string or a date that is not a day;
//   - every JSON body of a request that succeeded matches its request
//     schema, just as strictly;
//   - a 500, 501 or 502 is a fault, never a documented answer (503 and 504
//     are: a service down, a deadline);
//   - a query parameter the operation does not document was not accepted;
//   - every GET operation of the document was answered with a 2xx at least
//     once, so no read goes unchecked.
// An exchange with a route the document does not have (a test of unknown
// routes) may only have been refused as unknown: 401, 404 or 405. Exits 1 listing each problem once per operation.
//
// usage: node contract.mjs <openapi.json> <capture-dir>
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const [documentPath, captureDir] = process.argv.slice(2);
if (!documentPath || !captureDir) {
  console.error("usage: node contract.mjs <openapi.json> <capture-dir>");
  process.exit(2);
}
const document = JSON.parse(readFileSync(documentPath, "utf8"));
const METHODS = ["get", "put", "post", "delete", "patch"];

// Closes every object schema that lists its properties (a copy: the
// document itself says nothing about undocumented fields).
function closeObjects(node) {
  if (Array.isArray(node)) {
    node.forEach(closeObjects);
  } else if (node && typeof node === "object") {
    if (node.properties && !("additionalProperties" in node)) {
      node.additionalProperties = false;
    }
    Object.values(node).forEach(closeObjects);
  }
}
const closed = structuredClone(document);
closeObjects(closed.components);
for (const item of Object.values(closed.paths)) closeObjects(item);

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
// Protobuf's JSON: 64-bit integers are decimal strings, 32-bit ones numbers.
ajv.addFormat("int64", { type: "string", validate: /^-?[0-9]+$/ });
ajv.addFormat("uint64", { type: "string", validate: /^[0-9]+$/ });
ajv.addFormat("int32", { type: "number", validate: (n) => Number.isInteger(n) });
ajv.addFormat("uint32", { type: "number", validate: (n) => Number.isInteger(n) && n >= 0 });
ajv.addSchema(closed, "openapi.json");
// Requests are read as protobuf's JSON parser reads them: it also takes a
// number for an int64 and a numeric string for an int32, so those are
// coerced before checking (fields, required ones and enums stay strict).
const requestAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
addFormats(requestAjv);
requestAjv.addFormat("int64", { type: "string", validate: /^-?[0-9]+$/ });
requestAjv.addFormat("uint64", { type: "string", validate: /^[0-9]+$/ });
requestAjv.addFormat("int32", { type: "number", validate: (n) => Number.isInteger(n) });
requestAjv.addFormat("uint32", { type: "number", validate: (n) => Number.isInteger(n) && n >= 0 });
requestAjv.addSchema(closed, "openapi.json");

const escapePointer = (s) => s.replaceAll("~", "~0").replaceAll("/", "~1");

// Follows a local $ref ("#/components/responses/NotFound"); answers the
// object and its JSON pointer.
function resolve(object, pointer) {
  while (object && object.$ref) {
    pointer = object.$ref.slice(1);
    object = pointer
      .split("/")
      .slice(1)
      .reduce((o, key) => o[key.replaceAll("~1", "/").replaceAll("~0", "~")], document);
  }
  return [object, pointer];
}

const validators = new Map();
function validatorAt(pointer, instance = ajv) {
  const key = `${instance === ajv ? "answer" : "request"} ${pointer}`;
  if (!validators.has(key)) {
    validators.set(key, instance.compile({ $ref: `openapi.json#${pointer}` }));
  }
  return validators.get(key);
}

// Path templates as patterns; a concrete path matches the template with the
// most literal characters ("/v1/cases/{case}/history" before "/v1/cases/{case}").
const templates = Object.keys(document.paths).map((template) => {
  const pattern = template
    .split(/(\{[^}]+\})/)
    .map((part) =>
      part.startsWith("{") ? "([^/:]+?)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("");
  return {
    template,
    regex: new RegExp(`^${pattern}$`),
    literal: template.replace(/\{[^}]+\}/g, "").length,
  };
});
// The template of `target` that has an operation for `method`.
function templateOf(method, target) {
  const path = target.split("?")[0];
  let best = null;
  for (const t of templates) {
    if (!document.paths[t.template][method]) continue;
    if (t.regex.test(path) && (!best || t.literal > best.literal)) best = t;
  }
  return best?.template;
}

// The query parameters an operation documents (at the path or its own).
function queryNames(template, operation) {
  const parameters = [...(document.paths[template].parameters ?? []), ...(operation.parameters ?? [])];
  return new Set(
    parameters.map((p) => resolve(p, "")[0]).filter((p) => p.in === "query").map((p) => p.name),
  );
}

const problems = new Map(); // "OPERATION: what" → first example
function problem(operation, what, example) {
  const key = `${operation}: ${what}`;
  if (!problems.has(key)) problems.set(key, example);
}
function schemaErrors(validate) {
  return validate.errors
    .slice(0, 5)
    .map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`)
    .join("; ");
}
const mediaType = (contentType) => contentType.split(";")[0].trim().toLowerCase();
function mediaMatches(documented, actual) {
  return documented.some(
    (m) => m === "*/*" || m === actual || (m.endsWith("/*") && actual.startsWith(m.slice(0, -1))),
  );
}

const answered = new Set(); // "get /v1/..." answered with a 2xx
let checked = 0;
let unmatched = 0;
const files = readdirSync(captureDir).filter((f) => f.endsWith(".jsonl"));
for (const file of files) {
  const lines = readFileSync(join(captureDir, file), "utf8").split("\n").filter(Boolean);
  for (const line of lines) {
    const exchange = JSON.parse(line);
    const method = exchange.method.toLowerCase();
    const template = templateOf(method, exchange.target);
    const operation = template && document.paths[template][method];
    if (!operation) {
      // A route the document does not have may only be refused as unknown
      // (401 comes first when the request has no token).
      ++unmatched;
      if (![401, 404, 405].includes(exchange.status)) {
        problem(`${exchange.method} ${exchange.target.split("?")[0]}`, `answered ${exchange.status}, but the document has no such operation`, file);
      }
      continue;
    }
    ++checked;
    const name = `${method.toUpperCase()} ${template}`;
    const example = `${file}: ${exchange.method} ${exchange.target} → ${exchange.status}`;
    const opPointer = `/paths/${escapePointer(template)}/${method}`;
    const status = String(exchange.status);
    if (exchange.status === 500 || exchange.status === 501 || exchange.status === 502) {
      problem(name, `answered ${status}: a fault, never a documented answer`, `${example}\n      ${exchange.body.slice(0, 400)}`);
      continue;
    }
    let key = status;
    if (!(key in operation.responses)) {
      if (exchange.status >= 500 && "default" in operation.responses) key = "default";
      else {
        problem(name, `answered ${status}, which the document does not list`, example);
        continue;
      }
    }
    const ok = exchange.status >= 200 && exchange.status < 300;
    if (ok) answered.add(`${method} ${template}`);
    if (ok && exchange.target.includes("?")) {
      const documentedNames = queryNames(template, operation);
      for (const queryName of new URLSearchParams(exchange.target.split("?")[1]).keys()) {
        if (!documentedNames.has(queryName)) {
          problem(name, `accepted the query parameter ${queryName}, which the document does not list`, example);
        }
      }
    }
    const [response, responsePointer] = resolve(
      operation.responses[key],
      `${opPointer}/responses/${key}`,
    );
    const content = response.content ?? {};
    const actual = mediaType(exchange.contentType ?? "");
    const documented = Object.keys(content);
    if (documented.length === 0) {
      if (exchange.body !== "") problem(name, `${status} has a body the document does not describe`, example);
    } else if (!mediaMatches(documented, actual)) {
      problem(name, `${status} answered ${actual || "no media type"}; the document says ${documented.join(", ")}`, example);
    } else if (actual === "application/json") {
      let body;
      try {
        body = JSON.parse(exchange.body);
      } catch {
        problem(name, `${status} is not JSON`, example);
        continue;
      }
      const validate = validatorAt(`${responsePointer}/content/application~1json/schema`);
      if (!validate(body)) {
        problem(name, `${status} body: ${schemaErrors(validate)}`, `${example}\n      ${exchange.body.slice(0, 400)}`);
      }
    }
    const request = operation.requestBody && resolve(operation.requestBody, `${opPointer}/requestBody`);
    if (ok && request && request[0].content?.["application/json"] && exchange.requestBody) {
      let sent;
      try {
        sent = JSON.parse(exchange.requestBody);
      } catch {
        continue; // a CSV or other body sent to an operation taking several
      }
      const validate = validatorAt(`${request[1]}/content/application~1json/schema`, requestAjv);
      if (!validate(sent)) {
        problem(name, `accepted a request body the document does not allow: ${schemaErrors(validate)}`, `${example}\n      ${exchange.requestBody.slice(0, 400)}`);
      }
    }
  }
}

for (const [template, item] of Object.entries(document.paths)) {
  if (item.get && !answered.has(`get ${template}`)) {
    problem(`GET ${template}`, "no test read it successfully, so its answer is unchecked", "");
  }
}

const gets = Object.values(document.paths).filter((item) => item.get).length;
console.log(
  `${checked} exchanges checked from ${files.length} files (${unmatched} with paths the document does not have); ` +
    `${answered.size} operations answered 2xx, ${[...answered].filter((a) => a.startsWith("get ")).length} of ${gets} GETs`,
);
if (problems.size > 0) {
  for (const [what, example] of [...problems].sort()) {
    console.error(`✗ ${what}${example ? `\n    e.g. ${example}` : ""}`);
  }
  console.error(`${problems.size} contract problems`);
  process.exit(1);
}
console.log("every answer matches the document");
