// The exports screen (issue 18, screen 3) on the demonstration programme:
// the office creates snapshots of PILOT, downloads one (its bytes are the
// SHA-256 the API states), submits it, compares the next with it, and an
// empty purpose is refused at the purpose field creating nothing. Every
// figure on screen is compared with the test's own read of the API. A
// coordinator has no such screen.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { after, before, test } from "node:test";
import { DEMO_PASSWORD } from "../../tools/dev-issuer/src/accounts.mjs";
import { apiAs, baseUrl, expectAccessible, issuerUrl, launch, openPage, screenshot, signIn } from "./browser.mjs";

const EDITION = "PILOT";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function listed() {
  return (await apiAs("biuro", `/v1/editions/${EDITION}/exports`)).exports ?? [];
}

// The instant and number formats the screen uses, computed in the browser
// (its ICU) from the API's values.
function warsawTime(page, instant) {
  return page.evaluate(
    (value) =>
      new Intl.DateTimeFormat("pl-PL", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Warsaw" }).format(
        new Date(value),
      ),
    instant,
  );
}

function polishNumber(page, value) {
  return page.evaluate((n) => new Intl.NumberFormat("pl-PL").format(n), Number(value));
}

function rowOf(page, number) {
  return page
    .getByRole("table", { name: /Migawki edycji/ })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: String(number), exact: true }) });
}

async function cells(row) {
  return (await row.locator("td").allInnerTexts()).map((text) => text.replace(/[ \t\r\n]+/g, " ").trim());
}

// Creates a snapshot through the form and returns the API's record of it.
async function create(page, kind, purpose, pseudonymised = false) {
  await page.getByLabel("Rodzaj", { exact: true }).selectOption(kind);
  if (pseudonymised) await page.getByLabel("Pseudonimizacja").check();
  await page.getByLabel("Cel eksportu (wymagany)").fill(purpose);
  const answer = page.waitForResponse(
    (response) => response.request().method() === "POST" && response.url().endsWith(`/v1/editions/${EDITION}/exports`),
  );
  await page.getByRole("button", { name: "Utwórz migawkę" }).click();
  const made = await (await answer).json();
  assert.equal(made.purpose, purpose);
  await page.getByRole("status").filter({ hasText: `Utworzono migawkę nr ${made.number}.` }).waitFor();
  const stored = (await listed()).find((item) => item.id === made.id);
  assert.ok(stored, "the new snapshot is in the API's list");
  return stored;
}

// `locator`'s element gets the focus (in its shadow root).
async function expectFocused(locator) {
  const element = await locator.elementHandle();
  await locator.page().waitForFunction((focused) => focused === focused.getRootNode().activeElement, element);
}

// The row of `item` shows exactly the API's figures.
async function expectRowOf(page, item, kindText, pseudonymisedText) {
  const shown = await cells(rowOf(page, item.number));
  assert.deepEqual(shown.slice(0, 7), [
    kindText,
    pseudonymisedText,
    item.purpose,
    `${await warsawTime(page, item.createTime)} autor: ${item.createdBy}`,
    await polishNumber(page, item.recordCount),
    `${await polishNumber(page, item.sizeBytes)} B`,
    item.submitted ? await warsawTime(page, item.submitTime) : "nie przekazano",
  ]);
  const sha = rowOf(page, item.number).locator("details");
  assert.equal(await sha.locator("summary code").textContent(), `${item.sha256.slice(0, 12)}…`);
  assert.equal(await sha.locator("code.full").textContent(), item.sha256, "the full SHA-256");
}

test("the office creates, downloads, submits and compares snapshots", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Eksporty sprawozdawcze" }).click();
  await page.getByLabel("Edycja").selectOption(EDITION);
  assert.match(page.url(), /\/console\/exports\?edition=PILOT$/);
  await page.getByRole("heading", { name: "Nowa migawka" }).waitFor();

  // A snapshot of the aggregates: in the table as the API has it.
  const first = await create(page, "AGGREGATES_CSV", "Sprawozdanie kwartalne dla ministerstwa");
  assert.equal(first.kind, "AGGREGATES_CSV");
  await expectRowOf(page, first, "Zestawienie zbiorcze (CSV)", "nie dotyczy");

  // Downloaded with the bearer token: the file's bytes are the API's SHA-256.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    rowOf(page, first.number).getByRole("button", { name: `Pobierz migawkę nr ${first.number}` }).click(),
  ]);
  assert.equal(download.suggestedFilename(), first.filename);
  const bytes = await readFile(await download.path());
  assert.equal(createHash("sha256").update(bytes).digest("hex"), first.sha256);
  assert.equal(bytes.length, Number(first.sizeBytes));
  await page.getByRole("status").filter({ hasText: `Pobrano plik ${first.filename}.` }).waitFor();

  // Submitted after a confirmation; the row shows the new state.
  await rowOf(page, first.number).getByRole("button", { name: `Przekaż migawkę nr ${first.number}` }).click();
  const dialog = page.getByRole("dialog", { name: "Przekazanie do ministerstwa" });
  await expectAccessible(page, "the confirmation of a submission");
  await dialog.getByRole("button", { name: "Tak, przekaż" }).click();
  await page.getByText(`Migawka nr ${first.number} jest oznaczona jako przekazana do ministerstwa.`).waitFor();
  const submitted = (await listed()).find((item) => item.id === first.id);
  assert.equal(submitted.submitted, true);
  await expectRowOf(page, submitted, "Zestawienie zbiorcze (CSV)", "nie dotyczy");
  assert.equal(
    await rowOf(page, first.number).getByRole("button", { name: /^Przekaż/ }).count(),
    0,
    "a submitted snapshot cannot be submitted again",
  );

  // The next snapshot compared with the submitted one: the API's counts.
  const second = await create(page, "AGGREGATES_CSV", "Korekta sprawozdania kwartalnego");
  await rowOf(page, second.number).getByRole("button", { name: `Porównaj migawkę nr ${second.number}` }).click();
  await page.getByRole("heading", { name: `Porównanie migawki nr ${second.number}` }).waitFor();
  const diff = await apiAs("biuro", `/v1/exports/${second.id}/diff`);
  assert.equal(diff.against, first.id);
  await page
    .getByText(`Porównanie z ostatnią przekazaną migawką tego samego rodzaju: nr ${diff.againstNumber}.`)
    .waitFor();
  const counts = page.getByRole("definition");
  await counts.first().waitFor();
  const terms = await page.getByRole("term").allInnerTexts();
  const values = await counts.allInnerTexts();
  assert.deepEqual(Object.fromEntries(terms.map((term, i) => [term, values[i]])), {
    Dodane: await polishNumber(page, (diff.added ?? []).length),
    Usunięte: await polishNumber(page, (diff.removed ?? []).length),
    Zmienione: await polishNumber(page, (diff.changed ?? []).length),
  });
  await expectAccessible(page, "the diff");
  await screenshot(page, "exports-diff");
  await page.getByRole("button", { name: "Zamknij porównanie" }).click();
  await expectFocused(rowOf(page, second.number).getByRole("button", { name: `Porównaj migawkę nr ${second.number}` }));

  // A pseudonymised participant file shows its flag.
  const participants = await create(page, "PARTICIPANTS", "Plik uczestników do kontroli", true);
  assert.equal(participants.pseudonymised, true);
  await expectRowOf(page, participants, "Plik uczestników (SL2014)", "tak");
  await expectAccessible(page, "the list of snapshots");
  await screenshot(page, "exports-list");

  // Nothing of its kind was submitted: every record is added, 50 shown at
  // first, the rest on "show more", the keys the API's.
  await rowOf(page, participants.number)
    .getByRole("button", { name: `Porównaj migawkę nr ${participants.number}` })
    .click();
  await page.getByRole("heading", { name: `Porównanie migawki nr ${participants.number}` }).waitFor();
  const fresh = await apiAs("biuro", `/v1/exports/${participants.id}/diff`);
  assert.equal(fresh.against ?? "", "");
  assert.equal(fresh.added.length, Number(participants.recordCount));
  await page.getByText("Nie ma wcześniejszej przekazanej migawki tego samego rodzaju: wszystkie rekordy są nowe.").waitFor();
  const added = page.getByRole("table", { name: `Rekordy dodane (${fresh.added.length})` });
  assert.equal(await added.locator("tbody tr").count(), Math.min(50, fresh.added.length));
  assert.ok(fresh.added.length > 50, `the demo's participant file has more than 50 records (${fresh.added.length})`);
  await page.getByRole("button", { name: `Pokaż więcej (pokazano 50 z ${fresh.added.length})` }).click();
  assert.deepEqual(await added.locator("tbody td").allInnerTexts(), fresh.added);
  // Closed, the diff gives the focus back to the button that opened it.
  await page.getByRole("button", { name: "Zamknij porównanie" }).click();
  await expectFocused(
    rowOf(page, participants.number).getByRole("button", { name: `Porównaj migawkę nr ${participants.number}` }),
  );

  assert.deepEqual(problems, [], "no console error or CSP violation");

  // An empty purpose: the API's refusal at the purpose field; nothing made.
  const before = (await listed()).map((item) => item.id);
  await page.getByLabel("Rodzaj", { exact: true }).selectOption("AGGREGATES_ADX");
  await page.getByLabel("Cel eksportu (wymagany)").fill("");
  const answer = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Utwórz migawkę" }).click();
  const refused = await answer;
  assert.equal(refused.status(), 400);
  const violation = (await refused.json()).details.flatMap((detail) => detail.fieldViolations ?? [])[0];
  assert.equal(violation.field, "purpose");
  const purpose = page.getByLabel("Cel eksportu (wymagany)");
  // The API's problem in Polish at the field (errors.ts problemText).
  assert.equal(violation.description, "must be 1..500 characters");
  await page.getByText("Popraw to pole: wpisz od 1 do 500 znaków").waitFor();
  assert.match(await purpose.getAttribute("aria-describedby"), /purpose-problem/);
  assert.equal(await purpose.getAttribute("aria-invalid"), "true");
  await expectFocused(purpose);
  assert.deepEqual((await listed()).map((item) => item.id), before, "the refused form created nothing");
  await expectAccessible(page, "the form with an error");
  await screenshot(page, "exports-form-error");
  // The refused POST (400) is the one thing the browser logs.
  assert.ok(problems.length > 0 && problems.every((problem) => / 400 /.test(problem)), problems.join("\n"));
  problems.splice(0);
});

test("a coordinator has no exports screen", { skip: !issuerUrl }, async () => {
  const coordinator = await launch();
  try {
    const { page, problems } = await openPage(coordinator.context);
    await page.goto(`${baseUrl}/console/exports`);
    await page.getByRole("button", { name: "Zaloguj się" }).click();
    await page.getByLabel("Login").fill("koordynator-24");
    await page.getByLabel("Hasło").fill(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.getByText("Ta strona nie jest dostępna dla Twojej roli.").waitFor();
    assert.match(page.url(), /\/console\/exports$/);
    const menu = page.getByRole("navigation", { name: "Menu główne" });
    await menu.getByRole("link", { name: "Rejestr JST" }).waitFor();
    assert.equal(await menu.getByRole("link", { name: "Eksporty sprawozdawcze" }).count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await coordinator.close();
  }
});
