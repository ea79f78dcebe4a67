// The applications inbox (issue 19): an edition's applications filtered by
// status, voivodeship and JST kind (the choices kept in the address), one
// page of the API at a time, in submission order; with status WAITLISTED
// it is the waiting list in its order, each with its place, and below it
// the applications promoted from it (the qualified ones, within the same
// filters, whose history holds a promotion: when, why and after whose
// action; one history read per qualified application).
import { LitElement, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api, everyPage } from "../api.js";
import { readQuery, writeQuery } from "../address.js";
import {
  KINDS,
  STATUSES,
  actorOf,
  filtersOf,
  listQuery,
  promotionOf,
  reasonOf,
  type Application,
  type ApplicationStatus,
  type Filters,
  type HistoryEntry,
  type JstKind,
} from "../applications.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import { hrefOfScreen } from "../screens.js";
import { StoreController } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { columnHeads } from "./column-heads.js";
import { loadEditions } from "./edition-select.js";
import "./edition-select.js";
import { nextPageButton } from "./next-page.js";
import { shared } from "./styles.js";
import { alertRegion, dateTime, t } from "./text.js";
import { voivodeshipOptions } from "./voivodeship-options.js";

const PAGE_SIZE = 100;

interface Promoted {
  readonly application: Application;
  readonly promotion: HistoryEntry;
}

// Every qualified application within `filters` and the promotion in its
// history, for those promoted from the waiting list (in submission order).
async function promotedWithin(filters: Filters): Promise<Promoted[]> {
  const qualified = await everyPage<Application>(async (paging) => {
    const query = { ...listQuery({ ...filters, status: "QUALIFIED" }, paging.pageSize), ...paging };
    const page = await dataOf(api.GET("/v1/editions/{edition}/applications", { params: { path: { edition: filters.edition }, query } }));
    return { rows: page.applications ?? [], next: page.nextPageToken ?? "" };
  });
  const found = await Promise.all(
    qualified.map(async (application) => {
      const history = await dataOf(
        api.GET("/v1/applications/{application}/history", {
          params: { path: { application: application.id ?? "" }, query: { pageSize: 500 } },
        }),
      );
      const promotion = promotionOf(history.entries ?? []);
      return promotion ? [{ application, promotion }] : [];
    }),
  );
  return found.flat();
}

@customElement("jst-applications-page")
export class ApplicationsPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  // The form's choices; `shown` are those of the list on screen.
  @state() private filters: Filters = filtersOf(readQuery());
  @state() private shown: Filters | null = null;
  @state() private loaded: Application[] = [];
  @state() private nextPageToken = "";
  @state() private promoted: Promoted[] | null = null;
  @state() private minimum = 0;
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.filters.edition !== "") void this.load("");
  }

  private choose(change: Partial<Filters>): void {
    this.filters = { ...this.filters, ...change };
  }

  // The first page of the form's filters, or the page after the one shown.
  private async load(pageToken: string): Promise<void> {
    const filters = pageToken === "" ? this.filters : this.shown;
    if (filters === null || filters.edition === "") return;
    if (pageToken === "") writeQuery({ ...filters });
    this.busy = true;
    this.failure = null;
    try {
      const query = { ...listQuery(filters, PAGE_SIZE), ...(pageToken ? { pageToken } : {}) };
      const waitlist = pageToken === "" && filters.status === "WAITLISTED";
      const [data, editions, promoted] = await Promise.all([
        dataOf(api.GET("/v1/editions/{edition}/applications", { params: { path: { edition: filters.edition }, query } })),
        loadEditions(),
        waitlist ? promotedWithin(filters) : Promise.resolve(null),
      ]);
      if (pageToken === "") this.promoted = promoted;
      this.minimum = editions.find((edition) => edition.code === filters.edition)?.minRepresentatives ?? 0;
      this.loaded = pageToken === "" ? (data.applications ?? []) : [...this.loaded, ...(data.applications ?? [])];
      this.nextPageToken = data.nextPageToken ?? "";
      this.shown = filters;
    } catch (caught) {
      this.failure = failureOf(caught);
      if (pageToken === "") {
        this.shown = null;
        this.loaded = [];
        this.nextPageToken = "";
        this.promoted = null;
      }
    } finally {
      this.busy = false;
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.load("");
  }

  private showWaitlist(): void {
    this.choose({ status: "WAITLISTED" });
    void this.load("");
  }

  override render() {
    return html`
      <h1>${t("screen.applications")}</h1>
      <p>${t("applications.intro")}</p>
      <form class="filters" aria-label=${t("applications.filters")} @submit=${this.onSubmit}>
        <jst-edition-select
          .value=${this.filters.edition}
          @edition-change=${(e: CustomEvent<string>) => {
            this.choose({ edition: e.detail });
            void this.load("");
          }}
        ></jst-edition-select>
        <label
          >${t("applications.status")}
          <select
            name="status"
            @change=${(e: Event) => this.choose({ status: (e.target as HTMLSelectElement).value as ApplicationStatus | "" })}
          >
            <option value="" ?selected=${this.filters.status === ""}>${t("applications.any")}</option>
            ${STATUSES.map(
              (status) =>
                html`<option value=${status} ?selected=${this.filters.status === status}>${t(`jst.appStatus.${status}`)}</option>`,
            )}
          </select></label
        >
        <label
          >${t("applications.voivodeship")}
          <select name="voivodeship" @change=${(e: Event) => this.choose({ voivodeship: (e.target as HTMLSelectElement).value })}>
            ${voivodeshipOptions(this.filters.voivodeship, "applications.any")}
          </select></label
        >
        <label
          >${t("applications.kind")}
          <select name="kind" @change=${(e: Event) => this.choose({ kind: (e.target as HTMLSelectElement).value as JstKind | "" })}>
            <option value="" ?selected=${this.filters.kind === ""}>${t("applications.any")}</option>
            ${KINDS.map((kind) => html`<option value=${kind} ?selected=${this.filters.kind === kind}>${t(`kind.${kind}`)}</option>`)}
          </select></label
        >
        <button type="submit" ?disabled=${this.busy}>${t("applications.show")}</button>
        <button type="button" class="secondary" ?disabled=${this.busy} @click=${this.showWaitlist}>
          ${t("applications.waitlist")}
        </button>
      </form>
      ${alertRegion(this.failure)} ${this.renderResults()}
    `;
  }

  private renderResults() {
    const shown = this.shown;
    if (shown === null) return nothing;
    const rows = this.loaded;
    const waitlist = shown.status === "WAITLISTED";
    return html`
      <p role="status">${rows.length === 0 ? t("applications.none") : t("applications.count", { count: rows.length })}</p>
      ${rows.length === 0
        ? nothing
        : html`<table>
            <caption>
              ${t(waitlist ? "applications.waitlistResults" : "applications.results", { edition: shown.edition })}
            </caption>
            ${columnHeads([
              waitlist && "applications.waitlistPlace",
              "applications.jst",
              "applications.teryt",
              "applications.kind",
              "applications.voivodeship",
              "applications.status",
              "applications.submitted",
              "applications.team",
              !waitlist && "applications.waitlistPlace",
            ])}
            <tbody>
              ${rows.map((application) => this.renderRow(application, waitlist))}
            </tbody>
          </table>`}
      ${nextPageButton(this.nextPageToken, this.busy, "applications.next", (token) => this.load(token))}
      ${waitlist ? this.renderPromoted(shown.edition) : nothing}
    `;
  }

  private renderPromoted(edition: string) {
    const promoted = this.promoted ?? [];
    return html`<h2>${t("applications.promotions")}</h2>
      ${promoted.length === 0
        ? html`<p>${t("applications.promotionsNone")}</p>`
        : html`<table class="promoted">
            <caption>
              ${t("applications.promotionsCaption", { edition })}
            </caption>
            ${columnHeads([
              "applications.jst",
              "applications.teryt",
              "applications.promotedAt",
              "applications.history.why",
              "applications.history.who",
            ])}
            <tbody>
              ${promoted.map(({ application, promotion }) => {
                const reason = reasonOf(promotion);
                const { who } = actorOf(promotion);
                return html`<tr>
                  <th scope="row">
                    <a href=${hrefOfScreen("application", { application: application.id ?? "" })}>${application.jstName}</a>
                  </th>
                  <td>${application.teryt}</td>
                  <td>${promotion.changeTime ? dateTime(promotion.changeTime) : ""}</td>
                  <td>${reason === null ? "" : typeof reason === "string" ? reason : t(reason.key, reason.params)}</td>
                  <td>${t("applications.history.automatic", { who: t(who.key, who.params) })}</td>
                </tr>`;
              })}
            </tbody>
          </table>`}`;
  }

  private renderRow(application: Application, waitlist: boolean) {
    const place = application.waitlistPosition ? String(application.waitlistPosition) : "";
    const status = application.status && application.status !== "APPLICATION_STATUS_UNSPECIFIED" ? t(`jst.appStatus.${application.status}`) : "";
    const kind = application.jstKind && application.jstKind !== "JST_KIND_UNSPECIFIED" ? t(`kind.${application.jstKind}`) : "";
    return html`<tr>
      ${waitlist ? html`<td>${place}</td>` : nothing}
      <th scope="row">
        <a href=${hrefOfScreen("application", { application: application.id ?? "" })}>${application.jstName}</a>
      </th>
      <td>${application.teryt}</td>
      <td>${kind}</td>
      <td>${voivodeshipName(application.voivodeship ?? "")}</td>
      <td>${status}</td>
      <td>${application.submitTime ? dateTime(application.submitTime) : ""}</td>
      <td>${t("applications.teamOf", { active: application.activeRepresentatives ?? 0, minimum: this.minimum })}</td>
      ${waitlist ? nothing : html`<td>${place}</td>`}
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-applications-page": ApplicationsPage;
  }
}
