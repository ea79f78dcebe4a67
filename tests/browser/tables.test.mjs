// The expert tables screen (issue 24, docs/programme-parts.md part 2) on
// the demonstration programme's rollout module 1: the first qualified
// JST's staff books a slot for its official by name, sees it full, and
// cancels; the legal table's expert opens a slot at its own table and is
// offered none at another expert's; the office sets a new table up. Every
// slot's places and time are compared with the test's own read of the API.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, expectFocused, goTo, issuerUrl, launch, openPage, screenshot, signIn } from "./browser.mjs";

const EDITION = "ROLLOUT";
const LEGAL = "Stolik prawny: zadania oświatowe JST";
const FINANCE = "Stolik: subwencja i finansowanie oświaty";

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

async function moduleOne(login) {
  const modules = (await apiAs(login, `/v1/editions/${EDITION}/modules`)).modules ?? [];
  const module = modules.find((m) => m.number === 1);
  assert.ok(module, "the rollout's module 1");
  return module;
}

async function tablesOf(login, module) {
  return (await apiAs(login, `/v1/modules/${module.id}/expert-tables`)).tables ?? [];
}

async function openScreen(page, module) {
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Stoliki eksperckie" }).waitFor();
  await goTo(page, `/console/expert-tables?edition=${EDITION}&module=${module.id}`);
  await page.getByRole("heading", { level: 1, name: "Stoliki eksperckie" }).waitFor();
  await page.getByRole("table", { name: `Terminy stolika: ${LEGAL}` }).waitFor();
}

// "6 stycznia 2027 19:30 – 20:00" as the console writes a slot, computed
// in the browser (its ICU) from the API's instants.
function slotText(page, slot) {
  return page.evaluate(
    ([start, end]) => {
      const day = new Intl.DateTimeFormat("pl-PL", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Warsaw" });
      const time = new Intl.DateTimeFormat("pl-PL", { timeStyle: "short", timeZone: "Europe/Warsaw" });
      return `${day.format(new Date(start))} – ${time.format(new Date(end))}`;
    },
    [slot.startTime, slot.endTime],
  );
}

// Each table's slots on screen are the API's: time and free places.
async function expectSlots(page, tables) {
  for (const table of tables) {
    const rows = page.locator(`article[data-table="${table.id}"] tr[data-slot]`);
    assert.equal(await rows.count(), (table.slots ?? []).length, table.title);
    for (const slot of table.slots ?? []) {
      const row = page.locator(`tr[data-slot="${slot.id}"]`);
      assert.equal((await row.getByRole("rowheader").innerText()).trim(), await slotText(page, slot));
      assert.equal((await row.locator('[data-field="places"]').innerText()).trim(), `${slot.freePlaces} z ${slot.capacity}`);
    }
  }
}

test("a JST books a slot for its official by name, sees it full and cancels", { skip: !issuerUrl }, async () => {
  const login = "jst-2401021";
  const { page, problems } = await openPage(browser.context);
  await signIn(page, login);
  const module = await moduleOne(login);
  await openScreen(page, module);
  await expectSlots(page, await tablesOf(login, module));

  const legal = (await tablesOf(login, module)).find((t) => t.title === LEGAL);
  const slot = legal.slots.find((s) => s.capacity === 1 && s.freePlaces === 1);
  assert.ok(slot, "a free single place");
  const time = await slotText(page, slot);
  await page.getByRole("button", { name: `Zarezerwuj termin ${time}` }).click();
  const official = page.getByLabel("Urzędnik", { exact: true });
  await official.waitFor();
  const name = (await official.locator("option").first().innerText()).trim();
  assert.match(name, /^\p{Lu}\p{Ll}+ \p{Lu}/u, "its official by name");
  // Closed unsent, the keyboard is back at the slot's button; Enter opens it again.
  await page.getByRole("button", { name: "Anuluj", exact: true }).click();
  await expectFocused(page.getByRole("button", { name: `Zarezerwuj termin ${time}` }));
  await page.keyboard.press("Enter");
  await official.waitFor();
  await expectAccessible(page, "a JST booking an expert table's slot");
  await page.getByRole("button", { name: "Zarezerwuj termin", exact: true }).click();
  await page.getByRole("status").filter({ hasText: `Zarezerwowano: ${name}, ${time}.` }).waitFor();
  const full = (await tablesOf(login, module)).find((t) => t.id === legal.id).slots.find((s) => s.id === slot.id);
  assert.equal(full.freePlaces, 0);
  await expectSlots(page, await tablesOf(login, module));
  assert.equal(await page.getByRole("button", { name: `Zarezerwuj termin ${time}` }).count(), 0, "a full slot takes no booking");
  await screenshot(page, "tables-jst");

  const cancel = page.getByRole("button", { name: `Odwołaj rezerwację: ${name}, ${time}` });
  await cancel.click();
  await page.getByRole("status").filter({ hasText: `Odwołano rezerwację: ${name}, ${time}.` }).waitFor();
  const freed = (await tablesOf(login, module)).find((t) => t.id === legal.id).slots.find((s) => s.id === slot.id);
  assert.equal(freed.freePlaces, 1);
  await expectSlots(page, await tablesOf(login, module));
  assert.deepEqual(problems, [], "no console error");
});

test("an expert opens a slot at its own table only", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "ekspert-1");
  const module = await moduleOne("ekspert-1");
  await openScreen(page, module);
  assert.equal(await page.getByRole("button", { name: `Nowy termin: ${FINANCE}` }).count(), 0, "another expert's table");
  assert.equal(await page.getByRole("button", { name: "Zarezerwuj", exact: true }).count(), 0, "experts do not book");
  await page.getByRole("button", { name: `Nowy termin: ${LEGAL}` }).press("Enter");
  await page.locator("jst-tables-page").getByLabel("Początek (czas warszawski)").and(page.locator(":focus")).waitFor();
  const day = module.startTime ? new Date(module.startTime) : new Date();
  const local = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Warsaw" }).format(day);
  await page.getByLabel("Początek (czas warszawski)").fill(`${local}T20:45`);
  await page.getByLabel("Czas trwania (minuty)").fill("45");
  await page.getByLabel("Liczba miejsc").fill("3");
  await expectAccessible(page, "an expert opening a slot");
  await page.getByRole("button", { name: "Dodaj termin" }).click();
  await page.getByRole("status").filter({ hasText: /^Dodano termin / }).waitFor();
  const legal = (await tablesOf("ekspert-1", module)).find((t) => t.title === LEGAL);
  const added = legal.slots.find((s) => s.capacity === 3);
  assert.ok(added, "the new slot");
  assert.equal(added.durationMinutes, 45);
  await expectSlots(page, await tablesOf("ekspert-1", module));
  await screenshot(page, "tables-expert");
  assert.deepEqual(problems, [], "no console error");
});

test("the office sets a new table up", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  const module = await moduleOne("biuro");
  await openScreen(page, module);
  await page.getByLabel("Temat", { exact: true }).selectOption("OTHER_TOPIC");
  const title = `Stolik: kadry w oświacie ${randomUUID().slice(0, 6)}`;
  await page.getByLabel("Nazwa stolika").fill(title);
  await page.getByLabel("Ekspert (login)").fill("ekspert-2");
  await page.getByLabel("Miejsce (nieobowiązkowe)").fill("Sala D");
  await page.getByRole("button", { name: "Utwórz stolik" }).click();
  await page.getByRole("status").filter({ hasText: `Utworzono stolik „${title}”.` }).waitFor();
  const made = (await tablesOf("biuro", module)).find((t) => t.title === title);
  assert.equal(made.expert, "ekspert-2");
  await page.getByRole("heading", { name: `${title} (inny temat) — ekspert: ekspert-2` }).waitFor();
  await expectAccessible(page, "the office's expert tables");
  await screenshot(page, "tables-office");
  assert.deepEqual(problems, [], "no console error");
});
