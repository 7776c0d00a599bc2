// PostgreSQL store for several bot processes sharing work. A process drives a room only while it
// holds the room's lease (claims table); every commit re-checks the lease inside its transaction
// (row lock), so a process that lost its lease can never write a step a second time.
import pg from "pg";
import { err, ok, type Result } from "../../result.ts";
import type { Delivery, PlatformName } from "../ports.ts";
import { gonePayload, identityMatcher, redactPayload, textsOf } from "./redact.ts";
import {
  inboxFromRow,
  numbered,
  outboxFromRow,
  participantFromRow,
  participantValues,
  sessionFromRow,
  sessionUpdateValues,
  sessionValues,
  updateSessionSql,
  upsertParticipantSql,
  upsertSessionSql,
  auditFromRow,
} from "./rows.ts";
import { deltaSql, liveSessionsFrom, sessionMetaValues, withDeltas } from "./deltas.ts";
import {
  liveTimerOf,
  type LiveTimer,
  LeaseLostError,
  type Commit,
  type Committed,
  type InboxEntry,
  type InboxPayload,
  type OutboxEntry,
  type ParticipantRecord,
  type SessionRecord,
  type Store,
  type StoredLiveSession,
  type AuditEntry,
  type AuditFilter,
  type NewAuditEntry,
} from "./types.ts";

type Row = Record<string, unknown>;
/** A query inside the current group's transaction. */
type Query = (sql: string, params?: unknown[]) => Promise<Row[]>;
/** What a group's steps ask for once it committed: a VACUUM after a forget deleted content. */
interface Group {
  vacuum: boolean;
}

const schemaSql = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, room_key TEXT NOT NULL, flow_id TEXT NOT NULL, spec TEXT NOT NULL,
  seed BIGINT NOT NULL, locale TEXT NOT NULL, snapshot TEXT, meta TEXT NOT NULL, seq INTEGER NOT NULL,
  status TEXT NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, ended_at BIGINT);
CREATE INDEX IF NOT EXISTS sessions_room ON sessions (room_key, status);
CREATE INDEX IF NOT EXISTS sessions_ended ON sessions (status, ended_at);
CREATE TABLE IF NOT EXISTS inbox (
  id BIGSERIAL PRIMARY KEY, room_key TEXT NOT NULL, event_id TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL, processed BOOLEAN NOT NULL DEFAULT false);
CREATE INDEX IF NOT EXISTS inbox_pending ON inbox (processed, room_key, id);
CREATE TABLE IF NOT EXISTS outbox (
  id BIGSERIAL PRIMARY KEY, room_key TEXT NOT NULL, session_id TEXT, platform TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE, delivery TEXT NOT NULL, delivered BOOLEAN NOT NULL DEFAULT false,
  failed BOOLEAN NOT NULL DEFAULT false, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS drop_when_done BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS posted TEXT;
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (delivered, failed, id);
CREATE INDEX IF NOT EXISTS outbox_room ON outbox (room_key, delivered, failed, id);
CREATE TABLE IF NOT EXISTS cursors (
  platform TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (platform, key));
CREATE TABLE IF NOT EXISTS participants (
  seqno BIGSERIAL, session_id TEXT NOT NULL, platform TEXT NOT NULL, user_id TEXT NOT NULL,
  participant_id TEXT NOT NULL, name TEXT NOT NULL, locale TEXT NOT NULL, grp TEXT,
  PRIMARY KEY (session_id, platform, user_id));
CREATE TABLE IF NOT EXISTS retention (
  session_id TEXT NOT NULL, room_key TEXT NOT NULL, what TEXT NOT NULL, at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS crypto_state (owner TEXT NOT NULL, part TEXT NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (owner, part));
CREATE TABLE IF NOT EXISTS claims (room_key TEXT PRIMARY KEY, owner TEXT NOT NULL, until BIGINT NOT NULL);
CREATE SEQUENCE IF NOT EXISTS session_ids;
CREATE TABLE IF NOT EXISTS deltas (
  session_id TEXT NOT NULL, inbox_id BIGINT NOT NULL, events TEXT NOT NULL, PRIMARY KEY (session_id, inbox_id));
ALTER TABLE deltas ADD COLUMN IF NOT EXISTS seq BIGINT;
CREATE TABLE IF NOT EXISTS audit (
  id BIGSERIAL PRIMARY KEY, room_key TEXT NOT NULL, session_id TEXT, at BIGINT NOT NULL,
  action TEXT NOT NULL, actor TEXT, subject TEXT);
CREATE INDEX IF NOT EXISTS audit_room ON audit (room_key, id);
CREATE INDEX IF NOT EXISTS audit_session ON audit (session_id, id);
`;

const insertAuditSql =
  "INSERT INTO audit (room_key, session_id, at, action, actor, subject) VALUES ($1, $2, $3, $4, $5, $6)";
const auditValues = (e: NewAuditEntry) => [e.roomKey, e.sessionId, e.at, e.action, e.actor, e.subject];

export interface PostgresOptions {
  readonly connectionString: string;
  /** A schema of its own (created if missing), e.g. one per test run. */
  readonly schema?: string;
  readonly poolSize?: number;
}

export class PostgresStore implements Store {
  readonly shared = true;
  private readonly pool: pg.Pool;

  /** Writes waiting for the next group commit (see `write`). */
  private pendingWrites: {
    f: (q: Query, group: Group) => Promise<unknown>;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }[] = [];
  /** Groups being written now, and how many may be at once (the pool's connections but one, for reads). */
  private flushing = 0;
  private readonly maxFlushing: number;
  private flushScheduled = false;
  /** Group transactions committed so far (tests and the bench: writes per transaction). */
  committedGroups = 0;

  private constructor(pool: pg.Pool, poolSize: number) {
    this.pool = pool;
    this.maxFlushing = Math.max(1, poolSize - 1);
  }

  /**
   * Group commit, as in SqliteStore: the inbox appends and steps asked for while the previous
   * group was being written go in one transaction, each in its own savepoint (a failing step, a
   * lost lease included, is rolled back and fails alone). A write's promise resolves only after
   * that transaction committed. A few groups are written at once (each step is several round
   * trips: one group at a time would queue every step behind them), so a busy bot writes few
   * large transactions (one WAL flush each) instead of one per event. A room's steps never overlap
   * (the runtime waits for one before the next), so their order is kept.
   */
  private write<T>(f: (q: Query, group: Group) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pendingWrites.push({ f, resolve: resolve as (v: unknown) => void, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing >= this.maxFlushing || this.pendingWrites.length === 0) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flushWrites();
    });
  }

  private async flushWrites(): Promise<void> {
    if (this.flushing >= this.maxFlushing || this.pendingWrites.length === 0) return;
    this.flushing += 1;
    const batch = this.pendingWrites;
    this.pendingWrites = [];
    const outcomes: Result<unknown, unknown>[] = [];
    const group: Group = { vacuum: false };
    let failure: unknown = null;
    try {
      const client = await this.pool.connect();
      const q: Query = async (sql, params = []) => (await client.query(sql, params)).rows as Row[];
      try {
        await client.query("BEGIN");
        for (const w of batch) {
          await client.query("SAVEPOINT step");
          try {
            outcomes.push(ok(await w.f(q, group)));
            await client.query("RELEASE SAVEPOINT step");
          } catch (e) {
            await client.query("ROLLBACK TO SAVEPOINT step");
            await client.query("RELEASE SAVEPOINT step");
            outcomes.push(err(e));
          }
        }
        await client.query("COMMIT");
        this.committedGroups += 1;
      } catch (e) {
        failure = e;
        await client.query("ROLLBACK").catch(() => undefined);
      } finally {
        client.release();
      }
    } catch (e) {
      failure = e;
    }
    this.flushing -= 1;
    if (group.vacuum && failure === null) this.vacuumLater();
    if (failure !== null) {
      // Nothing of this group was written.
      const error = failure instanceof Error ? failure : new Error("group commit failed", { cause: failure });
      for (const w of batch) w.reject(error);
    } else
      batch.forEach((w, i) => {
        const o = outcomes[i];
        if (o?.ok === true) w.resolve(o.value);
        else w.reject(o?.error instanceof Error ? o.error : new Error(String(o?.error)));
      });
    this.scheduleFlush();
  }

  static async open(options: PostgresOptions): Promise<PostgresStore> {
    const schema = options.schema ?? "public";
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 5,
      options: `-c search_path=${schema}`,
    });
    // An idle client's error (e.g. the server restarting) must not crash the process.
    pool.on("error", () => undefined);
    const client = await pool.connect();
    try {
      // Several processes may start at once: serialise the DDL (IF NOT EXISTS alone races).
      await client.query("SELECT pg_advisory_lock(4242)");
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
        await client.query(schemaSql);
      } finally {
        await client.query("SELECT pg_advisory_unlock(4242)");
      }
    } finally {
      client.release();
    }
    return new PostgresStore(pool, options.poolSize ?? 5);
  }

  private async rows(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const result = await this.pool.query(sql, params);
    return result.rows as Record<string, unknown>[];
  }

  async getCursor(platform: PlatformName, key: string): Promise<string | undefined> {
    const [row] = await this.rows("SELECT value FROM cursors WHERE platform = $1 AND key = $2", [
      platform,
      key,
    ]);
    return row === undefined ? undefined : String(row["value"]);
  }
  async setCursor(platform: PlatformName, key: string, value: string): Promise<void> {
    await this.rows(
      "INSERT INTO cursors (platform, key, value) VALUES ($1, $2, $3) ON CONFLICT (platform, key) DO UPDATE SET value = excluded.value",
      [platform, key, value],
    );
  }

  async loadCryptoState(owner: string): Promise<Map<string, Uint8Array>> {
    const rows = await this.rows("SELECT part, data FROM crypto_state WHERE owner = $1", [owner]);
    return new Map(rows.map((row) => [String(row["part"]), new Uint8Array(row["data"] as Buffer)]));
  }
  async saveCryptoState(owner: string, parts: ReadonlyMap<string, Uint8Array | null>): Promise<void> {
    const written = [...parts].filter((entry): entry is [string, Uint8Array] => entry[1] !== null);
    const deleted = [...parts].filter(([, data]) => data === null).map(([part]) => part);
    // One statement, so one transaction: the deletes and the upserts land together.
    await this.rows(
      `WITH gone AS (DELETE FROM crypto_state WHERE owner = $1 AND part = ANY($2::text[]))
       INSERT INTO crypto_state (owner, part, data)
       SELECT $1, part, data FROM unnest($3::text[], $4::bytea[]) AS t(part, data)
       ON CONFLICT (owner, part) DO UPDATE SET data = excluded.data`,
      [owner, deleted, written.map(([part]) => part), written.map(([, data]) => Buffer.from(data))],
    );
  }

  appendInbox(
    roomKey: string,
    eventId: string,
    payload: InboxPayload,
  ): Promise<{ id: number; duplicate: boolean }> {
    const text = JSON.stringify(payload);
    return this.write(async (q) => {
      const [inserted] = await q(
        "INSERT INTO inbox (room_key, event_id, payload) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING RETURNING id",
        [roomKey, eventId, text],
      );
      if (inserted !== undefined) return { id: Number(inserted["id"]), duplicate: false };
      const [row] = await q("SELECT id FROM inbox WHERE event_id = $1", [eventId]);
      return { id: Number(row?.["id"]), duplicate: true };
    });
  }

  async unprocessedInbox(roomKey?: string): Promise<InboxEntry[]> {
    const rows =
      roomKey === undefined
        ? await this.rows("SELECT * FROM inbox WHERE NOT processed ORDER BY id")
        : await this.rows("SELECT * FROM inbox WHERE NOT processed AND room_key = $1 ORDER BY id", [roomKey]);
    return rows.map((r) => inboxFromRow({ ...r, processed: r["processed"] === true ? 1 : 0 }));
  }

  compact(sessions: Iterable<SessionRecord>): Promise<void> {
    return this.write(async (q) => {
      for (const session of sessions) {
        const updated = await q(`${numbered(updateSessionSql)} RETURNING id`, sessionUpdateValues(session));
        if (updated.length !== 1) throw new Error(`session ${session.id} missing for a compaction`);
        await q(numbered(deltaSql.deleteAll), [session.id]);
      }
    });
  }

  commit(step: Commit): Promise<Committed> {
    return this.write((q, group) => this.writeStep(q, step, group));
  }

  private async writeStep(q: Query, step: Commit, group: Group): Promise<Committed> {
    {
      const [entry] = await q("SELECT room_key, processed FROM inbox WHERE id = $1 FOR UPDATE", [
        step.inboxId,
      ]);
      if (entry === undefined || entry["processed"] === true) {
        throw new Error(`inbox entry ${step.inboxId} missing or already processed`);
      }
      if (step.owner !== undefined) {
        const roomKey = String(entry["room_key"]);
        const [claim] = await q("SELECT owner FROM claims WHERE room_key = $1 FOR UPDATE", [roomKey]);
        if (claim?.["owner"] !== step.owner) throw new LeaseLostError(roomKey);
      }
      await q("UPDATE inbox SET processed = true WHERE id = $1", [step.inboxId]);
      const s = step.session;
      if (step.forget !== undefined && step.events !== undefined)
        throw new Error("a step that forgets someone writes the whole snapshot");
      if (s !== undefined && step.events !== undefined && step.isNewSession !== true) {
        // A delta: the step's workshop events beside the stored snapshot (deltas.ts).
        const updated = await q(`${numbered(deltaSql.updateSession)} RETURNING id`, sessionMetaValues(s));
        if (updated.length !== 1) throw new Error(`session ${s.id} missing for a delta`);
        if (step.events.length > 0)
          await q(numbered(deltaSql.insert), [s.id, step.inboxId, s.seq, JSON.stringify(step.events)]);
      } else if (s !== undefined) {
        // The spec never changes after the session was created: update the row without it.
        const updated =
          step.isNewSession === true
            ? []
            : await q(`${numbered(updateSessionSql)} RETURNING id`, sessionUpdateValues(s));
        if (updated.length === 0) await q(numbered(upsertSessionSql), sessionValues(s));
        await q(numbered(deltaSql.deleteAll), [s.id]);
      }
      for (const p of step.participants ?? []) {
        await q(numbered(upsertParticipantSql), participantValues(p));
      }
      const removed: number[] = [];
      if (step.forget !== undefined) {
        const f = step.forget;
        // Never replayed across a forget: the step wrote the session's whole state.
        if ((await q("SELECT 1 FROM deltas WHERE session_id = $1 LIMIT 1", [f.sessionId])).length > 0)
          throw new Error(`session ${f.sessionId} still has deltas at a forget`);
        const [room] = await q("SELECT room_key FROM sessions WHERE id = $1", [f.sessionId]);
        if (room !== undefined) {
          const roomKey = String(room["room_key"]);
          const texts: string[] = [];
          for (const r of await q("SELECT id, payload FROM inbox WHERE room_key = $1", [roomKey])) {
            const payload = JSON.parse(String(r["payload"])) as InboxPayload;
            texts.push(...textsOf(payload, f.userId));
            const redacted = redactPayload(payload, f);
            if (redacted !== null) {
              await q("UPDATE inbox SET payload = $1 WHERE id = $2", [JSON.stringify(redacted), r["id"]]);
            }
          }
          const carries = identityMatcher(f, texts);
          const rows = await q("SELECT id, delivery, delivered, failed FROM outbox WHERE room_key = $1", [
            roomKey,
          ]);
          const gone = rows.filter((r) => carries(JSON.parse(String(r["delivery"])) as Delivery));
          if (gone.length > 0)
            await q("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [gone.map((r) => r["id"])]);
          for (const r of gone)
            if (r["delivered"] !== true && r["failed"] !== true) removed.push(Number(r["id"]));
          await q("INSERT INTO retention (session_id, room_key, what, at) VALUES ($1, $2, $3, $4)", [
            f.sessionId,
            roomKey,
            `forgot ${f.participantId}`,
            Date.now(),
          ]);
        }
        await q("DELETE FROM participants WHERE session_id = $1 AND participant_id = $2", [
          f.sessionId,
          f.participantId,
        ]);
      }
      if (step.discardPayload === true)
        await q("UPDATE inbox SET payload = $1 WHERE id = $2", [JSON.stringify(gonePayload), step.inboxId]);
      for (const e of step.audit ?? []) await q(insertAuditSql, auditValues(e));
      const outbox: OutboxEntry[] = [];
      for (const d of step.deliveries) {
        const [row] = await q(
          "INSERT INTO outbox (room_key, session_id, platform, idempotency_key, delivery, drop_when_done) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
          [
            d.roomKey,
            d.sessionId,
            d.platform,
            d.delivery.idempotencyKey,
            JSON.stringify(d.delivery),
            d.dropWhenDone === true,
          ],
        );
        outbox.push({
          id: Number(row?.["id"]),
          roomKey: d.roomKey,
          sessionId: d.sessionId,
          platform: d.platform,
          idempotencyKey: d.delivery.idempotencyKey,
          delivery: d.delivery,
          attempts: 0,
        });
      }
      // Once the group committed: VACUUM only prunes row versions no transaction can still see.
      if (step.forget !== undefined) group.vacuum = true;
      return { outbox, removed };
    }
  }

  /** A session row with its deltas (folded into the snapshot unless `keepPending`). */
  private async session(row: Record<string, unknown>, keepPending = false): Promise<SessionRecord> {
    const record = sessionFromRow(row);
    const deltas = await this.rows(numbered(deltaSql.select), [record.id]);
    return withDeltas(
      record,
      deltas.map((r) => String(r["events"])),
      keepPending,
    );
  }

  async liveSession(
    roomKey: string,
    options?: { readonly pending?: boolean },
  ): Promise<SessionRecord | undefined> {
    const [row] = await this.rows(
      "SELECT * FROM sessions WHERE room_key = $1 AND status = 'live' ORDER BY created_at DESC LIMIT 1",
      [roomKey],
    );
    return row === undefined ? undefined : this.session(row, options?.pending === true);
  }
  async liveSessionsOf(roomKeys: readonly string[]): Promise<StoredLiveSession[]> {
    const sessions = (
      await this.rows("SELECT * FROM sessions WHERE status = 'live' AND room_key = ANY($1::text[])", [
        [...roomKeys],
      ])
    ).map((r) => sessionFromRow(r));
    const ids = sessions.map((r) => r.id);
    const deltas = await this.rows(
      `SELECT session_id, events FROM deltas WHERE session_id = ANY($1::text[]) ${deltaSql.order}`,
      [ids],
    );
    const participants = await this.rows(
      "SELECT * FROM participants WHERE session_id = ANY($1::text[]) ORDER BY seqno",
      [ids],
    );
    return liveSessionsFrom(
      sessions,
      deltas.map((r) => ({ sessionId: String(r["session_id"]), events: String(r["events"]) })),
      participants.map(participantFromRow),
    );
  }
  async liveTimers(): Promise<LiveTimer[]> {
    const rows = await this.rows(
      "SELECT id, room_key, meta FROM sessions WHERE status = 'live' ORDER BY created_at",
    );
    return rows.map((r) => {
      const meta = r["meta"];
      return liveTimerOf(
        String(r["id"]),
        String(r["room_key"]),
        typeof meta === "string" ? meta : JSON.stringify(meta),
      );
    });
  }
  async findSession(idOrRoomKey: string): Promise<SessionRecord | undefined> {
    const [row] = await this.rows(
      "SELECT * FROM sessions WHERE id = $1 OR room_key = $1 ORDER BY (id = $1) DESC, created_at DESC LIMIT 1",
      [idOrRoomKey],
    );
    return row === undefined ? undefined : this.session(row);
  }
  async appendAudit(entries: readonly NewAuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      for (const e of entries) await client.query(insertAuditSql, auditValues(e));
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK");
      throw e;
    } finally {
      client.release();
    }
  }

  async auditTrail(filter: AuditFilter): Promise<AuditEntry[]> {
    const rows = await this.rows(
      "SELECT * FROM audit WHERE ($1::text IS NULL OR room_key = $1) AND ($2::text IS NULL OR session_id = $2) ORDER BY id",
      [filter.roomKey ?? null, filter.sessionId ?? null],
    );
    return rows.map(auditFromRow);
  }

  async listSessions(): Promise<SessionRecord[]> {
    const rows = await this.rows("SELECT * FROM sessions ORDER BY created_at DESC, id DESC", []);
    return Promise.all(rows.map((r) => this.session(r)));
  }
  async participants(sessionId: string): Promise<ParticipantRecord[]> {
    return (
      await this.rows("SELECT * FROM participants WHERE session_id = $1 ORDER BY seqno", [sessionId])
    ).map(participantFromRow);
  }
  async pendingOutbox(roomKey?: string): Promise<OutboxEntry[]> {
    const rows =
      roomKey === undefined
        ? await this.rows("SELECT * FROM outbox WHERE NOT delivered AND NOT failed ORDER BY id")
        : await this.rows(
            "SELECT * FROM outbox WHERE room_key = $1 AND NOT delivered AND NOT failed ORDER BY id",
            [roomKey],
          );
    return rows.map(outboxFromRow);
  }
  async markDelivered(outboxIds: number | readonly number[]): Promise<void> {
    const ids = typeof outboxIds === "number" ? [outboxIds] : [...outboxIds];
    if (ids.length === 0) return;
    await this.rows("UPDATE outbox SET delivered = true WHERE id = ANY($1::bigint[])", [ids]);
    const dropped = await this.rows(
      "DELETE FROM outbox WHERE id = ANY($1::bigint[]) AND drop_when_done RETURNING id",
      [ids],
    );
    if (dropped.length > 0) this.vacuumLater();
  }
  async deliveredOutbox(roomKey: string): Promise<Delivery[]> {
    return (
      await this.rows("SELECT * FROM outbox WHERE delivered AND room_key = $1 ORDER BY id", [roomKey])
    ).map((r) => outboxFromRow(r).delivery);
  }
  async recordPosted(outboxId: number, messageIds: readonly string[]): Promise<void> {
    await this.rows("UPDATE outbox SET posted = $1 WHERE id = $2", [JSON.stringify(messageIds), outboxId]);
  }
  async postedMessages(sessionId: string, roomKey: string, ref: number): Promise<string[]> {
    const rows = await this.rows(
      "SELECT * FROM outbox WHERE session_id = $1 AND room_key = $2 AND posted IS NOT NULL ORDER BY id",
      [sessionId, roomKey],
    );
    return rows.flatMap((r) => {
      const d = outboxFromRow(r).delivery;
      return d.kind === "say" && d.contributionRef === ref
        ? (JSON.parse(String(r["posted"])) as string[])
        : [];
    });
  }
  async recordAttempt(outboxId: number, error: string, giveUp: boolean): Promise<void> {
    await this.rows("UPDATE outbox SET attempts = attempts + 1, last_error = $1, failed = $2 WHERE id = $3", [
      error,
      giveUp,
      outboxId,
    ]);
    if (giveUp) await this.rows("DELETE FROM outbox WHERE id = $1 AND drop_when_done", [outboxId]);
  }
  async deleteEndedBefore(before: number, now: number): Promise<string[]> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const rows = (
        await client.query(
          "SELECT id, room_key FROM sessions WHERE status = 'done' AND ended_at < $1 FOR UPDATE",
          [before],
        )
      ).rows as { id: string; room_key: string }[];
      for (const r of rows) {
        await client.query("DELETE FROM participants WHERE session_id = $1", [r.id]);
        await client.query("DELETE FROM outbox WHERE session_id = $1", [r.id]);
        await client.query("UPDATE inbox SET payload = $1 WHERE room_key = $2 AND processed", [
          JSON.stringify(gonePayload),
          r.room_key,
        ]);
        await client.query("DELETE FROM sessions WHERE id = $1", [r.id]);
        await client.query(numbered(deltaSql.deleteAll), [r.id]);
        await client.query("DELETE FROM audit WHERE session_id = $1", [r.id]);
        await client.query(
          "INSERT INTO retention (session_id, room_key, what, at) VALUES ($1, $2, 'deleted', $3)",
          [r.id, r.room_key, now],
        );
      }
      await client.query("DELETE FROM outbox WHERE session_id IS NULL AND (delivered OR failed)");
      await client.query("DELETE FROM audit WHERE session_id IS NULL AND at < $1", [before]);
      await client.query("COMMIT");
      this.vacuumLater();
      return rows.map((r) => r.id);
    } catch (e) {
      await client.query("ROLLBACK");
      throw e;
    } finally {
      client.release();
    }
  }
  async claimRoom(roomKey: string, owner: string, now: number, until: number): Promise<boolean> {
    const rows = await this.rows(
      `INSERT INTO claims (room_key, owner, until) VALUES ($1, $2, $3)
       ON CONFLICT (room_key) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE claims.owner = excluded.owner OR claims.until < $4
       RETURNING owner`,
      [roomKey, owner, until, now],
    );
    return rows.length === 1;
  }
  async renewRooms(
    roomKeys: readonly string[],
    owner: string,
    now: number,
    until: number,
  ): Promise<Set<string>> {
    if (roomKeys.length === 0) return new Set();
    const keys = [...new Set(roomKeys)];
    // Two statements for every room, not a round trip each; rows a commit holds are skipped.
    await this.rows(
      `WITH free AS (
         SELECT room_key FROM claims WHERE room_key = ANY($1::text[]) AND (owner = $2 OR until < $4)
         FOR UPDATE SKIP LOCKED)
       UPDATE claims SET owner = $2, until = $3 FROM free WHERE claims.room_key = free.room_key`,
      [keys, owner, until, now],
    );
    const taken = await this.rows(
      "SELECT room_key FROM claims WHERE room_key = ANY($1::text[]) AND owner <> $2",
      [keys, owner],
    );
    return new Set(taken.map((r) => String(r["room_key"])));
  }
  async releaseRooms(owner: string): Promise<void> {
    await this.rows("DELETE FROM claims WHERE owner = $1", [owner]);
  }
  /**
   * After deleting content: VACUUM the tables that held it, so the dead row versions are pruned
   * rather than left until autovacuum comes by. It cannot run inside a transaction, so it runs
   * after the commit, in the background (a large table takes a while); `close` waits for it.
   * What PostgreSQL still keeps (WAL segments, backups, replicas) is in the README.
   */
  private vacuumLater(): void {
    const run = this.vacuuming
      .then(() => this.pool.query("VACUUM inbox, outbox, participants, sessions, deltas"))
      .then(
        () => undefined,
        () => undefined, // Autovacuum still comes by; a failure here loses nothing.
      );
    this.vacuuming = run;
  }
  private vacuuming: Promise<void> = Promise.resolve();

  /** Resolves when the VACUUM runs started so far have finished (tests). */
  vacuumed(): Promise<void> {
    return this.vacuuming;
  }

  async close(): Promise<void> {
    await this.vacuuming;
    await this.pool.end();
  }

  /** Drops a schema (tests). */
  static async dropSchema(connectionString: string, schema: string): Promise<void> {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  }
}
