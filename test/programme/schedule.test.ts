// Scheduled starts across restarts, on a simulated clock and a SQLite file: a start happens once
// (also when the bot restarts within its grace window); one due while the bot was down starts on
// restart within the grace window, and is reported missed after it; facilitators are told privately
// before their room opens.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/bot/config.ts";
import { MemoryLogger } from "../../src/bot/log.ts";
import { createRuntime, type Runtime } from "../../src/bot/runtime.ts";
import { SimulatedClock } from "../../src/bot/scheduler.ts";
import { SqliteStore } from "../../src/bot/store.ts";
import type { Occurrence } from "../../src/programme/plan.ts";
import { withProgrammeRooms } from "../../src/programme/load.ts";
import { programmeRunner } from "../../src/programme/run.ts";
import { readProgrammeState, type ProgrammeRunner } from "../../src/programme/runner.ts";
import { parseProgramme, type Programme } from "../../src/programme/spec.ts";
import { RecordingPlatform } from "../support/recording-platform.ts";

const programmeText = `id: spring
title: Spring dialogues
timeZone: UTC
graceMinutes: 30
notifyMinutesBefore: 15
cohorts:
  - id: north
    flow: perspective-exchange
    facilitators: [alice]
    rooms: [console:r1, console:r2]
    schedule:
      - at: 2026-03-01 11:00
        repeat: weekly
        count: 3
`;
const t = (iso: string) => Date.parse(`${iso}Z`);

function programme(): Programme {
  const r = parseProgramme(programmeText, "programme.yaml");
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value.programme;
}

interface Bot {
  runtime: Runtime;
  runner: ProgrammeRunner;
  platform: RecordingPlatform;
  store: SqliteStore;
  missed: Occurrence[];
  settle(): Promise<void>;
  stop(): Promise<void>;
}

const running: Bot[] = [];
afterEach(async () => {
  for (const b of running.splice(0)) await b.stop();
});

async function bot(file: string, clock: SimulatedClock): Promise<Bot> {
  const p = programme();
  const parsed = parseConfig({ console: true });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const config = withProgrammeRooms(parsed.value, p);
  const store = new SqliteStore(file);
  const platform = new RecordingPlatform({ name: "console", roomId: "r1", now: () => clock.now() });
  const logger = new MemoryLogger();
  const runtime = createRuntime({ store, platforms: [platform], config, logger, clock, seed: 1 });
  await runtime.start();
  const missed: Occurrence[] = [];
  const runner = programmeRunner({
    programme: p,
    runtime,
    store,
    clock,
    logger,
    onMissed: (o) => missed.push(o),
  });
  await runner.start();
  const settle = async () => {
    await runner.settled();
    await runtime.idle();
  };
  await settle();
  let stopped = false;
  const b: Bot = {
    runtime,
    runner,
    platform,
    store,
    missed,
    settle,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      runner.stop();
      await runtime.stop();
    },
  };
  running.push(b);
  return b;
}

/** Sessions per room, oldest first, read from a fresh handle on the file. */
async function sessionsOf(file: string): Promise<Record<string, number[]>> {
  const store = new SqliteStore(file);
  try {
    const out: Record<string, number[]> = {};
    for (const s of (await store.listSessions()).reverse()) (out[s.roomKey] ??= []).push(s.createdAt);
    return out;
  } finally {
    await store.close();
  }
}

async function endAll(b: Bot, at: number): Promise<void> {
  for (const room of ["r1", "r2"])
    await b.runtime.accept({
      platform: "console",
      eventId: `end-${room}-${at}`,
      roomId: room,
      at,
      sender: { userId: "alice", displayName: "Alice" },
      kind: "command",
      name: "end",
      args: [],
    });
  await b.settle();
}

describe("scheduled starts", () => {
  it("tell facilitators privately, start once, start on a restart within the grace window, report a missed one", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "parley-schedule-")), "store.sqlite");
    const clock = new SimulatedClock(t("2026-03-01T10:00"));

    // Week 1: the bot runs through the start.
    const first = await bot(file, clock);
    await clock.advanceTo(t("2026-03-01T10:45"), () => first.settle());
    const notices = first.platform.deliveries.filter(
      (d) =>
        d.audience.to === "facilitators" &&
        d.kind === "say" &&
        d.body.some((s) => s.text.includes("15 minutes")),
    );
    expect(notices.map((d) => [d.roomId, d.audience])).toEqual([
      ["r1", { to: "facilitators", userIds: ["alice"] }],
      ["r2", { to: "facilitators", userIds: ["alice"] }],
    ]);
    // Nothing said in the rooms themselves before the start.
    expect(first.platform.deliveries.filter((d) => d.audience.to === "room")).toEqual([]);
    expect(await sessionsOf(file)).toEqual({});
    await clock.advanceTo(t("2026-03-01T11:00"), () => first.settle());
    expect(await sessionsOf(file)).toEqual({
      "console:r1": [t("2026-03-01T11:00")],
      "console:r2": [t("2026-03-01T11:00")],
    });
    await first.stop();

    // A restart inside the grace window of that start: nothing starts twice.
    // The rooms are free again (ended), so a repeated start would open a second session.
    await clock.advanceTo(t("2026-03-01T11:10"));
    const again = await bot(file, clock);
    await endAll(again, t("2026-03-01T11:10"));
    await again.stop();
    await clock.advanceTo(t("2026-03-01T11:15"));
    await (await bot(file, clock)).stop();
    expect(Object.values(await sessionsOf(file)).map((s) => s.length)).toEqual([1, 1]);

    // Down through week 2's start; back 20 minutes later (grace 30): it starts now, once.
    await clock.advanceTo(t("2026-03-08T11:20"));
    const late = await bot(file, clock);
    expect(late.missed).toEqual([]);
    await late.stop();
    const restartedTwice = await bot(file, clock);
    await endAll(restartedTwice, t("2026-03-08T11:20"));
    await restartedTwice.stop();
    expect(await sessionsOf(file)).toEqual({
      "console:r1": [t("2026-03-01T11:00"), t("2026-03-08T11:20")],
      "console:r2": [t("2026-03-01T11:00"), t("2026-03-08T11:20")],
    });

    // Down through week 3's start; back an hour later: missed, reported, not started.
    await clock.advanceTo(t("2026-03-15T12:00"));
    const missed = await bot(file, clock);
    expect(missed.missed.map((o) => o.roomKey)).toEqual(["console:r1", "console:r2"]);
    const state = await readProgrammeState(missed.store, "spring");
    expect(Object.entries(state?.starts ?? {}).map(([key, v]) => [key, v.state])).toEqual([
      ["spring/north/console:r1/2026-03-01T11:00:00.000Z", "started"],
      ["spring/north/console:r2/2026-03-01T11:00:00.000Z", "started"],
      ["spring/north/console:r1/2026-03-08T11:00:00.000Z", "started"],
      ["spring/north/console:r2/2026-03-08T11:00:00.000Z", "started"],
      ["spring/north/console:r1/2026-03-15T11:00:00.000Z", "missed"],
      ["spring/north/console:r2/2026-03-15T11:00:00.000Z", "missed"],
    ]);
    await missed.stop();
    expect(Object.values(await sessionsOf(file)).map((s) => s.length)).toEqual([2, 2]);
  });
});
