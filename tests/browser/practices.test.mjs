// The good-practices screen (issue 24, docs/programme-parts.md part 4) on
// the demonstration programme: the office finds the practices awaiting
// approval, returns one (an empty reason refused at the reason), publishes
// it from the keyboard, downloads the catalogue (the API's bytes) and meets
// a practice changed behind its back; a JST searches the published
// catalogue by another form of a word, with no status filter, no command
// and no draft; an expert proposes a practice on a case's page, edits the
// draft from the catalogue's link and submits it. Every row is compared
// with the test's own read of the API.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, test } from "node:test";
import {
  apiAs,
  expectAccessible,
  goTo,
  issuerUrl,
  launch,
  openPage,
  polishDate,
  requestAs,
  screenshot,
  signIn,
  textAs,
} from "./browser.mjs";

const EDITION = "PILOT";
const STATUS = {
  PRACTICE_DRAFT: "szkic",
  PRACTICE_SUBMITTED: "zgłoszona",
  PRACTICE_PUBLISHED: "opublikowana",
  PRACTICE_WITHDRAWN: "wycofana",
};

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

async function listed(login, query = "") {
  const answer = await apiAs(login, `/v1/editions/${EDITION}/good-practices?pageSize=500${query}`);
  return answer.practices ?? [];
}

async function practiceOf(id) {
  return apiAs("biuro", `/v1/good-practices/${id}`);
}

// A practice the office proposes for the case of `teryt` and submits.
async function submitted(teryt, title) {
  const cases = await apiAs("biuro", `/v1/cases?edition=${EDITION}&teryt=${teryt}`);
  const id = cases.cases?.[0]?.id;
  assert.ok(id, `a case of ${teryt}`);
  const made = await requestAs("biuro", "POST", `/v1/cases/${id}/good-practices`, {
    title,
    description: "Przegląd sieci szkół i przedszkoli gminy z radą rodziców, co dwa lata.",
    keywords: ["sieć szkół"],
  });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const sent = await requestAs("biuro", "POST", `/v1/good-practices/${made.body.id}:submit`, {
    expectedVersion: made.body.version,
  });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  return sent.body;
}

async function openScreen(page) {
  await goTo(page, `/console/practices?edition=${EDITION}`);
  await page.getByRole("heading", { level: 1, name: "Dobre praktyki" }).waitFor();
}

async function search(page, words, status) {
  await page.getByLabel("Słowa w tytule, opisie lub słowach kluczowych").fill(words);
  if (status !== undefined) await page.getByLabel("Status", { exact: true }).selectOption(status);
  const answer = page.waitForResponse((r) => r.url().includes(`/v1/editions/${EDITION}/good-practices?`));
  await page.getByRole("button", { name: "Szukaj", exact: true }).click();
  await answer;
}

function table(page) {
  return page.getByRole("table", { name: `Dobre praktyki edycji ${EDITION}` });
}

function rowOf(page, title) {
  return table(page)
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${title}`) }) });
}

// The rows shown are exactly `practices` (title, TERYT, area, status,
// publication day), in the API's order.
async function expectRows(page, practices) {
  if (practices.length === 0) {
    await page.getByText("Żadna praktyka nie spełnia tych warunków.").waitFor();
    return;
  }
  await page.getByText(`Znaleziono praktyk: ${practices.length}`).waitFor();
  const rows = table(page).locator("tbody tr");
  assert.equal(await rows.count(), practices.length);
  for (const [i, practice] of practices.entries()) {
    const cells = (await rows.nth(i).locator("td").allInnerTexts()).map((text) => text.replace(/\s+/g, " ").trim());
    const header = await rows.nth(i).getByRole("rowheader").innerText();
    assert.ok(header.startsWith(practice.title), `${header} is ${practice.title}`);
    assert.ok(cells[0].startsWith(practice.teryt), cells[0]);
    assert.equal(cells[1], practice.supportAreaCode);
    assert.equal(cells[2], STATUS[practice.status]);
    assert.equal(cells[3], practice.publishedOn ? polishDate(practice.publishedOn) : "");
  }
}

test("the office returns, publishes and meets a stale practice; the catalogue is the API's", { skip: !issuerUrl }, async () => {
  const title = `Przegląd sieci szkół ${randomUUID().slice(0, 8)}`;
  const mine = await submitted("2401073", title);
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Dobre praktyki" }).waitFor();
  await openScreen(page);
  const queue = await listed("biuro", "&status=PRACTICE_SUBMITTED");
  await page.getByText(`Do zatwierdzenia: ${queue.length}`).waitFor();
  await search(page, "", "PRACTICE_SUBMITTED");
  await expectRows(page, queue);

  // Returned: a reason is required, refused at the reason when empty.
  await rowOf(page, title).getByRole("button", { name: `Zwróć do poprawy: ${title}` }).click();
  const reason = page.getByLabel("Uzasadnienie (wymagane)");
  await reason.waitFor();
  assert.equal(await reason.evaluate((element) => element === element.getRootNode().activeElement), true, "focus on the reason");
  await page.getByRole("button", { name: "Potwierdź" }).click();
  await page.getByText("Podaj uzasadnienie.").waitFor();
  assert.equal((await practiceOf(mine.id)).status, "PRACTICE_SUBMITTED", "nothing sent");
  await expectAccessible(page, "the practices screen asking for a reason");
  await reason.fill("Proszę dopisać rezultaty i koszty.");
  await page.getByRole("button", { name: "Potwierdź" }).click();
  await page.getByRole("status").filter({ hasText: `Zwrócono praktykę „${title}” do poprawy.` }).waitFor();
  const returned = await practiceOf(mine.id);
  assert.equal(returned.status, "PRACTICE_DRAFT");
  assert.equal(returned.returnReason, "Proszę dopisać rezultaty i koszty.");
  await expectRows(page, await listed("biuro", "&status=PRACTICE_SUBMITTED"));

  // Submitted again, then published from the keyboard.
  const again = await requestAs("biuro", "POST", `/v1/good-practices/${mine.id}:submit`, { expectedVersion: returned.version });
  assert.equal(again.status, 200, JSON.stringify(again.body));
  await search(page, title, "");
  const publish = rowOf(page, title).getByRole("button", { name: `Opublikuj: ${title}` });
  // Enabled once the list has been read (a trial click waits for that).
  await publish.click({ trial: true });
  await publish.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("status").filter({ hasText: `Opublikowano praktykę „${title}”.` }).waitFor();
  const published = await practiceOf(mine.id);
  assert.equal(published.status, "PRACTICE_PUBLISHED");
  await expectRows(page, await listed("biuro", `&query=${encodeURIComponent(title)}`));
  await rowOf(page, title).getByText(`Opis praktyki „${title}”`).click();
  await rowOf(page, title).getByText("Słowa kluczowe: sieć szkół").waitFor();
  await expectAccessible(page, "the practices screen after a publication");
  await screenshot(page, "practices-office");

  // The catalogue: the API's bytes, with the new practice in it.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Pobierz katalog opublikowanych praktyk (CSV)" }).click();
  const file = await download;
  const saved = await readFile(await file.path(), "utf8");
  assert.equal(saved, await textAs("biuro", `/v1/editions/${EDITION}/good-practices:export`));
  assert.ok(saved.includes(title), "the new practice is in the catalogue");
  await page.getByRole("status").filter({ hasText: `Pobrano plik ${file.suggestedFilename()}.` }).waitFor();

  // Withdrawn behind the screen's back: the screen's version is stale.
  const behind = await requestAs("biuro", "POST", `/v1/good-practices/${mine.id}:withdraw`, {
    expectedVersion: published.version,
    reason: "Zdublowana",
  });
  assert.equal(behind.status, 200, JSON.stringify(behind.body));
  await rowOf(page, title).getByRole("button", { name: `Wycofaj z katalogu: ${title}` }).click();
  await page.getByLabel("Uzasadnienie (wymagane)").fill("Nieaktualna");
  await page.getByRole("button", { name: "Potwierdź" }).click();
  await page.getByRole("status").filter({ hasText: "Ktoś zmienił tę praktykę w międzyczasie." }).waitFor();
  await expectRows(page, await listed("biuro", `&query=${encodeURIComponent(title)}`));
  assert.equal(await rowOf(page, title).getByRole("button").count(), 0, "a withdrawn practice takes no command");
  // The browser logs the refused stale command (409), and nothing else.
  assert.deepEqual(
    problems,
    ["console: Failed to load resource: the server responded with a status of 409 (Conflict)"],
    "no console error but the stale command's refusal",
  );
});

test("a JST searches the published catalogue by another form of a word", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  const login = "jst-2476011";
  await signIn(page, login);
  await openScreen(page);
  assert.equal(await page.getByLabel("Status", { exact: true }).count(), 0, "no status filter");
  assert.equal(await page.getByText(/Do zatwierdzenia/).count(), 0, "no queue");
  await search(page, "SZKÓŁ dyrektor");
  const found = await listed(login, `&query=${encodeURIComponent("SZKÓŁ dyrektor")}`);
  assert.ok(found.some((p) => p.title === "Zespół dyrektorów szkół przy wydziale edukacji"), "the demo's practice");
  await expectRows(page, found);
  await search(page, "");
  const all = await listed(login);
  assert.ok(all.every((p) => p.status === "PRACTICE_PUBLISHED"), "published ones only");
  await expectRows(page, all);
  assert.equal(await table(page).getByRole("button").count(), 0, "no command for a JST");
  assert.equal(await page.getByText("Monitorowanie realizacji planu przez zespół").count(), 0, "no draft");
  await expectAccessible(page, "the practices screen for a JST");
  await screenshot(page, "practices-jst");
  assert.deepEqual(problems, [], "no console error");
});

test("an expert proposes a practice on a case's page, meets its field problems, edits the draft from the catalogue and submits it", { skip: !issuerUrl }, async () => {
  let login;
  let kase;
  for (const candidate of ["ekspert-1", "ekspert-2", "ekspert-3", "ekspert-4"]) {
    const cases = (await apiAs(candidate, `/v1/cases?edition=${EDITION}&pageSize=500`)).cases ?? [];
    kase = cases.find((c) => c.stage === "ROLLOUT" && c.supportArea);
    if (kase) {
      login = candidate;
      break;
    }
  }
  assert.ok(kase, "a demo expert has a case in rollout");
  const ofJst = async () => listed(login, `&teryt=${kase.teryt}`);
  const before = await ofJst();
  const { page, problems } = await openPage(browser.context);
  await signIn(page, login);
  await goTo(page, `/console/cases/${kase.id}`);
  const section = page.locator("jst-case-practices");
  await section.getByRole("heading", { name: "Dobre praktyki JST" }).waitFor();
  for (const practice of before)
    await section.locator(`tr[data-practice="${practice.id}"] [data-field="status"]`, { hasText: STATUS[practice.status] }).waitFor();

  // The form: refused as the API refuses it, field by field, nothing written.
  await section.getByRole("button", { name: "Zaproponuj dobrą praktykę" }).click();
  assert.equal(await section.getByLabel("Tytuł").evaluate((input) => input.matches(":focus")), true, "the title takes the keyboard");
  assert.equal(
    await section.getByLabel("Obszar wsparcia").inputValue(),
    kase.supportArea,
    "the case's support area is the practice's by default",
  );
  const title = `Rada jakości oświaty ${randomUUID().slice(0, 8)}`;
  await section.getByLabel("Tytuł").fill(title);
  await section.getByLabel("Słowa kluczowe").fill("jakość, Jakość");
  const refused = await requestAs(login, "POST", `/v1/cases/${kase.id}/good-practices`, {
    title,
    description: "",
    keywords: ["jakość", "Jakość"],
    supportArea: kase.supportArea,
  });
  assert.equal(refused.status, 400);
  const named = refused.body.details.flatMap((d) => d.fieldViolations ?? []).map((v) => v.field.replace(/\[\d+\]$/, ""));
  await section.getByRole("button", { name: "Zapisz szkic" }).click();
  await section.locator(".problem").first().waitFor();
  const marked = await section.locator('[aria-invalid="true"]').evaluateAll((fields) => fields.map((f) => f.name));
  assert.deepEqual(marked.sort(), [...new Set(named)].sort(), "the fields the API names, marked");
  assert.deepEqual(marked.sort(), ["practice.description", "practice.keywords"]);
  await section.getByText("Popraw to pole: ta wartość występuje dwa razy („Jakość”)").waitFor();
  assert.equal(await section.getByLabel("Opis praktyki").evaluate((f) => f.matches(":focus")), true, "the first refused field takes the keyboard");
  await expectAccessible(page, "the practice form with its field problems");
  await screenshot(page, "case-practice-form");
  assert.equal((await ofJst()).length, before.length, "a refused draft writes nothing");

  // Saved as a draft of the case's JST and area.
  const description = "Rada jakości z dyrektorami szkół i radnymi przegląda raz w roku wyniki i plan.";
  await section.getByLabel("Opis praktyki").fill(description);
  await section.getByLabel("Słowa kluczowe").fill("monitorowanie jakości; egzamin ósmoklasisty");
  await section.getByRole("button", { name: "Zapisz szkic" }).click();
  await section.getByRole("status").filter({ hasText: `Zapisano szkic praktyki „${title}”` }).waitFor();
  const draft = (await ofJst()).find((p) => p.title === title);
  assert.ok(draft, "the draft, in the JST's practices");
  assert.equal(draft.status, "PRACTICE_DRAFT");
  assert.equal(draft.case, kase.id);
  assert.equal(draft.supportArea, kase.supportArea);
  assert.equal(draft.description, description);
  assert.deepEqual(draft.keywords, ["monitorowanie jakości", "egzamin ósmoklasisty"]);
  await section.locator(`tr[data-practice="${draft.id}"] [data-field="status"]`, { hasText: "szkic" }).waitFor();

  // A second practice of the same title is refused at the title, and writes nothing.
  await section.getByRole("button", { name: "Zaproponuj dobrą praktykę" }).click();
  await section.getByLabel("Tytuł").fill(title.toUpperCase());
  await section.getByLabel("Opis praktyki").fill(description);
  await section.getByRole("button", { name: "Zapisz szkic" }).click();
  await section.locator('[aria-invalid="true"][name="practice.title"]').waitFor();
  await section.getByText("ta JST ma już praktykę o takim tytule — nadaj inny").waitFor();
  assert.equal((await ofJst()).length, before.length + 1, "the repeated title wrote nothing");
  await section.getByRole("button", { name: "Anuluj" }).click();

  // The catalogue leads back to the case's page to change the draft.
  await openScreen(page);
  await search(page, title, "PRACTICE_DRAFT");
  await rowOf(page, title).getByRole("link", { name: `Edytuj na stronie sprawy: ${title}` }).click();
  await section.getByRole("heading", { name: "Dobre praktyki JST" }).waitFor();
  await section.locator("h2#practices:focus").waitFor();
  await section.getByRole("button", { name: `Edytuj szkic: ${title}` }).click();
  assert.equal(await section.getByLabel("Tytuł").inputValue(), title);
  assert.equal(await section.getByLabel("Opis praktyki").inputValue(), description);
  assert.equal(await section.getByLabel("Słowa kluczowe").inputValue(), "monitorowanie jakości, egzamin ósmoklasisty");
  const changed = `${title} i rodziców`;
  await section.getByLabel("Tytuł").fill(changed);
  await section.getByRole("button", { name: "Zapisz szkic" }).click();
  await section.getByRole("status").filter({ hasText: `Zapisano zmiany szkicu „${changed}”` }).waitFor();
  const edited = await practiceOf(draft.id);
  assert.equal(edited.title, changed);
  assert.equal(Number(edited.version), Number(draft.version) + 1, "one change");

  // Submitted for the office's approval: no more changes from here.
  await section.getByRole("button", { name: `Zgłoś do zatwierdzenia: ${changed}` }).click();
  await section.getByRole("status").filter({ hasText: `Zgłoszono praktykę „${changed}” do zatwierdzenia.` }).waitFor();
  await section.locator(`tr[data-practice="${draft.id}"] [data-field="status"]`, { hasText: "zgłoszona" }).waitFor();
  assert.equal((await practiceOf(draft.id)).status, "PRACTICE_SUBMITTED");
  assert.equal(await section.locator(`tr[data-practice="${draft.id}"] button`).count(), 0, "a submitted practice takes no command here");
  await expectAccessible(page, "the case's practices");
  await screenshot(page, "case-practices");
  assert.deepEqual(problems.filter((p) => !p.includes("400") && !p.includes("409")), [], "no console error but the refusals");
});
