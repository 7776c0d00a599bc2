// The `parley` command: run the bot (default), validate/draw flows, simulate a workshop, export a report.
// Subcommands are imported when used, so `parley flows …` does not load the runtime or the adapters.
import { defaultConfig, loadConfig, type Config } from "./bot/config.ts";
import { JsonLogger, Redactor } from "./bot/log.ts";
import { translatorFrom } from "./bot/translator.ts";
import { parseArgs, wantsHelp } from "./cli/args.ts";
import { err, ok, type Result } from "./result.ts";

/** Line-based output (each call is one line or block, newline added), plus raw writes for transcripts. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  write?(s: string): void;
}

export const usage = `usage: parley [run] [--config <file>]      run the bot (no configuration: a workshop room in this terminal)
       parley flows validate|diagram|list …  work with flow files (parley flows --help)
       parley simulate <flow> --script <file> [--seed N] [--fast] [--store <sqlite file>]
                                            run a scripted workshop in the terminal room and print the transcript
       parley sessions [--flow <id>] [--since <YYYY-MM-DD>] [--config <file>] [--store <sqlite file>]
                                            list the stored workshops, newest first (id, room, flow, times, stage)
       parley report <session-or-room> [--format md|html|json|csv] [--out <dir>] [--statement] [--config <file>] [--store <sqlite file>]
       parley report --programme [--flow <id>] [--since <YYYY-MM-DD>] [--room-prefix <prefix>] [--format ...] [--out <dir>]
                                            a workshop's (or a programme's) evaluation report: pre/post change per
                                            group, participation and airtime, ideas and needs
                                            (--statement: only the consented joint statements, per language)
       parley forget <session-or-room> <participant> [--config <file>] [--store <sqlite file>]
                                            delete what the store holds about a participant (forget-me)
       parley audit <session-or-room> [--format text|csv|json] [--config <file>] [--store <sqlite file>]
                                            the safeguarding audit trail (actions, who and when; no content)
       parley programme validate|plan|status|open|pause|end|broadcast|hash-password …
                                            many rooms from one programme file, started on schedule (parley programme --help)
       parley --help

Configuration: --config <file> or PARLEY_CONFIG (YAML or JSON). Secrets come from the environment only:
DISCORD_TOKEN, MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD, PARLEY_DATABASE_URL. Logs: JSON lines on stderr,
level from PARLEY_LOG_LEVEL (debug, info, warn, error).`;

export async function configFrom(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<Result<{ config: Config; file: string | null }, string>> {
  const parsed = parseArgs(args, { values: ["--config"] });
  if (!parsed.ok) return err(`parley run: ${parsed.error}\n${usage}`);
  if (parsed.value.positional.length > 0)
    return err(`parley run: unexpected argument ${JSON.stringify(parsed.value.positional[0])}\n${usage}`);
  const fromEnv = env["PARLEY_CONFIG"];
  const file = parsed.value.values.get("--config") ?? (fromEnv === "" ? undefined : fromEnv);
  if (file === undefined) return ok({ config: defaultConfig, file: null });
  const loaded = await loadConfig(file);
  return loaded.ok ? ok({ config: loaded.value, file }) : err(loaded.error.message);
}

async function run(args: readonly string[], io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const loaded = await configFrom(args, env);
  if (!loaded.ok) {
    io.err(loaded.error);
    return 2;
  }
  let config = loaded.value.config;
  const logger = new JsonLogger({ env });
  // A programme file: its rooms are set up as it says, its starts follow its schedule.
  let programme: import("./programme/spec.ts").Programme | undefined;
  if (config.programme !== undefined) {
    const { loadProgramme, programmeFileOf, withProgrammeRooms } = await import("./programme/load.ts");
    const { flowLibrary } = await import("./bot/flow-library.ts");
    const { flowDirs } = await import("./bot/config.ts");
    const read = await loadProgramme(
      programmeFileOf(config, loaded.value.file) ?? config.programme,
      config,
      loaded.value.file,
      flowLibrary(flowDirs(config)),
      {
        withConsole: loaded.value.file === null,
      },
    );
    if (!read.ok) {
      for (const line of read.error) io.err(line);
      return 2;
    }
    programme = read.value.programme;
    config = withProgrammeRooms(config, programme);
  }
  const { openStore } = await import("./bot/store/open.ts");
  const { createPlatforms } = await import("./platforms.ts");
  const { createRuntime } = await import("./bot/runtime.ts");
  const store = await openStore(config, env, { writer: true });
  if (!store.ok) {
    io.err(new Redactor(env).text(store.error.message));
    return 2;
  }
  const built = createPlatforms(config, env, {
    cursors: store.value,
    cryptoState: store.value,
    logger,
    consoleIo: { input: process.stdin, output: process.stdout },
    withConsole: loaded.value.file === null,
    deliveredHistory: (roomKey) => store.value.deliveredOutbox(roomKey),
  });
  if (!built.ok) {
    io.err(built.error.message);
    await store.value.close();
    return 2;
  }
  const runtime = createRuntime({
    store: store.value,
    platforms: built.value.platforms,
    config,
    logger,
    ...built.value.runtime,
    ...(config.translator === undefined
      ? {}
      : { translator: translatorFrom(config.translator, env["PARLEY_TRANSLATOR_API_KEY"]) }),
  });
  let stopping: Promise<void> | null = null;
  let runner: import("./programme/runner.ts").ProgrammeRunner | undefined;
  let dashboard: import("./dashboard/server.ts").Dashboard | undefined;
  const stop = (reason: string) => {
    if (stopping !== null) return stopping;
    logger.info("stopping", { reason });
    runner?.stop();
    stopping = Promise.all([dashboard?.close(), runtime.stop()]).then(
      () => undefined,
      (e: unknown) => {
        logger.error("stop failed", { err: e });
      },
    );
    return stopping;
  };
  const done = new Promise<void>((resolve) => {
    process.once("SIGTERM", () => void stop("SIGTERM").then(resolve));
    process.once("SIGINT", () => void stop("SIGINT").then(resolve));
    // The terminal room's input ended (Ctrl-D, or the end of piped lines): finish what was typed, then stop.
    built.value.onClosed?.(() => void runtime.idle().then(() => stop("input closed").then(resolve)));
  });
  try {
    await runtime.start();
    if (programme !== undefined) {
      const { programmeRunner } = await import("./programme/run.ts");
      const { realClock } = await import("./bot/scheduler.ts");
      runner = programmeRunner({ programme, runtime, store: store.value, clock: realClock, logger });
      await runner.start();
    }
    if (config.dashboard?.enabled === true) {
      const { startDashboard } = await import("./dashboard/server.ts");
      const { bulkPayload } = await import("./cli/programme.ts");
      const current = runner;
      const p = programme;
      dashboard = await startDashboard({
        config: config.dashboard,
        store: store.value,
        logger,
        ...(p === undefined
          ? {}
          : {
              programme: p,
              enqueue: (room, id, payload) => runtime.enqueue(room, id, payload),
              bulkPayload: (action, cohort, room, text) =>
                bulkPayload(action, { programme: p, file: config.programme ?? "" }, cohort, room, text),
            }),
        ...(current === undefined ? {} : { programmeState: () => current.current() }),
      });
      io.err(`parley: dashboard at ${dashboard.url}`);
    }
  } catch (e) {
    // A refused login (bad token, gateway refusal) ends here: one redacted line, not a stack trace.
    logger.error("could not start", { err: e });
    io.err(new Redactor(env).text(`parley: could not start: ${e instanceof Error ? e.message : String(e)}`));
    await stop("start failed");
    return 1;
  }
  await done;
  return 0;
}

export async function main(
  argv: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      return run([], io, env);
    case "run":
      if (wantsHelp(rest)) {
        io.out(usage);
        return 0;
      }
      return run(rest, io, env);
    case "flows":
      return (await import("./cli/flows.ts")).runFlowsCommand(rest, io);
    case "simulate":
      return (await import("./cli/simulate.ts")).runSimulateCommand(rest, io, env);
    case "report":
      return (await import("./cli/report.ts")).runReportCommand(rest, io, env);
    case "sessions":
      return (await import("./cli/sessions.ts")).runSessionsCommand(rest, io, env);
    case "forget":
      return (await import("./cli/forget.ts")).runForgetCommand(rest, io, env);
    case "audit":
      return (await import("./cli/audit.ts")).runAuditCommand(rest, io, env);
    case "programme":
      return (await import("./cli/programme.ts")).runProgrammeCommand(rest, io, env);
    case "--help":
    case "-h":
    case "help":
      io.out(usage);
      return 0;
    default:
      if (command.startsWith("--")) return run(argv, io, env);
      io.err(`unknown command "${command}"\n${usage}`);
      return 2;
  }
}

const io: Io = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  write: (s) => process.stdout.write(s),
};
process.exitCode = await main(process.argv.slice(2), io);
