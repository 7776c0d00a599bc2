// Check-in: a short, non-substantive round before the ground rules (an icebreaker). Everyone says
// one thing in the room; the stage ends by itself once everyone present has spoken, or when its
// time is up, or when a facilitator moves on. What is said is not kept: the stage only notes who
// has spoken (an empty contribution, left out of the record), so the round knows when it is done.
import type { StageOf } from "../spec.ts";
import {
  contribute,
  contributionsOf,
  effect,
  room,
  say,
  type FlowFacts,
  type StageContext,
} from "./common.ts";
import { createTimedStageMachine } from "./timed.ts";

export function createCheckInMachine(stage: StageOf<"check-in">, _facts: FlowFacts) {
  const spoken = (ctx: StageContext, participantId: string) =>
    contributionsOf(ctx, stage.kind).some((c) => c.author === participantId);
  return createTimedStageMachine({
    id: "check-in",
    seconds: stage.seconds,
    open: (s) => {
      say(s, "checkIn.intro", room, {
        prompt: { text: stage.prompt },
        minutes: Math.max(1, Math.round(stage.seconds / 60)),
      });
      effect(s, { type: "floor", holders: "everyone" });
    },
    input: (s, e) => {
      if (e.type === "participant.say" && !spoken(s.ctx, e.participantId))
        contribute(s, { stageId: stage.id, kind: stage.kind, text: "", author: e.participantId });
    },
    complete: (ctx) =>
      ctx.view.participants.length > 0 && ctx.view.participants.every((p) => spoken(ctx, p.id)),
    close: (s) => {
      say(s, "checkIn.done", room);
    },
  });
}
