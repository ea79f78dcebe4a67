// The experts registry's logic (components/experts-page.ts, expert-page.ts,
// case-assignment.ts): the filters and their address, an expert's caseload,
// who may take a case, and the handover plan of a deactivation — what was
// shown, what is sent, and whether the server still carries it out.
import type { Readable } from "openapi-typescript-helpers";
import { violationTypesOf } from "./errors.js";
import type { components } from "./generated/api.js";

export type Expert = Readable<components["schemas"]["Expert"]>;
export type Handover = Readable<components["schemas"]["Handover"]>;
export type Speciality = Exclude<NonNullable<Expert["speciality"]>, "SPECIALITY_UNSPECIFIED">;

export const SPECIALITIES: readonly Speciality[] = ["EDUCATION_DEVELOPMENT", "PERSONNEL_DEVELOPMENT"];

// The stages of a case that is still open (the API's load counts them).
export const OPEN_STAGES: readonly string[] = ["AREA_CHOICE", "NEEDS_DIAGNOSIS", "ROLLOUT"];

// The registry's choices, as kept in the address.
export interface ExpertFilters {
  readonly speciality: Speciality | "";
  readonly voivodeship: string;
  readonly activeOnly: boolean;
}

// The filters of an address's query; an unknown speciality or a
// voivodeship that is not two digits is no filter.
export function expertFiltersOf(query: URLSearchParams): ExpertFilters {
  const speciality = query.get("speciality") ?? "";
  const voivodeship = query.get("voivodeship") ?? "";
  return {
    speciality: (SPECIALITIES as readonly string[]).includes(speciality) ? (speciality as Speciality) : "",
    voivodeship: /^\d{2}$/.test(voivodeship) ? voivodeship : "",
    activeOnly: query.get("activeOnly") === "true",
  };
}

// The address's query of the filters (address.ts writeQuery).
export function addressOf(filters: ExpertFilters): Record<string, string> {
  return {
    speciality: filters.speciality,
    voivodeship: filters.voivodeship,
    activeOnly: filters.activeOnly ? "true" : "",
  };
}

// The API's query of the filters (each left out when it is "any").
export function expertQuery(
  filters: ExpertFilters,
  pageSize: number,
): { speciality?: Speciality; voivodeship?: string; activeOnly?: boolean; pageSize: number } {
  return {
    pageSize,
    ...(filters.speciality !== "" ? { speciality: filters.speciality } : {}),
    ...(filters.voivodeship !== "" ? { voivodeship: filters.voivodeship } : {}),
    ...(filters.activeOnly ? { activeOnly: true } : {}),
  };
}

export interface Caseload {
  readonly open: number;
  readonly max: number;
  // Whether the expert has no room for another case.
  readonly full: boolean;
}

// What the registry's rules read of an expert.
export interface ExpertLoad {
  readonly id?: string;
  readonly active?: boolean;
  readonly speciality?: string;
  readonly voivodeships?: readonly string[];
  readonly openCases?: number;
  readonly maxCaseload?: number;
}

export function caseloadOf(expert: ExpertLoad): Caseload {
  const open = expert.openCases ?? 0;
  const max = expert.maxCaseload ?? 0;
  return { open, max, full: open >= max };
}

// The experts who may take a case of `voivodeship` in `speciality`:
// active, serving it, with room, not `leaving` — or `current`, the one
// chosen already, whatever their load. The API stays the judge.
export function eligibleExperts<E extends ExpertLoad>(
  experts: readonly E[],
  speciality: Speciality,
  voivodeship: string,
  leaving = "",
  current = "",
): E[] {
  return experts.filter(
    (expert) =>
      expert.id === current ||
      (expert.id !== leaving &&
        expert.active === true &&
        expert.speciality === speciality &&
        (expert.voivodeships ?? []).includes(voivodeship) &&
        !caseloadOf(expert).full),
  );
}

// The plan with case `kase` going to `expert` instead: the request's
// choices for the next preview (every other case as shown).
export function planWith(plan: readonly Handover[], kase: string, expert: string): { case: string; expert: string }[] {
  return plan.map((handover) => ({
    case: handover.case ?? "",
    expert: handover.case === kase ? expert : (handover.expert ?? ""),
  }));
}

// The plan's choices for another preview: each case to the expert shown,
// only the cases among `open` (the expert's open cases as read now).
export function handoversOf(plan: readonly Handover[], open?: readonly string[]): { case: string; expert: string }[] {
  return plan
    .filter((handover) => open === undefined || open.includes(handover.case ?? ""))
    .map((handover) => ({ case: handover.case ?? "", expert: handover.expert ?? "" }));
}

// The confirmation's body: the plan shown, whole — each case, the expert
// taking it and its guardian — as the exact plan (exactPlan), which the
// server carries out only if it is still the plan (services/advisory).
export function confirmationOf(
  plan: readonly Handover[],
  note: string,
): { handoverNote: string; handovers: { case: string; expert: string; guardian: string }[]; exactPlan: true } {
  return {
    handoverNote: note,
    handovers: plan.map((handover) => ({
      case: handover.case ?? "",
      expert: handover.expert ?? "",
      guardian: handover.guardian ?? "",
    })),
    exactPlan: true,
  };
}

// Whether a refused confirmation says the plan is no longer the one shown
// (409 FAILED_PRECONDITION PLAN_CHANGED): nothing changed.
export function planChanged(status: number, body: unknown): boolean {
  return status === 409 && violationTypesOf(body).includes("PLAN_CHANGED");
}
