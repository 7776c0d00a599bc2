// A stage that stays open until its time is up or a facilitator moves on: break, discussion and
// survey differ only in what they say when they open and close, and in the input they take.
import {
  act,
  atDeadline,
  baseContext,
  clearTimer,
  commonHandlers,
  setTimer,
  stageOutput,
  stageSetup,
  type StageContext,
  type StageEvent,
  type Step,
} from "./common.ts";

type Input = Extract<StageEvent, { type: "participant.say" | "participant.choose" | "participant.submit" }>;

export interface TimedStage {
  readonly id: string;
  readonly seconds: number;
  readonly open: (s: Step<StageContext>) => void;
  readonly close?: (s: Step<StageContext>) => void;
  /** What a participant's message, choice or private answer does while the stage is open. */
  readonly input?: (s: Step<StageContext>, event: Input) => void;
  /** The stage has what it asked for (a survey everyone present has answered): it ends by itself. */
  readonly complete?: (context: StageContext) => boolean;
}

export function createTimedStageMachine(stage: TimedStage) {
  const input = act((s, e) => {
    if (e.type === "participant.say" || e.type === "participant.choose" || e.type === "participant.submit")
      stage.input?.(s, e);
  });
  return stageSetup<StageContext>().createMachine({
    output: stageOutput,
    id: stage.id,
    context: ({ input }) => baseContext(input),
    initial: "open",
    on: commonHandlers<StageContext>(),
    states: {
      open: {
        entry: act((s) => {
          stage.open(s);
          setTimer(s, stage.seconds);
        }),
        // Checked after every event: an answer, or a leave that leaves only people who answered.
        always: { guard: ({ context }) => stage.complete?.(context) ?? false, target: "done" },
        on: {
          "participant.say": { actions: input },
          "participant.choose": { actions: input },
          "participant.submit": { actions: input },
          "timer.fired": { guard: atDeadline, target: "done" },
          "stage.next": { target: "done" },
        },
        exit: act((s) => {
          clearTimer(s);
          stage.close?.(s);
        }),
      },
      done: { type: "final" },
    },
  });
}
