// Likert and free-text questions answered privately; answers are recorded, never echoed.
import type { StageOf } from "../spec.ts";
import {
  authorsVar,
  contributionsOf,
  contribute,
  effect,
  room,
  say,
  to,
  type FlowFacts,
  type StageContext,
} from "./common.ts";
import { createTimedStageMachine } from "./timed.ts";

export function createSurveyMachine(stage: StageOf<"survey">, facts: FlowFacts) {
  const questionPrompt = (id: string) => `survey:${stage.id}:${id}`;
  /** Answers are recorded as `<promptId>=<answer>`: the question a contribution answers. */
  const answered = (ctx: StageContext, participantId: string, questionId: string) =>
    contributionsOf(ctx, stage.kind).some(
      (c) => c.author === participantId && c.text.startsWith(`${questionPrompt(questionId)}=`),
    );
  /** Everyone present has answered every question (nobody present: the survey waits). */
  const complete = (ctx: StageContext) =>
    ctx.view.participants.length > 0 &&
    ctx.view.participants.every((p) => stage.questions.every((q) => answered(ctx, p.id, q.id)));
  return createTimedStageMachine({
    id: "survey",
    seconds: stage.seconds,
    open: (s) => {
      say(s, "survey.intro", room, { count: stage.questions.length, authors: authorsVar(facts) });
      for (const q of stage.questions) {
        if (q.type === "likert")
          effect(s, {
            type: "prompt",
            key: "survey.likert",
            audience: room,
            promptId: questionPrompt(q.id),
            vars: { question: { text: q.text }, points: q.points },
            options: Array.from({ length: q.points }, (_, i) => ({
              value: String(i + 1),
              label: { text: { [facts.defaultLocale]: String(i + 1) } },
            })),
          });
        else
          effect(s, {
            type: "collect",
            key: "survey.text",
            audience: room,
            promptId: questionPrompt(q.id),
            vars: { question: { text: q.text } },
          });
      }
    },
    complete,
    close: (s) => {
      say(s, "survey.done", room);
    },
    input: (s, e) => {
      if (e.type === "participant.say") return;
      if (!stage.questions.some((q) => questionPrompt(q.id) === e.promptId)) return;
      const answer = e.type === "participant.choose" ? e.value : e.text;
      contribute(s, {
        stageId: stage.id,
        kind: stage.kind,
        text: `${e.promptId}=${answer}`,
        author: e.participantId,
      });
      say(s, "survey.answerRecorded", to(e.participantId));
    },
  });
}
