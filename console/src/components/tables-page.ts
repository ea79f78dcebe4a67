// Expert tables (issue 24, docs/programme-parts.md part 2): the edition and
// module chosen (kept in the address), the module's tables with their slots
// (Warsaw time, free places) and bookings, and where the role may
// (tables.ts): the office sets a table up; the office and the table's own
// expert open slots; the office, a coordinator and a JST book a slot for
// an official (a JST its own, the others a JST's by TERYT code) and cancel
// a booking. A rule the API refuses (a full slot, an official already
// booked or busy in a session then) is said in its own words.
import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { api, everyPage } from "../api.js";
import { ordinals, readsNames } from "../communities.js";
import { dataOf, describeRefusal, failureOf, refusalOf, type UserMessage } from "../errors.js";
import {
  TABLE_TOPICS,
  bookable,
  mayBook,
  mayCancel,
  mayOpenSlot,
  maySetUpTables,
  slotRequest,
  type ExpertTable,
  type TableBooking,
  type TableSlot,
  type TableTopic,
} from "../tables.js";
import { store, StoreController } from "../store.js";
import { columnHeads } from "./column-heads.js";
import "./edition-select.js";
import { officialSelect, officialsOfJst, type Candidate } from "./jst-officials-choice.js";
import { partStyles, shared } from "./styles.js";
import { alertRegion, dateTime, t, timeOfDay } from "./text.js";

const NAMES_PURPOSE = "konsola: rezerwacje stolików eksperckich";

interface ModuleChoice {
  readonly id: string;
  readonly label: string;
}

// A slot waiting for its official.
interface Booking {
  readonly table: ExpertTable;
  readonly slot: TableSlot;
}

function slotTime(slot: { startTime?: string; endTime?: string }): string {
  return t("tables.timeRange", { starts: dateTime(slot.startTime ?? ""), ends: timeOfDay(slot.endTime ?? "") });
}

@customElement("jst-tables-page")
export class TablesPage extends LitElement {
  static override styles = [
    shared,
    partStyles,
    css`
      h3 {
        font-size: 1.1rem;
        margin: 1rem 0 0.25rem;
      }
      article {
        border-top: 1px solid #6b6b6b;
        margin-top: 1rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private module = readQuery().get("module") ?? "";
  @state() private modules: ModuleChoice[] | null = null;
  @state() private tables: ExpertTable[] | null = null;
  @state() private bookings = new Map<string, TableBooking[]>();
  @state() private jstNames = new Map<string, string>();
  // Booked officials' names, where the role may read them.
  @state() private names = new Map<string, string>();
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  @state() private notice = "";
  // The booking form.
  @state() private booking: Booking | null = null;
  @state() private teryt = "";
  @state() private candidates: Candidate[] | null = null;
  @state() private candidate = "";
  // The slot form (one table's at a time).
  @state() private slotFor = "";
  @state() private slotStarts = "";
  @state() private slotMinutes = "30";
  @state() private slotPlaces = "1";
  // The new table form.
  @state() private topic: TableTopic = "LEGAL_QUESTIONS";
  @state() private tableTitle = "";
  @state() private expert = "";
  @state() private room = "";
  @query("#notice") private noticeElement!: HTMLElement;
  private ticket = 0;

  private get session() {
    return store.session;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.session?.role === "JST") this.teryt = this.session.jst;
    if (this.edition !== "") void this.loadModules();
  }

  private chooseEdition(code: string): void {
    this.edition = code;
    this.module = "";
    this.tables = null;
    writeQuery({ edition: code });
    void this.loadModules();
  }

  private chooseModule(id: string): void {
    this.module = id;
    this.booking = null;
    this.slotFor = "";
    writeQuery({ edition: this.edition, module: id || undefined });
    void this.load();
  }

  private async loadModules(): Promise<void> {
    const ticket = ++this.ticket;
    this.failure = null;
    try {
      const edition = this.edition;
      const all = await everyPage(async (query) => {
        const data = await dataOf(api.GET("/v1/editions/{edition}/modules", { params: { path: { edition }, query } }));
        return { rows: data.modules ?? [], next: data.nextPageToken ?? "" };
      }, 100);
      if (ticket !== this.ticket) return;
      this.modules = all.map((m) => ({
        id: m.id ?? "",
        label: t("tables.moduleOption", { number: m.number ?? 0, title: m.title ?? "" }),
      }));
      if (this.module !== "") await this.load();
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    }
  }

  // The module's tables (their slots with them) and each table's bookings.
  private async load(): Promise<void> {
    if (this.module === "") return;
    const ticket = ++this.ticket;
    this.busy = true;
    this.failure = null;
    try {
      const module = this.module;
      const tables = await everyPage(async (query) => {
        const data = await dataOf(
          api.GET("/v1/modules/{module}/expert-tables", { params: { path: { module }, query } }),
        );
        return { rows: data.tables ?? [], next: data.nextPageToken ?? "" };
      }, 100);
      const role = this.session?.role ?? null;
      const subject = this.session?.subject ?? "";
      const bookings = await Promise.all(
        tables.map(async (table): Promise<readonly [string, TableBooking[]]> => {
          // An expert reads the bookings of its own tables only.
          if (role === "EXPERT" && table.expert !== subject) return [table.id ?? "", []];
          const rows = await everyPage(async (query) => {
            const data = await dataOf(
              api.GET("/v1/expert-tables/{table}/bookings", { params: { path: { table: table.id ?? "" }, query } }),
            );
            return { rows: data.bookings ?? [], next: data.nextPageToken ?? "" };
          }, 100);
          return [table.id ?? "", rows] as const;
        }),
      );
      const teryts = [...new Set(bookings.flatMap(([, rows]) => rows.map((b) => b.teryt ?? "")))].filter(
        (teryt) => teryt && !this.jstNames.has(teryt),
      );
      const names = await Promise.all(
        teryts.map(async (teryt) => {
          const { data } = await api.GET("/v1/jsts/{teryt}", { params: { path: { teryt } } });
          return [teryt, data?.name ?? teryt] as const;
        }),
      );
      const people = readsNames(this.session?.role ?? null)
        ? await Promise.all(
            [...new Set(bookings.flatMap(([, rows]) => rows.map((b) => b.participant ?? "")))]
              .filter((id) => id && !this.names.has(id))
              .map(async (participant) => {
                const { data } = await api.GET("/v1/participants/{participant}", {
                  params: { path: { participant }, query: { purpose: NAMES_PURPOSE } },
                });
                return [participant, data ? `${data.firstName ?? ""} ${data.lastName ?? ""}`.trim() : ""] as const;
              }),
          )
        : [];
      if (ticket !== this.ticket) return;
      this.tables = tables;
      this.bookings = new Map(bookings);
      this.jstNames = new Map([...this.jstNames, ...names]);
      this.names = new Map([...this.names, ...people.filter(([, name]) => name !== "")]);
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  private async announce(notice: string): Promise<void> {
    this.notice = notice;
    await this.updateComplete;
    this.noticeElement.focus();
  }

  // Runs a write; on success reads the module again and says `done`.
  private async write(
    call: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
    done: () => string,
  ): Promise<boolean> {
    this.busy = true;
    this.failure = null;
    try {
      const { data, error, response } = await call();
      if (data === undefined) {
        this.failure = describeRefusal(response.status, error);
        return false;
      }
      await this.load();
      await this.announce(done());
      return true;
    } catch {
      this.failure = failureOf(undefined);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private async startBooking(table: ExpertTable, slot: TableSlot): Promise<void> {
    this.booking = { table, slot };
    this.candidates = null;
    this.notice = "";
    if (this.session?.role === "JST") await this.findCandidates();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>("#booking-heading")?.focus();
  }

  private async findCandidates(event?: SubmitEvent): Promise<void> {
    event?.preventDefault();
    this.busy = true;
    this.failure = null;
    try {
      this.candidates = await officialsOfJst(this.edition, this.teryt.trim(), this.session?.role ?? null, NAMES_PURPOSE);
      this.candidate = this.candidates[0]?.participant ?? "";
    } catch (caught) {
      this.failure = failureOf(caught);
      this.candidates = null;
    } finally {
      this.busy = false;
    }
  }

  private async book(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const chosen = this.candidates?.find((c) => c.participant === this.candidate);
    const booking = this.booking;
    if (!chosen || !booking) return;
    const ok = await this.write(
      () =>
        api.POST("/v1/table-slots/{slot}/bookings", {
          params: { path: { slot: booking.slot.id ?? "" } },
          body: { participant: chosen.participant },
        }),
      () => t("tables.booked", { official: chosen.label, time: slotTime(booking.slot) }),
    );
    if (ok) this.booking = null;
  }

  // The booking form closed unsent: the keyboard goes back to its slot's
  // button.
  private async closeBooking(): Promise<void> {
    const slot = this.booking?.slot.id ?? "";
    this.booking = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`tr[data-slot="${slot}"] button`)?.focus();
  }

  private async cancel(booking: TableBooking, official: string): Promise<void> {
    await this.write(
      () => api.POST("/v1/table-bookings/{booking}:cancel", { params: { path: { booking: booking.id ?? "" } }, body: {} }),
      () => t("tables.cancelled", { official, time: slotTime(booking) }),
    );
  }

  private async addSlot(event: SubmitEvent, table: ExpertTable): Promise<void> {
    event.preventDefault();
    const body = slotRequest(this.slotStarts, this.slotMinutes, this.slotPlaces);
    let added: TableSlot | undefined;
    const ok = await this.write(
      async () => {
        const answer = await api.POST("/v1/expert-tables/{table}/slots", {
          params: { path: { table: table.id ?? "" } },
          body,
        });
        added = answer.data;
        return answer;
      },
      () => t("tables.slotAdded", { time: added ? slotTime(added) : body.startsLocal }),
    );
    if (ok) this.slotFor = "";
  }

  private async createTable(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const title = this.tableTitle.trim();
    const ok = await this.write(
      () =>
        api.POST("/v1/modules/{module}/expert-tables", {
          params: { path: { module: this.module } },
          body: { topic: this.topic, title, expert: this.expert.trim(), room: this.room.trim() },
        }),
      () => t("tables.created", { title }),
    );
    if (ok) {
      this.tableTitle = "";
      this.expert = "";
      this.room = "";
    }
  }

  override render() {
    return html`<h1>${t("screen.tables")}</h1>
      <p>${t("tables.intro")}</p>
      <jst-edition-select
        .value=${this.edition}
        @edition-change=${(e: CustomEvent<string>) => this.chooseEdition(e.detail)}
      ></jst-edition-select>
      ${this.modules === null
        ? nothing
        : html`<form class="filters" @submit=${(e: SubmitEvent) => e.preventDefault()}>
            <span class="field"
              ><label for="module">${t("tables.module")}</label>
              <select id="module" @change=${(e: Event) => this.chooseModule((e.target as HTMLSelectElement).value)}>
                <option value="" ?selected=${this.module === ""}>${t("tables.chooseModule")}</option>
                ${this.modules.map(
                  (m) => html`<option value=${m.id} ?selected=${m.id === this.module}>${m.label}</option>`,
                )}
              </select></span
            >
          </form>`}
      <p id="notice" role="status" tabindex="-1">${this.notice}</p>
      ${alertRegion(this.failure)} ${this.renderTables()} ${this.renderBooking()} ${this.renderNewTable()}`;
  }

  private renderTables() {
    if (this.module === "" || this.tables === null) {
      return this.busy ? html`<p role="status">${t("app.loading")}</p>` : nothing;
    }
    if (this.tables.length === 0) return html`<p>${t("tables.none")}</p>`;
    return this.tables.map((table) => this.renderTable(table));
  }

  private renderTable(table: ExpertTable) {
    const title = table.title ?? "";
    const topic = table.topic && table.topic !== "TABLE_TOPIC_UNSPECIFIED" ? t(`tables.topic.${table.topic}`) : "";
    const role = this.session?.role ?? null;
    const books = mayBook(role);
    const slots = table.slots ?? [];
    return html`<article data-table=${table.id ?? ""} aria-labelledby=${`table-${table.id}`}>
      <h2 id=${`table-${table.id}`}>${t("tables.table", { title, topic, expert: table.expert ?? "" })}</h2>
      ${table.room ? html`<p>${t("tables.room", { room: table.room })}</p>` : nothing}
      ${slots.length === 0
        ? html`<p>${t("tables.noSlots")}</p>`
        : html`<table>
            <caption>
              ${t("tables.slotsCaption", { title })}
            </caption>
            ${columnHeads(["tables.col.time", "tables.col.places", books && "tables.col.actions"])}
            <tbody>
              ${slots.map(
                (slot) => html`<tr data-slot=${slot.id ?? ""}>
                  <th scope="row">${slotTime(slot)}</th>
                  <td data-field="places">
                    ${t("tables.places", { free: slot.freePlaces ?? 0, capacity: slot.capacity ?? 0 })}
                  </td>
                  ${books
                    ? html`<td>
                        ${bookable(slot)
                          ? html`<button
                              class="secondary"
                              ?disabled=${this.busy}
                              aria-label=${t("tables.bookOf", { time: slotTime(slot) })}
                              @click=${() => void this.startBooking(table, slot)}
                            >
                              ${t("tables.book")}
                            </button>`
                          : nothing}
                      </td>`
                    : nothing}
                </tr>`,
              )}
            </tbody>
          </table>`}
      ${this.renderBookings(table)} ${this.renderSlotForm(table)}
    </article>`;
  }

  private renderBookings(table: ExpertTable) {
    const rows = this.bookings.get(table.id ?? "") ?? [];
    const numbers = ordinals(rows);
    const cancels = mayCancel(this.session?.role ?? null);
    if (rows.length === 0) return html`<p>${t("tables.noBookings")}</p>`;
    return html`<table>
      <caption>
        ${t("tables.bookingsCaption", { title: table.title ?? "" })}
      </caption>
      ${columnHeads(["tables.col.time", "tables.col.official", "tables.col.jst", cancels && "tables.col.actions"])}
      <tbody>
        ${rows.map((b) => {
          const jst = this.jstNames.get(b.teryt ?? "") ?? b.teryt ?? "";
          const official =
            this.names.get(b.participant ?? "") ??
            t("community.memberOf", { jst, number: numbers.get(b.participant ?? "") ?? 0 });
          return html`<tr data-booking=${b.id ?? ""}>
            <th scope="row">${slotTime(b)}</th>
            <td>${official}</td>
            <td>${jst} (${b.teryt})</td>
            ${cancels
              ? html`<td>
                  <button
                    class="secondary"
                    ?disabled=${this.busy}
                    aria-label=${t("tables.cancelOf", { official, time: slotTime(b) })}
                    @click=${() => void this.cancel(b, official)}
                  >
                    ${t("tables.cancelBooking")}
                  </button>
                </td>`
              : nothing}
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  // The slot form replaces its button: the keyboard goes to its first
  // field (else it would fall back to the page's start).
  private async openSlotForm(table: string): Promise<void> {
    this.slotFor = table;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`section[aria-labelledby="slot-${table}"] input`)?.focus();
  }

  private renderSlotForm(table: ExpertTable) {
    if (!mayOpenSlot(this.session?.role ?? null, this.session?.subject ?? "", table)) return nothing;
    const id = table.id ?? "";
    if (this.slotFor !== id) {
      return html`<p>
        <button class="secondary" @click=${() => void this.openSlotForm(id)}>
          ${t("tables.slot.heading", { title: table.title ?? "" })}
        </button>
      </p>`;
    }
    return html`<section aria-labelledby=${`slot-${id}`}>
      <h3 id=${`slot-${id}`}>${t("tables.slot.heading", { title: table.title ?? "" })}</h3>
      <form class="filters" @submit=${(e: SubmitEvent) => void this.addSlot(e, table)}>
        <label
          >${t("tables.slot.starts")}
          <input
            type="datetime-local"
            required
            .value=${this.slotStarts}
            @input=${(e: Event) => (this.slotStarts = (e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t("tables.slot.minutes")}
          <input
            type="number"
            min="10"
            max="240"
            required
            .value=${this.slotMinutes}
            @input=${(e: Event) => (this.slotMinutes = (e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t("tables.slot.places")}
          <input
            type="number"
            min="1"
            max="20"
            required
            .value=${this.slotPlaces}
            @input=${(e: Event) => (this.slotPlaces = (e.target as HTMLInputElement).value)}
        /></label>
        <button type="submit" ?disabled=${this.busy}>${t("tables.slot.submit")}</button>
      </form>
    </section>`;
  }

  private renderBooking() {
    const booking = this.booking;
    if (!booking) return nothing;
    const own = this.session?.role === "JST";
    return html`<section aria-labelledby="booking-heading">
      <h2 id="booking-heading" tabindex="-1">
        ${t("tables.book.heading", { title: booking.table.title ?? "", time: slotTime(booking.slot) })}
      </h2>
      ${own
        ? nothing
        : html`<form class="filters" @submit=${(e: SubmitEvent) => void this.findCandidates(e)}>
            <label
              >${t("tables.book.teryt")}
              <input
                inputmode="numeric"
                autocomplete="off"
                .value=${this.teryt}
                @input=${(e: Event) => (this.teryt = (e.target as HTMLInputElement).value)}
            /></label>
            <button type="submit" class="secondary" ?disabled=${this.busy}>${t("tables.book.find")}</button>
          </form>`}
      ${this.candidates === null
        ? nothing
        : this.candidates.length === 0
          ? html`<p>${t("tables.book.none")}</p>`
          : html`<form class="filters" @submit=${(e: SubmitEvent) => void this.book(e)}>
              ${officialSelect(this.candidates, this.candidate, "tables.book.official", (p) => (this.candidate = p))}
              <button type="submit" ?disabled=${this.busy}>${t("tables.book.submit")}</button>
              <button type="button" class="secondary" @click=${() => void this.closeBooking()}>
                ${t("tables.book.cancel")}
              </button>
            </form>`}
    </section>`;
  }

  private renderNewTable() {
    if (this.module === "" || !maySetUpTables(this.session?.role ?? null)) return nothing;
    return html`<section aria-labelledby="new-table">
      <h2 id="new-table">${t("tables.new.heading")}</h2>
      <form class="filters" @submit=${(e: SubmitEvent) => void this.createTable(e)}>
        <span class="field"
          ><label for="topic">${t("tables.new.topic")}</label>
          <select id="topic" @change=${(e: Event) => (this.topic = (e.target as HTMLSelectElement).value as TableTopic)}>
            ${TABLE_TOPICS.map(
              (topic) => html`<option value=${topic} ?selected=${topic === this.topic}>${t(`tables.topic.${topic}`)}</option>`,
            )}
          </select></span
        >
        <label
          >${t("tables.new.title")}
          <input
            required
            maxlength="200"
            .value=${this.tableTitle}
            @input=${(e: Event) => (this.tableTitle = (e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t("tables.new.expert")}
          <input
            required
            autocomplete="off"
            .value=${this.expert}
            @input=${(e: Event) => (this.expert = (e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t("tables.new.room")}
          <input
            maxlength="200"
            .value=${this.room}
            @input=${(e: Event) => (this.room = (e.target as HTMLInputElement).value)}
        /></label>
        <button type="submit" ?disabled=${this.busy}>${t("tables.new.submit")}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-tables-page": TablesPage;
  }
}
