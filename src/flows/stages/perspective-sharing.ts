// Perspective sharing: round-robin turns with a time limit, alternating between groups
// (A, B, A, B), with pass, a warning before time runs out, rounds, and optional reflect-back: the
// next speaker (the listener) first says back in the room what they heard, and the previous speaker
// answers privately whether they felt heard. The last speaker of the stage is reflected back too,
// by a listener from the round (another group's member when groups are shown).
// Out-of-turn posts get a private reminder under soft enforcement (strict: the platform blocks them).
import type { LocalizedText, MessageKey } from "../protocol.ts";
import type { StageOf } from "../spec.ts";
import {
  act,
  atDeadline,
  baseContext,
  clearTimer,
  commonHandlers,
  contribute,
  effect,
  facilitators,
  isAnonymous,
  isPresent,
  onBehalf,
  participate,
  promptId,
  room,
  say,
  setTimer,
  showOnBehalf,
  shownId,
  stageOutput,
  seededOrder,
  stageSeed,
  stageSetup,
  to,
  who,
  words,
  type FlowFacts,
  type StageContext,
  type StageEvent,
  type Step,
  type WorkshopView,
} from "./common.ts";

/** What a turn-taking stage needs of its spec (reflection uses the same machine). */
export interface TurnTakingSpec {
  readonly id: string;
  readonly kind: "perspective-sharing" | "reflection";
  readonly prompt: LocalizedText;
  readonly turnSeconds: number;
  readonly warningSeconds: number;
  readonly rounds: number;
  readonly allowPass: boolean;
  readonly reflectBack: boolean;
  /** Seconds the reflected speaker may add something after the reflection (0: no such moment). */
  readonly addSeconds?: number;
}

export interface TurnTakingContext extends StageContext {
  readonly order: readonly string[];
  readonly turn: number;
  readonly round: number;
  /** Who spoke last, to be summarised by the next speaker (reflect-back). */
  readonly lastSpoke: string | null;
  /** Who reflects `lastSpoke` back: the next speaker, or for the stage's last speaker another listener. */
  readonly listener?: string | null;
}

export const turnTakingStates = ["reflect", "heard", "speaking"] as const;

/** Present participants who have consented and are not yet in this round's order (late consent). */
function newcomers(ctx: TurnTakingContext, view: WorkshopView): string[] {
  return view.participants
    .filter((p) => view.consented.includes(p.id) && !ctx.order.includes(p.id))
    .map((p) => p.id);
}

export function speakerOf(context: TurnTakingContext): string | undefined {
  return context.order[context.turn];
}

/**
 * Turn order alternating between groups (A, B, A, B …), shuffled within each group by the seed.
 * Pooled (a group is below the minimum size): one shuffled order, since alternation would tell
 * which group each turn belongs to.
 */
export function turnOrder(view: WorkshopView, seed: number): string[] {
  const byGroup = new Map<string, string[]>();
  for (const p of view.participants.filter((p) => view.consented.includes(p.id))) {
    const key = view.pooled ? "" : (p.group ?? "");
    byGroup.set(key, [...(byGroup.get(key) ?? []), p.id]);
  }
  let rng = seed;
  const next = () => {
    rng = (rng * 1103515245 + 12345) % 2147483648;
    return rng / 2147483648;
  };
  const queues = [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, ids]) => {
      const shuffled = [...ids];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
      }
      return shuffled;
    });
  const order: string[] = [];
  let last = -1;
  while (queues.some((q) => q.length > 0)) {
    // Longest remaining queue first, never the group that just spoke when another can.
    const candidates = queues
      .map((q, i) => ({ q, i }))
      .filter(({ q, i }) => q.length > 0 && (i !== last || queues.every((o, k) => k === i || o.length === 0)))
      .sort((a, b) => b.q.length - a.q.length || a.i - b.i);
    const pick = candidates[0];
    if (pick === undefined) break;
    order.push(pick.q.shift() as string);
    last = pick.i;
  }
  return order;
}

type Guard = (args: { context: TurnTakingContext; event: StageEvent }) => boolean;

const fromSpeaker: Guard = ({ context, event }) =>
  "participantId" in event && event.participantId === speakerOf(context);
const fromListener: Guard = ({ context, event }) =>
  "participantId" in event && event.participantId === context.listener;
const fromPrevious: Guard = ({ context, event }) =>
  "participantId" in event && context.lastSpoke !== null && event.participantId === context.lastSpoke;

export function createTurnTakingMachine(stage: TurnTakingSpec, facts: FlowFacts) {
  const anonymous = isAnonymous(facts);
  // Each round has its own order: the same order every round would line up one person's turns.
  const roundSeed = (ctx: StageContext, round: number) => stageSeed(ctx) + (round - 1) * 104_729;

  /** Moves past speakers who left; starts the next round when this one is over. */
  const findSpeaker = act<TurnTakingContext>((s) => {
    for (;;) {
      while (s.ctx.turn < s.ctx.order.length && !isPresent(s.ctx.view, speakerOf(s.ctx) ?? "")) {
        s.ctx = { ...s.ctx, turn: s.ctx.turn + 1 };
      }
      if (s.ctx.turn < s.ctx.order.length || s.ctx.round >= stage.rounds) return;
      s.ctx = { ...s.ctx, round: s.ctx.round + 1, turn: 0 };
      s.ctx = { ...s.ctx, order: turnOrder(s.ctx.view, roundSeed(s.ctx, s.ctx.round)) };
      say(s, "perspective.roundStarts", room, { round: s.ctx.round, rounds: stage.rounds });
    }
  });

  /**
   * Who reflects the previous speaker back: the next speaker, or when the stage has no next speaker
   * (the last turn) someone else present from the round, preferring another group than the speaker's.
   */
  const listenerFor = (ctx: TurnTakingContext): string | undefined => {
    const previous = ctx.lastSpoke;
    if (!stage.reflectBack || previous === null || !isPresent(ctx.view, previous)) return undefined;
    const speaker = speakerOf(ctx);
    if (speaker !== undefined) return speaker === previous ? undefined : speaker;
    const others = ctx.order.filter((id) => id !== previous && isPresent(ctx.view, id));
    const group = (id: string) => ctx.view.participants.find((p) => p.id === id)?.group;
    return (ctx.view.pooled ? undefined : others.find((id) => group(id) !== group(previous))) ?? others[0];
  };
  const chooseListener = act<TurnTakingContext>((s) => {
    s.ctx = { ...s.ctx, listener: listenerFor(s.ctx) ?? null };
  });
  /** The reflection is over (said, timed out or left): the next turn must not reflect again. */
  const closeReflection = act<TurnTakingContext>((s) => {
    s.ctx = { ...s.ctx, lastSpoke: null, listener: null };
  });

  const giveFloor = act<TurnTakingContext>((s) => {
    const id = s.ctx.listener ?? speakerOf(s.ctx);
    if (id === undefined) return;
    // A closing listener (the stage's last speaker is reflected by someone already heard) takes no turn.
    if (id === speakerOf(s.ctx)) participate(s, id, "turns", 1);
    // Anonymous: nobody holds the room's floor (a platform overwrite or power level for the
    // speaker would name them); the turn is written privately and posted without a name.
    effect(s, { type: "floor", holders: anonymous ? [] : [id] });
  });

  /** The facilitator moved on: the room hears it (no name), and the current step's timer stops. */
  const skipped = act<TurnTakingContext>((s) => {
    clearTimer(s);
    say(s, "perspective.skipped", room);
  });

  const nextTurn = act<TurnTakingContext>((s) => {
    clearTimer(s);
    s.ctx = { ...s.ctx, turn: s.ctx.turn + 1 };
  });

  /** Posts what someone wrote privately, on their behalf (numbered, and held under review). */
  const echoContribution = (
    s: Step<TurnTakingContext>,
    participantId: string,
    text: string,
    id: string = shownId(s, "f"),
  ) => {
    onBehalf(s, id, participantId, text);
    if (anonymous) showOnBehalf(s, id, "perspective.anonymousContribution", { text: { userText: text } });
    else
      showOnBehalf(s, id, "perspective.contribution", {
        participant: { participant: participantId },
        text: { userText: text },
      });
  };
  /** Whose turn it is, told to the room: by name, or without one when the workshop is anonymous. */
  const announceTurn = (s: Step<TurnTakingContext>, participantId: string) => {
    if (anonymous) say(s, "perspective.anonymousTurn", room);
    else say(s, "perspective.turnOf", room, { participant: { participant: participantId } });
  };

  const contribution = (s: Step<TurnTakingContext>, participantId: string, text: string, echo: boolean) => {
    const turn = contribute(s, { stageId: stage.id, kind: stage.kind, text, author: participantId });
    s.ctx = { ...s.ctx, lastSpoke: participantId };
    if (echo) echoContribution(s, participantId, text, turn.id);
  };

  /** The listener's summary is shown in the room (posted there, or echoed) for the previous speaker to confirm. */
  const summarise = (echo: boolean) =>
    act<TurnTakingContext>((s, e) => {
      if (e.type !== "participant.submit" && e.type !== "participant.say") return;
      participate(s, e.participantId, "words", words(e.text));
      participate(s, e.participantId, "reflections", 1);
      if (echo) echoContribution(s, e.participantId, e.text);
    });

  /** The previous speaker's private answer: counted, and a "not quite" told to the facilitators only. */
  const feltHeard = act<TurnTakingContext>((s, e) => {
    if (e.type !== "participant.choose") return;
    const heard = e.value === "yes";
    participate(s, e.participantId, heard ? "feltHeard" : "notQuite", 1);
    if (heard) return;
    say(
      s,
      "perspective.notQuiteHeard",
      facilitators,
      anonymous
        ? { named: "no" }
        : {
            named: "yes",
            speaker: { participant: e.participantId },
            participant: { participant: s.ctx.listener ?? "" },
          },
    );
  });

  const reflectDue: Guard = ({ context }) => listenerFor(context) !== undefined;
  const addSeconds = stage.reflectBack ? (stage.addSeconds ?? 0) : 0;
  /** Offered after every reflection the speaker was asked about, whatever they answered. */
  const addDue: Guard = ({ context }) =>
    addSeconds > 0 && context.lastSpoke !== null && isPresent(context.view, context.lastSpoke);
  const answersAdd: Guard = (args) =>
    fromPrevious(args) &&
    (args.event.type === "participant.submit" || args.event.type === "participant.choose") &&
    args.event.promptId.startsWith(`${stage.id}:add:`);
  /** The speaker's addition joins the record as part of their turn; shown as their turns are. */
  const addition = (echo: boolean) =>
    act<TurnTakingContext>((s, e) => {
      if (e.type !== "participant.submit" && e.type !== "participant.say") return;
      const added = contribute(s, {
        stageId: stage.id,
        kind: stage.kind,
        text: e.text,
        author: e.participantId,
      });
      if (echo) echoContribution(s, e.participantId, e.text, added.id);
    });
  const listenerSpeaksNext: Guard = ({ context }) =>
    context.listener !== null && context.listener !== undefined && context.listener === speakerOf(context);
  const noSpeaker: Guard = ({ context }) => speakerOf(context) === undefined;
  const previousPresent: Guard = ({ context }) =>
    context.lastSpoke !== null && isPresent(context.view, context.lastSpoke);
  // Only an answer to this stage's reflect prompt is a reflection: a stale private answer (a ground
  // rule proposed after consent) would otherwise be posted as one, with its author's name.
  const answersReflect: Guard = (args) => {
    const { event } = args;
    return (
      fromListener(args) &&
      event.type === "participant.submit" &&
      event.promptId.startsWith(`${stage.id}:reflect:`)
    );
  };
  const answersTurn: Guard = (args) => {
    const { event } = args;
    return (
      fromSpeaker(args) &&
      (event.type === "participant.submit" || event.type === "participant.choose") &&
      event.promptId.startsWith(`${stage.id}:turn:`)
    );
  };
  const speakerLeft: Guard = ({ context, event }) =>
    (event.type === "participant.leave" || event.type === "control.remove") &&
    event.participantId === speakerOf(context);
  const listenerLeft: Guard = ({ context, event }) =>
    (event.type === "participant.leave" || event.type === "control.remove") &&
    event.participantId === context.listener;
  /** The listener left mid-reflection: when they were also the next speaker, their turn is gone too. */
  const dropListener = act<TurnTakingContext>((s) => {
    if (s.ctx.listener === speakerOf(s.ctx)) {
      clearTimer(s);
      s.ctx = { ...s.ctx, turn: s.ctx.turn + 1 };
    }
    s.ctx = { ...s.ctx, listener: null };
  });
  const previousLeft: Guard = ({ context, event }) =>
    (event.type === "participant.leave" || event.type === "control.remove") &&
    event.participantId === context.lastSpoke;

  return stageSetup<TurnTakingContext>().createMachine({
    output: stageOutput,
    id: stage.kind,
    context: ({ input }) => {
      const base = baseContext(input);
      const ctx = { ...base, order: [], turn: 0, round: 1, lastSpoke: null, listener: null };
      return { ...ctx, order: turnOrder(input.view, roundSeed(ctx, 1)) };
    },
    entry: act((s) => {
      say(s, "perspective.intro", room, { seconds: stage.turnSeconds, prompt: { text: stage.prompt } });
    }),
    initial: "choosing",
    on: {
      ...commonHandlers<TurnTakingContext>((s) => {
        const id = speakerOf(s.ctx);
        const deadline = s.ctx.timer.deadline;
        if (id !== undefined && deadline !== null)
          say(s, "perspective.warning", to(id), { seconds: Math.round((deadline - s.at) / 1000) });
      }),
      // Pooling starts mid-round (a group shrank): the turns still to come stop alternating by
      // group, since the alternation would tell which group each of them belongs to.
      "stage.view": {
        actions: act<TurnTakingContext>((s, e) => {
          if (e.type !== "stage.view") return;
          const start = !s.ctx.view.pooled && e.view.pooled;
          // Someone who agreed to the ground rules late (or joined) takes a turn in this round too.
          const late = newcomers(s.ctx, e.view);
          s.ctx = { ...s.ctx, view: e.view, order: [...s.ctx.order, ...late] };
          if (!start) return;
          const rest = seededOrder(
            s.ctx.order.slice(s.ctx.turn + 1).map((id) => ({ id })),
            roundSeed(s.ctx, s.ctx.round) + s.ctx.turn,
          ).map((x) => x.id);
          s.ctx = { ...s.ctx, order: [...s.ctx.order.slice(0, s.ctx.turn + 1), ...rest] };
        }),
      },
      // A facilitator gives the floor to someone: they speak next.
      "control.floor": {
        guard: ({ context, event }) => isPresent(context.view, event.participantId),
        target: ".choosing",
        actions: [
          act((s, e) => {
            if (e.type !== "control.floor") return;
            const order = [...s.ctx.order];
            order.splice(s.ctx.turn + 1, 0, e.participantId);
            s.ctx = { ...s.ctx, order };
          }),
          nextTurn,
        ],
      },
      "participant.say": [
        {
          guard: ({ context, event }) =>
            context.view.enforcement === "soft" && !fromSpeaker({ context, event }),
          actions: act((s, e) => {
            if (e.type !== "participant.say") return;
            if (anonymous) say(s, "perspective.anonymousWait", to(e.participantId));
            else
              say(s, "workshop.notYourTurn", to(e.participantId), {
                participant: { participant: speakerOf(s.ctx) ?? "" },
              });
          }),
        },
        // The speaker wrote in the room: under anonymous it is not their turn's text (that would
        // carry their name); they are told, privately, to use the private prompt.
        {
          guard: (a) => anonymous && fromSpeaker(a),
          actions: act((s, e) => {
            if (e.type === "participant.say") say(s, "perspective.sendPrivately", to(e.participantId));
          }),
        },
      ],
      "stage.next": { target: ".done" },
    },
    states: {
      choosing: {
        entry: findSpeaker,
        always: [
          { guard: reflectDue, target: "reflect", actions: [chooseListener, giveFloor] },
          // Nobody may speak yet (the facilitators moved past the ground rules before anyone
          // agreed): the stage waits for them instead of ending before it began.
          { guard: ({ context }) => context.order.length === 0, target: "waiting" },
          { guard: noSpeaker, target: "done" },
          { target: "speaking", actions: giveFloor },
        ],
      },
      waiting: {
        entry: act((s) => {
          say(s, "perspective.waitingForConsent", room);
          effect(s, { type: "timer", deadline: null });
        }),
        on: {
          "stage.view": {
            actions: act<TurnTakingContext>((s, e) => {
              if (e.type !== "stage.view") return;
              s.ctx = {
                ...s.ctx,
                view: e.view,
                round: 1,
                turn: 0,
                order: turnOrder(e.view, roundSeed(s.ctx, 1)),
              };
            }),
          },
        },
        always: { guard: ({ context }) => context.order.length > 0, target: "choosing" },
      },
      reflect: {
        entry: act((s) => {
          const id = s.ctx.listener ?? "";
          const previous = s.ctx.lastSpoke ?? "";
          // The room learns a reflection is expected, and from whom (by name unless anonymous).
          if (anonymous) say(s, "perspective.anonymousReflecting", room);
          else
            say(s, "perspective.reflecting", room, {
              participant: { participant: id },
              speaker: { participant: previous },
            });
          effect(s, {
            type: "collect",
            key: "perspective.reflectBackPrompt",
            audience: to(id),
            promptId: promptId(s, stage.id, "reflect"),
            // Addressed to the one reflecting; the previous speaker is named unless the workshop is anonymous.
            vars: {
              seconds: stage.turnSeconds,
              participant: { participant: id },
              ...(anonymous ? { named: "no" } : { named: "yes", speaker: { participant: previous } }),
            },
          });
          setTimer(s, stage.turnSeconds);
        }),
        on: {
          "participant.submit": [
            {
              guard: (a) => answersReflect(a) && previousPresent(a),
              target: "heard",
              actions: summarise(true),
            },
            { guard: answersReflect, target: "after", actions: summarise(true) },
          ],
          // Said in the room, where everyone already read it (in anonymous workshops a summary
          // posted in the room would reveal its author, so it must come privately).
          "participant.say": [
            {
              guard: (a) => !anonymous && fromListener(a) && previousPresent(a),
              target: "heard",
              actions: summarise(false),
            },
            { guard: (a) => !anonymous && fromListener(a), target: "after", actions: summarise(false) },
          ],
          "timer.fired": { guard: atDeadline, target: "after" },
          "stage.skip": { target: "after", actions: skipped },
          "participant.leave": { guard: listenerLeft, target: "choosing", actions: dropListener },
          "control.remove": { guard: listenerLeft, target: "choosing", actions: dropListener },
        },
      },
      heard: {
        entry: act((s) => {
          const previous = s.ctx.lastSpoke ?? "";
          const summary = s.ctx.listener ?? "";
          effect(s, {
            type: "prompt",
            key: "perspective.feltHeardPrompt",
            audience: to(previous),
            promptId: promptId(s, stage.id, "heard"),
            vars: { participant: who(facts, summary) },
            options: [
              { value: "yes", label: { key: "perspective.feltHeardYes" } },
              { value: "no", label: { key: "perspective.feltHeardNo" } },
            ],
          });
        }),
        on: {
          "participant.choose": [
            {
              guard: (a) => fromPrevious(a) && a.event.promptId.includes(":heard:") && addDue(a),
              target: "adding",
              actions: feltHeard,
            },
            {
              guard: (a) => fromPrevious(a) && a.event.promptId.includes(":heard:"),
              target: "after",
              actions: feltHeard,
            },
          ],
          "timer.fired": [
            { guard: (a) => atDeadline(a) && addDue(a), target: "adding" },
            { guard: atDeadline, target: "after" },
          ],
          "stage.skip": { target: "after", actions: skipped },
          // The reflection was said; whoever leaves now, the stage goes on.
          "participant.leave": { guard: (a) => listenerLeft(a) || previousLeft(a), target: "after" },
          "control.remove": { guard: (a) => listenerLeft(a) || previousLeft(a), target: "after" },
        },
      },
      // "Anything to add?": a short, private offer to the reflected speaker, made whatever they
      // answered, so the room cannot tell from it whether they felt heard.
      adding: {
        entry: act((s) => {
          const previous = s.ctx.lastSpoke ?? "";
          // Named by nobody: it follows the speaker's private "felt heard?" answer, and a name in
          // the room right then would tie the two together.
          say(s, "perspective.addMoment", room, { seconds: addSeconds, anonymous: anonymous ? "yes" : "no" });
          effect(s, {
            type: "prompt",
            key: "perspective.addPrompt",
            audience: to(previous),
            promptId: promptId(s, stage.id, "add"),
            vars: { seconds: addSeconds, anonymous: anonymous ? "yes" : "no" },
            options: [{ value: "nothing", label: { key: "perspective.nothingToAdd" } }],
          });
          setTimer(s, addSeconds);
        }),
        on: {
          "participant.submit": { guard: answersAdd, target: "after", actions: addition(true) },
          "participant.choose": { guard: answersAdd, target: "after" },
          "participant.say": [
            { guard: (a) => !anonymous && fromPrevious(a), target: "after", actions: addition(false) },
            {
              guard: (a) => anonymous && fromPrevious(a),
              actions: act((s, e) => {
                if (e.type === "participant.say") say(s, "perspective.sendPrivately", to(e.participantId));
              }),
            },
          ],
          "timer.fired": { guard: atDeadline, target: "after" },
          "stage.skip": { target: "after", actions: skipped },
          "participant.leave": { guard: (a) => listenerLeft(a) || previousLeft(a), target: "after" },
          "control.remove": { guard: (a) => listenerLeft(a) || previousLeft(a), target: "after" },
        },
      },
      // Transient: after a reflection the listener takes their own turn, or the next one is chosen.
      after: {
        always: [
          {
            guard: (a) => listenerSpeaksNext(a) && isPresent(a.context.view, a.context.listener ?? ""),
            target: "speaking",
            actions: closeReflection,
          },
          { target: "choosing", actions: closeReflection },
        ],
      },
      speaking: {
        entry: act((s) => {
          const id = speakerOf(s.ctx) ?? "";
          announceTurn(s, id);
          s.ctx = { ...s.ctx, lastSpoke: null, listener: null };
          const turnPrompt = promptId(s, stage.id, "turn");
          if (anonymous) {
            effect(s, {
              type: "collect",
              key: "perspective.yourTurn",
              audience: to(id),
              promptId: turnPrompt,
              vars: { seconds: stage.turnSeconds, anonymous: "yes" },
            });
          } else {
            const options: { value: string; label: { key: MessageKey } }[] = [
              { value: "done", label: { key: "perspective.done" } },
            ];
            if (stage.allowPass) options.push({ value: "pass", label: { key: "perspective.pass" } });
            effect(s, {
              type: "prompt",
              key: "perspective.yourTurn",
              audience: to(id),
              promptId: turnPrompt,
              vars: { seconds: stage.turnSeconds, anonymous: "no" },
              options,
            });
          }
          setTimer(s, stage.turnSeconds, stage.warningSeconds);
        }),
        on: {
          // Only an answer to this turn's prompt is a turn: a stale private answer to an earlier
          // question must never reach the room as a contribution.
          "participant.submit": {
            guard: answersTurn,
            target: "choosing",
            actions: [
              act((s, e) => {
                if (e.type === "participant.submit") contribution(s, e.participantId, e.text, true);
              }),
              nextTurn,
            ],
          },
          "participant.choose": {
            guard: answersTurn,
            target: "choosing",
            actions: [
              act((s, e) => {
                if (e.type !== "participant.choose" || e.value !== "pass" || !stage.allowPass) return;
                participate(s, e.participantId, "passes", 1);
                say(
                  s,
                  "perspective.passed",
                  room,
                  anonymous ? {} : { participant: { participant: e.participantId } },
                );
              }),
              nextTurn,
            ],
          },
          // Posted in the room (not anonymous): already visible, so it is recorded, not echoed.
          "participant.say": {
            guard: (a) => !anonymous && fromSpeaker(a),
            actions: act((s, e) => {
              if (e.type === "participant.say") contribution(s, e.participantId, e.text, false);
            }),
          },
          "timer.fired": {
            guard: atDeadline,
            target: "choosing",
            actions: [
              act((s) => {
                if (anonymous) say(s, "perspective.anonymousTimeUp", room);
                else
                  say(s, "perspective.timeUp", room, {
                    participant: { participant: speakerOf(s.ctx) ?? "" },
                  });
              }),
              nextTurn,
            ],
          },
          "stage.skip": { target: "choosing", actions: [skipped, nextTurn] },
          "participant.leave": { guard: speakerLeft, target: "choosing", actions: nextTurn },
          "control.remove": { guard: speakerLeft, target: "choosing", actions: nextTurn },
        },
      },
      done: { type: "final", entry: act(clearTimer) },
    },
  });
}

export function createPerspectiveSharingMachine(stage: StageOf<"perspective-sharing">, facts: FlowFacts) {
  return createTurnTakingMachine(stage, facts);
}
