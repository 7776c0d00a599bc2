// A restarted terminal room shows again what is still open for each participant, and its
// `/press` and `/private` lines reach those questions (issue 12).
import { describe, expect, it } from "vitest";
import type { Delivery } from "../../src/bot/ports.ts";
import { askIn, collectIn, consoleRoom } from "../support/console.ts";

const room = { to: "room" } as const;
const options = [
  { value: "1", label: "1" },
  { value: "2", label: "2" },
];
const before: Delivery[] = [
  { idempotencyKey: "k1", roomId: "console", audience: room, kind: "say", body: [{ text: "A survey." }] },
  askIn("k2", room, "survey:s:q1", options, "First question"),
  askIn("k3", room, "survey:s:q2", options, "Second question"),
  collectIn("k4", { to: "user", userId: "lina" }, "add:1", "Anything to add?"),
];

const restarted = (history: readonly Delivery[]) => consoleRoom({ history: () => Promise.resolve(history) });

describe("a restarted terminal room", () => {
  it("shows again each open question, with the form that answers it, and takes answers to them", async () => {
    const c = restarted(before);
    await c.listen();
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
