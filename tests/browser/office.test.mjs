// The office's editions and everyone's calendar subscriptions (issue 19) on
// the demonstration programme. The office creates an edition (a code made
// for this run, used by no other test; PILOT and ROLLOUT, which the other
// tests read, are only looked at), meeting a field error first; edits it
// (the PATCH names only what changed, at the version read), meets a
// version conflict made behind its back, reloads keeping what was typed
// and saves again; saves its training settings and one
// indicator target — each confirmed through the API. An edition's modules
// link to their plans. A trainer (trener-2, whose feeds no other test
// touches) creates a subscription link of their calendar: the link shown is
// the API's, a calendar app's GET of it answers a calendar, and after it is
// deleted the address answers 404. The link's secret never reaches the
// page's address or the console's messages.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, baseUrl, expectAccessible, expectFocused, issuerUrl, launch, openPage, requestAs, screenshot, signIn } from "./browser.mjs";

// This run's own edition: never PILOT or ROLLOUT.
const CODE = `OFFICE-TEST-${Date.now().toString(36).toUpperCase()}`;

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

function menuLink(page, name) {
  return page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name, exact: true });
}

// Waits until `check` (an async predicate) holds: for what reaches another
// service through its events (reporting learns of a new edition from
// recruitment's EditionChanged).
async function eventually(check, what) {
  for (let attempt = 0; attempt < 120; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`never: ${what}`);
}

// The console's messages but the expected answers: the refusals (400) and
// the version conflict (409) the test provokes, and the 404 of the new
// edition's training settings, which are not saved until the test saves
// them.
function unexpected(problems) {
  return problems.filter((problem) => !/status of (400|404|409)/.test(problem));
}

test("the office creates an edition past a field error, edits it, sets its training settings and a target", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await menuLink(page, "Edycje i ustawienia").click();
  await page.getByRole("heading", { name: "Edycje i ustawienia", level: 1 }).waitFor();

  // The list is the API's, each edition's phase in words.
  const editions = (await apiAs("biuro", "/v1/editions?pageSize=500")).editions;
  const table = page.getByRole("table", { name: "Edycje programu" });
  await table.waitFor();
  assert.deepEqual(
    (await table.locator("tbody tr th").allInnerTexts()).map((text) => text.trim()),
    editions.map((edition) => edition.code),
  );
  for (const edition of editions) {
    const row = table.locator(`tr[data-edition="${edition.code}"]`);
    assert.equal((await row.locator("td").first().innerText()).trim(), edition.name);
    assert.match(await row.locator("td.phase").innerText(), /rekrutac|edycja zakończona/);
  }
  await expectAccessible(page, "the editions");
  await screenshot(page, "editions");

  // A capacity of 0: the API's refusal at its field; nothing created.
  const form = page.getByRole("form", { name: "Nowa edycja" });
  await form.getByLabel("Kod edycji").fill(CODE);
  await form.getByLabel("Nazwa").fill("Edycja testowa biura");
  await form.getByLabel("Rodzaj edycji").selectOption("ROLLOUT");
  await form.getByLabel("Limit zakwalifikowanych JST").fill("0");
  await form.getByLabel("Minimalna liczba przedstawicieli JST").fill("3");
  await form.getByLabel("Początek edycji").fill("2031-01-01");
  await form.getByLabel("Koniec edycji").fill("2032-12-31");
  await form.getByLabel("Otwarcie rekrutacji").fill("2031-01-05T09:00");
  await form.getByLabel("Zamknięcie rekrutacji").fill("2031-03-31T16:00");
  const refusedAnswer = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/v1/editions"));
  await form.getByRole("button", { name: "Utwórz edycję" }).click();
  const refused = await refusedAnswer;
  assert.equal(refused.status(), 400);
  const firstKey = refused.request().headers()["idempotency-key"];
  assert.ok(firstKey, "the creation carries an Idempotency-Key");
  const violation = (await refused.json()).details.flatMap((detail) => detail.fieldViolations ?? [])[0];
  assert.equal(violation.field, "edition.capacity");
  // The API's problem in Polish at the field (errors.ts problemText).
  assert.equal(violation.description, "must be 1 to 10000 JSTs");
  await form.getByText(/^Popraw to pole: podaj liczbę od 1 do 10\s000$/).waitFor();
  const capacity = form.getByLabel("Limit zakwalifikowanych JST");
  assert.equal(await capacity.getAttribute("aria-invalid"), "true");
  assert.match(await capacity.getAttribute("aria-describedby"), /edition-capacity-problem/);
  assert.equal(await form.getByLabel("Nazwa").inputValue(), "Edycja testowa biura", "what was typed is kept");
  assert.equal((await requestAs("biuro", "GET", `/v1/editions/${CODE}`)).status, 404, "nothing created");
  await expectAccessible(page, "the creation refused at its field");
  await screenshot(page, "editions-create-error");

  // Corrected: created, with a new key, and listed.
  await capacity.fill("40");
  const createdAnswer = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/v1/editions"));
  await form.getByRole("button", { name: "Utwórz edycję" }).click();
  const created = await createdAnswer;
  assert.equal(created.status(), 200);
  assert.notEqual(created.request().headers()["idempotency-key"], firstKey, "a new submission, a new key");
  const stored = await apiAs("biuro", `/v1/editions/${CODE}`);
  assert.equal(stored.name, "Edycja testowa biura");
  assert.equal(stored.capacity, 40);
  assert.equal(stored.recruitmentOpensAt, "2031-01-05T08:00:00Z", "09:00 in Warsaw is 08:00 UTC in winter");
  assert.equal(stored.recruitmentClosesAt, "2031-03-31T14:00:00Z", "16:00 in Warsaw is 14:00 UTC in summer");
  await page.getByRole("status").filter({ hasText: `Utworzono edycję ${CODE}.` }).waitFor();
  const row = table.locator(`tr[data-edition="${CODE}"]`);
  await row.waitFor();
  assert.equal((await row.locator("td.phase").innerText()).trim(), "przed rekrutacją");
  assert.equal((await row.locator("td.period").innerText()).trim(), "1 stycznia 2031 – 31 grudnia 2032");
  await expectAccessible(page, "the edition created");
  await screenshot(page, "editions-created");

  // Reporting learns of the edition through recruitment's event.
  await eventually(
    async () => (await requestAs("biuro", "GET", `/v1/indicators?edition=${CODE}`)).status === 200,
    "reporting knows the new edition",
  );

  // The edition's page: the form holds the API's values; only the changed
  // fields are sent.
  await row.getByRole("link", { name: CODE }).click();
  await page.waitForURL(new RegExp(`/console/editions/${CODE}$`));
  await page.getByRole("heading", { name: `Edycja programu: ${CODE} — Edycja testowa biura` }).waitFor();
  const edit = page.getByRole("form", { name: "Dane edycji" });
  assert.equal(await edit.getByLabel("Otwarcie rekrutacji").inputValue(), "2031-01-05T09:00");
  assert.equal(await edit.getByLabel("Limit zakwalifikowanych JST").inputValue(), "40");
  await page.getByText("Ustawienia szkoleń tej edycji nie są jeszcze zapisane").waitFor();
  await page.getByText("Ta edycja nie ma jeszcze zaplanowanych modułów.").waitFor();
  await expectAccessible(page, "the new edition's page");
  await screenshot(page, "edition-page");

  await edit.getByLabel("Nazwa").fill("Edycja testowa biura (zmieniona)");
  await edit.getByLabel("Limit zakwalifikowanych JST").fill("45");
  const patched = page.waitForResponse((r) => r.request().method() === "PATCH");
  await edit.getByRole("button", { name: "Zapisz zmiany" }).click();
  const patch = await patched;
  assert.equal(patch.status(), 200);
  assert.equal(new URL(patch.url()).searchParams.get("updateMask"), "name,capacity");
  assert.equal(new URL(patch.url()).searchParams.get("expectedVersion"), stored.version, "the version the page read");
  assert.deepEqual(JSON.parse(patch.request().postData()), { name: "Edycja testowa biura (zmieniona)", capacity: 45 });
  await page.getByRole("status").filter({ hasText: "Zapisano zmiany edycji." }).waitFor();
  const edited = await apiAs("biuro", `/v1/editions/${CODE}`);
  assert.equal(edited.name, "Edycja testowa biura (zmieniona)");
  assert.equal(edited.capacity, 45);
  assert.equal(edited.startsOn, stored.startsOn, "what was not changed stays");
  assert.equal(edited.recruitmentOpensAt, stored.recruitmentOpensAt);
  await expectAccessible(page, "the edition saved");
  await screenshot(page, "edition-saved");

  // Another officer renames the edition behind the page's back: the page's
  // save (the capacity) is a version conflict that changes nothing and
  // keeps what was typed; the reload reads the edition again (the other
  // officer's name) keeping the typed capacity, and saving again sends only
  // the capacity, at the new version.
  const behind = await requestAs(
    "biuro",
    "PATCH",
    `/v1/editions/${CODE}?updateMask=name&expectedVersion=${edited.version}`,
    { name: "Edycja testowa biura (zmieniona obok)" },
  );
  assert.equal(behind.status, 200, JSON.stringify(behind.body));
  assert.notEqual(behind.body.version, edited.version);
  await edit.getByLabel("Limit zakwalifikowanych JST").fill("50");
  const conflicted = page.waitForResponse((r) => r.request().method() === "PATCH");
  await edit.getByRole("button", { name: "Zapisz zmiany" }).click();
  const conflict = await conflicted;
  assert.equal(conflict.status(), 409);
  assert.equal((await conflict.json()).code, 10, "ABORTED");
  await page.getByRole("alert").filter({ hasText: "Ktoś zmienił tę edycję — wczytaj ponownie." }).waitFor();
  assert.equal(await edit.getByLabel("Limit zakwalifikowanych JST").inputValue(), "50", "what was typed is kept");
  const untouched = await apiAs("biuro", `/v1/editions/${CODE}`);
  assert.equal(untouched.capacity, 45, "the conflict changed nothing");
  assert.equal(untouched.version, behind.body.version);
  await expectAccessible(page, "the edition's version conflict");
  await screenshot(page, "edition-conflict");

  await page.getByRole("button", { name: "Wczytaj ponownie" }).click();
  await page.getByRole("heading", { name: `Edycja programu: ${CODE} — Edycja testowa biura (zmieniona obok)` }).waitFor();
  assert.equal(await edit.getByLabel("Nazwa").inputValue(), "Edycja testowa biura (zmieniona obok)", "read again");
  assert.equal(await edit.getByLabel("Limit zakwalifikowanych JST").inputValue(), "50", "what was typed is kept");
  assert.equal(await page.getByText("Ktoś zmienił tę edycję — wczytaj ponownie.").count(), 0);
  await expectAccessible(page, "the edition read again");
  await screenshot(page, "edition-reloaded");
  const resaved = page.waitForResponse((r) => r.request().method() === "PATCH");
  await edit.getByRole("button", { name: "Zapisz zmiany" }).click();
  const resave = await resaved;
  assert.equal(resave.status(), 200);
  assert.equal(new URL(resave.url()).searchParams.get("updateMask"), "capacity");
  assert.equal(new URL(resave.url()).searchParams.get("expectedVersion"), behind.body.version);
  await page.getByRole("status").filter({ hasText: "Zapisano zmiany edycji." }).waitFor();
  const merged = await apiAs("biuro", `/v1/editions/${CODE}`);
  assert.equal(merged.capacity, 50);
  assert.equal(merged.name, "Edycja testowa biura (zmieniona obok)", "the other officer's change stays");
  assert.notEqual(merged.version, behind.body.version);

  // Training settings: a completion threshold of 150 is refused at its
  // field; 75 with the third week read Monday to Sunday is saved.
  const settings = page.getByRole("form", { name: "Ustawienia szkoleń" });
  await settings.getByLabel("Próg ukończenia szkolenia (%)").fill("150");
  await settings.getByLabel("Jak czytać „trzeci tydzień miesiąca”").selectOption("THIRD_MONDAY_WEEK");
  await settings.getByRole("button", { name: "Zapisz ustawienia szkoleń" }).click();
  const threshold = settings.getByLabel("Próg ukończenia szkolenia (%)");
  await settings.getByText(/^Popraw to pole:/).waitFor();
  assert.equal(await threshold.getAttribute("aria-invalid"), "true");
  assert.equal((await requestAs("biuro", "GET", `/v1/editions/${CODE}/training-settings`)).status, 404, "nothing saved");
  await expectAccessible(page, "the settings refused at a field");
  await settings.scrollIntoViewIfNeeded();
  await screenshot(page, "edition-settings-error");
  await threshold.fill("75");
  const put = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/training-settings"));
  await settings.getByRole("button", { name: "Zapisz ustawienia szkoleń" }).click();
  assert.equal((await put).status(), 200);
  await page.getByRole("status").filter({ hasText: "Zapisano ustawienia szkoleń." }).waitFor();
  const saved = await apiAs("biuro", `/v1/editions/${CODE}/training-settings`);
  assert.equal(saved.completionPercent, 75);
  assert.equal(saved.thirdWeekReading, "THIRD_MONDAY_WEEK");
  assert.equal(saved.didacticHourMinutes, 45, "the others keep their defaults");

  // Indicator targets: every indicator of the API with its target; one
  // changed (typed with a decimal comma), confirmed by the API.
  const indicators = (await apiAs("biuro", `/v1/indicators?edition=${CODE}`)).indicators;
  const targets = page.getByRole("table", { name: "Wskaźniki edycji" });
  await targets.waitFor();
  assert.equal(await targets.locator("tbody tr").count(), indicators.length);
  for (const indicator of indicators) {
    const input = targets.locator(`tr[data-indicator="${indicator.definition.code}"] input`);
    assert.equal(await input.inputValue(), (indicator.target ?? "").replace(".", ","), indicator.definition.code);
  }
  const chosen = indicators.find((indicator) => indicator.definition.unit === "COUNT") ?? indicators[0];
  const name = chosen.definition.namePl;
  const newTarget = chosen.target === "123.5" ? "124,5" : "123,5";
  await targets.getByLabel(`Wartość docelowa: ${name}`, { exact: true }).fill(newTarget);
  await targets.getByRole("button", { name: `Zapisz wartość docelową: ${name}` }).click();
  await page.getByRole("status").filter({ hasText: `Zapisano wartość docelową wskaźnika „${name}”` }).waitFor();
  const after = (await apiAs("biuro", `/v1/indicators?edition=${CODE}&codes=${chosen.definition.code}`)).indicators[0];
  assert.equal(after.target, newTarget.replace(",", "."));
  await expectAccessible(page, "the edition's settings and targets saved");
  await targets.scrollIntoViewIfNeeded();
  await screenshot(page, "edition-targets");
  assert.deepEqual(unexpected(problems), [], "no console error but the expected 400s");
});

test("an edition's modules open their plans; the page is the API's", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await menuLink(page, "Edycje i ustawienia").click();
  await page.getByRole("table", { name: "Edycje programu" }).getByRole("link", { name: "PILOT", exact: true }).click();
  await page.waitForURL(/\/console\/editions\/PILOT$/);
  const modules = (await apiAs("biuro", "/v1/editions/PILOT/modules?pageSize=500")).modules ?? [];
  assert.ok(modules.length > 0, "the demo's PILOT has modules");
  const list = page.locator("ul.modules");
  await list.waitFor();
  const links = list.getByRole("link");
  assert.equal(await links.count(), modules.length);
  for (const [i, module] of modules.entries()) {
    assert.equal((await links.nth(i).innerText()).trim(), `Moduł ${module.number}: ${module.title}`);
    assert.equal(await links.nth(i).getAttribute("href"), `/console/modules/${module.id}`);
  }
  const settings = await apiAs("biuro", "/v1/editions/PILOT/training-settings");
  const form = page.getByRole("form", { name: "Ustawienia szkoleń" });
  assert.equal(await form.getByLabel("Godzina dydaktyczna (minuty)").inputValue(), String(settings.didacticHourMinutes));
  assert.equal(await form.getByLabel("Liczba modułów").inputValue(), String(settings.moduleCount));
  await expectAccessible(page, "the PILOT's page");
  await page.getByRole("heading", { name: "Moduły szkoleniowe" }).scrollIntoViewIfNeeded();
  await screenshot(page, "edition-modules");
  assert.deepEqual(problems, [], "no console error");
});

test("a trainer creates their calendar's subscription link, a calendar app reads it, and it is deleted", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  const messages = [];
  page.on("console", (message) => messages.push(message.text()));
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(baseUrl).origin });
  await signIn(page, "trener-2");
  await menuLink(page, "Kalendarze").click();
  await page.getByRole("heading", { name: "Kalendarze", level: 1 }).waitFor();
  const before = (await apiAs("trener-2", "/v1/calendar-feeds")).feeds ?? [];
  if (before.length === 0) await page.getByText("Brak linków subskrypcji w użyciu.").waitFor();
  await expectAccessible(page, "the calendars");
  await screenshot(page, "calendars");

  const form = page.getByRole("form", { name: "Nowy link subskrypcji" });
  assert.equal(await form.getByLabel("Kalendarz").inputValue(), "TRAINER_CALENDAR");
  const answer = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/v1/calendar-feeds"));
  await form.getByRole("button", { name: "Utwórz link" }).click();
  const made = await answer;
  assert.equal(made.status(), 200);
  const feed = await made.json();
  assert.equal(feed.trainer, "trener-2");
  const link = new URL(feed.subscriptionPath, baseUrl).href;
  const shown = page.getByLabel("Link subskrypcji", { exact: true });
  await shown.waitFor();
  assert.equal(await shown.inputValue(), link, "the link shown is the API's");
  await page.getByRole("button", { name: "Kopiuj link" }).click();
  await page.getByText("Skopiowano link do schowka.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);

  // A calendar app's GET, without a token.
  const calendar = await fetch(link);
  assert.equal(calendar.status, 200);
  assert.match(await calendar.text(), /^BEGIN:VCALENDAR/);

  // The list is the API's.
  const listed = (await apiAs("trener-2", "/v1/calendar-feeds")).feeds;
  const rows = page.getByRole("table", { name: "Linki subskrypcji" }).locator("tbody tr");
  await rows.first().waitFor();
  assert.deepEqual(
    await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-feed"))),
    listed.map((f) => f.id),
  );
  assert.equal(await rows.first().locator("th").innerText(), "kalendarz trenera trener-2");
  await expectAccessible(page, "the new link");
  await screenshot(page, "calendars-link");

  // Renewed, then deleted: the address answers 404.
  const row = page.locator(`tr[data-feed="${feed.id}"]`);
  await row.getByRole("button", { name: /^Odnów link/ }).click();
  await page.getByRole("status").filter({ hasText: /Odnowiono link: ważny do/ }).waitFor();
  await row.getByRole("button", { name: /^Usuń link/ }).click();
  await page.getByRole("status").filter({ hasText: "Usunięto link: od teraz nie działa." }).waitFor();
  await expectFocused(page.locator("#list-note"));
  const remaining = (await apiAs("trener-2", "/v1/calendar-feeds")).feeds ?? [];
  assert.ok(!remaining.some((f) => f.id === feed.id), "the API lists it no more");
  assert.equal((await fetch(link)).status, 404);
  assert.equal(await page.getByLabel("Link subskrypcji", { exact: true }).count(), 0, "the deleted link is shown no more");
  await expectAccessible(page, "the link deleted");
  await screenshot(page, "calendars-deleted");

  // The secret stayed out of the address and the console.
  const token = feed.subscriptionPath.split("/").pop().replace(".ics", "");
  assert.ok(!page.url().includes(token), "not in the page's address");
  assert.ok(!messages.some((text) => text.includes(token)), "not in the console's messages");
  assert.deepEqual(problems, [], "no console error");
});
