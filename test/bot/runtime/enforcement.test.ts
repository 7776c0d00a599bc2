import { describe, expect, it } from "vitest";
import { textOf } from "../../support/recording-platform.ts";
import { consentToStrictFlow, harness } from "./harness.ts";

const amal = { userId: "amal", displayName: "Amal" };
const ben = { userId: "ben", displayName: "Ben", roles: ["role-n"] };

describe("strict turn-taking without the platform permission", () => {
  it("tells the facilitators and falls back to soft enforcement", async () => {
    const h = await harness();
    // The platform refuses to restrict the room, as Discord does without Manage Roles.
    await consentToStrictFlow(h, () => {
      h.platform.refuseKind("floor", { code: "missing_permission", message: "Missing Permissions" });
    });
    await h.settle();
    expect(h.runtime.sessions.status(h.roomKey)?.stageKind).toBe("perspective-sharing");

    const toFacilitators = h.platform.deliveries.filter((d) => d.audience.to === "facilitators");
    expect(toFacilitators.map(textOf).join("\n")).toMatch(/Strict turn-taking is unavailable/);
    expect(h.runtime.sessions.status(h.roomKey)?.enforcement).toBe("soft");

    // Soft from now on: no more floor restrictions, and an out-of-turn post gets a private reminder.
    const floorsBefore = h.platform.deliveries.filter((d) => d.kind === "floor").length;
    const before = h.platform.deliveries.length;
    await h.platform.say(amal, "May I add something?");
    await h.platform.say(ben, "May I add something?");
    await h.settle();
    const reminders = h.platform.deliveries
      .slice(before)
      .filter((d) => d.audience.to === "user")
      .map(textOf);
    expect(reminders.join("\n")).toMatch(/Please wait/);
    expect(h.platform.deliveries.filter((d) => d.kind === "floor").length).toBe(floorsBefore);
    await h.runtime.stop();
  });
});
