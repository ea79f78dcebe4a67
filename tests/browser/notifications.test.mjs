// The notifications screen (issue 23) on the demonstration programme, with
// the notifications service planning and sending from the stack's real
// events. Changes, used by no other test: a ROLLOUT application of its own
// (the first rural commune of warmińsko-mazurskie, 28, without one),
// submitted without the JST's office e-mail and qualified, whose contact's
// JST_QUALIFIED notification fails for want of an address; that contact's
// notification settings; trener-2's notification settings and address for
// notifications; koordynator-28's address for notifications (which plans
// its weekly digest) and notification settings.
//
// - The office's list is the API's (order, titles, recipients, states);
//   "Nieudane" (by keyboard) is the API's failed list, the new
//   notification marked failed with its reason in Polish; its recipient's
//   settings (a row's "Ustawienia", by keyboard) are refused without a
//   language at the field, then saved (the API confirms).
// - trener-2 sees their own notifications as "Ty", saves their settings by
//   keyboard alone (a required kind ticked and disabled), is refused an
//   address without '@' at the field, then saves one (two PUTs, each with
//   its own Idempotency-Key; the API confirms); in English the titles are
//   the API's English ones.
// - The JST's coordinator (koordynator-28) sees the row and reads the
//   contact's settings without a way to change them; ekspert-1 sees their
//   own notifications as "Ty" and, from "Na tej stronie", their settings.
// - koordynator-28 has settings of its own, the weekly digest alone; gives
//   its address for notifications, then finds its digest (planned through
//   an event: waited for) in its list as "Ty", due Monday 07:00 with the
//   API's title; opts out of it by keyboard (the API confirms). The office
//   sees the coordinator's settings as the digest alone, opted out.
// - Czeladź's staff (jst-2401021) see their people's notifications and open
//   a person's settings from a row: the API's, editable (nothing saved).
// Every state reached passes axe; screenshots notifications-*.
import assert from "node:assert/strict";
import { afterEach, before, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, expectFocused, issuerUrl, launch, openPage, requestAs, screenshot, signIn } from "./browser.mjs";

const EDITION = "ROLLOUT";
const VOIVODESHIP = "28";
const COORDINATOR = `koordynator-${VOIVODESHIP}`;
const PAGE_SIZE = 50;

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

// Waits until `check` answers something truthy (what the notifications
// service learns from events, and what its sender does, takes a moment).
async function eventually(check, what, seconds = 90) {
  for (let waited = 0; waited < seconds * 2; waited++) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.fail(`never: ${what}`);
}

// A PESEL of 15 April 1968 with a valid check digit (serials no other test uses).
function pesel(serial) {
  const digits = `680415${String(serial).padStart(4, "0")}`;
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = [...digits].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

// The test's own qualified ROLLOUT application: submitted (no institution,
// so no contact address) and qualified once; its contact's reference.
let contact = "";
let application = null;
before(async () => {
  if (!issuerUrl) return;
  const jsts = (await apiAs("biuro", `/v1/jsts?voivodeship=${VOIVODESHIP}&kind=RURAL_COMMUNE&pageSize=50`)).jsts ?? [];
  for (const jst of jsts) {
    const existing = (await apiAs("biuro", `/v1/editions/${EDITION}/applications?teryt=${jst.teryt}`)).applications ?? [];
    if (existing.length > 0) continue;
    const today = new Date().toISOString().slice(0, 10);
    const roles = ["DECISION_MAKER", "OPERATIONAL_STAFF", "COUNCILLOR_OR_SOCIAL_PARTNER"];
    const submitted = await requestAs("biuro", "POST", `/v1/editions/${EDITION}/applications`, {
      teryt: jst.teryt,
      representatives: roles.map((targetGroup, i) => ({
        firstName: ["Halina", "Ireneusz", "Jadwiga"][i],
        lastName: "Powiadomieniowa",
        pesel: pesel(2301 + i),
        targetGroup,
        declaration: { signedOn: today, informationClauseHandedOver: true },
      })),
    });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const qualified = await requestAs("biuro", "POST", `/v1/applications/${submitted.body.id}:qualify`, {});
    assert.equal(qualified.status, 200, JSON.stringify(qualified.body));
    application = qualified.body;
    break;
  }
  assert.ok(application, `a rural commune of ${VOIVODESHIP} without a ${EDITION} application`);
  contact = `jst-contact:${application.id}`;
});

// The notification the qualification planned for the contact, once the
// sender has tried it (no address on record: it fails at once).
async function failedQualification() {
  return eventually(async () => {
    const listed = await apiAs("biuro", `/v1/notifications?person=${encodeURIComponent(contact)}&language=pl`);
    return (listed.notifications ?? []).find((n) => n.kind === "JST_QUALIFIED" && n.state === "FAILED");
  }, "the contact's JST_QUALIFIED notification failed");
}

// The first page of the list as `login` reads it.
async function firstPage(login, query = "") {
  return (await apiAs(login, `/v1/notifications?language=pl&pageSize=${PAGE_SIZE}${query}`)).notifications ?? [];
}

function menuLink(page, name) {
  return page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name, exact: true });
}

// The list's rows as shown: each row's id, recipient and cells by field.
function rowsShown(page) {
  return page.locator("tr[data-notification]").evaluateAll((rows) =>
    rows.map((row) => ({
      id: row.dataset.notification,
      person: row.dataset.person,
      cells: Object.fromEntries([...row.querySelectorAll("[data-field]")].map((cell) => [cell.dataset.field, cell.innerText.trim()])),
    })),
  );
}

// An instant as the console writes it in Polish, in Warsaw.
function warsaw(instant) {
  return new Intl.DateTimeFormat("pl-PL", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Warsaw" }).format(new Date(instant));
}

// When `instant` is in Warsaw: its weekday in Polish and its time ("07:00").
// The Warsaw day of an instant, "YYYY-MM-DD".
function warsawDay(instant) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw" }).format(new Date(instant));
}

function warsawWeekdayAndTime(instant) {
  const parts = new Intl.DateTimeFormat("pl-PL", {
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Europe/Warsaw",
  }).formatToParts(new Date(instant));
  const part = (type) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: part("weekday"), time: `${part("hour")}:${part("minute")}` };
}

// Whether the API's instant is one: proto3 JSON prints a Timestamp present
// but never set as the epoch (the service does so for `sentTime`).
function isSet(instant) {
  return instant !== undefined && Date.parse(instant) > 0;
}

const STATES = {
  SCHEDULED: "zaplanowane",
  SENDING: "w trakcie wysyłania",
  SENT: "wysłane",
  CANCELLED: "anulowane",
  FAILED: "nieudane",
  EXPIRED: "wygasło — nie wysłano w terminie",
  SKIPPED: "pominięte",
};

// Waits until the list shows the page `expected` (the API's, read at the
// time: the sender may move a row on meanwhile), then compares row by row.
async function expectListIs(page, login, query, what) {
  let expected = [];
  await eventually(async () => {
    expected = await firstPage(login, query);
    const shown = await rowsShown(page);
    return (
      shown.length === expected.length &&
      shown.every((row, i) => row.id === expected[i].id && row.cells.state.replace(/^⚠\s*/, "").startsWith(STATES[expected[i].state]))
    );
  }, `${what}: the list is the API's`, 30);
  const shown = await rowsShown(page);
  for (const [i, n] of expected.entries()) {
    const row = shown[i];
    assert.equal(row.person, n.person, `${what}: row ${i}'s recipient`);
    assert.equal(row.cells.due, warsaw(n.dueTime), `${what}: row ${i}'s due time in Warsaw`);
    assert.equal(row.cells.title, n.title || "(treść jeszcze nieustalona)", `${what}: row ${i}'s title`);
    assert.equal(row.cells.sent, isSet(n.sentTime) ? warsaw(n.sentTime) : "nie wysłano", `${what}: row ${i}'s sending time`);
  }
  return expected;
}

// The element that has the focus, through shadow roots: its name as a
// person hears it (its label, aria-label or text).
function focusedName(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element) return "";
    return (element.getAttribute("aria-label") ?? element.labels?.[0]?.textContent ?? element.textContent ?? "").replace(/\s+/g, " ").trim();
  });
}

function focusedTag(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return [element?.tagName ?? "", element?.textContent?.trim() ?? ""];
  });
}

async function tabTo(page, name, key = "Tab") {
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press(key);
    if ((await focusedName(page)) === name) return;
  }
  assert.fail(`${key} never reached "${name}"`);
}

// The console's errors but the expected refusals (a 404 for an address not
// on record, the 400s of the refusals the test provokes).
function unexpected(problems, expected) {
  return problems.filter((problem) => !expected.some((status) => problem.includes(`status of ${status}`)));
}

test("the office sees every notification, the failed ones one press away, and sets a recipient's settings", { skip: !issuerUrl }, async () => {
  const failed = await failedQualification();
  assert.equal(failed.problem, "no e-mail address on record");
  const short = application.id.slice(0, 8);

  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await menuLink(page, "Powiadomienia").click();
  await page.getByRole("heading", { level: 1, name: "Powiadomienia" }).waitFor();
  await page.getByRole("table", { name: "Powiadomienia, od najpóźniejszego terminu wysłania" }).waitFor();
  const all = await expectListIs(page, "biuro", "", "the office's list");
  assert.ok(all.length > 0, "the demo's events planned notifications");
  // The office has no address of its own yet: said at the top.
  await page.getByText("Nie podano jeszcze Twojego adresu e-mail do powiadomień").waitFor();
  await expectAccessible(page, "the office's notifications");
  await screenshot(page, "notifications-office");

  // "Nieudane" by keyboard: the API's failed list, this one among them.
  await page.getByRole("heading", { level: 1, name: "Powiadomienia" }).click();
  await tabTo(page, "Nieudane");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/console\/notifications\?state=FAILED$/);
  await page.getByRole("table", { name: "Powiadomienia w stanie „nieudane”, od najpóźniejszego terminu wysłania" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Nieudane", exact: true }).getAttribute("aria-pressed"), "true");
  await expectListIs(page, "biuro", "&state=FAILED", "the failed list");
  const row = page.locator(`tr[data-notification="${failed.id}"]`);
  assert.equal(await row.locator('[data-field="kind"]').innerText(), "Zakwalifikowanie JST do programu");
  assert.equal(await row.locator('[data-field="person"] .person').innerText(), `Kontakt JST ${short}`);
  assert.equal(await row.locator('[data-field="sent"]').innerText(), "nie wysłano");
  // The JST by name (read after the list), linking to its application.
  await row.locator('[data-field="jst"]').getByRole("link", { name: application.jstName, exact: true }).waitFor();
  assert.equal(
    await row.locator('[data-field="state"]').innerText(),
    "⚠ nieudane\nPowód: brak adresu e-mail odbiorcy w rejestrze programu",
  );
  await expectAccessible(page, "the failed notifications");
  await screenshot(page, "notifications-failed");

  // The row's recipient's settings, by keyboard: their heading takes the focus.
  await tabTo(page, `Ustawienia powiadomień: Kontakt JST ${short}`);
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 3, name: `Kontakt JST ${short}` }).waitFor();
  assert.equal(await focusedName(page), `Kontakt JST ${short}`, "the settings' heading has the focus");
  const before = await apiAs("biuro", `/v1/notification-preferences?person=${encodeURIComponent(contact)}`);
  assert.equal(before.chosen, false);
  await page.getByText("Ta osoba nie wybrała jeszcze ustawień").waitFor();
  const required = page.locator('#prefs-required input[type="checkbox"]');
  assert.equal(await required.count(), 6, "the six required kinds");
  for (const box of await required.all()) {
    assert.equal(await box.isChecked(), true);
    assert.equal(await box.isDisabled(), true);
  }
  const optional = page.locator('#prefs-optedOut input[type="checkbox"]');
  assert.equal(await optional.count(), 6, "the six optional kinds");
  for (const box of await optional.all()) assert.equal(await box.isChecked(), true, "all wanted until chosen");

  // Saved without a language: the API's refusal at the language.
  const refused = page.waitForResponse((r) => r.request().method() === "PUT");
  await page.getByRole("button", { name: "Zapisz ustawienia" }).click();
  assert.equal((await refused).status(), 400);
  await page.getByText("Popraw to pole: wybierz język: polski albo angielski").waitFor();
  assert.equal(await page.locator("#prefs-language").getAttribute("aria-invalid"), "true");
  assert.equal(await focusedName(page), "polski", "the refused field has the focus");
  assert.equal((await apiAs("biuro", `/v1/notification-preferences?person=${encodeURIComponent(contact)}`)).chosen, false, "nothing saved");
  await expectAccessible(page, "the settings refused at the language");
  await screenshot(page, "notifications-recipient-refused");

  await page.getByRole("radio", { name: "angielski (English)" }).check();
  await page.getByRole("checkbox", { name: "Zadanie po terminie" }).uncheck();
  const saved = page.waitForResponse((r) => r.request().method() === "PUT");
  await page.getByRole("button", { name: "Zapisz ustawienia" }).click();
  const answer = await saved;
  assert.equal(answer.status(), 200);
  assert.ok(answer.request().headers()["idempotency-key"], "the PUT carries an Idempotency-Key");
  await page.getByText(/^Zapisano ustawienia powiadomień/).waitFor();
  const after = await apiAs("biuro", `/v1/notification-preferences?person=${encodeURIComponent(contact)}`);
  assert.equal(after.language, "en");
  assert.deepEqual(after.optedOut, ["TASK_OVERDUE"]);
  await expectAccessible(page, "the recipient's settings saved");
  await screenshot(page, "notifications-recipient-settings");

  // A reference that is none: refused at the person filter.
  await page.getByLabel("Odbiorca (opcjonalnie)").fill("jst:2476011");
  await page.getByRole("button", { name: "Pokaż", exact: true }).click();
  await page.getByText(/^Popraw to pole: podaj odbiorcę jako participant:<id>/).waitFor();
  assert.equal(await page.getByLabel("Odbiorca (opcjonalnie)").getAttribute("aria-invalid"), "true");
  await expectAccessible(page, "the person filter refused");

  // "Pokaż powiadomienia tej osoby": the contact's own list.
  await page.getByRole("button", { name: "Pokaż powiadomienia tej osoby" }).click();
  await page.waitForURL(new RegExp(`person=${encodeURIComponent(contact).replace(/%3A/i, "(%3A|:)")}$`));
  await expectListIs(page, "biuro", `&person=${encodeURIComponent(contact)}`, "the contact's list");
  assert.deepEqual(unexpected(problems, [400, 404]), [], "no console error but the expected refusals");
});

test("a trainer sees their own notifications and sets their settings and address by keyboard", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  const puts = [];
  page.on("request", (request) => {
    if (request.method() === "PUT" && request.url().endsWith("/v1/account-contact")) puts.push(request.headers()["idempotency-key"]);
  });
  await signIn(page, "trener-2");
  await menuLink(page, "Powiadomienia").click();
  await page.getByRole("heading", { level: 2, name: "Twoje ustawienia powiadomień" }).waitFor();
  await page.locator('[data-field="total"]').waitFor();
  const own = await expectListIs(page, "trener-2", "", "the trainer's list");
  assert.ok(own.length > 0, "the rollout's modules plan their programme for their trainers");
  for (const row of await rowsShown(page)) assert.equal(row.cells.person, "Ty", "a trainer's own notifications are theirs");
  await page.getByText("Nie podano jeszcze adresu e-mail — program nie może wysyłać Ci powiadomień.").waitFor();
  const required = page.locator('#prefs-required input[type="checkbox"]');
  assert.equal(await required.count(), 6);
  assert.equal(await page.getByRole("checkbox", { name: "Program i logistyka modułu — 7 dni przed nim" }).isDisabled(), true);
  assert.equal(await page.getByRole("checkbox", { name: "Program i logistyka modułu — 7 dni przed nim" }).isChecked(), true);
  await page.getByText("Zasady programu wymagają wysyłania tych powiadomień — nie można ich wyłączyć.").waitFor();
  await expectAccessible(page, "the trainer's notifications");
  await screenshot(page, "notifications-trainer");

  // The settings by keyboard alone: English, one optional kind off, saved.
  await page.getByRole("heading", { level: 2, name: "Twoje ustawienia powiadomień" }).click();
  await tabTo(page, "polski");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focusedName(page), "angielski (English)");
  await tabTo(page, "Koniec zapisów na moduł za 4 godziny");
  await page.keyboard.press("Space");
  await tabTo(page, "Zapisz ustawienia");
  const saved = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/v1/notification-preferences"));
  await page.keyboard.press("Enter");
  assert.equal((await saved).status(), 200);
  await page.getByText(/^Zapisano ustawienia powiadomień/).waitFor();
  const preferences = await apiAs("trener-2", "/v1/notification-preferences");
  assert.equal(preferences.person, "trainer:trener-2");
  assert.equal(preferences.language, "en");
  assert.deepEqual(preferences.optedOut, ["SIGNUP_DEADLINE_4H"]);
  await expectAccessible(page, "the trainer's settings saved");
  await screenshot(page, "notifications-trainer-saved");

  // The address: "Podaj adres" takes the keyboard to it; one without '@'
  // is refused at the field; then one is saved.
  await page.getByRole("heading", { level: 1, name: "Powiadomienia" }).click();
  await tabTo(page, "Podaj adres");
  await page.keyboard.press("Enter");
  assert.equal(await focusedName(page), "Adres e-mail", "the address field has the focus");
  await page.keyboard.type("trener2.example.pl");
  const refused = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/v1/account-contact"));
  await page.keyboard.press("Enter");
  assert.equal((await refused).status(), 400);
  await page.getByText("Popraw to pole: adres e-mail musi mieć dokładnie jeden znak @").waitFor();
  assert.equal(await page.getByLabel("Adres e-mail", { exact: true }).getAttribute("aria-invalid"), "true");
  assert.equal(await focusedName(page), "Adres e-mail", "the refused field keeps the focus");
  assert.equal((await requestAs("trener-2", "GET", "/v1/account-contact")).status, 404, "nothing saved");
  await expectAccessible(page, "the address refused");
  await screenshot(page, "notifications-address-refused");

  await page.keyboard.press("Control+A");
  await page.keyboard.type("trener2@example.pl");
  const stored = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/v1/account-contact"));
  await page.keyboard.press("Enter");
  assert.equal((await stored).status(), 200);
  await page.getByText("Zapisano adres do powiadomień: trener2@example.pl.").waitFor();
  await page.getByText("Powiadomienia wysyłamy na adres: trener2@example.pl").waitFor();
  assert.equal((await apiAs("trener-2", "/v1/account-contact")).email, "trener2@example.pl");
  assert.equal(await page.getByText("Nie podano jeszcze Twojego adresu e-mail do powiadomień").count(), 0, "the warning is gone");
  assert.equal(puts.length, 2, "two PUTs: the refused and the saved");
  assert.ok(puts.every(Boolean) && puts[0] !== puts[1], "each with its own Idempotency-Key");
  await expectAccessible(page, "the address saved");
  await screenshot(page, "notifications-address-saved");

  // In English the titles are the API's English ones.
  await page.getByRole("button", { name: "English", exact: true }).click();
  await page.getByRole("table", { name: "Notifications, latest due time first" }).waitFor();
  const english = await apiAs("trener-2", `/v1/notifications?language=en&pageSize=${PAGE_SIZE}`);
  await eventually(async () => {
    const titles = (await rowsShown(page)).map((row) => row.cells.title);
    return JSON.stringify(titles) === JSON.stringify((english.notifications ?? []).map((n) => n.title || "(content not known yet)"));
  }, "the English titles are the API's", 20);
  assert.equal((await rowsShown(page))[0].cells.person, "You");
  await expectAccessible(page, "the trainer's notifications in English");
  await screenshot(page, "notifications-trainer-english");
  assert.deepEqual(unexpected(problems, [400, 404]), [], "no console error but the expected refusals");
});

test("the coordinator reads a recipient's settings; an expert sees their own", { skip: !issuerUrl }, async () => {
  await failedQualification();
  const short = application.id.slice(0, 8);
  const { page, problems } = await openPage(browser.context);
  await signIn(page, COORDINATOR);
  await menuLink(page, "Powiadomienia").click();
  await page.getByLabel("Odbiorca (opcjonalnie)").fill(contact);
  await page.getByRole("button", { name: "Pokaż", exact: true }).click();
  await page.waitForURL(/person=/);
  const listed = await expectListIs(page, COORDINATOR, `&person=${encodeURIComponent(contact)}`, "the coordinator's list of the contact");
  assert.ok(listed.length > 0);
  await page.getByRole("button", { name: `Ustawienia powiadomień: Kontakt JST ${short}` }).first().click();
  await page.getByRole("heading", { level: 3, name: `Kontakt JST ${short}` }).waitFor();
  await page.getByText("Podgląd: koordynator nie zmienia ustawień powiadomień innych osób.").waitFor();
  const named = page.locator("#named-prefs");
  assert.equal(await named.getByRole("button", { name: "Zapisz ustawienia" }).count(), 0, "no way to change them");
  // Its own settings are another part, its own to change.
  await page.getByRole("heading", { level: 2, name: "Twoje ustawienia powiadomień" }).waitFor();
  const theirs = await apiAs(COORDINATOR, `/v1/notification-preferences?person=${encodeURIComponent(contact)}`);
  const language = { pl: "polski", en: "angielski (English)", "": "jeszcze nie wybrano" }[theirs.language ?? ""];
  await page.getByText(`Język wiadomości: ${language}`).waitFor();
  assert.deepEqual(
    (await named.locator("tr[data-kind]").evaluateAll((rows) => rows.map((row) => row.dataset.kind))).sort(),
    theirs.kinds.map((kind) => kind.kind).sort(),
    "the kinds the API lists, no more",
  );
  assert.ok(!theirs.kinds.some((kind) => kind.kind === "WEEKLY_DIGEST"), "a JST's contact gets no weekly digest");
  for (const kind of theirs.kinds) {
    const said = kind.required ? "tak — obowiązkowe" : kind.optedOut ? "nie — wyłączone przez odbiorcę" : "tak";
    assert.equal(await named.locator(`tr[data-kind="${kind.kind}"] td`).innerText(), said, kind.kind);
  }
  await page.getByRole("heading", { level: 2, name: "Twój adres e-mail do powiadomień" }).waitFor();
  await expectAccessible(page, "the coordinator's view");
  await screenshot(page, "notifications-coordinator");
  assert.deepEqual(unexpected(problems, [404]), [], "no console error but the expected 404");

  // ekspert-1: their own notifications and settings (a browser of their
  // own: the issuer's session would sign the coordinator in again).
  await browser.close();
  browser = await launch();
  const second = await openPage(browser.context);
  await signIn(second.page, "ekspert-1");
  await menuLink(second.page, "Powiadomienia").click();
  await second.page.getByRole("heading", { level: 2, name: "Twoje ustawienia powiadomień" }).waitFor();
  const mine = await apiAs("ekspert-1", "/v1/notification-preferences");
  assert.match(mine.person, /^expert:/);
  await second.page.locator('[data-field="prefs-chosen"]').waitFor();
  await second.page.locator('[data-field="total"]').waitFor();
  const rows = await expectListIs(second.page, "ekspert-1", "", "the expert's list");
  for (const [i, row] of (await rowsShown(second.page)).entries()) {
    assert.equal(rows[i].person, mine.person);
    assert.equal(row.cells.person, "Ty");
  }
  // Below a long list, "Na tej stronie" takes the keyboard to their settings.
  await second.page.getByRole("heading", { level: 1, name: "Powiadomienia" }).click();
  await tabTo(second.page, "Twoje ustawienia powiadomień");
  await second.page.keyboard.press("Enter");
  assert.deepEqual(await focusedTag(second.page), ["H2", "Twoje ustawienia powiadomień"], "the settings' heading has the focus");
  await expectAccessible(second.page, "the expert's notifications");
  await screenshot(second.page, "notifications-expert");
  assert.deepEqual(unexpected(second.problems, [404]), [], "no console error but the expected 404");
});

test("JST staff open their people's settings from their list", { skip: !issuerUrl }, async () => {
  // Czeladź (2401021), the rollout's first qualified JST: its contact and
  // its officials. The settings are only looked at: nothing is saved.
  const login = "jst-2401021";
  const { page, problems } = await openPage(browser.context);
  await signIn(page, login);
  await menuLink(page, "Powiadomienia").click();
  await page.locator('[data-field="total"]').waitFor();
  const listed = await expectListIs(page, login, "", "the JST's list");
  assert.ok(listed.length > 0, "the JST's qualification and its people's reminders");
  for (const row of await rowsShown(page)) assert.match(row.cells.person, /^(Uczestnik|Kontakt JST) [0-9a-f]{8}\nUstawienia$/);
  // No address of its own: JST staff are reached through their records.
  assert.equal(await page.getByRole("heading", { name: "Twój adres e-mail do powiadomień" }).count(), 0);
  const first = listed[0];
  const words = `${first.person.startsWith("participant:") ? "Uczestnik" : "Kontakt JST"} ${first.person.split(":")[1].slice(0, 8)}`;
  await page.getByRole("button", { name: `Ustawienia powiadomień: ${words}` }).first().click();
  await page.getByRole("heading", { level: 3, name: words }).waitFor();
  await page.getByRole("button", { name: "Zapisz ustawienia" }).waitFor();
  const theirs = await apiAs(login, `/v1/notification-preferences?person=${encodeURIComponent(first.person)}`);
  for (const kind of theirs.kinds) {
    const box = page.locator(`input[name="kind"][value="${kind.kind}"]`);
    assert.equal(await box.isChecked(), kind.required || !kind.optedOut, kind.kind);
    assert.equal(await box.isDisabled(), kind.required, kind.kind);
  }
  await expectAccessible(page, "the JST's notifications and a person's settings");
  await screenshot(page, "notifications-jst");
  assert.deepEqual(unexpected(problems, [404]), [], "no console error");
});

test("a coordinator gives its address, finds its weekly digest and opts out of it", { skip: !issuerUrl }, async () => {
  const own = `coordinator:${COORDINATOR}`;
  const { page, problems } = await openPage(browser.context);
  const puts = [];
  page.on("request", (request) => {
    if (request.method() === "PUT" && request.url().endsWith("/v1/notification-preferences")) puts.push(request.postDataJSON());
  });
  await signIn(page, COORDINATOR);
  await menuLink(page, "Powiadomienia").click();
  await page.getByRole("heading", { level: 2, name: "Twoje ustawienia powiadomień" }).waitFor();
  await page.getByRole("heading", { level: 2, name: "Ustawienia powiadomień odbiorcy" }).waitFor();
  await page.locator('[data-field="total"]').waitFor();

  // Its own settings: the weekly digest alone, optional, wanted until chosen.
  const before = await apiAs(COORDINATOR, "/v1/notification-preferences");
  assert.equal(before.person, own);
  assert.deepEqual(before.kinds, [{ kind: "WEEKLY_DIGEST", required: false, optedOut: false }]);
  const mine = page.locator("#own-prefs");
  await mine.getByText("Nie wybrano jeszcze ustawień: dostajesz wszystkie powiadomienia, po polsku.").waitFor();
  assert.equal(await mine.locator("#prefs-required").count(), 0, "no required kinds: no group for them");
  const boxes = mine.locator('input[name="kind"]');
  assert.equal(await boxes.count(), 1, "one kind: the digest");
  const digestBox = mine.getByRole("checkbox", { name: "Tygodniowe podsumowanie województwa" });
  assert.equal(await digestBox.isChecked(), true);
  assert.equal(await digestBox.isDisabled(), false);
  // No address yet, so no digest: said at the top.
  assert.equal((await requestAs(COORDINATOR, "GET", "/v1/account-contact")).status, 404);
  await page.getByText("Nie podano jeszcze Twojego adresu e-mail do powiadomień").waitFor();
  assert.ok(!(await firstPage(COORDINATOR, `&person=${encodeURIComponent(own)}`)).length, "no digest before an address");
  await expectAccessible(page, "the coordinator's own settings, no address yet");
  await screenshot(page, "notifications-coordinator-own");

  // Its address, by keyboard from the warning: the directory records its
  // role and voivodeship from its sign-in.
  await page.getByRole("heading", { level: 1, name: "Powiadomienia" }).click();
  await tabTo(page, "Podaj adres");
  await page.keyboard.press("Enter");
  assert.equal(await focusedName(page), "Adres e-mail", "the address field has the focus");
  await page.keyboard.type("koordynator28@example.pl");
  const stored = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/v1/account-contact"));
  await page.keyboard.press("Enter");
  assert.equal((await stored).status(), 200);
  await page.getByText("Zapisano adres do powiadomień: koordynator28@example.pl.").waitFor();
  const contact = await apiAs(COORDINATOR, "/v1/account-contact");
  assert.equal(contact.email, "koordynator28@example.pl");
  assert.equal(contact.role, "COORDINATOR");
  assert.equal(contact.voivodeship, VOIVODESHIP);
  assert.equal(await page.getByText("Nie podano jeszcze Twojego adresu e-mail do powiadomień").count(), 0, "the warning is gone");
  await expectAccessible(page, "the coordinator's address saved");
  await screenshot(page, "notifications-coordinator-address");

  // The digest comes through an event: waited for, then the list read again.
  const digest = await eventually(async () => {
    const listed = await firstPage(COORDINATOR, `&person=${encodeURIComponent(own)}`);
    return listed.find((n) => n.kind === "WEEKLY_DIGEST");
  }, "the coordinator's weekly digest planned", 60);
  // This week's while its Monday lasts (planned on a Monday after 07:00, it
  // is due already and may be on its way), else the next Monday's.
  const ahead = Date.parse(digest.dueTime) - Date.now();
  const dueToday = warsawDay(digest.dueTime) === warsawDay(Date.now());
  assert.ok((ahead > 0 && ahead <= 7 * 24 * 3600 * 1000) || (ahead <= 0 && dueToday), "this Monday's, or the next Monday's");
  assert.ok(digest.state === "SCHEDULED" || ahead <= 0, `scheduled until it is due (${digest.state})`);
  assert.equal(digest.about, `voivodeship:${VOIVODESHIP}`);
  assert.equal(digest.required, false);
  assert.match(digest.title, /^Podsumowanie tygodnia od \d{1,2} \S+ \d{4} r\. \(poniedziałek\) – województwo warmińsko-mazurskie$/);
  assert.deepEqual(warsawWeekdayAndTime(digest.dueTime), { weekday: "poniedziałek", time: "07:00" }, "due Monday 07:00 in Warsaw");

  // In the list (every recipient of the voivodeship, newest due first): the
  // first page is the API's; the digest on the page the API has it.
  await page.getByRole("button", { name: "Wszystkie", exact: true }).click();
  await expectListIs(page, COORDINATOR, "", "the coordinator's list");
  const row = page.locator(`tr[data-notification="${digest.id}"]`);
  for (let pages = 0; (await row.count()) === 0; pages++) {
    assert.ok(pages < 20, "the digest is on one of the list's pages");
    const shown = (await rowsShown(page)).length;
    await page.getByRole("button", { name: "Pokaż kolejne powiadomienia" }).click();
    await eventually(async () => (await rowsShown(page)).length > shown, "the next page added", 20);
    // The keyboard is at the first row the page added.
    await expectFocused(page.locator("tr[data-notification]").nth(shown));
  }
  assert.equal(await row.locator('[data-field="kind"]').innerText(), "Tygodniowe podsumowanie województwa");
  assert.equal(await row.locator('[data-field="title"]').innerText(), digest.title);
  assert.equal(await row.locator('[data-field="person"]').innerText(), "Ty", "its own digest, no settings button");
  assert.equal(await row.locator('[data-field="due"]').innerText(), warsaw(digest.dueTime));
  // Its state as the API has it now (due this very morning, it may be on its way).
  const now = (await firstPage(COORDINATOR, `&person=${encodeURIComponent(own)}`)).find((n) => n.id === digest.id);
  assert.ok((await row.locator('[data-field="state"]').innerText()).replace(/^⚠\s*/, "").startsWith(STATES[now.state]));
  await row.scrollIntoViewIfNeeded();
  await expectAccessible(page, "the coordinator's list with its digest");
  await screenshot(page, "notifications-coordinator-digest", { fullPage: false });

  // Its settings, by keyboard from "Na tej stronie": Polish, the digest off.
  await page.getByRole("heading", { level: 1, name: "Powiadomienia" }).click();
  await tabTo(page, "Twoje ustawienia powiadomień");
  await page.keyboard.press("Enter");
  assert.deepEqual(await focusedTag(page), ["H2", "Twoje ustawienia powiadomień"], "the settings' heading has the focus");
  await tabTo(page, "polski");
  await page.keyboard.press("Space");
  await tabTo(page, "Tygodniowe podsumowanie województwa");
  await page.keyboard.press("Space");
  assert.equal(await digestBox.isChecked(), false);
  await tabTo(page, "Zapisz ustawienia");
  const saved = page.waitForResponse((r) => r.request().method() === "PUT" && r.url().endsWith("/v1/notification-preferences"));
  await page.keyboard.press("Enter");
  assert.equal((await saved).status(), 200);
  await mine.getByText(/^Zapisano ustawienia powiadomień/).waitFor();
  assert.deepEqual(puts, [{ language: "pl", optedOut: ["WEEKLY_DIGEST"] }], "its own (no person named), the digest alone opted out");
  const after = await apiAs(COORDINATOR, "/v1/notification-preferences");
  assert.equal(after.person, own);
  assert.equal(after.language, "pl");
  assert.deepEqual(after.optedOut, ["WEEKLY_DIGEST"]);
  assert.equal(after.chosen, true);
  await expectAccessible(page, "the coordinator's digest switched off");
  await screenshot(page, "notifications-coordinator-digest-off");
  assert.deepEqual(unexpected(problems, [404]), [], "no console error but the expected 404");

  // The office names the coordinator: the digest alone, now off, editable.
  await browser.close();
  browser = await launch();
  const office = await openPage(browser.context);
  await signIn(office.page, "biuro");
  await menuLink(office.page, "Powiadomienia").click();
  const theirs = office.page.locator("#named-prefs");
  await theirs.getByRole("textbox", { name: "Odbiorca", exact: true }).fill(own);
  await theirs.getByRole("button", { name: "Pokaż ustawienia" }).click();
  await theirs.getByRole("heading", { level: 3, name: `Koordynator ${COORDINATOR}` }).waitFor();
  assert.equal(await theirs.locator('input[name="kind"]').count(), 1, "the kinds the API lists: the digest alone");
  assert.equal(await theirs.locator("#prefs-required").count(), 0);
  assert.equal(await theirs.getByRole("checkbox", { name: "Tygodniowe podsumowanie województwa" }).isChecked(), false);
  assert.equal(await theirs.getByRole("radio", { name: "polski", exact: true }).isChecked(), true);
  await expectAccessible(office.page, "the office's view of a coordinator's settings");
  // The settings, scrolled to: the office's list above them is long.
  await screenshot(office.page, "notifications-coordinator-office", { fullPage: false });
  assert.deepEqual(unexpected(office.problems, [404]), [], "no console error but the expected 404");
});
