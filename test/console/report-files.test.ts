// The terminal room's facilitator types `/report`: the files are written to the reports folder
// (one folder per report) and their paths printed; files never go to the room or a participant.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConsolePlatform, consoleFacilitators } from "../../src/adapters/console/index.ts";
import { consoleRoom } from "../support/console.ts";
import { parseConfig } from "../../src/bot/config.ts";
import { MemoryLogger } from "../../src/bot/log.ts";
import { createRuntime } from "../../src/bot/runtime.ts";
import { SimulatedClock } from "../../src/bot/scheduler.ts";
import { MemoryStore } from "../../src/bot/store.ts";

const shortFlow = fileURLToPath(new URL("../bot/runtime/fixtures/short.yaml", import.meta.url));

function terminal(reportsDir: string) {
  const clock = new SimulatedClock(Date.UTC(2026, 0, 5, 14, 0, 0));
  const { input, platform, printed } = consoleRoom({ now: () => clock.now(), reportsDir });
  const config = parseConfig({});
  if (!config.ok) throw new Error(config.error.message);
  const runtime = createRuntime({
    store: new MemoryStore(),
    platforms: [platform],
    config: config.value,
    logger: new MemoryLogger(),
    clock,
    seed: 1,
    flowPaths: () => true,
    defaultFacilitators: consoleFacilitators(true),
  });
  const type = async (...lines: string[]) => {
    for (const l of lines) {
      input.write(`${l}\n`);
      await new Promise((r) => setImmediate(r));
      await platform.settled();
      await runtime.idle();
    }
  };
  return { platform, runtime, type, printed };
}

describe("report in the terminal room", () => {
  it("writes the files to the reports folder and prints their paths", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parley-console-report-"));
    const t = terminal(dir);
    await t.runtime.start();
    await t.type(
      `/start ${shortFlow}`,
      "/join amal south",
      "/next",
      "/next",
      "amal: windy today",
      "/report csv",
    );
    const written = [...t.printed().matchAll(/wrote (.+\.csv)$/gm)].map((m) => m[1] ?? "");
    expect(written.length).toBeGreaterThan(1);
    for (const path of written) {
      expect(path.startsWith(dir)).toBe(true);
      expect(readFileSync(path, "utf8").length).toBeGreaterThan(0);
    }
    expect(t.printed()).toMatch(/\[facilitators\] The report of this workshop \(Short test, session s/);
    expect(readdirSync(dir)).toHaveLength(1);
    await t.runtime.stop();
  });

  it("refuses files for the room or a participant, and without a folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parley-console-report-"));
    const t = terminal(dir);
    const file = {
      name: "../../escape.csv",
      mediaType: "text/csv",
      bytes: new TextEncoder().encode("a,b\n"),
    };
    const base = { kind: "files", roomId: "console", body: [{ text: "Report" }], files: [file] } as const;
    for (const audience of [{ to: "room" }, { to: "user", userId: "amal" }] as const) {
      const r = await t.platform.deliver({ ...base, idempotencyKey: "k1", audience });
      expect(r.ok ? "ok" : r.error.code).toBe("unsupported");
    }
    expect(readdirSync(dir)).toEqual([]);
    // A name with a path stays inside the report's folder.
    const r = await t.platform.deliver({
      ...base,
      idempotencyKey: "s1:2:0",
      audience: { to: "facilitators", userIds: ["x"] },
    });
    expect(r.ok).toBe(true);
    expect(readdirSync(join(dir, "s1_2_0"))).toEqual(["__.._escape.csv"]);
    const none = new ConsolePlatform({ input: new PassThrough(), output: { write: () => true } });
    const refused = await none.deliver({
      ...base,
      idempotencyKey: "k2",
      audience: { to: "facilitators", userIds: ["x"] },
    });
    expect(refused.ok ? "ok" : refused.error.code).toBe("unsupported");
  });
});
