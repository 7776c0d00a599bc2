// The runtime's poll for what other processes appended (the operator's CLI, a programme's
// coordinator, another bot process on a shared store): one at a time. A poll slower than its
// interval (a thousand rooms' leases to renew on a loaded database) must skip ticks, not pile up
// beside itself until the store's connections are all taken.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { MemoryStore, PostgresStore } from "../../../src/bot/store.ts";
import { harness, shortFlow, start } from "./harness.ts";

const pgUrl = process.env["PARLEY_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `t_polling_${String(process.pid)}_${String(Date.now())}`;

afterEach(() => {
  vi.useRealTimers();
});
afterAll(async () => {
  await PostgresStore.dropSchema(pgUrl, schema);
});

/** Waits (in real time, bounded) for what a poll does against the database. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not reached");
}

describe("the runtime's poll", () => {
  it("does not start another poll while one is still running, and stop waits for it", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const store = new MemoryStore();
    const h = await harness({ store });
    let running = 0;
    let most = 0;
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const read = store.unprocessedInbox.bind(store);
    store.unprocessedInbox = async (...args) => {
      running += 1;
      most = Math.max(most, running);
      try {
        await gate;
        return await read(...args);
      } finally {
        running -= 1;
      }
    };
    await vi.advanceTimersByTimeAsync(10_000);
    expect(most).toBe(1);
    let stopped = false;
    const stopping = h.runtime.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(running).toBe(0);
  });

  it("renews its leases at every poll, and lets go of a room whose lease another process took", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const clock = new SimulatedClock(start);
    const store = await PostgresStore.open({ connectionString: pgUrl, schema });
    const other = await PostgresStore.open({ connectionString: pgUrl, schema });
    let renewals = 0;
    const renew = store.renewRooms.bind(store);
    store.renewRooms = async (...args) => {
      const held = await renew(...args);
      renewals += 1;
      return held;
    };
    const h = await harness({ store, clock, leaseMs: 30_000, pollMs: 1000 });
    /** Runs one poll and waits (in real time, bounded) until it has renewed the leases. */
    const poll = async () => {
      const before = renewals;
      await vi.advanceTimersByTimeAsync(1000);
      await until(() => renewals > before);
    };
    const steal = () => other.claimRoom(h.roomKey, "other", clock.now(), clock.now() + 30_000);
    try {
      await h.platform.command("fac", "start", shortFlow);
      await h.settle();
      expect(h.runtime.sessions.status(h.roomKey)).not.toBeNull();
      // Renewed at 20 s, the lease outlives its first 30 s.
      await clock.advanceBy(20_000, () => h.settle());
      await poll();
      await clock.advanceBy(20_000, () => h.settle());
      expect(await steal()).toBe(false);
      // This process stalls past its lease (no poll ran) and another takes the room.
      await clock.advanceBy(31_000, () => h.settle());
      expect(await steal()).toBe(true);
      await poll();
      await until(() => h.runtime.sessions.status(h.roomKey) === null);
    } finally {
      await h.runtime.stop();
      await other.close();
    }
  });
});
