// The time a screen's words are counted from ("jutro", "za 3 dni", "zostały
// 2 godziny"): `now`, moved on every minute while the screen is shown, its
// host drawn again each time, so the words never go stale.
import type { ReactiveController, ReactiveControllerHost } from "lit";

const MINUTE = 60_000;

export class MinuteClock implements ReactiveController {
  now = new Date();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.now = new Date();
    this.timer = setInterval(() => {
      this.now = new Date();
      this.host.requestUpdate();
    }, MINUTE);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }
}
