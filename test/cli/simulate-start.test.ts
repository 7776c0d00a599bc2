// `parley simulate`: a script may open the workshop itself with `/start <flow>`; a flow that cannot
// be used is reported once and the command fails.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSimulateCommand } from "../../src/cli/simulate.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-simulate-start-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const good = "test/fixtures/flows/good/minimal.yaml";
const bad = "test/fixtures/flows/bad/out-of-range.yaml";

async function simulate(script: string, ...args: string[]) {
  const file = join(tmp, `script-${String(Math.random()).slice(2)}`);
  writeFileSync(file, script);
  let transcript = "";
  const err: string[] = [];
  const code = await runSimulateCommand(
    [...args, "--script", file, "--fast"],
    {
      out: (s) => (transcript += `${s}\n`),
      err: (s) => err.push(...s.split("\n")),
      write: (s) => (transcript += s),
    },
    {},
  );
  return { code, transcript, err };
}

describe("parley simulate and /start <flow>", () => {
  it.each([[[good]], [[]]])(
    "runs a script that begins with /start <flow> (command-line flow: %j)",
    async (args) => {
      const r = await simulate(`/start ${good}\n/join amal north\n/start\n`, ...args);
      expect(r.err).toEqual([]);
      expect(r.code).toBe(0);
      expect(r.transcript).not.toContain("already running");
      expect(r.transcript.match(/Welcome to Example/gu)).toHaveLength(1);
      // The stage has no title: its kind names it, never its id.
      expect(r.transcript).toContain("Stage 1 of 2: Ground rules");
    },
  );

  it("reports a flow error once and exits non-zero", async () => {
    for (const r of [
      await simulate("/join amal north\n/start\n", bad),
      await simulate(`/start ${bad}\n/join amal north\n`),
    ]) {
      expect(r.code).toBe(1);
      expect(r.err).toEqual([
        `${bad}:20:18 stages[1].turnSeconds: expected seconds between 10 and 3600, got 5`,
        `${bad}:21:13 stages[1].rounds: expected a whole number of rounds between 1 and 10, got 12`,
      ]);
      expect(r.transcript).not.toContain("turnSeconds");
    }
  });

  it("asks for a flow when neither the command line nor the script names one", async () => {
    const r = await simulate("/join amal north\n");
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe("parley simulate: name the flow, or begin the script with /start <flow>");
  });
});
