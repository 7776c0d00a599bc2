// What a step works on: the host's options and context, a live session (its workshop stepper and
// records), a finished session a privacy request holds, and the step being built.
import { createHash } from "node:crypto";
import type { Participant, WorkshopEvent } from "../../flows/protocol.ts";
import type { FlowSpec } from "../../flows/spec.ts";
import type { Stepped, WorkshopStepper } from "../../flows/stepper.ts";
import type { Config } from "../config.ts";
import type { FlowLibrary } from "../flow-library.ts";
import type { Logger, PlatformName } from "../ports.ts";
import type { ContentClassifier } from "../safeguarding/classifier.ts";
import type { DeliveryDraft, RenderContext } from "../render.ts";
import {
  emptyMeta,
  type Commit,
  type InboxEntry,
  type NewAuditEntry,
  type ParticipantRecord,
  type SessionMeta,
  type SessionRecord,
  type Store,
} from "../store.ts";

export interface SessionHostOptions {
  readonly store: Store;
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => number;
  readonly flows: Pick<FlowLibrary, "load" | "list">;
  /** Whether `start` from this platform may name a flow file by path (the composition root decides). */
  readonly flowPaths: (platform: PlatformName) => boolean;
  /**
   * Who facilitates a room of this platform when its configuration names nobody (the terminal
   * room's keyboard user); the composition root decides. None unless told.
   */
  readonly defaultFacilitators?: (platform: PlatformName) => readonly string[];
  /** The programme's content classifier (when the configuration names one). */
  readonly classifier?: ContentClassifier;
  /** Flow used by a bare `start` when no session exists. */
  readonly defaultFlow?: string;
  /** Fixed seed base (simulations); random otherwise. */
  readonly seed?: number;
  /** Lease owner (several processes sharing a PostgreSQL store). */
  readonly owner?: string;
  /** The platform's `privateAnswersInRoom` capability (false, the private fan-out, when unknown). */
  readonly privateAnswersInRoom?: (platform: PlatformName) => boolean;
  /** Whether a machine-translation service is configured (the runtime holds the Translator). */
  readonly machineTranslation?: boolean;
  /** The platform's `commandPrefix` capability: how commands are typed there ("" when unknown). */
  readonly commandPrefix?: (platform: PlatformName) => string;
  /** How facilitators' commands are typed there (`facilitatorCommandPrefix`, else `commandPrefix`). */
  readonly facilitatorCommandPrefix?: (platform: PlatformName) => string;
  /** The platform's `facilitatorsTogether` capability: a facilitators' notice is one post in every language. */
  readonly facilitatorsTogether?: (platform: PlatformName) => boolean;
  /** The platform's `liveCards` capability: a card's parts of one step go as one delivery. */
  readonly liveCards?: (platform: PlatformName) => boolean;
  /** Told when a session under strict turn-taking was restored, so its floor is reconciled. */
  readonly onRestored?: (restored: { sessionId: string; roomKey: string; seq: number }) => void;
}

/** What the step functions need of the host. */
export interface HostContext {
  readonly o: SessionHostOptions;
  /** A new session's seed. */
  nextSeed(): number;
  /** Keeps a committed live session in memory. */
  keep(session: LiveSession): void;
  /** Forgets the in-memory session of a room (after a failed commit, a machine failure, the end). */
  evict(roomKey: string): void;
}

export interface LiveSession {
  record: SessionRecord;
  readonly spec: FlowSpec;
  readonly stepper: WorkshopStepper;
  participants: ParticipantRecord[];
  failed: boolean;
  /**
   * Steps stored as deltas since the whole state was last written (store/deltas.ts); at
   * `compactEvery` the next step writes it in full. `record.snapshot` is not kept in memory
   * (null): the actor holds the state.
   */
  sinceFull: number;
}

/**
 * The session a privacy request (forget-me, confirm-forget, my-data) acts on: the room's live one,
 * or once it ended, its finished one until retention deletes it.
 */
export interface Held {
  readonly record: SessionRecord;
  readonly spec: FlowSpec;
  readonly participants: readonly ParticipantRecord[];
  readonly live: LiveSession | null;
}

/** A step being built: everything in it is committed together or not at all. */
export class Step {
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
  /** Audit entries this step records (sessions/safeguarding.ts `recordAudit`). */
  readonly audit: NewAuditEntry[] = [];
  /** Participant text this step shows in the room on someone's behalf, to be screened before the commit. */
  readonly screened: { readonly text: string }[] = [];
  /** Numbered contributions shown in a mixed-language room, to machine-translate after the commit. */
  readonly toTranslate: { ref: number; text: string; targets: readonly string[] }[] = [];
  /** What the live session's workshop last did in this step (null: it took no event). */
  stepped: Stepped | null = null;
  /** The workshop events the live session took in this step, in order (the step's delta). */
  readonly events: WorkshopEvent[] = [];
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

export function sessionIdFor(roomKey: string, eventId: string): string {
  return `s${createHash("sha256").update(`${roomKey}\u0000${eventId}`).digest("hex").slice(0, 10)}`;
}

/** A participant record as the workshop machine knows it. */
export function participantOfRecord(p: ParticipantRecord): Participant {
  return {
    id: p.participantId,
    name: p.name,
    locale: p.locale,
    ...(p.group === null ? {} : { group: p.group }),
  };
}

/** Participants as rendering needs them, by participant id. */
export function participantMap(records: readonly ParticipantRecord[]): RenderContext["participants"] {
  const participants = new Map<string, { participant: Participant; userId: string }>();
  for (const p of records)
    participants.set(p.participantId, { participant: participantOfRecord(p), userId: p.userId });
  return participants;
}
export function participantOf(session: LiveSession, userId: string): ParticipantRecord | undefined {
  return session.participants.find((p) => p.userId === userId);
}

/** The sender's participant record while they take part (not after they left or were removed). */
export function activeParticipantOf(session: LiveSession, userId: string): ParticipantRecord | undefined {
  const p = participantOf(session, userId);
  if (p === undefined) return undefined;
  const present = session.stepper.status().participants;
  return present.some((q) => q.id === p.participantId) ? p : undefined;
}
