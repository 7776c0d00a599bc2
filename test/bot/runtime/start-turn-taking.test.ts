// `start <flow> soft|strict` (issue 14): a facilitator chooses the turn-taking where the flow offers
// both (`turnEnforcementChoices`); a mode the flow does not offer is refused privately, with no
// session opened; once a workshop is open its turn-taking no longer changes.
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/bot/commands.ts";
import type { Delivery } from "../../../src/bot/ports.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, strictFlow, type Harness } from "./harness.ts";

const either = fileURLToPath(new URL("./fixtures/soft-or-strict.yaml", import.meta.url));
const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };

let h: Harness | undefined;
afterEach(async () => {
  await h?.runtime.stop();
  h = undefined;
});

/** Joins two people, opens the ground rules and has both agree: the turns begin. */
async function toTheTurns(x: Harness): Promise<void> {
  await x.platform.command(amal, "join", "south");
  await x.platform.command(ben, "join");
  await x.platform.command("fac", "next");
  await x.settle();
  const consent = x.platform.lastPromptFor("amal", "ask");
  if (consent === undefined) throw new Error("no consent prompt");
  await x.platform.choose(amal, consent.promptId, "yes");
  await x.platform.choose(ben, consent.promptId, "yes");
  await x.settle();
}

const floors = (x: Harness): Delivery[] => x.platform.deliveries.filter((d) => d.kind === "floor");
const toFac = (x: Harness, from: number): string =>
  x.platform.deliveries
    .slice(from)
    .filter((d) => d.audience.to === "user" && d.audience.userId === "fac")
    .map(textOf)
    .join("\n");

describe("start with a chosen turn-taking", () => {
  it("reads `start <flow> strict`, `start strict` and refuses a third word", () => {
    expect(parseCommand("start", ["perspective-exchange", "Strict"])).toEqual({
      ok: true,
      value: { name: "start", flow: "perspective-exchange", mode: "strict" },
    });
    expect(parseCommand("start", ["soft"])).toEqual({
      ok: true,
      value: { name: "start", flow: null, mode: "soft" },
    });
    expect(parseCommand("start", ["perspective-exchange"])).toEqual({
      ok: true,
      value: { name: "start", flow: "perspective-exchange", mode: null },
    });
    expect(parseCommand("start", ["a", "b"]).ok).toBe(false);
  });

  it("runs the turns strictly when the facilitator chooses strict and the flow offers it", async () => {
    h = await harness();
    await h.platform.command("fac", "start", either, "strict");
    await toTheTurns(h);
    expect(h.runtime.sessions.status(h.roomKey)?.stageKind).toBe("perspective-sharing");
    expect(h.runtime.sessions.status(h.roomKey)?.enforcement).toBe("strict");
    const holders = floors(h).map((d) => (d.kind === "floor" ? d.holders : null));
    expect(holders.some((x) => Array.isArray(x) && x.length === 1)).toBe(true);
  });

  it("keeps the flow's own (soft) turn-taking when nothing is chosen", async () => {
    h = await harness();
    await h.platform.command("fac", "start", either);
    await toTheTurns(h);
    expect(h.runtime.sessions.status(h.roomKey)?.stageKind).toBe("perspective-sharing");
    expect(h.runtime.sessions.status(h.roomKey)?.enforcement).toBe("soft");
    expect(floors(h)).toEqual([]);
  });

  it("refuses privately a turn-taking the flow does not offer, and opens nothing", async () => {
    h = await harness();
    const from = h.platform.deliveries.length;
    await h.platform.command("fac", "start", strictFlow, "soft");
    await h.settle();
    expect(toFac(h, from)).toMatch(/runs with strict turn-taking .*only, so it cannot start with soft/);
    expect(h.runtime.sessions.status(h.roomKey)).toBeNull();
    expect(h.platform.room()).toEqual([]);
  });

  it("tells a facilitator that an open workshop's turn-taking no longer changes", async () => {
    h = await harness();
    await h.platform.command("fac", "start", either);
    await h.settle();
    const from = h.platform.deliveries.length;
    await h.platform.command("fac", "start", "strict");
    await h.settle();
    expect(toFac(h, from)).toMatch(/opened with soft turn-taking, which cannot change now/);
    // Still in the lobby: the refused start did not open the first stage either.
    expect(h.runtime.sessions.status(h.roomKey)?.stageKind ?? "lobby").toBe("lobby");
  });
});
