// The experts registry, a case's pair and a deactivation with its handover
// plan (issue 19) on the demonstration programme. The registry is the
// API's list, as the office and as a coordinator (who sees the experts
// serving its voivodeship). The office adds an expert (a subject only this
// test uses), meeting a field error first; gives a case's pair by hand to
// include that expert, meeting a version conflict that keeps the choice;
// then deactivates the expert: the plan shown is the API's preview, a case
// given to another eligible expert is previewed again, and confirming hands
// the case over exactly as shown (the API confirms the pair and guardian).
//
// The case this test changes: the ROLLOUT edition's case of TERYT 3002011
// (wielkopolskie), one of the four the demo qualifies in ROLLOUT and leaves
// without a pair; no other browser test touches it (cases.test.mjs drives
// pilot cases, applications.test.mjs qualifies another ROLLOUT
// application). The expert it adds has a subject of its own.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, expectFocused, issuerUrl, launch, openPage, requestAs, screenshot, signIn } from "./browser.mjs";

const CASE_TERYT = "3002011";
const VOIVODESHIP = "30";
const SPECIALITY = { EDUCATION_DEVELOPMENT: "rozwój edukacji", PERSONNEL_DEVELOPMENT: "rozwój kadr" };

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

async function expertsAs(login, query = "") {
  const experts = [];
  let token = "";
  do {
    const data = await apiAs(login, `/v1/experts?pageSize=500${query}${token ? `&pageToken=${token}` : ""}`);
    experts.push(...(data.experts ?? []));
    token = data.nextPageToken ?? "";
  } while (token !== "");
  return experts;
}

// The registry's rows as shown: id, name, speciality, voivodeships,
// caseload and status.
async function rowsShown(page) {
  await page.locator('jst-experts-page [data-field="total"]').waitFor();
  return page.locator("jst-experts-page tbody tr[data-expert]").evaluateAll((rows) =>
    rows.map((row) => ({
      id: row.dataset.expert,
      name: row.querySelector("th").textContent.trim(),
      speciality: row.querySelector('[data-field="speciality"]').textContent.trim(),
      voivodeships: row.querySelector('[data-field="voivodeships"]').textContent.trim(),
      load: row.querySelector('[data-field="load"]').textContent.trim(),
      bar: [row.querySelector("progress").value, row.querySelector("progress").max],
      active: row.querySelector('[data-field="active"]').textContent.trim(),
    })),
  );
}

// The rows the API's experts should show, in the API's order.
function rowsOf(experts, voivodeships) {
  return experts.map((e) => ({
    id: e.id,
    name: e.displayName,
    speciality: SPECIALITY[e.speciality],
    voivodeships: (e.voivodeships ?? []).map((code) => voivodeships.get(code)).join(", "),
    load: `${e.openCases ?? 0} / ${e.maxCaseload}`,
    bar: [e.openCases ?? 0, e.maxCaseload],
    active: e.active ? "aktywny" : "nieaktywny",
  }));
}

// The page's problems are only the browser's report of the refusal just
// met (its HTTP status in the console); then forgotten.
function expectOnly(problems, status) {
  assert.deepEqual(
    problems.filter((problem) => !problem.includes(status)),
    [],
    `no console error but the expected ${status}`,
  );
  problems.length = 0;
}

// Voivodeship names as the filter's options give them, once the page has
// rendered them (read at once after the menu's click, they could still be
// missing: the page renders after the route changes, and an empty map made
// every expected name empty, as a CI run once found).
async function voivodeshipNames(page) {
  const select = page.locator("jst-experts-page form.filters select[name=voivodeship]");
  await select.locator("option").nth(16).waitFor({ state: "attached" });
  const options = await select
    .locator("option")
    .evaluateAll((list) => list.map((o) => [o.value, o.textContent.trim()]));
  return new Map(options.filter(([code]) => code !== ""));
}

test("the registry is the API's, for the office with its filters and for a coordinator", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Eksperci", exact: true }).click();
  const names = await voivodeshipNames(page);
  assert.deepEqual(await rowsShown(page), rowsOf(await expertsAs("biuro"), names), "every expert as the API lists them");
  await screenshot(page, "experts-registry");
  await expectAccessible(page, "the experts registry");

  const filters = page.getByRole("form", { name: "Filtry rejestru ekspertów" });
  await filters.getByLabel("Specjalność").selectOption("PERSONNEL_DEVELOPMENT");
  await filters.getByLabel("Województwo").selectOption(VOIVODESHIP);
  await filters.getByLabel("Tylko aktywni").check();
  await filters.getByRole("button", { name: "Pokaż" }).click();
  await page.waitForURL(/\/console\/experts\?speciality=PERSONNEL_DEVELOPMENT&voivodeship=30&activeOnly=true$/);
  const filtered = await expertsAs("biuro", `&speciality=PERSONNEL_DEVELOPMENT&voivodeship=${VOIVODESHIP}&activeOnly=true`);
  assert.ok(filtered.length > 0, "the demo has personnel experts serving wielkopolskie");
  await page.locator("jst-experts-page [data-field=total]").getByText(`Wczytano ekspertów: ${filtered.length}.`).waitFor();
  assert.deepEqual(await rowsShown(page), rowsOf(filtered, names), "the filtered list as the API's");
  assert.deepEqual(problems, [], "no console errors or failed requests");
});

test("a coordinator's registry is the experts serving its voivodeship", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, `koordynator-${VOIVODESHIP}`);
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Eksperci", exact: true }).click();
  const names = await voivodeshipNames(page);
  const experts = await expertsAs(`koordynator-${VOIVODESHIP}`);
  assert.ok(experts.length > 0 && experts.every((e) => e.voivodeships.includes(VOIVODESHIP)), "the API scopes it");
  assert.deepEqual(await rowsShown(page), rowsOf(experts, names));
  assert.equal(await page.getByRole("heading", { name: "Nowy ekspert" }).count(), 0, "only the office adds experts");
  await screenshot(page, "experts-registry-coordinator");
  await expectAccessible(page, "a coordinator's experts registry");
  assert.deepEqual(problems, []);
});

test("the office adds an expert, gives them a case's pair and deactivates them with the plan shown", { skip: !issuerUrl }, async () => {
  const [kase] = (await apiAs("biuro", `/v1/cases?edition=ROLLOUT&teryt=${CASE_TERYT}`)).cases ?? [];
  assert.ok(kase, `the demo's ROLLOUT case of ${CASE_TERYT}`);
  assert.ok(!kase.educationExpert, "the demo leaves it without a pair");
  const subject = `ekspert-testu-${Date.now().toString(36)}`;
  const name = "Anna Próbna-Przekazanie";

  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Eksperci", exact: true }).click();
  await page.locator('jst-experts-page [data-field="total"]').waitFor();

  // A caseload of 0 is refused at its field; nothing is written.
  const create = page.getByRole("form", { name: "Nowy ekspert" });
  await create.getByLabel("Identyfikator konta (sub)").fill(subject);
  await create.getByLabel("Imię i nazwisko").fill(name);
  await create.getByLabel("Specjalność").selectOption("EDUCATION_DEVELOPMENT");
  await create.getByLabel("wielkopolskie").check();
  await create.getByLabel("Maksymalna liczba otwartych spraw").fill("0");
  await create.getByRole("button", { name: "Dodaj eksperta" }).click();
  const caseload = create.getByLabel("Maksymalna liczba otwartych spraw");
  await page.locator('jst-experts-page input[name=maxCaseload][aria-invalid="true"]').waitFor();
  assert.match(await create.locator(".problem").innerText(), /^Popraw to pole: /);
  assert.ok(await caseload.evaluate((input) => input.matches(":focus")), "the refused field has the focus");
  assert.equal(await create.getByLabel("Imię i nazwisko").inputValue(), name, "what was typed is kept");
  assert.ok(!(await expertsAs("biuro")).some((e) => e.subject === subject), "nothing was written");
  await screenshot(page, "experts-create-refused");
  await expectAccessible(page, "the new expert's form with a refused field");
  expectOnly(problems, "400");

  await caseload.fill("5");
  await create.getByRole("button", { name: "Dodaj eksperta" }).click();
  await create.locator('[data-field="created"]').waitFor();
  const created = (await expertsAs("biuro")).find((e) => e.subject === subject);
  assert.ok(created, "the API has the new expert");
  assert.deepEqual(
    [created.displayName, created.speciality, created.voivodeships, created.maxCaseload, created.active],
    [name, "EDUCATION_DEVELOPMENT", [VOIVODESHIP], 5, true],
  );
  await page.locator(`jst-experts-page tr[data-expert="${created.id}"]`).waitFor();

  // The case's pair by hand, with the new expert as education expert and
  // guardian; the proposal as the API's.
  await goTo(page, `/console/cases/${kase.id}`);
  const assignment = page.locator("jst-case-assignment");
  await assignment.getByRole("heading", { name: "Para ekspertów" }).waitFor();
  const proposal = await apiAs("biuro", `/v1/cases/${kase.id}/expert-proposal`);
  const serving = await expertsAs("biuro", `&voivodeship=${VOIVODESHIP}&activeOnly=true`);
  const byId = new Map(serving.map((e) => [e.id, e]));
  const shownAs = (id) => `${byId.get(id).displayName} — ${byId.get(id).openCases ?? 0} / ${byId.get(id).maxCaseload} spraw`;
  await assignment.locator('[data-field="proposal"]').getByText(shownAs(proposal.educationExpert)).waitFor();
  assert.deepEqual(
    await assignment.locator('[data-field="proposal"] li').allInnerTexts(),
    [`Ekspert ds. rozwoju edukacji: ${shownAs(proposal.educationExpert)}`, `Ekspert ds. rozwoju kadr: ${shownAs(proposal.personnelExpert)}`],
    "the proposal with the experts' caseloads",
  );
  const byHand = assignment.getByRole("group", { name: "Wybór ręczny" });
  await byHand.getByLabel("Ekspert ds. rozwoju edukacji").selectOption(created.id);
  await byHand.getByLabel("Ekspert ds. rozwoju kadr").selectOption(proposal.personnelExpert);
  await byHand.getByLabel("Opiekun sprawy").selectOption("EDUCATION_DEVELOPMENT");
  await screenshot(page, "case-assignment-form");
  await expectAccessible(page, "a case's pair form");

  // Someone assigns another pair meanwhile (a demo education expert, the
  // personnel expert as guardian): a version conflict, the choice kept.
  const someoneElse = serving.find((e) => e.speciality === "EDUCATION_DEVELOPMENT" && e.id !== created.id);
  const behind = await requestAs("biuro", "POST", `/v1/cases/${kase.id}:assignExperts`, {
    expectedVersion: kase.version,
    educationExpert: someoneElse.id,
    personnelExpert: proposal.personnelExpert,
    guardian: "PERSONNEL_DEVELOPMENT",
  });
  assert.equal(behind.status, 200, JSON.stringify(behind.body));
  await byHand.getByRole("button", { name: "Przydziel wybraną parę" }).click();
  await assignment.getByText("Ktoś zmienił tę sprawę — wczytaj ponownie.").waitFor();
  assert.equal(await byHand.getByLabel("Ekspert ds. rozwoju edukacji").inputValue(), created.id, "the choice is kept");
  await screenshot(page, "case-assignment-conflict");
  await expectAccessible(page, "a case's pair form with a version conflict");
  expectOnly(problems, "409");
  await assignment.getByRole("button", { name: "Wczytaj ponownie" }).click();
  await page.locator('jst-case-page [data-field="educationExpert"]').getByText(someoneElse.displayName).waitFor();
  // The conflict's line (and its button) is gone: the keyboard is at the section's heading.
  await expectFocused(assignment.locator("h2#assignment"));
  assert.equal(await byHand.getByLabel("Ekspert ds. rozwoju edukacji").inputValue(), created.id, "kept through the reload");
  await byHand.getByRole("button", { name: "Przydziel wybraną parę" }).click();
  await page.locator('jst-case-page [data-field="educationExpert"]').getByText(`${name} (opiekun sprawy)`).waitFor();
  await expectFocused(assignment.locator('[data-field="assigned"]', { hasText: "Zapisano parę ekspertów." }));
  const paired = await apiAs("biuro", `/v1/cases/${kase.id}`);
  assert.deepEqual(
    [paired.educationExpert, paired.personnelExpert, paired.guardian],
    [created.id, proposal.personnelExpert, created.id],
    "the API has the pair chosen by hand",
  );

  // The new expert's page: the case among their open cases.
  await goTo(page, `/console/experts/${created.id}`);
  const expertPage = page.locator("jst-expert-page");
  await expertPage.locator(`tr[data-case="${kase.id}"]`).waitFor();
  assert.deepEqual(
    await expertPage.locator("tbody tr[data-case]").evaluateAll((rows) => rows.map((r) => r.dataset.case)),
    [kase.id],
    "their one open case",
  );

  // The preview needs the note: refused at it, nothing changed.
  await expertPage.getByRole("button", { name: "Pokaż plan przekazania" }).click();
  await expertPage.locator('textarea[aria-invalid="true"]').waitFor();
  assert.equal((await apiAs("biuro", `/v1/cases/${kase.id}`)).educationExpert, created.id, "nothing changed");
  expectOnly(problems, "400");

  const note = "Koniec współpracy; sprawę przejmuje ekspert z województwa.";
  await expertPage.getByLabel("Notatka przekazania (zapisana w każdej przekazanej sprawie)").fill(note);
  await expertPage.getByRole("button", { name: "Pokaż plan przekazania" }).click();
  const planRow = expertPage.locator(`table[data-plan] tr[data-case="${kase.id}"]`);
  await planRow.waitFor();
  const preview = await requestAs("biuro", "POST", `/v1/experts/${created.id}:deactivate`, { handoverNote: note, validateOnly: true });
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  const planShown = async () =>
    expertPage.locator("table[data-plan] tbody tr").evaluateAll((rows) =>
      rows.map((r) => ({
        case: r.dataset.case,
        expert: r.querySelector("select")?.value ?? r.querySelector('[data-field="expert"]').dataset.expert,
        guardian: r.querySelector('[data-field="guardian"]').dataset.expert,
      })),
    );
  assert.deepEqual(await planShown(), preview.body.handovers, "the plan shown is the API's preview");
  assert.equal(preview.body.handovers[0].guardian, preview.body.handovers[0].expert, "the newcomer becomes the guardian");

  // The other eligible education expert instead: previewed again.
  const receiver = planRow.getByRole("combobox", { name: new RegExp(`^Ekspert przejmujący sprawę .*\\(${CASE_TERYT}\\)$`) });
  const choices = (await receiver.locator("option").evaluateAll((list) => list.map((o) => o.value))).sort();
  const eligible = serving
    .filter((e) => e.speciality === "EDUCATION_DEVELOPMENT" && e.id !== created.id && e.openCases < e.maxCaseload)
    .map((e) => e.id)
    .sort();
  assert.deepEqual(choices, eligible, "the choices are the eligible experts");
  const other = eligible.find((id) => id !== preview.body.handovers[0].expert);
  assert.ok(other, "the demo has two education experts serving wielkopolskie");
  await receiver.selectOption(other);
  await expertPage.locator(`table[data-plan] td[data-field="expert"][data-expert="${other}"]`).waitFor();
  const changed = await requestAs("biuro", "POST", `/v1/experts/${created.id}:deactivate`, {
    handoverNote: note,
    handovers: [{ case: kase.id, expert: other }],
    validateOnly: true,
  });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.deepEqual(await planShown(), changed.body.handovers, "the changed plan is the API's preview of it");
  assert.equal((await apiAs("biuro", `/v1/cases/${kase.id}`)).educationExpert, created.id, "previews change nothing");
  await planRow.scrollIntoViewIfNeeded();
  await screenshot(page, "expert-handover-plan");
  await expectAccessible(page, "the expert's page with the handover plan");

  // Confirmed: handed over exactly as shown.
  await expertPage.getByRole("button", { name: "Dezaktywuj i przekaż sprawy zgodnie z planem" }).click();
  await expertPage.getByText("Ekspert dezaktywowany. Sprawy przekazano dokładnie według pokazanego planu.").waitFor();
  const after = await apiAs("biuro", `/v1/cases/${kase.id}`);
  assert.deepEqual(
    [after.educationExpert, after.personnelExpert, after.guardian],
    [other, proposal.personnelExpert, other],
    "the API has the case handed over as shown",
  );
  assert.equal((await expertsAs("biuro")).find((e) => e.id === created.id).active, false, "the expert is inactive");
  assert.equal(await expertPage.locator('[data-field="active"]').innerText(), "nieaktywny", "the page shows it");
  await screenshot(page, "expert-deactivated");
  await expectAccessible(page, "the expert's page after the deactivation");
  assert.deepEqual(problems, [], "no console errors or failed requests");
});
