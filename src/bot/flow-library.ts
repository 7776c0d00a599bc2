// Finds and reads flow files: the built-in flows that ship in the package's flows/ directory, or any
// .yaml/.yml/.json file a facilitator names. Parsing and validation stay pure in src/flows/load.ts.
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { maxFlowSourceLength, parseFlowSpec, type FlowError, type FlowErrorCode } from "../flows/load.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { deepFreeze } from "./store/types.ts";

/** The package's flows/ directory, found from this file so it works wherever the package is installed. */
export const builtinFlowsDir: string = fileURLToPath(new URL("../../flows/", import.meta.url));

const flowExtensions = [".yaml", ".yml", ".json"];
/** A built-in flow is named by its id: lowercase letters, digits and dashes, no extension or slash. */
const builtinIdPattern = /^[a-z][a-z0-9-]{0,63}$/;

export type FlowLoadResult = { ok: true; spec: FlowSpec; file: string } | { ok: false; errors: FlowError[] };

export interface BuiltinFlowFile {
  readonly id: string;
  /** Absolute path. */
  readonly file: string;
}

/** The built-in flow files, sorted by id. */
export async function listBuiltinFlows(): Promise<BuiltinFlowFile[]> {
  const names = await readdir(builtinFlowsDir);
  return names
    .filter((name) => flowExtensions.includes(extname(name).toLowerCase()))
    .map((name) => ({ id: basename(name, extname(name)), file: resolve(builtinFlowsDir, name) }))
    .filter((entry) => builtinIdPattern.test(entry.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Loads every built-in flow (each result says whether it is valid). */
export async function loadBuiltinFlows(): Promise<{ id: string; result: FlowLoadResult }[]> {
  const files = await listBuiltinFlows();
  return Promise.all(files.map(async ({ id }) => ({ id, result: await loadFlow(id) })));
}

/**
 * Parsed flows by absolute path. Parsing and validating a flow costs milliseconds, and every
 * `start` loads one: a file whose size and modification time are unchanged is not read again, and
 * one whose text is unchanged is not parsed again. The cached spec is frozen (sessions share it).
 */
interface CachedFlow {
  readonly size: number;
  readonly mtimeMs: number;
  readonly source: string;
  readonly shownAs: string;
  readonly spec: FlowSpec;
}
const parsedFlows = new Map<string, CachedFlow>();
const parsedFlowsLimit = 256;

function remember(file: string, entry: CachedFlow): void {
  if (parsedFlows.size >= parsedFlowsLimit && !parsedFlows.has(file)) parsedFlows.clear();
  parsedFlows.set(file, entry);
}

function fileError(code: FlowErrorCode, file: string, message: string): FlowLoadResult {
  return { ok: false, errors: [{ code, file, line: 0, column: 0, path: "", message }] };
}

/**
 * Loads a flow by built-in id ("perspective-exchange") or by path to a .yaml, .yml or .json file
 * (relative paths resolve against the working directory). Errors name the file as the user gave it;
 * built-in flows are named `flows/<file>`.
 */
export async function loadFlow(nameOrPath: string): Promise<FlowLoadResult> {
  let file: string;
  let shownAs: string;
  if (builtinIdPattern.test(nameOrPath)) {
    const builtins = await listBuiltinFlows();
    const found = builtins.find((b) => b.id === nameOrPath);
    if (found === undefined) {
      const known = builtins.map((b) => b.id).join(", ");
      return fileError(
        "flow.not_found",
        nameOrPath,
        `no built-in flow has this id (built-in flows: ${known}); to load a file, give its path ending in .yaml, .yml or .json`,
      );
    }
    file = found.file;
    shownAs = `flows/${relative(builtinFlowsDir, found.file)}`;
  } else {
    file = resolve(nameOrPath);
    shownAs = nameOrPath;
    if (!flowExtensions.includes(extname(nameOrPath).toLowerCase())) {
      return fileError(
        "flow.unsupported_file",
        shownAs,
        "expected a flow file ending in .yaml, .yml or .json",
      );
    }
  }

  let bytes: Buffer;
  let stamp: { size: number; mtimeMs: number };
  try {
    const info = await stat(file);
    if (!info.isFile()) return fileError("flow.unreadable", shownAs, "this is not a file");
    // UTF-8 uses up to 4 bytes a character; anything larger cannot be a valid flow.
    if (info.size > maxFlowSourceLength * 4) {
      return fileError(
        "flow.unreadable",
        shownAs,
        `the file is larger than ${maxFlowSourceLength} characters`,
      );
    }
    const cached = parsedFlows.get(file);
    if (
      cached !== undefined &&
      cached.shownAs === shownAs &&
      cached.size === info.size &&
      cached.mtimeMs === info.mtimeMs
    ) {
      return { ok: true, spec: cached.spec, file };
    }
    // The stamp read before the text: a change in between is seen (and compared) next time.
    stamp = { size: info.size, mtimeMs: info.mtimeMs };
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return fileError("flow.not_found", shownAs, "no such file");
    if (code === "EACCES" || code === "EPERM")
      return fileError("flow.unreadable", shownAs, "permission denied");
    return fileError("flow.unreadable", shownAs, `cannot read the file (${code ?? String(error)})`);
  }

  let source: string;
  try {
    source = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fileError(
      "flow.unreadable",
      shownAs,
      "the file is not UTF-8 text; save it as UTF-8 and try again",
    );
  }
  const cached = parsedFlows.get(file);
  if (cached !== undefined && cached.source === source && cached.shownAs === shownAs) {
    remember(file, { ...cached, ...stamp });
    return { ok: true, spec: cached.spec, file };
  }
  const parsed = parseFlowSpec(source, shownAs);
  if (!parsed.ok) return parsed;
  const spec = deepFreeze(parsed.spec);
  remember(file, { ...stamp, source, shownAs, spec });
  return { ok: true, spec, file };
}
