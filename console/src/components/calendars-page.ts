// Calendar subscriptions (issue 19), for every role: a form that creates a
// feed of a calendar the role may read (calendars.ts), the new feed's
// subscription address shown once with a "Kopiuj link" button (the API
// answers its path at creation only), and the feeds in force — mine, or
// for the office whoever it names — each renewed or deleted. The address
// holds a secret token: it stays in this component's memory only, never in
// the page's address, the store or the console's logs.
import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api, everyPage } from "../api.js";
import {
  emptyChoice,
  feedFieldOf,
  feedKindsFor,
  feedRequest,
  subscriptionUrl,
  type CalendarFeed,
  type FeedChoice,
  type FeedKind,
} from "../calendars.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import { formRefusalOf } from "../office.js";
import { ROLES } from "../roles.js";
import { StoreController, store } from "../store.js";
import { columnHeads } from "./column-heads.js";
import "./edition-select.js";
import { fieldProblem, fieldProblemText, focusFirstRefused, problemIdOf } from "./field-problem.js";
import { shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";
import { voivodeshipOptions } from "./voivodeship-options.js";

const PAGE_SIZE = 100;

@customElement("jst-calendars-page")
export class CalendarsPage extends LitElement {
  static override styles = [
    shared,
    css`
      form.feed {
        display: grid;
        gap: 0.8rem;
        max-width: 40rem;
      }
      form.feed .field label,
      fieldset legend {
        display: block;
        font-weight: 600;
      }
      fieldset {
        border: 2px solid #5a5a5a;
        border-radius: 4px;
        display: grid;
        gap: 0.6rem;
      }
      .hint {
        margin: 0.2rem 0 0;
        font-size: 0.9rem;
        color: #3d3d3d;
      }
      .link {
        display: flex;
        flex-wrap: wrap;
        gap: 0.8rem;
        align-items: center;
        padding: 1rem;
        border: 2px solid #1b5e20;
        border-radius: 4px;
        max-width: 60rem;
      }
      .link input {
        flex: 1 1 30rem;
        font-family: ui-monospace, monospace;
      }
      section {
        margin-top: 2rem;
      }
      .actions {
        display: flex;
        gap: 0.5rem;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @state() private choice: FeedChoice = emptyChoice(feedKindsFor(store.session?.role ?? null)[0] ?? "GROUP_CALENDAR");
  @state() private problems: ReadonlyMap<keyof FeedChoice, string> = new Map();
  @state() private formFailure: UserMessage | null = null;
  // The new feed's subscription address: shown once, kept in memory only.
  @state() private link = "";
  private linkFeed = "";
  @state() private copied: "" | "yes" | "no" = "";

  // Whose feeds are listed: "" for mine; the office names someone.
  @state() private owner = "";
  @state() private listedOwner: string | null = null;
  @state() private feeds: CalendarFeed[] | null = null;
  @state() private listFailure: UserMessage | null = null;
  @state() private listNote = "";
  @state() private busy = false;

  private get userRole() {
    return store.session?.role ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The office lists a person's feeds once it names them; everyone else
    // their own at once.
    if (this.userRole !== "ADMIN") void this.loadFeeds("");
  }

  private async loadFeeds(owner: string): Promise<void> {
    this.listFailure = null;
    try {
      const feeds = await everyPage<CalendarFeed>(async (paging) => {
        const query = { ...paging, ...(owner ? { owner } : {}) };
        const data = await dataOf(api.GET("/v1/calendar-feeds", { params: { query } }));
        return { rows: data.feeds ?? [], next: data.nextPageToken ?? "" };
      }, PAGE_SIZE);
      this.feeds = feeds;
      this.listedOwner = owner;
    } catch (caught) {
      this.listFailure = failureOf(caught);
    }
  }

  private choose(change: Partial<FeedChoice>): void {
    this.choice = { ...this.choice, ...change };
  }

  // POST is not replayed for a feed (the gateway keeps no answer holding
  // its secret), so no Idempotency-Key: a repeated create is a second feed.
  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.busy = true;
    this.formFailure = null;
    this.link = "";
    this.copied = "";
    try {
      const body = feedRequest(this.userRole, store.session?.subject ?? "", this.choice);
      const { data, error, response } = await api.POST("/v1/calendar-feeds", { body });
      if (data) {
        this.problems = new Map();
        this.link = subscriptionUrl(location.origin, data.subscriptionPath);
        this.linkFeed = data.id ?? "";
        await this.loadFeeds(this.userRole === "ADMIN" ? (data.owner?.subject ?? "") : "");
        if (this.userRole === "ADMIN") this.owner = data.owner?.subject ?? "";
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>("#new-link")?.focus();
      } else {
        await this.refused(response.status, error);
      }
    } catch {
      await this.refused(0, undefined);
    } finally {
      this.busy = false;
    }
  }

  private async refused(status: number, body: unknown): Promise<void> {
    const refusal = formRefusalOf(status, body, feedFieldOf, "edition.stale");
    this.problems = refusal.problems;
    this.formFailure = refusal.message;
    await this.updateComplete;
    focusFirstRefused(this.renderRoot, this.problems, "feed");
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.link);
      this.copied = "yes";
    } catch {
      this.copied = "no";
      this.renderRoot.querySelector<HTMLInputElement>("#new-link")?.select();
    }
  }

  private async renew(feed: CalendarFeed): Promise<void> {
    await this.act(async () => {
      const renewed = await dataOf(api.POST("/v1/calendar-feeds/{id}:renew", { params: { path: { id: feed.id ?? "" } }, body: {} }));
      return t("calendars.renewed", { time: renewed.expireTime ? dateTime(renewed.expireTime) : "" });
    });
  }

  private async deleteFeed(feed: CalendarFeed): Promise<void> {
    await this.act(async () => {
      await dataOf(api.DELETE("/v1/calendar-feeds/{id}", { params: { path: { id: feed.id ?? "" } } }));
      // The new link shown no longer works: it goes too.
      if (feed.id === this.linkFeed) this.link = "";
      return t("calendars.deleted");
    });
  }

  private async act(action: () => Promise<string>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.listNote = "";
    this.listFailure = null;
    try {
      const note = await action();
      await this.loadFeeds(this.listedOwner ?? "");
      this.listNote = note;
      // The row (and the button pressed) may be gone: the keyboard goes to
      // the line that says what happened.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>("#list-note")?.focus();
    } catch (caught) {
      this.listFailure = failureOf(caught);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`
      <h1>${t("screen.calendars")}</h1>
      <p>${t("calendars.intro")}</p>
      <h2>${t("calendars.howTo")}</h2>
      <ul>
        <li>${t("calendars.howToGoogle")}</li>
        <li>${t("calendars.howToOutlook")}</li>
        <li>${t("calendars.howToOther")}</li>
      </ul>
      ${this.renderCreate()} ${this.renderList()}
    `;
  }

  private field(name: keyof FeedChoice, label: string, control: unknown, hint = "") {
    const problem = this.problems.get(name);
    return html`<div class="field">
      <label for=${`feed-${name}`}>${label}</label>
      ${control} ${hint ? html`<p class="hint" id=${`feed-${name}-hint`}>${hint}</p>` : nothing}
      ${fieldProblem(`feed-${name}`, problem === undefined ? undefined : fieldProblemText(problem))}
    </div>`;
  }

  private input(name: keyof FeedChoice, hint = false) {
    const problem = this.problems.get(name);
    const described = [hint ? `feed-${name}-hint` : "", problem !== undefined ? problemIdOf(`feed-${name}`) : ""].filter(Boolean).join(" ");
    return html`<input
      id=${`feed-${name}`}
      name=${name}
      aria-invalid=${problem !== undefined ? "true" : "false"}
      aria-describedby=${described}
      .value=${String(this.choice[name])}
      @input=${(e: Event) => this.choose({ [name]: (e.target as HTMLInputElement).value })}
    />`;
  }

  private renderCreate() {
    const kinds = feedKindsFor(this.userRole);
    const office = this.userRole === "ADMIN";
    const kind = this.choice.kind;
    return html`<section aria-labelledby="create-heading">
      <h2 id="create-heading">${t("calendars.createHeading")}</h2>
      ${alertRegion(this.formFailure)}
      <form class="feed" aria-labelledby="create-heading" @submit=${this.create} novalidate>
        ${this.field(
          "kind",
          t("calendars.kind"),
          html`<select
            id="feed-kind"
            name="kind"
            @change=${(e: Event) => this.choose({ kind: (e.target as HTMLSelectElement).value as FeedKind })}
          >
            ${kinds.map(
              (k) =>
                html`<option value=${k} ?selected=${kind === k}>
                  ${k === "TRAINER_CALENDAR" && this.userRole === "TRAINER" ? t("calendars.ownTrainer") : t(`calendars.kind.${k}`)}
                </option>`,
            )}
          </select>`,
        )}
        ${kind === "TRAINER_CALENDAR" && office ? this.field("trainer", t("calendars.trainer"), this.input("trainer")) : nothing}
        ${kind === "PARTICIPANT_CALENDAR"
          ? this.field("participant", t("calendars.participant"), this.input("participant", true), t("calendars.participantHint"))
          : nothing}
        ${kind === "GROUP_CALENDAR"
          ? html`<jst-edition-select
                .value=${this.choice.edition}
                @edition-change=${(e: CustomEvent<string>) => this.choose({ edition: e.detail })}
              ></jst-edition-select>
              ${this.field(
                "group",
                t("calendars.group"),
                html`<input
                  id="feed-group"
                  name="group"
                  type="number"
                  min="1"
                  max="4"
                  aria-invalid=${this.problems.has("group") ? "true" : "false"}
                  aria-describedby=${this.problems.has("group") ? "feed-group-problem" : ""}
                  .value=${this.choice.group}
                  @input=${(e: Event) => this.choose({ group: (e.target as HTMLInputElement).value })}
                />`,
              )}`
          : nothing}
        ${office ? this.renderOwner() : nothing}
        <p><button type="submit" ?disabled=${this.busy}>${t("calendars.create")}</button></p>
      </form>
      ${this.link !== "" ? this.renderLink() : nothing}
    </section>`;
  }

  private renderOwner() {
    const role = this.choice.ownerRole;
    return html`<fieldset>
      <legend>${t("calendars.forWhom")}</legend>
      ${this.field("ownerSubject", t("calendars.ownerSubject"), this.input("ownerSubject"))}
      ${this.field(
        "ownerRole",
        t("calendars.ownerRole"),
        html`<select
          id="feed-ownerRole"
          name="ownerRole"
          aria-invalid=${this.problems.has("ownerRole") ? "true" : "false"}
          @change=${(e: Event) => this.choose({ ownerRole: (e.target as HTMLSelectElement).value as FeedChoice["ownerRole"] })}
        >
          <option value="" ?selected=${role === ""}>${t("calendars.chooseRole")}</option>
          ${ROLES.map((r) => html`<option value=${r} ?selected=${role === r}>${t(`role.${r}`)}</option>`)}
        </select>`,
      )}
      ${role === "COORDINATOR"
        ? this.field(
            "ownerVoivodeship",
            t("calendars.ownerVoivodeship"),
            html`<select
              id="feed-ownerVoivodeship"
              name="ownerVoivodeship"
              @change=${(e: Event) => this.choose({ ownerVoivodeship: (e.target as HTMLSelectElement).value })}
            >
              ${voivodeshipOptions(this.choice.ownerVoivodeship, "calendars.chooseRole")}
            </select>`,
          )
        : nothing}
      ${role === "JST" ? this.field("ownerJst", t("calendars.ownerJst"), this.input("ownerJst")) : nothing}
    </fieldset>`;
  }

  private renderLink() {
    return html`<div role="status"><p>${t("calendars.created")}</p></div>
      <div class="link">
        <label for="new-link">${t("calendars.newLink")}</label>
        <input id="new-link" readonly .value=${this.link} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
        <button type="button" @click=${() => void this.copy()}>${t("calendars.copy")}</button>
      </div>
      <div role="status">
        ${this.copied === "yes" ? html`<p>${t("calendars.copied")}</p>` : nothing}
        ${this.copied === "no" ? html`<p class="alert">${t("calendars.copyFailed")}</p>` : nothing}
      </div>`;
  }

  private renderList() {
    const office = this.userRole === "ADMIN";
    const heading =
      office && this.listedOwner ? t("calendars.listHeadingOf", { owner: this.listedOwner }) : t("calendars.listHeading");
    return html`<section aria-labelledby="list-heading">
      <h2 id="list-heading">${heading}</h2>
      <p>${t("calendars.secretNote")}</p>
      ${office
        ? html`<form
            class="filters"
            aria-label=${t("calendars.listOwner")}
            @submit=${(e: SubmitEvent) => {
              e.preventDefault();
              void this.loadFeeds(this.owner.trim());
            }}
          >
            <label
              >${t("calendars.listOwner")}
              <input name="owner" .value=${this.owner} @input=${(e: Event) => (this.owner = (e.target as HTMLInputElement).value)}
            /></label>
            <button type="submit">${t("calendars.showList")}</button>
          </form>`
        : nothing}
      <div role="status">${this.listNote ? html`<p id="list-note" tabindex="-1">${this.listNote}</p>` : nothing}</div>
      ${alertRegion(this.listFailure)} ${this.renderFeeds()}
    </section>`;
  }

  private renderFeeds() {
    const feeds = this.feeds;
    if (feeds === null) return nothing;
    if (feeds.length === 0) return html`<p>${t("calendars.none")}</p>`;
    const now = Date.now();
    return html`<table>
      <caption>
        ${t("calendars.listCaption")}
      </caption>
      ${columnHeads([
        "calendars.whichCalendar",
        "calendars.createdAt",
        "calendars.lastRead",
        "calendars.expires",
        "calendars.actions",
      ])}
      <tbody>
        ${feeds.map((feed) => {
          const calendar = calendarName(feed);
          const expired = feed.expireTime !== undefined && Date.parse(feed.expireTime) <= now;
          return html`<tr data-feed=${feed.id ?? ""}>
            <th scope="row">${calendar}</th>
            <td>${feed.createTime ? dateTime(feed.createTime) : ""}</td>
            <td>${feed.lastReadTime ? dateTime(feed.lastReadTime) : t("calendars.neverRead")}</td>
            <td>
              ${feed.expireTime
                ? expired
                  ? t("calendars.expired", { time: dateTime(feed.expireTime) })
                  : dateTime(feed.expireTime)
                : ""}
            </td>
            <td class="actions">
              <button
                type="button"
                class="secondary"
                ?disabled=${this.busy}
                aria-label=${t("calendars.renewOf", { calendar })}
                @click=${() => void this.renew(feed)}
              >
                ${t("calendars.renew")}
              </button>
              <button
                type="button"
                class="secondary"
                ?disabled=${this.busy}
                aria-label=${t("calendars.deleteOf", { calendar })}
                @click=${() => void this.deleteFeed(feed)}
              >
                ${t("calendars.delete")}
              </button>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }
}

function calendarName(feed: CalendarFeed): string {
  switch (feed.kind) {
    case "TRAINER_CALENDAR":
      return t("calendars.ofTrainer", { trainer: feed.trainer ?? "" });
    case "PARTICIPANT_CALENDAR":
      return t("calendars.ofParticipant", { participant: feed.participant ?? "" });
    default:
      return t("calendars.ofGroup", { group: feed.group ?? 0, edition: feed.edition ?? "" });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-calendars-page": CalendarsPage;
  }
}
