// A command that changes nothing, one at a time (issue 19): the runtime on a SqliteStore with N
// live sessions (each past its first 30 events: started, 12 joined, consents given), then
// `status` from a participant, each command handed to the runtime alone and waited for until it
// is committed and delivered. Prints the process CPU (user + system, all threads) a command
// takes and how many store transactions it needed. Run it in two trees for an A/B:
//   node_modules/.bin/node bench/status-steps.ts --sessions 100 --commands 3000
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../src/bot/store.ts";
import { driveWaves, inboundOf, startRuntime } from "./common.ts";

const opt = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const sessions = opt("--sessions", 100);
const commands = opt("--commands", 3000);
const dir = mkdtempSync(join(tmpdir(), "parley-status-steps-"));
const store = new SqliteStore(join(dir, "s.sqlite"));
// Transactions counted where the store writes them (its group commit), without changing it.
let transactions = 0;
const counted = store as unknown as { flushWrites: () => void; pendingWrites: unknown[] };
const flush = counted.flushWrites.bind(store);
counted.flushWrites = () => {
  if (counted.pendingWrites.length > 0) transactions++;
  flush();
};
const b = await startRuntime(store, sessions);
await driveWaves(b, sessions, 30);
const status = { user: "u1", body: { kind: "command" as const, name: "status", args: [] } };
const warmup = Math.min(200, commands);
let cpu0 = process.cpuUsage();
let tx0 = 0;
const t0 = performance.now();
let wall0 = t0;
for (let n = 0; n < warmup + commands; n++) {
  if (n === warmup) {
    cpu0 = process.cpuUsage();
    tx0 = transactions;
    wall0 = performance.now();
  }
  await b.runtime.accept(inboundOf(n % sessions, 1000 + n, status, b.clock.now()));
  await b.runtime.idle();
}
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - wall0;
if (b.logger.errors > 0) throw new Error(`${String(b.logger.errors)} errors`);
console.log(
  JSON.stringify({
    sessions,
    commands,
    cpuUsPerCommand: Number(((cpu.user + cpu.system) / commands).toFixed(1)),
    systemUsPerCommand: Number((cpu.system / commands).toFixed(1)),
    wallUsPerCommand: Number(((wall * 1000) / commands).toFixed(1)),
    transactionsPerCommand: Number(((transactions - tx0) / commands).toFixed(2)),
    delivered: b.platform.delivered,
  }),
);
await b.runtime.stop();
rmSync(dir, { recursive: true, force: true });
