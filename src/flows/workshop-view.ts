// Reading a workshop's snapshot: its status, pending private questions, deadline and record so
// far, for the runtime, the reports and the platforms. Pure, like the machine (./workshop.ts).
import type { FlowSpec, StageKind } from "./spec.ts";
import type { FlowEffect, Participant, TurnEnforcement, WorkshopRecord } from "./protocol.ts";
import { consentPrompt, flowFacts, timerDue, to, type Contribution } from "./stages/common.ts";
import { unansweredQuestions } from "./stages/survey.ts";
import * as review from "./review.ts";
import { speakerOf, turnTakingStates, type TurnTakingContext } from "./stages/perspective-sharing.ts";
import {
  evaluationConsentAsk,
  merged,
  specOf,
  stageSnapshot,
  type WorkshopContext,
  type WorkshopSnapshot,
} from "./workshop.ts";
import { buildRecord } from "./workshop-record.ts";

/**
 * Whether the running stage may take a message posted in the room as a contribution it shows on
 * its author's behalf: an idea or a need posted in the room of an open workshop (the brainstorm's
 * and needs stage's `participant.say`). Only such room messages need screening before they are
 * taken; every private answer does.
 */
export function takesRoomMessages(spec: FlowSpec, snapshot: WorkshopSnapshot): boolean {
  const stage = spec.stages[snapshot.context.stageIndex];
  return (
    spec.confidentiality === "open" && (stage?.kind === "brainstorm" || stage?.kind === "needs-articulation")
  );
}

export function nextDeadline(snapshot: WorkshopSnapshot): number | null {
  if (snapshot.status !== "active" || snapshot.context.paused) return null;
  const stage = stageSnapshot(snapshot);
  return stage === null ? null : timerDue(stage.context.timer);
}

export interface WorkshopStatus {
  readonly stageIndex: number;
  readonly stageCount: number;
  readonly stageId: string | null;
  readonly stageKind: StageKind | null;
  readonly phase: string;
  readonly paused: boolean;
  readonly ended: boolean;
  readonly participants: readonly Participant[];
  /**
   * Who may write in the room under strict turn-taking: the speaker, or nobody in an anonymous
   * turn-taking stage (naming the speaker to the platform would name them to the room).
   */
  readonly floor: readonly string[] | "everyone";
  /** Whose turn it is (for the runtime's private use; never a room-visible effect when anonymous). */
  readonly speaker: string | null;
  readonly deadline: number | null;
  readonly enforcement: TurnEnforcement;
  /** Group-level figures are pooled (a group below the minimum size): no per-group count is shown. */
  readonly pooled: boolean;
}

export function describeWorkshop(snapshot: WorkshopSnapshot): WorkshopStatus {
  const spec = specOf(snapshot);
  const ctx = snapshot.context;
  const ended = snapshot.status === "done";
  const stage = ended ? undefined : spec.stages[ctx.stageIndex];
  const child = ended ? null : stageSnapshot(snapshot);
  const phase = typeof child?.value === "string" ? child.value : "running";
  const turnTaking =
    (stage?.kind === "perspective-sharing" || stage?.kind === "reflection") &&
    (turnTakingStates as readonly string[]).includes(phase);
  const speaker = turnTaking && child !== null ? speakerOf(child.context as TurnTakingContext) : undefined;
  return {
    stageIndex: ctx.stageIndex,
    stageCount: spec.stages.length,
    stageId: stage?.id ?? null,
    stageKind: stage?.kind ?? null,
    phase: ended ? "ended" : ctx.stageIndex < 0 ? "lobby" : phase,
    paused: ctx.paused,
    ended,
    participants: ctx.participants,
    floor: speaker === undefined ? "everyone" : spec.confidentiality === "anonymous" ? [] : [speaker],
    speaker: speaker ?? null,
    deadline: ctx.paused || child === null ? null : child.context.timer.deadline,
    enforcement: ctx.enforcement ?? spec.turnEnforcement,
    pooled: ctx.pooled,
  };
}

/** The record so far: the workshop's contributions and those of the stage running now. */
export function workshopRecord(snapshot: WorkshopSnapshot): WorkshopRecord {
  return buildRecord(specOf(snapshot), { ...snapshot.context, contributions: contributionsSoFar(snapshot) });
}

/**
 * The private questions a present participant was asked and has not answered yet, as asked: the
 * ground rules' consent while it is owed, the evaluation's consent, and a running survey's
 * questions (asked again, e.g. in a language they chose since). A refusal of the rules is not
 * recorded, so it is asked again too.
 */
export function pendingPrompts(snapshot: WorkshopSnapshot, participantId: string): FlowEffect[] {
  const spec = specOf(snapshot);
  const ctx = snapshot.context;
  if (snapshot.status === "done" || !ctx.participants.some((p) => p.id === participantId)) return [];
  const out: FlowEffect[] = [];
  const rulesIndex = spec.stages.findIndex((st) => st.kind === "ground-rules");
  if (rulesIndex >= 0 && ctx.stageIndex >= rulesIndex && !ctx.consented.includes(participantId))
    out.push(consentPrompt(ctx.consentRound, to(participantId)));
  const surveys = spec.stages.some((st) => st.kind === "survey");
  if (surveys && ctx.evaluationConsent?.[participantId] === undefined)
    out.push(evaluationConsentAsk(participantId));
  // A survey running now: the questions they have not answered, as it asks them.
  const stage = spec.stages[ctx.stageIndex];
  const running = stageSnapshot(snapshot);
  if (stage?.kind === "survey" && running?.value === "open")
    out.push(...unansweredQuestions(stage, flowFacts(spec), running.context, participantId));
  return out;
}

/** Every contribution so far, the running stage's included (authors are participant ids). */
export function contributionsSoFar(snapshot: WorkshopSnapshot): readonly Contribution[] {
  const live = snapshot.status === "active" ? (stageSnapshot(snapshot)?.context.contributions ?? []) : [];
  return merged(snapshot.context.contributions, live);
}

/** A workshop context as stored by any version, in today's shape (see review.migrated). */
export function migratedContext(ctx: WorkshopContext): WorkshopContext {
  const r = ctx.review;
  if (r === undefined) return ctx;
  const m = review.migrated(r);
  return m === r ? ctx : { ...ctx, review: m };
}
