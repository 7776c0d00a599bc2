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

/**
 * Shared SQL (both dialects): a delta per step, keyed by its session and inbox entry, replayed in
 * the order of the session's steps (`seq`), which is not always the inbox's: an entry another
 * process appended (the operator's CLI, a programme's coordinator) is picked up at the next poll,
 * after entries appended later. Rows from before the `seq` column have none and came first.
 */
export const deltaSql = {
  insert: "INSERT INTO deltas (session_id, inbox_id, seq, events) VALUES (?, ?, ?, ?)",
  deleteAll: "DELETE FROM deltas WHERE session_id = ?",
  select: "SELECT events FROM deltas WHERE session_id = ? ORDER BY COALESCE(seq, 0), inbox_id",
  /** The order of several sessions' deltas read at once. */
  order: "ORDER BY session_id, COALESCE(seq, 0), inbox_id",
  /**
   * A step's session columns without the snapshot (a delta step); values: `sessionMetaValues`. A
   * delta is only ever taken by a live session that stays live (a step that ends it is written
   * whole), so status and end are not written (nor the index on them): the row must be live.
   */
  updateSession: "UPDATE sessions SET meta = ?, seq = ?, updated_at = ? WHERE id = ? AND status = 'live'",
} as const;
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
  deltas: readonly string[],
  keepPending: boolean,
): SessionRecord {
  if (deltas.length === 0) return record;
  const pending = deltas.flatMap((text) => JSON.parse(text) as WorkshopEvent[]);
  if (keepPending) return { ...record, pending };
  return { ...record, snapshot: folded(record, pending) };
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
  deltas: readonly { readonly sessionId: string; readonly events: string }[],
  participants: readonly ParticipantRecord[],
): StoredLiveSession[] {
  const newest = new Map<string, SessionRecord>();
  for (const s of sessions) {
    const other = newest.get(s.roomKey);
    if (other === undefined || s.createdAt >= other.createdAt) newest.set(s.roomKey, s);
  }
  const texts = new Map<string, string[]>();
  for (const d of deltas) {
    const list = texts.get(d.sessionId);
    if (list === undefined) texts.set(d.sessionId, [d.events]);
    else list.push(d.events);
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
