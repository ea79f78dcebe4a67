// The schools screen's logic (components/schools-page.ts;
// docs/programme-parts.md part 5): the register's rows and the schools the
// approved schedules reach, counted as reporting counts them (a case closed
// by the JST's withdrawal reaches none), and who may load the register.
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "./generated/api.js";
import type { Role } from "./roles.js";
import { mayCall } from "./screens.js";

export type School = Readable<components["schemas"]["School"]>;
export type SchoolReached = Readable<components["schemas"]["SchoolReached"]>;
export type ImportResult = Readable<components["schemas"]["ImportSchoolsResponse"]>;

export function mayLoadRegister(role: Role | null): boolean {
  return mayCall("POST /v1/schools:import", role);
}

export function readsReached(role: Role | null): boolean {
  return mayCall("GET /v1/editions/{edition}/schools-reached", role);
}

// The schools reached as reporting's SCHOOLS_REACHED counts them: once per
// case, of cases not closed by a withdrawal.
export function countedReached(rows: readonly SchoolReached[]): number {
  return new Set(rows.filter((r) => r.caseStage !== "WITHDRAWN").map((r) => `${r.case}/${r.rspo}`)).size;
}

// ---- choosing the schools of an action (components/case-schools.ts)

// The RSPO numbers chosen in a form's field, kept as "rspo,rspo" in the
// order they were chosen.
export function chosenSchools(value: string): string[] {
  return value.split(",").filter((rspo) => rspo !== "");
}

// The field's value with `rspo` chosen (`on`) or not.
export function withSchool(value: string, rspo: string, on: boolean): string {
  const chosen = chosenSchools(value).filter((r) => r !== rspo);
  return (on ? [...chosen, rspo] : chosen).join(",");
}

// Text as a search compares it: lower case, without Polish diacritics.
function folded(text: string): string {
  return text
    .toLocaleLowerCase("pl")
    .replaceAll("ł", "l")
    .normalize("NFD")
    .replace(/\p{M}/gu, "");
}

// The schools an action may name (open ones, as the API accepts) whose
// name or RSPO number holds every word of `words` (case and diacritics
// ignored), and every chosen one whatever the words: a choice never
// disappears from sight.
export function schoolsOffered(schools: readonly School[], words: string, chosen: readonly string[]): School[] {
  const wanted = folded(words).split(/\s+/).filter((w) => w !== "");
  return schools.filter((s) => {
    if (chosen.includes(s.rspo ?? "")) return true;
    if (s.closedOn) return false;
    const text = folded(`${s.name ?? ""} ${s.rspo ?? ""}`);
    return wanted.every((w) => text.includes(w));
  });
}

// A school as a form and a schedule name it; a number the register does
// not know (or the caller may not read) as the number.
export function schoolLabel(rspo: string, schools: readonly School[]): string {
  const school = schools.find((s) => s.rspo === rspo);
  return school?.name ? `${school.name} (RSPO ${rspo})` : `RSPO ${rspo}`;
}
