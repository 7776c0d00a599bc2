// `parley sessions`: the workshops the store holds, newest first, one line each, so an operator can
// find the session id `report` and `forget` take. Only what the room itself saw: no participants.
import type { CliIo } from "./io.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { pickText } from "../bot/render.ts";
import type { SessionRecord } from "../bot/store.ts";
import { parseArgs, wantsHelp } from "./args.ts";
import { openStoreFromArgs, storeOptions } from "./store-option.ts";
import { padColumns } from "./table.ts";

export const sessionsUsage = "usage: parley sessions [--config <file>] [--store <sqlite file>]";

const when = (ms: number | null): string =>
  ms === null ? "-" : new Date(ms).toISOString().slice(0, 16).replace("T", " ");

/** The stage a session is at, by its title (its id when untitled); "-" before the first stage. */
function stageOf(session: SessionRecord): string {
  if (session.status !== "live") return "ended";
  const spec = session.spec as FlowSpec;
  const index = (session.snapshot as { context?: { stageIndex?: unknown } } | null)?.context?.stageIndex;
  const stage = typeof index === "number" ? spec.stages[index] : undefined;
  if (stage === undefined) return "-";
  return stage.title === undefined ? stage.id : pickText(stage.title, session.locale, spec);
}

export async function runSessionsCommand(
  rawArgs: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (wantsHelp(rawArgs)) {
    io.out(sessionsUsage);
    return 0;
  }
  const parsed = parseArgs(rawArgs, { values: storeOptions });
  if (!parsed.ok || parsed.value.positional.length > 0) {
    io.err(`parley sessions: ${parsed.ok ? "takes no arguments" : parsed.error}`);
    io.err(sessionsUsage);
    return 2;
  }
  const opened = await openStoreFromArgs(parsed.value, env);
  if (!opened.ok) {
    io.err(opened.error);
    return 2;
  }
  try {
    const sessions = await opened.value.store.listSessions();
    if (sessions.length === 0) {
      io.out("no sessions in this store");
      return 0;
    }
    const rows = [["ID", "ROOM", "FLOW", "STARTED", "ENDED", "STAGE"]];
    for (const s of sessions)
      rows.push([s.id, s.roomKey, s.flowId, when(s.createdAt), when(s.endedAt), stageOf(s)]);
    for (const line of padColumns(rows)) io.out(line);
    return 0;
  } finally {
    await opened.value.store.close();
  }
}
