// SQLite's outbox: one row per step, holding the step's deliveries together (a JSON array in
// `delivery`) with one state character per delivery. A step's deliveries were one row each, ~1.9
// per event with three indexes each: the largest part of a durable step's cost. The dispatcher
// still sees one `OutboxEntry` per delivery: its id is the row id times `perRow` plus its index,
// so ids keep the order deliveries were committed in.
import type { Delivery } from "../ports.ts";
import { num, str, type Row } from "./rows.ts";
import type { NewDelivery, OutboxEntry } from "./types.ts";

/** Deliveries a row holds at most (a larger step takes several rows). */
export const perRow = 1024;
export const entryId = (row: number, index: number): number => row * perRow + index;
export const rowOf = (id: number): number => Math.floor(id / perRow);
export const indexOf = (id: number): number => id % perRow;

/** A delivery's state in the row's `state` column, one character each. */
export const state = { pending: "p", delivered: "d", failed: "f", gone: "x" } as const;

/** The step's deliveries grouped into rows: consecutive ones to one room, session and platform. */
export function rowsOf(deliveries: readonly NewDelivery[]): NewDelivery[][] {
  const rows: NewDelivery[][] = [];
  let current: NewDelivery[] = [];
  for (const d of deliveries) {
    const first = current[0];
    if (
      first !== undefined &&
      (first.roomKey !== d.roomKey ||
        first.sessionId !== d.sessionId ||
        first.platform !== d.platform ||
        current.length === perRow)
    ) {
      rows.push(current);
      current = [];
    }
    current.push(d);
  }
  if (current.length > 0) rows.push(current);
  return rows;
}

/** The values of a new row (after `room_key, session_id, platform`): key, deliveries, state, drops. */
export function newRowValues(row: readonly NewDelivery[]): [string, string, string, string | null] {
  const drops = row.some((d) => d.dropWhenDone === true)
    ? row.map((d) => (d.dropWhenDone === true ? "1" : "0")).join("")
    : null;
  return [
    row[0]?.delivery.idempotencyKey ?? "",
    JSON.stringify(row.map((d) => d.delivery)),
    state.pending.repeat(row.length),
    drops,
  ];
}

/** The row's deliveries (null: deleted, by a forget or once done when it was to be dropped). */
export function deliveriesOf(r: Row): (Delivery | null)[] {
  return JSON.parse(str(r["delivery"])) as (Delivery | null)[];
}

/** The row's deliveries in the given state, as outbox entries. */
export function entriesOf(r: Row, wanted: string): OutboxEntry[] {
  const states = str(r["state"]);
  if (!states.includes(wanted)) return [];
  const deliveries = deliveriesOf(r);
  const attempts = r["attempts"] === null ? [] : (JSON.parse(str(r["attempts"])) as number[]);
  const out: OutboxEntry[] = [];
  for (let i = 0; i < states.length; i++) {
    const delivery = deliveries[i];
    if (states[i] !== wanted || delivery === null || delivery === undefined) continue;
    out.push({
      id: entryId(num(r["id"]), i),
      roomKey: str(r["room_key"]),
      sessionId: r["session_id"] === null ? null : str(r["session_id"]),
      platform: str(r["platform"]),
      idempotencyKey: delivery.idempotencyKey,
      delivery,
      attempts: attempts[i] ?? 0,
    });
  }
  return out;
}

/** `state` with the deliveries at `indexes` set to `to`. */
export function withState(states: string, indexes: readonly number[], to: string): string {
  // One ASCII character per delivery.
  const chars = Array.from({ length: states.length }, (_, i) => states.charAt(i));
  for (const i of indexes) if (i < chars.length) chars[i] = to;
  return chars.join("");
}

/** Ids grouped by row. */
export function byRow(ids: readonly number[]): Map<number, number[]> {
  const rows = new Map<number, number[]>();
  for (const id of ids) {
    const list = rows.get(rowOf(id)) ?? [];
    list.push(indexOf(id));
    rows.set(rowOf(id), list);
  }
  return rows;
}
