// From stored sessions to an evaluation report: pre/post change per group on paired questions,
// participation and airtime balance, attendance, ideas and needs; one session or a programme of
// many (groups matched by the flow's group ids). Confidentiality is applied here, once, so every
// output format shows the same thing: under chatham-house and anonymous only aggregates, and no
// figure for fewer people than the minimum size.
import type { FlowSpec, SurveyQuestionSpec } from "../flows/spec.ts";
import { minGroupSizeOf } from "../flows/spec.ts";
import { pickText, renderMessage, segmentsToPlainText } from "../bot/render.ts";
import type { CatalogueKey } from "../bot/i18n/index.ts";
import type { Vars } from "../flows/protocol.ts";
import type { SessionData } from "./dataset.ts";
import { pairedSummary, withoutFigures, type PairedSummary } from "./stats.ts";
import {
  reportSchemaId,
  type AttendanceRow,
  type EvaluationReport,
  type PairedQuestion,
  type ParticipationRow,
} from "./schema.ts";

/** A question asked in an earlier and a later survey of the flow (same id): a pre/post pair. */
export interface PairDefinition {
  readonly questionId: string;
  readonly question: Extract<SurveyQuestionSpec, { type: "likert" | "thermometer" }>;
  readonly before: string;
  readonly after: string;
}

/**
 * The flow's pre/post pairs: numeric questions (likert, thermometer) whose id is asked in an
 * earlier survey and again in a later one; the first asking is "before", the last "after".
 */
export function pairedQuestions(spec: FlowSpec): PairDefinition[] {
  const asked = new Map<string, { question: SurveyQuestionSpec; stages: string[] }>();
  for (const st of spec.stages) {
    if (st.kind !== "survey") continue;
    for (const q of st.questions) {
      const entry = asked.get(q.id) ?? { question: q, stages: [] };
      if (!entry.stages.includes(st.id)) entry.stages.push(st.id);
      asked.set(q.id, entry);
    }
  }
  const pairs: PairDefinition[] = [];
  for (const [questionId, { question, stages }] of asked) {
    const before = stages[0];
    const after = stages[stages.length - 1];
    if (stages.length < 2 || before === undefined || after === undefined) continue;
    if (question.type !== "likert" && question.type !== "thermometer") continue;
    pairs.push({ questionId, question, before, after });
  }
  return pairs;
}

/**
 * The smallest number of people a figure may describe: the flow's minGroupSize; without one, 3
 * under chatham-house and anonymous (a group of one or two would show what those people
 * answered) and 1 when open.
 */
export function evaluationMinimum(spec: FlowSpec): number {
  return minGroupSizeOf(spec) ?? spec.minGroupSize ?? (spec.confidentiality === "open" ? 1 : 3);
}

export const methodNote = (locale: string, flow: FlowSpec) => text("report.method", {}, locale, flow);

function text(key: CatalogueKey, vars: Vars, locale: string, flow: FlowSpec): string {
  return segmentsToPlainText(renderMessage(key, vars, locale, { flow }));
}

type Figures = PairedQuestion["pooled"];

function figures(summary: PairedSummary, minimum: number): Figures {
  return summary.n >= minimum
    ? { ...summary, suppressed: false }
    : { ...withoutFigures(summary.n), suppressed: true };
}

/** Before/after answer pairs of the respondents (one per person who answered both). */
export function pairsOf(
  sessions: readonly SessionData[],
  pair: PairDefinition,
): {
  session: string;
  pseudonym: string;
  group: string | null;
  before: number | null;
  after: number | null;
}[] {
  const rows = [];
  for (const s of sessions) {
    const people = new Map<string, { group: string | null; before: number | null; after: number | null }>();
    for (const a of s.answers) {
      if (a.questionId !== pair.questionId) continue;
      const value = Number(a.value);
      if (!Number.isFinite(value)) continue;
      const row = people.get(a.pseudonym) ?? { group: a.group, before: null, after: null };
      if (a.stageId === pair.before) row.before = value;
      else if (a.stageId === pair.after) row.after = value;
      people.set(a.pseudonym, row);
    }
    for (const [pseudonym, row] of people) rows.push({ session: s.id, pseudonym, ...row });
  }
  return rows;
}

const complete = (rows: ReturnType<typeof pairsOf>) =>
  rows.flatMap((r) => (r.before !== null && r.after !== null ? [[r.before, r.after] as const] : []));

export interface EvaluateOptions {
  readonly locale: string;
  readonly kind: "session" | "programme";
}

export function evaluate(
  spec: FlowSpec,
  sessions: readonly SessionData[],
  options: EvaluateOptions,
): EvaluationReport {
  const { locale } = options;
  const minimum = evaluationMinimum(spec);
  const open = spec.confidentiality === "open";
  const groups = (spec.groups ?? []).map((g) => ({ id: g.id, name: pickText(g.name, locale, spec) }));
  const allGroups = text("report.allGroups", {}, locale, spec);
  const nameOf = (id: string | null) =>
    id === null ? allGroups : (groups.find((g) => g.id === id)?.name ?? id);
  const people = sessions.flatMap((s) => s.people.map((p) => ({ ...p, session: s.id })));
  // A session whose workshop pooled its groups (a group below the minimum while it ran) pools here too.
  const sessionPooled = sessions.some((s) => s.record.pooled === true);

  // --- participation and attendance -------------------------------------------------------------
  const groupSizes = groups.map((g) => people.filter((p) => p.group === g.id).length);
  const participationMerged =
    groups.length === 0 || sessionPooled || groupSizes.some((n) => n > 0 && n < minimum);
  const rowsFor = participationMerged ? [null] : groups.map((g) => g.id);
  const totalAirtime = people.reduce((t, p) => t + p.airtimeSeconds, 0);
  const participation: ParticipationRow[] = rowsFor.map((group) => {
    const members = people.filter((p) => group === null || p.group === group);
    const sum = (f: (p: (typeof members)[number]) => number) => members.reduce((t, p) => t + f(p), 0);
    const airtime = sum((p) => p.airtimeSeconds);
    const airtimeShare = totalAirtime === 0 ? 0 : airtime / totalAirtime;
    const participantShare = people.length === 0 ? 0 : members.length / people.length;
    return {
      group,
      groupName: nameOf(group),
      participants: members.length,
      turns: sum((p) => p.turns),
      passes: sum((p) => p.passes),
      words: sum((p) => p.words),
      airtimeSeconds: round(airtime, 1),
      airtimeShare,
      participantShare,
      balance: participantShare === 0 || totalAirtime === 0 ? null : airtimeShare / participantShare,
      reflections: sum((p) => p.reflections),
      feltHeard: sum((p) => p.feltHeard),
      notQuite: sum((p) => p.notQuite),
    };
  });
  const attendance: AttendanceRow[] = rowsFor.map((group) => {
    const members = people.filter((p) => group === null || p.group === group);
    return {
      group,
      groupName: nameOf(group),
      joined: members.length,
      stayed: members.filter((p) => p.stayed).length,
      contributed: members.filter((p) => p.contributed).length,
    };
  });

  // --- pre/post pairs ---------------------------------------------------------------------------
  const definitions = pairedQuestions(spec);
  let pairsMerged = false;
  const pairs: PairedQuestion[] = definitions.map((d) => {
    const rows = pairsOf(sessions, d);
    const perGroup = groups.map((g) => pairedSummary(complete(rows.filter((r) => r.group === g.id))));
    const merged =
      groups.length === 0 || sessionPooled || perGroup.some((sum) => sum.n > 0 && sum.n < minimum);
    pairsMerged ||= merged && groups.length > 0;
    const pooled = figures(pairedSummary(complete(rows)), minimum);
    return {
      questionId: d.questionId,
      question: pickText(d.question.text, locale, spec),
      type: d.question.type,
      scaleMin: d.question.type === "likert" ? 1 : 0,
      scaleMax: d.question.type === "likert" ? d.question.points : 100,
      before: d.before,
      after: d.after,
      byGroup: merged
        ? [{ ...pooled, group: null, groupName: allGroups }]
        : groups.map((g, i) => ({
            ...figures(perGroup[i] ?? pairedSummary([]), minimum),
            group: g.id,
            groupName: g.name,
          })),
      pooled,
    };
  });

  // --- sessions, ideas, needs -------------------------------------------------------------------
  const sessionRows = sessions.map((s) => ({
    id: s.id,
    flowId: s.flowId,
    startedAt: new Date(s.startedAt).toISOString(),
    ended: s.ended,
    joined: s.people.length,
    stayed: s.people.filter((p) => p.stayed).length,
    respondents: s.people.filter((p) => p.evaluates).length,
    excluded: s.people.filter((p) => !p.evaluates).length,
    airtimeSeconds: round(
      s.people.reduce((t, p) => t + p.airtimeSeconds, 0),
      1,
    ),
    meanChange: Object.fromEntries(
      definitions.map((d) => [
        d.questionId,
        figures(pairedSummary(complete(pairsOf([s], d))), minimum).meanChange,
      ]),
    ),
  }));
  const ideas = sessions.flatMap((s) =>
    s.record.ideas.map((idea, i) => ({
      rank: i + 1,
      session: s.id,
      text: idea.cluster ?? idea.text,
      totalSupport: idea.totalSupport,
      crossGroupSupport: idea.crossGroupSupport,
      supportByGroup: { ...idea.supportByGroup },
    })),
  );
  const needs = sessions.flatMap((s) =>
    s.record.recognisedNeeds.map((n) => ({
      session: s.id,
      text: n.text,
      group: n.group,
      recognisedByGroups: [...n.recognisedByGroups],
    })),
  );

  const report: EvaluationReport = {
    schema: reportSchemaId,
    kind: options.kind,
    locale,
    flow: {
      id: spec.id,
      title: pickText(spec.title, locale, spec),
      confidentiality: spec.confidentiality,
      minGroupSize: minimum,
      groups,
    },
    merged: (participationMerged && groups.length > 0) || pairsMerged,
    method: methodNote(locale, spec),
    sessions: sessionRows,
    pairs,
    participation,
    attendance,
    ideas,
    needs,
  };
  if (!open) return report;
  // Open workshops: per-respondent rows, by pseudonym and group only (never a name or platform id).
  return {
    ...report,
    respondents: definitions.flatMap((d) =>
      pairsOf(sessions, d).map((r) => ({
        session: r.session,
        pseudonym: r.pseudonym,
        group: r.group,
        questionId: d.questionId,
        before: r.before,
        after: r.after,
      })),
    ),
    people: people.map((p) => ({
      session: p.session,
      pseudonym: p.pseudonym,
      group: p.group,
      turns: p.turns,
      passes: p.passes,
      words: p.words,
      airtimeSeconds: round(p.airtimeSeconds, 1),
      stayed: p.stayed,
    })),
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
