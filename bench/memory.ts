// Child process of bench/run.ts: `node --expose-gc bench/memory.ts --sessions N --file F`, F seeded
// by `bench/recovery.ts seed`. Heap a live session takes mid-brainstorm (50 ideas each): the heap
// after the runtime restored N sessions, less the heap of a runtime with none. Prints one JSON line.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../src/bot/store.ts";
import { startRuntime } from "./common.ts";
import { restore } from "./persisted.ts";

const args = process.argv.slice(2);
const opt = (name: string): string => {
  const i = args.indexOf(name);
  const v = i < 0 ? undefined : args[i + 1];
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
};
const sessions = Number(opt("--sessions"));
const file = opt("--file");
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

function settledHeap(): number {
  for (let i = 0; i < 3; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

// Baseline: a started runtime with an empty store (modules, config for N rooms, flow library).
const tmp = mkdtempSync(join(tmpdir(), "parley-memory-"));
const empty = await startRuntime(new SqliteStore(join(tmp, "empty.sqlite")), sessions);
const before = settledHeap();
const restored = await restore(file, sessions);
const after = settledHeap();
if (restored.liveSessions !== sessions) throw new Error(`only ${restored.liveSessions} sessions restored`);
const rss = process.memoryUsage().rss;
console.log(
  JSON.stringify({
    sessions,
    heapBeforeMb: before / 2 ** 20,
    heapAfterMb: after / 2 ** 20,
    heapKbPerSession: (after - before) / sessions / 1024,
    rssMb: rss / 2 ** 20,
  }),
);
await restored.runtime.runtime.stop();
await empty.runtime.stop();
rmSync(tmp, { recursive: true, force: true });
