// tools/bench console: time to a usable programme dashboard in Debian's
// Chromium against the local stack (tools/dev up, with the demonstration
// programme and the development issuer), and the gzipped size of the
// console's JavaScript. A benchmark for people: it prints figures and judges
// nothing. See `tools/bench console --help`.
//
// One iteration:
//   cold  a new browser profile (empty HTTP cache) whose user is already
//         signed in at the issuer (as after signing in earlier that day);
//         from opening /console/dashboard?edition=… until every figure is
//         shown (the dashboard's aria-busy="false"), through the console's
//         sign-in (one click: the issuer's session answers at once);
//   warm  the same address again in the same browser (scripts cached);
//   menu  signed in, from the start page, the menu's "Pulpit programu"
//         link until every figure is shown (no page load at all).
//
// Environment: JSTEDU_BASE_URL (the gateway), JSTEDU_ISSUER_URL,
// JSTEDU_CONSOLE_DIR (the built console, for the sizes),
// JSTEDU_BENCH_ITERATIONS (5), JSTEDU_BENCH_EDITION (PILOT),
// JSTEDU_BENCH_LOGIN (biuro).
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { baseUrl, launch, openPage, signIn } from "../../tests/browser/browser.mjs";

const iterations = Number(process.env.JSTEDU_BENCH_ITERATIONS ?? 5);
const edition = process.env.JSTEDU_BENCH_EDITION ?? "PILOT";
const login = process.env.JSTEDU_BENCH_LOGIN ?? "biuro";
const consoleDir = process.env.JSTEDU_CONSOLE_DIR ?? "";
const dashboard = `${baseUrl}/console/dashboard?edition=${encodeURIComponent(edition)}`;
const TIMEOUT = 60_000;

async function untilUsable(page) {
  await page.locator('jst-dashboard-page [aria-busy="false"]').waitFor({ timeout: TIMEOUT });
}

// Milliseconds from opening the dashboard's address, signed out of the
// console but signed in at the issuer, until every figure is shown.
async function openDashboard(page) {
  const start = performance.now();
  await page.goto(dashboard);
  await page.getByRole("button", { name: "Zaloguj się" }).click({ timeout: TIMEOUT });
  await untilUsable(page);
  return performance.now() - start;
}

async function viaMenu(page) {
  await page.goto(`${baseUrl}/console/`);
  await page.getByRole("button", { name: "Zaloguj się" }).click({ timeout: TIMEOUT });
  const link = page.getByRole("navigation").getByRole("link", { name: "Pulpit programu" });
  await link.waitFor({ timeout: TIMEOUT });
  const start = performance.now();
  await link.click();
  await untilUsable(page);
  return performance.now() - start;
}

async function iteration(scripts) {
  const browser = await launch();
  try {
    const { page, problems } = await openPage(browser.context);
    await signIn(page, login);
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Network.clearBrowserCache");
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.add(new URL(response.url()).pathname);
    });
    const cold = await openDashboard(page);
    const warm = await openDashboard(page);
    const menu = await viaMenu(page);
    if (problems.length) throw new Error(`the console reported problems:\n${problems.join("\n")}`);
    return { cold, warm, menu };
  } finally {
    await browser.close();
  }
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

// Bytes and gzip -9 bytes of the console's scripts under /console/.
function sizes(paths) {
  let raw = 0;
  let gzipped = 0;
  for (const path of paths) {
    const bytes = readFileSync(join(consoleDir, path.replace(/^\/console\//, "")));
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: paths.length, raw, gzipped };
}

// The scripts the page itself names (index.html): what every screen loads.
function entryScripts() {
  const page = readFileSync(join(consoleDir, "index.html"), "utf8");
  return [...page.matchAll(/src="(\/console\/assets\/[^"]+\.js)"/g)].map((match) => match[1]);
}

const runs = [];
const scripts = new Set();
for (let i = 0; i < iterations; i++) runs.push(await iteration(scripts));
const figure = (key) => {
  const values = runs.map((run) => run[key]);
  return { p50: Math.round(percentile(values, 50)), max: Math.round(Math.max(...values)) };
};
const every = readdirSync(join(consoleDir, "assets"))
  .filter((name) => name.endsWith(".js"))
  .map((name) => `/console/assets/${name}`);
const result = {
  iterations,
  edition,
  login,
  ms: { cold: figure("cold"), warm: figure("warm"), menu: figure("menu") },
  javascript: {
    entry: sizes(entryScripts()),
    dashboard: sizes([...scripts].filter((path) => path.startsWith("/console/"))),
    all: sizes(every),
  },
};
console.log(JSON.stringify(result));
