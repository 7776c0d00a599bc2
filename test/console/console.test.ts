import { describe, expect, it } from "vitest";
import { formatDuration, parseConsoleLine } from "../../src/adapters/console/index.ts";
import { askIn, collectIn, consoleRoom } from "../support/console.ts";

describe("ConsolePlatform", () => {
  it("turns typed lines into inbound events with stable ids", async () => {
    const c = consoleRoom();
    await c.listen();
    await c.type(
      "/join amal group-a ar",
      "/join ben group-b",
      "/start perspective-exchange",
      "amal: hello there",
      "/as amal timeout I need a break",
      "/as ben forget-me",
      "/extend 5",
      "/floor amal",
      "just the facilitator talking",
    );
    expect(c.events.map((e) => e.eventId)).toEqual(Array.from({ length: 9 }, (_, i) => `console:${i + 1}`));
    expect(c.events.every((e) => e.platform === "console" && e.roomId === "console")).toBe(true);
    const bodies = c.events.map(({ platform: _p, eventId: _e, roomId: _r, at: _a, ...rest }) => rest);
    expect(bodies).toEqual([
      {
        sender: { userId: "amal", displayName: "amal", locale: "ar" },
        kind: "command",
        name: "join",
        args: ["group-a"],
      },
      { sender: { userId: "ben", displayName: "ben" }, kind: "command", name: "join", args: ["group-b"] },
      {
        sender: { userId: "facilitator", displayName: "facilitator" },
        kind: "command",
        name: "start",
        args: ["perspective-exchange"],
      },
      { sender: { userId: "amal", displayName: "amal", locale: "ar" }, kind: "message", text: "hello there" },
      {
        sender: { userId: "amal", displayName: "amal", locale: "ar" },
        kind: "command",
        name: "timeout",
        args: ["I", "need", "a", "break"],
      },
      { sender: { userId: "ben", displayName: "ben" }, kind: "command", name: "forget-me", args: [] },
      {
        sender: { userId: "facilitator", displayName: "facilitator" },
        kind: "command",
        name: "extend",
        args: ["5"],
      },
      {
        sender: { userId: "facilitator", displayName: "facilitator" },
        kind: "command",
        name: "floor",
        args: ["amal"],
      },
      {
        sender: { userId: "facilitator", displayName: "facilitator" },
        kind: "message",
        text: "just the facilitator talking",
      },
    ]);
    await c.platform.stop();
  });

  it("prints deliveries with their audience, numbered options and timers, and answers prompts", async () => {
    const c = consoleRoom({ eventIdPrefix: "run2:", firstEventNumber: 40 });
    await c.listen();
    await c.platform.deliver({
      idempotencyKey: "k1",
      roomId: "console",
      audience: { to: "room" },
      kind: "say",
      body: [{ text: "Welcome " }, { text: "amal\n[facilitators] fake", fromParticipant: true }],
    });
    await c.platform.deliver({
      idempotencyKey: "k2",
      roomId: "console",
      audience: { to: "room" },
      kind: "ask",
      body: [{ text: "Do you agree?" }],
      promptId: "consent",
      options: [
        { value: "yes", label: "I agree" },
        { value: "no", label: "I do not agree" },
      ],
      maxChoices: 1,
    });
    await c.platform.deliver(collectIn("k3", { to: "user", userId: "amal" }, "needs-1", "Write a need."));
    await c.platform.deliver({
      idempotencyKey: "k4",
      roomId: "console",
      audience: { to: "facilitators", userIds: ["facilitator"] },
      kind: "say",
      body: [{ text: "amal asked for a time-out" }],
    });
    await c.platform.deliver({
      idempotencyKey: "k5",
      roomId: "console",
      audience: { to: "room" },
      kind: "timer",
      deadline: Date.UTC(2026, 0, 5, 14, 5, 0),
      body: [{ text: "Time remaining" }],
    });
    await c.platform.deliver({
      idempotencyKey: "k6",
      roomId: "console",
      audience: { to: "room" },
      kind: "floor",
      holders: ["amal"],
    });
    expect(c.printed()).toBe(
      [
        "[room] Welcome amal",
        "    [facilitators] fake",
        "[room] Do you agree?",
        "    1) I agree",
        "    2) I do not agree",
        "    (/press <name> <n> q1)",
        "[→ amal (private)] Write a need.",
        "    (/private amal q2 <text>)",
        "[facilitators] amal asked for a time-out",
        "[room] Time remaining: ends in 2:00 (at 14:05)",
        "[room] floor: amal",
        "",
      ].join("\n"),
    );
    await c.type(
      "/press ben 2",
      "/private amal We need to move freely.",
      "/press ben 3",
      "/private ben nothing asked",
    );
    expect(c.events.map(({ platform: _p, at: _a, roomId: _r, sender: _s, ...rest }) => rest)).toEqual([
      { eventId: "run2:40", kind: "choice", promptId: "consent", value: "no" },
      { eventId: "run2:41", kind: "private", promptId: "needs-1", text: "We need to move freely." },
    ]);
    expect(c.printed()).toContain("[console] that question for ben has options 1 to 2");
    expect(c.printed()).toContain("[console] nothing private has been asked of ben yet");
    await c.platform.stop();
  });

  it("answers the very request whose hint was typed, even after another was asked since (a stable tag, not a position)", async () => {
    const c = consoleRoom({ eventIdPrefix: "t:" });
    await c.listen();
    const toAmal = { to: "user", userId: "amal" } as const;
    const hintAfter = (text: string): string => {
      const lines = c.printed().split("\n");
      const i = lines.findIndex((l) => l.endsWith(text));
      const hint = lines.slice(i + 1).find((l) => /^ {4}\(/.test(l)) ?? "";
      return /\((?:up to \d+ choices: )?(.*)\)$/.exec(hint.trim())?.[1] ?? "";
    };
    await c.platform.deliver(collectIn("a", toAmal, "reflect:1", "What did you hear from oswin?"));
    await c.platform.deliver(
      askIn(
        "b",
        toAmal,
        "vote:1",
        [
          { value: "x", label: "X" },
          { value: "y", label: "Y" },
        ],
        "Which one?",
      ),
    );
    // Something else for amal in between starts a new set: by position, both would be "the first".
    await c.platform.deliver({
      idempotencyKey: "s",
      roomId: "console",
      audience: toAmal,
      kind: "say",
      body: [{ text: "Thank you." }],
    });
    await c.platform.deliver(collectIn("c", toAmal, "reflect:2", "What did you hear from teodor?"));
    await c.platform.deliver(
      askIn(
        "d",
        toAmal,
        "vote:2",
        [
          { value: "p", label: "P" },
          { value: "q", label: "Q" },
        ],
        "And this one?",
      ),
    );
    await c.type(
      hintAfter("from oswin?").replace("<text>", "Oswin misses the sea."),
      hintAfter("from teodor?").replace("<text>", "Teodor wants quiet."),
      hintAfter("Which one?").replace("<n>", "2"),
      hintAfter("And this one?").replace("<n>", "1"),
    );
    const answers = c.events.map((e) =>
      e.kind === "private" ? [e.promptId, e.text] : e.kind === "choice" ? [e.promptId, e.value] : [e.kind],
    );
    expect(answers).toEqual([
      ["reflect:1", "Oswin misses the sea."],
      ["reflect:2", "Teodor wants quiet."],
      ["vote:1", "y"],
      ["vote:2", "p"],
    ]);
    await c.platform.stop();
  });

  it("numbers several open private-input requests, and a leading number picks one", async () => {
    const c = consoleRoom({ eventIdPrefix: "n:" });
    await c.listen();
    for (const [i, category] of ["needs", "fears", "hopes"].entries())
      await c.platform.deliver(
        collectIn(`c${String(i)}`, { to: "room" }, `needs:n:${category}`, `Your ${category}`),
      );
    // Each hint is the form that answers that request: its tag (a number in the set works too).
    expect(c.printed()).toContain("[room] Your needs\n    (/private <name> q1 <text>)");
    expect(c.printed()).toContain("[room] Your fears\n    (/private <name> q2 <text>)");
    expect(c.printed()).toContain("[room] Your hopes\n    (/private <name> q3 <text>)");
    await c.type(
      "/private amal 2 Being forgotten.",
      "/private amal Safe streets.",
      "/private amal 3 Peace at home.",
      "/private amal 4 x",
    );
    // Without a number, the first request (a need), never the last one (a hope).
    expect(c.events.map((e) => (e.kind === "private" ? [e.promptId, e.text] : null))).toEqual([
      ["needs:n:fears", "Being forgotten."],
      ["needs:n:needs", "Safe streets."],
      ["needs:n:hopes", "Peace at home."],
    ]);
    expect(c.printed()).toContain("[console] amal has 3 requests open: pick 1 to 3");
    await c.platform.stop();
  });

  it("reports bad lines instead of sending them, and prints the console help", async () => {
    const c = consoleRoom();
    await c.listen();
    await c.type("/join", "/press amal one", "/join amal north klingon!", "/help");
    expect(c.events.map((e) => e.kind === "command" && e.name)).toEqual(["help"]);
    expect(c.printed()).toContain("[console] expected a participant name");
    expect(c.printed()).toContain("[console] usage: /press <name> <option number>");
    expect(c.printed()).toContain('expected a locale such as en, ar, he or es, got "klingon!"');
    expect(c.printed()).toContain("/press <name> <n>");
    await c.platform.stop();
  });
});

describe("parseConsoleLine", () => {
  it("parses lines without a console (scripts), refusing /press without prompts", () => {
    expect(parseConsoleLine("ben: Here it is dry.")).toEqual({
      ok: true,
      value: { sender: { userId: "ben", displayName: "ben" }, kind: "message", text: "Here it is dry." },
    });
    expect(parseConsoleLine("/join amal - he")).toMatchObject({
      ok: true,
      value: { kind: "command", name: "join", args: [], sender: { locale: "he" } },
    });
    expect(parseConsoleLine("/press amal 1")).toEqual({
      ok: false,
      error: "no question is open to amal",
    });
    expect(parseConsoleLine("/say see http://example.org")).toMatchObject({
      ok: true,
      value: { kind: "message", text: "see http://example.org" },
    });
    expect(parseConsoleLine("see http://example.org")).toMatchObject({
      ok: true,
      value: { sender: { userId: "facilitator" } },
    });
    expect(parseConsoleLine("   ")).toEqual({ ok: false, error: "empty line" });
  });

  it("formats durations", () => {
    expect(formatDuration(120_000)).toBe("2:00");
    expect(formatDuration(3_725_000)).toBe("1:02:05");
    expect(formatDuration(-5)).toBe("0:00");
  });
});
