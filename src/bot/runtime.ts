// The durable runtime: inbox → session actor → one commit (snapshot + outbox) → dispatcher.
// Rooms are processed one entry at a time, in arrival order; rooms run independently.
import { randomUUID } from "node:crypto";
import { flowDirs, type Config } from "./config.ts";
import { Dispatcher } from "./dispatcher.ts";
import { flowLibrary, type FlowLibrary } from "./flow-library.ts";
import { killPoint } from "./kill-points.ts";
import type { ChatPlatform, InboundEvent, Logger, PlatformName } from "./ports.ts";
import { httpClassifier, type ContentClassifier } from "./safeguarding/classifier.ts";
import { realClock, Scheduler, type Clock } from "./scheduler.ts";
import type { TranslationWanted } from "./sessions/commit.ts";
import { SessionHost, StepCommitError, type StepResult } from "./sessions/host.ts";
import {
  DuplicateEventError,
  type InboxEntry,
  type InboxPayload,
  type OutboxEntry,
  type Store,
} from "./store.ts";
import type { Translator } from "./translator.ts";

export interface RuntimeOptions {
  readonly store: Store;
  readonly platforms: readonly ChatPlatform[];
  readonly config: Config;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Where `start <id>` finds flows (default: the configured flow directories and the built-in flows). */
  readonly flows?: FlowLibrary;
  /**
   * Whether `start` on this platform may name a flow file by path, besides an id: only where the
   * operator types at the keyboard (the terminal room, simulations). Never by default: a path from
   * a chat room would let its facilitators read the server's files.
   */
  readonly flowPaths?: (platform: PlatformName) => boolean;
  /**
   * Who facilitates a room of this platform when the configuration names nobody (the terminal
   * room's keyboard user); the composition root knows. Nobody by default.
   */
  readonly defaultFacilitators?: (platform: PlatformName) => readonly string[];
  readonly defaultFlow?: string;
  /** Fixed seed base for new sessions (simulations); random otherwise. */
  readonly seed?: number;
  /** How long `stop` waits for the outbox to flush (real ms). */
  readonly flushTimeoutMs?: number;
  /** Lease length for shared stores (ms). */
  readonly leaseMs?: number;
  /** How often a shared store is polled for entries other processes appended (ms). */
  readonly pollMs?: number;
  readonly retry?: { readonly maxAttempts?: number; readonly backoffMs?: number };
  /** The content classifier (default: the configured HTTP endpoint, if any). */
  readonly classifier?: ContentClassifier;
  /**
   * Machine translation (the `translator` config; off when absent): contributions shown in a
   * mixed-language room are translated into the room's other languages, labelled as such.
   */
  readonly translator?: Translator;
}

export interface Runtime {
  start(): Promise<void>;
  /** Stop intake, finish the in-flight event, flush the outbox (bounded), close the store. */
  stop(): Promise<void>;
  /** Resolves when no event is being processed and no delivery is pending (tests, simulations). */
  idle(): Promise<void>;
  /** The sink the platforms feed (exposed for tests and simulations). */
  accept(event: InboundEvent): Promise<void>;
  /**
   * Appends an entry to a room's inbox under `eventId` (a repeated id changes nothing) and
   * processes it in turn: a programme's scheduled start, notice or broadcast. False: a duplicate.
   */
  enqueue(roomKey: string, eventId: string, payload: InboxPayload): Promise<boolean>;
  readonly sessions: SessionHost;
}

const dayMs = 86_400_000;

export function createRuntime(options: RuntimeOptions): Runtime {
  const { store, logger, config } = options;
  const clock = options.clock ?? realClock;
  const owner = store.shared ? `parley-${randomUUID()}` : undefined;
  const leaseMs = options.leaseMs ?? 30_000;
  const platforms = new Map(options.platforms.map((p) => [p.name, p]));
  const classifierConfig = config.safeguarding.screening.classifier;
  const classifier =
    options.classifier ?? (classifierConfig === undefined ? undefined : httpClassifier(classifierConfig));
  const sessions = new SessionHost({
    store,
    config,
    logger,
    now: () => clock.now(),
    flows: options.flows ?? flowLibrary(flowDirs(config)),
    flowPaths: options.flowPaths ?? (() => false),
    ...(options.defaultFacilitators === undefined
      ? {}
      : { defaultFacilitators: options.defaultFacilitators }),
    ...(options.defaultFlow === undefined ? {} : { defaultFlow: options.defaultFlow }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(owner === undefined ? {} : { owner }),
    ...(classifier === undefined ? {} : { classifier }),
    privateAnswersInRoom: (name) => platforms.get(name)?.capabilities.privateAnswersInRoom ?? false,
    liveCards: (name) => platforms.get(name)?.capabilities.liveCards ?? false,
    facilitatorsTogether: (name) => platforms.get(name)?.capabilities.facilitatorsTogether ?? false,
    machineTranslation: options.translator !== undefined,
    commandPrefix: (name) => platforms.get(name)?.capabilities.commandPrefix ?? "",
    facilitatorCommandPrefix: (name) => {
      const c = platforms.get(name)?.capabilities;
      return c?.facilitatorCommandPrefix ?? c?.commandPrefix ?? "";
    },
    onRestored: ({ sessionId, roomKey, seq }) => {
      track(reconcile(sessionId, roomKey, seq));
    },
  });
  // Opened once every platform has started (see DispatcherOptions.ready).
  let platformsStarted = (): void => undefined;
  const ready = new Promise<void>((resolve) => (platformsStarted = resolve));
  const dispatcher = new Dispatcher({
    store,
    platforms,
    logger,
    clock,
    ready,
    ...(options.retry?.maxAttempts === undefined ? {} : { maxAttempts: options.retry.maxAttempts }),
    ...(options.retry?.backoffMs === undefined ? {} : { backoffMs: options.retry.backoffMs }),
    ...(owner === undefined ? {} : { ownsRoom: (room: string) => claimed.has(room) }),
    onGiveUp: (entry, failure) => {
      // Notices about a failed notice would loop; the log already has it.
      if (entry.sessionId === null || entry.delivery.audience.to === "facilitators") return;
      track(recordFailedDelivery(entry, failure.code));
    },
  });
  const scheduler = new Scheduler(clock, (sessionId, roomKey, deadline) => {
    track(fireTimer(sessionId, roomKey, deadline));
  });

  const claimed = new Set<string>();
  const failures = new Map<number, number>();
  const maxStepAttempts = 3;
  const retryLater = (roomKey: string) => {
    const t = setTimeout(() => {
      scheduleRoom(roomKey);
    }, 1000);
    t.unref();
  };
  const rooms = new Map<string, Promise<void>>();
  /**
   * Unprocessed inbox entries per room, in id order, kept beside the store so that processing an
   * event does not read back what was just appended. With a single-process store every entry is
   * appended by this process (accept, timers, failed deliveries) or found by the rescan at start,
   * so these queues hold everything unprocessed; the store is read again for a room after a
   * failed step. A shared store (other processes append too) is always read.
   */
  const inboxQueues = new Map<string, InboxEntry[]>();
  const reloadRooms = new Set<string>();
  const again = new Set<string>();
  const inflight = new Set<Promise<unknown>>();
  let accepting = false;
  let stopping = false;
  let sweepTimer: { cancel(): void } | null = null;
  let pollTimer: NodeJS.Timeout | null = null;
  /** The poll under way (a rescan or the operator entries), awaited by `stop`. */
  let polling: Promise<void> = Promise.resolve();
  /** Operator entries (`parley forget`) already queued: another process appends them to our store. */
  const operatorSeen = new Set<number>();
  let hydration: Promise<void> | null = null;

  function queueEntry(entry: InboxEntry): void {
    if (store.shared) return;
    let queue = inboxQueues.get(entry.roomKey);
    if (queue === undefined) {
      queue = [];
      inboxQueues.set(entry.roomKey, queue);
    }
    let i = queue.length;
    while (i > 0 && (queue[i - 1]?.id ?? 0) > entry.id) i--;
    if (queue[i - 1]?.id === entry.id) return;
    queue.splice(i, 0, entry);
  }

  function dequeue(queue: InboxEntry[], entry: InboxEntry): void {
    const i = queue.indexOf(entry);
    if (i >= 0) queue.splice(i, 1);
  }

  /** Appends under way per room: a room's event is processed as it arrives only with none. */
  const appending = new Map<string, number>();
  /** A room's event processed as it arrives (`stepAtOnce`); the room's appends wait for it. */
  const atOnce = new Map<string, Promise<unknown>>();

  /**
   * Appends to the inbox and queues the entry; its id, or null when it is a duplicate. Waits for
   * an event of the room being processed as it arrives: that one's entry is appended by its
   * commit, and a room's entries are appended in the order they are processed (deltas replay in
   * inbox order).
   */
  async function append(roomKey: string, eventId: string, payload: InboxPayload): Promise<number | null> {
    appending.set(roomKey, (appending.get(roomKey) ?? 0) + 1);
    try {
      await atOnce.get(roomKey);
      return await appendNow(roomKey, eventId, payload);
    } finally {
      const left = (appending.get(roomKey) ?? 1) - 1;
      if (left === 0) appending.delete(roomKey);
      else appending.set(roomKey, left);
    }
  }

  /**
   * Appends and queues the entry, and schedules its room in the same turn: an event accepted
   * between the two could otherwise be processed at once ahead of it (`canStepAtOnce`).
   */
  async function appendNow(roomKey: string, eventId: string, payload: InboxPayload): Promise<number | null> {
    const { id, duplicate } = await store.appendInbox(roomKey, eventId, payload);
    if (!duplicate) queueEntry({ id, roomKey, eventId, payload, processed: false });
    scheduleRoom(roomKey);
    return duplicate ? null : id;
  }

  /**
   * Whether an event can be processed as it arrives: a single-process store that appends it with
   * its step, and a room with nothing queued, processing or being appended.
   */
  function canStepAtOnce(roomKey: string): boolean {
    return (
      store.knowsEvent !== undefined &&
      !store.shared &&
      !stopping &&
      !rooms.has(roomKey) &&
      !appending.has(roomKey) &&
      !reloadRooms.has(roomKey) &&
      (inboxQueues.get(roomKey)?.length ?? 0) === 0
    );
  }

  /**
   * Processes an event of an idle room at once, its inbox entry appended by the step's own commit:
   * one transaction instead of two (the append, then the step). Nothing of it is durable before
   * that commit, as nothing was before the append, and the platform learns it was taken only
   * then. A duplicate is recognised before the workshop sees it; a step that cannot be committed
   * (the session is evicted and restored from the store) is appended and processed as usual.
   */
  function stepAtOnce(roomKey: string, eventId: string, payload: InboxPayload): Promise<void> {
    const run = (async () => {
      if (await store.knowsEvent?.(eventId)) return;
      let result: StepResult;
      try {
        result = await sessions.process({
          id: 0,
          roomKey,
          eventId,
          payload,
          processed: false,
          appendWithStep: true,
        });
      } catch (e) {
        if (e instanceof StepCommitError && e.cause instanceof DuplicateEventError) return;
        // Appended, it waits behind this step: `appendNow` schedules the room again after it.
        if ((await appendNow(roomKey, eventId, payload)) !== null) killPoint("inbox.appended");
        return;
      }
      killPoint("inbox.appended");
      applyStep(roomKey, result);
    })();
    const done = run.finally(() => {
      atOnce.delete(roomKey);
      rooms.delete(roomKey);
      if (again.delete(roomKey)) scheduleRoom(roomKey);
    });
    // Settled either way: the room's next append and drain go on after it.
    const settled = done.catch(() => undefined);
    atOnce.set(roomKey, settled);
    rooms.set(roomKey, settled);
    track(settled);
    return done;
  }

  /** What the runtime does after a committed step: timers, deliveries, translations. */
  function applyStep(roomKey: string, result: StepResult): void {
    if (result.sessionId !== null) scheduler.arm(result.sessionId, roomKey, result.deadline);
    dispatcher.drop(result.removed);
    if (result.forgotten !== undefined) forgetOnPlatform(result.forgotten.platform, result.forgotten.userId);
    if (result.outbox.length > 0) dispatcher.enqueue(result.outbox);
    for (const wanted of result.toTranslate ?? []) track(machineTranslate(roomKey, wanted));
  }

  function track(p: Promise<unknown>): void {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  }

  async function fireTimer(sessionId: string, roomKey: string, deadline: number): Promise<void> {
    if (stopping) return;
    const payload: InboxPayload = { source: "timer", sessionId, at: deadline };
    try {
      await append(roomKey, `timer:${sessionId}:${deadline}`, payload);
    } catch (e) {
      logger.error("cannot record a fired timer", { session: sessionId, deadline, err: e });
    }
  }

  /** Queues the floor reconciliation of a restored session (once per stored step of it). */
  async function reconcile(sessionId: string, roomKey: string, seq: number): Promise<void> {
    if (stopping) return;
    try {
      await append(roomKey, `reconcile:${sessionId}:${String(seq)}`, { source: "reconcile", sessionId });
    } catch (e) {
      logger.error("cannot record a floor reconciliation", { session: sessionId, err: e });
    }
  }

  async function recordFailedDelivery(entry: OutboxEntry, code: string): Promise<void> {
    if (stopping || entry.sessionId === null) return;
    const { delivery, roomKey, idempotencyKey } = entry;
    const audience = delivery.audience;
    let payload: InboxPayload;
    try {
      // A participant is named by participant id: the inbox keeps no platform user id of theirs.
      const participantId =
        audience.to === "user"
          ? await sessions.participantIdOf(entry.sessionId, roomKey, audience.userId)
          : undefined;
      payload = {
        source: "delivery-failed",
        idempotencyKey,
        kind: delivery.kind,
        code,
        sessionId: entry.sessionId,
        to: audience.to,
        ...(participantId === undefined ? {} : { participantId }),
        ...(delivery.kind === "floor" && delivery.holders === "everyone" ? { release: true } : {}),
        ...(delivery.kind === "retract" ? { ref: delivery.contributionRef } : {}),
      };
      await append(roomKey, `failed:${idempotencyKey}`, payload);
    } catch (e) {
      logger.error("cannot record a failed delivery", { key: idempotencyKey, err: e });
    }
  }

  /**
   * Asks the translation service for each target language; each answer becomes an inbox entry, so
   * it is posted in order with the room's other events and survives a restart. A failure is
   * logged (without the text) and the room simply has no machine translation.
   */
  async function machineTranslate(roomKey: string, wanted: TranslationWanted): Promise<void> {
    const translator = options.translator;
    if (translator === undefined) return;
    for (const target of wanted.targets) {
      if (stopping) return;
      const eventId = `translation:${wanted.sessionId}:${String(wanted.ref)}:${target}`;
      const result = await translator.translate({ text: wanted.text, source: "auto", target });
      if (!result.ok) {
        logger.warn("machine translation failed", {
          session: wanted.sessionId,
          ref: wanted.ref,
          target,
          code: result.error.code,
          reason: result.error.message,
        });
        continue;
      }
      // Already in that language (the service detected it): nothing to translate.
      if (result.value.detected === target) continue;
      try {
        await append(roomKey, eventId, {
          source: "translation",
          sessionId: wanted.sessionId,
          ref: wanted.ref,
          target,
          text: result.value.text,
        });
      } catch (e) {
        logger.error("cannot record a machine translation", { session: wanted.sessionId, err: e });
        return;
      }
    }
  }

  async function claim(roomKey: string): Promise<boolean> {
    if (owner === undefined) return true;
    const now = clock.now();
    const ok = await store.claimRoom(roomKey, owner, now, now + leaseMs);
    if (ok) claimed.add(roomKey);
    else lost(roomKey);
    return ok;
  }

  /** Renews every lease this process holds, in one store call; lets go of the rooms taken over. */
  async function renewClaims(): Promise<void> {
    if (owner === undefined || claimed.size === 0) return;
    const now = clock.now();
    for (const room of await store.renewRooms([...claimed], owner, now, now + leaseMs)) lost(room);
  }

  /** Another process drives this room: drop our actor and timers for it. */
  function lost(roomKey: string): void {
    claimed.delete(roomKey);
    if (sessions.hasLive(roomKey)) sessions.evict(roomKey);
    scheduler.disarmRoom(roomKey);
  }

  /** Processes the room's unprocessed entries in order; one drain per room at a time. */
  function scheduleRoom(roomKey: string): void {
    if (stopping) return;
    if (rooms.has(roomKey)) {
      again.add(roomKey);
      return;
    }
    const run = drainRoom(roomKey)
      .catch((e: unknown) => {
        logger.error("room processing failed", { room: roomKey, err: e });
      })
      .finally(() => {
        rooms.delete(roomKey);
        if (again.delete(roomKey)) scheduleRoom(roomKey);
      });
    rooms.set(roomKey, run);
    track(run);
  }

  async function drainRoom(roomKey: string): Promise<void> {
    if (!(await claim(roomKey))) return;
    let queue: InboxEntry[];
    if (store.shared) queue = await store.unprocessedInbox(roomKey);
    else {
      if (reloadRooms.delete(roomKey)) {
        for (const entry of await store.unprocessedInbox(roomKey)) queueEntry(entry);
      }
      queue = inboxQueues.get(roomKey) ?? [];
    }
    for (;;) {
      const entry = queue[0];
      if (entry === undefined) break;
      if (stopping) return;
      let result;
      try {
        result = await sessions.process(entry);
      } catch (e) {
        const count = (failures.get(entry.id) ?? 0) + 1;
        failures.set(entry.id, count);
        logger.error("cannot process an event", {
          room: roomKey,
          event: entry.eventId,
          attempt: count,
          err: e,
        });
        if (count < maxStepAttempts) {
          // Probably transient (the database went away): try the room again shortly.
          reloadRooms.add(roomKey);
          retryLater(roomKey);
          return;
        }
        // The same entry keeps failing: set it aside (marked processed, nothing applied) so one
        // bad event cannot block the room for ever. The log above says which one.
        failures.delete(entry.id);
        await store.commit({ inboxId: entry.id, deliveries: [], ...(owner === undefined ? {} : { owner }) });
        logger.error("event skipped after repeated failures", { room: roomKey, event: entry.eventId });
        dequeue(queue, entry);
        continue;
      }
      dequeue(queue, entry);
      failures.delete(entry.id);
      applyStep(roomKey, result);
    }
    if (!store.shared && queue.length === 0 && inboxQueues.get(roomKey) === queue)
      inboxQueues.delete(roomKey);
  }

  /** The adapter drops its own traces of a forgotten user; a failure is logged without the id. */
  function forgetOnPlatform(platformName: string, userId: string): void {
    const platform = platforms.get(platformName);
    if (platform?.forgetUser === undefined) return;
    platform.forgetUser(userId).catch((e: unknown) => {
      logger.error("the platform could not forget a participant", { platform: platformName, err: e });
    });
  }

  /** Rooms with no stored session left: their platform drops what it keeps for them. */
  async function forgetRooms(roomKeys: readonly string[]): Promise<void> {
    for (const roomKey of new Set(roomKeys)) {
      const split = roomKey.indexOf(":");
      const platform = platforms.get(roomKey.slice(0, split));
      if (split < 0 || platform?.forgetRoom === undefined) continue;
      if ((await store.findSession(roomKey)) !== undefined) continue;
      try {
        await platform.forgetRoom(roomKey.slice(split + 1));
      } catch (e) {
        logger.error("the platform could not forget a room after retention", {
          platform: platform.name,
          err: e,
        });
      }
    }
  }

  async function accept(event: InboundEvent): Promise<void> {
    if (!accepting) throw new Error("the runtime is not accepting events");
    const roomKey = `${event.platform}:${event.roomId}`;
    const payload: InboxPayload = { source: "platform", event, acceptedAt: clock.now() };
    const eventId = `${event.platform}:${event.eventId}`;
    if (canStepAtOnce(roomKey)) return stepAtOnce(roomKey, eventId, payload);
    if ((await append(roomKey, eventId, payload)) !== null) killPoint("inbox.appended");
  }

  async function sweep(): Promise<void> {
    const now = clock.now();
    try {
      // The rooms of the sessions about to go, for adapters that keep room content (forgetRoom).
      const roomsOf = [...platforms.values()].some((p) => p.forgetRoom !== undefined)
        ? new Map((await store.listSessions()).map((s) => [s.id, s.roomKey]))
        : undefined;
      const deleted = await store.deleteEndedBefore(now - config.retentionDays * dayMs, now);
      if (deleted.length > 0) logger.info("deleted finished sessions after retention", { sessions: deleted });
      if (roomsOf !== undefined) await forgetRooms(deleted.map((id) => roomsOf.get(id) ?? ""));
    } catch (e) {
      logger.error("retention sweep failed", { err: e });
    }
    // Tracked, so `idle` waits for a sweep the clock started.
    if (!stopping)
      sweepTimer = clock.at(now + dayMs / 4, () => {
        track(sweep());
      });
  }

  /** Queues what `parley forget` appended to a single-process store while this process runs it. */
  async function pickUpOperatorEntries(): Promise<void> {
    for (const entry of await store.unprocessedInbox()) {
      // The operator's forget, and a programme's bulk actions (`parley programme open|pause|end|broadcast`).
      const fromOperator = entry.payload.source === "operator" || entry.eventId.startsWith("coordinator:");
      if (!fromOperator || operatorSeen.has(entry.id)) continue;
      operatorSeen.add(entry.id);
      queueEntry(entry);
      scheduleRoom(entry.roomKey);
    }
  }

  async function rescan(): Promise<void> {
    const pending = await store.unprocessedInbox();
    for (const entry of pending) queueEntry(entry);
    for (const room of new Set(pending.map((e) => e.roomKey))) scheduleRoom(room);
    if (owner !== undefined) {
      // Renew our leases, and take over live sessions whose process went away (lease expired).
      await renewClaims();
      // The light read (ids and rooms), not the snapshots: this runs every poll.
      for (const live of await store.liveTimers()) {
        if (claimed.has(live.roomKey) || !(await claim(live.roomKey))) continue;
        const adopted = await sessions.adopt(live.roomKey);
        if (adopted !== null) scheduler.arm(adopted.sessionId, live.roomKey, adopted.deadline);
        logger.info("took over a session", { session: live.sessionId, room: live.roomKey });
      }
    }
    dispatcher.kick();
  }

  return {
    sessions,
    accept,
    async enqueue(roomKey, eventId, payload) {
      if (!accepting) throw new Error("the runtime is not accepting events");
      const id = await append(roomKey, eventId, payload);
      // Queued by append: the poll for other processes' coordinator entries must not queue it again.
      if (id !== null) operatorSeen.add(id);
      return id !== null;
    },
    async start() {
      await sweep();
      const restored = await sessions.restoreAll();
      for (const r of restored) {
        if (await claim(r.roomKey)) scheduler.arm(r.sessionId, r.roomKey, r.deadline);
        else sessions.evict(r.roomKey);
      }
      accepting = true;
      await rescan();
      try {
        for (const platform of platforms.values()) {
          await platform.start(accept);
        }
      } finally {
        platformsStarted();
      }
      // Timers are armed and events are taken; the actors are rebuilt in the background (a room
      // that needs its session sooner restores it on the spot).
      const ours = restored.map((r) => r.roomKey).filter((room) => owner === undefined || claimed.has(room));
      hydration = sessions
        .hydrate(ours, () => stopping)
        .catch((e: unknown) => {
          logger.error("restoring sessions failed", { err: e });
        });
      track(hydration);
      let pollRunning = false;
      pollTimer = setInterval(() => {
        // One poll at a time: one slower than the interval (many rooms' leases to renew) skips
        // ticks rather than piling up beside itself, and `stop` waits for the one under way.
        if (pollRunning) return;
        pollRunning = true;
        polling = (store.shared ? rescan() : pickUpOperatorEntries())
          .catch((e: unknown) => {
            logger.error("rescan failed", { err: e });
          })
          .finally(() => {
            pollRunning = false;
          });
      }, options.pollMs ?? 1000);
      pollTimer.unref();
      logger.info("runtime started", { sessions: restored.length, platforms: [...platforms.keys()] });
    },
    async idle() {
      for (;;) {
        while (inflight.size > 0) await Promise.all([...inflight]);
        await dispatcher.idle();
        if (inflight.size === 0 && rooms.size === 0) return;
      }
    },
    async stop() {
      accepting = false;
      for (const platform of platforms.values()) {
        try {
          await platform.stop();
        } catch (e) {
          logger.error("platform failed to stop", { platform: platform.name, err: e });
        }
      }
      if (pollTimer !== null) clearInterval(pollTimer);
      // A poll under way finishes before the store closes (it uses it).
      await polling;
      sweepTimer?.cancel();
      // Finish the event in flight in each room; the rest stays in the inbox for the next start.
      stopping = true;
      await hydration;
      await Promise.all([...rooms.values()]);
      scheduler.stop();
      await dispatcher.stop(options.flushTimeoutMs ?? 5000);
      // The whole state of each session with deltas, so a normal restart replays nothing.
      await sessions.compactAll();
      sessions.stopAll();
      if (owner !== undefined) {
        try {
          await store.releaseRooms(owner);
        } catch (e) {
          logger.error("cannot release leases", { err: e });
        }
      }
      await store.close();
      logger.info("runtime stopped");
    },
  };
}
