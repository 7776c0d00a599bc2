// Crash safety, for real: a scripted problem-solving workshop (4 participants in two groups,
// private submissions, timers) runs in a child process on a SQLite file with a simulated clock.
// It is killed with SIGKILL many times (at exact points such as between the inbox write and the
// snapshot commit, or during a delivery, and at random moments) and restarted each time. The
// final record and the deliveries must equal those of an uninterrupted run, and no delivery is sent
// twice except where the platforms deduplicate it (see below).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { killPointLabels } from "../../src/bot/kill-points.ts";
import { SqliteStore } from "../../src/bot/store.ts";
import { crashScript } from "./script.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const node = join(root, "node_modules/.bin/node");
const tmp = mkdtempSync(join(tmpdir(), "parley-crash-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const scriptFile = join(tmp, "workshop.script");
writeFileSync(scriptFile, crashScript);

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runChild(
  store: string,
  record: string,
  env: Record<string, string>,
  killAfterMs?: number,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      node,
      [
        "src/main.ts",
        "simulate",
        "problem-solving-workshop",
        "--script",
        scriptFile,
        "--seed",
        "11",
        "--fast",
        "--store",
        store,
        "--record-deliveries",
        record,
      ],
      {
        cwd: root,
        env: { ...process.env, PARLEY_LOG_LEVEL: "warn", ...env },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer =
      killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

/** One recorded send: the delivery's key and the whole line (its content). */
interface Send {
  readonly key: string;
  readonly line: string;
}

/** Every send recorded in the file from byte `from` on, in order, repeats included. */
function sends(file: string, from = 0): Send[] {
  if (!existsSync(file)) return [];
  const out: Send[] = [];
  for (const line of readFileSync(file).subarray(from).toString("utf8").split("\n")) {
    if (line.trim() === "") continue;
    try {
      out.push({ key: (JSON.parse(line) as { idempotencyKey: string }).idempotencyKey, line });
    } catch {
      // A line cut short by SIGKILL in the middle of the write: the delivery was not confirmed,
      // so it will be re-sent (same key) after the restart.
    }
  }
  return out;
}

const size = (file: string): number => (existsSync(file) ? statSync(file).size : 0);

/** Idempotency keys the store still has to deliver (read between runs, while no child runs). */
async function pendingKeys(file: string): Promise<Set<string>> {
  const store = new SqliteStore(file);
  try {
    return new Set((await store.pendingOutbox()).map((e) => e.idempotencyKey));
  } finally {
    await store.close();
  }
}

async function finalRecord(file: string): Promise<unknown> {
  const store = new SqliteStore(file);
  try {
    const session = await store.findSession("console:console");
    return { status: session?.status, seq: session?.seq, record: session?.meta.record };
  } finally {
    await store.close();
  }
}

/** A small seeded PRNG so a failing run can be repeated (the seed is in the test name). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fixed, so a run is repeatable and a failure reproducible; PARLEY_CRASH_SEED=<n> tries another.
const seed = Number(process.env["PARLEY_CRASH_SEED"] ?? 20_261);

describe("crash safety", () => {
  it(
    `survives 20+ SIGKILLs with nothing lost, duplicated or reordered (seed ${seed})`,
    { timeout: 240_000 },
    async () => {
      const baseStore = join(tmp, "base.sqlite");
      const baseRecord = join(tmp, "base.jsonl");
      const base = await runChild(baseStore, baseRecord, {});
      expect(base.code, base.stderr).toBe(0);
      const expected = sends(baseRecord);
      const expectedRecord = await finalRecord(baseStore);
      expect((expectedRecord as { status: string }).status).toBe("done");
      expect(expected.length).toBeGreaterThan(50);
      expect(new Set(expected.map((x) => x.key)).size, "the uninterrupted run sends each key once").toBe(
        expected.length,
      );

      const random = prng(seed);
      const at = (what: string) =>
        `seed ${String(seed)} (PARLEY_CRASH_SEED=${String(seed)} repeats it): ${what}`;
      let kills = 0;
      let exactKills = 0;
      let resent = 0;
      let episodes = 0;
      // Each episode runs the workshop on fresh files, killing and restarting it until it finishes,
      // then compares it with the uninterrupted run; episodes repeat until 20+ kills happened.
      while (kills < 20) {
        episodes += 1;
        expect(episodes, at("too few kills landed")).toBeLessThan(15);
        const store = join(tmp, `crash-${String(episodes)}.sqlite`);
        const record = join(tmp, `crash-${String(episodes)}.jsonl`);
        /** Keys the store had not marked delivered when the previous run was killed. */
        let unmarked = new Set<string>();
        const sentBefore = new Set<string>();
        /** Every send of the episode, run by run (read per run: a cut-short line stays in its run). */
        const got: Send[] = [];
        for (let runs = 1; ; runs++) {
          expect(runs, at("the crashed workshop never finishes")).toBeLessThan(60);
          const from = size(record);
          let result: RunResult;
          if (random() < 0.7) {
            const label =
              killPointLabels[Math.floor(random() * killPointLabels.length)] ?? "step.before-commit";
            const n = 1 + Math.floor(random() * 6);
            result = await runChild(store, record, { PARLEY_TEST_KILL_AT: `${label}:${String(n)}` });
            if (result.signal === "SIGKILL") exactKills += 1;
          } else {
            result = await runChild(store, record, {}, 150 + Math.floor(random() * 700));
          }
          // Sends are counted per key, never merged. One run sends a key once. A key sent again
          // by a later run is a re-send after a crash between the send and its delivered mark:
          // allowed only for a key the store still held as undelivered at that restart, because
          // the platforms deduplicate exactly that (Discord: the message nonce with
          // enforce_nonce; Matrix: the transaction id). The terminal room this test runs does not
          // deduplicate; it would print such a message twice.
          const run = sends(record, from);
          const keys = run.map((x) => x.key);
          expect(keys.length - new Set(keys).size, at(`run ${String(runs)} sent a key twice`)).toBe(0);
          const again = keys.filter((k) => sentBefore.has(k));
          expect(
            again.filter((k) => !unmarked.has(k)),
            at(`run ${String(runs)} re-sent keys already marked delivered`),
          ).toEqual([]);
          resent += again.length;
          got.push(...run);
          for (const k of keys) sentBefore.add(k);
          if (result.signal === "SIGKILL") {
            kills += 1;
            unmarked = await pendingKeys(store);
            continue;
          }
          // The workshop ran to its end (a kill point it never reached, or a late random kill).
          expect(result.code, at(result.stderr)).toBe(0);
          break;
        }
        const conflicts = got.filter((x) => got.find((y) => y.key === x.key)?.line !== x.line);
        expect(
          conflicts.map((x) => x.key),
          at("one key delivered with two contents"),
        ).toEqual([]);
        // In first-send order, the keys (and contents) are those of the uninterrupted run.
        const first = got.filter((x, i) => got.findIndex((y) => y.key === x.key) === i);
        const diff = first.findIndex((x, i) => x.line !== expected[i]?.line);
        expect(
          first.map((x) => x.key),
          at(
            diff < 0
              ? ""
              : `first difference at ${String(diff)}: got ${first[diff]?.line ?? "-"} expected ${expected[diff]?.line ?? "-"}`,
          ),
        ).toEqual(expected.map((x) => x.key));
        expect(
          first.map((x) => x.line),
          at("contents"),
        ).toEqual(expected.map((x) => x.line));
        expect(await finalRecord(store), at("the final record")).toEqual(expectedRecord);
      }
      expect(exactKills, at("exact kills")).toBeGreaterThanOrEqual(10);
      // Printed so a reader sees how often the platforms' deduplication was relied on.
      console.info(
        `crash test: seed ${String(seed)}, ${String(kills)} kills, ${String(resent)} re-sends after a crash`,
      );
    },
  );
});
