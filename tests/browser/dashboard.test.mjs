// The programme dashboard (/console/dashboard) on the demonstration
// programme: every figure it shows equals the API's answer to the same query
// read by the test itself (apiAs) — the office's for the whole country, a
// coordinator's for its voivodeship only, with no other voivodeship on the
// screen. Each state passes axe-core at WCAG 2.1 AA and logs no error.
import assert from "node:assert/strict";
import { test } from "node:test";
import { apiAs, expectAccessible, launch, openPage, screenshot, signIn } from "./browser.mjs";
import { VOIVODESHIPS } from "../../tools/dev-issuer/src/accounts.mjs";

const issuerUrl = process.env.JSTEDU_ISSUER_URL ?? "";
const EDITION = "PILOT";
// The items a data-quality list shows before "show all" (LIST_CAP of
// console/src/dashboard.ts).
const LIST_CAP = 20;

// A figure as text, the Polish way ("1 234,50 %") or the API's ("1234.50"),
// without spaces and with a decimal point, so the two compare.
function plain(text) {
  return (text ?? "").replace(/[\s\u00a0\u202f]/g, "").replace(/,/g, ".");
}

// Every item of every page of a list (`field` of each answer).
async function countAll(login, path, field) {
  let total = 0;
  let token = "";
  do {
    const page = await apiAs(login, `${path}&pageSize=500${token ? `&pageToken=${encodeURIComponent(token)}` : ""}`);
    total += (page[field] ?? []).length;
    token = page.nextPageToken ?? "";
  } while (token !== "");
  return total;
}

// The dashboard of EDITION, from the menu (a reload would end the session:
// tokens live in memory). While the answer of /v1/progress is held back,
// the content is busy and shows no figure; once it says it is not busy,
// every part is there at that very moment (count() does not wait).
async function openDashboard(page) {
  let release;
  const held = new Promise((resolve) => (release = resolve));
  const heldRequests = [];
  const progress = (url) => url.pathname === "/v1/progress";
  await page.route(progress, (route) => {
    const passed = held.then(() => route.continue());
    heldRequests.push(passed);
    return passed;
  });
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Pulpit programu" }).click();
  await page.getByRole("heading", { level: 1, name: "Pulpit programu" }).waitFor();
  await page.getByLabel("Edycja").selectOption(EDITION);
  await page.waitForURL((url) => url.pathname === "/console/dashboard" && url.searchParams.get("edition") === EDITION);
  await page.locator('jst-dashboard-page .content[aria-busy="true"]').waitFor();
  assert.equal(await page.locator("li.target").count(), 0, "no figure while busy");
  release();
  await Promise.all(heldRequests);
  await page.unroute(progress);
  await page.locator('jst-dashboard-page .content[aria-busy="false"]').waitFor();
  for (const part of ["li.target", "jst-dashboard-tiles li", "jst-chart tbody tr", "jst-dashboard-quality table"]) {
    assert.ok((await page.locator(part).count()) > 0, `${part} shown once not busy`);
  }
}

// The text of the dashboard, its components' shadow roots included.
function dashboardText(page) {
  return page.locator("jst-dashboard-page").evaluate((host) => {
    const texts = [];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) texts.push(node.textContent);
      if (node.shadowRoot) walk(node.shadowRoot);
      for (const child of node.childNodes) walk(child);
    };
    walk(host);
    return texts.join(" ");
  });
}

async function expectTargets(page, progress, indicators) {
  const definitions = new Map(indicators.indicators.map((indicator) => [indicator.definition.code, indicator.definition]));
  assert.ok(progress.targets.length > 0, "the edition has targets");
  assert.equal(await page.locator("li.target").count(), progress.targets.length, "a card per target");
  for (const target of progress.targets) {
    const definition = definitions.get(target.code);
    const card = page.locator(`li.target[data-code="${target.code}"]`);
    assert.equal(await card.getByRole("heading").textContent(), definition.namePl, `${target.code}'s name`);
    const expected =
      definition.unit === "PERCENT"
        ? `${target.value}%(cel:${target.target}%)`
        : `${target.value}z${target.target}(${target.percentOfTarget}%)`;
    assert.equal(plain(await card.locator(".figure").textContent()), expected, `${target.code}'s figure`);
    const bar = card.getByRole("progressbar", { name: definition.namePl });
    assert.deepEqual(
      await bar.evaluate((element) => [element.value, element.max]),
      [Math.min(Number(target.value), Number(target.target)), Number(target.target)],
      `${target.code}'s bar`,
    );
  }
}

async function expectChartTable(page, progress, pacing) {
  await page.locator("jst-chart summary").click();
  const rows = await page
    .locator("jst-chart tbody tr")
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent.trim())));
  assert.ok(pacing.trajectory.length > 0, "a trajectory");
  pacing.trajectory.forEach((point, i) => {
    const row = rows[i] ?? [];
    assert.deepEqual(
      [row[0], plain(row[1]), plain(row[2])],
      [point.month, point.plansAdopted ?? "0", point.jstsSupported ?? "0"],
      `the chart's table in ${point.month}`,
    );
  });
  // PILOT ended in 2018: the chart has no month beyond its trajectory and
  // no projection; the needed plans are 90 % of the JSTs supported then.
  assert.ok(progress.asOf >= progress.editionEndsOn, `PILOT ended (${progress.editionEndsOn}) before ${progress.asOf}`);
  assert.equal(rows.length, pacing.trajectory.length, "no month after the trajectory");
  pacing.trajectory.forEach((point, i) => {
    const row = rows[i] ?? [];
    assert.equal(row[3], "—", `no projection in ${point.month}`);
    assert.equal(
      Number(plain(row[4])),
      Math.round(Number(point.jstsSupported ?? "0") * 90) / 100,
      `the plans needed in ${point.month}: 90 % of the JSTs`,
    );
  });
  assert.equal(
    plain(await page.locator("jst-dashboard-page p.projection").textContent()),
    plain(
      `Prognoza na koniec edycji: przyjęte plany — ${pacing.projectedPlans ?? "0"}, JST objęte wsparciem — ${pacing.jstsSupported ?? "0"}, skuteczność — ${pacing.projectedEffectiveness}%.`,
    ),
    "the API's projection in words",
  );
}

// A tile's band in words, from the API's answer: the target met, or below
// it by at most 15 points (near) or more (far).
function bandWords(pacing) {
  if (!pacing.belowTarget) return "cel osiągnięty";
  return Number(pacing.projectedEffectiveness) >= 90 - 15 ? "poniżej 90% — blisko celu" : "poniżej 90% — daleko od celu";
}

async function expectTile(page, code, pacing) {
  const tile = page.locator(`jst-dashboard-tiles li[data-voivodeship="${code}"]`);
  const name = VOIVODESHIPS.find(([candidate]) => candidate === code)[1];
  assert.equal((await tile.locator(".name").textContent()).trim(), name);
  if (pacing === undefined) {
    assert.equal(plain(await tile.locator(".figure").textContent()), "brakdanych", `${name}: no data`);
    return;
  }
  assert.equal(
    plain(await tile.locator(".figure").textContent()),
    `prognoza:${pacing.projectedEffectiveness}%`,
    `${name}'s projected effectiveness`,
  );
  assert.equal((await tile.locator(".flag").textContent()).trim(), bandWords(pacing), `${name}'s band in words`);
  assert.equal(
    plain(await tile.locator(".counts").textContent()),
    `plany:${pacing.plansAdopted ?? "0"}.JST:${pacing.jstsSupported ?? "0"}`,
    `${name}'s counts`,
  );
}

async function expectQuality(page, quality) {
  const rows = page.locator("jst-dashboard-quality table.summary tbody tr");
  assert.equal(await rows.count(), quality.voivodeships.length, "a row per voivodeship of the data-quality list");
  for (const region of quality.voivodeships) {
    const cells = await page
      .locator(`jst-dashboard-quality table.summary tr[data-voivodeship="${region.voivodeship}"] td`)
      .allTextContents();
    assert.deepEqual(
      cells.map(plain),
      [region.participantsStarted ?? "0", region.incompleteRecords ?? "0", String((region.jstsBelowMinimum ?? []).length)],
      `data quality of ${region.voivodeship}`,
    );
    await expectCappedList(page, `below-${region.voivodeship}`, "li", (region.jstsBelowMinimum ?? []).length);
    await expectCappedList(page, `records-${region.voivodeship}`, "tbody tr", (region.recordsToFix ?? []).length);
  }
}

// A data-quality list of `count` items shows the first LIST_CAP; a longer
// one has a "show all" button which, pressed from the keyboard, shows them
// all and moves the focus to the first item it revealed.
async function expectCappedList(page, key, item, count) {
  const list = page.locator(`jst-dashboard-quality [data-list="${key}"]`);
  const more = page.locator(`jst-dashboard-quality button[data-more="${key}"]`);
  if (count === 0) {
    assert.equal(await list.count(), 0, `${key}: no list without items`);
    return;
  }
  assert.equal(await list.locator(item).count(), Math.min(count, LIST_CAP), `${key}: the first ${LIST_CAP} of ${count}`);
  assert.equal(await more.count(), count > LIST_CAP ? 1 : 0, `${key}: "show all" only when some are hidden`);
  if (count <= LIST_CAP) return;
  assert.match(await more.textContent(), new RegExp(`\\(${count}\\)$`), `${key}: the button counts them all`);
  await more.focus();
  await page.keyboard.press("Enter");
  await list.locator(item).nth(count - 1).waitFor();
  assert.equal(await list.locator(item).count(), count, `${key}: all ${count} shown`);
  assert.equal(await more.count(), 0, `${key}: no button once all are shown`);
  assert.equal(
    await list.locator(`[data-index="${LIST_CAP}"]`).evaluate((element) => element.matches(":focus")),
    true,
    `${key}: the focus on the first item revealed`,
  );
}

async function expectOverdue(page, login) {
  const cases = await countAll(login, `/v1/cases?edition=${EDITION}&overdue=true`, "cases");
  const tasks = await countAll(login, `/v1/tasks?edition=${EDITION}&overdue=true`, "tasks");
  assert.equal(plain(await page.locator("jst-dashboard-page dd.cases").textContent()), String(cases), "overdue cases");
  assert.equal(plain(await page.locator("jst-dashboard-page dd.tasks").textContent()), String(tasks), "overdue tasks");
}

test("the office sees PILOT's figures as the API gives them, in Polish and in English", { skip: !issuerUrl }, async () => {
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser.context);
    await signIn(page, "biuro");
    await openDashboard(page);
    const progress = await apiAs("biuro", `/v1/progress?edition=${EDITION}`);
    const indicators = await apiAs("biuro", `/v1/indicators?edition=${EDITION}`);
    const quality = await apiAs("biuro", `/v1/data-quality?edition=${EDITION}`);

    await page.getByText("Dane całego kraju.").waitFor();
    await expectTargets(page, progress, indicators);
    assert.equal(progress.pacing[0].voivodeship, "PL", "the country first");
    assert.equal(await page.locator("jst-dashboard-tiles li").count(), 16, "16 voivodeships");
    for (const [code] of VOIVODESHIPS) {
      await expectTile(
        page,
        code,
        progress.pacing.find((pacing) => pacing.voivodeship === code),
      );
    }
    await expectQuality(page, quality);
    assert.equal(
      plain(await page.locator("jst-dashboard-quality .conflicts").textContent()),
      plain(`Nierozstrzygnięte konflikty tożsamości w edycji: ${quality.openIdentityConflicts ?? 0}`),
    );
    await expectOverdue(page, "biuro");
    await expectAccessible(page, "the office's dashboard");
    await screenshot(page, "dashboard-office");
    await page.locator("jst-dashboard-tiles").scrollIntoViewIfNeeded();
    await screenshot(page, "dashboard-office-regions");
    await expectChartTable(page, progress, progress.pacing[0]);
    await expectAccessible(page, "the office's dashboard with the chart's table open");

    await page.getByRole("button", { name: "English" }).click();
    await page.getByRole("heading", { level: 1, name: "Programme dashboard" }).waitFor();
    await page.getByText("Figures for the whole country.").waitFor();
    await expectAccessible(page, "the dashboard in English");
    await screenshot(page, "dashboard-en");
    await page.getByRole("button", { name: "Polski" }).click();

    assert.deepEqual(problems, [], "no console error or CSP violation");
  } finally {
    await browser.close();
  }
});

test("a coordinator sees its voivodeship only, as the API gives it", { skip: !issuerUrl }, async () => {
  const login = "koordynator-24";
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser.context);
    await signIn(page, login);
    await openDashboard(page);
    const progress = await apiAs(login, `/v1/progress?edition=${EDITION}`);
    const indicators = await apiAs(login, `/v1/indicators?edition=${EDITION}`);
    const quality = await apiAs(login, `/v1/data-quality?edition=${EDITION}`);

    assert.deepEqual(
      progress.pacing.map((pacing) => pacing.voivodeship),
      ["24"],
      "the API answers a coordinator with its voivodeship only",
    );
    await page.getByText("Dane województwa: śląskie.").waitFor();
    await expectTargets(page, progress, indicators);
    assert.deepEqual(
      await page.locator("jst-dashboard-tiles li").evaluateAll((tiles) => tiles.map((tile) => tile.dataset.voivodeship)),
      ["24"],
      "its own tile only",
    );
    await expectTile(page, "24", progress.pacing[0]);
    await expectQuality(page, quality);
    assert.equal(await page.locator("jst-dashboard-quality .conflicts").count(), 0, "no identity conflicts for a coordinator");
    await expectOverdue(page, login);
    await expectAccessible(page, "a coordinator's dashboard");
    await screenshot(page, "dashboard-coordinator");
    await expectChartTable(page, progress, progress.pacing[0]);

    const text = await dashboardText(page);
    for (const [code, name] of VOIVODESHIPS) {
      // As a word: "ogólnopolskie" (an edition's name) is not "opolskie".
      const word = new RegExp(`(^|[^\\p{L}-])${name}($|[^\\p{L}-])`, "u");
      if (code !== "24") assert.doesNotMatch(text, word, `no word of ${name}`);
    }
    await expectAccessible(page, "a coordinator's dashboard with the chart's table open");
    assert.deepEqual(problems, [], "no console error or CSP violation");
  } finally {
    await browser.close();
  }
});

test("a long data-quality list shows 20 and the rest from the keyboard", { skip: !issuerUrl }, async () => {
  // The demo has no voivodeship with more than 20 records to complete, so
  // the test lengthens the API's own answer to 25 of them for one.
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser.context);
    await signIn(page, "biuro");
    let code = "";
    await page.route(
      (url) => url.pathname === "/v1/data-quality",
      async (route) => {
        const answer = await (await route.fetch()).json();
        const region = answer.voivodeships[0];
        // The screen first reads its default edition, then EDITION: the
        // list shown is EDITION's, whichever answer is handled last.
        const edition = new URL(route.request().url()).searchParams.get("edition");
        if (edition === EDITION) code = region.voivodeship;
        region.recordsToFix = Array.from({ length: 25 }, (_, i) => ({
          participantId: `p-${i}`,
          teryt: "2476011",
          missingFields: ["educationLevel"],
          completedTraining: false,
        }));
        region.incompleteRecords = "25";
        await route.fulfill({ json: answer });
      },
    );
    await openDashboard(page);
    assert.notEqual(code, "", "the data-quality answer was read");
    await expectCappedList(page, `records-${code}`, "tbody tr", 25);
    await expectAccessible(page, "a long data-quality list shown whole");
    assert.deepEqual(problems, [], "no console error or CSP violation");
  } finally {
    await browser.close();
  }
});
