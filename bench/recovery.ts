// Child process of bench/run.ts.
//   node bench/recovery.ts seed --sessions N --file F     N persisted sessions mid-brainstorm in F
//   node bench/recovery.ts restore --sessions N --file F  times process start → runtime.start()
// Prints one JSON line last.
import { restore, seed } from "./persisted.ts";

const args = process.argv.slice(2);
const opt = (name: string): string => {
  const i = args.indexOf(name);
  const v = i < 0 ? undefined : args[i + 1];
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
};
const mode = args[0];
const sessions = Number(opt("--sessions"));
const file = opt("--file");
if (mode === "seed") {
  await seed(file, sessions);
  console.log(JSON.stringify({ seeded: sessions }));
} else if (mode === "restore") {
  const r = await restore(file, sessions);
  if (r.liveSessions !== sessions || r.timersArmed !== sessions)
    throw new Error(`restored ${r.liveSessions} sessions and ${r.timersArmed} timers, expected ${sessions}`);
  const { runtime: _runtime, ...figures } = r;
  console.log(JSON.stringify(figures));
  // No stop(): the process ends here, and stopping would only add a close to the timing.
  process.exit(0);
} else {
  throw new Error(`unknown mode ${mode}`);
}
