// The bot says a text; the workshop moves straight on.
import type { StageOf } from "../spec.ts";
import {
  act,
  baseContext,
  room,
  say,
  stageOutput,
  stageSetup,
  type FlowFacts,
  type StageContext,
} from "./common.ts";

export function createMessageMachine(stage: StageOf<"message">, _facts: FlowFacts) {
  return stageSetup<StageContext>().createMachine({
    output: stageOutput,
    id: "message",
    context: ({ input }) => baseContext(input),
    entry: act((s) => {
      say(s, "message.text", room, { text: { text: stage.text } });
    }),
    initial: "done",
    states: { done: { type: "final" } },
  });
}
