// bench/profile-summary.ts: self time by category, a native frame counted with its caller, the
// store's parse/stringify lines as JSON, idle left out of the shares.
import { describe, expect, it } from "vitest";
import { categoryOf, summarise, type CpuProfile } from "../../bench/profile-summary.ts";

const store = "file:///repo/src/bot/store/sqlite.ts";
const xstate = "file:///repo/node_modules/xstate/dist/raise.cjs.js";
const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0 },
  children,
});
const profile: CpuProfile = {
  startTime: 0,
  endTime: 20_000, // 20 samples of 1 ms
  samples: Array.from({ length: 20 }, () => 1),
  nodes: [
    frame(1, "(root)", "", [2, 3, 5, 6, 7]),
    {
      ...frame(2, "writeStep", store),
      hitCount: 6,
      positionTicks: [
        { line: 2, ticks: 4 },
        { line: 3, ticks: 2 },
      ],
    },
    { ...frame(3, "microstep", xstate, [4]), hitCount: 3 },
    { ...frame(4, "RegExp: a+", ""), hitCount: 2 },
    { ...frame(5, "(garbage collector)", ""), hitCount: 4 },
    { ...frame(6, "(idle)", ""), hitCount: 5 },
    { ...frame(7, "discordRequest", "file:///repo/node_modules/@discordjs/rest/dist/index.js"), hitCount: 0 },
  ],
};
const source = (url: string) =>
  url === store
    ? "function writeStep() {\n  this.stmt(sql).run(a, JSON.stringify(b));\n  const t = JSON.stringify(x);\n}"
    : null;

describe("profile summary", () => {
  it("counts self time by category, JSON lines of the store apart, idle out of the shares", () => {
    const s = summarise(profile, source);
    expect(s.cpuMs).toBe(15);
    expect(s.idleMs).toBe(5);
    expect(Object.fromEntries(s.byCategory.map((c) => [c.category, c.ms]))).toEqual({
      "SQLite (store statements)": 4,
      "JSON parse/stringify (store rows)": 2,
      XState: 5,
      GC: 4,
    });
    expect(s.byCategory[0]).toMatchObject({ category: "XState", share: 5 / 15 });
  });

  it("files packages and Parley's own code by where they live", () => {
    const at = (url: string) => categoryOf({ functionName: "f", url, lineNumber: 0 });
    expect(at("file:///repo/node_modules/@discordjs/rest/dist/index.js")).toBe("discord.js (and ws, undici)");
    expect(at("file:///repo/node_modules/intl-messageformat/index.js")).toBe("rendering/intl");
    expect(at("file:///repo/test/support/fake-discord/server.ts")).toBe("the Discord double");
    expect(at("file:///repo/src/bot/store/memory.ts")).toBe("Parley runtime (other src)");
    expect(at("")).toBeUndefined();
  });
});
