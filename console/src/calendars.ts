// The calendars screen's logic, apart from the page: which calendar feeds a
// role may create (training's rules: a trainer their own calendar, JST staff
// and coordinators a participant's in their scope, everyone a workshop
// group's, the office any and for anyone), the body of POST
// /v1/calendar-feeds, and the subscription address to copy.
import type { Readable, Writable } from "openapi-typescript-helpers";
import type { components } from "./generated/api.js";
import type { Role } from "./roles.js";

export type CalendarFeed = Readable<components["schemas"]["CalendarFeed"]>;
export type FeedRequest = Writable<components["schemas"]["CreateCalendarFeedRequest"]>;
export type FeedKind = Exclude<CalendarFeed["kind"], "CALENDAR_FEED_KIND_UNSPECIFIED" | undefined>;

export const FEED_KINDS: readonly FeedKind[] = ["TRAINER_CALENDAR", "PARTICIPANT_CALENDAR", "GROUP_CALENDAR"];

// The kinds `role` may make a feed of (services/training: who may read
// which calendar).
export function feedKindsFor(role: Role | null): FeedKind[] {
  switch (role) {
    case "ADMIN":
      return [...FEED_KINDS];
    case "TRAINER":
      return ["TRAINER_CALENDAR", "GROUP_CALENDAR"];
    case "JST":
    case "COORDINATOR":
      return ["PARTICIPANT_CALENDAR", "GROUP_CALENDAR"];
    case "EXPERT":
    case "MINISTRY":
      return ["GROUP_CALENDAR"];
    default:
      return [];
  }
}

// What the feed form holds: the calendar, and (the office only) whose
// feed it is.
export interface FeedChoice {
  readonly kind: FeedKind;
  readonly participant: string;
  readonly edition: string;
  readonly group: string;
  readonly trainer: string;
  readonly ownerSubject: string;
  readonly ownerRole: Role | "";
  readonly ownerVoivodeship: string;
  readonly ownerJst: string;
}

export function emptyChoice(kind: FeedKind): FeedChoice {
  return {
    kind,
    participant: "",
    edition: "",
    group: "1",
    trainer: "",
    ownerSubject: "",
    ownerRole: "",
    ownerVoivodeship: "",
    ownerJst: "",
  };
}

// The body of POST /v1/calendar-feeds for the signed-in `role` whose token
// subject is `subject`: a trainer's own calendar is theirs; the office
// names the trainer, and the owner when the feed is for someone else.
export function feedRequest(role: Role | null, subject: string, choice: FeedChoice): FeedRequest {
  const calendar: FeedRequest =
    choice.kind === "PARTICIPANT_CALENDAR"
      ? { kind: choice.kind, participant: choice.participant.trim() }
      : choice.kind === "GROUP_CALENDAR"
        ? { kind: choice.kind, edition: choice.edition, group: /^\d+$/.test(choice.group) ? Number(choice.group) : 0 }
        : { kind: choice.kind, trainer: role === "TRAINER" ? subject : choice.trainer.trim() };
  if (role !== "ADMIN" || choice.ownerSubject.trim() === "") return calendar;
  return {
    ...calendar,
    owner: {
      subject: choice.ownerSubject.trim(),
      role: choice.ownerRole,
      ...(choice.ownerRole === "COORDINATOR" ? { voivodeship: choice.ownerVoivodeship } : {}),
      ...(choice.ownerRole === "JST" ? { jst: choice.ownerJst.trim() } : {}),
    },
  };
}

// The subscription address: the path the API answers once, at creation
// ("/v1/calendar-feeds/<token>.ics"), after the gateway's origin (the
// console's own). "" for anything else.
export function subscriptionUrl(origin: string, path: string | undefined): string {
  return path !== undefined && /^\/v1\/calendar-feeds\/[A-Za-z0-9_-]+\.ics$/.test(path) ? `${origin}${path}` : "";
}

// The form's field an API field path names ("owner.subject" →
// "ownerSubject", "group"); undefined for one it has not.
export function feedFieldOf(path: string): keyof FeedChoice | undefined {
  const names: Record<string, keyof FeedChoice> = {
    kind: "kind",
    participant: "participant",
    edition: "edition",
    group: "group",
    trainer: "trainer",
    owner: "ownerSubject",
    "owner.subject": "ownerSubject",
    "owner.role": "ownerRole",
    "owner.voivodeship": "ownerVoivodeship",
    "owner.jst": "ownerJst",
  };
  return names[path];
}
