// The programme dashboard's arithmetic (components/dashboard-page.ts): the
// pacing chart's series from GET /v1/progress, a region's band of projected
// effectiveness, and counting every page of a list.
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "./generated/api.js";

export type Pacing = Readable<components["schemas"]["Pacing"]>;

export interface PacingSeries {
  // "YYYY-MM": the trajectory's months, then those up to the edition's end.
  readonly months: string[];
  // Cumulative at each month's end; null after the trajectory.
  readonly plans: (number | null)[];
  readonly jsts: (number | null)[];
  // A straight line from today's plans (at the trajectory's last month) to
  // the API's projectedPlans at the edition's end; null before. The API
  // gives no rate, only that end point (already capped at the supported
  // JSTs), so the months between lie on the straight line: where the API
  // capped the projection, the real pace would reach the cap earlier.
  readonly projection: (number | null)[];
  // The plans the effectiveness target needs: target % of the JSTs
  // supported by then (after today, of those supported today).
  readonly needed: (number | null)[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

function dayNumber(civil: string): number {
  return Date.parse(`${civil}T00:00:00Z`) / DAY_MS;
}

// The last day of month "YYYY-MM" as "YYYY-MM-DD".
function monthEnd(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number);
  return new Date(Date.UTC(year ?? 0, monthNumber ?? 1, 0)).toISOString().slice(0, 10);
}

function nextMonth(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number);
  return new Date(Date.UTC(year ?? 0, monthNumber ?? 1, 1)).toISOString().slice(0, 7);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

// The chart of `pacing` measured at `asOf` for an edition ending on
// `endsOn` (absent: no projection), with the effectiveness target
// `targetPercent`. The projection joins today's plans to the API's
// `projectedPlans` at the edition's end by a straight line, by day: the API
// computes that end point (the last 90 days' pace, capped at the supported
// JSTs) and gives no rate, so the console invents none.
export function pacingSeries(pacing: Pacing, asOf: string, endsOn: string | undefined, targetPercent: number): PacingSeries {
  const trajectory = pacing.trajectory ?? [];
  const months = trajectory.map((point) => point.month ?? "");
  const plans: (number | null)[] = trajectory.map((point) => Number(point.plansAdopted ?? "0"));
  const jsts: (number | null)[] = trajectory.map((point) => Number(point.jstsSupported ?? "0"));
  const share = targetPercent / 100;
  const needed: (number | null)[] = jsts.map((count) => round2((count ?? 0) * share));
  const projection: (number | null)[] = months.map(() => null);
  const plansNow = Number(pacing.plansAdopted ?? "0");
  const last = months[months.length - 1];
  if (endsOn === undefined || last === undefined || asOf >= endsOn) return { months, plans, jsts, projection, needed };

  projection[projection.length - 1] = plansNow;
  const projected = Number(pacing.projectedPlans ?? "0");
  const daysLeft = dayNumber(endsOn) - dayNumber(asOf);
  const neededNow = round2(Number(pacing.jstsSupported ?? "0") * share);
  const endMonth = endsOn.slice(0, 7);
  for (let month = nextMonth(last); month <= endMonth; month = nextMonth(month)) {
    const end = monthEnd(month) < endsOn ? monthEnd(month) : endsOn;
    const elapsed = dayNumber(end) - dayNumber(asOf);
    months.push(month);
    plans.push(null);
    jsts.push(null);
    needed.push(neededNow);
    projection.push(round2(plansNow + ((projected - plansNow) * elapsed) / daysLeft));
  }
  return { months, plans, jsts, projection, needed };
}

// How a region stands on projected effectiveness: at or above the target
// ("met"), within NEAR_POINTS percentage points of it ("near"), further
// below ("far"), or no supported JST ("none"). The API's belowTarget
// decides "met".
export type Band = "met" | "near" | "far" | "none";

export const NEAR_POINTS = 15;

export function bandOf(pacing: Pacing | undefined, targetPercent: number): Band {
  if (pacing === undefined || (pacing.projectedEffectiveness ?? "") === "") return "none";
  if (!pacing.belowTarget) return "met";
  return Number(pacing.projectedEffectiveness) >= targetPercent - NEAR_POINTS ? "near" : "far";
}

// The number of items on every page of a list: `page(token)` reads one
// page (token "" for the first) and returns its item count and the next
// page's token ("" after the last).
export async function countAllPages(page: (token: string) => Promise<{ count: number; next: string }>): Promise<number> {
  let total = 0;
  let token = "";
  do {
    const answer = await page(token);
    total += answer.count;
    token = answer.next;
  } while (token !== "");
  return total;
}

// The items of a list shown at first: the first `cap`, or all once
// `expanded`.
export const LIST_CAP = 20;

export function shownItems<T>(items: readonly T[], expanded: boolean, cap = LIST_CAP): readonly T[] {
  return expanded ? items : items.slice(0, cap);
}
