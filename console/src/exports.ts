// The exports screen's logic (components/exports-*.ts): the kinds, the
// refusals in the user's words, and the
// diff's rows.
import type { Readable } from "openapi-typescript-helpers";
import { describeFailure, refusalOf, unmetOf, type UserMessage } from "./errors.js";
import type { components } from "./generated/api.js";

export type Export = Readable<components["schemas"]["Export"]>;
export type ExportDiff = Readable<components["schemas"]["ExportDiff"]>;
export type CreateExport = components["schemas"]["CreateExportRequest"];
export type ExportKind = Exclude<CreateExport["kind"], "EXPORT_KIND_UNSPECIFIED">;

// Every kind the API knows (the compiler refuses one it does not).
export const EXPORT_KINDS: readonly ExportKind[] = ["AGGREGATES_CSV", "AGGREGATES_ADX", "PARTICIPANTS"];

// The purpose's limit (CreateExportRequest: 1..500 characters).
export const PURPOSE_MAX = 500;

export function isExportKind(value: unknown): value is ExportKind {
  return (EXPORT_KINDS as readonly unknown[]).includes(value);
}

// The purpose's length as the API counts it: characters (code points), not
// UTF-16 units.
export function purposeLength(purpose: string): number {
  return [...purpose].length;
}

// The request the form sends: `pseudonymised` only for a participant file
// (the API refuses it for aggregates).
export function createRequest(kind: ExportKind, pseudonymised: boolean, purpose: string): CreateExport {
  return kind === "PARTICIPANTS" ? { kind, pseudonymised, purpose } : { kind, purpose };
}

// A failed export call in the user's words: a rule not met by its own
// message, anything else as every screen says it (describeFailure).
export function describeExportFailure(status: number, body: unknown): UserMessage {
  const refusal = refusalOf(status, body);
  return status === 409 && refusal.kind === "guard" && refusal.unmet[0] ? unmetOf(refusal.unmet[0]) : describeFailure(status, body);
}

// The form's fields a refusal may name; another field's refusal is shown
// above the form.
export type FormField = "kind" | "pseudonymised" | "purpose";

export function formFieldOf(failure: UserMessage): FormField | undefined {
  if (failure.key !== "error.badField") return undefined;
  const field = failure.params.field;
  return field === "kind" || field === "pseudonymised" || field === "purpose" ? field : undefined;
}

// The first `shown` of `items` and how many more there are.
export function capped<T>(items: readonly T[], shown: number): { shown: readonly T[]; more: number } {
  return { shown: items.slice(0, shown), more: Math.max(0, items.length - shown) };
}

// A changed record's field changes, one row each, with the record's key.
export interface ChangeRow {
  readonly key: string;
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

type RecordChange = NonNullable<ExportDiff["changed"]>[number];

export function changeRows(records: readonly RecordChange[]): ChangeRow[] {
  return records.flatMap((record) =>
    (record.fields ?? []).map((change) => ({
      key: record.key ?? "",
      field: change.field ?? "",
      before: change.before ?? "",
      after: change.after ?? "",
    })),
  );
}

// What the API writes for a personal field's values in a diff (never the
// values themselves).
export const PERSONAL_VALUE = "(changed)";

// The start of a SHA-256 in hex, enough to tell snapshots apart.
export function shortSha(sha: string): string {
  return sha.length > 12 ? `${sha.slice(0, 12)}…` : sha;
}

// An int64 of the API (a JSON string of digits) as a number; the counts and
// sizes of exports are far below 2^53.
export function count(value: string | undefined): number {
  return Number(value ?? "0");
}
