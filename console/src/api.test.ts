import assert from "node:assert/strict";
import { test } from "node:test";
import { everyPage } from "./api.js";

test("every page of a list is read, each after the previous page's token, in the page size asked", async () => {
  const pages: Record<string, { rows: number[]; next: string }> = {
    "": { rows: [1, 2], next: "b" },
    b: { rows: [3], next: "c" },
    c: { rows: [], next: "" },
  };
  const asked: unknown[] = [];
  const rows = await everyPage(async (query) => {
    asked.push(query);
    const page = pages[query.pageToken ?? ""];
    assert.ok(page);
    return page;
  }, 100);
  assert.deepEqual(rows, [1, 2, 3]);
  assert.deepEqual(asked, [{ pageSize: 100 }, { pageSize: 100, pageToken: "b" }, { pageSize: 100, pageToken: "c" }]);
  assert.deepEqual(await everyPage(async (query) => ({ rows: [query.pageSize], next: "" })), [500]);
});
