// Forget-me and retention, end to end through the runtime, on every store: afterwards nothing the
// store holds (every row, and for SQLite the raw bytes of the file and its WAL) carries the
// forgotten person's text, display name or platform user id.
import { mkdtempSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { WorkshopRecord } from "../../../src/flows/protocol.ts";
import { MemoryStore, PostgresStore, SqliteStore, type Store } from "../../../src/bot/store.ts";
import { runForgetCommand } from "../../../src/cli/forget.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, type Harness } from "../runtime/harness.ts";
import { dumpRows, found, pgUrl, sqliteBytes } from "./dump.ts";

const flow = fileURLToPath(new URL("./fixtures/forget.yaml", import.meta.url));
const zeph = { userId: "uid-zq-7731", displayName: "Zephyrine Quillfeather" };
const bart = { userId: "uid-bo-2201", displayName: "Bartholomew" };
/** Everything that would identify Zephyrine or repeat what she wrote. */
const traces = [
  "uid-zq-7731",
  "Zephyrine",
  "Quillfeather",
  "marmalade-lighthouse",
  "periwinkle-harbour",
  "tangerine-observatory",
  "quokka-after-forget",
];
const bartTraces = ["uid-bo-2201", "Bartholomew", "plain-remark-bart", "bart-need-sleep", "bart-idea-bridge"];

const tmp = mkdtempSync(join(tmpdir(), "parley-forget-"));
const schemaBase = `t_forget_${process.pid}_${Date.now()}`;
const schemas: string[] = [];
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  for (const s of schemas) await PostgresStore.dropSchema(pgUrl, s);
});

interface Opened {
  readonly store: Store;
  readonly schema?: string;
}
const kinds: [string, () => Promise<Opened>][] = [
  ["MemoryStore", () => Promise.resolve({ store: new MemoryStore() })],
  [
    "SqliteStore",
    () =>
      Promise.resolve({ store: new SqliteStore(join(tmp, `f-${schemas.length}-${Math.random()}.sqlite`)) }),
  ],
  [
    "PostgresStore",
    async () => {
      const schema = `${schemaBase}_${schemas.length}`;
      schemas.push(schema);
      return { store: await PostgresStore.open({ connectionString: pgUrl, schema }), schema };
    },
  ],
];

async function stage(h: Harness, id: string): Promise<void> {
  while (h.runtime.sessions.status(h.roomKey)?.stageId !== id) {
    await h.platform.command("fac", "next");
    await h.settle();
  }
}

/** A workshop where both people talk in the room, send a need privately, an idea and a vote. */
async function workshop(h: Harness): Promise<void> {
  await h.platform.command("fac", "start", flow);
  await h.platform.command(zeph, "join", "north");
  await h.platform.command(bart, "join", "south");
  await h.settle();
  await h.platform.command("fac", "start");
  await h.settle();
  await stage(h, "talk");
  await h.platform.say(zeph, "My marmalade-lighthouse story, told to the room.");
  await h.platform.say(bart, "A plain-remark-bart from Bartholomew.");
  await h.settle();
  await stage(h, "needs");
  for (const [who, text] of [
    [zeph, "I need periwinkle-harbour safety"],
    [bart, "I need bart-need-sleep"],
  ] as const) {
    const ask = h.platform.lastPromptFor(who.userId, "collect");
    expect(ask).toBeDefined();
    await h.platform.submit(who, ask?.promptId ?? "", text);
  }
  await h.settle();
  await stage(h, "ideas");
  for (const [who, text] of [
    [zeph, "Build a tangerine-observatory together"],
    [bart, "A bart-idea-bridge over the river"],
  ] as const) {
    const ask = h.platform.lastPromptFor(who.userId, "collect");
    await h.platform.submit(who, ask?.promptId ?? "", text);
  }
  await h.settle();
  while (h.runtime.sessions.status(h.roomKey)?.phase !== "vote") {
    await h.platform.command("fac", "next");
    await h.settle();
  }
  const vote = h.platform.lastPromptFor(zeph.userId, "ask");
  expect(vote?.kind).toBe("ask");
  if (vote?.kind === "ask") {
    for (const o of vote.options) await h.platform.choose(zeph, vote.promptId, o.value);
  }
  await h.settle();
}

async function forgetZeph(h: Harness): Promise<void> {
  await h.platform.command(zeph, "forget-me");
  await h.settle();
  await h.platform.command("fac", "confirm-forget", "p1");
  await h.settle();
}

/** What the store holds (and for SQLite, its files' bytes) that still carries these traces. */
async function leftovers(
  h: Pick<Harness, "store" | "roomKey">,
  opened: Opened,
  markers: readonly string[],
): Promise<string[]> {
  const rows = await dumpRows(h.store, {
    roomKey: h.roomKey,
    ...(opened.schema === undefined ? {} : { schema: opened.schema }),
  });
  const out = found(rows, markers).map((m) => `rows: ${m}`);
  if (h.store instanceof SqliteStore) {
    const bytes = sqliteBytes(h.store.path);
    out.push(...found(bytes.file, markers).map((m) => `database file: ${m}`));
    out.push(...found(bytes.wal, markers).map((m) => `WAL: ${m}`));
  }
  return out;
}

describe.each(kinds)("%s", (_name, open) => {
  it("a confirmed forget-me during the workshop leaves none of the person's text, name or user id", async () => {
    const opened = await open();
    const h = await harness({ store: opened.store });
    await workshop(h);
    // Before: the traces are there (so the search below can find them).
    expect(await leftovers(h, opened, traces)).not.toEqual([]);
    await forgetZeph(h);
    expect(h.platform.to(zeph.userId).map(textOf).at(-1)).toMatch(/Parley has deleted/);
    expect(await leftovers(h, opened, traces)).toEqual([]);
    // She is no longer taking part: what she types now is not kept under her name.
    expect(h.runtime.sessions.status(h.roomKey)?.participants.map((p) => p.id)).toEqual(["p2"]);
    await h.platform.say(zeph, "quokka-after-forget in the room");
    await h.settle();
    expect(await leftovers(h, opened, traces)).toEqual([]);
    if (h.store instanceof PostgresStore) {
      // What PostgreSQL allows: the tables that held her rows were vacuumed after the forget.
      await h.store.vacuumed();
      expect(await vacuumedTables(opened.schema ?? "")).toEqual(
        expect.arrayContaining(["inbox", "outbox", "participants", "sessions"]),
      );
    }
    // To take part again she joins again, as someone new.
    await h.platform.command(zeph, "join", "north");
    await h.settle();
    expect(h.platform.to(zeph.userId).map(textOf).at(-1)).toMatch(/You have joined/);
    expect(h.runtime.sessions.status(h.roomKey)?.participants.map((p) => p.id)).toEqual(["p2", "p3"]);
    await h.platform.command("fac", "end");
    await h.settle();
    // Bartholomew's part is still there, in the record the reports read.
    const record = (await h.store.findSession(h.roomKey))?.meta.record as WorkshopRecord;
    expect(JSON.stringify(record)).toContain("bart-idea-bridge");
    expect(JSON.stringify(record)).toContain("bart-need-sleep");
    expect(found(JSON.stringify(record), traces)).toEqual([]);
    expect(record.participation.map((g) => g.participants)).toEqual([0, 1]);
    await h.runtime.stop();
  });

  it("forget-me works after the workshop ended, and my-data answers only the asker", async () => {
    const opened = await open();
    const h = await harness({ store: opened.store });
    await workshop(h);
    await h.platform.command("fac", "end");
    await h.settle();
    const record = (await h.store.findSession(h.roomKey))?.meta.record as WorkshopRecord;
    expect(JSON.stringify(record)).toContain("tangerine-observatory");

    const before = h.platform.deliveries.length;
    await h.platform.command(zeph, "my-data");
    await h.settle();
    const answer = h.platform.deliveries.slice(before);
    expect(answer.map((d) => d.audience)).toEqual([{ to: "user", userId: zeph.userId }]);
    const text = answer.map(textOf).join("");
    for (const t of [
      "Zephyrine Quillfeather",
      "uid-zq-7731",
      "periwinkle-harbour",
      "tangerine-observatory",
      "North",
    ])
      expect(text).toContain(t);
    // Her data only: nothing of Bartholomew's (the idea she voted for is shown, as it was to her).
    expect(found(text, ["uid-bo-2201", "Bartholomew", "bart-need-sleep", "plain-remark-bart"])).toEqual([]);
    // The copy is not kept once delivered.
    expect((await h.store.deliveredOutbox(h.roomKey)).map(textOf).join("\n")).not.toContain(
      "What Parley holds about you",
    );

    await forgetZeph(h);
    expect(h.platform.to("fac").map(textOf).join("\n")).toContain(
      "The contributions of p1 have been deleted",
    );
    const after = (await h.store.findSession(h.roomKey))?.meta.record as WorkshopRecord;
    expect(found(JSON.stringify(after), traces)).toEqual([]);
    expect(JSON.stringify(after)).toContain("bart-idea-bridge");
    expect(await leftovers(h, opened, traces)).toEqual([]);
    // Asked again, Parley holds nothing about her.
    await h.platform.command(zeph, "my-data");
    await h.settle();
    expect(h.platform.to(zeph.userId).map(textOf).at(-1)).toMatch(/holds nothing/);
    await h.runtime.stop();
  });

  it("the retention sweep leaves nothing of a finished session, outbox rows without a session included", async () => {
    const opened = await open();
    const h = await harness({ store: opened.store });
    // Answered outside any session: an outbox row with no session, addressed to her user id.
    await h.platform.command(zeph, "status");
    await h.settle();
    await workshop(h);
    await h.platform.command("fac", "end");
    await h.settle();
    expect(await leftovers(h, opened, [...traces.slice(0, 6), ...bartTraces])).not.toEqual([]);
    await h.advance(31 * 86_400_000);
    expect(await h.store.findSession(h.roomKey)).toBeUndefined();
    expect(await leftovers(h, opened, [...traces.slice(0, 6), ...bartTraces])).toEqual([]);
    await h.runtime.stop();
  });
});

describe.each(kinds.filter(([name]) => name !== "MemoryStore"))("parley forget on a %s", (_name, open) => {
  it.each(["finished", "live"])(
    "forgets a participant of a %s session with no bot running, under the store's writer claim",
    async (state) => {
      const opened = await open();
      const h = await harness({ store: opened.store });
      await workshop(h);
      if (state === "finished") await h.platform.command("fac", "end");
      await h.settle();
      const sessionId = (await h.store.findSession(h.roomKey))?.id ?? "";
      await h.runtime.stop();

      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (s: string) => out.push(s), err: (s: string) => err.push(s) };
      const args =
        opened.store instanceof SqliteStore
          ? ["--store", opened.store.path]
          : ["--config", await postgresConfig(opened.schema ?? "")];
      const env = { ...process.env, PARLEY_CONFIG: "", PARLEY_DATABASE_URL: pgUrl };
      expect(
        await runForgetCommand([sessionId, "Zephyrine Quillfeather", ...args], io, env),
        err.join("\n"),
      ).toBe(0);
      expect(out).toEqual([`forgot participant p1 of session ${sessionId}`]);
      // Asked again: she is not there any more.
      expect(await runForgetCommand([sessionId, "p1", ...args], io, env)).toBe(1);

      // Read it back as someone with the database would.
      const again =
        opened.store instanceof SqliteStore
          ? new SqliteStore(opened.store.path)
          : await PostgresStore.open({ connectionString: pgUrl, schema: opened.schema ?? "" });
      const h2 = { store: again, roomKey: h.roomKey };
      // Only her user id is left, on the notice that tells her: it waits in the outbox for the next
      // bot (with the facilitators' one), and goes once delivered.
      expect(await leftovers(h2, opened, traces.slice(1))).toEqual([]);
      const pending = await again.pendingOutbox(h.roomKey);
      expect(pending.map((e) => e.delivery.audience)).toEqual([
        { to: "user", userId: zeph.userId },
        { to: "facilitators", userIds: ["fac"] },
      ]);
      await again.markDelivered(pending.map((e) => e.id));
      expect(await leftovers(h2, opened, traces)).toEqual([]);
      const stored = await again.findSession(sessionId);
      expect(stored?.status).toBe(state === "finished" ? "done" : "live");
      expect(JSON.stringify(stored)).toContain("bart-idea-bridge");
      await again.close();
    },
  );
});

describe("SqliteStore, another connection reading while a forget commits", () => {
  // The WAL is truncated only when no reader holds it. A reader that outlasts a short wait (the
  // store's own checkpoint thread on a busy machine, a report being read) must hold the forget up,
  // not leave the person's text in the WAL after "Parley has deleted …".
  it("waits for the reader, then leaves nothing in the WAL", async () => {
    const store = new SqliteStore(join(tmp, `reader-${Math.random()}.sqlite`));
    const h = await harness({ store });
    await workshop(h);
    const reader = new Worker(
      `const { workerData, parentPort } = require("node:worker_threads");
       const { DatabaseSync } = require("node:sqlite");
       const db = new DatabaseSync(workerData.path);
       db.exec("BEGIN");
       db.prepare("SELECT count(*) FROM sessions").get();
       parentPort.postMessage("reading");
       Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
       db.exec("COMMIT");
       db.close();`,
      { eval: true, workerData: { path: store.path, holdMs: 600 } },
    );
    await new Promise((resolve) => reader.once("message", resolve));
    await forgetZeph(h);
    expect(h.platform.to(zeph.userId).map(textOf).at(-1)).toMatch(/Parley has deleted/);
    expect(await leftovers(h, { store }, traces)).toEqual([]);
    await reader.terminate();
    await h.runtime.stop();
  });
});

async function vacuumedTables(schema: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    const rows = await client.query<{ relname: string }>(
      "SELECT relname FROM pg_stat_user_tables WHERE schemaname = $1 AND last_vacuum IS NOT NULL",
      [schema],
    );
    return rows.rows.map((r) => r.relname);
  } finally {
    await client.end();
  }
}

async function postgresConfig(schema: string): Promise<string> {
  const file = join(tmp, `pg-${schema}.yaml`);
  await writeFile(file, `store: { kind: postgres, schema: ${schema} }\n`);
  return file;
}
