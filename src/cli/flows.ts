// `parley flows …`: validate a flow file, draw its diagram, list the built-in flows.
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import type { CliIo } from "./io.ts";
import { parseArgs, wantsHelp } from "./args.ts";
import { padColumns } from "./table.ts";
import { flowDiagram } from "../flows/diagram.ts";
import { formatFlowError, parseFlowSpec, quote, type FlowError } from "../flows/load.ts";
import { estimateFlowSeconds, type FlowSpec } from "../flows/spec.ts";
import { builtinFlowsDir, loadBuiltinFlows, loadFlow } from "../bot/flow-library.ts";

/** The group size the `list` and `validate` durations assume unless --participants says otherwise (turn-based stages scale with it). */
export const durationParticipants = 6;

export const flowsUsage = [
  "usage: parley flows validate <file-or-id> [--participants N]",
  "                                            check a flow file; prints every error as file:line:column field: message,",
  `                                            then the duration estimate for N participants (default ${durationParticipants})`,
  "       parley flows diagram <file-or-id>    print the flow as a Mermaid stateDiagram-v2",
  "       parley flows list                    list the built-in flows",
].join("\n");

function minutes(spec: FlowSpec, participants: number): string {
  const total = Math.round(estimateFlowSeconds(spec, participants) / 60);
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  if (hours === 0) return `about ${total} min`;
  return rest === 0 ? `about ${hours} h` : `about ${hours} h ${rest} min`;
}

/** Stage kinds in order, with repeats of the same kind in a row counted: "perspective-sharing ×2". */
function stageKinds(spec: FlowSpec): string {
  const parts: string[] = [];
  let previous: string | null = null;
  let count = 0;
  const flush = () => {
    if (previous !== null) parts.push(count > 1 ? `${previous} ×${count}` : previous);
  };
  for (const stage of spec.stages) {
    if (stage.kind === previous) count += 1;
    else {
      flush();
      previous = stage.kind;
      count = 1;
    }
  }
  flush();
  return parts.join(" → ");
}

/**
 * The warnings of a flow that loaded (anonymity trade-offs), located in its file. The loader keeps
 * only the spec, so the file is read again; built-in flows are named `flows/<file>` as in errors.
 */
async function warningsOf(target: string, file: string): Promise<FlowError[]> {
  const shownAs =
    resolve(dirname(file)) === resolve(builtinFlowsDir) && !target.includes("/")
      ? `flows/${basename(file)}`
      : target;
  const parsed = parseFlowSpec(await readFile(file, "utf8"), shownAs);
  return parsed.ok ? parsed.value.warnings : [];
}

function usage(io: CliIo, problem: string): number {
  io.err(`parley flows: ${problem}`);
  io.err(flowsUsage);
  return 2;
}

/** Runs `parley flows <args>`; returns the exit code (0 ok, 1 invalid flow, 2 usage error). */
export async function runFlowsCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args[0] === "help" || wantsHelp(args)) {
    io.out(flowsUsage);
    return 0;
  }
  const parsed = parseArgs(args, { values: ["--participants"] });
  if (!parsed.ok) return usage(io, parsed.error);
  const [command, ...rest] = parsed.value.positional;
  if (command === undefined) return usage(io, "expected a command");
  const participantsOption = parsed.value.values.get("--participants");
  const participants = Number(participantsOption ?? durationParticipants);
  if (participantsOption !== undefined && command !== "validate")
    return usage(io, "--participants goes with validate");
  if (!Number.isInteger(participants) || participants < 1 || participants > 1000)
    return usage(
      io,
      `--participants expects a whole number from 1 to 1000, got ${quote(participantsOption ?? "")}`,
    );
  switch (command) {
    case "validate":
    case "diagram": {
      const target = rest[0];
      if (target === undefined || rest.length !== 1) {
        return usage(io, `${command} takes exactly one flow file or built-in id`);
      }
      const loaded = await loadFlow(target);
      if (!loaded.ok) {
        for (const error of loaded.error.errors) io.err(formatFlowError(error));
        return 1;
      }
      const { spec } = loaded.value;
      if (command === "diagram") {
        io.out(flowDiagram(spec).trimEnd());
      } else {
        // Warnings do not make a flow invalid: they explain how a combination is honoured.
        for (const w of await warningsOf(target, loaded.value.file))
          io.err(formatFlowError({ ...w, message: `warning: ${w.message}` }));
        const stages = `${spec.stages.length} stage${spec.stages.length === 1 ? "" : "s"}`;
        io.out(
          `${target}: OK (${spec.id} v${spec.version}, ${stages}, ${minutes(spec, participants)} for ${participants} participants)`,
        );
      }
      return 0;
    }
    case "list": {
      if (rest.length > 0) return usage(io, "list takes no arguments");
      const flows = await loadBuiltinFlows();
      const rows: string[][] = [["ID", "TITLE", "STAGES", `DURATION (${durationParticipants} participants)`]];
      let failed = false;
      for (const { id, result } of flows) {
        if (!result.ok) {
          failed = true;
          for (const error of result.error.errors) io.err(formatFlowError(error));
          continue;
        }
        const { spec } = result.value;
        rows.push([
          id,
          spec.title[spec.defaultLocale] ?? id,
          stageKinds(spec),
          minutes(spec, durationParticipants),
        ]);
      }
      for (const line of padColumns(rows)) io.out(line);
      return failed ? 1 : 0;
    }
    default:
      return usage(io, `unknown command ${quote(command)}`);
  }
}
