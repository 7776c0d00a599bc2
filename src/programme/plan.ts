// The starts a programme's schedule asks for between two instants. Pure: the caller gives the times.
import type { Programme } from "./spec.ts";
import { addDays, zonedToUtc } from "./time.ts";

export interface Occurrence {
  /** Unique and stable: `<programme>/<cohort>/<room>/<UTC ISO time>`; the durable start is keyed on it. */
  readonly key: string;
  readonly cohort: string;
  readonly roomKey: string;
  readonly flow: string;
  /** When the room opens (ms since the epoch). */
  readonly at: number;
  /** The local time it was written as, and its zone. */
  readonly local: string;
  readonly timeZone: string;
}

const hour = 3_600_000;

/**
 * Every start due in [from, to), in time order (then cohort and room order). A weekly start whose
 * local time does not exist that day (summer time begins) moves an hour later.
 */
export function plan(programme: Programme, from: number, to: number): Occurrence[] {
  const out: Occurrence[] = [];
  for (const cohort of programme.cohorts) {
    const zone = cohort.timeZone ?? programme.timeZone;
    for (const slot of cohort.schedule) {
      const count = slot.repeat === "once" ? 1 : (slot.count ?? Infinity);
      for (let k = 0; k < count; k++) {
        const local = addDays(slot.at, 7 * k);
        if (slot.until !== undefined && local.slice(0, 10) > slot.until) break;
        const at = zonedToUtc(local, zone) ?? zonedToUtc(addHour(local), zone);
        if (at === null) continue;
        if (at >= to) break;
        if (at < from) continue;
        for (const roomKey of cohort.rooms)
          out.push({
            key: `${programme.id}/${cohort.id}/${roomKey}/${new Date(at).toISOString()}`,
            cohort: cohort.id,
            roomKey,
            flow: cohort.flow,
            at,
            local,
            timeZone: zone,
          });
      }
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

function addHour(local: string): string {
  const t = new Date(Date.parse(`${local.replace(" ", "T")}:00Z`) + hour);
  return t.toISOString().slice(0, 16).replace("T", " ");
}

/** The next start of each room at or after `from` (looking a year ahead at most). */
export function nextStarts(programme: Programme, from: number): Map<string, Occurrence> {
  const next = new Map<string, Occurrence>();
  for (const o of plan(programme, from, from + 366 * 24 * hour))
    if (!next.has(o.roomKey)) next.set(o.roomKey, o);
  return next;
}
