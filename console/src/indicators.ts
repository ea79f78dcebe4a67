// The indicators screen's logic, apart from the page: the choices kept in
// the address (edition, period, breakdowns, indicator), a period choice as
// the ISO interval the API reads, the evidence query of a figure, and a
// breakdown arranged for a chart.
import type { Readable } from "openapi-typescript-helpers";
import type { components, paths } from "./generated/api.js";

export type Indicator = Readable<components["schemas"]["Indicator"]>;
export type IndicatorsAnswer = Readable<components["schemas"]["ListIndicatorsResponse"]>;
export type BreakdownKey = Readable<components["schemas"]["BreakdownKey"]>;
export type Figure = Readable<components["schemas"]["Figure"]>;
export type IndicatorsQuery = NonNullable<paths["/v1/indicators"]["get"]["parameters"]["query"]>;
export type EvidenceQuery = NonNullable<paths["/v1/indicators/{code}/evidence"]["get"]["parameters"]["query"]>;
export type Dimension = Exclude<NonNullable<IndicatorsQuery["groupBy"]>[number], "DIMENSION_UNSPECIFIED">;

// Every dimension the API knows (the compiler refuses one it does not).
export const DIMENSIONS: readonly Dimension[] = [
  "VOIVODESHIP",
  "JST_KIND",
  "SEX",
  "TARGET_GROUP",
  "MONTH",
  "QUARTER",
  "YEAR",
];
export const MAX_BREAKDOWNS = 3;

export function isPeriodDimension(dimension: string): boolean {
  return dimension === "MONTH" || dimension === "QUARTER" || dimension === "YEAR";
}

// The breakdowns asked for: known dimensions, each once, at most three, in
// the order given.
export function breakdownsOf(values: readonly string[]): Dimension[] {
  const chosen: Dimension[] = [];
  for (const value of values) {
    const dimension = DIMENSIONS.find((candidate) => candidate === value);
    if (dimension && !chosen.includes(dimension) && chosen.length < MAX_BREAKDOWNS) chosen.push(dimension);
  }
  return chosen;
}

// A period as the form chooses it: the whole edition (kind ""), a year, a
// quarter of a year or a month ("2017-04", as <input type="month"> writes).
export interface PeriodChoice {
  readonly kind: "" | "YEAR" | "QUARTER" | "MONTH";
  readonly year: string;
  readonly quarter: string;
  readonly month: string;
}

export const WHOLE_EDITION: PeriodChoice = { kind: "", year: "", quarter: "1", month: "" };

// The ISO interval of a choice ("2017-04-01/P1M", "2017-04-01/P3M",
// "2017-01-01/P1Y"); "" for the whole edition or a choice not complete.
export function periodOf(choice: PeriodChoice): string {
  if (choice.kind === "YEAR" && /^\d{4}$/.test(choice.year)) return `${choice.year}-01-01/P1Y`;
  if (choice.kind === "QUARTER" && /^\d{4}$/.test(choice.year) && /^[1-4]$/.test(choice.quarter)) {
    const month = 3 * (Number(choice.quarter) - 1) + 1;
    return `${choice.year}-${String(month).padStart(2, "0")}-01/P3M`;
  }
  if (choice.kind === "MONTH" && /^\d{4}-(0[1-9]|1[0-2])$/.test(choice.month)) return `${choice.month}-01/P1M`;
  return "";
}

// What periodOf wrote, read back (an address's `period`); anything else is
// the whole edition.
export function choiceOf(period: string): PeriodChoice {
  const match = /^(\d{4})-(\d{2})-01\/P(1Y|3M|1M)$/.exec(period);
  if (!match) return WHOLE_EDITION;
  const [, year = "", month = "", unit] = match;
  const monthNumber = Number(month);
  if (unit === "1Y" && month === "01") return { ...WHOLE_EDITION, kind: "YEAR", year };
  if (unit === "3M" && monthNumber % 3 === 1) {
    return { ...WHOLE_EDITION, kind: "QUARTER", year, quarter: String((monthNumber + 2) / 3) };
  }
  if (unit === "1M" && monthNumber >= 1 && monthNumber <= 12) {
    return { ...WHOLE_EDITION, kind: "MONTH", year, month: `${year}-${month}` };
  }
  return WHOLE_EDITION;
}

// The parts of a period the API names in a breakdown ("2017-04-01/P1M"),
// for writing it in the user's words; undefined for any other text.
export function periodParts(value: string): { year: number; quarter?: number; month?: number } | undefined {
  const choice = choiceOf(value);
  if (choice.kind === "YEAR") return { year: Number(choice.year) };
  if (choice.kind === "QUARTER") return { year: Number(choice.year), quarter: Number(choice.quarter) };
  if (choice.kind === "MONTH") return { year: Number(choice.year), month: Number(choice.month.slice(5)) };
  return undefined;
}

// A period's months, [first, end) counted from year 0; undefined for a
// text periodOf does not write ("" is the whole edition).
function monthsOf(period: string): { first: number; end: number } | undefined {
  const parts = periodParts(period);
  if (!parts) return undefined;
  const length = parts.month !== undefined ? 1 : parts.quarter !== undefined ? 3 : 12;
  const first = 12 * parts.year + (parts.month ?? (parts.quarter !== undefined ? 3 * parts.quarter - 2 : 1)) - 1;
  return { first, end: first + length };
}

// Whether the period `inner` lies inside `outer` ("" is the whole edition,
// which holds every period).
export function periodWithin(inner: string, outer: string): boolean {
  if (outer === "") return true;
  const a = monthsOf(inner);
  const b = monthsOf(outer);
  return a !== undefined && b !== undefined && a.first >= b.first && a.end <= b.end;
}

const PERIOD_MONTHS: Readonly<Record<string, number>> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

// Whether a breakdown fits the period chosen (its kind, "" for the whole
// edition): a period breakdown longer than the period is not offered, as
// its one row would count only the chosen period's records.
export function breakdownFits(dimension: string, periodKind: PeriodChoice["kind"]): boolean {
  if (!isPeriodDimension(dimension) || periodKind === "") return true;
  return (PERIOD_MONTHS[dimension] ?? 0) <= (PERIOD_MONTHS[periodKind] ?? 0);
}

// The period of the figure at `keys` under the screen's period: a period
// key where it lies inside the screen's period, else the screen's (the
// reporting service counts a coarser row, "2017-04-01/P3M" under April
// 2017, over the screen's period only).
export function figurePeriod(period: string, keys: readonly BreakdownKey[]): string {
  const key = keys.find((candidate) => isPeriodDimension(candidate.dimension ?? ""))?.value ?? "";
  return key !== "" && periodWithin(key, period) ? key : period;
}

// The query of the figure at `keys` (none for a total) under the screen's
// edition and period: a breakdown row's keys become the evidence's filters,
// its period key as figurePeriod says.
export function evidenceQuery(edition: string, period: string, keys: readonly BreakdownKey[]): EvidenceQuery {
  const query: EvidenceQuery = { edition };
  const scope = figurePeriod(period, keys);
  if (scope !== "") query.period = scope;
  for (const { dimension, value = "" } of keys) {
    if (dimension === "VOIVODESHIP") query.voivodeship = value;
    else if (dimension === "JST_KIND") query.kind = value as EvidenceQuery["kind"];
    else if (dimension === "SEX") query.sex = value as EvidenceQuery["sex"];
    else if (dimension === "TARGET_GROUP") query.targetGroup = value as EvidenceQuery["targetGroup"];
  }
  return query;
}

// A figure's value as a number for a chart; null where there is none (a
// ratio over nothing).
export function chartValue(figure: Figure | undefined): number | null {
  const value = figure?.value ?? "";
  return value === "" ? null : Number(value);
}

export interface ChartData {
  // The dimension along the axis: the period one if any, else the first.
  readonly axis: Dimension;
  // Its values, in the API's order.
  readonly labels: readonly string[];
  // One series per combination of the other dimensions' values (one series
  // with no keys when there are none), a value per label.
  readonly series: readonly { readonly keys: readonly BreakdownKey[]; readonly values: readonly (number | null)[] }[];
}

// An indicator's breakdown by `dimensions` arranged for a chart; undefined
// without a breakdown.
export function chartOf(indicator: Indicator, dimensions: readonly Dimension[]): ChartData | undefined {
  const axis = dimensions.find(isPeriodDimension) ?? dimensions[0];
  if (axis === undefined) return undefined;
  const rows = indicator.breakdown ?? [];
  const axisValue = (keys: readonly BreakdownKey[]) => keys.find((key) => key.dimension === axis)?.value ?? "";
  const others = (keys: readonly BreakdownKey[]) => keys.filter((key) => key.dimension !== axis);
  const labels = [...new Set(rows.map((row) => axisValue(row.keys ?? [])))];
  const series = new Map<string, { keys: BreakdownKey[]; values: (number | null)[] }>();
  for (const row of rows) {
    const keys = others(row.keys ?? []);
    const name = JSON.stringify(keys.map((key) => key.value));
    let entry = series.get(name);
    if (!entry) {
      entry = { keys, values: labels.map(() => null) };
      series.set(name, entry);
    }
    entry.values[labels.indexOf(axisValue(row.keys ?? []))] = chartValue(row.figure);
  }
  return { axis, labels, series: [...series.values()] };
}
