// `parley simulate <flow> --script <file> [--seed N] [--fast] [--store <sqlite file>]`: runs a
// scripted workshop through the real runtime with the terminal room and prints the transcript.
// The script holds console lines (the terminal room's grammar) and `wait <duration>` lines.
// With --fast the clock is simulated, so a two-hour workshop runs in seconds, and the transcript
// is the same for the same seed. Event ids come from line numbers, so re-running a script against
// the same --store continues where a killed run stopped (the crash tests rely on it).
import type { CliIo } from "./io.ts";
import { appendFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { PassThrough } from "node:stream";
import { ConsolePlatform, consoleFacilitators } from "../adapters/console/index.ts";
import { defaultConfig, type Config } from "../bot/config.ts";
import { JsonLogger } from "../bot/log.ts";
import type { ChatPlatform, InboundEvent, InboundSink } from "../bot/ports.ts";
import { createRuntime } from "../bot/runtime.ts";
import { realClock, SimulatedClock, type Clock } from "../bot/scheduler.ts";
import { MemoryStore, SqliteStore, type Store } from "../bot/store.ts";
import { lockedMessage } from "../bot/store/open.ts";
import { parseScript } from "./script.ts";
import { wantsHelp } from "./args.ts";
import { loadFlow } from "../bot/flow-library.ts";
import { formatFlowError } from "../flows/load.ts";
import { err, ok, type Result } from "../result.ts";

export { parseDuration, parseScript, type ScriptLine } from "./script.ts";

export const simulateUsage =
  "usage: parley simulate [<flow>] --script <file> [--seed N] [--fast] [--store <sqlite file>] [--locale <tag>]\n" +
  "       (no <flow>: the script begins with /start <flow>)";

/** The simulated clock starts here, so timestamps in a transcript do not depend on the day. */
export const simulationStart = Date.UTC(2026, 0, 5, 9, 0, 0);

interface Options {
  flow: string;
  script: string;
  seed: number;
  fast: boolean;
  store: string | null;
  locale: string | null;
  recordDeliveries: string | null;
}

function parseArgs(args: readonly string[]): Result<Options, string> {
  const o: Options = {
    flow: "",
    script: "",
    seed: 1,
    fast: false,
    store: null,
    locale: null,
    recordDeliveries: null,
  };
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === "--script") o.script = value();
      else if (a === "--seed") o.seed = Number(value());
      else if (a === "--fast") o.fast = true;
      else if (a === "--store") o.store = value();
      else if (a === "--locale") o.locale = value();
      // Crash tests: every successful delivery appended as a JSON line (with its idempotency key).
      else if (a === "--record-deliveries") o.recordDeliveries = value();
      else if (a.startsWith("--")) return err(`unknown option ${JSON.stringify(a)}`);
      else positional.push(a);
    } catch (e) {
      return err(e instanceof Error ? e.message : String(e));
    }
  }
  // The flow may instead be named by the script's first line, `/start <flow>`.
  if (positional.length > 1 || o.script === "") return err(simulateUsage);
  if (!Number.isInteger(o.seed)) return err("--seed expects a whole number");
  o.flow = positional[0] ?? "";
  return ok(o);
}

/** Wraps a platform to append every successful delivery to a file. */
function recording(platform: ChatPlatform, file: string): ChatPlatform {
  return {
    name: platform.name,
    capabilities: platform.capabilities,
    start: (sink) => platform.start(sink),
    stop: () => platform.stop(),
    async deliver(d) {
      const result = await platform.deliver(d);
      if (result.ok) appendFileSync(file, `${JSON.stringify(d)}\n`);
      return result;
    },
  };
}

export async function runSimulateCommand(
  args: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (wantsHelp(args)) {
    io.out(simulateUsage);
    return 0;
  }
  const parsed = parseArgs(args);
  if (!parsed.ok) {
    io.err(
      parsed.error === simulateUsage ? simulateUsage : `parley simulate: ${parsed.error}\n${simulateUsage}`,
    );
    return 2;
  }
  const o = parsed.value;
  let source: string;
  try {
    source = await readFile(o.script, "utf8");
  } catch (e) {
    io.err(`${o.script}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const script = parseScript(source);
  if (!script.ok) {
    io.err(`${o.script}: ${script.error}`);
    return 2;
  }
  // A script that begins with `/start <flow>` opens the workshop itself (as typed in the terminal
  // room); otherwise the simulation opens it with the command line's flow.
  const first = script.value.find((l) => l.kind === "console");
  const [firstCommand, scriptFlow] = first?.kind === "console" ? first.text.trim().split(/\s+/u) : [];
  const opensItself = firstCommand === "/start" && scriptFlow !== undefined;
  const flow = opensItself ? scriptFlow : o.flow;
  if (flow === "") {
    io.err(`parley simulate: name the flow, or begin the script with /start <flow>\n${simulateUsage}`);
    return 2;
  }
  // A flow that cannot be used is reported here, once, and the run fails (the room would only tell
  // the facilitator privately and go on with nothing running).
  const loaded = await loadFlow(flow);
  if (!loaded.ok) {
    for (const error of loaded.error.errors) io.err(formatFlowError(error));
    return 1;
  }
  const clock: Clock & { advanceBy?: SimulatedClock["advanceBy"] } = o.fast
    ? new SimulatedClock(simulationStart)
    : realClock;
  const store: Store = o.store === null ? new MemoryStore() : new SqliteStore(o.store);
  // A simulation on a store file writes like a bot: one at a time.
  const claim = store instanceof SqliteStore ? store.claimWriter() : ok();
  if (!claim.ok) {
    io.err(lockedMessage(o.store ?? "", claim.error));
    await store.close();
    return 2;
  }
  const config: Config = {
    ...defaultConfig,
    ...(o.locale === null ? {} : { locale: o.locale }),
    retentionDays: 3650,
  };
  // Logs stay on stderr (warnings and errors only unless PARLEY_LOG_LEVEL says otherwise).
  const logger = new JsonLogger({
    env: { ...env, PARLEY_LOG_LEVEL: env["PARLEY_LOG_LEVEL"] ?? "warn" },
    now: () => clock.now(),
  });
  // The terminal room writes the transcript; its input is unused (the script feeds the runtime).
  const consolePlatform = new ConsolePlatform({
    input: new PassThrough(),
    output: {
      write: (s: string) => {
        (io.write ?? io.out)(s);
      },
    },
    now: () => clock.now(),
    timeZone: "UTC",
    locale: config.locale,
    // A continued run (same --store) relearns what the terminal room showed before, so
    // `/press amal 1` finds the question amal saw before the restart.
    history: () => store.deliveredOutbox("console:console"),
  });
  const platform =
    o.recordDeliveries === null ? consolePlatform : recording(consolePlatform, o.recordDeliveries);
  const runtime = createRuntime({
    store,
    platforms: [platform],
    config,
    logger,
    clock,
    seed: o.seed,
    flushTimeoutMs: 10_000,
    // The operator runs the simulation at the keyboard: a flow file may be named by path.
    flowPaths: () => true,
    defaultFacilitators: consoleFacilitators(true),
  });
  await runtime.start();
  const settle = () => runtime.idle();
  const roomId = consolePlatform.roomId;
  const accept = (event: InboundEvent) => runtime.accept(event);
  try {
    if (!opensItself) {
      await feed(accept, {
        platform: "console",
        eventId: "sim:start",
        roomId,
        at: clock.now(),
        sender: { userId: "facilitator", displayName: "facilitator" },
        kind: "command",
        name: "start",
        args: [o.flow],
      });
      await settle();
    }
    for (const line of script.value) {
      if (line.kind === "wait") {
        if (clock instanceof SimulatedClock) await clock.advanceBy(line.ms, settle);
        else await new Promise((r) => setTimeout(r, line.ms));
        continue;
      }
      // The transcript shows what was typed, as a chat log does.
      (io.write ?? io.out)(`» ${line.text}\n`);
      const result = consolePlatform.parseLine(line.text);
      if (!result.ok) {
        io.err(`${o.script}:${line.line}: ${result.error}`);
        continue;
      }
      await feed(accept, {
        ...result.value,
        platform: "console",
        eventId: `line:${line.line}`,
        roomId,
        at: clock.now(),
      });
      await settle();
    }
    await settle();
  } finally {
    await runtime.stop();
  }
  return 0;
}

async function feed(accept: InboundSink, event: InboundEvent): Promise<void> {
  await accept(event);
}
