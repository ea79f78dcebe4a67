// The officials a form may choose from (enrolling in a community, booking
// an expert table): the active representatives of a JST's qualified
// application in an edition, named where the role may read names (an
// audited read with `purpose`), else "<JST>, urzędnik n".
import { html, type TemplateResult } from "lit";
import { api } from "../api.js";
import { readsNames } from "../communities.js";
import { dataOf } from "../errors.js";
import type { Role } from "../roles.js";
import type { MessageKey } from "../i18n/pl.js";
import { t } from "./text.js";

export interface Candidate {
  readonly participant: string;
  readonly label: string;
}

export async function officialsOfJst(
  edition: string,
  teryt: string,
  role: Role | null,
  purpose: string,
): Promise<Candidate[]> {
  const list = await dataOf(
    api.GET("/v1/editions/{edition}/applications", { params: { path: { edition }, query: { teryt } } }),
  );
  const application = list.applications?.find((a) => a.teryt === teryt && a.status === "QUALIFIED");
  const ids = (application?.representatives ?? [])
    .filter((r) => r.status === "PARTICIPANT_ACTIVE")
    .map((r) => r.participant ?? "")
    .filter((id) => id !== "");
  const jst = (await api.GET("/v1/jsts/{teryt}", { params: { path: { teryt } } })).data?.name ?? teryt;
  return Promise.all(
    ids.map(async (participant, i) => {
      let name = "";
      if (readsNames(role)) {
        const { data } = await api.GET("/v1/participants/{participant}", {
          params: { path: { participant }, query: { purpose } },
        });
        name = data ? `${data.firstName ?? ""} ${data.lastName ?? ""}`.trim() : "";
      }
      return { participant, label: name || t("community.memberOf", { jst, number: i + 1 }) };
    }),
  );
}

// The labelled list of `candidates` (its label `label`), `chosen` selected;
// `choose` gets the participant picked.
export function officialSelect(
  candidates: readonly Candidate[],
  chosen: string,
  label: MessageKey,
  choose: (participant: string) => void,
): TemplateResult {
  return html`<span class="field"
    ><label for="official">${t(label)}</label>
    <select id="official" @change=${(e: Event) => choose((e.target as HTMLSelectElement).value)}>
      ${candidates.map(
        (c) => html`<option value=${c.participant} ?selected=${c.participant === chosen}>${c.label}</option>`,
      )}
    </select></span
  >`;
}
