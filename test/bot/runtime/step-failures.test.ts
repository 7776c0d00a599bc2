// A step that cannot be committed (the database went away, a bug) is tried again a second later,
// three times in all; then its event is set aside (marked processed, nothing applied, logged) so
// one bad event cannot block its room for ever, and the room goes on in order.
import { afterEach, describe, expect, it, vi } from "vitest";
import { MemoryStore, type Commit } from "../../../src/bot/store.ts";
import { harness, shortFlow } from "./harness.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("a step that keeps failing", () => {
  it("is tried three times, then its event is set aside and the room goes on in order", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const store = new MemoryStore();
    const h = await harness({ store });
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command("amal", "join", "south");
    await h.settle();
    let failNext = 0;
    let failed = 0;
    const commit = store.commit.bind(store);
    store.commit = (step: Commit) => {
      // Steps that change the session fail; setting an event aside (no session) is written.
      if (failNext > 0 && step.session !== undefined) {
        failNext -= 1;
        failed += 1;
        return Promise.reject(new Error("the disk is full"));
      }
      return commit(step);
    };
    failNext = 3;
    await h.platform.command("ben", "join", "north");
    await h.settle();
    /** Who has joined, as stored (a failed step evicts the live session until it is needed). */
    const names = async () => {
      const stored = await store.liveSession(h.roomKey);
      const snapshot = stored?.snapshot as { context: { participants: { id: string }[] } } | undefined;
      return snapshot?.context.participants.map((p) => p.id);
    };
    expect(failed).toBe(1);
    // A later event waits behind the failing one (its arrival tries the room again at once).
    await h.platform.command("cara", "join", "north");
    await h.settle();
    expect(failed).toBe(2);
    expect(await names()).toEqual(["p1"]);
    // A second later, the third try fails too: Ben's join is set aside; Cara's, after it, is taken.
    await vi.advanceTimersByTimeAsync(1000);
    await h.settle();
    expect(failed).toBe(3);
    expect(await names()).toEqual(["p1", "p2"]);
    const attempts = h.logger.records.filter((r) => r.message === "cannot process an event");
    expect(attempts.map((r) => r.fields["attempt"])).toEqual([1, 2, 3]);
    expect(
      h.logger.records.filter((r) => r.message === "event skipped after repeated failures"),
    ).toHaveLength(1);
    expect(await store.unprocessedInbox()).toEqual([]);
    await h.runtime.stop();
  });
});
