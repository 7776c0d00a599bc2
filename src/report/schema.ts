// The evaluation report as data: one zod schema, the source of the JSON output's type and of the
// JSON Schema shipped in docs/ (`npm run report-schema`). Bump `reportSchemaVersion` on any change
// a reader would notice (a field removed or its meaning changed); adding a field is not one.
import { z } from "zod";

export const reportSchemaVersion = 1;
export const reportSchemaId = `parley.report/${String(reportSchemaVersion)}`;

const share = z.number().min(0).max(1).describe("a share between 0 and 1");
const nullableNumber = z.number().nullable();

/** A group id of the flow, or null for "all groups together" (no groups, or merged). */
const groupRef = z
  .string()
  .nullable()
  .describe(
    "a group id of the flow; null: all groups together (no groups, or merged below the minimum size)",
  );

export const pairedFiguresSchema = z.object({
  n: z
    .number()
    .int()
    .min(0)
    .describe("people who answered both before and after and agreed to the evaluation"),
  preMean: nullableNumber,
  postMean: nullableNumber,
  meanChange: nullableNumber.describe("mean of (after − before)"),
  ciLow: nullableNumber.describe("95% CI of the mean change, paired t (df = n − 1); null below n = 2"),
  ciHigh: nullableNumber,
  sdChange: nullableNumber.describe("standard deviation of the changes (n − 1 denominator)"),
  dz: nullableNumber.describe("Cohen's d_z: mean change ÷ standard deviation of the changes"),
  up: share,
  down: share,
  unchanged: share,
  suppressed: z
    .boolean()
    .describe("true when n is below the minimum size: only n is given, every figure is null"),
});

export const pairedQuestionSchema = z.object({
  questionId: z.string(),
  question: z.string().describe("the question's text in the report's locale"),
  type: z.enum(["likert", "thermometer"]),
  scaleMin: z.number(),
  scaleMax: z.number(),
  before: z.string().describe("the earlier survey stage's id"),
  after: z.string().describe("the later survey stage's id"),
  byGroup: z.array(pairedFiguresSchema.extend({ group: groupRef, groupName: z.string() })),
  pooled: pairedFiguresSchema,
});

export const participationRowSchema = z.object({
  group: groupRef,
  groupName: z.string(),
  participants: z.number().int().min(0),
  turns: z.number().int().min(0),
  passes: z.number().int().min(0),
  words: z.number().int().min(0),
  airtimeSeconds: z
    .number()
    .min(0)
    .describe("seconds holding the floor, from the floor given to the floor released"),
  airtimeShare: share.describe("this group's share of all airtime"),
  participantShare: share.describe("this group's share of the participants"),
  balance: nullableNumber.describe(
    "airtimeShare ÷ participantShare: 1 is a fair share, below 1 less, above 1 more",
  ),
  reflections: z.number().int().min(0).describe("reflect-backs given"),
  feltHeard: z.number().int().min(0).describe('"felt heard" answers: yes'),
  notQuite: z.number().int().min(0).describe('"felt heard" answers: not quite'),
});

export const attendanceRowSchema = z.object({
  group: groupRef,
  groupName: z.string(),
  joined: z.number().int().min(0),
  stayed: z.number().int().min(0).describe("still present when the workshop ended"),
  contributed: z.number().int().min(0).describe("took a turn, wrote, voted or answered"),
});

export const ideaSchema = z.object({
  rank: z.number().int().min(1),
  session: z.string(),
  text: z.string(),
  totalSupport: z.number().int().min(0),
  crossGroupSupport: nullableNumber,
  supportByGroup: z.record(z.string(), z.number().int().min(0)),
});

export const needSchema = z.object({
  session: z.string(),
  text: z.string(),
  group: z.string().nullable(),
  recognisedByGroups: z.array(z.string()),
});

export const sessionRowSchema = z.object({
  id: z.string(),
  flowId: z.string(),
  startedAt: z.string().describe("ISO 8601"),
  ended: z.boolean(),
  joined: z.number().int().min(0),
  stayed: z.number().int().min(0),
  respondents: z.number().int().min(0).describe("people who agreed to the evaluation"),
  excluded: z
    .number()
    .int()
    .min(0)
    .describe("people who declined (or never answered) the evaluation consent"),
  airtimeSeconds: z.number().min(0),
  meanChange: z
    .record(z.string(), nullableNumber)
    .describe("per paired question id: the pooled mean change in this session (null below the minimum size)"),
});

/** Open workshops only: one row per respondent and paired question, by pseudonym. */
export const respondentRowSchema = z.object({
  session: z.string(),
  pseudonym: z.string().describe("opaque, per session: not linkable across sessions"),
  group: z.string().nullable(),
  questionId: z.string(),
  before: nullableNumber,
  after: nullableNumber,
});

export const personRowSchema = z.object({
  session: z.string(),
  pseudonym: z.string(),
  group: z.string().nullable(),
  turns: z.number().int().min(0),
  passes: z.number().int().min(0),
  words: z.number().int().min(0),
  airtimeSeconds: z.number().min(0),
  stayed: z.boolean(),
});

export const evaluationReportSchema = z
  .object({
    schema: z.literal(reportSchemaId),
    kind: z.enum(["session", "programme"]),
    locale: z.string(),
    flow: z.object({
      id: z.string(),
      title: z.string(),
      confidentiality: z.enum(["open", "chatham-house", "anonymous"]),
      minGroupSize: z.number().int().min(1).describe("the smallest n shown as a group's (or session's) own"),
      groups: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
    merged: z
      .boolean()
      .describe("true when group figures are merged because a group was below the minimum size"),
    method: z.string(),
    sessions: z.array(sessionRowSchema),
    pairs: z.array(pairedQuestionSchema),
    participation: z.array(participationRowSchema),
    attendance: z.array(attendanceRowSchema),
    ideas: z.array(ideaSchema),
    needs: z.array(needSchema),
    respondents: z.array(respondentRowSchema).optional().describe("open workshops only"),
    people: z.array(personRowSchema).optional().describe("open workshops only"),
  })
  .describe(
    "Parley evaluation report: pre/post change per group, participation and airtime, ideas and needs",
  );

export type EvaluationReport = z.infer<typeof evaluationReportSchema>;
export type PairedQuestion = z.infer<typeof pairedQuestionSchema>;
export type ParticipationRow = z.infer<typeof participationRowSchema>;
export type AttendanceRow = z.infer<typeof attendanceRowSchema>;

/** The JSON Schema of `parley report --format json`, as shipped in docs/report.schema.json. */
export function evaluationReportJsonSchema(): Record<string, unknown> {
  return { title: reportSchemaId, ...z.toJSONSchema(evaluationReportSchema, { target: "draft-2020-12" }) };
}

export const reportJsonSchemaText = (): string =>
  `${JSON.stringify(evaluationReportJsonSchema(), null, 2)}\n`;
