// `parley report <session-or-room>`: the record of a workshop as Markdown (so far, if it is running).
// `--statement`: only the consented text of its joint statements, per language, with the scope.
import type { CliIo } from "./io.ts";
import { createActor } from "xstate";
import type { WorkshopRecord } from "../flows/protocol.ts";
import { createWorkshopMachine, workshopRecord, type WorkshopSnapshot } from "../flows/workshop.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { renderReportMarkdown, renderStatementExport } from "../bot/render.ts";
import { parseArgs, wantsHelp } from "./args.ts";
import { openStoreFromArgs, storeOptions } from "./store-option.ts";

export const reportUsage =
  "usage: parley report <session-id-or-room-key> [--statement] [--config <file>] [--store <sqlite file>]";

export async function runReportCommand(
  rawArgs: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (wantsHelp(rawArgs)) {
    io.out(reportUsage);
    return 0;
  }
  const parsed = parseArgs(rawArgs, { values: storeOptions, flags: ["--statement"] });
  if (!parsed.ok || parsed.value.positional.length !== 1) {
    io.err(
      parsed.ok ? "parley report: expected one session id or room key" : `parley report: ${parsed.error}`,
    );
    io.err(reportUsage);
    return 2;
  }
  const id = parsed.value.positional[0] ?? "";
  const opened = await openStoreFromArgs(parsed.value, env);
  if (!opened.ok) {
    io.err(opened.error);
    return 2;
  }
  try {
    const session = await opened.value.store.findSession(id);
    if (session === undefined) {
      io.err(
        `no session "${id}" (give a session id such as s1a2b3c4d5e or a room key such as console:console)`,
      );
      return 1;
    }
    const spec = session.spec as FlowSpec;
    let record = session.meta.record as WorkshopRecord | null;
    if (record === null) {
      // A workshop still running: its record so far, from the latest snapshot.
      const machine = createWorkshopMachine(spec);
      const actor = createActor(machine, {
        input: { seed: session.seed },
        snapshot: session.snapshot as WorkshopSnapshot,
      });
      record = workshopRecord(actor.getSnapshot());
      io.err(`session ${session.id} is still running: this is its record so far`);
    }
    const options = { flow: spec, locale: session.locale };
    if (!parsed.value.flags.has("--statement")) io.out(renderReportMarkdown(record, options));
    else if ((record.statements ?? []).length === 0) {
      io.err(`session ${session.id} has no joint statement`);
      return 1;
    } else io.out(renderStatementExport(record, options));
    return 0;
  } finally {
    await opened.value.store.close();
  }
}
