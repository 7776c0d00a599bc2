// One machine per stage kind; the workshop machine invokes the one for the current stage.
import type { StageSpec } from "../spec.ts";
import { createBrainstormMachine } from "./brainstorm.ts";
import { createBreakMachine } from "./break.ts";
import type { FlowFacts } from "./common.ts";
import { createCheckInMachine } from "./check-in.ts";
import { createDiscussionMachine } from "./discussion.ts";
import { createGroundRulesMachine } from "./ground-rules.ts";
import { createJointStatementMachine } from "./joint-statement.ts";
import { createMessageMachine } from "./message.ts";
import { createNeedsArticulationMachine } from "./needs-articulation.ts";
import { createPerspectiveSharingMachine } from "./perspective-sharing.ts";
import { createReflectionMachine } from "./reflection.ts";
import { createSurveyMachine } from "./survey.ts";

export function createStageMachine(stage: StageSpec, facts: FlowFacts) {
  switch (stage.kind) {
    case "ground-rules":
      return createGroundRulesMachine(stage, facts);
    case "perspective-sharing":
      return createPerspectiveSharingMachine(stage, facts);
    case "reflection":
      return createReflectionMachine(stage, facts);
    case "needs-articulation":
      return createNeedsArticulationMachine(stage, facts);
    case "brainstorm":
      return createBrainstormMachine(stage, facts);
    case "discussion":
      return createDiscussionMachine(stage, facts);
    case "check-in":
      return createCheckInMachine(stage, facts);
    case "survey":
      return createSurveyMachine(stage, facts);
    case "message":
      return createMessageMachine(stage, facts);
    case "break":
      return createBreakMachine(stage, facts);
    case "joint-statement":
      return createJointStatementMachine(stage, facts);
  }
}

export type StageMachine = ReturnType<typeof createStageMachine>;
