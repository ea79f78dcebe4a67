// An API answer that is not a success, said in the user's words: the
// gateway's error body is {code, message, details[]} (gateway/transcoder.h);
// a BadRequest detail names the field at fault.
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "./generated/api.js";
import type { MessageParams } from "./i18n/i18n.js";
import type { MessageKey } from "./i18n/pl.js";

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

// `status` 0 means the request never got an answer (network failure).
export function describeFailure(status: number, body: unknown): UserMessage {
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
      ? { key: "error.badField", params: { field: violation.field, message: violation.description } }
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

// The gRPC code ABORTED: the gateway's answer to a stale expected version.
const ABORTED = 10;

// What a refused write means to its form (every form that writes reads its
// refusal here): a version
// conflict (409 ABORTED: someone changed the case since it was read), the
// unmet conditions of a guard (409 FAILED_PRECONDITION's PreconditionFailure
// violations: the checklist), field errors by JSON path (BadRequest), or
// anything else in the user's words.
export type CommandRefusal =
  | { readonly kind: "conflict" }
  | { readonly kind: "guard"; readonly unmet: readonly { readonly type: string; readonly description: string }[] }
  | { readonly kind: "fields"; readonly fields: ReadonlyMap<string, string> }
  | { readonly kind: "other"; readonly failure: UserMessage };

function detailsOf(body: unknown, type: string): Record<string, unknown>[] {
  return errorDetailsOf(body).filter(
    (detail): detail is Record<string, unknown> =>
      typeof detail === "object" && detail !== null && (detail as Record<string, unknown>)["@type"] === `type.googleapis.com/google.rpc.${type}`,
  );
}

export function refusalOf(status: number, body: unknown): CommandRefusal {
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
      if (!fields.has(v.field ?? "")) fields.set(v.field ?? "", v.description ?? "");
  if (status === 400 && fields.size > 0) return { kind: "fields", fields };
  return { kind: "other", failure: describeFailure(status, body) };
}
