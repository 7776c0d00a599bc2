import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyOf, startWorld, Workshop, writeFlow, type World } from "./workshop-driver.ts";

let world: World;
beforeAll(async () => { world = await startWorld(4); }, 900_000);
afterAll(async () => { await world.stop(); });

const flow = {
  id: "strict-turns", version: 1, title: { en: "Strict turns" }, description: { en: "x" }, defaultLocale: "en",
  groups: [{ id: "group-a", name: { en: "Group A" } }, { id: "group-b", name: { en: "Group B" } }],
  confidentiality: "open", turnEnforcement: "strict",
  stages: [{ id: "share", kind: "perspective-sharing", title: { en: "Share" }, prompt: { en: "Share." }, turnSeconds: 30 }],
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(i: number, offset: number): Promise<string> {
  const w = await Workshop.open(world, `kill${i}`, i, 100);
  await w.command(`start ${await writeFlow(world, flow)}`);
  await w.waitRoom(/^Welcome to Strict turns/);
  await w.joinAll();
  await w.command("start");
  await world.carol.waitFor((e) => e.roomId === w.roomId && e.type === "m.room.power_levels" && e.sender === w.botUserId, 60_000);
  const t0 = Date.now();
  await sleep(offset);
  await w.bot.kill();
  await sleep(3000);
  w.bot.start();
  let out = `offset ${offset}: `;
  try {
    await w.waitRoom(/^Time is up/, "time up");
    out += `time up after ${Date.now() - t0}; `;
    const next = await w.waitRoom(/turn\. Everyone else, please listen/, "next turn");
    out += `next turn after ${Date.now() - t0}`;
  } catch (e) {
    out += `FAILED ${String(e).slice(0, 3000)}`;
    const db2 = new DatabaseSync(w.storeFile, { readOnly: true });
    out += JSON.stringify(db2.prepare("SELECT id, event_id, processed FROM inbox ORDER BY id DESC LIMIT 6").all());
    out += JSON.stringify(db2.prepare("SELECT id, delivered, failed, attempts, last_error, substr(delivery,1,100) d FROM outbox ORDER BY id DESC LIMIT 10").all(), null, 1);
    out += JSON.stringify(db2.prepare("SELECT id, status, meta FROM sessions").all());
    db2.close();
  }
  await w.stop();
  return out;
}

describe("repro 9", () => {
  it("times out after SIGKILL", async () => {
    const results = await Promise.all([0, 300, 1000, 2000].map((o, i) => run(i, o)));
    console.log(results.join("\n\n"));
  }, 400_000);
});
