// The JST staff's screens (issue 19) on the demonstration programme.
//
// Katowice (jst-2469011) applies to the edition whose recruitment is open
// (ROLLOUT) with a team of three, by keyboard alone: a PESEL with a wrong
// check digit is refused in the browser (no POST is made), then the API
// refuses an e-mail at its field, then the application goes through once
// (Enter pressed twice) and the API has it with its team. Katowice has no
// application in the demo (tools/demo/src/load.ts: neither PILOT_JSTS nor
// ROLLOUT_JSTS), and no other browser test writes anything of it
// (jst.test.mjs only checks that Świętochłowice's staff cannot see it, and
// runs before this file): its ROLLOUT application is this file's own.
// The office then names Katowice on the application form (the registry's
// name appears) and records a missing declaration of that team on the
// officials page (an empty date refused at its field first).
//
// Świętochłowice (jst-2476011) opens its officials in PILOT: the
// application's status and workshop group, the declarations missing, each
// representative's name and training progress, and the group's upcoming
// sessions equal the API's answers. It only reads.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import {
  apiAs,
  cellLines,
  elearningLines,
  expectAccessible,
  issuerUrl,
  launch,
  openPage,
  screenshot,
  signIn,
} from "./browser.mjs";

const KATOWICE = "2469011";
const KIND = {
  URBAN_COMMUNE: "gmina miejska",
  RURAL_COMMUNE: "gmina wiejska",
  URBAN_RURAL_COMMUNE: "gmina miejsko-wiejska",
  COUNTY: "powiat",
};
const SWIETOCHLOWICE = "2476011";

// The team Katowice sends. The PESELs have valid check digits and birth
// years the demo's people never have (tools/demo/src/people.ts draws
// 1958–1989), so no identity conflict with another JST's record arises.
const TEAM = [
  { firstName: "Zofia", lastName: "Katowicka", pesel: "44051401359", role: 1, email: "zofia.katowicka@katowice.example.pl" },
  { firstName: "Adam", lastName: "Ślązak", pesel: "02270803624", role: 2, email: "adam.slazak@katowice.example.pl" },
  { firstName: "Ewa", lastName: "Nowak-Kowalska", pesel: "50031245671", role: 3, email: "ewa.nowak@katowice.example.pl" },
];
// The first PESEL mistyped: its last digit (the check digit) is off by one.
const WRONG_CHECK_DIGIT = "44051401358";
// An e-mail the browser lets through and the API refuses.
const BAD_EMAIL = "adam.slazak@@katowice";

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

function polishDecimal(value) {
  return (value ?? "0").replace(".", ",");
}

// The focused element through shadow roots: its name attribute and text.
function focused(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return { name: element?.getAttribute("name") ?? "", text: element?.textContent?.trim() ?? "" };
  });
}

// Presses Tab until the focus is on the field named `name` (or the button
// reading `text`).
async function tabTo(page, { name, text }) {
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if ((name !== undefined && now.name === name) || (text !== undefined && now.text === text)) return;
  }
  assert.fail(`Tab never reached ${name ?? text}`);
}

async function typeInto(page, name, value) {
  await tabTo(page, { name });
  await page.keyboard.press("Control+A");
  await page.keyboard.type(value);
}

// A select's option by the keyboard: ArrowDown `steps` times from "choose".
async function chooseBy(page, name, steps) {
  await tabTo(page, { name });
  for (let i = 0; i < steps; i++) await page.keyboard.press("ArrowDown");
}

async function katowiceApplications() {
  return (await apiAs("biuro", `/v1/editions/ROLLOUT/applications?teryt=${KATOWICE}`)).applications ?? [];
}

test("Katowice applies with its team by keyboard, meeting the browser's and the API's refusals", { skip: !issuerUrl }, async () => {
  assert.deepEqual(await katowiceApplications(), [], "Katowice has no ROLLOUT application before");
  const { page, problems } = await openPage(browser.context);
  const posts = [];
  page.on("request", (request) => {
    if (request.method() === "POST" && request.url().includes("/applications")) posts.push(request);
  });
  await signIn(page, `jst-${KATOWICE}`);
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Nowy wniosek", exact: true }).click();

  // Only the editions recruiting now are offered.
  const now = Date.now();
  const open = ((await apiAs(`jst-${KATOWICE}`, "/v1/editions?pageSize=100")).editions ?? []).filter(
    (e) => Date.parse(e.recruitmentOpensAt) <= now && now < Date.parse(e.recruitmentClosesAt),
  );
  assert.ok(open.some((e) => e.code === "ROLLOUT"), "the demo's ROLLOUT recruits");
  const select = page.getByLabel("Edycja z otwartym naborem");
  await select.waitFor();
  assert.deepEqual(
    await select.locator("option").evaluateAll((options) => options.map((o) => o.value)),
    open.map((e) => e.code),
  );
  assert.equal(await select.inputValue(), "ROLLOUT", "the open edition is chosen");
  const jst = await apiAs(`jst-${KATOWICE}`, `/v1/jsts/${KATOWICE}`);
  await page.getByText(`Wniosek składa JST: ${jst.name} (TERYT ${KATOWICE}).`).waitFor();
  await expectAccessible(page, "the empty application form");
  await screenshot(page, "apply-empty");

  // The team, typed: three rows (the two after the first added by keyboard).
  // Opening a screen leaves the focus on the content, so Tab walks the form
  // from its start.
  for (const [i, person] of TEAM.entries()) {
    if (i > 0) {
      await tabTo(page, { text: "Dodaj przedstawiciela" });
      await page.keyboard.press("Enter");
      assert.equal((await focused(page)).name, `representatives[${i}].firstName`, "the new row's first field has the focus");
      await page.keyboard.type(person.firstName);
    } else {
      await typeInto(page, `representatives[${i}].firstName`, person.firstName);
    }
    await typeInto(page, `representatives[${i}].lastName`, person.lastName);
    await typeInto(page, `representatives[${i}].pesel`, i === 0 ? WRONG_CHECK_DIGIT : person.pesel);
    await chooseBy(page, `representatives[${i}].targetGroup`, person.role);
    await typeInto(page, `representatives[${i}].email`, i === 1 ? BAD_EMAIL : person.email);
  }

  // The browser's check: the first PESEL's check digit, at its field, and
  // nothing sent.
  await tabTo(page, { text: "Złóż wniosek" });
  await page.keyboard.press("Enter");
  const pesel = page.locator('input[name="representatives[0].pesel"]');
  await page.getByText("Cyfra kontrolna PESEL się nie zgadza — sprawdź, czy numer jest przepisany bez pomyłki.").waitFor();
  assert.equal(await pesel.getAttribute("aria-invalid"), "true");
  assert.match(await pesel.getAttribute("aria-describedby"), /problem/);
  assert.equal((await focused(page)).name, "representatives[0].pesel", "the refused field has the focus");
  assert.equal(posts.length, 0, "no POST made while a PESEL is wrong");
  await expectAccessible(page, "the form with the browser's PESEL error");
  await screenshot(page, "apply-pesel-error");

  // Corrected where the focus is; Enter sends: the API refuses the e-mail.
  await page.keyboard.press("Control+A");
  await page.keyboard.type(TEAM[0].pesel);
  const refusal = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/applications"));
  await page.keyboard.press("Enter");
  const refused = await refusal;
  assert.equal(refused.status(), 400);
  const violations = (await refused.json()).details.flatMap((detail) => detail.fieldViolations ?? []);
  assert.deepEqual(
    violations.map((v) => v.field),
    ["representatives[1].email"],
  );
  // The API's problem in Polish at the field (errors.ts problemText).
  assert.equal(violations[0].description, "must contain exactly one '@'");
  await page.getByText("Popraw to pole: adres e-mail musi mieć dokładnie jeden znak @").waitFor();
  const email = page.locator('input[name="representatives[1].email"]');
  assert.equal(await email.getAttribute("aria-invalid"), "true");
  assert.equal(await pesel.getAttribute("aria-invalid"), "false", "the corrected PESEL is no longer marked");
  assert.equal((await focused(page)).name, "representatives[1].email", "the API's refused field has the focus");
  assert.deepEqual(await katowiceApplications(), [], "a refusal writes nothing");
  await expectAccessible(page, "the form with the API's field error");
  await screenshot(page, "apply-server-error");

  // Corrected; Enter twice: one application.
  await page.keyboard.press("Control+A");
  await page.keyboard.type(TEAM[1].email);
  const accepted = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/applications"));
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  assert.equal((await accepted).status(), 200);
  await page.waitForURL(/\/console\/applications\/[0-9a-f-]{36}$/);
  const applications = await katowiceApplications();
  assert.equal(applications.length, 1, "exactly one application");
  const [application] = applications;
  assert.ok(page.url().endsWith(`/console/applications/${application.id}`), "the application's page");
  assert.equal(application.status, "SUBMITTED");
  const team = application.representatives ?? [];
  assert.equal(team.length, TEAM.length, "the whole team, once");
  const people = await Promise.all(
    team.map((r) => apiAs("biuro", `/v1/participants/${r.participant}?purpose=${encodeURIComponent("test: wniosek JST")}`)),
  );
  assert.deepEqual(
    people.map((p) => [p.firstName, p.lastName, p.pesel, p.email, p.targetGroup]).sort(),
    TEAM.map((p, i) => [p.firstName, p.lastName, p.pesel, p.email, ["DECISION_MAKER", "OPERATIONAL_STAFF", "COUNCILLOR_OR_SOCIAL_PARTNER"][i]]).sort(),
  );
  const sent = posts.filter((r) => r.method() === "POST");
  assert.ok(sent.length === 2, `one refused and one accepted POST (${sent.length})`);
  assert.equal(
    new Set(sent.map((r) => r.headers()["idempotency-key"])).size,
    2,
    "a new Idempotency-Key for the corrected submission",
  );
  assert.deepEqual(
    problems.filter((problem) => !problem.includes("400")),
    [],
    "no console error but the expected 400",
  );
});

test("the office records a missing declaration of Katowice's team, refused at its field first", { skip: !issuerUrl }, async () => {
  // Katowice's application is the one the test above made.
  const [application] = await katowiceApplications();
  assert.ok(application, "Katowice applied in the test above");
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");

  // The office applies for a JST it names: the registry's name appears
  // beside the TERYT code (nothing is sent here).
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Nowy wniosek", exact: true }).click();
  const jst = await apiAs("biuro", `/v1/jsts/${KATOWICE}`);
  await page.getByLabel("Kod TERYT JST (wymagany)").fill(KATOWICE);
  await page.locator("[data-jst-name]").filter({ hasText: `W rejestrze: ${jst.name} (${KIND[jst.kind]}).` }).waitFor();
  await expectAccessible(page, "the office's application form with a JST named");
  await screenshot(page, "apply-office");

  // The address names the JST (a reload would sign out: tokens live in memory).
  await page.evaluate((href) => {
    history.pushState(null, "", href);
    dispatchEvent(new PopStateEvent("popstate"));
  }, `/console/officials?edition=ROLLOUT&teryt=${KATOWICE}`);
  assert.equal(await page.getByLabel("Kod TERYT JST").inputValue(), KATOWICE);
  await page.getByRole("heading", { name: `${application.jstName}: wniosek w edycji ROLLOUT` }).waitFor();
  const missing = (application.representatives ?? []).filter((r) => !r.declarationRecorded);
  assert.equal(
    (await page.locator('[data-field="missing"]').innerText()).trim(),
    `Brakujące oświadczenia: ${missing.length}.`,
  );
  assert.equal((await page.locator('dd[data-field="group"]').innerText()).trim(), "jeszcze nieprzydzielona (grupę nadaje kwalifikacja wniosku)");
  const target = missing[0].participant;
  const person = await apiAs("biuro", `/v1/participants/${target}?purpose=${encodeURIComponent("test: oświadczenie")}`);
  const name = `${person.firstName} ${person.lastName}`;
  await page.getByRole("button", { name: `Zarejestruj oświadczenie: ${name}` }).click();
  const refusal = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "Zapisz oświadczenie" }).click();
  const refused = await refusal;
  assert.equal(refused.status(), 400);
  const violation = (await refused.json()).details.flatMap((detail) => detail.fieldViolations ?? [])[0];
  // The API's problem in Polish at the field (errors.ts problemText).
  assert.equal(violation.description, "must be a date YYYY-MM-DD");
  await page.getByText("Popraw to pole: podaj datę (RRRR-MM-DD)").waitFor();
  assert.equal(await page.locator(`[name="${violation.field}"]`).getAttribute("aria-invalid"), "true");
  await expectAccessible(page, "the declaration refused at its field");
  await screenshot(page, "officials-declaration-error");

  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Warsaw" }).format(new Date());
  await page.getByLabel("Data podpisania (wymagana)").fill(today);
  await page.getByLabel("Przekazano klauzulę informacyjną o przetwarzaniu danych osobowych").check();
  const saved = page.waitForResponse((r) => r.request().method() === "POST");
  await page.getByRole("button", { name: "Zapisz oświadczenie" }).click();
  assert.equal((await saved).status(), 200);
  await page.getByRole("status").filter({ hasText: `Zarejestrowano oświadczenie: ${name}.` }).waitFor();
  const stored = await apiAs("biuro", `/v1/participants/${target}?purpose=${encodeURIComponent("test: oświadczenie")}`);
  assert.equal(stored.declaration?.signedOn, today, "the API has the declaration");
  const after = (await katowiceApplications())[0];
  const stillMissing = (after.representatives ?? []).filter((r) => !r.declarationRecorded).length;
  assert.equal(stillMissing, missing.length - 1);
  assert.equal((await page.locator('[data-field="missing"]').innerText()).trim(), `Brakujące oświadczenia: ${stillMissing}.`);
  await expectAccessible(page, "the officials after the declaration");
  assert.deepEqual(
    problems.filter((problem) => !problem.includes("400")),
    [],
    "no console error but the expected 400",
  );
});

test("Świętochłowice's officials in PILOT equal the API's answers", { skip: !issuerUrl }, async () => {
  const login = `jst-${SWIETOCHLOWICE}`;
  const { page, problems } = await openPage(browser.context);
  await signIn(page, login);
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Urzędnicy i ich szkolenie", exact: true }).click();
  await page.getByLabel("Edycja").selectOption("PILOT");
  const [application] = (await apiAs(login, `/v1/editions/PILOT/applications?teryt=${SWIETOCHLOWICE}`)).applications ?? [];
  assert.ok(application, "Świętochłowice took part in the pilot");
  await page.getByRole("heading", { name: `${application.jstName}: wniosek w edycji PILOT` }).waitFor();
  assert.ok(page.url().endsWith("/console/officials?edition=PILOT"), "a JST's own view needs no TERYT in the address");

  assert.equal((await page.locator('dd[data-field="status"]').innerText()).trim(), "zakwalifikowany");
  assert.equal(application.status, "QUALIFIED");
  assert.equal((await page.locator('dd[data-field="group"]').innerText()).trim(), `grupa ${application.workshopGroup}`);
  const missing = (application.representatives ?? []).filter((r) => r.status === "PARTICIPANT_ACTIVE" && !r.declarationRecorded);
  assert.equal(
    (await page.locator('[data-field="missing"]').innerText()).trim(),
    missing.length === 0
      ? "Wszyscy aktywni przedstawiciele mają zarejestrowane oświadczenie."
      : `Brakujące oświadczenia: ${missing.length}.`,
  );

  let withCourses = 0;
  for (const representative of application.representatives ?? []) {
    const id = representative.participant;
    const row = page.locator(`tr[data-participant="${id}"]`);
    const person = await apiAs(login, `/v1/participants/${id}?purpose=${encodeURIComponent("test: urzędnicy JST")}`);
    const training = await apiAs(login, `/v1/participants/${id}/training`);
    assert.equal((await row.locator("th").innerText()).trim(), `${person.firstName} ${person.lastName}`, `${id} name`);
    assert.equal(
      (await row.locator('[data-field="declaration"]').innerText()).trim(),
      representative.declarationRecorded ? "zarejestrowane" : "brak",
    );
    assert.equal(
      (await row.locator('[data-field="hours"]').innerText()).trim(),
      `${polishDecimal(training.attendedHours)} z ${polishDecimal(training.plannedHours)}`,
      `${id} hours`,
    );
    assert.equal((await row.locator('[data-field="percent"]').innerText()).trim(), `${training.attendedPercent ?? 0}%`);
    const completed = (await row.locator('[data-field="completed"]').innerText()).trim();
    assert.equal(completed, training.completed ? "tak" : "nie", `${id} completed`);
    assert.deepEqual(
      (await row.locator('[data-field="modules"] div').allInnerTexts()).map((text) => text.trim()),
      (training.modules ?? []).map(
        (m) => `moduł ${m.number}: ${polishDecimal(m.attendedHours)} z ${polishDecimal(m.plannedHours)}`,
      ),
    );
    assert.deepEqual(await cellLines(row.locator('[data-field="elearning"]')), elearningLines(training), `${id} e-learning`);
    withCourses += (training.elearning ?? []).length > 0 ? 1 : 0;
  }
  assert.ok(withCourses > 0, "the demo's e-learning reaches the record of some official");

  // The group's sessions still to come (the pilot's all ended in 2017).
  const modules = (await apiAs(login, "/v1/editions/PILOT/modules?pageSize=100")).modules ?? [];
  const sessions = (
    await Promise.all(modules.map(async (m) => (await apiAs(login, `/v1/modules/${m.id}/sessions?pageSize=500`)).sessions ?? []))
  ).flat();
  const upcoming = sessions.filter(
    (s) => (s.workshopGroup === 0 || s.workshopGroup === application.workshopGroup || !s.workshopGroup) && Date.parse(s.endTime) > Date.now(),
  );
  if (upcoming.length === 0) {
    await page.getByText(`Grupa ${application.workshopGroup} nie ma nadchodzących zajęć.`).waitFor();
  } else {
    assert.deepEqual(
      (await page.locator("tr[data-session]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-session")))).sort(),
      upcoming.map((s) => s.id).sort(),
    );
  }
  assert.equal(
    await page.getByRole("link", { name: "Subskrypcje kalendarzy (.ics) przedstawicieli i grupy" }).getAttribute("href"),
    "/console/calendars",
  );
  await expectAccessible(page, "the JST's officials");
  await screenshot(page, "officials-page");
  assert.deepEqual(problems, [], "no console error or failed request");
});
