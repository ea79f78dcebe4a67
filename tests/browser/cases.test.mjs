// The advisory cases board and a case's page (issue 19) on the
// demonstration programme: an expert's board holds exactly the cases the
// API gives the expert, per stage, the overdue ones said in words with
// their due dates; a card opened from the keyboard shows the case as the
// API answers it; the office's board holds every case of the pilot.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, expectFocused, issuerUrl, launch, openPage, requestAs, screenshot, signIn } from "./browser.mjs";

const STAGES = ["AREA_CHOICE", "NEEDS_DIAGNOSIS", "ROLLOUT", "COMPLETED"];
const STAGE = {
  AREA_CHOICE: "wybór obszaru",
  NEEDS_DIAGNOSIS: "diagnoza potrzeb",
  ROLLOUT: "wdrożenie",
  COMPLETED: "zakończona",
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

// The console's own navigation to `path` (a reload would end the session).
async function goTo(page, path) {
  await page.evaluate((href) => {
    history.pushState(null, "", href);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

// A civil date ("2026-12-18") as the console writes it in Polish.
function polishDate(date) {
  return new Intl.DateTimeFormat("pl-PL", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}

// Every case of `edition` as `login` reads it.
async function casesAs(login, edition) {
  const cases = [];
  let token = "";
  do {
    const data = await apiAs(login, `/v1/cases?edition=${edition}&pageSize=500${token ? `&pageToken=${token}` : ""}`);
    cases.push(...(data.cases ?? []));
    token = data.nextPageToken ?? "";
  } while (token);
  return cases;
}

// Opens the board of PILOT and waits until it has read its cases.
async function openBoard(page, query = "edition=PILOT") {
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Sprawy doradcze" }).click();
  await page.getByRole("heading", { level: 1, name: "Sprawy doradcze" }).waitFor();
  await goTo(page, `/console/cases?${query}`);
  await page.locator('jst-cases-page [data-field="total"]').waitFor();
  await page.locator('jst-cases-page [aria-busy="false"]').waitFor();
}

// The board's columns hold exactly `cases`, per stage, each overdue case
// saying so with its due date.
async function expectBoardMatches(page, cases) {
  for (const stage of STAGES) {
    const column = page.locator(`jst-cases-page section[data-stage="${stage}"]`);
    const expected = cases.filter((c) => c.stage === stage);
    const shown = await column.locator("li[data-case]").evaluateAll((items) => items.map((li) => li.dataset.case));
    assert.deepEqual(shown, expected.map((c) => c.id), `${stage}: the API's cases in its order`);
    assert.ok((await column.locator("h2").textContent()).includes(`${STAGE[stage]} (${expected.length})`), `${stage} heading`);
    for (const kase of expected) {
      const due = column.locator(`li[data-case="${kase.id}"] [data-field="due"]`);
      if (!kase.stageDueOn && !kase.overdue) {
        assert.equal(await due.count(), 0, `${kase.id}: no due date`);
        continue;
      }
      const text = (await due.textContent()).trim();
      assert.equal(text.includes("po terminie"), Boolean(kase.overdue), `${kase.id} overdue: ${text}`);
      if (kase.stageDueOn) assert.ok(text.includes(polishDate(kase.stageDueOn)), `${kase.id} due date: ${text}`);
    }
  }
}

test("an expert's board holds their cases by stage and opens a case from the keyboard", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "ekspert-1");
  const cases = await casesAs("ekspert-1", "PILOT");
  assert.ok(cases.length > 0, "ekspert-1 holds cases of the pilot");
  await openBoard(page);
  await expectBoardMatches(page, cases);
  assert.equal(await page.getByLabel("Województwo").count(), 0, "an expert has no voivodeship filter");
  await expectAccessible(page, "an expert's board");
  await screenshot(page, "cases-board-expert");

  // From the edition chooser, Tab reaches the first card's link.
  await page.getByLabel("Edycja").focus();
  let focused = "";
  for (let i = 0; i < 5 && !focused.startsWith("/console/cases/"); i++) {
    await page.keyboard.press("Tab");
    focused = await page.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      return active?.tagName === "A" ? new URL(active.href).pathname : "";
    });
  }
  const first = STAGES.flatMap((stage) => cases.filter((c) => c.stage === stage))[0];
  assert.equal(focused, `/console/cases/${first.id}`, "Tab reaches the first card's link");
  await page.keyboard.press("Enter");
  await page.waitForURL(`**/console/cases/${first.id}`);
  await expectCasePageMatches(page, "ekspert-1", first.id);
  assert.deepEqual(problems, [], "no console error");
});

test("the office's board holds every case of the pilot, and filters by voivodeship", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  const cases = await casesAs("biuro", "PILOT");
  assert.equal(cases.length, 30, "the demo's pilot has 30 cases");
  await openBoard(page);
  await expectBoardMatches(page, cases);
  assert.equal(await page.locator("jst-cases-page li[data-case]").count(), 30);

  await page.getByLabel("Województwo").selectOption("24");
  await page.locator('jst-cases-page [data-field="total"]').waitFor();
  await page.locator('jst-cases-page [aria-busy="false"]').waitFor();
  const silesian = cases.filter((c) => c.voivodeship === "24");
  assert.ok(silesian.length > 0 && silesian.length < 30);
  await expectBoardMatches(page, silesian);
  assert.equal(new URL(page.url()).search, "?edition=PILOT&voivodeship=24", "the choice is in the address");
  await expectAccessible(page, "the office's board");
  assert.deepEqual(problems, [], "no console error");
});

const ACTION_STATUS = { PLANNED: "zaplanowane", DONE: "wykonane", DROPPED: "zaniechane" };

// Every activity of case `id` as `login` reads it.
async function activitiesAs(login, id) {
  const activities = [];
  let token = "";
  do {
    const data = await apiAs(login, `/v1/cases/${id}/activities?pageSize=500${token ? `&pageToken=${token}` : ""}`);
    activities.push(...(data.activities ?? []));
    token = data.nextPageToken ?? "";
  } while (token);
  return activities;
}

// The case's page shows case `id` as `login`'s API answers it: the stage,
// its due date, the support area's title, the schedule and the timeline
// (history and activities, oldest first).
async function expectCasePageMatches(page, login, id) {
  const kase = await apiAs(login, `/v1/cases/${id}`);
  const history = (await apiAs(login, `/v1/cases/${id}/history`)).entries ?? [];
  const activities = await activitiesAs(login, id);
  const root = page.locator("jst-case-page");
  await root.locator('[data-field="jst"]').waitFor();
  await root.locator("p.loading").waitFor({ state: "detached" });
  assert.equal((await root.locator('[data-field="stage"]').textContent()).trim(), STAGE[kase.stage], "stage");
  const due = root.locator('jst-case-summary [data-field="due"]');
  if (kase.stageDueOn) {
    const text = await due.textContent();
    assert.ok(text.includes(polishDate(kase.stageDueOn)), `due date: ${text}`);
    assert.equal(text.includes("po terminie"), Boolean(kase.overdue), `overdue: ${text}`);
  } else assert.equal(await due.count(), 0, "a closed case has no due date");
  if (kase.supportArea) {
    const areas = (await apiAs(login, `/v1/editions/${kase.edition}/support-areas?pageSize=500`)).supportAreas ?? [];
    const area = areas.find((a) => a.id === kase.supportArea);
    await root.locator('[data-field="area"]', { hasText: area.title }).waitFor();
    assert.equal((await root.locator('[data-field="area"]').textContent()).trim(), `${area.code} ${area.title}`, "area");
  }
  const rows = await root.locator("tr[data-action]").evaluateAll((trs) => trs.map((tr) => tr.dataset.action));
  assert.deepEqual(rows, (kase.actions ?? []).map((a) => a.id), "the schedule's actions in the API's order");
  for (const action of kase.actions ?? []) {
    const status = (await root.locator(`tr[data-action="${action.id}"] [data-field="status"]`).textContent()).trim();
    assert.ok(status.startsWith(ACTION_STATUS[action.status]), `${action.id} status: ${status}`);
    assert.equal(status.includes("po terminie"), Boolean(action.overdue), `${action.id} overdue: ${status}`);
  }
  const expected = [
    ...history.map((h) => ({ kind: "history", at: h.time })),
    ...activities.map((a) => ({ kind: "activity", at: a.occurredOn })),
  ]
    .map((entry, index) => ({ ...entry, index }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.index - b.index))
    .map((entry) => entry.kind);
  const shown = await root.locator("li[data-timeline]").evaluateAll((items) => items.map((li) => li.dataset.timeline));
  assert.deepEqual(shown, expected, "the timeline: every history row and activity, oldest first");
  assert.ok(history.length > 0, "a case has at least its opening in its history");
  // The opening, made by recruitment's event, is said in words, not as the
  // API's stream and event names.
  assert.equal(history[0].actorRole, "SYSTEM");
  const opening = await root.locator('li[data-timeline="history"]').first().textContent();
  assert.match(opening, /Zmiana automatyczna: na podstawie decyzji w rekrutacji/);
  assert.match(opening, /JST zakwalifikowana do edycji/);
  assert.doesNotMatch(opening, /events\.recruitment|JstQualified|SYSTEM/);
  return kase;
}

test("an expert's case page shows the case, its schedule and its timeline as the API answers", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "ekspert-1");
  const cases = await casesAs("ekspert-1", "PILOT");
  const rollout = cases.find((c) => c.stage === "ROLLOUT") ?? cases.find((c) => c.stage === "COMPLETED");
  assert.ok(rollout, "ekspert-1 holds a case with a schedule");
  await openBoard(page);
  await page.locator(`jst-cases-page li[data-case="${rollout.id}"] a`).click();
  await page.waitForURL(`**/console/cases/${rollout.id}`);
  const kase = await expectCasePageMatches(page, "ekspert-1", rollout.id);
  assert.ok((kase.actions ?? []).length > 0, "the demo's diagnosis has a schedule");
  // The pair partner, whom the API does not let an expert read, is said as
  // assigned, never as an id.
  for (const field of ["educationExpert", "personnelExpert"]) {
    const text = (await page.locator(`jst-case-page dd[data-field="${field}"]`).textContent()).trim();
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-/, `${field}: ${text}`);
  }
  await expectAccessible(page, "a case's page");
  await screenshot(page, "case-page");
  // The browser's Back shows the board again, the keyboard at its content
  // (not lost with the page's link it was on).
  await page.locator("jst-case-page").getByRole("link", { name: "Wszystkie sprawy" }).focus();
  await page.goBack();
  await page.locator(`jst-cases-page li[data-case="${rollout.id}"]`).waitFor();
  await expectFocused(page.locator("main"));
  assert.deepEqual(problems, [], "no console error");
});

test("a coordinator's board holds its voivodeship's cases, without a voivodeship filter", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "koordynator-24");
  const cases = await casesAs("koordynator-24", "PILOT");
  assert.ok(cases.length > 0 && cases.every((c) => c.voivodeship === "24"), "śląskie's cases only");
  await openBoard(page);
  await expectBoardMatches(page, cases);
  assert.equal(await page.locator("jst-cases-page li[data-case]").count(), cases.length);
  assert.equal(await page.getByLabel("Województwo").count(), 0, "its scope is its voivodeship");
  assert.deepEqual(problems, [], "no console error");
});

test("only the case's guardian is offered to approve its schedule", { skip: !issuerUrl }, async () => {
  const diagnosis = (await casesAs("biuro", "PILOT")).filter((c) => c.stage === "NEEDS_DIAGNOSIS");
  assert.equal(diagnosis.length, 1, "the demo's one case in needs diagnosis");
  const [kase] = diagnosis;
  const seen = [];
  for (const login of ["biuro", "ekspert-1", "ekspert-2", "ekspert-3", "ekspert-4"]) {
    const own = login === "biuro" ? [] : ((await apiAs(login, "/v1/experts?pageSize=500")).experts ?? []);
    const holds = login === "biuro" || own.some((e) => e.id === kase.educationExpert || e.id === kase.personnelExpert);
    if (!holds) continue;
    const isGuardian = own.some((e) => e.id === kase.guardian);
    const session = await launch();
    try {
      const { page, problems } = await openPage(session.context);
      await signIn(page, login);
      await goTo(page, `/console/cases/${kase.id}`);
      const root = page.locator("jst-case-page");
      await root.locator('[data-field="jst"]').waitFor();
      await root.locator("p.loading").waitFor({ state: "detached" });
      await root.getByRole("button", { name: "Zapisz diagnozę i harmonogram" }).waitFor();
      const offered = (await root.getByRole("button", { name: "Zatwierdź harmonogram" }).count()) === 1;
      assert.equal(offered, isGuardian, `${login}: approve offered only to the guardian`);
      seen.push(`${login}:${offered}`);
      assert.deepEqual(problems, [], `${login}: no console error`);
    } finally {
      await session.close();
    }
  }
  assert.equal(seen.filter((s) => s.endsWith(":true")).length, 1, `one guardian among ${seen}`);
  assert.ok(seen.length >= 3, `the office and both experts of the pair: ${seen}`);
});

// POSTs `body` to `target` as the demo account `login` (a change made
// behind the page's back); the status and the parsed answer.
function postAs(login, target, body) {
  return requestAs(login, "POST", target, body);
}

// Runs last: it changes a case of the demo.
test("an expert meets a guard, a field error and a version conflict on a rollout case", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "ekspert-1");
  let kase;
  for (const listed of (await casesAs("ekspert-1", "PILOT")).filter((c) => c.stage === "ROLLOUT")) {
    const full = await apiAs("ekspert-1", `/v1/cases/${listed.id}`);
    if ((full.actions ?? []).filter((a) => a.status === "PLANNED").length >= 2) {
      kase = full;
      break;
    }
  }
  assert.ok(kase, "ekspert-1 holds a rollout case with two planned actions");
  const [first, second] = kase.actions.filter((a) => a.status === "PLANNED");
  await openBoard(page);
  await page.locator(`jst-cases-page li[data-case="${kase.id}"] a`).click();
  const root = page.locator("jst-case-page");
  await root.locator('[data-field="jst"]').waitFor();
  await root.locator("p.loading").waitFor({ state: "detached" });

  // The guard: the checklist names exactly the API's unmet conditions, and nothing changes.
  const guard = await postAs("ekspert-1", `/v1/cases/${kase.id}:completeRollout`, { expectedVersion: kase.version });
  assert.equal(guard.status, 409, "the API refuses to complete the rollout");
  const unmet = guard.body.details.flatMap((d) => d.violations ?? []).map((v) => v.type);
  assert.ok(unmet.includes("ACTIONS_OPEN"), `unmet: ${unmet}`);
  await root.getByRole("button", { name: "Zakończ wdrożenie" }).click();
  const checklist = root.locator('[data-field="checklist"]');
  await checklist.waitFor();
  assert.deepEqual(await checklist.locator("li").evaluateAll((items) => items.map((li) => li.dataset.condition)), unmet);
  assert.equal(
    (await checklist.locator('li[data-condition="ACTIONS_OPEN"]').textContent()).trim(),
    "Nie wszystkie działania są wykonane albo zaniechane.",
  );
  assert.equal((await apiAs("ekspert-1", `/v1/cases/${kase.id}`)).version, kase.version, "a refused command changes nothing");
  await expectAccessible(page, "a case's page with the guard's checklist");

  // A field error at the field it names.
  const firstForm = root.locator(`fieldset[data-action="${first.id}"]`);
  await firstForm.getByRole("button", { name: "Zaniechaj działania" }).click();
  const firstReason = firstForm.getByLabel("Powód zaniechania");
  await firstForm.locator(".field-error").waitFor();
  assert.equal(await firstReason.getAttribute("aria-invalid"), "true");
  assert.ok((await firstForm.locator(".field-error").textContent()).trim().length > 0, "the API's words for the field");

  // A version conflict keeps what was typed.
  const secondForm = root.locator(`fieldset[data-action="${second.id}"]`);
  const reason = "Gmina zmieniła priorytety budżetowe";
  await secondForm.getByLabel("Powód zaniechania").fill(reason);
  const behind = await postAs("ekspert-1", `/v1/cases/${kase.id}/actions/${first.id}:complete`, { expectedVersion: kase.version });
  assert.equal(behind.status, 200, "someone else completes the first action");
  await secondForm.getByRole("button", { name: "Zaniechaj działania" }).click();
  const conflict = root.locator('[data-field="conflict"]');
  await conflict.waitFor();
  assert.ok((await conflict.textContent()).includes("Ktoś zmienił tę sprawę — wczytaj ponownie."));
  assert.equal(await secondForm.getByLabel("Powód zaniechania").inputValue(), reason, "the typed reason is kept");
  await expectAccessible(page, "a case's page with a version conflict");
  await screenshot(page, "case-conflict");
  await conflict.getByRole("button", { name: "Wczytaj ponownie" }).click();
  await conflict.waitFor({ state: "detached" });
  await expectFocused(root.locator("#case-notice", { hasText: "Wczytano sprawę ponownie. Etap sprawy: wdrożenie." }));
  await root.locator(`tr[data-action="${first.id}"] [data-field="status"]`, { hasText: "wykonane" }).waitFor();
  assert.equal(await secondForm.getByLabel("Powód zaniechania").inputValue(), reason, "kept through the reload");

  await secondForm.getByRole("button", { name: "Zaniechaj działania" }).click();
  await root.locator(`tr[data-action="${second.id}"] [data-field="status"]`, { hasText: `zaniechane: ${reason}` }).waitFor();
  const after = (await apiAs("ekspert-1", `/v1/cases/${kase.id}`)).actions.find((a) => a.id === second.id);
  assert.equal(after.status, "DROPPED");
  assert.equal(after.dropReason, reason);
  assert.deepEqual(problems.filter((p) => !p.includes("409") && !p.includes("400")), [], "no console error but the refusals");
});

// The field paths the page marks invalid equal those the API names.
async function expectFieldErrors(root, refusal) {
  const named = refusal.body.details.flatMap((d) => d.fieldViolations ?? []).map((v) => v.field);
  await root.locator(".field-error").first().waitFor();
  const marked = await root.locator('[aria-invalid="true"]').evaluateAll((fields) => fields.map((f) => f.name));
  assert.deepEqual([...new Set(marked)].sort(), [...new Set(named)].sort(), "the fields the API names, marked");
}

// Runs last: it drives the demo's one case in area choice.
test("the guardian drives a case from area choice to an adopted plan, meeting field errors, a guard and a version conflict", { skip: !issuerUrl }, async () => {
  let login;
  let kase;
  for (const candidate of ["ekspert-1", "ekspert-2", "ekspert-3", "ekspert-4"]) {
    const own = (await apiAs(candidate, "/v1/experts?pageSize=500")).experts ?? [];
    kase = (await casesAs(candidate, "PILOT")).find((c) => c.stage === "AREA_CHOICE" && own.some((e) => e.id === c.guardian));
    if (kase) {
      login = candidate;
      break;
    }
  }
  assert.ok(kase, "one demo expert is the guardian of the case in area choice");
  const { page, problems } = await openPage(browser.context);
  await signIn(page, login);
  await openBoard(page);
  await page.locator(`jst-cases-page li[data-case="${kase.id}"] a`).click();
  const root = page.locator("jst-case-page");
  await root.locator('[data-field="jst"]').waitFor();
  await root.locator("p.loading").waitFor({ state: "detached" });
  const stage = (words) => root.locator('[data-field="stage"]', { hasText: words }).waitFor();
  const version = async () => (await apiAs(login, `/v1/cases/${kase.id}`)).version;

  // Area choice: nothing filled in is refused field by field, as the API refuses it.
  const empty = { expectedVersion: await version(), supportArea: "", agreement: { agreedOn: "", agreedBy: "" } };
  const refused = await postAs(login, `/v1/cases/${kase.id}:chooseArea`, empty);
  assert.equal(refused.status, 400);
  await root.getByRole("button", { name: "Zapisz wybór obszaru" }).click();
  await expectFieldErrors(root, refused);
  const areas = (await apiAs(login, `/v1/editions/PILOT/support-areas?pageSize=500`)).supportAreas;
  assert.equal(areas.length, 12, "the edition's catalogue of 12");
  await root.getByLabel("Obszar wsparcia z katalogu edycji").selectOption(areas[2].id);
  await root.getByLabel("Dzień zgody JST").fill("2017-05-15");
  await root.getByLabel("Kto wyraził zgodę (imię, nazwisko, funkcja)").fill("Wójt gminy, w imieniu JST");
  await root.getByRole("button", { name: "Zapisz wybór obszaru" }).click();
  await stage("diagnoza potrzeb");
  // The area's form is gone with its stage: the keyboard is at the line that says what happened.
  await expectFocused(root.locator("#case-notice", { hasText: "Zapisano. Etap sprawy: diagnoza potrzeb." }));
  await root.locator('[data-field="area"]', { hasText: `${areas[2].code} ${areas[2].title}` }).waitFor();

  // The guard: approving before a diagnosis lists exactly the API's unmet conditions.
  const guard = await postAs(login, `/v1/cases/${kase.id}:approveSchedule`, { expectedVersion: await version() });
  assert.equal(guard.status, 409);
  const unmet = guard.body.details.flatMap((d) => d.violations ?? []).map((v) => v.type);
  await root.getByRole("button", { name: "Zatwierdź harmonogram" }).click();
  const checklist = root.locator('[data-field="checklist"]');
  await checklist.waitFor();
  assert.deepEqual(await checklist.locator("li").evaluateAll((items) => items.map((li) => li.dataset.condition)), unmet);
  assert.ok(unmet.includes("DIAGNOSIS_SUMMARY_MISSING") && unmet.includes("ACTION_SCHEDULE_EMPTY"), `unmet: ${unmet}`);
  await expectAccessible(page, "the diagnosis form with the guard's checklist");
  await screenshot(page, "case-guard");

  // The diagnosis and a schedule of two actions.
  await root.getByLabel("Podsumowanie diagnozy").fill("Brak systemu monitorowania jakości.");
  const row = (n) => root.locator(`fieldset[data-row="${n}"]`);
  await row(0).getByLabel("Działanie").fill("Zespół ds. jakości");
  await row(0).getByLabel("Odpowiada").fill("Wydział Edukacji");
  await row(0).getByLabel("Początek").fill("2017-09-04");
  await row(0).getByLabel("Termin").fill("2017-10-27");
  // The schools: a checkbox per open school the JST runs, as the register has them.
  const register = (await apiAs(login, `/v1/schools?teryt=${kase.teryt}&pageSize=500`)).schools ?? [];
  assert.ok(register.length >= 2, `the demo register has the JST's schools (${register.length})`);
  const schoolBox = (n, school) => row(n).getByLabel(`${school.name} (RSPO ${school.rspo})`, { exact: true });
  await row(0).locator('fieldset[data-schools="0"] input[type="checkbox"]').first().waitFor();
  assert.deepEqual(
    (await row(0).locator('fieldset[data-schools="0"] input[type="checkbox"]').evaluateAll((boxes) => boxes.map((b) => b.value))).sort(),
    register.map((s) => s.rspo).sort(),
    "every open school of the JST offered",
  );
  await schoolBox(0, register[0]).check();
  await row(0).locator('[data-field="chosen"]', { hasText: "Wybrane: 1" }).waitFor();
  await root.getByRole("button", { name: "Dodaj działanie" }).click();
  await row(1).getByLabel("Działanie").fill("Szkolenie dyrektorów");
  await row(1).getByLabel("Odpowiada").fill("Zastępca wójta");
  await row(1).getByLabel("Początek").fill("2017-11-06");
  await row(1).getByLabel("Termin").fill("2017-11-03");
  // A third row added and removed: the keyboard goes to the row now last.
  await root.getByRole("button", { name: "Dodaj działanie" }).click();
  await root.getByRole("button", { name: "Usuń działanie 3" }).click();
  await expectFocused(row(1).getByLabel("Działanie"));
  assert.equal(await row(1).getByLabel("Działanie").inputValue(), "Szkolenie dyrektorów", "the second row kept");
  await schoolBox(1, register[0]).check();
  await schoolBox(1, register[1]).press("Space");
  await row(1).locator('[data-field="chosen"]', { hasText: "Wybrane: 2" }).waitFor();
  await expectAccessible(page, "the schedule form with the JST's schools");
  await screenshot(page, "case-schedule-schools");
  const before = await version();
  await root.getByRole("button", { name: "Zapisz diagnozę i harmonogram" }).click();
  await root.locator('[aria-invalid="true"][name="actions[1].dueOn"]').waitFor();
  assert.equal(await version(), before, "a due date before the start is refused and changes nothing");
  await row(1).getByLabel("Termin").fill("2018-02-28");
  await root.getByRole("button", { name: "Zapisz diagnozę i harmonogram" }).click();
  await root.locator("tr[data-action]").nth(1).waitFor();
  const scheduled = await apiAs(login, `/v1/cases/${kase.id}`);
  assert.deepEqual(
    scheduled.actions.map((a) => a.schools ?? []),
    [[register[0].rspo], [register[0].rspo, register[1].rspo].sort()],
    "the schools chosen, saved with their actions (in the API's order of RSPO numbers)",
  );
  assert.deepEqual(
    await root.locator('tr[data-action] [data-field="schools"]').evaluateAll((cells) => cells.map((c) => c.innerText.trim())),
    scheduled.actions.map((a) =>
      a.schools.map((rspo) => `${register.find((s) => s.rspo === rspo).name} (RSPO ${rspo})`).join("\n"),
    ),
    "the schedule names each action's schools",
  );
  await screenshot(page, "case-schedule-saved");
  await root.getByRole("button", { name: "Zatwierdź harmonogram" }).click();
  await stage("wdrożenie");

  // The plan, typed while someone else completes an action behind the
  // page's back: the save meets the version conflict, the typed plan
  // survives the reload and is saved then.
  await root.getByLabel("Dokument przyjęcia (np. uchwała)").fill("Uchwała nr I/1/2018");
  await root.getByLabel("Dzień przyjęcia").fill("2018-03-26");
  const rolledOut = await apiAs(login, `/v1/cases/${kase.id}`);
  const behind = await postAs(login, `/v1/cases/${kase.id}/actions/${rolledOut.actions[0].id}:complete`, {
    expectedVersion: rolledOut.version,
  });
  assert.equal(behind.status, 200, "someone else completes the first action");
  await root.getByRole("button", { name: "Zapisz przyjęcie planu" }).click();
  const conflict = root.locator('[data-field="conflict"]');
  await conflict.waitFor();
  assert.equal((await apiAs(login, `/v1/cases/${kase.id}`)).plan, undefined, "the stale save adopted nothing");
  await conflict.getByRole("button", { name: "Wczytaj ponownie" }).click();
  await conflict.waitFor({ state: "detached" });
  await expectFocused(root.locator("#case-notice", { hasText: "Wczytano sprawę ponownie. Etap sprawy: wdrożenie." }));
  assert.equal(await root.getByLabel("Dokument przyjęcia (np. uchwała)").inputValue(), "Uchwała nr I/1/2018", "kept through the reload");
  await root.getByRole("button", { name: "Zapisz przyjęcie planu" }).click();
  await root.locator('[data-field="plan"]', { hasText: "Uchwała nr I/1/2018" }).waitFor();
  const after = await apiAs(login, `/v1/cases/${kase.id}`);
  assert.equal(after.stage, "ROLLOUT");
  assert.equal(after.supportArea, areas[2].id);
  assert.deepEqual(after.actions.map((a) => a.title), ["Zespół ds. jakości", "Szkolenie dyrektorów"]);
  assert.equal(after.plan.documentReference, "Uchwała nr I/1/2018");
  await expectAccessible(page, "a case driven to an adopted plan");
  await screenshot(page, "case-plan-adopted");
  assert.deepEqual(problems.filter((p) => !p.includes("409") && !p.includes("400")), [], "no console error but the refusals");
});
