import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Delivery, InboundEvent } from "../../../src/bot/ports.ts";
import {
  LeaseLostError,
  MemoryStore,
  PostgresStore,
  SqliteStore,
  emptyMeta,
  type Commit,
  type InboxPayload,
  type SessionRecord,
  type Store,
} from "../../../src/bot/store.ts";

import { dumpRows, found, pgUrl, sqliteBytes } from "./dump.ts";

function message(eventId: string, text: string, userId = "u1"): InboxPayload {
  const event: InboundEvent = {
    platform: "console",
    eventId,
    roomId: "console",
    at: 1000,
    sender: { userId, displayName: userId },
    kind: "message",
    text,
  };
  return { source: "platform", event };
}

function say(key: string, text: string): Delivery {
  return { idempotencyKey: key, roomId: "console", audience: { to: "room" }, kind: "say", body: [{ text }] };
}

function session(id: string, over: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id,
    roomKey: "console:console",
    flowId: "f",
    spec: { id: "f" },
    seed: 1,
    locale: "en",
    snapshot: { value: "lobby" },
    meta: emptyMeta,
    seq: 1,
    status: "live",
    createdAt: 1,
    updatedAt: 1,
    endedAt: null,
    ...over,
  };
}

const tmp = mkdtempSync(join(tmpdir(), "parley-store-"));
const schema = `t_store_${process.pid}_${Date.now()}`;
const opened: Store[] = [];
const schemaOf = new Map<Store, string>();

afterAll(async () => {
  for (const s of opened) await s.close();
  rmSync(tmp, { recursive: true, force: true });
  await PostgresStore.dropSchema(pgUrl, schema);
});

const kinds: [string, () => Promise<Store>][] = [
  ["MemoryStore", () => Promise.resolve(new MemoryStore())],
  ["SqliteStore", () => Promise.resolve(new SqliteStore(join(tmp, `s-${opened.length}.sqlite`)))],
  [
    "PostgresStore",
    async () => {
      // Each store of this suite gets its own schema so the tests stay independent.
      const name = `${schema}_${opened.length}`;
      const store = await PostgresStore.open({ connectionString: pgUrl, schema: name });
      schemaOf.set(store, name);
      return store;
    },
  ],
];

afterAll(async () => {
  for (let i = 0; i < 40; i++) await PostgresStore.dropSchema(pgUrl, `${schema}_${i}`);
});

describe.each(kinds)("%s", (_name, open) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    opened.push(store);
  });
  const fresh = async () => {
    const s = await open();
    opened.push(s);
    return s;
  };

  it("deduplicates inbox entries by platform event id", async () => {
    const s = await fresh();
    const a = await s.appendInbox("console:console", "e1", message("e1", "hello"));
    const b = await s.appendInbox("console:console", "e1", message("e1", "hello again"));
    const c = await s.appendInbox("console:console", "e2", message("e2", "second"));
    expect(a.duplicate).toBe(false);
    expect(b).toEqual({ id: a.id, duplicate: true });
    expect(c.duplicate).toBe(false);
    const pending = await s.unprocessedInbox();
    expect(pending.map((e) => e.eventId)).toEqual(["e1", "e2"]);
    expect(pending[0]?.payload).toEqual(message("e1", "hello"));
  });

  it("commits snapshot, participants, outbox and the processed mark together", async () => {
    const s = await fresh();
    const { id } = await s.appendInbox("console:console", "e1", message("e1", "hi"));
    const sid = "s1";
    await s.commit({
      inboxId: id,
      session: session(sid),
      isNewSession: true,
      participants: [
        {
          sessionId: sid,
          platform: "console",
          userId: "amal",
          participantId: "p1",
          name: "Amal",
          locale: "en",
          group: "a",
        },
      ],
      deliveries: [
        {
          roomKey: "console:console",
          sessionId: sid,
          platform: "console",
          delivery: say(`${sid}:1:0`, "one"),
        },
        {
          roomKey: "console:console",
          sessionId: sid,
          platform: "console",
          delivery: say(`${sid}:1:1`, "two"),
        },
      ],
    });
    expect(await s.unprocessedInbox()).toEqual([]);
    expect((await s.liveSession("console:console"))?.snapshot).toEqual({ value: "lobby" });
    expect((await s.participants(sid)).map((p) => p.participantId)).toEqual(["p1"]);
    expect((await s.pendingOutbox()).map((o) => o.idempotencyKey)).toEqual([`${sid}:1:0`, `${sid}:1:1`]);
    // A second commit of the same entry is refused: a step is written once.
    await expect(s.commit({ inboxId: id, deliveries: [] })).rejects.toThrow();
  });

  it("rolls the whole step back when any part fails", async () => {
    const s = await fresh();
    const first = await s.appendInbox("r", "e1", message("e1", "a"));
    await s.commit({
      inboxId: first.id,
      deliveries: [{ roomKey: "r", sessionId: null, platform: "console", delivery: say("k1", "x") }],
    });
    const second = await s.appendInbox("r", "e2", message("e2", "b"));
    // The repeated idempotency key makes the outbox insert fail after the session write (SQLite
    // keeps one outbox row per step, keyed by its first delivery's key: the repeat is that one).
    await expect(
      s.commit({
        inboxId: second.id,
        session: session("s9", { roomKey: "r" }),
        deliveries: [
          { roomKey: "r", sessionId: "s9", platform: "console", delivery: say("k1", "dup") },
          { roomKey: "r", sessionId: "s9", platform: "console", delivery: say("k2", "y") },
        ],
      }),
    ).rejects.toThrow();
    expect((await s.unprocessedInbox()).map((e) => e.eventId)).toEqual(["e2"]);
    expect(await s.findSession("s9")).toBeUndefined();
    expect((await s.pendingOutbox()).map((o) => o.idempotencyKey)).toEqual(["k1"]);
  });

  it("keeps the outbox in order and tracks delivery and attempts", async () => {
    const s = await fresh();
    for (let i = 0; i < 5; i++) {
      const { id } = await s.appendInbox("r", `e${i}`, message(`e${i}`, "x"));
      await s.commit({
        inboxId: id,
        deliveries: [{ roomKey: "r", sessionId: null, platform: "console", delivery: say(`k${i}`, `m${i}`) }],
      });
    }
    const pending = await s.pendingOutbox();
    expect(pending.map((o) => o.idempotencyKey)).toEqual(["k0", "k1", "k2", "k3", "k4"]);
    const [p0, p1, p2] = pending.map((o) => o.id);
    await s.markDelivered(p0 ?? -1);
    await s.recordAttempt(p1 ?? -1, "rate limited", false);
    await s.recordAttempt(p2 ?? -1, "gone", true);
    const after = await s.pendingOutbox();
    expect(after.map((o) => [o.idempotencyKey, o.attempts])).toEqual([
      ["k1", 1],
      ["k3", 0],
      ["k4", 0],
    ]);
  });

  it("stores cursors", async () => {
    expect(await store.getCursor("matrix", "since")).toBeUndefined();
    await store.setCursor("matrix", "since", "s1");
    await store.setCursor("matrix", "since", "s2");
    await store.setCursor("discord", "since", "d");
    expect(await store.getCursor("matrix", "since")).toBe("s2");
    expect(await store.getCursor("discord", "since")).toBe("d");
  });

  it("forgets a participant: identity mapping removed, inbox and outbox cleared of them", async () => {
    const s = await fresh();
    const room = "console:console";
    const from = (eventId: string, body: Record<string, unknown>, userId = "amal"): InboxPayload => {
      const event = {
        platform: "console",
        eventId,
        roomId: "console",
        at: 1000,
        sender: { userId, displayName: userId === "amal" ? "Amal Zarqawi" : "Ben" },
        ...body,
      } as InboundEvent;
      return { source: "platform", event };
    };
    const a = await s.appendInbox(room, "e1", message("e1", "my secret story", "amal"));
    await s.commit({
      inboxId: a.id,
      session: session("s1"),
      participants: [
        {
          sessionId: "s1",
          platform: "console",
          userId: "amal",
          participantId: "p1",
          name: "Amal Zarqawi",
          locale: "en",
          group: null,
        },
        {
          sessionId: "s1",
          platform: "console",
          userId: "ben",
          participantId: "p2",
          name: "Ben",
          locale: "en",
          group: null,
        },
      ],
      deliveries: [
        {
          roomKey: room,
          sessionId: "s1",
          platform: "console",
          // Names are rendered as participant segments.
          delivery: {
            idempotencyKey: "s1:1:0",
            roomId: "console",
            audience: { to: "room" },
            kind: "say",
            body: [{ text: "Amal Zarqawi", fromParticipant: true }, { text: " has joined" }],
          },
        },
      ],
    });
    // Every kind of entry she sends: a private submission, a choice, a command with an argument.
    const mine = [
      from("e2", { kind: "private", promptId: "needs", text: "my private need" }),
      from("e3", { kind: "choice", promptId: "vote", value: "idea-7" }),
      from("e4", { kind: "command", name: "timeout", args: ["my private reason"] }),
    ];
    for (const [i, p] of mine.entries()) {
      const { id } = await s.appendInbox(room, `e${i + 2}`, p);
      await s.commit({ inboxId: id, deliveries: [] });
    }
    // What she sent last is still waiting to be processed when the forget commits.
    const waiting = await s.appendInbox(room, "e8", message("e8", "my late secret", "amal"));
    const b = await s.appendInbox(room, "e9", message("e9", "ben speaks", "ben"));
    await s.commit({
      inboxId: b.id,
      session: session("s1", { seq: 2 }),
      deliveries: [],
      forget: { sessionId: "s1", participantId: "p1", userId: "amal", name: "Amal Zarqawi" },
    });
    expect((await s.participants("s1")).map((p) => p.participantId)).toEqual(["p2"]);
    expect(await s.pendingOutbox()).toEqual([]);
    const rows = await dumpRows(s, { schema: schemaOf.get(s) ?? "", roomKey: room });
    expect(
      found(rows, [
        "amal",
        "Amal",
        "Zarqawi",
        "secret story",
        "private need",
        "idea-7",
        "private reason",
        "late secret",
      ]),
    ).toEqual([]);
    expect(rows).toContain("ben speaks");
    // It is blanked too, to what the runtime skips when it comes to process it.
    expect(await s.unprocessedInbox(room)).toEqual([
      { id: waiting.id, roomKey: room, eventId: "e8", payload: { source: "gone" }, processed: false },
    ]);
  });

  it("forgets a participant: only their undelivered rows are reported, others' rows and commands stay", async () => {
    const s = await fresh();
    const room = "r1";
    const row = (key: string, text: string) => ({
      roomKey: room,
      sessionId: "s1",
      platform: "console",
      delivery: { ...say(key, ""), body: [{ text, fromParticipant: true }] },
    });
    const bens = "the orchard by the river was ours for four generations";
    const a = await s.appendInbox(room, "e1", message("e1", "my secret story", "amal"));
    const { outbox } = await s.commit({
      inboxId: a.id,
      session: session("s1", { roomKey: room }),
      deliveries: [
        row("sent", "Amal"),
        row("given-up", "Amal"),
        row("pending", "my secret story"),
        row("bens-echo", bens),
      ],
    });
    const id = (key: string) => outbox.find((e) => e.idempotencyKey === key)?.id ?? -1;
    await s.markDelivered(id("sent"));
    await s.recordAttempt(id("given-up"), "not_found", true);
    const b = await s.appendInbox(room, "e2", message("e2", bens, "ben"));
    await s.commit({ inboxId: b.id, deliveries: [] });
    // The facilitator named her (as a Matrix-style id, in capitals) in a command.
    const named: InboxPayload = {
      source: "platform",
      event: {
        platform: "console",
        eventId: "e3",
        roomId: "console",
        at: 1000,
        sender: { userId: "fac", displayName: "Fac" },
        kind: "command",
        name: "floor",
        args: ["@AMAL", "keep-me"],
      },
    };
    const c = await s.appendInbox(room, "e3", named);
    await s.commit({ inboxId: c.id, deliveries: [] });
    const d = await s.appendInbox(room, "e4", message("e4", "forget me", "amal"));
    const { removed } = await s.commit({
      inboxId: d.id,
      deliveries: [],
      forget: { sessionId: "s1", participantId: "p1", userId: "amal", name: "Amal" },
    });
    expect(removed).toEqual([id("pending")]);
    expect((await s.pendingOutbox()).map((e) => e.idempotencyKey)).toEqual(["bens-echo"]);
    const rows = await dumpRows(s, { schema: schemaOf.get(s) ?? "", roomKey: room });
    expect(found(rows, ["amal", "Amal", "AMAL", "secret story"])).toEqual([]);
    expect(found(rows, [bens, "[forgotten]", "keep-me", "floor"])).toHaveLength(4);
    // The SQL stores keep a retention log of what was forgotten (no name, only the participant id).
    if (!(s instanceof MemoryStore)) expect(rows).toContain("forgot p1");
    // SQLite: nor in the bytes of its files (the WAL is truncated after a forget).
    if (s instanceof SqliteStore) {
      const { file, wal } = sqliteBytes(s.path);
      expect(found(file + wal, ["secret story"])).toEqual([]);
    }
  });

  it("forgets someone whose words only the inbox held: no row, and for SQLite no byte of its files, keeps them", async () => {
    const s = await fresh();
    const room = "r1";
    const a = await s.appendInbox(room, "e1", message("e1", "my unshared confession", "amal"));
    await s.commit({ inboxId: a.id, session: session("s1", { roomKey: room }), deliveries: [] });
    const b = await s.appendInbox(room, "e2", message("e2", "forget me", "amal"));
    await s.commit({
      inboxId: b.id,
      deliveries: [],
      forget: { sessionId: "s1", participantId: "p1", userId: "amal", name: "Amal" },
    });
    const rows = await dumpRows(s, { schema: schemaOf.get(s) ?? "", roomKey: room });
    expect(found(rows, ["unshared confession"])).toEqual([]);
    if (s instanceof SqliteStore) {
      const { file, wal } = sqliteBytes(s.path);
      expect(found(file + wal, ["unshared confession"])).toEqual([]);
    }
  });

  it("forgets two people one after the other: a step's deliveries that named both lose each in turn", async () => {
    const s = await fresh();
    const room = "r1";
    const named = (key: string, text: string) => ({
      roomKey: room,
      sessionId: "s1",
      platform: "console",
      delivery: { ...say(key, " has joined"), body: [{ text, fromParticipant: true }] },
    });
    // One step's deliveries (SQLite keeps them in one outbox row).
    const a = await s.appendInbox(room, "e1", message("e1", "hello", "fac"));
    const { outbox } = await s.commit({
      inboxId: a.id,
      session: session("s1", { roomKey: room }),
      deliveries: [
        named("amal", "Amal"),
        named("ben", "Ben"),
        { ...named("all", ""), delivery: say("all", "Welcome") },
      ],
    });
    const id = (key: string) => outbox.find((e) => e.idempotencyKey === key)?.id ?? -1;
    const forget = async (eventId: string, participantId: string, userId: string, name: string) => {
      const { id: inboxId } = await s.appendInbox(room, eventId, message(eventId, "forget me", userId));
      return (
        await s.commit({ inboxId, deliveries: [], forget: { sessionId: "s1", participantId, userId, name } })
      ).removed;
    };
    expect(await forget("e2", "p1", "amal", "Amal")).toEqual([id("amal")]);
    expect(await forget("e3", "p2", "ben", "Ben")).toEqual([id("ben")]);
    expect((await s.pendingOutbox()).map((e) => e.idempotencyKey)).toEqual(["all"]);
  });

  it("forgets a participant in their workshop's room only: the same person's words elsewhere stay", async () => {
    const s = await fresh();
    const amal = { sessionId: "s1", participantId: "p1", userId: "amal", name: "Amal" };
    const joined = (sessionId: string, roomKey: string, key: string) => ({
      roomKey,
      sessionId,
      platform: "console",
      delivery: { ...say(key, " has joined"), body: [{ text: "Amal", fromParticipant: true }] },
    });
    // The same platform user in two rooms' workshops; she asks to be forgotten in room r1 only.
    const other = await s.appendInbox("r2", "o1", message("o1", "my story in the other room", "amal"));
    await s.commit({
      inboxId: other.id,
      session: session("s2", { roomKey: "r2" }),
      deliveries: [joined("s2", "r2", "s2:1:0")],
    });
    const here = await s.appendInbox("r1", "h1", message("h1", "my story in this room", "amal"));
    await s.commit({
      inboxId: here.id,
      session: session("s1", { roomKey: "r1" }),
      deliveries: [joined("s1", "r1", "s1:1:0")],
    });
    const asked = await s.appendInbox("r1", "h2", message("h2", "forget me", "amal"));
    await s.commit({ inboxId: asked.id, deliveries: [], forget: amal });
    expect((await s.pendingOutbox()).map((e) => e.delivery.idempotencyKey)).toEqual(["s2:1:0"]);
    const rows = await dumpRows(s, { schema: schemaOf.get(s) ?? "", roomKey: "r1" });
    expect(found(rows, ["in this room", "forget me"])).toEqual([]);
    expect(rows).toContain("my story in the other room");
  });

  it("gives each live session's timer as its latest step stored it, whole or as a delta", async () => {
    const s = await fresh();
    const timers = async () => (await s.liveTimers()).map((t) => [t.sessionId, t.deadline]);
    const step = async (eventId: string, record: SessionRecord, over: Partial<Commit> = {}) => {
      const { id } = await s.appendInbox(record.roomKey, eventId, message(eventId, "x"));
      await s.commit({ inboxId: id, session: record, deliveries: [], ...over });
    };
    const timed = (deadline: number | null, seq: number) =>
      session("s1", { meta: { ...emptyMeta, nextDeadline: deadline }, seq });
    await step("e1", timed(100, 1), { isNewSession: true });
    expect(await timers()).toEqual([["s1", 100]]);
    await step("e2", timed(200, 2), { events: [] });
    expect(await timers()).toEqual([["s1", 200]]);
    await step("e3", timed(null, 3));
    expect(await timers()).toEqual([["s1", null]]);
    await step("e4", timed(300, 4), { events: [] });
    expect(await timers()).toEqual([["s1", 300]]);
  });

  it("deletes finished sessions after retention", async () => {
    const s = await fresh();
    const a = await s.appendInbox("r1", "e1", message("e1", "x"));
    await s.commit({
      inboxId: a.id,
      session: session("s1", { roomKey: "r1", status: "done", endedAt: 100 }),
      deliveries: [],
    });
    const b = await s.appendInbox("r2", "e2", message("e2", "x"));
    await s.commit({
      inboxId: b.id,
      session: session("s2", { roomKey: "r2", status: "done", endedAt: 500 }),
      deliveries: [],
    });
    const c = await s.appendInbox("r3", "e3", message("e3", "x"));
    await s.commit({ inboxId: c.id, session: session("s3", { roomKey: "r3" }), deliveries: [] });
    expect(await s.deleteEndedBefore(200, 1000)).toEqual(["s1"]);
    expect(await s.findSession("s1")).toBeUndefined();
    expect(await s.findSession("s2")).toBeDefined();
    expect((await s.liveTimers()).map((x) => x.sessionId)).toEqual(["s3"]);
    // Deleted sessions' events still deduplicate.
    expect((await s.appendInbox("r1", "e1", message("e1", "x"))).duplicate).toBe(true);
  });

  it("keeps the audit trail with the step that records it, and deletes it with its session at retention", async () => {
    const s = await fresh();
    const entry = (action: string, sessionId: string | null, at: number, roomKey = "r1") => ({
      at,
      roomKey,
      sessionId,
      action,
      actor: "fac",
      subject: "alert 1",
    });
    const a = await s.appendInbox("r1", "e1", message("e1", "x"));
    await s.commit({
      inboxId: a.id,
      session: session("s1", { roomKey: "r1", status: "done", endedAt: 100 }),
      isNewSession: true,
      deliveries: [],
      audit: [entry("alert.acknowledged", "s1", 50)],
    });
    // A step that fails (its entry is already processed) records nothing.
    await expect(
      s.commit({ inboxId: a.id, deliveries: [], audit: [entry("hide", "s1", 60)] }),
    ).rejects.toThrow();
    await s.appendAudit([entry("export", null, 70, "r2"), entry("export", null, 900, "r2")]);
    expect((await s.auditTrail({ roomKey: "r1" })).map((e) => [e.action, e.sessionId, e.at])).toEqual([
      ["alert.acknowledged", "s1", 50],
    ]);
    expect((await s.auditTrail({ sessionId: "s1" })).map((e) => e.actor)).toEqual(["fac"]);
    expect((await s.auditTrail({ roomKey: "r2" })).map((e) => e.at)).toEqual([70, 900]);
    expect(await s.deleteEndedBefore(200, 1000)).toEqual(["s1"]);
    expect(await s.auditTrail({ roomKey: "r1" })).toEqual([]);
    expect((await s.auditTrail({ roomKey: "r2" })).map((e) => e.at)).toEqual([900]);
  });
});

describe("PostgresStore shared by several processes", () => {
  it("lets only one owner drive a room, and fences commits of an owner that lost its lease", async () => {
    const name = `${schema}_lease`;
    const a = await PostgresStore.open({ connectionString: pgUrl, schema: name });
    const b = await PostgresStore.open({ connectionString: pgUrl, schema: name });
    try {
      expect(await a.claimRoom("r", "A", 1000, 2000)).toBe(true);
      expect(await b.claimRoom("r", "B", 1500, 2500)).toBe(false);
      expect(await a.claimRoom("r", "A", 1500, 3000)).toBe(true);
      const { id } = await a.appendInbox("r", "e1", message("e1", "x"));
      // A's lease expires; B takes the room over.
      expect(await b.claimRoom("r", "B", 3001, 5000)).toBe(true);
      await expect(a.commit({ inboxId: id, deliveries: [], owner: "A" })).rejects.toBeInstanceOf(
        LeaseLostError,
      );
      await b.commit({ inboxId: id, deliveries: [], owner: "B" });
      expect(await b.unprocessedInbox()).toEqual([]);
      await b.releaseRooms("B");
      expect(await a.claimRoom("r", "A", 3002, 6000)).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await PostgresStore.dropSchema(pgUrl, name);
    }
  });

  it("renews many leases in one go, tells which another process took, and waits for no locked one", async () => {
    const name = `${schema}_many`;
    const a = await PostgresStore.open({ connectionString: pgUrl, schema: name });
    const b = await PostgresStore.open({ connectionString: pgUrl, schema: name });
    const locker = new pg.Client({ connectionString: pgUrl });
    await locker.connect();
    try {
      for (const room of ["r1", "r2", "r3"]) expect(await a.claimRoom(room, "A", 1000, 2000)).toBe(true);
      expect(await b.claimRoom("r4", "B", 1000, 2000)).toBe(true);
      expect([...(await a.renewRooms(["r1", "r2", "r4", "r1"], "A", 1500, 3000))]).toEqual(["r4"]);
      expect([...(await a.renewRooms([], "A", 1500, 3000))]).toEqual([]);
      // r3 was not renewed: B takes it at 2500; r1 and r2 were, and stay A's.
      for (const room of ["r1", "r2", "r3"])
        expect(await b.claimRoom(room, "B", 2500, 5000)).toBe(room === "r3");
      expect([...(await a.renewRooms(["r1", "r2", "r3"], "A", 2600, 4000))]).toEqual(["r3"]);
      // A commit holding r2's claim (FOR UPDATE) makes the renewal skip it, not wait for it.
      await locker.query(`BEGIN; SELECT owner FROM "${name}".claims WHERE room_key = 'r2' FOR UPDATE`);
      expect([...(await a.renewRooms(["r1", "r2"], "A", 3500, 6000))]).toEqual([]);
      await locker.query("ROLLBACK");
      // r1 was renewed to 6000; r2, skipped, ran out at 4000.
      expect(await b.claimRoom("r1", "B", 4500, 7000)).toBe(false);
      expect(await b.claimRoom("r2", "B", 4500, 7000)).toBe(true);
    } finally {
      await locker.end();
      await a.close();
      await b.close();
      await PostgresStore.dropSchema(pgUrl, name);
    }
  });

  it("grants a contested room to exactly one of several racing processes", async () => {
    const name = `${schema}_race`;
    const stores = await Promise.all(
      [0, 1, 2].map(() => PostgresStore.open({ connectionString: pgUrl, schema: name, poolSize: 2 })),
    );
    try {
      for (let round = 0; round < 10; round++) {
        const room = `room-${round}`;
        const won = await Promise.all(stores.map((s, i) => s.claimRoom(room, `P${i}`, 1000, 60_000)));
        expect(won.filter(Boolean).length).toBe(1);
      }
    } finally {
      for (const s of stores) await s.close();
      await PostgresStore.dropSchema(pgUrl, name);
    }
  });
});
