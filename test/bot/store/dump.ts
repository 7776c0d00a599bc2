// Reads everything a store holds, the way someone with the database would: every row of every
// table (SQLite, PostgreSQL) or every entry (MemoryStore), and for SQLite the raw bytes of the
// database file and its WAL. Forget-me and retention tests search these for a person's traces.
import { existsSync, readFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { MemoryStore, PostgresStore, SqliteStore, type Store } from "../../../src/bot/store.ts";

export const pgUrl = process.env["PARLEY_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";

/** Every row the store holds, as text. */
export async function dumpRows(
  store: Store,
  where: { schema?: string; roomKey?: string } = {},
): Promise<string> {
  if (store instanceof MemoryStore) {
    const room = where.roomKey ?? "";
    const session = await store.findSession(room);
    return JSON.stringify({
      inbox: store.allInbox(),
      pending: await store.pendingOutbox(),
      delivered: await store.deliveredOutbox(room),
      session,
      participants: session === undefined ? [] : await store.participants(session.id),
    });
  }
  if (store instanceof SqliteStore) {
    const db = new DatabaseSync(store.path, { readOnly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all();
      return JSON.stringify(
        tables.map((t) => db.prepare(`SELECT * FROM "${String(t["name"])}"`).all()),
        (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v),
      );
    } finally {
      db.close();
    }
  }
  if (store instanceof PostgresStore) {
    const client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    try {
      const tables = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1",
        [where.schema],
      );
      const out: unknown[] = [];
      for (const t of tables.rows) {
        out.push((await client.query(`SELECT * FROM "${where.schema ?? ""}"."${t.table_name}"`)).rows);
      }
      return JSON.stringify(out);
    } finally {
      await client.end();
    }
  }
  throw new Error("unknown store");
}

/** The raw bytes of a SQLite store's files (database, WAL), as latin1 text to search. */
export function sqliteBytes(path: string): { file: string; wal: string } {
  const read = (p: string) => (existsSync(p) ? readFileSync(p).toString("latin1") : "");
  return { file: read(path), wal: read(`${path}-wal`) };
}

/** The markers (UTF-8 as latin1, to search raw bytes) found in `text`. */
export function found(text: string, markers: readonly string[]): string[] {
  return markers.filter((m) => text.includes(Buffer.from(m, "utf8").toString("latin1")) || text.includes(m));
}
