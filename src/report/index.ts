// Building an evaluation report from stored sessions, and writing it in each format.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FlowSpec } from "../flows/spec.ts";
import type { SessionRecord } from "../bot/store.ts";
import { sessionData, type SessionData } from "./dataset.ts";
import { evaluate, evaluationMinimum } from "./evaluate.ts";
import { renderEvaluationCsv } from "./csv.ts";
import { renderEvaluationHtml } from "./html.ts";
import { renderEvaluationMarkdown } from "./markdown.ts";
import { evaluationReportSchema, type EvaluationReport } from "./schema.ts";
import { reportText, type ReportText } from "./text.ts";

export const reportFormats = ["md", "html", "json", "csv"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export interface BuiltReport {
  readonly report: EvaluationReport;
  readonly text: ReportText;
  readonly spec: FlowSpec;
  readonly sessions: readonly SessionData[];
}

/**
 * The report over `sessions` (all of one flow: the newest session's spec is used, so a programme
 * is read with its flow's current questions and groups). Null when none has started yet.
 */
export function buildReport(
  sessions: readonly SessionRecord[],
  options: { locale?: string; kind: "session" | "programme" },
): BuiltReport | null {
  const data = sessions.flatMap((s) => {
    const d = sessionData(s);
    return d === null ? [] : [d];
  });
  const newest = [...data].sort((a, b) => b.startedAt - a.startedAt)[0];
  if (newest === undefined) return null;
  const spec = newest.spec;
  const locale = options.locale ?? sessions[0]?.locale ?? spec.defaultLocale;
  const ordered = [...data].sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  const report = evaluationReportSchema.parse(evaluate(spec, ordered, { locale, kind: options.kind }));
  return { report, text: reportText(spec, locale, evaluationMinimum(spec)), spec, sessions: ordered };
}

/** File name → contents for a format (Markdown, HTML and JSON are one file each). */
export async function renderReport(built: BuiltReport, format: ReportFormat): Promise<Map<string, string>> {
  switch (format) {
    case "md":
      return new Map([["report.md", renderEvaluationMarkdown(built.report, built.text)]]);
    case "html":
      return new Map([["report.html", await renderEvaluationHtml(built.report, built.text)]]);
    case "json":
      return new Map([["report.json", `${JSON.stringify(built.report, null, 2)}\n`]]);
    case "csv":
      return renderEvaluationCsv(built.report);
  }
}

export async function writeReportFiles(dir: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, contents] of files) {
    const path = join(dir, name);
    await writeFile(path, contents, "utf8");
    written.push(path);
  }
  return written;
}
