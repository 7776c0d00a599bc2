// `parley report <session-or-room>` and `parley report --programme`: a workshop's (or many
// workshops') evaluation report as Markdown, HTML, JSON or CSV, on stdout or in --out DIR.
// `--statement`: only the consented text of its joint statements, per language, with the scope.
import type { CliIo } from "./io.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { renderStatementExport } from "../bot/render.ts";
import type { SessionRecord, Store } from "../bot/store.ts";
import { parseArgs, wantsHelp } from "./args.ts";
import { openStoreFromArgs, storeOptions } from "./store-option.ts";
import {
  buildReport,
  renderReport,
  reportFormats,
  writeReportFiles,
  type ReportFormat,
} from "../report/index.ts";
import { recordOf, sessionReportFiles } from "../report/session-files.ts";
import { parseSince, selectSessions } from "./sessions.ts";

export const reportUsage = `usage: parley report <session-id-or-room-key> [--format md|html|json|csv] [--out <dir>] [--locale <tag>] [--statement] [--config <file>] [--store <sqlite file>]
       parley report --programme [--flow <id>] [--since <YYYY-MM-DD>] [--room-prefix <prefix>] [--format md|html|json|csv] [--out <dir>] [--config <file>] [--store <sqlite file>]`;

export async function runReportCommand(
  rawArgs: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (wantsHelp(rawArgs)) {
    io.out(reportUsage);
    return 0;
  }
  const parsed = parseArgs(rawArgs, {
    values: [...storeOptions, "--format", "--out", "--flow", "--since", "--room-prefix", "--locale"],
    flags: ["--programme", "--statement"],
  });
  if (!parsed.ok) {
    io.err(`parley report: ${parsed.error}`);
    io.err(reportUsage);
    return 2;
  }
  const args = parsed.value;
  const programme = args.flags.has("--programme");
  const format = (args.values.get("--format") ?? "md") as ReportFormat;
  const out = args.values.get("--out");
  const problem = !reportFormats.includes(format)
    ? `unknown --format ${JSON.stringify(format)} (expected md, html, json or csv)`
    : programme && args.positional.length > 0
      ? "--programme takes no session id"
      : !programme && args.positional.length !== 1
        ? "expected one session id or room key (or --programme)"
        : programme && args.flags.has("--statement")
          ? "--statement exports one session's joint statements"
          : !programme && ["--flow", "--since", "--room-prefix"].some((o) => args.values.has(o))
            ? "--flow, --since and --room-prefix select sessions for --programme"
            : format === "csv" && out === undefined
              ? "--format csv writes one file per table: give --out <dir>"
              : null;
  const since = args.values.get("--since");
  const sinceMs = since === undefined ? undefined : parseSince(since);
  if (problem !== null || sinceMs === null) {
    io.err(
      `parley report: ${problem ?? `--since expects a date such as 2026-01-31, got ${JSON.stringify(since)}`}`,
    );
    io.err(reportUsage);
    return 2;
  }
  const opened = await openStoreFromArgs(args, env);
  if (!opened.ok) {
    io.err(opened.error);
    return 2;
  }
  try {
    let sessions: SessionRecord[];
    if (programme) {
      sessions = selectSessions(await opened.value.store.listSessions(), {
        flow: args.values.get("--flow"),
        since: sinceMs,
        roomPrefix: args.values.get("--room-prefix"),
      });
      const flows = [...new Set(sessions.map((s) => s.flowId))];
      if (flows.length > 1) {
        io.err(
          `parley report: these sessions ran different flows (${flows.join(", ")}): choose one with --flow`,
        );
        return 2;
      }
      if (sessions.length === 0) {
        io.err("parley report: no session matches");
        return 1;
      }
    } else {
      const id = args.positional[0] ?? "";
      const session = await opened.value.store.findSession(id);
      if (session === undefined) {
        io.err(
          `no session "${id}" (give a session id such as s1a2b3c4d5e or a room key such as console:console)`,
        );
        return 1;
      }
      if (session.status === "live")
        io.err(`session ${session.id} is still running: this is its record so far`);
      if (args.flags.has("--statement")) {
        // Only the consented text of its joint statements, per language, with the sharing scope.
        const record = recordOf(session);
        if ((record.statements ?? []).length === 0) {
          io.err(`session ${session.id} has no joint statement`);
          return 1;
        }
        await recordExports(opened.value.store, [session], "statement", io);
        io.out(renderStatementExport(record, { flow: session.spec as FlowSpec, locale: session.locale }));
        return 0;
      }
      sessions = [session];
    }
    const locale = args.values.get("--locale");
    const only = sessions[0];
    const files =
      !programme && only !== undefined
        ? await sessionReportFiles(only, format, locale)
        : await programmeFiles(sessions, format, locale);
    if (files === null) {
      io.err("parley report: the session has not started yet");
      return 1;
    }
    await recordExports(opened.value.store, sessions, format, io);
    if (out === undefined) {
      for (const contents of files.values()) io.out(contents);
      return 0;
    }
    for (const path of await writeReportFiles(out, files)) io.err(`wrote ${path}`);
    return 0;
  } finally {
    await opened.value.store.close();
  }
}

async function programmeFiles(
  sessions: readonly SessionRecord[],
  format: ReportFormat,
  locale: string | undefined,
): Promise<Map<string, string> | null> {
  const built = buildReport(sessions, { kind: "programme", ...(locale === undefined ? {} : { locale }) });
  return built === null ? null : renderReport(built, format);
}

/** Exports are in the safeguarding audit trail (who: the operator at this server; no content). */
async function recordExports(
  store: Store,
  sessions: readonly SessionRecord[],
  format: string,
  io: CliIo,
): Promise<void> {
  try {
    await store.appendAudit(
      sessions.map((session) => ({
        at: Date.now(),
        roomKey: session.roomKey,
        sessionId: session.id,
        action: "export",
        actor: "operator",
        subject: `report (${format})`,
      })),
    );
  } catch (e) {
    io.err(
      `the export could not be recorded in the audit trail: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
