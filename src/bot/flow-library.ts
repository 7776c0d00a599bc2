// Finds and reads flow files: the built-in flows that ship in the package's flows/ directory, the
// flows of the configured flow directories (`flows.dirs`), or any .yaml/.yml/.json file the operator
// names. Parsing and validation stay pure in src/flows/load.ts.
//
// Who may name a file is the caller's decision (`paths`): the operator at the keyboard (terminal
// room, `simulate`, the CLI) may; people in a chat room may not, or `start ../../etc/x.yaml` would
// read the server's files. A chat user only ever names a flow by id, looked up in the configured
// directories and then among the built-in flows.
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { maxFlowSourceLength, parseFlowSpec, type FlowError, type FlowErrorCode } from "../flows/load.ts";
import type { FlowSpec } from "../flows/spec.ts";
import { err, ok, type Result } from "../result.ts";
import { deepFreeze } from "./store/types.ts";

/** The package's flows/ directory, found from this file so it works wherever the package is installed. */
export const builtinFlowsDir: string = fileURLToPath(new URL("../../flows/", import.meta.url));

const flowExtensions = [".yaml", ".yml", ".json"];
/** A flow is named by its id: lowercase letters, digits and dashes, no extension, dot or slash. */
export const flowIdPattern = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * Why a flow could not be loaded, for callers that must not show the errors themselves (chat):
 * `path_refused` a path where only ids are accepted, `not_found` no flow has this id (or no such
 * file), `invalid` the file exists but is not a usable flow (the errors say why).
 */
export type FlowLoadProblem = "path_refused" | "not_found" | "invalid";

export type FlowLoadResult = Result<
  { spec: FlowSpec; file: string },
  { problem: FlowLoadProblem; errors: FlowError[] }
>;

export interface FlowLoadOptions {
  /** Whether a file path is accepted besides an id (the operator's own terminal), or ids only (chat). */
  readonly paths: boolean;
}

export type FlowLoader = (ref: string, options: FlowLoadOptions) => Promise<FlowLoadResult>;

/** A flow file reachable by id. */
export interface FlowFile {
  readonly id: string;
  /** Absolute path. */
  readonly file: string;
}

/** The flow files of one directory, sorted by id (a missing directory has none). */
async function flowsIn(dir: string): Promise<FlowFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw error;
  }
  return names
    .filter((name) => flowExtensions.includes(extname(name).toLowerCase()))
    .map((name) => ({ id: basename(name, extname(name)), file: resolve(dir, name) }))
    .filter((entry) => flowIdPattern.test(entry.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The built-in flow files, sorted by id. */
export function listBuiltinFlows(): Promise<FlowFile[]> {
  return flowsIn(builtinFlowsDir);
}

/** Loads every built-in flow (each result says whether it is valid). */
export async function loadBuiltinFlows(): Promise<{ id: string; result: FlowLoadResult }[]> {
  const files = await listBuiltinFlows();
  return Promise.all(files.map(async ({ id }) => ({ id, result: await loadFlow(id) })));
}

/** A flow a chat user can pick: its id and its title (never its file). */
export interface FlowChoice {
  readonly id: string;
  readonly title: string;
}

export interface FlowLibrary {
  readonly load: FlowLoader;
  /** Every flow reachable by id: the configured directories' first (an id there hides a built-in one), then the built-in ones. */
  list(): Promise<(FlowFile & { builtin: boolean })[]>;
  /** Ids and titles of the valid flows, for pickers such as Discord's autocomplete. */
  choices(): Promise<FlowChoice[]>;
}

/**
 * A flow library over the configured directories (absolute, or relative to the working
 * directory) and the built-in flows.
 */
export function flowLibrary(dirs: readonly string[] = []): FlowLibrary {
  const builtinDir = resolve(builtinFlowsDir);
  // The default ./flows is the built-in directory itself when Parley runs from its own checkout.
  const extra = [...new Set(dirs.map((d) => resolve(d)))].filter((d) => d !== builtinDir);
  const list = async () => {
    const seen = new Set<string>();
    const out: (FlowFile & { builtin: boolean })[] = [];
    for (const [i, dir] of [...extra, builtinDir].entries()) {
      for (const f of await flowsIn(dir)) {
        if (seen.has(f.id)) continue;
        seen.add(f.id);
        out.push({ ...f, builtin: i === extra.length });
      }
    }
    return out;
  };
  const load: FlowLoader = async (ref, options) => {
    if (!flowIdPattern.test(ref)) {
      if (!options.paths) {
        return err({
          problem: "path_refused",
          errors: [whole("flow.not_found", "flow", "only a flow id is accepted here, not a path")],
        });
      }
      return loadFile(resolve(ref), ref);
    }
    const flows = await list();
    const found = flows.find((f) => f.id === ref);
    if (found === undefined) {
      const known = flows.map((f) => f.id).join(", ");
      const message =
        extra.length === 0
          ? `no built-in flow has this id (built-in flows: ${known})`
          : `no flow has this id (flows: ${known})`;
      return fileError(
        "flow.not_found",
        ref,
        options.paths ? `${message}; to load a file, give its path ending in .yaml, .yml or .json` : message,
      );
    }
    return loadListed(found);
  };
  const loadListed = (f: FlowFile & { builtin: boolean }) =>
    loadFile(
      f.file,
      f.builtin ? `flows/${relative(builtinDir, f.file)}` : relative(process.cwd(), f.file) || f.file,
    );
  return {
    load,
    list,
    async choices() {
      const out: FlowChoice[] = [];
      for (const f of await list()) {
        const loaded = await loadListed(f);
        if (loaded.ok)
          out.push({ id: f.id, title: loaded.value.spec.title[loaded.value.spec.defaultLocale] ?? f.id });
      }
      return out;
    },
  };
}

const builtinLibrary = flowLibrary();

/**
 * Loads a flow by built-in id ("perspective-exchange") or by path to a .yaml, .yml or .json file
 * (relative paths resolve against the working directory): the operator's own tools (CLI).
 */
export function loadFlow(nameOrPath: string): Promise<FlowLoadResult> {
  return builtinLibrary.load(nameOrPath, { paths: true });
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

function whole(code: FlowErrorCode, file: string, message: string): FlowError {
  return { code, file, line: 0, column: 0, path: "", message };
}

function fileError(code: FlowErrorCode, file: string, message: string): FlowLoadResult {
  return err({
    problem: code === "flow.not_found" ? "not_found" : "invalid",
    errors: [whole(code, file, message)],
  });
}

/** Reads and parses one flow file; errors name it as `shownAs`. */
async function loadFile(file: string, shownAs: string): Promise<FlowLoadResult> {
  if (!flowExtensions.includes(extname(file).toLowerCase())) {
    return fileError("flow.unsupported_file", shownAs, "expected a flow file ending in .yaml, .yml or .json");
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
      return ok({ spec: cached.spec, file });
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
    return ok({ spec: cached.spec, file });
  }
  const parsed = parseFlowSpec(source, shownAs);
  if (!parsed.ok) return err({ problem: "invalid", errors: parsed.error });
  const spec = deepFreeze(parsed.value.spec);
  remember(file, { ...stamp, source, shownAs, spec });
  return ok({ spec, file });
}
