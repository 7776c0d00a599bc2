import { describe, expect, it } from "vitest";
import { Dispatcher } from "../../../src/bot/dispatcher.ts";
import { MemoryLogger } from "../../../src/bot/log.ts";
import type { ChatPlatform, Delivery, DeliveryResult } from "../../../src/bot/ports.ts";
import { Scheduler, SimulatedClock } from "../../../src/bot/scheduler.ts";
import { MemoryStore } from "../../../src/bot/store.ts";
import { RecordingPlatform } from "../../support/recording-platform.ts";
import { WatchedClock } from "./harness.ts";

function say(key: string, roomId: string): Delivery {
  return { idempotencyKey: key, roomId, audience: { to: "room" }, kind: "say", body: [{ text: key }] };
}

async function fill(store: MemoryStore, items: [room: string, key: string][]): Promise<void> {
  for (const [room, key] of items) {
    const { id } = await store.appendInbox(`test:${room}`, `ev-${key}`, {
      source: "timer",
      sessionId: "x",
      at: 0,
    });
    await store.commit({
      inboxId: id,
      deliveries: [{ roomKey: `test:${room}`, sessionId: null, platform: "test", delivery: say(key, room) }],
    });
  }
}

describe("Dispatcher", () => {
  it("delivers in order per room with one delivery in flight per room, rooms in parallel", async () => {
    const store = new MemoryStore();
    await fill(store, [
      ["a", "a1"],
      ["b", "b1"],
      ["a", "a2"],
      ["b", "b2"],
      ["a", "a3"],
    ]);
    const inFlight = new Map<string, number>();
    let maxPerRoom = 0;
    let maxOverall = 0;
    const order: string[] = [];
    const platform: ChatPlatform = {
      name: "test",
      capabilities: new RecordingPlatform().capabilities,
      start: () => Promise.resolve(),
      stop: () => Promise.resolve(),
      deliver: async (d): Promise<DeliveryResult> => {
        inFlight.set(d.roomId, (inFlight.get(d.roomId) ?? 0) + 1);
        maxPerRoom = Math.max(maxPerRoom, ...inFlight.values());
        maxOverall = Math.max(
          maxOverall,
          [...inFlight.values()].reduce((x, y) => x + y, 0),
        );
        // Hold each delivery for a turn of the event loop, so a second room's worker (and a
        // second delivery of the same room, were it allowed) would start meanwhile.
        await new Promise<void>((resolve) => setImmediate(resolve));
        inFlight.set(d.roomId, (inFlight.get(d.roomId) ?? 1) - 1);
        order.push(d.idempotencyKey);
        return { ok: true };
      },
    };
    const logger = new MemoryLogger();
    const d = new Dispatcher({
      store,
      platforms: new Map([["test", platform]]),
      logger,
      clock: new SimulatedClock(0),
    });
    d.kick();
    await d.idle();
    expect(order.filter((k) => k.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
    expect(order.filter((k) => k.startsWith("b"))).toEqual(["b1", "b2"]);
    expect(maxPerRoom).toBe(1);
    expect(maxOverall).toBe(2);
    expect(await store.pendingOutbox()).toEqual([]);
  });

  it("waits retryAfterMs on rate limits, retries other failures a bounded number of times and logs them", async () => {
    const store = new MemoryStore();
    await fill(store, [
      ["a", "k1"],
      ["a", "k2"],
    ]);
    const platform = new RecordingPlatform({ name: "test" });
    platform.failNext(
      { code: "rate_limited", message: "slow down", retryAfterMs: 1500 },
      { code: "unavailable", message: "503" },
      { code: "unavailable", message: "503" },
      { code: "unavailable", message: "503" },
    );
    const clock = new WatchedClock(0);
    const logger = new MemoryLogger();
    const d = new Dispatcher({
      store,
      platforms: new Map([["test", platform]]),
      logger,
      clock,
      maxAttempts: 3,
      backoffMs: 100,
    });
    d.kick();
    const done = d.idle().then(() => "idle" as const);
    // The next moment the dispatcher waits for on the clock, or "idle" when it waits for nothing.
    const waitsFor = () => Promise.race([clock.armedTimer(), done]);
    expect(await waitsFor()).toBe(1500);
    expect(platform.attempts.length).toBe(1);
    expect(platform.deliveries).toEqual([]);
    // Not before the rate limit's retry-after has passed.
    await clock.advanceTo(1499);
    expect(platform.attempts.length).toBe(1);
    await clock.advanceTo(1500);
    // Then backoff doubles: 100 ms, 200 ms.
    expect(await waitsFor()).toBe(1600);
    expect(platform.attempts.length).toBe(2);
    await clock.advanceTo(1600);
    expect(await waitsFor()).toBe(1800);
    await clock.advanceTo(1800);
    expect(await waitsFor()).toBe("idle");
    // k1: rate limited, then 3 "unavailable" → given up after 3 attempts; k2 delivered afterwards.
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["k2"]);
    expect(logger.records.some((r) => r.level === "error" && r.fields["key"] === "k1")).toBe(true);
    expect(logger.records.filter((r) => r.level === "warn").length).toBe(3);
    expect(await store.pendingOutbox()).toEqual([]);
  });

  it("gives up at once on permanent failures and says so in the log", async () => {
    const store = new MemoryStore();
    await fill(store, [
      ["a", "k1"],
      ["a", "k2"],
    ]);
    const platform = new RecordingPlatform({ name: "test" });
    platform.failNext({ code: "missing_permission", message: "cannot post" });
    const logger = new MemoryLogger();
    const d = new Dispatcher({
      store,
      platforms: new Map([["test", platform]]),
      logger,
      clock: new SimulatedClock(0),
    });
    d.kick();
    await d.idle();
    expect(platform.attempts.map((x) => x.idempotencyKey)).toEqual(["k1", "k2"]);
    expect(logger.records.find((r) => r.level === "error")?.fields["code"]).toBe("missing_permission");
  });
});

describe("Scheduler", () => {
  it("keeps one deadline per session and fires it on the clock", async () => {
    const clock = new SimulatedClock(1000);
    const fired: [string, number][] = [];
    const s = new Scheduler(clock, (session, _room, deadline) => fired.push([session, deadline]));
    s.arm("s1", "r", 5000);
    s.arm("s1", "r", 7000); // moved (e.g. extend)
    s.arm("s2", "r", 3000);
    s.arm("s3", "r", 4000);
    s.arm("s3", "r", null); // cleared (e.g. pause)
    await clock.advanceTo(6000);
    expect(fired).toEqual([["s2", 3000]]);
    await clock.advanceTo(7000);
    expect(fired).toEqual([
      ["s2", 3000],
      ["s1", 7000],
    ]);
    expect(clock.now()).toBe(7000);
  });
});
