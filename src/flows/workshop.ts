// The workshop machine: lobby → one state per stage of the flow → ended. Each stage state invokes
// the machine for its kind (src/flows/stages), forwards it what concerns the stage, and turns its
// reports into effects and into the workshop's record. What holds in every stage lives here:
// participants joining and leaving, consent, facilitator controls, pause, time-out requests.
//
// The flow spec stays in the machine's closure, never in the snapshot: a snapshot holds what
// happened, and the session row holds which flow (and version) it happened in.
import { emit, enqueueActions, sendParent, setup, type AnyStateMachine, type SnapshotFrom } from "xstate";
import { type FlowSpec, type StageSpec } from "./spec.ts";
import type {
  Audience,
  FlowEffect,
  MessageKey,
  Participant,
  TurnEnforcement,
  Vars,
  WorkshopEvent,
} from "./protocol.ts";
import { rankIdeas } from "./stages/brainstorm.ts";
import {
  consentPrompt,
  facilitators,
  flowFacts,
  isConsentPrompt,
  room,
  stageSeed,
  to,
  type Contribution,
  type FlowFacts,
  type ParticipationField,
  type StageContext,
  type StageEvent,
  type StageInput,
  type StageOutput,
  type StageReport,
  type StageReports,
  type WorkshopView,
} from "./stages/common.ts";
import { handPrompt } from "./stages/discussion.ts";
import { rulesMessage } from "./stages/ground-rules.ts";
import { createStageMachine } from "./stages/index.ts";
import * as review from "./review.ts";
import { type SeedIdea } from "./stages/joint-statement.ts";
import { buildRecord, reviewOf } from "./workshop-record.ts";

/** Per participant; the listening counts are absent in snapshots written before they existed. */
type Participation = Readonly<
  Record<
    string,
    { turns: number; words: number; passes: number } & Partial<Record<ParticipationField, number>>
  >
>;

export interface WorkshopContext {
  readonly seed: number;
  readonly participants: readonly Participant[];
  readonly consented: readonly string[];
  readonly consentRound: number;
  /** -1 in the lobby. */
  readonly stageIndex: number;
  readonly contributions: readonly Contribution[];
  readonly participation: Participation;
  readonly stagesRun: readonly string[];
  readonly paused: boolean;
  /** Set when the runtime fell back from the flow's enforcement; null: the flow's own. */
  readonly enforcement: TurnEnforcement | null;
  /** The current stage has not yet been sent the latest participants, consent or enforcement. */
  readonly viewStale: boolean;
  /** Stages opened so far (a stage run again after `back` counts again). */
  readonly stageRuns: number;
  /**
   * Since a stage first opened, a group present has had fewer members than the flow's minimum
   * group size: every group-level presentation and figure of the session is pooled from then on
   * (the record too). It never goes back, since what was attributable stays attributable.
   */
  readonly pooled: boolean;
  /**
   * Rules proposed and added in the current ground-rules stage, shown to late joiners (never with
   * their author; the author is kept only so that forget-me deletes the rule with the rest).
   */
  readonly extraRules?: readonly { readonly text: string; readonly author: string }[];
  /** The stage run in which `next` was refused once for missing consents: a second `next` goes on. */
  readonly nextWarned?: number;
  /** Raised hands in a discussion stage, first raised first (cleared when a stage opens). */
  readonly hands?: readonly string[];
  /**
   * Safeguarding (issue 13): contributions shown on someone's behalf, their numbers and review
   * status, and posts waiting for approval. Absent in snapshots written before it existed.
   */
  readonly review?: review.ReviewState;
  /**
   * Texts screening held at intake, by author, until the stage shows them on their author's behalf
   * (then held for review whatever the stage's `review`). Absent in older snapshots.
   */
  readonly screenHolds?: readonly { readonly author: string; readonly text: string }[];
  /** Participants a facilitator muted for the rest of the current stage (absent before it existed). */
  readonly muted?: readonly string[];
  /** The floor the current stage last asked for (a strict mute narrows it; absent before it existed). */
  readonly floorNow?: readonly string[] | "everyone";
  /**
   * Consent to the programme's evaluation, asked privately before the first survey: only answers
   * of those who said yes count in any aggregate or export. Absent in snapshots from before.
   */
  readonly evaluationConsent?: Readonly<Record<string, boolean>>;
  /** Who joined (with their group) and when they left (null: stayed); absent in older snapshots. */
  readonly attendance?: Readonly<Record<string, AttendanceEntry>>;
  /** The speaker whose airtime is running, since when (null or absent: nobody). */
  readonly floor?: { readonly participantId: string; readonly since: number } | null;
}

export interface AttendanceEntry {
  readonly group: string | null;
  readonly joinedAt: number;
  readonly leftAt: number | null;
}

/** The private prompt asking consent to the evaluation (one per session, answered once). */
export const evaluationConsentPrompt = "evaluation-consent";

/** Whether the items (and so what is withheld) may differ: a new item, status or forget. */
const reviewChanged = (a: review.ReviewState, b: review.ReviewState): boolean =>
  a.contributions !== b.contributions || a.statuses !== b.statuses;

function viewChanged(before: WorkshopContext, after: WorkshopContext): boolean {
  return (
    before.participants !== after.participants ||
    before.consented !== after.consented ||
    before.consentRound !== after.consentRound ||
    before.enforcement !== after.enforcement ||
    before.pooled !== after.pooled ||
    reviewChanged(reviewOf(before), reviewOf(after))
  );
}

export interface WorkshopInput {
  readonly seed: number;
}

type WorkshopMachineEvent = WorkshopEvent | StageReports;

/** Mutable working copy for one step of the workshop itself. */
interface Step {
  ctx: WorkshopContext;
  readonly effects: FlowEffect[];
  /** What the current stage is sent after this step (a fresh view first, when it changed). */
  readonly forward: StageEvent[];
}

function say(s: Step, key: MessageKey, audience: Audience, vars?: Vars): void {
  s.effects.push(vars === undefined ? { type: "say", key, audience } : { type: "say", key, audience, vars });
}

/** The time of the event that opens a stage: a workshop event, or the previous stage's output. */
function eventTime(event: unknown): number {
  const e = event as { at?: number; output?: StageOutput };
  return e.at ?? e.output?.at ?? 0;
}

const stageSrc = (index: number) => `stage${String(index)}`;
const stageState = (index: number) => `s${String(index)}`;

export function createWorkshopMachine(spec: FlowSpec) {
  const facts: FlowFacts = flowFacts(spec);
  const anonymous = spec.confidentiality === "anonymous";
  const rulesIndex = spec.stages.findIndex((st) => st.kind === "ground-rules");
  const enforcementOf = (ctx: WorkshopContext) => ctx.enforcement ?? spec.turnEnforcement;
  const view = (ctx: WorkshopContext): WorkshopView => ({
    participants: ctx.participants,
    consented: ctx.consented,
    consentRound: ctx.consentRound,
    enforcement: enforcementOf(ctx),
    pooled: ctx.pooled,
    withheld: review.withheld(reviewOf(ctx)),
  });
  /** Once a stage has opened, a group below the minimum size pools the session for good. */
  const settlePooling = (ctx: WorkshopContext): WorkshopContext =>
    ctx.pooled || ctx.stageIndex < 0 || !belowMinimum(ctx.participants, facts.minGroupSize)
      ? ctx
      : { ...ctx, pooled: true };
  const turnTakingStage = (ctx: WorkshopContext) => {
    const kind = spec.stages[ctx.stageIndex]?.kind;
    return kind === "perspective-sharing" || kind === "reflection";
  };
  /** Consent is owed from the first ground-rules stage on (a survey may come before it). */
  const consentOwed = (ctx: WorkshopContext) => rulesIndex >= 0 && ctx.stageIndex >= rulesIndex;
  const held = (ctx: WorkshopContext, participantId: string) =>
    rulesIndex >= 0 && ctx.stageIndex > rulesIndex && !ctx.consented.includes(participantId);
  /** Consent to the evaluation is asked only in flows with a survey. */
  const firstSurveyIndex = spec.stages.findIndex((st) => st.kind === "survey");
  const askEvaluationConsent = (s: Step, participantId: string) => {
    if (s.ctx.evaluationConsent?.[participantId] !== undefined) return;
    s.effects.push(evaluationConsentAsk(participantId));
  };

  const stages: Record<string, AnyStateMachine> = {};
  spec.stages.forEach((stage, i) => {
    stages[stageSrc(i)] = (createStageMachine(stage, facts) as AnyStateMachine).provide({
      actions: { report: sendParent((_, reports: StageReports) => reports) },
    });
  });

  const present = (ctx: WorkshopContext, participantId: string) =>
    ctx.participants.some((p) => p.id === participantId);

  /** The ground-rules stage whose consent is owed now: the latest one opened so far. */
  const rulesStage = (ctx: WorkshopContext) => {
    for (let i = Math.min(ctx.stageIndex, spec.stages.length - 1); i >= 0; i--) {
      const st = spec.stages[i];
      if (st?.kind === "ground-rules") return st;
    }
    return undefined;
  };
  /** Someone who joins once consent is owed reads the rules (proposed ones included) before being asked. */
  function showRules(s: Step, participantId: string): void {
    const st = rulesStage(s.ctx);
    if (st === undefined) return;
    const extra = s.ctx.extraRules ?? [];
    s.effects.push(
      ...rulesMessage(to(participantId), [
        ...st.rules.map((rule) => ({ text: rule })),
        ...extra.map((rule) => ({ userText: rule.text })),
      ]),
    );
  }
  const withoutHand = (ctx: WorkshopContext, participantId: string): WorkshopContext =>
    (ctx.hands ?? []).includes(participantId)
      ? { ...ctx, hands: (ctx.hands ?? []).filter((id) => id !== participantId) }
      : ctx;
  const inDiscussion = (ctx: WorkshopContext) => spec.stages[ctx.stageIndex]?.kind === "discussion";
  /**
   * A strict mute: the platform itself keeps muted participants from posting (permission
   * overwrites, power levels). Never under anonymous, where the floor must not single anyone out.
   */
  const strictMute = (ctx: WorkshopContext) => enforcementOf(ctx) === "strict" && !anonymous;
  const withoutMuted = (ctx: WorkshopContext, holders: readonly string[] | "everyone") => {
    const muted = ctx.muted ?? [];
    if (!strictMute(ctx) || muted.length === 0) return holders;
    const ids = holders === "everyone" ? ctx.participants.map((p) => p.id) : holders;
    return ids.filter((id) => !muted.includes(id));
  };
  const floorNow = (ctx: WorkshopContext): FlowEffect => ({
    type: "floor",
    holders: withoutMuted(ctx, ctx.floorNow ?? "everyone"),
  });

  /** The workshop's own handling of an event; `forward` is what the stage gets. */
  function apply(s: Step, event: WorkshopEvent): void {
    const ctx = s.ctx;
    const inStage = ctx.stageIndex >= 0;
    const pass = (e: StageEvent) => {
      if (inStage) s.forward.push(e);
    };
    switch (event.type) {
      case "participant.join": {
        if (ctx.participants.some((p) => p.id === event.participant.id)) return;
        s.ctx = {
          ...s.ctx,
          participants: [...ctx.participants, event.participant],
          attendance: {
            ...ctx.attendance,
            [event.participant.id]: {
              group: event.participant.group ?? null,
              joinedAt: ctx.attendance?.[event.participant.id]?.joinedAt ?? event.at,
              leftAt: null,
            },
          },
        };
        // Asked on joining, so the answer is in before the first survey opens (and the question is
        // not lost among the survey's own prompts).
        if (firstSurveyIndex >= 0) askEvaluationConsent(s, event.participant.id);
        // In anonymous workshops the room is not told who is present (the platform may show it).
        if (!anonymous) {
          const group = spec.groups?.find((g) => g.id === event.participant.group);
          say(s, "workshop.participantJoined", room, {
            participant: { participant: event.participant.id },
            ...(group === undefined ? {} : { group: { text: group.name } }),
          });
        }
        if (rulesIndex < 0) s.ctx = { ...s.ctx, consented: [...s.ctx.consented, event.participant.id] };
        else if (consentOwed(ctx)) {
          showRules(s, event.participant.id);
          s.effects.push(consentPrompt(ctx.consentRound, to(event.participant.id)));
        }
        // Under a strict mute the floor is a list: someone who joins is added to it.
        if (strictMute(s.ctx) && (ctx.muted ?? []).length > 0) s.effects.push(floorNow(s.ctx));
        return;
      }
      case "participant.leave":
      case "control.remove":
        s.ctx = withoutHand(
          releaseFloor(
            { ...s.ctx, participants: ctx.participants.filter((p) => p.id !== event.participantId) },
            event.at,
            event.participantId,
          ),
          event.participantId,
        );
        {
          const attended = ctx.attendance?.[event.participantId];
          if (attended !== undefined)
            s.ctx = {
              ...s.ctx,
              attendance: { ...ctx.attendance, [event.participantId]: { ...attended, leftAt: event.at } },
            };
        }
        if (event.type === "control.remove")
          say(s, "workshop.removed", facilitators, { participant: { participant: event.participantId } });
        else if (!anonymous)
          say(s, "workshop.participantLeft", room, { participant: { participant: event.participantId } });
        pass(event);
        return;
      case "participant.timeout":
        say(s, "workshop.timeoutRequested", facilitators, {
          participant: { participant: event.participantId },
          reason: event.reason === undefined ? "" : { userText: event.reason },
        });
        say(s, "workshop.timeoutAcknowledged", to(event.participantId));
        return;
      case "participant.forget":
        // Forgetting someone also takes them out of the session (they rejoin to take part again),
        // silently: a post would tie the deletion to a name. The stage drops their contributions
        // before it sees them leave: a turn that ends on the leave must have nothing of theirs to
        // report back.
        s.ctx = withoutHand(withoutParticipant(ctx, event.participantId), event.participantId);
        pass(event);
        pass({ type: "participant.leave", participantId: event.participantId, at: event.at });
        return;
      case "participant.choose":
        // Someone who left or was forgotten takes part again only by joining again.
        if (event.promptId === evaluationConsentPrompt) {
          // Answered privately, once; never passed to the stage. Allowed in the lobby, during a
          // pause and before ground-rules consent: it concerns the evaluation, not the workshop.
          if (!present(ctx, event.participantId)) return;
          if (ctx.evaluationConsent?.[event.participantId] !== undefined) return;
          const yes = event.value === "yes";
          s.ctx = { ...s.ctx, evaluationConsent: { ...ctx.evaluationConsent, [event.participantId]: yes } };
          say(s, "evaluation.consentRecorded", to(event.participantId), { yes: yes ? "yes" : "no" });
          return;
        }
        if (event.promptId.startsWith(handPrompt(""))) {
          // The hand buttons of the discussion running now; a stale one is closed (no answer).
          const stage = spec.stages[ctx.stageIndex];
          if (inStage && stage !== undefined && event.promptId === handPrompt(stage.id))
            hand(s, event.participantId, event.value === "raise");
          return;
        }
        if (!inStage || !present(ctx, event.participantId)) return;
        if (ctx.paused) {
          notWhilePaused(s, event.participantId);
          return;
        }
        if (isConsentPrompt(event.promptId)) {
          consent(s, event.participantId, event.promptId, event.value === "yes");
          // A closed (earlier) consent question changes nothing in the stage either.
          if (event.promptId === `consent:${String(ctx.consentRound)}`) pass(event);
          return;
        }
        if (held(ctx, event.participantId)) heldAtConsent(s, event.participantId);
        else pass(event);
        return;
      case "participant.say":
      case "participant.submit":
        if (!inStage || !present(ctx, event.participantId)) return;
        // Room talk during a pause is just talk; a private answer must not vanish silently.
        if (ctx.paused) {
          if (event.type === "participant.submit") notWhilePaused(s, event.participantId);
          return;
        }
        if (held(ctx, event.participantId)) heldAtConsent(s, event.participantId);
        else if ((ctx.muted ?? []).includes(event.participantId))
          // Muted: asked to wait, nothing taken (their time-out stays one private action away).
          say(s, "mute.wait", to(event.participantId));
        else {
          // The stage answers each event before the next arrives: only this one's hold is kept
          // (and a context without holds is left as it was, as in snapshots from before them).
          if (event.hold === true)
            s.ctx = { ...s.ctx, screenHolds: [{ author: event.participantId, text: event.text }] };
          else if ((s.ctx.screenHolds ?? []).length > 0) s.ctx = { ...s.ctx, screenHolds: [] };
          pass(event);
        }
        return;
      case "control.review": {
        const decided = review.decide(reviewOf(ctx), event.ref, event.action);
        reviewed(s, decided);
        // A proposed rule waits in its stage until approved; the stage adds it then.
        if (decided.approved !== undefined && decided.approved.stageIndex === ctx.stageIndex)
          pass({ type: "review.approved", contribution: decided.approved.contribution, at: event.at });
        // A hide reaches the stage at once (its ballot may have to be corrected), not with its next event.
        if (event.action === "hide") pass({ type: "stage.view", view: view(s.ctx), at: event.at });
        return;
      }
      case "control.mute": {
        if (!inStage || !present(ctx, event.participantId)) return;
        const muted = (ctx.muted ?? []).filter((id) => id !== event.participantId);
        s.ctx = { ...s.ctx, muted: event.muted ? [...muted, event.participantId] : muted };
        const participant = { participant: event.participantId };
        say(s, event.muted ? "mute.muted" : "mute.unmuted", facilitators, { participant });
        say(s, event.muted ? "mute.youAreMuted" : "mute.youAreUnmuted", to(event.participantId));
        if (strictMute(s.ctx)) s.effects.push(floorNow(s.ctx));
        return;
      }
      case "control":
        switch (event.action) {
          case "next": {
            // Leaving the ground rules while someone has not agreed is the facilitators' decision:
            // the first `next` says who (or how many) and asks them to confirm.
            const missing = ctx.participants.filter((p) => !ctx.consented.includes(p.id));
            if (
              spec.stages[ctx.stageIndex]?.kind === "ground-rules" &&
              missing.length > 0 &&
              event.force !== true &&
              ctx.nextWarned !== ctx.stageRuns
            ) {
              s.ctx = { ...s.ctx, nextWarned: ctx.stageRuns };
              say(
                s,
                "groundRules.nextUnconfirmed",
                facilitators,
                spec.confidentiality === "open"
                  ? {
                      count: missing.length,
                      named: "yes",
                      participants: { list: missing.map((p) => ({ participant: p.id })) },
                    }
                  : { count: missing.length, named: "no" },
              );
              return;
            }
            pass({ type: "stage.next", at: event.at });
            return;
          }
          case "skip":
            if (turnTakingStage(ctx)) pass({ type: "stage.skip", at: event.at });
            else say(s, "workshop.skipNotHere", facilitators);
            return;
          case "pause":
            if (ctx.paused || !inStage) return;
            // The running airtime is counted up to the pause; paused time counts for nobody.
            s.ctx = { ...holdFloor(s.ctx, event.at), paused: true };
            say(s, "workshop.paused", room);
            pass({ type: "stage.pause", at: event.at });
            return;
          case "resume":
            if (!ctx.paused) return;
            s.ctx = {
              ...s.ctx,
              paused: false,
              ...(ctx.floor ? { floor: { ...ctx.floor, since: event.at } } : {}),
            };
            say(s, "workshop.resumed", room);
            pass({ type: "stage.resume", at: event.at });
            return;
          default:
            // start, back and end are transitions of the machine.
            return;
        }
      case "control.enforcement":
        s.ctx = { ...s.ctx, enforcement: event.mode };
        return;
      case "timer.fired":
        if (!ctx.paused) pass(event);
        return;
      case "control.floor":
        // Anonymous: outside a turn-taking stage the floor would be a room-visible overwrite or
        // power level for that one person. In a turn, they speak next, privately (floor stays closed).
        if (anonymous && inStage && !turnTakingStage(ctx)) {
          say(s, "workshop.floorNotAnonymous", facilitators);
          return;
        }
        pass(event);
        return;
      case "control.extend":
      case "control.cluster":
      case "control.withdraw":
        pass(event);
        return;
      case "participant.hand":
        hand(s, event.participantId, event.raised);
        return;
      case "control.queue":
        queue(s, event.action);
        return;
      case "control.reply":
        // Only the participant and the facilitators read it; the room is not told a reply was sent.
        if (!present(ctx, event.participantId)) return;
        say(s, "workshop.facilitatorReply", to(event.participantId), { text: { userText: event.text } });
        say(s, "workshop.replySent", facilitators, { participant: { participant: event.participantId } });
        return;
    }
  }

  /** A hand raised or lowered in a discussion: the participant learns their place in the queue. */
  function hand(s: Step, participantId: string, raised: boolean): void {
    const ctx = s.ctx;
    if (!present(ctx, participantId)) return;
    if (ctx.paused) {
      notWhilePaused(s, participantId);
      return;
    }
    if (!inDiscussion(ctx)) {
      say(s, "discussion.noQueue", to(participantId));
      return;
    }
    if (held(ctx, participantId)) {
      heldAtConsent(s, participantId);
      return;
    }
    const hands = ctx.hands ?? [];
    if (!raised) {
      s.ctx = withoutHand(ctx, participantId);
      say(s, "discussion.handLowered", to(participantId));
      return;
    }
    const queued = hands.includes(participantId) ? hands : [...hands, participantId];
    s.ctx = { ...ctx, hands: queued };
    const position = queued.indexOf(participantId) + 1;
    say(s, "discussion.handRaised", to(participantId), { position });
    if (!hands.includes(participantId))
      say(
        s,
        "discussion.handRaisedNotice",
        facilitators,
        anonymous
          ? { named: "no", count: queued.length }
          : { named: "yes", count: queued.length, participant: { participant: participantId } },
      );
  }

  /** The queue of hands: shown to the facilitators, or its first person given the floor. */
  function queue(s: Step, action: "show" | "next"): void {
    const ctx = s.ctx;
    if (!inDiscussion(ctx)) {
      say(s, "discussion.noQueue", facilitators);
      return;
    }
    const hands = (ctx.hands ?? []).filter((id) => present(ctx, id));
    const first = hands[0];
    if (action === "show" || first === undefined) {
      say(
        s,
        "discussion.queue",
        facilitators,
        anonymous
          ? { count: hands.length, named: "no" }
          : {
              count: hands.length,
              named: "yes",
              participants: { list: hands.map((id) => ({ participant: id })) },
            },
      );
      return;
    }
    s.ctx = { ...ctx, hands: hands.slice(1) };
    // An open floor: everyone may still write; the room is told whose turn it is (by name unless
    // anonymous), and the person privately.
    say(
      s,
      "discussion.floorTo",
      room,
      anonymous ? { named: "no" } : { named: "yes", participant: { participant: first } },
    );
    say(s, "discussion.yourFloor", to(first));
  }

  function consent(s: Step, participantId: string, promptId: string, yes: boolean): void {
    if (promptId !== `consent:${String(s.ctx.consentRound)}`) {
      // An answer to rules that have changed since is not counted: that question is closed, and
      // the current one (already sent) is the one to answer.
      say(s, "groundRules.consentClosed", to(participantId));
      return;
    }
    if (yes) {
      if (!s.ctx.consented.includes(participantId))
        s.ctx = { ...s.ctx, consented: [...s.ctx.consented, participantId] };
      say(s, "groundRules.consented", to(participantId), { participant: { participant: participantId } });
      return;
    }
    say(s, "groundRules.refused", facilitators, { participant: { participant: participantId } });
    say(s, "groundRules.decisionNeeded", facilitators);
    // The reassurance is for the one who refused, never the facilitators' channel.
    say(s, "groundRules.awaitingDecision", to(participantId));
  }

  function notWhilePaused(s: Step, participantId: string): void {
    say(s, "workshop.notWhilePaused", to(participantId));
  }

  function heldAtConsent(s: Step, participantId: string): void {
    say(s, "workshop.heldAtConsent", to(participantId), {
      count: 1,
      participants: { participant: participantId },
    });
  }

  /** Takes a review step into the workshop's step. */
  function reviewed(s: Step, r: review.ReviewStep): void {
    s.ctx = { ...s.ctx, review: r.state };
    // Someone who left is not written to (the note would reach a person no longer taking part).
    const gone = (e: FlowEffect) =>
      e.type === "say" && e.audience.to === "participant" && !present(s.ctx, e.audience.participantId);
    s.effects.push(...r.effects.filter((e) => !gone(e)));
  }

  function record(ctx: WorkshopContext, report: StageReport, at: number): WorkshopContext {
    switch (report.type) {
      case "stage.effect":
      case "stage.onBehalf":
      case "stage.presented":
        return ctx;
      case "stage.participation": {
        const current = ctx.participation[report.participantId] ?? { turns: 0, words: 0, passes: 0 };
        return {
          ...ctx,
          participation: {
            ...ctx.participation,
            [report.participantId]: { ...current, [report.field]: (current[report.field] ?? 0) + report.by },
          },
        };
      }
      case "stage.consentReset":
        return {
          ...ctx,
          consented: [],
          consentRound: ctx.consentRound + 1,
          extraRules:
            report.rule === undefined ? (ctx.extraRules ?? []) : [...(ctx.extraRules ?? []), report.rule],
        };
      case "stage.floorGiven":
        return { ...releaseFloor(ctx, at), floor: { participantId: report.participantId, since: at } };
    }
  }

  /** Entering stage `index`: announce it; a ground-rules stage asks everyone's consent again. */
  function openStage(ctx: WorkshopContext, index: number, at: number): Step {
    const stage = spec.stages[index] as StageSpec;
    const s: Step = {
      ctx: {
        ...releaseFloor(ctx, at),
        // A mute lasts for the rest of a stage.
        muted: [],
        floorNow: "everyone",
        stageIndex: index,
        stageRuns: ctx.stageRuns + 1,
        stagesRun: ctx.stagesRun.includes(stage.id) ? ctx.stagesRun : [...ctx.stagesRun, stage.id],
      },
      effects: [],
      forward: [],
    };
    if (stage.kind === "ground-rules")
      s.ctx = { ...s.ctx, consented: [], consentRound: s.ctx.consentRound + 1, extraRules: [] };
    if ((s.ctx.hands ?? []).length > 0) s.ctx = { ...s.ctx, hands: [] };
    // A brainstorm run again votes again: an earlier run's ballots would count in the summary
    // beside results the room never heard (its ideas go on, carried into the new run).
    if (stage.kind === "brainstorm")
      s.ctx = {
        ...s.ctx,
        contributions: s.ctx.contributions.filter((c) => !(c.stageId === stage.id && c.kind === "vote")),
      };
    // A joint statement run again starts afresh from its seed: an earlier run's amendments, ballots
    // and outcome would sit in the record beside a statement the room never consented to.
    if (stage.kind === "joint-statement")
      s.ctx = { ...s.ctx, contributions: s.ctx.contributions.filter((c) => c.stageId !== stage.id) };
    say(s, "workshop.stageOpens", room, {
      number: index + 1,
      count: spec.stages.length,
      // Without a title, the runtime names the stage by its kind, translated (never its id).
      kind: stage.kind,
      ...(stage.title === undefined ? {} : { stage: { text: stage.title } }),
    });
    // A strict mute ends with its stage: the room opens again before the new stage sets its floor.
    if (strictMute(ctx) && (ctx.muted ?? []).length > 0)
      s.effects.push({ type: "floor", holders: "everyone" });
    // A held rule proposal or an item never presented is not shown after its stage; a turn whose
    // post waits in the queue is still posted when approved (a turn stage ends with its last turn).
    const waiting = new Set(reviewOf(s.ctx).queue.map((q) => q.contribution));
    reviewed(
      s,
      review.lapse(reviewOf(s.ctx), (i) => !waiting.has(i.contribution)),
    );
    return s;
  }

  function finish(ended: WorkshopContext, at: number): Step {
    const ctx = releaseFloor(ended, at);
    const s: Step = { ctx: { ...ctx, paused: false }, effects: [], forward: [] };
    // Nothing is shown after the end: what is still held is not shown, and its authors are told.
    reviewed(
      s,
      review.lapse(reviewOf(s.ctx), () => true),
    );
    s.effects.push({ type: "timer", deadline: null });
    s.effects.push({ type: "floor", holders: "everyone" });
    say(s, "workshop.ended", room);
    s.effects.push({ type: "summary", record: buildRecord(spec, s.ctx) });
    return s;
  }

  /** A stage's contributions join the workshop's when it ends, however it ends. */
  function absorb(ctx: WorkshopContext, contributions: readonly Contribution[]): Step {
    const s: Step = { ctx, effects: [], forward: [] };
    if (contributions.length > 0) s.ctx = { ...ctx, contributions: merged(ctx.contributions, contributions) };
    return s;
  }
  const isControl =
    (...actions: string[]) =>
    ({ event }: { event: WorkshopMachineEvent }) =>
      event.type === "control" && actions.includes(event.action);

  const stageStates = Object.fromEntries(
    spec.stages.map((_, i) => [
      stageState(i),
      {
        entry: {
          type: "perform" as const,
          params: ({ context, event }: { context: WorkshopContext; event: unknown }) =>
            openStage(context, i, eventTime(event)),
        },
        invoke: {
          id: "stage",
          src: stageSrc(i),
          input: ({ context, event }: { context: WorkshopContext; event: unknown }): StageInput => ({
            view: view(context),
            seed: context.seed,
            stageIndex: i,
            at: eventTime(event),
            run: context.stageRuns,
            carried: context.contributions.filter((c) => c.stageId === spec.stages[i]?.id),
            seedIdeas: seedIdeasFor(spec, i, context),
          }),
          onDone: {
            target: i + 1 < spec.stages.length ? stageState(i + 1) : "#workshop.ended",
            actions: {
              type: "perform" as const,
              params: ({ context, event }: { context: WorkshopContext; event: unknown }) =>
                absorb(context, (event as { output?: StageOutput }).output?.contributions ?? []),
            },
          },
        },
        on: {
          control: {
            guard: isControl("back"),
            target: stageState(Math.max(0, i - 1)),
            reenter: true,
            actions: "absorbLiveStage" as const,
          },
        },
      },
    ]),
  );

  const report = {
    actions: {
      type: "perform" as const,
      params: ({ context, event }: { context: WorkshopContext; event: WorkshopMachineEvent }): Step => {
        const s: Step = { ctx: context, effects: [], forward: [] };
        if (event.type !== "stage.reports") return s;
        for (const r of event.reports) {
          if (r.type === "stage.effect" && r.effect.type === "floor") {
            s.ctx = { ...s.ctx, floorNow: r.effect.holders };
            s.effects.push(floorNow(s.ctx));
            // An open floor ends the running turn's airtime.
            if (r.effect.holders === "everyone") s.ctx = releaseFloor(s.ctx, event.at ?? 0);
          } else if (r.type === "stage.effect") reviewed(s, review.gate(reviewOf(s.ctx), r.effect));
          else if (r.type === "stage.onBehalf") {
            const current = spec.stages[s.ctx.stageIndex];
            const holds = s.ctx.screenHolds ?? [];
            const screenedHold = holds.findIndex((h) => h.author === r.author && h.text === r.text);
            if (screenedHold >= 0)
              s.ctx = { ...s.ctx, screenHolds: holds.filter((_, i) => i !== screenedHold) };
            const underReview =
              screenedHold >= 0 ||
              (current !== undefined && "review" in current && current.review === "facilitators");
            const item = { ...r, stageIndex: s.ctx.stageIndex };
            reviewed(s, review.register(reviewOf(s.ctx), s.ctx.seed, item, underReview));
          } else if (r.type === "stage.presented") {
            const stageIndex = s.ctx.stageIndex;
            reviewed(
              s,
              review.lapse(reviewOf(s.ctx), (i) => i.stageIndex === stageIndex),
            );
          } else s.ctx = record(s.ctx, r, event.at ?? 0);
        }
        return s;
      },
    },
  };

  const machine = setup({
    types: {
      context: {} as WorkshopContext,
      events: {} as WorkshopMachineEvent,
      input: {} as WorkshopInput,
      emitted: {} as FlowEffect,
    },
    actors: stages,
    actions: {
      /**
       * Leaving a stage that has not finished (back, end): its contributions join the workshop's.
       * Its actor is stopped only after this step, so it can still be read here.
       */
      absorbLiveStage: enqueueActions(({ context, self, enqueue }) => {
        const live = stageSnapshot(self.getSnapshot() as WorkshopSnapshot)?.context.contributions ?? [];
        if (live.length > 0) enqueue.assign({ contributions: merged(context.contributions, live) });
      }),
      /** Applies a step: new context, effects out, and the stage told what concerns it. */
      perform: enqueueActions(({ context, enqueue }, s: Step) => {
        const next = settlePooling(s.ctx);
        // The stage's copy of the view is refreshed before the next event it is sent, and only
        // when it changed (a join, say, is not itself sent to the stage).
        const stale = next.viewStale || viewChanged(context, next);
        const send = stale && s.forward.length > 0;
        enqueue.assign(() => ({ ...next, viewStale: stale && !send }));
        for (const e of s.effects) enqueue.emit(e);
        const at = s.forward[0]?.at ?? 0;
        const events: StageEvent[] =
          send && s.forward[0]?.type !== "stage.view"
            ? [{ type: "stage.view", view: view(next), at }, ...s.forward]
            : [...s.forward];
        // Several events go as one batch: one of them (a view with the last consent, say) may
        // finish the stage, and the rest would be sent to a stopped actor.
        const [only] = events;
        if (events.length === 1 && only !== undefined) enqueue.sendTo("stage", only);
        else if (events.length > 1) enqueue.sendTo("stage", { type: "stage.batch", events, at });
      }),
    },
  }).createMachine({
    id: "workshop",
    context: ({ input }) => ({
      seed: input.seed,
      participants: [],
      consented: [],
      consentRound: 0,
      stageIndex: -1,
      contributions: [],
      participation: {},
      stagesRun: [],
      paused: false,
      enforcement: null,
      viewStale: false,
      stageRuns: 0,
      pooled: false,
    }),
    entry: emit({
      type: "say",
      key: "workshop.welcome",
      audience: room,
      vars: { title: { text: spec.title }, description: { text: spec.description } },
    }),
    initial: "lobby",
    on: {
      "*": {
        actions: {
          type: "perform",
          params: ({ context, event }) => {
            const s: Step = { ctx: context, effects: [], forward: [] };
            if (!event.type.startsWith("stage.") && !event.type.startsWith("xstate."))
              apply(s, event as WorkshopEvent);
            return s;
          },
        },
      },
    },
    states: {
      lobby: {
        on: {
          control: [
            {
              guard: isControl("start", "next"),
              target: `running.${stageState(0)}`,
              actions: emit({
                type: "say",
                key: "workshop.started",
                audience: room,
                vars: { title: { text: spec.title } },
              }),
            },
            { guard: isControl("end"), target: "ended" },
          ],
        },
      },
      running: {
        initial: stageState(0),
        on: {
          control: { guard: isControl("end"), target: "ended", actions: "absorbLiveStage" },
          "stage.reports": report,
        },
        states: stageStates,
      },
      ended: {
        type: "final",
        entry: { type: "perform", params: ({ context, event }) => finish(context, eventTime(event)) },
      },
    },
  });
  specs.set(machine, spec);
  return machine;
}

/** Which flow a machine runs: status and record need it, and the snapshot does not carry it. */
const specs = new WeakMap<object, FlowSpec>();

export type WorkshopMachine = ReturnType<typeof createWorkshopMachine>;

export type WorkshopSnapshot = SnapshotFrom<WorkshopMachine>;

export function specOf(snapshot: WorkshopSnapshot): FlowSpec {
  const spec = specs.get(snapshot.machine);
  if (spec === undefined) throw new Error("snapshot of a machine not made by createWorkshopMachine");
  return spec;
}

/** The current stage's own snapshot, if a stage is running. */
export function stageSnapshot(snapshot: WorkshopSnapshot): { value: unknown; context: StageContext } | null {
  const child = (snapshot.children as Record<string, { getSnapshot(): unknown } | undefined>)["stage"];
  if (child === undefined) return null;
  return child.getSnapshot() as { value: unknown; context: StageContext };
}

/** The private question asking a participant's consent to the evaluation. */
export function evaluationConsentAsk(participantId: string): FlowEffect {
  return {
    type: "prompt",
    key: "evaluation.consentPrompt",
    audience: to(participantId),
    promptId: evaluationConsentPrompt,
    options: [
      { value: "yes", label: { key: "evaluation.consentYes" } },
      { value: "no", label: { key: "evaluation.consentNo" } },
    ],
  };
}

/**
 * The workshop's contributions with a stage's: a stage that carried items from an earlier run
 * hands them back (same ids, possibly changed, e.g. clustered), and its copy replaces the old.
 */
export function merged(held: readonly Contribution[], fromStage: readonly Contribution[]): Contribution[] {
  const ids = new Set(fromStage.map((c) => c.id));
  return [...held.filter((c) => !ids.has(c.id)), ...fromStage];
}

/**
 * The workshop without one participant (forget-me): their identity, consent, contributions and
 * figures. A finished workshop takes no more events, so the runtime applies this to its context.
 */
export function withoutParticipant(ctx: WorkshopContext, participantId: string): WorkshopContext {
  return {
    ...ctx,
    participants: ctx.participants.filter((p) => p.id !== participantId),
    consented: ctx.consented.filter((id) => id !== participantId),
    contributions: ctx.contributions.filter((c) => c.author !== participantId),
    extraRules: (ctx.extraRules ?? []).filter((r) => r.author !== participantId),
    review: review.forgetAuthor(reviewOf(ctx), participantId),
    screenHolds: (ctx.screenHolds ?? []).filter((h) => h.author !== participantId),
    muted: (ctx.muted ?? []).filter((id) => id !== participantId),
    participation: Object.fromEntries(
      Object.entries(ctx.participation).filter(([id]) => id !== participantId),
    ),
    ...(ctx.evaluationConsent === undefined
      ? {}
      : {
          evaluationConsent: Object.fromEntries(
            Object.entries(ctx.evaluationConsent).filter(([id]) => id !== participantId),
          ),
        }),
    ...(ctx.attendance === undefined
      ? {}
      : {
          attendance: Object.fromEntries(
            Object.entries(ctx.attendance).filter(([id]) => id !== participantId),
          ),
        }),
    ...(ctx.floor?.participantId === participantId ? { floor: null } : {}),
  };
}

/**
 * The running turn's airtime is added to its speaker's participation (only `who`'s, when given:
 * someone else leaving does not end the turn).
 */
function releaseFloor(ctx: WorkshopContext, at: number, who?: string): WorkshopContext {
  const floor = ctx.floor;
  if (floor === undefined || floor === null || (who !== undefined && floor.participantId !== who)) return ctx;
  const current = ctx.participation[floor.participantId] ?? { turns: 0, words: 0, passes: 0 };
  // While paused the airtime was counted up to the pause (holdFloor): nothing runs since.
  const ms = ctx.paused ? 0 : Math.max(0, at - floor.since);
  return {
    ...ctx,
    floor: null,
    participation: {
      ...ctx.participation,
      [floor.participantId]: { ...current, airtimeMs: (current.airtimeMs ?? 0) + ms },
    },
  };
}

/** A pause: the running airtime is counted up to `at`; the speaker keeps the floor (resume restarts it). */
function holdFloor(ctx: WorkshopContext, at: number): WorkshopContext {
  const floor = ctx.floor;
  if (floor === undefined || floor === null) return ctx;
  return { ...releaseFloor(ctx, at), floor: { ...floor, since: at } };
}

/** Whether any group present has fewer members than the minimum (null: no minimum applies). */
export function belowMinimum(participants: readonly Participant[], minGroupSize: number | null): boolean {
  if (minGroupSize === null) return false;
  const sizes = new Map<string, number>();
  for (const p of participants) if (p.group !== undefined) sizes.set(p.group, (sizes.get(p.group) ?? 0) + 1);
  return [...sizes.values()].some((n) => n < minGroupSize);
}

/** A joint statement seeded from a brainstorm: that stage's shortlist, in its authors' languages. */
function seedIdeasFor(spec: FlowSpec, index: number, ctx: WorkshopContext): SeedIdea[] {
  const stage = spec.stages[index];
  if (stage?.kind !== "joint-statement" || stage.seed.from !== "brainstorm") return [];
  const from = stage.seed.stage;
  const sourceIndex = spec.stages.findIndex((st) => st.id === from);
  const source = spec.stages[sourceIndex];
  if (source?.kind !== "brainstorm") return [];
  const ofStage = (kind: string) => ctx.contributions.filter((c) => c.stageId === from && c.kind === kind);
  const ideas = ofStage("brainstorm");
  const ranked = rankIdeas(
    ideas,
    ofStage("vote"),
    spec.groups?.map((g) => g.id) ?? [],
    stageSeed({ seed: ctx.seed, stageIndex: sourceIndex }),
  );
  const locales = spec.locales ?? [spec.defaultLocale];
  return ranked.slice(0, source.shortlist).map((idea) => {
    const author = ideas.find((c) => c.id === idea.id)?.author;
    const locale = ctx.participants.find((p) => p.id === author)?.locale ?? spec.defaultLocale;
    return {
      id: idea.id,
      text: idea.text,
      locale: locales.includes(locale) ? locale : spec.defaultLocale,
      ...(author === undefined ? {} : { author }),
    };
  });
}
