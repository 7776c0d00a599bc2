// Issue 19: a room the platform told to wait sends its backlog without the countdowns and floors a
// later entry makes needless; a room that was never told to wait sends every entry as it is.
import { describe, expect, it } from "vitest";
import { Dispatcher } from "../../../src/bot/dispatcher.ts";
import { MemoryLogger } from "../../../src/bot/log.ts";
import type { Delivery } from "../../../src/bot/ports.ts";
import { MemoryStore } from "../../../src/bot/store.ts";
import { RecordingPlatform } from "../../support/recording-platform.ts";
import { WatchedClock } from "./harness.ts";

type Room = { readonly to: "room" };
const room: Room = { to: "room" };

/** One room's backlog: a post, then countdowns and floors that later ones replace, then more. */
function backlog(roomId: string): Delivery[] {
  const base = { roomId, audience: room };
  const k = (name: string) => `${roomId}-${name}`;
  return [
    { ...base, idempotencyKey: k("say1"), kind: "say", body: [{ text: "It is amal's turn." }] },
    { ...base, idempotencyKey: k("timer1"), kind: "timer", deadline: 10_000, body: [] },
    { ...base, idempotencyKey: k("floor1"), kind: "floor", holders: ["amal"] },
    // A private countdown is another audience's: the room's next countdown does not replace it.
    {
      ...base,
      audience: { to: "user", userId: "ben" },
      idempotencyKey: k("timer-ben"),
      kind: "timer",
      deadline: 5_000,
      body: [],
    },
    // Sent although another countdown follows: a post comes between, which it shows on.
    { ...base, idempotencyKey: k("timer2"), kind: "timer", deadline: 20_000, body: [] },
    { ...base, idempotencyKey: k("floor2"), kind: "floor", holders: ["ben"] },
    { ...base, idempotencyKey: k("say2"), kind: "say", body: [{ text: "It is ben's turn." }] },
    { ...base, idempotencyKey: k("timer3"), kind: "timer", deadline: 30_000, body: [] },
    { ...base, idempotencyKey: k("timer4"), kind: "timer", deadline: null, body: [] },
  ];
}

async function commit(store: MemoryStore, deliveries: readonly Delivery[]): Promise<void> {
  for (const delivery of deliveries) {
    const { id } = await store.appendInbox(`test:${delivery.roomId}`, `ev-${delivery.idempotencyKey}`, {
      source: "timer",
      sessionId: "x",
      at: 0,
    });
    await store.commit({
      inboxId: id,
      deliveries: [{ roomKey: `test:${delivery.roomId}`, sessionId: null, platform: "test", delivery }],
    });
  }
}

describe("a rate-limited room's backlog", () => {
  it("skips countdowns and floors a later one replaces, only in a room told to wait", async () => {
    const store = new MemoryStore();
    await commit(store, [...backlog("a"), ...backlog("b")]);
    const platform = new RecordingPlatform({ name: "test" });
    // Room a's first post is refused with a rate limit; room b is never limited.
    platform.failNext({ code: "rate_limited", message: "slow down", retryAfterMs: 1000 });
    const clock = new WatchedClock(0);
    const d = new Dispatcher({
      store,
      platforms: new Map([["test", platform]]),
      logger: new MemoryLogger(),
      clock,
    });
    d.kick();
    expect(await clock.armedTimer()).toBe(1000);
    await clock.advanceTo(1000);
    await d.idle();
    const sent = (r: string) =>
      platform.deliveries.filter((x) => x.roomId === r).map((x) => x.idempotencyKey.slice(2));
    expect(sent("a")).toEqual(["say1", "timer-ben", "timer2", "floor2", "say2", "timer4"]);
    expect(sent("b")).toEqual(backlog("b").map((x) => x.idempotencyKey.slice(2)));
    // What was skipped counts as delivered: nothing is sent again after a restart.
    expect(await store.pendingOutbox()).toEqual([]);
  });
});
