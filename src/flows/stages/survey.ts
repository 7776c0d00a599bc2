// Survey questions answered privately; answers are recorded, never echoed. Likert and choice
// questions are prompts with options; a feeling thermometer (0-100) and free text are private
// input (modal, direct room, private line), since a number typed in the room would be public.
import type { SurveyQuestionSpec, StageOf } from "../spec.ts";
import type { Audience, FlowEffect, LocalizedText, VarValue } from "../protocol.ts";
import {
  authorsVar,
  contributionsOf,
  contribute,
  effect,
  room,
  say,
  takingPart,
  to,
  type FlowFacts,
  type StageContext,
} from "./common.ts";
import { createTimedStageMachine } from "./timed.ts";

/** A thermometer answer: a whole number 0..100 ("72", " 72 ", "72°"), else null. */
export function thermometerValue(text: string): number | null {
  const match = /^\s*(\d{1,3})\s*°?\s*$/u.exec(text.normalize("NFKC"));
  if (match === null) return null;
  const value = Number(match[1]);
  return value <= 100 ? value : null;
}

/** The scale's end labels as message variables ("no" when the author gave none). */
function scaleVars(q: { lowLabel?: LocalizedText | undefined; highLabel?: LocalizedText | undefined }) {
  const vars: Record<string, VarValue> = { labels: "no" };
  if (q.lowLabel !== undefined && q.highLabel !== undefined) {
    vars["labels"] = "yes";
    vars["low"] = { text: q.lowLabel };
    vars["high"] = { text: q.highLabel };
  }
  return vars;
}

export function surveyQuestionEffect(
  q: SurveyQuestionSpec,
  promptId: string,
  facts: FlowFacts,
  audience: Audience = room,
): FlowEffect {
  const question = { text: q.text };
  switch (q.type) {
    case "likert":
      return {
        type: "prompt",
        key: "survey.likert",
        audience,
        promptId,
        vars: { question, points: q.points, ...scaleVars(q) },
        options: Array.from({ length: q.points }, (_, i) => ({
          value: String(i + 1),
          label: { text: { [facts.defaultLocale]: String(i + 1) } },
        })),
      };
    case "choice":
      return {
        type: "prompt",
        key: "survey.choice",
        audience,
        promptId,
        vars: { question },
        options: q.options.map((o) => ({ value: o.id, label: { text: o.label } })),
      };
    case "thermometer":
      return {
        type: "collect",
        key: "survey.thermometer",
        audience,
        promptId,
        vars: { question, ...scaleVars(q) },
      };
    case "text":
      return { type: "collect", key: "survey.text", audience, promptId, vars: { question } };
  }
}

const questionPromptOf = (stage: StageOf<"survey">, id: string) => `survey:${stage.id}:${id}`;

/** Answers are recorded as `<promptId>=<answer>`: the question a contribution answers. */
function answeredBy(stage: StageOf<"survey">, ctx: StageContext, participantId: string, questionId: string) {
  const prefix = `${questionPromptOf(stage, questionId)}=`;
  return contributionsOf(ctx, stage.kind).some(
    (c) => c.author === participantId && c.text.startsWith(prefix),
  );
}

/**
 * The questions of an open survey a participant taking part has not answered yet, asked of them
 * alone in the order the survey asks them (again, e.g. in a language they chose since).
 */
export function unansweredQuestions(
  stage: StageOf<"survey">,
  facts: FlowFacts,
  ctx: StageContext,
  participantId: string,
): FlowEffect[] {
  if (!takingPart(facts, ctx).some((p) => p.id === participantId)) return [];
  return stage.questions
    .filter((q) => !answeredBy(stage, ctx, participantId, q.id))
    .map((q) => surveyQuestionEffect(q, questionPromptOf(stage, q.id), facts, to(participantId)));
}

export function createSurveyMachine(stage: StageOf<"survey">, facts: FlowFacts) {
  const questionPrompt = (id: string) => questionPromptOf(stage, id);
  const answered = (ctx: StageContext, participantId: string, questionId: string) =>
    answeredBy(stage, ctx, participantId, questionId);
  /** Everyone present has answered every question (nobody present: the survey waits). */
  const complete = (ctx: StageContext) => {
    const people = takingPart(facts, ctx);
    return people.length > 0 && people.every((p) => stage.questions.every((q) => answered(ctx, p.id, q.id)));
  };
  return createTimedStageMachine({
    id: "survey",
    seconds: stage.seconds,
    open: (s) => {
      say(s, "survey.intro", room, { count: stage.questions.length, authors: authorsVar(facts) });
      for (const q of stage.questions) effect(s, surveyQuestionEffect(q, questionPrompt(q.id), facts));
    },
    complete,
    close: (s) => {
      say(s, "survey.done", room);
    },
    input: (s, e) => {
      if (e.type === "participant.say") return;
      const q = stage.questions.find((x) => questionPrompt(x.id) === e.promptId);
      if (q === undefined) return;
      let answer = e.type === "participant.choose" ? e.value : e.text;
      if (q.type === "likert" && !/^\d+$/u.test(answer)) return;
      if (q.type === "likert" && (Number(answer) < 1 || Number(answer) > q.points)) return;
      if (q.type === "choice" && !q.options.some((o) => o.id === answer)) return;
      if (q.type === "thermometer") {
        const value = thermometerValue(answer);
        if (value === null) {
          // Said privately, with the question again (to this participant only, so a platform that
          // takes several answers in turn knows it is open again): nothing is recorded until it
          // is a number.
          say(s, "survey.thermometerInvalid", to(e.participantId));
          effect(s, surveyQuestionEffect(q, questionPrompt(q.id), facts, to(e.participantId)));
          return;
        }
        answer = String(value);
      }
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
