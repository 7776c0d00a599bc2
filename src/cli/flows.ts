// `parley flows …`: validate a flow file, draw its diagram, list the built-in flows.
import { readFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import type { CliIo } from "./io.ts";
import { flowDiagram } from "../flows/diagram.ts";
import { formatFlowError, parseFlowSpec, quote, type FlowError } from "../flows/load.ts";
import { estimateFlowSeconds, type FlowSpec } from "../flows/spec.ts";
import { builtinFlowsDir, loadBuiltinFlows, loadFlow } from "../bot/flow-library.ts";

/** The group size the `list` and `validate` durations assume (turn-based stages scale with it). */
export const durationParticipants = 6;

export const flowsUsage = [
  "usage: parley flows validate <file-or-id>   check a flow file; prints every error as file:line:column field: message",
  "       parley flows diagram <file-or-id>    print the flow as a Mermaid stateDiagram-v2",
  "       parley flows list                    list the built-in flows",
].join("\n");

function minutes(spec: FlowSpec): string {
  const total = Math.round(estimateFlowSeconds(spec, durationParticipants) / 60);
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

function pad(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => Array.from(r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) =>
        i === r.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - Array.from(cell).length),
      )
      .join("  "),
  );
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
  return parsed.ok ? parsed.warnings : [];
}

function usage(io: CliIo, problem: string): number {
  io.err(`parley flows: ${problem}`);
  io.err(flowsUsage);
  return 2;
}

/** Runs `parley flows <args>`; returns the exit code (0 ok, 1 invalid flow, 2 usage error). */
export async function runFlowsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined) return usage(io, "expected a command");
  if (command === "help" || command === "--help" || command === "-h") {
    io.out(flowsUsage);
    return 0;
  }
  switch (command) {
    case "validate":
    case "diagram": {
      const target = rest[0];
      if (target === undefined || rest.length !== 1 || target.startsWith("-")) {
        return usage(io, `${command} takes exactly one flow file or built-in id`);
      }
      const loaded = await loadFlow(target);
      if (!loaded.ok) {
        for (const error of loaded.errors) io.err(formatFlowError(error));
        return 1;
      }
      const { spec } = loaded;
      if (command === "diagram") {
        io.out(flowDiagram(spec).trimEnd());
      } else {
        // Warnings do not make a flow invalid: they explain how a combination is honoured.
        for (const w of await warningsOf(target, loaded.file))
          io.err(formatFlowError({ ...w, message: `warning: ${w.message}` }));
        const stages = `${spec.stages.length} stage${spec.stages.length === 1 ? "" : "s"}`;
        io.out(
          `${target}: OK (${spec.id} v${spec.version}, ${stages}, ${minutes(spec)} for ${durationParticipants} participants)`,
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
          for (const error of result.errors) io.err(formatFlowError(error));
          continue;
        }
        const { spec } = result;
        rows.push([id, spec.title[spec.defaultLocale] ?? id, stageKinds(spec), minutes(spec)]);
      }
      for (const line of pad(rows)) io.out(line);
      return failed ? 1 : 0;
    }
    default:
      return usage(io, `unknown command ${quote(command)}`);
  }
}
