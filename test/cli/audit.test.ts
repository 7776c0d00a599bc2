// `parley audit`: the safeguarding trail of a room or a session from a real SQLite store, as text,
// CSV and JSON.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/bot/store.ts";
import { runAuditCommand } from "../../src/cli/audit.ts";
import { runReportCommand } from "../../src/cli/report.ts";
import { runSimulateCommand } from "../../src/cli/simulate.ts";

const tmp = mkdtempSync(join(tmpdir(), "parley-audit-"));
const file = join(tmp, "audit.sqlite");
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const at = Date.UTC(2026, 10, 30, 13, 0, 0);
beforeAll(async () => {
  const store = new SqliteStore(file);
  const base = { roomKey: "discord:42", sessionId: "s0123456789" };
  await store.appendAudit([
    { ...base, at, action: "alert.raised", actor: null, subject: "alert 1 (flag)" },
    { ...base, at: at + 60_000, action: "alert.acknowledged", actor: "111", subject: "alert 1 (flag)" },
    { ...base, at: at + 120_000, action: "remove", actor: "=HYPERLINK(1)", subject: "participant p2" },
    { roomKey: "matrix:!x", sessionId: null, at, action: "export", actor: "operator", subject: null },
  ]);
  await store.close();
});

async function audit(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runAuditCommand(args, { out: (s) => (out += `${s}\n`), err: (s) => (err += s) }, {});
  return { code, out, err };
}

describe("parley audit", () => {
  it("prints a room's trail, oldest first", async () => {
    const r = await audit("discord:42", "--store", file);
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim().split("\n")).toEqual([
      "discord:42 · 2026-11-30 13:00 UTC · alert.raised · alert 1 (flag)",
      "discord:42 · 2026-11-30 13:01 UTC · alert.acknowledged · 111 · alert 1 (flag)",
      "discord:42 · 2026-11-30 13:02 UTC · remove · =HYPERLINK(1) · participant p2",
    ]);
  });

  it("exports CSV with formulas defused, and JSON, by session id", async () => {
    const csv = await audit("s0123456789", "--format", "csv", "--store", file);
    expect(csv.out.trim().split("\n")).toEqual([
      "at,room,session,action,actor,subject",
      "2026-11-30T13:00:00.000Z,discord:42,s0123456789,alert.raised,,alert 1 (flag)",
      "2026-11-30T13:01:00.000Z,discord:42,s0123456789,alert.acknowledged,111,alert 1 (flag)",
      "2026-11-30T13:02:00.000Z,discord:42,s0123456789,remove,'=HYPERLINK(1),participant p2",
    ]);
    const json = JSON.parse((await audit("matrix:!x", "--format", "json", "--store", file)).out) as unknown;
    expect(json).toEqual({
      schema: "parley.audit/1",
      entries: [
        {
          at: "2026-11-30T13:00:00.000Z",
          room: "matrix:!x",
          session: null,
          action: "export",
          actor: "operator",
          subject: null,
        },
      ],
    });
  });

  it("records `parley report` exports in the trail", async () => {
    const store = join(tmp, "report.sqlite");
    const script = join(tmp, "report.script");
    writeFileSync(script, ["/join amal north", "/start", "/end"].join("\n"));
    const quiet = { out: () => undefined, err: () => undefined, write: () => undefined };
    expect(
      await runSimulateCommand(
        ["test/fixtures/flows/good/minimal.yaml", "--script", script, "--fast", "--store", store],
        quiet,
        {},
      ),
    ).toBe(0);
    expect((await audit("console:console", "--store", store)).out).not.toContain("export");
    expect(await runReportCommand(["console:console", "--store", store], quiet, {})).toBe(0);
    const r = await audit("console:console", "--format", "csv", "--store", store);
    expect(r.out).toMatch(/console:console,s[0-9a-f]{10},export,operator,report \(md\)/);
  });

  it("refuses a missing reference or an unknown format", async () => {
    expect((await audit("--store", file)).code).toBe(2);
    const r = await audit("discord:42", "--format", "xml", "--store", file);
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown format");
  });
});
