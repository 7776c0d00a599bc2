// One writer per SQLite store, with real processes: a second bot on the same file refuses to start
// and names the first; a reader (`parley report`) and `parley forget` work beside the running bot;
// a bot killed with SIGKILL does not block the next one.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const node = join(root, "node_modules/.bin/node");
const main = join(root, "src/main.ts");
const cwd = mkdtempSync(join(tmpdir(), "parley-writer-"));
// No configuration: the terminal room and the default store under cwd.
const { PARLEY_CONFIG: _unused, ...inherited } = process.env;
const env = { ...inherited, PARLEY_LOG_LEVEL: "info" };
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(cwd, { recursive: true, force: true });
});

/** A bot in the terminal room (no configuration: the default store under cwd). */
function bot(): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(node, [main], { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves when `read()` matches, or fails when the process exits first. */
function waitFor(read: () => string, pattern: RegExp, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(read())) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`exited (${child.exitCode}) before ${pattern}: ${read()}`));
      }
    };
    const timer = setInterval(check, 50);
  });
}

const cli = (...args: string[]) => spawnSync(node, [main, ...args], { cwd, env, encoding: "utf8" });

describe("one writer per SQLite store", () => {
  it("refuses a second bot on the same file, lets readers and parley forget work, and survives a SIGKILL", async () => {
    const first = bot();
    await waitFor(first.stderr, /runtime started/, first.child);
    first.child.stdin?.write("/start perspective-exchange\n/join amal group-a\n/join ben group-b\n");
    await waitFor(first.stdout, /ben has joined/, first.child);

    const second = spawnSync(node, [main], { cwd, env, encoding: "utf8", input: "" });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain(join(".parley", "parley.sqlite"));
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stderr).toMatch(/started \d{4}-\d\d-\d\dT/);

    // A reader works while the bot runs.
    const report = cli("report", "console:console");
    expect(report.status, report.stderr).toBe(0);

    // The running bot applies the operator's forget; the command waits for it.
    const forgot = cli("forget", "console:console", "amal");
    expect(forgot.status, forgot.stderr).toBe(0);
    expect(forgot.stdout).toMatch(/forgot participant p1/);
    expect(forgot.stderr).toContain(`pid ${first.child.pid}`);
    await waitFor(first.stdout, /\[→ amal \(private\)\].*Parley has deleted/s, first.child);

    // Killed without a chance to release its claim: the next bot starts all the same.
    first.child.kill("SIGKILL");
    await first.exited;
    const third = bot();
    await waitFor(third.stderr, /runtime started/, third.child);
    third.child.stdin?.end();
    expect(await third.exited).toBe(0);
  });
});
