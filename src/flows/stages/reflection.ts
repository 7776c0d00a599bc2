// Reflection: a closing round, one turn each, no reflect-back.
import type { StageOf } from "../spec.ts";
import type { FlowFacts } from "./common.ts";
import { createTurnTakingMachine } from "./perspective-sharing.ts";

export function createReflectionMachine(stage: StageOf<"reflection">, facts: FlowFacts) {
  return createTurnTakingMachine({ ...stage, warningSeconds: 0, rounds: 1, reflectBack: false }, facts);
}
