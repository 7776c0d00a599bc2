// The flow spec: what a facilitator writes (YAML or JSON). Strict objects, so a typo is an error
// rather than a silently ignored setting. Durations are in seconds, as facilitators think of them.
import { z } from "zod";

const localeTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "expected a locale tag such as en or ar");

/** One string per locale; the flow checks that its default locale is present everywhere. */
export const localizedTextSchema = z
  .record(localeTag, z.string().trim().min(1, "expected non-empty text").max(4000))
  .refine((value) => Object.keys(value).length > 0, "expected text in at least one locale");

const seconds = (min: number, max: number) =>
  z
    .number({ error: `expected seconds between ${min} and ${max}` })
    .int(`expected whole seconds between ${min} and ${max}`)
    .min(min, `expected seconds between ${min} and ${max}`)
    .max(max, `expected seconds between ${min} and ${max}`);

const stageId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, "expected an id of lowercase letters, digits and dashes, such as needs-1");

const stageBase = {
  id: stageId,
  title: localizedTextSchema.optional(),
};

export const groundRulesStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("ground-rules"),
  rules: z.array(localizedTextSchema).min(1, "expected at least one rule").max(20),
  /** How long each participant has to consent before the facilitators are told. */
  consentSeconds: seconds(30, 3600).default(300),
  allowProposals: z.boolean().default(true),
});

export const perspectiveSharingStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("perspective-sharing"),
  prompt: localizedTextSchema,
  turnSeconds: seconds(10, 3600),
  /** A warning this many seconds before a turn times out; 0 for none. */
  warningSeconds: seconds(0, 600).default(20),
  rounds: z.number().int().min(1).max(10).default(1),
  allowPass: z.boolean().default(true),
  reflectBack: z.boolean().default(false),
});

export const needsArticulationStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("needs-articulation"),
  prompt: localizedTextSchema,
  categories: z
    .array(z.enum(["needs", "fears", "hopes"]))
    .min(1)
    .default(["needs", "fears", "hopes"]),
  collectSeconds: seconds(30, 7200),
  /** Each participant marks the other groups' needs they recognise. */
  recognition: z.boolean().default(true),
  recognitionSeconds: seconds(30, 3600).default(300),
});

export const brainstormStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("brainstorm"),
  prompt: localizedTextSchema,
  divergeSeconds: seconds(30, 7200),
  maxIdeasPerPerson: z.number().int().min(1).max(50).default(5),
  /** Facilitators merge duplicates and label clusters, then say `next`. */
  clusterSeconds: seconds(0, 3600).default(300),
  voting: z.discriminatedUnion("method", [
    z.strictObject({
      method: z.literal("dots"),
      dots: z.number().int().min(1).max(20).default(3),
      maxPerIdea: z.number().int().min(1).max(20).default(1),
      seconds: seconds(30, 3600),
    }),
    z.strictObject({
      method: z.literal("approval"),
      seconds: seconds(30, 3600),
    }),
  ]),
  /** How many ranked ideas the converge phase presents. */
  shortlist: z.number().int().min(1).max(25).default(5),
});

export const discussionStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("discussion"),
  prompt: localizedTextSchema,
  seconds: seconds(30, 7200),
});

export const surveyQuestionSchema = z.discriminatedUnion("type", [
  z.strictObject({
    id: stageId,
    type: z.literal("likert"),
    text: localizedTextSchema,
    /** Points on the scale (1..points). */
    points: z.number().int().min(3).max(7).default(5),
  }),
  z.strictObject({ id: stageId, type: z.literal("text"), text: localizedTextSchema }),
]);

export const surveyStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("survey"),
  questions: z.array(surveyQuestionSchema).min(1).max(20),
  seconds: seconds(30, 3600),
});

export const reflectionStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("reflection"),
  prompt: localizedTextSchema,
  turnSeconds: seconds(10, 3600),
  allowPass: z.boolean().default(true),
});

export const messageStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("message"),
  text: localizedTextSchema,
});

export const breakStageSchema = z.strictObject({
  ...stageBase,
  kind: z.literal("break"),
  seconds: seconds(60, 7200),
  text: localizedTextSchema.optional(),
});

export const stageSchema = z.discriminatedUnion("kind", [
  groundRulesStageSchema,
  perspectiveSharingStageSchema,
  needsArticulationStageSchema,
  brainstormStageSchema,
  discussionStageSchema,
  surveyStageSchema,
  reflectionStageSchema,
  messageStageSchema,
  breakStageSchema,
]);

export const groupSchema = z.strictObject({
  id: stageId,
  name: localizedTextSchema,
});

export const flowSpecSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, "expected an id of lowercase letters, digits and dashes"),
  version: z.number().int().min(1),
  title: localizedTextSchema,
  description: localizedTextSchema,
  defaultLocale: localeTag,
  groups: z.array(groupSchema).min(2, "expected two or more groups, or no groups at all").max(8).optional(),
  confidentiality: z.enum(["open", "chatham-house", "anonymous"]),
  turnEnforcement: z.enum(["soft", "strict"]).default("soft"),
  stages: z.array(stageSchema).min(1, "expected at least one stage").max(50),
});

/** A flow spec after validation (defaults applied). */
export type FlowSpec = z.output<typeof flowSpecSchema>;
export type StageSpec = FlowSpec["stages"][number];
export type StageKind = StageSpec["kind"];
export type StageOf<K extends StageKind> = Extract<StageSpec, { kind: K }>;
