import assert from "node:assert/strict";
import { test } from "node:test";
import {
  WHOLE_EDITION,
  breakdownFits,
  breakdownsOf,
  chartOf,
  choiceOf,
  evidenceQuery,
  periodOf,
  periodParts,
  periodWithin,
  type Indicator,
} from "./indicators.js";

test("breakdowns are known dimensions, each once, at most three", () => {
  assert.deepEqual(breakdownsOf(["VOIVODESHIP", "JST_KIND"]), ["VOIVODESHIP", "JST_KIND"]);
  assert.deepEqual(breakdownsOf(["SEX", "SEX", "PLANET", "YEAR", "MONTH", "JST_KIND"]), ["SEX", "YEAR", "MONTH"]);
  assert.deepEqual(breakdownsOf(["DIMENSION_UNSPECIFIED", ""]), []);
});

test("a period choice is the ISO interval the API reads, and back", () => {
  const year = { ...WHOLE_EDITION, kind: "YEAR", year: "2017" } as const;
  const quarter = { ...WHOLE_EDITION, kind: "QUARTER", year: "2017", quarter: "2" } as const;
  const month = { ...WHOLE_EDITION, kind: "MONTH", year: "2017", month: "2017-04" } as const;
  assert.equal(periodOf(WHOLE_EDITION), "");
  assert.equal(periodOf(year), "2017-01-01/P1Y");
  assert.equal(periodOf(quarter), "2017-04-01/P3M");
  assert.equal(periodOf({ ...quarter, quarter: "4" }), "2017-10-01/P3M");
  assert.equal(periodOf(month), "2017-04-01/P1M");
  assert.deepEqual(choiceOf("2017-01-01/P1Y"), year);
  assert.deepEqual(choiceOf("2017-04-01/P3M"), quarter);
  assert.deepEqual(choiceOf("2017-04-01/P1M"), month);
});

test("an unfinished choice or a foreign period is the whole edition", () => {
  assert.equal(periodOf({ ...WHOLE_EDITION, kind: "YEAR", year: "17" }), "");
  assert.equal(periodOf({ ...WHOLE_EDITION, kind: "MONTH", month: "2017-13" }), "");
  for (const period of ["", "2017-02-01/P3M", "2017-04-01/2017-06-30", "2017-13-01/P1M", "2017-04-01/P1Y"]) {
    assert.deepEqual(choiceOf(period), WHOLE_EDITION, period);
  }
  assert.equal(periodParts("PL"), undefined);
  assert.deepEqual(periodParts("2017-07-01/P3M"), { year: 2017, quarter: 3 });
  assert.deepEqual(periodParts("2017-12-01/P1M"), { year: 2017, month: 12 });
});

test("a breakdown row's keys are the evidence's filters; its period replaces the screen's", () => {
  assert.deepEqual(evidenceQuery("PILOT", "", []), { edition: "PILOT" });
  assert.deepEqual(evidenceQuery("PILOT", "2017-01-01/P1Y", []), { edition: "PILOT", period: "2017-01-01/P1Y" });
  assert.deepEqual(
    evidenceQuery("PILOT", "2017-01-01/P1Y", [
      { dimension: "VOIVODESHIP", value: "24" },
      { dimension: "JST_KIND", value: "URBAN_COMMUNE" },
      { dimension: "SEX", value: "FEMALE" },
      { dimension: "TARGET_GROUP", value: "DECISION_MAKER" },
      { dimension: "MONTH", value: "2017-04-01/P1M" },
    ]),
    {
      edition: "PILOT",
      voivodeship: "24",
      kind: "URBAN_COMMUNE",
      sex: "FEMALE",
      targetGroup: "DECISION_MAKER",
      period: "2017-04-01/P1M",
    },
  );
});

test("a period key coarser than the screen's period leaves the screen's: the row counts that period only", () => {
  const april = "2017-04-01/P1M";
  const secondQuarter = "2017-04-01/P3M";
  assert.deepEqual(evidenceQuery("PILOT", april, [{ dimension: "QUARTER", value: secondQuarter }]), {
    edition: "PILOT",
    period: april,
  });
  assert.deepEqual(
    evidenceQuery("PILOT", secondQuarter, [
      { dimension: "YEAR", value: "2017-01-01/P1Y" },
      { dimension: "VOIVODESHIP", value: "24" },
    ]),
    { edition: "PILOT", period: secondQuarter, voivodeship: "24" },
  );
  assert.deepEqual(evidenceQuery("PILOT", secondQuarter, [{ dimension: "QUARTER", value: secondQuarter }]), {
    edition: "PILOT",
    period: secondQuarter,
  });
  assert.deepEqual(evidenceQuery("PILOT", "", [{ dimension: "QUARTER", value: secondQuarter }]), {
    edition: "PILOT",
    period: secondQuarter,
  });
});

test("a period lies within another when all its months do", () => {
  assert.equal(periodWithin("2017-04-01/P1M", ""), true);
  assert.equal(periodWithin("2017-06-01/P1M", "2017-04-01/P3M"), true);
  assert.equal(periodWithin("2017-07-01/P1M", "2017-04-01/P3M"), false);
  assert.equal(periodWithin("2017-10-01/P3M", "2017-01-01/P1Y"), true);
  assert.equal(periodWithin("2017-01-01/P1Y", "2017-01-01/P1Y"), true);
  assert.equal(periodWithin("2017-04-01/P3M", "2017-04-01/P1M"), false);
  assert.equal(periodWithin("2017-01-01/P1Y", "2017-04-01/P3M"), false);
  assert.equal(periodWithin("2016-12-01/P1M", "2017-01-01/P1Y"), false);
});

test("period breakdowns longer than the period chosen are not offered", () => {
  for (const dimension of ["MONTH", "QUARTER", "YEAR", "VOIVODESHIP"]) {
    assert.equal(breakdownFits(dimension, ""), true, dimension);
    assert.equal(breakdownFits(dimension, "YEAR"), true, dimension);
  }
  assert.equal(breakdownFits("MONTH", "QUARTER"), true);
  assert.equal(breakdownFits("QUARTER", "QUARTER"), true);
  assert.equal(breakdownFits("YEAR", "QUARTER"), false);
  assert.equal(breakdownFits("MONTH", "MONTH"), true);
  assert.equal(breakdownFits("QUARTER", "MONTH"), false);
  assert.equal(breakdownFits("YEAR", "MONTH"), false);
  assert.equal(breakdownFits("SEX", "MONTH"), true);
});

test("a chart runs along the period, one series per other combination, gaps empty", () => {
  const row = (month: string, kind: string, value: string) => ({
    keys: [
      { dimension: "JST_KIND" as const, value: kind },
      { dimension: "MONTH" as const, value: month },
    ],
    figure: { value, numerator: value, denominator: "0" },
  });
  const indicator: Indicator = {
    breakdown: [
      row("2017-03-01/P1M", "RURAL_COMMUNE", "2"),
      row("2017-04-01/P1M", "RURAL_COMMUNE", "5"),
      row("2017-04-01/P1M", "COUNTY", ""),
    ],
  };
  assert.equal(chartOf(indicator, []), undefined);
  assert.deepEqual(chartOf(indicator, ["JST_KIND", "MONTH"]), {
    axis: "MONTH",
    labels: ["2017-03-01/P1M", "2017-04-01/P1M"],
    series: [
      { keys: [{ dimension: "JST_KIND", value: "RURAL_COMMUNE" }], values: [2, 5] },
      { keys: [{ dimension: "JST_KIND", value: "COUNTY" }], values: [null, null] },
    ],
  });
  assert.equal(chartOf(indicator, ["JST_KIND"])?.axis, "JST_KIND");
});
