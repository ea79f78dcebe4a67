// The JST registry: search by name prefix, voivodeship and kind
// (GET /v1/jsts), one page at a time, results in a table.
import { LitElement, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { api } from "../api.js";
import { describeFailure, type UserMessage } from "../errors.js";
import type { paths } from "../generated/api.js";
import { hrefOfScreen } from "../screens.js";
import { StoreController } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { columnHeads } from "./column-heads.js";
import { nextPageButton } from "./next-page.js";
import { shared } from "./styles.js";
import { alertRegion, civilDate, t } from "./text.js";
import { voivodeshipOptions } from "./voivodeship-options.js";

type Query = NonNullable<paths["/v1/jsts"]["get"]["parameters"]["query"]>;
type Kind = Exclude<NonNullable<Query["kind"]>, "JST_KIND_UNSPECIFIED">;
type Jst = NonNullable<
  paths["/v1/jsts"]["get"]["responses"][200]["content"]["application/json"]["jsts"]
>[number];

// Every kind the API knows (the compiler refuses one it does not).
const KINDS: readonly Kind[] = ["URBAN_COMMUNE", "RURAL_COMMUNE", "URBAN_RURAL_COMMUNE", "COUNTY"];
const PAGE_SIZE = 50;

@customElement("jst-registry-page")
export class JstRegistryPage extends LitElement {
  static override styles = [shared];
  private readonly storeController = new StoreController(this);

  @state() private namePrefix = "";
  @state() private voivodeship = "";
  @state() private kind: Kind | "" = "";
  @state() private jsts: Jst[] | null = null;
  @state() private nextPageToken = "";
  @state() private failure: UserMessage | null = null;
  @state() private busy = false;
  // The filters of the results shown: a page token holds only with them.
  private shownQuery: Query = {};

  private queryOfForm(): Query {
    const query: Query = { pageSize: PAGE_SIZE };
    if (this.namePrefix.trim() !== "") query.namePrefix = this.namePrefix.trim();
    if (this.voivodeship !== "") query.voivodeship = this.voivodeship;
    if (this.kind !== "") query.kind = this.kind;
    return query;
  }

  // The first page of the form's filters, or the page after the one shown.
  private async search(pageToken: string): Promise<void> {
    this.busy = true;
    this.failure = null;
    const query: Query = pageToken === "" ? this.queryOfForm() : { ...this.shownQuery, pageToken };
    try {
      const { data, error, response } = await api.GET("/v1/jsts", { params: { query } });
      if (data) {
        this.shownQuery = { ...query, pageToken: undefined };
        this.jsts = data.jsts ?? [];
        this.nextPageToken = data.nextPageToken ?? "";
      } else {
        this.fail(pageToken, describeFailure(response.status, error));
      }
    } catch {
      this.fail(pageToken, describeFailure(0, undefined));
    } finally {
      this.busy = false;
    }
  }

  // A new search that fails shows no results (those shown were for other
  // filters); a next page that fails keeps the page shown.
  private fail(pageToken: string, failure: UserMessage): void {
    this.failure = failure;
    if (pageToken === "") {
      this.jsts = null;
      this.nextPageToken = "";
    }
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    void this.search("");
  }

  override render() {
    return html`
      <h1>${t("screen.jsts")}</h1>
      <p>${t("jsts.intro")}</p>
      <form class="filters" @submit=${this.onSubmit}>
        <label
          >${t("jsts.namePrefix")}
          <input
            name="namePrefix"
            autocomplete="off"
            .value=${this.namePrefix}
            @input=${(e: Event) => (this.namePrefix = (e.target as HTMLInputElement).value)}
        /></label>
        <label
          >${t("jsts.voivodeship")}
          <select name="voivodeship" @change=${(e: Event) => (this.voivodeship = (e.target as HTMLSelectElement).value)}>
            ${voivodeshipOptions(this.voivodeship, "jsts.any")}
          </select></label
        >
        <label
          >${t("jsts.kind")}
          <select name="kind" @change=${(e: Event) => (this.kind = (e.target as HTMLSelectElement).value as Kind | "")}>
            <option value="" ?selected=${this.kind === ""}>${t("jsts.any")}</option>
            ${KINDS.map(
              (kind) => html`<option value=${kind} ?selected=${this.kind === kind}>${t(`kind.${kind}`)}</option>`,
            )}
          </select></label
        >
        <button type="submit" ?disabled=${this.busy}>${t("jsts.search")}</button>
      </form>
      ${alertRegion(this.failure)}
      ${this.renderResults()}
    `;
  }

  private renderResults() {
    if (this.jsts === null) return nothing;
    if (this.jsts.length === 0) return html`<p role="status">${t("jsts.none")}</p>`;
    return html`
      <p role="status">${t("jsts.count", { count: this.jsts.length })}</p>
      <table>
        <caption>${t("jsts.results")}</caption>
        ${columnHeads(["jsts.teryt", "jsts.name", "jsts.kind", "jsts.voivodeship", "jsts.registerDate"])}
        <tbody>
          ${this.jsts.map(
            (jst) => html`<tr>
              <td>${jst.teryt}</td>
              <th scope="row"><a href=${hrefOfScreen("jst", { teryt: jst.teryt ?? "" })}>${jst.name}</a></th>
              <td>
                ${jst.kind && jst.kind !== "JST_KIND_UNSPECIFIED" ? t(`kind.${jst.kind}`) : ""}${jst.cityWithCountyRights
                  ? html`, ${t("jsts.cityWithCountyRights")}`
                  : nothing}
              </td>
              <td>${voivodeshipName(jst.voivodeship ?? "")}</td>
              <td>${jst.registerDate ? civilDate(jst.registerDate) : ""}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${nextPageButton(this.nextPageToken, this.busy, "jsts.next", (token) => this.search(token))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-registry-page": JstRegistryPage;
  }
}
