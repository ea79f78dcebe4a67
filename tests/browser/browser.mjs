// What every browser test shares: Debian's Chromium launched by
// playwright-core (Playwright cannot download its own browsers here), with a
// fresh profile and no background networking; a page that records console
// errors and CSP violations; axe-core at WCAG 2.1 AA; and screenshots saved
// under JSTEDU_SCREENSHOT_DIR for a person to look at.
//
// Environment (set by tests/e2e/browser_e2e_test.cc):
//   JSTEDU_BASE_URL        the gateway, e.g. http://127.0.0.1:8080
//   JSTEDU_SCREENSHOT_DIR  where screenshots go (the build tree)
//   JSTEDU_CHROMIUM        the browser (default /usr/bin/chromium)
//   JSTEDU_ISSUER_URL      the development issuer the gateway trusts
//   JSTEDU_ISSUER_STATE_DIR  its state directory (its signing key), for
//                          the tests' own API reads (apiAs)
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";
import { DEMO_PASSWORD, findAccountByLogin, roleClaims } from "../../tools/dev-issuer/src/accounts.mjs";
import { signToken } from "../../tools/dev-issuer/src/token.mjs";

export const baseUrl = process.env.JSTEDU_BASE_URL ?? "";
if (!baseUrl) throw new Error("JSTEDU_BASE_URL is not set");
export const issuerUrl = process.env.JSTEDU_ISSUER_URL ?? "";
const issuerState = process.env.JSTEDU_ISSUER_STATE_DIR ?? "";
const screenshots = process.env.JSTEDU_SCREENSHOT_DIR ?? join(tmpdir(), "jstedu-screenshots");
mkdirSync(screenshots, { recursive: true });

// A browser with a fresh profile; close() also removes the profile. Its
// user interface is Polish (LANGUAGE, from chromium-l10n), so date inputs
// read dd.mm.rrrr as on a Polish officer's machine, the page's locale
// pl-PL and its clock Europe/Warsaw.
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "jstedu-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.JSTEDU_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    locale: "pl-PL",
    timezoneId: "Europe/Warsaw",
    env: { ...process.env, LANGUAGE: "pl", LANG: "pl_PL.UTF-8" },
    viewport: { width: 1400, height: 1000 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--lang=pl-PL",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// A page whose console errors (CSP violations among them) and failed
// requests are collected in `problems`.
export async function openPage(context) {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()}`));
  return { page, problems };
}

// axe-core's violations of WCAG 2.0/2.1 A and AA on the page as it is.
export async function accessibilityViolations(page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), e.g. ${v.nodes[0]?.target.join(" ")}`);
}

// The whole page, not only the window, so a reader sees everything on it;
// `{ fullPage: false }` for a page hundreds of screens long (the API
// reference), where the window is what a reader sees and the whole would
// take the browser longer than a screenshot may.
export async function screenshot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage });
}

// Fails with the axe violations of the page as it is, naming `what`.
export async function expectAccessible(page, what) {
  assert.deepEqual(await accessibilityViolations(page), [], `${what} passes axe at WCAG 2.1 AA`);
}

// Signs `login` (a demo account of tools/dev-issuer) in through the issuer's
// form, from the console's start page, and waits for the signed-in frame.
export async function signIn(page, login) {
  await page.goto(`${baseUrl}/console/`);
  await page.getByRole("button", { name: "Zaloguj się" }).click();
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Hasło").fill(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Wyloguj się" }).waitFor();
}

// A token of the demo account `login` (tools/dev-issuer), signed with the
// issuer's key, valid for ten minutes: the test's own calls as that account.
function tokenOf(login) {
  const account = findAccountByLogin(login);
  if (!account) throw new Error(`no demo account ${login}`);
  if (!issuerState) throw new Error("JSTEDU_ISSUER_STATE_DIR is not set");
  const now = Math.floor(Date.now() / 1000);
  return signToken(issuerState, {
    iss: issuerUrl,
    aud: "jstedu-gateway",
    sub: login,
    ...roleClaims(account),
    iat: now,
    nbf: now,
    exp: now + 600,
  });
}

// The answer {status, body} of `method` `target` with the JSON `body` (none
// when undefined) and extra `headers` (e.g. an Idempotency-Key) as the demo
// account `login`: the test's own write or read, to set up a state behind a
// screen's back or to check what a screen did.
export async function requestAs(login, method, target, body = undefined, headers = {}) {
  const response = await fetchAs(login, method, target, body, headers);
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

// The text of GET `target` as the demo account `login` (a file the API
// answers: a CSV catalogue). Throws unless the answer is 200.
export async function textAs(login, target) {
  const response = await fetchAs(login, "GET", target);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${target} as ${login}: ${response.status} ${text}`);
  return text;
}

async function fetchAs(login, method, target, body = undefined, headers = {}) {
  return fetch(new URL(target, baseUrl), {
    method,
    headers: {
      Authorization: `Bearer ${tokenOf(login)}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

// The JSON answer of GET `target` (e.g. "/v1/progress?edition=PILOT") as
// the demo account `login` would get it: the test's own read, to compare
// with what a screen shows. Throws unless the answer is 200.
export async function apiAs(login, target) {
  const answer = await requestAs(login, "GET", target);
  if (answer.status !== 200) throw new Error(`GET ${target} as ${login}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

// The console's own navigation to `path` (a reload would end the session:
// the tokens live in memory).
// Waits until `locator` holds the keyboard focus (inside the screens'
// shadow roots too).
export async function expectFocused(locator) {
  await locator.and(locator.page().locator(":focus")).waitFor();
}

export async function goTo(page, path) {
  await page.evaluate((href) => {
    history.pushState(null, "", href);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

// A civil date ("2026-12-18") as the console writes it in Polish.
export function polishDate(date) {
  return new Intl.DateTimeFormat("pl-PL", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
}

// A training record's e-learning completions as the console writes them,
// one line each ("Finansowanie oświaty w praktyce (4 godz.), 15 grudnia
// 2017"), or ["brak"] for none.
export function elearningLines(training) {
  const completions = training.elearning ?? [];
  if (completions.length === 0) return ["brak"];
  return completions.map((e) => `${e.courseTitle || e.course} (${e.courseHours ?? 0} godz.), ${polishDate(e.completedOn)}`);
}

// The lines of a cell's text, trimmed, empty ones left out.
export async function cellLines(cell) {
  return (await cell.innerText())
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}
