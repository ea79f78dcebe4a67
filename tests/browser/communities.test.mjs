// The networks and groups screens (issue 24, docs/programme-parts.md part
// 1) on the demonstration programme: the office's list of PILOT's
// communities is the API's; Świętochłowice enrols one of its officials in
// the key-competences network and ends the membership again, seeing its
// officials by name; the network's moderator (an expert, who may not read
// names) records a meeting with two members present, and another expert
// is not offered the form. Every figure on screen is compared with the
// test's own read of the API.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, goTo, issuerUrl, launch, openPage, polishDate, screenshot, signIn } from "./browser.mjs";

const EDITION = "PILOT";
const KEY_COMPETENCES = "Sieć tematyczna: kompetencje kluczowe";

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

async function communities(login) {
  return (await apiAs(login, `/v1/editions/${EDITION}/communities?pageSize=100`)).communities ?? [];
}

async function openList(page) {
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Sieci i grupy" }).click();
  await goTo(page, `/console/communities?edition=${EDITION}`);
  await page.getByRole("table", { name: `Sieci i grupy edycji ${EDITION}` }).waitFor();
}

async function openCommunity(page, name) {
  await page.getByRole("table", { name: `Sieci i grupy edycji ${EDITION}` }).getByRole("link", { name, exact: true }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

function warsawToday() {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Warsaw" }).format(new Date());
}

test("the office's list of networks and groups is the API's", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await openList(page);
  const listed = await communities("biuro");
  assert.equal(listed.length, 9, "five networks, the cooperation network, three groups");
  const rows = page.getByRole("table", { name: `Sieci i grupy edycji ${EDITION}` }).locator("tbody tr");
  assert.equal(await rows.count(), listed.length);
  for (const c of listed) {
    const row = rows.filter({ has: page.getByRole("link", { name: c.name, exact: true }) });
    assert.equal((await row.locator('[data-field="members"]').innerText()).trim(), String(c.memberCount ?? 0), c.name);
    assert.equal((await row.locator('[data-field="meetings"]').innerText()).trim(), String(c.meetingCount ?? 0), c.name);
  }
  // The three exchange groups met 8 times, as in stage I.
  const groupMeetings = listed.filter((c) => c.kind === "EXCHANGE_GROUP").reduce((n, c) => n + (c.meetingCount ?? 0), 0);
  assert.equal(groupMeetings, 8);
  await expectAccessible(page, "the office's networks and groups");
  await screenshot(page, "communities-office");
  assert.deepEqual(problems, [], "no console error");
});

test("a JST enrols one of its officials by name and ends the membership", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  const login = "jst-2476011";
  await signIn(page, login);
  await openList(page);
  await openCommunity(page, KEY_COMPETENCES);
  const network = (await communities(login)).find((c) => c.name === KEY_COMPETENCES);
  const before = (await apiAs(login, `/v1/communities/${network.id}/members?includePast=true`)).members ?? [];
  assert.equal(before.length, 0, "none of Świętochłowice's officials is in this network yet");

  await page.getByRole("button", { name: "Pokaż urzędników JST" }).click();
  const official = page.getByLabel("Urzędnik", { exact: true });
  await official.waitFor();
  const options = (await official.locator("option").allInnerTexts()).map((text) => text.trim());
  assert.equal(options.length, 3, "its three officials");
  assert.ok(options.every((name) => /^\p{Lu}\p{Ll}+ \p{Lu}/u.test(name)), `named: ${options.join(", ")}`);
  await expectAccessible(page, "a JST enrolling an official");
  await page.getByRole("button", { name: "Dołącz", exact: true }).click();
  await page.getByRole("status").filter({ hasText: `${options[0]} dołączył(a) do: ${KEY_COMPETENCES}.` }).waitFor();
  const joined = (await apiAs(login, `/v1/communities/${network.id}/members`)).members ?? [];
  assert.equal(joined.length, 1);
  assert.equal(joined[0].joinedOn, warsawToday());
  const row = page.locator(`tr[data-participant="${joined[0].participant}"]`);
  assert.equal((await row.getByRole("rowheader").innerText()).trim(), options[0]);
  assert.equal(
    (await row.locator("td").allInnerTexts()).map((text) => text.trim()).slice(0, 3).join(" | "),
    `Świętochłowice (2476011) | ${polishDate(joined[0].joinedOn)} | nadal`,
  );
  await screenshot(page, "community-jst");

  await row.getByRole("button", { name: `Zakończ członkostwo: ${options[0]}` }).click();
  await page.getByRole("status").filter({ hasText: `${options[0]} zakończył(a) członkostwo.` }).waitFor();
  const after = (await apiAs(login, `/v1/communities/${network.id}/members?includePast=true`)).members ?? [];
  assert.equal(after[0].leftOn, warsawToday());
  await page.getByLabel("Pokaż także byłych członków").check();
  await page.locator(`tr[data-participant="${joined[0].participant}"]`).getByText(polishDate(after[0].leftOn)).last().waitFor();
  assert.deepEqual(problems, [], "no console error");
});

test("the network's moderator records a meeting; another expert is not offered it", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "ekspert-4");
  await openList(page);
  await openCommunity(page, KEY_COMPETENCES);
  const network = (await communities("ekspert-4")).find((c) => c.name === KEY_COMPETENCES);
  const before = (await apiAs("ekspert-4", `/v1/communities/${network.id}/meetings`)).meetings ?? [];
  // An expert reads no names: members are their JST and an ordinal.
  const present = page.getByRole("group", { name: "Obecni członkowie" }).getByRole("checkbox");
  await present.nth(1).waitFor();
  const first = (await page.getByRole("group", { name: "Obecni członkowie" }).locator("label").first().innerText()).trim();
  assert.match(first, /, urzędnik \d+$/);
  await page.getByLabel("Temat").fill("Konsultacje: kompetencje kluczowe w planach");
  await page.getByLabel("Forma").selectOption("ONLINE");
  await present.nth(0).check();
  await present.nth(1).check();
  await expectAccessible(page, "a moderator recording a meeting");
  await page.getByRole("button", { name: "Zapisz spotkanie" }).click();
  await page
    .getByRole("status")
    .filter({ hasText: `Odnotowano spotkanie „Konsultacje: kompetencje kluczowe w planach” (${polishDate(warsawToday())}).` })
    .waitFor();
  const after = (await apiAs("ekspert-4", `/v1/communities/${network.id}/meetings`)).meetings ?? [];
  assert.equal(after.length, before.length + 1);
  const made = after.find((m) => m.title === "Konsultacje: kompetencje kluczowe w planach");
  assert.equal(made.form, "ONLINE");
  assert.equal(made.attendeeCount, 2);
  const row = page.locator(`tr[data-meeting="${made.id}"]`);
  assert.deepEqual(
    (await row.locator("td").allInnerTexts()).map((text) => text.trim()),
    [polishDate(made.heldOn), "online", "2"],
  );
  await screenshot(page, "community-moderator");
  assert.deepEqual(problems, [], "no console error");

  // Another expert, in a browser of its own (the issuer's session would
  // sign the moderator in again).
  const second = await launch();
  try {
    const other = await openPage(second.context);
    await signIn(other.page, "ekspert-2");
    await openList(other.page);
    await openCommunity(other.page, KEY_COMPETENCES);
    await other.page.getByRole("heading", { name: "Spotkania i aktywność" }).waitFor();
    assert.equal(await other.page.getByRole("heading", { name: "Odnotuj spotkanie" }).count(), 0);
    assert.equal(await other.page.getByRole("heading", { name: "Dołącz urzędnika" }).count(), 0, "an expert reads no applications");
  } finally {
    await second.close();
  }
});
