// What every stage machine shares: the events the workshop forwards to it, the reports it sends
// back, its timer, and the small helpers that turn one step into context changes plus reports.
//
// A stage machine runs standalone (its reports are emitted, which is how its tests and path
// explorations observe it) or invoked by the workshop machine, which provides `report` as
// `sendParent` and turns the reports into effects, contributions and participation.
import { emit, enqueueActions, setup } from "xstate";
import type {
  Audience,
  Confidentiality,
  FlowEffect,
  LocalizedText,
  MessageKey,
  Participant,
  TurnEnforcement,
  Vars,
  WorkshopEvent,
} from "../protocol.ts";
import { minGroupSizeOf, type FlowSpec } from "../spec.ts";

export interface Contribution {
  readonly id: string;
  readonly stageId: string;
  readonly kind: string;
  readonly text: string;
  readonly author: string;
  readonly group: string | null;
  readonly category?: string;
}

/** What a stage may know of the workshop around it; the workshop sends a fresh one when it changes. */
export interface WorkshopView {
  readonly participants: readonly Participant[];
  readonly consented: readonly string[];
  /** Consent prompts carry the round (`consent:<round>`): a proposed rule starts a new round. */
  readonly consentRound: number;
  readonly enforcement: TurnEnforcement;
  /**
   * A group present has been smaller than the flow's minimum group size: group-level presentations
   * are pooled across all groups from then on (the workshop keeps it set for the session).
   */
  readonly pooled: boolean;
  /**
   * Contributions not to be shown (safeguarding review: held, hidden by a facilitator, or not
   * approved in time); absent in snapshots written before it existed.
   */
  readonly withheld?: readonly string[];
}

/** Whether a contribution may be shown (not held or hidden by the facilitators). */
export function shownToRoom(view: WorkshopView, contributionId: string): boolean {
  return !(view.withheld ?? []).includes(contributionId);
}

/** Flow-wide facts a stage needs; they come from the flow spec, never from the snapshot. */
export interface FlowFacts {
  readonly confidentiality: Confidentiality;
  readonly groups: readonly { readonly id: string; readonly name: LocalizedText }[];
  readonly defaultLocale: string;
  readonly title: LocalizedText;
  /** The languages the flow is written in (its `locales`, else its default locale). */
  readonly locales: readonly string[];
  /** The minimum group size that applies (`minGroupSizeOf`); null: groups are never pooled. */
  readonly minGroupSize: number | null;
  /** Where the ground rules are in the flow (-1: none): after them, only consenters take part. */
  readonly groundRulesIndex: number;
}

export function flowFacts(spec: FlowSpec): FlowFacts {
  return {
    confidentiality: spec.confidentiality,
    groups: spec.groups ?? [],
    defaultLocale: spec.defaultLocale,
    title: spec.title,
    locales: spec.locales ?? [spec.defaultLocale],
    minGroupSize: minGroupSizeOf(spec),
    groundRulesIndex: spec.stages.findIndex((st) => st.kind === "ground-rules"),
  };
}

/**
 * The participants a stage waits for: everyone present, except, after the ground rules, those
 * who have not agreed to them (they are held, and cannot answer).
 */
export function takingPart(facts: FlowFacts, ctx: StageContext): readonly Participant[] {
  const afterRules = facts.groundRulesIndex >= 0 && ctx.stageIndex > facts.groundRulesIndex;
  return afterRules
    ? ctx.view.participants.filter((p) => ctx.view.consented.includes(p.id))
    : ctx.view.participants;
}

export interface StageInput {
  readonly view: WorkshopView;
  readonly seed: number;
  readonly stageIndex: number;
  /** When the stage opens: the time of the event that opened it. */
  readonly at: number;
  /** How many stages the workshop has opened so far, this one included: a rerun gets new ids. */
  readonly run: number;
  /**
   * What this stage collected in an earlier run (a facilitator went `back` and then `next`): a
   * stage that keeps such items (brainstorm ideas) starts with them, so what the room votes on and
   * what the summary lists stay the same. Absent or empty on a first run.
   */
  readonly carried?: readonly Contribution[];
  /** A joint statement seeded from a brainstorm: that stage's shortlist, best first. */
  readonly seedIdeas?: readonly {
    readonly text: string;
    readonly locale: string;
    readonly author?: string;
  }[];
}

/**
 * A stage's output when it is done: the time it finished (when the next stage opens) and what
 * participants contributed. A stage keeps its own contributions until then, so they are held once.
 */
export interface StageOutput {
  readonly at: number;
  readonly contributions: readonly Contribution[];
}

type Forwarded = Extract<
  WorkshopEvent,
  {
    type:
      | "participant.join"
      | "participant.leave"
      | "participant.say"
      | "participant.choose"
      | "participant.submit"
      | "participant.forget"
      | "control.extend"
      | "control.floor"
      | "control.remove"
      | "control.cluster"
      | "control.withdraw"
      | "timer.fired";
  }
>;

/** Events a stage machine receives. Facilitator `next`, `pause` and `resume` arrive as stage events. */
export type StageEvent =
  | Forwarded
  | { readonly type: "stage.view"; readonly view: WorkshopView; readonly at: number }
  | { readonly type: "stage.next"; readonly at: number }
  /** The facilitator moves a turn-taking stage on to its next speaker. */
  | { readonly type: "stage.skip"; readonly at: number }
  /** A held contribution of this stage was approved by a facilitator (safeguarding review). */
  | { readonly type: "review.approved"; readonly contribution: string; readonly at: number }
  | { readonly type: "stage.pause"; readonly at: number }
  | { readonly type: "stage.resume"; readonly at: number }
  /**
   * Several events for one workshop event (a new view, then the event): taken in order in one
   * step, and those after the stage finished are dropped, since a finished actor takes no events.
   */
  | { readonly type: "stage.batch"; readonly events: readonly StageEvent[]; readonly at: number };

/**
 * What the record counts per participant (summed per group, or pooled): reflections given back,
 * and the private "felt heard" answers ("yes" and "not quite"), only ever as counts.
 */
export type ParticipationField =
  | "turns"
  | "words"
  | "passes"
  | "reflections"
  | "feltHeard"
  | "notQuite"
  /** Milliseconds holding the floor in a turn (from the floor given to the floor released). */
  | "airtimeMs";

/** What a stage machine tells the workshop. */
export type StageReport =
  | { readonly type: "stage.effect"; readonly effect: FlowEffect }
  | {
      readonly type: "stage.participation";
      readonly participantId: string;
      readonly field: ParticipationField;
      readonly by: number;
    }
  /** A rule was added (`rule`, as proposed, and who proposed it): everyone consents again. */
  | {
      readonly type: "stage.consentReset";
      readonly rule?: { readonly text: string; readonly author: string };
    }
  /**
   * Something will be shown on someone's behalf (a need, an idea, a turn written privately, a
   * proposed rule): the workshop gives it a reference number and, under review, holds it.
   */
  | {
      readonly type: "stage.onBehalf";
      readonly contribution: string;
      readonly author: string;
      readonly text: string;
    }
  /** The stage has shown its collected items: any of them still held is not shown now. */
  | { readonly type: "stage.presented" }
  /**
   * A turn begins: the workshop times the speaker's airtime until the floor passes on (also under
   * anonymous, where no room-visible floor effect names the speaker).
   */
  | { readonly type: "stage.floorGiven"; readonly participantId: string };

/** One step's reports, sent to the workshop as a single event. */
export interface StageReports {
  readonly type: "stage.reports";
  readonly reports: readonly StageReport[];
  /** When the step happened (absent in events from before it was added). */
  readonly at?: number;
}

export interface TimerState {
  readonly deadline: number | null;
  readonly warnAt: number | null;
  /** While paused: the time that was left (ms), restored on resume. */
  readonly paused: { readonly deadline: number | null; readonly warnAt: number | null } | null;
}

export interface StageContext {
  readonly view: WorkshopView;
  readonly seed: number;
  readonly stageIndex: number;
  readonly run: number;
  readonly timer: TimerState;
  readonly promptSeq: number;
  /** What participants contributed in this stage (handed to the workshop when it is done). */
  readonly contributions: readonly Contribution[];
  /** The time of the latest event; entry actions have no event time of their own. */
  readonly now: number;
}

export const noTimer: TimerState = { deadline: null, warnAt: null, paused: null };

export function baseContext(input: StageInput): StageContext {
  return {
    view: input.view,
    seed: input.seed,
    stageIndex: input.stageIndex,
    run: input.run,
    timer: noTimer,
    promptSeq: 0,
    contributions: [],
    now: input.at,
  };
}

export const room: Audience = { to: "room" };
export const facilitators: Audience = { to: "facilitators" };
export const to = (participantId: string): Audience => ({ to: "participant", participantId });

/** One step of a stage machine: the context it builds and the reports it will send, in order. */
export interface Step<C extends StageContext> {
  ctx: C;
  readonly reports: StageReport[];
  readonly at: number;
}

export function step<C extends StageContext>(ctx: C, at: number): Step<C> {
  return { ctx, reports: [], at };
}

export function effect(s: Step<StageContext>, e: FlowEffect): void {
  s.reports.push({ type: "stage.effect", effect: e });
}

export function say(s: Step<StageContext>, key: MessageKey, audience: Audience, vars?: Vars): void {
  effect(s, vars === undefined ? { type: "say", key, audience } : { type: "say", key, audience, vars });
}

/**
 * Registers a contribution shown on someone's behalf (its posts are marked with `showOnBehalf`):
 * the workshop numbers it and, under review, holds it for the facilitators.
 */
export function onBehalf(s: Step<StageContext>, contribution: string, author: string, text: string): void {
  s.reports.push({ type: "stage.onBehalf", contribution, author, text });
}

/** Says something that shows contribution `contribution` on its author's behalf. */
export function showOnBehalf(s: Step<StageContext>, contribution: string, key: MessageKey, vars: Vars): void {
  effect(s, { type: "say", key, audience: room, vars, contribution });
}

/** A fresh id for something shown on someone's behalf that is not itself a contribution (a reflection). */
export function shownId<C extends StageContext>(s: Step<C>, prefix: string): string {
  const seq = s.ctx.promptSeq + 1;
  s.ctx = { ...s.ctx, promptSeq: seq };
  return `${prefix}${String(s.ctx.run)}.${String(seq)}`;
}

export function participate(
  s: Step<StageContext>,
  participantId: string,
  field: ParticipationField,
  by: number,
): void {
  if (by !== 0) s.reports.push({ type: "stage.participation", participantId, field, by });
}

export function words(text: string): number {
  return text.split(/\s+/u).filter((w) => w.length > 0).length;
}

/** Kinds whose text is not the participant's words (ballots, check-ins, survey answers): no word count. */
const uncountedKinds = new Set([
  "vote",
  "recognition",
  "check-in",
  "survey",
  "amendment-vote",
  "statement-consent",
  "statement-scope",
]);

/** Records a contribution of this stage (and counts its words). */
export function contribute<C extends StageContext>(
  s: Step<C>,
  c: Omit<Contribution, "id" | "group">,
  idPrefix = "c",
): Contribution {
  const contribution: Contribution = {
    ...c,
    id: `${idPrefix}${String(s.ctx.run)}.${String(s.ctx.promptSeq + 1)}`,
    group: groupOf(s.ctx.view, c.author),
  };
  s.ctx = { ...s.ctx, promptSeq: s.ctx.promptSeq + 1, contributions: [...s.ctx.contributions, contribution] };
  if (!uncountedKinds.has(c.kind)) participate(s, c.author, "words", words(c.text));
  return contribution;
}

/** This stage's contributions of one kind. */
export function contributionsOf(ctx: StageContext, kind: string): Contribution[] {
  return ctx.contributions.filter((c) => c.kind === kind);
}

/** A fresh prompt id for this stage: stale answers to an earlier prompt are recognisable. */
export function promptId<C extends StageContext>(s: Step<C>, stageId: string, name: string): string {
  const seq = s.ctx.promptSeq + 1;
  s.ctx = { ...s.ctx, promptSeq: seq };
  return `${stageId}:${name}:${String(seq)}`;
}

export function groupOf(view: WorkshopView, participantId: string): string | null {
  return view.participants.find((p) => p.id === participantId)?.group ?? null;
}

export function isPresent(view: WorkshopView, participantId: string): boolean {
  return view.participants.some((p) => p.id === participantId);
}

/**
 * A seeded position for an item: sorting by it gives a random order that is the same for any subset
 * of the items (the list shown, the ballot and the record agree) and needs no random source.
 * FNV-1a over the seed and the id, then MurmurHash3's finaliser: FNV alone barely mixes the last
 * character, so ids that differ only at the end ("c1.1", "c1.2") would keep their order.
 */
export function seededKey(seed: number, id: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${String(seed)}:${id}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Items in the seeded order of their ids: one person's consecutive items do not sit together. */
export function seededOrder<T extends { readonly id: string }>(items: readonly T[], seed: number): T[] {
  return [...items].sort((a, b) => seededKey(seed, a.id) - seededKey(seed, b.id) || a.id.localeCompare(b.id));
}

/** The seed a stage uses for its orders: the session's seed and the stage's place in the flow. */
export const stageSeed = (ctx: Pick<StageContext, "seed" | "stageIndex">): number =>
  ctx.seed + ctx.stageIndex * 7919;

export function isAnonymous(facts: FlowFacts): boolean {
  return facts.confidentiality === "anonymous";
}

/**
 * What a prompt promises about authorship: "kept" under open (the facilitators' record names
 * authors), "hidden" otherwise (no output names an author, facilitators' included).
 */
export const authorsVar = (facts: FlowFacts): "kept" | "hidden" =>
  facts.confidentiality === "open" ? "kept" : "hidden";

/** Says in the room that group-level presentations are pooled, and why. */
export function sayPooled(s: Step<StageContext>, facts: FlowFacts): void {
  say(s, "workshop.pooled", room, { min: facts.minGroupSize ?? 0 });
}

/** The participant as a message variable, or a placeholder where the workshop is anonymous. */
export function who(facts: FlowFacts, participantId: string, placeholder = "?") {
  return isAnonymous(facts) ? placeholder : { participant: participantId };
}

export function consentPrompt(round: number, audience: Audience): FlowEffect {
  return {
    type: "prompt",
    key: "groundRules.consentPrompt",
    audience,
    promptId: `consent:${String(round)}`,
    options: [
      { value: "yes", label: { key: "groundRules.consentYes" } },
      { value: "no", label: { key: "groundRules.consentNo" } },
    ],
  };
}

export const isConsentPrompt = (promptId: string): boolean => promptId.startsWith("consent:");

// Timers. Deadlines live in context so a restored actor knows them; the runtime's scheduler
// fires `timer.fired` at `nextDeadline`, and a stale one (the deadline moved) changes nothing.

export function setTimer<C extends StageContext>(s: Step<C>, seconds: number, warningSeconds = 0): void {
  const deadline = s.at + seconds * 1000;
  const warnAt = warningSeconds > 0 && warningSeconds < seconds ? deadline - warningSeconds * 1000 : null;
  s.ctx = { ...s.ctx, timer: { deadline, warnAt, paused: null } };
  effect(s, { type: "timer", deadline });
}

/** Silent: the next timer replaces the countdown, and the workshop clears it at the end. */
export function clearTimer<C extends StageContext>(s: Step<C>): void {
  s.ctx = { ...s.ctx, timer: noTimer };
}

export function timerDue(timer: TimerState): number | null {
  if (timer.paused !== null) return null;
  return timer.warnAt ?? timer.deadline;
}

export function deadlineReached(context: StageContext, event: StageEvent): boolean {
  const { deadline, paused } = context.timer;
  return event.type === "timer.fired" && paused === null && deadline !== null && event.at >= deadline;
}

function warningDue(context: StageContext, event: StageEvent): boolean {
  const { warnAt, deadline, paused } = context.timer;
  return (
    event.type === "timer.fired" &&
    paused === null &&
    warnAt !== null &&
    event.at >= warnAt &&
    (deadline === null || event.at < deadline)
  );
}

function pauseTimer<C extends StageContext>(s: Step<C>): void {
  const { deadline, warnAt, paused } = s.ctx.timer;
  if (paused !== null) return;
  s.ctx = {
    ...s.ctx,
    timer: {
      deadline: null,
      warnAt: null,
      paused: {
        deadline: deadline === null ? null : deadline - s.at,
        warnAt: warnAt === null ? null : warnAt - s.at,
      },
    },
  };
  effect(s, { type: "timer", deadline: null });
}

function resumeTimer<C extends StageContext>(s: Step<C>): void {
  const { paused } = s.ctx.timer;
  if (paused === null) return;
  const deadline = paused.deadline === null ? null : s.at + paused.deadline;
  s.ctx = {
    ...s.ctx,
    timer: { deadline, warnAt: paused.warnAt === null ? null : s.at + paused.warnAt, paused: null },
  };
  if (deadline !== null) effect(s, { type: "timer", deadline });
}

function extendTimer<C extends StageContext>(s: Step<C>, minutes: number): void {
  const ms = minutes * 60_000;
  const { deadline, warnAt, paused } = s.ctx.timer;
  if (paused !== null) {
    // Paused: the extension adds to the time that will be left on resume.
    if (paused.deadline === null) return;
    s.ctx = { ...s.ctx, timer: { ...s.ctx.timer, paused: { ...paused, deadline: paused.deadline + ms } } };
  } else {
    if (deadline === null) return;
    s.ctx = {
      ...s.ctx,
      timer: { deadline: deadline + ms, warnAt: warnAt === null ? null : warnAt + ms, paused: null },
    };
    effect(s, { type: "timer", deadline: deadline + ms });
  }
  say(s, "workshop.extended", room, { minutes });
}

type ReportAction = { type: "report"; params: StageReports };

/** Runs one step function and turns its result into context assignment and `report` actions. */
export function act<C extends StageContext>(run: (s: Step<C>, event: StageEvent) => void) {
  return enqueueActions<
    C,
    StageEvent,
    undefined,
    StageEvent,
    never,
    ReportAction,
    never,
    never,
    StageReports
  >(({ context, event, enqueue }) => {
    const s = step(context, "at" in event ? event.at : context.now);
    run(s, event);
    enqueue.assign(() => ({ ...s.ctx, now: s.at }));
    if (s.reports.length > 0)
      enqueue({ type: "report", params: { type: "stage.reports", reports: s.reports, at: s.at } });
  });
}

/**
 * Stage machine types for `setup`. A stage machine's `report` action is `emit` (observable with
 * `actor.on`) until the workshop provides `sendParent`.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- C types `setup`'s context
export function stageTypes<C extends StageContext>() {
  return {
    context: {} as C,
    events: {} as StageEvent,
    input: {} as StageInput,
    output: {} as StageOutput,
    emitted: {} as StageReports,
  };
}

/** `setup` for a stage machine of context C, with its `report` action. */
export function stageSetup<C extends StageContext>() {
  return setup({ types: stageTypes<C>(), actions: { report: emit((_, reports: StageReports) => reports) } });
}

export const stageOutput = ({ context }: { context: StageContext }): StageOutput => ({
  at: context.now,
  contributions: context.contributions,
});

export const atDeadline = ({ context, event }: { context: StageContext; event: StageEvent }): boolean =>
  deadlineReached(context, event);

/**
 * Handlers every stage machine has at its root: view updates, pause, resume, extend, the warning
 * before a deadline, and the floor given to someone outside a turn-taking stage.
 */
export function commonHandlers<C extends StageContext>(warn: (s: Step<C>) => void = () => undefined) {
  return {
    "stage.batch": {
      actions: enqueueActions<C, StageEvent, undefined, StageEvent, never, never, never, never, StageReports>(
        ({ event, enqueue }) => {
          if (event.type === "stage.batch") for (const e of event.events) enqueue.raise(e);
        },
      ),
    },
    "stage.view": {
      actions: act<C>((s, e) => {
        if (e.type === "stage.view") s.ctx = { ...s.ctx, view: e.view };
      }),
    },
    "stage.pause": { actions: act<C>(pauseTimer) },
    "participant.forget": {
      actions: act<C>((s, e) => {
        if (e.type === "participant.forget")
          s.ctx = {
            ...s.ctx,
            contributions: s.ctx.contributions.filter((c) => c.author !== e.participantId),
          };
      }),
    },
    "stage.resume": { actions: act<C>(resumeTimer) },
    "control.extend": {
      actions: act<C>((s, e) => {
        if (e.type === "control.extend") extendTimer(s, e.minutes);
      }),
    },
    "control.floor": {
      actions: act<C>((s, e) => {
        if (e.type === "control.floor") effect(s, { type: "floor", holders: [e.participantId] });
      }),
    },
    "timer.fired": {
      guard: ({ context, event }: { context: StageContext; event: StageEvent }) => warningDue(context, event),
      actions: act<C>((s) => {
        s.ctx = { ...s.ctx, timer: { ...s.ctx.timer, warnAt: null } };
        warn(s);
      }),
    },
  };
}
