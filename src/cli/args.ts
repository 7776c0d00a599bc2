// Command-line options shared by the subcommands: `--name value` options, `--flag` switches and
// positional arguments. An option no command knows is an error, never silently ignored.
import { err, ok, type Result } from "../result.ts";

export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
}

export interface OptionSpec {
  /** Options that take a value, e.g. "--config". */
  readonly values?: readonly string[];
  /** Switches without a value, e.g. "--fast". */
  readonly flags?: readonly string[];
}

/** `--help` or `-h` anywhere in a subcommand's arguments asks for its usage. */
export function wantsHelp(args: readonly string[]): boolean {
  return args.includes("--help") || args.includes("-h");
}

export function parseArgs(args: readonly string[], spec: OptionSpec): Result<ParsedArgs, string> {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (spec.values?.includes(a)) {
      const v = args[i + 1];
      if (v === undefined || v.startsWith("--")) return err(`${a} needs a value`);
      values.set(a, v);
      i += 1;
    } else if (spec.flags?.includes(a)) flags.add(a);
    else if (a.startsWith("-") && a !== "-") return err(`unknown option ${JSON.stringify(a)}`);
    else positional.push(a);
  }
  return ok({ positional, values, flags });
}
