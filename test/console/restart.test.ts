// A restarted terminal room shows again what is still open for each participant, and its
// `/press` and `/private` lines reach those questions (issue 12).
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConsolePlatform } from "../../src/adapters/console/index.ts";
import type { Delivery, InboundEvent } from "../../src/bot/ports.ts";

const room = { to: "room" } as const;
const options = [
  { value: "1", label: "1" },
  { value: "2", label: "2" },
];
const before: Delivery[] = [
  { idempotencyKey: "k1", roomId: "console", audience: room, kind: "say", body: [{ text: "A survey." }] },
  {
    idempotencyKey: "k2",
    roomId: "console",
    audience: room,
    kind: "ask",
    promptId: "survey:s:q1",
    options,
    maxChoices: 1,
    body: [{ text: "First question" }],
  },
  {
    idempotencyKey: "k3",
    roomId: "console",
    audience: room,
    kind: "ask",
    promptId: "survey:s:q2",
    options,
    maxChoices: 1,
    body: [{ text: "Second question" }],
  },
  {
    idempotencyKey: "k4",
    roomId: "console",
    audience: { to: "user", userId: "lina" },
    kind: "collect",
    promptId: "add:1",
    body: [{ text: "Anything to add?" }],
  },
];

function restarted(history: readonly Delivery[]) {
  const input = new PassThrough();
  let printed = "";
  const events: InboundEvent[] = [];
  const platform = new ConsolePlatform({
    input,
    output: { write: (s: string) => (printed += s) },
    now: () => Date.UTC(2026, 0, 5, 14, 3, 0),
    timeZone: "UTC",
    history: () => Promise.resolve(history),
  });
  const type = async (...lines: string[]) => {
    for (const l of lines) input.write(`${l}\n`);
    await new Promise((r) => setImmediate(r));
    await platform.settled();
  };
  return { platform, events, type, printed: () => printed };
}

describe("a restarted terminal room", () => {
  it("shows again each open question, with the form that answers it, and takes answers to them", async () => {
    const c = restarted(before);
    await c.platform.start((e) => {
      c.events.push(e);
      return Promise.resolve();
    });
    expect(c.printed()).toContain("[console] Still open from before the restart:");
    expect(c.printed()).toContain("[room] First question");
    // The tags the questions were first shown with (relearnt from the history, in the same order).
    expect(c.printed()).toContain("[room] Second question\n    1) 1\n    2) 2\n    (/press <name> <n> q2)");
    expect(c.printed()).toContain("[→ lina (private)] Anything to add?\n    (/private lina q3 <text>)");
    expect(c.printed()).not.toContain("A survey.");
    await c.type("/press amal 2 q2", "/private lina q3 Yes, one thing");
    expect(
      c.events.map((e) => (e.kind === "choice" ? e.promptId : e.kind === "private" ? e.promptId : e.kind)),
    ).toEqual(["survey:s:q2", "add:1"]);
    await c.platform.stop();
  });

  it("shows nothing of a workshop that has ended", async () => {
    const c = restarted([
      ...before,
      { idempotencyKey: "k5", roomId: "console", audience: room, kind: "pin", body: [{ text: "Summary" }] },
    ]);
    await c.platform.start(() => Promise.resolve());
    expect(c.printed()).toBe("");
    await c.platform.stop();
  });
});
