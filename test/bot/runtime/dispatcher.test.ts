import { describe, expect, it, vi } from "vitest";
import { Dispatcher, type DispatcherOptions } from "../../../src/bot/dispatcher.ts";
import { MemoryLogger } from "../../../src/bot/log.ts";
import type { ChatPlatform, Delivery, DeliveryResult } from "../../../src/bot/ports.ts";
import { Scheduler, SimulatedClock } from "../../../src/bot/scheduler.ts";
import { MemoryStore, type OutboxEntry, type Store } from "../../../src/bot/store.ts";
import { RecordingPlatform } from "../../support/recording-platform.ts";
import { WatchedClock } from "./harness.ts";
import { err, ok } from "../../../src/result.ts";

function say(key: string, roomId: string): Delivery {
  return { idempotencyKey: key, roomId, audience: { to: "room" }, kind: "say", body: [{ text: key }] };
}

/** Commits one say delivery per item, as a step would; returns the outbox entries. */
async function fill(
  store: MemoryStore,
  items: [room: string, key: string, platform?: string][],
): Promise<OutboxEntry[]> {
  const entries: OutboxEntry[] = [];
  for (const [room, key, platform = "test"] of items) {
    const { id } = await store.appendInbox(`test:${room}`, `ev-${key}`, {
      source: "timer",
      sessionId: "x",
      at: 0,
    });
    const { outbox } = await store.commit({
      inboxId: id,
      deliveries: [{ roomKey: `test:${room}`, sessionId: null, platform, delivery: say(key, room) }],
    });
    entries.push(...outbox);
  }
  return entries;
}

/** Commits these deliveries of room `room` in one step of session `sessionId`; returns the entries. */
async function commitTo(
  store: MemoryStore,
  room: string,
  sessionId: string | null,
  deliveries: Delivery[],
): Promise<readonly OutboxEntry[]> {
  const { id } = await store.appendInbox(
    `test:${room}`,
    `ev-${deliveries.map((x) => x.idempotencyKey).join()}`,
    {
      source: "timer",
      sessionId: "x",
      at: 0,
    },
  );
  const { outbox } = await store.commit({
    inboxId: id,
    deliveries: deliveries.map((delivery) => ({
      roomKey: `test:${room}`,
      sessionId,
      platform: "test",
      delivery,
    })),
  });
  return outbox;
}

/** A room post showing contribution `ref` (the platform answers with its message ids). */
function post(key: string, ref: number): Delivery {
  return {
    idempotencyKey: key,
    roomId: "a",
    audience: { to: "room" },
    kind: "say",
    body: [{ text: key }],
    contributionRef: ref,
  };
}

function retract(key: string, ref: number): Delivery {
  return {
    idempotencyKey: key,
    roomId: "a",
    audience: { to: "room" },
    kind: "retract",
    contributionRef: ref,
  };
}

function timer(key: string, deadline: number): Delivery {
  return { idempotencyKey: key, roomId: "a", audience: { to: "room" }, kind: "timer", deadline, body: [] };
}

/** A platform double whose deliver() the test writes. */
function platformDelivering(deliver: ChatPlatform["deliver"]): ChatPlatform {
  return {
    name: "test",
    capabilities: new RecordingPlatform().capabilities,
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    deliver,
  };
}

/**
 * A platform that holds the delivery keyed `held` until `release` is called: `sending` settles
 * once that delivery has reached it. Every delivery ends up in `recording`.
 */
function holding(held: string): {
  platform: ChatPlatform;
  recording: RecordingPlatform;
  sending: Promise<void>;
  release: () => void;
} {
  const recording = new RecordingPlatform({ name: "test" });
  let reached = (): void => undefined;
  const sending = new Promise<void>((resolve) => (reached = resolve));
  let release = (): void => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const platform = platformDelivering(async (delivery) => {
    if (delivery.idempotencyKey === held) {
      reached();
      await released;
    }
    return recording.deliver(delivery);
  });
  return {
    platform,
    recording,
    sending,
    release: () => {
      release();
    },
  };
}

/** A dispatcher for the "test" platform, on a simulated clock at 0 unless told otherwise. */
function dispatcherFor(
  store: Store,
  platform: ChatPlatform,
  options: Partial<DispatcherOptions> = {},
): Dispatcher {
  return new Dispatcher({
    store,
    platforms: new Map([["test", platform]]),
    logger: new MemoryLogger(),
    clock: new SimulatedClock(0),
    ...options,
  });
}

/** The store with some methods replaced: a database that stalls or fails at a chosen moment. */
function intercepting(store: MemoryStore, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get: (target, prop, receiver) =>
      (overrides as Record<string | symbol, unknown>)[prop] ??
      (Reflect.get(target, prop, receiver) as unknown),
  });
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
    const platform = platformDelivering(async (d): Promise<DeliveryResult> => {
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
      return ok();
    });
    const logger = new MemoryLogger();
    const d = dispatcherFor(store, platform, { logger });
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
    const d = dispatcherFor(store, platform, { logger, clock, maxAttempts: 3, backoffMs: 100 });
    d.kick();
    const done = d.idle().then(() => "idle" as const);
    // The next moment the dispatcher waits for on the clock, or "idle" when it waits for nothing.
    const waitsFor = () => Promise.race([clock.armedTimer(), done]);
    expect(await waitsFor()).toBe(1500);
    expect(platform.attempts.length).toBe(1);
    expect(platform.deliveries).toEqual([]);
    // Waiting out a rate limit is not giving up: a crash now would send k1 after the restart.
    expect((await store.pendingOutbox()).map((e) => e.idempotencyKey)).toEqual(["k1", "k2"]);
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

  it("gives up at once on each permanent failure, tells onGiveUp, and says so in the log", async () => {
    const codes = ["missing_permission", "not_found", "too_large", "unsupported"] as const;
    const store = new MemoryStore();
    await fill(store, [...codes.map((c): [string, string] => ["a", c]), ["a", "ok"]]);
    const platform = new RecordingPlatform({ name: "test" });
    platform.failNext(...codes.map((code) => ({ code, message: code })));
    const logger = new MemoryLogger();
    const givenUp: [string, string][] = [];
    const d = dispatcherFor(store, platform, {
      logger,
      onGiveUp: (entry, failure) => givenUp.push([entry.idempotencyKey, failure.code]),
    });
    d.kick();
    await d.idle();
    expect(platform.attempts.map((x) => x.idempotencyKey)).toEqual([...codes, "ok"]);
    expect(givenUp).toEqual(codes.map((c) => [c, c]));
    expect(logger.records.filter((r) => r.level === "error")).toEqual(
      codes.map((code) => ({
        level: "error",
        message: "delivery failed; giving up",
        fields: { key: code, room: "test:a", code, error: code, attempts: 1 },
      })),
    );
    expect(await store.pendingOutbox()).toEqual([]);
  });

  it("by default tries four times with backoff from 1 s doubling, and a rate limit twenty times", async () => {
    const store = new MemoryStore();
    await fill(store, [
      ["a", "flaky"],
      ["a", "limited"],
      ["a", "ok"],
    ]);
    const platform = new RecordingPlatform({ name: "test" });
    const unavailable = { code: "unavailable", message: "503" };
    const slowDown = { code: "rate_limited", message: "slow down", retryAfterMs: 10 };
    platform.failNext(
      ...Array.from({ length: 4 }, () => unavailable),
      ...Array.from({ length: 21 }, () => slowDown),
    );
    const clock = new WatchedClock(0);
    const givenUp: string[] = [];
    const d = dispatcherFor(store, platform, {
      clock,
      onGiveUp: (entry) => givenUp.push(entry.idempotencyKey),
    });
    d.kick();
    const waited = await runOut(clock, d);
    expect(waited.slice(0, 3)).toEqual([1000, 3000, 7000]);
    expect(waited.slice(3)).toEqual(Array.from({ length: 20 }, (_, i) => 7000 + 10 * (i + 1)));
    const attempts = platform.attempts.map((x) => x.idempotencyKey);
    expect(attempts.filter((k) => k === "flaky")).toHaveLength(4);
    expect(attempts.filter((k) => k === "limited")).toHaveLength(21);
    expect(givenUp).toEqual(["flaky", "limited"]);
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["ok"]);
  });

  it("keeps each contribution post's message ids, and a retract takes back exactly its session's posts of it", async () => {
    const store = new MemoryStore();
    await commitTo(store, "a", "s1", [post("p1", 7), post("p2", 8), say("plain", "a"), post("p3", 7)]);
    await commitTo(store, "a", null, [post("q1", 7)]);
    await commitTo(store, "a", "s1", [retract("r1", 7)]);
    // Outside a session there is nothing a retract may take back.
    await commitTo(store, "a", null, [retract("r2", 7)]);
    const platform = new RecordingPlatform({ name: "test" });
    const logger = new MemoryLogger();
    const d = dispatcherFor(store, platform, { logger });
    d.kick();
    await d.idle();
    expect(platform.retracted).toEqual(["msg:p1", "msg:p3"]);
    expect(await store.postedMessages("s1", "test:a", 8)).toEqual(["msg:p2"]);
    expect(logger.records.filter((r) => r.level !== "info")).toEqual([]);
    expect(await store.pendingOutbox()).toEqual([]);
  });

  it("gives a retract up, saying why, when the platform cannot take posts back, refuses one, or a copy may be left", async () => {
    /** Posts p1 and p2 of contribution 7, then retracts it; returns what was given up and taken back. */
    async function hide(
      retractWith: ChatPlatform["retract"] | undefined,
      before?: (store: MemoryStore, posts: readonly OutboxEntry[]) => Promise<void>,
    ) {
      const store = new MemoryStore();
      const posts = await commitTo(store, "a", "s1", [post("p1", 7), post("p2", 7)]);
      await before?.(store, posts);
      await commitTo(store, "a", "s1", [retract("r", 7)]);
      const recording = new RecordingPlatform({ name: "test" });
      const platform: ChatPlatform = {
        ...platformDelivering((delivery) => recording.deliver(delivery)),
        ...(retractWith === undefined ? {} : { retract: retractWith }),
      };
      const logger = new MemoryLogger();
      const givenUp: [string, string][] = [];
      const d = dispatcherFor(store, platform, {
        logger,
        onGiveUp: (entry, failure) => givenUp.push([entry.idempotencyKey, failure.code]),
      });
      d.kick();
      await d.idle();
      const errors = logger.records.filter((r) => r.level === "error").map((r) => r.fields["error"]);
      return { givenUp, errors, pending: await store.pendingOutbox() };
    }
    const cannot = await hide(undefined);
    expect(cannot.givenUp).toEqual([["r", "unsupported"]]);
    expect(cannot.errors).toEqual(["test cannot take posts back"]);
    expect(cannot.pending).toEqual([]);

    const tried: string[] = [];
    const refused = await hide((_room, id) => {
      tried.push(id);
      return Promise.resolve(err({ code: "not_found", message: `${id} is gone` }));
    });
    expect(tried).toEqual(["msg:p1"]);
    expect(refused.givenUp).toEqual([["r", "not_found"]]);
    expect(refused.errors).toEqual(["msg:p1 is gone"]);

    const taken: string[] = [];
    // p2 was being sent when the process crashed: its first copy may be in the room, unknown.
    const interrupted = await hide(
      (_room, id) => {
        taken.push(id);
        return Promise.resolve(ok());
      },
      (store, posts) => store.setCursor("test", `contribution-post:${String(posts[1]?.id)}`, "sending"),
    );
    expect(taken).toEqual(["msg:p1", "msg:p2"]);
    expect(interrupted.givenUp).toEqual([["r", "interrupted"]]);
    expect(interrupted.errors).toEqual(["a post of #7 sent before a restart is unknown"]);
  });

  it("gives up a report it cannot make without sending anything", async () => {
    const store = new MemoryStore();
    const report = (key: string, audience: Delivery["audience"]): Delivery => ({
      idempotencyKey: key,
      roomId: "a",
      audience,
      kind: "report",
      body: [{ text: key }],
      sessionId: "gone",
      format: "html",
      locale: "en",
    });
    await commitTo(store, "a", "gone", [
      report("to-room", { to: "room" }),
      report("no-session", { to: "facilitators", userIds: ["fac"] }),
    ]);
    const platform = new RecordingPlatform({ name: "test" });
    const givenUp: [string, string][] = [];
    const d = dispatcherFor(store, platform, {
      onGiveUp: (entry, failure) => givenUp.push([entry.idempotencyKey, failure.code]),
    });
    d.kick();
    await d.idle();
    expect(givenUp).toEqual([
      ["to-room", "unsupported"],
      ["no-session", "not_found"],
    ]);
    expect(platform.attempts).toEqual([]);
    expect(await store.pendingOutbox()).toEqual([]);
  });

  it("in a room told to wait until its backlog is gone, marks a countdown a later one replaces delivered unsent", async () => {
    const store = new MemoryStore();
    await commitTo(store, "a", "s1", [say("first", "a"), timer("t1", 1000), timer("t2", 2000)]);
    const platform = new RecordingPlatform({ name: "test" });
    platform.failNext({ code: "rate_limited", message: "slow down", retryAfterMs: 10 });
    const clock = new WatchedClock(0);
    const d = dispatcherFor(store, platform, { clock });
    d.kick();
    expect(await runOut(clock, d)).toEqual([10]);
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["first", "t2"]);
    expect(await store.pendingOutbox()).toEqual([]);
    // Its backlog gone, the room sends every entry as it is again.
    d.enqueue(await commitTo(store, "a", "s1", [timer("t3", 3000), timer("t4", 4000)]));
    await d.idle();
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["first", "t2", "t3", "t4"]);
  });

  it("delivers what the store holds for a room before what was handed over directly, each once", async () => {
    const store = new MemoryStore();
    // Left over from before a restart: committed, never handed to this dispatcher.
    await fill(store, [
      ["a", "a1"],
      ["a", "a2"],
    ]);
    const platform = new RecordingPlatform({ name: "test" });
    const d = dispatcherFor(store, platform);
    const outbox = await fill(store, [["a", "a3"]]);
    d.enqueue(outbox);
    d.enqueue(outbox);
    await d.idle();
    // A scan afterwards finds nothing left to send.
    d.kick();
    await d.idle();
    expect(platform.attempts.map((x) => x.idempotencyKey)).toEqual(["a1", "a2", "a3"]);
  });

  it("delivers only for the rooms it owns, and hands a room back when it loses it", async () => {
    const store = new MemoryStore();
    await fill(store, [
      ["a", "a1"],
      ["b", "b1"],
      ["a", "a2"],
      ["a", "a3"],
    ]);
    const owned = new Set(["test:a"]);
    const sent: string[] = [];
    const platform = platformDelivering((delivery) => {
      sent.push(delivery.idempotencyKey);
      // Another process takes room a over while a2 is being sent.
      if (delivery.idempotencyKey === "a2") owned.delete("test:a");
      return Promise.resolve(ok());
    });
    const d = dispatcherFor(store, platform, { ownsRoom: (room) => owned.has(room) });
    d.kick();
    await d.idle();
    expect(sent).toEqual(["a1", "a2"]);
    // Both rooms come (back) to this process: what is left goes out, once.
    owned.add("test:a");
    owned.add("test:b");
    d.kick();
    await d.idle();
    expect(sent.slice(2).sort()).toEqual(["a3", "b1"]);
    d.kick();
    await d.idle();
    expect(sent).toHaveLength(4);
    expect(await store.pendingOutbox()).toEqual([]);
  });

  it("retries a delivery whose platform threw, gives up on one with no platform, and records and logs why", async () => {
    const memory = new MemoryStore();
    const entries = await fill(memory, [
      ["a", "k1"],
      ["a", "lost", "gone"],
      ["a", "k2"],
    ]);
    const keyOf = (id: number) => entries.find((e) => e.id === id)?.idempotencyKey;
    const recorded: [string | undefined, string, boolean][] = [];
    const store = intercepting(memory, {
      recordAttempt: (id, error, giveUp) => {
        recorded.push([keyOf(id), error, giveUp]);
        return memory.recordAttempt(id, error, giveUp);
      },
    });
    const recording = new RecordingPlatform({ name: "test" });
    recording.failNext({ code: "rate_limited", message: "slow down", retryAfterMs: 50 });
    let thrown = false;
    const platform = platformDelivering((d) => {
      if (!thrown) {
        thrown = true;
        throw new Error("adapter bug");
      }
      return recording.deliver(d);
    });
    const clock = new WatchedClock(0);
    const logger = new MemoryLogger();
    const d = dispatcherFor(store, platform, { logger, clock, backoffMs: 100 });
    d.kick();
    expect(await runOut(clock, d)).toEqual([100, 150]);
    expect(recording.deliveries.map((x) => x.idempotencyKey)).toEqual(["k1", "k2"]);
    expect(recorded).toEqual([
      ["k1", "unavailable: adapter bug", false],
      ["k1", "rate_limited: slow down", false],
      ["lost", "no platform gone", true],
    ]);
    const errors = logger.records.filter((r) => r.level === "error");
    expect(errors.map((r) => [r.message, r.fields["key"]])).toEqual([
      ["platform threw while delivering", "k1"],
      ["delivery has no platform", "lost"],
    ]);
    const warnings = logger.records.filter((r) => r.level === "warn");
    expect(warnings.map((r) => [r.message, r.fields["key"], r.fields["code"], r.fields["error"]])).toEqual([
      ["delivery failed; retrying", "k1", "unavailable", "adapter bug"],
      ["delivery rate limited; retrying", "k1", "rate_limited", "slow down"],
    ]);
    expect(await memory.pendingOutbox()).toEqual([]);
  });

  it("sends nothing a forget-me dropped, except the delivery already being sent", async () => {
    const memory = new MemoryStore();
    const entries = await fill(memory, [
      ["a", "a1"],
      ["a", "a2"],
      ["a", "a3"],
    ]);
    // a1 is held until the forget has been handed over.
    const { platform, recording, sending, release } = holding("a1");
    const d = dispatcherFor(memory, platform);
    d.enqueue(entries);
    await sending;
    const ids = (keys: string[]) => entries.filter((e) => keys.includes(e.idempotencyKey)).map((e) => e.id);
    d.drop([]);
    d.drop(ids(["a1", "a2"]));
    release();
    await d.idle();
    expect(recording.deliveries.map((x) => x.idempotencyKey)).toEqual(["a1", "a3"]);
  });

  it("a room it comes to own sends what the store held for it before what is handed over", async () => {
    const store = new MemoryStore();
    const owned = new Set(["test:a"]);
    const platform = new RecordingPlatform({ name: "test" });
    const d = dispatcherFor(store, platform, { ownsRoom: (room) => owned.has(room) });
    await fill(store, [["b", "b1"]]);
    // A scan while room b belongs to another process leaves b1 alone.
    d.kick();
    await d.idle();
    owned.add("test:b");
    d.enqueue(await fill(store, [["b", "b2"]]));
    await d.idle();
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["b1", "b2"]);
  });

  it("a room it lost and comes to own again sends what the store still held before what is handed over", async () => {
    const store = new MemoryStore();
    const owned = new Set(["test:a"]);
    const sent: string[] = [];
    const platform = platformDelivering((delivery) => {
      sent.push(delivery.idempotencyKey);
      // Another process takes room a over while a1 is being sent: a2 is left to it.
      if (delivery.idempotencyKey === "a1") owned.delete("test:a");
      return Promise.resolve(ok());
    });
    const d = dispatcherFor(store, platform, { ownsRoom: (room) => owned.has(room) });
    d.enqueue(
      await fill(store, [
        ["a", "a1"],
        ["a", "a2"],
      ]),
    );
    await d.idle();
    expect(sent).toEqual(["a1"]);
    // The room comes back; a2 was never delivered, and no scan has run since.
    owned.add("test:a");
    d.enqueue(await fill(store, [["a", "a3"]]));
    await d.idle();
    expect(sent).toEqual(["a1", "a2", "a3"]);
  });

  it("a worker sending when stopped sends nothing after that delivery", async () => {
    const store = new MemoryStore();
    await fill(store, [
      ["a", "a1"],
      ["a", "a2"],
    ]);
    const { platform, recording, sending, release } = holding("a1");
    const d = dispatcherFor(store, platform);
    d.kick();
    await sending;
    await d.stop(10);
    release();
    await d.idle();
    expect(recording.deliveries.map((x) => x.idempotencyKey)).toEqual(["a1"]);
  });

  it("after stop, takes nothing more", async () => {
    const store = new MemoryStore();
    const platform = new RecordingPlatform({ name: "test" });
    const d = dispatcherFor(store, platform);
    await d.stop(1000);
    await fill(store, [["a", "late"]]);
    d.enqueue(await store.pendingOutbox());
    d.kick();
    await d.idle();
    expect(platform.attempts).toEqual([]);
  });

  it("stop sends what the store holds that was never handed over, then leaves no timer running", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const store = new MemoryStore();
      // Committed, but neither handed over nor found by a scan yet.
      await fill(store, [["a", "left"]]);
      const platform = new RecordingPlatform({ name: "test" });
      const d = dispatcherFor(store, platform);
      await d.stop(60_000);
      expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["left"]);
      expect(await store.pendingOutbox()).toEqual([]);
      // Its bound on waiting is cancelled: a stopped process is not kept alive for a minute.
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("records message ids only of a contribution post the platform gave ids for", async () => {
    const memory = new MemoryStore();
    const recorded: [number, readonly string[]][] = [];
    const store = intercepting(memory, {
      recordPosted: (id, ids) => {
        recorded.push([id, ids]);
        return memory.recordPosted(id, ids);
      },
    });
    const entries = await commitTo(memory, "a", "s1", [
      say("plain", "a"),
      post("with-ids", 7),
      post("no-ids", 8),
      post("no-answer", 9),
    ]);
    const keyOf = (id: number) => entries.find((e) => e.id === id)?.idempotencyKey;
    // This platform answers every post with its message id, but for the two it cannot tell.
    const platform = platformDelivering((delivery) =>
      Promise.resolve(
        delivery.idempotencyKey === "no-answer"
          ? ok()
          : ok({
              messageIds: delivery.idempotencyKey === "no-ids" ? [] : [`msg:${delivery.idempotencyKey}`],
            }),
      ),
    );
    const d = dispatcherFor(store, platform);
    d.kick();
    await d.idle();
    expect(recorded.map(([id, ids]) => [keyOf(id), ids])).toEqual([["with-ids", ["msg:with-ids"]]]);
    expect(await memory.pendingOutbox()).toEqual([]);
  });

  it("scans again when asked during a scan, and logs a store that fails while it reads or marks", async () => {
    const memory = new MemoryStore();
    await fill(memory, [["a", "k1"]]);
    // The database stalls after the first scan read (a second entry is committed meanwhile), then
    // fails one read and one write.
    const stalls: (() => void)[] = [];
    const stalled = new Promise<void>((resolve) => stalls.push(resolve));
    let reads = 0;
    let failMark = true;
    const store = intercepting(memory, {
      pendingOutbox: async (room) => {
        reads += 1;
        if (reads === 2) throw new Error("database went away");
        const pending = await memory.pendingOutbox(room);
        if (reads === 1) await stalled;
        return pending;
      },
      markDelivered: (ids) => {
        if (failMark) {
          failMark = false;
          return Promise.reject(new Error("disk full"));
        }
        return memory.markDelivered(ids);
      },
    });
    const platform = new RecordingPlatform({ name: "test" });
    const logger = new MemoryLogger();
    const d = dispatcherFor(store, platform, { logger });
    d.kick();
    await fill(memory, [["a", "k2"]]);
    d.kick();
    for (const go of stalls) go();
    await d.idle();
    // The second read failed; a third finds k2.
    d.kick();
    await d.idle();
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["k1", "k2"]);
    expect(
      logger.records.filter((r) => r.level === "error").map((r) => [r.message, String(r.fields["err"])]),
    ).toEqual([
      ["outbox scan failed", "Error: database went away"],
      ["cannot mark deliveries as delivered", "Error: disk full"],
    ]);
    expect(await memory.pendingOutbox()).toEqual([]);
  });

  it("a worker whose store read fails is logged and started again", async () => {
    const memory = new MemoryStore();
    let failed = false;
    const store = intercepting(memory, {
      pendingOutbox: (room) => {
        if (!failed) {
          failed = true;
          return Promise.reject(new Error("database went away"));
        }
        return memory.pendingOutbox(room);
      },
    });
    const platform = new RecordingPlatform({ name: "test" });
    const logger = new MemoryLogger();
    const d = dispatcherFor(store, platform, { logger });
    d.enqueue(await fill(memory, [["a", "a1"]]));
    await d.idle();
    expect(logger.records.map((r) => [r.message, r.fields["room"], String(r.fields["err"])])).toEqual([
      ["outbox worker failed", "test:a", "Error: database went away"],
    ]);
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["a1"]);
  });

  it("marks each delivery delivered while the next one is still being sent, without waiting for idle", async () => {
    const memory = new MemoryStore();
    await fill(memory, [
      ["a", "a1"],
      ["a", "a2"],
      ["a", "a3"],
    ]);
    const marked: number[] = [];
    const markSeen: (() => void)[] = [];
    const store = intercepting(memory, {
      markDelivered: async (ids) => {
        await memory.markDelivered(ids);
        marked.push(...(typeof ids === "number" ? [ids] : ids));
        for (const seen of markSeen.splice(0)) seen();
      },
    });
    const release: (() => void)[] = [];
    const recording = new RecordingPlatform({ name: "test" });
    const platform = platformDelivering(async (delivery) => {
      // a2 goes out once a1's mark is written, so its mark is another write; a3 is held until the
      // test has seen a1 and a2 marked.
      if (delivery.idempotencyKey === "a2")
        while (marked.length < 1) await new Promise<void>((resolve) => markSeen.push(resolve));
      if (delivery.idempotencyKey === "a3") await new Promise<void>((resolve) => release.push(resolve));
      return recording.deliver(delivery);
    });
    const d = dispatcherFor(store, platform);
    d.kick();
    while (marked.length < 2) await new Promise<void>((resolve) => markSeen.push(resolve));
    expect((await memory.pendingOutbox()).map((e) => e.idempotencyKey)).toEqual(["a3"]);
    for (const go of release.splice(0)) go();
    await d.idle();
    expect(await memory.pendingOutbox()).toEqual([]);
  });

  it("idle returns when the store cannot take the marks, and a later idle writes them", async () => {
    const memory = new MemoryStore();
    await fill(memory, [["a", "a1"]]);
    let failing = true;
    const store = intercepting(memory, {
      markDelivered: (ids) => (failing ? Promise.reject(new Error("disk full")) : memory.markDelivered(ids)),
    });
    const platform = new RecordingPlatform({ name: "test" });
    const d = dispatcherFor(store, platform);
    d.kick();
    await d.idle();
    expect((await memory.pendingOutbox()).map((e) => e.idempotencyKey)).toEqual(["a1"]);
    failing = false;
    await d.idle();
    expect(await memory.pendingOutbox()).toEqual([]);
    expect(platform.attempts.map((x) => x.idempotencyKey)).toEqual(["a1"]);
  });

  it("idle waits for what is handed over while the marks are being written", async () => {
    const memory = new MemoryStore();
    await fill(memory, [["a", "a1"]]);
    let handedOver: Promise<void> | null = null;
    const store = intercepting(memory, {
      markDelivered: async (ids) => {
        await memory.markDelivered(ids);
        // A step commits and hands b1 over while a1's mark is being written.
        handedOver ??= fill(memory, [["b", "b1"]]).then((outbox) => {
          d.enqueue(outbox);
        });
        await handedOver;
      },
    });
    const platform = new RecordingPlatform({ name: "test" });
    const d = dispatcherFor(store, platform);
    d.kick();
    await d.idle();
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["a1", "b1"]);
    expect(await memory.pendingOutbox()).toEqual([]);
  });

  it("idle waits for the mark of a delivery handed over and sent while the marks were being written", async () => {
    const memory = new MemoryStore();
    await fill(memory, [["a", "a1"]]);
    let writing = (): void => undefined;
    const a1Writing = new Promise<void>((resolve) => (writing = resolve));
    let handedOver = false;
    const store = intercepting(memory, {
      markDelivered: async (ids) => {
        // The write takes until the next turn of the event loop (as SQLite's batched writes do).
        const written = new Promise((resolve) => setImmediate(resolve));
        if (!handedOver) {
          handedOver = true;
          writing();
          // Meanwhile a step commits a2 and hands it over, and it is sent.
          d.enqueue(await fill(memory, [["a", "a2"]]));
        }
        await written;
        await memory.markDelivered(ids);
      },
    });
    const platform = new RecordingPlatform({ name: "test" });
    const d = dispatcherFor(store, platform);
    d.kick();
    await a1Writing;
    await d.idle();
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["a1", "a2"]);
    expect(await memory.pendingOutbox()).toEqual([]);
  });

  it("idle waits for a scan asked for while the marks are being written, and for one asked for during it", async () => {
    const memory = new MemoryStore();
    await fill(memory, [["a", "a1"]]);
    let scans = 0;
    let kicked = false;
    const store = intercepting(memory, {
      pendingOutbox: async (room) => {
        const pending = await memory.pendingOutbox(room);
        // The second scan has read the store when b1 is committed: a third is asked for.
        if (room === undefined && ++scans === 2) {
          await fill(memory, [["b", "b1"]]);
          d.kick();
        }
        return pending;
      },
      markDelivered: async (ids) => {
        await memory.markDelivered(ids);
        // A poll asks for a scan while a1's mark is being written.
        if (!kicked) d.kick();
        kicked = true;
      },
    });
    const platform = new RecordingPlatform({ name: "test" });
    const d = dispatcherFor(store, platform);
    d.kick();
    await d.idle();
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["a1", "b1"]);
    expect(await memory.pendingOutbox()).toEqual([]);
  });

  it("stops waiting out a rate limit or a backoff when stopped, and stop is bounded by its timeout", async () => {
    const store = new MemoryStore();
    await fill(store, [
      ["a", "k1"],
      ["b", "stuck"],
      ["c", "c1"],
    ]);
    const recording = new RecordingPlatform({ name: "test" });
    recording.failNext(
      { code: "rate_limited", message: "slow down", retryAfterMs: 1500 },
      { code: "unavailable", message: "503" },
    );
    const platform = platformDelivering(
      /* Room b's platform call never returns. */ (d) =>
        d.roomId === "b" ? new Promise<DeliveryResult>(() => undefined) : recording.deliver(d),
    );
    const clock = new WatchedClock(0);
    const d = dispatcherFor(store, platform, { clock, backoffMs: 1000 });
    d.kick();
    // k1 waits out the rate limit, c1 its first backoff.
    await clock.armedAt(1500);
    await clock.armedAt(1000);
    await d.stop(10);
    await clock.advanceTo(1500);
    // One turn of the event loop: whatever the woken workers do without I/O has happened.
    await new Promise((resolve) => setImmediate(resolve));
    expect(recording.attempts.map((x) => x.idempotencyKey)).toEqual(["k1", "c1"]);
    // None was delivered: all are still to be sent after a restart.
    expect((await store.pendingOutbox()).map((e) => e.idempotencyKey)).toEqual(["k1", "stuck", "c1"]);
  });
});

/** Moves the clock to each moment the dispatcher waits for, until it is idle; returns those moments. */
async function runOut(clock: WatchedClock, d: Dispatcher): Promise<number[]> {
  const done = d.idle().then(() => null);
  const waited: number[] = [];
  for (;;) {
    const at = await Promise.race([clock.armedTimer(), done]);
    if (at === null) return waited;
    waited.push(at);
    await clock.advanceTo(at);
  }
}

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
