// A clock for the egress limiters (Discord's fair window, Matrix's send gate) that a test moves by
// hand, firing what falls due on the way.
import type { TimerClock } from "../../src/adapters/shared/timer-clock.ts";

export class HandClock implements TimerClock {
  t = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }
  /** Moves to `at`, firing what falls due on the way; then lets what they released run. */
  async advanceTo(at: number): Promise<void> {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= at).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.t = at;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
