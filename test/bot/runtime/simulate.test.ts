import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runReportCommand } from "../../../src/cli/report.ts";
import { runSimulateCommand } from "../../../src/cli/simulate.ts";
import { shortFlow } from "./harness.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-simulate-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const script = `
/join amal north
/join ben south
/start
/next
amal: It rains a lot where I live.
ben: Here it is dry.
wait 61s
ben: The sea is rough today.
wait 2m
/end
`;

async function simulate(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runSimulateCommand(
    args,
    {
      out: (s) => (out += `${s}\n`),
      err: (s) => (err += `${s}\n`),
      write: (s) => (out += s),
    },
    { PARLEY_LOG_LEVEL: "error" },
  );
  return { code, out, err };
}

describe("parley simulate", () => {
  it("prints the same transcript twice for the same seed, and runs a timed workshop in simulated time", async () => {
    const file = join(tmp, "short.script");
    writeFileSync(file, script);
    const a = await simulate([shortFlow, "--script", file, "--seed", "4", "--fast"]);
    const b = await simulate([shortFlow, "--script", file, "--seed", "4", "--fast"]);
    expect(a.code, a.err).toBe(0);
    expect(a.err).toBe("");
    expect(a.out.length).toBeGreaterThan(200);
    expect(b.out).toBe(a.out);
    expect(a.out).toContain("It rains a lot");
  });

  it("a second run of the same script on the same store replays nothing: every line is already in the inbox", async () => {
    const file = join(tmp, "short2.script");
    writeFileSync(file, script);
    const store = join(tmp, "sim.sqlite");
    const first = await simulate([shortFlow, "--script", file, "--seed", "4", "--fast", "--store", store]);
    expect(first.code, first.err).toBe(0);
    // The same script against the same store: every line is already in the inbox, nothing new happens.
    const again = await simulate([shortFlow, "--script", file, "--seed", "4", "--fast", "--store", store]);
    expect(again.code, again.err).toBe(0);
    const shown = again.out.split("\n").filter((l) => l !== "" && !l.startsWith("» "));
    expect(shown).toEqual([]);
    expect(first.out.split("\n").filter((l) => l !== "" && !l.startsWith("» ")).length).toBeGreaterThan(5);
  });

  it("exports the finished workshop as Markdown with parley report", async () => {
    const file = join(tmp, "short3.script");
    writeFileSync(file, script);
    const store = join(tmp, "report.sqlite");
    expect((await simulate([shortFlow, "--script", file, "--fast", "--store", store])).code).toBe(0);
    let out = "";
    let err = "";
    const code = await runReportCommand(
      ["console:console", "--store", store],
      { out: (s) => (out += s), err: (s) => (err += s) },
      {},
    );
    expect(code, err).toBe(0);
    expect(out).toMatch(/^# /);
    expect(out).toContain("It rains a lot");
    const missing = await runReportCommand(
      ["s000", "--store", store],
      { out: () => undefined, err: (s) => (err += s) },
      {},
    );
    expect(missing).toBe(1);
  });

  it("reports a workshop still running as its record so far", async () => {
    const file = join(tmp, "short4.script");
    writeFileSync(file, script.replace("wait 2m\n/end\n", ""));
    const store = join(tmp, "report-live.sqlite");
    expect((await simulate([shortFlow, "--script", file, "--fast", "--store", store])).code).toBe(0);
    let out = "";
    let err = "";
    const code = await runReportCommand(
      ["console:console", "--store", store],
      { out: (s) => (out += s), err: (s) => (err += s) },
      {},
    );
    expect(code, err).toBe(0);
    expect(err).toContain("still running");
    expect(out).toContain("It rains a lot");
    expect(out).toContain("The sea is rough today");
  });

  it("points at a bad script line", async () => {
    const file = join(tmp, "bad.script");
    writeFileSync(file, "/join amal north\nwait forever\n");
    const r = await simulate([shortFlow, "--script", file, "--fast"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 2/);
  });
});
