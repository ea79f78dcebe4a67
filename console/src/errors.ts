// An API answer that is not a success, said in the user's words: the
// gateway's error body is {code, message, details[]} (gateway/transcoder.h);
// a BadRequest detail names the field at fault.
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "./generated/api.js";
import { codeLabel, formatCivilDate, translate, type Locale, type MessageParams } from "./i18n/i18n.js";
import { pl, type MessageKey } from "./i18n/pl.js";
import { store } from "./store.js";

type ApiError = Readable<components["schemas"]["Error"]>;

export interface UserMessage {
  readonly key: MessageKey;
  readonly params: MessageParams;
}

function isApiError(body: unknown): body is ApiError {
  return typeof body === "object" && body !== null && typeof (body as { message?: unknown }).message === "string";
}

function firstFieldViolation(error: ApiError): { field: string; description: string } | undefined {
  for (const detail of error.details ?? []) {
    if ("fieldViolations" in detail) {
      const violation = (detail.fieldViolations ?? [])[0];
      if (violation) return { field: violation.field ?? "", description: violation.description ?? "" };
    }
  }
  return undefined;
}

// A field problem as the services describe it (English: common/status
// fields.cc, each service's api_input, the request text
// check) in the catalogue's words: the recurring shapes, each a pattern
// whose captures become the message's parameters. A description no
// pattern knows is "error.problem.other" with the server's text.
// To add one: a pattern here, its "error.problem.*" key in pl.ts and en.ts,
// a test in errors.test.ts and the description in its list of real ones.
interface ProblemPattern {
  readonly pattern: RegExp;
  readonly key: MessageKey;
  readonly params?: (match: RegExpExecArray) => MessageParams;
}

const bounds = (match: RegExpExecArray): MessageParams => ({ min: Number(match[1]), max: Number(match[2]) });
const upper = (match: RegExpExecArray): MessageParams => ({ max: Number(match[1]) });

const PROBLEMS: readonly ProblemPattern[] = [
  {
    pattern: /^(?:is )?required(?: but not set| \((?:an RFC 3339 instant|local time\b[^)]*)\))?$|^must be given$/,
    key: "error.problem.required",
  },
  { pattern: /^must be 0(?:\.\.| to )(\d+) characters$/, key: "error.problem.maxLength", params: upper },
  {
    pattern: /^must be (\d+)(?:\.\.| to )(\d+) characters(?: without surrounding spaces)?$/,
    key: "error.problem.length",
    params: bounds,
  },
  { pattern: /^must be at most (\d+) characters(?: long)?$/, key: "error.problem.maxLength", params: upper },
  {
    pattern: /^must be a date (?:written )?YYYY-MM-DD$|^is not a real calendar date$/,
    key: "error.problem.date",
  },
  {
    pattern: /^must be a date between (\d+) and (\d+)$/,
    key: "error.problem.dateRange",
    // Years as written, never grouped ("1800", not "1 800").
    params: (match) => ({ min: match[1] ?? "", max: match[2] ?? "" }),
  },
  {
    pattern: /^cannot be after today \((\d{4}-\d{2}-\d{2})\)$/,
    key: "error.problem.afterToday",
    params: (match) => ({ today: match[1] ?? "" }),
  },
  { pattern: /^must not be in the future$|^encodes a birth date in the future$/, key: "error.problem.future" },
  { pattern: /^must have (\d+)\.\.(\d+) entries$/, key: "error.problem.entries", params: bounds },
  { pattern: /^(?:cannot|must not) be before startsOn$/, key: "error.problem.beforeStart" },
  { pattern: /^must be (-?\d+)(?:\.\.| to )(-?\d+)(?: [A-Za-z]+)?$/, key: "error.problem.range", params: bounds },
  { pattern: /^must be at most (\d+)$/, key: "error.problem.atMost", params: upper },
  { pattern: /^must be a UUID$/, key: "error.problem.id" },
  // An attendance mark refused (training's MarkProblems), naming the
  // participant by id: said at the row, so the id is left out.
  {
    pattern: /^participant [0-9a-f-]{36} is not on the roster of this session\b/,
    key: "error.problem.notRostered",
  },
  {
    pattern: /^participant [0-9a-f-]{36} may not be marked present: their declaration is not recorded$/,
    key: "error.problem.declarationMissing",
  },
  { pattern: /^must not contain control characters or line breaks\b/, key: "error.problem.oneLine" },
  { pattern: /^must not contain control characters(?: other than tab and line breaks\b.*)?$/, key: "error.problem.control" },
  { pattern: /^must not contain a carriage return\b/, key: "error.problem.carriageReturn" },
  { pattern: /^must be valid UTF-8 text$|^is not valid UTF-8$/, key: "error.problem.encoding" },
  { pattern: /^must be an edition code\b/, key: "error.problem.editionCode" },
  { pattern: /^must be a (?:two-digit )?voivodeship code\b/, key: "error.problem.voivodeship" },
  { pattern: /^must be a TERYT code\b/, key: "error.problem.teryt" },
  { pattern: /^must be a whole number$/, key: "error.problem.integer" },
  { pattern: /^must be positive$/, key: "error.problem.positive" },
  { pattern: /^is (?:named|used|rated|given) twice$|^names a moderator twice$/, key: "error.problem.twice" },
  { pattern: /^must be true or false$/, key: "error.problem.boolean" },
  { pattern: /^check digit does not match$/, key: "error.problem.checkDigit" },
  { pattern: /^must not contain digits$/, key: "error.problem.noDigits" },
  { pattern: /^must be HH:MM$/, key: "error.problem.time" },
  {
    pattern: /^(?:must be|is required:) ((?:[A-Z][A-Z0-9_]*, )*[A-Z][A-Z0-9_]* or [A-Z][A-Z0-9_]*)$/,
    key: "error.problem.oneOf",
    params: (match) => ({ values: (match[1] ?? "").replace(" or ", ", ") }),
  },
  { pattern: /^must not contain spaces or control characters$/, key: "error.problem.spaces" },
  { pattern: /^must contain exactly one '@'$/, key: "error.problem.emailAt" },
  { pattern: /^must have a name before the '@'$/, key: "error.problem.emailLocal" },
  { pattern: /^must have a domain with a dot after the '@'/, key: "error.problem.emailDomain" },
  { pattern: /^must be (\d+) to (\d+) digits with an optional leading '\+'/, key: "error.problem.phone", params: bounds },
  // Notifications (services/notifications): a person reference, the
  // language of the messages, the kinds opted out of.
  { pattern: /^must be a person reference\b/, key: "error.problem.personRef" },
  { pattern: /^must end with a UUID$/, key: "error.problem.personId" },
  { pattern: /^names no valid subject$/, key: "error.problem.subject" },
  { pattern: /^(?:must be|is required:) "pl" or "en"$/, key: "error.problem.language" },
  {
    pattern: /^((?:[A-Z][A-Z0-9_]*, )*[A-Z][A-Z0-9_]*): required by the programme's rules, cannot be switched off$/,
    key: "error.problem.requiredKinds",
    params: (match) => ({ kinds: match[1] ?? "" }),
  },
  { pattern: /^names no kind of notification$|^unknown kind\(s\): /, key: "error.problem.kind" },
  {
    pattern: /^((?:[A-Z][A-Z0-9_]*, )*[A-Z][A-Z0-9_]*) is never sent to this person$/,
    key: "error.problem.kindNotReceived",
    params: (match) => ({ kinds: match[1] ?? "" }),
  },
  { pattern: /^is not a state$/, key: "error.problem.state" },
  // The programme's other parts (issue 24): communities, expert tables,
  // e-learning, good practices, the schools of a schedule.
  { pattern: /^is not a (?:kind of JST|status of a good practice|stage|speciality)$/, key: "error.problem.choice" },
  { pattern: /^is for exchange groups only$/, key: "error.problem.groupsOnly" },
  { pattern: /^is for thematic networks only$/, key: "error.problem.networksOnly" },
  { pattern: /^must be YYYY-MM$/, key: "error.problem.month" },
  { pattern: /^must be an RSPO number\b/, key: "error.problem.rspo" },
  { pattern: /^must be one of the (\d+) areas$/, key: "error.problem.areas", params: (match) => ({ count: Number(match[1]) }) },
  { pattern: /^must have at most (\d+) (?:entries|actions|schools)$/, key: "error.problem.atMostEntries", params: upper },
  { pattern: /^must name (\d+)\.\.(\d+) voivodeships$/, key: "error.problem.entries", params: bounds },
  { pattern: /^must be a sign-in subject$/, key: "error.problem.signInSubject" },
  { pattern: /^must be a room id of the module$/, key: "error.problem.room" },
  { pattern: /^must be (\d+)\.\.(\d+) of A-Z a-z 0-9\b/, key: "error.problem.code", params: bounds },
  { pattern: /^must be given \(>= 1\)$/, key: "error.problem.positive" },
  { pattern: /^the case has not chosen a support area yet\b/, key: "error.problem.areaNeeded" },
  { pattern: /^is not a support area of edition \S+ catalogue$/, key: "error.problem.areaUnknown" },
  {
    pattern: /^no school of RSPO number (\d+) in the register$/,
    key: "error.problem.schoolUnknown",
    params: (match) => ({ rspo: match[1] ?? "" }),
  },
  {
    pattern: /^school (\d+) is closed \(since (\d{4}-\d{2}-\d{2})\)$/,
    key: "error.problem.schoolClosed",
    params: (match) => ({ rspo: match[1] ?? "", date: match[2] ?? "" }),
  },
  {
    pattern: /^school (\d+) is run by JST (\d+), not by the case's JST (\d+)$/,
    key: "error.problem.schoolForeign",
    params: (match) => ({ rspo: match[1] ?? "", runner: match[2] ?? "", own: match[3] ?? "" }),
  },
];

// The problem `description` in the catalogue's words (key and parameters).
export function problemOf(description: string): UserMessage {
  for (const { pattern, key, params } of PROBLEMS) {
    const match = pattern.exec(description);
    if (match) return { key, params: params ? params(match) : {} };
  }
  return { key: "error.problem.other", params: { text: description } };
}

// The problem `description` as text in `locale` (the user's language by
// default): what a field shows beside its label. A day the API names
// ("cannot be after today (2026-12-05)") is written as the language writes
// it; the codes of a choice are named by their labels (codeLabel).
export function problemText(description: string, locale: Locale = store.locale): string {
  const problem = problemOf(description);
  const params: Record<string, string | number> = { ...problem.params };
  if (typeof params.today === "string") params.today = formatCivilDate(locale, params.today);
  if (typeof params.date === "string") params.date = formatCivilDate(locale, params.date);
  if (problem.key === "error.problem.oneOf")
    params.values = String(params.values)
      .split(", ")
      .map((code) => codeLabel(locale, code))
      .join(", ");
  if (problem.key === "error.problem.requiredKinds" || problem.key === "error.problem.kindNotReceived")
    params.kinds = String(params.kinds)
      .split(", ")
      .map((code) => codeLabel(locale, code))
      .join(", ");
  return translate(locale, problem.key, params);
}

// A form's labels of its fields by the request's JSON path ("activity.notes"
// → "Notatki"): a refusal shown above the form names the field by its label.
export type FieldLabels = Readonly<Record<string, string>>;

// `status` 0 means the request never got an answer (network failure). A
// refused field is named by its label in `labels`, else by its JSON path,
// and its problem is said in the user's words (problemText).
export function describeFailure(status: number, body: unknown, labels: FieldLabels = {}): UserMessage {
  if (status === 0) return { key: "error.network", params: {} };
  if (status === 401) return { key: "error.unauthenticated", params: {} };
  if (status === 403) return { key: "error.forbidden", params: {} };
  if (status === 429) return { key: "error.tooMany", params: {} };
  if (status === 503 || status === 504 || status === 502) return { key: "error.unavailable", params: {} };
  const error = isApiError(body) ? body : undefined;
  if (status === 404 && error) return { key: "error.notFound", params: { message: error.message } };
  if (status === 400 && error) {
    const violation = firstFieldViolation(error);
    return violation
      ? {
          key: "error.badField",
          params: { field: labels[violation.field] ?? violation.field, message: problemText(violation.description) },
        }
      : { key: "error.badRequest", params: { message: error.message } };
  }
  return { key: "error.unexpected", params: { status } };
}

export function isUserMessage(value: unknown): value is UserMessage {
  return typeof value === "object" && value !== null && "key" in value && "params" in value;
}

// What a caught failure says to the user: a UserMessage thrown by dataOf
// (or loadEditions) as it is; anything else (fetch's TypeError) is the
// network's.
export function failureOf(caught: unknown): UserMessage {
  return isUserMessage(caught) ? caught : describeFailure(0, undefined);
}

// Reads that may each fail without stopping the others (a screen of several
// panels): `settle` answers a read's data, or null after recording its
// failure in `failures` once per kind of failure.
export function failureCollector(): {
  readonly failures: UserMessage[];
  settle<T>(read: Promise<T>): Promise<T | null>;
} {
  const failures: UserMessage[] = [];
  return {
    failures,
    async settle<T>(read: Promise<T>): Promise<T | null> {
      try {
        return await read;
      } catch (caught) {
        const failure = failureOf(caught);
        if (!failures.some((known) => known.key === failure.key)) failures.push(failure);
        return null;
      }
    },
  };
}

// The data of an openapi-fetch call, or its failure in the user's words,
// thrown (a UserMessage; a network failure too).
export async function dataOf<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw describeFailure(0, undefined);
  }
  if (result.data === undefined) throw describeFailure(result.response.status, result.error);
  return result.data;
}

// The parts of the gateway's error body {code, message, details[]} that
// screens decide by: the gRPC code, the ErrorInfo reasons and the
// PreconditionFailure violation types (rules not met).
export function errorCodeOf(body: unknown): number | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const code = (body as { code?: unknown }).code;
  return typeof code === "number" ? code : undefined;
}

function errorDetailsOf(body: unknown): unknown[] {
  if (typeof body !== "object" || body === null) return [];
  const details = (body as { details?: unknown }).details;
  return Array.isArray(details) ? details : [];
}

export function errorReasonsOf(body: unknown): string[] {
  return errorDetailsOf(body).flatMap((detail) => {
    const reason = (detail as { reason?: unknown } | null)?.reason;
    return typeof reason === "string" ? [reason] : [];
  });
}

export function violationTypesOf(body: unknown): string[] {
  return errorDetailsOf(body).flatMap((detail) => {
    const violations = (detail as { violations?: unknown } | null)?.violations;
    if (!Array.isArray(violations)) return [];
    return violations.flatMap((violation) => {
      const type = (violation as { type?: unknown } | null)?.type;
      return typeof type === "string" ? [type] : [];
    });
  });
}

// A rule a write did not meet (a PreconditionFailure violation): its
// `type` is the service's stable code, its `description` English.
export interface UnmetRule {
  readonly type: string;
  readonly description: string;
}

// The rule in the catalogue's words ("rule.<TYPE>", i18n/rules.ts); a type
// the catalogue does not know is "rule.other" with the server's text.
export function unmetOf(rule: UnmetRule): UserMessage {
  const key = `rule.${rule.type}`;
  return key in pl && key !== "rule.other"
    ? { key: key as MessageKey, params: {} }
    : { key: "rule.other", params: { text: rule.description } };
}

// The rule as text in `locale` (the user's language by default): THE one
// way every checklist and refused rule is shown.
export function unmetText(rule: UnmetRule, locale: Locale = store.locale): string {
  const message = unmetOf(rule);
  return translate(locale, message.key, message.params);
}

// The rules of a refused write as one line (a refusal shown in a sentence).
export function unmetLine(rules: readonly UnmetRule[], locale: Locale = store.locale): string {
  return rules.map((rule) => unmetText(rule, locale)).join(" ");
}

// The gRPC code ABORTED: the gateway's answer to a stale expected version.
const ABORTED = 10;

// The gateway's answer to a repeat while the key's first request still runs
// (409 ABORTED with the reason IDEMPOTENCY_KEY_IN_FLIGHT): retry with the
// same key; it is no version conflict.
export function isStillRunning(status: number, body: unknown): boolean {
  return status === 409 && errorReasonsOf(body).includes("IDEMPOTENCY_KEY_IN_FLIGHT");
}

// What a refused write means to its form (every form that writes reads its
// refusal here): a version
// conflict (409 ABORTED: someone changed the case since it was read), the
// unmet conditions of a guard (409 FAILED_PRECONDITION's PreconditionFailure
// violations: the checklist), field errors by JSON path (BadRequest), or
// anything else in the user's words. A field's problem is its text in the
// user's words (problemText), for the field's place beside its label.
export type CommandRefusal =
  | { readonly kind: "conflict" }
  | { readonly kind: "guard"; readonly unmet: readonly UnmetRule[] }
  | { readonly kind: "fields"; readonly fields: ReadonlyMap<string, string> }
  | { readonly kind: "other"; readonly failure: UserMessage };

function detailsOf(body: unknown, type: string): Record<string, unknown>[] {
  return errorDetailsOf(body).filter(
    (detail): detail is Record<string, unknown> =>
      typeof detail === "object" && detail !== null && (detail as Record<string, unknown>)["@type"] === `type.googleapis.com/google.rpc.${type}`,
  );
}

// A refused command said above its form: the first rule not met in its own
// words, else the failure as every screen says it.
export function describeRefusal(status: number, body: unknown): UserMessage {
  const refusal = refusalOf(status, body);
  if (refusal.kind === "guard" && refusal.unmet[0]) return unmetOf(refusal.unmet[0]);
  return refusal.kind === "other" ? refusal.failure : describeFailure(status, body);
}

export function refusalOf(status: number, body: unknown, labels: FieldLabels = {}): CommandRefusal {
  if (isStillRunning(status, body)) return { kind: "other", failure: { key: "error.stillRunning", params: {} } };
  if (status === 409 && errorCodeOf(body) === ABORTED) return { kind: "conflict" };
  const unmet = detailsOf(body, "PreconditionFailure").flatMap((detail) =>
    ((detail.violations ?? []) as { type?: string; description?: string }[]).map((v) => ({
      type: v.type ?? "",
      description: v.description ?? "",
    })),
  );
  if (unmet.length > 0) return { kind: "guard", unmet };
  const fields = new Map<string, string>();
  for (const detail of detailsOf(body, "BadRequest"))
    for (const v of (detail.fieldViolations ?? []) as { field?: string; description?: string }[])
      if (!fields.has(v.field ?? "")) fields.set(v.field ?? "", problemText(v.description ?? ""));
  if (status === 400 && fields.size > 0) return { kind: "fields", fields };
  return { kind: "other", failure: describeFailure(status, body, labels) };
}
