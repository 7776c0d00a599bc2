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
import { isFacilitatorCommand, parseCommand, type Command } from "./commands.ts";
import { roomConfig, type Config } from "./config.ts";
import type { FlowLoadResult } from "./flow-library.ts";
import { resolveLocale, type RuntimeMessageKey } from "./i18n/index.ts";
import { killPoint } from "./kill-points.ts";
import type { DeliveryAudience, DeliveryKind, InboundEvent, Logger, Sender } from "./ports.ts";
import {
  privatelyAskedNotice,
  renderEffect,
  renderNotice,
  type DeliveryDraft,
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
  readonly loadFlow: (nameOrPath: string) => Promise<FlowLoadResult>;
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

/** A step being built: everything in it is committed together or not at all. */
class Step {
  readonly drafts: DeliveryDraft[] = [];
  readonly participants: ParticipantRecord[] = [];
  forget: Commit["forget"];
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
      if (session !== null) this.deliveryFailed(step, session, payload.kind, payload.code);
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
    if (s !== null && (step.touched || step.isNew)) {
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
    }));
    killPoint("step.before-commit");
    let outbox: readonly OutboxEntry[];
    try {
      ({ outbox } = await this.o.store.commit({
        inboxId: step.entry.id,
        ...(record === undefined ? {} : { session: record, isNewSession: step.isNew }),
        participants: step.participants,
        deliveries,
        ...(step.forget === undefined ? {} : { forget: step.forget }),
        ...(this.o.owner === undefined ? {} : { owner: this.o.owner }),
      }));
    } catch (e) {
      this.evict(step.entry.roomKey);
      throw new StepCommitError(`commit of inbox entry ${step.entry.id} failed`, { cause: e });
    }
    killPoint("step.after-commit");
    if (s !== null && record !== undefined) {
      s.record = record;
      // A join already added its participant to `s.participants` (rendering needed it); only a
      // forget removes one, and the store says which rows remain.
      if (step.forget !== undefined) {
        s.participants = await this.o.store.participants(record.id);
      }
      if (record.status === "done") this.evict(record.roomKey);
      else this.live.set(record.roomKey, s);
    }
    // A step that changed nothing (a bystander's message, `status`, a membership event) leaves the
    // timer where the last commit put it: answering null here disarmed a running turn's timer, so
    // a strict turn never timed out and its room stayed locked (issue 10, finding 9).
    const deadline =
      record !== undefined
        ? record.status === "live"
          ? (record.meta.nextDeadline ?? null)
          : null
        : s !== null && s.record.status === "live"
          ? (s.record.meta.nextDeadline ?? this.deadlineOf(s))
          : null;
    return {
      sessionId: record?.id ?? s?.record.id ?? null,
      deadline,
      ended: record?.status === "done",
      delivered: deliveries.length,
      outbox,
    };
  }

  // --- inbound events -------------------------------------------------------------------------

  /** Handles an inbound platform event; returns a replacement step when it created a session. */
  private async handleInbound(step: Step, event: InboundEvent): Promise<Step | null> {
    const session = step.session;
    const at = this.stampOf(step.entry, event);
    const participant = session === null ? undefined : this.participantOf(session, event.sender.userId);
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
        }
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
        } else this.notJoined(step, event.sender);
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
        } else this.notJoined(step, event.sender);
        return null;
      case "leave":
        if (session !== null && participant !== undefined) {
          this.send(step, session, {
            type: "participant.leave",
            participantId: participant.participantId,
            at,
          });
        }
        return null;
      case "join":
        // Joining the room is not joining the workshop: participants say `join` (and pick a group).
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

  private async handleCommand(
    step: Step,
    event: InboundEvent,
    name: string,
    args: readonly string[],
    at: number,
  ): Promise<Step | null> {
    const parsed = parseCommand(name, args);
    const sender = event.sender;
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
    if (isFacilitatorCommand(command) && !facilitator) {
      this.notice(
        step,
        "command.facilitatorOnly",
        { command: command.name },
        this.toUser(sender),
        this.senderLocale(step, sender),
      );
      return null;
    }
    if (facilitator && step.session !== null && !step.meta.facilitators.includes(sender.userId)) {
      step.meta = { ...step.meta, facilitators: [...step.meta.facilitators, sender.userId] };
      step.touched = true;
    }
    if (command.name === "start") return this.start(step, command.flow, sender, at);
    if (command.name === "help") {
      this.notice(step, "command.help", {}, this.toUser(sender), this.senderLocale(step, sender));
      return null;
    }
    const session = step.session;
    if (session === null) {
      this.notice(step, "session.none", {}, this.toUser(sender), this.senderLocale(step, sender));
      return null;
    }
    this.sessionCommand(step, session, command, sender, at);
    return null;
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
    const loaded = await this.o.loadFlow(name);
    if (!loaded.ok) {
      const errors = loaded.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.path}: ${e.message}`);
      this.notice(
        step,
        "flow.invalid",
        { flow: name, errors: { list: errors } },
        this.toUser(sender),
        this.senderLocale(step, sender),
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
      meta: { ...emptyMeta, facilitators: [sender.userId] },
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
    const me = this.participantOf(session, sender.userId);
    const locale = this.senderLocale(step, sender);
    const needParticipant = (): ParticipantRecord | undefined => {
      if (me === undefined) this.notJoined(step, sender);
      return me;
    };
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
        const p = needParticipant();
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
        if (p !== undefined)
          this.send(step, session, { type: "control.remove", participantId: p.participantId, by, at });
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
        const p = needParticipant();
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
      case "forget-me": {
        const p = needParticipant();
        if (p === undefined) return;
        if (!step.meta.pendingForget.includes(p.participantId)) {
          step.meta = { ...step.meta, pendingForget: [...step.meta.pendingForget, p.participantId] };
          step.touched = true;
        }
        this.notice(step, "forget.requested", {}, this.toUser(sender), locale);
        this.notice(
          step,
          "forget.confirmRequest",
          { participant: { participant: p.participantId }, id: p.participantId },
          { to: "facilitators", userIds: this.facilitatorIds(step, session) },
          this.roomLocale(step),
        );
        return;
      }
      case "confirm-forget": {
        const ref = command.participant;
        const p = session.participants.find(
          (q) => q.participantId === ref || q.name.toLowerCase() === ref.toLowerCase(),
        );
        if (p === undefined || !step.meta.pendingForget.includes(p.participantId)) {
          this.notice(step, "forget.noRequest", { participant: ref }, this.toUser(sender), locale);
          return;
        }
        this.send(step, session, { type: "participant.forget", participantId: p.participantId, at });
        step.meta = {
          ...step.meta,
          pendingForget: step.meta.pendingForget.filter((x) => x !== p.participantId),
        };
        step.forget = { sessionId: session.record.id, participantId: p.participantId, userId: p.userId };
        this.notice(step, "forget.done", {}, { to: "user", userId: p.userId }, p.locale);
        this.notice(step, "forget.confirmed", { id: p.participantId }, this.toUser(sender), locale);
        return;
      }
      case "start":
      case "help":
        return;
    }
  }

  private join(step: Step, session: LiveSession, groupArg: string | null, sender: Sender, at: number): void {
    const locale = this.senderLocale(step, sender);
    const existing = this.participantOf(session, sender.userId);
    if (existing !== undefined) {
      this.notice(step, "join.already", {}, this.toUser(sender), locale);
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
    const record: ParticipantRecord = {
      sessionId: session.record.id,
      platform: step.platform,
      userId: sender.userId,
      participantId,
      name: sender.displayName,
      locale,
      group: groups.length > 0 ? group : null,
    };
    step.participants.push(record);
    // Rendering the join's effects needs the new participant.
    session.participants = [...session.participants, record];
    const participant: Participant = {
      id: participantId,
      name: sender.displayName,
      locale,
      ...(record.group === null ? {} : { group: record.group }),
    };
    this.send(step, session, { type: "participant.join", participant, at });
    const groupName = session.spec.groups?.find((g) => g.id === record.group)?.name;
    this.notice(
      step,
      "join.confirmed",
      groupName === undefined
        ? { hasGroup: "none", group: "" }
        : { hasGroup: "yes", group: { text: groupName } },
      this.toUser(sender),
      locale,
    );
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
   * A delivery was given up. The facilitators are told; when the platform refused to restrict
   * posting, the workshop falls back to soft turn-taking instead of failing silently.
   */
  private deliveryFailed(step: Step, session: LiveSession, kind: DeliveryKind, code: string): void {
    const facilitators: DeliveryAudience = {
      to: "facilitators",
      userIds: this.facilitatorIds(step, session),
    };
    const locale = session.record.locale;
    if (kind === "floor" && (code === "missing_permission" || code === "unsupported")) {
      if (describeWorkshop(session.actor.getSnapshot()).enforcement === "soft") return;
      this.send(step, session, { type: "control.enforcement", mode: "soft", at: this.o.now() });
      this.notice(step, "floor.strictUnavailable", { code }, facilitators, locale);
      return;
    }
    step.touched = true;
    this.notice(step, "delivery.failed", { code }, facilitators, locale);
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
    const ids = new Set<string>([...rc.facilitators, ...(session === null ? [] : step.meta.facilitators)]);
    if (step.platform === "console" && ids.size === 0) ids.add(consoleFacilitator);
    return [...ids];
  }

  private renderContext(step: Step, session: LiveSession): RenderContext {
    const participants = new Map<string, { participant: Participant; userId: string }>();
    for (const p of session.participants) {
      participants.set(p.participantId, {
        participant: {
          id: p.participantId,
          name: p.name,
          locale: p.locale,
          ...(p.group === null ? {} : { group: p.group }),
        },
        userId: p.userId,
      });
    }
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
  ): void {
    try {
      const session = step.session;
      const options =
        session === null
          ? {}
          : { flow: session.spec, participants: this.renderContext(step, session).participants };
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
