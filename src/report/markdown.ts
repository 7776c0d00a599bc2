// The evaluation report as Markdown: tables with titles (question texts, group names), never ids
// where a title exists. Participant-written text (ideas, needs) is neutralised and only the
// characters that would start markup are escaped, so ordinary punctuation reads as written.
import { neutraliseUserText } from "../bot/neutralise.ts";
import type { EvaluationReport } from "./schema.ts";
import { fmt, pct, signed } from "./format.ts";
import type { ReportText } from "./text.ts";

/** Escapes what would become markup inside a table cell: `\ ` * _ [ ] < > |` and line breaks. */
/** The groups an idea's support is shown for: none once figures are merged (a group too small). */
const shownGroups = (report: EvaluationReport) => (report.merged ? [] : report.flow.groups);

export function markdownCell(text: string): string {
  return neutraliseUserText(text, 500)
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/\n+/g, " ");
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line), ""];
}

/**
 * With `title: false` (after a session's own record, which has its title, ideas and needs) only the
 * evaluation: the summary line, pre/post change, participation and attendance.
 */
export function renderEvaluationMarkdown(
  report: EvaluationReport,
  t: ReportText,
  options: { title: boolean } = { title: true },
): string {
  const l = report.locale;
  const out: string[] = options.title ? [`# ${markdownCell(report.flow.title)}`, ""] : [];
  out.push(t.summary(report), "");
  if (options.title) out.push(t.confidentiality, "");
  if (report.merged) out.push(t.mergedNote, "");
  if (report.kind === "programme" || report.sessions.length > 1) {
    out.push(`## ${t.heading.sessions}`, "");
    out.push(
      ...table(
        [
          t.col.session,
          t.col.started,
          t.col.joined,
          t.col.stayed,
          t.col.respondents,
          t.col.airtime,
          ...report.pairs.map((p) => markdownCell(p.question)),
        ],
        report.sessions.map((s) => [
          s.id,
          s.startedAt.slice(0, 10),
          fmt(s.joined, l),
          fmt(s.stayed, l),
          fmt(s.respondents, l),
          fmt(s.airtimeSeconds, l, 0),
          ...report.pairs.map((p) => signed(s.meanChange[p.questionId] ?? null, l)),
        ]),
      ),
    );
  }
  out.push(`## ${t.heading.prePost}`, "", t.method, "");
  if (report.pairs.length === 0) out.push(t.noPairs, "");
  for (const p of report.pairs) {
    out.push(`### ${markdownCell(p.question)}`, "", t.scale(p), "");
    const rows = [...p.byGroup, ...(p.byGroup.length > 1 ? [{ ...p.pooled, groupName: t.allGroups }] : [])];
    out.push(
      ...table(
        [
          t.col.group,
          "n",
          t.col.before,
          t.col.after,
          t.col.change,
          t.col.ci,
          t.col.up,
          t.col.down,
          t.col.same,
          "d_z",
        ],
        rows.map((r) => [
          markdownCell(r.groupName),
          fmt(r.n, l),
          fmt(r.preMean, l),
          fmt(r.postMean, l),
          signed(r.meanChange, l),
          r.ciLow === null || r.ciHigh === null ? "–" : `${signed(r.ciLow, l)} … ${signed(r.ciHigh, l)}`,
          r.suppressed ? "–" : pct(r.up, l),
          r.suppressed ? "–" : pct(r.down, l),
          r.suppressed ? "–" : pct(r.unchanged, l),
          fmt(r.dz, l),
        ]),
      ),
    );
  }
  out.push(`## ${t.heading.participation}`, "");
  out.push(
    ...table(
      [
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
      report.participation.map((r) => [
        markdownCell(r.groupName),
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
    ),
  );
  out.push(`## ${t.heading.attendance}`, "");
  out.push(
    ...table(
      [t.col.group, t.col.joined, t.col.stayed, t.col.contributed],
      report.attendance.map((r) => [
        markdownCell(r.groupName),
        fmt(r.joined, l),
        fmt(r.stayed, l),
        fmt(r.contributed, l),
      ]),
    ),
  );
  if (!options.title) return out.join("\n");
  out.push(`## ${t.heading.ideas}`, "");
  if (report.ideas.length === 0) out.push(t.noIdeas, "");
  else
    out.push(
      ...table(
        [t.col.rank, t.col.idea, t.col.votes, ...shownGroups(report).map((g) => markdownCell(g.name))],
        report.ideas.map((i) => [
          fmt(i.rank, l),
          markdownCell(i.text),
          fmt(i.totalSupport, l),
          ...shownGroups(report).map((g) =>
            g.id in i.supportByGroup ? fmt(i.supportByGroup[g.id] ?? 0, l) : "–",
          ),
        ]),
      ),
    );
  out.push(`## ${t.heading.needs}`, "");
  if (report.needs.length === 0) out.push(t.noNeeds, "");
  else
    out.push(
      ...table(
        [t.col.need, t.col.group, t.col.recognisedBy],
        report.needs.map((n) => [
          markdownCell(n.text),
          markdownCell(t.groupName(n.group)),
          n.recognisedByGroups.map((g) => markdownCell(t.groupName(g))).join(", "),
        ]),
      ),
    );
  return out.join("\n");
}
