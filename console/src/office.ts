// The office's editions screens' logic, apart from the pages: an edition's
// phase from its dates, the edition form's values (recruitment instants
// typed as Warsaw wall-clock times), the create body and the PATCH of what
// changed (its updateMask), the API's field paths mapped to the form's
// fields, and the training settings' form.
import type { Readable, Writable } from "openapi-typescript-helpers";
import { errorCodeOf, refusalOf, unmetLine, type UserMessage } from "./errors.js";
import type { components } from "./generated/api.js";
import type { MessageKey } from "./i18n/pl.js";
import { warsawParts, warsawWallClock } from "./warsaw.js";

export type Edition = Readable<components["schemas"]["Edition"]>;
export type TrainingSettings = Readable<components["schemas"]["TrainingSettings"]>;
export type EditionKind = Exclude<Edition["kind"], "EDITION_KIND_UNSPECIFIED">;
export type ThirdWeekReading = Exclude<TrainingSettings["thirdWeekReading"], "THIRD_WEEK_READING_UNSPECIFIED">;

export const EDITION_KINDS: readonly EditionKind[] = ["PILOT", "ROLLOUT"];
export const THIRD_WEEK_READINGS: readonly ThirdWeekReading[] = ["DAYS_15_TO_21", "THIRD_MONDAY_WEEK"];

// ------------------------------------------------------------- refusals

// A refusal's field errors (errors.ts refusalOf: JSON path → the API's
// words) by the form's own field names; a path the form has not is left
// out (undefined from `fieldOf`), the first error of a field kept.
export function fieldProblems<F>(fields: ReadonlyMap<string, string>, fieldOf: (path: string) => F | undefined): Map<F, string> {
  const problems = new Map<F, string>();
  for (const [path, description] of fields) {
    const field = fieldOf(path);
    if (field !== undefined && !problems.has(field)) problems.set(field, description);
  }
  return problems;
}

// What a form shows of a refused write: the field errors at the fields it
// has, and in its alert everything else in the user's words (a version
// conflict as `staleKey`; a guard's unmet conditions; field errors of
// fields the form has not).
export interface FormRefusal<F> {
  readonly problems: ReadonlyMap<F, string>;
  readonly message: UserMessage | null;
  readonly stale: boolean;
}

const ALREADY_EXISTS = 6;

export function formRefusalOf<F>(
  status: number,
  body: unknown,
  fieldOf: (path: string) => F | undefined,
  staleKey: MessageKey,
): FormRefusal<F> {
  const refusal = refusalOf(status, body);
  switch (refusal.kind) {
    case "conflict":
      return { problems: new Map(), message: { key: staleKey, params: {} }, stale: true };
    case "guard":
      return {
        problems: new Map(),
        message: { key: "error.badRequest", params: { message: unmetLine(refusal.unmet) } },
        stale: false,
      };
    case "fields": {
      const problems = fieldProblems(refusal.fields, fieldOf);
      const elsewhere = [...refusal.fields].filter(([path]) => fieldOf(path) === undefined);
      const message =
        elsewhere.length === 0
          ? null
          : { key: "error.badRequest" as const, params: { message: elsewhere.map(([path, d]) => `${path}: ${d}`).join("; ") } };
      return { problems, message, stale: false };
    }
    default:
      return { problems: new Map(), message: refusal.failure, stale: false };
  }
}

// Whether a create was refused because the key it names is taken (409
// ALREADY_EXISTS: an edition with that code exists).
export function isTaken(status: number, body: unknown): boolean {
  return status === 409 && errorCodeOf(body) === ALREADY_EXISTS;
}

// ------------------------------------------------------------------ phase

// Where an edition is now: recruitment not yet open, open, closed before
// the edition ends, or the edition over.
export type EditionPhase = "BEFORE_RECRUITMENT" | "RECRUITING" | "AFTER_RECRUITMENT" | "ENDED";

// `now` an instant, `today` the civil date in Warsaw (editions.ts's
// todayInWarsaw(now)).
export function editionPhase(edition: Edition, now: Date, today: string): EditionPhase {
  if (edition.endsOn !== "" && today > edition.endsOn) return "ENDED";
  const opens = Date.parse(edition.recruitmentOpensAt);
  const closes = Date.parse(edition.recruitmentClosesAt);
  if (now.getTime() < opens) return "BEFORE_RECRUITMENT";
  if (now.getTime() < closes) return "RECRUITING";
  return "AFTER_RECRUITMENT";
}

// ------------------------------------------------------- Warsaw wall clock

// Warsaw's offset from UTC at `instant`, in milliseconds.
function warsawOffset(instant: number): number {
  return warsawWallClock(instant) - Math.floor(instant / 1000) * 1000;
}

// An instant as <input type="datetime-local"> shows it in Warsaw
// ("2027-03-01T09:00"); "" for none.
export function warsawLocalOf(instant: string): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return "";
  const p = warsawParts(time);
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, "0");
  return `${String(p["year"] ?? 0).padStart(4, "0")}-${two(p["month"])}-${two(p["day"])}T${two(p["hour"])}:${two(p["minute"])}`;
}

// A Warsaw wall-clock time ("2027-03-01T09:00") as the instant the API
// reads (RFC 3339 in UTC); "" when it is not one. In the autumn hour that
// occurs twice, the earlier instant; a spring time that does not exist
// moves forward by the hour skipped.
export function instantOfWarsawLocal(local: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return "";
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const day = 24 * 3600_000;
  const before = warsawOffset(wall - day);
  const candidates = [wall - before, wall - warsawOffset(wall + day)].sort((a, b) => a - b);
  const instant = candidates.find((c) => warsawOffset(c) === wall - c) ?? wall - before;
  return new Date(instant).toISOString().replace(".000Z", "Z");
}

// ------------------------------------------------------------ the form

// The edition form's values as typed (numbers as text, recruitment
// instants as Warsaw wall-clock times).
export interface EditionForm {
  readonly code: string;
  readonly name: string;
  readonly kind: EditionKind | "";
  readonly capacity: string;
  readonly minRepresentatives: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly recruitmentOpensAt: string;
  readonly recruitmentClosesAt: string;
}

export type EditionField = keyof EditionForm;

export const EMPTY_EDITION_FORM: EditionForm = {
  code: "",
  name: "",
  kind: "",
  capacity: "",
  minRepresentatives: "3",
  startsOn: "",
  endsOn: "",
  recruitmentOpensAt: "",
  recruitmentClosesAt: "",
};

export function editionFormOf(edition: Edition): EditionForm {
  return {
    code: edition.code,
    name: edition.name,
    kind: edition.kind === "EDITION_KIND_UNSPECIFIED" ? "" : edition.kind,
    capacity: String(edition.capacity),
    minRepresentatives: String(edition.minRepresentatives),
    startsOn: edition.startsOn,
    endsOn: edition.endsOn,
    recruitmentOpensAt: warsawLocalOf(edition.recruitmentOpensAt),
    recruitmentClosesAt: warsawLocalOf(edition.recruitmentClosesAt),
  };
}

// A whole number as typed; 0 (which the API refuses, naming the field) for
// anything else, so that the server stays the judge.
function wholeNumber(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : 0;
}

type EditionBody = Writable<components["schemas"]["Edition"]>;

// The body of POST /v1/editions.
export function editionBody(form: EditionForm): EditionBody {
  return {
    code: form.code.trim(),
    name: form.name,
    kind: form.kind === "" ? "EDITION_KIND_UNSPECIFIED" : form.kind,
    capacity: wholeNumber(form.capacity),
    minRepresentatives: wholeNumber(form.minRepresentatives),
    startsOn: form.startsOn,
    endsOn: form.endsOn,
    recruitmentOpensAt: instantOfWarsawLocal(form.recruitmentOpensAt),
    recruitmentClosesAt: instantOfWarsawLocal(form.recruitmentClosesAt),
  };
}

const UPDATABLE: readonly Exclude<EditionField, "code">[] = [
  "name",
  "kind",
  "capacity",
  "minRepresentatives",
  "startsOn",
  "endsOn",
  "recruitmentOpensAt",
  "recruitmentClosesAt",
];

export interface EditionPatch {
  // Only the changed fields (and the code the path names).
  readonly body: Partial<EditionBody>;
  // Their JSON names, comma-separated, as the API's updateMask reads them.
  readonly updateMask: string;
  // The version of the edition the form was filled from: the API refuses
  // the PATCH (409 ABORTED) when someone changed the edition since.
  readonly expectedVersion: string;
}

// The fields the form changed in `edition`.
function changedFields(edition: Edition, form: EditionForm): Exclude<EditionField, "code">[] {
  const before = editionFormOf(edition);
  return UPDATABLE.filter((field) => form[field] !== before[field]);
}

// The PATCH of what the form changed in `edition`; null when nothing did.
export function editionPatch(edition: Edition, form: EditionForm): EditionPatch | null {
  const changed = changedFields(edition, form);
  if (changed.length === 0) return null;
  const whole = editionBody(form);
  const body: Record<string, unknown> = {};
  for (const field of changed) body[field] = whole[field];
  return { body: body as Partial<EditionBody>, updateMask: changed.join(","), expectedVersion: edition.version ?? "0" };
}

// The form after a version conflict's reload: the edition as read again
// (`fresh`), with what the user changed in the form filled from `before`
// kept over it, so that saving again sends only the user's changes and
// never puts back what someone else changed meanwhile.
export function editionFormReloaded(before: Edition, form: EditionForm, fresh: Edition): EditionForm {
  const reloaded: Record<EditionField, string> = { ...editionFormOf(fresh) };
  for (const field of changedFields(before, form)) reloaded[field] = form[field];
  return reloaded as EditionForm;
}

// The form's field an API field path names ("edition.capacity",
// "capacity"); undefined for one the form has not.
export function editionFieldOf(path: string): EditionField | undefined {
  const name = path.startsWith("edition.") ? path.slice("edition.".length) : path;
  return (Object.keys(EMPTY_EDITION_FORM) as EditionField[]).find((field) => field === name);
}

// ------------------------------------------------------ training settings

export interface SettingsForm {
  readonly didacticHourMinutes: string;
  readonly sessionMinutes: string;
  readonly completionPercent: string;
  readonly moduleCount: string;
  readonly taskDueDaysBefore: string;
  readonly thirdWeekReading: ThirdWeekReading | "";
}

export type SettingsField = keyof SettingsForm;

// The settings every edition starts from (the API's defaults, proto
// TrainingSettings), the reading of the third week left to choose.
export const DEFAULT_SETTINGS_FORM: SettingsForm = {
  didacticHourMinutes: "45",
  sessionMinutes: "90",
  completionPercent: "80",
  moduleCount: "5",
  taskDueDaysBefore: "7",
  thirdWeekReading: "",
};

// The numeric settings in the form's order, each with its allowed range
// (proto TrainingSettings), for the labels and the inputs' bounds.
export const NUMERIC_SETTINGS: readonly { readonly field: Exclude<SettingsField, "thirdWeekReading">; readonly min: number; readonly max: number }[] = [
  { field: "didacticHourMinutes", min: 30, max: 120 },
  { field: "sessionMinutes", min: 15, max: 480 },
  { field: "completionPercent", min: 1, max: 100 },
  { field: "moduleCount", min: 1, max: 20 },
  { field: "taskDueDaysBefore", min: 0, max: 90 },
];

export function settingsFormOf(settings: TrainingSettings): SettingsForm {
  return {
    didacticHourMinutes: String(settings.didacticHourMinutes ?? 45),
    sessionMinutes: String(settings.sessionMinutes ?? 90),
    completionPercent: String(settings.completionPercent ?? 80),
    moduleCount: String(settings.moduleCount ?? 5),
    taskDueDaysBefore: String(settings.taskDueDaysBefore ?? 0),
    thirdWeekReading: settings.thirdWeekReading === "THIRD_WEEK_READING_UNSPECIFIED" ? "" : settings.thirdWeekReading,
  };
}

// The body of PUT /v1/editions/{edition}/training-settings. A number not
// typed as one goes as -1, which the API refuses naming the field (0 would
// silently take the default).
export function settingsBody(edition: string, form: SettingsForm): Writable<components["schemas"]["TrainingSettings"]> {
  const number = (text: string) => (/^\s*\d+\s*$/.test(text) ? Number(text) : -1);
  return {
    edition,
    didacticHourMinutes: number(form.didacticHourMinutes),
    sessionMinutes: number(form.sessionMinutes),
    completionPercent: number(form.completionPercent),
    moduleCount: number(form.moduleCount),
    taskDueDaysBefore: number(form.taskDueDaysBefore),
    thirdWeekReading: form.thirdWeekReading === "" ? "THIRD_WEEK_READING_UNSPECIFIED" : form.thirdWeekReading,
  };
}

// The form's field an API field path names ("settings.sessionMinutes").
export function settingsFieldOf(path: string): SettingsField | undefined {
  const name = path.startsWith("settings.") ? path.slice("settings.".length) : path;
  return (Object.keys(DEFAULT_SETTINGS_FORM) as SettingsField[]).find((field) => field === name);
}

// ------------------------------------------------------ indicator targets

// A target as the API writes it ("92.5") as typed in Polish ("92,5").
export function textOfTarget(target: string): string {
  return target.replace(".", ",");
}

// A target as typed ("92,5", " 450 ") as the API reads it ("92.5"); the
// API judges the rest (at most 2 places, >= 0; "" removes the edition's own).
export function targetOfText(text: string): string {
  return text.trim().replace(/\s/g, "").replace(",", ".");
}
