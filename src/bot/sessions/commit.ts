// The commit: a built step becomes one store transaction (session record, participants, outbox,
// forget, the inbox entry marked processed), and the host's memory follows what was committed.
import { killPoint } from "../kill-points.ts";
import type { NewDelivery, OutboxEntry, SessionRecord } from "../store.ts";
import type { HostContext, Step } from "./live.ts";
import { combinedDeadline } from "./safeguarding.ts";
import { compactEvery } from "../store/deltas.ts";

/** What a processed step changed, for the runtime to act on after the commit. */
export interface StepResult {
  readonly sessionId: string | null;
  /** The session's timer (null: none); a step that changed nothing leaves it as it was. */
  readonly deadline: number | null;
  /** The outbox entries the step committed (for the dispatcher). */
  readonly outbox: readonly OutboxEntry[];
  /** Undelivered outbox entries a forget deleted (the dispatcher drops them). */
  readonly removed: readonly number[];
  /** The platform user a committed forget removed (the runtime asks that adapter to forget them too). */
  readonly forgotten?: { readonly platform: string; readonly userId: string };
  /** Contributions the step showed in a mixed-language room, for machine translation (when on). */
  readonly toTranslate?: readonly TranslationWanted[];
}

/** A numbered contribution to translate into the room's other languages. */
export interface TranslationWanted {
  readonly sessionId: string;
  readonly ref: number;
  readonly text: string;
  readonly targets: readonly string[];
}

/** Thrown when the store refused the commit; the session is reloaded from the store next time. */
export class StepCommitError extends Error {}

export async function commit(h: HostContext, step: Step): Promise<StepResult> {
  const s = step.session;
  const now = h.o.now();
  let record: SessionRecord | undefined;
  /** The live session's state is written as the step's events (a delta), not in full. */
  let delta = false;
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
      // poison the room, and reload the session from the store next time.
      h.o.logger.error("event not applied: the workshop machine failed", {
        session: s.record.id,
        event: step.entry.eventId,
      });
      step.drafts.length = 0;
      step.participants.length = 0;
      h.evict(s.record.roomKey);
    } else {
      // A step in which the workshop took no event (a facilitator seen, say) keeps its state.
      const stepped = step.stepped ?? { deadline: s.stepper.deadline(), ended: false };
      const ended = stepped.ended;
      // The whole state when the session starts or ends, at a forget (never replayed across one)
      // and every `compactEvery` steps; otherwise only the events the step applied.
      delta =
        !step.isNew &&
        !ended &&
        step.forget === undefined &&
        (step.events.length === 0 || s.sinceFull < compactEvery - 1);
      record = {
        ...s.record,
        snapshot: delta ? null : s.stepper.persisted(),
        meta: { ...step.meta, nextDeadline: ended ? null : combinedDeadline(stepped.deadline, step.meta) },
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
    ({ outbox, removed } = await h.o.store.commit({
      inboxId: step.entry.id,
      ...(step.entry.appendWithStep === true
        ? {
            append: { roomKey: step.entry.roomKey, eventId: step.entry.eventId, payload: step.entry.payload },
          }
        : {}),
      ...(record === undefined ? {} : { session: record, isNewSession: step.isNew }),
      ...(delta ? { events: step.events } : {}),
      participants: step.participants,
      deliveries,
      ...(step.forget === undefined ? {} : { forget: step.forget }),
      ...(step.discard ? { discardPayload: true } : {}),
      ...(step.audit.length === 0 ? {} : { audit: step.audit }),
      ...(h.o.owner === undefined ? {} : { owner: h.o.owner }),
    }));
  } catch (e) {
    h.evict(step.entry.roomKey);
    throw new StepCommitError(`commit of inbox entry ${step.entry.id} failed`, { cause: e });
  }
  killPoint("step.after-commit");
  if (s !== null && record?.id === s.record.id) {
    // The actor holds the state; the snapshot written (if any) is not kept in memory.
    s.record = record.snapshot === null ? record : { ...record, snapshot: null };
    s.sinceFull = delta ? s.sinceFull + (step.events.length > 0 ? 1 : 0) : 0;
    // A join already added its participant to `s.participants` (rendering needed it); only a
    // forget removes one, and the store says which rows remain.
    if (step.forget !== undefined) {
      s.participants = await h.o.store.participants(record.id);
    }
    if (record.status === "done") h.evict(record.roomKey);
    else h.keep(s);
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
        ? (s.record.meta.nextDeadline ?? combinedDeadline(s.stepper.deadline(), s.record.meta))
        : null;
  return {
    sessionId: s?.record.id ?? record?.id ?? null,
    deadline,
    outbox,
    removed: removed ?? [],
    ...(step.forget === undefined
      ? {}
      : { forgotten: { platform: step.platform, userId: step.forget.userId } }),
    ...(step.toTranslate.length === 0 || record === undefined
      ? {}
      : { toTranslate: step.toTranslate.map((t) => ({ ...t, sessionId: record.id })) }),
  };
}
