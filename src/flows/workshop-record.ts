// The workshop's record as the reports see it: what was shown and consented to, pooled or
// anonymised as the flow says, withheld contributions and unconsented survey answers left out.
import { minGroupSizeOf, type FlowSpec } from "./spec.ts";
import type { SurveyResult, WorkshopRecord } from "./protocol.ts";
import { byRank, clusteredIdeaKind, pooledIdea, rankIdeas } from "./stages/brainstorm.ts";
import { seededOrder, stageSeed, words, type Contribution } from "./stages/common.ts";
import * as review from "./review.ts";
import {
  statementBallotKinds,
  statementKind,
  statementsOf,
  withoutHiddenSeeds,
} from "./stages/joint-statement.ts";
import type { WorkshopContext } from "./workshop.ts";

export const reviewOf = (ctx: WorkshopContext): review.ReviewState => ctx.review ?? review.noReview;

/** Kinds whose items are listed in the seeded order (in the room and the record), not as they arrived. */
const shuffledKinds = new Set(["brainstorm", "needs-articulation", "joint-statement"]);

/** Whether a participant agreed to the evaluation (only their survey answers count anywhere). */
export function evaluates(ctx: Pick<WorkshopContext, "evaluationConsent">, participantId: string): boolean {
  return ctx.evaluationConsent?.[participantId] === true;
}

/** Survey answers as aggregates: each respondent's latest answer per question, counted or shuffled. */
function surveyResults(spec: FlowSpec, contributions: readonly Contribution[], seed: number): SurveyResult[] {
  const out: SurveyResult[] = [];
  spec.stages.forEach((st, stageIndex) => {
    if (st.kind !== "survey") return;
    st.questions.forEach((q, n) => {
      const prefix = `survey:${st.id}:${q.id}=`;
      const latest = new Map<string, Contribution>();
      for (const c of contributions)
        if (c.stageId === st.id && c.kind === "survey" && c.text.startsWith(prefix)) latest.set(c.author, c);
      const answers = [...latest.values()];
      const value = (c: Contribution) => c.text.slice(prefix.length);
      const base = { stageId: st.id, questionId: q.id, respondents: answers.length };
      if (q.type === "likert" || q.type === "choice") {
        const counts: Record<string, number> = {};
        if (q.type === "likert") for (let i = 1; i <= q.points; i++) counts[String(i)] = 0;
        else for (const o of q.options) counts[o.id] = 0;
        for (const c of answers) if (value(c) in counts) counts[value(c)] = (counts[value(c)] ?? 0) + 1;
        out.push({ ...base, type: q.type, counts });
      } else if (q.type === "thermometer") {
        const values = answers.map((c) => Number(value(c)));
        const mean = values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
        out.push({ ...base, type: "thermometer", ...(values.length === 0 ? {} : { mean }) });
      } else {
        const order = seededOrder(answers, stageSeed({ seed, stageIndex }) + n);
        out.push({ ...base, type: "text", answers: order.map(value) });
      }
    });
  });
  return out;
}

/** The context without withheld contributions, and without their words in the participation figures. */
function withoutWithheld(ctx: WorkshopContext, left: ReadonlySet<string>): WorkshopContext {
  const participation = { ...ctx.participation };
  for (const c of ctx.contributions) {
    const p = participation[c.author];
    if (!left.has(c.id) || p === undefined) continue;
    participation[c.author] = { ...p, words: Math.max(0, p.words - words(c.text)) };
  }
  return { ...ctx, contributions: ctx.contributions.filter((c) => !left.has(c.id)), participation };
}

export function buildRecord(spec: FlowSpec, full: WorkshopContext): WorkshopRecord {
  // Hidden, lapsed and still-held contributions stay out of the summary and every report.
  const left = new Set(review.withheld(reviewOf(full)));
  const all = left.size === 0 ? full : withoutWithheld(full, left);
  const withAuthors = spec.confidentiality === "open";
  // Survey answers of anyone who did not agree to the evaluation are left out of the record.
  const ctx: WorkshopContext = {
    ...all,
    contributions: all.contributions.filter((c) => c.kind !== "survey" || evaluates(all, c.author)),
  };
  const pooled = ctx.pooled;
  const groupIds = pooled ? [] : (spec.groups?.map((g) => g.id) ?? []);
  const groupOf = (id: string) =>
    ctx.participants.find((p) => p.id === id)?.group ??
    ctx.contributions.find((c) => c.author === id)?.group ??
    null;
  const participation = (groupIds.length > 0 ? groupIds : [null]).map((group) => {
    const members = Object.entries(ctx.participation).filter(
      ([id]) => groupIds.length === 0 || groupOf(id) === group,
    );
    return {
      group,
      participants: members.length,
      turns: members.reduce((n, [, p]) => n + p.turns, 0),
      words: members.reduce((n, [, p]) => n + p.words, 0),
      passes: members.reduce((n, [, p]) => n + p.passes, 0),
      reflections: members.reduce((n, [, p]) => n + (p.reflections ?? 0), 0),
      feltHeard: members.reduce((n, [, p]) => n + (p.feltHeard ?? 0), 0),
      notQuite: members.reduce((n, [, p]) => n + (p.notQuite ?? 0), 0),
      airtimeSeconds: Math.round(members.reduce((n, [, p]) => n + (p.airtimeMs ?? 0), 0) / 100) / 10,
    };
  });
  const ofKind = (kind: string) => ctx.contributions.filter((c) => c.kind === kind);
  const needs = ofKind("needs-articulation");
  const recognitions = ofKind("recognition");
  // Ranked with the groups even when pooled (cross-group support may order ideas), shown without.
  const ideas = spec.stages
    .flatMap((st, i) =>
      st.kind === "brainstorm"
        ? rankIdeas(
            ctx.contributions.filter((c) => c.stageId === st.id && c.kind === "brainstorm"),
            ctx.contributions.filter((c) => c.stageId === st.id && c.kind === "vote"),
            spec.groups?.map((g) => g.id) ?? [],
            stageSeed({ seed: ctx.seed, stageIndex: i }),
            ctx.contributions.filter((c) => c.stageId === st.id && c.kind === clusteredIdeaKind),
          )
        : [],
    )
    .sort(byRank(ctx.seed))
    .map((idea) => (pooled ? pooledIdea(idea) : idea));
  // Each stage's items stay together, in the order stages ran; ideas and needs in the seeded order.
  const stageOrder = [...new Set(ctx.contributions.map((c) => c.stageId))];
  const listed = stageOrder.flatMap((stageId) => {
    const items = ctx.contributions.filter(
      (c) =>
        c.stageId === stageId &&
        c.kind !== "vote" &&
        c.kind !== "recognition" &&
        // A check-in only notes who spoke (nothing of what was said).
        c.kind !== "check-in" &&
        // A joint statement's ballots are counted in its outcome; the outcome has its own field.
        !statementBallotKinds.has(c.kind) &&
        c.kind !== statementKind &&
        // Survey answers are private: outside open workshops only their aggregates are kept.
        (withAuthors || c.kind !== "survey"),
    );
    const index = spec.stages.findIndex((st) => st.id === stageId);
    const kind = spec.stages[index]?.kind ?? "";
    return !withAuthors && shuffledKinds.has(kind)
      ? seededOrder(items, stageSeed({ seed: ctx.seed, stageIndex: index }))
      : items;
  });
  return {
    flowId: spec.id,
    confidentiality: spec.confidentiality,
    stagesRun: ctx.stagesRun,
    pooled,
    minGroupSize: minGroupSizeOf(spec),
    surveys: surveyResults(spec, ctx.contributions, ctx.seed),
    statements: statementsOf(ctx.contributions).map((st) => withoutHiddenSeeds(st, left)),
    participation,
    ideas,
    recognisedNeeds: pooled
      ? []
      : needs
          .map((n) => ({
            text: n.text,
            group: n.group,
            recognisedByGroups: [
              ...new Set(
                recognitions.filter((r) => r.text === n.id && r.group !== n.group).map((r) => r.group ?? ""),
              ),
            ],
          }))
          .filter((n) => n.recognisedByGroups.length > 0),
    contributions: listed.map((c) => ({
      stageId: c.stageId,
      kind: c.kind,
      text: c.text,
      author: withAuthors ? c.author : null,
      group: pooled ? null : c.group,
    })),
  };
}
