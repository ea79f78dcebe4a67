import assert from "node:assert/strict";
import { test } from "node:test";
import { IMPORT_COLUMNS, dataLineCount, lineProblemsOf, refusedLineCount, templateCsv } from "./participant-import.js";

test("the template is the API's header and one invented line, ';'-separated with a BOM", () => {
  const template = templateCsv();
  assert.ok(template.startsWith("\uFEFF"));
  const [header, example, rest] = template.slice(1).split("\r\n");
  assert.deepEqual(header?.split(";"), [...IMPORT_COLUMNS]);
  const fields = example?.split(";") ?? [];
  assert.equal(fields.length, IMPORT_COLUMNS.length);
  const value = (column: string) => fields[IMPORT_COLUMNS.indexOf(column as (typeof IMPORT_COLUMNS)[number])];
  assert.equal(value("pesel"), "", "no PESEL, not even an invented one");
  assert.equal(value("other_identifier"), "PRZYKLAD-0001");
  assert.match(value("email") ?? "", /@example\.invalid$/);
  assert.equal(rest, "", "the file ends with a line break");
  assert.equal(dataLineCount(template), 1);
});

test("lines are counted as the API reads them: quotes, blank lines and the header", () => {
  assert.equal(dataLineCount(""), 0);
  assert.equal(dataLineCount("first_name;last_name\n"), 0);
  assert.equal(dataLineCount("a;b\r\n1;2\r\n\r\n;;\r\n3;4"), 2);
  assert.equal(dataLineCount('a;b\n"one\nline";2\n3;4\n'), 2, "a quoted line break is one record");
});

test("a refusal's field paths and descriptions become rows of line, column and problem", () => {
  const body = {
    code: 3,
    message: "…",
    details: [
      { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "X" },
      {
        "@type": "type.googleapis.com/google.rpc.BadRequest",
        fieldViolations: [
          { field: "line 1", description: "column 5: unknown column" },
          { field: "line 3, column pesel", description: "column 3: check digit does not match" },
          { field: "line 12, column 3 (pesel)", description: "the same PESEL as line 4" },
          { field: "line 40", description: "expected 13 fields, found 12" },
          { field: "line 7, column declaration_signed_on", description: "must not be in the future" },
          { field: "reason", description: "not a line" },
        ],
      },
    ],
  };
  const rows = lineProblemsOf(body);
  assert.deepEqual(rows, [
    { line: 1, column: "", columnNumber: 5, problem: "unknown column" },
    { line: 3, column: "pesel", columnNumber: 3, problem: "check digit does not match" },
    { line: 12, column: "pesel", columnNumber: 3, problem: "the same PESEL as line 4" },
    { line: 40, column: "", columnNumber: 0, problem: "expected 13 fields, found 12" },
    { line: 7, column: "declaration_signed_on", columnNumber: 0, problem: "must not be in the future" },
  ]);
  assert.equal(refusedLineCount(rows), 5);
  assert.deepEqual(lineProblemsOf({ message: "no details" }), []);
  assert.deepEqual(lineProblemsOf(undefined), []);
});
