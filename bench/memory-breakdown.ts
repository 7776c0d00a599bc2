// Child process of bench/run.ts: `node --expose-gc bench/memory-breakdown.ts --sessions N --file F`,
// F seeded by `bench/recovery.ts seed`. Where a live session's heap goes (issue 19): the heap of N
// copies of each layer, built from the same stored session, less the heap before, divided by N.
// Prints one JSON line.
import { DatabaseSync } from "node:sqlite";
import type { FlowSpec } from "../src/flows/spec.ts";
import { restore as restoreWorkshop, type WorkshopStepper } from "../src/flows/stepper.ts";
import { parseSpec } from "../src/bot/store/rows.ts";
import { sharedMeta, shareSpecTexts } from "../src/bot/sessions/host.ts";
import type { SessionMeta } from "../src/bot/store.ts";

const args = process.argv.slice(2);
const opt = (name: string): string => {
  const i = args.indexOf(name);
  const v = i < 0 ? undefined : args[i + 1];
  if (v === undefined) throw new Error(`${name} is required`);
  return v;
};
const sessions = Number(opt("--sessions"));
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");
const heap = (): number => {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
};

const db = new DatabaseSync(opt("--file"), { readOnly: true });
const row = db.prepare("SELECT spec, snapshot, meta, seed FROM sessions WHERE status = 'live' LIMIT 1").get();
if (row === undefined) throw new Error("no live session");
db.close();
const spec = parseSpec(String(row["spec"])) as FlowSpec;
const snapshotText = String(row["snapshot"]);
const metaText = String(row["meta"]);

/** KB a copy of what `make` builds (kept alive until measured). */
function perCopy(make: () => unknown): number {
  const kept: unknown[] = [];
  const before = heap();
  for (let i = 0; i < sessions; i++) kept.push(make());
  const after = heap();
  const kb = (after - before) / sessions / 1024;
  kept.length = 0;
  return kb;
}

const stepperOf = (): WorkshopStepper => restoreWorkshop(spec, JSON.parse(snapshotText), Number(row["seed"]));
const steppers: WorkshopStepper[] = [];
// The workshop whose strings the meta copies share (each session shares with its own).
const held = stepperOf();
const figures = {
  sessions,
  storedSnapshotKb: snapshotText.length / 1024,
  storedMetaKb: metaText.length / 1024,
  // The workshop's state as plain data: what the actor's contexts hold.
  parsedSnapshotKb: perCopy(() => JSON.parse(snapshotText)),
  parsedMetaKb: perCopy(() => JSON.parse(metaText)),
  // As a restored session holds it: its card's flow texts are the spec's, its numbered
  // contributions' texts the workshop's (sessions/host.ts).
  heldMetaKb: perCopy(() => {
    const meta = JSON.parse(metaText) as SessionMeta;
    shareSpecTexts(spec, meta.cardShown);
    return sharedMeta(meta, held);
  }),
  // A restored, started actor (with its stage actor), the contexts included (each text once).
  actorKb: perCopy(() => {
    const s = stepperOf();
    steppers.push(s);
    return s;
  }),
};
for (const s of [...steppers, held]) s.stop();
console.log(JSON.stringify(figures));
