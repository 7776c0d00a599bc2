// A timed open floor: anyone may speak and is recorded; the stage ends when the time is up or a
// facilitator moves on. Hands are raised with `hand`, or with the stage's hand buttons where the
// platform shows them (the workshop keeps the queue).
import type { StageOf } from "../spec.ts";
import { contribute, effect, room, say, type FlowFacts } from "./common.ts";
import { createTimedStageMachine } from "./timed.ts";

/** The prompt of a discussion's hand buttons; the workshop takes its answers as `hand`. */
export const handPrompt = (stageId: string): string => `hand:${stageId}`;

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
      // One click to raise or lower a hand, where a room question is answered privately in place.
      effect(s, {
        type: "prompt",
        key: "discussion.handPrompt",
        audience: room,
        promptId: handPrompt(stage.id),
        shortcut: true,
        options: [
          { value: "raise", label: { key: "discussion.raiseHand" } },
          { value: "lower", label: { key: "discussion.lowerHand" } },
        ],
      });
    },
    close: (s) => {
      effect(s, { type: "close", promptId: handPrompt(stage.id) });
    },
    input: (s, e) => {
      if (e.type === "participant.say")
        contribute(s, { stageId: stage.id, kind: stage.kind, text: e.text, author: e.participantId });
    },
  });
}
