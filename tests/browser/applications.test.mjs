// The applications inbox and an application's page (issue 19) on the
// demonstration programme: the office's ROLLOUT inbox filtered by status
// (and by kind) is the API's list; an empty reason for a rejection is refused at the reason
// field and changes nothing; an application is qualified with the keyboard
// alone and the API confirms it. A coordinator sees only its voivodeship's
// applications, and of the actions only a withdrawal (the gateway allows a
// coordinator :withdraw, not :qualify or :reject).
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, expectFocused, issuerUrl, launch, openPage, screenshot, signIn } from "./browser.mjs";

const EDITION = "ROLLOUT";

// A browser per test: each signs in as another account, and the issuer's
// session of the one before would sign it in without asking.
let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

async function listOf(login, query) {
  const applications = [];
  let pageToken = "";
  do {
    const page = await apiAs(
      login,
      `/v1/editions/${EDITION}/applications?pageSize=500${query}${pageToken ? `&pageToken=${pageToken}` : ""}`,
    );
    applications.push(...(page.applications ?? []));
    pageToken = page.nextPageToken ?? "";
  } while (pageToken !== "");
  return applications;
}

async function openInbox(page) {
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Wnioski", exact: true }).click();
  await page.getByLabel("Edycja").selectOption(EDITION);
}

function inboxTable(page) {
  return page.getByRole("table", { name: /Wnioski edycji ROLLOUT/ });
}

// The TERYT column of the inbox's table.
async function terytsShown(page) {
  return (await inboxTable(page).locator("tbody tr td:nth-of-type(1)").allInnerTexts()).map((text) => text.trim());
}

// The element that has the focus, through shadow roots: its text.
function focusedText(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return element?.textContent?.trim() ?? "";
  });
}

async function tabTo(page, text, key = "Tab") {
  for (let presses = 0; presses < 60; presses++) {
    await page.keyboard.press(key);
    if ((await focusedText(page)) === text) return;
  }
  assert.fail(`Tab never reached "${text}"`);
}

test("the office filters the inbox, is refused an empty reason and qualifies by keyboard", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await openInbox(page);
  await page.getByLabel("Status").selectOption("SUBMITTED");

  // By kind too: the API's list of the submitted counties.
  await page.getByLabel("Rodzaj JST").selectOption("COUNTY");
  await page.getByRole("button", { name: "Pokaż", exact: true }).click();
  await page.waitForURL(/\/console\/applications\?edition=ROLLOUT&status=SUBMITTED&kind=COUNTY$/);
  const counties = await listOf("biuro", "&status=SUBMITTED&kind=COUNTY");
  assert.ok(counties.length > 0, "the demo's ROLLOUT has submitted counties");
  await page.getByRole("status").filter({ hasText: `Wczytano wniosków: ${counties.length}.` }).waitFor();
  assert.deepEqual(await terytsShown(page), counties.map((application) => application.teryt));

  await page.getByLabel("Rodzaj JST").selectOption("");
  await page.getByRole("button", { name: "Pokaż", exact: true }).click();
  await page.waitForURL(/\/console\/applications\?edition=ROLLOUT&status=SUBMITTED$/);

  // The table is the API's list, in its order.
  const submitted = await listOf("biuro", "&status=SUBMITTED");
  assert.ok(submitted.length >= 2, `the demo's ROLLOUT has submitted applications (${submitted.length})`);
  await page.getByRole("status").filter({ hasText: `Wczytano wniosków: ${submitted.length}.` }).waitFor();
  assert.deepEqual(await terytsShown(page), submitted.map((application) => application.teryt));
  await expectAccessible(page, "the inbox");
  await screenshot(page, "applications-inbox");

  // An empty reason: the API's refusal at the reason field; nothing changed.
  const target = submitted[submitted.length - 1];
  await inboxTable(page).getByRole("link", { name: target.jstName, exact: true }).click();
  await page.getByRole("heading", { name: `Wniosek: ${target.jstName}` }).waitFor();
  assert.match(page.url(), new RegExp(`/console/applications/${target.id}$`));
  await expectAccessible(page, "the application's page");
  await screenshot(page, "application-page");
  await page.getByRole("button", { name: "Odrzuć", exact: true }).click();
  const answer = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Odrzuć wniosek" }).click();
  const refused = await answer;
  assert.equal(refused.status(), 400);
  const violation = (await refused.json()).details.flatMap((detail) => detail.fieldViolations ?? [])[0];
  assert.equal(violation.field, "reason");
  // The API's problem in Polish at the field (errors.ts problemText).
  assert.equal(violation.description, "is required");
  await page.getByText("Popraw to pole: to pole jest wymagane").waitFor();
  const reason = page.getByLabel("Powód (wymagany)");
  assert.equal(await reason.getAttribute("aria-invalid"), "true");
  assert.match(await reason.getAttribute("aria-describedby"), /reason-problem/);
  assert.equal((await apiAs("biuro", `/v1/applications/${target.id}`)).status, "SUBMITTED", "nothing changed");
  await expectAccessible(page, "the rejection refused at its field");
  await screenshot(page, "application-reject-error");
  // The expected 400 in the console, and nothing else.
  assert.deepEqual(
    problems.filter((problem) => !problem.includes("400")),
    [],
    "no console error but the expected 400",
  );
  problems.length = 0;
  await page.getByRole("button", { name: "Anuluj" }).click();

  // Qualified with the keyboard alone: back (Shift+Tab) from the rejection's
  // button, where closing its form left the focus, to the qualification's;
  // Enter opens its form, Tab to its button, Space sends it.
  await tabTo(page, "Zakwalifikuj", "Shift+Tab");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Kwalifikacja wniosku" }).waitFor();
  await tabTo(page, "Zakwalifikuj wniosek");
  const qualified = page.waitForResponse((response) => response.request().method() === "POST");
  await page.keyboard.press("Space");
  assert.equal((await qualified).status(), 200);
  const stored = await apiAs("biuro", `/v1/applications/${target.id}`);
  assert.equal(stored.status, "QUALIFIED", "the API has it qualified");
  await page.getByRole("status").filter({ hasText: "Wniosek rozpatrzony: status zakwalifikowany." }).waitFor();
  // The form and its button are gone: the keyboard is at the line that says what happened.
  await expectFocused(page.locator("#done"));
  assert.equal(await page.locator("dd[data-field=status]").innerText(), "zakwalifikowany");
  assert.equal(await page.getByRole("button", { name: "Zakwalifikuj", exact: true }).count(), 0, "no second qualification");
  await expectAccessible(page, "the qualified application");
  assert.deepEqual(problems, [], "no console error or CSP violation");
});

test("a coordinator sees only its voivodeship's applications and no office decision", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "koordynator-24");
  await openInbox(page);
  const own = await listOf("koordynator-24", "");
  assert.ok(own.length > 0, "the demo's ROLLOUT has applications of voivodeship 24");
  assert.ok(own.every((application) => application.voivodeship === "24"));
  await page.getByRole("status").filter({ hasText: `Wczytano wniosków: ${own.length}.` }).waitFor();
  assert.deepEqual(await terytsShown(page), own.map((application) => application.teryt));
  await inboxTable(page).getByRole("link", { name: own[0].jstName, exact: true }).click();
  await page.getByRole("heading", { name: `Wniosek: ${own[0].jstName}` }).waitFor();
  await page.getByRole("heading", { name: "Zespół" }).waitFor();
  for (const name of ["Zakwalifikuj", "Odrzuć"]) {
    assert.equal(await page.getByRole("button", { name, exact: true }).count(), 0, `no "${name}" for a coordinator`);
  }
  await expectAccessible(page, "the coordinator's application page");
  assert.deepEqual(problems, [], "no console error or CSP violation");
});
