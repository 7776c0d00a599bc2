// `parley report <session-or-room>`: the record of a workshop as Markdown (so far, if it is running).
import type { CliIo } from "./io.ts";
import { createActor } from "xstate";
import type { WorkshopRecord } from "../flows/protocol.ts";
import { createWorkshopMachine, workshopRecord, type WorkshopSnapshot } from "../flows/workshop.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { defaultConfig, loadConfig } from "../bot/config.ts";
import { Redactor } from "../bot/log.ts";
import { renderReportMarkdown } from "../bot/render.ts";
import { openStore } from "../bot/store/open.ts";

export const reportUsage =
  "usage: parley report <session-id-or-room-key> [--config <file>] [--store <sqlite file>]";

export async function runReportCommand(
  args: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const positional: string[] = [];
  let configFile = env["PARLEY_CONFIG"];
  let storePath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--config") configFile = args[++i];
    else if (a === "--store") storePath = args[++i];
    else if (a !== undefined) positional.push(a);
  }
  const id = positional[0];
  if (id === undefined || id === "--help") {
    io.err(reportUsage);
    return 2;
  }
  let config = defaultConfig;
  if (configFile !== undefined) {
    const loaded = await loadConfig(configFile);
    if (!loaded.ok) {
      io.err(loaded.message);
      return 2;
    }
    config = loaded.config;
  }
  if (storePath !== undefined) config = { ...config, store: { kind: "sqlite", path: storePath } };
  const opened = await openStore(config, env);
  if (!opened.ok) {
    io.err(new Redactor(env).text(opened.message));
    return 2;
  }
  try {
    const session = await opened.store.findSession(id);
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
    io.out(renderReportMarkdown(record, { flow: spec, locale: session.locale }));
    return 0;
  } finally {
    await opened.store.close();
  }
}
