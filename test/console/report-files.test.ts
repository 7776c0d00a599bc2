// The terminal room's facilitator types `/report`: the files are written to the reports folder
// (one folder per report) and their paths printed; files never go to the room or a participant.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { consoleRoom, consoleWorkshop } from "../support/console.ts";

const shortFlow = fileURLToPath(new URL("../bot/runtime/fixtures/short.yaml", import.meta.url));

describe("report in the terminal room", () => {
  it("writes the files to the reports folder and prints their paths", async () => {
    const dir = mkdtempSync(join(tmpdir(), "parley-console-report-"));
    const t = consoleWorkshop({ reportsDir: dir });
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
    const t = consoleWorkshop({ reportsDir: dir });
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
    const { platform: none } = consoleRoom();
    const refused = await none.deliver({
      ...base,
      idempotencyKey: "k2",
      audience: { to: "facilitators", userIds: ["x"] },
    });
    expect(refused.ok ? "ok" : refused.error.code).toBe("unsupported");
  });
});
