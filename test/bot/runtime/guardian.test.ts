// Youth rooms (issue 15): before a facilitator records that a participant's guardian consent is on
// file, nothing the participant sends counts; the record holds who confirmed it and when.
import { describe, expect, it } from "vitest";
import type { SessionMeta } from "../../../src/bot/store.ts";
import { textOf } from "../../support/recording-platform.ts";
import { harness, shortFlow, start } from "./harness.ts";

const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };

describe("guardian consent in a youth room", () => {
  it("holds a participant's input until a facilitator confirms, and records who and when", async () => {
    const h = await harness({
      config: {
        rooms: { "test:room": { facilitators: ["fac"], groupRoles: { "role-n": "north" }, youth: true } },
      },
    });
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.platform.command(ben, "join");
    await h.settle();
    const toFacilitators = h.platform.deliveries.filter((d) => d.audience.to === "facilitators").map(textOf);
    expect(toFacilitators.join("\n")).toMatch(/Amal \(p1\) has joined.*guardian p1/u);
    const toAmal = () =>
      h.platform.deliveries
        .filter((d) => d.audience.to === "user" && d.audience.userId === "amal")
        .map(textOf);
    expect(toAmal().join("\n")).toContain("guardian's consent is on file");
    // Amal writes before anyone confirmed: it does not count, and she is told why, privately.
    await h.platform.say(amal, "hello before consent");
    await h.settle();
    expect(toAmal().filter((t) => t.includes("Before you can take part"))).toHaveLength(2);

    await h.advance(60_000);
    await h.platform.command("fac", "guardian", "Amal");
    await h.settle();
    const session = await h.store.findSession(h.roomKey);
    const meta = session?.meta as SessionMeta;
    expect(meta.guardianConsent).toEqual({ p1: { by: "fac", at: start + 60_000 } });
    expect(toAmal().at(-1)).toContain("you can take part now");
    await h.platform.say(amal, "hello after consent");
    await h.settle();
    expect(toAmal().filter((t) => t.includes("Before you can take part"))).toHaveLength(2);
    // Only facilitators may record it.
    await h.platform.command(amal, "guardian", "Ben");
    await h.settle();
    expect((await h.store.findSession(h.roomKey))?.meta.guardianConsent).toEqual({
      p1: { by: "fac", at: start + 60_000 },
    });
  });

  it("asks nothing of anyone in a room without youth: true", async () => {
    const h = await harness();
    await h.platform.command("fac", "start", shortFlow);
    await h.platform.command(amal, "join", "south");
    await h.settle();
    expect(h.platform.deliveries.map(textOf).join("\n")).not.toContain("guardian");
  });
});
