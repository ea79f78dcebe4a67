// The participant import's logic (components/participant-import-page.ts):
// the CSV file's columns as the API reads them (ImportParticipantsRequest,
// services/recruitment/domain/participant_csv.h), a template to download,
// how many lines a file holds, and a refused file's problems read from the
// API's BadRequest into rows (line, column, problem).

import { EDUCATION_LEVELS, SEXES, TARGET_GROUPS } from "./staff.js";

// The columns the API reads, by header name (case-insensitive, any order):
// the template has them all, in this order.
export const IMPORT_COLUMNS = [
  "first_name",
  "last_name",
  "pesel",
  "other_identifier",
  "sex",
  "birth_date",
  "education_level",
  "email",
  "phone",
  "position",
  "target_group",
  "participation_start",
  "declaration_signed_on",
  "information_clause_handed_over",
  "minority_or_foreign_origin",
  "homeless",
  "disability",
  "other_disadvantage",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

// The codes a column of choices takes, each shown with its label in the
// columns' help (i18n/codes.ts).
export const COLUMN_CODES: Readonly<Partial<Record<ImportColumn, readonly string[]>>> = {
  sex: SEXES,
  education_level: EDUCATION_LEVELS,
  target_group: TARGET_GROUPS,
};

export function isImportColumn(name: string): name is ImportColumn {
  return (IMPORT_COLUMNS as readonly string[]).includes(name);
}

// One example line of obviously invented data: no PESEL (another
// identifier instead, so no real person's number is ever suggested), an
// e-mail under the reserved .invalid domain.
const EXAMPLE: Readonly<Record<ImportColumn, string>> = {
  first_name: "Jan",
  last_name: "Przykładowy",
  pesel: "",
  other_identifier: "PRZYKLAD-0001",
  sex: "MALE",
  birth_date: "1980-01-01",
  education_level: "ISCED_5_8",
  email: "jan.przykladowy@example.invalid",
  phone: "+48600000000",
  position: "Inspektor oświaty",
  target_group: "OPERATIONAL_STAFF",
  participation_start: "",
  declaration_signed_on: "2026-01-15",
  information_clause_handed_over: "tak",
  minority_or_foreign_origin: "NIE",
  homeless: "NIE",
  disability: "NIE",
  other_disadvantage: "ODMOWA",
};

// The separator and encoding the template uses (the API reads ';' or ','
// from the header row, UTF-8 with or without a BOM).
export const TEMPLATE_SEPARATOR = ";";

// The template: a UTF-8 BOM (spreadsheets then read the Polish letters
// right), the header row and the example line, ';'-separated, CRLF.
export function templateCsv(): string {
  const header = IMPORT_COLUMNS.join(TEMPLATE_SEPARATOR);
  const example = IMPORT_COLUMNS.map((column) => EXAMPLE[column]).join(TEMPLATE_SEPARATOR);
  return `\uFEFF${header}\r\n${example}\r\n`;
}

// How many data lines (records after the header) `text` holds, read as the
// API reads it: RFC 4180 quotes (a quoted field may hold line breaks),
// blank lines skipped.
export function dataLineCount(text: string): number {
  let records = 0;
  let quoted = false;
  let blank = true;
  for (const char of text.replace(/^\uFEFF/, "")) {
    if (char === '"') quoted = !quoted;
    if (!quoted && (char === "\n" || char === "\r")) {
      if (!blank) records++;
      blank = true;
    } else if (!/[\s;,]/.test(char)) {
      blank = false;
    }
  }
  if (!blank) records++;
  return Math.max(0, records - 1);
}

// One refused line's problem: its line in the file (1 is the header), the
// column by its header name ("" for the whole line) and number (0 when not
// known), and the API's reason.
export interface LineProblem {
  readonly line: number;
  readonly column: string;
  readonly columnNumber: number;
  readonly problem: string;
}

// The field paths the API gives ("line 12, column pesel", "line 40"; also
// "line 12, column 3 (pesel)") and descriptions ("column 3: check digit
// does not match", or the reason alone).
const FIELD = /^line (\d+)(?:, column (.+))?$/;
const NUMBERED_COLUMN = /^(\d+) \((.*)\)$/;
const DESCRIPTION = /^column (\d+): ([\s\S]*)$/;

function lineProblemOf(field: string, description: string): LineProblem | undefined {
  const path = FIELD.exec(field);
  if (!path) return undefined;
  let column = path[2] ?? "";
  let columnNumber = 0;
  const numbered = NUMBERED_COLUMN.exec(column);
  if (numbered) {
    columnNumber = Number(numbered[1]);
    column = numbered[2] ?? "";
  }
  let problem = description;
  const described = DESCRIPTION.exec(description);
  if (described) {
    columnNumber = Number(described[1]);
    problem = described[2] ?? "";
  }
  return { line: Number(path[1]), column, columnNumber, problem };
}

// The refused lines of an import's 400 answer (its BadRequest details), in
// the API's order (line, then column); [] when the answer names no line.
export function lineProblemsOf(body: unknown): LineProblem[] {
  if (typeof body !== "object" || body === null) return [];
  const details = (body as { details?: unknown }).details;
  if (!Array.isArray(details)) return [];
  const problems: LineProblem[] = [];
  for (const detail of details) {
    const violations = (detail as { fieldViolations?: unknown } | null)?.fieldViolations;
    if (!Array.isArray(violations)) continue;
    for (const violation of violations as { field?: unknown; description?: unknown }[]) {
      const problem = lineProblemOf(String(violation.field ?? ""), String(violation.description ?? ""));
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

// How many distinct lines were refused.
export function refusedLineCount(problems: readonly LineProblem[]): number {
  return new Set(problems.map((problem) => problem.line)).size;
}
