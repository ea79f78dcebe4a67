// The office's participant import and an application's history (issue 19)
// on the demonstration programme. Records this file changes, which no other
// test uses:
//   - the ROLLOUT application of 2203011 (pomorskie): the
//     office qualifies it on its page (applications.test.mjs qualifies the
//     last submitted one and reads voivodeship 24's) and imports a team into
//     it;
//   - its own edition ZZ-HISTORIA-TEST (created here, then moved to 2015 so it
//     never runs today and is no screen's default; last in the editions'
//     order, by code) with two JSTs of voivodeship 08, which no demo data
//     uses: one waitlisted and promoted when the other withdraws.
// Each screen is compared with the API's answer read live.
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { apiAs, expectAccessible, issuerUrl, launch, openPage, requestAs, screenshot, signIn } from "./browser.mjs";

const EDITION = "ROLLOUT";
const TERYT = "2203011";
const HISTORY_EDITION = "ZZ-HISTORIA-TEST";

let browser;
beforeEach(async () => {
  browser = await launch();
});
afterEach(async () => {
  await browser?.close();
});

// A valid PESEL of an invented person born 1957-11-23 (no demo person's
// date), serial `serial`.
function pesel(serial) {
  const digits = `571123${String(serial).padStart(4, "0")}`;
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = [...digits].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return `${digits}${(10 - (sum % 10)) % 10}`;
}

function withWrongCheckDigit(number) {
  return `${number.slice(0, 10)}${(Number(number[10]) + 1) % 10}`;
}

const HEADER =
  "first_name;last_name;pesel;education_level;email;phone;position;target_group;declaration_signed_on;information_clause_handed_over";

function row(n, { number = pesel(7300 + n), targetGroup = "OPERATIONAL_STAFF", signedOn = "2026-01-20" } = {}) {
  const firstName = ["Anna", "Barbara", "Celina", "Dorota"][n - 1];
  return `${firstName};Importowa;${number};ISCED_5_8;import.${n}@example.invalid;+48600100${200 + n};Inspektor;${targetGroup};${signedOn};tak`;
}

// The file as a spreadsheet saves it: UTF-8 with BOM, ';', CRLF.
function csv(rows) {
  return Buffer.from(`\uFEFF${[HEADER, ...rows].join("\r\n")}\r\n`, "utf8");
}

const STATUS = {
  SUBMITTED: "złożony",
  QUALIFIED: "zakwalifikowany",
  WAITLISTED: "na liście rezerwowej",
  REJECTED: "odrzucony",
  WITHDRAWN: "wycofany",
};
const WHEN = new Intl.DateTimeFormat("pl-PL", { dateStyle: "long", timeStyle: "short", timeZone: "Europe/Warsaw" });

async function historyOf(id) {
  return (await apiAs("biuro", `/v1/applications/${id}/history?pageSize=500`)).entries ?? [];
}

// The history table's rows as [when, change, who, why].
async function historyShown(page) {
  const table = page.getByRole("table", { name: /Zmiany statusu wniosku/ });
  await table.waitFor();
  return table.locator("tbody tr").evaluateAll((rows) =>
    rows.map((tr) => [...tr.querySelectorAll("th, td")].map((cell) => cell.textContent.trim().replace(/\s+/g, " "))),
  );
}

// The service's reasons for this test's three wrong lines as the page says
// them (errors.ts problemText).
const POLISH = {
  "check digit does not match": "cyfra kontrolna się nie zgadza — sprawdź numer",
  "must be DECISION_MAKER, OPERATIONAL_STAFF or COUNCILLOR_OR_SOCIAL_PARTNER":
    "wybierz jedną z wartości: kadra decyzyjna, kadra operacyjna, radni i partnerzy społeczni",
  "must not be in the future": "data nie może być z przyszłości",
  "must be a date between 1800 and 2299": "podaj datę z lat 1800–2299",
};
function inPolish(description) {
  assert.ok(description in POLISH, `a reason this test knows: ${description}`);
  return POLISH[description];
}

// What the page must show for the API's `entries`: time (Warsaw), change,
// and the reason in words for the service's own.
function expectedHistory(entries) {
  return entries.map((entry) => [
    WHEN.format(new Date(entry.changeTime)),
    entry.fromStatus && entry.fromStatus !== "APPLICATION_STATUS_UNSPECIFIED"
      ? `${STATUS[entry.fromStatus]} → ${STATUS[entry.toStatus]}`
      : "złożenie wniosku",
  ]);
}

// Opens the console's `path` in the signed-in page as a link would (a
// reload would ask to sign in again): the address changes, the shell
// follows it (popstate).
async function openAt(page, path) {
  await page.evaluate((href) => {
    history.pushState(null, "", href);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

// Scrolls so that `locator`'s end is at the bottom of the window: the
// screenshot shows it and what leads to it.
async function scrollToEnd(locator) {
  await locator.evaluate((element) => element.scrollIntoView({ block: "end" }));
}

async function applicationOf(edition, teryt) {
  const list = await apiAs("biuro", `/v1/editions/${edition}/applications?teryt=${teryt}`);
  assert.equal(list.applications?.length, 1, `one application of ${teryt} in ${edition}`);
  return list.applications[0];
}

test("the office qualifies an application and its history is the API's", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  const application = await applicationOf(EDITION, TERYT);
  assert.equal(application.status, "SUBMITTED", "the demo's application is still submitted");
  await openAt(page, `/console/applications/${application.id}`);
  await page.getByRole("heading", { name: `Wniosek: ${application.jstName}` }).waitFor();
  assert.deepEqual(
    (await historyShown(page)).map((cells) => cells.slice(0, 2)),
    expectedHistory(await historyOf(application.id)),
  );

  await page.getByRole("button", { name: "Zakwalifikuj", exact: true }).click();
  const answer = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Zakwalifikuj wniosek" }).click();
  assert.equal((await answer).status(), 200);
  await page.getByRole("status").filter({ hasText: "Wniosek rozpatrzony: status zakwalifikowany." }).waitFor();

  // The history read again: the API's entries, the last the office's
  // qualification, named by its staff member.
  const entries = await historyOf(application.id);
  const last = entries[entries.length - 1];
  assert.equal(last.toStatus, "QUALIFIED");
  assert.equal(last.actorRole, "ADMIN");
  assert.equal(last.actorSubject, "biuro");
  await page.getByRole("table", { name: /Zmiany statusu wniosku/ }).locator("tbody tr").nth(entries.length - 1).waitFor();
  const shown = await historyShown(page);
  assert.deepEqual(
    shown.map((cells) => cells.slice(0, 2)),
    expectedHistory(entries),
  );
  assert.deepEqual(shown[shown.length - 1].slice(1), ["złożony → zakwalifikowany", "biuro programu (biuro)", ""]);
  assert.equal((await apiAs("biuro", `/v1/applications/${application.id}`)).status, "QUALIFIED");
  await expectAccessible(page, "the qualified application with its history");
  await scrollToEnd(page.getByRole("table", { name: /Zmiany statusu wniosku/ }));
  await screenshot(page, "application-history");
  assert.deepEqual(problems, [], "no console error or CSP violation");
});

test("the office imports a file with errors, nothing is written, then the fixed file once", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  const application = await applicationOf(EDITION, TERYT);
  const before = application.activeRepresentatives ?? 0;
  await openAt(page, `/console/applications/${application.id}`);
  await page.getByRole("link", { name: "Importuj uczestników z pliku CSV" }).click();
  await page.getByRole("heading", { name: `Import uczestników: ${application.jstName}` }).waitFor();
  assert.match(page.url(), new RegExp(`/console/applications/${application.id}/import$`));

  // The template: the header the API reads and one invented line.
  const template = await page.getByRole("link", { name: /Pobierz szablon CSV/ }).getAttribute("href");
  const templateText = decodeURIComponent(template.replace(/^data:text\/csv;charset=utf-8,/, ""));
  assert.match(templateText, /^\uFEFFfirst_name;last_name;pesel;other_identifier;/);
  assert.equal(templateText.trim().split("\r\n").length, 2);

  // Lines 3, 4 and 5 are wrong: a check digit, a target group, a
  // declaration signed in the future.
  const bad = csv([
    row(1),
    row(2, { number: withWrongCheckDigit(pesel(7302)) }),
    row(3, { targetGroup: "BOSS" }),
    row(4, { signedOn: "2999-01-01" }),
  ]);
  await page.getByLabel("Plik CSV z uczestnikami").setInputFiles({ name: "zespol-z-bledami.csv", mimeType: "text/csv", buffer: bad });
  await page.getByText("Wybrany plik zespol-z-bledami.csv: wierszy danych (bez nagłówka): 4.").waitFor();
  const refusedAnswer = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Wyślij plik" }).click();
  const refused = await refusedAnswer;
  assert.equal(refused.status(), 400);
  const violations = (await refused.json()).details.flatMap((detail) => detail.fieldViolations ?? []);
  assert.ok(violations.length >= 3, JSON.stringify(violations));
  const table = page.getByRole("table", { name: "Odrzucone wiersze pliku zespol-z-bledami.csv" });
  await table.waitFor();
  const shown = await table.locator("tbody tr").evaluateAll((rows) =>
    rows.map((tr) => ({ line: tr.dataset.line, column: tr.dataset.column, problem: tr.lastElementChild.textContent.trim() })),
  );
  assert.deepEqual(
    shown,
    violations.map((violation) => {
      const [, line, column = ""] = /^line (\d+)(?:, column (.+))?$/.exec(violation.field);
      return { line, column, problem: inPolish(violation.description.replace(/^column \d+: /, "")) };
    }),
  );
  assert.deepEqual(
    [...new Set(shown.map((problem) => problem.line))],
    ["3", "4", "5"],
    "the three wrong lines, each named",
  );
  await page.getByRole("heading", { name: /Plik odrzucono: błędne wiersze: 3\. Nic nie zostało zapisane/ }).waitFor();
  assert.equal((await apiAs("biuro", `/v1/applications/${application.id}`)).activeRepresentatives ?? 0, before, "nothing written");
  await expectAccessible(page, "the refused file's lines");
  await scrollToEnd(table);
  await screenshot(page, "participant-import-errors");
  assert.deepEqual(
    problems.filter((problem) => !problem.includes("400")),
    [],
    "no console error but the expected 400",
  );
  problems.length = 0;

  // Fixed, the file is written whole.
  const good = csv([row(1), row(2), row(3), row(4)]);
  await page.getByLabel("Plik CSV z uczestnikami").setInputFiles({ name: "zespol.csv", mimeType: "text/csv", buffer: good });
  await page.getByText("Wybrany plik zespol.csv: wierszy danych (bez nagłówka): 4.").waitFor();
  const importedAnswer = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Wyślij plik" }).click();
  const imported = await importedAnswer;
  assert.equal(imported.status(), 200);
  const counts = await imported.json();
  assert.equal(counts.inserted, 4);
  await page.getByRole("heading", { name: /Zaimportowano plik zespol\.csv/ }).waitFor();
  for (const name of ["rows", "inserted", "updated", "unchanged"]) {
    assert.equal(await page.locator(`td[data-count=${name}]`).innerText(), String(counts[name] ?? 0), name);
  }
  const after = await apiAs("biuro", `/v1/applications/${application.id}`);
  assert.equal(after.activeRepresentatives, before + 4, "the four participants, once");
  await expectAccessible(page, "the imported file");
  await scrollToEnd(page.getByRole("link", { name: "Przejdź do wniosku i jego zespołu" }));
  await screenshot(page, "participant-import-done");

  // Sent again: nothing new (every line unchanged), no duplicate.
  const againAnswer = page.waitForResponse((response) => response.request().method() === "POST");
  await page.getByRole("button", { name: "Wyślij plik" }).click();
  const again = await againAnswer;
  assert.equal(again.status(), 200);
  const repeated = await again.json();
  assert.equal(repeated.inserted ?? 0, 0);
  assert.equal(repeated.unchanged, 4);
  await page.locator("td[data-count=unchanged]", { hasText: "4" }).waitFor();
  assert.equal((await apiAs("biuro", `/v1/applications/${application.id}`)).activeRepresentatives, before + 4, "no duplicate");

  await page.getByRole("link", { name: "Przejdź do wniosku i jego zespołu" }).click();
  await page.getByRole("heading", { name: `Wniosek: ${application.jstName}` }).waitFor();
  assert.deepEqual(problems, [], "no console error or CSP violation");
});

// The edition ZZ-HISTORIA-TEST with one place: the first JST qualified, the
// second waitlisted, the first withdrawn — the second promoted. Returns the
// promoted application's id. Made through the API, once.
async function promotion() {
  const existing = await requestAs("biuro", "GET", `/v1/editions/${HISTORY_EDITION}`);
  const jsts = (await apiAs("biuro", "/v1/jsts?voivodeship=08&kind=RURAL_COMMUNE&pageSize=2")).jsts;
  if (existing.status === 200) return (await applicationOf(HISTORY_EDITION, jsts[1].teryt)).id;
  const now = Date.now();
  const created = await requestAs("biuro", "POST", "/v1/editions", {
    code: HISTORY_EDITION,
    name: "Edycja testu historii wniosku",
    kind: "PILOT",
    capacity: 1,
    minRepresentatives: 1,
    startsOn: new Date(now - 86400000).toISOString().slice(0, 10),
    endsOn: new Date(now + 2 * 86400000).toISOString().slice(0, 10),
    recruitmentOpensAt: new Date(now - 3600000).toISOString(),
    recruitmentClosesAt: new Date(now + 86400000).toISOString(),
  });
  assert.equal(created.status, 200, JSON.stringify(created.body));
  const ids = [];
  for (const [n, jst] of jsts.entries()) {
    const submitted = await requestAs("biuro", "POST", `/v1/editions/${HISTORY_EDITION}/applications`, {
      teryt: jst.teryt,
      representatives: [
        {
          firstName: "Historyczna",
          lastName: ["Pierwsza", "Druga"][n],
          pesel: pesel(7400 + n),
          targetGroup: "DECISION_MAKER",
          declaration: { signedOn: "2026-01-20", informationClauseHandedOver: true },
        },
      ],
    });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    ids.push(submitted.body.id);
    const qualified = await requestAs("biuro", "POST", `/v1/applications/${submitted.body.id}:qualify`, {});
    assert.equal(qualified.status, 200, JSON.stringify(qualified.body));
  }
  const withdrawn = await requestAs("biuro", "POST", `/v1/applications/${ids[0]}:withdraw`, {
    reason: "Rada gminy nie zabezpieczyła środków.",
  });
  assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
  // Moved to 2015: never running today, so no screen's default edition.
  const moved = await requestAs(
    "biuro",
    "PATCH",
    `/v1/editions/${HISTORY_EDITION}?updateMask=startsOn,endsOn,recruitmentOpensAt,recruitmentClosesAt`,
    {
      startsOn: "2015-01-01",
      endsOn: "2015-12-31",
      recruitmentOpensAt: "2015-01-01T07:00:00Z",
      recruitmentClosesAt: "2015-06-30T22:00:00Z",
    },
  );
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  return ids[1];
}

test("a promotion from the waiting list is in the history and the waiting list's view", { skip: !issuerUrl }, async () => {
  const promoted = await promotion();
  const entries = await historyOf(promoted);
  assert.deepEqual(
    entries.map((entry) => [entry.toStatus, entry.promotedFromWaitlist ?? false, entry.promotionCause]),
    [
      ["SUBMITTED", false, "PROMOTION_CAUSE_UNSPECIFIED"],
      ["WAITLISTED", false, "PROMOTION_CAUSE_UNSPECIFIED"],
      ["QUALIFIED", true, "AFTER_WITHDRAWAL"],
    ],
  );
  const { page, problems } = await openPage(browser.context);
  await signIn(page, "biuro");
  await openAt(page, `/console/applications/${promoted}`);
  const shown = await historyShown(page);
  assert.deepEqual(
    shown.map((cells) => cells.slice(0, 2)),
    expectedHistory(entries),
  );
  assert.deepEqual(shown[1].slice(2), ["biuro programu (biuro)", "Brak wolnych miejsc w edycji."]);
  assert.deepEqual(shown[2].slice(2), [
    "automatycznie, w wyniku działania: biuro programu (biuro)",
    "Awans z listy rezerwowej po wycofaniu się zakwalifikowanej JST, która zwolniła miejsce.",
  ]);
  await expectAccessible(page, "the promoted application's history");
  await scrollToEnd(page.getByRole("table", { name: /Zmiany statusu wniosku/ }));
  await screenshot(page, "application-history-promotion");

  // The waiting list's view: nobody waits now, and the promoted one is
  // listed with when and why.
  await openAt(page, `/console/applications?edition=${HISTORY_EDITION}&status=WAITLISTED`);
  const promotions = page.getByRole("table", { name: /awansowane z listy rezerwowej/ });
  await promotions.waitFor();
  const application = await apiAs("biuro", `/v1/applications/${promoted}`);
  const rows = await promotions.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((cell) => cell.textContent.trim())),
  );
  assert.deepEqual(rows, [
    [
      application.jstName,
      application.teryt,
      WHEN.format(new Date(entries[2].changeTime)),
      "Awans z listy rezerwowej po wycofaniu się zakwalifikowanej JST, która zwolniła miejsce.",
      "automatycznie, w wyniku działania: biuro programu (biuro)",
    ],
  ]);
  await expectAccessible(page, "the waiting list with its promotions");
  await screenshot(page, "applications-waitlist-promotions");
  assert.deepEqual(problems, [], "no console error or CSP violation");
});
