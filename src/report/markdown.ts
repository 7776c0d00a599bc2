// The evaluation report as Markdown: tables with titles (question texts, group names), never ids
// where a title exists. Participant-written text (ideas, needs) is neutralised and only the
// characters that would start markup are escaped, so ordinary punctuation reads as written.
import { neutraliseUserText } from "../bot/neutralise.ts";
import type { EvaluationReport } from "./schema.ts";
import {
  attendanceTable,
  ideasTable,
  needsTable,
  participationTable,
  prePostTable,
  sessionsTable,
  type Cell,
  type Table,
} from "./tables.ts";
import type { ReportText } from "./text.ts";

/** Escapes what would become markup inside a table cell: `\ ` * _ [ ] < > |` and line breaks. */
export function markdownCell(text: string): string {
  return neutraliseUserText(text, 500)
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/\n+/g, " ");
}

function cell(c: Cell): string {
  if (typeof c === "string") return c;
  if ("users" in c) return c.users.map(markdownCell).join(", ");
  return "user" in c ? markdownCell(c.user) : c.text;
}

function table({ header, rows }: Table): string[] {
  const line = (cells: readonly Cell[]) => `| ${cells.map(cell).join(" | ")} |`;
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
  const out: string[] = options.title ? [`# ${markdownCell(report.flow.title)}`, ""] : [];
  out.push(t.summary(report), "");
  if (options.title) out.push(t.confidentiality, "");
  if (report.merged) out.push(t.mergedNote, "");
  if (report.kind === "programme" || report.sessions.length > 1)
    out.push(`## ${t.heading.sessions}`, "", ...table(sessionsTable(report, t)));
  out.push(`## ${t.heading.prePost}`, "", t.method, "");
  if (report.pairs.length === 0) out.push(t.noPairs, "");
  for (const p of report.pairs)
    out.push(`### ${markdownCell(p.question)}`, "", t.scale(p), "", ...table(prePostTable(report, p, t)));
  out.push(`## ${t.heading.participation}`, "", ...table(participationTable(report, t)));
  out.push(`## ${t.heading.attendance}`, "", ...table(attendanceTable(report, t)));
  if (!options.title) return out.join("\n");
  out.push(`## ${t.heading.ideas}`, "");
  if (report.ideas.length === 0) out.push(t.noIdeas, "");
  else out.push(...table(ideasTable(report, t)));
  out.push(`## ${t.heading.needs}`, "");
  if (report.needs.length === 0) out.push(t.noNeeds, "");
  else out.push(...table(needsTable(report, t)));
  return out.join("\n");
}
