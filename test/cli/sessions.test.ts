// `parley sessions`: the stored workshops, newest first, from a real SQLite store a simulated run wrote.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runSessionsCommand } from "../../src/cli/sessions.ts";
import { runSimulateCommand } from "../../src/cli/simulate.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-sessions-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function sessions(...args: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  let err = "";
  const code = await runSessionsCommand(
    args,
    { out: (s) => out.push(...s.split("\n")), err: (s) => (err += s) },
    {},
  );
  return { code, out, err };
}

describe("parley sessions", () => {
  it("lists id, room, flow, start, end and stage, newest first", async () => {
    const store = join(tmp, "two.sqlite");
    const script = join(tmp, "two.script");
    // One workshop ended, then a second one opened in the same room and taken to its first stage.
    writeFileSync(
      script,
      [
        "/join amal north",
        "/start",
        "/end",
        "wait 1m",
        "/start test/fixtures/flows/good/minimal.yaml",
        "/join amal north",
        "/start",
      ].join("\n"),
    );
    let err = "";
    const simulated = await runSimulateCommand(
      ["test/fixtures/flows/good/minimal.yaml", "--script", script, "--fast", "--store", store],
      { out: () => undefined, err: (s) => (err += s), write: () => undefined },
      {},
    );
    expect(simulated, err).toBe(0);
    const result = await sessions("--store", store);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    const [header, ...rows] = result.out.map((l) => l.split(/ {2,}/));
    expect(header).toEqual(["ID", "ROOM", "FLOW", "STARTED", "ENDED", "STAGE"]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      expect.stringMatching(/^s[0-9a-f]{10}$/),
      "console:console",
      "example",
      "2026-01-05 09:01",
      "-",
      "rules",
    ]);
    expect(rows[1]).toEqual([
      expect.stringMatching(/^s[0-9a-f]{10}$/),
      "console:console",
      "example",
      "2026-01-05 09:00",
      "2026-01-05 09:00",
      "ended",
    ]);
  });

  it("says so when the store holds no session", async () => {
    expect(await sessions("--store", join(tmp, "empty.sqlite"))).toEqual({
      code: 0,
      out: ["no sessions in this store"],
      err: "",
    });
  });
});
