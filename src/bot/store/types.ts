// What the runtime keeps durably. Every step of a session is one inbox entry; processing it is one
// `commit` (snapshot + participants + outbox + "processed" in a single transaction), so a crash
// leaves either the whole step or none of it.
import type {
  CryptoStateStore,
  CursorStore,
  Delivery,
  DeliveryKind,
  InboundEvent,
  PlatformName,
} from "../ports.ts";
import type { CardShown } from "../cards.ts";
import type { NumberedContribution } from "../contribution-refs.ts";
import type { WorkshopEvent } from "../../flows/protocol.ts";
import type { ForgetTarget } from "./redact.ts";

export type SessionStatus = "live" | "done";

/** Runtime-level state kept beside the machine snapshot (not part of the workshop itself). */
export interface SessionMeta {
  /** Forget-me requests waiting for a facilitator's confirmation (participant ids). */
  readonly pendingForget: readonly string[];
  /** Platform user ids of the facilitators seen in this session (configured ones are added at render time). */
  readonly facilitators: readonly string[];
  /** The number of participant ids handed out (ids are never reused, even after forget-me). */
  readonly participantCount: number;
  /** Participant ids a facilitator removed: they cannot rejoin by themselves. */
  readonly removed?: readonly string[];
  /** Display names of the facilitators seen, by user id: a participant's name must not read like one. */
  readonly facilitatorNames?: Readonly<Record<string, string>>;
  /** The workshop's record once it ended (for reports); JSON of protocol.ts WorkshopRecord. */
  readonly record: unknown;
  /**
   * Youth rooms: participants whose guardian's consent a facilitator confirmed is on file, with
   * who confirmed it (platform user id) and when (ms). No document is kept, only this.
   */
  readonly guardianConsent?: Readonly<Record<string, { readonly by: string; readonly at: number }>>;
  /**
   * The deadline the snapshot exposes (null: no timer), written with it, so a restart re-arms
   * every session's timer without restoring its actor first. Absent in rows from before it existed.
   */
  readonly nextDeadline?: number | null;
  /** Safeguarding alerts (time-outs, flags, help requests, screening hits): numbers and times, no content. */
  readonly alerts?: readonly SafeguardingAlert[];
  /**
   * Deliveries given up that the facilitators were told about (the last 20): kind, failure code
   * and when; no content, no recipient. The programme dashboard shows them with their age.
   */
  readonly failures?: readonly { readonly kind: string; readonly code: string; readonly at: number }[];
  /** Alert numbers handed out so far. */
  readonly alertCount?: number;
  /** Facilitators seen here who have since left the room (a platform leave event). */
  readonly facilitatorsAway?: readonly string[];
  /**
   * Contributions shown in the room on someone's behalf, by reference number (#n), with their
   * translations; never an author. Absent in rows from before numbering existed.
   */
  readonly contributions?: readonly NumberedContribution[];
  /** The key of the room's live card now (ports.ts CardPart): the lobby's, then each stage's. */
  readonly card?: string;
  /**
   * What that card shows, as the workshop said it (cards.ts CardShown): restated at once in the
   * language of someone who arrives reading a new one. Absent in rows from before it existed.
   */
  readonly cardShown?: CardShown;
  /**
   * The language each facilitator reads their notices in, by user id: the one they chose with
   * `language`, else their platform's (a Discord interaction's locale) when the flow has it.
   */
  readonly facilitatorLocales?: Readonly<Record<string, string>>;
}

/** An alert facilitators acknowledge with `ack <n>`; unacknowledged by `escalateAt`, it goes to the lead. */
export interface SafeguardingAlert {
  readonly n: number;
  readonly kind: "timeout" | "flag" | "help" | "screening";
  readonly raisedAt: number;
  /** When it goes to the safeguarding lead if nobody acknowledged it (null: it does not). */
  readonly escalateAt: number | null;
  /** Who asked (time-outs and help requests): a participant id. Never set for a flag. */
  readonly participantId?: string;
  readonly acknowledged?: { readonly by: string; readonly at: number };
  readonly escalated?: boolean;
}

/** A live session's timer, as stored (`deadline` undefined: unknown until the session is restored). */
export interface LiveTimer {
  readonly sessionId: string;
  readonly roomKey: string;
  readonly deadline: number | null | undefined;
}

/** The timer stored in a session row's meta JSON. */
export function liveTimerOf(sessionId: string, roomKey: string, metaJson: string): LiveTimer {
  const meta = JSON.parse(metaJson) as Partial<SessionMeta>;
  return { sessionId, roomKey, deadline: meta.nextDeadline };
}

export interface SessionRecord {
  /** "s" and 10 hex digits of a hash of the room key and the starting event (the same on a replay); idempotency keys start with it. */
  readonly id: string;
  /** `<platform>:<roomId>`. */
  readonly roomKey: string;
  readonly flowId: string;
  /** The validated flow spec (JSON), so a restart does not depend on the flow file still existing. */
  readonly spec: unknown;
  readonly seed: number;
  readonly locale: string;
  /** The machine's persisted snapshot (JSON); null before the first step. */
  readonly snapshot: unknown;
  /**
   * Workshop events stored after `snapshot` (one delta per step, see `Commit.events`): the state
   * is the snapshot with these applied in order. Only `liveSession(room, { pending: true })`
   * leaves any (the session host replays them on the actor it restores); every other read
   * returns them folded into `snapshot`.
   */
  readonly pending?: readonly WorkshopEvent[];
  readonly meta: SessionMeta;
  /** Steps processed so far (one per inbox entry that touched the session). */
  readonly seq: number;
  readonly status: SessionStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly endedAt: number | null;
}

/** What an inbox entry holds: an inbound platform event or a timer the scheduler fired. */
export type InboxPayload =
  /** `acceptedAt`: when the runtime accepted the event (the `at` the machine sees). */
  | { readonly source: "platform"; readonly event: InboundEvent; readonly acceptedAt?: number }
  | { readonly source: "timer"; readonly sessionId: string; readonly at: number }
  /**
   * An entry whose content was deleted (forget-me, or an event from someone not taking part): its
   * row and event id stay so the event still deduplicates; nothing is left to apply.
   */
  | { readonly source: "gone" }
  /**
   * A session was restored (restart, take-over): its strict floor is delivered again as its
   * state implies, so a room is never left locked by a floor that a crash left behind.
   */
  | { readonly source: "reconcile"; readonly sessionId: string }
  /**
   * A machine translation of the numbered contribution `ref` into `target`, from the configured
   * service (never the author, only the text); applied in order like any other event.
   */
  | {
      readonly source: "translation";
      readonly sessionId: string;
      readonly ref: number;
      readonly target: string;
      readonly text: string;
    }
  /** A delivery the dispatcher gave up on: the session tells the facilitators (and may fall back). */
  | {
      readonly source: "delivery-failed";
      readonly idempotencyKey: string;
      readonly kind: DeliveryKind;
      readonly code: string;
      /** The delivery's session (it may have ended since: a summary's pin is its last delivery). */
      readonly sessionId?: string;
      /** Whom it was for; a participant by participant id only (never a platform user id here). */
      readonly to?: "room" | "user" | "facilitators";
      readonly participantId?: string;
      /** A floor delivery that opened posting to everyone again. */
      readonly release?: boolean;
      /** A retract (safeguarding hide): the contribution's number. */
      readonly ref?: number;
    }
  /**
   * A programme's message to a room (issue 18): its facilitators told privately that the room opens
   * soon, or the coordinators' broadcast to the room. Appended by the programme runner, the
   * dashboard or `parley programme broadcast`.
   */
  | {
      readonly source: "programme";
      readonly action: "opens-soon" | "broadcast";
      readonly minutes?: number;
      readonly flow?: string;
      readonly text?: string;
    }
  /**
   * The operator's `parley forget <session> <participant>`: appended by the CLI, applied by the
   * process that drives the room (or by the CLI itself when no bot runs). Ids only, no name.
   */
  | {
      readonly source: "operator";
      readonly action: "forget";
      readonly sessionId: string;
      readonly participantId: string;
    };

export interface InboxEntry {
  readonly id: number;
  readonly roomKey: string;
  readonly eventId: string;
  readonly payload: InboxPayload;
  readonly processed: boolean;
  /**
   * Not in the inbox yet: the entry is appended by its step's commit (`Commit.append`), so `id`
   * means nothing. The runtime processes an event so when its room has nothing else to do.
   */
  readonly appendWithStep?: boolean;
}

export interface OutboxEntry {
  readonly id: number;
  readonly roomKey: string;
  readonly sessionId: string | null;
  readonly platform: PlatformName;
  readonly idempotencyKey: string;
  readonly delivery: Delivery;
  readonly attempts: number;
}

/** A live session as a restore reads it: deltas unapplied (`record.pending`), with its participants. */
export interface StoredLiveSession {
  readonly record: SessionRecord;
  readonly participants: ParticipantRecord[];
}

export interface ParticipantRecord {
  readonly sessionId: string;
  readonly platform: PlatformName;
  readonly userId: string;
  readonly participantId: string;
  readonly name: string;
  readonly locale: string;
  readonly group: string | null;
}

export interface NewDelivery {
  readonly roomKey: string;
  readonly sessionId: string | null;
  readonly platform: PlatformName;
  readonly delivery: Delivery;
  /**
   * Deleted from the outbox once delivered or given up: a private copy of someone's data
   * (my-data), or the notice that tells a forgotten person it is done.
   */
  readonly dropWhenDone?: boolean;
}

/**
 * Safeguarding audit trail: what facilitators, the safeguarding lead and the operator did, and
 * the alerts participants raised; never any contribution's content, and never the name of whoever
 * flagged a message unless they chose to give it.
 */
export type AuditAction =
  | "hide"
  | "unhide"
  | "mute"
  | "unmute"
  | "remove"
  | "forget.confirmed"
  | "export"
  | "alert.raised"
  | "alert.acknowledged"
  | "alert.escalated"
  | "room.autopaused"
  | "screening.flagged"
  | "screening.held"
  | "audit.read"
  | (string & {});

export interface NewAuditEntry {
  readonly at: number;
  readonly roomKey: string;
  readonly sessionId: string | null;
  readonly action: AuditAction;
  /**
   * Who acted: a facilitator's or the lead's platform user id, "operator" for the CLI, a
   * participant id (never a user id or name) for a participant's own request; null when they are
   * not to be named (a flag given without `--name`, an automatic escalation).
   */
  readonly actor: string | null;
  /** What it was about, by reference only ("alert 3", "participant p2", "contribution 7"). */
  readonly subject: string | null;
}

export interface AuditEntry extends NewAuditEntry {
  readonly id: number;
}

/** Which part of the trail to read: a room's or a session's (both: either). */
export interface AuditFilter {
  readonly roomKey?: string;
  readonly sessionId?: string;
}

/** One processed step, written atomically. */
export interface Commit {
  readonly inboxId: number;
  /** The session after the step (inserted when new, else updated). */
  readonly session?: SessionRecord;
  readonly isNewSession?: boolean;
  readonly participants?: readonly ParticipantRecord[];
  readonly deliveries: readonly NewDelivery[];
  /**
   * The workshop events the step applied, in order: a delta. Given (with `session`, not new), the
   * stored snapshot stays as it was and these are stored beside it; `session.snapshot` is not
   * read. Absent, `session.snapshot` is the whole state: it is written in full and the session's
   * deltas are deleted (a compaction). A step that forgets someone always writes it in full, so
   * nothing is ever replayed across a forget (the store refuses a forget with events).
   */
  readonly events?: readonly WorkshopEvent[];
  /**
   * Forget a participant (applied before this step's deliveries are added, so the step's own
   * notices stay): their inbox entries lose text and identity, outbox rows that carry their name,
   * text or user id go (delivered or not), their participant row goes. See redact.ts.
   */
  readonly forget?: ForgetTarget;
  /**
   * The entry's content is dropped when it is marked processed: an event the session did not take
   * (someone not taking part, e.g. a forgotten person typing on) is not kept under their name.
   */
  readonly discardPayload?: boolean;
  /** Audit entries the step records (written in the same transaction). */
  readonly audit?: readonly NewAuditEntry[];
  /**
   * Several processes (PostgreSQL): the commit only succeeds while this owner still holds the
   * room's lease, so a process that lost its lease cannot write a step twice.
   */
  readonly owner?: string;
  /**
   * The step's inbox entry, appended in the same transaction and written processed (`inboxId` is
   * not read): one transaction for an event instead of an append and a step. Only for a store
   * with `knowsEvent`. An event id already in the inbox fails the commit with
   * `DuplicateEventError`, writing nothing.
   */
  readonly append?: { readonly roomKey: string; readonly eventId: string; readonly payload: InboxPayload };
}

/** A commit's `append` named an event id the inbox already holds. */
export class DuplicateEventError extends Error {
  constructor(eventId: string) {
    super(`event ${eventId} is already in the inbox`);
    this.name = "DuplicateEventError";
  }
}

/** What a commit wrote that the runtime acts on: the new outbox entries, handed to the dispatcher. */
export interface Committed {
  readonly outbox: readonly OutboxEntry[];
  /** Undelivered outbox entries a forget deleted: the dispatcher must not send them. */
  readonly removed?: readonly number[];
}

export class LeaseLostError extends Error {
  constructor(roomKey: string) {
    super(`lease on ${roomKey} lost`);
    this.name = "LeaseLostError";
  }
}

export interface Store extends CursorStore, CryptoStateStore {
  /** Appends an inbox entry; a repeated event id is a duplicate and changes nothing. */
  appendInbox(
    roomKey: string,
    eventId: string,
    payload: InboxPayload,
  ): Promise<{ id: number; duplicate: boolean }>;
  /**
   * Whether an event id is in the inbox (appended and committed). A store that has it takes
   * `Commit.append` (single-process SQLite); without it the runtime appends every event first.
   */
  knowsEvent?(eventId: string): Promise<boolean>;
  /** Unprocessed entries in arrival order (one room, or all rooms). */
  unprocessedInbox(roomKey?: string): Promise<InboxEntry[]>;
  /** Writes the step atomically; returns the outbox entries it added (with their ids), in order. */
  commit(step: Commit): Promise<Committed>;
  /**
   * Writes live sessions' whole state (`snapshot`) and deletes their deltas, all in one
   * transaction (a compaction outside a step: graceful stop). Touches nothing else. Each record
   * is taken from the iterable only when it is written (a stop with thousands of sessions does
   * not hold every snapshot at once). Fails whole, writing nothing, when a session is missing.
   */
  compact(sessions: Iterable<SessionRecord>): Promise<void>;
  /** The room's live session; `pending`: its deltas are left unapplied in `SessionRecord.pending`. */
  liveSession(roomKey: string, options?: { readonly pending?: boolean }): Promise<SessionRecord | undefined>;
  /**
   * What restoring the rooms' live sessions reads (each as `liveSession(room, { pending: true })`
   * and `participants(id)`), in one query each for the sessions, all their deltas and all their
   * participants, however many rooms: a restart rebuilding thousands asked three per session.
   * Rooms without a live session are left out.
   */
  liveSessionsOf(roomKeys: readonly string[]): Promise<StoredLiveSession[]>;
  /** Every live session's stored timer: a light read, for a fast restart. */
  liveTimers(): Promise<LiveTimer[]>;
  /** A session by id, or the newest session of a room key. */
  findSession(idOrRoomKey: string): Promise<SessionRecord | undefined>;
  /** Every stored session, newest first (`parley sessions`). */
  listSessions(): Promise<SessionRecord[]>;
  participants(sessionId: string): Promise<ParticipantRecord[]>;
  /** Undelivered outbox entries, in order (one room, or all rooms). */
  pendingOutbox(roomKey?: string): Promise<OutboxEntry[]>;
  /** Marks entries delivered (several at once: the dispatcher batches them into one write). */
  markDelivered(outboxIds: number | readonly number[]): Promise<void>;
  /** What was delivered to a room, in order (a restarted terminal room relearns its latest prompts). */
  deliveredOutbox(roomKey: string): Promise<Delivery[]>;
  /**
   * Keeps the platform's message ids a delivered post of a contribution became (safeguarding:
   * `hide` takes the post back); deleted with the outbox row (retention, forget-me).
   */
  recordPosted(outboxId: number, messageIds: readonly string[]): Promise<void>;
  /** The message ids of a session's delivered posts of contribution `ref` in one room. */
  postedMessages(sessionId: string, roomKey: string, ref: number): Promise<string[]>;
  /** Counts a failed attempt; `giveUp` marks the entry as failed so it is not retried again. */
  recordAttempt(outboxId: number, error: string, giveUp: boolean): Promise<void>;
  /**
   * Deletes finished sessions that ended before `before` with everything they stored, and outbox
   * rows of no session that are done (delivered or given up); returns the session ids.
   */
  deleteEndedBefore(before: number, now: number): Promise<string[]>;
  /**
   * Claims the room for `owner` until `until` (ms), or extends the claim. True when `owner` holds
   * it. Single-process stores always grant it.
   */
  claimRoom(roomKey: string, owner: string, now: number, until: number): Promise<boolean>;
  /**
   * Extends `owner`'s claims on many rooms at once (a process renewing its leases each poll) and
   * returns those of them another process holds now. A claim a commit has locked at that moment
   * is left for the next renewal rather than waited for (a renewal waiting on many rows would
   * deadlock with group commits, which lock their rooms' claims in their own order).
   */
  renewRooms(roomKeys: readonly string[], owner: string, now: number, until: number): Promise<Set<string>>;
  releaseRooms(owner: string): Promise<void>;
  /** Records audit entries outside a step (the CLI's exports). */
  appendAudit(entries: readonly NewAuditEntry[]): Promise<void>;
  /** The audit trail, oldest first; deleted with its session at retention (entries of no session after `retentionDays`). */
  auditTrail(filter: AuditFilter): Promise<AuditEntry[]>;
  /** True when several processes share this store (the runtime then polls for others' entries). */
  readonly shared: boolean;
  close(): Promise<void>;
}

export const emptyMeta: SessionMeta = {
  pendingForget: [],
  facilitators: [],
  participantCount: 0,
  record: null,
};

/** Freezes a JSON value in place: a spec shared by many sessions must not be changed by one. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
