// Shared parts of the benchmark: the event stream of one workshop, a platform that only counts,
// a store wrapper that timestamps inbox appends and commits, and the drivers.
import { performance } from "node:perf_hooks";
import { createActor } from "xstate";
import { parseConfig, type Config } from "../src/bot/config.ts";
import type {
  Capabilities,
  ChatPlatform,
  Delivery,
  DeliveryResult,
  InboundEvent,
  InboundSink,
  Logger,
} from "../src/bot/ports.ts";
import { createRuntime, type Runtime } from "../src/bot/runtime.ts";
import { SimulatedClock, type Clock, type TimerHandle } from "../src/bot/scheduler.ts";
import type {
  Commit,
  Committed,
  InboxEntry,
  InboxPayload,
  OutboxEntry,
  ParticipantRecord,
  SessionRecord,
  Store,
  AuditEntry,
  AuditFilter,
  NewAuditEntry,
} from "../src/bot/store.ts";
import { loadFlow } from "../src/bot/flow-library.ts";
import type { FlowEffect, WorkshopEvent } from "../src/flows/protocol.ts";
import type { FlowSpec } from "../src/flows/spec.ts";
import { createWorkshopMachine } from "../src/flows/workshop.ts";
import { workshopRecord } from "../src/flows/workshop-view.ts";
import { ok } from "../src/result.ts";

export const flowId = "problem-solving-workshop";
export const platformName = "bench";
export const start = Date.UTC(2026, 0, 5, 9, 0, 0);
export const participantsPerSession = 12;
export const ideasPerSession = 50;

// --- the event stream -------------------------------------------------------------------------

type Body =
  | { kind: "message"; text: string }
  | { kind: "command"; name: string; args: readonly string[] }
  | { kind: "choice"; promptId: string; value: string }
  | { kind: "private"; promptId: string; text: string };

interface StreamStep {
  readonly user: string;
  readonly body: Body;
}

const users = Array.from({ length: participantsPerSession }, (_, i) => `u${i + 1}`);
const groupOf = (i: number) => (i < participantsPerSession / 2 ? "group-a" : "group-b");

/**
 * One workshop up to mid-brainstorm: start, 12 joins in two groups, the lobby `start`, 12 consents,
 * the facilitator skipping the turn-taking stage, 12 chat messages, 24 private needs, three `next`s
 * (recognition, break, brainstorm) and 50 private ideas. 116 events.
 */
export function workshopStream(): readonly StreamStep[] {
  const out: StreamStep[] = [];
  out.push({ user: "fac", body: { kind: "command", name: "start", args: [flowId] } });
  users.forEach((u, i) => out.push({ user: u, body: { kind: "command", name: "join", args: [groupOf(i)] } }));
  out.push({ user: "fac", body: { kind: "command", name: "start", args: [] } });
  for (const u of users) out.push({ user: u, body: { kind: "choice", promptId: "consent:1", value: "yes" } });
  out.push({ user: "fac", body: { kind: "command", name: "next", args: [] } });
  for (const u of users)
    out.push({ user: u, body: { kind: "message", text: `A word from ${u} while the needs are collected.` } });
  for (let round = 0; round < 2; round++)
    for (const u of users)
      out.push({
        user: u,
        body: {
          kind: "private",
          promptId: "needs:needs:needs",
          text: `Need ${round + 1} of ${u}: safe schools.`,
        },
      });
  for (let n = 0; n < 3; n++) out.push({ user: "fac", body: { kind: "command", name: "next", args: [] } });
  for (let j = 0; j < ideasPerSession; j++) {
    const u = users[j % users.length] ?? "u1";
    out.push({
      user: u,
      body: {
        kind: "private",
        promptId: "idea:ideas",
        text: `Idea ${j + 1}: a joint youth football league.`,
      },
    });
  }
  return out;
}

export function roomIdOf(session: number): string {
  return `r${session}`;
}

export function inboundOf(session: number, k: number, step: StreamStep, at: number): InboundEvent {
  return {
    platform: platformName,
    eventId: `${session}.${k}`,
    roomId: roomIdOf(session),
    at,
    sender: { userId: step.user, displayName: step.user.toUpperCase() },
    ...step.body,
  };
}

export function benchConfig(sessions: number): Config {
  const rooms: Record<string, unknown> = {};
  for (let i = 0; i < sessions; i++) rooms[`${platformName}:${roomIdOf(i)}`] = { facilitators: ["fac"] };
  const parsed = parseConfig({ rooms });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

export async function benchSpec(): Promise<FlowSpec> {
  const loaded = await loadFlow(flowId);
  if (!loaded.ok) throw new Error(loaded.error.errors.map((e) => e.message).join("; "));
  return loaded.value.spec;
}

// --- doubles and instruments ------------------------------------------------------------------

/** A platform that accepts every delivery and keeps only a count (so it holds no heap). */
export class CountingPlatform implements ChatPlatform {
  readonly name = platformName;
  readonly capabilities: Capabilities = {
    buttons: true,
    modals: false,
    directMessages: true,
    threads: false,
    strictFloor: false,
    privateAnswersInRoom: true,
    maxMessageLength: 4000,
  };
  delivered = 0;
  sink: InboundSink | null = null;
  start(sink: InboundSink): Promise<void> {
    this.sink = sink;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.sink = null;
    return Promise.resolve();
  }
  deliver(_delivery: Delivery): Promise<DeliveryResult> {
    this.delivered++;
    return Promise.resolve(ok());
  }
}

/** Drops debug/info; counts warnings and errors and shows the first few (a bench must not hide failures). */
export class CountingLogger implements Logger {
  errors = 0;
  warnings = 0;
  debug(): void {
    // not needed in a benchmark
  }
  info(): void {
    // not needed in a benchmark
  }
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void {
    if (++this.warnings <= 3) console.error("warn:", message, fields);
  }
  error(message: string, fields?: Readonly<Record<string, unknown>>): void {
    if (++this.errors <= 3) console.error("error:", message, fields);
  }
}

/** Delegates to a store, timing each step from its inbox append to its commit. */
export class TimedStore implements Store {
  readonly inner: Store;
  readonly shared: boolean;
  /** Milliseconds from inbox append (resolved) to the step's commit (resolved). */
  readonly latencies: number[] = [];
  private readonly appended = new Map<number | string, number>();
  constructor(inner: Store) {
    this.inner = inner;
    this.shared = inner.shared;
    const knows = inner.knowsEvent?.bind(inner);
    if (knows !== undefined)
      // An event processed as it arrives: its latency runs from here (no append before its step).
      this.knowsEvent = (eventId) => {
        this.appended.set(eventId, performance.now());
        return knows(eventId);
      };
  }
  async appendInbox(roomKey: string, eventId: string, payload: InboxPayload) {
    const r = await this.inner.appendInbox(roomKey, eventId, payload);
    if (!r.duplicate) this.appended.set(r.id, performance.now());
    return r;
  }
  compact(sessions: Iterable<SessionRecord>): Promise<void> {
    return this.inner.compact(sessions);
  }

  async commit(step: Commit): Promise<Committed> {
    const committed = await this.inner.commit(step);
    const key = step.append === undefined ? step.inboxId : step.append.eventId;
    const t0 = this.appended.get(key);
    if (t0 !== undefined) {
      this.latencies.push(performance.now() - t0);
      this.appended.delete(key);
    }
    return committed;
  }
  /** Present as the inner store has it (the runtime then appends an idle room's event with its step). */
  readonly knowsEvent?: (eventId: string) => Promise<boolean>;
  loadCryptoState(owner: string): Promise<Map<string, Uint8Array>> {
    return this.inner.loadCryptoState(owner);
  }
  saveCryptoState(owner: string, parts: ReadonlyMap<string, Uint8Array | null>): Promise<void> {
    return this.inner.saveCryptoState(owner, parts);
  }
  unprocessedInbox(roomKey?: string): Promise<InboxEntry[]> {
    return this.inner.unprocessedInbox(roomKey);
  }
  appendAudit(entries: readonly NewAuditEntry[]): Promise<void> {
    return this.inner.appendAudit(entries);
  }
  auditTrail(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.inner.auditTrail(filter);
  }
  liveSession(roomKey: string, options?: { readonly pending?: boolean }): Promise<SessionRecord | undefined> {
    return this.inner.liveSession(roomKey, options);
  }
  liveSessionsOf(roomKeys: readonly string[]): ReturnType<Store["liveSessionsOf"]> {
    return this.inner.liveSessionsOf(roomKeys);
  }
  liveTimers(): ReturnType<Store["liveTimers"]> {
    return this.inner.liveTimers();
  }
  findSession(idOrRoomKey: string): Promise<SessionRecord | undefined> {
    return this.inner.findSession(idOrRoomKey);
  }
  listSessions(): Promise<SessionRecord[]> {
    return this.inner.listSessions();
  }
  participants(sessionId: string): Promise<ParticipantRecord[]> {
    return this.inner.participants(sessionId);
  }
  pendingOutbox(roomKey?: string): Promise<OutboxEntry[]> {
    return this.inner.pendingOutbox(roomKey);
  }
  markDelivered(outboxIds: number | readonly number[]): Promise<void> {
    return this.inner.markDelivered(outboxIds);
  }
  deliveredOutbox(roomKey: string): Promise<Delivery[]> {
    return this.inner.deliveredOutbox(roomKey);
  }
  recordPosted(outboxId: number, messageIds: readonly string[]): Promise<void> {
    return this.inner.recordPosted(outboxId, messageIds);
  }
  postedMessages(sessionId: string, roomKey: string, ref: number): Promise<string[]> {
    return this.inner.postedMessages(sessionId, roomKey, ref);
  }
  recordAttempt(outboxId: number, error: string, giveUp: boolean): Promise<void> {
    return this.inner.recordAttempt(outboxId, error, giveUp);
  }
  deleteEndedBefore(before: number, now: number): Promise<string[]> {
    return this.inner.deleteEndedBefore(before, now);
  }
  claimRoom(roomKey: string, owner: string, now: number, until: number): Promise<boolean> {
    return this.inner.claimRoom(roomKey, owner, now, until);
  }
  renewRooms(roomKeys: readonly string[], owner: string, now: number, until: number): Promise<Set<string>> {
    return this.inner.renewRooms(roomKeys, owner, now, until);
  }
  releaseRooms(owner: string): Promise<void> {
    return this.inner.releaseRooms(owner);
  }
  getCursor(platform: string, key: string): Promise<string | undefined> {
    return this.inner.getCursor(platform, key);
  }
  setCursor(platform: string, key: string, value: string): Promise<void> {
    return this.inner.setCursor(platform, key, value);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A simulated clock that counts armed timers (to check that recovery re-armed them). */
export class CountingClock extends SimulatedClock {
  armed = 0;
  override at(at: number, fn: () => void): TimerHandle {
    this.armed++;
    return super.at(at, fn);
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

// --- drivers ----------------------------------------------------------------------------------

export interface BenchRuntime {
  readonly runtime: Runtime;
  readonly clock: SimulatedClock;
  readonly platform: CountingPlatform;
  readonly logger: CountingLogger;
  readonly store: TimedStore;
}

export async function startRuntime(store: Store, sessions: number, clock?: Clock): Promise<BenchRuntime> {
  const simulated = new SimulatedClock(start);
  const platform = new CountingPlatform();
  const logger = new CountingLogger();
  const timed = new TimedStore(store);
  const runtime = createRuntime({
    store: timed,
    platforms: [platform],
    config: benchConfig(sessions),
    logger,
    clock: clock ?? simulated,
    seed: 7,
  });
  await runtime.start();
  return { runtime, clock: simulated, platform, logger, store: timed };
}

export interface DriveResult {
  readonly events: number;
  readonly ms: number;
  readonly latencies: readonly number[];
}

/**
 * Saturated: wave k hands event k of every session to the runtime at once, then waits until
 * everything is committed and delivered. `steps` limits how much of the stream is sent.
 */
export async function driveWaves(b: BenchRuntime, sessions: number, steps?: number): Promise<DriveResult> {
  const stream = workshopStream().slice(0, steps);
  b.store.latencies.length = 0;
  const t0 = performance.now();
  for (let k = 0; k < stream.length; k++) {
    const step = stream[k];
    if (step === undefined) continue;
    const at = b.clock.now();
    const accepted: Promise<void>[] = [];
    for (let s = 0; s < sessions; s++) accepted.push(b.runtime.accept(inboundOf(s, k, step, at)));
    await Promise.all(accepted);
    await b.runtime.idle();
  }
  const ms = performance.now() - t0;
  return { events: stream.length * sessions, ms, latencies: [...b.store.latencies] };
}

/**
 * Unloaded: one event in flight at a time, sessions round-robin, continuing the stream at step
 * `from` for `count` events (all N sessions stay live).
 */
export async function driveSequential(
  b: BenchRuntime,
  sessions: number,
  from: number,
  count: number,
): Promise<DriveResult> {
  const stream = workshopStream();
  b.store.latencies.length = 0;
  let sent = 0;
  const t0 = performance.now();
  for (let k = from; k < stream.length && sent < count; k++) {
    const step = stream[k];
    if (step === undefined) continue;
    for (let s = 0; s < sessions && sent < count; s++) {
      await b.runtime.accept(inboundOf(s, k, step, b.clock.now()));
      await b.runtime.idle();
      sent++;
    }
  }
  const ms = performance.now() - t0;
  return { events: sent, ms, latencies: [...b.store.latencies] };
}

/** The same stream through bare XState actors: no inbox, no commit, no rendering, no delivery. */
export function driveBare(
  spec: FlowSpec,
  sessions: number,
  steps?: number,
): DriveResult & { effects: number; ideas: number } {
  const stream = workshopStream().slice(0, steps);
  const machine = createWorkshopMachine(spec);
  const actors: ReturnType<typeof createActor<typeof machine>>[] = [];
  const members: Map<string, string>[] = [];
  let effects = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let k = 0; k < stream.length; k++) {
    const step = stream[k];
    if (step === undefined) continue;
    for (let s = 0; s < sessions; s++) {
      const e0 = performance.now();
      const at = start;
      if (k === 0) {
        const actor = createActor(machine, { input: { seed: 7 + s } });
        actor.on("*", (_e: FlowEffect) => {
          effects++;
        });
        actor.start();
        actors[s] = actor;
        members[s] = new Map();
        latencies.push(performance.now() - e0);
        continue;
      }
      const actor = actors[s];
      const map = members[s];
      if (actor === undefined || map === undefined) throw new Error("bare actor missing");
      const event = toMachineEvent(step, map, at);
      if (event !== null) actor.send(event);
      latencies.push(performance.now() - e0);
    }
  }
  const ms = performance.now() - t0;
  let ideas = 0;
  for (const a of actors)
    ideas += workshopRecord(a.getSnapshot()).contributions.filter(
      (c) => c.stageId === "ideas" && c.kind === "brainstorm",
    ).length;
  for (const a of actors) a.stop();
  return { events: stream.length * sessions, ms, latencies, effects, ideas };
}

function toMachineEvent(step: StreamStep, members: Map<string, string>, at: number): WorkshopEvent | null {
  const b = step.body;
  const pid = members.get(step.user);
  switch (b.kind) {
    case "command":
      if (b.name === "join") {
        const id = `p${members.size + 1}`;
        members.set(step.user, id);
        return {
          type: "participant.join",
          participant: { id, name: step.user.toUpperCase(), locale: "en", group: b.args[0] ?? "group-a" },
          at,
        };
      }
      if (b.name === "start" || b.name === "next")
        return { type: "control", action: b.name, by: step.user, at };
      return null;
    case "choice":
      return pid === undefined
        ? null
        : { type: "participant.choose", participantId: pid, promptId: b.promptId, value: b.value, at };
    case "private":
      return pid === undefined
        ? null
        : { type: "participant.submit", participantId: pid, promptId: b.promptId, text: b.text, at };
    case "message":
      return pid === undefined ? null : { type: "participant.say", participantId: pid, text: b.text, at };
  }
}

/** Ideas committed in the first `sample` sessions' snapshots (checks that the stream did what it should). */
export async function committedIdeas(store: Store, sample: number): Promise<number[]> {
  const out: number[] = [];
  for (let s = 0; s < sample; s++) {
    const record = await store.liveSession(`${platformName}:${roomIdOf(s)}`);
    // The brainstorm running now holds its ideas until it ends.
    type Held = { context?: { contributions?: { stageId: string; kind?: string }[] } };
    const snapshot = record?.snapshot as
      (Held & { children?: { stage?: { snapshot?: Held } } }) | null | undefined;
    const held = [
      ...(snapshot?.context?.contributions ?? []),
      ...(snapshot?.children?.stage?.snapshot?.context?.contributions ?? []),
    ];
    out.push(held.filter((c) => c.stageId === "ideas" && c.kind === "brainstorm").length);
  }
  return out;
}
