import assert from "node:assert/strict";
import { test } from "node:test";
import { countedReached, mayLoadRegister, readsReached } from "./schools.js";

test("schools reached count once per case, none of a case closed by a withdrawal", () => {
  assert.equal(
    countedReached([
      { rspo: "1", case: "a", caseStage: "ROLLOUT" },
      { rspo: "2", case: "a", caseStage: "ROLLOUT" },
      { rspo: "1", case: "b", caseStage: "COMPLETED" },
      { rspo: "3", case: "c", caseStage: "WITHDRAWN" },
    ]),
    3,
  );
  assert.equal(countedReached([]), 0);
});

test("the office loads the register; those who see cases read the schools reached", () => {
  assert.equal(mayLoadRegister("ADMIN"), true);
  assert.equal(mayLoadRegister("COORDINATOR"), false);
  assert.equal(readsReached("JST"), true);
  assert.equal(readsReached("TRAINER"), false);
});
