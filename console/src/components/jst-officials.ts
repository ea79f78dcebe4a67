// The officials of one application on a JST's page: for each
// representative, the training record (GET
// /v1/participants/{participant}/training) and, for the roles the API gives
// personal data to, the name (GET /v1/participants/{participant}, read with
// a purpose and audited by recruitment). A role without the training call
// gets "no access" for the table, never a failed request.
import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Readable } from "openapi-typescript-helpers";
import { api } from "../api.js";
import { dataOf, failureOf, type UserMessage } from "../errors.js";
import type { components } from "../generated/api.js";
import { mayCall } from "../screens.js";
import { StoreController, store } from "../store.js";
import type { MessageKey } from "../i18n/pl.js";
import { columnHeads } from "./column-heads.js";
import type { Application } from "./jst-application.js";
import { jstStyles } from "./jst-styles.js";
import { shared } from "./styles.js";
import { civilDate, decimal, t } from "./text.js";

type Training = Readable<components["schemas"]["ParticipantTraining"]>;
// A read that may fail on its own, without failing the table.
export type Result<T> = { readonly value: T } | { readonly failure: UserMessage };

interface Official {
  readonly participant: string;
  readonly name: Result<string> | null;
  readonly training: Result<Training>;
}

// Why the names are read (recorded in recruitment's audit row).
const PURPOSE = "Karta JST w konsoli: postęp szkolenia przedstawicieli";

export async function read<T>(call: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Result<T>> {
  try {
    return { value: await dataOf(call()) };
  } catch (failure) {
    return { failure: failureOf(failure) };
  }
}

@customElement("jst-officials")
export class JstOfficials extends LitElement {
  static override styles = [shared, jstStyles];
  private readonly storeController = new StoreController(this);

  @property({ attribute: false }) application: Application | null = null;
  @state() private officials: Official[] | null = null;
  // The latest load's number: an answer to an earlier application changes
  // nothing.
  private ticket = 0;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("application")) void this.load();
  }

  private async load(): Promise<void> {
    const ticket = ++this.ticket;
    this.officials = null;
    const role = store.session?.role ?? null;
    if (!mayCall("GET /v1/participants/{participant}/training", role)) return;
    const withNames = mayCall("GET /v1/participants/{participant}", role);
    const ids = (this.application?.representatives ?? []).map((r) => r.participant ?? "");
    const officials = await Promise.all(
      ids.map(async (participant) => {
        const path = { participant };
        const [training, person] = await Promise.all([
          read(() => api.GET("/v1/participants/{participant}/training", { params: { path } })),
          withNames
            ? read(() => api.GET("/v1/participants/{participant}", { params: { path, query: { purpose: PURPOSE } } }))
            : Promise.resolve(null),
        ]);
        const name =
          person && "value" in person
            ? { value: `${person.value.firstName ?? ""} ${person.value.lastName ?? ""}`.trim() }
            : person;
        return { participant, name, training };
      }),
    );
    if (ticket === this.ticket) this.officials = officials;
  }

  override render() {
    const app = this.application;
    if (!app) return nothing;
    if (!mayCall("GET /v1/participants/{participant}/training", store.session?.role ?? null)) {
      return html`<p>${t("jst.noAccess", { what: t("jst.officials") })}</p>`;
    }
    const representatives = app.representatives ?? [];
    if (representatives.length === 0) return html`<p>${t("jst.noOfficials")}</p>`;
    if (this.officials === null) return html`<p role="status">${t("app.loading")}</p>`;
    return html`<table>
      <caption>${t("jst.officialsCaption", { code: app.edition ?? "" })}</caption>
      ${columnHeads(["jst.official", ...SUMMARY_HEADINGS, ...TRAINING_HEADINGS])}
      <tbody>
        ${this.officials.map((official, i) => {
          return html`<tr data-participant=${official.participant}>
            <th scope="row">${this.nameOf(official, i)}</th>
            ${summaryCells(representatives[i])}
            ${trainingCells(official.training)}
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private nameOf(official: Official, i: number): string {
    const fallback = t("jst.officialNumber", { number: i + 1 });
    if (official.name === null) return fallback;
    if ("value" in official.name) return official.name.value || fallback;
    return `${fallback} (${t(official.name.failure.key, official.name.failure.params)})`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "jst-officials": JstOfficials;
  }
}

type Summary = NonNullable<Application["representatives"]>[number];

// The headings of summaryCells' two columns and of trainingCells' four.
export const SUMMARY_HEADINGS = ["jst.targetGroup", "jst.participantStatus"] as const satisfies readonly MessageKey[];

export const TRAINING_HEADINGS = [
  "jst.hours",
  "jst.percent",
  "jst.completed",
  "jst.modules",
  "jst.elearning",
] as const satisfies readonly MessageKey[];

// A representative's target group and participation, in words.
export function summaryCells(summary: Summary | undefined) {
  const group = summary?.targetGroup && summary.targetGroup !== "TARGET_GROUP_UNSPECIFIED" ? t(`code.${summary.targetGroup}`) : "";
  const status = summary?.status && summary.status !== "PARTICIPANT_STATUS_UNSPECIFIED" ? t(`jst.participant.${summary.status}`) : "";
  return html`<td>${group}</td>
    <td>${status}</td>`;
}

// A representative's training record as five cells (hours, share,
// completed, hours per module, the e-learning courses completed), or its
// failure across them.
export function trainingCells(training: Result<Training>) {
  if (!("value" in training)) {
    return html`<td colspan=${TRAINING_HEADINGS.length}>${t(training.failure.key, training.failure.params)}</td>`;
  }
  const record = training.value;
  return html`<td data-field="hours">
      ${t("jst.hoursOf", { attended: decimal(record.attendedHours ?? "0"), planned: decimal(record.plannedHours ?? "0") })}
    </td>
    <td data-field="percent">${t("jst.percentValue", { percent: record.attendedPercent ?? 0 })}</td>
    <td data-field="completed">${t(record.completed ? "jst.yes" : "jst.no")}</td>
    <td data-field="modules">
      ${(record.modules ?? []).map(
        (m) =>
          html`<div>
            ${t("jst.module", {
              number: m.number ?? 0,
              attended: decimal(m.attendedHours ?? "0"),
              planned: decimal(m.plannedHours ?? "0"),
            })}
          </div>`,
      )}
    </td>
    <td data-field="elearning">
      ${(record.elearning ?? []).length === 0
        ? t("jst.elearningNone")
        : (record.elearning ?? []).map(
            (e) =>
              html`<div>
                ${t("jst.elearningCourse", {
                  course: e.courseTitle || e.course || "",
                  hours: e.courseHours ?? 0,
                  date: civilDate(e.completedOn ?? ""),
                })}
              </div>`,
          )}
    </td>`;
}
