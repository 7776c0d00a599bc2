// Two runtimes sharing one PostgreSQL database, as two processes would: both receive every event
// of a room (two Matrix syncs of one account do exactly that), one holds the room's lease and
// drives it, and when it goes away the other takes the session over. Nothing is applied or sent twice.
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/bot/config.ts";
import { MemoryLogger } from "../../../src/bot/log.ts";
import { createRuntime, type Runtime } from "../../../src/bot/runtime.ts";
import { SimulatedClock } from "../../../src/bot/scheduler.ts";
import { PostgresStore } from "../../../src/bot/store.ts";
import type { WorkshopRecord } from "../../../src/flows/protocol.ts";
import { RecordingPlatform, type InboundBody } from "../../support/recording-platform.ts";
import { shortFlow, start } from "./harness.ts";

const pgUrl = process.env["PARLEY_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `t_shared_${String(process.pid)}_${String(Date.now())}`;
const room = "test:room";

afterAll(async () => {
  await PostgresStore.dropSchema(pgUrl, schema);
});

interface Node {
  readonly store: PostgresStore;
  readonly platform: RecordingPlatform;
  readonly runtime: Runtime;
  readonly logger: MemoryLogger;
}

async function node(clock: SimulatedClock): Promise<Node> {
  const parsed = parseConfig({ rooms: { [room]: { facilitators: ["fac"] } } });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const store = await PostgresStore.open({ connectionString: pgUrl, schema });
  const platform = new RecordingPlatform({ now: () => clock.now() });
  const logger = new MemoryLogger();
  const runtime = createRuntime({
    store,
    platforms: [platform],
    config: parsed.value,
    logger,
    clock,
    seed: 3,
    // The fixture flow is named by path, as the operator's own terminal may.
    flowPaths: () => true,
    leaseMs: 30_000,
    pollMs: 20,
  });
  await runtime.start();
  return { store, platform, runtime, logger };
}

/** Waits (in real time, bounded) for something the other process's poll loop does. */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not reached");
}

describe("two runtimes sharing PostgreSQL", () => {
  it("one drives the room, the other takes over when it goes away; every contribution once, every delivery once", async () => {
    const clock = new SimulatedClock(start);
    const a = await node(clock);
    const b = await node(clock);
    let n = 0;
    /** The same event reaches both processes, with the same platform event id. */
    const both = async (from: string, body: InboundBody) => {
      const id = `ev${String(++n)}`;
      await Promise.all([a.platform.inject(from, body, id), b.platform.inject(from, body, id)]);
      await Promise.all([a.runtime.idle(), b.runtime.idle()]);
    };
    const command = (from: string, name: string, ...args: string[]) =>
      both(from, { kind: "command", name, args });

    await command("fac", "start", shortFlow);
    await command("amal", "join", "south");
    await command("ben", "join", "north");
    await command("fac", "start");
    while ((a.runtime.sessions.status(room) ?? b.runtime.sessions.status(room))?.stageId !== "talk")
      await command("fac", "next");
    await both("amal", { kind: "message", text: "It rains a lot here." });
    await both("ben", { kind: "message", text: "Here it is dry." });

    // Exactly one of them drove the room.
    const driver = a.platform.deliveries.length > 0 ? a : b;
    const other = driver === a ? b : a;
    expect(driver.platform.deliveries.length).toBeGreaterThan(0);
    expect(other.platform.deliveries).toEqual([]);
    expect(other.runtime.sessions.status(room)).toBeNull();

    // The driver loses its database without releasing its lease: it can no longer renew it.
    await driver.platform.stop();
    await driver.store.close();
    await clock.advanceBy(31_000, () => other.runtime.idle());
    await until(() => other.runtime.sessions.status(room) !== null);
    expect(other.logger.records.some((e) => e.message === "took over a session")).toBe(true);

    // The survivor carries on from where the workshop was, and its timers run.
    await other.platform.say("amal", "After the takeover.");
    await other.runtime.idle();
    await clock.advanceBy(60_000, () => other.runtime.idle());
    expect(other.runtime.sessions.status(room)?.stageId).toBe("more");
    await other.platform.command("fac", "end");
    await other.runtime.idle();

    const session = await other.store.findSession(room);
    expect(session?.status).toBe("done");
    const texts = (session?.meta.record as WorkshopRecord).contributions.map((c) => c.text);
    expect(texts).toEqual(["It rains a lot here.", "Here it is dry.", "After the takeover."]);
    const keys = [...a.platform.deliveries, ...b.platform.deliveries].map((d) => d.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    await other.runtime.stop();
    await driver.runtime.stop().catch(() => undefined);
  });
});
