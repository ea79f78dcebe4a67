import assert from "node:assert/strict";
import { test } from "node:test";
import { editionsWith, stepsOf } from "./jst.js";

test("a stage marks the steps before it done and itself current", () => {
  assert.deepEqual(stepsOf("NEEDS_DIAGNOSIS"), [
    { stage: "AREA_CHOICE", state: "done" },
    { stage: "NEEDS_DIAGNOSIS", state: "current" },
    { stage: "ROLLOUT", state: "todo" },
    { stage: "COMPLETED", state: "todo" },
  ]);
  assert.deepEqual(
    stepsOf("AREA_CHOICE")?.map((s) => s.state),
    ["current", "todo", "todo", "todo"],
  );
  assert.deepEqual(
    stepsOf("COMPLETED")?.map((s) => s.state),
    ["done", "done", "done", "current"],
  );
});

test("a stage off the path has no stepper", () => {
  assert.equal(stepsOf("WITHDRAWN"), undefined);
  assert.equal(stepsOf("STAGE_UNSPECIFIED"), undefined);
  assert.equal(stepsOf(undefined), undefined);
});

test("the editions shown are those with an application or a case, in order", () => {
  const editions = [{ code: "PILOT" }, { code: "ROLLOUT" }, { code: "NEXT" }];
  assert.deepEqual(
    editionsWith(editions, new Set(["ROLLOUT"]), new Set(["PILOT"])).map((e) => e.code),
    ["PILOT", "ROLLOUT"],
  );
  assert.deepEqual(editionsWith(editions, new Set(), new Set()), []);
});
