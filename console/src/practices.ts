// The good-practices screen's logic (components/practices-page.ts): the
// statuses, the commands each status takes for whom, the search form's
// request, and the catalogue file's name. The status table is advisory's
// (services/advisory/domain/practice_rules.h): submit DRAFT → SUBMITTED;
// publish or return SUBMITTED → PUBLISHED or DRAFT; withdraw PUBLISHED →
// WITHDRAWN; a return and a withdrawal give a reason.
import type { Readable } from "openapi-typescript-helpers";
import type { components, paths } from "./generated/api.js";
import { mayCall } from "./screens.js";
import type { Role } from "./roles.js";

export type Practice = Readable<components["schemas"]["GoodPractice"]>;
export type PracticeStatus = Exclude<NonNullable<Practice["status"]>, "PRACTICE_STATUS_UNSPECIFIED">;
export type PracticeQuery = NonNullable<paths["/v1/editions/{edition}/good-practices"]["get"]["parameters"]["query"]>;

// Every status the API knows, in the order of the path (the compiler
// refuses one it does not).
export const PRACTICE_STATUSES: readonly PracticeStatus[] = [
  "PRACTICE_DRAFT",
  "PRACTICE_SUBMITTED",
  "PRACTICE_PUBLISHED",
  "PRACTICE_WITHDRAWN",
];

export type PracticeCommand = "submit" | "publish" | "return" | "withdraw";

// The operation of each command (the gateway's access table decides who
// may call it).
const OPERATIONS = {
  submit: "POST /v1/good-practices/{good_practice}:submit",
  publish: "POST /v1/good-practices/{good_practice}:publish",
  return: "POST /v1/good-practices/{good_practice}:return",
  withdraw: "POST /v1/good-practices/{good_practice}:withdraw",
} as const;

const BY_STATUS: Readonly<Record<PracticeStatus, readonly PracticeCommand[]>> = {
  PRACTICE_DRAFT: ["submit"],
  PRACTICE_SUBMITTED: ["publish", "return"],
  PRACTICE_PUBLISHED: ["withdraw"],
  PRACTICE_WITHDRAWN: [],
};

// The commands a practice in `status` takes that `role` may give.
export function commandsFor(status: Practice["status"], role: Role | null): PracticeCommand[] {
  if (status === undefined || status === "PRACTICE_STATUS_UNSPECIFIED") return [];
  return BY_STATUS[status].filter((command) => mayCall(OPERATIONS[command], role));
}

// Whether a command asks for a reason (the API refuses it without one).
export function needsReason(command: PracticeCommand): boolean {
  return command === "return" || command === "withdraw";
}

// The reason's limit as the API counts it (1..2000 characters).
export const REASON_MAX = 2000;

// Whether `role` reads practices in any status (those who may propose or
// approve them); the others read the published catalogue only.
export function readsDrafts(role: Role | null): boolean {
  return mayCall(OPERATIONS.submit, role);
}

// The search form's request: the words (trimmed, none when blank), a
// status when one is chosen, one page.
export function practiceQuery(words: string, status: PracticeStatus | "", pageSize: number): PracticeQuery {
  const query: PracticeQuery = { pageSize };
  if (words.trim() !== "") query.query = words.trim();
  if (status !== "") query.status = status;
  return query;
}

// The catalogue's file name, as the API's Content-Disposition gives it
// when it can be read, else one of the edition.
export function catalogueFilename(disposition: string | null, edition: string): string {
  const named = /filename="?([^";]+)"?/.exec(disposition ?? "");
  return named?.[1] ?? `dobre-praktyki-${edition}.csv`;
}

// The keywords typed in one field, separated by commas, semicolons or
// lines: trimmed, empty ones dropped (the API checks the rest: 0..20,
// 1..60 characters, distinct).
export function keywordsOf(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((word) => word.trim())
    .filter((word) => word !== "");
}

// Keywords as the field shows them.
export function keywordsText(keywords: readonly string[] | undefined): string {
  return (keywords ?? []).join(", ");
}

// Whether `role` proposes practices of a case and edits their drafts.
export function proposesPractices(role: Role | null): boolean {
  return mayCall("POST /v1/cases/{case}/good-practices", role);
}

// The API's field problems of a draft with a keyword's problem
// ("practice.keywords[1]") followed by that keyword as typed — the field
// holds them all, so the text says which one.
export function namedKeywordProblems(fields: ReadonlyMap<string, string>, keywords: readonly string[]): Map<string, string> {
  return new Map(
    [...fields].map(([field, text]) => {
      const match = /^practice\.keywords\[(\d+)\]$/.exec(field);
      const keyword = match ? keywords[Number(match[1])] : undefined;
      return [field, keyword === undefined ? text : `${text} („${keyword}”)`];
    }),
  );
}
