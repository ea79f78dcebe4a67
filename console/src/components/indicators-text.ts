// The indicators screen's values in the user's words: names, breakdown
// keys, figures (a percentage with the counts it was made of: "90,00 % (27 /
// 30)"), shared by the page and the evidence dialog.
import type { Readable } from "openapi-typescript-helpers";
import type { components } from "../generated/api.js";
import { catalogue } from "../i18n/i18n.js";
import type { MessageKey } from "../i18n/pl.js";
import { periodParts, type Figure } from "../indicators.js";
import { store } from "../store.js";
import { voivodeshipName } from "../voivodeships.js";
import { decimal, t } from "./text.js";

type Definition = Readable<components["schemas"]["IndicatorDefinition"]>;

export function indicatorName(definition: Definition | undefined): string {
  const name = store.locale === "pl" ? definition?.namePl : definition?.nameEn;
  return name || definition?.code || "";
}

// The message `key`, or `fallback` for a value the catalogue does not name
// (an enum value newer than the console).
function wordOr(key: string, fallback: string): string {
  return key in catalogue(store.locale) ? t(key as MessageKey) : fallback;
}

export function dimensionName(dimension: string): string {
  return wordOr(`indicators.dimension.${dimension}`, dimension);
}

// A period the API names ("2017-04-01/P1M") as words: "kwiecień 2017",
// "II kwartał 2017", "2017".
export function periodName(value: string): string {
  const parts = periodParts(value);
  if (!parts) return value;
  if (parts.month !== undefined) {
    return new Intl.DateTimeFormat(store.locale === "pl" ? "pl-PL" : "en-GB", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }).format(Date.UTC(parts.year, parts.month - 1, 1));
  }
  if (parts.quarter !== undefined) {
    const roman = ["I", "II", "III", "IV"][parts.quarter - 1] ?? "";
    const quarter = store.locale === "pl" ? roman : String(parts.quarter);
    return t("indicators.quarterName", { quarter, year: String(parts.year) });
  }
  return String(parts.year);
}

// A breakdown key's value in words (a voivodeship's name, a kind, a period).
export function keyName(dimension: string, value: string): string {
  switch (dimension) {
    case "VOIVODESHIP":
      return voivodeshipName(value);
    case "JST_KIND":
      return wordOr(`kind.${value}`, value);
    case "SEX":
      return wordOr(`indicators.sex.${value}`, value);
    case "TARGET_GROUP":
      return wordOr(`code.${value}`, value);
    default:
      return periodName(value);
  }
}

// A figure as shown: a count, or a percentage with its numerator and
// denominator; a ratio over nothing has no value.
export function figureText(figure: Figure | undefined, unit: string | undefined): string {
  const value = figure?.value ?? "";
  if (unit !== "PERCENT") return value === "" ? t("indicators.noValue") : decimal(value);
  const counts = `(${decimal(figure?.numerator ?? "0")} / ${decimal(figure?.denominator ?? "0")})`;
  return `${value === "" ? t("indicators.noValue") : `${decimal(value)} %`} ${counts}`;
}
