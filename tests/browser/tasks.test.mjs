// The tasks between modules and the shuttle and rooming sign-up (issue 19)
// on the demonstration programme:
// - Świętochłowice's staff (jst-2476011) see their tasks as the API lists
//   them, what is due first, each due time in Warsaw time and in words, the
//   returned task's comment; an empty report is refused at its field, then a
//   report is submitted and the API has it, from exactly one successful call;
// - the JST's guardian (read from its case) sees the reports to review as
//   the API lists them, is refused an empty comment at the field on
//   returning one, returns it with a comment and accepts another;
// - Czeladź's staff (jst-2401021, the rollout's first qualified JST) see
//   the rollout's module 1 sign-up counting down to its deadline, sign two
//   officials up (the API confirms), and ask late for module 2: the request
//   waits for the office; the office is refused an empty reason for a
//   refusal at the field and approves it (the API confirms).
// Records used by no other test: Świętochłowice's PILOT tasks, and the
// sign-ups of Czeladź's officials for the ROLLOUT modules (tools/demo's
// work.ts leaves Czeladź to its staff).
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, expectFocused, issuerUrl, launch, openPage, screenshot, signIn } from "./browser.mjs";

const JST = "jst-2476011";
const CZELADZ = "jst-2401021";

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

const WARSAW = new Intl.DateTimeFormat("pl-PL", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Warsaw" });
const warsaw = (instant) => WARSAW.format(new Date(instant));
const STATUS = {
  TASK_OPEN: "do wykonania",
  TASK_SUBMITTED: "sprawozdanie złożone — czeka na ocenę",
  TASK_ACCEPTED: "przyjęte",
  TASK_RETURNED: "zwrócone do poprawy",
};

async function tasksAs(login) {
  const tasks = [];
  let pageToken = "";
  do {
    const page = await apiAs(login, `/v1/tasks?pageSize=500${pageToken ? `&pageToken=${pageToken}` : ""}`);
    tasks.push(...(page.tasks ?? []));
    pageToken = page.nextPageToken ?? "";
  } while (pageToken !== "");
  return tasks;
}

// The browser's console reports the API's expected 400 to a refused write:
// that, and nothing else.
function expectOnlyTheRefusal(problems) {
  assert.ok(problems.length > 0 && problems.every((problem) => problem.includes("400")), problems.join("\n"));
  problems.length = 0;
}

async function openScreen(page, name) {
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name, exact: true }).click();
}

// What is due first: tasks to do by due time, then submitted, then accepted.
function byWhatIsDue(tasks) {
  const group = { TASK_OPEN: 0, TASK_RETURNED: 0, TASK_SUBMITTED: 1, TASK_ACCEPTED: 2 };
  return [...tasks].sort(
    (a, b) => group[a.status] - group[b.status] || a.dueTime.localeCompare(b.dueTime) || a.id.localeCompare(b.id),
  );
}

test("a JST sees its tasks as the API lists them, in Warsaw time, and submits a report once", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  const submits = [];
  page.on("response", (response) => {
    if (response.request().method() === "POST" && response.url().endsWith(":submit"))
      submits.push({ status: response.status(), key: response.request().headers()["idempotency-key"] });
  });
  await signIn(page, JST);
  await openScreen(page, "Zadania między modułami");
  const tasks = await tasksAs(JST);
  assert.ok(tasks.length >= 5, "the demo sets Świętochłowice five tasks");
  await page.locator('div[aria-busy="false"] section.task').first().waitFor();

  // Every task, in the order of what is due first, as the API has it.
  const shown = page.locator("section.task");
  assert.deepEqual(
    await shown.evaluateAll((sections) => sections.map((s) => s.dataset.task)),
    byWhatIsDue(tasks).map((task) => task.id),
  );
  for (const task of tasks) {
    const section = page.locator(`section[data-task="${task.id}"]`);
    assert.equal((await section.locator("h3").innerText()).trim(), task.title);
    const due = (await section.locator("dd.due").innerText()).trim();
    assert.ok(due.startsWith(warsaw(task.dueTime)), `${task.title}: due ${due} in Warsaw time`);
    if (task.overdue) assert.match(due, /po terminie/, `${task.title} is past due`);
    assert.equal((await section.locator("dd.status").innerText()).trim(), STATUS[task.status]);
    if (task.comment) assert.equal((await section.locator("dd.comment").innerText()).trim(), task.comment);
  }
  const returned = tasks.find((task) => task.status === "TASK_RETURNED");
  assert.ok(returned?.comment, "the demo returned one task with a comment");
  const ahead = tasks.find((task) => task.status === "TASK_OPEN" && !task.overdue);
  assert.ok(ahead, "the demo has a task due ahead");
  assert.match(await page.locator(`section[data-task="${ahead.id}"] dd.due`).innerText(), / — (za \d+ dni|jutro|dziś)$/);
  await expectAccessible(page, "a JST's tasks");
  await screenshot(page, "tasks-jst");

  // An empty report: the API's refusal at the field, nothing written.
  const section = page.locator(`section[data-task="${ahead.id}"]`);
  // Opened and closed unsent: the keyboard is back at the button that opened it.
  await section.getByRole("button", { name: "Złóż sprawozdanie" }).click();
  await section.getByRole("button", { name: "Anuluj" }).click();
  await expectFocused(section.getByRole("button", { name: "Złóż sprawozdanie" }));
  await section.getByRole("button", { name: "Złóż sprawozdanie" }).click();
  const report = section.getByLabel(`Sprawozdanie z wykonania zadania „${ahead.title}”`);
  await section.getByRole("button", { name: "Wyślij sprawozdanie" }).click();
  await section.locator('textarea[aria-invalid="true"]').waitFor();
  assert.equal((await section.locator(".problem").innerText()).trim(), "Sprawozdanie musi mieć od 1 do 8000 znaków.");
  assert.equal((await apiAs(JST, `/v1/tasks?pageSize=500`)).tasks.find((t) => t.id === ahead.id).status, "TASK_OPEN");
  expectOnlyTheRefusal(problems);
  await expectAccessible(page, "a refused empty report");
  await screenshot(page, "tasks-report-refused");

  const text = "Sprawozdanie z wdrożenia: wykonano dwa z trzech działań planu; szkolenie dyrektorów przesunięto na wrzesień.";
  await report.fill(text);
  await section.getByRole("button", { name: "Wyślij sprawozdanie" }).click();
  await page.getByRole("status").filter({ hasText: `Sprawozdanie z zadania „${ahead.title}” zostało złożone.` }).waitFor();
  assert.equal((await section.locator("dd.status").innerText()).trim(), STATUS.TASK_SUBMITTED);
  const after = (await tasksAs(JST)).find((t) => t.id === ahead.id);
  assert.equal(after.status, "TASK_SUBMITTED");
  assert.equal(after.report, text);
  assert.deepEqual(
    submits.map((s) => s.status),
    [400, 200],
    "one refused call, then exactly one that submitted",
  );
  assert.notEqual(submits[0].key, submits[1].key, "a refused submission's key is not reused");
  await expectAccessible(page, "a submitted report");
  await screenshot(page, "tasks-submitted");
  assert.deepEqual(problems, []);
});

// The subject of the guardian of `teryt`'s case in the pilot.
async function guardianOf(teryt) {
  const [kase] = (await apiAs("biuro", `/v1/cases?edition=PILOT&teryt=${teryt}`)).cases;
  const id = kase.guardian === "EDUCATION_DEVELOPMENT" ? kase.educationExpert : kase.personnelExpert;
  return (await apiAs("biuro", "/v1/experts?pageSize=500")).experts.find((e) => e.id === id).subject;
}

test("the guardian returns a report with a comment and accepts another", { skip: !issuerUrl }, async () => {
  const expert = await guardianOf("2476011");
  const { page, problems } = await openPage(browser.context);
  await signIn(page, expert);
  await openScreen(page, "Zadania między modułami");
  const pending = (await tasksAs(expert)).filter((task) => task.status === "TASK_SUBMITTED");
  await page.locator('div[aria-busy="false"]').waitFor();
  await page.getByRole("heading", { name: `Do oceny (${pending.length})` }).waitFor();
  assert.deepEqual(
    (await page.locator("section.task").evaluateAll((sections) => sections.map((s) => s.dataset.task))).sort(),
    pending.map((task) => task.id).sort(),
    "the reports to review are the API's submitted tasks",
  );
  const own = byWhatIsDue(pending.filter((task) => task.teryt === "2476011"));
  assert.ok(own.length >= 2, "Świętochłowice has two reports to review");
  const toAccept = own[0];
  const toReturn = own[own.length - 1];
  await expectAccessible(page, "the reports to review");
  await screenshot(page, "tasks-review");

  // Returning without a comment: refused at the field, nothing changes.
  const back = page.locator(`section[data-task="${toReturn.id}"]`);
  await back.getByRole("button", { name: "Zwróć do poprawy" }).click();
  await back.locator('textarea[aria-invalid="true"]').waitFor();
  assert.equal(
    (await back.locator(".problem").innerText()).trim(),
    "Uwagi mogą mieć od 1 do 4000 znaków; przy zwrocie do poprawy są wymagane.",
  );
  assert.equal((await tasksAs(expert)).find((t) => t.id === toReturn.id).status, "TASK_SUBMITTED");
  expectOnlyTheRefusal(problems);
  await expectAccessible(page, "a return refused without a comment");
  await screenshot(page, "tasks-return-refused");

  const comment = "Proszę dopisać, kiedy odbędzie się przesunięte szkolenie dyrektorów i kto za nie odpowiada.";
  await back.getByLabel(`Uwagi do sprawozdania z zadania „${toReturn.title}”`).fill(comment);
  await back.getByRole("button", { name: "Zwróć do poprawy" }).click();
  await page.getByRole("status").filter({ hasText: `Zadanie „${toReturn.title}” zostało zwrócone do poprawy.` }).waitFor();

  await page.locator(`section[data-task="${toAccept.id}"]`).getByRole("button", { name: "Przyjmij" }).click();
  await page.getByRole("status").filter({ hasText: `Zadanie „${toAccept.title}” zostało przyjęte.` }).waitFor();
  await expectAccessible(page, "after the review");
  await screenshot(page, "tasks-reviewed");

  const after = await tasksAs(JST);
  const returned = after.find((t) => t.id === toReturn.id);
  assert.equal(returned.status, "TASK_RETURNED");
  assert.equal(returned.comment, comment);
  assert.equal(after.find((t) => t.id === toAccept.id).status, "TASK_ACCEPTED");
  assert.deepEqual(problems, []);
});

async function modulesOf(login) {
  return (await apiAs(login, "/v1/editions/ROLLOUT/modules")).modules;
}

async function signupsOf(login, module) {
  return (await apiAs(login, `/v1/modules/${module}/signups?pageSize=500`)).signups ?? [];
}

test("a JST signs its officials up before the deadline and asks late; the request waits for the office", { skip: !issuerUrl }, async () => {
  const now = Date.now();
  const modules = await modulesOf(CZELADZ);
  const open = modules.find((m) => m.signupDeadline && Date.parse(m.signupDeadline) > now);
  const late = modules.find((m) => m.signupDeadline && Date.parse(m.signupDeadline) <= now && Date.parse(m.endTime) > now);
  assert.ok(open && late, "the demo's rollout has a module open for sign-up and one past its deadline");
  const [application] = (await apiAs(CZELADZ, "/v1/editions/ROLLOUT/applications")).applications;
  const officials = application.representatives.filter((r) => r.status === "PARTICIPANT_ACTIVE").map((r) => r.participant);
  assert.ok(officials.length >= 2);

  const { page, problems } = await openPage(browser.context);
  await signIn(page, CZELADZ);
  await openScreen(page, "Dojazd i noclegi");
  await page.getByLabel("Edycja").selectOption("ROLLOUT");
  const openSection = page.locator(`section[data-module="${open.id}"]`);
  await openSection.waitFor();

  // The countdown: the deadline in Warsaw time and what is left in words.
  const countdown = (await openSection.locator(".countdown").innerText()).trim();
  assert.ok(countdown.startsWith(`Zapisy do ${warsaw(open.signupDeadline)} — zostało `), countdown);
  assert.match(countdown, /zostało \d+ (dni|dzień)( \d+ godzin[ay]?)?\.$/);
  assert.equal(await openSection.locator("tbody tr").count(), officials.length, "a row per official");
  await expectAccessible(page, "the sign-up before its deadline");
  await screenshot(page, "logistics-open");

  // Two officials signed up: the first for a room and the shuttle, the
  // second for a room.
  for (const [i, participant] of officials.slice(0, 2).entries()) {
    const row = openSection.locator(`tr[data-participant="${participant}"]`);
    await row.getByLabel("Nocleg").check();
    if (i === 0) await row.getByLabel("Bus").check();
    await row.getByRole("button", { name: "Zapisz", exact: true }).click();
    await page.getByRole("status").filter({ hasText: /Zapisano: / }).waitFor();
    await openSection.locator(`tr[data-participant="${participant}"][data-state="confirmed"]`).waitFor();
  }
  const confirmed = await signupsOf(CZELADZ, open.id);
  const first = confirmed.find((s) => s.participant === officials[0]);
  const second = confirmed.find((s) => s.participant === officials[1]);
  assert.equal(first.status, "SIGNUP_CONFIRMED");
  assert.equal(first.accommodation, true);
  assert.equal(first.shuttleSeat, "SEAT_CONFIRMED");
  assert.equal(second.status, "SIGNUP_CONFIRMED");
  assert.equal(second.shuttleSeat, "SEAT_NOT_REQUESTED");
  assert.equal(confirmed.filter((s) => s.participant === officials[0]).length, 1, "signed up once");
  await screenshot(page, "logistics-signed-up");

  // After the deadline: the request is sent and waits for the office.
  const lateSection = page.locator(`section[data-module="${late.id}"]`);
  assert.match((await lateSection.locator(".deadline").innerText()).trim(), /^Termin zapisów minął .* Nowe zgłoszenia czekają na decyzję biura programu\.$/);
  const row = lateSection.locator(`tr[data-participant="${officials[0]}"]`);
  await row.getByLabel("Nocleg").check();
  await row.getByLabel("Bus").check();
  await row.getByRole("button", { name: "Wyślij zgłoszenie do biura" }).click();
  await page.getByRole("status").filter({ hasText: /Czeka na decyzję biura programu\.$/ }).waitFor();
  await lateSection.locator(`tr[data-participant="${officials[0]}"][data-state="waiting"]`).waitFor();
  assert.match(await lateSection.locator(`tr[data-participant="${officials[0]}"]`).innerText(), /czeka na decyzję biura/);
  const [waiting] = (await signupsOf(CZELADZ, late.id)).filter((s) => s.participant === officials[0]);
  assert.equal(waiting.status, "SIGNUP_PENDING_APPROVAL");
  await lateSection.scrollIntoViewIfNeeded();
  await expectAccessible(page, "a late request waiting for the office");
  await screenshot(page, "logistics-late");
  assert.deepEqual(problems, []);
});

test("the office approves the late request, after an empty reason to refuse is refused at the field", { skip: !issuerUrl }, async () => {
  const now = Date.now();
  const late = (await modulesOf("biuro")).find(
    (m) => m.signupDeadline && Date.parse(m.signupDeadline) <= now && Date.parse(m.endTime) > now,
  );
  const pending = (await apiAs("biuro", `/v1/modules/${late.id}/signups?status=SIGNUP_PENDING_APPROVAL&pageSize=500`)).signups;
  const [application] = (await apiAs(CZELADZ, "/v1/editions/ROLLOUT/applications")).applications;
  const ours = pending.find((s) => application.representatives.some((r) => r.participant === s.participant));
  assert.ok(ours, "Czeladź's late request waits for the office");

  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await openScreen(page, "Dojazd i noclegi");
  await page.getByLabel("Edycja").selectOption("ROLLOUT");
  const section = page.locator(`section[data-module="${late.id}"]`);
  await section.getByRole("heading", { name: `Zgłoszenia po terminie (${pending.length})` }).waitFor();
  assert.deepEqual(
    (await section.locator("tr[data-signup]").evaluateAll((rows) => rows.map((r) => r.dataset.signup))).sort(),
    pending.map((s) => s.id).sort(),
    "the late requests are the API's",
  );
  await expectAccessible(page, "the office's late requests");
  await screenshot(page, "logistics-office");

  const row = section.locator(`tr[data-signup="${ours.id}"]`);
  await row.getByRole("button", { name: "Odmów" }).click();
  await row.locator('textarea[aria-invalid="true"]').waitFor();
  assert.equal((await row.locator(".problem").innerText()).trim(), "Powód odmowy jest wymagany: od 1 do 500 znaków.");
  assert.equal((await apiAs("biuro", `/v1/modules/${late.id}/signups?pageSize=500`)).signups.find((s) => s.id === ours.id).status, "SIGNUP_PENDING_APPROVAL");
  expectOnlyTheRefusal(problems);
  await expectAccessible(page, "a refusal without a reason");
  await screenshot(page, "logistics-refuse-refused");

  await row.getByRole("button", { name: "Zatwierdź" }).click();
  await page.getByRole("status").filter({ hasText: /Zatwierdzono zgłoszenie: / }).waitFor();
  await section.getByRole("heading", { name: `Zgłoszenia po terminie (${pending.length - 1})` }).waitFor();
  const decided = (await apiAs("biuro", `/v1/modules/${late.id}/signups?pageSize=500`)).signups.find((s) => s.id === ours.id);
  assert.equal(decided.status, "SIGNUP_APPROVED");
  assert.equal(decided.shuttleSeat, "SEAT_CONFIRMED");
  await screenshot(page, "logistics-approved");
  assert.deepEqual(problems, []);
});
