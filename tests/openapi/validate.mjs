// Validates an OpenAPI document: SwaggerParser.validate (the OpenAPI JSON
// schema and every $ref), plus the OpenAPI 3 rules swagger-parser checks for
// Swagger 2.0 only: unique operationIds, each path template variable
// declared as a required path parameter and no undeclared ones, no
// duplicate parameters, no two equivalent templated paths.
//
// Usage: node validate.mjs <document.json>
// Exit status: 0 valid, 1 invalid, 2 usage error.

import SwaggerParser from "@apidevtools/swagger-parser";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch",
                 "trace"];

// The rules of the OpenAPI 3 specification that its JSON schema cannot say.
function specProblems(api) {
  const problems = [];
  const operationIds = new Map();
  const shapes = new Map();
  for (const [path, item] of Object.entries(api.paths ?? {})) {
    const shape = path.replace(/\{[^}]*\}/g, "{}");
    if (shapes.has(shape)) {
      problems.push(`${path}: equivalent to ${shapes.get(shape)}`);
    }
    shapes.set(shape, path);
    const variables = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
    for (const method of METHODS.filter((m) => item[m])) {
      const where = `${method.toUpperCase()} ${path}`;
      const operation = item[method];
      const id = operation.operationId;
      if (id !== undefined) {
        if (operationIds.has(id)) {
          problems.push(`${where}: operationId ${id} also on ` +
                        operationIds.get(id));
        }
        operationIds.set(id, where);
      }
      // Operation parameters override path-level ones of the same name+in.
      const parameters = new Map();
      for (const parameter of item.parameters ?? []) {
        parameters.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      const own = new Set();
      for (const parameter of operation.parameters ?? []) {
        const key = `${parameter.in}:${parameter.name}`;
        if (own.has(key)) problems.push(`${where}: parameter ${key} twice`);
        own.add(key);
        parameters.set(key, parameter);
      }
      for (const variable of variables) {
        const parameter = parameters.get(`path:${variable}`);
        if (!parameter) {
          problems.push(`${where}: no path parameter ${variable}`);
        } else if (parameter.required !== true) {
          problems.push(`${where}: path parameter ${variable} not required`);
        }
      }
      for (const parameter of parameters.values()) {
        if (parameter.in === "path" && !variables.includes(parameter.name)) {
          problems.push(`${where}: path parameter ${parameter.name} ` +
                        "is not in the path");
        }
      }
    }
  }
  return problems;
}

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error("usage: node validate.mjs <document.json>");
  process.exit(2);
}

let api;
try {
  api = await SwaggerParser.validate(file);
} catch (error) {
  console.error(`${file}: invalid: ${error.message}`);
  process.exit(1);
}
const problems = specProblems(api);
if (problems.length > 0) {
  console.error(`${file}: invalid:`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
const paths = Object.values(api.paths ?? {});
const operations = paths.reduce(
  (count, item) => count + METHODS.filter((m) => item[m]).length, 0);
console.log(`${file}: valid OpenAPI ${api.openapi}, ${paths.length} paths, ` +
            `${operations} operations`);
