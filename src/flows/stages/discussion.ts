// A timed open floor: anyone may speak and is recorded; the stage ends when the time is up or a
// facilitator moves on.
import type { StageOf } from "../spec.ts";
import { contribute, effect, room, say, type FlowFacts } from "./common.ts";
import { createTimedStageMachine } from "./timed.ts";

export function createDiscussionMachine(stage: StageOf<"discussion">, _facts: FlowFacts) {
  return createTimedStageMachine({
    id: "discussion",
    seconds: stage.seconds,
    open: (s) => {
      say(s, "discussion.intro", room, {
        minutes: Math.round(stage.seconds / 60),
        prompt: { text: stage.prompt },
      });
      effect(s, { type: "floor", holders: "everyone" });
    },
    input: (s, e) => {
      if (e.type === "participant.say")
        contribute(s, { stageId: stage.id, kind: stage.kind, text: e.text, author: e.participantId });
    },
  });
}
