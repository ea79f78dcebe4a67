// A session's attendance sheet (components/session-page.ts): the marks
// changed on this device and not yet confirmed by the API, kept in the
// browser so that they survive a lost connection or a reload, and sent as
// one sheet (PUT /v1/sessions/{session}/attendance) with an
// Idempotency-Key kept until the answer arrives (submissions.ts).
//
// What is kept is the session's id and, per participant id, the status and
// the note: never a name (names are personal data; the screen reads them
// from recruitment each time and keeps them in memory only).
import { submissionFor, type Submission } from "./submissions.js";

export const STATUSES = ["PRESENT", "LATE", "ABSENT", "EXCUSED"] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(value: unknown): value is Status {
  return (STATUSES as readonly unknown[]).includes(value);
}

export interface Mark {
  readonly participant: string;
  readonly status: Status;
  readonly note: string;
}

// What the browser keeps for one session.
export interface Kept {
  readonly session: string;
  // The subject (token `sub`) of the account that made the changes: only
  // that account sends them ("" nothing kept yet).
  readonly owner: string;
  // Marks changed here and not yet confirmed, one per participant.
  readonly changes: readonly Mark[];
  // The sheet being sent (or to send again), with its key, until an answer.
  readonly send: Submission | null;
  // When the API last confirmed a sheet of this session ("" never).
  readonly sentAt: string;
}

export function emptyKept(session: string, owner = ""): Kept {
  return { session, owner, changes: [], send: null, sentAt: "" };
}

// Whether anything is waiting to be sent.
function hasUnsent(kept: Kept): boolean {
  return kept.changes.length > 0 || kept.send !== null;
}

// Whether `subject` may send (and change) what is kept: it made the
// changes, or nothing is waiting. Another account's unsent marks on a
// shared tablet are never sent under this one's name.
export function belongsTo(kept: Kept, subject: string): boolean {
  return !hasUnsent(kept) || kept.owner === subject;
}

export function sameMark(a: Mark | undefined, b: Mark | undefined): boolean {
  return a !== undefined && b !== undefined && a.participant === b.participant && a.status === b.status && a.note === b.note;
}

// The sheet after a change made here by `owner`: a mark equal to the
// stored one is no longer a change — unless a send's outcome is unknown
// (the server may hold the sent mark, not the stored one), when every
// tapped mark stays a change until the send is settled.
export function withChange(kept: Kept, stored: ReadonlyMap<string, Mark>, mark: Mark, owner = kept.owner): Kept {
  const others = kept.changes.filter((change) => change.participant !== mark.participant);
  const noChange = kept.send === null && sameMark(stored.get(mark.participant), mark);
  return { ...kept, owner, changes: noChange ? others : [...others, mark] };
}

// The sheet without the change of `participant` (a row the trainer gives up).
export function withoutChange(kept: Kept, participant: string): Kept {
  return { ...kept, changes: kept.changes.filter((change) => change.participant !== participant) };
}

// The marks shown: those stored, overlaid with the changes made here.
export function shownMarks(stored: ReadonlyMap<string, Mark>, kept: Kept): Map<string, Mark> {
  const shown = new Map(stored);
  for (const change of kept.changes) shown.set(change.participant, change);
  return shown;
}

// The body of the sheet to send: the changed rows, by participant id (so
// that the same changes are the same body, and keep their key).
export function sheetOf(kept: Kept): { marks: Mark[] } {
  const marks = [...kept.changes].sort((a, b) => (a.participant < b.participant ? -1 : a.participant > b.participant ? 1 : 0));
  return { marks: marks.map(({ participant, status, note }) => ({ participant, status, note })) };
}

// The sheet to send next: a send already queued is settled first, as it
// was (the same body under the same Idempotency-Key: the gateway or the
// service answers it without applying it twice); only then are the newer
// changes sent, as a new sheet with a fresh key.
export function queued(kept: Kept, fresh: () => string): Kept {
  if (kept.send !== null) return kept;
  if (kept.changes.length === 0) return kept;
  return { ...kept, send: submissionFor(null, kept.session, sheetOf(kept), fresh) };
}

// The marks a send carried.
export function marksSent(sent: Submission): Mark[] {
  return (JSON.parse(sent.body) as { marks: Mark[] }).marks;
}

// After the API confirmed `sent` (its answer, or REQUEST_ALREADY_APPLIED:
// then the marks sent): `stored` is every stored mark now; a change equal
// to its stored mark is no longer one (a mark changed again meanwhile
// stays one), the send is done.
export function confirmed(kept: Kept, sent: Submission, stored: ReadonlyMap<string, Mark>, at: string): Kept {
  return {
    ...kept,
    changes: kept.changes.filter((change) => !sameMark(stored.get(change.participant), change)),
    send: kept.send?.key === sent.key ? null : kept.send,
    sentAt: at,
  };
}

// After a refusal: nothing was stored; the changes stay, to be corrected.
export function refused(kept: Kept): Kept {
  return { ...kept, send: null };
}

// A refusal's field paths ("marks[3].status") at the participants of the
// rows they name in the sheet sent; other fields are the sheet's own.
export function errorsByParticipant(
  fields: ReadonlyMap<string, string>,
  sent: Submission,
): { readonly rows: Map<string, { field: string; message: string }>; readonly other: string[] } {
  const marks = marksSent(sent);
  const rows = new Map<string, { field: string; message: string }>();
  const other: string[] = [];
  for (const [path, message] of fields) {
    const match = /^marks\[(\d+)\]\.(\w+)$/.exec(path);
    const mark = match ? marks[Number(match[1])] : undefined;
    if (match && mark) rows.set(mark.participant, { field: match[2] ?? "", message });
    else other.push(`${path}: ${message}`);
  }
  return { rows, other };
}

// ---- what is kept in localStorage

export function storageKeyOf(session: string): string {
  return `jstedu.console.attendance.${session}`;
}

export function serialise(kept: Kept): string {
  return JSON.stringify(kept);
}

// The kept sheet read back: only what this module writes (a session id,
// participant ids, statuses, notes, a key and its body, a time); anything
// else, or another session's, reads as nothing kept.
export function parseKept(text: string | null, session: string): Kept {
  const empty = emptyKept(session);
  if (text === null) return empty;
  try {
    const value = JSON.parse(text) as Partial<Kept>;
    if (value.session !== session || !Array.isArray(value.changes)) return empty;
    const changes = value.changes
      .filter((m) => typeof m?.participant === "string" && isStatus(m.status) && typeof m.note === "string")
      .map(({ participant, status, note }) => ({ participant, status, note }));
    const send = value.send;
    const validSend =
      send && typeof send.key === "string" && send.target === session && typeof send.body === "string"
        ? { key: send.key, target: send.target, body: send.body }
        : null;
    return {
      session,
      owner: typeof value.owner === "string" ? value.owner : "",
      changes,
      send: validSend,
      sentAt: typeof value.sentAt === "string" ? value.sentAt : "",
    };
  } catch {
    return empty;
  }
}

// The kept sheet of `session` in `storage` changed by `update`, read again
// just before and written at once: another tab's changes written since this
// one last read are kept, never overwritten by a stale copy.
export type KeptStorage = Pick<Storage, "getItem" | "setItem">;

export function updateKept(storage: KeptStorage, session: string, update: (kept: Kept) => Kept): Kept {
  const next = update(parseKept(storage.getItem(storageKeyOf(session)), session));
  storage.setItem(storageKeyOf(session), serialise(next));
  return next;
}

// Every sheet kept in `storage` (under storageKeyOf), with its storage key.
export type DeviceStorage = Pick<Storage, "getItem" | "removeItem" | "key" | "length">;

function keptKeysOf(storage: DeviceStorage): string[] {
  const prefix = storageKeyOf("");
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null && key.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

// How many unsent changes this device holds, of every session and account
// (what a sign-out would lose).
export function unsentOnDevice(storage: DeviceStorage): number {
  const prefix = storageKeyOf("");
  return keptKeysOf(storage)
    .map((key) => parseKept(storage.getItem(key), key.slice(prefix.length)))
    .reduce((count, kept) => count + Math.max(kept.changes.length, kept.send ? marksSent(kept.send).length : 0), 0);
}

// Removes every kept sheet (at sign-out: nothing of an account, notes
// included, stays readable on a shared device).
export function forgetKept(storage: DeviceStorage): void {
  for (const key of keptKeysOf(storage)) storage.removeItem(key);
}

// The plural form of a count of changes in `locale` ("1 zmiana", "3
// zmiany", "5 zmian"): English has only one and many.
export type CountForm = "one" | "few" | "many";
export function countFormOf(locale: string, count: number): CountForm {
  const category = new Intl.PluralRules(locale).select(count);
  return category === "one" ? "one" : category === "few" ? "few" : "many";
}
