// The performance paths keep the store's guarantees: writes asked for together (group commit)
// still succeed or fail one by one, a commit hands back the outbox entries it wrote, the
// dispatcher delivers entries left from before a restart before those handed to it directly,
// and the flow library's cache notices a changed file.
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Dispatcher } from "../../../src/bot/dispatcher.ts";
import { loadFlow, builtinFlowsDir } from "../../../src/bot/flow-library.ts";
import { MemoryLogger } from "../../../src/bot/log.ts";
import type { Delivery } from "../../../src/bot/ports.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { DatabaseSync } from "node:sqlite";
import {
  DuplicateEventError,
  MemoryStore,
  PostgresStore,
  SqliteStore,
  type InboxPayload,
  type Store,
} from "../../../src/bot/store.ts";
import { pgUrl } from "./dump.ts";
import { RecordingPlatform } from "../../support/recording-platform.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-batching-"));
const opened: Store[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
  rmSync(tmp, { recursive: true, force: true });
});

const timer: InboxPayload = { source: "timer", sessionId: "x", at: 0 };
const say = (key: string): Delivery => ({
  idempotencyKey: key,
  roomId: "a",
  audience: { to: "room" },
  kind: "say",
  body: [{ text: key }],
});

const kinds: [string, () => Store][] = [
  ["MemoryStore", () => new MemoryStore()],
  ["SqliteStore", () => new SqliteStore(join(tmp, `s-${opened.length}.sqlite`))],
];

describe.each(kinds)("%s", (_name, make) => {
  const open = (): Store => {
    const s = make();
    opened.push(s);
    return s;
  };

  it("commits steps asked for together one by one: a failing step fails alone", async () => {
    const s = open();
    const [a, b] = await Promise.all([
      s.appendInbox("test:a", "e1", timer),
      s.appendInbox("test:b", "e2", timer),
    ]);
    await s.commit({ inboxId: a.id, deliveries: [] });
    const results = await Promise.allSettled([
      // Already processed: must fail without taking the other step with it.
      s.commit({
        inboxId: a.id,
        deliveries: [{ roomKey: "test:a", sessionId: null, platform: "test", delivery: say("k0") }],
      }),
      s.commit({
        inboxId: b.id,
        deliveries: [{ roomKey: "test:b", sessionId: null, platform: "test", delivery: say("k1") }],
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
    const [, committed] = results;
    expect(
      committed.status === "fulfilled" ? committed.value.outbox.map((o) => o.idempotencyKey) : [],
    ).toEqual(["k1"]);
    expect((await s.pendingOutbox()).map((o) => o.idempotencyKey)).toEqual(["k1"]);
    expect(await s.unprocessedInbox()).toEqual([]);
  });

  it("returns the outbox entries it wrote, finds pending ones per room and marks several at once", async () => {
    const s = open();
    const ids: number[] = [];
    for (const [room, key] of [
      ["a", "a1"],
      ["b", "b1"],
      ["a", "a2"],
    ] as const) {
      const { id } = await s.appendInbox(`test:${room}`, `ev-${key}`, timer);
      const { outbox } = await s.commit({
        inboxId: id,
        deliveries: [{ roomKey: `test:${room}`, sessionId: null, platform: "test", delivery: say(key) }],
      });
      expect(outbox.map((o) => [o.roomKey, o.idempotencyKey, o.attempts])).toEqual([
        [`test:${room}`, key, 0],
      ]);
      ids.push(outbox[0]?.id ?? -1);
    }
    expect((await s.pendingOutbox("test:a")).map((o) => o.idempotencyKey)).toEqual(["a1", "a2"]);
    await s.markDelivered([ids[0] ?? -1, ids[1] ?? -1]);
    expect((await s.pendingOutbox()).map((o) => o.idempotencyKey)).toEqual(["a2"]);
    expect((await s.deliveredOutbox("test:a")).map((d) => d.idempotencyKey)).toEqual(["a1"]);
  });

  it("delivers what was left undelivered before entries handed over directly, in order", async () => {
    const s = open();
    for (const key of ["k1", "k2"]) {
      const { id } = await s.appendInbox("test:a", `ev-${key}`, timer);
      await s.commit({
        inboxId: id,
        deliveries: [{ roomKey: "test:a", sessionId: null, platform: "test", delivery: say(key) }],
      });
    }
    // A restarted process: its dispatcher has seen none of these, and a new step commits k3.
    const platform = new RecordingPlatform({ name: "test" });
    const d = new Dispatcher({
      store: s,
      platforms: new Map([["test", platform]]),
      logger: new MemoryLogger(),
      clock: new SimulatedClock(0),
    });
    const { id } = await s.appendInbox("test:a", "ev-k3", timer);
    const { outbox } = await s.commit({
      inboxId: id,
      deliveries: [{ roomKey: "test:a", sessionId: null, platform: "test", delivery: say("k3") }],
    });
    d.enqueue(outbox);
    d.kick();
    d.enqueue(outbox);
    await d.idle();
    expect(platform.deliveries.map((x) => x.idempotencyKey)).toEqual(["k1", "k2", "k3"]);
    expect(await s.pendingOutbox()).toEqual([]);
  });
});

describe("SqliteStore: an entry appended with its step", () => {
  it("is written processed in the step's transaction; a repeated event id fails alone and writes nothing", async () => {
    const s = new SqliteStore(join(tmp, `append-${opened.length}.sqlite`));
    opened.push(s);
    expect(await s.knowsEvent("e1")).toBe(false);
    const reply = (key: string) => ({
      roomKey: "test:a",
      sessionId: null,
      platform: "test",
      delivery: say(key),
    });
    const deliveries = [reply("k1")];
    const append = { roomKey: "test:a", eventId: "e1", payload: timer };
    const [first, again] = await Promise.allSettled([
      s.commit({ inboxId: 0, append, deliveries }),
      s.commit({ inboxId: 0, append, deliveries: [reply("k2")] }),
    ]);
    expect(first.status).toBe("fulfilled");
    expect(again.status === "rejected" ? again.reason : null).toBeInstanceOf(DuplicateEventError);
    expect(await s.knowsEvent("e1")).toBe(true);
    expect(await s.unprocessedInbox()).toEqual([]);
    expect((await s.pendingOutbox()).map((o) => o.idempotencyKey)).toEqual(["k1"]);
    // Appended as usual, the same event id is a duplicate.
    expect((await s.appendInbox("test:a", "e1", timer)).duplicate).toBe(true);
    // A payload the step discards is never written.
    await s.commit({
      inboxId: 0,
      append: { ...append, eventId: "e2" },
      discardPayload: true,
      deliveries: [],
    });
    const db = new DatabaseSync(s.path, { readOnly: true });
    const rows = db.prepare("SELECT event_id, payload, processed FROM inbox ORDER BY id").all();
    db.close();
    expect(
      rows.map((r) => [r["event_id"], JSON.parse(String(r["payload"])) as unknown, r["processed"]]),
    ).toEqual([
      ["e1", timer, 1],
      ["e2", { source: "gone" }, 1],
    ]);
  });
});

describe("flow library cache", () => {
  it("parses a flow once while its file is unchanged and again when it changes", async () => {
    const source = readFileSync(join(builtinFlowsDir, "perspective-exchange.yaml"), "utf8");
    const file = join(tmp, "mine.yaml");
    writeFileSync(file, source);
    const first = await loadFlow(file);
    const second = await loadFlow(file);
    if (!first.ok || !second.ok) throw new Error("flow should load");
    expect(second.value.spec).toBe(first.value.spec);
    expect(Object.isFrozen(first.value.spec)).toBe(true);
    writeFileSync(file, source.replace(/^id: .*$/m, "id: mine-changed"));
    const third = await loadFlow(file);
    if (!third.ok) throw new Error("changed flow should load");
    expect(third.value.spec.id).toBe("mine-changed");
  });
});

describe("PostgresStore group commit", () => {
  const schema = `t_batching_${process.pid}_${Date.now()}`;
  afterAll(async () => {
    await PostgresStore.dropSchema(pgUrl, schema);
  });

  it("writes what was asked for together in one transaction, each step failing alone", async () => {
    const s = await PostgresStore.open({ connectionString: pgUrl, schema });
    opened.push(s);
    const before = s.committedGroups;
    const appended = await Promise.all(["e1", "e2", "e3"].map((e) => s.appendInbox(`test:${e}`, e, timer)));
    // One transaction wrote the three appends.
    expect(s.committedGroups - before).toBe(1);
    const [a, b] = appended;
    await s.commit({ inboxId: a?.id ?? -1, deliveries: [] });
    const results = await Promise.allSettled([
      s.commit({ inboxId: a?.id ?? -1, deliveries: [] }),
      s.commit({
        inboxId: b?.id ?? -1,
        deliveries: [{ roomKey: "test:e2", sessionId: null, platform: "test", delivery: say("k1") }],
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled"]);
    expect((await s.pendingOutbox()).map((o) => o.idempotencyKey)).toEqual(["k1"]);
  });
});
