// Sessions: one workshop actor per room. `process` turns one inbox entry into one durable step:
// the command/permission checks, the machine events, the rendered deliveries and the new
// snapshot, handed to the store as a single commit.
import { createHash } from "node:crypto";
import { createActor, type Actor } from "xstate";
import type { FlowEffect, Participant, WorkshopEvent, WorkshopRecord } from "../flows/protocol.ts";
import type { FlowSpec } from "../flows/spec.ts";
import {
  createWorkshopMachine,
  describeWorkshop,
  nextDeadline,
  type WorkshopMachine,
  type WorkshopSnapshot,
} from "../flows/workshop.ts";
import { commandNameOf, isFacilitatorCommandName, parseCommand, type Command } from "./commands.ts";
import { roomConfig, type Config } from "./config.ts";
import type { FlowLibrary } from "./flow-library.ts";
import { resolveLocale, type RuntimeMessageKey } from "./i18n/index.ts";
import { killPoint } from "./kill-points.ts";
import { disambiguate, type TakenName } from "./names.ts";
import { finishedWithout, modeVar, myDataVars, storedSnapshot } from "./privacy.ts";
import type { DeliveryAudience, InboundEvent, Logger, Sender } from "./ports.ts";
import {
  privatelyAskedNotice,
  renderEffect,
  renderNotice,
  type DeliveryDraft,
  type NoticeOptions,
  type RenderContext,
} from "./render.ts";
import type { Vars } from "../flows/protocol.ts";
import {
  emptyMeta,
  type Commit,
  type InboxEntry,
  type NewDelivery,
  type OutboxEntry,
  type ParticipantRecord,
  type SessionMeta,
  type SessionRecord,
  type Store,
} from "./store.ts";

export interface SessionHostOptions {
  readonly store: Store;
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => number;
  readonly flows: Pick<FlowLibrary, "load" | "list">;
  /** Whether `start` from this platform may name a flow file by path (the composition root decides). */
  readonly flowPaths: (platform: string) => boolean;
  /** Flow used by a bare `start` when no session exists. */
  readonly defaultFlow?: string;
  /** Fixed seed base (simulations); random otherwise. */
  readonly seed?: number;
  /** Lease owner (several processes sharing a PostgreSQL store). */
  readonly owner?: string;
  /** The platform's `privateAnswersInRoom` capability (false, the private fan-out, when unknown). */
  readonly privateAnswersInRoom?: (platform: string) => boolean;
  /** Told when a session under strict turn-taking was restored, so its floor is reconciled. */
  readonly onRestored?: (restored: { sessionId: string; roomKey: string; seq: number }) => void;
}

interface LiveSession {
  record: SessionRecord;
  readonly spec: FlowSpec;
  readonly actor: Actor<WorkshopMachine>;
  /** Effects emitted during the current `send`. */
  readonly emitted: FlowEffect[];
  participants: ParticipantRecord[];
  failed: boolean;
}

/** What a processed step changed, for the runtime to act on after the commit. */
export interface StepResult {
  readonly sessionId: string | null;
  readonly deadline: number | null;
  readonly ended: boolean;
  readonly delivered: number;
  /** The outbox entries the step committed (for the dispatcher). */
  readonly outbox: readonly OutboxEntry[];
  /** Undelivered outbox entries a forget deleted (the dispatcher drops them). */
  readonly removed: readonly number[];
  /** The platform user a committed forget removed (the runtime asks that adapter to forget them too). */
  readonly forgotten?: { readonly platform: string; readonly userId: string };
}

type FailedDelivery = Extract<InboxEntry["payload"], { source: "delivery-failed" }>;

/** The facilitators' notice for a delivery given up (other than a refused floor restriction). */
function failureNotice(failed: FailedDelivery): [RuntimeMessageKey, Vars] {
  const code = failed.code;
  if (failed.kind === "pin") return ["pin.failed", { code }];
  if (failed.kind === "floor" && failed.release === true) return ["floor.restoreFailed", { code }];
  if (failed.to === "user" && failed.participantId !== undefined)
    return ["delivery.privateFailed", { code, participant: { participant: failed.participantId } }];
  return ["delivery.failed", { code }];
}

/** The vars of a join confirmation: the participant's group, named in the flow's words. */
function groupVars(session: LiveSession, p: ParticipantRecord): Vars {
  const name = session.spec.groups?.find((g) => g.id === p.group)?.name;
  return name === undefined ? { hasGroup: "none", group: "" } : { hasGroup: "yes", group: { text: name } };
}

/** A participant record as the workshop machine knows it. */
function participantOfRecord(p: ParticipantRecord): Participant {
  return {
    id: p.participantId,
    name: p.name,
    locale: p.locale,
    ...(p.group === null ? {} : { group: p.group }),
  };
}

/** Participants as rendering needs them, by participant id. */
function participantMap(records: readonly ParticipantRecord[]): RenderContext["participants"] {
  const participants = new Map<string, { participant: Participant; userId: string }>();
  for (const p of records)
    participants.set(p.participantId, { participant: participantOfRecord(p), userId: p.userId });
  return participants;
}

/** Thrown when the store refused the commit; the session is reloaded from the store next time. */
export class StepCommitError extends Error {}

const consoleFacilitator = "facilitator";

/**
 * Compiled machines by spec object. Sessions of one flow share its (frozen) spec object, whether
 * it came from the flow library's cache or from the store's, so they share one machine too:
 * compiling a machine per session cost milliseconds at `start` and on restore.
 */
const machines = new WeakMap<FlowSpec, WorkshopMachine>();
function machineFor(spec: FlowSpec): WorkshopMachine {
  let machine = machines.get(spec);
  if (machine === undefined) {
    machine = createWorkshopMachine(spec);
    machines.set(spec, machine);
  }
  return machine;
}

function sessionIdFor(roomKey: string, eventId: string): string {
  return `s${createHash("sha256").update(`${roomKey}\u0000${eventId}`).digest("hex").slice(0, 10)}`;
}

/**
 * The session a privacy request (forget-me, confirm-forget, my-data) acts on: the room's live one,
 * or once it ended, its finished one until retention deletes it.
 */
interface Held {
  readonly record: SessionRecord;
  readonly spec: FlowSpec;
  readonly participants: readonly ParticipantRecord[];
  readonly live: LiveSession | null;
}

/** A step being built: everything in it is committed together or not at all. */
class Step {
  readonly drafts: DeliveryDraft[] = [];
  readonly participants: ParticipantRecord[] = [];
  forget: Commit["forget"];
  /** The event was not taken by any session: its content is not kept (Commit.discardPayload). */
  discard = false;
  /** Drafts (by index) deleted from the outbox once delivered (NewDelivery.dropWhenDone). */
  readonly dropWhenDone = new Set<number>();
  /** A finished session this step changes (forget-me after the end), and its new snapshot. */
  finished: { held: Held; snapshot: unknown } | null = null;
  meta: SessionMeta;
  touched = false;
  readonly entry: InboxEntry;
  readonly platform: string;
  readonly roomId: string;
  readonly session: LiveSession | null;
  readonly isNew: boolean;
  constructor(
    entry: InboxEntry,
    platform: string,
    roomId: string,
    session: LiveSession | null,
    isNew: boolean,
  ) {
    this.entry = entry;
    this.platform = platform;
    this.roomId = roomId;
    this.session = session;
    this.isNew = isNew;
    this.meta = session?.record.meta ?? emptyMeta;
  }
}

export class SessionHost {
  private readonly o: SessionHostOptions;
  private readonly live = new Map<string, LiveSession>();
  private readonly restoring = new Map<string, Promise<LiveSession | null>>();
  private seedCounter = 0;

  constructor(options: SessionHostOptions) {
    this.o = options;
  }

  /**
   * Every live session with its timer as stored (the caller re-arms them). Actors are not built
   * here: a session is restored when its room next needs it, or by `hydrate` in the background,
   * so a restart with thousands of sessions is ready as soon as their timers are armed. A row
   * from before deadlines were stored is restored now, to learn its deadline.
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
        out.push({ sessionId: s.record.id, roomKey: timer.roomKey, deadline: this.deadlineOf(s) });
    }
    return out;
  }

  /** Restores the rooms' sessions one after another, letting other work in between. */
  async hydrate(roomKeys: readonly string[], stopped: () => boolean): Promise<void> {
    for (const [i, roomKey] of roomKeys.entries()) {
      if (stopped()) return;
      if (this.live.has(roomKey)) continue;
      await this.sessionFor(roomKey);
      if (i % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Restores one room's live session (taking over a room another process drove); null: none. */
  async adopt(roomKey: string): Promise<{ sessionId: string; deadline: number | null } | null> {
    const cached = this.live.get(roomKey);
    const s = cached ?? (await this.sessionFor(roomKey));
    return s === null ? null : { sessionId: s.record.id, deadline: this.deadlineOf(s) };
  }

  private async restore(record: SessionRecord): Promise<LiveSession | null> {
    try {
      const spec = record.spec as FlowSpec;
      const machine = machineFor(spec);
      const emitted: FlowEffect[] = [];
      const actor =
        record.snapshot === null
          ? createActor(machine, { input: { seed: record.seed } })
          : createActor(machine, {
              snapshot: record.snapshot as WorkshopSnapshot,
              input: { seed: record.seed },
            });
      const session: LiveSession = {
        record,
        spec,
        actor,
        emitted,
        participants: await this.o.store.participants(record.id),
        failed: false,
      };
      this.watch(session);
      actor.start();
      // Restoring is not a transition: nothing should be emitted, and whatever is was already sent.
      emitted.length = 0;
      this.live.set(record.roomKey, session);
      if (spec.turnEnforcement === "strict")
        this.o.onRestored?.({ sessionId: record.id, roomKey: record.roomKey, seq: record.seq });
      return session;
    } catch (e) {
      this.o.logger.error("cannot restore session", { session: record.id, room: record.roomKey, err: e });
      return null;
    }
  }

  private watch(session: LiveSession): void {
    session.actor.on("*", (effect) => {
      session.emitted.push(effect);
    });
    session.actor.subscribe({
      error: (err: unknown) => {
        session.failed = true;
        this.o.logger.error("workshop machine failed", { session: session.record.id, err });
      },
    });
  }

  private deadlineOf(session: LiveSession): number | null {
    const snapshot = session.actor.getSnapshot();
    if (snapshot.status !== "active") return null;
    return nextDeadline(snapshot);
  }

  /** Forgets the in-memory actor of a room (after a failed commit or a lost lease). */
  evict(roomKey: string): void {
    const s = this.live.get(roomKey);
    s?.actor.stop();
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
    const restoring = (async () => {
      const record = await this.o.store.liveSession(roomKey);
      return record === undefined ? null : this.restore(record);
    })().finally(() => this.restoring.delete(roomKey));
    this.restoring.set(roomKey, restoring);
    return restoring;
  }

  /** Processes one inbox entry as one atomic step. */
  async process(entry: InboxEntry): Promise<StepResult> {
    const roomKey = entry.roomKey;
    const session = await this.sessionFor(roomKey);
    const sep = roomKey.indexOf(":");
    const platform = roomKey.slice(0, sep);
    const roomId = roomKey.slice(sep + 1);
    let step = new Step(entry, platform, roomId, session, false);

    const payload = entry.payload;
    if (payload.source === "timer") {
      if (session !== null && session.record.id === payload.sessionId) {
        this.send(step, session, { type: "timer.fired", at: payload.at });
      }
    } else if (payload.source === "delivery-failed") {
      await this.deliveryFailed(step, payload);
    } else if (payload.source === "operator") {
      await this.operatorForget(step, payload.sessionId, payload.participantId);
    } else if (payload.source === "reconcile") {
      if (session !== null && session.record.id === payload.sessionId) this.reconcileFloor(step, session);
    } else {
      const created = await this.handleInbound(step, payload.event);
      if (created !== null) step = created;
    }
    return this.commit(step);
  }

  private async commit(step: Step): Promise<StepResult> {
    const s = step.session;
    const now = this.o.now();
    let record: SessionRecord | undefined;
    if (step.finished !== null) {
      // A privacy request on a finished session changes that session only (not a live one).
      const done = step.finished.held.record;
      if (step.touched)
        record = {
          ...done,
          snapshot: step.finished.snapshot,
          meta: step.meta,
          seq: done.seq + 1,
          updatedAt: now,
        };
    } else if (s !== null && (step.touched || step.isNew)) {
      if (s.failed) {
        // A machine bug: keep the last good snapshot, mark the event processed so it does not
        // poison the room, and reload the actor from the store next time.
        this.o.logger.error("event not applied: the workshop machine failed", {
          session: s.record.id,
          event: step.entry.eventId,
        });
        step.drafts.length = 0;
        step.participants.length = 0;
        this.evict(s.record.roomKey);
      } else {
        const snapshot = s.actor.getPersistedSnapshot();
        const ended = s.actor.getSnapshot().status === "done";
        record = {
          ...s.record,
          snapshot,
          meta: { ...step.meta, nextDeadline: ended ? null : this.deadlineOf(s) },
          seq: s.record.seq + 1,
          status: ended ? "done" : "live",
          updatedAt: now,
          endedAt: ended ? now : null,
        };
      }
    }
    const prefix =
      record !== undefined ? `${record.id}:${record.seq}` : `${step.entry.roomKey}:${step.entry.eventId}`;
    const deliveries: NewDelivery[] = step.drafts.map((draft, n) => ({
      roomKey: step.entry.roomKey,
      sessionId: record?.id ?? null,
      platform: step.platform,
      delivery: { ...draft, idempotencyKey: `${prefix}:${n}` },
      ...(step.dropWhenDone.has(n) ? { dropWhenDone: true } : {}),
    }));
    killPoint("step.before-commit");
    let outbox: readonly OutboxEntry[];
    let removed: readonly number[] | undefined;
    try {
      ({ outbox, removed } = await this.o.store.commit({
        inboxId: step.entry.id,
        ...(record === undefined ? {} : { session: record, isNewSession: step.isNew }),
        participants: step.participants,
        deliveries,
        ...(step.forget === undefined ? {} : { forget: step.forget }),
        ...(step.discard ? { discardPayload: true } : {}),
        ...(this.o.owner === undefined ? {} : { owner: this.o.owner }),
      }));
    } catch (e) {
      this.evict(step.entry.roomKey);
      throw new StepCommitError(`commit of inbox entry ${step.entry.id} failed`, { cause: e });
    }
    killPoint("step.after-commit");
    if (s !== null && record?.id === s.record.id) {
      s.record = record;
      // A join already added its participant to `s.participants` (rendering needed it); only a
      // forget removes one, and the store says which rows remain.
      if (step.forget !== undefined) {
        s.participants = await this.o.store.participants(record.id);
      }
      if (record.status === "done") this.evict(record.roomKey);
      else this.live.set(record.roomKey, s);
    }
    const liveRecord = s !== null && record?.id === s.record.id ? record : undefined;
    // A step that changed nothing (a bystander's message, `status`, a membership event) leaves the
    // timer where the last commit put it: answering null here disarmed a running turn's timer, so
    // a strict turn never timed out and its room stayed locked (issue 10, finding 9).
    const deadline =
      liveRecord !== undefined
        ? liveRecord.status === "live"
          ? (liveRecord.meta.nextDeadline ?? null)
          : null
        : s !== null && s.record.status === "live"
          ? (s.record.meta.nextDeadline ?? this.deadlineOf(s))
          : null;
    return {
      sessionId: s?.record.id ?? record?.id ?? null,
      deadline,
      ended: liveRecord?.status === "done",
      delivered: deliveries.length,
      outbox,
      removed: removed ?? [],
      ...(step.forget === undefined
        ? {}
        : { forgotten: { platform: step.platform, userId: step.forget.userId } }),
    };
  }

  // --- inbound events -------------------------------------------------------------------------

  /** Handles an inbound platform event; returns a replacement step when it created a session. */
  private async handleInbound(step: Step, event: InboundEvent): Promise<Step | null> {
    const session = step.session;
    const at = this.stampOf(step.entry, event);
    // Someone who left is no longer heard until they rejoin.
    const participant = session === null ? undefined : this.activeParticipantOf(session, event.sender.userId);
    switch (event.kind) {
      case "command":
        return this.handleCommand(step, event, event.name, event.args, at);
      case "message":
        if (session !== null && participant !== undefined) {
          this.send(step, session, {
            type: "participant.say",
            participantId: participant.participantId,
            text: event.text,
            at,
          });
        } else step.discard = true;
        return null;
      case "choice":
        if (session !== null && participant !== undefined) {
          this.send(step, session, {
            type: "participant.choose",
            participantId: participant.participantId,
            promptId: event.promptId,
            value: event.value,
            at,
          });
        } else {
          step.discard = true;
          this.notJoined(step, event.sender);
        }
        return null;
      case "private":
        if (session !== null && participant !== undefined) {
          this.send(step, session, {
            type: "participant.submit",
            participantId: participant.participantId,
            promptId: event.promptId,
            text: event.text,
            at,
          });
        } else {
          step.discard = true;
          this.notJoined(step, event.sender);
        }
        return null;
      case "leave":
        if (session !== null && participant !== undefined) {
          this.send(step, session, {
            type: "participant.leave",
            participantId: participant.participantId,
            at,
          });
        } else step.discard = true;
        return null;
      case "join":
        // Joining the room is not joining the workshop: participants say `join` (and pick a group).
        step.discard = participant === undefined;
        return null;
    }
  }

  /** The event time: stamped when the event was accepted (kept in the inbox, so replays agree). */
  private stampOf(entry: InboxEntry, event: InboundEvent): number {
    return entry.payload.source === "platform" && entry.payload.acceptedAt !== undefined
      ? entry.payload.acceptedAt
      : event.at;
  }

  private isFacilitator(step: Step, sender: Sender): boolean {
    const roomKey = step.entry.roomKey;
    const rc = roomConfig(this.o.config, roomKey);
    if (rc.facilitators.includes(sender.userId)) return true;
    if ((sender.roles ?? []).some((r) => rc.facilitatorRoles.includes(r))) return true;
    // The keyboard user of the terminal room facilitates it unless the configuration says otherwise.
    return (
      step.platform === "console" && rc.facilitators.length === 0 && sender.userId === consoleFacilitator
    );
  }

  private roomLocale(step: Step): string {
    return roomConfig(this.o.config, step.entry.roomKey).locale ?? this.o.config.locale;
  }

  private senderLocale(step: Step, sender: Sender): string {
    // The sender's own locale when the platform tells it and we speak it; else the room's.
    return resolveLocale(sender.locale, resolveLocale(this.roomLocale(step)));
  }

  private participantOf(session: LiveSession, userId: string): ParticipantRecord | undefined {
    return session.participants.find((p) => p.userId === userId);
  }

  /** The sender's participant record while they take part (not after they left or were removed). */
  private activeParticipantOf(session: LiveSession, userId: string): ParticipantRecord | undefined {
    const p = this.participantOf(session, userId);
    if (p === undefined) return undefined;
    const present = describeWorkshop(session.actor.getSnapshot()).participants;
    return present.some((q) => q.id === p.participantId) ? p : undefined;
  }

  private async handleCommand(
    step: Step,
    event: InboundEvent,
    name: string,
    args: readonly string[],
    at: number,
  ): Promise<Step | null> {
    const parsed = parseCommand(name, args);
    const sender = event.sender;
    // Whatever the arguments, a participant is first told the command is not theirs.
    if (isFacilitatorCommandName(name) && !this.isFacilitator(step, sender)) {
      this.notice(
        step,
        "command.facilitatorOnly",
        { command: commandNameOf(name) ?? name },
        this.toUser(sender),
        this.senderLocale(step, sender),
      );
      return null;
    }
    if (!parsed.ok) {
      this.notice(
        step,
        parsed.key,
        parsed.vars,
        { to: "user", userId: sender.userId },
        this.senderLocale(step, sender),
      );
      return null;
    }
    const command = parsed.command;
    const facilitator = this.isFacilitator(step, sender);
    if (facilitator && step.session !== null) this.rememberFacilitator(step, sender);
    if (command.name === "start") return this.start(step, command.flow, sender, at);
    if (command.name === "help") {
      this.notice(step, "command.help", {}, this.toUser(sender), this.senderLocale(step, sender));
      return null;
    }
    const session = step.session;
    if (session === null) {
      if (isPrivacyCommand(command)) {
        const held = await this.finishedSession(step);
        if (held !== null) {
          this.privacyCommand(step, held, command, sender, at);
          return null;
        }
      }
      this.notice(step, "session.none", {}, this.toUser(sender), this.senderLocale(step, sender));
      return null;
    }
    this.sessionCommand(step, session, command, sender, at);
    return null;
  }

  /** A facilitator seen in this session: their id (for private notices) and name (for look-alikes). */
  private rememberFacilitator(step: Step, sender: Sender): void {
    const names = step.meta.facilitatorNames ?? {};
    if (step.meta.facilitators.includes(sender.userId) && names[sender.userId] === sender.displayName) return;
    step.meta = {
      ...step.meta,
      facilitators: step.meta.facilitators.includes(sender.userId)
        ? step.meta.facilitators
        : [...step.meta.facilitators, sender.userId],
      facilitatorNames: { ...names, [sender.userId]: sender.displayName },
    };
    step.touched = true;
  }

  private toUser(sender: Sender): DeliveryAudience {
    return { to: "user", userId: sender.userId };
  }

  private async start(step: Step, flowName: string | null, sender: Sender, at: number): Promise<Step | null> {
    if (step.session !== null) {
      if (flowName === null || flowName === step.session.record.flowId) {
        // `start` in the lobby opens the first stage.
        this.send(step, step.session, { type: "control", action: "start", by: sender.userId, at });
      } else {
        this.notice(
          step,
          "session.alreadyRunning",
          { flow: step.session.record.flowId },
          this.toUser(sender),
          this.senderLocale(step, sender),
        );
      }
      return null;
    }
    const name = flowName ?? this.o.defaultFlow ?? null;
    if (name === null) {
      this.notice(
        step,
        "command.badArguments",
        { command: "start" },
        this.toUser(sender),
        this.senderLocale(step, sender),
      );
      return null;
    }
    const paths = this.o.flowPaths(step.platform);
    const loaded = await this.o.flows.load(name, { paths });
    if (!loaded.ok) {
      const locale = this.senderLocale(step, sender);
      if (paths) {
        // The operator at the keyboard: the full errors, as `parley flows validate` prints them.
        const errors = loaded.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`);
        this.notice(
          step,
          "flow.invalid",
          { flow: name, errors: { list: errors } },
          this.toUser(sender),
          locale,
        );
        return null;
      }
      // A chat room: never the file's content, values or field names, nor whether a path exists.
      const flows = { list: (await this.o.flows.list()).map((f) => f.id) };
      if (loaded.problem === "path_refused")
        this.notice(step, "flow.idsOnly", { flows }, this.toUser(sender), locale);
      else if (loaded.problem === "not_found")
        this.notice(step, "flow.unknown", { flow: name, flows }, this.toUser(sender), locale);
      else
        this.notice(
          step,
          "flow.unusable",
          { flow: name, problems: loaded.errors.length },
          this.toUser(sender),
          locale,
        );
      return null;
    }
    const spec = loaded.spec;
    const id = sessionIdFor(step.entry.roomKey, step.entry.eventId);
    const seed =
      this.o.seed !== undefined ? this.o.seed + this.seedCounter++ : Math.floor(Math.random() * 2 ** 31);
    const now = this.o.now();
    const record: SessionRecord = {
      id,
      roomKey: step.entry.roomKey,
      flowId: spec.id,
      spec,
      seed,
      locale: this.roomLocale(step),
      snapshot: null,
      meta: {
        ...emptyMeta,
        facilitators: [sender.userId],
        facilitatorNames: { [sender.userId]: sender.displayName },
      },
      seq: 0,
      status: "live",
      createdAt: now,
      updatedAt: now,
      endedAt: null,
    };
    const machine = machineFor(spec);
    const emitted: FlowEffect[] = [];
    const actor = createActor(machine, { input: { seed } });
    const session: LiveSession = { record, spec, actor, emitted, participants: [], failed: false };
    this.watch(session);
    const created = new Step(step.entry, step.platform, step.roomId, session, true);
    created.drafts.push(...step.drafts);
    actor.start();
    this.flush(created, session);
    return created;
  }

  private sessionCommand(
    step: Step,
    session: LiveSession,
    command: Command,
    sender: Sender,
    at: number,
  ): void {
    const by = sender.userId;
    const locale = this.senderLocale(step, sender);
    const target = (ref: string): ParticipantRecord | undefined => {
      // A participant id, a user id as the platform writes it (Matrix ids start with "@"), or a
      // name, with or without a leading "@".
      const exact = ref.toLowerCase();
      const wanted = exact.replace(/^@/, "");
      const found = session.participants.find((p) => {
        const userId = p.userId.toLowerCase();
        return (
          p.participantId === ref || userId === exact || userId === wanted || p.name.toLowerCase() === wanted
        );
      });
      if (found === undefined)
        this.notice(step, "participant.unknown", { participant: ref }, this.toUser(sender), locale);
      return found;
    };
    switch (command.name) {
      case "join":
        this.join(step, session, command.group, sender, at);
        return;
      case "leave": {
        const p = this.activeParticipantOf(session, sender.userId);
        if (p === undefined) this.notJoined(step, sender);
        if (p !== undefined) {
          this.send(step, session, { type: "participant.leave", participantId: p.participantId, at });
          this.notice(step, "leave.confirmed", {}, this.toUser(sender), locale);
        }
        return;
      }
      case "pause":
      case "resume":
      case "next":
      case "back":
      case "end":
        this.send(step, session, { type: "control", action: command.name, by, at });
        return;
      case "extend":
        this.send(step, session, { type: "control.extend", minutes: command.minutes, by, at });
        return;
      case "floor": {
        const p = target(command.participant);
        if (p !== undefined)
          this.send(step, session, { type: "control.floor", participantId: p.participantId, by, at });
        return;
      }
      case "remove": {
        const p = target(command.participant);
        if (p !== undefined) {
          this.send(step, session, { type: "control.remove", participantId: p.participantId, by, at });
          step.meta = { ...step.meta, removed: [...(step.meta.removed ?? []), p.participantId] };
        }
        return;
      }
      case "cluster":
        this.send(step, session, {
          type: "control.cluster",
          ideaIds: command.ideaIds,
          label: command.label,
          by,
          at,
        });
        return;
      case "timeout": {
        const p = this.activeParticipantOf(session, sender.userId);
        if (p === undefined) this.notJoined(step, sender);
        if (p !== undefined) {
          this.send(step, session, {
            type: "participant.timeout",
            participantId: p.participantId,
            ...(command.reason === null ? {} : { reason: command.reason }),
            at,
          });
        }
        return;
      }
      case "status": {
        const status = describeWorkshop(session.actor.getSnapshot());
        this.notice(
          step,
          "session.status",
          {
            flow: session.record.flowId,
            stage: status.stageIndex + 1,
            stages: status.stageCount,
            stageId: status.stageId ?? "-",
            phase: status.phase,
            paused: status.paused ? "yes" : "no",
            participants: status.participants.length,
          },
          this.toUser(sender),
          locale,
        );
        return;
      }
      case "forget-me":
      case "confirm-forget":
      case "my-data":
        this.privacyCommand(step, this.heldLive(session), command, sender, at);
        return;
      case "start":
      case "help":
        return;
    }
  }

  // --- privacy requests: forget-me, confirm-forget, my-data ------------------------------------

  private heldLive(session: LiveSession): Held {
    return { record: session.record, spec: session.spec, participants: session.participants, live: session };
  }

  /**
   * A finished session (kept until retention) for a privacy request: the room's latest one, or the
   * one the operator named.
   */
  private async finishedSession(step: Step, sessionId?: string): Promise<Held | null> {
    const record = await this.o.store.findSession(sessionId ?? step.entry.roomKey);
    if (record !== undefined && record.roomKey !== step.entry.roomKey) return null;
    if (record?.status !== "done") return null;
    const held: Held = {
      record,
      spec: record.spec as FlowSpec,
      participants: await this.o.store.participants(record.id),
      live: null,
    };
    step.finished = { held, snapshot: record.snapshot };
    step.meta = record.meta;
    return held;
  }

  private privacyCommand(
    step: Step,
    held: Held,
    command: Extract<Command, { name: "forget-me" | "confirm-forget" | "my-data" }>,
    sender: Sender,
    at: number,
  ): void {
    const locale = this.senderLocale(step, sender);
    const mode = modeVar(held.spec.confidentiality);
    const me = held.participants.find((p) => p.userId === sender.userId);
    if (command.name !== "confirm-forget" && me === undefined) {
      if (held.live !== null) this.notJoined(step, sender);
      else this.notice(step, "privacy.nothingHeld", {}, this.toUser(sender), locale);
      return;
    }
    switch (command.name) {
      case "my-data": {
        if (me === undefined) return;
        const snapshot =
          held.live !== null
            ? held.live.actor.getSnapshot()
            : storedSnapshot(machineFor(held.spec), {
                ...held.record,
                snapshot: step.finished?.snapshot ?? null,
              });
        step.dropWhenDone.add(step.drafts.length);
        this.notice(step, "privacy.myData", myDataVars(held.spec, me, snapshot), this.toUser(sender), locale);
        return;
      }
      case "forget-me": {
        if (me === undefined) return;
        if (!step.meta.pendingForget.includes(me.participantId)) {
          step.meta = { ...step.meta, pendingForget: [...step.meta.pendingForget, me.participantId] };
          step.touched = true;
        }
        this.notice(step, "forget.requested", { mode }, this.toUser(sender), locale);
        this.notice(
          step,
          "forget.confirmRequest",
          { participant: { participant: me.participantId }, id: me.participantId, mode },
          { to: "facilitators", userIds: this.facilitatorIds(step, held.live) },
          this.roomLocale(step),
        );
        return;
      }
      case "confirm-forget": {
        const ref = command.participant;
        const wanted = ref.toLowerCase().replace(/^@/, "");
        const p = held.participants.find(
          (q) =>
            q.participantId === ref ||
            q.name.toLowerCase() === wanted ||
            q.userId.toLowerCase().replace(/^@/, "") === wanted,
        );
        if (p === undefined || !step.meta.pendingForget.includes(p.participantId)) {
          this.notice(step, "forget.noRequest", { participant: ref }, this.toUser(sender), locale);
          return;
        }
        this.forgetParticipant(step, held, p, at);
        this.notice(step, "forget.confirmed", { id: p.participantId }, this.toUser(sender), locale);
        return;
      }
    }
  }

  /**
   * Forgets a participant in this step: the machine (or a finished session's stored state) drops
   * them, and the commit removes their traces from the store (Commit.forget). They are told, in
   * their language; the step's own notices are written after the store's clean-up.
   */
  private forgetParticipant(step: Step, held: Held, p: ParticipantRecord, at: number): void {
    if (held.live !== null) {
      this.send(step, held.live, { type: "participant.forget", participantId: p.participantId, at });
    } else {
      const without = finishedWithout(machineFor(held.spec), held.record, p.participantId);
      step.finished = { held, snapshot: without.snapshot };
      step.meta = { ...step.meta, record: without.record ?? step.meta.record };
    }
    step.touched = true;
    step.meta = { ...step.meta, pendingForget: step.meta.pendingForget.filter((x) => x !== p.participantId) };
    step.forget = {
      sessionId: held.record.id,
      participantId: p.participantId,
      userId: p.userId,
      name: p.name,
    };
    // Their user id would otherwise stay on this notice: it goes once delivered.
    step.dropWhenDone.add(step.drafts.length);
    this.notice(
      step,
      "forget.done",
      { mode: modeVar(held.spec.confidentiality) },
      { to: "user", userId: p.userId },
      p.locale,
    );
  }

  /** `parley forget <session> <participant>` from the CLI: the operator's word needs no confirmation. */
  private async operatorForget(step: Step, sessionId: string, participantId: string): Promise<void> {
    const held =
      step.session?.record.id === sessionId
        ? this.heldLive(step.session)
        : await this.finishedSession(step, sessionId);
    const p =
      held?.record.id === sessionId
        ? held.participants.find((q) => q.participantId === participantId)
        : undefined;
    if (held === null || held.record.id !== sessionId || p === undefined) {
      this.o.logger.warn("operator forget: no such participant", {
        session: sessionId,
        participant: participantId,
      });
      return;
    }
    this.forgetParticipant(step, held, p, this.o.now());
    this.notice(
      step,
      "forget.confirmed",
      { id: p.participantId },
      { to: "facilitators", userIds: this.facilitatorIds(step, held.live) },
      this.roomLocale(step),
    );
  }

  private join(step: Step, session: LiveSession, groupArg: string | null, sender: Sender, at: number): void {
    const locale = this.senderLocale(step, sender);
    const existing = this.participantOf(session, sender.userId);
    if (existing !== undefined) {
      this.rejoin(step, session, existing, sender, at);
      return;
    }
    const groups = (session.spec.groups ?? []).map((g) => g.id);
    const rc = roomConfig(this.o.config, step.entry.roomKey);
    const fromRole = (sender.roles ?? []).map((r) => rc.groupRoles[r]).find((g) => g !== undefined);
    const group = fromRole ?? groupArg;
    if (groups.length > 0 && (group === null || !groups.includes(group))) {
      this.notice(
        step,
        group === null ? "join.groupRequired" : "join.unknownGroup",
        { group: group ?? "", groups: groups.join(", ") },
        this.toUser(sender),
        locale,
      );
      return;
    }
    const count = step.meta.participantCount + 1;
    step.meta = { ...step.meta, participantCount: count };
    const participantId = `p${count}`;
    // A name that reads like a facilitator's, another participant's or a reserved one is shown with
    // a number in the room, and the facilitators are told privately.
    const { label, confusedWith } = disambiguate(sender.displayName, this.takenNames(step, session, sender));
    const record: ParticipantRecord = {
      sessionId: session.record.id,
      platform: step.platform,
      userId: sender.userId,
      participantId,
      name: label,
      locale,
      group: groups.length > 0 ? group : null,
    };
    step.participants.push(record);
    // Rendering the join's effects needs the new participant.
    session.participants = [...session.participants, record];
    this.send(step, session, { type: "participant.join", participant: participantOfRecord(record), at });
    if (confusedWith !== undefined) {
      this.notice(
        step,
        "name.confusable",
        {
          id: participantId,
          kind: confusedWith.kind,
          other: { userText: confusedWith.name },
          label: { userText: label },
        },
        { to: "facilitators", userIds: this.facilitatorIds(step, session) },
        session.record.locale,
      );
    }
    this.notice(step, "join.confirmed", groupVars(session, record), this.toUser(sender), locale);
  }

  /**
   * `join` from someone with a participant record. Taking part already: said so. Removed by a
   * facilitator: refused. Left (leave): they take part again as the same participant (same id,
   * name and group), so group figures and turn order count one person once, whatever group they
   * name now; what they contributed before stays theirs.
   */
  private rejoin(
    step: Step,
    session: LiveSession,
    existing: ParticipantRecord,
    sender: Sender,
    at: number,
  ): void {
    const locale = this.senderLocale(step, sender);
    if (this.activeParticipantOf(session, sender.userId) !== undefined) {
      this.notice(step, "join.already", {}, this.toUser(sender), locale);
      return;
    }
    if ((step.meta.removed ?? []).includes(existing.participantId)) {
      this.notice(step, "join.removed", {}, this.toUser(sender), locale);
      return;
    }
    this.send(step, session, { type: "participant.join", participant: participantOfRecord(existing), at });
    this.notice(step, "join.rejoined", groupVars(session, existing), this.toUser(sender), existing.locale);
  }

  /** Names a joining participant must not be mistaken for: facilitators' and other participants'. */
  private takenNames(step: Step, session: LiveSession, sender: Sender): TakenName[] {
    const facilitators = Object.entries(step.meta.facilitatorNames ?? {})
      .filter(([userId]) => userId !== sender.userId)
      .map(([, name]): TakenName => ({ name, kind: "facilitator" }));
    const participants = session.participants
      .filter((p) => p.userId !== sender.userId)
      .map((p): TakenName => ({ name: p.name, kind: "participant" }));
    return [...facilitators, ...participants];
  }

  private notJoined(step: Step, sender: Sender): void {
    this.notice(step, "participant.notJoined", {}, this.toUser(sender), this.senderLocale(step, sender));
  }

  // --- machine and rendering ------------------------------------------------------------------

  private send(step: Step, session: LiveSession, event: WorkshopEvent): void {
    step.touched = true;
    if (session.failed) return;
    session.actor.send(event);
    this.flush(step, session);
  }

  /**
   * A delivery was given up: the facilitators are told privately, in the room's language, what it
   * means for them (a summary not pinned, a participant who did not get a private message, a room
   * still restricted). When the platform refused to restrict posting, the workshop falls back to
   * soft turn-taking instead of failing silently. A private delivery is never sent to the room
   * instead. The session may have ended since (a summary's pin is its last delivery).
   */
  private async deliveryFailed(step: Step, failed: FailedDelivery): Promise<void> {
    const live = step.session;
    const { kind, code } = failed;
    if (live !== null && (failed.sessionId === undefined || failed.sessionId === live.record.id)) {
      const facilitators: DeliveryAudience = { to: "facilitators", userIds: this.facilitatorIds(step, live) };
      const locale = live.record.locale;
      if (
        kind === "floor" &&
        failed.release !== true &&
        (code === "missing_permission" || code === "unsupported")
      ) {
        if (describeWorkshop(live.actor.getSnapshot()).enforcement === "soft") return;
        this.send(step, live, { type: "control.enforcement", mode: "soft", at: this.o.now() });
        this.notice(step, "floor.strictUnavailable", { code }, facilitators, locale);
        return;
      }
      step.touched = true;
      const [key, vars] = failureNotice(failed);
      this.notice(step, key, vars, facilitators, locale);
      return;
    }
    if (failed.sessionId === undefined) return;
    const ended = await this.o.store.findSession(failed.sessionId);
    if (ended === undefined || ended.roomKey !== step.entry.roomKey) return;
    const rc = roomConfig(this.o.config, step.entry.roomKey);
    const userIds = [...new Set([...rc.facilitators, ...ended.meta.facilitators])];
    if (step.platform === "console" && userIds.length === 0) userIds.push(consoleFacilitator);
    const participants = participantMap(await this.o.store.participants(ended.id));
    const [key, vars] = failureNotice(failed);
    this.notice(step, key, vars, { to: "facilitators", userIds }, ended.locale, {
      flow: ended.spec as FlowSpec,
      participants,
    });
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

  /**
   * Delivers the floor the session's state implies (after a restore): a crash may have left the
   * platform's restriction behind the state (a floor half-applied, or never lifted). Under a
   * fallback to soft turn-taking that means opening the room.
   */
  private reconcileFloor(step: Step, session: LiveSession): void {
    const status = describeWorkshop(session.actor.getSnapshot());
    const holders = status.enforcement === "strict" ? status.floor : "everyone";
    const ctx = this.renderContext(step, session);
    // Rendered as strict even after a fallback to soft, so that a restriction left behind is lifted.
    const strict = { ...ctx, flow: { ...session.spec, turnEnforcement: "strict" as const } };
    step.drafts.push(...renderEffect({ type: "floor", holders }, strict));
  }

  /** Renders what the machine emitted into the step's deliveries. */
  private flush(step: Step, session: LiveSession): void {
    const effects = session.emitted.splice(0);
    const ctx = this.renderContext(step, session);
    for (const effect of effects) {
      if (effect.type === "summary") {
        step.meta = { ...step.meta, record: effect.record satisfies WorkshopRecord };
      }
      try {
        step.drafts.push(...renderEffect(effect, ctx));
      } catch (e) {
        this.o.logger.error("cannot render effect", {
          session: session.record.id,
          effect: effect.type,
          err: e,
        });
      }
    }
    const sentPrivately = privatelyAskedNotice(effects, ctx);
    if (sentPrivately !== null) step.drafts.push(sentPrivately);
  }

  private facilitatorIds(step: Step, session: LiveSession | null): string[] {
    const rc = roomConfig(this.o.config, step.entry.roomKey);
    // Facilitators seen in the live session, or in the finished one a privacy request is about.
    const seen = session !== null || step.finished !== null ? step.meta.facilitators : [];
    const ids = new Set<string>([...rc.facilitators, ...seen]);
    if (step.platform === "console" && ids.size === 0) ids.add(consoleFacilitator);
    return [...ids];
  }

  private renderContext(step: Step, session: LiveSession): RenderContext {
    const participants = participantMap(session.participants);
    const status = describeWorkshop(session.actor.getSnapshot());
    return {
      roomId: step.roomId,
      roomLocale: session.record.locale,
      flow: { ...session.spec, turnEnforcement: status.enforcement },
      participants,
      facilitators: this.facilitatorIds(step, session),
      privateAnswersInRoom: this.o.privateAnswersInRoom?.(step.platform) ?? false,
      present: status.participants.map((p) => p.id),
    };
  }

  private notice(
    step: Step,
    key: RuntimeMessageKey,
    vars: Vars,
    audience: DeliveryAudience,
    locale: string,
    scope?: NoticeOptions,
  ): void {
    try {
      const session = step.session;
      const finished = step.finished?.held;
      const options =
        scope ??
        (session !== null
          ? { flow: session.spec, participants: this.renderContext(step, session).participants }
          : finished === undefined
            ? {}
            : { flow: finished.spec, participants: participantMap(finished.participants) });
      step.drafts.push(renderNotice(key, vars, audience, locale, step.roomId, options));
    } catch (e) {
      this.o.logger.error("cannot render notice", { key, err: e });
    }
  }

  /** For reports and tests: the live actor's status. */
  status(roomKey: string): ReturnType<typeof describeWorkshop> | null {
    const s = this.live.get(roomKey);
    return s === undefined ? null : describeWorkshop(s.actor.getSnapshot());
  }

  stopAll(): void {
    for (const s of this.live.values()) s.actor.stop();
    this.live.clear();
  }
}

function isPrivacyCommand(
  c: Command,
): c is Extract<Command, { name: "forget-me" | "confirm-forget" | "my-data" }> {
  return c.name === "forget-me" || c.name === "confirm-forget" || c.name === "my-data";
}
