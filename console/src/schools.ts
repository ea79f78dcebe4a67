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
