import assert from "node:assert/strict";
import { mock, test } from "node:test";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { MinuteClock } from "./clock.js";

// A screen stand-in: counts how often it is drawn again.
class Host implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  readonly updateComplete = Promise.resolve(true);
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {
    this.updates += 1;
  }
}

test("a shown screen's time moves on every minute and the screen is drawn again; a hidden one's stops", () => {
  mock.timers.enable({ apis: ["setInterval", "Date"], now: new Date("2026-12-05T22:59:00Z") });
  try {
    const host = new Host();
    const clock = new MinuteClock(host);
    host.controllers.forEach((c) => c.hostConnected?.());
    mock.timers.tick(60_000);
    assert.equal(clock.now.toISOString(), "2026-12-05T23:00:00.000Z");
    assert.equal(host.updates, 1);
    mock.timers.tick(120_000);
    assert.equal(host.updates, 3);
    host.controllers.forEach((c) => c.hostDisconnected?.());
    mock.timers.tick(600_000);
    assert.equal(host.updates, 3);
  } finally {
    mock.timers.reset();
  }
});
