// An edition's communities (issue 24, docs/programme-parts.md part 1): the
// thematic networks, the cooperation network (with its purpose now) and the
// exchange groups, each with its moderators and how many members and
// meetings it has; a community's name opens its page (community-page.ts).
// The edition is kept in the address (?edition=PILOT).
import { LitElement, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { readQuery, writeQuery } from "../address.js";
import { api, everyPage } from "../api.js";
import { kindKey, ordered, type Community } from "../communities.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import { hrefOfScreen } from "../screens.js";
import { StoreController } from "../store.js";
import { columnHeads } from "./column-heads.js";
import "./edition-select.js";
import { shared } from "./styles.js";
import { alertRegion, civilDate, t } from "./text.js";

// The community's kind in words, with a thematic network's area and the
// cooperation network's purpose.
export function describeKind(community: Community): string {
  const kind = t(kindKey(community));
  if (community.kind === "THEMATIC_NETWORK" && community.theme && community.theme !== "THEMATIC_AREA_UNSPECIFIED") {
    return `${kind}: ${t(`training.area.${community.theme}`)}`;
  }
  if (community.purpose && community.purpose !== "COOPERATION_PURPOSE_UNSPECIFIED") {
    return `${kind}, ${t(`communities.purpose.${community.purpose}`, { date: civilDate(community.purposeSince ?? "") })}`;
  }
  return kind;
}

@customElement("jst-communities-page")
export class CommunitiesPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  @state() private edition = readQuery().get("edition") ?? "";
  @state() private communities: Community[] | null = null;
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  private ticket = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.edition !== "") void this.load();
  }

  private chooseEdition(code: string): void {
    this.edition = code;
    writeQuery({ edition: code });
    void this.load();
  }

  private async load(): Promise<void> {
    const ticket = ++this.ticket;
    this.busy = true;
    this.failure = null;
    try {
      const edition = this.edition;
      const all = await everyPage(async (query) => {
        const data = await dataOf(
          api.GET("/v1/editions/{edition}/communities", { params: { path: { edition }, query } }),
        );
        return { rows: data.communities ?? [], next: data.nextPageToken ?? "" };
      }, 100);
      if (ticket === this.ticket) this.communities = ordered(all);
    } catch (caught) {
      if (ticket === this.ticket) {
        this.failure = failureOf(caught);
        this.communities = null;
      }
    } finally {
      if (ticket === this.ticket) this.busy = false;
    }
  }

  override render() {
    return html`<h1>${t("screen.communities")}</h1>
      <p>${t("communities.intro")}</p>
      <jst-edition-select
        .value=${this.edition}
        @edition-change=${(e: CustomEvent<string>) => this.chooseEdition(e.detail)}
      ></jst-edition-select>
      ${alertRegion(this.failure)} ${this.renderList()}`;
  }

  private renderList() {
    if (this.communities === null) return this.busy ? html`<p role="status">${t("app.loading")}</p>` : nothing;
    if (this.communities.length === 0) return html`<p>${t("communities.none")}</p>`;
    return html`<table>
      <caption>
        ${t("communities.caption", { edition: this.edition })}
      </caption>
      ${columnHeads([
        "communities.col.name",
        "communities.col.kind",
        "communities.col.moderators",
        "communities.col.members",
        "communities.col.meetings",
      ])}
      <tbody>
        ${this.communities.map(
          (c) => html`<tr>
            <th scope="row"><a href=${hrefOfScreen("community", { community: c.id ?? "" })}>${c.name}</a></th>
            <td>${describeKind(c)}</td>
            <td>${(c.moderators ?? []).join(", ")}</td>
            <td data-field="members">${c.memberCount ?? 0}</td>
            <td data-field="meetings">${c.meetingCount ?? 0}</td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-communities-page": CommunitiesPage;
  }
}
