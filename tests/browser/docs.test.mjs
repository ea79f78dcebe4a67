// The API reference at /docs in a real browser: it renders the document
// from the same origin with nothing refused by its Content-Security-Policy,
// a deep link lands on its operation, and the search finds operations.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { baseUrl, launch, openPage, screenshot } from "./browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test("the reference renders under its CSP and deep links land", async () => {
  const { page, problems } = await openPage(browser.context);
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(`${baseUrl}/docs`);
  await page.getByRole("heading", { name: /jstedu/i, level: 1 }).waitFor();
  await screenshot(page, "docs-landing", { fullPage: false });

  await page.goto(`${baseUrl}/docs#operation/RecruitmentService_GetApplication`);
  await page.locator('[id="operation/RecruitmentService_GetApplication"]').waitFor();
  await page.getByRole("heading", { name: "Get application." }).first().waitFor();
  await screenshot(page, "docs-deep-link", { fullPage: false });

  const search = page.getByPlaceholder(/search/i);
  await search.fill("calendar feed");
  await page.getByRole("menuitem", { name: /Renew calendar feed/ }).first().waitFor();
  await screenshot(page, "docs-search", { fullPage: false });

  const origin = new URL(baseUrl).origin;
  const foreign = requests.filter((url) => !url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:"));
  assert.deepEqual(foreign, [], "every request stays on the gateway's origin");
  assert.deepEqual(problems, [], "no console error, CSP violation or failed request");
});
