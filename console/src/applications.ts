// The applications inbox's logic (components/applications-page.ts,
// application-page.ts): the filters and their address, the office's
// writes (refusals at their fields, a status someone else changed; the
// Idempotency-Key of each submission is submissions.ts').
import type { Readable } from "openapi-typescript-helpers";
import { describeFailure, refusalOf, unmetOf, violationTypesOf, type UserMessage } from "./errors.js";
import type { components } from "./generated/api.js";

export type Application = Readable<components["schemas"]["Application"]>;
export type ApplicationStatus = Exclude<NonNullable<Application["status"]>, "APPLICATION_STATUS_UNSPECIFIED">;
export type JstKind = Exclude<NonNullable<Application["jstKind"]>, "JST_KIND_UNSPECIFIED">;

// Every status and kind the API knows (the compiler refuses one it does not).
export const STATUSES: readonly ApplicationStatus[] = ["SUBMITTED", "QUALIFIED", "WAITLISTED", "REJECTED", "WITHDRAWN"];
export const KINDS: readonly JstKind[] = ["URBAN_COMMUNE", "RURAL_COMMUNE", "URBAN_RURAL_COMMUNE", "COUNTY"];

// The inbox's choices, as kept in the address.
export interface Filters {
  readonly edition: string;
  readonly status: ApplicationStatus | "";
  readonly voivodeship: string;
  readonly kind: JstKind | "";
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | "" {
  return (values as readonly string[]).includes(value ?? "") ? (value as T) : "";
}

// The filters of an address's query; an unknown status, kind or a
// voivodeship that is not two digits is no filter.
export function filtersOf(query: URLSearchParams): Filters {
  const voivodeship = query.get("voivodeship") ?? "";
  return {
    edition: query.get("edition") ?? "",
    status: oneOf(STATUSES, query.get("status")),
    voivodeship: /^\d{2}$/.test(voivodeship) ? voivodeship : "",
    kind: oneOf(KINDS, query.get("kind")),
  };
}

// The API's query of the filters (each left out when it is "any").
export function listQuery(
  filters: Filters,
  pageSize: number,
): { status?: ApplicationStatus; voivodeship?: string; kind?: JstKind; pageSize: number } {
  return {
    pageSize,
    ...(filters.status !== "" ? { status: filters.status } : {}),
    ...(filters.voivodeship !== "" ? { voivodeship: filters.voivodeship } : {}),
    ...(filters.kind !== "" ? { kind: filters.kind } : {}),
  };
}

// A refusal because the application is no longer in a status the action
// allows (FAILED_PRECONDITION STATUS): someone changed it meanwhile.
export function isStale(status: number, body: unknown): boolean {
  return status === 409 && violationTypesOf(body).includes("STATUS");
}

// A failed action in the user's words: a stale status as "someone changed
// this — reload", a rule not met by its own message, anything else as every
// screen says it.
export function describeActionFailure(status: number, body: unknown): UserMessage {
  if (isStale(status, body)) return { key: "applications.stale", params: {} };
  const refusal = refusalOf(status, body);
  return status === 409 && refusal.kind === "guard" && refusal.unmet[0] ? unmetOf(refusal.unmet[0]) : describeFailure(status, body);
}

// The form field a refusal names, when it is one of `fields`; another
// field's refusal is shown above the form.
export function fieldOf<F extends string>(failure: UserMessage | null, fields: readonly F[]): F | undefined {
  if (failure === null || failure.key !== "error.badField") return undefined;
  const field = String(failure.params.field ?? "");
  return (fields as readonly string[]).includes(field) ? (field as F) : undefined;
}

// The actions of the office on an application in `status` (the API's
// rules: qualify and reject from SUBMITTED or WAITLISTED, withdraw from
// anything but WITHDRAWN).
export type Action = "qualify" | "reject" | "withdraw";

export function actionsFor(status: Application["status"]): Action[] {
  const actions: Action[] = [];
  if (status === "SUBMITTED" || status === "WAITLISTED") actions.push("qualify", "reject");
  if (status !== undefined && status !== "WITHDRAWN" && status !== "APPLICATION_STATUS_UNSPECIFIED") actions.push("withdraw");
  return actions;
}

// ---- an application's history (GET /v1/applications/{application}/history)

export type HistoryEntry = Readable<components["schemas"]["ApplicationHistoryEntry"]>;
type Role = "ADMIN" | "COORDINATOR" | "JST";
const ROLES: readonly Role[] = ["ADMIN", "COORDINATOR", "JST"];

// Who made a change, in the user's words: the office names its staff
// member to the office itself (the API gives an office member's subject to
// ADMIN callers only), to everyone else "the programme office"; the others
// their role. `automatic` for a promotion: the service's change, caused by that
// person's action (a withdrawal, a raised capacity, another qualification).
export function actorOf(entry: HistoryEntry): { readonly who: UserMessage; readonly automatic: boolean } {
  const role = oneOf(ROLES, entry.actorRole ?? null);
  const subject = entry.actorSubject ?? "";
  const who: UserMessage =
    role === "ADMIN" && subject !== ""
      ? { key: "applications.history.byOffice", params: { subject } }
      : role === ""
        ? { key: "applications.history.byUnknown", params: {} }
        : { key: `role.${role}`, params: {} };
  return { who, automatic: entry.promotedFromWaitlist ?? false };
}

// The reason the service records for a JST waitlisted because the edition
// is full (services/recruitment, Waitlist).
const EDITION_FULL = "the edition is full";

const PROMOTIONS = {
  AFTER_WITHDRAWAL: "applications.history.promoted.AFTER_WITHDRAWAL",
  AFTER_CAPACITY_RAISED: "applications.history.promoted.AFTER_CAPACITY_RAISED",
  BEFORE_LATER_QUALIFICATION: "applications.history.promoted.BEFORE_LATER_QUALIFICATION",
} as const;

// Why, in the user's words: a promotion by its cause, the service's "the
// edition is full" translated (messages), a reason someone gave (a
// rejection, a withdrawal) as they wrote it (text); null when none.
export function reasonOf(entry: HistoryEntry): UserMessage | string | null {
  if (entry.promotedFromWaitlist) {
    const cause = entry.promotionCause ?? "";
    const key = cause in PROMOTIONS ? PROMOTIONS[cause as keyof typeof PROMOTIONS] : "applications.history.promoted.unknown";
    return { key, params: {} };
  }
  if (entry.toStatus === "WAITLISTED" && entry.reason === EDITION_FULL) return { key: "applications.history.editionFull", params: {} };
  return entry.reason ? entry.reason : null;
}

// The promotion in an application's history (the last one), if any.
export function promotionOf(entries: readonly HistoryEntry[]): HistoryEntry | undefined {
  return entries.filter((entry) => entry.promotedFromWaitlist).pop();
}
