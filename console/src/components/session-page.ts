// A session's attendance sheet (issue 19), for a tablet in a conference
// room: one tap per person (a radio group each: present, late, absent,
// excused), an optional note, saved as one sheet
// (PUT /v1/sessions/{session}/attendance). The people are the session's
// workshop group, by name, from recruitment (GET
// /v1/editions/{edition}/group-participants, audited), held in memory only.
//
// Offline: every change is kept in localStorage at once (attendance.ts:
// session id, participant ids, statuses, notes — never a name) and sent
// when the connection returns (the `online` event, a retry every
// RETRY_MS, a reload), with the Idempotency-Key kept until the answer
// arrives. The sheet says in words what is not yet sent and when the last
// send succeeded; a refusal is shown at the rows it names.
//
// A send whose answer was lost (no answer, a 5xx, no answer within
// SEND_TIMEOUT_MS) is settled first, as it was, before newer changes are
// sent (attendance.ts queued). What is kept belongs to the account that
// made it (the token's subject): another account's unsent marks are never
// sent, only discarded; a sign-out removes every kept sheet (auth.ts). Each
// change re-reads the kept sheet before writing it (another tab may have
// written since), the `storage` event refreshes this tab's copy, and a send
// holds the Web Lock "jstedu-attendance-<session>" so two tabs never send
// at once.
//
// The session's module comes in the address (?module=ID, as the list of
// sessions links it): the API reads a session only among its module's.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { readQuery } from "../address.js";
import { api } from "../api.js";
import {
  STATUSES,
  belongsTo,
  confirmed,
  countFormOf,
  emptyKept,
  errorsByParticipant,
  isStatus,
  marksSent,
  parseKept,
  queued,
  refused,
  shownMarks,
  storageKeyOf,
  updateKept,
  withChange,
  withoutChange,
  type Kept,
  type Mark,
  type Status,
} from "../attendance.js";
import { dataOf, describeFailure, failureOf, refusalOf, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import type { MessageKey } from "../i18n/pl.js";
import { hrefOfScreen } from "../screens.js";
import { StoreController, store } from "../store.js";
import { keepsKey, wasAlreadyApplied } from "../submissions.js";
import { shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";
import {
  areaOf,
  everyPage,
  groupOf,
  loadModule,
  loadSessions,
  moduleName,
  roomOf,
  timeOf,
  type Module,
  type Session,
} from "./training-reads.js";

type Person = Readable<components["schemas"]["GroupParticipant"]>;
type Attendance = Readable<components["schemas"]["Attendance"]>;

const RETRY_MS = 15000;
// A send without an answer by then is given up as of unknown outcome (its
// key kept, sent again): a hanging request never freezes the sheet.
const SEND_TIMEOUT_MS = 20000;
// Statuses that need a recorded declaration (the API refuses them without).
const ATTENDS: readonly Status[] = ["PRESENT", "LATE"];

async function loadPeople(edition: string, workshopGroup: number): Promise<Person[]> {
  const people = await everyPage(async (query) => {
    const data = await dataOf(
      api.GET("/v1/editions/{edition}/group-participants", { params: { path: { edition }, query: { workshopGroup, ...query } } }),
    );
    return { rows: data.participants ?? [], next: data.nextPageToken ?? "" };
  });
  const collator = new Intl.Collator("pl");
  return people.sort(
    (a, b) => collator.compare(a.lastName ?? "", b.lastName ?? "") || collator.compare(a.firstName ?? "", b.firstName ?? ""),
  );
}

async function loadMarks(session: string): Promise<Map<string, Mark>> {
  const attendance = await everyPage(async (query) => {
    const data = await dataOf(api.GET("/v1/sessions/{session}/attendance", { params: { path: { session }, query } }));
    return { rows: data.attendance ?? [], next: data.nextPageToken ?? "" };
  });
  return new Map(marksOf(attendance).map((mark) => [mark.participant, mark]));
}

// The API's marks as the sheet holds them.
function marksOf(attendance: readonly Attendance[]): Mark[] {
  return attendance.flatMap((a) =>
    a.participant && isStatus(a.status) ? [{ participant: a.participant, status: a.status, note: a.note ?? "" }] : [],
  );
}

function readKept(session: string): Kept {
  try {
    return parseKept(globalThis.localStorage?.getItem(storageKeyOf(session)) ?? null, session);
  } catch {
    return emptyKept(session);
  }
}

// Runs `task` holding the session's Web Lock (no other tab sends this
// sheet meanwhile); where Web Locks are missing, runs it as is.
async function underLock(session: string, task: () => Promise<void>): Promise<void> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks === undefined) return task();
  await locks.request(`jstedu-attendance-${session}`, task);
}

@customElement("jst-session-page")
export class SessionPage extends LitElement {
  static override styles = [
    shared,
    css`
      .summary {
        font-size: 1.1rem;
      }
      .status-line {
        border-left: 6px solid #0b3d91;
        background: #eef3fb;
        padding: 0.6rem 1rem;
        margin: 1rem 0;
      }
      .status-line.unsent {
        border-left-color: #8a4b00;
        background: #fff4e0;
      }
      .status-line p {
        margin: 0.2rem 0;
      }
      ul.sheet {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ul.sheet > li {
        border-bottom: 1px solid #767676;
        padding: 0.75rem 0;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
        min-width: 0;
      }
      legend {
        font-weight: 600;
        font-size: 1.1rem;
        padding: 0;
      }
      .jst {
        font-weight: 400;
        color: #1b1b1b;
      }
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin: 0.5rem 0;
      }
      /* A large touch target per choice: the whole label is the radio. */
      .choices label {
        display: inline-flex;
        align-items: center;
        gap: 0.5rem;
        min-height: 48px;
        min-width: 9rem;
        padding: 0 1rem;
        border: 2px solid #5a5a5a;
        border-radius: 6px;
        background: #ffffff;
        cursor: pointer;
        font-size: 1.05rem;
      }
      .choices input {
        width: 1.4rem;
        height: 1.4rem;
        margin: 0;
      }
      .choices label:has(input:checked) {
        border-color: #0b3d91;
        background: #e3ecfa;
        font-weight: 700;
      }
      .choices label:has(input:disabled) {
        border-style: dashed;
        color: #4a4a4a;
        background: #f2f2f2;
        cursor: not-allowed;
      }
      .choices label:has(input:focus-visible) {
        outline: 3px solid #1b1b1b;
        outline-offset: 2px;
        box-shadow: 0 0 0 2px #ffd54f;
      }
      .note {
        display: flex;
        flex-direction: column;
        max-width: 40rem;
      }
      .note input {
        min-height: 44px;
      }
      .hint {
        margin: 0.2rem 0;
      }
      .changed {
        font-style: italic;
      }
      .actions {
        position: sticky;
        bottom: 0;
        background: #ffffff;
        padding: 0.75rem 0;
        border-top: 2px solid #0b3d91;
      }
      .actions button {
        min-height: 48px;
        font-size: 1.1rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property() session = "";
  private readonly moduleId = readQuery().get("module") ?? "";

  @state() private module: Module | null = null;
  @state() private info: Session | null = null;
  @state() private people: Person[] = [];
  @state() private stored = new Map<string, Mark>();
  @state() private kept: Kept = emptyKept("");
  @state() private failure: UserMessage | null = null;
  @state() private sheetProblem: string | null = null;
  @state() private rowProblems = new Map<string, { field: string; message: string }>();
  @state() private online = navigator.onLine;
  // Online, but the last send got no answer or a 5xx: retried by itself.
  @state() private serverTrouble = false;
  @state() private sending = false;
  @state() private notice = "";
  private retryTimer: number | undefined;

  private readonly onOnline = () => {
    this.online = true;
    void this.sendKept();
  };
  private readonly onOffline = () => {
    this.online = false;
  };
  private readonly onStorage = (event: StorageEvent) => {
    if (event.key === storageKeyOf(this.session) || event.key === null) this.kept = readKept(this.session);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
    window.addEventListener("storage", this.onStorage);
    this.retryTimer = window.setInterval(() => void this.sendKept(), RETRY_MS);
    this.kept = readKept(this.session);
    void this.load();
  }

  override disconnectedCallback(): void {
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    window.removeEventListener("storage", this.onStorage);
    window.clearInterval(this.retryTimer);
    super.disconnectedCallback();
  }

  private async load(): Promise<void> {
    if (this.moduleId === "") {
      this.failure = { key: "sheet.noModule", params: {} };
      return;
    }
    try {
      const [module, sessions] = await Promise.all([loadModule(this.moduleId), loadSessions(this.moduleId)]);
      const info = sessions.find((candidate) => candidate.id === this.session);
      if (!info) {
        this.failure = { key: "sheet.notFound", params: {} };
        return;
      }
      const [people, stored] = await Promise.all([
        loadPeople(module.edition ?? "", info.workshopGroup ?? 0),
        loadMarks(this.session),
      ]);
      this.module = module;
      this.info = info;
      this.people = people;
      this.stored = stored;
      // Kept from before (a reload, a lost connection): sent now.
      await this.sendKept();
    } catch (caught) {
      this.failure = failureOf(caught);
    }
  }

  private subject(): string {
    return store.session?.subject ?? "";
  }

  // Changes the kept sheet: read again from storage just before (another
  // tab may have written since), then written at once.
  private keep(update: (kept: Kept) => Kept): void {
    try {
      const storage = globalThis.localStorage;
      this.kept = storage ? updateKept(storage, this.session, update) : update(this.kept);
    } catch {
      // Storage full or refused: the changes stay on screen until sent.
      this.kept = update(this.kept);
    }
  }

  private mark(participant: string, change: Partial<Mark>): void {
    if (!belongsTo(readKept(this.session), this.subject())) return;
    const current = shownMarks(this.stored, this.kept).get(participant);
    const status = change.status ?? current?.status;
    if (!status) return;
    const mark = { participant, status, note: change.note ?? current?.note ?? "" };
    this.keep((kept) => withChange(kept, this.stored, mark, this.subject()));
    this.notice = "";
    this.rowProblems = new Map([...this.rowProblems].filter(([id]) => id !== participant));
  }

  private giveUp(participant: string): void {
    this.keep((kept) => withoutChange(kept, participant));
    this.rowProblems = new Map([...this.rowProblems].filter(([id]) => id !== participant));
  }

  private discardOthers(): void {
    this.keep(() => emptyKept(this.session));
    this.sheetProblem = null;
  }

  // Sends the kept sheet if one is queued (after a reload, on `online`, on
  // the retry timer).
  private async sendKept(): Promise<void> {
    if (this.kept.send !== null && this.info !== null) await this.send();
  }

  // Sends what is kept: first a send whose outcome is unknown, as it was,
  // then the newer changes (at most these two sheets per press).
  private async send(): Promise<void> {
    if (this.sending || this.info === null) return;
    this.sending = true;
    this.sheetProblem = null;
    try {
      await underLock(this.session, async () => {
        for (let sheet = 0; sheet < 2; sheet++) {
          this.kept = readKept(this.session);
          if (!belongsTo(this.kept, this.subject())) return;
          this.keep((kept) => queued(kept, () => crypto.randomUUID()));
          const sent = this.kept.send;
          this.online = navigator.onLine;
          if (sent === null || !this.online) return;
          if (!(await this.sendOne(sent))) return;
        }
      });
    } finally {
      this.sending = false;
    }
  }

  // Sends one sheet; whether it was settled (stored).
  private async sendOne(sent: NonNullable<Kept["send"]>): Promise<boolean> {
    try {
      const { data, error, response } = await api.PUT("/v1/sessions/{session}/attendance", {
        params: { path: { session: this.session } },
        headers: { "Idempotency-Key": sent.key },
        body: JSON.parse(sent.body) as { marks: Mark[] },
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      this.serverTrouble = false;
      if (data) {
        this.settled(sent, marksOf(data.attendance ?? []));
        return true;
      }
      if (wasAlreadyApplied(response.status, error)) {
        // Applied before, its answer lost: what was sent is stored.
        this.settled(sent, marksSent(sent));
        return true;
      }
      this.refusedWith(response.status, error, sent);
      return false;
    } catch {
      // No answer (offline, or none in time): the outcome is unknown, the
      // key kept, sent again by itself.
      this.online = navigator.onLine;
      this.serverTrouble = this.online;
      return false;
    }
  }

  private settled(sent: NonNullable<Kept["send"]>, marks: readonly Mark[]): void {
    const stored = new Map(this.stored);
    for (const mark of marks) stored.set(mark.participant, mark);
    this.stored = stored;
    this.keep((kept) => confirmed(kept, sent, stored, new Date().toISOString()));
    this.rowProblems = new Map();
    this.notice = t("sheet.saved", { count: marks.length });
  }

  private refusedWith(status: number, body: unknown, sent: NonNullable<Kept["send"]>): void {
    if (keepsKey(status, body)) {
      // The outcome is unknown: sent again with its key.
      this.serverTrouble = true;
      return;
    }
    this.keep((kept) => (kept.send?.key === sent.key ? refused(kept) : kept));
    const refusal = refusalOf(status, body);
    if (refusal.kind === "fields") {
      const { rows, other } = errorsByParticipant(refusal.fields, sent);
      this.rowProblems = rows;
      this.sheetProblem = other.length > 0 ? t("sheet.refusedOther", { message: other.join("; ") }) : t("sheet.refused");
      return;
    }
    const failure = refusal.kind === "other" ? refusal.failure : describeFailure(status, body);
    this.sheetProblem = t("sheet.refusedOther", { message: t(failure.key, failure.params) });
  }

  override render() {
    const info = this.info;
    const module = this.module;
    if (info === null || module === null) {
      return html`<h1>${t("screen.session")}</h1>
        ${alertRegion(this.failure)} ${this.failure ? nothing : html`<p role="status">${t("app.loading")}</p>`}`;
    }
    const time = timeOf(info);
    return html`
      <h1>${t("sheet.heading", { time })}</h1>
      <p class="summary">
        ${t("sheet.details", { module: moduleName(module), room: roomOf(module, info.room ?? ""), group: groupOf(info), area: areaOf(info) })}
        · <a href=${hrefOfScreen("module", { module: module.id ?? "" })}>${t("sessions.plan")}</a>
      </p>
      <p>${t("sheet.intro")}</p>
      ${alertRegion(this.failure)} ${this.renderStatus()}
      <form
        aria-label=${t("sheet.heading", { time })}
        @submit=${(e: Event) => {
          e.preventDefault();
          void this.send();
        }}
      >
        <h2 class="visually-hidden">${t("sheet.caption", { count: this.rows().length })}</h2>
        <ul class="sheet">
          ${this.rows().map((row) => this.renderPerson(row))}
        </ul>
        <div class="actions">
          <button type="submit" ?disabled=${this.sending}>${this.sending ? t("sheet.saving") : t("sheet.save")}</button>
        </div>
      </form>
    `;
  }

  // The group's people, then anyone else with a mark or a kept change on
  // this sheet (a person who has left the group since: shown by id, names
  // are not read), so that every unsent change and refusal has its row.
  private rows(): { id: string; person: Person | null }[] {
    const inGroup = new Set(this.people.map((p) => p.participant ?? ""));
    const ids = new Set([...this.stored.keys(), ...this.kept.changes.map((change) => change.participant)]);
    const others = [...ids].filter((id) => !inGroup.has(id)).sort();
    return [...this.people.map((person) => ({ id: person.participant ?? "", person })), ...others.map((id) => ({ id, person: null }))];
  }

  private renderStatus() {
    const unsent = this.kept.changes.length;
    // Queued (saved while offline, or without an answer yet): sent by
    // itself; otherwise the trainer has not pressed save yet.
    const waits =
      this.kept.send === null
        ? "sheet.waitsSave"
        : this.sending
          ? "sheet.waitsSending"
          : !this.online
            ? "sheet.waitsOffline"
            : this.serverTrouble
              ? "sheet.waitsServer"
              : "sheet.waitsRetry";
    if (!belongsTo(this.kept, this.subject())) {
      return html`<div class="status-line unsent" role="status" data-unsent=${unsent} data-foreign="true">
        <p>${t("sheet.foreign", { count: unsent })}</p>
        <button type="button" class="secondary" @click=${() => this.discardOthers()}>${t("sheet.discardForeign")}</button>
      </div>`;
    }
    return html`<div class="status-line ${unsent > 0 ? "unsent" : ""}" role="status" data-unsent=${unsent}>
      ${this.online ? nothing : html`<p><strong>${t("sheet.offline")}</strong></p>`}
      <p>
        ${unsent > 0
          ? `${t(`sheet.unsent.${countFormOf(store.locale, unsent)}` as MessageKey, { count: unsent })}${t(waits)}`
          : t("sheet.allSent")}
      </p>
      <p>${this.kept.sentAt ? t("sheet.lastSent", { time: dateTime(this.kept.sentAt) }) : t("sheet.neverSent")}</p>
      ${this.notice ? html`<p>${this.notice}</p>` : nothing}
      ${this.sheetProblem ? html`<p class="problem">${this.sheetProblem}</p>` : nothing}
    </div>`;
  }

  private renderPerson({ id, person }: { id: string; person: Person | null }) {
    const name = person ? `${person.firstName ?? ""} ${person.lastName ?? ""}` : t("sheet.unknownPerson", { id });
    const locked = !belongsTo(this.kept, this.subject());
    // Another account's unsent marks are not shown as this sheet's.
    const mark = shownMarks(this.stored, locked ? emptyKept(this.session) : this.kept).get(id);
    const changed = !locked && this.kept.changes.some((change) => change.participant === id);
    const problem = this.rowProblems.get(id);
    const problemId = `problem-${id}`;
    const reasonId = `reason-${id}`;
    // Without a recorded declaration the API takes only ABSENT or EXCUSED.
    const noDeclaration = person !== null && !person.declarationRecorded;
    const offered = (status: Status) => !locked && !(noDeclaration && ATTENDS.includes(status));
    return html`<li data-participant=${id}>
      <fieldset aria-describedby=${problem ? problemId : nothing} aria-invalid=${problem ? "true" : nothing}>
        <legend>${name}${person ? html` <span class="jst">· ${person.jstName}</span>` : nothing}</legend>
        <div class="choices">
          ${STATUSES.map((status: Status) =>
            this.renderChoice(id, status, mark?.status === status, offered(status), noDeclaration ? reasonId : ""),
          )}
        </div>
        ${noDeclaration ? html`<p class="hint" id=${reasonId}>${t("sheet.noDeclaration")}</p>` : nothing}
        ${mark ? nothing : html`<p class="hint">${t("sheet.unmarked")}</p>`}

        ${problem ? html`<p class="problem" id=${problemId}>${t("sheet.rowProblem", { message: problem.message })}</p>` : nothing}
      </fieldset>
      <label class="note"
        >${t("sheet.note")}<span class="visually-hidden">: ${name}</span>
        <input
          type="text"
          name="note-${id}"
          maxlength="500"
          .value=${mark?.note ?? ""}
          ?disabled=${mark === undefined || locked}
          @input=${(e: Event) => this.mark(id, { note: (e.target as HTMLInputElement).value })}
      /></label>
      ${changed
        ? html`<p class="hint changed">
            ${t("sheet.changed")}
            <button type="button" class="secondary" ?disabled=${locked} @click=${() => this.giveUp(id)}>
              ${t("sheet.giveUp")}<span class="visually-hidden">: ${name}</span>
            </button>
          </p>`
        : nothing}
    </li>`;
  }

  private renderChoice(id: string, status: Status, checked: boolean, offered: boolean, reasonId: string) {
    return html`<label
      ><input
        type="radio"
        name="mark-${id}"
        value=${status}
        .checked=${checked}
        ?disabled=${!offered}
        aria-describedby=${!offered && reasonId ? reasonId : nothing}
        @change=${() => this.mark(id, { status })}
      />${t(`sheet.status.${status}`)}</label
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-session-page": SessionPage;
  }
}
