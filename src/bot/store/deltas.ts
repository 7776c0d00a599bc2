// Snapshots as deltas: a step stores the workshop events it applied, not the whole machine state
// (walking and writing a mid-workshop context was most of a durable step's cost). The full state
// is written when a session starts, every `compactEvery` steps, when it ends and at every forget;
// between those, the stored snapshot plus the session's deltas, replayed in order, is the state.
import type { WorkshopEvent } from "../../flows/protocol.ts";
import type { FlowSpec } from "../../flows/spec.ts";
import { restore } from "../../flows/stepper.ts";
import type { ParticipantRecord, SessionRecord, StoredLiveSession } from "./types.ts";

/** Steps stored as deltas before the next one writes the whole state (bounds a restore's replay). */
export const compactEvery = 16;

/** Shared SQL (both dialects): a delta per step, keyed by its session and inbox entry. */
export const deltaSql = {
  insert: "INSERT INTO deltas (session_id, inbox_id, events) VALUES (?, ?, ?)",
  deleteAll: "DELETE FROM deltas WHERE session_id = ?",
  select: "SELECT events FROM deltas WHERE session_id = ? ORDER BY inbox_id",
  /**
   * A step's session columns without the snapshot (a delta step); values: `sessionMetaValues`. A
   * delta is only ever taken by a live session that stays live (a step that ends it is written
   * whole), so status and end are not written (nor the index on them): the row must be live.
   */
  updateSession: "UPDATE sessions SET meta = ?, seq = ?, updated_at = ? WHERE id = ? AND status = 'live'",
} as const;
/**
 * SQLite's delta step: one row with the events and the session's meta, seq and time, instead of
 * that row plus an UPDATE of the session row (which rewrote the whole row, its 9 KB spec and its
 * snapshot, every step: the largest statement after the outbox insert). The session row is
 * written at whole snapshots only; readers take the newest delta's meta (`withLatestMeta`). The
 * insert checks, through the (room, status) index, that the session is there and live.
 */
export const sqliteDeltaInsert =
  "INSERT INTO deltas (session_id, inbox_id, events, meta, seq, updated_at) SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM sessions INDEXED BY sessions_room WHERE room_key = ? AND status = 'live' AND id = ?)";
export function sqliteDeltaValues(s: SessionRecord, inboxId: number, events: string): (string | number)[] {
  if (s.status !== "live" || s.endedAt !== null) throw new Error(`session ${s.id} not live for a delta`);
  return [s.id, inboxId, events, JSON.stringify(s.meta), s.seq, s.updatedAt, s.roomKey, s.id];
}
export function sessionMetaValues(s: SessionRecord): (string | number | null)[] {
  if (s.status !== "live" || s.endedAt !== null) throw new Error(`session ${s.id} not live for a delta`);
  return [JSON.stringify(s.meta), s.seq, s.updatedAt, s.id];
}

/**
 * The record with its stored deltas: left in `pending` (the session host replays them on the
 * actor it restores anyway) or folded into `snapshot` (every other reader sees the state).
 */
export function withDeltas(
  record: SessionRecord,
  deltas: readonly (string | DeltaRow)[],
  keepPending: boolean,
): SessionRecord {
  if (deltas.length === 0) return record;
  const rows = deltas.map((d) => (typeof d === "string" ? { events: d } : d));
  const pending = rows.flatMap((d) => JSON.parse(d.events) as WorkshopEvent[]);
  const latest = withLatestMeta(record, rows);
  if (keepPending) return { ...latest, pending };
  return { ...latest, snapshot: folded(latest, pending) };
}

/**
 * A delta row as SQLite stores it: the step's events and, since a delta step no longer updates
 * the session row, the session's meta, seq and time after that step (null in rows from before).
 */
export interface DeltaRow {
  readonly events: string;
  readonly meta?: string | null;
  readonly seq?: number | null;
  readonly updatedAt?: number | null;
}

/** The record with the meta of its newest delta, when that is newer than the row's (by seq). */
export function withLatestMeta(record: SessionRecord, rows: readonly DeltaRow[]): SessionRecord {
  let newest: DeltaRow | undefined;
  for (const d of rows)
    if (d.meta != null && d.seq != null && d.seq > (newest?.seq ?? record.seq)) newest = d;
  if (newest?.meta == null || newest.seq == null) return record;
  return {
    ...record,
    meta: JSON.parse(newest.meta) as SessionRecord["meta"],
    seq: newest.seq,
    updatedAt: newest.updatedAt ?? record.updatedAt,
  };
}

/** The snapshot with the events applied (a bug in the machine throws: they were taken once). */
export function folded(record: SessionRecord, events: readonly WorkshopEvent[]): unknown {
  if (events.length === 0) return record.snapshot;
  const stepper = restore(record.spec as FlowSpec, record.snapshot, record.seed);
  try {
    stepper.replay(events);
    return stepper.persisted();
  } finally {
    stepper.stop();
  }
}

/**
 * `liveSessionsOf` from one read each of the sessions, the deltas (in order) and the participants
 * (in order) of many rooms: the newest live session of each room, its deltas left in `pending`.
 */
export function liveSessionsFrom(
  sessions: readonly SessionRecord[],
  deltas: readonly (DeltaRow & { readonly sessionId: string })[],
  participants: readonly ParticipantRecord[],
): StoredLiveSession[] {
  const newest = new Map<string, SessionRecord>();
  for (const s of sessions) {
    const other = newest.get(s.roomKey);
    if (other === undefined || s.createdAt >= other.createdAt) newest.set(s.roomKey, s);
  }
  const texts = new Map<string, DeltaRow[]>();
  for (const d of deltas) {
    const list = texts.get(d.sessionId);
    if (list === undefined) texts.set(d.sessionId, [d]);
    else list.push(d);
  }
  const people = new Map<string, ParticipantRecord[]>();
  for (const p of participants) {
    const list = people.get(p.sessionId);
    if (list === undefined) people.set(p.sessionId, [p]);
    else list.push(p);
  }
  return [...newest.values()].map((record) => ({
    record: withDeltas(record, texts.get(record.id) ?? [], true),
    participants: people.get(record.id) ?? [],
  }));
}
