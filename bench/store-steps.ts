// The SQLite store alone, on the statements of a durable step (issue 19): for each of N sessions
// (a 9 KB spec and a 19 KB snapshot, as mid-workshop), an inbox append, a step stored as a delta
// with two deliveries (written whole every 16th step, as `compactEvery`) and the delivered mark,
// a wave of all sessions at once (so group commit batches them as in the runtime). Prints the CPU
// a step takes in the store (process CPU over the waves / steps). Run it in two trees for an A/B:
//   node_modules/.bin/node bench/store-steps.ts --sessions 1000 --steps 30
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore, emptyMeta, type SessionRecord } from "../src/bot/store.ts";

const opt = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const sessions = opt("--sessions", 1000);
const steps = opt("--steps", 30);
const dir = mkdtempSync(join(tmpdir(), "parley-store-steps-"));
const store = new SqliteStore(join(dir, "s.sqlite"));
const spec = { id: "bench", filler: "s".repeat(9000) };
const snapshot = {
  context: { ideas: Array.from({ length: 190 }, (_, i) => `idea ${String(i)} `.repeat(8)) },
};
const base = (i: number): SessionRecord => ({
  id: `s${String(i)}`,
  roomKey: `console:r${String(i)}`,
  flowId: "bench",
  spec,
  seed: i,
  locale: "en",
  snapshot,
  meta: emptyMeta,
  seq: 0,
  status: "live",
  createdAt: 0,
  updatedAt: 0,
  endedAt: null,
});
const say = (i: number, k: number, n: number) => ({
  roomKey: `console:r${String(i)}`,
  sessionId: `s${String(i)}`,
  platform: "console",
  delivery: {
    kind: "say" as const,
    roomId: `r${String(i)}`,
    audience: { to: "room" as const },
    body: [{ text: `step ${String(k)} of ${String(i)}` }],
    idempotencyKey: `s${String(i)}:${String(k)}:${String(n)}`,
  },
});

async function step(i: number, k: number): Promise<void> {
  const roomKey = `console:r${String(i)}`;
  const eventId = `e${String(i)}-${String(k)}`;
  const { id } = await store.appendInbox(roomKey, eventId, {
    source: "platform",
    event: {
      platform: "console",
      eventId,
      roomId: `r${String(i)}`,
      at: k,
      sender: { userId: "u", displayName: "u" },
      kind: "message",
      text: `message ${String(k)}`,
    },
  });
  const whole = k === 0 || k % 16 === 0;
  const { outbox } = await store.commit({
    inboxId: id,
    session: {
      ...base(i),
      snapshot: whole ? snapshot : null,
      seq: k,
      updatedAt: k,
      meta: { ...emptyMeta, nextDeadline: 1000 + k },
    },
    ...(k === 0 ? { isNewSession: true } : {}),
    ...(whole
      ? {}
      : { events: [{ type: "participant.message", text: `message ${String(k)}`, at: k } as never] }),
    deliveries: [say(i, k, 0), say(i, k, 1)],
  });
  // The dispatcher marks what it delivered in one call (both of the step's deliveries here).
  await store.markDelivered(outbox.map((e) => e.id));
}

// The first step (the sessions' creation) is not timed.
await Promise.all(Array.from({ length: sessions }, (_, i) => step(i, 0)));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (let k = 1; k <= steps; k++) await Promise.all(Array.from({ length: sessions }, (_, i) => step(i, k)));
const cpu = process.cpuUsage(cpu0);
const wall = performance.now() - t0;
const n = sessions * steps;
console.log(
  JSON.stringify({
    sessions,
    steps: n,
    cpuUsPerStep: Number(((cpu.user + cpu.system) / n).toFixed(1)),
    userUsPerStep: Number((cpu.user / n).toFixed(1)),
    wallUsPerStep: Number(((wall * 1000) / n).toFixed(1)),
  }),
);
await store.close();
rmSync(dir, { recursive: true, force: true });
