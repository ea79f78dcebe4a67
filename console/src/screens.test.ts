import assert from "node:assert/strict";
import { test } from "node:test";
import { OPERATION_ROLES } from "./generated/access.js";
import { ROLES, roleOf, type Role } from "./roles.js";
import { SCREENS, hrefOf, hrefOfScreen, matchScreen, mayOpen, menuFor, screenAt, type Screen } from "./screens.js";

const home: Screen = { id: "home", path: "", title: "screen.home", needs: [], inMenu: true };
const exportsScreen: Screen = {
  id: "exports",
  path: "exports",
  title: "screen.jsts",
  needs: ["GET /v1/jsts", "POST /v1/editions"],
  inMenu: true,
};
const callback: Screen = { id: "callback", path: "callback", title: "screen.callback", needs: [], inMenu: false };
const access = { "GET /v1/jsts": ["ADMIN", "JST"], "POST /v1/editions": ["ADMIN"] };

test("a role sees the screens whose every operation it may call", () => {
  const screens = [home, exportsScreen, callback];
  assert.deepEqual(
    menuFor("ADMIN", screens, access).map((s) => s.id),
    ["home", "exports"],
  );
  assert.deepEqual(
    menuFor("JST", screens, access).map((s) => s.id),
    ["home"],
  );
  assert.deepEqual(
    menuFor("TRAINER", screens, access).map((s) => s.id),
    ["home"],
  );
});

test("signed out, there is no menu and no screen that calls the API", () => {
  assert.deepEqual(menuFor(null, [home, exportsScreen], access), []);
  assert.equal(mayOpen(home, null, access), true);
  assert.equal(mayOpen(exportsScreen, null, access), false);
});

test("an operation the document does not list is allowed to nobody", () => {
  const unknown: Screen = { ...exportsScreen, needs: ["GET /v1/nothing" as never] };
  for (const role of ROLES) assert.equal(mayOpen(unknown, role, access), false);
});

test("the JST registry is in every role's menu, as the gateway allows ListJsts to all", () => {
  for (const role of ROLES) {
    assert.ok(
      menuFor(role).some((s) => s.id === "jsts"),
      role,
    );
  }
  assert.deepEqual([...OPERATION_ROLES["GET /v1/jsts"]].sort(), [...ROLES].sort());
});

test("every operation a screen needs is one of the gateway's", () => {
  for (const screen of SCREENS) {
    for (const operation of screen.needs) assert.ok(operation in OPERATION_ROLES, operation);
  }
});

test("the URL names the screen", () => {
  assert.equal(screenAt("/console/")?.id, "home");
  assert.equal(screenAt("/console")?.id, "home");
  assert.equal(screenAt("/console/jsts")?.id, "jsts");
  assert.equal(screenAt("/console/jsts/")?.id, "jsts");
  assert.equal(screenAt("/console/callback")?.id, "callback");
  assert.equal(screenAt("/console/nothing"), undefined);
  assert.equal(screenAt("/consolejsts"), undefined);
  assert.equal(screenAt("/docs"), undefined);
  for (const screen of SCREENS) {
    assert.equal(screenAt(hrefOf(screen, { teryt: "2476011", application: "a-1", case: "c-1", session: "s-1", module: "m-1", edition: "PILOT", expert: "e-1", community: "k-1" })), screen);
  }
});

test("a parameter segment names one JST, decoded, and nothing else", () => {
  assert.deepEqual(matchScreen("/console/jsts/2476011")?.params, { teryt: "2476011" });
  assert.equal(matchScreen("/console/jsts/2476011")?.screen.id, "jst");
  assert.deepEqual(matchScreen("/console/jsts/a%20b")?.params, { teryt: "a b" });
  assert.equal(matchScreen("/console/jsts/%E0%A4%A"), undefined);
  assert.equal(matchScreen("/console/jsts/2476011/x"), undefined);
  assert.equal(hrefOfScreen("jst", { teryt: "24/76" }), "/console/jsts/24%2F76");
  assert.throws(() => hrefOfScreen("nothing"));
});

test("each role's menu is what the gateway lets it call", () => {
  const menu = (role: Role) => menuFor(role).map((s) => s.id);
  assert.deepEqual(menu("ADMIN"), [
    "home",
    "overview",
    "dashboard",
    "indicators",
    "applications",
    "apply",
    "cases",
    "tasks",
    "officials",
    "logistics",
    "sessions",
    "calendars",
    "notifications",
    "editions",
    "experts",
    "jsts",
    "exports",
    "practices",
    "communities",
    "tables",
    "schools",
    "elearning",
  ]);
  // The ministry gets no notifications and reads none.
  assert.deepEqual(menu("MINISTRY"), [
    "home",
    "dashboard",
    "indicators",
    "applications",
    "calendars",
    "jsts",
    "exports",
    "practices",
  ]);
  assert.deepEqual(menu("COORDINATOR"), [
    "home",
    "overview",
    "dashboard",
    "indicators",
    "applications",
    "apply",
    "cases",
    "tasks",
    "officials",
    "logistics",
    "calendars",
    "notifications",
    "experts",
    "jsts",
    "practices",
    "communities",
    "tables",
    "schools",
    "elearning",
  ]);
  assert.deepEqual(menu("JST"), [
    "home",
    "indicators",
    "applications",
    "apply",
    "cases",
    "tasks",
    "officials",
    "logistics",
    "calendars",
    "notifications",
    "jsts",
    "practices",
    "communities",
    "tables",
    "schools",
    "elearning",
  ]);
  assert.deepEqual(menu("EXPERT"), [
    "home",
    "cases",
    "tasks",
    "calendars",
    "notifications",
    "experts",
    "jsts",
    "practices",
    "communities",
    "tables",
    "schools",
    "elearning",
  ]);
  assert.deepEqual(menu("TRAINER"), ["home", "sessions", "calendars", "notifications", "jsts", "practices", "elearning"]);
});

test("the role is one claim holding one of the six roles", () => {
  assert.equal(roleOf({ role: "COORDINATOR" }, "role"), "COORDINATOR");
  assert.equal(roleOf({ "https://jstedu/role": "MINISTRY" }, "https://jstedu/role"), "MINISTRY");
  assert.equal(roleOf({ role: "MINISTRY" }, "jstedu_role"), null);
  assert.equal(roleOf({ role: "admin" }, "role"), null);
  assert.equal(roleOf({ role: ["ADMIN"] }, "role"), null);
  assert.equal(roleOf({}, "role"), null);
});
