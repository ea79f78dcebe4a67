// The console in a real browser, against a stack whose gateway trusts the
// development issuer (tests/e2e/browser_e2e_test.cc): a coordinator signs
// in through the issuer (authorization code with PKCE), the menu shows what
// the role may do, the JST registry answers, another voivodeship is refused,
// and signing out ends the session. Every screen passes axe-core at WCAG 2.1
// AA and loads nothing from another origin but the issuer.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { baseUrl, expectAccessible, issuerUrl, launch, openPage, screenshot } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("a coordinator signs in, searches the registry within its scope and signs out", { skip: !issuerUrl }, async () => {
  const { page, problems } = await openPage(browser.context);
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  let refreshToken = "";
  page.on("response", async (response) => {
    if (response.request().method() !== "POST" || !response.url().startsWith(issuerUrl)) return;
    const body = await response.json().catch(() => ({}));
    if (typeof body.refresh_token === "string") refreshToken = body.refresh_token;
  });

  await page.goto(`${baseUrl}/console/`);
  const signIn = page.getByRole("button", { name: "Zaloguj się" });
  await signIn.waitFor();
  await expectAccessible(page, "the signed-out console");
  await screenshot(page, "console-signed-out");

  await signIn.click();
  await page.getByLabel("Login").fill("koordynator-24");
  await page.getByLabel("Hasło").fill("demo-jstedu");
  await page.keyboard.press("Enter");
  await page.getByText(/Zalogowano: .*koordynator regionalny/).waitFor();
  const menu = page.getByRole("navigation", { name: "Menu główne" });
  await menu.getByRole("link", { name: "Rejestr JST" }).waitFor();
  await expectAccessible(page, "the signed-in home");
  await screenshot(page, "console-home-coordinator");

  await menu.getByRole("link", { name: "Rejestr JST" }).click();
  await page.getByLabel("Początek nazwy").fill("Święto");
  await page.getByRole("button", { name: "Szukaj" }).click();
  try {
    await page.getByRole("table").getByText("Świętochłowice").waitFor({ timeout: 10000 });
  } catch (failure) {
    await screenshot(page, "console-jsts-failure");
    throw new Error(`${failure.message}\n${problems.join("\n")}`);
  }
  await expectAccessible(page, "the registry with results");
  await screenshot(page, "console-jsts");

  // Another voivodeship is the gateway's to refuse, in the user's words.
  await page.getByLabel("Województwo").selectOption("02");
  await page.getByRole("button", { name: "Szukaj" }).click();
  await page.getByText("Nie masz uprawnień do tych danych.").waitFor();
  await screenshot(page, "console-jsts-foreign");
  problems.splice(0); // the refused call (403) is logged by the browser

  await page.getByRole("button", { name: "Wyloguj się" }).click();
  await page.getByRole("button", { name: "Tak, wyloguj" }).click();
  await page.getByRole("button", { name: "Zaloguj się" }).waitFor();
  assert.equal(await menu.getByRole("link", { name: "Rejestr JST" }).count(), 0, "signed out: no menu");
  await screenshot(page, "console-signed-out-again");

  // Signing out ended access: the refresh token the console held renews
  // nothing, and signing in again asks for the password.
  assert.ok(refreshToken, "the console got a refresh token to renew its session");
  const discovery = await (await fetch(`${issuerUrl}/.well-known/openid-configuration`)).json();
  const renewal = await fetch(discovery.token_endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", client_id: "jstedu-console", refresh_token: refreshToken }),
  });
  assert.equal(renewal.status, 400, "a refresh after sign-out is refused");
  assert.equal((await renewal.json()).error, "invalid_grant");
  await page.getByRole("button", { name: "Zaloguj się" }).click();
  await page.getByLabel("Hasło").waitFor();

  const allowed = [new URL(baseUrl).origin, new URL(issuerUrl).origin];
  const foreign = requests.filter((url) => !allowed.some((origin) => url.startsWith(origin)) && !url.startsWith("data:"));
  assert.deepEqual(foreign, [], "only the gateway and the issuer are asked");
  assert.deepEqual(problems, [], "no console error or CSP violation");
});
