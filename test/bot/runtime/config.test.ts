import { describe, expect, it } from "vitest";
import { parseDuration, parseScript } from "../../../src/cli/script.ts";
import { parseConfig, roomConfig } from "../../../src/bot/config.ts";

describe("configuration", () => {
  it("applies defaults and reads rooms", () => {
    const r = parseConfig({
      rooms: { "discord:123": { facilitators: ["111"], groupRoles: { "999": "north" }, locale: "ar" } },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.store).toEqual({ kind: "sqlite", path: ".parley/parley.sqlite" });
    expect(r.value.retentionDays).toBe(30);
    expect(roomConfig(r.value, "discord:123").groupRoles).toEqual({ "999": "north" });
    expect(roomConfig(r.value, "matrix:!x").facilitators).toEqual([]);
  });

  it("names the field of every mistake", () => {
    const r = parseConfig({ retentionDays: "soon", rooms: { nocolon: {} }, extra: 1 }, "parley.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain("parley.yaml: retentionDays");
    expect(r.error.message).toContain("rooms.nocolon");
    expect(r.error.message).toMatch(/extra/);
  });

  it("keeps secrets out: a token in the file is rejected as an unknown key", () => {
    expect(parseConfig({ token: "abc" }).ok).toBe(false);
  });
});

describe("simulation scripts", () => {
  it("parses durations", () => {
    expect(parseDuration("2m")).toBe(120_000);
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration("45")).toBe(45_000);
    expect(parseDuration("soon")).toBeNull();
    expect(parseDuration("2x")).toBeNull();
  });

  it("keeps console lines and waits with their line numbers, and points at bad waits", () => {
    const ok = parseScript("# comment\n/join amal north\n\nwait 2m\namal: hello\n");
    expect(ok).toEqual({
      ok: true,
      value: [
        { kind: "console", text: "/join amal north", line: 2 },
        { kind: "wait", ms: 120_000, line: 4 },
        { kind: "console", text: "amal: hello", line: 5 },
      ],
    });
    const bad = parseScript("/next\nwait a while\n");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^line 2:/);
  });
});
