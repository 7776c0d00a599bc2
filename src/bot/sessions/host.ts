// The session host: one live workshop per room, kept in memory (restored from the store when its
// room next needs it, or in the background; evicted after the end, a failed commit or a lost
// lease), and `process`, which turns one inbox entry into one durable step.
import type { FlowSpec } from "../../flows/spec.ts";
import { restore as restoreWorkshop, type WorkshopStepper } from "../../flows/stepper.ts";
import { contributionsSoFar, type WorkshopStatus } from "../../flows/workshop-view.ts";
import type { InboxEntry, ParticipantRecord, SessionRecord } from "../store.ts";
import { handleInbound } from "./commands.ts";
import { commit, type StepResult } from "./commit.ts";
import { deliveryFailed, reconcileFloor } from "./failures.ts";
import { machineTranslation } from "./languages.ts";
import { Step, type HostContext, type LiveSession, type SessionHostOptions } from "./live.ts";
import { operatorForget } from "./privacy-requests.ts";
import { programmeMessage } from "./programme.ts";
import { combinedDeadline, escalateDue, screenStep } from "./safeguarding.ts";
import { send } from "./step.ts";

export type { SessionHostOptions } from "./live.ts";
export { StepCommitError, type StepResult } from "./commit.ts";

/** A flow's localized texts (objects of strings only) by their JSON, one table per spec object. */
const specTexts = new WeakMap<object, Map<string, object>>();

function specTextsOf(spec: FlowSpec): Map<string, object> {
  const known = specTexts.get(spec);
  if (known !== undefined) return known;
  const table = new Map<string, object>();
  const walk = (v: unknown): void => {
    if (typeof v !== "object" || v === null) return;
    if (isText(v)) table.set(JSON.stringify(v), v);
    else for (const x of Object.values(v)) walk(x);
  };
  walk(spec);
  specTexts.set(spec, table);
  return table;
}

const isText = (v: object): boolean =>
  !Array.isArray(v) && Object.values(v).length > 0 && Object.values(v).every((x) => typeof x === "string");

/**
 * A restored card's texts made the flow's own objects, in place (the parsed meta, which nothing
 * else holds yet). A card part keeps the effect it showed, and so the stage's title and
 * introduction in every language the flow has: parsed, each session held its own copy (1.5 KB a
 * session mid-brainstorm, bench/README.md). Only the spec's texts are shared; no participant's.
 */
export function shareSpecTexts(spec: FlowSpec, value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  const table = specTextsOf(spec);
  const o = value as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== "object" || v === null) continue;
    const same = isText(v) ? table.get(JSON.stringify(v)) : undefined;
    if (same !== undefined) o[k] = same;
    else shareSpecTexts(spec, v);
  }
}

/**
 * The meta's numbered contributions with the workshop's own strings for their texts, where equal:
 * the store gives each its own copy (mid-brainstorm, every need's text a second time, 1.2 KB).
 */
export function sharedMeta(meta: SessionRecord["meta"], stepper: WorkshopStepper): SessionRecord["meta"] {
  const numbered = meta.contributions;
  if (numbered === undefined || numbered.length === 0) return meta;
  const texts = new Map(contributionsSoFar(stepper.current()).map((c) => [c.text, c.text]));
  return { ...meta, contributions: numbered.map((c) => ({ ...c, text: texts.get(c.text) ?? c.text })) };
}

/**
 * A session's participant rows with one string for each repeated value (the session id, platform,
 * language and group of every row) and the workshop's own strings for the ids and names it holds
 * too: the store gives each row its own copies (about 1.4 KB a session with 12 people).
 */
function sharedRows(
  rows: ParticipantRecord[],
  sessionId: string,
  stepper: WorkshopStepper,
): ParticipantRecord[] {
  const strings = new Map<string, string>([[sessionId, sessionId]]);
  for (const p of stepper.current().context.participants)
    for (const v of [p.id, p.name, p.locale, p.group]) if (typeof v === "string") strings.set(v, v);
  const one = <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const known = strings.get(v);
    if (known !== undefined) return known as T;
    strings.set(v, v);
    return v;
  };
  return rows.map((p) => ({
    ...p,
    sessionId: one(p.sessionId),
    platform: one(p.platform),
    participantId: one(p.participantId),
    name: one(p.name),
    locale: one(p.locale),
    group: one(p.group),
  }));
}

/** Rooms whose sessions `hydrate` reads from the store at once. */
const hydrateBatch = 256;

export class SessionHost {
  private readonly o: SessionHostOptions;
  private readonly live = new Map<string, LiveSession>();
  private readonly restoring = new Map<string, Promise<LiveSession | null>>();
  private seedCounter = 0;
  /** What the step functions see of the host. */
  private readonly context: HostContext;

  constructor(options: SessionHostOptions) {
    this.o = options;
    this.context = {
      o: options,
      nextSeed: () =>
        this.o.seed !== undefined ? this.o.seed + this.seedCounter++ : Math.floor(Math.random() * 2 ** 31),
      keep: (session) => this.live.set(session.record.roomKey, session),
      evict: (roomKey) => {
        this.evict(roomKey);
      },
    };
  }

  /**
   * Every live session with its timer as stored (the caller re-arms them). Workshops are not
   * restored here: a session is restored when its room next needs it, or by `hydrate` in the
   * background, so a restart with thousands of sessions is ready as soon as their timers are
   * armed. A row from before deadlines were stored is restored now, to learn its deadline.
   */
  async restoreAll(): Promise<{ sessionId: string; roomKey: string; deadline: number | null }[]> {
    const out: { sessionId: string; roomKey: string; deadline: number | null }[] = [];
    for (const timer of await this.o.store.liveTimers()) {
      if (timer.deadline !== undefined) {
        out.push({ sessionId: timer.sessionId, roomKey: timer.roomKey, deadline: timer.deadline });
        continue;
      }
      const s = await this.sessionFor(timer.roomKey);
      if (s !== null)
        out.push({
          sessionId: s.record.id,
          roomKey: timer.roomKey,
          deadline: combinedDeadline(s.stepper.deadline(), s.record.meta),
        });
    }
    return out;
  }

  /**
   * Restores the rooms' sessions, `hydrateBatch` rooms read at a time (`liveSessionsOf`: three
   * queries a batch, not three a session), letting other work in between. A room of the batch
   * that needs its session meanwhile waits for the batch (it is in `restoring`), so what the
   * batch read is never older than a step taken meanwhile.
   */
  async hydrate(roomKeys: readonly string[], stopped: () => boolean): Promise<void> {
    for (let from = 0; from < roomKeys.length; from += hydrateBatch) {
      // Other work first (the store reads a batch synchronously: not inside the caller's turn).
      await new Promise((resolve) => setImmediate(resolve));
      if (stopped()) return;
      const rooms = roomKeys
        .slice(from, from + hydrateBatch)
        .filter((room) => !this.live.has(room) && !this.restoring.has(room));
      const waiting = new Map<string, (s: Promise<LiveSession | null>) => void>();
      for (const room of rooms) {
        const restoring = new Promise<LiveSession | null>((resolve) => {
          waiting.set(room, resolve);
        });
        // A failed read reaches whoever asks for the room; unasked, it is not an unhandled rejection.
        restoring.catch(() => undefined);
        this.restoring.set(room, restoring);
      }
      const settle = (room: string, s: Promise<LiveSession | null>) => {
        this.restoring.delete(room);
        waiting.get(room)?.(s);
        waiting.delete(room);
      };
      try {
        const stored = await this.o.store.liveSessionsOf(rooms);
        for (const [i, s] of stored.entries()) {
          settle(s.record.roomKey, Promise.resolve(this.restoreFrom(s.record, s.participants)));
          if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        // Rooms the batch did not restore (no live session any more, or the read failed) read their own.
        for (const room of [...waiting.keys()]) settle(room, this.readAndRestore(room));
      }
    }
  }

  /** Restores one room's live session (taking over a room another process drove); null: none. */
  async adopt(roomKey: string): Promise<{ sessionId: string; deadline: number | null } | null> {
    const cached = this.live.get(roomKey);
    const s = cached ?? (await this.sessionFor(roomKey));
    return s === null
      ? null
      : { sessionId: s.record.id, deadline: combinedDeadline(s.stepper.deadline(), s.record.meta) };
  }

  /** A live session from what the store holds of it (its deltas unapplied, its participants). */
  private restoreFrom(stored: SessionRecord, participants: ParticipantRecord[]): LiveSession | null {
    // The actor holds the state: the snapshot is not kept beside it (store/deltas.ts).
    const { pending = [], snapshot, ...rest } = stored;
    try {
      const spec = rest.spec as FlowSpec;
      shareSpecTexts(spec, rest.meta.cardShown);
      const stepper = restoreWorkshop(spec, snapshot, rest.seed);
      stepper.replay(pending);
      const record: SessionRecord = { ...rest, meta: sharedMeta(rest.meta, stepper), snapshot: null };
      const session: LiveSession = {
        record,
        spec,
        stepper,
        participants: sharedRows(participants, rest.id, stepper),
        failed: false,
        sinceFull: pending.length,
      };
      this.live.set(record.roomKey, session);
      if (spec.turnEnforcement === "strict")
        this.o.onRestored?.({ sessionId: record.id, roomKey: record.roomKey, seq: record.seq });
      return session;
    } catch (e) {
      this.o.logger.error("cannot restore session", { session: rest.id, room: rest.roomKey, err: e });
      return null;
    }
  }

  /** Forgets the in-memory workshop of a room (after a failed commit or a lost lease). */
  evict(roomKey: string): void {
    const s = this.live.get(roomKey);
    s?.stepper.stop();
    this.live.delete(roomKey);
  }

  hasLive(roomKey: string): boolean {
    return this.live.has(roomKey);
  }

  /** The room's live session, restored once even when asked for twice at the same time. */
  private sessionFor(roomKey: string): Promise<LiveSession | null> {
    const cached = this.live.get(roomKey);
    if (cached !== undefined) return Promise.resolve(cached);
    const pending = this.restoring.get(roomKey);
    if (pending !== undefined) return pending;
    const restoring = this.readAndRestore(roomKey).finally(() => this.restoring.delete(roomKey));
    this.restoring.set(roomKey, restoring);
    return restoring;
  }

  /** One room's live session read from the store and restored (null: none, or it cannot be). */
  private async readAndRestore(roomKey: string): Promise<LiveSession | null> {
    const record = await this.o.store.liveSession(roomKey, { pending: true });
    if (record === undefined) return null;
    const participants = await this.o.store.participants(record.id);
    return this.restoreFrom(record, participants);
  }

  /** Processes one inbox entry as one atomic step. */
  async process(entry: InboxEntry): Promise<StepResult> {
    const h = this.context;
    const roomKey = entry.roomKey;
    const session = await this.sessionFor(roomKey);
    const sep = roomKey.indexOf(":");
    const platform = roomKey.slice(0, sep);
    const roomId = roomKey.slice(sep + 1);
    let step = new Step(entry, platform, roomId, session, false);

    const payload = entry.payload;
    if (payload.source === "timer") {
      if (session !== null && session.record.id === payload.sessionId) {
        send(h, step, session, { type: "timer.fired", at: payload.at });
        escalateDue(h, step, session, payload.at);
      }
    } else if (payload.source === "delivery-failed") {
      await deliveryFailed(h, step, payload);
    } else if (payload.source === "operator") {
      await operatorForget(h, step, payload.sessionId, payload.participantId);
    } else if (payload.source === "programme") {
      programmeMessage(h, step, payload);
    } else if (payload.source === "translation") {
      machineTranslation(h, step, session, payload);
    } else if (payload.source === "reconcile") {
      if (session !== null && session.record.id === payload.sessionId) reconcileFloor(h, step, session);
    } else if (payload.source !== "gone") {
      const created = await handleInbound(h, step, payload.event);
      if (created !== null) step = created;
    }
    await screenStep(h, step);
    return commit(h, step);
  }

  /** A participant's id from their platform user id (for a failed private delivery); undefined: not one. */
  async participantIdOf(sessionId: string, roomKey: string, userId: string): Promise<string | undefined> {
    const live = this.live.get(roomKey);
    const records =
      live !== undefined && live.record.id === sessionId
        ? live.participants
        : await this.o.store.participants(sessionId);
    return records.find((p) => p.userId === userId)?.participantId;
  }

  /** For reports and tests: the live workshop's status. */
  status(roomKey: string): WorkshopStatus | null {
    return this.live.get(roomKey)?.stepper.status() ?? null;
  }

  /**
   * Writes the whole state of every live session that has deltas since its last full write, so
   * the next start replays nothing (graceful stop). A failure is logged: the deltas stay valid.
   */
  async compactAll(): Promise<void> {
    const due = [...this.live.values()].filter(
      (s) => s.sinceFull > 0 && !s.failed && s.record.status === "live",
    );
    if (due.length === 0) return;
    try {
      // One transaction; each whole state is taken from its actor only as the store writes it.
      await this.o.store.compact(wholeStates(due));
      for (const s of due) s.sinceFull = 0;
    } catch (e) {
      this.o.logger.error("cannot compact sessions", { sessions: due.length, err: e });
    }
  }

  stopAll(): void {
    for (const s of this.live.values()) s.stepper.stop();
    this.live.clear();
  }
}

/** Each session's record with its whole state, computed when the store takes it. */
function* wholeStates(sessions: readonly LiveSession[]): Generator<SessionRecord> {
  for (const s of sessions) yield { ...s.record, snapshot: s.stepper.persisted() };
}
