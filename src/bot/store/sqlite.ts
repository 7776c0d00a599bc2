// The embedded default: one SQLite file through node:sqlite, WAL, nothing to install.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { Delivery, PlatformName } from "../ports.ts";
import { redactPayload } from "./redact.ts";
import type {
  Commit,
  InboxEntry,
  InboxPayload,
  OutboxEntry,
  ParticipantRecord,
  SessionRecord,
  SessionStatus,
  Store,
} from "./types.ts";

export const defaultSqlitePath = ".parley/parley.sqlite";

const schema = `
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, room_key TEXT NOT NULL, flow_id TEXT NOT NULL, spec TEXT NOT NULL,
  seed INTEGER NOT NULL, locale TEXT NOT NULL, snapshot TEXT, meta TEXT NOT NULL, seq INTEGER NOT NULL,
  status TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, ended_at INTEGER);
CREATE INDEX IF NOT EXISTS sessions_room ON sessions (room_key, status);
CREATE TABLE IF NOT EXISTS inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room_key TEXT NOT NULL, event_id TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL, processed INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS inbox_pending ON inbox (processed, room_key, id);
CREATE TABLE IF NOT EXISTS outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT, room_key TEXT NOT NULL, session_id TEXT, platform TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE, delivery TEXT NOT NULL, delivered INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (delivered, failed, id);
CREATE TABLE IF NOT EXISTS cursors (
  platform TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (platform, key));
CREATE TABLE IF NOT EXISTS participants (
  session_id TEXT NOT NULL, platform TEXT NOT NULL, user_id TEXT NOT NULL, participant_id TEXT NOT NULL,
  name TEXT NOT NULL, locale TEXT NOT NULL, grp TEXT, PRIMARY KEY (session_id, platform, user_id));
CREATE TABLE IF NOT EXISTS retention (
  session_id TEXT NOT NULL, room_key TEXT NOT NULL, what TEXT NOT NULL, at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

type Row = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : String(v));
const num = (v: unknown): number => Number(v);

export function sessionFromRow(r: Row): SessionRecord {
  return {
    id: str(r["id"]),
    roomKey: str(r["room_key"]),
    flowId: str(r["flow_id"]),
    spec: JSON.parse(str(r["spec"])) as unknown,
    seed: num(r["seed"]),
    locale: str(r["locale"]),
    snapshot: r["snapshot"] === null ? null : (JSON.parse(str(r["snapshot"])) as unknown),
    meta: JSON.parse(str(r["meta"])) as SessionRecord["meta"],
    seq: num(r["seq"]),
    status: str(r["status"]) as SessionStatus,
    createdAt: num(r["created_at"]),
    updatedAt: num(r["updated_at"]),
    endedAt: r["ended_at"] === null ? null : num(r["ended_at"]),
  };
}
export function inboxFromRow(r: Row): InboxEntry {
  return {
    id: num(r["id"]),
    roomKey: str(r["room_key"]),
    eventId: str(r["event_id"]),
    payload: JSON.parse(str(r["payload"])) as InboxPayload,
    processed: num(r["processed"]) !== 0,
  };
}
export function outboxFromRow(r: Row): OutboxEntry {
  return {
    id: num(r["id"]),
    roomKey: str(r["room_key"]),
    sessionId: r["session_id"] === null ? null : str(r["session_id"]),
    platform: str(r["platform"]),
    idempotencyKey: str(r["idempotency_key"]),
    delivery: JSON.parse(str(r["delivery"])) as OutboxEntry["delivery"],
    attempts: num(r["attempts"]),
  };
}
export function participantFromRow(r: Row): ParticipantRecord {
  return {
    sessionId: str(r["session_id"]),
    platform: str(r["platform"]),
    userId: str(r["user_id"]),
    participantId: str(r["participant_id"]),
    name: str(r["name"]),
    locale: str(r["locale"]),
    group: r["grp"] === null ? null : str(r["grp"]),
  };
}

export class SqliteStore implements Store {
  readonly shared = false;
  private readonly db: DatabaseSync;

  constructor(path: string = defaultSqlitePath) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new DatabaseSync(path);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;");
    this.db.exec(schema);
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

  private run<T>(f: () => T): Promise<T> {
    try {
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  getCursor(platform: PlatformName, key: string): Promise<string | undefined> {
    return this.run(() => {
      const row = this.db
        .prepare("SELECT value FROM cursors WHERE platform = ? AND key = ?")
        .get(platform, key);
      return row === undefined ? undefined : str(row["value"]);
    });
  }
  setCursor(platform: PlatformName, key: string, value: string): Promise<void> {
    return this.run(() => {
      this.db
        .prepare(
          "INSERT INTO cursors (platform, key, value) VALUES (?, ?, ?) ON CONFLICT (platform, key) DO UPDATE SET value = excluded.value",
        )
        .run(platform, key, value);
    });
  }

  appendInbox(
    roomKey: string,
    eventId: string,
    payload: InboxPayload,
  ): Promise<{ id: number; duplicate: boolean }> {
    return this.run(() => {
      const inserted = this.db
        .prepare(
          "INSERT INTO inbox (room_key, event_id, payload) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING RETURNING id",
        )
        .get(roomKey, eventId, JSON.stringify(payload));
      if (inserted !== undefined) return { id: num(inserted["id"]), duplicate: false };
      const row = this.db.prepare("SELECT id FROM inbox WHERE event_id = ?").get(eventId);
      return { id: num(row?.["id"]), duplicate: true };
    });
  }

  unprocessedInbox(roomKey?: string): Promise<InboxEntry[]> {
    return this.run(() => {
      const rows =
        roomKey === undefined
          ? this.db.prepare("SELECT * FROM inbox WHERE processed = 0 ORDER BY id").all()
          : this.db
              .prepare("SELECT * FROM inbox WHERE processed = 0 AND room_key = ? ORDER BY id")
              .all(roomKey);
      return rows.map(inboxFromRow);
    });
  }

  commit(step: Commit): Promise<void> {
    return this.run(() => {
      this.tx(() => {
        const marked = this.db
          .prepare("UPDATE inbox SET processed = 1 WHERE id = ? AND processed = 0")
          .run(step.inboxId);
        if (Number(marked.changes) !== 1)
          throw new Error(`inbox entry ${step.inboxId} missing or already processed`);
        const s = step.session;
        if (s !== undefined) {
          this.db
            .prepare(
              `INSERT INTO sessions (id, room_key, flow_id, spec, seed, locale, snapshot, meta, seq, status, created_at, updated_at, ended_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, meta = excluded.meta, seq = excluded.seq,
                 status = excluded.status, updated_at = excluded.updated_at, ended_at = excluded.ended_at`,
            )
            .run(
              s.id,
              s.roomKey,
              s.flowId,
              JSON.stringify(s.spec),
              s.seed,
              s.locale,
              s.snapshot === null ? null : JSON.stringify(s.snapshot),
              JSON.stringify(s.meta),
              s.seq,
              s.status,
              s.createdAt,
              s.updatedAt,
              s.endedAt,
            );
        }
        const upsert = this.db.prepare(
          `INSERT INTO participants (session_id, platform, user_id, participant_id, name, locale, grp) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (session_id, platform, user_id) DO UPDATE SET participant_id = excluded.participant_id,
             name = excluded.name, locale = excluded.locale, grp = excluded.grp`,
        );
        for (const p of step.participants ?? []) {
          upsert.run(p.sessionId, p.platform, p.userId, p.participantId, p.name, p.locale, p.group);
        }
        const insert = this.db.prepare(
          "INSERT INTO outbox (room_key, session_id, platform, idempotency_key, delivery) VALUES (?, ?, ?, ?, ?)",
        );
        for (const d of step.deliveries) {
          insert.run(
            d.roomKey,
            d.sessionId,
            d.platform,
            d.delivery.idempotencyKey,
            JSON.stringify(d.delivery),
          );
        }
        if (step.forget !== undefined) this.forget(step.forget);
      });
    });
  }

  private forget(f: NonNullable<Commit["forget"]>): void {
    const room = this.db.prepare("SELECT room_key FROM sessions WHERE id = ?").get(f.sessionId);
    if (room !== undefined) {
      const rows = this.db.prepare("SELECT * FROM inbox WHERE room_key = ?").all(str(room["room_key"]));
      const update = this.db.prepare("UPDATE inbox SET payload = ? WHERE id = ?");
      for (const r of rows) {
        const redacted = redactPayload(inboxFromRow(r).payload, f.userId);
        if (redacted !== null) update.run(JSON.stringify(redacted), num(r["id"]));
      }
      this.db
        .prepare("INSERT INTO retention (session_id, room_key, what, at) VALUES (?, ?, ?, ?)")
        .run(f.sessionId, str(room["room_key"]), `forgot ${f.participantId}`, Date.now());
    }
    this.db
      .prepare("DELETE FROM participants WHERE session_id = ? AND participant_id = ?")
      .run(f.sessionId, f.participantId);
  }

  liveSession(roomKey: string): Promise<SessionRecord | undefined> {
    return this.run(() => {
      const row = this.db
        .prepare(
          "SELECT * FROM sessions WHERE room_key = ? AND status = 'live' ORDER BY created_at DESC LIMIT 1",
        )
        .get(roomKey);
      return row === undefined ? undefined : sessionFromRow(row);
    });
  }
  liveSessions(): Promise<SessionRecord[]> {
    return this.run(() =>
      this.db
        .prepare("SELECT * FROM sessions WHERE status = 'live' ORDER BY created_at")
        .all()
        .map(sessionFromRow),
    );
  }
  findSession(idOrRoomKey: string): Promise<SessionRecord | undefined> {
    return this.run(() => {
      const row =
        this.db.prepare("SELECT * FROM sessions WHERE id = ?").get(idOrRoomKey) ??
        this.db
          .prepare("SELECT * FROM sessions WHERE room_key = ? ORDER BY created_at DESC, id DESC LIMIT 1")
          .get(idOrRoomKey);
      return row === undefined ? undefined : sessionFromRow(row);
    });
  }
  nextSessionId(): Promise<string> {
    return this.run(() => {
      const row = this.db
        .prepare(
          "INSERT INTO counters (name, value) VALUES ('session', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value",
        )
        .get();
      return `s${num(row?.["value"])}`;
    });
  }
  participants(sessionId: string): Promise<ParticipantRecord[]> {
    return this.run(() =>
      this.db
        .prepare("SELECT * FROM participants WHERE session_id = ? ORDER BY rowid")
        .all(sessionId)
        .map(participantFromRow),
    );
  }
  pendingOutbox(): Promise<OutboxEntry[]> {
    return this.run(() =>
      this.db
        .prepare("SELECT * FROM outbox WHERE delivered = 0 AND failed = 0 ORDER BY id")
        .all()
        .map(outboxFromRow),
    );
  }
  markDelivered(outboxId: number): Promise<void> {
    return this.run(() => {
      this.db.prepare("UPDATE outbox SET delivered = 1 WHERE id = ?").run(outboxId);
    });
  }
  deliveredOutbox(roomKey: string): Promise<Delivery[]> {
    return this.run(() =>
      this.db
        .prepare("SELECT * FROM outbox WHERE delivered = 1 AND room_key = ? ORDER BY id")
        .all(roomKey)
        .map((r) => outboxFromRow(r).delivery),
    );
  }
  recordAttempt(outboxId: number, error: string, giveUp: boolean): Promise<void> {
    return this.run(() => {
      this.db
        .prepare("UPDATE outbox SET attempts = attempts + 1, last_error = ?, failed = ? WHERE id = ?")
        .run(error, giveUp ? 1 : 0, outboxId);
    });
  }
  deleteEndedBefore(before: number, now: number): Promise<string[]> {
    return this.run(() =>
      this.tx(() => {
        const rows = this.db
          .prepare("SELECT id, room_key FROM sessions WHERE status = 'done' AND ended_at < ?")
          .all(before);
        for (const r of rows) {
          const id = str(r["id"]);
          const roomKey = str(r["room_key"]);
          this.db.prepare("DELETE FROM participants WHERE session_id = ?").run(id);
          this.db.prepare("DELETE FROM outbox WHERE session_id = ?").run(id);
          // Processed entries hold the contributions; keep only their ids so events still dedupe.
          this.db
            .prepare("UPDATE inbox SET payload = ? WHERE room_key = ? AND processed = 1")
            .run(JSON.stringify({ source: "timer", sessionId: "", at: 0 }), roomKey);
          this.db.prepare("DELETE FROM sessions WHERE id = ?").run(id);
          this.db
            .prepare("INSERT INTO retention (session_id, room_key, what, at) VALUES (?, ?, 'deleted', ?)")
            .run(id, roomKey, now);
        }
        return rows.map((r) => str(r["id"]));
      }),
    );
  }
  claimRoom(): Promise<boolean> {
    return Promise.resolve(true);
  }
  releaseRooms(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return this.run(() => {
      if (this.db.isOpen) this.db.close();
    });
  }
}
