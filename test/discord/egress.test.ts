// Issue 19: the requests counting against Discord's global limit take turns between rooms, so a
// room that floods never holds back the others, and no window ever lets more than the limit go.
import { describe, expect, it } from "vitest";
import { FairWindow, type EgressClock } from "../../src/adapters/discord/egress.ts";

/** A clock the test moves by hand. */
class HandClock implements EgressClock {
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
  /** Moves to `at`, firing what falls due on the way; then lets the granted requests run. */
  async advanceTo(at: number): Promise<void> {
    for (;;) {
      const due = this.timers.filter((x) => x.at <= at).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = due.at;
      due.fn();
      await Promise.resolve();
    }
    this.t = at;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("FairWindow", () => {
  it("gives places round-robin between rooms, never more than the limit in a window", async () => {
    const clock = new HandClock();
    const window = new FairWindow({ perWindow: 2, windowMs: 1000, clock });
    const granted: { key: string; at: number }[] = [];
    const take = (key: string) =>
      void window.take(key).then(() => {
        granted.push({ key, at: clock.now() });
      });
    // One room floods: ten requests at once; then two quiet rooms ask once each.
    for (let n = 0; n < 10; n++) take("flood");
    take("quiet");
    take("other");
    await clock.advanceTo(0);
    for (let t = 1000; t <= 6000; t += 1000) await clock.advanceTo(t);
    expect(granted.map((g) => g.key)).toEqual([
      "flood",
      "flood",
      // The quiet rooms go in the next window, not after the flood's other eight.
      "flood",
      "quiet",
      "other",
      "flood",
      "flood",
      "flood",
      "flood",
      "flood",
      "flood",
      "flood",
    ]);
    const perWindow = new Map<number, number>();
    for (const g of granted) perWindow.set(g.at, (perWindow.get(g.at) ?? 0) + 1);
    expect(Math.max(...perWindow.values())).toBe(2);
    expect(window.queued).toBe(0);
  });
});
