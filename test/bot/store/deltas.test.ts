// Snapshots as deltas (store/deltas.ts) and SQLite's one outbox row per step (store/step-outbox.ts):
// a step that stores only the workshop events it applied reads back as the state they lead to,
// the session host gets them unapplied to replay, a whole snapshot drops them, nothing is ever
// replayed across a forget; a step's deliveries share one row yet are delivered, given up and
// deleted one by one, and a store from before keeps its undelivered rows.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, describe, expect, it } from "vitest";
import type { WorkshopEvent } from "../../../src/flows/protocol.ts";
import { start } from "../../../src/flows/stepper.ts";
import type { Delivery } from "../../../src/bot/ports.ts";
import {
  MemoryStore,
  PostgresStore,
  SqliteStore,
  emptyMeta,
  type InboxPayload,
  type SessionRecord,
  type Store,
} from "../../../src/bot/store.ts";
import { flow, person, stages, T0 } from "../../flows/machines/harness.ts";
import { found, pgUrl, sqliteBytes } from "./dump.ts";

const spec = flow([stages.groundRules(), stages.discussion()]);
const tmp = mkdtempSync(join(tmpdir(), "parley-deltas-"));
const schema = `t_deltas_${process.pid}_${Date.now()}`;
const opened: Store[] = [];

afterAll(async () => {
  for (const s of opened) await s.close();
  rmSync(tmp, { recursive: true, force: true });
  await PostgresStore.dropSchema(pgUrl, schema);
});

const kinds: [string, () => Promise<Store>][] = [
  ["MemoryStore", () => Promise.resolve(new MemoryStore())],
  ["SqliteStore", () => Promise.resolve(new SqliteStore(join(tmp, `d-${opened.length}.sqlite`)))],
  [
    "PostgresStore",
    () => PostgresStore.open({ connectionString: pgUrl, schema: `${schema}_${opened.length}` }),
  ],
];

const payload = (eventId: string): InboxPayload => ({
  source: "platform",
  event: {
    platform: "console",
    eventId,
    roomId: "console",
    at: T0,
    sender: { userId: "u", displayName: "u" },
    kind: "message",
    text: eventId,
  },
});

function record(snapshot: unknown, seq: number): SessionRecord {
  return {
    id: "s1",
    roomKey: "console:console",
    flowId: spec.id,
    spec,
    seed: 1,
    locale: "en",
    snapshot,
    meta: emptyMeta,
    seq,
    status: "live",
    createdAt: T0,
    updatedAt: T0,
    endedAt: null,
  };
}

const joins: WorkshopEvent[] = ["a1", "a2", "b1"].map((id, i) => ({
  type: "participant.join",
  participant: person(id, i < 2 ? "a" : "b"),
  at: T0,
}));

describe.each(kinds)("%s", (_name, open) => {
  /** A session written whole; `next` appends an inbox entry of its room. */
  async function begun(s: Store) {
    const { stepper } = start(spec, 1);
    let n = 0;
    const next = async () => (await s.appendInbox("console:console", `e${++n}`, payload(`e${n}`))).id;
    await s.commit({
      inboxId: await next(),
      session: record(stepper.persisted(), 0),
      isNewSession: true,
      deliveries: [],
    });
    return { stepper, next };
  }

  /** A session written whole, then three steps stored as their events; the workshop they were taken by. */
  async function withDeltas(s: Store) {
    const { stepper, next } = await begun(s);
    for (const [i, event] of joins.entries()) {
      stepper.step(event);
      await s.commit({
        inboxId: await next(),
        session: record(null, i + 1),
        events: [event],
        deliveries: [],
      });
    }
    return { stepper, next };
  }

  it("reads a session stored as deltas as the state they lead to; the host gets them to replay", async () => {
    const s = await open();
    opened.push(s);
    const { stepper } = await withDeltas(s);
    const whole = stepper.persisted();
    const found = await s.findSession("s1");
    expect(found?.snapshot).toEqual(whole);
    expect(found?.seq).toBe(3);
    expect(found?.pending).toBeUndefined();
    expect((await s.liveSession("console:console"))?.snapshot).toEqual(whole);
    expect((await s.listSessions())[0]?.snapshot).toEqual(whole);
    const forHost = await s.liveSession("console:console", { pending: true });
    expect(forHost?.pending).toEqual(joins);
    expect(forHost?.snapshot).not.toEqual(whole);
  });

  it("replays the deltas in the order the steps were taken, not the order their entries were appended", async () => {
    // An entry another process appended (the operator's CLI, a programme's coordinator) is picked
    // up at the next poll: after entries appended later, which were already processed.
    const s = await open();
    opened.push(s);
    const { stepper, next } = await begun(s);
    const [early, late] = [await next(), await next()];
    const [first, second] = joins;
    if (first === undefined || second === undefined) throw new Error("two joins");
    const order = [second, first];
    await s.commit({ inboxId: late, session: record(null, 1), events: [second], deliveries: [] });
    await s.commit({ inboxId: early, session: record(null, 2), events: [first], deliveries: [] });
    expect((await s.liveSession("console:console", { pending: true }))?.pending).toEqual(order);
    const [batch] = await s.liveSessionsOf(["console:console"]);
    expect(batch?.record.pending).toEqual(order);
    for (const event of order) stepper.step(event);
    expect((await s.findSession("s1"))?.snapshot).toEqual(stepper.persisted());
  });

  it("drops the deltas with a whole snapshot, and never replays across a forget", async () => {
    const s = await open();
    opened.push(s);
    const { stepper, next } = await withDeltas(s);
    const forget = { sessionId: "s1", participantId: "a1", userId: "a1", name: "a1" };
    // A forget with events (replaying across it) is refused, and so is one leaving deltas behind.
    await expect(
      s.commit({ inboxId: await next(), session: record(null, 4), events: [], deliveries: [], forget }),
    ).rejects.toThrow(/a step that forgets someone writes the whole snapshot/);
    await expect(s.commit({ inboxId: await next(), deliveries: [], forget })).rejects.toThrow(
      /session s1 still has deltas at a forget/,
    );
    stepper.step({ type: "participant.forget", participantId: "a1", at: T0 });
    await s.commit({
      inboxId: await next(),
      session: record(stepper.persisted(), 4),
      deliveries: [],
      forget,
    });
    const forHost = await s.liveSession("console:console", { pending: true });
    expect(forHost?.pending).toBeUndefined();
    expect(forHost?.snapshot).toEqual(stepper.persisted());
  });
});

describe.each(kinds)("%s, many sessions at once", (_name, open) => {
  /** A session of its own room, written whole, then a join stored as a delta; with its participant. */
  async function session(s: Store, id: string, roomKey: string, who: string) {
    const { stepper } = start(spec, 1);
    const base = { ...record(stepper.persisted(), 0), id, roomKey };
    const entry = async (e: string) => (await s.appendInbox(roomKey, `${id}-${e}`, payload(`${id}-${e}`))).id;
    await s.commit({ inboxId: await entry("start"), session: base, isNewSession: true, deliveries: [] });
    const join: WorkshopEvent = { type: "participant.join", participant: person(who, "a"), at: T0 };
    stepper.step(join);
    await s.commit({
      inboxId: await entry("join"),
      session: { ...base, seq: 1 },
      events: [join],
      participants: [
        {
          sessionId: id,
          platform: "console",
          userId: who,
          participantId: who,
          name: who,
          locale: "en",
          group: "a",
        },
      ],
      deliveries: [],
    });
    return { stepper, base, join };
  }

  it("reads many rooms' live sessions for a restore as each room's own reads would, deltas unapplied", async () => {
    const s = await open();
    opened.push(s);
    const a = await session(s, "sa", "console:a", "pa");
    const b = await session(s, "sb", "console:b", "pb");
    const ended = await session(s, "sc", "console:c", "pc");
    await s.commit({
      inboxId: (await s.appendInbox("console:c", "sc-end", payload("sc-end"))).id,
      session: { ...ended.base, seq: 2, status: "done", endedAt: T0, snapshot: ended.stepper.persisted() },
      deliveries: [],
    });
    const read = await s.liveSessionsOf(["console:a", "console:b", "console:c", "console:none"]);
    expect(read.map((r) => r.record.id).sort()).toEqual(["sa", "sb"]);
    for (const r of read) {
      expect(r.record).toEqual(await s.liveSession(r.record.roomKey, { pending: true }));
      expect(r.participants).toEqual(await s.participants(r.record.id));
      expect(r.participants.map((p) => p.participantId)).toEqual([r.record.id === "sa" ? "pa" : "pb"]);
    }
    expect(read.find((r) => r.record.id === "sa")?.record.pending).toEqual([a.join]);
    expect(read.find((r) => r.record.id === "sb")?.record.pending).toEqual([b.join]);
    expect(await s.liveSessionsOf([])).toEqual([]);
  });

  it("compacts many sessions in one transaction, or none when one is missing", async () => {
    const s = await open();
    opened.push(s);
    const a = await session(s, "sa", "console:a", "pa");
    const b = await session(s, "sb", "console:b", "pb");
    const whole = (x: typeof a) => ({ ...x.base, seq: 1, snapshot: x.stepper.persisted() });
    const ghost = { ...whole(b), id: "ghost" };
    await expect(s.compact([whole(a), ghost])).rejects.toThrow();
    expect((await s.liveSession("console:a", { pending: true }))?.pending).toEqual([a.join]);
    await s.compact([whole(a), whole(b)]);
    for (const [room, x] of [
      ["console:a", a],
      ["console:b", b],
    ] as const) {
      const stored = await s.liveSession(room, { pending: true });
      expect(stored?.pending).toBeUndefined();
      expect(stored?.snapshot).toEqual(x.stepper.persisted());
    }
  });
});

const say = (key: string, text: string): Delivery => ({
  idempotencyKey: key,
  roomId: "console",
  audience: { to: "room" },
  kind: "say",
  body: [{ text }],
});

describe("SqliteStore outbox rows", () => {
  it("keeps a step's deliveries in one row, each delivered, given up or dropped on its own", async () => {
    const path = join(tmp, "rows.sqlite");
    const s = new SqliteStore(path);
    opened.push(s);
    const { id } = await s.appendInbox("console:console", "e1", payload("e1"));
    const d = (key: string, text: string, dropWhenDone = false) => ({
      roomKey: "console:console",
      sessionId: null,
      platform: "console",
      delivery: say(key, text),
      ...(dropWhenDone ? { dropWhenDone } : {}),
    });
    const { outbox } = await s.commit({
      inboxId: id,
      deliveries: [d("k0", "first"), d("k1", "my data: zebra-umbrella", true), d("k2", "third")],
    });
    const db = new DatabaseSync(path, { readOnly: true });
    const rows = () => Number(db.prepare("SELECT count(*) AS n FROM outbox").get()?.["n"]);
    expect(rows()).toBe(1);
    expect(new Set(outbox.map((o) => o.id)).size).toBe(3);
    const [k0, k1, k2] = outbox.map((o) => o.id);
    await s.markDelivered([k1 ?? -1]);
    await s.recordAttempt(k2 ?? -1, "rate limited", false);
    expect((await s.pendingOutbox()).map((o) => [o.idempotencyKey, o.attempts])).toEqual([
      ["k0", 0],
      ["k2", 1],
    ]);
    await s.recordAttempt(k2 ?? -1, "gone", true);
    await s.markDelivered(k0 ?? -1);
    expect(await s.pendingOutbox()).toEqual([]);
    expect((await s.deliveredOutbox("console:console")).map((x) => x.idempotencyKey)).toEqual(["k0"]);
    db.close();
    // The private copy dropped once delivered leaves no bytes behind, its row-mates stay.
    await s.appendInbox("console:console", "e2", payload("e2"));
    const bytes = sqliteBytes(path);
    expect(found(bytes.file + bytes.wal, ["zebra-umbrella"])).toEqual([]);
    expect(found(bytes.file + bytes.wal, ["third"])).toEqual(["third"]);
  });

  it("writes a timer again after a step that changed it was rolled back", async () => {
    const s = new SqliteStore(join(tmp, "timers-rollback.sqlite"));
    opened.push(s);
    const step = async (eventId: string, deadline: number, seq: number, key: string) => {
      const { id } = await s.appendInbox("console:console", eventId, payload(eventId));
      const session = { ...record({ value: "lobby" }, seq), meta: { ...emptyMeta, nextDeadline: deadline } };
      const delivery = {
        roomKey: "console:console",
        sessionId: "s1",
        platform: "console",
        delivery: say(key, "x"),
      };
      return s.commit({ inboxId: id, session, isNewSession: seq === 1, deliveries: [delivery] });
    };
    await step("e1", 100, 1, "k1");
    // The delivery's key is taken: the step fails after its session update, which is undone.
    await expect(step("e2", 200, 2, "k1")).rejects.toThrow();
    expect((await s.liveTimers()).map((t) => t.deadline)).toEqual([100]);
    await step("e3", 200, 2, "k3");
    expect((await s.liveTimers()).map((t) => t.deadline)).toEqual([200]);
  });

  it("replays a store's deltas from before they were ordered by step in inbox order, before newer ones", async () => {
    const path = join(tmp, "old-deltas.sqlite");
    const s = new SqliteStore(path);
    const { stepper } = start(spec, 1);
    const append = async (n: number, to: Store = s) =>
      (await to.appendInbox("console:console", `e${n}`, payload(`e${n}`))).id;
    await s.commit({
      inboxId: await append(1),
      session: record(stepper.persisted(), 0),
      isNewSession: true,
      deliveries: [],
    });
    const [first, second] = joins;
    if (first === undefined || second === undefined) throw new Error("two joins");
    const [early, late] = [await append(2), await append(3)];
    await s.commit({ inboxId: early, session: record(null, 1), events: [first], deliveries: [] });
    await s.commit({ inboxId: late, session: record(null, 2), events: [second], deliveries: [] });
    await s.close();
    // As written before the column: no step order, and the later entry's step stored first.
    const old = new DatabaseSync(path);
    old.exec("ALTER TABLE deltas DROP COLUMN seq");
    old.prepare("UPDATE deltas SET inbox_id = inbox_id + 100").run();
    old.close();
    const reopened = new SqliteStore(path);
    opened.push(reopened);
    await reopened.commit({
      inboxId: await append(4, reopened),
      session: record(null, 3),
      events: [joins[2] ?? first],
      deliveries: [],
    });
    expect((await reopened.liveSession("console:console", { pending: true }))?.pending).toEqual(joins);
  });

  it("takes a store's live timers from before the timer column out of their meta (unknown where it has none)", async () => {
    const path = join(tmp, "old-timers.sqlite");
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE sessions (
      id TEXT PRIMARY KEY, room_key TEXT NOT NULL, flow_id TEXT NOT NULL, spec TEXT NOT NULL,
      seed INTEGER NOT NULL, locale TEXT NOT NULL, snapshot TEXT, meta TEXT NOT NULL, seq INTEGER NOT NULL,
      status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, ended_at INTEGER);`);
    const insert = old.prepare(
      "INSERT INTO sessions VALUES (?, ?, 'f', '{}', 1, 'en', NULL, ?, 1, 'live', ?, 1, NULL)",
    );
    insert.run("s1", "r1", JSON.stringify({ nextDeadline: 1234 }), 1);
    insert.run("s2", "r2", JSON.stringify({ nextDeadline: null }), 2);
    insert.run("s3", "r3", JSON.stringify({}), 3);
    old.close();
    const s = new SqliteStore(path);
    opened.push(s);
    expect((await s.liveTimers()).map((t) => [t.sessionId, t.roomKey, t.deadline])).toEqual([
      ["s1", "r1", 1234],
      ["s2", "r2", null],
      ["s3", "r3", undefined],
    ]);
  });

  it("moves a store's outbox from before one row per step over, undelivered entries still pending", async () => {
    const path = join(tmp, "old.sqlite");
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT, room_key TEXT NOT NULL, session_id TEXT, platform TEXT NOT NULL,
      idempotency_key TEXT NOT NULL UNIQUE, delivery TEXT NOT NULL, delivered INTEGER NOT NULL DEFAULT 0,
      failed INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
      CREATE INDEX outbox_room ON outbox (room_key, id);`);
    const insert = old.prepare(
      "INSERT INTO outbox (room_key, platform, idempotency_key, delivery, delivered, attempts) VALUES ('console:console', 'console', ?, ?, ?, ?)",
    );
    insert.run("o1", JSON.stringify(say("o1", "done")), 1, 0);
    insert.run("o2", JSON.stringify(say("o2", "waiting")), 0, 2);
    old.close();
    const s = new SqliteStore(path);
    opened.push(s);
    expect((await s.pendingOutbox("console:console")).map((o) => [o.idempotencyKey, o.attempts])).toEqual([
      ["o2", 2],
    ]);
    expect((await s.deliveredOutbox("console:console")).map((x) => x.idempotencyKey)).toEqual(["o1"]);
    const { id } = await s.appendInbox("console:console", "e1", payload("e1"));
    const { outbox } = await s.commit({
      inboxId: id,
      deliveries: [
        { roomKey: "console:console", sessionId: null, platform: "console", delivery: say("n1", "new") },
      ],
    });
    const pending = await s.pendingOutbox();
    expect(pending.map((o) => o.idempotencyKey)).toEqual(["o2", "n1"]);
    expect(pending[1]?.id).toBe(outbox[0]?.id);
  });
});
