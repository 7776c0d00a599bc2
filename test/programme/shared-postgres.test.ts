// Two bot processes sharing PostgreSQL, each following the same programme: a scheduled start is
// appended by both, and happens once per room; a dashboard on either process sees every session.
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/bot/config.ts";
import { MemoryLogger } from "../../src/bot/log.ts";
import { createRuntime } from "../../src/bot/runtime.ts";
import { SimulatedClock } from "../../src/bot/scheduler.ts";
import { PostgresStore } from "../../src/bot/store.ts";
import { startDashboard } from "../../src/dashboard/server.ts";
import { withProgrammeRooms } from "../../src/programme/load.ts";
import { programmeRunner } from "../../src/programme/run.ts";
import { parseProgramme } from "../../src/programme/spec.ts";
import { RecordingPlatform } from "../support/recording-platform.ts";

const pgUrl = process.env["PARLEY_TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = `t_programme_${String(process.pid)}_${String(Date.now())}`;
afterAll(async () => {
  await PostgresStore.dropSchema(pgUrl, schema);
});

const parsed = parseProgramme(
  `id: spring
title: Spring
timeZone: UTC
cohorts:
  - id: north
    flow: perspective-exchange
    facilitators: [alice]
    rooms: [console:r1, console:r2]
    schedule:
      - at: 2026-03-01 11:00
`,
  "programme.yaml",
);
if (!parsed.ok) throw new Error("fixture");
const programme = parsed.value.programme;

async function node(clock: SimulatedClock) {
  const config = parseConfig({ console: true });
  if (!config.ok) throw new Error(config.error.message);
  const store = await PostgresStore.open({ connectionString: pgUrl, schema });
  const logger = new MemoryLogger();
  const platform = new RecordingPlatform({ name: "console", roomId: "r1", now: () => clock.now() });
  const runtime = createRuntime({
    store,
    platforms: [platform],
    config: withProgrammeRooms(config.value, programme),
    logger,
    clock,
    pollMs: 20,
  });
  await runtime.start();
  const runner = programmeRunner({ programme, runtime, store, clock, logger });
  return { store, runtime, runner, platform };
}

describe("a programme on PostgreSQL across two processes", () => {
  it("starts each room once and shows every session on either process's dashboard", async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 2, 1, 11, 0));
    const a = await node(clock);
    const b = await node(clock);
    // Both follow the schedule and both append the due starts.
    await Promise.all([a.runner.start(), b.runner.start()]);
    const dashboard = await startDashboard({
      config: { enabled: true, host: "127.0.0.1", port: 0, accounts: [] },
      store: b.store,
      logger: new MemoryLogger(),
      now: () => clock.now(),
      pollMs: 3_600_000,
    });
    try {
      for (let i = 0; i < 500; i++) {
        await Promise.all([a.runtime.idle(), b.runtime.idle()]);
        if ((await b.store.listSessions()).length >= 2) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      // Let any second start (there must be none) be processed too.
      await new Promise((r) => setTimeout(r, 200));
      await Promise.all([a.runtime.idle(), b.runtime.idle()]);
      const sessions = await a.store.listSessions();
      expect(sessions.map((s) => s.roomKey).sort()).toEqual(["console:r1", "console:r2"]);
      // One start opens a room's lobby; a second one would begin the workshop there: none did.
      const texts = [...a.platform.deliveries, ...b.platform.deliveries].flatMap((d) =>
        d.kind === "say" ? [d.body.map((seg) => seg.text).join("")] : [],
      );
      expect(texts.filter((t) => t.startsWith("Workshop opened"))).toHaveLength(2);
      expect(texts.filter((t) => t.startsWith("The workshop has started"))).toEqual([]);
      expect(await dashboard.refresh()).toBe(true);
    } finally {
      a.runner.stop();
      b.runner.stop();
      await dashboard.close();
      await a.runtime.stop();
      await b.runtime.stop();
    }
  }, 30_000);
});
