// Every subcommand answers --help with its usage (exit 0) and refuses an option it does not know.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const node = join(root, "node_modules/.bin/node");
const parley = (...args: string[]) =>
  spawnSync(node, ["src/main.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PARLEY_CONFIG: "" },
  });

const subcommands: readonly (readonly string[])[] = [
  ["run"],
  ["report"],
  ["sessions"],
  ["forget"],
  ["simulate"],
  ["flows"],
  ["flows", "validate"],
];

describe("parley <subcommand> --help", () => {
  it.each(subcommands)("%s … --help prints its usage and exits 0", (...command) => {
    for (const help of ["--help", "-h"]) {
      const r = parley(...command, help);
      expect(r.status, `${command.join(" ")} ${help}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/^usage: parley /);
    }
  });
});

describe("unknown options", () => {
  it.each(subcommands)("%s … --frobnicate is an error naming the option", (...command) => {
    const r = parley(...command, "x", "--frobnicate");
    expect(r.status, r.stdout).not.toBe(0);
    expect(r.stderr).toMatch(/unknown option "--frobnicate"/);
  });
});

describe("README", () => {
  it("shows --store on the report and sessions command lines", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8");
    expect(readme).toMatch(/parley -- report [^\n]*--store <sqlite file>/);
    expect(readme).toMatch(/parley -- sessions [^\n]*--store <sqlite file>/);
  });
});
