// A JST's page (console screen 4) on the demonstration programme: the
// office opens Świętochłowice from the registry and sees its application,
// its case and its officials' training exactly as the API answers them; the
// JST sees its own page and nothing of another JST; the voivodeship's
// coordinator sees a JST of its voivodeship.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, cellLines, elearningLines, expectAccessible, expectFocused, issuerUrl, launch, openPage, screenshot, signIn } from "./browser.mjs";

const SWIETOCHLOWICE = "2476011";
const KATOWICE = "2469011";
const KRAKOW = "1261011";

// The Polish words the page must use for the API's values.
const STATUS = {
  SUBMITTED: "złożony",
  QUALIFIED: "zakwalifikowany",
  WAITLISTED: "na liście rezerwowej",
  REJECTED: "odrzucony",
  WITHDRAWN: "wycofany",
};
const STAGE = {
  AREA_CHOICE: "wybór obszaru",
  NEEDS_DIAGNOSIS: "diagnoza potrzeb",
  ROLLOUT: "wdrożenie",
  COMPLETED: "zakończona",
  WITHDRAWN: "wycofana (JST zrezygnowała)",
};

// A browser per test: the issuer's session would sign the next account in
// as the previous one.
let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

// An API decimal ("90.00") as the page writes it ("90,00").
function polishDecimal(value) {
  return (value ?? "0").replace(".", ",");
}

// Searches the registry for `name` and follows the result's link.
async function openFromRegistry(page, name) {
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Rejestr JST" }).click();
  await page.getByLabel("Początek nazwy").fill(name);
  await page.getByRole("button", { name: "Szukaj" }).click();
  await page.getByRole("table").getByRole("link", { name, exact: true }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

// The console's own navigation to `path` (a reload would end the session).
async function goTo(page, path) {
  await page.evaluate((href) => {
    history.pushState(null, "", href);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

// Waits until the JST's page has read everything: its loading status gone
// and the registry's facts of `teryt` shown.
async function waitForPage(page, teryt) {
  await page.locator('jst-jst-page [data-field="teryt"]', { hasText: teryt }).waitFor();
  await page.locator("jst-jst-page p.loading").waitFor({ state: "detached" });
}

// What the page shows for `teryt` in each edition equals `login`'s answers,
// counted once the page has loaded.
async function expectPageMatchesApi(page, login, teryt) {
  await waitForPage(page, teryt);
  const editions = (await apiAs(login, "/v1/editions?pageSize=100")).editions ?? [];
  let shown = 0;
  for (const edition of editions) {
    const code = edition.code;
    const apps = (await apiAs(login, `/v1/editions/${code}/applications?teryt=${teryt}`)).applications ?? [];
    const cases = (await apiAs(login, `/v1/cases?edition=${code}&teryt=${teryt}`)).cases ?? [];
    const section = page.locator(`section[data-edition="${code}"]`);
    if (apps.length === 0 && cases.length === 0) {
      assert.equal(await section.count(), 0, `${code}: no section without an application or a case`);
      continue;
    }
    shown += 1;
    await section.waitFor();
    const app = apps[0];
    if (app) {
      assert.equal((await section.locator('[data-field="status"]').textContent()).trim(), STATUS[app.status], `${code} status`);
      const team = await section.locator('[data-field="representatives"]').textContent();
      assert.ok(
        team.includes(`${app.activeRepresentatives ?? 0} (wymagane co najmniej ${edition.minRepresentatives})`),
        `${code} representatives: ${team}`,
      );
      for (const representative of app.representatives ?? []) {
        const id = representative.participant;
        const training = await apiAs(login, `/v1/participants/${id}/training`);
        const row = section.locator(`tr[data-participant="${id}"]`);
        await row.waitFor();
        assert.equal(
          (await row.locator('[data-field="hours"]').textContent()).trim(),
          `${polishDecimal(training.attendedHours)} z ${polishDecimal(training.plannedHours)}`,
          `${id} hours`,
        );
        assert.equal((await row.locator('[data-field="percent"]').textContent()).trim(), `${training.attendedPercent ?? 0}%`, `${id} percent`);
        assert.equal((await row.locator('[data-field="completed"]').textContent()).trim(), training.completed ? "tak" : "nie", `${id} completed`);
        assert.deepEqual(await cellLines(row.locator('[data-field="elearning"]')), elearningLines(training), `${id} e-learning`);
        const person = await apiAs(login, `/v1/participants/${id}?purpose=${encodeURIComponent("test: karta JST")}`);
        assert.equal((await row.locator("th").textContent()).trim(), `${person.firstName} ${person.lastName}`, `${id} name`);
      }
    }
    const kase = cases[0];
    if (kase) {
      assert.equal((await section.locator('[data-field="stage"]').textContent()).trim(), STAGE[kase.stage], `${code} stage`);
      const due = section.locator('[data-field="due"]');
      if (kase.stageDueOn) assert.equal((await due.textContent()).includes("po terminie"), Boolean(kase.overdue), `${code} overdue`);
      else assert.equal(await due.count(), 0, `${code}: a closed case has no due date`);
      const plan = (await section.locator('[data-field="plan"]').textContent()).trim();
      assert.equal(plan.startsWith("tak"), Boolean(kase.plan?.adoptedOn), `${code} plan: ${plan}`);
    }
  }
  return shown;
}

test("the office opens a JST from the registry and sees what the API answers", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await openFromRegistry(page, "Świętochłowice");
  assert.equal(new URL(page.url()).pathname, `/console/jsts/${SWIETOCHLOWICE}`);
  const jst = await apiAs("biuro", `/v1/jsts/${SWIETOCHLOWICE}`);
  assert.equal((await page.locator('[data-field="teryt"]').textContent()).trim(), jst.teryt);
  assert.equal((await page.locator('[data-field="kind"]').textContent()).trim(), "gmina miejska, miasto na prawach powiatu");
  assert.equal((await page.locator('[data-field="voivodeship"]').textContent()).trim(), "śląskie");
  const shown = await expectPageMatchesApi(page, "biuro", SWIETOCHLOWICE);
  assert.ok(shown >= 1, "the PILOT edition at least");
  await expectAccessible(page, "a JST's page for the office");
  await screenshot(page, "jst-office");
  assert.deepEqual(problems, [], "no console error");
});

test("the registry's next page is the API's, the keyboard at its first row", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Rejestr JST" }).click();
  await page.getByRole("button", { name: "Szukaj" }).click();
  const rows = page.locator("jst-registry-page tbody > tr");
  await rows.first().waitFor();
  const first = await apiAs("biuro", "/v1/jsts?pageSize=50");
  assert.ok(first.nextPageToken, "more than a page of JSTs");
  const second = await apiAs("biuro", `/v1/jsts?pageSize=50&pageToken=${encodeURIComponent(first.nextPageToken)}`);
  await page.getByRole("button", { name: "Następna strona" }).click();
  await rows.first().locator("td").first().filter({ hasText: second.jsts[0].teryt }).waitFor();
  assert.deepEqual(
    await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector("td").innerText.trim())),
    second.jsts.map((j) => j.teryt),
    "the API's second page",
  );
  await expectFocused(rows.first());
  await expectAccessible(page, "the registry's second page");
  assert.deepEqual(problems, [], "no console error");
});

test("a JST sees its own page and nothing of another JST", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  const login = `jst-${SWIETOCHLOWICE}`;
  await signIn(page, login);
  await openFromRegistry(page, "Świętochłowice");
  assert.ok((await expectPageMatchesApi(page, login, SWIETOCHLOWICE)) >= 1);
  await expectAccessible(page, "a JST's own page");
  await screenshot(page, "jst-own");
  assert.deepEqual(problems, [], "no console error on its own page");

  await goTo(page, `/console/jsts/${KATOWICE}`);
  await page
    .getByRole("alert")
    .getByText(`Nie ma JST o kodzie TERYT ${KATOWICE} albo nie masz dostępu do jej danych.`)
    .waitFor();
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Karta JST");
  assert.equal(await page.locator("section[data-edition]").count(), 0, "nothing of Katowice");
  assert.equal(await page.getByText("Katowice").count(), 0, "not even its name");
  await expectAccessible(page, "another JST's page for a JST");
  problems.splice(0); // the refused read (404) is logged by the browser
});

test("a coordinator sees a JST of its voivodeship", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "koordynator-24");
  await openFromRegistry(page, "Świętochłowice");
  assert.ok((await expectPageMatchesApi(page, "koordynator-24", SWIETOCHLOWICE)) >= 1);
  await expectAccessible(page, "a JST's page for its coordinator");
  assert.deepEqual(problems, [], "no console error");
});

test("a coordinator sees nothing of a JST of another voivodeship", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "koordynator-24");
  const krakow = await apiAs("biuro", `/v1/jsts/${KRAKOW}`);
  assert.equal(krakow.voivodeship, "12", "Kraków is in małopolskie, not in śląskie");
  await goTo(page, `/console/jsts/${KRAKOW}`);
  await page
    .getByRole("alert")
    .getByText(`Nie ma JST o kodzie TERYT ${KRAKOW} albo nie masz dostępu do jej danych.`)
    .waitFor();
  await page.locator("jst-jst-page p.loading").waitFor({ state: "detached" });
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "Karta JST");
  assert.equal(await page.locator("jst-jst-page dl").count(), 0, "no fact of Kraków");
  assert.equal(await page.locator("section[data-edition]").count(), 0, "no edition of Kraków");
  assert.equal(await page.getByText(krakow.name).count(), 0, "not even its name");
  assert.equal(await page.getByText("małopolskie").count(), 0, "nor its voivodeship");
  await expectAccessible(page, "another voivodeship's JST for a coordinator");
  await screenshot(page, "jst-coordinator-other-voivodeship");
  problems.splice(0); // the refused read (404) is logged by the browser
});
