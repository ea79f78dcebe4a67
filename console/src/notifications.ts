// The notifications screen's logic, apart from the page
// (components/notifications-page.ts, notification-preferences.ts,
// account-contact.ts): the kinds and which the programme's rules require,
// the states, whom a person reference names and how the list shows them,
// the filters and their address, the list's query, the preferences form
// and its body, and a failed notification's reason in the user's words
// (services/notifications, proto jstedu/notifications/v1).
import type { Readable, Writable } from "openapi-typescript-helpers";
import type { components } from "./generated/api.js";
import { codeLabel, type Locale, type MessageParams } from "./i18n/i18n.js";
import type { MessageKey } from "./i18n/pl.js";
import type { Role } from "./roles.js";

export type Notification = Readable<components["schemas"]["Notification"]>;
export type Preferences = Readable<components["schemas"]["Preferences"]>;
export type PreferencesRequest = Writable<components["schemas"]["SetPreferencesRequest"]>;
export type AccountContact = Readable<components["schemas"]["AccountContact"]>;
export type Kind = Exclude<NonNullable<Notification["kind"]>, "KIND_UNSPECIFIED">;
export type State = Exclude<NonNullable<Notification["state"]>, "STATE_UNSPECIFIED">;

// Every kind, in the proto's order (the order the settings list them in).
export const KINDS: readonly Kind[] = [
  "JST_QUALIFIED",
  "JST_WAITLISTED",
  "DECLARATIONS_MISSING_10D",
  "DECLARATIONS_MISSING_3D",
  "MODULE_PROGRAMME",
  "SIGNUP_DEADLINE_48H",
  "SIGNUP_DEADLINE_4H",
  "TASK_DUE_SOON",
  "TASK_OVERDUE",
  "STAGE_DUE_SOON",
  "STAGE_OVERDUE",
  "HANDOVER",
  "WEEKLY_DIGEST",
];

// The kinds the programme's rules oblige the office to send: nobody can
// opt out of them (the API refuses them in `optedOut`). The API's
// `kinds[].required` says the same; this list keeps a required kind out of
// a request whatever the form holds.
export const REQUIRED_KINDS: readonly Kind[] = [
  "JST_QUALIFIED",
  "JST_WAITLISTED",
  "DECLARATIONS_MISSING_10D",
  "DECLARATIONS_MISSING_3D",
  "MODULE_PROGRAMME",
  "HANDOVER",
];

export function isKind(value: unknown): value is Kind {
  return typeof value === "string" && (KINDS as readonly string[]).includes(value);
}

export function isRequiredKind(kind: string): boolean {
  return (REQUIRED_KINDS as readonly string[]).includes(kind);
}

// A kind in words, as a list or a form names it: its code's one label
// (i18n/codes.ts, lower-case for sentences) with a capital.
export function kindLabel(locale: Locale, kind: string): string {
  const label = codeLabel(locale, kind);
  return label.charAt(0).toLocaleUpperCase(locale) + label.slice(1);
}

// The states the list filters by, in the order the filter offers them.
export const STATES: readonly State[] = ["FAILED", "SCHEDULED", "SENDING", "SENT", "SKIPPED", "EXPIRED", "CANCELLED"];

export function isState(value: unknown): value is State {
  return typeof value === "string" && (STATES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------- people

export type PersonKind = "participant" | "jst-contact" | "expert" | "trainer" | "coordinator";

export interface PersonRef {
  readonly kind: PersonKind;
  readonly id: string;
}

// The person a reference names ("participant:<id>", "jst-contact:<application
// id>", "expert:<id>", "trainer:<subject>", "coordinator:<subject>"); null
// for anything else. The API checks the id itself (a UUID, a subject).
export function parsePerson(reference: string): PersonRef | null {
  const match = /^(participant|jst-contact|expert|trainer|coordinator):(\S+)$/.exec(reference.trim());
  if (!match) return null;
  return { kind: match[1] as PersonKind, id: match[2] ?? "" };
}

// An id as short as a person can still tell apart on a screen: a UUID's
// first 8 hex digits; anything else (a trainer's or a coordinator's sign-in
// subject) whole.
export function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id.slice(0, 8) : id;
}

export interface PersonWords {
  readonly key: MessageKey;
  readonly params: MessageParams;
}

const PERSON_KEYS: Readonly<Record<PersonKind, MessageKey>> = {
  participant: "notifications.person.participant",
  "jst-contact": "notifications.person.contact",
  expert: "notifications.person.expert",
  trainer: "notifications.person.trainer",
  coordinator: "notifications.person.coordinator",
};

// A recipient as the list shows them: "Ty" for the signed-in user's own
// reference `own` ("" when they have none), else who they are and a short
// id ("Uczestnik 3f2b1c4d", "Trener trener-1", "Koordynator koordynator-24");
// a reference the console does not know as it is.
export function personWords(reference: string, own: string): PersonWords {
  if (own !== "" && reference === own) return { key: "notifications.person.you", params: {} };
  const person = parsePerson(reference);
  if (person === null) return { key: "notifications.person.other", params: { reference } };
  return { key: PERSON_KEYS[person.kind], params: { id: shortId(person.id) } };
}

// The signed-in user's own reference where the console knows it without
// asking: a trainer is "trainer:<subject>", a coordinator
// "coordinator:<subject>". An expert's is their registry id, which only the
// API knows (the person of their own preferences).
export function ownPersonOf(role: Role | null, subject: string): string {
  if (subject === "") return "";
  if (role === "TRAINER") return `trainer:${subject}`;
  if (role === "COORDINATOR") return `coordinator:${subject}`;
  return "";
}

// -------------------------------------------------------------- the list

// An instant of the API, or "" for none: left out, or the Unix epoch, which
// is how proto3 JSON prints a Timestamp present but never set (the
// service answers `sentTime` "1970-01-01T00:00:00Z" for a notification
// not sent).
export function instantOf(value: string | undefined): string {
  if (value === undefined || value === "") return "";
  const time = Date.parse(value);
  return Number.isNaN(time) || time === 0 ? "" : value;
}

export interface NotificationFilters {
  readonly state: State | "";
  readonly person: string;
}

export const NO_FILTERS: NotificationFilters = { state: "", person: "" };

// The filters of an address's query; an unknown state is no filter.
export function filtersOf(query: URLSearchParams): NotificationFilters {
  const state = query.get("state") ?? "";
  return { state: isState(state) ? state : "", person: (query.get("person") ?? "").trim() };
}

// The address's query of the filters (address.ts writeQuery).
export function addressOf(filters: NotificationFilters): Record<string, string> {
  return { state: filters.state, person: filters.person.trim() };
}

export interface ListQuery {
  readonly language: Locale;
  readonly pageSize: number;
  readonly state?: State;
  readonly person?: string;
  readonly pageToken?: string;
}

// GET /v1/notifications's query: the titles in the user's language, a
// filter only where one is chosen, the page after `pageToken`.
export function listQuery(filters: NotificationFilters, language: Locale, pageSize: number, pageToken = ""): ListQuery {
  const person = filters.person.trim();
  return {
    language,
    pageSize,
    ...(filters.state !== "" ? { state: filters.state } : {}),
    ...(person !== "" ? { person } : {}),
    ...(pageToken !== "" ? { pageToken } : {}),
  };
}

// Whether a role may name whose notifications it lists (the others see
// only their own: an expert's and a trainer's scope is themself).
export function mayFilterByPerson(role: Role | null): boolean {
  return role === "ADMIN" || role === "COORDINATOR" || role === "JST";
}

// ----------------------------------------------------- why one went wrong

export interface ProblemWords {
  readonly key: MessageKey;
  readonly params: MessageParams;
}

// A notification's `problem` (the sender's reason, English, never an
// address: services/notifications/store/sender.cc) in the catalogue's
// words; a reason the console does not know (a mail server's reply) is
// "notifications.problem.other" with its text.
const PROBLEMS: readonly { pattern: RegExp; key: MessageKey; params?: (m: RegExpExecArray) => MessageParams }[] = [
  { pattern: /^no e-mail address on record$/, key: "notifications.problem.noAddress" },
  { pattern: /^the person opted out of this kind$/, key: "notifications.problem.optedOut" },
  {
    pattern: /^the address could not be read \(([A-Z_]+)\)$/,
    key: "notifications.problem.addressUnreadable",
    params: (m) => ({ code: m[1] ?? "" }),
  },
  {
    pattern: /^gave up after (\d+) attempts: (.*)$/s,
    key: "notifications.problem.gaveUp",
    params: (m) => ({ attempts: Number(m[1]), text: m[2] ?? "" }),
  },
  { pattern: /^the message could not be composed: (.*)$/s, key: "notifications.problem.compose", params: (m) => ({ text: m[1] ?? "" }) },
];

export function problemWords(problem: string): ProblemWords {
  for (const { pattern, key, params } of PROBLEMS) {
    const match = pattern.exec(problem);
    if (match) return { key, params: params ? params(match) : {} };
  }
  return { key: "notifications.problem.other", params: { text: problem } };
}

// --------------------------------------------------------- preferences

// Whose preferences a role works with on this screen: an expert, a trainer
// and a coordinator their own (the API's empty `person`); the office
// anyone's and a JST its own people's, named; a coordinator also reads its
// voivodeship's people's, named.
export function ownPreferences(role: Role | null): boolean {
  return role === "EXPERT" || role === "TRAINER" || role === "COORDINATOR";
}

export function mayNamePreferences(role: Role | null): boolean {
  return role === "ADMIN" || role === "JST" || role === "COORDINATOR";
}

// Whether a role may change the preferences it works with: everyone their
// own; the office and a JST the people they name, a coordinator nobody's
// but its own (the API refuses it another person's).
export function mayChangePreferences(role: Role | null, own: boolean): boolean {
  return own ? ownPreferences(role) : role === "ADMIN" || role === "JST";
}

// What the preferences form holds: the language ("" until one is chosen),
// the optional kinds the person can receive (as the API lists them) and
// those of them they want (every one not opted out).
export interface PreferencesDraft {
  readonly language: "pl" | "en" | "";
  readonly offered: readonly Kind[];
  readonly wanted: ReadonlySet<Kind>;
}

// The form of the API's answer: the language chosen (none yet: ""), each
// optional kind the API lists wanted unless opted out.
export function draftOf(preferences: Preferences): PreferencesDraft {
  const language = preferences.language === "pl" || preferences.language === "en" ? preferences.language : "";
  const optional = kindRowsOf(preferences).filter((row) => !row.required);
  return {
    language,
    offered: optional.map((row) => row.kind),
    wanted: new Set(optional.filter((row) => !row.optedOut).map((row) => row.kind)),
  };
}

export interface KindRow {
  readonly kind: Kind;
  readonly required: boolean;
  readonly optedOut: boolean;
}

// The kinds the API lists for the person — only those they can receive (a
// coordinator the weekly digest alone, anyone else every kind but it) —
// with whether each is required and opted out, in KINDS order; a kind the
// console does not know is left out.
export function kindRowsOf(preferences: Preferences): KindRow[] {
  const answered = new Map((preferences.kinds ?? []).map((choice) => [choice.kind ?? "", choice]));
  return KINDS.filter((kind) => answered.has(kind)).map((kind) => {
    const choice = answered.get(kind);
    return {
      kind,
      required: choice?.required ?? isRequiredKind(kind),
      optedOut: choice?.optedOut ?? (preferences.optedOut ?? []).includes(kind),
    };
  });
}

// The body of PUT /v1/notification-preferences: the person named (none for
// one's own), the language, and every optional kind offered but not
// wanted. A required kind, or one the person cannot receive, is never sent
// as opted out (the API refuses both), whatever the form holds.
export function preferencesRequest(person: string, draft: PreferencesDraft): PreferencesRequest {
  return {
    ...(person.trim() !== "" ? { person: person.trim() } : {}),
    language: draft.language,
    optedOut: draft.offered.filter((kind) => !isRequiredKind(kind) && !draft.wanted.has(kind)),
  };
}

export type PreferencesField = "person" | "language" | "optedOut";

// The form's field an API field path names; undefined for another.
export function preferencesFieldOf(path: string): PreferencesField | undefined {
  return path === "person" || path === "language" || path === "optedOut" ? path : undefined;
}

// --------------------------------------------------------- the address

// The body of PUT /v1/account-contact: one's own address (no subject), as
// typed without surrounding spaces; the API checks it.
export function contactRequest(email: string): { email: string } {
  return { email: email.trim() };
}

export function contactFieldOf(path: string): "email" | undefined {
  return path === "email" ? "email" : undefined;
}
