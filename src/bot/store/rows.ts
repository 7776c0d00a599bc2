// What the SQLite and PostgreSQL stores share: the row → record mappers and the upserts whose
// SQL is the same in both dialects. The SQL is written with `?` placeholders; PostgreSQL numbers
// them with `numbered`. Each dialect keeps the rest of its SQL (booleans, locks, leases) itself.
import {
  deepFreeze,
  type AuditEntry,
  type InboxEntry,
  type InboxPayload,
  type OutboxEntry,
  type ParticipantRecord,
  type SessionRecord,
  type SessionStatus,
} from "./types.ts";

export type Row = Record<string, unknown>;
export const str = (v: unknown): string => (typeof v === "string" ? v : String(v));
export const num = (v: unknown): number => Number(v);

/**
 * Parsed specs by their JSON text. Sessions of one flow store the same text, so restoring 10,000
 * of them parses it once and they share one (frozen) object: less heap, and the session host can
 * reuse one compiled machine per spec. Bounded: cleared when it holds too many distinct specs.
 */
const specCache = new Map<string, unknown>();
const specCacheLimit = 64;

export function parseSpec(text: string): unknown {
  const known = specCache.get(text);
  if (known !== undefined) return known;
  const parsed = deepFreeze(JSON.parse(text) as unknown);
  if (specCache.size >= specCacheLimit) specCache.clear();
  specCache.set(text, parsed);
  return parsed;
}

export function sessionFromRow(r: Row): SessionRecord {
  return sessionWithSpec(r, parseSpec(str(r["spec"])));
}

/** A session row (its spec column may be left out) with its spec already parsed. */
export function sessionWithSpec(r: Row, spec: unknown): SessionRecord {
  return {
    id: str(r["id"]),
    roomKey: str(r["room_key"]),
    flowId: str(r["flow_id"]),
    spec,
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

/** `?` placeholders → PostgreSQL's `$1, $2, …` (the shared SQL holds no `?` inside strings). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${String(++n)}`);
}

/** A step's session columns, leaving the (large, never changing) spec alone. */
export const updateSessionSql =
  "UPDATE sessions SET snapshot = ?, meta = ?, seq = ?, status = ?, updated_at = ?, ended_at = ? WHERE id = ?";

/** The values for `updateSessionSql`, in its column order. */
export function sessionUpdateValues(s: SessionRecord): (string | number | null)[] {
  return [snapshotText(s), JSON.stringify(s.meta), s.seq, s.status, s.updatedAt, s.endedAt, s.id];
}

function snapshotText(s: SessionRecord): string | null {
  return s.snapshot === null ? null : JSON.stringify(s.snapshot);
}

/** Writes a whole session row, or only its changing columns when it exists already. */
export const upsertSessionSql = `INSERT INTO sessions (id, room_key, flow_id, spec, seed, locale, snapshot, meta, seq, status, created_at, updated_at, ended_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET snapshot = excluded.snapshot, meta = excluded.meta, seq = excluded.seq,
    status = excluded.status, updated_at = excluded.updated_at, ended_at = excluded.ended_at`;

/** The values for `upsertSessionSql`, in its column order. */
export function sessionValues(s: SessionRecord): (string | number | null)[] {
  return [
    s.id,
    s.roomKey,
    s.flowId,
    JSON.stringify(s.spec),
    s.seed,
    s.locale,
    snapshotText(s),
    JSON.stringify(s.meta),
    s.seq,
    s.status,
    s.createdAt,
    s.updatedAt,
    s.endedAt,
  ];
}

export const upsertParticipantSql = `INSERT INTO participants (session_id, platform, user_id, participant_id, name, locale, grp)
  VALUES (?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (session_id, platform, user_id) DO UPDATE SET participant_id = excluded.participant_id,
    name = excluded.name, locale = excluded.locale, grp = excluded.grp`;

/** The values for `upsertParticipantSql`, in its column order. */
export function participantValues(p: ParticipantRecord): (string | null)[] {
  return [p.sessionId, p.platform, p.userId, p.participantId, p.name, p.locale, p.group];
}

const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : str(v));

/** An audit row (SQLite and PostgreSQL alike). */
export function auditFromRow(r: Record<string, unknown>): AuditEntry {
  return {
    id: Number(r["id"]),
    roomKey: str(r["room_key"]),
    sessionId: optStr(r["session_id"]),
    at: Number(r["at"]),
    action: str(r["action"]),
    actor: optStr(r["actor"]),
    subject: optStr(r["subject"]),
  };
}
