// One session's report files, as `parley report <session>` writes them and as the facilitators'
// chat `report` command delivers them: the same builders, so the flow's confidentiality applies
// identically on both paths.
import { createActor } from "xstate";
import type { WorkshopRecord } from "../flows/protocol.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { createWorkshopMachine, type WorkshopSnapshot } from "../flows/workshop.ts";
import { workshopRecord } from "../flows/workshop-view.ts";
import { renderReportMarkdown } from "../bot/render.ts";
import type { SessionRecord } from "../bot/store.ts";
import { buildReport, renderReport, type ReportFormat } from "./index.ts";
import { renderEvaluationMarkdown } from "./markdown.ts";

/** File name → contents of one session's report; null when it has not started yet. */
export async function sessionReportFiles(
  session: SessionRecord,
  format: ReportFormat,
  locale?: string,
): Promise<Map<string, string> | null> {
  const built = buildReport([session], { kind: "session", ...(locale === undefined ? {} : { locale }) });
  if (built === null) return null;
  const files = await renderReport(built, format);
  // One session's Markdown also carries its record (summary, contributions as the flow allows).
  if (format === "md")
    files.set(
      "report.md",
      `${recordMarkdown(session)}\n${renderEvaluationMarkdown(built.report, built.text, { title: false })}`,
    );
  return files;
}

/** The session's record: the one kept at its end, or rebuilt from its snapshot while it runs. */
export function recordOf(session: SessionRecord): WorkshopRecord {
  const record = session.meta.record as WorkshopRecord | null;
  if (record !== null) return record;
  const actor = createActor(createWorkshopMachine(session.spec as FlowSpec), {
    input: { seed: session.seed },
    snapshot: session.snapshot as WorkshopSnapshot,
  });
  return workshopRecord(actor.getSnapshot());
}

/** The workshop's own record as Markdown (so far, when it is still running). */
function recordMarkdown(session: SessionRecord): string {
  const spec = session.spec as FlowSpec;
  return renderReportMarkdown(recordOf(session), {
    flow: spec,
    locale: session.locale,
    translated: session.meta.contributions,
  });
}

/** The media type of a report file, by its extension. */
export function reportMediaType(name: string): string {
  const ext = name.slice(name.lastIndexOf(".") + 1);
  const types: Readonly<Record<string, string>> = {
    html: "text/html; charset=utf-8",
    csv: "text/csv; charset=utf-8",
    json: "application/json",
    md: "text/markdown; charset=utf-8",
  };
  return types[ext] ?? "text/plain; charset=utf-8";
}
