// `parley audit <session-or-room>`: the safeguarding audit trail (who did what and when, no
// contributions' content), as text, CSV or JSON, for a programme's safeguarding lead.
import type { AuditEntry } from "../bot/store.ts";
import { auditLine } from "../bot/sessions/safeguarding.ts";
import { parseArgs, wantsHelp } from "./args.ts";
import type { CliIo } from "./io.ts";
import { openStoreFromArgs, storeOptions } from "./store-option.ts";

export const auditUsage =
  "usage: parley audit <session-or-room> [--format text|csv|json] [--config <file>] [--store <sqlite file>]";

const columns = ["at", "room", "session", "action", "actor", "subject"] as const;

/** A CSV field: quoted when needed; a leading = + - @ is defused so a spreadsheet does not run it. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\n\r]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

export function auditCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((e) =>
    [new Date(e.at).toISOString(), e.roomKey, e.sessionId ?? "", e.action, e.actor ?? "", e.subject ?? ""]
      .map(csvField)
      .join(","),
  );
  return [columns.join(","), ...rows].join("\n");
}

export function auditJson(entries: readonly AuditEntry[]): string {
  return JSON.stringify(
    {
      schema: "parley.audit/1",
      entries: entries.map((e) => ({
        at: new Date(e.at).toISOString(),
        room: e.roomKey,
        session: e.sessionId,
        action: e.action,
        actor: e.actor,
        subject: e.subject,
      })),
    },
    null,
    2,
  );
}

export async function runAuditCommand(
  rawArgs: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (wantsHelp(rawArgs)) {
    io.out(auditUsage);
    return 0;
  }
  const parsed = parseArgs(rawArgs, { values: [...storeOptions, "--format"] });
  const format = parsed.ok ? (parsed.value.values.get("--format") ?? "text") : "text";
  if (!parsed.ok || parsed.value.positional.length !== 1 || !["text", "csv", "json"].includes(format)) {
    io.err(
      `parley audit: ${parsed.ok ? (parsed.value.positional.length !== 1 ? "expected one session id or room key" : `unknown format ${JSON.stringify(format)}`) : parsed.error}`,
    );
    io.err(auditUsage);
    return 2;
  }
  const ref = parsed.value.positional[0] ?? "";
  const opened = await openStoreFromArgs(parsed.value, env);
  if (!opened.ok) {
    io.err(opened.error);
    return 2;
  }
  try {
    // A room key, or else a session id.
    const byRoom = await opened.value.store.auditTrail({ roomKey: ref });
    const entries = byRoom.length > 0 ? byRoom : await opened.value.store.auditTrail({ sessionId: ref });
    if (format === "csv") io.out(auditCsv(entries));
    else if (format === "json") io.out(auditJson(entries));
    else if (entries.length === 0) io.out("no audit entries for this session or room");
    else for (const e of entries) io.out(`${e.roomKey} · ${auditLine(e)}`);
    return 0;
  } finally {
    await opened.value.store.close();
  }
}
