// The e-learning screen (issue 24, docs/programme-parts.md part 3) on the
// demonstration programme: the office's courses are the API's; it sets a
// course up, loads a completion file with bad rows (refused row by row,
// nothing written) and then the fixed file (one new completion, in the
// official's training record); a JST reads the courses, with no form.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, goTo, issuerUrl, launch, openPage, screenshot, signIn } from "./browser.mjs";

const EDITION = "PILOT";

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

async function coursesOf(login) {
  return (await apiAs(login, `/v1/editions/${EDITION}/elearning-courses?pageSize=500`)).courses ?? [];
}

async function openScreen(page) {
  await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "E-learning" }).waitFor();
  await goTo(page, `/console/elearning?edition=${EDITION}`);
  await page.getByRole("table", { name: `Kursy edycji ${EDITION}` }).waitFor();
}

async function expectCourses(page, login) {
  const courses = await coursesOf(login);
  const rows = page.getByRole("table", { name: `Kursy edycji ${EDITION}` }).locator("tbody tr");
  assert.equal(await rows.count(), courses.length);
  for (const c of courses) {
    const row = page.locator(`tr[data-course="${c.code}"]`);
    assert.equal((await row.getByRole("rowheader").innerText()).trim(), c.title);
    assert.equal((await row.locator('[data-field="completions"]').innerText()).trim(), String(c.completions ?? 0));
  }
}

async function load(page, name, csv) {
  const file = join(tmpdir(), name);
  await writeFile(file, csv);
  await page.getByLabel("Plik CSV").setInputFiles(file);
  await page.getByRole("button", { name: "Wczytaj ukończenia" }).click();
}

test("the office sets a course up and loads completions, a bad file changing nothing", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await openScreen(page);
  await expectCourses(page, "biuro");

  const code = `EL-${randomUUID().slice(0, 6)}`;
  await page.getByLabel("Kod kursu na platformie").fill(code);
  await page.getByLabel("Nazwa kursu").fill("Ewaluacja lokalnej polityki oświatowej");
  await page.getByLabel("Liczba godzin").fill("5");
  await page.getByRole("button", { name: "Zapisz kurs" }).click();
  await page.getByRole("status").filter({ hasText: `Zapisano kurs ${code}: Ewaluacja lokalnej polityki oświatowej.` }).waitFor();
  await expectCourses(page, "biuro");

  const applications = (await apiAs("biuro", `/v1/editions/${EDITION}/applications?teryt=2476011`)).applications ?? [];
  const official = applications[0].representatives[0].participant;
  await load(
    page,
    "eksport-bledny.csv",
    `participant_id;course_code;completed_on\n${official};${code};2017-13-40\nnie-identyfikator;${code};2017-06-30\n`,
  );
  await page.getByText("Plik eksport-bledny.csv odrzucono: błędnych wierszy 2.").waitFor();
  const refused = page.getByRole("table", { name: "Błędy w pliku eksport-bledny.csv" }).locator("tbody tr");
  assert.deepEqual((await refused.locator("th").allInnerTexts()).map((line) => line.trim()), ["2", "3"]);
  assert.equal((await coursesOf("biuro")).find((c) => c.code === code).completions ?? 0, 0, "nothing written");
  await expectAccessible(page, "a refused completion file");
  await screenshot(page, "elearning-refused-file");

  await load(page, "eksport.csv", `participant_id;course_code;completed_on\n${official};${code};2017-06-30\n`);
  await page
    .getByRole("status")
    .filter({ hasText: "Wczytano plik eksport.csv: wierszy 1; nowe ukończenia 1, z wcześniejszą datą 0, bez zmian 0." })
    .waitFor();
  assert.equal((await coursesOf("biuro")).find((c) => c.code === code).completions, 1);
  await expectCourses(page, "biuro");
  const record = await apiAs("biuro", `/v1/participants/${official}/training`);
  assert.ok((record.elearning ?? []).some((e) => e.course === code && e.completedOn === "2017-06-30"), "in the training record");
  await expectAccessible(page, "the office's e-learning");
  await screenshot(page, "elearning-office");
  assert.deepEqual(problems.filter((p) => !p.includes("status of 400")), [], "no console error but the refusal");
});

test("a JST reads the courses, with no form", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "jst-2476011");
  await openScreen(page);
  await expectCourses(page, "jst-2476011");
  assert.equal(await page.getByRole("heading", { name: "Wczytaj ukończenia z platformy" }).count(), 0);
  assert.equal(await page.getByRole("heading", { name: "Dodaj lub zmień kurs" }).count(), 0);
  await expectAccessible(page, "a JST's e-learning");
  assert.deepEqual(problems, [], "no console error");
});
