// `parley programme open|broadcast|end <cohort>` from another process's point of view: the CLI appends
// to the SQLite store while the bot runs it, and the bot applies each entry once, in every room of
// the cohort; queued while no bot runs, they are applied when it starts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../src/bot/config.ts";
import { MemoryLogger } from "../../src/bot/log.ts";
import { createRuntime, type Runtime } from "../../src/bot/runtime.ts";
import { SimulatedClock } from "../../src/bot/scheduler.ts";
import { SqliteStore } from "../../src/bot/store.ts";
import { runProgrammeCommand } from "../../src/cli/programme.ts";
import { withProgrammeRooms } from "../../src/programme/load.ts";
import { parseProgramme } from "../../src/programme/spec.ts";
import { RecordingPlatform } from "../support/recording-platform.ts";

const programmeText = `id: spring
title: Spring dialogues
timeZone: UTC
cohorts:
  - id: north
    flow: perspective-exchange
    facilitators: [alice]
    rooms: [console:r1, console:r2]
    schedule:
      - at: 2026-03-01 11:00
  - id: south
    flow: perspective-exchange
    facilitators: [bea]
    rooms: [console:r3]
    schedule:
      - at: 2026-03-01 11:00
`;

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

function files() {
  const dir = mkdtempSync(join(tmpdir(), "parley-bulk-"));
  const store = join(dir, "store.sqlite");
  const programme = join(dir, "programme.yaml");
  writeFileSync(programme, programmeText);
  const config = join(dir, "parley.yaml");
  writeFileSync(
    config,
    `console: true\nprogramme: ${JSON.stringify(programme)}\nstore:\n  kind: sqlite\n  path: ${JSON.stringify(store)}\n`,
  );
  return { store, config };
}

async function bot(storeFile: string): Promise<{ runtime: Runtime; platform: RecordingPlatform }> {
  const parsed = parseProgramme(programmeText, "programme.yaml");
  const config = parseConfig({ console: true });
  if (!parsed.ok || !config.ok) throw new Error("fixture");
  const clock = new SimulatedClock(Date.UTC(2026, 2, 1, 11, 0));
  const platform = new RecordingPlatform({ name: "console", roomId: "r1", now: () => clock.now() });
  const runtime = createRuntime({
    store: new SqliteStore(storeFile),
    platforms: [platform],
    config: withProgrammeRooms(config.value, parsed.value.programme),
    logger: new MemoryLogger(),
    clock,
    pollMs: 20,
  });
  await runtime.start();
  stops.push(() => runtime.stop());
  return { runtime, platform };
}

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runProgrammeCommand(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, {});
  return { code, out, err };
}

const said = (p: RecordingPlatform, words: string) =>
  p.deliveries.filter(
    (d) => d.kind === "say" && d.audience.to === "room" && d.body.some((s) => s.text.includes(words)),
  );

describe("bulk actions from the command line", () => {
  it("opens, broadcasts to and ends a cohort's rooms while the bot runs; other cohorts untouched", async () => {
    const f = files();
    const { runtime, platform } = await bot(f.store);
    expect((await cli(["open", "north", "--config", f.config])).code).toBe(0);
    await vi.waitFor(async () => {
      await runtime.idle();
      expect([runtime.sessions.status("console:r1"), runtime.sessions.status("console:r2")]).not.toContain(
        null,
      );
    });
    expect(runtime.sessions.status("console:r3")).toBe(null);
    const b = await cli(["broadcast", "north", "Back", "in", "five", "--config", f.config]);
    expect(b.out).toEqual([
      "broadcast: queued for 2 rooms of cohort north (applied by the running bot, or at its next start)",
    ]);
    await vi.waitFor(async () => {
      await runtime.idle();
      expect(said(platform, "Back in five").map((d) => d.roomId)).toEqual(["r1", "r2"]);
    });
    expect((await cli(["end", "north", "--config", f.config])).code).toBe(0);
    const store = new SqliteStore(f.store);
    stops.push(() => store.close());
    await vi.waitFor(async () => {
      await runtime.idle();
      expect(
        await Promise.all(
          ["console:r1", "console:r2"].map(async (r) => (await store.findSession(r))?.status),
        ),
      ).toEqual(["done", "done"]);
    });
    expect(said(platform, "Back in five")).toHaveLength(2);
  });

  it("keeps actions queued while no bot runs and applies them at its start; refuses an unknown cohort", async () => {
    const f = files();
    expect((await cli(["broadcast", "south", "Welcome", "--config", f.config])).code).toBe(0);
    const unknown = await cli(["pause", "east", "--config", f.config]);
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toMatch(/no cohort "east"/);
    const { runtime, platform } = await bot(f.store);
    await runtime.idle();
    expect(said(platform, "Welcome").map((d) => d.roomId)).toEqual(["r3"]);
  });
});
