// Persisted sessions for the memory and recovery benchmarks.
//
// Seeding drives three sessions through the real runtime (the whole stream: 50 ideas each), then
// copies the first one's session, participant and delta rows N-3 times under new ids and rooms in one
// transaction: driving 10,000 workshops through a store that syncs every step to disk would take
// far longer than the bench may run, and restoring reads exactly these rows.
import { performance } from "node:perf_hooks";
import { DatabaseSync } from "node:sqlite";
import { SqliteStore } from "../src/bot/store.ts";
import {
  CountingClock,
  driveWaves,
  platformName,
  roomIdOf,
  start,
  startRuntime,
  type BenchRuntime,
} from "./common.ts";

const templates = 3;

export async function seed(path: string, n: number): Promise<void> {
  const b = await startRuntime(new SqliteStore(path), Math.max(n, templates));
  await driveWaves(b, templates);
  await b.runtime.stop();
  if (b.logger.errors > 0) throw new Error("seeding logged errors");
  const db = new DatabaseSync(path);
  const template = db
    .prepare("SELECT id FROM sessions WHERE room_key = ? AND status = 'live'")
    .get(`${platformName}:${roomIdOf(0)}`);
  if (template === undefined) throw new Error("no template session");
  const id = String(template["id"]);
  db.exec("BEGIN");
  const copySession = db.prepare(
    `INSERT INTO sessions (id, room_key, flow_id, spec, seed, locale, snapshot, meta, seq, status, created_at, updated_at, ended_at, timer)
     SELECT ?, ?, flow_id, spec, seed + ?, locale, snapshot, meta, seq, status, created_at, updated_at, ended_at, timer FROM sessions WHERE id = ?`,
  );
  const copyParticipants = db.prepare(
    `INSERT INTO participants (session_id, platform, user_id, participant_id, name, locale, grp)
     SELECT ?, platform, user_id, participant_id, name, locale, grp FROM participants WHERE session_id = ?`,
  );
  // The steps stored as deltas since the template's last whole snapshot go too (a restore replays them).
  const copyDeltas = db.prepare(
    "INSERT INTO deltas (session_id, inbox_id, seq, events) SELECT ?, inbox_id, seq, events FROM deltas WHERE session_id = ?",
  );
  for (let i = templates; i < n; i++) {
    copySession.run(`c${i}`, `${platformName}:${roomIdOf(i)}`, i, id);
    copyParticipants.run(`c${i}`, id);
    copyDeltas.run(`c${i}`, id);
  }
  db.exec("COMMIT");
  db.close();
}

export interface Restored {
  readonly runtime: BenchRuntime;
  /** `runtime.start()`: every timer armed, events taken (sessions restore on demand meanwhile). */
  readonly startMs: number;
  readonly sinceProcessStartMs: number;
  /** Until every session's actor is rebuilt (in the background after start). */
  readonly allRestoredMs: number;
  readonly allRestoredSinceProcessStartMs: number;
  readonly liveSessions: number;
  readonly timersArmed: number;
  readonly errors: number;
}

export async function restore(path: string, n: number): Promise<Restored> {
  const clock = new CountingClock(start);
  const t0 = performance.now();
  const b = await startRuntime(new SqliteStore(path), n, clock);
  const t1 = performance.now();
  // Timers are armed and events taken from here; the actors are rebuilt in the background.
  await b.runtime.idle();
  const t2 = performance.now();
  let live = 0;
  for (let i = 0; i < n; i++) if (b.runtime.sessions.hasLive(`${platformName}:${roomIdOf(i)}`)) live++;
  // One of the armed timers is the retention sweep; the rest are the sessions' deadlines.
  return {
    runtime: b,
    startMs: t1 - t0,
    sinceProcessStartMs: t1,
    allRestoredMs: t2 - t0,
    allRestoredSinceProcessStartMs: t2,
    liveSessions: live,
    timersArmed: clock.armed - 1,
    errors: b.logger.errors,
  };
}
