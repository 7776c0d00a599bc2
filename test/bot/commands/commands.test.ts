import { describe, expect, it } from "vitest";
import {
  commandNames,
  commandUsage,
  isFacilitatorCommand,
  isFacilitatorCommandName,
  parseCommand,
  splitCommandLine,
  splitWords,
  type Command,
} from "../../../src/bot/commands.ts";

const ok = (name: string, ...args: string[]): Command => {
  const r = parseCommand(name, args);
  if (!r.ok) throw new Error(`${name} ${args.join(" ")}: ${r.error.code}`);
  return r.value;
};

describe("parseCommand", () => {
  it("parses every command", () => {
    expect(ok("start", "perspective-exchange")).toEqual({
      name: "start",
      flow: "perspective-exchange",
      mode: null,
    });
    expect(ok("start")).toEqual({ name: "start", flow: null, mode: null });
    expect(ok("start", "perspective-exchange", "strict")).toEqual({
      name: "start",
      flow: "perspective-exchange",
      mode: "strict",
    });
    expect(ok("join", "North")).toEqual({ name: "join", group: "north", locale: null });
    expect(ok("join")).toEqual({ name: "join", group: null, locale: null });
    expect(ok("join", "North", "ar")).toEqual({ name: "join", group: "north", locale: "ar" });
    expect(parseCommand("join", ["north", "not a language"]).ok).toBe(false);
    expect(ok("language", "he")).toEqual({ name: "language", locale: "he" });
    expect(ok("language")).toEqual({ name: "language", locale: null });
    expect(ok("translate", "#3", "My", "grandmother's", "garden")).toEqual({
      name: "translate",
      ref: 3,
      text: "My grandmother's garden",
    });
    expect(parseCommand("translate", ["three", "words"]).ok).toBe(false);
    expect(parseCommand("translate", ["3"]).ok).toBe(false);
    for (const name of [
      "leave",
      "pause",
      "resume",
      "back",
      "end",
      "skip",
      "status",
      "forget-me",
      "help",
    ] as const)
      expect(ok(name)).toEqual({ name });
    expect(ok("extend", "5")).toEqual({ name: "extend", minutes: 5 });
    expect(ok("floor", "amal")).toEqual({ name: "floor", participant: "amal" });
    expect(ok("remove", "@ben")).toEqual({ name: "remove", participant: "@ben" });
    expect(ok("confirm-forget", "p3")).toEqual({ name: "confirm-forget", participant: "p3" });
    expect(ok("timeout", "I", "need", "a", "break")).toEqual({ name: "timeout", reason: "I need a break" });
    expect(ok("timeout")).toEqual({ name: "timeout", reason: null });
    expect(ok("cluster", "1", "2,3", "as", "Safe", "travel")).toEqual({
      name: "cluster",
      ideaIds: ["1", "2", "3"],
      label: "Safe travel",
    });
  });

  it("parses the consent, turn and floor commands (issue 12)", () => {
    expect(ok("next")).toEqual({ name: "next", force: false });
    expect(ok("next", "--force")).toEqual({ name: "next", force: true });
    expect(ok("next", "force")).toEqual({ name: "next", force: true });
    expect(ok("hand")).toEqual({ name: "hand", raised: true });
    expect(ok("hand", "down")).toEqual({ name: "hand", raised: false });
    expect(ok("raise-hand")).toEqual({ name: "hand", raised: true });
    expect(ok("queue")).toEqual({ name: "queue", next: false });
    expect(ok("queue", "next")).toEqual({ name: "queue", next: true });
    expect(ok("reply", "amal", "Take", "your", "time")).toEqual({
      name: "reply",
      participant: "amal",
      text: "Take your time",
    });
    for (const name of ["skip", "queue", "reply"]) expect(isFacilitatorCommandName(name)).toBe(true);
    expect(isFacilitatorCommandName("hand")).toBe(false);
  });

  it("accepts case, prefixes and aliases", () => {
    expect(ok("NEXT")).toEqual({ name: "next", force: false });
    expect(ok("/pause")).toEqual({ name: "pause" });
    expect(ok("forget_me")).toEqual({ name: "forget-me" });
    expect(ok("confirm_forget", "p1")).toEqual({ name: "confirm-forget", participant: "p1" });
  });

  it("answers an unknown command with the list of commands", () => {
    const r = parseCommand("dance", []);
    expect(r).toMatchObject({
      ok: false,
      error: { code: "unknown_command", key: "command.unknown", vars: { command: "dance" } },
    });
    expect(r.ok ? null : r.error.vars["usage"]).toEqual(expect.stringContaining("extend <minutes>"));
  });

  it("answers bad arguments with the usage of that command", () => {
    const bad: [string, string[]][] = [
      ["extend", []],
      ["extend", ["forever"]],
      ["extend", ["0"]],
      ["extend", ["500"]],
      ["extend", ["1.5"]],
      ["extend", ["5", "6"]],
      ["floor", []],
      ["floor", ["a", "b"]],
      ["remove", []],
      ["confirm-forget", []],
      ["start", ["a", "b"]],
      ["join", ["a", "b"]],
      ["next", ["now"]],
      ["hand", ["sideways"]],
      ["queue", ["later"]],
      ["reply", ["amal"]],
      ["pause", ["x"]],
      ["forget-me", ["please"]],
      ["cluster", ["1", "2"]],
      ["cluster", ["as", "label"]],
      ["cluster", ["1", "as"]],
    ];
    for (const [name, args] of bad) {
      const r = parseCommand(name, args);
      expect(r, `${name} ${args.join(" ")}`).toEqual({
        ok: false,
        error: {
          code: "bad_arguments",
          key: "command.badArguments",
          vars: { command: name, usage: commandUsage[name as keyof typeof commandUsage] },
        },
      });
    }
  });

  it("knows which commands are for facilitators", () => {
    const facilitator = commandNames.filter((n) => {
      const r = parseCommand(
        n,
        n === "extend"
          ? ["1"]
          : ["floor", "remove", "confirm-forget"].includes(n)
            ? ["x"]
            : n === "cluster"
              ? ["1", "as", "x"]
              : n === "reply"
                ? ["x", "hello"]
                : [],
      );
      return r.ok && isFacilitatorCommand(r.value);
    });
    expect(facilitator.sort()).toEqual(
      [
        "back",
        "cluster",
        "confirm-forget",
        "end",
        "extend",
        "floor",
        "next",
        "pause",
        "queue",
        "remove",
        "reply",
        "report",
        "resume",
        "skip",
        "start",
      ].sort(),
    );
  });
});

describe("splitCommandLine", () => {
  it("splits prefixed lines with quotes", () => {
    expect(splitCommandLine("!parley start perspective-exchange", ["!parley"])).toEqual({
      name: "start",
      args: ["perspective-exchange"],
    });
    expect(splitCommandLine('/cluster 1 2 as "Safe travel"', ["/", "!parley"])).toEqual({
      name: "cluster",
      args: ["1", "2", "as", "Safe travel"],
    });
    expect(splitCommandLine("  !PARLEY next", ["!parley"])).toEqual({ name: "next", args: [] });
    expect(splitCommandLine("!parleyx next", ["!parley"])).toBeNull();
    expect(splitCommandLine("hello there", ["!parley", "/"])).toBeNull();
    expect(splitCommandLine("!parley", ["!parley"])).toBeNull();
  });

  it("keeps apostrophes inside words", () => {
    expect(splitWords("timeout I'm tired")).toEqual(["timeout", "I'm", "tired"]);
    expect(splitWords("as 'two words' “curly quotes” \"\"")).toEqual(["as", "two words", "curly quotes", ""]);
  });
});
