// A timed break: the floor is open; the stage ends when the time is up or a facilitator moves on.
import type { StageOf } from "../spec.ts";
import { effect, room, say, type FlowFacts } from "./common.ts";
import { createTimedStageMachine } from "./timed.ts";

export function createBreakMachine(stage: StageOf<"break">, _facts: FlowFacts) {
  return createTimedStageMachine({
    id: "break",
    seconds: stage.seconds,
    open: (s) => {
      say(s, "break.starts", room, {
        minutes: Math.round(stage.seconds / 60),
        ...(stage.text === undefined ? {} : { text: { text: stage.text } }),
      });
      effect(s, { type: "floor", holders: "everyone" });
    },
    close: (s) => {
      say(s, "break.ends", room);
    },
  });
}
