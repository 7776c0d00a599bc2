// The embedded default: one SQLite file through node:sqlite, WAL, nothing to install.
import { mkdirSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { randomUUID } from "node:crypto";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { Worker } from "node:worker_threads";
import type { Delivery, PlatformName } from "../ports.ts";
import { err, ok, type Result } from "../../result.ts";
import { gonePayload, identityMatcher, redactPayload, textsOf, type ForgetTarget } from "./redact.ts";
import {
  inboxFromRow,
  num,
  parseSpec,
  participantFromRow,
  participantValues,
  sessionFromRow,
  sessionWithSpec,
  sessionUpdateValues,
  sessionValues,
  str,
  upsertParticipantSql,
  updateSessionSql,
  upsertSessionSql,
  auditFromRow,
} from "./rows.ts";
import { deltaSql, liveSessionsFrom, sessionMetaValues, withDeltas } from "./deltas.ts";
import {
  byRow,
  deliveriesOf,
  entriesOf,
  entryId,
  indexOf,
  newRowValues,
  rowOf,
  rowsOf,
  state,
  withState,
} from "./step-outbox.ts";
import {
  DuplicateEventError,
  type LiveTimer,
  type Commit,
  type Committed,
  type InboxEntry,
  type InboxPayload,
  type OutboxEntry,
  type ParticipantRecord,
  type SessionRecord,
  type StoredLiveSession,
  type Store,
  type AuditEntry,
  type AuditFilter,
  type NewAuditEntry,
} from "./types.ts";

export const defaultSqlitePath = ".parley/parley.sqlite";

const schema = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, room_key TEXT NOT NULL, flow_id TEXT NOT NULL, spec TEXT NOT NULL,
  seed INTEGER NOT NULL, locale TEXT NOT NULL, snapshot TEXT, meta TEXT NOT NULL, seq INTEGER NOT NULL,
  status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, ended_at INTEGER, timer TEXT);
CREATE INDEX IF NOT EXISTS sessions_room ON sessions (room_key, status);
CREATE INDEX IF NOT EXISTS sessions_ended ON sessions (status, ended_at);
CREATE TABLE IF NOT EXISTS inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room_key TEXT NOT NULL, event_id TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL, processed INTEGER NOT NULL DEFAULT 0);
DROP INDEX IF EXISTS inbox_pending;
CREATE INDEX IF NOT EXISTS inbox_unprocessed ON inbox (room_key, id) WHERE processed = 0;
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room_key TEXT NOT NULL, session_id TEXT, platform TEXT NOT NULL,
  step_key TEXT NOT NULL UNIQUE, delivery TEXT NOT NULL, state TEXT NOT NULL, pending INTEGER NOT NULL DEFAULT 1,
  attempts TEXT, last_error TEXT, drops TEXT, posted TEXT);
CREATE INDEX IF NOT EXISTS outbox_pending_rows ON outbox (room_key, id) WHERE pending = 1;
CREATE INDEX IF NOT EXISTS outbox_room ON outbox (room_key, id);
CREATE TABLE IF NOT EXISTS cursors (
  platform TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (platform, key));
CREATE TABLE IF NOT EXISTS participants (
  session_id TEXT NOT NULL, platform TEXT NOT NULL, user_id TEXT NOT NULL, participant_id TEXT NOT NULL,
  name TEXT NOT NULL, locale TEXT NOT NULL, grp TEXT, PRIMARY KEY (session_id, platform, user_id));
CREATE TABLE IF NOT EXISTS retention (
  session_id TEXT NOT NULL, room_key TEXT NOT NULL, what TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room_key TEXT NOT NULL, session_id TEXT, at INTEGER NOT NULL,
  action TEXT NOT NULL, actor TEXT, subject TEXT);
CREATE INDEX IF NOT EXISTS audit_room ON audit (room_key, id);
CREATE INDEX IF NOT EXISTS audit_session ON audit (session_id, id);
CREATE TABLE IF NOT EXISTS deltas (
  session_id TEXT NOT NULL, inbox_id INTEGER NOT NULL, events TEXT NOT NULL, seq INTEGER,
  PRIMARY KEY (session_id, inbox_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS crypto_state (owner TEXT NOT NULL, part TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (owner, part));
CREATE TABLE IF NOT EXISTS writer (
  id INTEGER PRIMARY KEY CHECK (id = 1), pid INTEGER NOT NULL, host TEXT NOT NULL,
  started_at INTEGER NOT NULL, proc_start TEXT, token TEXT NOT NULL);
`;

/** The bot process that writes to a SQLite store (one at a time: see `SqliteStore.claimWriter`). */
export interface WriterHolder {
  readonly pid: number;
  readonly host: string;
  /** When that process started (ms since the epoch). */
  readonly startedAt: number;
}

/** The kernel's start time of a process (Linux /proc), to tell a live holder from a reused pid. */
function procStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the recorded holder still runs (a holder on another host cannot be checked: assumed so). */
function holderAlive(row: Record<string, unknown>): boolean {
  if (String(row["host"]) !== hostname()) return true;
  const pid = Number(row["pid"]);
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const recorded = row["proc_start"];
  const now = procStart(pid);
  return recorded === null || now === null || str(recorded) === now;
}

/**
 * Checkpoints the WAL into the database file from a thread of its own. A checkpoint writes back
 * every page changed since the last one and syncs the file: done by the connection that commits
 * (SQLite's default, every 1,000 pages), it stalls the event loop for 10-20 ms every few hundred
 * steps. PASSIVE never blocks the writer; the main connection keeps a far larger automatic
 * threshold as a safety net in case this thread falls behind or fails.
 */
const checkpointerSource = `
const { workerData, parentPort } = require("node:worker_threads");
const { DatabaseSync } = require("node:sqlite");
const db = new DatabaseSync(workerData.path);
db.exec("PRAGMA busy_timeout = 5000");
const checkpoint = () => {
  try { db.exec("PRAGMA wal_checkpoint(PASSIVE)"); } catch { /* the next one tries again */ }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;
const checkpointIntervalMs = 100;
/** How long a write that deleted content waits for readers to let the WAL be truncated. */
const truncateWaitMs = 30_000;
/** Pages in the WAL before the committing connection checkpoints itself (the safety net). */
const fallbackAutocheckpoint = 16_384;

/**
 * A session's next deadline as `liveTimers` reads it, in a column of its own that an index covers
 * (status, created_at, id, room_key, timer): a restart reads that index alone instead of every
 * live row's meta, which comes after the spec and the snapshot (their overflow pages). JSON
 * ("null": no deadline); NULL: unknown (a row from before deadlines were stored, restored to
 * learn it).
 */
function timerOf(s: SessionRecord): string | null {
  return s.meta.nextDeadline === undefined ? null : JSON.stringify(s.meta.nextDeadline);
}

/** The shared session statements' values (the row's id last) with the timer before the id. */
function withTimer(values: (string | number | null)[], s: SessionRecord): (string | number | null)[] {
  return [...values.slice(0, -1), timerOf(s), s.id];
}

/**
 * The shared session updates (`rows.ts`, `deltas.ts`) with the timer column, for a step that
 * changes it: written at every step, the index on it cost about 5 µs a step (bench/store-steps.ts).
 */
const sessionSql = {
  update:
    "UPDATE sessions SET snapshot = ?, meta = ?, seq = ?, status = ?, updated_at = ?, ended_at = ?, timer = ? WHERE id = ?",
  delta: "UPDATE sessions SET meta = ?, seq = ?, updated_at = ?, timer = ? WHERE id = ? AND status = 'live'",
  timer: "UPDATE sessions SET timer = ? WHERE id = ?",
} as const;

/** Live sessions of the rooms given as a JSON array (`liveSessionsOf`). */
const liveIn = "status = 'live' AND room_key IN (SELECT value FROM json_each(?))";
const sessionColumnsButSpec =
  "id, room_key, flow_id, seed, locale, snapshot, meta, seq, status, created_at, updated_at, ended_at";

export class SqliteStore implements Store {
  readonly shared = false;
  private readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();
  private checkpointer: Worker | null = null;
  /**
   * Each session's timer as this store last committed it (a step that leaves it as it was writes
   * neither the column nor its index). Only this process writes (`claimWriter`); cleared whenever
   * a transaction fails, so it never holds what was rolled back.
   */
  private readonly timers = new Map<string, string | null>();
  private pendingWrites: { f: () => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] =
    [];
  /** A forget or a retention sweep deleted content: the WAL is checkpointed and truncated next. */
  private truncatePending = false;
  /** This store's claim as the writer (one per open store, even within one process). */
  private readonly writerToken = randomUUID();
  private writerClaimed = false;
  readonly path: string;

  constructor(path: string = defaultSqlitePath) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.path = path;
    this.db = new DatabaseSync(path);
    // WAL with synchronous = NORMAL: a transaction is in the WAL file (the OS's page cache) when
    // COMMIT returns, so it survives the process dying at any point (kill -9, a crash): that is the
    // guarantee Parley gives, and the crash tests check it. Only the OS crashing or the machine
    // losing power before the WAL is synced (at the next checkpoint) could lose the last
    // transactions. FULL would fsync every commit: several ms per inbox append and per step.
    this.db.exec(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -16384;",
    );
    // Deleted content is overwritten with zeros in the pages that held it (forget-me, retention);
    // what the WAL still holds goes with the truncating checkpoint after them.
    this.db.exec("PRAGMA secure_delete = ON;");
    const outboxColumns = this.columnsOf("outbox");
    const before = outboxColumns.length > 0 && !outboxColumns.includes("state");
    if (before) {
      // A store from before one outbox row per step: its rows move over, one delivery each.
      this.db.exec(
        "DROP INDEX IF EXISTS outbox_pending; DROP INDEX IF EXISTS outbox_undelivered; DROP INDEX IF EXISTS outbox_room; ALTER TABLE outbox RENAME TO outbox_before_steps;",
      );
      if (!outboxColumns.includes("drop_when_done"))
        this.db.exec("ALTER TABLE outbox_before_steps ADD COLUMN drop_when_done INTEGER NOT NULL DEFAULT 0");
      if (!outboxColumns.includes("posted"))
        this.db.exec("ALTER TABLE outbox_before_steps ADD COLUMN posted TEXT");
    }
    this.db.exec(schema);
    const sessionColumns = this.columnsOf("sessions");
    if (!sessionColumns.includes("timer"))
      // A store from before the timer column: the live sessions' timers taken from their meta.
      this.tx(() => {
        this.db.exec(`ALTER TABLE sessions ADD COLUMN timer TEXT;
          UPDATE sessions SET timer = CASE WHEN json_type(meta, '$.nextDeadline') IS NULL THEN NULL
            ELSE json_quote(json_extract(meta, '$.nextDeadline')) END WHERE status = 'live';`);
      });
    this.db.exec(
      "CREATE INDEX IF NOT EXISTS sessions_timers ON sessions (status, created_at, id, room_key, timer)",
    );
    const deltaColumns = this.columnsOf("deltas");
    // A store from before deltas were ordered by step: its rows keep their inbox order (deltas.ts).
    if (!deltaColumns.includes("seq")) this.db.exec("ALTER TABLE deltas ADD COLUMN seq INTEGER");
    if (before)
      this.tx(() => {
        this.db
          .exec(`INSERT INTO outbox (id, room_key, session_id, platform, step_key, delivery, state, pending, attempts, last_error, drops, posted)
          SELECT id, room_key, session_id, platform, idempotency_key, '[' || delivery || ']',
            CASE WHEN delivered = 1 THEN 'd' WHEN failed = 1 THEN 'f' ELSE 'p' END,
            CASE WHEN delivered = 0 AND failed = 0 THEN 1 ELSE 0 END,
            '[' || attempts || ']', last_error, CASE WHEN drop_when_done = 1 THEN '1' ELSE NULL END,
            CASE WHEN posted IS NULL THEN NULL ELSE '{"0":' || posted || '}' END
          FROM outbox_before_steps ORDER BY id;
          DROP TABLE outbox_before_steps;`);
      });
    if (path !== ":memory:") {
      this.db.exec(
        `PRAGMA wal_autocheckpoint = ${fallbackAutocheckpoint}; PRAGMA journal_size_limit = ${64 * 2 ** 20};`,
      );
      const worker = new Worker(checkpointerSource, {
        eval: true,
        workerData: { path, intervalMs: checkpointIntervalMs },
      });
      // Never keeps the process alive; a failing checkpointer leaves the safety net in charge.
      worker.unref();
      worker.on("error", () => undefined);
      this.checkpointer = worker;
    }
  }

  /** Prepared statements are cached: preparing costs more than running most of these. */
  private stmt(sql: string): StatementSync {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  private tx<T>(f: () => T): T {
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const result = f();
      this.db.exec("COMMIT");
      return result;
    } catch (e) {
      this.db.exec("ROLLBACK");
      throw e;
    }
  }

  /**
   * Group commit: the writes asked for in one turn of the event loop (inbox appends, steps,
   * delivered marks, typically from many rooms at once) are written in one transaction, each in
   * its own savepoint, so a failing step is rolled back alone and fails alone. A write's promise
   * resolves only once that transaction has committed, so "appended" and "committed" still mean
   * durable (see the constructor) when the caller goes on.
   */
  private write<T>(f: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pendingWrites.push({ f, resolve: resolve as (v: unknown) => void, reject });
      if (this.pendingWrites.length === 1)
        setImmediate(() => {
          this.flushWrites();
        });
    });
  }

  private flushWrites(): void {
    const batch = this.pendingWrites;
    if (batch.length === 0) return;
    this.pendingWrites = [];
    const outcomes: Result<unknown, unknown>[] = [];
    const deletionsBefore = this.deletions;
    let walClean: boolean;
    try {
      if (!this.db.isOpen) throw new Error("the store is closed");
      this.stmt("BEGIN IMMEDIATE").run();
      try {
        for (const w of batch) {
          this.stmt("SAVEPOINT step").run();
          try {
            outcomes.push(ok(w.f()));
            this.stmt("RELEASE step").run();
          } catch (e) {
            this.timers.clear();
            this.stmt("ROLLBACK TO step").run();
            this.stmt("RELEASE step").run();
            outcomes.push(err(e));
          }
        }
        this.stmt("COMMIT").run();
      } catch (e) {
        this.timers.clear();
        if (this.db.isTransaction) this.db.exec("ROLLBACK");
        throw e;
      }
      walClean = this.truncateWal() || this.deletions === deletionsBefore;
    } catch (e) {
      // Nothing of this batch was written.
      const error = e instanceof Error ? e : new Error(String(e));
      for (const w of batch) w.reject(error);
      return;
    }
    const settle = () => {
      batch.forEach((w, i) => {
        const o = outcomes[i];
        if (o?.ok === true) w.resolve(o.value);
        else w.reject(o?.error instanceof Error ? o.error : new Error(String(o?.error)));
      });
    };
    // A batch that deleted content (a forget, a discarded payload) is done only once the WAL no
    // longer holds it: "Parley has deleted …" must not go out while the text is still on disk.
    if (walClean) settle();
    else void this.walTruncated().then(settle);
  }

  /**
   * After deleting content: copies the WAL into the database file and truncates it to zero bytes,
   * so old page images (a forgotten person's text, a deleted session) are not left in it. A reader
   * (another process, or the checkpoint thread on a busy machine) can hold it up (SQLITE_BUSY):
   * the write that deleted waits for `walTruncated`, and later writes try again. True when the WAL
   * holds nothing deleted.
   */
  private truncateWal(busyMs = 100): boolean {
    if (!this.truncatePending || this.path === ":memory:") return true;
    // Waiting for another process's reader blocks this thread: briefly, and after a busy attempt
    // at most once a second from a write (walTruncated waits without blocking).
    const now = Date.now();
    if (busyMs === 100 && this.truncateBusyAt !== null && now - this.truncateBusyAt < 1000) return false;
    try {
      this.db.exec(`PRAGMA busy_timeout = ${String(busyMs)}`);
      const row = this.db.prepare("PRAGMA wal_checkpoint(TRUNCATE)").get();
      const done = Number(row?.["busy"]) === 0;
      this.truncatePending = !done;
      this.truncateBusyAt = done ? null : now;
    } catch {
      this.truncateBusyAt = now;
    } finally {
      this.db.exec("PRAGMA busy_timeout = 5000");
    }
    if (this.truncatePending && busyMs === 100) {
      // No write may come for a while: try again on our own.
      setTimeout(() => {
        if (this.db.isOpen) this.truncateWal();
      }, 1100).unref();
    }
    return !this.truncatePending;
  }

  /**
   * Resolves once the WAL is truncated, trying every few milliseconds without blocking the event
   * loop; gives up waiting (the background retry goes on, and it is logged) after a bound, so a
   * reader that never ends cannot stop the bot.
   */
  private async walTruncated(): Promise<void> {
    const until = Date.now() + truncateWaitMs;
    while (this.db.isOpen && !this.truncateWal(5)) {
      if (Date.now() > until) {
        console.error(
          `parley: SQLite could not truncate its WAL for ${String(truncateWaitMs)} ms (a reader holds it); deleted content stays in the WAL until it can`,
        );
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private deletedContent(): void {
    this.truncatePending = true;
    this.deletions++;
  }
  private deletions = 0;
  private truncateBusyAt: number | null = null;

  /**
   * Makes this process the store's one writer (a bot). Refused while another live process holds
   * it; a holder that died (kill -9, a crash) is replaced. Readers (reports) need no claim.
   */
  claimWriter(): Result<void, WriterHolder> {
    const me = {
      pid: process.pid,
      host: hostname(),
      startedAt: Math.round(performance.timeOrigin),
      procStart: procStart(process.pid),
    };
    const result = this.tx((): Result<void, WriterHolder> => {
      const row = this.db.prepare("SELECT * FROM writer WHERE id = 1").get();
      const mine = row !== undefined && row["token"] === this.writerToken;
      if (row !== undefined && !mine && holderAlive(row)) {
        return err({
          pid: Number(row["pid"]),
          host: String(row["host"]),
          startedAt: Number(row["started_at"]),
        });
      }
      this.db
        .prepare(
          "INSERT INTO writer (id, pid, host, started_at, proc_start, token) VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, host = excluded.host, started_at = excluded.started_at, proc_start = excluded.proc_start, token = excluded.token",
        )
        .run(me.pid, me.host, me.startedAt, me.procStart, this.writerToken);
      return ok();
    });
    if (result.ok) this.writerClaimed = true;
    return result;
  }

  private run<T>(f: () => T): Promise<T> {
    try {
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  getCursor(platform: PlatformName, key: string): Promise<string | undefined> {
    return this.run(() => {
      const row = this.stmt("SELECT value FROM cursors WHERE platform = ? AND key = ?").get(platform, key);
      return row === undefined ? undefined : str(row["value"]);
    });
  }
  setCursor(platform: PlatformName, key: string, value: string): Promise<void> {
    return this.run(() => {
      this.stmt(
        "INSERT INTO cursors (platform, key, value) VALUES (?, ?, ?) ON CONFLICT (platform, key) DO UPDATE SET value = excluded.value",
      ).run(platform, key, value);
    });
  }

  loadCryptoState(owner: string): Promise<Map<string, Uint8Array>> {
    return this.run(() => {
      const rows = this.stmt("SELECT part, data FROM crypto_state WHERE owner = ?").all(owner);
      return new Map(rows.map((row) => [str(row["part"]), row["data"] as Uint8Array]));
    });
  }
  saveCryptoState(owner: string, parts: ReadonlyMap<string, Uint8Array | null>): Promise<void> {
    return this.run(() => {
      this.db.exec("BEGIN IMMEDIATE");
      try {
        for (const [part, data] of parts) {
          if (data === null)
            this.stmt("DELETE FROM crypto_state WHERE owner = ? AND part = ?").run(owner, part);
          else
            this.stmt(
              "INSERT INTO crypto_state (owner, part, data) VALUES (?, ?, ?) ON CONFLICT (owner, part) DO UPDATE SET data = excluded.data",
            ).run(owner, part, data);
        }
        this.db.exec("COMMIT");
      } catch (e) {
        this.db.exec("ROLLBACK");
        throw e;
      }
    });
  }

  appendInbox(
    roomKey: string,
    eventId: string,
    payload: InboxPayload,
  ): Promise<{ id: number; duplicate: boolean }> {
    const text = JSON.stringify(payload);
    return this.write(() => {
      const inserted = this.stmt(
        "INSERT INTO inbox (room_key, event_id, payload) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING RETURNING id",
      ).get(roomKey, eventId, text);
      if (inserted !== undefined) return { id: num(inserted["id"]), duplicate: false };
      const row = this.stmt("SELECT id FROM inbox WHERE event_id = ?").get(eventId);
      return { id: num(row?.["id"]), duplicate: true };
    });
  }

  unprocessedInbox(roomKey?: string): Promise<InboxEntry[]> {
    return this.run(() => {
      const rows =
        roomKey === undefined
          ? this.stmt("SELECT * FROM inbox WHERE processed = 0 ORDER BY id").all()
          : this.stmt("SELECT * FROM inbox WHERE processed = 0 AND room_key = ? ORDER BY id").all(roomKey);
      return rows.map(inboxFromRow);
    });
  }

  commit(step: Commit): Promise<Committed> {
    return this.write(() => this.writeStep(step));
  }

  compact(sessions: Iterable<SessionRecord>): Promise<void> {
    return this.write(() => {
      for (const session of sessions) {
        this.timers.delete(session.id);
        if (
          Number(
            this.stmt(sessionSql.update).run(...withTimer(sessionUpdateValues(session), session)).changes,
          ) !== 1
        )
          throw new Error(`session ${session.id} missing for a compaction`);
        this.stmt(deltaSql.deleteAll).run(session.id);
      }
    });
  }

  knowsEvent(eventId: string): Promise<boolean> {
    return this.run(() => this.stmt("SELECT 1 FROM inbox WHERE event_id = ?").get(eventId) !== undefined);
  }

  /** A table's column names (none: no such table yet), for bringing a store from before up to date. */
  private columnsOf(table: string): string[] {
    return this.db
      .prepare(`PRAGMA table_info(${table})`)
      .all()
      .map((c) => str(c["name"]));
  }

  private writeStep(step: Commit): Committed {
    const inboxId = step.append === undefined ? this.markProcessed(step.inboxId) : this.appendProcessed(step);
    const s = step.session;
    if (step.forget !== undefined && step.events !== undefined)
      throw new Error("a step that forgets someone writes the whole snapshot");
    if (s !== undefined && step.events !== undefined && step.isNewSession !== true) {
      // A delta: the step's workshop events beside the stored snapshot (deltas.ts).
      const updated = this.timerChanged(s)
        ? this.stmt(sessionSql.delta).run(...withTimer(sessionMetaValues(s), s))
        : this.stmt(deltaSql.updateSession).run(...sessionMetaValues(s));
      if (Number(updated.changes) !== 1) throw new Error(`session ${s.id} missing for a delta`);
      if (step.events.length > 0)
        this.stmt(deltaSql.insert).run(s.id, inboxId, s.seq, JSON.stringify(step.events));
    } else if (s !== undefined) {
      // The spec never changes after the session was created: an existing row is only updated,
      // so the (large) spec is not serialised again on every step.
      const updated =
        step.isNewSession === true
          ? 0
          : Number(
              (this.timerChanged(s)
                ? this.stmt(sessionSql.update).run(...withTimer(sessionUpdateValues(s), s))
                : this.stmt(updateSessionSql).run(...sessionUpdateValues(s))
              ).changes,
            );
      if (updated === 0) {
        this.stmt(upsertSessionSql).run(...sessionValues(s));
        this.stmt(sessionSql.timer).run(timerOf(s), s.id);
      }
      this.stmt(deltaSql.deleteAll).run(s.id);
    }
    if (step.participants !== undefined && step.participants.length > 0) {
      const upsert = this.stmt(upsertParticipantSql);
      for (const p of step.participants) upsert.run(...participantValues(p));
    }
    const removed = step.forget === undefined ? [] : this.forget(step.forget);
    if (step.discardPayload === true && step.append === undefined) {
      this.stmt("UPDATE inbox SET payload = ? WHERE id = ?").run(JSON.stringify(gonePayload), inboxId);
      // The WAL still holds the entry as appended (people not taking part write rarely).
      this.deletedContent();
    }
    if (step.audit !== undefined) this.insertAudit(step.audit);
    if (s !== undefined) {
      if (s.status === "live") this.timers.set(s.id, timerOf(s));
      else this.timers.delete(s.id);
    }
    const outbox: OutboxEntry[] = [];
    for (const row of rowsOf(step.deliveries)) {
      const first = row[0];
      if (first === undefined) continue;
      const inserted = this.stmt(
        "INSERT INTO outbox (room_key, session_id, platform, step_key, delivery, state, drops) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      ).get(first.roomKey, first.sessionId, first.platform, ...newRowValues(row));
      const id = num(inserted?.["id"]);
      row.forEach((d, i) =>
        outbox.push({
          id: entryId(id, i),
          roomKey: d.roomKey,
          sessionId: d.sessionId,
          platform: d.platform,
          idempotencyKey: d.delivery.idempotencyKey,
          delivery: d.delivery,
          attempts: 0,
        }),
      );
    }
    return { outbox, removed };
  }

  /** Whether the step's timer differs from the one last committed (or that is not known). */
  private timerChanged(s: SessionRecord): boolean {
    const last = this.timers.get(s.id);
    return last === undefined ? true : last !== timerOf(s);
  }

  private markProcessed(inboxId: number): number {
    const marked = this.stmt("UPDATE inbox SET processed = 1 WHERE id = ? AND processed = 0").run(inboxId);
    if (Number(marked.changes) !== 1) throw new Error(`inbox entry ${inboxId} missing or already processed`);
    return inboxId;
  }

  /** `Commit.append`: the step's entry written processed (a discarded payload never written). */
  private appendProcessed(step: Commit): number {
    const a = step.append;
    if (a === undefined) throw new Error("no entry to append");
    const payload = step.discardPayload === true ? gonePayload : a.payload;
    const inserted = this.stmt(
      "INSERT INTO inbox (room_key, event_id, payload, processed) VALUES (?, ?, ?, 1) ON CONFLICT (event_id) DO NOTHING RETURNING id",
    ).get(a.roomKey, a.eventId, JSON.stringify(payload));
    if (inserted === undefined) throw new DuplicateEventError(a.eventId);
    return num(inserted["id"]);
  }

  private insertAudit(entries: readonly NewAuditEntry[]): void {
    const insert = this.stmt(
      "INSERT INTO audit (room_key, session_id, at, action, actor, subject) VALUES (?, ?, ?, ?, ?, ?)",
    );
    for (const e of entries) insert.run(e.roomKey, e.sessionId, e.at, e.action, e.actor, e.subject);
  }

  appendAudit(entries: readonly NewAuditEntry[]): Promise<void> {
    return this.write(() => {
      this.insertAudit(entries);
    });
  }

  auditTrail(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.run(() =>
      this.stmt(
        "SELECT * FROM audit WHERE (? IS NULL OR room_key = ?) AND (? IS NULL OR session_id = ?) ORDER BY id",
      )
        .all(
          filter.roomKey ?? null,
          filter.roomKey ?? null,
          filter.sessionId ?? null,
          filter.sessionId ?? null,
        )
        .map(auditFromRow),
    );
  }

  /** See `Commit.forget`; returns the undelivered outbox ids it deleted. */
  private forget(f: ForgetTarget): number[] {
    const removed: number[] = [];
    // Never replayed across a forget: the step wrote the session's whole state (deleting its deltas).
    if (this.stmt("SELECT 1 FROM deltas WHERE session_id = ? LIMIT 1").get(f.sessionId) !== undefined)
      throw new Error(`session ${f.sessionId} still has deltas at a forget`);
    const room = this.stmt("SELECT room_key FROM sessions WHERE id = ?").get(f.sessionId);
    if (room !== undefined) {
      const roomKey = str(room["room_key"]);
      const texts: string[] = [];
      const update = this.stmt("UPDATE inbox SET payload = ? WHERE id = ?");
      for (const r of this.stmt("SELECT id, payload FROM inbox WHERE room_key = ?").all(roomKey)) {
        const payload = JSON.parse(str(r["payload"])) as InboxPayload;
        texts.push(...textsOf(payload, f.userId));
        const redacted = redactPayload(payload, f);
        if (redacted !== null) update.run(JSON.stringify(redacted), num(r["id"]));
      }
      const carries = identityMatcher(f, texts);
      for (const r of this.stmt("SELECT * FROM outbox WHERE room_key = ?").all(roomKey)) {
        const deliveries = deliveriesOf(r);
        const gone = deliveries.flatMap((d, i) => (d !== null && carries(d) ? [i] : []));
        if (gone.length === 0) continue;
        const states = str(r["state"]);
        for (const i of gone) {
          deliveries[i] = null;
          if (states[i] === state.pending) removed.push(entryId(num(r["id"]), i));
        }
        this.rewriteRow(num(r["id"]), deliveries, withState(states, gone, state.gone));
      }
      this.stmt("INSERT INTO retention (session_id, room_key, what, at) VALUES (?, ?, ?, ?)").run(
        f.sessionId,
        roomKey,
        `forgot ${f.participantId}`,
        Date.now(),
      );
    }
    this.stmt("DELETE FROM participants WHERE session_id = ? AND participant_id = ?").run(
      f.sessionId,
      f.participantId,
    );
    this.deletedContent();
    return removed;
  }

  /** A session row with its deltas (folded into the snapshot unless `keepPending`). */
  private session(row: Record<string, unknown>, keepPending = false): SessionRecord {
    const record = sessionFromRow(row);
    const deltas = this.stmt(deltaSql.select)
      .all(record.id)
      .map((r) => str(r["events"]));
    return withDeltas(record, deltas, keepPending);
  }

  liveSession(roomKey: string, options?: { readonly pending?: boolean }): Promise<SessionRecord | undefined> {
    return this.run(() => {
      const row = this.stmt(
        "SELECT * FROM sessions WHERE room_key = ? AND status = 'live' ORDER BY created_at DESC LIMIT 1",
      ).get(roomKey);
      return row === undefined ? undefined : this.session(row, options?.pending === true);
    });
  }
  liveSessionsOf(roomKeys: readonly string[]): Promise<StoredLiveSession[]> {
    return this.run(() => {
      // The keys go in as one JSON array (json_each), so each read is one statement however many
      // rooms. Each distinct spec (about 9 KB, the same for every session of a flow) is read and
      // parsed once, not once a row.
      const rooms = JSON.stringify(roomKeys);
      const specOf = new Map<string, unknown>();
      for (const r of this.stmt(
        `SELECT spec, json_group_array(id) AS ids FROM sessions WHERE ${liveIn} GROUP BY spec`,
      ).all(rooms)) {
        const spec = parseSpec(str(r["spec"]));
        for (const id of JSON.parse(str(r["ids"])) as string[]) specOf.set(id, spec);
      }
      const sessions = this.stmt(`SELECT ${sessionColumnsButSpec} FROM sessions WHERE ${liveIn}`)
        .all(rooms)
        .map((r) => {
          const id = str(r["id"]);
          // A session that started between the two reads has its spec read on its own.
          const spec =
            specOf.get(id) ??
            parseSpec(str(this.stmt("SELECT spec FROM sessions WHERE id = ?").get(id)?.["spec"]));
          return sessionWithSpec(r, spec);
        });
      const ids = JSON.stringify(sessions.map((r) => r.id));
      const deltas = this.stmt(
        `SELECT session_id, events FROM deltas WHERE session_id IN (SELECT value FROM json_each(?)) ${deltaSql.order}`,
      )
        .all(ids)
        .map((r) => ({ sessionId: str(r["session_id"]), events: str(r["events"]) }));
      const participants = this.stmt(
        "SELECT * FROM participants WHERE session_id IN (SELECT value FROM json_each(?)) ORDER BY rowid",
      )
        .all(ids)
        .map(participantFromRow);
      return liveSessionsFrom(sessions, deltas, participants);
    });
  }
  liveTimers(): Promise<LiveTimer[]> {
    return this.run(() =>
      this.stmt("SELECT id, room_key, timer FROM sessions WHERE status = 'live' ORDER BY created_at")
        .all()
        .map((r) => ({
          sessionId: str(r["id"]),
          roomKey: str(r["room_key"]),
          deadline: r["timer"] === null ? undefined : (JSON.parse(str(r["timer"])) as number | null),
        })),
    );
  }
  findSession(idOrRoomKey: string): Promise<SessionRecord | undefined> {
    return this.run(() => {
      const row =
        this.stmt("SELECT * FROM sessions WHERE id = ?").get(idOrRoomKey) ??
        this.stmt("SELECT * FROM sessions WHERE room_key = ? ORDER BY created_at DESC, id DESC LIMIT 1").get(
          idOrRoomKey,
        );
      return row === undefined ? undefined : this.session(row);
    });
  }
  listSessions(): Promise<SessionRecord[]> {
    return this.run(() =>
      this.stmt("SELECT * FROM sessions ORDER BY created_at DESC, id DESC")
        .all()
        .map((r) => this.session(r)),
    );
  }
  participants(sessionId: string): Promise<ParticipantRecord[]> {
    return this.run(() =>
      this.stmt("SELECT * FROM participants WHERE session_id = ? ORDER BY rowid")
        .all(sessionId)
        .map(participantFromRow),
    );
  }

  pendingOutbox(roomKey?: string): Promise<OutboxEntry[]> {
    return this.run(() =>
      (roomKey === undefined
        ? this.stmt("SELECT * FROM outbox WHERE pending = 1 ORDER BY id").all()
        : this.stmt("SELECT * FROM outbox WHERE room_key = ? AND pending = 1 ORDER BY id").all(roomKey)
      ).flatMap((r) => entriesOf(r, state.pending)),
    );
  }

  /**
   * Writes a row's deliveries back (some deleted: null) with their states; a row with nothing
   * left to send or keep goes. The bytes of what was deleted are overwritten (secure_delete).
   */
  private rewriteRow(id: number, deliveries: readonly (Delivery | null)[], states: string): void {
    if (deliveries.every((d) => d === null)) this.stmt("DELETE FROM outbox WHERE id = ?").run(id);
    else
      this.stmt("UPDATE outbox SET delivery = ?, state = ?, pending = ? WHERE id = ?").run(
        JSON.stringify(deliveries),
        states,
        states.includes(state.pending) ? 1 : 0,
        id,
      );
    this.deletedContent();
  }

  /** Sets deliveries of one row done (delivered or given up); those to be dropped when done are deleted. */
  private settle(row: number, indexes: readonly number[], to: string): void {
    const r = this.stmt("SELECT state, drops, delivery FROM outbox WHERE id = ?").get(row);
    if (r === undefined) return;
    const states = withState(str(r["state"]), indexes, to);
    const drops = r["drops"] === null ? "" : str(r["drops"]);
    const dropped = indexes.filter((i) => drops[i] === "1");
    if (dropped.length === 0) {
      this.stmt("UPDATE outbox SET state = ?, pending = ? WHERE id = ?").run(
        states,
        states.includes(state.pending) ? 1 : 0,
        row,
      );
      return;
    }
    const deliveries = deliveriesOf(r);
    for (const i of dropped) deliveries[i] = null;
    this.rewriteRow(row, deliveries, withState(states, dropped, state.gone));
  }

  markDelivered(outboxIds: number | readonly number[]): Promise<void> {
    const ids = typeof outboxIds === "number" ? [outboxIds] : outboxIds;
    if (ids.length === 0) return Promise.resolve();
    return this.write(() => {
      for (const [row, indexes] of byRow(ids)) this.settle(row, indexes, state.delivered);
    });
  }
  deliveredOutbox(roomKey: string): Promise<Delivery[]> {
    return this.run(() =>
      this.stmt("SELECT * FROM outbox WHERE room_key = ? ORDER BY id")
        .all(roomKey)
        .flatMap((r) => entriesOf(r, state.delivered).map((e) => e.delivery)),
    );
  }
  recordPosted(outboxId: number, messageIds: readonly string[]): Promise<void> {
    return this.write(() => {
      const r = this.stmt("SELECT posted FROM outbox WHERE id = ?").get(rowOf(outboxId));
      if (r === undefined) return;
      const posted = r["posted"] === null ? {} : (JSON.parse(str(r["posted"])) as Record<string, string[]>);
      posted[String(indexOf(outboxId))] = [...messageIds];
      this.stmt("UPDATE outbox SET posted = ? WHERE id = ?").run(JSON.stringify(posted), rowOf(outboxId));
    });
  }
  postedMessages(sessionId: string, roomKey: string, ref: number): Promise<string[]> {
    return this.run(() =>
      this.stmt(
        "SELECT * FROM outbox WHERE session_id = ? AND room_key = ? AND posted IS NOT NULL ORDER BY id",
      )
        .all(sessionId, roomKey)
        .flatMap((r) => {
          const deliveries = deliveriesOf(r);
          const posted = Object.entries(JSON.parse(str(r["posted"])) as Record<string, string[]>);
          return posted
            .sort(([a], [b]) => Number(a) - Number(b))
            .flatMap(([i, ids]) => {
              const d = deliveries[Number(i)];
              return d?.kind === "say" && d.contributionRef === ref ? ids : [];
            });
        }),
    );
  }
  recordAttempt(outboxId: number, error: string, giveUp: boolean): Promise<void> {
    return this.run(() => {
      const row = rowOf(outboxId);
      const i = indexOf(outboxId);
      const r = this.stmt("SELECT attempts FROM outbox WHERE id = ?").get(row);
      if (r === undefined) return;
      const attempts = r["attempts"] === null ? [] : (JSON.parse(str(r["attempts"])) as number[]);
      while (attempts.length <= i) attempts.push(0);
      attempts[i] = (attempts[i] ?? 0) + 1;
      this.stmt("UPDATE outbox SET attempts = ?, last_error = ? WHERE id = ?").run(
        JSON.stringify(attempts),
        error,
        row,
      );
      if (giveUp) this.settle(row, [i], state.failed);
    });
  }
  deleteEndedBefore(before: number, now: number): Promise<string[]> {
    return this.run(() => {
      const ids = this.tx(() => {
        const rows = this.stmt(
          "SELECT id, room_key FROM sessions WHERE status = 'done' AND ended_at < ?",
        ).all(before);
        for (const r of rows) {
          const id = str(r["id"]);
          const roomKey = str(r["room_key"]);
          this.stmt("DELETE FROM participants WHERE session_id = ?").run(id);
          this.stmt("DELETE FROM outbox WHERE session_id = ?").run(id);
          // Processed entries hold the contributions; keep only their ids so events still dedupe.
          this.stmt("UPDATE inbox SET payload = ? WHERE room_key = ? AND processed = 1").run(
            JSON.stringify(gonePayload),
            roomKey,
          );
          this.stmt("DELETE FROM sessions WHERE id = ?").run(id);
          this.stmt(deltaSql.deleteAll).run(id);
          this.stmt("DELETE FROM audit WHERE session_id = ?").run(id);
          this.stmt("INSERT INTO retention (session_id, room_key, what, at) VALUES (?, ?, 'deleted', ?)").run(
            id,
            roomKey,
            now,
          );
        }
        // Notices outside any session (answers to people, before or after a workshop) carry user
        // ids and nothing the runtime needs once they are done.
        this.stmt("DELETE FROM outbox WHERE session_id IS NULL AND pending = 0").run();
        this.stmt("DELETE FROM audit WHERE session_id IS NULL AND at < ?").run(before);
        this.deletedContent();
        return rows.map((r) => str(r["id"]));
      });
      return ids;
    }).then(async (ids) => {
      if (!this.truncateWal()) await this.walTruncated();
      return ids;
    });
  }
  claimRoom(): Promise<boolean> {
    return Promise.resolve(true);
  }
  renewRooms(): Promise<Set<string>> {
    return Promise.resolve(new Set());
  }
  releaseRooms(): Promise<void> {
    return Promise.resolve();
  }
  async close(): Promise<void> {
    const checkpointer = this.checkpointer;
    this.checkpointer = null;
    await this.run(() => {
      this.flushWrites();
      if (this.db.isOpen) {
        if (this.writerClaimed)
          this.db.prepare("DELETE FROM writer WHERE id = 1 AND token = ?").run(this.writerToken);
        this.db.close();
      }
    });
    // Closing the last writer checkpoints the WAL; the thread is not needed for that, and it must be
    // gone before the caller removes the file (tests do, right after close).
    await checkpointer?.terminate();
  }
}
