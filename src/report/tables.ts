// The evaluation report's tables, once: which columns each has and how each figure is written.
// The Markdown and HTML renderers only differ in how they escape a cell, so they share these.
import { fmt, pct, signed } from "./format.ts";
import type { EvaluationReport } from "./schema.ts";
import type { ReportText } from "./text.ts";

/**
 * A cell: our own text (labels, figures), text a participant or author wrote (neutralised and
 * given its own direction by the renderer; an idea or a need styled as such), several such texts,
 * or a label with its own HTML form.
 */
export type Cell =
  | string
  | { readonly user: string; readonly role?: "idea" | "need" }
  /** Several participant- or author-written texts in one cell, each its own, joined with ", ". */
  | { readonly users: readonly string[] }
  | { readonly text: string; readonly html: string };

export interface Table {
  readonly header: readonly Cell[];
  readonly rows: readonly (readonly Cell[])[];
}

/** The groups an idea's support is shown for: none once figures are merged (a group too small). */
const shownGroups = (report: EvaluationReport) => (report.merged ? [] : report.flow.groups);

export function sessionsTable(report: EvaluationReport, t: ReportText): Table {
  const l = report.locale;
  return {
    header: [
      t.col.session,
      t.col.started,
      t.col.joined,
      t.col.stayed,
      t.col.respondents,
      t.col.airtime,
      ...report.pairs.map((p) => ({ user: p.question })),
    ],
    rows: report.sessions.map((s) => [
      s.id,
      s.startedAt.slice(0, 10),
      fmt(s.joined, l),
      fmt(s.stayed, l),
      fmt(s.respondents, l),
      fmt(s.airtimeSeconds, l, 0),
      ...report.pairs.map((p) => signed(s.meanChange[p.questionId] ?? null, l)),
    ]),
  };
}

/** One pre/post question: a row per group, and all groups together when there are several. */
export function prePostTable(
  report: EvaluationReport,
  pair: EvaluationReport["pairs"][number],
  t: ReportText,
): Table {
  const l = report.locale;
  const rows =
    pair.byGroup.length > 1 ? [...pair.byGroup, { ...pair.pooled, groupName: t.allGroups }] : pair.byGroup;
  return {
    header: [
      t.col.group,
      "n",
      t.col.before,
      t.col.after,
      t.col.change,
      t.col.ci,
      t.col.up,
      t.col.down,
      t.col.same,
      { text: "d_z", html: "d<sub>z</sub>" },
    ],
    rows: rows.map((r) => [
      { user: r.groupName },
      fmt(r.n, l),
      fmt(r.preMean, l),
      fmt(r.postMean, l),
      signed(r.meanChange, l),
      intervalCell(r.ciLow, r.ciHigh, l),
      r.suppressed ? "–" : pct(r.up, l),
      r.suppressed ? "–" : pct(r.down, l),
      r.suppressed ? "–" : pct(r.unchanged, l),
      fmt(r.dz, l),
    ]),
  };
}

/**
 * A confidence interval, low … high, laid out left to right in every report: in a right-to-left
 * page two numbers with a neutral between them would otherwise read high … low.
 */
export function intervalCell(low: number | null, high: number | null, locale: string): Cell {
  if (low === null || high === null) return "–";
  const text = `${signed(low, locale)} … ${signed(high, locale)}`;
  return { text: `\u2066${text}\u2069`, html: `<bdi dir="ltr">${text}</bdi>` };
}

export function participationTable(report: EvaluationReport, t: ReportText): Table {
  const l = report.locale;
  return {
    header: [
      t.col.group,
      t.col.participants,
      t.col.turns,
      t.col.passes,
      t.col.words,
      t.col.airtime,
      t.col.airShare,
      t.col.peopleShare,
      t.col.balance,
      t.col.reflections,
      t.col.feltHeard,
      t.col.notQuite,
    ],
    rows: report.participation.map((r) => [
      { user: r.groupName },
      fmt(r.participants, l),
      fmt(r.turns, l),
      fmt(r.passes, l),
      fmt(r.words, l),
      fmt(r.airtimeSeconds, l, 0),
      pct(r.airtimeShare, l),
      pct(r.participantShare, l),
      fmt(r.balance, l),
      fmt(r.reflections, l),
      fmt(r.feltHeard, l),
      fmt(r.notQuite, l),
    ]),
  };
}

export function attendanceTable(report: EvaluationReport, t: ReportText): Table {
  const l = report.locale;
  return {
    header: [t.col.group, t.col.joined, t.col.stayed, t.col.contributed],
    rows: report.attendance.map((r) => [
      { user: r.groupName },
      fmt(r.joined, l),
      fmt(r.stayed, l),
      fmt(r.contributed, l),
    ]),
  };
}

export function ideasTable(report: EvaluationReport, t: ReportText): Table {
  const l = report.locale;
  const groups = shownGroups(report);
  return {
    header: [t.col.rank, t.col.idea, t.col.votes, ...groups.map((g) => ({ user: g.name }))],
    rows: report.ideas.map((i) => [
      fmt(i.rank, l),
      { user: i.text, role: "idea" as const },
      fmt(i.totalSupport, l),
      ...groups.map((g) => (g.id in i.supportByGroup ? fmt(i.supportByGroup[g.id] ?? 0, l) : "–")),
    ]),
  };
}

export function needsTable(report: EvaluationReport, t: ReportText): Table {
  return {
    header: [t.col.need, t.col.group, t.col.recognisedBy],
    rows: report.needs.map((n) => [
      { user: n.text, role: "need" as const },
      { user: t.groupName(n.group) },
      { users: n.recognisedByGroups.map((g) => t.groupName(g)) },
    ]),
  };
}
