// One community (issue 24, docs/programme-parts.md part 1): what it is,
// its members a page at a time (former ones on request), its meetings,
// and where the role may: enrolling an official (a JST its own; the
// office, a coordinator or an expert any JST's, by TERYT code), ending a
// membership, recording a meeting with the members present (the office,
// the community's moderators). Members are named as communities.ts says:
// by name where the role may read it (audited reads with a purpose), else
// by their JST and an ordinal.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { api, everyPage } from "../api.js";
import {
  MEETING_FORMS,
  NAMES_PURPOSE,
  mayJoin,
  mayLeave,
  mayRecordMeeting,
  ordinals,
  readsNames,
  type Community,
  type Meeting,
  type MeetingForm,
  type Membership,
} from "../communities.js";
import { todayInWarsaw } from "../editions.js";
import { dataOf, describeRefusal, failureOf, refusalOf, type UserMessage } from "../errors.js";
import { hrefOfScreen } from "../screens.js";
import { store, StoreController } from "../store.js";
import { columnHeads } from "./column-heads.js";
import { describeKind } from "./communities-page.js";
import { officialSelect, officialsOfJst, type Candidate } from "./jst-officials-choice.js";
import { partStyles, shared } from "./styles.js";
import { alertRegion, civilDate, t } from "./text.js";

const PAGE_SIZE = 50;

@customElement("jst-community-page")
export class CommunityPage extends LitElement {
  static override styles = [
    shared,
    partStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 0.25rem 1rem;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      fieldset {
        border: 1px solid #6b6b6b;
        margin: 0.5rem 0;
      }
      .stacked label {
        display: flex;
        flex-direction: column;
        font-weight: 600;
        margin: 0.5rem 0;
        max-width: 30rem;
      }
      .stacked fieldset label {
        font-weight: normal;
        flex-direction: row;
        align-items: center;
        gap: 0.5rem;
        margin: 0.2rem 0;
      }
    `,
  ];
  private readonly storeController = new StoreController(this);

  @property() community = "";
  @state() private item: Community | null = null;
  @state() private members: Membership[] = [];
  // Every current member (all pages): the meeting form's attendees and who
  // is not offered for enrolment.
  @state() private current: Membership[] = [];
  @state() private membersToken = "";
  @state() private includePast = false;
  @state() private meetings: Meeting[] = [];
  @state() private names = new Map<string, string>();
  @state() private jstNames = new Map<string, string>();
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  @state() private notice = "";
  // The enrolment form.
  @state() private teryt = "";
  @state() private candidates: Candidate[] | null = null;
  @state() private candidate = "";
  @state() private joinedOn = todayInWarsaw();
  // The meeting form.
  @state() private heldOn = todayInWarsaw();
  @state() private meetingTitle = "";
  @state() private meetingForm: MeetingForm = "IN_PERSON";
  @state() private notes = "";
  @state() private attendees = new Set<string>();
  @state() private meetingProblems = new Map<string, string>();
  @query("#notice") private noticeElement!: HTMLElement;
  private ticket = 0;

  private get session() {
    return store.session;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.session?.role === "JST") this.teryt = this.session.jst;
    void this.load();
  }

  private async load(): Promise<void> {
    const ticket = ++this.ticket;
    this.busy = true;
    this.failure = null;
    try {
      const path = { community: this.community };
      const [item, meetings, current] = await Promise.all([
        dataOf(api.GET("/v1/communities/{community}", { params: { path } })),
        everyPage(async (query) => {
          const data = await dataOf(api.GET("/v1/communities/{community}/meetings", { params: { path, query } }));
          return { rows: data.meetings ?? [], next: data.nextPageToken ?? "" };
        }, 100),
        everyPage(async (query) => {
          const data = await dataOf(api.GET("/v1/communities/{community}/members", { params: { path, query } }));
          return { rows: data.members ?? [], next: data.nextPageToken ?? "" };
        }, 500),
      ]);
      await this.readJstNames(current);
      if (ticket !== this.ticket) return;
      this.item = item;
      this.current = current;
      this.meetings = [...meetings].sort((a, b) => (b.heldOn ?? "").localeCompare(a.heldOn ?? ""));
      await this.loadMembers("", ticket);
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  // The first page of members (or the page after those shown), with the
  // names of their JSTs and, where the role may read them, their own.
  private async loadMembers(pageToken: string, ticket = this.ticket): Promise<void> {
    const query = { pageSize: PAGE_SIZE, includePast: this.includePast, ...(pageToken ? { pageToken } : {}) };
    const data = await dataOf(
      api.GET("/v1/communities/{community}/members", { params: { path: { community: this.community }, query } }),
    );
    const page = data.members ?? [];
    await Promise.all([this.readJstNames(page), this.readNames(page.map((m) => m.participant ?? ""))]);
    if (ticket !== this.ticket) return;
    this.members = [...(pageToken ? this.members : []), ...page];
    this.membersToken = data.nextPageToken ?? "";
  }

  private async readJstNames(members: readonly Membership[]): Promise<void> {
    const missing = [...new Set(members.map((m) => m.teryt ?? ""))].filter((teryt) => teryt && !this.jstNames.has(teryt));
    const found = await Promise.all(
      missing.map(async (teryt) => {
        const { data } = await api.GET("/v1/jsts/{teryt}", { params: { path: { teryt } } });
        return [teryt, data?.name ?? teryt] as const;
      }),
    );
    if (found.length > 0) this.jstNames = new Map([...this.jstNames, ...found]);
  }

  private async readNames(participants: readonly string[]): Promise<void> {
    if (!readsNames(this.session?.role ?? null)) return;
    const missing = participants.filter((id) => id && !this.names.has(id));
    const found = await Promise.all(
      missing.map(async (participant) => {
        const { data } = await api.GET("/v1/participants/{participant}", {
          params: { path: { participant }, query: { purpose: NAMES_PURPOSE } },
        });
        return [participant, data ? `${data.firstName ?? ""} ${data.lastName ?? ""}`.trim() : ""] as const;
      }),
    );
    if (found.length > 0) this.names = new Map([...this.names, ...found.filter(([, name]) => name !== "")]);
  }

  // How the screen names a member: by name, else "<JST>, urzędnik n".
  private memberLabel(participant: string, teryt: string, number: number): string {
    return (
      this.names.get(participant) ??
      t("community.memberOf", { jst: this.jstNames.get(teryt) ?? teryt, number })
    );
  }

  private async announce(notice: string): Promise<void> {
    this.notice = notice;
    await this.updateComplete;
    this.noticeElement.focus();
  }

  // The first page again (with or without former members), or the next
  // one; an answer to an earlier read is dropped.
  private async pageMembers(pageToken: string): Promise<void> {
    const ticket = ++this.ticket;
    this.busy = true;
    try {
      await this.loadMembers(pageToken, ticket);
    } catch (caught) {
      if (ticket === this.ticket) this.failure = failureOf(caught);
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  private async leave(member: Membership, label: string): Promise<void> {
    this.busy = true;
    this.failure = null;
    try {
      const { data, error, response } = await api.POST("/v1/communities/{community}/members/{participant}:leave", {
        params: { path: { community: this.community, participant: member.participant ?? "" } },
        body: {},
      });
      if (!data) {
        this.failure = describeRefusal(response.status, error);
        return;
      }
      await this.load();
      await this.announce(t("community.left", { member: label }));
    } catch {
      this.failure = failureOf(undefined);
    } finally {
      this.busy = false;
    }
  }

  // The officials of the JST named in the enrolment form who are not
  // members now.
  private async findCandidates(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.failure = null;
    try {
      const current = new Set(this.current.map((m) => m.participant ?? ""));
      const all = await officialsOfJst(
        this.item?.edition ?? "",
        this.teryt.trim(),
        this.session?.role ?? null,
        NAMES_PURPOSE,
      );
      this.candidates = all.filter((c) => !current.has(c.participant));
      this.candidate = this.candidates[0]?.participant ?? "";
    } catch (caught) {
      this.failure = failureOf(caught);
      this.candidates = null;
    } finally {
      this.busy = false;
    }
  }

  private async join(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const chosen = this.candidates?.find((c) => c.participant === this.candidate);
    if (!chosen) return;
    this.busy = true;
    this.failure = null;
    try {
      const { data, error, response } = await api.POST("/v1/communities/{community}/members", {
        params: { path: { community: this.community } },
        body: { participant: chosen.participant, joinedOn: this.joinedOn },
      });
      if (!data) {
        this.failure = describeRefusal(response.status, error);
        return;
      }
      this.candidates = null;
      await this.load();
      await this.announce(t("community.joined", { member: chosen.label, name: this.item?.name ?? "" }));
    } catch {
      this.failure = failureOf(undefined);
    } finally {
      this.busy = false;
    }
  }

  private async record(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    this.busy = true;
    this.failure = null;
    this.meetingProblems = new Map();
    try {
      const body = {
        heldOn: this.heldOn,
        title: this.meetingTitle.trim(),
        form: this.meetingForm,
        notes: this.notes,
        attendees: [...this.attendees],
      };
      const { data, error, response } = await api.POST("/v1/communities/{community}/meetings", {
        params: { path: { community: this.community } },
        body,
      });
      if (!data) {
        const refusal = refusalOf(response.status, error);
        if (refusal.kind === "fields") {
          // "meeting.attendees[3]" is the attendees' problem; a field the
          // form has no place for is said above it.
          const problems = new Map(
            [...refusal.fields].map(([field, text]) => [field.replace(/^meeting\./, "").replace(/\[\d+\]$/, ""), text]),
          );
          this.meetingProblems = problems;
          const placed = ["heldOn", "title", "notes", "attendees"];
          const other = [...problems].find(([field]) => !placed.includes(field));
          if (other) this.failure = { key: "error.badField", params: { field: other[0], message: other[1] } };
        } else {
          this.failure = describeRefusal(response.status, error);
        }
        return;
      }
      this.meetingTitle = "";
      this.notes = "";
      this.attendees = new Set();
      await this.load();
      await this.announce(t("community.recorded", { title: data.title ?? "", date: civilDate(data.heldOn ?? "") }));
    } catch {
      this.failure = failureOf(undefined);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const item = this.item;
    return html`<h1>${item?.name ?? t("screen.community")}</h1>
      ${item
        ? html`<p>
            <a href=${`${hrefOfScreen("communities")}?edition=${encodeURIComponent(item.edition ?? "")}`}
              >${t("community.back", { edition: item.edition ?? "" })}</a
            >
          </p>`
        : nothing}
      <p id="notice" role="status" tabindex="-1">${this.notice}</p>
      ${alertRegion(this.failure)}
      ${item === null
        ? this.busy
          ? html`<p role="status">${t("app.loading")}</p>`
          : nothing
        : html`${this.renderFacts(item)} ${this.renderMembers(item)} ${this.renderJoin()}
          ${this.renderMeetings(item)} ${this.renderRecord(item)}`}`;
  }

  private renderFacts(item: Community) {
    return html`<dl>
      <dt>${t("community.kind")}</dt>
      <dd data-field="kind">${describeKind(item)}</dd>
      <dt>${t("community.moderators")}</dt>
      <dd data-field="moderators">${(item.moderators ?? []).join(", ")}</dd>
      ${item.description ? html`<dt>${t("community.description")}</dt><dd>${item.description}</dd>` : nothing}
    </dl>`;
  }

  private renderMembers(item: Community) {
    const numbers = ordinals(this.members);
    const leaves = mayLeave(this.session?.role ?? null, this.session?.subject ?? "", item);
    return html`<section aria-labelledby="members">
      <h2 id="members">${t("community.members")}</h2>
      <label
        ><input
          type="checkbox"
          .checked=${this.includePast}
          @change=${(e: Event) => {
            this.includePast = (e.target as HTMLInputElement).checked;
            void this.pageMembers("");
          }}
        />
        ${t("community.includePast")}</label
      >
      ${this.members.length === 0
        ? html`<p>${t("community.noMembers")}</p>`
        : html`<table>
            <caption>
              ${t("community.membersCaption", { name: item.name ?? "" })}
            </caption>
            ${columnHeads([
              "community.col.member",
              "community.col.jst",
              "community.col.joined",
              "community.col.left",
              leaves && "community.col.actions",
            ])}
            <tbody>
              ${this.members.map((m) => {
                const label = this.memberLabel(m.participant ?? "", m.teryt ?? "", numbers.get(m.participant ?? "") ?? 0);
                return html`<tr data-participant=${m.participant ?? ""}>
                  <th scope="row">${label}</th>
                  <td>${this.jstNames.get(m.teryt ?? "") ?? m.teryt} (${m.teryt})</td>
                  <td>${civilDate(m.joinedOn ?? "")}</td>
                  <td>${m.leftOn ? civilDate(m.leftOn) : t("community.stillMember")}</td>
                  ${leaves
                    ? html`<td>
                        ${m.leftOn
                          ? nothing
                          : html`<button
                              class="secondary"
                              ?disabled=${this.busy}
                              aria-label=${t("community.leaveOf", { member: label })}
                              @click=${() => void this.leave(m, label)}
                            >
                              ${t("community.leave")}
                            </button>`}
                      </td>`
                    : nothing}
                </tr>`;
              })}
            </tbody>
          </table>`}
      ${this.membersToken
        ? html`<p>
            <button
              class="secondary"
              ?disabled=${this.busy}
              @click=${() => void this.pageMembers(this.membersToken)}
            >
              ${t("community.moreMembers")}
            </button>
          </p>`
        : nothing}
    </section>`;
  }

  private renderJoin() {
    if (!mayJoin(this.session?.role ?? null)) return nothing;
    const ownJst = this.session?.role === "JST";
    return html`<section aria-labelledby="join">
      <h2 id="join">${t("community.join.heading")}</h2>
      <form class="filters" @submit=${(e: SubmitEvent) => void this.findCandidates(e)}>
        ${ownJst
          ? nothing
          : html`<label
              >${t("community.join.teryt")}
              <input
                name="teryt"
                inputmode="numeric"
                autocomplete="off"
                .value=${this.teryt}
                @input=${(e: Event) => (this.teryt = (e.target as HTMLInputElement).value)}
            /></label>`}
        <button type="submit" class="secondary" ?disabled=${this.busy}>${t("community.join.find")}</button>
      </form>
      ${this.candidates === null
        ? nothing
        : this.candidates.length === 0
          ? html`<p>${t("community.join.none")}</p>`
          : html`<form class="filters" @submit=${(e: SubmitEvent) => void this.join(e)}>
              ${officialSelect(this.candidates, this.candidate, "community.join.official", (p) => (this.candidate = p))}
              <label
                >${t("community.join.joinedOn")}
                <input
                  type="date"
                  max=${todayInWarsaw()}
                  .value=${this.joinedOn}
                  @input=${(e: Event) => (this.joinedOn = (e.target as HTMLInputElement).value)}
              /></label>
              <button type="submit" ?disabled=${this.busy}>${t("community.join.submit")}</button>
            </form>`}
    </section>`;
  }

  private renderMeetings(item: Community) {
    return html`<section aria-labelledby="meetings">
      <h2 id="meetings">${t("community.meetings")}</h2>
      ${this.meetings.length === 0
        ? html`<p>${t("community.noMeetings")}</p>`
        : html`<table>
            <caption>
              ${t("community.meetingsCaption", { name: item.name ?? "" })}
            </caption>
            ${columnHeads([
              "community.col.heldOn",
              "community.col.title",
              "community.col.form",
              "community.col.attendees",
            ])}
            <tbody>
              ${this.meetings.map(
                (m) => html`<tr data-meeting=${m.id ?? ""}>
                  <td>${civilDate(m.heldOn ?? "")}</td>
                  <th scope="row">${m.title}</th>
                  <td>${m.form && m.form !== "MEETING_FORM_UNSPECIFIED" ? t(`community.form.${m.form}`) : ""}</td>
                  <td>${m.attendeeCount ?? 0}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    </section>`;
  }

  private renderRecord(item: Community) {
    if (!mayRecordMeeting(this.session?.role ?? null, this.session?.subject ?? "", item)) return nothing;
    const numbers = ordinals(this.current);
    const current = this.current;
    const problem = (field: string) => this.meetingProblems.get(field);
    return html`<section aria-labelledby="record">
      <h2 id="record">${t("community.record.heading")}</h2>
      <form class="stacked" @submit=${(e: SubmitEvent) => void this.record(e)}>
        <label
          >${t("community.record.heldOn")}
          <input
            type="date"
            required
            max=${todayInWarsaw()}
            aria-invalid=${problem("heldOn") ? "true" : "false"}
            .value=${this.heldOn}
            @input=${(e: Event) => (this.heldOn = (e.target as HTMLInputElement).value)}
        /></label>
        ${problem("heldOn") ? html`<p class="problem">${problem("heldOn")}</p>` : nothing}
        <label
          >${t("community.record.title")}
          <input
            required
            maxlength="200"
            aria-invalid=${problem("title") ? "true" : "false"}
            .value=${this.meetingTitle}
            @input=${(e: Event) => (this.meetingTitle = (e.target as HTMLInputElement).value)}
        /></label>
        ${problem("title") ? html`<p class="problem">${problem("title")}</p>` : nothing}
        <label
          >${t("community.record.form")}
          <select @change=${(e: Event) => (this.meetingForm = (e.target as HTMLSelectElement).value as MeetingForm)}>
            ${MEETING_FORMS.map(
              (f) => html`<option value=${f} ?selected=${f === this.meetingForm}>${t(`community.form.${f}`)}</option>`,
            )}
          </select></label
        >
        <label
          >${t("community.record.notes")}
          <textarea
            maxlength="2000"
            .value=${this.notes}
            @input=${(e: Event) => (this.notes = (e.target as HTMLTextAreaElement).value)}
          ></textarea
        ></label>
        ${problem("notes") ? html`<p class="problem">${problem("notes")}</p>` : nothing}
        <fieldset>
          <legend>${t("community.record.attendees")}</legend>
          ${current.map((m) => {
            const id = m.participant ?? "";
            return html`<label
              ><input
                type="checkbox"
                .checked=${this.attendees.has(id)}
                @change=${(e: Event) => {
                  const next = new Set(this.attendees);
                  if ((e.target as HTMLInputElement).checked) next.add(id);
                  else next.delete(id);
                  this.attendees = next;
                }}
              />
              ${this.memberLabel(id, m.teryt ?? "", numbers.get(id) ?? 0)}</label
            >`;
          })}
        </fieldset>
        ${problem("attendees") ? html`<p class="problem">${problem("attendees")}</p>` : nothing}
        <button type="submit" ?disabled=${this.busy}>${t("community.record.submit")}</button>
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-community-page": CommunityPage;
  }
}
