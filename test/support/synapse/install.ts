// Installs a pinned Synapse from PyPI into a cached virtual environment outside the repository
// (under $XDG_CACHE_HOME/parley or ~/.cache/parley) and reuses it on later runs.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The Synapse release the tests run against; bump deliberately (the cache is keyed on it). */
export const SYNAPSE_VERSION = "1.163.2";

const MIN_PYTHON: readonly [number, number] = [3, 10];

export interface SynapseInstall {
  /** The virtual environment's interpreter: run Synapse as `python -m synapse.app.homeserver`. */
  readonly python: string;
  readonly version: string;
  readonly venv: string;
  /** How long the install took (0 when the cache was reused), for the test log. */
  readonly installMs: number;
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env["XDG_CACHE_HOME"] !== undefined && env["XDG_CACHE_HOME"] !== ""
      ? env["XDG_CACHE_HOME"]
      : join(homedir(), ".cache");
  return join(base, "parley");
}

/** Finds a Python ≥ 3.10 with venv and ensurepip, or throws saying what to install. */
async function findPython(env: NodeJS.ProcessEnv): Promise<string> {
  const candidates =
    env["PARLEY_TEST_PYTHON"] !== undefined ? [env["PARLEY_TEST_PYTHON"]] : ["python3", "python"];
  const problems: string[] = [];
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, [
        "-c",
        "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])",
      ]);
      const [major = 0, minor = 0] = stdout.trim().split(".").map(Number);
      if (major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1])) return candidate;
      problems.push(`${candidate} is Python ${stdout.trim()}`);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      problems.push(
        /No module named '?(venv|ensurepip)/.test(text)
          ? `${candidate} lacks the venv/ensurepip modules`
          : `${candidate} is not runnable`,
      );
    }
  }
  throw new Error(
    `The Matrix tests run a real Synapse homeserver and need Python ${MIN_PYTHON.join(".")} or newer with ` +
      `the venv module and pip (${problems.join("; ")}). Install them, e.g. \`apt-get install python3 python3-venv ` +
      `python3-pip\` on Debian/Ubuntu or \`brew install python\` on macOS, or set PARLEY_TEST_PYTHON to a suitable ` +
      `interpreter, or set PARLEY_TEST_SYNAPSE_URL and PARLEY_TEST_SYNAPSE_SHARED_SECRET to use an existing homeserver.`,
  );
}

async function readMarker(venv: string): Promise<string | undefined> {
  try {
    const marker = JSON.parse(await readFile(join(venv, "parley-installed.json"), "utf8")) as {
      version?: unknown;
    };
    return typeof marker.version === "string" ? marker.version : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A cross-process lock (two test files may install at once): mkdir is atomic. */
async function withLock<T>(lockDir: string, body: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(await readFile(join(lockDir, "pid"), "utf8").catch(() => "0"));
      const age = Date.now() - (await stat(lockDir).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      // A lock whose owner died (or that is far too old) is stale.
      if ((owner > 0 && !processAlive(owner)) || age > 20 * 60_000) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for the Synapse install lock ${lockDir}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await body();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

/** Returns the cached Synapse, installing it first if needed. */
export async function ensureSynapse(env: NodeJS.ProcessEnv = process.env): Promise<SynapseInstall> {
  const root = cacheRoot(env);
  await mkdir(root, { recursive: true });
  const venv = join(root, `synapse-${SYNAPSE_VERSION}`);
  const python = join(venv, "bin", "python");
  if ((await readMarker(venv)) === SYNAPSE_VERSION && existsSync(python)) {
    return { python, version: SYNAPSE_VERSION, venv, installMs: 0 };
  }
  return withLock(`${venv}.lock`, async () => {
    // Another process may have finished the install while we waited for the lock.
    if ((await readMarker(venv)) === SYNAPSE_VERSION && existsSync(python)) {
      return { python, version: SYNAPSE_VERSION, venv, installMs: 0 };
    }
    const started = Date.now();
    const basePython = await findPython(env);
    const staging = `${venv}.staging-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await rm(venv, { recursive: true, force: true });
    try {
      await run(basePython, ["-m", "venv", staging]);
      // `python -m pip` (not bin/pip): the venv is renamed afterwards and scripts' shebangs would break.
      await run(
        join(staging, "bin", "python"),
        [
          "-m",
          "pip",
          "install",
          "--disable-pip-version-check",
          "--quiet",
          `matrix-synapse==${SYNAPSE_VERSION}`,
        ],
        { maxBuffer: 64 * 1024 * 1024, timeout: 20 * 60_000 },
      );
      await writeFile(join(staging, "parley-installed.json"), JSON.stringify({ version: SYNAPSE_VERSION }));
      await rename(staging, venv);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      const detail = error instanceof Error ? error.message : String(error);
      throw new Error(`Installing matrix-synapse==${SYNAPSE_VERSION} from PyPI failed: ${detail}`, {
        cause: error,
      });
    }
    return { python, version: SYNAPSE_VERSION, venv, installMs: Date.now() - started };
  });
}
