// The indicators screen (console/src/components/indicators-page.ts) on the
// demonstration programme: every figure shown equals the API's answer for
// the same query (read by the test itself with apiAs), with and without
// breakdowns; a figure opens its records, whose count and pages (forward
// and back) equal the evidence API's; a ratio's row in a period breakdown
// opens exactly its numerator's and denominator's records, also where the
// breakdown is coarser than the period; a coordinator sees its voivodeship
// only. axe-core finds nothing at WCAG 2.1 AA, with the evidence open too.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DEMO_PASSWORD } from "../../tools/dev-issuer/src/accounts.mjs";
import { apiAs, baseUrl, expectAccessible, issuerUrl, launch, openPage, screenshot, signIn } from "./browser.mjs";

// The evidence dialog's page size (EVIDENCE_PAGE_SIZE).
const PAGE_SIZE = 25;

// A figure as the screen writes it, without spaces, decimal points as dots:
// "90,00 % (27 / 30)" → "90.00%(27/30)".
function normalise(text) {
  return text.replace(/[\s\u00a0\u202f]/g, "").replace(/,/g, ".");
}

// The same, from the API's figure.
function expectedText(indicator, figure) {
  const value = figure?.value ?? "";
  const shown = value === "" ? "brakwartości" : value;
  if (indicator.definition.unit !== "PERCENT") return shown;
  return `${shown}${value === "" ? "" : "%"}(${figure?.numerator ?? "0"}/${figure?.denominator ?? "0"})`;
}

const keysOf = (keys) => (keys ?? []).map((key) => `${key.dimension}=${key.value}`).join(";");

// Every figure of an API answer: "CODE|keys" → text; a not-applicable
// indicator has no figure (the screen says why).
function figuresOfAnswer(answer) {
  const figures = {};
  for (const indicator of answer.indicators) {
    if (!indicator.applicable) continue;
    const code = indicator.definition.code;
    figures[`${code}|`] = expectedText(indicator, indicator.total);
    for (const row of indicator.breakdown ?? []) {
      figures[`${code}|${keysOf(row.keys)}`] = expectedText(indicator, row.figure);
    }
  }
  return figures;
}

// Every figure on the screen, the same way.
async function figuresOnScreen(page) {
  const buttons = await page.locator("jst-indicators-page button.open").evaluateAll((elements) =>
    elements.map((element) => [
      `${element.dataset.code}|${element.dataset.keys}`,
      element.querySelector(".value")?.textContent ?? "",
    ]),
  );
  return Object.fromEntries(buttons.map(([key, text]) => [key, normalise(text)]));
}

async function openIndicators(page) {
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Wskaźniki" }).click();
  await page.getByRole("heading", { level: 1, name: "Wskaźniki" }).waitFor();
}

// Chooses the form's values and shows the answer.
async function show(page, { edition, breakdowns = [] }) {
  await page.getByLabel(/^Edycja/).selectOption(edition);
  for (const [index, dimension] of [...breakdowns, "", "", ""].slice(0, 3).entries()) {
    await page.getByLabel(new RegExp(`^Podział ${index + 1}`)).selectOption(dimension);
  }
  await page.getByRole("button", { name: "Pokaż", exact: true }).click();
  await page.getByRole("table", { name: `Wskaźniki edycji ${edition}: wartość ogółem i cel` }).waitFor();
  if (breakdowns.length > 0) await page.locator("jst-indicators-page table.breakdown").first().waitFor();
}

async function evidenceOnScreen(page) {
  const dialog = page.locator("jst-indicator-evidence dialog");
  const count = await dialog.locator(".count").textContent();
  const total = /Rekordów łącznie: ([\d\s\u00a0]+);/.exec(count)?.[1] ?? "";
  const ids = await dialog.locator("tbody th").allTextContents();
  return { total: normalise(total), ids: ids.map((id) => id.trim()) };
}

const isFocused = (locator) => locator.evaluate((element) => element.getRootNode().activeElement === element);

test("the office's figures equal the API's, with breakdowns, and open their records", { skip: !issuerUrl }, async () => {
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser.context);
    await signIn(page, "biuro");
    await openIndicators(page);

    await show(page, { edition: "PILOT" });
    const totals = await apiAs("biuro", "/v1/indicators?edition=PILOT");
    assert.deepEqual(await figuresOnScreen(page), figuresOfAnswer(totals), "the totals are the API's");
    await expectAccessible(page, "the indicators' totals");
    await screenshot(page, "indicators-totals");

    await show(page, { edition: "PILOT", breakdowns: ["VOIVODESHIP", "JST_KIND"] });
    assert.match(page.url(), /edition=PILOT&groupBy=VOIVODESHIP&groupBy=JST_KIND/, "the choices are in the address");
    const third = page.getByLabel(/^Podział 3/);
    assert.equal(await third.locator("option[value=VOIVODESHIP]").isDisabled(), true, "a breakdown is not offered twice");
    assert.equal(await third.locator("option[value=JST_KIND]").isDisabled(), true, "a breakdown is not offered twice");
    const broken = await apiAs("biuro", "/v1/indicators?edition=PILOT&groupBy=VOIVODESHIP&groupBy=JST_KIND");
    const expected = figuresOfAnswer(broken);
    assert.ok(Object.keys(expected).some((key) => key.startsWith("PLANS_ADOPTED|VOIVODESHIP=24;")), "a figure of śląskie");
    assert.deepEqual(await figuresOnScreen(page), expected, "every figure of the breakdown is the API's");
    await page.getByRole("heading", { level: 2, name: "Podziały" }).scrollIntoViewIfNeeded();
    await expectAccessible(page, "the indicators with breakdowns and a chart");
    await screenshot(page, "indicators-breakdown");
    await page.getByRole("heading", { level: 2, name: "Wykres" }).scrollIntoViewIfNeeded();
    await screenshot(page, "indicators-chart");

    // PLANS_ADOPTED in śląskie: its records, as the evidence API lists them.
    const plans = page
      .locator('jst-indicators-page button.open[data-code="PLANS_ADOPTED"][data-keys^="VOIVODESHIP=24;"]')
      .first();
    const keys = Object.fromEntries((await plans.getAttribute("data-keys")).split(";").map((pair) => pair.split("=")));
    const shownFigure = normalise(await plans.locator(".value").textContent());
    await plans.click();
    const dialog = page.locator("jst-indicator-evidence dialog");
    await dialog.locator(".count").waitFor();
    assert.equal(await isFocused(dialog.locator("h2")), true, "the dialog's heading has the focus");
    const evidence = await apiAs(
      "biuro",
      `/v1/indicators/PLANS_ADOPTED/evidence?edition=PILOT&voivodeship=24&kind=${keys.JST_KIND}&pageSize=${PAGE_SIZE}`,
    );
    assert.deepEqual(await evidenceOnScreen(page), {
      total: evidence.totalRecords,
      ids: evidence.records.map((record) => record.recordId),
    });
    assert.equal(normalise((await dialog.getByText(/^Wartość:/).textContent()).replace("Wartość:", "")), shownFigure);
    assert.equal(evidence.figure.value, shownFigure, "the evidence is of the figure clicked");
    const teryt = evidence.records[0].teryt;
    assert.equal(await dialog.getByRole("link", { name: teryt }).first().getAttribute("href"), `/console/jsts/${teryt}`);
    await page.keyboard.press("Escape");
    assert.equal(await dialog.isVisible(), false, "Escape closes the records");
    assert.equal(await isFocused(plans), true, "the focus is back on the figure");

    // The largest count of the totals has more than a page of records.
    const largest = totals.indicators
      .filter((indicator) => indicator.applicable && indicator.definition.unit === "COUNT")
      .sort((a, b) => Number(b.total.value) - Number(a.total.value))[0];
    const code = largest.definition.code;
    assert.ok(Number(largest.total.value) > PAGE_SIZE, `${code} has more than a page of records`);
    const first = await apiAs("biuro", `/v1/indicators/${code}/evidence?edition=PILOT&pageSize=${PAGE_SIZE}`);
    const token = encodeURIComponent(first.nextPageToken);
    const second = await apiAs("biuro", `/v1/indicators/${code}/evidence?edition=PILOT&pageSize=${PAGE_SIZE}&pageToken=${token}`);
    await page.locator(`jst-indicators-page table.totals button.open[data-code="${code}"]`).click();
    await dialog.getByText("strona 1,").waitFor();
    assert.deepEqual(await evidenceOnScreen(page), {
      total: first.totalRecords,
      ids: first.records.map((record) => record.recordId),
    });
    await expectAccessible(page, "the evidence of a figure");
    await screenshot(page, "indicators-evidence");
    await dialog.getByRole("button", { name: "Następna strona" }).click();
    await dialog.getByText("strona 2,").waitFor();
    assert.deepEqual(await evidenceOnScreen(page), {
      total: second.totalRecords,
      ids: second.records.map((record) => record.recordId),
    });
    // Back from page 3 (or 2) to page 1, each page the API's.
    const pages = [first, second];
    if (second.nextPageToken) {
      const next = encodeURIComponent(second.nextPageToken);
      pages.push(await apiAs("biuro", `/v1/indicators/${code}/evidence?edition=PILOT&pageSize=${PAGE_SIZE}&pageToken=${next}`));
      await dialog.getByRole("button", { name: "Następna strona" }).click();
      await dialog.getByText("strona 3,").waitFor();
    }
    for (let number = pages.length; number >= 1; number--) {
      if (number < pages.length) {
        await dialog.getByRole("button", { name: "Poprzednia strona" }).click();
        await dialog.getByText(`strona ${number},`).waitFor();
      }
      const expectedPage = pages[number - 1];
      assert.deepEqual(
        await evidenceOnScreen(page),
        { total: expectedPage.totalRecords, ids: expectedPage.records.map((record) => record.recordId) },
        `page ${number} is the API's`,
      );
    }
    assert.equal(await dialog.getByRole("button", { name: "Poprzednia strona" }).count(), 0, "no page before the first");
    await dialog.getByRole("button", { name: "Zamknij" }).click();

    // A quarter by month: the period the API is asked for is the quarter's.
    await page.getByLabel(/^Okres/).selectOption("QUARTER");
    await page.getByLabel("Rok", { exact: true }).fill("2017");
    await page.getByLabel(/^Kwartał/).selectOption("2");
    await show(page, { edition: "PILOT", breakdowns: ["MONTH"] });
    assert.match(page.url(), /period=2017-04-01%2FP3M&groupBy=MONTH/, "the period is in the address");
    const quarter = await apiAs("biuro", "/v1/indicators?edition=PILOT&period=2017-04-01/P3M&groupBy=MONTH");
    assert.deepEqual(await figuresOnScreen(page), figuresOfAnswer(quarter), "every figure of the quarter is the API's");
    await page.getByRole("heading", { level: 2, name: "Wykres" }).scrollIntoViewIfNeeded();
    await expectAccessible(page, "a quarter by month");
    await screenshot(page, "indicators-quarter");

    assert.deepEqual(problems, [], "no console error or CSP violation");
  } finally {
    await browser.close();
  }
});

// The evidence of PLAN_EFFECTIVENESS's row at `keys` on the screen: its
// count and first page, the API's evidence for `query`, and the row's
// numerator + denominator (a ratio lists numerator then denominator
// records) are one and the same.
async function expectRatioEvidence(page, keys, query, row) {
  const button = page.locator(`jst-indicators-page button.open[data-code="PLAN_EFFECTIVENESS"][data-keys="${keys}"]`);
  await button.click();
  const dialog = page.locator("jst-indicator-evidence dialog");
  await dialog.locator(".count").waitFor();
  const evidence = await apiAs("biuro", `/v1/indicators/PLAN_EFFECTIVENESS/evidence?${query}&pageSize=${PAGE_SIZE}`);
  const counted = Number(row.figure.numerator) + Number(row.figure.denominator);
  assert.equal(Number(evidence.totalRecords), counted, `the API's evidence of ${keys} is its numerator and denominator`);
  assert.deepEqual(
    await evidenceOnScreen(page),
    { total: String(counted), ids: evidence.records.map((record) => record.recordId) },
    `the records of ${keys} are the figure's`,
  );
  await dialog.getByRole("button", { name: "Zamknij" }).click();
}

test("a ratio's row in a period breakdown opens exactly its numerator's and denominator's records", { skip: !issuerUrl }, async () => {
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser.context);

    // A quarter's first month whose effectiveness grows by the quarter's
    // end: a breakdown by quarter under that month counts the month only.
    const byMonth = await apiAs("biuro", "/v1/indicators?edition=PILOT&groupBy=MONTH&codes=PLAN_EFFECTIVENESS");
    const rows = byMonth.indicators[0].breakdown;
    const size = (row) => Number(row.figure.numerator) + Number(row.figure.denominator);
    const at = rows.findIndex(
      (row, i) => /-(01|04|07|10)-01\/P1M$/.test(row.keys[0].value) && size(row) > 0 && size(rows[i + 2] ?? row) > size(row),
    );
    assert.ok(at >= 0, "a quarter whose effectiveness grows after its first month");
    const month = rows[at].keys[0].value;
    const quarter = month.replace("P1M", "P3M");

    // An address (a link, a bookmark) may ask for it; signing in returns to it.
    await page.goto(`${baseUrl}/console/indicators?edition=PILOT&period=${encodeURIComponent(month)}&groupBy=QUARTER`);
    await page.getByRole("button", { name: "Zaloguj się" }).click();
    await page.getByLabel("Login").fill("biuro");
    await page.getByLabel("Hasło").fill(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.locator("jst-indicators-page table.breakdown").first().waitFor();
    const monthByQuarter = await apiAs("biuro", `/v1/indicators?edition=PILOT&period=${month}&groupBy=QUARTER`);
    assert.deepEqual(await figuresOnScreen(page), figuresOfAnswer(monthByQuarter), "every figure is the API's");
    const ratio = monthByQuarter.indicators.find((indicator) => indicator.definition.code === "PLAN_EFFECTIVENESS");
    assert.deepEqual(ratio.breakdown.map((row) => row.keys[0].value), [quarter], "one row, named by the quarter");
    assert.equal(size(ratio.breakdown[0]), size(rows[at]), "the row counts the month only");
    await expectRatioEvidence(page, `QUARTER=${quarter}`, `edition=PILOT&period=${month}`, ratio.breakdown[0]);

    // The form offers no period breakdown longer than the period, and says why.
    const firstField = page.getByLabel(/^Podział 1/);
    assert.equal(await firstField.locator("option[value=YEAR]").isDisabled(), true, "no year under a month");
    assert.equal(await firstField.locator("option[value=MONTH]").isDisabled(), false, "months under a month");
    await page.getByText(/Podział na okresy dłuższe niż wybrany okres jest niedostępny/).waitFor();
    await expectAccessible(page, "a month by quarter");
    await screenshot(page, "indicators-month-by-quarter");

    // The quarter by month, chosen in the form: each month's row is the
    // ratio at its end, and its records are the figure's.
    const [year, startMonth] = month.split("-");
    await page.getByLabel(/^Okres/).selectOption("QUARTER");
    await page.getByLabel("Rok", { exact: true }).fill(year);
    await page.getByLabel(/^Kwartał/).selectOption(String((Number(startMonth) + 2) / 3));
    await show(page, { edition: "PILOT", breakdowns: ["MONTH"] });
    const quarterByMonth = await apiAs("biuro", `/v1/indicators?edition=PILOT&period=${quarter}&groupBy=MONTH`);
    assert.deepEqual(await figuresOnScreen(page), figuresOfAnswer(quarterByMonth), "every figure is the API's");
    const monthly = quarterByMonth.indicators.find((indicator) => indicator.definition.code === "PLAN_EFFECTIVENESS");
    const last = monthly.breakdown.at(-1);
    await expectRatioEvidence(page, `MONTH=${last.keys[0].value}`, `edition=PILOT&period=${last.keys[0].value}`, last);

    // A year breakdown chosen, then a month as the period: the year is
    // dropped, not sent.
    await page.getByLabel(/^Okres/).selectOption("");
    await firstField.selectOption("YEAR");
    await page.getByLabel(/^Okres/).selectOption("MONTH");
    assert.equal(await firstField.inputValue(), "", "a year breakdown is dropped under a month");
    assert.deepEqual(problems, [], "no console error or CSP violation");
  } finally {
    await browser.close();
  }
});

test("a coordinator's figures are its voivodeship's only", { skip: !issuerUrl }, async () => {
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser.context);
    await signIn(page, "koordynator-24");
    await openIndicators(page);
    await show(page, { edition: "PILOT", breakdowns: ["VOIVODESHIP"] });
    const answer = await apiAs("koordynator-24", "/v1/indicators?edition=PILOT&groupBy=VOIVODESHIP");
    const onScreen = await figuresOnScreen(page);
    assert.deepEqual(onScreen, figuresOfAnswer(answer), "the figures are the coordinator's API answer");
    const regions = Object.keys(onScreen).filter((key) => key.includes("VOIVODESHIP="));
    assert.ok(regions.length > 0, "a breakdown by voivodeship is shown");
    assert.deepEqual(
      regions.filter((key) => !key.endsWith("|VOIVODESHIP=24")),
      [],
      "no other voivodeship appears",
    );
    assert.deepEqual(problems, [], "no console error or CSP violation");
  } finally {
    await browser.close();
  }
});
