// The schools screen (issue 24, docs/programme-parts.md part 5) on the
// demonstration programme: the office's schools reached in PILOT are the
// API's list and reporting's SCHOOLS_REACHED; its register search finds a
// JST's schools; a register file with bad rows is refused row by row and
// changes nothing; a JST sees only the schools it runs and reaches.
import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, goTo, issuerUrl, launch, openPage, screenshot, signIn } from "./browser.mjs";

const EDITION = "PILOT";

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

async function reachedOf(login) {
  return (await apiAs(login, `/v1/editions/${EDITION}/schools-reached?pageSize=500`)).schools ?? [];
}

async function openScreen(page) {
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Szkoły" }).waitFor();
  await goTo(page, `/console/schools?edition=${EDITION}`);
  await page.getByRole("heading", { level: 1, name: "Szkoły" }).waitFor();
}

async function expectReached(page, login) {
  const rows = await reachedOf(login);
  const counted = new Set(rows.filter((r) => r.caseStage !== "WITHDRAWN").map((r) => `${r.case}/${r.rspo}`)).size;
  await page.locator('[data-field="reached"]').filter({ hasText: `Szkół objętych działaniami: ${counted}` }).waitFor();
  const shown = page.getByRole("table", { name: `Szkoły objęte działaniami w edycji ${EDITION}` }).locator("tbody tr");
  assert.equal(await shown.count(), rows.length);
  return { rows, counted };
}

test("the office's schools reached are the API's and reporting's; a bad register file changes nothing", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await openScreen(page);
  const { counted } = await expectReached(page, "biuro");
  const indicators = await apiAs("biuro", `/v1/indicators?edition=${EDITION}&codes=SCHOOLS_REACHED`);
  assert.equal(indicators.indicators[0].total.value, String(counted), "reporting counts the same schools");

  await page.getByLabel("Nazwa lub numer RSPO").fill("Świętochłowice");
  await page.getByRole("button", { name: "Szukaj", exact: true }).click();
  const found = (await apiAs("biuro", `/v1/schools?query=${encodeURIComponent("Świętochłowice")}`)).schools ?? [];
  assert.equal(found.length, 2, "its primary school and kindergarten");
  await page.getByText(`Znaleziono szkół: ${found.length}`).waitFor();
  await expectAccessible(page, "the office's schools");
  await screenshot(page, "schools-office");

  // A file of 24 with a row of another voivodeship's JST and a bad number.
  const before = (await apiAs("biuro", "/v1/schools?teryt=2476011&includeClosed=true")).schools ?? [];
  const file = join(tmpdir(), "rspo-24-bledny.csv");
  await writeFile(
    file,
    "rspo;name;type;teryt_of_running_jst\n12AB;Szkoła bez numeru;Szkoła podstawowa;2476011\n900999;Szkoła w innym województwie;Szkoła podstawowa;0201011\n",
  );
  await page.getByLabel("Województwo pliku").selectOption("24");
  await page.getByLabel("Plik CSV").setInputFiles(file);
  await page.getByRole("button", { name: "Wczytaj rejestr" }).click();
  await page.getByText("Plik rspo-24-bledny.csv odrzucono: błędnych wierszy 2.").waitFor();
  const refused = page.getByRole("table", { name: "Błędy w pliku rspo-24-bledny.csv" }).locator("tbody tr");
  assert.deepEqual(
    (await refused.locator("th").allInnerTexts()).map((line) => line.trim()),
    ["2", "3"],
  );
  const after = (await apiAs("biuro", "/v1/schools?teryt=2476011&includeClosed=true")).schools ?? [];
  assert.deepEqual(after, before, "nothing written, nothing closed");
  await expectAccessible(page, "a refused register file");
  await screenshot(page, "schools-refused-file");
  assert.deepEqual(problems.filter((p) => !p.includes("status of 400")), [], "no console error but the refusal");
});

test("a JST sees only the schools it runs and reaches", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  const login = "jst-2476011";
  await signIn(page, login);
  await openScreen(page);
  const { rows } = await expectReached(page, login);
  assert.ok(rows.length > 0 && rows.every((r) => r.teryt === "2476011"), "its own");
  assert.equal(await page.getByLabel("Kod TERYT organu prowadzącego").count(), 0, "no other JST to choose");
  assert.equal(await page.getByRole("heading", { name: "Wczytaj rejestr RSPO województwa" }).count(), 0);
  await page.getByRole("button", { name: "Szukaj", exact: true }).click();
  const own = (await apiAs(login, "/v1/schools")).schools ?? [];
  await page.getByText(`Znaleziono szkół: ${own.length}`).waitFor();
  assert.ok(own.every((s) => s.runningTeryt === "2476011"));
  await expectAccessible(page, "a JST's schools");
  await screenshot(page, "schools-jst");
  assert.deepEqual(problems, [], "no console error");
});
